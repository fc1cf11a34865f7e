/*
 * racf.c - the RACF simulator's entry points: open and close the
 * database, run one command, install the exits.
 *
 * racf_command() lexes the line, finds the command by name or alias,
 * checks that the issuer is a defined user, and runs the handler inside
 * one LMDB transaction: a write transaction for commands that change
 * the database, committed only when the handler returned less than 8,
 * else aborted, so a failing command changes nothing.  Output of write
 * commands and every exit call happen after the transaction ended.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "log.h"
#include "xmalloc.h"

#include "cmd.h"
#include "mainframe-agent/sim/common/pwhash.h"
#include "racf.h"
#include "rules.h"
#include "store.h"

struct racf_verb {
	const char	*rv_name;
	const char	*rv_alias;
	int		 rv_write;
	int		(*rv_run)(struct rcmd *, const struct lx_node *);
};

static const struct racf_verb racf_verbs[] = {
	{ "ADDUSER", "AU", 1, user_add },
	{ "ALTUSER", "ALU", 1, user_alter },
	{ "DELUSER", "DU", 1, user_delete },
	{ "LISTUSER", "LU", 0, list_user_cmd },
	{ "SEARCH", "SR", 0, search_cmd },
	{ "ADDGROUP", "AG", 1, group_add },
	{ "ALTGROUP", "ALG", 1, group_alter },
	{ "DELGROUP", "DG", 1, group_delete },
	{ "LISTGRP", "LG", 0, list_group_cmd },
	{ "CONNECT", "CO", 1, connect_cmd },
	{ "REMOVE", "RE", 1, remove_cmd },
	{ "PASSWORD", "PW", 1, password_cmd },
	{ "PHRASE", NULL, 1, password_cmd },
	{ "SETROPTS", "SETR", 1, setropts_cmd },
};

static const struct racf_verb *
racf_find_verb(const char *verb, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(racf_verbs) / sizeof(racf_verbs[0]); i++) {
		if ((strlen(racf_verbs[i].rv_name) == len &&
		    strncasecmp(racf_verbs[i].rv_name, verb, len) == 0) ||
		    (racf_verbs[i].rv_alias != NULL &&
		    strlen(racf_verbs[i].rv_alias) == len &&
		    strncasecmp(racf_verbs[i].rv_alias, verb, len) == 0))
			return &racf_verbs[i];
	}
	return NULL;
}

int
racf_is_command(const char *verb, size_t len)
{
	return racf_find_verb(verb, len) != NULL;
}

static time_t
racf_now(const struct racf_db *db)
{
	return db->db_clock != NULL ? db->db_clock(db->db_clock_arg) :
	    time(NULL);
}

/* What IRRMIN00 leaves in a new database: SYS1 and IBMUSER. */
static int
racf_init_db(struct racf_db *db, MDB_txn *txn, time_t now)
{
	struct rgroup g;
	struct ruser u;
	struct rconn cn;

	memset(&g, 0, sizeof(g));
	strcpy(g.rg_id, "SYS1");
	strcpy(g.rg_owner, "IBMUSER");
	g.rg_created = now;
	memset(&u, 0, sizeof(u));
	strcpy(u.ru_id, "IBMUSER");
	strcpy(u.ru_owner, "IBMUSER");
	strcpy(u.ru_dfltgrp, "SYS1");
	u.ru_flags = RU_SPECIAL | RU_OPERATIONS | RU_PWEXPIRED;
	u.ru_created = u.ru_passdate = now;
	u.ru_interval = 30;
	memset(&cn, 0, sizeof(cn));
	strcpy(cn.rc_user, "IBMUSER");
	strcpy(cn.rc_group, "SYS1");
	strcpy(cn.rc_owner, "IBMUSER");
	strcpy(cn.rc_uacc, "NONE");
	cn.rc_auth = AUTH_JOIN;
	cn.rc_created = now;
	if (pwhash_make("SYS1", db->db_kdf_iter, &u.ru_pw) == -1 ||
	    store_put_group(db, txn, &g, NULL) == -1 ||
	    store_put_user(db, txn, &u, NULL) == -1 ||
	    store_put_conn(db, txn, &cn) == -1)
		return -1;
	return 0;
}

/*
 * Open the databases and, in the same write transaction, initialise a
 * new database: LMDB serialises writers across processes, so of two
 * processes opening a brand-new database only the first initialises.
 */
static int
racf_open_dbs(struct racf_db *db, char *err, size_t errlen)
{
	MDB_txn *txn;
	struct rgroup g;
	int rc;

	if (simdb_begin(&db->db_sd, 0, &txn) == -1)
		goto fail;
	if (store_init_dbis(db, txn) == -1 ||
	    (rc = store_get_group(db, txn, "SYS1", &g)) == -1 ||
	    (rc == 1 && racf_init_db(db, txn, racf_now(db)) == -1)) {
		mdb_txn_abort(txn);
		goto fail;
	}
	if (simdb_commit(txn) == 0)
		return 0;
fail:
	snprintf(err, errlen, "cannot initialise the RACF database in %s",
	    db->db_sd.sd_path);
	return -1;
}

