/*
 * acf2.c - the ACF2 simulator's entry points: open and close the
 * database, run one ACF subcommand in its mode, install the exits.
 *
 * Modes.  The ACF command processor is a session: SET LID (the
 * default), SET RULE, SET RESOURCE(type) and SET CONTROL(GSO) choose
 * which records the following subcommands work on.  A caller with a
 * session (esmconsole, interactive or batch) passes it, and a line
 * holding only "SET mode" changes it, as at a terminal.  A one-line
 * request (the agent's) has no session: it always starts in LID mode,
 * and its mode is chosen on the same line, "SET mode subcommand ...":
 *
 *	SET RULE COMPILE $KEY(PAY) SALARY.- UID(PAYCLK) R(A) W(L)
 *	SET RESOURCE(FAC) DECOMP BPX.SUPERUSER
 *
 * SET RESOURCE(-) is this simulator's: every resource type at once,
 * for LIST only (reconciliation reads every resource rule set).
 *
 * A SET followed by a subcommand runs that one subcommand in the mode
 * and leaves a session's mode as it was, so the same line means the
 * same thing wherever it is sent.  These are the only departures from
 * ACF's own syntax.
 *
 * A subcommand runs inside one LMDB transaction: a write transaction
 * for subcommands that change the database, committed only when the
 * handler returned less than 8, else aborted, so a failing command
 * changes nothing.  Output of write commands and every exit call come
 * after the transaction ended.
 *
 * Message ids.  The real ACF2 message ids of these subcommands are not
 * documented where the simulator was written, so it uses ids of its
 * own in ACF2's form: ACF6Cnnns (LID mode and the command processor),
 * ACF6Rnnns (rules; 510, 551, 768, 769 mirror the compiler's messages
 * ACF2 documents), ACF6Gnnns (GSO), ACF01nnns (logon).  The suffix
 * letter is I (information), W (warning, RC 4) or E (error, RC 8 and
 * more).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "xmalloc.h"

#include "cmd.h"

struct acf2_verb {
	const char	*av_name;
	const char	*av_alias;
	int		 av_write;
	int		(*av_run)(struct acmd *, const struct lx_node *);
};

static const struct acf2_verb alid_verbs[] = {
	{ "INSERT", "INS", 1, alid_insert },
	{ "CHANGE", "CH", 1, alid_change },
	{ "DELETE", "DEL", 1, alid_delete },
	{ "LIST", NULL, 0, alist_cmd },
	{ NULL, NULL, 0, NULL }
};

static const struct acf2_verb arule_verbs[] = {
	{ "COMPILE", "COMP", 1, arule_compile },
	{ "DECOMP", "DECOMPILE", 0, arule_decomp },
	{ "DELETE", "DEL", 1, arule_delete },
	{ "RECKEY", NULL, 1, arule_reckey },
	{ "LIST", NULL, 0, arule_list },
	{ NULL, NULL, 0, NULL }
};

static const struct acf2_verb agso_verbs[] = {
	{ "CHANGE", "CH", 1, agso_change },
	{ "LIST", NULL, 0, agso_list },
	{ NULL, NULL, 0, NULL }
};

static const char *const mode_names[] = { "LID", "RULE", "RESOURCE",
	"CONTROL(GSO)" };

static const struct acf2_verb *
acf2_find_verb(enum acf2_mode mode, const char *verb)
{
	const struct acf2_verb *v;

	v = mode == ACF2_MODE_LID ? alid_verbs : mode == ACF2_MODE_GSO ?
	    agso_verbs : arule_verbs;
	for (; v->av_name != NULL; v++)
		if (strcmp(v->av_name, verb) == 0 || (v->av_alias != NULL &&
		    strcmp(v->av_alias, verb) == 0))
			return v;
	return NULL;
}

static time_t
acf2_now(const struct acf2_db *db)
{
	return db->db_clock != NULL ? db->db_clock(db->db_clock_arg) :
	    time(NULL);
}

/* A new database: the security administrator ACF2ADM. */
static int
acf2_init_db(struct acf2_db *db, MDB_txn *txn, time_t now)
{
	struct lidrec r;
	int rc;

	memset(&r, 0, sizeof(r));
	snprintf(r.lr_lid, sizeof(r.lr_lid), "%s", ACF2_ADMIN_LID);
	snprintf(r.lr_name, sizeof(r.lr_name), "SECURITY ADMINISTRATOR");
	LR_SET(&r, FL_SECURITY);
	LR_SET(&r, FL_ACCOUNT);
	LR_SET(&r, FL_AUDIT);
	LR_SET(&r, FL_TSO);
	LR_SET(&r, FL_JCL);
	LR_SET(&r, FL_PSWDEXP);
	LR_SET(&r, FL_NONCNCL);
	r.lr_time[FT_UPDTOD] = r.lr_time[FT_PSWDTOD] = now;
	rc = pwhash_make(ACF2_ADMIN_LID, db->db_kdf_iter, &r.lr_pw);
	if (rc == 0)
		rc = astore_put_lid(db, txn, &r);
	return rc;
}

