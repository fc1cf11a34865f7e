/*
 * store.c - the RACF database as an LMDB environment.
 *
 * One environment (a directory) holds named databases: users, groups,
 * connections indexed both ways (user -> groups with the connection
 * record, group -> users as bare keys), who owns what (so DELUSER need
 * not scan every profile), subgroups, and the SETROPTS options.  Index
 * keys are "A\0B": ids never contain NUL, so every key of A is found
 * with one MDB_SET_RANGE and sorts before any longer id.  MDB_NOTLS
 * lets threads share read transactions' slots freely and several
 * processes share the environment; LMDB's own lock serialises writers,
 * which is what makes each command atomic.  Functions return 0, 1 for
 * "not found", or -1 when LMDB failed (logged).
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

#define STORE_MAPSIZE	((size_t)1 << 30)
#define STORE_SETR_KEY	"SETROPTS"

static int
store_fail(const char *what, int rc)
{
	log_warnx("racf: LMDB %s failed: %s", what, mdb_strerror(rc));
	return -1;
}

static int
store_env(struct racf_db *db, const struct racf_opts *o, char *err,
    size_t errlen)
{
	unsigned int flags = MDB_NOTLS;
	int rc, dead = 0;

	if (mkdir(o->ro_path, 0700) == -1 && errno != EEXIST) {
		snprintf(err, errlen, "cannot create %s: %s", o->ro_path,
		    strerror(errno));
		return -1;
	}
	if (o->ro_nosync)
		flags |= MDB_NOSYNC | MDB_NOMETASYNC;
	if ((rc = mdb_env_create(&db->db_env)) != 0 ||
	    (rc = mdb_env_set_maxdbs(db->db_env, 16)) != 0 ||
	    (rc = mdb_env_set_mapsize(db->db_env, o->ro_mapsize != 0 ?
	    o->ro_mapsize : STORE_MAPSIZE)) != 0 ||
	    (rc = mdb_env_set_maxreaders(db->db_env, 254)) != 0 ||
	    (rc = mdb_env_open(db->db_env, o->ro_path, flags, 0600)) != 0) {
		snprintf(err, errlen, "cannot open the RACF database %s: %s",
		    o->ro_path, mdb_strerror(rc));
		return -1;
	}
	/*
	 * A process killed while reading (an agent under SIGKILL) leaves
	 * its reader slot behind; free those so old pages can be reused.
	 */
	if ((rc = mdb_reader_check(db->db_env, &dead)) != 0)
		log_warnx("racf: checking %s for stale readers failed: %s",
		    o->ro_path, mdb_strerror(rc));
	else if (dead > 0)
		log_info("racf: released %d reader slots of processes that "
		    "died in %s", dead, o->ro_path);
	db->db_nosync = o->ro_nosync;
	(void)mdb_env_set_userctx(db->db_env, db);
	return 0;
}

/* Open the named databases inside the caller's write transaction. */
static int
store_dbis(struct racf_db *db, MDB_txn *txn)
{
	static const struct {
		const char	*name;
		size_t		 off;
	} dbs[] = {
		{ "users", offsetof(struct racf_db, db_users) },
		{ "groups", offsetof(struct racf_db, db_groups) },
		{ "u2g", offsetof(struct racf_db, db_u2g) },
		{ "g2u", offsetof(struct racf_db, db_g2u) },
		{ "owns", offsetof(struct racf_db, db_owns) },
		{ "subs", offsetof(struct racf_db, db_subs) },
		{ "opts", offsetof(struct racf_db, db_opts) },
	};
	size_t i;
	int rc;

	for (i = 0; i < sizeof(dbs) / sizeof(dbs[0]); i++) {
		rc = mdb_dbi_open(txn, dbs[i].name, MDB_CREATE,
		    (MDB_dbi *)((char *)db + dbs[i].off));
		if (rc != 0)
			return store_fail("dbi_open", rc);
	}
	return 0;
}

/*
 * Open the environment.  racf_open() then opens the databases with
 * store_init_dbis() in the write transaction that initialises a new
 * database, so that two processes creating it at once cannot both.
 */
