/*
 * password.c - the PASSWORD (PW) and PHRASE commands.
 *
 * A user changes its own password with PASSWORD(old new) or its phrase
 * with PHRASE('old' 'new'): the current value must match and the new
 * one must differ from it.  PASSWORD USER(id ...) INTERVAL(n) or
 * NOINTERVAL sets the change interval of those users (SPECIAL unless
 * the only user is oneself); without USER it applies to the issuer.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "cmd.h"
#include "pwhash.h"
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

/* INTERVAL(n) or NOINTERVAL for one user. */
static int
password_interval(struct rcmd *c, const char *id, unsigned int days)
{
	struct ruser u, prev;
	int rc = RACF_RC_OK;

	memset(&prev, 0, sizeof(prev));
	if (!rules_is_id(id))
		return cmd_err(c, RACF_RC_INVALID, "IKJ56702I INVALID USERID, "
		    "%.40s", id);
	if ((rc = store_get_user(c->c_db, c->c_txn, id, &u)) != 0) {
		ruser_free(&u);
		return rc == 1 ? cmd_err(c, RACF_RC_SEVERE, "ICH30001I UNABLE "
		    "TO LOCATE USER ENTRY %s", id) : RACF_RC_SEVERE;
	}
	ruser_copy(&prev, &u);
	u.ru_interval = days;
	if (store_put_user(c->c_db, c->c_txn, &u, &prev) == -1)
		rc = cmd_err(c, RACF_RC_SEVERE, "IRR52022I THE RACF DATABASE "
		    "UPDATE FAILED");
	else
		cmd_event(c, ESM_EV_MODIFY, id, NULL, "PASS-INTERVAL", NULL);
	ruser_free(&u);
	ruser_free(&prev);
	return rc;
}

static int
password_users(struct rcmd *c, const struct opset *os)
{
	static const struct rule days = { RK_NUMBER, 1, 254 };
	const struct lx_node *n;
	char buf[16] = "0";
	int rc;

	if (!opset_has(os, KW_INTERVAL) && !opset_has(os, KW_NOINTERVAL))
		return cmd_err(c, RACF_RC_SEVERE, "IKJ56701I MISSING "
		    "INTERVAL OR NOINTERVAL");
	if ((rc = cmd_value(c, os, KW_INTERVAL, &days, buf,
	    sizeof(buf))) != 0)
		return rc;
	if (!opset_has(os, KW_USER))
		return password_interval(c, c->c_issuer,
		    strtoul(buf, NULL, 10));
	for (n = os->os_op[KW_USER].op_vals; n != NULL; n = n->ln_next)
		if (strcmp(n->ln_text, c->c_issuer) != 0 &&
		    (rc = cmd_special(c)) != 0)
			return rc;
	for (n = os->os_op[KW_USER].op_vals; n != NULL; n = n->ln_next)
		if ((rc = password_interval(c, n->ln_text,
		    strtoul(buf, NULL, 10))) != 0)
			return rc;
	return RACF_RC_OK;
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
