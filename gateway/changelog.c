/*
 * changelog.c - the changelog store on LMDB (changelog.h).
 *
 * One environment (the configured directory) with five databases:
 *
 *	records	change number (8 bytes, big-endian, so that LMDB's byte
 *		order is number order) -> the record (changelog_rec.c)
 *	dedupe	agent, NUL, sequence (8 bytes) -> change number; one per
 *		record, dropped with it when it is trimmed
 *	agents	agent -> the highest sequence stored for it.  An agent
 *		sends its events in order, so a sequence at or below it
 *		whose dedupe key is gone is a redelivery of a record
 *		trimmed since: it is a duplicate too, never a new record
 *	meta	"next" number to give, "salt" of the sealing key, "check"
 *		(an empty string sealed under number 0, which no record
 *		uses: it proves the key file is the database's), and
 *		"trimmed", the count of records ever trimmed
 *	states	targetDN -> the entry's last state (an add's LDIF), so
 *		that a modify records only what changed since; one per
 *		entry that exists, whatever the trimming, forgotten
 *		when the entry is deleted
 *
 * Every write is one transaction, committed with fsync (the environment
 * is never opened MDB_NOSYNC): an append has reached the disk when
 * changelog_append() returns.  A batch of appends is one transaction
 * and one sync: a disk that syncs in milliseconds takes thousands of
 * events a second only that way.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>
#include <sys/stat.h>
#include <time.h>

#include <lmdb.h>
#include <openssl/rand.h>

#include "crypt.h"
#include "link.h"
#include "log.h"
#include "xmalloc.h"
#include "gateway/changelog.h"

#define CHANGELOG_MAXDBS	5
#define CHANGELOG_DEDUPE_KEY	(LINK_MAX_IDENTITY + 1 + 8)

struct changelog_sub {
	changelog_notify_fn		*cs_fn;
	void				*cs_arg;
	int				 cs_dead;	/* unsubscribed while
							   notifying */
	TAILQ_ENTRY(changelog_sub)	 cs_entry;
};

struct changelog {
	char			*cl_dir;	/* owned */
	MDB_env			*cl_env;	/* owned */
	MDB_dbi			 cl_records;
	MDB_dbi			 cl_dedupe;
	MDB_dbi			 cl_agents;
	MDB_dbi			 cl_meta;
	MDB_dbi			 cl_states;
	struct changelog_key	 cl_key;	/* zeroed at close */
	int			 cl_have_key;
	uint64_t		 cl_max_entries;
	uint64_t		 cl_max_age;
	uint64_t		 cl_first;	/* oldest record; 0: none */
	uint64_t		 cl_next;	/* the next number to give */
	uint64_t		 cl_count;
	struct changelog_stats	 cl_stats;
	TAILQ_HEAD(, changelog_sub) cl_subs;	/* owned */
	int			 cl_notifying;
};

/* ---- small helpers ------------------------------------------------- */

static void
changelog_put64(unsigned char *p, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (56 - 8 * i));
}

static uint64_t
changelog_get64(const void *v)
{
	const unsigned char *p = v;
	uint64_t n = 0;
	int i;

	for (i = 0; i < 8; i++)
		n = n << 8 | p[i];
	return n;
}

static int
changelog_fail(char *err, size_t errlen, const struct changelog *cl,
    const char *what, int rc)
{
	snprintf(err, errlen, "changelog %s: %s failed: %s", cl->cl_dir, what,
	    mdb_strerror(rc));
	return -1;
}

static int
changelog_begin(struct changelog *cl, int rdonly, MDB_txn **txn,
    char *err, size_t errlen)
{
	int rc;

	if ((rc = mdb_txn_begin(cl->cl_env, NULL, rdonly ? MDB_RDONLY : 0,
	    txn)) != 0)
		return changelog_fail(err, errlen, cl, "beginning a "
		    "transaction", rc);
	return 0;
}

static int
changelog_commit(struct changelog *cl, MDB_txn *txn, char *err,
    size_t errlen)
{
	int rc;

	if ((rc = mdb_txn_commit(txn)) != 0)
		return changelog_fail(err, errlen, cl, "committing", rc);
	return 0;
}

static int
changelog_meta_get(struct changelog *cl, MDB_txn *txn, const char *name,
    MDB_val *v)
{
	MDB_val k = { strlen(name), (void *)name };

	return mdb_get(txn, cl->cl_meta, &k, v);
}