struct racf_db *
racf_open(const struct racf_opts *opts, char *err, size_t errlen)
{
	struct racf_db *db;

	db = xcalloc(1, sizeof(*db));
	pthread_mutex_init(&db->db_exit_lock, NULL);
	db->db_clock = opts->ro_clock;
	db->db_clock_arg = opts->ro_clock_arg;
	db->db_kdf_iter = opts->ro_kdf_iterations;
	if (store_open(db, opts, err, errlen) == -1 ||
	    racf_open_dbs(db, err, errlen) == -1) {
		racf_close(db);
		return NULL;
	}
	return db;
}

void
racf_close(struct racf_db *db)
{
	if (db == NULL)
		return;
	simdb_close(&db->db_sd);
	pthread_mutex_destroy(&db->db_exit_lock);
	free(db);
}

void
racf_set_exit(struct racf_db *db, esm_exit_fn fn, void *arg)
{
	pthread_mutex_lock(&db->db_exit_lock);
	db->db_exit = fn;
	db->db_exit_arg = arg;
	pthread_mutex_unlock(&db->db_exit_lock);
}

/* Start c's transaction and load the options and the issuer. */
static int
racf_start(struct rcmd *c, const char *issuer)
{
	struct ruser iss;
	int rc;

	if (simdb_begin(&c->c_db->db_sd, !c->c_o.so_queue, &c->c_txn) == -1)
		return cmd_err(c, RACF_RC_SEVERE, "IRR52021I THE RACF "
		    "DATABASE CANNOT BE ACCESSED");
	if (store_get_setr(c->c_db, c->c_txn, &c->c_setr) == -1)
		return cmd_err(c, RACF_RC_SEVERE, "IRR52021I THE RACF "
		    "DATABASE CANNOT BE ACCESSED");
	if (!rules_is_id(issuer) || (rc = store_get_user(c->c_db, c->c_txn,
	    issuer, &iss)) == 1)
		return cmd_err(c, RACF_RC_ERROR, "ICH408I USER(%.8s) NOT "
		    "DEFINED TO RACF, %s NOT AUTHORIZED", issuer, c->c_verb);
	if (rc == -1)
		return cmd_err(c, RACF_RC_SEVERE, "IRR52021I THE RACF "
		    "DATABASE CANNOT BE ACCESSED");
	snprintf(c->c_issuer, sizeof(c->c_issuer), "%s", issuer);
	snprintf(c->c_iss_group, sizeof(c->c_iss_group), "%s",
	    iss.ru_dfltgrp);
	c->c_iss_flags = iss.ru_flags;
	ruser_free(&iss);
	return RACF_RC_OK;
}

/* End the transaction: commit a write below 8, else abort. */
static int
racf_end(struct rcmd *c, int rc, int *committed)
{
	*committed = 0;
	if (c->c_txn == NULL)
		return rc;
	if (!c->c_o.so_queue || rc >= RACF_RC_ERROR) {
		mdb_txn_abort(c->c_txn);
		c->c_txn = NULL;
		return rc;
	}
	if (simdb_commit(c->c_txn) == -1) {
		c->c_txn = NULL;
		return cmd_err(c, RACF_RC_SEVERE, "IRR52022I THE RACF "
		    "DATABASE UPDATE FAILED, %s NOT DONE", c->c_verb);
	}
	c->c_txn = NULL;
	*committed = 1;
	return rc;
}

int
racf_command(struct racf_db *db, const char *issuer, const char *cmd,
    size_t len, const struct esm_out *out)
{
	const struct racf_verb *v;
	struct lx_node *tree = NULL;
	struct rcmd c;
	char err[256];
	int rc, committed = 0;

	memset(&c, 0, sizeof(c));
	c.c_db = db;
	c.c_o.so_out = out;
	c.c_now = racf_now(db);
	if (lex_parse(cmd, len, &tree, err, sizeof(err)) == -1) {
		rc = cmd_err(&c, RACF_RC_SEVERE, "%s", err);
		goto done;
	}
	if (tree == NULL || tree->ln_kind != LX_WORD || tree->ln_hasargs ||
	    (v = racf_find_verb(tree->ln_text, tree->ln_len)) == NULL) {
		rc = cmd_err(&c, RACF_RC_SEVERE, "IKJ56500I COMMAND %.40s NOT "
		    "FOUND", tree != NULL ? tree->ln_text : "");
		goto done;
	}
	c.c_verb = v->rv_name;
	c.c_o.so_queue = v->rv_write;
	if ((rc = racf_start(&c, issuer != NULL ? issuer : "")) == RACF_RC_OK)
		rc = v->rv_run(&c, tree->ln_next);
	rc = racf_end(&c, rc, &committed);
	log_debug(LOG_CAT_SIM, "racf: %s by %s: rc %d", v->rv_name,
	    c.c_issuer, rc);
	cmd_flush(&c, committed);
done:
	cmd_clear(&c);
	lex_free(tree);
	return rc;
}

void
racf_trim(struct racf_db *db)
{
	simdb_release_map(&db->db_sd);
}
