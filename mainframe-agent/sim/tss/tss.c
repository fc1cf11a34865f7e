/*
 * tss.c - the TSS simulator's entry points: open and close the security
 * file, run one command, install the installation exit.
 *
 * tss_command() lexes the line, skips a leading "TSS", finds the
 * function (ADD is ADDTO), reads the ACIDs in its parentheses and the
 * keywords after it, checks that the issuer is a defined ACID, and runs
 * the handler inside one LMDB transaction: a write transaction for the
 * functions that change the file, committed only when the handler
 * returned less than 8, else aborted, so a failing command changes
 * nothing.  The last line is always TSS0300I or TSS0301I.  Output of
 * write commands and every exit call happen after the transaction
 * ended.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "xmalloc.h"

#include "cmd.h"
#include "mainframe-agent/sim/common/pwhash.h"
#include "store.h"
#include "tss.h"

struct tss_func {
	const char	*tf_name;
	const char	*tf_alias;
	enum tfunc	 tf_func;
	int		 tf_write;
	int		 tf_acids;	/* 0 none, 1 one, 2 a list */
	int		(*tf_run)(struct tcmd *);
};

static const struct tss_func tss_funcs[] = {
	{ "CREATE", NULL, FN_CREATE, 1, 1, tfn_create },
	{ "DELETE", NULL, FN_DELETE, 1, 1, tfn_delete },
	{ "ADDTO", "ADD", FN_ADDTO, 1, 1, tfn_addto },
	{ "REMOVE", NULL, FN_REMOVE, 1, 1, tfn_remove },
	{ "REPLACE", NULL, FN_REPLACE, 1, 1, tfn_replace },
	{ "LIST", NULL, FN_LIST, 0, 2, tfn_list },
	{ "PERMIT", NULL, FN_PERMIT, 1, 1, tfn_permit },
	{ "REVOKE", NULL, FN_REVOKE, 1, 1, tfn_revoke },
	{ "WHOHAS", NULL, FN_WHOHAS, 0, 0, tfn_whohas },
};

static const struct tss_func *
tss_find_func(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(tss_funcs) / sizeof(tss_funcs[0]); i++)
		if (strcmp(tss_funcs[i].tf_name, name) == 0 ||
		    (tss_funcs[i].tf_alias != NULL &&
		    strcmp(tss_funcs[i].tf_alias, name) == 0))
			return &tss_funcs[i];
	return NULL;
}

static time_t
tss_now(const struct tss_db *db)
{
	return db->db_clock != NULL ? db->db_clock(db->db_clock_arg) :
	    time(NULL);
}

static int
tss_init_one(struct tss_db *db, MDB_txn *txn, const char *id,
    enum tss_type type, const char *name, const char *owner, time_t now)
{
	struct tacid a;

	memset(&a, 0, sizeof(a));
	snprintf(a.ta_id, sizeof(a.ta_id), "%s", id);
	snprintf(a.ta_name, sizeof(a.ta_name), "%s", name);
	snprintf(a.ta_owner, sizeof(a.ta_owner), "%s", owner);
	a.ta_type = type;
	a.ta_created = a.ta_lastmod = now;
	if (type == TT_MSCA) {
		a.ta_passdate = now;
		a.ta_interval = 30;
		a.ta_flags = TA_PWEXPIRED;
		if (pwhash_make(TSS_MSCA, db->db_kdf_iter, &a.ta_pw) == -1)
			return -1;
	}
	return tstore_put_acid(db, txn, &a, NULL);
}

/* What TSSMAINS leaves in a new security file: the MSCA and its owners. */
static int
tss_init_db(struct tss_db *db, MDB_txn *txn, time_t now)
{
	if (tss_init_one(db, txn, TSS_MSCA_DIV, TT_DIV, "MSCA DIVISION", "",
	    now) == -1 ||
	    tss_init_one(db, txn, TSS_MSCA_DEPT, TT_DEPT, "MSCA DEPARTMENT",
	    TSS_MSCA_DIV, now) == -1 ||
	    tss_init_one(db, txn, TSS_MSCA, TT_MSCA, "MASTER SECURITY",
	    TSS_MSCA_DEPT, now) == -1)
		return -1;
	return 0;
}