static int
changelog_meta_put(struct changelog *cl, MDB_txn *txn, const char *name,
    const void *p, size_t len)
{
	MDB_val k = { strlen(name), (void *)name }, v = { len, (void *)p };

	return mdb_put(txn, cl->cl_meta, &k, &v, 0);
}

static int
changelog_meta_put64(struct changelog *cl, MDB_txn *txn, const char *name,
    uint64_t n)
{
	unsigned char b[8];

	changelog_put64(b, n);
	return changelog_meta_put(cl, txn, name, b, sizeof(b));
}

/* A number kept in meta; absent is 0.  MDB code. */
static int
changelog_meta_get64(struct changelog *cl, MDB_txn *txn, const char *name,
    uint64_t *n)
{
	MDB_val v;
	int rc;

	*n = 0;
	if ((rc = changelog_meta_get(cl, txn, name, &v)) == MDB_NOTFOUND)
		return 0;
	if (rc == 0 && v.mv_size != 8)
		return MDB_CORRUPTED;
	if (rc == 0)
		*n = changelog_get64(v.mv_data);
	return rc;
}

/* ---- opening ------------------------------------------------------- */

static int
changelog_env_open(struct changelog *cl, size_t mapsize, char *err,
    size_t errlen)
{
	int rc, dead = 0;

	if (mkdir(cl->cl_dir, 0700) == -1 && errno != EEXIST) {
		snprintf(err, errlen, "cannot create the changelog directory "
		    "%s: %s", cl->cl_dir, strerror(errno));
		return -1;
	}
	if ((rc = mdb_env_create(&cl->cl_env)) != 0 ||
	    (rc = mdb_env_set_maxdbs(cl->cl_env, CHANGELOG_MAXDBS)) != 0 ||
	    (rc = mdb_env_set_mapsize(cl->cl_env, mapsize)) != 0 ||
	    (rc = mdb_env_open(cl->cl_env, cl->cl_dir, MDB_NOTLS,
	    0600)) != 0)
		return changelog_fail(err, errlen, cl, "opening LMDB", rc);
	/* A gateway killed while reading leaves its reader slot behind. */
	if ((rc = mdb_reader_check(cl->cl_env, &dead)) != 0)
		log_warnx("changelog %s: checking for stale readers failed: %s",
		    cl->cl_dir, mdb_strerror(rc));
	return 0;
}

static int
changelog_dbis_open(struct changelog *cl, MDB_txn *txn)
{
	int rc;

	if ((rc = mdb_dbi_open(txn, "records", MDB_CREATE,
	    &cl->cl_records)) != 0 ||
	    (rc = mdb_dbi_open(txn, "dedupe", MDB_CREATE,
	    &cl->cl_dedupe)) != 0 ||
	    (rc = mdb_dbi_open(txn, "agents", MDB_CREATE,
	    &cl->cl_agents)) != 0 ||
	    (rc = mdb_dbi_open(txn, "meta", MDB_CREATE, &cl->cl_meta)) != 0 ||
	    (rc = mdb_dbi_open(txn, "states", MDB_CREATE,
	    &cl->cl_states)) != 0)
		return rc;
	return 0;
}

/* A new database: its salt, and numbers from 1. */
static int
changelog_meta_init(struct changelog *cl, MDB_txn *txn, char *err,
    size_t errlen)
{
	unsigned char salt[CHANGELOG_SALT_LEN];
	int rc;

	if (RAND_bytes(salt, sizeof(salt)) != 1) {
		snprintf(err, errlen, "changelog %s: no random bytes for its "
		    "sealing salt", cl->cl_dir);
		return -1;
	}
	if ((rc = changelog_meta_put(cl, txn, "salt", salt,
	    sizeof(salt))) != 0 ||
	    (rc = changelog_meta_put64(cl, txn, "next", 1)) != 0)
		return changelog_fail(err, errlen, cl, "creating", rc);
	return 0;
}

/*
 * Derive the sealing key and check it against the database's (or leave
 * the proof for the next opening, the first time a key is given).
 */
