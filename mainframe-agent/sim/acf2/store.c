/*
 * store.c - the ACF2 database as an LMDB environment.
 *
 * One environment (a directory) holds three named databases: logonid
 * records keyed by logonid (so a cursor walks them in LID order, as
 * LIST LIKE(-) prints them), rule sets keyed "type\0key" (access rules
 * under type "$DS"), and the GSO records.  MDB_NOTLS lets threads share
 * read transactions' slots and several processes share the
 * environment; LMDB's own lock serialises writers, which makes each
 * command atomic.  Functions return 0, 1 for "not found", or -1 when
 * LMDB failed (logged).
 */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "log.h"
#include "xmalloc.h"

#include "store.h"

#define STORE_MAPSIZE	((size_t)1 << 30)
#define STORE_GSO_PSWD	"PSWD"

static int
astore_fail(const char *what, int rc)
{
	log_warnx("acf2: LMDB %s failed: %s", what, mdb_strerror(rc));
	return -1;
}

int
astore_open(struct acf2_db *db, const struct acf2_opts *o, char *err,
    size_t errlen)
{
	unsigned int flags = MDB_NOTLS;
	int rc, dead = 0;

	if (mkdir(o->ao_path, 0700) == -1 && errno != EEXIST) {
		snprintf(err, errlen, "cannot create %s: %s", o->ao_path,
		    strerror(errno));
		return -1;
	}
	if (o->ao_nosync)
		flags |= MDB_NOSYNC | MDB_NOMETASYNC;
	if ((rc = mdb_env_create(&db->db_env)) != 0 ||
	    (rc = mdb_env_set_maxdbs(db->db_env, 8)) != 0 ||
	    (rc = mdb_env_set_mapsize(db->db_env, o->ao_mapsize != 0 ?
	    o->ao_mapsize : STORE_MAPSIZE)) != 0 ||
	    (rc = mdb_env_set_maxreaders(db->db_env, 254)) != 0 ||
	    (rc = mdb_env_open(db->db_env, o->ao_path, flags, 0600)) != 0) {
		snprintf(err, errlen, "cannot open the ACF2 database %s: %s",
		    o->ao_path, mdb_strerror(rc));
		return -1;
	}
	/* Reader slots of processes killed while reading are freed. */
	if ((rc = mdb_reader_check(db->db_env, &dead)) != 0)
		log_warnx("acf2: checking %s for stale readers failed: %s",
		    o->ao_path, mdb_strerror(rc));
	else if (dead > 0)
		log_info("acf2: released %d reader slots of processes that "
		    "died in %s", dead, o->ao_path);
	db->db_nosync = o->ao_nosync;
	db->db_path = xstrdup(o->ao_path);
	return 0;
}

/* Open the named databases inside the caller's write transaction. */
int
astore_init_dbis(struct acf2_db *db, MDB_txn *txn)
{
	int rc;

	if ((rc = mdb_dbi_open(txn, "lids", MDB_CREATE, &db->db_lids)) != 0 ||
	    (rc = mdb_dbi_open(txn, "rules", MDB_CREATE,
	    &db->db_rules)) != 0 ||
	    (rc = mdb_dbi_open(txn, "gso", MDB_CREATE, &db->db_gso)) != 0)
		return astore_fail("dbi_open", rc);
	return 0;
}

void
astore_close(struct acf2_db *db)
{
	int rc;

	if (db->db_env != NULL && db->db_nosync &&
	    (rc = mdb_env_sync(db->db_env, 1)) != 0)
		log_warnx("acf2: flushing %s to disk failed: %s", db->db_path,
		    mdb_strerror(rc));
	if (db->db_env != NULL)
		mdb_env_close(db->db_env);
	db->db_env = NULL;
	free(db->db_path);
	db->db_path = NULL;
}

int
astore_begin(struct acf2_db *db, int rdonly, MDB_txn **txn)
{
	int rc;

	rc = mdb_txn_begin(db->db_env, NULL, rdonly ? MDB_RDONLY : 0, txn);
	if (rc != 0)
		return astore_fail("txn_begin", rc);
	return 0;
}

int
astore_commit(MDB_txn *txn)
{
	int rc;

	if ((rc = mdb_txn_commit(txn)) != 0)
		return astore_fail("txn_commit", rc);
	return 0;
}

static int
astore_get(MDB_txn *txn, MDB_dbi dbi, const void *key, size_t klen,
    MDB_val *v)
{
	MDB_val k = { klen, (void *)key };
	int rc;

	if ((rc = mdb_get(txn, dbi, &k, v)) == MDB_NOTFOUND)
		return 1;
	if (rc != 0)
		return astore_fail("get", rc);
	return 0;
}

/* Store val (taking the malloc'd buffer) under key. */
static int
astore_put(MDB_txn *txn, MDB_dbi dbi, const void *key, size_t klen,
    void *val, size_t vlen)
{
	MDB_val k = { klen, (void *)key }, v = { vlen, val };
	int rc;

	rc = mdb_put(txn, dbi, &k, &v, 0);
	free(val);
	if (rc != 0)
		return astore_fail("put", rc);
	return 0;
}

