/*
 * user.c - ADDUSER, ALTUSER and DELUSER.
 *
 * Each command reads the profile it changes into memory, applies every
 * operand to that copy (checking each against RACF's rules and the
 * database as it goes) and writes it back only when all were accepted;
 * the caller's transaction makes the whole command one change.  One
 * event per user names every field the command changed; a password or
 * phrase set by an administrator makes it a password-reset event that
 * carries the new value for the new-password exit.
 *
 * Each command takes one userid or a list, (U1 U2 ...): the names are
 * checked first, then each user is done in turn with the same operands;
 * cmd_each() reports every user that failed and a failure for any one
 * leaves every user unchanged.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "xmalloc.h"

#include "cmd.h"
#include "mainframe-agent/sim/common/pwhash.h"
#include "rules.h"
#include "segment.h"

#define FIELDS_SZ	512

static const struct rule rule_name = { RK_TEXT, 1, RACF_NAME_MAX };
static const struct rule rule_data = { RK_TEXT, 1, RACF_DATA_MAX };
static const struct rule rule_pw = { RK_SECRET, 1, RACF_PW_MAX };
static const struct rule rule_phrase = { RK_SECRET, RACF_PHRASE_MIN,
    RACF_PHRASE_MAX };

/* What one ADDUSER/ALTUSER did, for its event. */
struct user_change {
	char		 uc_fields[FIELDS_SZ];
	char		 uc_secret[RACF_PHRASE_MAX * 2 + 1];
	int		 uc_has_secret;
	int		 uc_revoke;
	int		 uc_resume;
};

static void
user_note(struct user_change *uc, const char *field)
{
	size_t n = strlen(uc->uc_fields);

	snprintf(uc->uc_fields + n, sizeof(uc->uc_fields) - n, "%s%s",
	    n > 0 ? " " : "", field);
}

/*
 * Check and hash a new password (phrase 0) or phrase (1) into u.  The
 * caller decides whether it is expired.
 */
int
user_set_secret(struct rcmd *c, struct ruser *u, int phrase, const char *v)
{
	char buf[RACF_PHRASE_MAX * 2 + 1], err[256];
	int rc = RACF_RC_OK;

	if (rules_check(phrase ? &rule_phrase : &rule_pw,
	    phrase ? "PHRASE" : "PASSWORD", v, err, sizeof(err)) == -1)
		return cmd_err(c, RACF_RC_SEVERE, "%s", err);
	snprintf(buf, sizeof(buf), "%s", v);
	if (!phrase)
		cmd_fold_secret(c, buf);
	if (pwhash_make(buf, c->c_db->db_kdf_iter, phrase ? &u->ru_phrase :
	    &u->ru_pw) == -1)
		rc = cmd_err(c, RACF_RC_SEVERE, "IRR52023I THE PASSWORD "
		    "COULD NOT BE ENCRYPTED");
	if (phrase)
		u->ru_phrasedate = c->c_now;
	else
		u->ru_passdate = c->c_now;
	OPENSSL_cleanse(buf, sizeof(buf));
	return rc;
}

static void
user_flag(struct ruser *u, struct user_change *uc, const struct opset *os,
    enum kw_id on, enum kw_id off, uint32_t bit)
{
	if (opset_has(os, on))
		u->ru_flags |= bit;
	else if (opset_has(os, off))
		u->ru_flags &= ~bit;
	else
		return;
	user_note(uc, os->os_op[opset_has(os, on) ? on : off].op_name);
}

/* NAME, OWNER, DFLTGRP, DATA and the attributes. */
static int
user_base(struct rcmd *c, struct ruser *u, const struct opset *os,
    struct user_change *uc)
{
	int rc;

	if ((rc = cmd_value(c, os, KW_NAME, &rule_name, u->ru_name,
	    sizeof(u->ru_name))) != 0 ||
	    (rc = cmd_ref(c, os, KW_OWNER, 0, u->ru_owner)) != 0 ||
	    (rc = cmd_ref(c, os, KW_DFLTGRP, 2, u->ru_dfltgrp)) != 0 ||
	    (rc = cmd_value(c, os, KW_DATA, &rule_data, u->ru_data,
	    sizeof(u->ru_data))) != 0)
		return rc;
	if (opset_has(os, KW_NODATA))
		u->ru_data[0] = '\0';
	if (opset_has(os, KW_NAME))
		user_note(uc, "NAME");
	if (opset_has(os, KW_OWNER))
		user_note(uc, "OWNER");
	if (opset_has(os, KW_DFLTGRP))
		user_note(uc, "DFLTGRP");
	if (opset_has(os, KW_DATA) || opset_has(os, KW_NODATA))
		user_note(uc, "DATA");
	user_flag(u, uc, os, KW_SPECIAL, KW_NOSPECIAL, RU_SPECIAL);
	user_flag(u, uc, os, KW_OPERATIONS, KW_NOOPERATIONS, RU_OPERATIONS);
	user_flag(u, uc, os, KW_AUDITOR, KW_NOAUDITOR, RU_AUDITOR);
	return RACF_RC_OK;
}