static int
changelog_key_open(struct changelog *cl, MDB_txn *txn,
    const struct link_key *lk, char *err, size_t errlen)
{
	unsigned char check[CRYPT_TAG_LEN], none[1];
	MDB_val salt, v;
	int rc;

	if ((rc = changelog_meta_get(cl, txn, "salt", &salt)) != 0 ||
	    salt.mv_size != CHANGELOG_SALT_LEN)
		return changelog_fail(err, errlen, cl, "reading its salt",
		    rc != 0 ? rc : MDB_CORRUPTED);
	if (changelog_key_derive(lk, salt.mv_data, &cl->cl_key) == -1) {
		snprintf(err, errlen, "changelog %s: cannot derive the key "
		    "that seals passwords", cl->cl_dir);
		return -1;
	}
	cl->cl_have_key = 1;
	rc = changelog_meta_get(cl, txn, "check", &v);
	if (rc == MDB_NOTFOUND) {
		if (changelog_seal(&cl->cl_key, 0, "", none, 0, check) == -1) {
			snprintf(err, errlen, "changelog %s: cannot seal its "
			    "key check", cl->cl_dir);
			return -1;
		}
		if ((rc = changelog_meta_put(cl, txn, "check", check,
		    sizeof(check))) != 0)
			return changelog_fail(err, errlen, cl, "storing its "
			    "key check", rc);
		return 0;
	}
	if (rc != 0)
		return changelog_fail(err, errlen, cl, "reading its key check",
		    rc);
	if (changelog_unseal(&cl->cl_key, 0, "", v.mv_data, v.mv_size,
	    none) == -1) {
		snprintf(err, errlen, "changelog %s was created with another "
		    "key file: its passwords cannot be opened with this one",
		    cl->cl_dir);
		return -1;
	}
	return 0;
}

/* The first number and the count, from the records themselves. */
static int
changelog_bounds(struct changelog *cl, MDB_txn *txn)
{
	MDB_cursor *cur;
	MDB_stat st;
	MDB_val k, v;
	int rc;

	if ((rc = mdb_stat(txn, cl->cl_records, &st)) != 0 ||
	    (rc = mdb_cursor_open(txn, cl->cl_records, &cur)) != 0)
		return rc;
	cl->cl_count = st.ms_entries;
	rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST);
	mdb_cursor_close(cur);
	if (rc == MDB_NOTFOUND) {
		cl->cl_first = 0;
		return 0;
	}
	if (rc == 0 && k.mv_size != 8)
		rc = MDB_CORRUPTED;
	if (rc == 0)
		cl->cl_first = changelog_get64(k.mv_data);
	return rc;
}

static int
changelog_setup(struct changelog *cl, const struct link_key *lk, char *err,
    size_t errlen)
{
	MDB_txn *txn;
	MDB_val v;
	int rc;

	if (changelog_begin(cl, 0, &txn, err, errlen) == -1)
		return -1;
	if ((rc = changelog_dbis_open(cl, txn)) != 0) {
		mdb_txn_abort(txn);
		return changelog_fail(err, errlen, cl, "opening its databases",
		    rc);
	}
	if ((rc = changelog_meta_get(cl, txn, "salt", &v)) != 0 &&
	    rc != MDB_NOTFOUND) {
		mdb_txn_abort(txn);
		return changelog_fail(err, errlen, cl, "reading its salt", rc);
	}
	if ((rc == MDB_NOTFOUND && changelog_meta_init(cl, txn, err,
	    errlen) == -1) || (lk != NULL && changelog_key_open(cl, txn, lk,
	    err, errlen) == -1)) {
		mdb_txn_abort(txn);
		return -1;
	}
	if ((rc = changelog_meta_get64(cl, txn, "next", &cl->cl_next)) != 0 ||
	    (rc = changelog_meta_get64(cl, txn, "trimmed",
	    &cl->cl_stats.cs_trimmed)) != 0 ||
	    (rc = changelog_bounds(cl, txn)) != 0 || cl->cl_next == 0) {
		mdb_txn_abort(txn);
		return changelog_fail(err, errlen, cl, "reading its counters",
		    rc != 0 ? rc : MDB_CORRUPTED);
	}
	return changelog_commit(cl, txn, err, errlen);
}

static int
changelog_trim_all(struct changelog *cl, char *err, size_t errlen)
{
	size_t n, total = 0;
	int more;

	do {
		if (changelog_trim(cl, time(NULL), CHANGELOG_TRIM_BATCH, &n,
		    &more, err, errlen) == -1)
			return -1;
		total += n;
	} while (more);
	if (total > 0)
		log_info("changelog %s: trimmed %zu entries at start, %llu "
		    "left (from change %llu)", cl->cl_dir, total,
		    (unsigned long long)cl->cl_count,
		    (unsigned long long)changelog_first(cl));
	return 0;
}

