/*
 * password.c - the PASSWORD (PW) and PHRASE commands.
 *
 * A user changes its own password with PASSWORD(old new) or its phrase
 * with PHRASE('old' 'new'): the current value must match and the new
 * one must differ from it.  PASSWORD USER(id ...) INTERVAL(n) or
 * NOINTERVAL sets the change interval of those users (SPECIAL unless
 * the only user is oneself); without USER it applies to the issuer.
 * PASSWORD USER(id ...) alone resets each user's password to the name
 * of its default group, expired, as RACF does: the user must choose a
 * new one at the next logon.  That needs SPECIAL or the ownership of
 * the user's profile.  A list is all or nothing (see cmd_each()).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "cmd.h"
#include "mainframe-agent/sim/common/pwhash.h"
#include "rules.h"

/* PASSWORD(old new) or PHRASE('old' 'new') for the issuer itself. */
static int
password_change(struct rcmd *c, const struct opset *os, int phrase)
{
	const struct operand *op = &os->os_op[phrase ? KW_PHRASE : KW_PASSWORD];
	char old[RACF_PHRASE_MAX * 2 + 1], new[RACF_PHRASE_MAX * 2 + 1];
	struct ruser u, prev;
	int rc = RACF_RC_OK, ok;

	memset(&prev, 0, sizeof(prev));
	if (op->op_nvals != 2)
		return cmd_err(c, RACF_RC_SEVERE, "IKJ56712I %s REQUIRES THE "
		    "CURRENT AND THE NEW VALUE", op->op_name);
	snprintf(old, sizeof(old), "%s", op->op_vals->ln_text);
	snprintf(new, sizeof(new), "%s", op->op_vals->ln_next->ln_text);
	if (!phrase) {
		cmd_fold_secret(c, old);
		cmd_fold_secret(c, new);
	}
	if (store_get_user(c->c_db, c->c_txn, c->c_issuer, &u) != 0) {
		rc = cmd_err(c, RACF_RC_SEVERE, "IRR52021I THE RACF DATABASE "
		    "CANNOT BE ACCESSED");
		goto done;
	}
	ruser_copy(&prev, &u);
	ok = pwhash_check(phrase ? &u.ru_phrase : &u.ru_pw, old);
	if (ok != 1)
		rc = cmd_err(c, RACF_RC_ERROR, "ICH08001I CURRENT %s IS NOT "
		    "VALID, %s NOT CHANGED", op->op_name, op->op_name);
	else if (strcmp(old, new) == 0)
		rc = cmd_err(c, RACF_RC_ERROR, "ICH08002I NEW %s MUST DIFFER "
		    "FROM THE CURRENT ONE", op->op_name);
	else if ((rc = user_set_secret(c, &u, phrase, new)) == 0) {
		u.ru_flags &= ~(phrase ? RU_PHEXPIRED : RU_PWEXPIRED);
		if (store_put_user(c->c_db, c->c_txn, &u, &prev) == -1)
			rc = cmd_err(c, RACF_RC_SEVERE, "IRR52022I THE RACF "
			    "DATABASE UPDATE FAILED");
		else
			cmd_event(c, ESM_EV_PASSWORD_CHANGE, u.ru_id, NULL,
			    op->op_name, new);
	}
done:
	OPENSSL_cleanse(old, sizeof(old));
	OPENSSL_cleanse(new, sizeof(new));
	ruser_free(&u);
	ruser_free(&prev);
	return rc;
}

/* Load user id for a PASSWORD USER(); prev gets a copy for the index. */
static int
password_load(struct rcmd *c, const char *id, struct ruser *u,
    struct ruser *prev)
{
	int rc;

	if ((rc = store_get_user(c->c_db, c->c_txn, id, u)) != 0)
		return rc == 1 ? cmd_err(c, RACF_RC_SEVERE, "ICH30001I UNABLE "
		    "TO LOCATE USER ENTRY %s", id) : cmd_err(c,
		    RACF_RC_SEVERE, "IRR52021I THE RACF DATABASE CANNOT BE "
		    "ACCESSED");
	ruser_copy(prev, u);
	return RACF_RC_OK;
}

/* INTERVAL(n) or NOINTERVAL for one user; arg holds the days. */
static int
password_interval(struct rcmd *c, const char *id, void *arg)
{
	struct ruser u, prev;
	int rc;

	memset(&u, 0, sizeof(u));
	memset(&prev, 0, sizeof(prev));
	if (strcmp(id, c->c_issuer) != 0 && (rc = cmd_special(c)) != 0)
		goto done;
	if ((rc = password_load(c, id, &u, &prev)) != 0)
		goto done;
	u.ru_interval = *(unsigned int *)arg;
	if (store_put_user(c->c_db, c->c_txn, &u, &prev) == -1)
		rc = cmd_err(c, RACF_RC_SEVERE, "IRR52022I THE RACF DATABASE "
		    "UPDATE FAILED");
	else
		cmd_event(c, ESM_EV_MODIFY, id, NULL, "PASS-INTERVAL", NULL);
done:
	ruser_free(&u);
	ruser_free(&prev);
	return rc;
}