/* PASSWORD/NOPASSWORD, PHRASE/NOPHRASE, EXPIRED/NOEXPIRED. */
static int
user_secrets(struct rcmd *c, struct ruser *u, const struct opset *os,
    struct user_change *uc)
{
	const char *v;
	int rc, expired = !opset_has(os, KW_NOEXPIRED);

	if ((v = opset_val(os, KW_PASSWORD)) != NULL) {
		if ((rc = user_set_secret(c, u, 0, v)) != 0)
			return rc;
		snprintf(uc->uc_secret, sizeof(uc->uc_secret), "%s", v);
		cmd_fold_secret(c, uc->uc_secret);
		uc->uc_has_secret = 1;
		u->ru_flags = expired ? u->ru_flags | RU_PWEXPIRED :
		    u->ru_flags & ~RU_PWEXPIRED;
		user_note(uc, "PASSWORD");
	} else if (opset_has(os, KW_NOPASSWORD)) {
		memset(&u->ru_pw, 0, sizeof(u->ru_pw));
		u->ru_passdate = 0;
		u->ru_flags &= ~RU_PWEXPIRED;
		user_note(uc, "NOPASSWORD");
	}
	if ((v = opset_val(os, KW_PHRASE)) != NULL) {
		if ((rc = user_set_secret(c, u, 1, v)) != 0)
			return rc;
		if (!uc->uc_has_secret)
			snprintf(uc->uc_secret, sizeof(uc->uc_secret), "%s", v);
		uc->uc_has_secret = 1;
		u->ru_flags = expired ? u->ru_flags | RU_PHEXPIRED :
		    u->ru_flags & ~RU_PHEXPIRED;
		user_note(uc, "PHRASE");
	} else if (opset_has(os, KW_NOPHRASE)) {
		memset(&u->ru_phrase, 0, sizeof(u->ru_phrase));
		u->ru_phrasedate = 0;
		u->ru_flags &= ~RU_PHEXPIRED;
		user_note(uc, "NOPHRASE");
	}
	return RACF_RC_OK;
}

/* EXPIRED or NOEXPIRED alone: expire (or not) what the user has. */
static void
user_expiry(struct ruser *u, const struct opset *os, struct user_change *uc)
{
	uint32_t bits = 0;

	if (opset_has(os, KW_PASSWORD) || opset_has(os, KW_PHRASE))
		return;
	if (u->ru_pw.ph_iter != 0)
		bits |= RU_PWEXPIRED;
	if (u->ru_phrase.ph_iter != 0)
		bits |= RU_PHEXPIRED;
	if (opset_has(os, KW_EXPIRED)) {
		u->ru_flags |= bits;
		user_note(uc, "EXPIRED");
	} else if (opset_has(os, KW_NOEXPIRED)) {
		u->ru_flags &= ~bits;
		user_note(uc, "NOEXPIRED");
	}
}

/* A REVOKE or RESUME date: none, mm/dd/yy; *when 0 means now. */
static int
user_date(struct rcmd *c, const struct opset *os, enum kw_id kw,
    time_t *when)
{
	const char *v = opset_val(os, kw);

	*when = 0;
	if (v == NULL)
		return RACF_RC_OK;
	if (rules_date(v, when) == -1)
		return cmd_err(c, RACF_RC_SEVERE, "IKJ56702I INVALID DATE, "
		    "%.20s, %s DATE MUST BE MM/DD/YY", v,
		    os->os_op[kw].op_name);
	if (*when <= c->c_now)
		*when = 0;
	return RACF_RC_OK;
}

/* REVOKE[(date)], RESUME[(date)], NOREVOKE, NORESUME. */
static int
user_revoke(struct rcmd *c, struct ruser *u, const struct opset *os,
    struct user_change *uc)
{
	time_t rv, rs;
	int rc;