struct changelog *
changelog_open(const struct changelog_opts *o, char *err, size_t errlen)
{
	struct changelog *cl;

	cl = xcalloc(1, sizeof(*cl));
	TAILQ_INIT(&cl->cl_subs);
	cl->cl_dir = xstrdup(o->co_dir);
	cl->cl_max_entries = o->co_max_entries;
	cl->cl_max_age = o->co_max_age;
	if (changelog_env_open(cl, o->co_mapsize != 0 ? o->co_mapsize :
	    CHANGELOG_MAPSIZE, err, errlen) == -1 ||
	    changelog_setup(cl, o->co_key, err, errlen) == -1 ||
	    changelog_trim_all(cl, err, errlen) == -1) {
		changelog_close(cl);
		return NULL;
	}
	return cl;
}

void
changelog_close(struct changelog *cl)
{
	struct changelog_sub *sub;

	if (cl == NULL)
		return;
	while ((sub = TAILQ_FIRST(&cl->cl_subs)) != NULL) {
		TAILQ_REMOVE(&cl->cl_subs, sub, cs_entry);
		free(sub);
	}
	if (cl->cl_env != NULL)
		mdb_env_close(cl->cl_env);
	changelog_key_clear(&cl->cl_key);
	free(cl->cl_dir);
	free(cl);
}

const char *
changelog_dir(const struct changelog *cl)
{
	return cl->cl_dir;
}

/* ---- appending ----------------------------------------------------- */

static size_t
changelog_dedupe_key(const struct changelog_rec *rec,
    unsigned char key[CHANGELOG_DEDUPE_KEY])
{
	size_t n = strlen(rec->cr_agent) + 1;

	memcpy(key, rec->cr_agent, n);
	changelog_put64(key + n, rec->cr_seq);
	return n + 8;
}

/*
 * Is (agent, seq) known?  1 with *number (0: the record was trimmed),
 * 0 when it is new, -1 with the LMDB code in *mdb_rc.
 */
static int
changelog_find_duplicate(struct changelog *cl, MDB_txn *txn,
    const struct changelog_rec *rec, uint64_t *number, int *mdb_rc)
{
	unsigned char key[CHANGELOG_DEDUPE_KEY];
	MDB_val k, v;
	int rc;

	k.mv_data = key;
	k.mv_size = changelog_dedupe_key(rec, key);
	if ((rc = mdb_get(txn, cl->cl_dedupe, &k, &v)) == 0) {
		*number = v.mv_size == 8 ? changelog_get64(v.mv_data) : 0;
		return 1;
	}
	if (rc == MDB_NOTFOUND) {
		k.mv_data = (void *)rec->cr_agent;
		k.mv_size = strlen(rec->cr_agent);
		rc = mdb_get(txn, cl->cl_agents, &k, &v);
	}
	if (rc == 0 && v.mv_size == 8 &&
	    rec->cr_seq <= changelog_get64(v.mv_data)) {
		*number = 0;
		return 1;
	}
	*mdb_rc = rc;
	return rc == 0 || rc == MDB_NOTFOUND ? 0 : -1;
}

/* The record under its number, with its password sealed. */
static int
changelog_put_record(struct changelog *cl, MDB_txn *txn,
    const struct changelog_rec *rec, char *err, size_t errlen)
{
	struct changelog_rec stored;
	unsigned char nkey[8], *sealed = NULL, *buf;
	size_t sealedlen = 0, len;
	MDB_val k = { sizeof(nkey), nkey }, v;
	int rc;

	if (rec->cr_password.bv_val != NULL) {
		sealedlen = rec->cr_password.bv_len + CRYPT_TAG_LEN;
		sealed = xmalloc(sealedlen);
		if (changelog_seal(&cl->cl_key, rec->cr_number, rec->cr_target,
		    rec->cr_password.bv_val, rec->cr_password.bv_len,
		    sealed) == -1) {
			free(sealed);
			snprintf(err, errlen, "changelog %s: cannot seal the "
			    "password of change %llu", cl->cl_dir,
			    (unsigned long long)rec->cr_number);
			return -1;
		}
	}
	stored = *rec;
	if (rec->cr_diff != NULL)
		stored.cr_changes = rec->cr_diff;
	rc = changelog_rec_encode(&stored, sealed, sealedlen, &buf, &len);
	free(sealed);
	if (rc == -1) {
		snprintf(err, errlen, "changelog %s: cannot encode change %llu",
		    cl->cl_dir, (unsigned long long)rec->cr_number);
		return -1;
	}
	changelog_put64(nkey, rec->cr_number);
	v.mv_size = len;
	v.mv_data = buf;
	rc = mdb_put(txn, cl->cl_records, &k, &v, MDB_APPEND);
	free(buf);
	if (rc != 0)
		return changelog_fail(err, errlen, cl, rc == MDB_MAP_FULL ?
		    "storing a change (the map is full: lower max-entries or "
		    "max-age)" : "storing a change", rc);
	return 0;
}

