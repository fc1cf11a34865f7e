/*
 * gso.c - SET CONTROL(GSO): the one GSO record the simulator keeps.
 *
 *	CHANGE PSWD [MAXTRY(n)] [MINPSWD(n)]
 *	LIST PSWD
 *
 * MAXTRY (0-255, 0: never) is the number of password violations in a
 * day that suspends a logonid, MINPSWD (1-8) the shortest password.
 * ACF2 takes a changed GSO record at F ACF2,REFRESH(PSWD); the
 * simulator applies it at once.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

static int
agso_record(struct acmd *c, const struct lx_node *n)
{
	if (n == NULL || n->ln_kind != LX_WORD || n->ln_hasval ||
	    strcmp(n->ln_text, "PSWD") != 0)
		return acmd_err(c, ACF2_RC_SEVERE, "ACF6G001E ONLY THE GSO "
		    "RECORD PSWD IS SIMULATED");
	return ACF2_RC_OK;
}

static int
agso_number(struct acmd *c, const struct lx_node *n, long lo, long hi,
    uint16_t *v)
{
	char *end;
	long x;

	x = strtol(n->ln_val, &end, 10);
	if (n->ln_val[0] == '\0' || *end != '\0' || x < lo || x > hi ||
	    strlen(n->ln_val) > 3)
		return acmd_err(c, ACF2_RC_SEVERE, "ACF6G002E INVALID VALUE "
		    "FOR %s: %.20s (%ld TO %ld)", n->ln_text, n->ln_val, lo,
		    hi);
	*v = (uint16_t)x;
	return ACF2_RC_OK;
}

int
agso_change(struct acmd *c, const struct lx_node *args)
{
	const struct lx_node *n;
	int rc;

	if ((rc = acmd_auth(c, AUTH_SECURITY)) != 0 ||
	    (rc = agso_record(c, args)) != 0)
		return rc;
	for (n = args->ln_next; n != NULL; n = n->ln_next) {
		if (n->ln_kind == LX_WORD && n->ln_hasval &&
		    strcmp(n->ln_text, "MAXTRY") == 0)
			rc = agso_number(c, n, 0, 255, &c->c_gso.gp_maxtry);
		else if (n->ln_kind == LX_WORD && n->ln_hasval &&
		    strcmp(n->ln_text, "MINPSWD") == 0)
			rc = agso_number(c, n, 1, ACF2_PW_MAX,
			    &c->c_gso.gp_minpswd);
		else
			rc = acmd_err(c, ACF2_RC_SEVERE, "ACF6G003E UNKNOWN "
			    "GSO PSWD FIELD %.40s", n->ln_text);
		if (rc != 0)
			return rc;
	}
	if (astore_put_gso(c->c_db, c->c_txn, &c->c_gso) == -1)
		return acmd_dberr(c);
	return acmd_err(c, ACF2_RC_OK, "ACF6G010I GSO RECORD PSWD CHANGED");
}

int
agso_list(struct acmd *c, const struct lx_node *args)
{
	int rc;

	if ((rc = acmd_auth(c, AUTH_READ)) != 0 ||
	    (rc = agso_record(c, args)) != 0)
		return rc;
	acmd_line(c, "PSWD");
	return acmd_err(c, ACF2_RC_OK, "  MAXTRY(%u) MINPSWD(%u)",
	    c->c_gso.gp_maxtry, c->c_gso.gp_minpswd);
}
