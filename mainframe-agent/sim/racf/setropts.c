/*
 * setropts.c - SETROPTS for the options the simulator honours:
 * PASSWORD(REVOKE(n)|NOREVOKE INTERVAL(n) MIXEDCASE|NOMIXEDCASE) and
 * SETROPTS LIST to show them.  racf_verify() reads REVOKE (consecutive
 * failures before a user is revoked) and MIXEDCASE (whether passwords
 * keep their case); INTERVAL is the change interval new users get.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "rules.h"

static int
setropts_list(struct rcmd *c)
{
	const struct rsetr *o = &c->c_setr;

	cmd_line(c, "PASSWORD PROCESSING OPTIONS:");
	cmd_line(c, "  PASSWORD CHANGE INTERVAL IS %3u DAYS.", o->rs_interval);
	cmd_line(c, "  MIXED CASE PASSWORD SUPPORT IS %sIN EFFECT",
	    o->rs_mixedcase ? "" : "NOT ");
	if (o->rs_revoke != 0) {
		cmd_line(c, "  AFTER %u CONSECUTIVE UNSUCCESSFUL PASSWORD "
		    "ATTEMPTS,", o->rs_revoke);
		cmd_line(c, "    A USERID WILL BE REVOKED.");
	} else
		cmd_line(c, "  UNSUCCESSFUL PASSWORD ATTEMPTS DO NOT REVOKE "
		    "A USERID.");
	return RACF_RC_OK;
}

static int
setropts_password(struct rcmd *c, const struct opset *pw, struct rsetr *o)
{
	static const struct rule revoke = { RK_NUMBER, 1, 255 };
	static const struct rule interval = { RK_NUMBER, 1, 254 };
	char buf[16];
	int rc;

	buf[0] = '\0';
	if ((rc = cmd_value(c, pw, KW_REVOKE, &revoke, buf, sizeof(buf))) != 0)
		return rc;
	if (buf[0] != '\0')
		o->rs_revoke = strtoul(buf, NULL, 10);
	if (opset_has(pw, KW_NOREVOKE))
		o->rs_revoke = 0;
	buf[0] = '\0';
	if ((rc = cmd_value(c, pw, KW_INTERVAL, &interval, buf,
	    sizeof(buf))) != 0)
		return rc;
	if (buf[0] != '\0')
		o->rs_interval = strtoul(buf, NULL, 10);
	if (opset_has(pw, KW_MIXEDCASE))
		o->rs_mixedcase = 1;
	if (opset_has(pw, KW_NOMIXEDCASE))
		o->rs_mixedcase = 0;
	return RACF_RC_OK;
}

int
setropts_cmd(struct rcmd *c, const struct lx_node *args)
{
	struct opset *os = NULL;
	struct rsetr o = c->c_setr;
	int rc;

	if ((rc = cmd_special(c)) != 0 ||
	    (rc = cmd_parse(c, &parse_setropts, args, &os)) != 0)
		goto done;
	if (opset_has(os, KW_PASSWORD)) {
		if ((rc = setropts_password(c, opset_sub(os, KW_PASSWORD),
		    &o)) != 0)
			goto done;
		if (store_put_setr(c->c_db, c->c_txn, &o) == -1) {
			rc = cmd_err(c, RACF_RC_SEVERE, "IRR52022I THE RACF "
			    "DATABASE UPDATE FAILED");
			goto done;
		}
		c->c_setr = o;
	}
	if (opset_has(os, KW_LIST))
		rc = setropts_list(c);
done:
	parse_free(os);
	return rc;
}