	if ((rc = user_date(c, os, KW_REVOKE, &rv)) != 0 ||
	    (rc = user_date(c, os, KW_RESUME, &rs)) != 0)
		return rc;
	if (opset_has(os, KW_REVOKE)) {
		u->ru_revokedate = rv;
		if (rv == 0) {
			/* A resume date already passed must not undo it. */
			u->ru_flags |= RU_REVOKED;
			if (u->ru_resumedate <= c->c_now)
				u->ru_resumedate = 0;
			uc->uc_revoke = 1;
		}
		user_note(uc, "REVOKE");
	} else if (opset_has(os, KW_NOREVOKE)) {
		u->ru_revokedate = 0;
		user_note(uc, "NOREVOKE");
	}
	if (opset_has(os, KW_RESUME)) {
		u->ru_resumedate = rs;
		if (rs == 0) {
			u->ru_flags &= ~RU_REVOKED;
			u->ru_failures = 0;
			if (u->ru_revokedate <= c->c_now)
				u->ru_revokedate = 0;
			uc->uc_resume = 1;
		}
		user_note(uc, "RESUME");
	} else if (opset_has(os, KW_NORESUME)) {
		u->ru_resumedate = 0;
		user_note(uc, "NORESUME");
	}
	return RACF_RC_OK;
}

static int
user_apply(struct rcmd *c, struct ruser *u, const struct opset *os,
    struct user_change *uc)
{
	int rc;

	if ((rc = user_base(c, u, os, uc)) != 0 ||
	    (rc = user_secrets(c, u, os, uc)) != 0 ||
	    (rc = user_revoke(c, u, os, uc)) != 0)
		return rc;
	user_expiry(u, os, uc);
	return seg_apply(c, u, os, uc->uc_fields, sizeof(uc->uc_fields));
}

/* Queue the one event of an ALTUSER. */
static void
user_alter_event(struct rcmd *c, const struct ruser *u,
    const struct opset *os, struct user_change *uc)
{
	enum esm_event_type t = ESM_EV_MODIFY;

	if (uc->uc_has_secret)
		t = opset_has(os, KW_NOEXPIRED) ?
		    ESM_EV_PASSWORD_RESET_NOEXPIRE : ESM_EV_PASSWORD_RESET;
	else if (uc->uc_revoke)
		t = ESM_EV_REVOKE;
	else if (uc->uc_resume)
		t = ESM_EV_RESUME;
	cmd_event(c, t, u->ru_id, NULL, uc->uc_fields,
	    uc->uc_has_secret ? uc->uc_secret : NULL);
}

/* The default-group connection ADDUSER makes. */
static int
user_add_connect(struct rcmd *c, const struct ruser *u,
    const struct opset *os)
{
	struct rconn cn;
	int rc;

	memset(&cn, 0, sizeof(cn));
	snprintf(cn.rc_user, sizeof(cn.rc_user), "%s", u->ru_id);
	snprintf(cn.rc_group, sizeof(cn.rc_group), "%s", u->ru_dfltgrp);
	snprintf(cn.rc_owner, sizeof(cn.rc_owner), "%s", c->c_issuer);
	snprintf(cn.rc_uacc, sizeof(cn.rc_uacc), "NONE");
	cn.rc_auth = AUTH_USE;
	cn.rc_created = c->c_now;
	if ((rc = connect_access(c, os, &cn)) != RACF_RC_OK)
		return rc;
	if (store_put_conn(c->c_db, c->c_txn, &cn) == -1)
		return cmd_err(c, RACF_RC_SEVERE, "IRR52022I THE RACF "
		    "DATABASE UPDATE FAILED");
	return RACF_RC_OK;
}

/* The operands of a command, shared by every user of its list. */
struct user_args {
	const struct opset	*ua_os;
};

/* The new user's id: not yet a user or a group. */
static int
user_new_id(struct rcmd *c, const char *id)
{
	int kind;

	if ((kind = cmd_exists(c, id)) == -1)
		return cmd_err(c, RACF_RC_SEVERE, "IRR52021I THE RACF "
		    "DATABASE CANNOT BE ACCESSED");
	if (kind != 0)
		return cmd_err(c, RACF_RC_INVALID, "IKJ56702I INVALID USERID, "
		    "%s", id);
	return RACF_RC_OK;
}