/* The dedupe key, the agent's high-water mark and the next number. */
static int
changelog_put_keys(struct changelog *cl, MDB_txn *txn,
    const struct changelog_rec *rec)
{
	unsigned char key[CHANGELOG_DEDUPE_KEY], num[8], seq[8];
	MDB_val k, v = { sizeof(num), num }, old;
	int rc;

	k.mv_data = key;
	k.mv_size = changelog_dedupe_key(rec, key);
	changelog_put64(num, rec->cr_number);
	if ((rc = mdb_put(txn, cl->cl_dedupe, &k, &v, MDB_NOOVERWRITE)) != 0)
		return rc;
	k.mv_data = (void *)rec->cr_agent;
	k.mv_size = strlen(rec->cr_agent);
	rc = mdb_get(txn, cl->cl_agents, &k, &old);
	if (rc == MDB_NOTFOUND || (rc == 0 && (old.mv_size != 8 ||
	    changelog_get64(old.mv_data) < rec->cr_seq))) {
		changelog_put64(seq, rec->cr_seq);
		v.mv_data = seq;
		if ((rc = mdb_put(txn, cl->cl_agents, &k, &v, 0)) != 0)
			return rc;
	} else if (rc != 0)
		return rc;
	return changelog_meta_put64(cl, txn, "next", rec->cr_number + 1);
}

static void
changelog_notify(struct changelog *cl, const struct changelog_rec *rec)
{
	struct changelog_rec told = *rec;
	struct changelog_sub *sub, *next;

	if (rec->cr_diff != NULL)
		told.cr_changes = rec->cr_diff;
	/* Subscribers read a password back if they may see it. */
	told.cr_has_password = rec->cr_password.bv_val != NULL;
	told.cr_password.bv_val = NULL;
	told.cr_password.bv_len = 0;
	cl->cl_notifying++;
	TAILQ_FOREACH(sub, &cl->cl_subs, cs_entry)
		if (!sub->cs_dead)
			sub->cs_fn(sub->cs_arg, &told);
	if (--cl->cl_notifying > 0)
		return;
	for (sub = TAILQ_FIRST(&cl->cl_subs); sub != NULL; sub = next) {
		next = TAILQ_NEXT(sub, cs_entry);
		if (sub->cs_dead) {
			TAILQ_REMOVE(&cl->cl_subs, sub, cs_entry);
			free(sub);
		}
	}
}

static void
changelog_duplicate(struct changelog *cl, const struct changelog_rec *rec)
{
	uint64_t number = rec->cr_number;

	cl->cl_stats.cs_duplicates++;
	log_info("changelog %s: event %llu of agent %s is already stored "
	    "%s%llu: not stored again", cl->cl_dir,
	    (unsigned long long)rec->cr_seq, rec->cr_agent,
	    number != 0 ? "as change " : "and trimmed since, it was below "
	    "change ", (unsigned long long)(number != 0 ? number :
	    changelog_first(cl)));
}

/* What append refuses before it writes anything. */
static int
changelog_append_check(struct changelog *cl, const struct changelog_rec *rec,
    char *err, size_t errlen)
{
	if (changelog_rec_check(rec, err, errlen) == -1)
		return -1;
	if (rec->cr_password.bv_val != NULL && !cl->cl_have_key) {
		snprintf(err, errlen, "changelog %s has no key file to seal "
		    "a password with", cl->cl_dir);
		return -1;
	}
	return 0;
}

/*
 * Keep the entry's state after rec, and make a modify's changes what
 * differs from the state before it (rec->cr_diff).  A delete forgets the
 * state, and so does a record that brings none (the entry was gone when
 * read, or too large to keep): the state kept would be stale, and a
 * later diff against it would hide changes.  A target too long for an
 * LMDB key keeps none.
 */
static int
changelog_put_state(struct changelog *cl, MDB_txn *txn,
    struct changelog_rec *rec)
{
	MDB_val k, v;
	int rc, had;

