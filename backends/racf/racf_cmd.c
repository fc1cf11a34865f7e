/*
 * racf_cmd.c - RACF's command language as the planner (backends/
 * planner.h) takes it, and the password reset RACF takes as one ALTUSER.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ldap.h>

#include "xmalloc.h"

#include "backends/planner.h"

#include "racf_cmd.h"
#include "racf_quote.h"

const struct esm_cmdlang racf_cmdlang = {
	.cl_q = &racf_quoting,
	.cl_idname = { "userid", "group name" },
	.cl_verbs = {
		{ "ADDUSER %u", "ALTUSER %u", "DELUSER %u" },
		{ "ADDGROUP %u", "ALTGROUP %u", "DELGROUP %u" },
	},
	/* TSO reads a trailing + or - as "continued on the next line". */
	.cl_check_command = esm_planner_tso_check,
	.cl_dflt_field = "DEFAULT-GROUP",
	.cl_member_field = "GROUP",
};

int
racf_plan_add_user(const struct map *m, const struct schema *schema,
    const char *suffix, const char *userid, const struct pdu_attr *attrs,
    size_t n, struct esm_plan *pl, char *text, size_t textlen)
{
	return esm_planner_add(&racf_cmdlang, MAP_USER, m, schema, suffix,
	    userid, attrs, n, pl, text, textlen);
}

int
racf_plan_add_group(const struct map *m, const struct schema *schema,
    const char *suffix, const char *group, const struct pdu_attr *attrs,
    size_t n, struct esm_plan *pl, char *text, size_t textlen)
{
	return esm_planner_add(&racf_cmdlang, MAP_GROUP, m, schema, suffix,
	    group, attrs, n, pl, text, textlen);
}

int
racf_plan_modify_user(const struct map *m, const struct schema *schema,
    const char *suffix, const char *userid, const struct entry *cur,
    const struct pdu_mod *mods, size_t n, struct esm_plan *pl, char *text,
    size_t textlen)
{
	return esm_planner_modify(&racf_cmdlang, MAP_USER, m, schema, suffix,
	    userid, cur, mods, n, pl, text, textlen);
}

int
racf_plan_modify_group(const struct map *m, const struct schema *schema,
    const char *suffix, const char *group, const struct entry *cur,
    const struct pdu_mod *mods, size_t n, struct esm_plan *pl, char *text,
    size_t textlen)
{
	return esm_planner_modify(&racf_cmdlang, MAP_GROUP, m, schema, suffix,
	    group, cur, mods, n, pl, text, textlen);
}

int
racf_plan_delete_user(const char *userid, struct esm_plan *pl, char *text,
    size_t textlen)
{
	return esm_planner_delete(&racf_cmdlang, MAP_USER, userid, pl, text,
	    textlen);
}

int
racf_plan_delete_group(const char *group, struct esm_plan *pl, char *text,
    size_t textlen)
{
	return esm_planner_delete(&racf_cmdlang, MAP_GROUP, group, pl, text,
	    textlen);
}

int
racf_plan_password(const char *userid, const struct berval *newpw,
    int expired, struct esm_plan *pl, char *text, size_t textlen)
{
	char id[ESM_NAME_MAX + 1], *q = NULL, *cmd, *what;
	const char *why;
	int rc;

	if ((rc = esm_planner_id(&racf_cmdlang, MAP_USER, userid, id, text,
	    textlen)) != 0)
		return rc;
	if (newpw == NULL || racf_quote_password(newpw->bv_val,
	    newpw->bv_len, &q, &why) == -1) {
		snprintf(text, textlen, "the new password %s (RACF PASSWORD: "
		    "1 to %d printable characters)", newpw == NULL ?
		    "is missing" : why, RACF_PW_LEN);
		return LDAP_CONSTRAINT_VIOLATION;
	}
	xasprintf(&cmd, "ALTUSER %s PASSWORD(%s)%s", id, q,
	    expired ? "" : " NOEXPIRED");
	xasprintf(&what, "ALTUSER %s PASSWORD(********)%s", id,
	    expired ? "" : " NOEXPIRED");
	esm_plan_push(pl, cmd, what, 1);
	xfree_secret(q, strlen(q));
	return LDAP_SUCCESS;
}
