/*
 * store.c - the TSS security file as an LMDB environment.
 *
 * Named databases: the ACIDs; an index by type ("U" + acid) so that a
 * reconciliation enumerates 100,000 users without decoding anything
 * else; who belongs to whom (department -> ACIDs, division ->
 * departments, zone -> divisions), so DELETE can refuse an owner with
 * dependents at once; which users a profile or group is attached to;
 * and the permissions, by ACID and by resource (for WHOHAS).  Index
 * keys are "A\0B": ACIDs and class names never hold a NUL.  MDB_NOTLS
 * lets threads and processes share the environment; LMDB's writer lock
 * makes each command atomic.  Functions return 0, 1 for "not found",
 * or -1 when LMDB failed (logged).
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "log.h"
#include "xmalloc.h"

#include "store.h"

#define STORE_MAPSIZE		((size_t)1 << 30)
#define STORE_RELEASE_EVERY	2048	/* records between releases */

static const char type_letters[TT__MAX] = {
	'U', 'P', 'G', 'D', 'V', 'Z', 'S', 'M'
};

static int
tstore_fail(const char *what, int rc)
{
	log_warnx("tss: LMDB %s failed: %s", what, mdb_strerror(rc));
	return -1;
}

char
tstore_type_letter(enum tss_type t)
{
	return t < TT__MAX ? type_letters[t] : '?';
}

int
tstore_open(struct tss_db *db, const struct tss_opts *o, char *err,
    size_t errlen)
{
	unsigned int flags = MDB_NOTLS;
	int rc, dead = 0;

	if (mkdir(o->to_path, 0700) == -1 && errno != EEXIST) {
		snprintf(err, errlen, "cannot create %s: %s", o->to_path,
		    strerror(errno));
		return -1;
	}
	if (o->to_nosync)
		flags |= MDB_NOSYNC | MDB_NOMETASYNC;
	if ((rc = mdb_env_create(&db->db_env)) != 0 ||
	    (rc = mdb_env_set_maxdbs(db->db_env, 16)) != 0 ||
	    (rc = mdb_env_set_mapsize(db->db_env, o->to_mapsize != 0 ?
	    o->to_mapsize : STORE_MAPSIZE)) != 0 ||
	    (rc = mdb_env_set_maxreaders(db->db_env, 254)) != 0 ||
	    (rc = mdb_env_open(db->db_env, o->to_path, flags, 0600)) != 0) {
		snprintf(err, errlen, "cannot open the TSS security file %s: "
		    "%s", o->to_path, mdb_strerror(rc));
		return -1;
	}
	/* Free the reader slots of processes killed while reading. */
	if ((rc = mdb_reader_check(db->db_env, &dead)) != 0)
		log_warnx("tss: checking %s for stale readers failed: %s",
		    o->to_path, mdb_strerror(rc));
	else if (dead > 0)
		log_info("tss: released %d reader slots of processes that "
		    "died in %s", dead, o->to_path);
	db->db_nosync = o->to_nosync;
	(void)mdb_env_set_userctx(db->db_env, db);
	db->db_path = xstrdup(o->to_path);
	return 0;
}

/*
 * Open the named databases inside the write transaction that also
 * initialises a new file, so two processes creating it cannot both.
 */
int
tstore_init_dbis(struct tss_db *db, MDB_txn *txn)
{
	static const struct {
		const char	*name;
		size_t		 off;
	} dbs[] = {
		{ "acids", offsetof(struct tss_db, db_acids) },
		{ "types", offsetof(struct tss_db, db_types) },
		{ "owns", offsetof(struct tss_db, db_owns) },
		{ "members", offsetof(struct tss_db, db_members) },
		{ "perms", offsetof(struct tss_db, db_perms) },
		{ "who", offsetof(struct tss_db, db_who) },
	};
	size_t i;
	int rc;

	for (i = 0; i < sizeof(dbs) / sizeof(dbs[0]); i++) {
		rc = mdb_dbi_open(txn, dbs[i].name, MDB_CREATE,
		    (MDB_dbi *)((char *)db + dbs[i].off));
		if (rc != 0)
			return tstore_fail("dbi_open", rc);
	}
	return 0;
}