int
store_open(struct racf_db *db, const struct racf_opts *o, char *err,
    size_t errlen)
{
	if (store_env(db, o, err, errlen) == -1)
		return -1;
	db->db_path = xstrdup(o->ro_path);
	return 0;
}

int
store_init_dbis(struct racf_db *db, MDB_txn *txn)
{
	return store_dbis(db, txn);
}

void
store_close(struct racf_db *db)
{
	int rc;

	/* A bulk load ran without fsync per command: sync once at the end. */
	if (db->db_env != NULL && db->db_nosync &&
	    (rc = mdb_env_sync(db->db_env, 1)) != 0)
		log_warnx("racf: flushing %s to disk failed: %s", db->db_path,
		    mdb_strerror(rc));
	if (db->db_env != NULL)
		mdb_env_close(db->db_env);
	db->db_env = NULL;
	free(db->db_path);
	db->db_path = NULL;
}

int
store_begin(struct racf_db *db, int rdonly, MDB_txn **txn)
{
	int rc;

	rc = mdb_txn_begin(db->db_env, NULL, rdonly ? MDB_RDONLY : 0, txn);
	if (rc != 0)
		return store_fail("txn_begin", rc);
	return 0;
}

int
store_commit(MDB_txn *txn)
{
	int rc;

	if ((rc = mdb_txn_commit(txn)) != 0)
		return store_fail("txn_commit", rc);
	return 0;
}

static int
store_get(MDB_txn *txn, MDB_dbi dbi, const char *key, size_t klen,
    MDB_val *v)
{
	MDB_val k = { klen, (void *)key };
	int rc;

	if ((rc = mdb_get(txn, dbi, &k, v)) == MDB_NOTFOUND)
		return 1;
	if (rc != 0)
		return store_fail("get", rc);
	return 0;
}

/* Store val (taking the malloc'd buffer) under key. */
static int
store_put(MDB_txn *txn, MDB_dbi dbi, const char *key, size_t klen,
    void *val, size_t vlen)
{
	MDB_val k = { klen, (void *)key }, v = { vlen, val };
	int rc;

	rc = mdb_put(txn, dbi, &k, &v, 0);
	free(val);
	if (rc != 0)
		return store_fail("put", rc);
	return 0;
}

static int
store_del(MDB_txn *txn, MDB_dbi dbi, const char *key, size_t klen)
{
	MDB_val k = { klen, (void *)key };
	int rc;

	if ((rc = mdb_del(txn, dbi, &k, NULL)) != 0 && rc != MDB_NOTFOUND)
		return store_fail("del", rc);
	return 0;
}

/* An index key "a\0b" in buf (at least 2 * ID_SZ + 1 bytes). */
static size_t
store_pair(char *buf, const char *a, char tag, const char *b)
{
	size_t n = strlen(a), m = strlen(b);

	memcpy(buf, a, n + 1);
	if (tag != '\0')
		buf[++n] = tag;
	memcpy(buf + n + 1, b, m);
	return n + 1 + m;
}

static int
store_idx(MDB_txn *txn, MDB_dbi dbi, const char *a, char tag,
    const char *b, int add)
{
	char key[3 * ID_SZ];
	size_t n = store_pair(key, a, tag, b);

	if (add)
		return store_put(txn, dbi, key, n, NULL, 0);
	return store_del(txn, dbi, key, n);
}

int
store_get_user(struct racf_db *db, MDB_txn *txn, const char *id,
    struct ruser *u)
{
	MDB_val v;
	int rc;

	memset(u, 0, sizeof(*u));
	if ((rc = store_get(txn, db->db_users, id, strlen(id), &v)) != 0)
		return rc;
	snprintf(u->ru_id, sizeof(u->ru_id), "%s", id);
	if (rec_user_decode(v.mv_data, v.mv_size, u) == -1) {
		log_warnx("racf: user record %s is damaged", id);
		return -1;
	}
	return 0;
}