static int
tss_open_dbs(struct tss_db *db, char *err, size_t errlen)
{
	struct tacid a;
	MDB_txn *txn;
	int rc;

	if (simdb_begin(&db->db_sd, 0, &txn) == -1)
		goto fail;
	if (tstore_init_dbis(db, txn) == -1 ||
	    (rc = tstore_get_acid(db, txn, TSS_MSCA, &a)) == -1 ||
	    (rc == 1 && tss_init_db(db, txn, tss_now(db)) == -1)) {
		mdb_txn_abort(txn);
		goto fail;
	}
	if (rc == 0)
		tacid_free(&a);
	if (simdb_commit(txn) == 0)
		return 0;
fail:
	snprintf(err, errlen, "cannot initialise the TSS security file in %s",
	    db->db_sd.sd_path);
	return -1;
}

struct tss_db *
tss_open(const struct tss_opts *opts, char *err, size_t errlen)
{
	struct tss_db *db;

	db = xcalloc(1, sizeof(*db));
	pthread_mutex_init(&db->db_exit_lock, NULL);
	db->db_clock = opts->to_clock;
	db->db_clock_arg = opts->to_clock_arg;
	db->db_kdf_iter = opts->to_kdf_iterations;
	db->db_pthresh = opts->to_pthresh != 0 ? opts->to_pthresh : 3;
	if (tstore_open(db, opts, err, errlen) == -1 ||
	    tss_open_dbs(db, err, errlen) == -1) {
		tss_close(db);
		return NULL;
	}
	return db;
}

void
tss_close(struct tss_db *db)
{
	if (db == NULL)
		return;
	simdb_close(&db->db_sd);
	pthread_mutex_destroy(&db->db_exit_lock);
	free(db);
}

void
tss_set_exit(struct tss_db *db, esm_exit_fn fn, void *arg)
{
	pthread_mutex_lock(&db->db_exit_lock);
	db->db_exit = fn;
	db->db_exit_arg = arg;
	pthread_mutex_unlock(&db->db_exit_lock);
}

void
tss_trim(struct tss_db *db)
{
	simdb_release_map(&db->db_sd);
}

/* The ACIDs in FUNCTION(...): checked, without duplicates. */
static int
tss_acids(struct tcmd *c, const struct tss_func *f, const struct tlx_node *fn)
{
	const struct tlx_node *n;
	size_t i, count = tlex_count(fn->ln_args);

	if (f->tf_acids == 0) {
		if (fn->ln_hasargs)
			return tcmd_err(c, TSS_RC_SEVERE, "TSS0202E  %s TAKES "
			    "NO ACID", c->c_verb);
		return TSS_RC_OK;
	}
	if (count == 0)
		return tcmd_err(c, TSS_RC_SEVERE, "TSS0202E  ACID MISSING, "
		    "%s(ACID) IS REQUIRED", c->c_verb);
	if ((f->tf_acids == 1 && count > 1) || count > TCMD_MAXNAMES)
		return tcmd_err(c, TSS_RC_SEVERE, "TSS0202E  TOO MANY ACIDS "
		    "FOR %s", c->c_verb);
	for (n = fn->ln_args; n != NULL; n = n->ln_next) {
		if (n->ln_kind != TLX_WORD || n->ln_hasargs ||
		    !tcmd_is_acid(n->ln_text))
			return tcmd_err(c, TSS_RC_SEVERE, "TSS0202E  INVALID "
			    "ACID %.40s", n->ln_kind == TLX_LIST ? "(" :
			    n->ln_text);
		for (i = 0; i < c->c_nids; i++)
			if (strcmp(c->c_ids[i], n->ln_text) == 0)
				return tcmd_err(c, TSS_RC_SEVERE, "TSS0202E  "
				    "ACID %s NAMED TWICE", n->ln_text);
		snprintf(c->c_ids[c->c_nids++], ID_SZ, "%s", n->ln_text);
	}
	return TSS_RC_OK;
}