void
tstore_close(struct tss_db *db)
{
	int rc;

	if (db->db_env != NULL && db->db_nosync &&
	    (rc = mdb_env_sync(db->db_env, 1)) != 0)
		log_warnx("tss: flushing %s to disk failed: %s", db->db_path,
		    mdb_strerror(rc));
	if (db->db_env != NULL)
		mdb_env_close(db->db_env);
	db->db_env = NULL;
	free(db->db_path);
	db->db_path = NULL;
}

int
tstore_begin(struct tss_db *db, int rdonly, MDB_txn **txn)
{
	int rc;

	rc = mdb_txn_begin(db->db_env, NULL, rdonly ? MDB_RDONLY : 0, txn);
	if (rc != 0)
		return tstore_fail("txn_begin", rc);
	return 0;
}

int
tstore_commit(MDB_txn *txn)
{
	int rc;

	if ((rc = mdb_txn_commit(txn)) != 0)
		return tstore_fail("txn_commit", rc);
	return 0;
}

static int
tstore_get(MDB_txn *txn, MDB_dbi dbi, const char *key, size_t klen,
    MDB_val *v)
{
	MDB_val k = { klen, (void *)key };
	int rc;

	if ((rc = mdb_get(txn, dbi, &k, v)) == MDB_NOTFOUND)
		return 1;
	if (rc != 0)
		return tstore_fail("get", rc);
	return 0;
}

/* Store val (taking the malloc'd buffer) under key. */
static int
tstore_put(MDB_txn *txn, MDB_dbi dbi, const char *key, size_t klen,
    void *val, size_t vlen)
{
	MDB_val k = { klen, (void *)key }, v = { vlen, val };
	int rc;

	rc = mdb_put(txn, dbi, &k, &v, 0);
	free(val);
	if (rc != 0)
		return tstore_fail("put", rc);
	return 0;
}

static int
tstore_del(MDB_txn *txn, MDB_dbi dbi, const char *key, size_t klen)
{
	MDB_val k = { klen, (void *)key };
	int rc;

	if ((rc = mdb_del(txn, dbi, &k, NULL)) != 0 && rc != MDB_NOTFOUND)
		return tstore_fail("del", rc);
	return 0;
}

/* "a\0b\0c" (c may be NULL) into buf; returns the length. */
static size_t
tstore_key(char *buf, size_t sz, const char *a, const char *b, const char *c)
{
	size_t n;

	n = (size_t)snprintf(buf, sz, "%s", a) + 1;
	n += (size_t)snprintf(buf + n, sz - n, "%s", b);
	if (c != NULL) {
		n++;
		n += (size_t)snprintf(buf + n, sz - n, "%s", c);
	}
	return n;
}

static int
tstore_idx(MDB_txn *txn, MDB_dbi dbi, const char *a, const char *b, int add)
{
	char key[3 * ID_SZ];
	size_t n = tstore_key(key, sizeof(key), a, b, NULL);

	if (add)
		return tstore_put(txn, dbi, key, n, NULL, 0);
	return tstore_del(txn, dbi, key, n);
}

int
tstore_get_acid(struct tss_db *db, MDB_txn *txn, const char *id,
    struct tacid *a)
{
	MDB_val v;
	int rc;

	memset(a, 0, sizeof(*a));
	if ((rc = tstore_get(txn, db->db_acids, id, strlen(id), &v)) != 0)
		return rc;
	snprintf(a->ta_id, sizeof(a->ta_id), "%s", id);
	if (trec_acid_decode(v.mv_data, v.mv_size, a) == -1) {
		log_warnx("tss: ACID record %s is damaged", id);
		return -1;
	}
	return 0;
}