	k.mv_data = (void *)rec->cr_target;
	k.mv_size = strlen(rec->cr_target);
	if (k.mv_size == 0 ||
	    k.mv_size > (size_t)mdb_env_get_maxkeysize(cl->cl_env))
		return 0;
	if (rec->cr_type == CHANGELOG_DELETE || rec->cr_state == NULL) {
		rc = mdb_del(txn, cl->cl_states, &k, NULL);
		return rc == MDB_NOTFOUND ? 0 : rc;
	}
	if ((rc = mdb_get(txn, cl->cl_states, &k, &v)) != 0 &&
	    rc != MDB_NOTFOUND)
		return rc;
	had = rc == 0;
	/* The stored state is NUL-terminated: see below. */
	if (had && rec->cr_type == CHANGELOG_MODIFY && v.mv_size > 0 &&
	    ((const char *)v.mv_data)[v.mv_size - 1] == '\0') {
		rec->cr_diff = changelog_ldif_diff(v.mv_data, rec->cr_state);
		if (rec->cr_diff[0] == '\0')
			return 0;	/* the same state: nothing to write */
		if (strlen(rec->cr_diff) > CHANGELOG_CHANGES_MAX) {
			free(rec->cr_diff);	/* the full changes, then */
			rec->cr_diff = NULL;
		}
	}
	v.mv_data = (void *)rec->cr_state;
	v.mv_size = strlen(rec->cr_state) + 1;
	return mdb_put(txn, cl->cl_states, &k, &v, 0);
}

/*
 * rec into the transaction under number, unless (agent, seq) is known
 * (stored before, or earlier in this transaction): *added says which.
 */
static int
changelog_put(struct changelog *cl, MDB_txn *txn, struct changelog_rec *rec,
    uint64_t number, enum changelog_added *added, char *err, size_t errlen)
{
	uint64_t known = 0;
	int rc;

	switch (changelog_find_duplicate(cl, txn, rec, &known, &rc)) {
	case 1:
		rec->cr_number = known;
		*added = CHANGELOG_DUPLICATE;
		return 0;
	case -1:
		return changelog_fail(err, errlen, cl, "looking up a "
		    "duplicate", rc);
	}
	rec->cr_number = number;
	if (rec->cr_stored == 0)
		rec->cr_stored = (int64_t)time(NULL);
	if ((rc = changelog_put_state(cl, txn, rec)) != 0)
		return changelog_fail(err, errlen, cl, rc == MDB_MAP_FULL ?
		    "storing the state of an entry (the map is full)" :
		    "storing the state of an entry", rc);
	if (changelog_put_record(cl, txn, rec, err, errlen) == -1)
		return -1;
	if ((rc = changelog_put_keys(cl, txn, rec)) != 0)
		return changelog_fail(err, errlen, cl, "storing its keys", rc);
	*added = CHANGELOG_NEW;
	return 0;
}

/* Committed: the numbers are given, the subscribers told in order. */
static void
changelog_published(struct changelog *cl, struct changelog_rec *const *recs,
    size_t n, const enum changelog_added *added)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (added[i] != CHANGELOG_NEW) {
			changelog_duplicate(cl, recs[i]);
			continue;
		}
		cl->cl_next++;
		cl->cl_count++;
		if (cl->cl_first == 0)
			cl->cl_first = recs[i]->cr_number;
		cl->cl_stats.cs_appended++;
	}
	for (i = 0; i < n; i++)
		if (added[i] == CHANGELOG_NEW)
			changelog_notify(cl, recs[i]);
}

int
changelog_append_batch(struct changelog *cl,
    struct changelog_rec *const *recs, size_t n, enum changelog_added *added,
    char *err, size_t errlen)
{
	MDB_txn *txn;
	uint64_t next = cl->cl_next;
	size_t i;

	for (i = 0; i < n; i++)
		if (changelog_append_check(cl, recs[i], err, errlen) == -1)
			return -1;
	if (changelog_begin(cl, 0, &txn, err, errlen) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if (changelog_put(cl, txn, recs[i], next, &added[i], err,
		    errlen) == -1)
			break;
		if (added[i] == CHANGELOG_NEW)
			next++;
	}
	if (i < n)
		mdb_txn_abort(txn);
	else if (next == cl->cl_next)
		mdb_txn_abort(txn);	/* duplicates alone: nothing to sync */
	/* The commit frees the transaction, whatever its outcome. */
	else if (changelog_commit(cl, txn, err, errlen) == -1)
		i = 0;
	if (i < n) {
		for (i = 0; i < n; i++) {
			recs[i]->cr_number = 0;
			free(recs[i]->cr_diff);	/* against states not kept */
			recs[i]->cr_diff = NULL;
		}
		return -1;
	}
	changelog_published(cl, recs, n, added);
	return 0;
}

int
changelog_append(struct changelog *cl, struct changelog_rec *rec,
    enum changelog_added *added, char *err, size_t errlen)
{
	return changelog_append_batch(cl, &rec, 1, added, err, errlen);
}

/* ---- reading ------------------------------------------------------- */