static int
tss_start(struct tcmd *c, const char *issuer)
{
	struct tacid iss;
	int rc;

	if (simdb_begin(&c->c_db->db_sd, !c->c_o.so_queue, &c->c_txn) == -1) {
		c->c_txn = NULL;
		return tcmd_db_error(c);
	}
	if (!tcmd_is_acid(issuer) || (rc = tstore_get_acid(c->c_db,
	    c->c_txn, issuer, &iss)) == 1)
		return tcmd_err(c, TSS_RC_ERROR, "TSS0214E  ACID %.8s NOT "
		    "DEFINED, %s NOT AUTHORIZED", issuer, c->c_verb);
	if (rc == -1)
		return tcmd_db_error(c);
	snprintf(c->c_issuer, sizeof(c->c_issuer), "%s", issuer);
	c->c_iss_type = iss.ta_type;
	tacid_free(&iss);
	return TSS_RC_OK;
}

static int
tss_end(struct tcmd *c, int rc, int *committed)
{
	*committed = 0;
	if (c->c_txn == NULL)
		return rc;
	if (!c->c_o.so_queue || rc >= TSS_RC_ERROR) {
		mdb_txn_abort(c->c_txn);
		c->c_txn = NULL;
		return rc;
	}
	if (simdb_commit(c->c_txn) == -1) {
		c->c_txn = NULL;
		return tcmd_db_error(c);
	}
	c->c_txn = NULL;
	*committed = 1;
	return rc;
}

/* The function node: after an optional leading "TSS". */
static const struct tlx_node *
tss_func_node(const struct tlx_node *tree)
{
	if (tree != NULL && tree->ln_kind == TLX_WORD && !tree->ln_hasargs &&
	    strcmp(tree->ln_text, "TSS") == 0)
		return tree->ln_next;
	return tree;
}

static int
tss_run(struct tcmd *c, const struct tss_func *f, const struct tlx_node *fn,
    const char *issuer, int *committed)
{
	int rc;

	if ((rc = tss_acids(c, f, fn)) == TSS_RC_OK &&
	    (rc = tss_start(c, issuer)) == TSS_RC_OK &&
	    (rc = tcmd_operands(c, fn->ln_next)) == TSS_RC_OK)
		rc = f->tf_run(c);
	return tss_end(c, rc, committed);
}

int
tss_command(struct tss_db *db, const char *issuer, const char *cmd,
    size_t len, const struct esm_out *out)
{
	const struct tss_func *f = NULL;
	const struct tlx_node *fn;
	struct tlx_node *tree = NULL;
	struct tcmd *c;
	char err[256];
	int rc, committed = 0;

	c = xcalloc(1, sizeof(*c));
	c->c_db = db;
	c->c_o.so_out = out;
	c->c_now = tss_now(db);
	c->c_verb = "TSS";
	if (tlex_parse(cmd, len, &tree, err, sizeof(err)) == -1)
		rc = tcmd_err(c, TSS_RC_SEVERE, "%s", err);
	else if ((fn = tss_func_node(tree)) == NULL ||
	    fn->ln_kind != TLX_WORD || (f = tss_find_func(fn->ln_text)) ==
	    NULL)
		rc = tcmd_err(c, TSS_RC_SEVERE, "TSS0201E  INVALID FUNCTION "
		    "%.40s", fn != NULL && fn->ln_kind == TLX_WORD ?
		    fn->ln_text : "");
	else {
		c->c_func = f->tf_func;
		c->c_verb = f->tf_name;
		c->c_o.so_queue = f->tf_write;
		rc = tss_run(c, f, fn, issuer != NULL ? issuer : "",
		    &committed);
	}
	if (rc == TSS_RC_OK)
		tcmd_line(c, "TSS0300I  %-8s FUNCTION SUCCESSFUL", c->c_verb);
	else
		tcmd_line(c, "TSS0301I  %-8s FUNCTION FAILED, RETURN CODE = "
		    "%2d", c->c_verb, rc);
	log_debug(LOG_CAT_SIM, "tss: %s by %s: rc %d", c->c_verb,
	    c->c_issuer, rc);
	tcmd_flush(c, committed);
	tcmd_clear(c);
	tlex_free(tree);
	free(c);
	return rc;
}