/* Write u; old is its previous state (NULL for a new user). */
int
store_put_user(struct racf_db *db, MDB_txn *txn, const struct ruser *u,
    const struct ruser *old)
{
	size_t len;
	void *rec;

	if (old != NULL && strcmp(old->ru_owner, u->ru_owner) != 0 &&
	    store_idx(txn, db->db_owns, old->ru_owner, 'U', u->ru_id, 0) == -1)
		return -1;
	if ((old == NULL || strcmp(old->ru_owner, u->ru_owner) != 0) &&
	    store_idx(txn, db->db_owns, u->ru_owner, 'U', u->ru_id, 1) == -1)
		return -1;
	rec = rec_user_encode(u, &len);
	return store_put(txn, db->db_users, u->ru_id, strlen(u->ru_id), rec,
	    len);
}

int
store_del_user(struct racf_db *db, MDB_txn *txn, const struct ruser *u)
{
	if (store_idx(txn, db->db_owns, u->ru_owner, 'U', u->ru_id, 0) == -1)
		return -1;
	return store_del(txn, db->db_users, u->ru_id, strlen(u->ru_id));
}

int
store_get_group(struct racf_db *db, MDB_txn *txn, const char *id,
    struct rgroup *g)
{
	MDB_val v;
	int rc;

	memset(g, 0, sizeof(*g));
	if ((rc = store_get(txn, db->db_groups, id, strlen(id), &v)) != 0)
		return rc;
	snprintf(g->rg_id, sizeof(g->rg_id), "%s", id);
	if (rec_group_decode(v.mv_data, v.mv_size, g) == -1) {
		log_warnx("racf: group record %s is damaged", id);
		return -1;
	}
	return 0;
}

/* Keep the owner and subgroup indexes in step with a group's change. */
static int
store_group_idx(struct racf_db *db, MDB_txn *txn, const struct rgroup *g,
    int add)
{
	if (store_idx(txn, db->db_owns, g->rg_owner, 'G', g->rg_id, add) == -1)
		return -1;
	if (g->rg_supgroup[0] != '\0' && store_idx(txn, db->db_subs,
	    g->rg_supgroup, '\0', g->rg_id, add) == -1)
		return -1;
	return 0;
}

int
store_put_group(struct racf_db *db, MDB_txn *txn, const struct rgroup *g,
    const struct rgroup *old)
{
	size_t len;
	void *rec;

	if (old != NULL && store_group_idx(db, txn, old, 0) == -1)
		return -1;
	if (store_group_idx(db, txn, g, 1) == -1)
		return -1;
	rec = rec_group_encode(g, &len);
	return store_put(txn, db->db_groups, g->rg_id, strlen(g->rg_id), rec,
	    len);
}

int
store_del_group(struct racf_db *db, MDB_txn *txn, const struct rgroup *g)
{
	if (store_group_idx(db, txn, g, 0) == -1)
		return -1;
	return store_del(txn, db->db_groups, g->rg_id, strlen(g->rg_id));
}

int
store_get_conn(struct racf_db *db, MDB_txn *txn, const char *user,
    const char *group, struct rconn *c)
{
	char key[3 * ID_SZ];
	MDB_val v;
	int rc;

	memset(c, 0, sizeof(*c));
	rc = store_get(txn, db->db_u2g, key, store_pair(key, user, '\0',
	    group), &v);
	if (rc != 0)
		return rc;
	snprintf(c->rc_user, sizeof(c->rc_user), "%s", user);
	snprintf(c->rc_group, sizeof(c->rc_group), "%s", group);
	if (rec_conn_decode(v.mv_data, v.mv_size, c) == -1) {
		log_warnx("racf: connection %s/%s is damaged", user, group);
		return -1;
	}
	return 0;
}

int
store_put_conn(struct racf_db *db, MDB_txn *txn, const struct rconn *c)
{
	char key[3 * ID_SZ];
	size_t len;
	void *rec;

	rec = rec_conn_encode(c, &len);
	if (store_put(txn, db->db_u2g, key, store_pair(key, c->rc_user, '\0',
	    c->rc_group), rec, len) == -1)
		return -1;
	return store_idx(txn, db->db_g2u, c->rc_group, '\0', c->rc_user, 1);
}

