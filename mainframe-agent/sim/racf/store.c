/*
 * store.c - the RACF database in an LMDB environment (simdb.h).
 *
 * The environment holds named databases: users, groups,
 * connections indexed both ways (user -> groups with the connection
 * record, group -> users as bare keys), who owns what (so DELUSER need
 * not scan every profile), subgroups, and the SETROPTS options.  Index
 * keys are "A\0B": ids never contain NUL, so every key of A is found
 * with one MDB_SET_RANGE and sorts before any longer id.  Functions
 * return 0, 1 for "not found", or -1 when LMDB failed (logged).
 */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

#include "store.h"

#define STORE_SETR_KEY	"SETROPTS"

/*
 * Open the environment.  racf_open() then opens the databases with
 * store_init_dbis() in the write transaction that initialises a new
 * database, so that two processes creating it at once cannot both.
 */
int
store_open(struct racf_db *db, const struct racf_opts *o, char *err,
    size_t errlen)
{
	return simdb_open(&db->db_sd, "racf", "the RACF database",
	    o->ro_path, o->ro_mapsize, o->ro_nosync, err, errlen);
}

int
store_init_dbis(struct racf_db *db, MDB_txn *txn)
{
	static const struct simdb_name dbs[] = {
		{ "users", offsetof(struct racf_db, db_users) },
		{ "groups", offsetof(struct racf_db, db_groups) },
		{ "u2g", offsetof(struct racf_db, db_u2g) },
		{ "g2u", offsetof(struct racf_db, db_g2u) },
		{ "owns", offsetof(struct racf_db, db_owns) },
		{ "subs", offsetof(struct racf_db, db_subs) },
		{ "opts", offsetof(struct racf_db, db_opts) },
	};

	return simdb_open_dbis(&db->db_sd, txn, dbs,
	    sizeof(dbs) / sizeof(dbs[0]), db);
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
		return simdb_put(txn, dbi, key, n, NULL, 0);
	return simdb_del(txn, dbi, key, n);
}

int
store_get_user(struct racf_db *db, MDB_txn *txn, const char *id,
    struct ruser *u)
{
	MDB_val v;
	int rc;

	memset(u, 0, sizeof(*u));
	if ((rc = simdb_get(txn, db->db_users, id, strlen(id), &v)) != 0)
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
	return simdb_put(txn, db->db_users, u->ru_id, strlen(u->ru_id), rec,
	    len);
}

int
store_del_user(struct racf_db *db, MDB_txn *txn, const struct ruser *u)
{
	if (store_idx(txn, db->db_owns, u->ru_owner, 'U', u->ru_id, 0) == -1)
		return -1;
	return simdb_del(txn, db->db_users, u->ru_id, strlen(u->ru_id));
}

int
store_get_group(struct racf_db *db, MDB_txn *txn, const char *id,
    struct rgroup *g)
{
	MDB_val v;
	int rc;

	memset(g, 0, sizeof(*g));
	if ((rc = simdb_get(txn, db->db_groups, id, strlen(id), &v)) != 0)
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
	return simdb_put(txn, db->db_groups, g->rg_id, strlen(g->rg_id), rec,
	    len);
}

int
store_del_group(struct racf_db *db, MDB_txn *txn, const struct rgroup *g)
{
	if (store_group_idx(db, txn, g, 0) == -1)
		return -1;
	return simdb_del(txn, db->db_groups, g->rg_id, strlen(g->rg_id));
}

int
store_get_conn(struct racf_db *db, MDB_txn *txn, const char *user,
    const char *group, struct rconn *c)
{
	char key[3 * ID_SZ];
	MDB_val v;
	int rc;

	memset(c, 0, sizeof(*c));
	rc = simdb_get(txn, db->db_u2g, key, store_pair(key, user, '\0',
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
	if (simdb_put(txn, db->db_u2g, key, store_pair(key, c->rc_user, '\0',
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
	rc = simdb_get(txn, db->db_opts, STORE_SETR_KEY,
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
	return simdb_put(txn, db->db_opts, STORE_SETR_KEY,
	    strlen(STORE_SETR_KEY), rec, len);
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