static int
acf2_open_dbs(struct acf2_db *db, char *err, size_t errlen)
{
	MDB_txn *txn;
	struct lidrec r;
	int rc;

	if (simdb_begin(&db->db_sd, 0, &txn) == -1)
		goto fail;
	if (astore_init_dbis(db, txn) == -1 ||
	    (rc = astore_get_lid(db, txn, ACF2_ADMIN_LID, &r)) == -1) {
		mdb_txn_abort(txn);
		goto fail;
	}
	if (rc == 1) {
		MDB_stat st;

		/* Only a database without any logonid is initialised. */
		if (mdb_stat(txn, db->db_lids, &st) != 0 ||
		    (st.ms_entries == 0 && acf2_init_db(db, txn,
		    acf2_now(db)) == -1)) {
			mdb_txn_abort(txn);
			goto fail;
		}
	}
	if (simdb_commit(txn) == 0)
		return 0;
fail:
	snprintf(err, errlen, "cannot initialise the ACF2 database in %s",
	    db->db_sd.sd_path);
	return -1;
}

struct acf2_db *
acf2_open(const struct acf2_opts *opts, char *err, size_t errlen)
{
	struct acf2_db *db;

	db = xcalloc(1, sizeof(*db));
	pthread_mutex_init(&db->db_lock, NULL);
	db->db_clock = opts->ao_clock;
	db->db_clock_arg = opts->ao_clock_arg;
	db->db_kdf_iter = opts->ao_kdf_iterations;
	if (astore_open(db, opts, err, errlen) == -1 ||
	    acf2_open_dbs(db, err, errlen) == -1) {
		acf2_close(db);
		return NULL;
	}
	return db;
}

void
acf2_close(struct acf2_db *db)
{
	if (db == NULL)
		return;
	simdb_close(&db->db_sd);
	pthread_mutex_destroy(&db->db_lock);
	free(db);
}

void
acf2_trim(struct acf2_db *db)
{
	simdb_release_map(&db->db_sd);
}

void
acf2_set_exit(struct acf2_db *db, esm_exit_fn fn, void *arg)
{
	pthread_mutex_lock(&db->db_lock);
	db->db_exit = fn;
	db->db_exit_arg = arg;
	pthread_mutex_unlock(&db->db_lock);
}

/* Start c's transaction and load the GSO record and the issuer. */
static int
acf2_start(struct acmd *c, const char *issuer)
{
	struct lidrec iss;
	int rc;

	if (simdb_begin(&c->c_db->db_sd, !c->c_o.so_queue, &c->c_txn) == -1) {
		c->c_txn = NULL;
		return acmd_dberr(c);
	}
	if (astore_get_gso(c->c_db, c->c_txn, &c->c_gso) == -1)
		return acmd_dberr(c);
	if (!afield_is_lid(issuer) || (rc = astore_get_lid(c->c_db, c->c_txn,
	    issuer, &iss)) == 1)
		return acmd_err(c, ACF2_RC_ERROR, "ACF6C015E LOGONID %.8s NOT "
		    "DEFINED TO ACF2, %s NOT AUTHORIZED", issuer, c->c_verb);
	if (rc == -1)
		return acmd_dberr(c);
	snprintf(c->c_issuer, sizeof(c->c_issuer), "%s", issuer);
	c->c_iss_flags = iss.lr_flags;
	return ACF2_RC_OK;
}

static int
acf2_end(struct acmd *c, int rc, int *committed)
{
	*committed = 0;
	if (c->c_txn == NULL)
		return rc;
	if (!c->c_o.so_queue || rc >= ACF2_RC_ERROR) {
		mdb_txn_abort(c->c_txn);
		c->c_txn = NULL;
		return rc;
	}
	if (simdb_commit(c->c_txn) == -1) {
		c->c_txn = NULL;
		return acmd_err(c, ACF2_RC_DBERROR, "ACF6C022E THE ACF2 "
		    "DATABASE UPDATE FAILED, %s NOT DONE", c->c_verb);
	}
	c->c_txn = NULL;
	*committed = 1;
	return rc;
}

/*
 * SET's operand into ses: LID, RULE, RESOURCE(type), CONTROL(GSO).
 * Resource types are three characters, as ACF2's are.
 */
