/*
 * connect.c - CONNECT and REMOVE: a user's membership of a group.
 *
 * CONNECT of a user already connected changes the connection (its
 * authority, owner, UACC, revoke state), as RACF does.  REMOVE is
 * refused for the user's default group: ALTUSER DFLTGRP first.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "rules.h"


/* The user (positional) and GROUP() of CONNECT/REMOVE, both defined. */
static int
connect_names(struct rcmd *c, const struct lx_node *args,
    const struct opset *os, char *user, char *group)
{
	struct ruser u;
	struct rgroup g;
	int rc, ru, rg;

	if ((rc = cmd_id(c, args, "USERID", user)) != 0)
		return rc;
	snprintf(group, ID_SZ, "%s", c->c_iss_group);
	if ((rc = cmd_value(c, os, KW_GROUP, &rule_id, group, ID_SZ)) != 0)
		return rc;
	ru = store_get_user(c->c_db, c->c_txn, user, &u);
	ruser_free(&u);
	rg = store_get_group(c->c_db, c->c_txn, group, &g);
	if (ru == -1 || rg == -1)
		return cmd_err(c, RACF_RC_SEVERE, "IRR52021I THE RACF "
		    "DATABASE CANNOT BE ACCESSED");
	if (ru == 1 || rg == 1) {
		cmd_line(c, "ICH51003I NAME NOT FOUND IN RACF DATA SET");
		return cmd_err(c, RACF_RC_SEVERE, "ICH02003I USER(S) NOT "
		    "%s.", strcmp(c->c_verb, "CONNECT") == 0 ? "CONNECTED" :
		    "REMOVED");
	}
	return RACF_RC_OK;
}

/* CONNECT's REVOKE/RESUME on the connection. */
static int
connect_revoke(struct rcmd *c, struct rconn *cn, const struct opset *os)
{
	const char *v;
	time_t t;

	if ((v = opset_val(os, KW_REVOKE)) != NULL ||
	    (v = opset_val(os, KW_RESUME)) != NULL) {
		if (rules_date(v, &t) == -1)
			return cmd_err(c, RACF_RC_SEVERE, "IKJ56702I INVALID "
			    "DATE, %.20s, DATE MUST BE MM/DD/YY", v);
	}
	if ((v = opset_val(os, KW_REVOKE)) != NULL && rules_date(v, &t) == 0)
		cn->rc_revokedate = t;
	else if (opset_has(os, KW_REVOKE))
		cn->rc_flags |= RC_REVOKED;
	else if (opset_has(os, KW_NOREVOKE))
		cn->rc_revokedate = 0;
	if ((v = opset_val(os, KW_RESUME)) != NULL && rules_date(v, &t) == 0)
		cn->rc_resumedate = t;
	else if (opset_has(os, KW_RESUME)) {
		cn->rc_flags &= ~RC_REVOKED;
		cn->rc_revokedate = 0;
	} else if (opset_has(os, KW_NORESUME))
		cn->rc_resumedate = 0;
	return RACF_RC_OK;
}

/* AUTHORITY and UACC of a connection (CONNECT, and ADDUSER's DFLTGRP). */
int
connect_access(struct rcmd *c, const struct opset *os, struct rconn *cn)
{
	const char *v;

	if ((v = opset_val(os, KW_AUTHORITY)) != NULL &&
	    cmd_auth_parse(v, &cn->rc_auth) == -1)
		return cmd_err(c, RACF_RC_SEVERE, "IKJ56702I INVALID "
		    "AUTHORITY, %.20s", v);
	if ((v = opset_val(os, KW_UACC)) != NULL) {
		if (strcmp(v, "NONE") != 0 && strcmp(v, "READ") != 0 &&
		    strcmp(v, "UPDATE") != 0 && strcmp(v, "CONTROL") != 0 &&
		    strcmp(v, "ALTER") != 0)
			return cmd_err(c, RACF_RC_SEVERE, "IKJ56702I INVALID "
			    "UACC, %.20s", v);
		snprintf(cn->rc_uacc, sizeof(cn->rc_uacc), "%s", v);
	}
	return RACF_RC_OK;
}