int
store_del_conn(struct racf_db *db, MDB_txn *txn, const char *user,
    const char *group)
{
	if (store_idx(txn, db->db_u2g, user, '\0', group, 0) == -1)
		return -1;
	return store_idx(txn, db->db_g2u, group, '\0', user, 0);
}

/* The options; SETROPTS defaults when none were ever set. */
int
store_get_setr(struct racf_db *db, MDB_txn *txn, struct rsetr *o)
{
	MDB_val v;
	int rc;

	memset(o, 0, sizeof(*o));
	o->rs_interval = 30;
	rc = store_get(txn, db->db_opts, STORE_SETR_KEY,
	    strlen(STORE_SETR_KEY), &v);
	if (rc != 0)
		return rc;
	return rec_setr_decode(v.mv_data, v.mv_size, o);
}

int
store_put_setr(struct racf_db *db, MDB_txn *txn, const struct rsetr *o)
{
	size_t len;
	void *rec;

	rec = rec_setr_encode(o, &len);
	return store_put(txn, db->db_opts, STORE_SETR_KEY,
	    strlen(STORE_SETR_KEY), rec, len);
}

/*
 * A scan of every user faults in every page of the map, and a process
 * keeps what it touched resident.  Give the pages behind a long scan
 * back to the page cache (where they stay, shared by every process)
 * so that the agent's resident size does not grow with the database.
 * The map is read-only (no MDB_WRITEMAP: LMDB writes with pwrite), so
 * a reader in another thread that needs a page again just faults it in.
 */
#define STORE_RELEASE_EVERY	2048	/* records between releases */

/*
 * LMDB does not say where it mapped the file (me_mapaddr is only set
 * for MDB_FIXEDMAP), so find the mapping of data.mdb in /proc/self/maps.
 */
static int
store_find_map(struct racf_db *db)
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

void
store_release_map(struct racf_db *db)
{
	MDB_envinfo info;
	MDB_stat st;
	size_t used;

	if (db == NULL || (db->db_map == NULL && store_find_map(db) == -1))
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
 * prefix (the whole database for n == 0), in key order.  Returns fn's
 * -1, else 0.
 */
int
store_scan(MDB_txn *txn, MDB_dbi dbi, const void *prefix, size_t n,
    store_scan_fn fn, void *arg)
{
	MDB_cursor *cur;
	MDB_val k, v;
	size_t seen = 0;
	int rc, op = MDB_SET_RANGE, ret = 0;

	if ((rc = mdb_cursor_open(txn, dbi, &cur)) != 0)
		return store_fail("cursor_open", rc);
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
			store_release_map(mdb_env_get_userctx(
			    mdb_txn_env(txn)));
	}
	mdb_cursor_close(cur);
	if (rc != 0 && rc != MDB_NOTFOUND)
		return store_fail("cursor_get", rc);
	return ret == -1 ? -1 : 0;
}

static int
store_found_cb(void *arg, const MDB_val *k, const MDB_val *v)
{
	*(int *)arg = 1;
	return 1;
}

/* Does any key of dbi start with "a\0"? */
int
store_has_prefix(MDB_txn *txn, MDB_dbi dbi, const char *a)
{
	int found = 0;

	/* The prefix includes the NUL that ends a. */
	if (store_scan(txn, dbi, a, strlen(a) + 1, store_found_cb,
	    &found) == -1)
		return -1;
	return found;
}

/* The part after the first NUL of an index key; buf has ID_SZ + 1. */
const char *
store_key_second(const MDB_val *k, char *buf)
{
	const char *p = memchr(k->mv_data, '\0', k->mv_size);
	size_t n;

	if (p == NULL) {
		buf[0] = '\0';
		return buf;
	}
	p++;
	n = k->mv_size - (p - (const char *)k->mv_data);
	if (n >= ID_SZ + 1)
		n = ID_SZ;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return buf;
}