/* Write a; old is its previous state (NULL for a new ACID). */
int
tstore_put_acid(struct tss_db *db, MDB_txn *txn, const struct tacid *a,
    const struct tacid *old)
{
	char tkey[ID_SZ + 1];
	size_t len;
	void *rec;

	if (old == NULL) {
		tkey[0] = tstore_type_letter(a->ta_type);
		len = (size_t)snprintf(tkey + 1, sizeof(tkey) - 1, "%s",
		    a->ta_id) + 1;
		if (tstore_put(txn, db->db_types, tkey, len, NULL, 0) == -1)
			return -1;
	}
	if (old != NULL && strcmp(old->ta_owner, a->ta_owner) != 0 &&
	    old->ta_owner[0] != '\0' &&
	    tstore_idx(txn, db->db_owns, old->ta_owner, a->ta_id, 0) == -1)
		return -1;
	if ((old == NULL || strcmp(old->ta_owner, a->ta_owner) != 0) &&
	    a->ta_owner[0] != '\0' &&
	    tstore_idx(txn, db->db_owns, a->ta_owner, a->ta_id, 1) == -1)
		return -1;
	rec = trec_acid_encode(a, &len);
	return tstore_put(txn, db->db_acids, a->ta_id, strlen(a->ta_id), rec,
	    len);
}

int
tstore_del_acid(struct tss_db *db, MDB_txn *txn, const struct tacid *a)
{
	char tkey[ID_SZ + 1];
	size_t len;

	tkey[0] = tstore_type_letter(a->ta_type);
	len = (size_t)snprintf(tkey + 1, sizeof(tkey) - 1, "%s", a->ta_id) + 1;
	if (tstore_del(txn, db->db_types, tkey, len) == -1)
		return -1;
	if (a->ta_owner[0] != '\0' &&
	    tstore_idx(txn, db->db_owns, a->ta_owner, a->ta_id, 0) == -1)
		return -1;
	return tstore_del(txn, db->db_acids, a->ta_id, strlen(a->ta_id));
}

/* Attach (add 1) or detach user from a profile or group. */
int
tstore_member(struct tss_db *db, MDB_txn *txn, const char *prof,
    const char *user, int add)
{
	return tstore_idx(txn, db->db_members, prof, user, add);
}

int
tstore_get_perm(struct tss_db *db, MDB_txn *txn, const char *acid,
    const char *class, const char *res, struct tperm *p)
{
	char key[ID_SZ + CLASS_SZ + RES_SZ];
	MDB_val v;
	int rc;

	memset(p, 0, sizeof(*p));
	rc = tstore_get(txn, db->db_perms, key, tstore_key(key, sizeof(key),
	    acid, class, res), &v);
	if (rc != 0)
		return rc;
	snprintf(p->tp_acid, sizeof(p->tp_acid), "%s", acid);
	snprintf(p->tp_class, sizeof(p->tp_class), "%s", class);
	snprintf(p->tp_res, sizeof(p->tp_res), "%s", res);
	if (trec_perm_decode(v.mv_data, v.mv_size, p) == -1) {
		log_warnx("tss: permission %s/%s is damaged", acid, class);
		return -1;
	}
	return 0;
}

int
tstore_put_perm(struct tss_db *db, MDB_txn *txn, const struct tperm *p)
{
	char key[ID_SZ + CLASS_SZ + RES_SZ];
	size_t len;
	void *rec;

	rec = trec_perm_encode(p, &len);
	if (tstore_put(txn, db->db_perms, key, tstore_key(key, sizeof(key),
	    p->tp_acid, p->tp_class, p->tp_res), rec, len) == -1)
		return -1;
	return tstore_put(txn, db->db_who, key, tstore_key(key, sizeof(key),
	    p->tp_class, p->tp_res, p->tp_acid), NULL, 0);
}