/*
 * The reset of one user: its password becomes its default group name,
 * hashed and expired, and the new-password exit sees it.  A PROTECTED
 * user (no password, no phrase) keeps no password: a reset would give
 * it one anybody can guess.
 */
static int
password_reset(struct rcmd *c, const char *id, void *arg)
{
	struct ruser u, prev;
	char pw[ID_SZ] = "";
	int rc;

	memset(&u, 0, sizeof(u));
	memset(&prev, 0, sizeof(prev));
	if ((rc = password_load(c, id, &u, &prev)) != 0)
		goto done;
	if (!(c->c_iss_flags & RU_SPECIAL) &&
	    strcmp(u.ru_owner, c->c_issuer) != 0) {
		rc = cmd_err(c, RACF_RC_ERROR, "ICH08007I NOT AUTHORIZED TO "
		    "RESET THE PASSWORD OF %s", id);
		goto done;
	}
	if (u.ru_pw.ph_iter == 0 && u.ru_phrase.ph_iter == 0) {
		rc = cmd_err(c, RACF_RC_ERROR, "ICH01024I USER %s IS DEFINED "
		    "AS PROTECTED, PASSWORD NOT RESET", id);
		goto done;
	}
	snprintf(pw, sizeof(pw), "%s", u.ru_dfltgrp);
	if ((rc = user_set_secret(c, &u, 0, pw)) != 0)
		goto done;
	u.ru_flags |= RU_PWEXPIRED;
	if (store_put_user(c->c_db, c->c_txn, &u, &prev) == -1)
		rc = cmd_err(c, RACF_RC_SEVERE, "IRR52022I THE RACF DATABASE "
		    "UPDATE FAILED");
	else
		cmd_event(c, ESM_EV_PASSWORD_RESET, id, NULL, "PASSWORD", pw);
done:
	OPENSSL_cleanse(pw, sizeof(pw));
	ruser_free(&u);
	ruser_free(&prev);
	return rc;
}

/* PASSWORD [USER(id ...)] [INTERVAL(n)|NOINTERVAL]. */
static int
password_users(struct rcmd *c, const struct opset *os)
{
	static const struct rule days = { RK_NUMBER, 1, 254 };
	struct cmd_names cn = { NULL, NULL, 0 };
	char buf[16] = "0";
	unsigned int ndays;
	int rc, interval;

	interval = opset_has(os, KW_INTERVAL) || opset_has(os, KW_NOINTERVAL);
	if (!interval && !opset_has(os, KW_USER))
		return cmd_err(c, RACF_RC_SEVERE, "IKJ56701I MISSING "
		    "INTERVAL OR NOINTERVAL");
	if ((rc = cmd_value(c, os, KW_INTERVAL, &days, buf,
	    sizeof(buf))) != 0)
		return rc;
	ndays = (unsigned int)strtoul(buf, NULL, 10);
	if (!opset_has(os, KW_USER))
		return password_interval(c, c->c_issuer, &ndays);
	if ((rc = cmd_names_list(c, os->os_op[KW_USER].op_vals, "USERID",
	    &cn)) == 0)
		rc = interval ? cmd_each(c, &cn, password_interval, &ndays) :
		    cmd_each(c, &cn, password_reset, NULL);
	cmd_names_free(&cn);
	return rc;
}

int
password_cmd(struct rcmd *c, const struct lx_node *args)
{
	struct opset *os = NULL;
	int rc;

	if ((rc = cmd_parse(c, &parse_password, args, &os)) != 0)
		goto done;
	if ((opset_has(os, KW_PASSWORD) || opset_has(os, KW_PHRASE)) &&
	    (opset_has(os, KW_USER) || opset_has(os, KW_INTERVAL) ||
	    opset_has(os, KW_NOINTERVAL))) {
		rc = cmd_err(c, RACF_RC_SEVERE, "IKJ56716I PASSWORD/PHRASE "
		    "AND USER/INTERVAL ARE MUTUALLY EXCLUSIVE");
		goto done;
	}
	if (opset_has(os, KW_PASSWORD) &&
	    (rc = password_change(c, os, 0)) != 0)
		goto done;
	if (opset_has(os, KW_PHRASE) && (rc = password_change(c, os, 1)) != 0)
		goto done;
	if (!opset_has(os, KW_PASSWORD) && !opset_has(os, KW_PHRASE))
		rc = password_users(c, os);
done:
	parse_free(os);
	return rc;
}
