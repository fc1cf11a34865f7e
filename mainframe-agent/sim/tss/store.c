/*
 * store.c - the TSS security file as an LMDB environment.
 *
 * Named databases: the ACIDs; an index by type ("U" + acid) so that a
 * reconciliation enumerates 100,000 users without decoding anything
 * else; who belongs to whom (department -> ACIDs, division ->
 * departments, zone -> divisions), so DELETE can refuse an owner with
 * dependents at once; which users a profile or group is attached to;
 * and the permissions, by ACID and by resource (for WHOHAS).  Index
 * keys are "A\0B": ACIDs and class names never hold a NUL.  The
 * environment is a simdb (simdb.h).  Functions return 0, 1 for "not
 * found", or -1 when LMDB failed (logged).
 */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

#include "store.h"

static const char type_letters[TT__MAX] = {
	'U', 'P', 'G', 'D', 'V', 'Z', 'S', 'M'
};

char
tstore_type_letter(enum tss_type t)
{
	return t < TT__MAX ? type_letters[t] : '?';
}

int
tstore_open(struct tss_db *db, const struct tss_opts *o, char *err,
    size_t errlen)
{
	return simdb_open(&db->db_sd, "tss", "the TSS security file",
	    o->to_path, o->to_mapsize, o->to_nosync, err, errlen);
}

/*
 * Open the named databases inside the write transaction that also
 * initialises a new file, so two processes creating it cannot both.
 */
int
tstore_init_dbis(struct tss_db *db, MDB_txn *txn)
{
	static const struct simdb_name dbs[] = {
		{ "acids", offsetof(struct tss_db, db_acids) },
		{ "types", offsetof(struct tss_db, db_types) },
		{ "owns", offsetof(struct tss_db, db_owns) },
		{ "members", offsetof(struct tss_db, db_members) },
		{ "perms", offsetof(struct tss_db, db_perms) },
		{ "who", offsetof(struct tss_db, db_who) },
	};

	return simdb_open_dbis(&db->db_sd, txn, dbs,
	    sizeof(dbs) / sizeof(dbs[0]), db);
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
		return simdb_put(txn, dbi, key, n, NULL, 0);
	return simdb_del(txn, dbi, key, n);
}

int
tstore_get_acid(struct tss_db *db, MDB_txn *txn, const char *id,
    struct tacid *a)
{
	MDB_val v;
	int rc;

	memset(a, 0, sizeof(*a));
	if ((rc = simdb_get(txn, db->db_acids, id, strlen(id), &v)) != 0)
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
		if (simdb_put(txn, db->db_types, tkey, len, NULL, 0) == -1)
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
	return simdb_put(txn, db->db_acids, a->ta_id, strlen(a->ta_id), rec,
	    len);
}

int
tstore_del_acid(struct tss_db *db, MDB_txn *txn, const struct tacid *a)
{
	char tkey[ID_SZ + 1];
	size_t len;

	tkey[0] = tstore_type_letter(a->ta_type);
	len = (size_t)snprintf(tkey + 1, sizeof(tkey) - 1, "%s", a->ta_id) + 1;
	if (simdb_del(txn, db->db_types, tkey, len) == -1)
		return -1;
	if (a->ta_owner[0] != '\0' &&
	    tstore_idx(txn, db->db_owns, a->ta_owner, a->ta_id, 0) == -1)
		return -1;
	return simdb_del(txn, db->db_acids, a->ta_id, strlen(a->ta_id));
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
	rc = simdb_get(txn, db->db_perms, key, tstore_key(key, sizeof(key),
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
	if (simdb_put(txn, db->db_perms, key, tstore_key(key, sizeof(key),
	    p->tp_acid, p->tp_class, p->tp_res), rec, len) == -1)
		return -1;
	return simdb_put(txn, db->db_who, key, tstore_key(key, sizeof(key),
	    p->tp_class, p->tp_res, p->tp_acid), NULL, 0);
}

int
tstore_del_perm(struct tss_db *db, MDB_txn *txn, const struct tperm *p)
{
	char key[ID_SZ + CLASS_SZ + RES_SZ];

	if (simdb_del(txn, db->db_perms, key, tstore_key(key, sizeof(key),
	    p->tp_acid, p->tp_class, p->tp_res)) == -1)
		return -1;
	return simdb_del(txn, db->db_who, key, tstore_key(key, sizeof(key),
	    p->tp_class, p->tp_res, p->tp_acid));
}