static int
acf2_set(struct acmd *c, const struct lx_node *n, struct acf2_session *ses)
{
	size_t i;

	memset(ses, 0, sizeof(*ses));
	if (n == NULL || n->ln_kind != LX_WORD)
		goto bad;
	if (!n->ln_hasval && strcmp(n->ln_text, "LID") == 0)
		ses->as_mode = ACF2_MODE_LID;
	else if (!n->ln_hasval && strcmp(n->ln_text, "RULE") == 0)
		ses->as_mode = ACF2_MODE_RULE;
	else if (n->ln_hasval && strcmp(n->ln_text, "CONTROL") == 0 &&
	    strcmp(n->ln_val, "GSO") == 0)
		ses->as_mode = ACF2_MODE_GSO;
	else if (n->ln_hasval && strcmp(n->ln_text, "RESOURCE") == 0 &&
	    strcmp(n->ln_val, "-") == 0 && !n->ln_quoted) {
		/* every type, for LIST only (acf2_run) */
		ses->as_mode = ACF2_MODE_RESOURCE;
		memcpy(ses->as_rtype, "-", 2);
	} else if (n->ln_hasval && strcmp(n->ln_text, "RESOURCE") == 0) {
		if (strlen(n->ln_val) != 3 || n->ln_quoted)
			goto bad;
		for (i = 0; i < 3; i++)
			if (!((n->ln_val[i] >= 'A' && n->ln_val[i] <= 'Z') ||
			    (n->ln_val[i] >= '0' && n->ln_val[i] <= '9')))
				goto bad;
		ses->as_mode = ACF2_MODE_RESOURCE;
		memcpy(ses->as_rtype, n->ln_val, 4);
	} else
		goto bad;
	return ACF2_RC_OK;
bad:
	return acmd_err(c, ACF2_RC_SEVERE, "ACF6C021E SET TAKES LID, RULE, "
	    "RESOURCE(type) OR CONTROL(GSO)%s%.40s", n != NULL ? ", NOT " : "",
	    n != NULL ? n->ln_text : "");
}

/* Find the subcommand and run it in its transaction. */
static int
acf2_run(struct acmd *c, const struct acf2_session *mode,
    const struct lx_node *verb, const char *issuer)
{
	const struct acf2_verb *v;
	int rc, committed = 0;

	c->c_mode = mode->as_mode;
	c->c_rtype = mode->as_mode == ACF2_MODE_RESOURCE ? mode->as_rtype :
	    RULE_DS_TYPE;
	if (verb->ln_kind != LX_WORD || verb->ln_hasval ||
	    (v = acf2_find_verb(mode->as_mode, verb->ln_text)) == NULL)
		return acmd_err(c, ACF2_RC_SEVERE, "ACF6C021E %.40s IS NOT A "
		    "SUBCOMMAND OF %s MODE", verb->ln_text,
		    mode_names[mode->as_mode]);
	if (mode->as_mode == ACF2_MODE_RESOURCE &&
	    strcmp(mode->as_rtype, "-") == 0 && v->av_run != arule_list)
		return acmd_err(c, ACF2_RC_SEVERE, "ACF6C021E %s NEEDS ONE "
		    "RESOURCE TYPE: SET RESOURCE(-) TAKES LIST ONLY",
		    v->av_name);
	c->c_verb = v->av_name;
	c->c_o.so_queue = v->av_write;
	if ((rc = acf2_start(c, issuer != NULL ? issuer : "")) == 0)
		rc = v->av_run(c, verb->ln_next);
	rc = acf2_end(c, rc, &committed);
	log_debug(LOG_CAT_SIM, "acf2: %s %s by %s: rc %d",
	    mode_names[mode->as_mode], v->av_name, c->c_issuer, rc);
	acmd_flush(c, committed);
	return rc;
}

int
acf2_command(struct acf2_db *db, struct acf2_session *ses, const char *issuer,
    const char *cmd, size_t len, const struct esm_out *out)
{
	struct acf2_session mode = { ACF2_MODE_LID, "" };
	struct lx_node *tree = NULL;
	const struct lx_node *verb;
	struct acmd c;
	char err[256];
	int rc;

	memset(&c, 0, sizeof(c));
	c.c_db = db;
	c.c_o.so_out = out;
	c.c_now = acf2_now(db);
	c.c_verb = "ACF";
	if (ses != NULL)
		mode = *ses;
	if (alex_parse(cmd, len, &tree, err, sizeof(err)) == -1) {
		rc = acmd_err(&c, ACF2_RC_SEVERE, "%s", err);
		goto done;
	}
	verb = tree;
	if (verb == NULL) {
		rc = ACF2_RC_OK;
		goto done;
	}
	if (verb->ln_kind == LX_WORD && !verb->ln_hasval &&
	    strcmp(verb->ln_text, "SET") == 0) {
		if ((rc = acf2_set(&c, verb->ln_next, &mode)) != 0)
			goto done;
		verb = verb->ln_next->ln_next;
		if (verb == NULL) {
			if (ses != NULL)
				*ses = mode;
			else
				rc = acmd_err(&c, ACF2_RC_WARNING, "ACF6C023W "
				    "SET WITHOUT A SUBCOMMAND HAS NO EFFECT IN "
				    "A ONE-LINE REQUEST");
			goto done;
		}
	}
	if (verb->ln_kind == LX_WORD && !verb->ln_hasval &&
	    strcmp(verb->ln_text, "END") == 0 && verb->ln_next == NULL) {
		if (ses != NULL)
			memset(ses, 0, sizeof(*ses));
		rc = ACF2_RC_OK;
		goto done;
	}
	rc = acf2_run(&c, &mode, verb, issuer);
done:
	acmd_clear(&c);
	alex_free(tree);
	return rc;
}