static int
changelog_unseal_into(struct changelog *cl, struct changelog_rec *rec,
    char *err, size_t errlen)
{
	const unsigned char *sealed;
	unsigned char *pw;
	size_t len;

	if ((sealed = changelog_rec_sealed(rec, &len)) == NULL)
		return 0;
	if (!cl->cl_have_key || len < CRYPT_TAG_LEN) {
		snprintf(err, errlen, "changelog %s: the password of change "
		    "%llu cannot be opened without the key file", cl->cl_dir,
		    (unsigned long long)rec->cr_number);
		return -1;
	}
	pw = changelog_rec_password_buf(rec, len - CRYPT_TAG_LEN);
	if (changelog_unseal(&cl->cl_key, rec->cr_number, rec->cr_target,
	    sealed, len, pw) == -1) {
		snprintf(err, errlen, "changelog %s: the password of change "
		    "%llu does not open: the record was altered",
		    cl->cl_dir, (unsigned long long)rec->cr_number);
		return -1;
	}
	pw[len - CRYPT_TAG_LEN] = '\0';
	rec->cr_password.bv_val = (char *)pw;
	rec->cr_password.bv_len = len - CRYPT_TAG_LEN;
	return 0;
}

/* The record at number (MDB_SET) or the first from it (MDB_SET_RANGE). */
static int
changelog_fetch(struct changelog *cl, uint64_t number, MDB_cursor_op op,
    int flags, struct changelog_rec *rec, char *err, size_t errlen)
{
	unsigned char nkey[8];
	MDB_txn *txn;
	MDB_cursor *cur;
	MDB_val k = { sizeof(nkey), nkey }, v;
	const char *why = NULL;
	int rc;

	memset(rec, 0, sizeof(*rec));
	changelog_put64(nkey, number);
	if (changelog_begin(cl, 1, &txn, err, errlen) == -1)
		return -1;
	if ((rc = mdb_cursor_open(txn, cl->cl_records, &cur)) == 0) {
		rc = mdb_cursor_get(cur, &k, &v, op);
		mdb_cursor_close(cur);
	}
	if (rc == 0 && (k.mv_size != 8 || changelog_rec_decode(v.mv_data,
	    v.mv_size, rec, &why) == -1 ||
	    rec->cr_number != changelog_get64(k.mv_data)))
		rc = MDB_CORRUPTED;
	mdb_txn_abort(txn);
	if (rc == MDB_NOTFOUND)
		return 1;
	if (rc != 0) {
		changelog_rec_clear(rec);
		snprintf(err, errlen, "changelog %s: reading change %llu "
		    "failed: %s", cl->cl_dir, (unsigned long long)number,
		    why != NULL ? why : mdb_strerror(rc));
		return -1;
	}
	if ((flags & CHANGELOG_UNSEAL) &&
	    changelog_unseal_into(cl, rec, err, errlen) == -1) {
		changelog_rec_clear(rec);
		return -1;
	}
	return 0;
}

int
changelog_read(struct changelog *cl, uint64_t number, int flags,
    struct changelog_rec *rec, char *err, size_t errlen)
{
	return changelog_fetch(cl, number, MDB_SET, flags, rec, err, errlen);
}

int
changelog_next(struct changelog *cl, uint64_t from, int flags,
    struct changelog_rec *rec, char *err, size_t errlen)
{
	return changelog_fetch(cl, from, MDB_SET_RANGE, flags, rec, err,
	    errlen);
}

uint64_t
changelog_first(const struct changelog *cl)
{
	return cl->cl_first != 0 ? cl->cl_first : cl->cl_next;
}

uint64_t
changelog_last(const struct changelog *cl)
{
	return cl->cl_next - 1;
}

uint64_t
changelog_count(const struct changelog *cl)
{
	return cl->cl_count;
}

uint64_t
changelog_states(struct changelog *cl)
{
	MDB_txn *txn;
	MDB_stat st;
	char err[256];
	uint64_t n = 0;

	if (changelog_begin(cl, 1, &txn, err, sizeof(err)) == -1)
		return 0;
	if (mdb_stat(txn, cl->cl_states, &st) == 0)
		n = st.ms_entries;
	mdb_txn_abort(txn);
	return n;
}

const struct changelog_stats *
changelog_stats(const struct changelog *cl)
{
	return &cl->cl_stats;
}

/* ---- trimming ------------------------------------------------------ */