int
tstore_del_perm(struct tss_db *db, MDB_txn *txn, const struct tperm *p)
{
	char key[ID_SZ + CLASS_SZ + RES_SZ];

	if (tstore_del(txn, db->db_perms, key, tstore_key(key, sizeof(key),
	    p->tp_acid, p->tp_class, p->tp_res)) == -1)
		return -1;
	return tstore_del(txn, db->db_who, key, tstore_key(key, sizeof(key),
	    p->tp_class, p->tp_res, p->tp_acid));
}

/* Where LMDB mapped data.mdb, from /proc/self/maps. */
static int
tstore_find_map(struct tss_db *db)
{
	char want[PATH_MAX + 16], real[PATH_MAX], line[PATH_MAX + 128];
	char path[PATH_MAX + 1];
	unsigned long start, end;
	FILE *fp;

	if (realpath(db->db_path, real) == NULL)
		return -1;
	snprintf(want, sizeof(want), "%s/data.mdb", real);
	if ((fp = fopen("/proc/self/maps", "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), fp) != NULL) {
		if (sscanf(line, "%lx-%lx %*s %*s %*s %*s %4096s", &start, &end,
		    path) == 3 && strcmp(path, want) == 0) {
			db->db_map = (void *)start;
			db->db_maplen = end - start;
			break;
		}
	}
	fclose(fp);
	return db->db_map != NULL ? 0 : -1;
}

/*
 * Give the pages a long scan faulted in back to the page cache, so the
 * agent's resident size does not grow to the size of the file.
 */
void
tstore_release_map(struct tss_db *db)
{
	MDB_envinfo info;
	MDB_stat st;
	size_t used;

	if (db == NULL || (db->db_map == NULL && tstore_find_map(db) == -1))
		return;
	if (mdb_env_info(db->db_env, &info) != 0 ||
	    mdb_env_stat(db->db_env, &st) != 0)
		return;
	used = (info.me_last_pgno + 1) * (size_t)st.ms_psize;
	(void)madvise(db->db_map, used < db->db_maplen ? used : db->db_maplen,
	    MADV_DONTNEED);
}

/*
 * Call fn for each record of dbi whose key starts with the n bytes of
 * prefix (all of them for n == 0), in key order.  Returns fn's -1,
 * else 0.
 */
int
tstore_scan(MDB_txn *txn, MDB_dbi dbi, const void *prefix, size_t n,
    tstore_scan_fn fn, void *arg)
{
	MDB_cursor *cur;
	MDB_val k, v;
	size_t seen = 0;
	int rc, op = MDB_SET_RANGE, ret = 0;

	if ((rc = mdb_cursor_open(txn, dbi, &cur)) != 0)
		return tstore_fail("cursor_open", rc);
	k.mv_size = n;
	k.mv_data = (void *)prefix;
	if (n == 0)
		op = MDB_FIRST;
	for (;;) {
		if ((rc = mdb_cursor_get(cur, &k, &v, op)) != 0)
			break;
		op = MDB_NEXT;
		if (k.mv_size < n || memcmp(k.mv_data, prefix, n) != 0)
			break;
		if ((ret = fn(arg, &k, &v)) != 0)
			break;
		if (++seen % STORE_RELEASE_EVERY == 0)
			tstore_release_map(mdb_env_get_userctx(
			    mdb_txn_env(txn)));
	}
	mdb_cursor_close(cur);
	if (rc != 0 && rc != MDB_NOTFOUND)
		return tstore_fail("cursor_get", rc);
	return ret == -1 ? -1 : 0;
}

static int
tstore_found_cb(void *arg, const MDB_val *k, const MDB_val *v)
{
	*(int *)arg = 1;
	return 1;
}

/* Does any key of dbi start with "a\0"? */
int
tstore_has_prefix(MDB_txn *txn, MDB_dbi dbi, const char *a)
{
	int found = 0;

	if (tstore_scan(txn, dbi, a, strlen(a) + 1, tstore_found_cb,
	    &found) == -1)
		return -1;
	return found;
}