/* ADDUSER for one user of the list. */
static int
user_add_one(struct rcmd *c, const char *id, void *arg)
{
	const struct opset *os = ((struct user_args *)arg)->ua_os;
	struct user_change uc;
	struct ruser u;
	int rc;

	memset(&u, 0, sizeof(u));
	memset(&uc, 0, sizeof(uc));
	if ((rc = user_new_id(c, id)) != 0)
		goto done;
	snprintf(u.ru_id, sizeof(u.ru_id), "%s", id);
	snprintf(u.ru_owner, sizeof(u.ru_owner), "%s", c->c_issuer);
	snprintf(u.ru_dfltgrp, sizeof(u.ru_dfltgrp), "%s", c->c_iss_group);
	u.ru_created = c->c_now;
	u.ru_interval = c->c_setr.rs_interval;
	if ((rc = user_apply(c, &u, os, &uc)) != 0 ||
	    (rc = user_add_connect(c, &u, os)) != 0)
		goto done;
	if (store_put_user(c->c_db, c->c_txn, &u, NULL) == -1) {
		rc = cmd_err(c, RACF_RC_SEVERE, "IRR52022I THE RACF DATABASE "
		    "UPDATE FAILED");
		goto done;
	}
	cmd_event(c, ESM_EV_CREATE, u.ru_id, NULL, uc.uc_fields, NULL);
done:
	OPENSSL_cleanse(&uc, sizeof(uc));
	ruser_free(&u);
	return rc;
}

int
user_add(struct rcmd *c, const struct lx_node *args)
{
	struct user_args ua = { NULL };
	struct cmd_names cn = { NULL, NULL, 0 };
	struct opset *os = NULL;
	int rc;

	if ((rc = cmd_special(c)) != 0 ||
	    (rc = cmd_names(c, args, "USERID", &cn)) != 0 ||
	    (rc = cmd_parse(c, &parse_adduser, args->ln_next, &os)) != 0)
		goto done;
	ua.ua_os = os;
	rc = cmd_each(c, &cn, user_add_one, &ua);
done:
	cmd_names_free(&cn);
	parse_free(os);
	return rc;
}

/* Without SPECIAL a user may change only its own NAME and secrets. */
static int
user_self_ok(struct rcmd *c, const struct opset *os)
{
	size_t i;

	for (i = 0; i < KW__MAX; i++) {
		if (!os->os_op[i].op_set || i == KW_NAME ||
		    i == KW_PASSWORD || i == KW_PHRASE)
			continue;
		return cmd_err(c, RACF_RC_ERROR, "ICH21009I NOT AUTHORIZED "
		    "TO SPECIFY %s", os->os_op[i].op_name);
	}
	return RACF_RC_OK;
}

/* ALTUSER DFLTGRP: the user must already be connected to the group. */
static int
user_check_dfltgrp(struct rcmd *c, const struct ruser *u)
{
	struct rconn cn;
	int rc;

	rc = store_get_conn(c->c_db, c->c_txn, u->ru_id, u->ru_dfltgrp, &cn);
	if (rc == 1)
		return cmd_err(c, RACF_RC_ERROR, "ICH21005I %s IS NOT "
		    "CONNECTED TO GROUP %s, DFLTGRP NOT CHANGED", u->ru_id,
		    u->ru_dfltgrp);
	if (rc == -1)
		return cmd_err(c, RACF_RC_SEVERE, "IRR52021I THE RACF "
		    "DATABASE CANNOT BE ACCESSED");
	return RACF_RC_OK;
}

/* Load an existing user. */
static int
user_load(struct rcmd *c, const char *id, struct ruser *u)
{
	int rc;

	if ((rc = store_get_user(c->c_db, c->c_txn, id, u)) == 1)
		return cmd_err(c, RACF_RC_INVALID, "IKJ56702I INVALID USERID, "
		    "%s", id);
	if (rc == -1)
		return cmd_err(c, RACF_RC_SEVERE, "IRR52021I THE RACF "
		    "DATABASE CANNOT BE ACCESSED");
	return RACF_RC_OK;
}

/* ALTUSER for one user of the list. */
static int
user_alter_one(struct rcmd *c, const char *id, void *arg)
{
	const struct opset *os = ((struct user_args *)arg)->ua_os;
	struct user_change uc;
	struct ruser u, old;
	int rc;

	memset(&uc, 0, sizeof(uc));
	memset(&u, 0, sizeof(u));
	memset(&old, 0, sizeof(old));
	if ((rc = user_load(c, id, &u)) != 0)
		goto done;
	ruser_copy(&old, &u);
	if (!(c->c_iss_flags & RU_SPECIAL) && (strcmp(u.ru_id,
	    c->c_issuer) != 0 ? (rc = cmd_special(c)) != 0 :
	    (rc = user_self_ok(c, os)) != 0))
		goto done;
	if ((rc = user_apply(c, &u, os, &uc)) != 0 ||
	    (opset_has(os, KW_DFLTGRP) &&
	    (rc = user_check_dfltgrp(c, &u)) != 0))
		goto done;
	if (store_put_user(c->c_db, c->c_txn, &u, &old) == -1) {
		rc = cmd_err(c, RACF_RC_SEVERE, "IRR52022I THE RACF DATABASE "
		    "UPDATE FAILED");
		goto done;
	}
	if (uc.uc_fields[0] != '\0')
		user_alter_event(c, &u, os, &uc);
done:
	OPENSSL_cleanse(&uc, sizeof(uc));
	ruser_free(&u);
	ruser_free(&old);
	return rc;
}