static int
connect_apply(struct rcmd *c, struct rconn *cn, const struct opset *os)
{
	const char *v;
	int kind, rc;

	if ((rc = connect_access(c, os, cn)) != RACF_RC_OK)
		return rc;
	if ((v = opset_val(os, KW_OWNER)) != NULL) {
		if (!rules_is_id(v))
			return cmd_err(c, RACF_RC_SEVERE, "IKJ56702I INVALID "
			    "OWNER, %.40s", v);
		if ((kind = cmd_exists(c, v)) <= 0)
			return cmd_err(c, RACF_RC_ERROR, "ICH51003I NAME NOT "
			    "FOUND IN RACF DATA SET, OWNER(%s)", v);
		snprintf(cn->rc_owner, sizeof(cn->rc_owner), "%s", v);
	}
	return connect_revoke(c, cn, os);
}

int
connect_cmd(struct rcmd *c, const struct lx_node *args)
{
	char user[ID_SZ], group[ID_SZ];
	struct opset *os = NULL;
	struct rconn cn;
	int rc, exists;

	if ((rc = cmd_special(c)) != 0 || (rc = cmd_parse(c, &parse_connect,
	    args != NULL ? args->ln_next : NULL, &os)) != 0 ||
	    (rc = connect_names(c, args, os, user, group)) != 0)
		goto done;
	if ((exists = store_get_conn(c->c_db, c->c_txn, user, group, &cn)) ==
	    1) {
		snprintf(cn.rc_user, sizeof(cn.rc_user), "%s", user);
		snprintf(cn.rc_group, sizeof(cn.rc_group), "%s", group);
		snprintf(cn.rc_owner, sizeof(cn.rc_owner), "%s", c->c_issuer);
		snprintf(cn.rc_uacc, sizeof(cn.rc_uacc), "NONE");
		cn.rc_created = c->c_now;
	}
	if (exists == -1)
		rc = RACF_RC_SEVERE;
	else if ((rc = connect_apply(c, &cn, os)) == 0 &&
	    store_put_conn(c->c_db, c->c_txn, &cn) == -1)
		rc = cmd_err(c, RACF_RC_SEVERE, "IRR52022I THE RACF DATABASE "
		    "UPDATE FAILED");
	if (rc == 0)
		cmd_event(c, ESM_EV_CONNECT, user, group, exists == 1 ?
		    "GROUP" : "AUTHORITY", NULL);
done:
	parse_free(os);
	return rc;
}

int
remove_cmd(struct rcmd *c, const struct lx_node *args)
{
	char user[ID_SZ], group[ID_SZ];
	struct opset *os = NULL;
	struct rconn cn;
	struct ruser u;
	int rc;

	memset(&u, 0, sizeof(u));
	if ((rc = cmd_special(c)) != 0 || (rc = cmd_parse(c, &parse_remove,
	    args != NULL ? args->ln_next : NULL, &os)) != 0 ||
	    (rc = connect_names(c, args, os, user, group)) != 0)
		goto done;
	if ((rc = store_get_conn(c->c_db, c->c_txn, user, group, &cn)) != 0) {
		rc = rc == 1 ? cmd_err(c, RACF_RC_ERROR, "ICH03002I %s WAS NOT "
		    "CONNECTED TO GROUP.", user) : RACF_RC_SEVERE;
		goto done;
	}
	if (store_get_user(c->c_db, c->c_txn, user, &u) != 0 ||
	    strcmp(u.ru_dfltgrp, group) == 0) {
		rc = cmd_err(c, RACF_RC_ERROR, "ICH03005I GROUP %s IS THE "
		    "DEFAULT GROUP OF %s, USER NOT REMOVED", group, user);
		goto done;
	}
	if (store_del_conn(c->c_db, c->c_txn, user, group) == -1)
		rc = cmd_err(c, RACF_RC_SEVERE, "IRR52022I THE RACF DATABASE "
		    "UPDATE FAILED");
	else
		cmd_event(c, ESM_EV_REMOVE, user, group, "GROUP", NULL);
done:
	ruser_free(&u);
	parse_free(os);
	return rc;
}
