/*
 * connect.c - CONNECT and REMOVE: a user's membership of a group.
 *
 * CONNECT of a user already connected changes the connection (its
 * authority, owner, UACC, revoke state), as RACF does.  REMOVE is
 * refused for the user's default group: ALTUSER DFLTGRP first.
 *
 * Both take one userid or a list, (U1 U2 ...), all to or from the one
 * GROUP: the group is checked once, then each user in turn; a failure
 * for any user leaves every connection as it was (see cmd_each()).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "rules.h"


/* The operands and the group of a CONNECT or REMOVE. */
struct connect_args {
	const struct opset	*ca_os;
	char			 ca_group[ID_SZ];
};

/* RACF's two lines for a user or group that is not defined. */
static int
connect_not_found(struct rcmd *c)
{
	cmd_line(c, "ICH51003I NAME NOT FOUND IN RACF DATA SET");
	return cmd_err(c, RACF_RC_SEVERE, "ICH02003I USER(S) NOT %s.",
	    strcmp(c->c_verb, "CONNECT") == 0 ? "CONNECTED" : "REMOVED");
}

/* GROUP(), or the issuer's default group: it must be defined. */
static int
connect_group(struct rcmd *c, const struct opset *os, char *group)
{
	struct rgroup g;
	int rc;

	snprintf(group, ID_SZ, "%s", c->c_iss_group);
	if ((rc = cmd_value(c, os, KW_GROUP, &rule_id, group, ID_SZ)) != 0)
		return rc;
	if ((rc = store_get_group(c->c_db, c->c_txn, group, &g)) == -1)
		return cmd_err(c, RACF_RC_SEVERE, "IRR52021I THE RACF "
		    "DATABASE CANNOT BE ACCESSED");
	return rc == 1 ? connect_not_found(c) : RACF_RC_OK;
}

/* The user of one CONNECT or REMOVE: it must be defined. */
static int
connect_user(struct rcmd *c, const char *user)
{
	struct ruser u;
	int rc;

	rc = store_get_user(c->c_db, c->c_txn, user, &u);
	ruser_free(&u);
	if (rc == -1)
		return cmd_err(c, RACF_RC_SEVERE, "IRR52021I THE RACF "
		    "DATABASE CANNOT BE ACCESSED");
	return rc == 1 ? connect_not_found(c) : RACF_RC_OK;
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

/* CONNECT for one user of the list. */
static int
connect_one(struct rcmd *c, const char *user, void *arg)
{
	const struct connect_args *ca = arg;
	struct rconn cn;
	int rc, exists;

	if ((rc = connect_user(c, user)) != 0)
		return rc;
	if ((exists = store_get_conn(c->c_db, c->c_txn, user, ca->ca_group,
	    &cn)) == -1)
		return cmd_err(c, RACF_RC_SEVERE, "IRR52021I THE RACF "
		    "DATABASE CANNOT BE ACCESSED");
	if (exists == 1) {
		snprintf(cn.rc_user, sizeof(cn.rc_user), "%s", user);
		snprintf(cn.rc_group, sizeof(cn.rc_group), "%s", ca->ca_group);
		snprintf(cn.rc_owner, sizeof(cn.rc_owner), "%s", c->c_issuer);
		snprintf(cn.rc_uacc, sizeof(cn.rc_uacc), "NONE");
		cn.rc_created = c->c_now;
	}
	if ((rc = connect_apply(c, &cn, ca->ca_os)) != 0)
		return rc;
	if (store_put_conn(c->c_db, c->c_txn, &cn) == -1)
		return cmd_err(c, RACF_RC_SEVERE, "IRR52022I THE RACF "
		    "DATABASE UPDATE FAILED");
	cmd_event(c, ESM_EV_CONNECT, user, ca->ca_group, exists == 1 ?
	    "GROUP" : "AUTHORITY", NULL);
	return RACF_RC_OK;
}

/* REMOVE for one user of the list. */
static int
remove_one(struct rcmd *c, const char *user, void *arg)
{
	const struct connect_args *ca = arg;
	struct rconn cn;
	struct ruser u;
	int rc;

	if ((rc = connect_user(c, user)) != 0)
		return rc;
	if ((rc = store_get_conn(c->c_db, c->c_txn, user, ca->ca_group,
	    &cn)) != 0)
		return rc == 1 ? cmd_err(c, RACF_RC_ERROR, "ICH03002I %s WAS "
		    "NOT CONNECTED TO GROUP.", user) : cmd_err(c,
		    RACF_RC_SEVERE, "IRR52021I THE RACF DATABASE CANNOT BE "
		    "ACCESSED");
	memset(&u, 0, sizeof(u));
	if (store_get_user(c->c_db, c->c_txn, user, &u) != 0 ||
	    strcmp(u.ru_dfltgrp, ca->ca_group) == 0)
		rc = cmd_err(c, RACF_RC_ERROR, "ICH03005I GROUP %s IS THE "
		    "DEFAULT GROUP OF %s, USER NOT REMOVED", ca->ca_group,
		    user);
	else if (store_del_conn(c->c_db, c->c_txn, user, ca->ca_group) == -1)
		rc = cmd_err(c, RACF_RC_SEVERE, "IRR52022I THE RACF DATABASE "
		    "UPDATE FAILED");
	else
		cmd_event(c, ESM_EV_REMOVE, user, ca->ca_group, "GROUP",
		    NULL);
	ruser_free(&u);
	return rc;
}

/* Check the names, the operands and the group, then do each user. */
static int
connect_each(struct rcmd *c, const struct lx_node *args,
    const struct kwtab *tab, cmd_each_fn fn)
{
	struct connect_args ca;
	struct cmd_names cn = { NULL, NULL, 0 };
	struct opset *os = NULL;
	int rc;

	memset(&ca, 0, sizeof(ca));
	if ((rc = cmd_special(c)) != 0 ||
	    (rc = cmd_names(c, args, "USERID", &cn)) != 0 ||
	    (rc = cmd_parse(c, tab, args->ln_next, &os)) != 0 ||
	    (rc = connect_group(c, os, ca.ca_group)) != 0)
		goto done;
	ca.ca_os = os;
	rc = cmd_each(c, &cn, fn, &ca);
done:
	cmd_names_free(&cn);
	parse_free(os);
	return rc;
}

int
connect_cmd(struct rcmd *c, const struct lx_node *args)
{
	return connect_each(c, args, &parse_connect, connect_one);
}

int
remove_cmd(struct rcmd *c, const struct lx_node *args)
{
	return connect_each(c, args, &parse_remove, remove_one);
}