int
user_alter(struct rcmd *c, const struct lx_node *args)
{
	struct user_args ua = { NULL };
	struct cmd_names cn = { NULL, NULL, 0 };
	struct opset *os = NULL;
	int rc;

	if ((rc = cmd_names(c, args, "USERID", &cn)) != 0 ||
	    (rc = cmd_parse(c, &parse_altuser, args->ln_next, &os)) != 0)
		goto done;
	ua.ua_os = os;
	rc = cmd_each(c, &cn, user_alter_one, &ua);
done:
	cmd_names_free(&cn);
	parse_free(os);
	return rc;
}

struct user_names {
	char		(*un_ids)[ID_SZ + 1];
	size_t		 un_n;
};

static int
user_collect_cb(void *arg, const MDB_val *k, const MDB_val *v)
{
	struct user_names *un = arg;

	un->un_ids = xreallocarray(un->un_ids, un->un_n + 1,
	    sizeof(*un->un_ids));
	store_key_second(k, un->un_ids[un->un_n++]);
	return 0;
}

/* DELUSER is refused while the user owns users or groups (not itself). */
static int
user_check_owns(struct rcmd *c, const struct ruser *u)
{
	struct user_names own = { NULL, 0 };
	int rc = RACF_RC_OK;
	size_t i;

	if (simdb_scan(c->c_txn, c->c_db->db_owns, u->ru_id,
	    strlen(u->ru_id) + 1, user_collect_cb, &own) == -1)
		rc = cmd_err(c, RACF_RC_SEVERE, "IRR52021I THE RACF DATABASE "
		    "CANNOT BE ACCESSED");
	for (i = 0; rc == RACF_RC_OK && i < own.un_n; i++) {
		if (own.un_ids[i][0] == 'U' &&
		    strcmp(own.un_ids[i] + 1, u->ru_id) == 0)
			continue;
		rc = cmd_err(c, RACF_RC_ERROR, "ICH04010I USER %s OWNS %s %s, "
		    "USER NOT DELETED", u->ru_id, own.un_ids[i][0] == 'G' ?
		    "GROUP" : "USER", own.un_ids[i] + 1);
	}
	free(own.un_ids);
	return rc;
}

/* DELUSER for one user of the list. */
static int
user_delete_one(struct rcmd *c, const char *id, void *arg)
{
	struct user_names grp = { NULL, 0 };
	struct ruser u;
	size_t i;
	int rc;

	memset(&u, 0, sizeof(u));
	if ((rc = user_load(c, id, &u)) != 0 ||
	    (rc = user_check_owns(c, &u)) != 0)
		goto done;
	if (strcmp(u.ru_id, c->c_issuer) == 0) {
		rc = cmd_err(c, RACF_RC_ERROR, "ICH04011I YOU CANNOT DELETE "
		    "YOUR OWN USERID");
		goto done;
	}
	rc = simdb_scan(c->c_txn, c->c_db->db_u2g, u.ru_id,
	    strlen(u.ru_id) + 1, user_collect_cb, &grp);
	for (i = 0; rc == 0 && i < grp.un_n; i++)
		rc = store_del_conn(c->c_db, c->c_txn, u.ru_id, grp.un_ids[i]);
	if (rc != 0 || store_del_user(c->c_db, c->c_txn, &u) == -1) {
		rc = cmd_err(c, RACF_RC_SEVERE, "IRR52022I THE RACF DATABASE "
		    "UPDATE FAILED");
		goto done;
	}
	cmd_event(c, ESM_EV_DELETE, u.ru_id, NULL, "", NULL);
done:
	free(grp.un_ids);
	ruser_free(&u);
	return rc;
}

int
user_delete(struct rcmd *c, const struct lx_node *args)
{
	struct cmd_names cn = { NULL, NULL, 0 };
	struct opset *os = NULL;
	int rc;

	if ((rc = cmd_special(c)) != 0 ||
	    (rc = cmd_names(c, args, "USERID", &cn)) != 0 ||
	    (rc = cmd_parse(c, &parse_deluser, args->ln_next, &os)) != 0)
		goto done;
	rc = cmd_each(c, &cn, user_delete_one, NULL);
done:
	cmd_names_free(&cn);
	parse_free(os);
	return rc;
}
