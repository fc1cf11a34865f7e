/*
 * store.c - the ACF2 database as an LMDB environment.
 *
 * One environment (a directory) holds three named databases: logonid
 * records keyed by logonid (so a cursor walks them in LID order, as
 * LIST LIKE(-) prints them), rule sets keyed "type\0key" (access rules
 * under type "$DS"), and the GSO records.  The environment is a simdb
 * (simdb.h).  Functions return 0, 1 for "not found", or -1 when LMDB
 * failed (logged).
 */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

#include "store.h"

#define STORE_GSO_PSWD	"PSWD"

int
astore_open(struct acf2_db *db, const struct acf2_opts *o, char *err,
    size_t errlen)
{
	return simdb_open(&db->db_sd, "acf2", "the ACF2 database", o->ao_path,
	    o->ao_mapsize, o->ao_nosync, err, errlen);
}

/* Open the named databases inside the caller's write transaction. */
int
astore_init_dbis(struct acf2_db *db, MDB_txn *txn)
{
	static const struct simdb_name dbs[] = {
		{ "lids", offsetof(struct acf2_db, db_lids) },
		{ "rules", offsetof(struct acf2_db, db_rules) },
		{ "gso", offsetof(struct acf2_db, db_gso) },
	};

	return simdb_open_dbis(&db->db_sd, txn, dbs,
	    sizeof(dbs) / sizeof(dbs[0]), db);
}

/* Delete key: 0, 1 when there was none, -1 on failure. */
static int
astore_del(MDB_txn *txn, MDB_dbi dbi, const void *key, size_t klen)
{
	MDB_val v;
	int rc;

	if ((rc = simdb_get(txn, dbi, key, klen, &v)) != 0)
		return rc;
	return simdb_del(txn, dbi, key, klen);
}

int
astore_get_lid(struct acf2_db *db, MDB_txn *txn, const char *lid,
    struct lidrec *r)
{
	MDB_val v;
	int rc;

	memset(r, 0, sizeof(*r));
	if ((rc = simdb_get(txn, db->db_lids, lid, strlen(lid), &v)) != 0)
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
	return simdb_put(txn, db->db_lids, r->lr_lid, strlen(r->lr_lid), rec,
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
	if ((rc = simdb_get(txn, db->db_rules, k, astore_rule_key(k, type,
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
	return simdb_put(txn, db->db_rules, k, astore_rule_key(k, rs->rs_type,
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
	rc = simdb_get(txn, db->db_gso, STORE_GSO_PSWD,
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
	return simdb_put(txn, db->db_gso, STORE_GSO_PSWD,
	    strlen(STORE_GSO_PSWD), rec, len);
}