static int
astore_del(MDB_txn *txn, MDB_dbi dbi, const void *key, size_t klen)
{
	MDB_val k = { klen, (void *)key };
	int rc;

	if ((rc = mdb_del(txn, dbi, &k, NULL)) == MDB_NOTFOUND)
		return 1;
	if (rc != 0)
		return astore_fail("del", rc);
	return 0;
}

int
astore_get_lid(struct acf2_db *db, MDB_txn *txn, const char *lid,
    struct lidrec *r)
{
	MDB_val v;
	int rc;

	memset(r, 0, sizeof(*r));
	if ((rc = astore_get(txn, db->db_lids, lid, strlen(lid), &v)) != 0)
		return rc;
	snprintf(r->lr_lid, sizeof(r->lr_lid), "%s", lid);
	if (arec_lid_decode(v.mv_data, v.mv_size, r) == -1) {
		log_warnx("acf2: logonid record %s is damaged", lid);
		return -1;
	}
	return 0;
}

int
astore_put_lid(struct acf2_db *db, MDB_txn *txn, const struct lidrec *r)
{
	size_t len;
	void *rec;

	rec = arec_lid_encode(r, &len);
	return astore_put(txn, db->db_lids, r->lr_lid, strlen(r->lr_lid), rec,
	    len);
}

int
astore_del_lid(struct acf2_db *db, MDB_txn *txn, const char *lid)
{
	return astore_del(txn, db->db_lids, lid, strlen(lid));
}

/* The key "type\0key" in buf. */
static size_t
astore_rule_key(char *buf, const char *type, const char *key)
{
	size_t n = strlen(type), m = strlen(key);

	memcpy(buf, type, n + 1);
	memcpy(buf + n + 1, key, m);
	return n + 1 + m;
}

int
astore_get_rule(struct acf2_db *db, MDB_txn *txn, const char *type,
    const char *key, struct ruleset *rs)
{
	char k[4 + RULE_KEY_SZ];
	MDB_val v;
	int rc;

	memset(rs, 0, sizeof(*rs));
	if ((rc = astore_get(txn, db->db_rules, k, astore_rule_key(k, type,
	    key), &v)) != 0)
		return rc;
	snprintf(rs->rs_type, sizeof(rs->rs_type), "%s", type);
	snprintf(rs->rs_key, sizeof(rs->rs_key), "%s", key);
	if (arec_rule_decode(v.mv_data, v.mv_size, rs) == -1) {
		log_warnx("acf2: rule set %s %s is damaged", type, key);
		return -1;
	}
	return 0;
}

int
astore_put_rule(struct acf2_db *db, MDB_txn *txn, const struct ruleset *rs)
{
	char k[4 + RULE_KEY_SZ];
	size_t len;
	void *rec;

	rec = arec_rule_encode(rs, &len);
	return astore_put(txn, db->db_rules, k, astore_rule_key(k, rs->rs_type,
	    rs->rs_key), rec, len);
}

int
astore_del_rule(struct acf2_db *db, MDB_txn *txn, const char *type,
    const char *key)
{
	char k[4 + RULE_KEY_SZ];

	return astore_del(txn, db->db_rules, k, astore_rule_key(k, type, key));
}

/* GSO PSWD; the defaults when it was never set. */
int
astore_get_gso(struct acf2_db *db, MDB_txn *txn, struct agso_pswd *g)
{
	MDB_val v;
	int rc;

	g->gp_maxtry = 3;
	g->gp_minpswd = 4;
	rc = astore_get(txn, db->db_gso, STORE_GSO_PSWD,
	    strlen(STORE_GSO_PSWD), &v);
	if (rc != 0)
		return rc == 1 ? 0 : -1;
	return arec_gso_decode(v.mv_data, v.mv_size, g);
}

int
astore_put_gso(struct acf2_db *db, MDB_txn *txn, const struct agso_pswd *g)
{
	size_t len;
	void *rec;

	rec = arec_gso_encode(g, &len);
	return astore_put(txn, db->db_gso, STORE_GSO_PSWD,
	    strlen(STORE_GSO_PSWD), rec, len);
}

/*
 * Call fn for each record of dbi whose key starts with the n bytes of
 * prefix (the whole database for n == 0), in key order.
 */
int
astore_scan(MDB_txn *txn, MDB_dbi dbi, const void *prefix, size_t n,
    astore_scan_fn fn, void *arg)
{
	MDB_cursor *cur;
	MDB_val k, v;
	int rc, op = MDB_SET_RANGE, ret = 0;

	if ((rc = mdb_cursor_open(txn, dbi, &cur)) != 0)
		return astore_fail("cursor_open", rc);
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
	}
	mdb_cursor_close(cur);
	if (rc != 0 && rc != MDB_NOTFOUND)
		return astore_fail("cursor_get", rc);
	return ret == -1 ? -1 : 0;
}
