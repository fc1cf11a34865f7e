/*
 * acf2_cmd.c - ACF2's command language as the planner (backends/
 * planner.h) takes it, and the password reset ACF2 takes as one CHANGE.
 *
 * Logonids: INSERT lid operands, CHANGE lid operands, DELETE lid.
 * Access and resource rule sets have no create or alter command:
 * RECKEY ADD(entry) builds a rule set with its first entry and RECKEY
 * DEL(entry) of its last one deletes it (sim/acf2/rule.c), so their
 * values are the entry (schema/acf2.map) and only SET RULE DELETE k
 * and SET RESOURCE(t) DELETE k are commands of the classes.  The agent
 * reads a line's mode from its SET prefix.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ldap.h>

#include "xmalloc.h"

#include "backends/planner.h"

#include "acf2_cmd.h"
#include "acf2_quote.h"

const struct esm_cmdlang acf2_cmdlang = {
	.cl_q = &acf2_quoting,
	.cl_idname = { "logonid", "rule key", "resource rule" },
	.cl_name = { [MAP_RESOURCE] = acf2_quote_resource_name },
	.cl_verbs = {
		{ "INSERT %u", "CHANGE %u", "DELETE %u" },
		{ NULL, NULL, "SET RULE DELETE %u" },
		/* %1/%2: TYPE/KEY */
		{ NULL, NULL, "SET RESOURCE(%1) DELETE %2" },
	},
	/* TSO reads a trailing + or - as "continued on the next line". */
	.cl_check_command = esm_planner_tso_check,
	/* RECKEY ADD replaces the entry of the same mask and UID. */
	.cl_grant_replaces = 1,
};

int
acf2_plan_add(enum map_class cls, const struct map *m,
    const struct schema *schema, const char *suffix, const char *id,
    const struct pdu_attr *attrs, size_t n, struct esm_plan *pl, char *text,
    size_t textlen)
{
	return esm_planner_add(&acf2_cmdlang, cls, m, schema, suffix, id,
	    attrs, n, pl, text, textlen);
}

int
acf2_plan_modify(enum map_class cls, const struct map *m,
    const struct schema *schema, const char *suffix, const char *id,
    const struct entry *cur, const struct pdu_mod *mods, size_t n,
    struct esm_plan *pl, char *text, size_t textlen)
{
	return esm_planner_modify(&acf2_cmdlang, cls, m, schema, suffix, id,
	    cur, mods, n, pl, text, textlen);
}

int
acf2_plan_delete(enum map_class cls, const char *id, struct esm_plan *pl,
    char *text, size_t textlen)
{
	return esm_planner_delete(&acf2_cmdlang, cls, id, pl, text, textlen);
}

int
acf2_plan_password(const char *lid, const struct berval *newpw, int expired,
    struct esm_plan *pl, char *text, size_t textlen)
{
	char id[ESM_NAME_MAX + 1], *q = NULL, *cmd, *what;
	const char *why, *exp = expired ? "PSWD-EXP" : "NOPSWD-EXP";
	int rc;

	if ((rc = esm_planner_id(&acf2_cmdlang, MAP_USER, lid, id, text,
	    textlen)) != 0)
		return rc;
	if (newpw == NULL || acf2_quote_password(newpw->bv_val,
	    newpw->bv_len, &q, &why) == -1) {
		snprintf(text, textlen, "the new password %s (ACF2 PASSWORD: "
		    "1 to %d of A-Z, 0-9, #, $ and @)", newpw == NULL ?
		    "is missing" : why, ACF2_PW_LEN);
		return LDAP_CONSTRAINT_VIOLATION;
	}
	xasprintf(&cmd, "CHANGE %s PASSWORD(%s) %s", id, q, exp);
	xasprintf(&what, "CHANGE %s PASSWORD(********) %s", id, exp);
	esm_plan_push(pl, cmd, what, 1);
	xfree_secret(q, strlen(q));
	return LDAP_SUCCESS;
}