/* Is the oldest record, of n already trimmed in this run, beyond? */
static int
changelog_is_beyond(const struct changelog *cl, uint64_t n,
    const struct changelog_rec *oldest, time_t now)
{
	if (cl->cl_max_entries != 0 && cl->cl_count - n > cl->cl_max_entries)
		return 1;
	return cl->cl_max_age != 0 &&
	    (uint64_t)oldest->cr_stored + cl->cl_max_age < (uint64_t)now;
}

/* Drop the oldest record (the cursor is on it) and its dedupe key. */
static int
changelog_drop(struct changelog *cl, MDB_txn *txn, MDB_cursor *cur,
    const struct changelog_rec *rec)
{
	unsigned char key[CHANGELOG_DEDUPE_KEY];
	MDB_val k;
	int rc;

	k.mv_data = key;
	k.mv_size = changelog_dedupe_key(rec, key);
	if ((rc = mdb_del(txn, cl->cl_dedupe, &k, NULL)) != 0 &&
	    rc != MDB_NOTFOUND)
		return rc;
	return mdb_cursor_del(cur, 0);
}

/*
 * Up to batch records; *n dropped, *first the oldest left (0: none),
 * *more when it is beyond the limits too.
 */
static int
changelog_trim_txn(struct changelog *cl, MDB_txn *txn, time_t now,
    size_t batch, size_t *n, uint64_t *first, int *more, const char **why)
{
	struct changelog_rec rec;
	MDB_cursor *cur;
	MDB_val k, v;
	int rc;

	*first = 0;
	if ((rc = mdb_cursor_open(txn, cl->cl_records, &cur)) != 0)
		return rc;
	while ((rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST)) == 0) {
		if (changelog_rec_decode(v.mv_data, v.mv_size, &rec,
		    why) == -1) {
			rc = MDB_CORRUPTED;
			break;
		}
		if (*n == batch || !changelog_is_beyond(cl, *n, &rec, now)) {
			*first = rec.cr_number;
			*more = *n == batch && changelog_is_beyond(cl, *n, &rec,
			    now);
			changelog_rec_clear(&rec);
			break;
		}
		rc = changelog_drop(cl, txn, cur, &rec);
		changelog_rec_clear(&rec);
		if (rc != 0)
			break;
		(*n)++;
	}
	mdb_cursor_close(cur);
	return rc == MDB_NOTFOUND ? 0 : rc;
}

int
changelog_trim(struct changelog *cl, time_t now, size_t batch,
    size_t *trimmed, int *more, char *err, size_t errlen)
{
	MDB_txn *txn;
	uint64_t first;
	const char *why = NULL;
	size_t n = 0;
	int rc;

	*trimmed = 0;
	*more = 0;
	if (cl->cl_count == 0 || (cl->cl_max_entries == 0 &&
	    cl->cl_max_age == 0))
		return 0;
	if (changelog_begin(cl, 0, &txn, err, errlen) == -1)
		return -1;
	if ((rc = changelog_trim_txn(cl, txn, now, batch, &n, &first, more,
	    &why)) != 0 || (n > 0 && (rc = changelog_meta_put64(cl, txn,
	    "trimmed", cl->cl_stats.cs_trimmed + n)) != 0)) {
		mdb_txn_abort(txn);
		*more = 0;
		if (why != NULL) {
			snprintf(err, errlen, "changelog %s: trimming failed: "
			    "the oldest record is damaged: %s", cl->cl_dir,
			    why);
			return -1;
		}
		return changelog_fail(err, errlen, cl, "trimming", rc);
	}
	if (changelog_commit(cl, txn, err, errlen) == -1)
		return -1;
	cl->cl_count -= n;
	cl->cl_first = first;
	cl->cl_stats.cs_trimmed += n;
	cl->cl_stats.cs_trim_runs++;
	*trimmed = n;
	return 0;
}

/* ---- subscribers --------------------------------------------------- */

struct changelog_sub *
changelog_subscribe(struct changelog *cl, changelog_notify_fn *fn,
    void *arg)
{
	struct changelog_sub *sub;

	sub = xcalloc(1, sizeof(*sub));
	sub->cs_fn = fn;
	sub->cs_arg = arg;
	TAILQ_INSERT_TAIL(&cl->cl_subs, sub, cs_entry);
	return sub;
}

void
changelog_unsubscribe(struct changelog *cl, struct changelog_sub *sub)
{
	if (sub == NULL)
		return;
	if (cl->cl_notifying > 0) {
		sub->cs_dead = 1;	/* freed once the notification ends */
		return;
	}
	TAILQ_REMOVE(&cl->cl_subs, sub, cs_entry);
	free(sub);
}
