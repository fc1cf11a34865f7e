/*
 * tss_cmd.c - CA Top Secret's command language as the planner
 * (backends/planner.h) takes it, the last check of every command built,
 * and the password reset TSS takes as one REPLACE.
 *
 * TSS is lenient where a gateway must not be: it ignores a keyword
 * written without the operand it needs and every keyword after it, it
 * reads "/" "*" ... "*" "/" as a comment, and under TSO a trailing + or -
 * continues the command on the next line.  The quoting (tss_quote.c)
 * never produces an empty operand or a comment; tss_check_command reads
 * each command as TSS would and refuses it when any of these could
 * apply, so a mistake in a map's template cannot slip one through.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ldap.h>

#include "tss_bare.h"
#include "xmalloc.h"

#include "backends/planner.h"

#include "tss_cmd.h"
#include "tss_quote.h"

struct tss_scan {
	const char	*s_p;
	const char	*s_end;
	const char	*s_fn;		/* the function's name */
	size_t		 s_fnlen;
	int		 s_depth;
};

/* A quoted string from the opening quote: past its end, or NULL. */
static const char *
tss_skip_quoted(const char *p, const char *end)
{
	for (p++; p < end; p++) {
		if (*p != '\'')
			continue;
		if (p + 1 < end && p[1] == '\'') {
			p++;
			continue;
		}
		return p + 1;
	}
	return NULL;
}

/* A word at depth 0: the function first, then keywords. */
static int
tss_scan_word(struct tss_scan *sc, const char **why)
{
	const char *w = sc->s_p;
	size_t n;

	while (sc->s_p < sc->s_end && strchr(" ,()'", *sc->s_p) == NULL)
		sc->s_p++;
	n = (size_t)(sc->s_p - w);
	if (sc->s_p < sc->s_end && *sc->s_p == '(') {
		if (sc->s_fn == NULL) {
			sc->s_fn = w;
			sc->s_fnlen = n;
		}
		return 0;
	}
	if (sc->s_fn != NULL && tss_bare_is_allowed(sc->s_fn, sc->s_fnlen, w,
	    n))
		return 0;
	*why = sc->s_fn == NULL ? "does not start with FUNCTION(acid)" :
	    "has a keyword without its operand, which TSS would take as "
	    "the end of the command";
	return -1;
}

/* After '(': not an empty operand list. */
static int
tss_scan_open(struct tss_scan *sc, const char **why)
{
	const char *p = sc->s_p + 1;

	while (p < sc->s_end && (*p == ' ' || *p == ','))
		p++;
	if (p < sc->s_end && *p == ')') {
		*why = "has an empty operand, which TSS would ignore with "
		    "every keyword after it";
		return -1;
	}
	sc->s_depth++;
	sc->s_p++;
	return 0;
}

static int
tss_scan_one(struct tss_scan *sc, const char **why)
{
	char c = *sc->s_p;

	if (c == ' ' || c == ',') {
		sc->s_p++;
		return 0;
	}
	if (c == '(')
		return tss_scan_open(sc, why);
	if (c == ')') {
		if (--sc->s_depth < 0) {
			*why = "has unbalanced parentheses";
			return -1;
		}
		sc->s_p++;
		return 0;
	}
	if (c == '\'') {
		if (sc->s_depth == 0 || (sc->s_p = tss_skip_quoted(sc->s_p,
		    sc->s_end)) == NULL) {
			*why = "has a quoted string outside an operand, or "
			    "one left open";
			return -1;
		}
		return 0;
	}
	if (sc->s_depth > 0) {
		sc->s_p++;
		return 0;
	}
	return tss_scan_word(sc, why);
}

int
tss_check_command(const char *cmd, size_t len, const char **why)
{
	struct tss_scan sc;
	size_t i;

	if (len == 0 || cmd[len - 1] == '+' || cmd[len - 1] == '-') {
		*why = len == 0 ? "is empty" :
		    "would end in a continuation character";
		return -1;
	}
	for (i = 0; i + 1 < len; i++)
		if ((cmd[i] == '/' && cmd[i + 1] == '*') ||
		    (cmd[i] == '*' && cmd[i + 1] == '/')) {
			*why = "holds /* or */, which TSS reads as a comment";
			return -1;
		}
	memset(&sc, 0, sizeof(sc));
	sc.s_p = cmd;
	sc.s_end = cmd + len;
	while (sc.s_p < sc.s_end)
		if (tss_scan_one(&sc, why) == -1)
			return -1;
	if (sc.s_depth != 0 || sc.s_fn == NULL) {
		*why = sc.s_fn == NULL ? "does not start with FUNCTION(acid)" :
		    "has unbalanced parentheses";
		return -1;
	}
	return 0;
}

const struct esm_cmdlang tss_cmdlang = {
	.cl_q = &tss_quoting,
	.cl_idname = { "ACID", "profile or group ACID" },
	.cl_verbs = {
		{ "CREATE(%u) TYPE(USER)", "REPLACE(%u)", "DELETE(%u)" },
		{ "CREATE(%u)", "REPLACE(%u)", "DELETE(%u)" },
	},
	.cl_check_command = tss_check_command,
	/* TSS keeps no user in its default group: DFLTGRP must be one of
	   the GROUPS, and REMOVE GROUP clears it. */
	.cl_dflt_field = NULL,
	.cl_member_field = NULL,
};

int
tss_plan_password(const char *acid, const struct berval *newpw, int expired,
    struct esm_plan *pl, char *text, size_t textlen)
{
	char id[ESM_NAME_MAX + 1], *q = NULL, *cmd, *what;
	const char *why;
	int rc;

	if ((rc = esm_planner_id(&tss_cmdlang, MAP_USER, acid, id, text,
	    textlen)) != 0)
		return rc;
	if (newpw == NULL || tss_quote_password(newpw->bv_val,
	    newpw->bv_len, &q, &why) == -1) {
		snprintf(text, textlen, "the new password %s (TSS PASSWORD: "
		    "1 to %d printable characters, no blank)", newpw == NULL ?
		    "is missing" : why, TSS_PW_LEN);
		return LDAP_CONSTRAINT_VIOLATION;
	}
	xasprintf(&cmd, "REPLACE(%s) PASSWORD(%s,%d%s)", id, q, TSS_PW_DAYS,
	    expired ? ",EXP" : "");
	xfree_secret(q, strlen(q));
	if (tss_check_command(cmd, strlen(cmd), &why) == -1) {
		xfree_secret(cmd, strlen(cmd));
		snprintf(text, textlen, "the TSS command %s", why);
		return LDAP_CONSTRAINT_VIOLATION;
	}
	xasprintf(&what, "REPLACE(%s) PASSWORD(********)", id);
	esm_plan_push(pl, cmd, what, 1);
	return LDAP_SUCCESS;
}

static int
tss_says(const char *msg, const char *id)
{
	return strstr(msg, id) != NULL;
}

/*
 * RC >= 4: decide by TSS's message (mainframe-agent/sim/tss names them).
 * TSS0211E "ACID X NOT DEFINED" is the command's own ACID; "PROFILE ACID
 * X NOT DEFINED" one a keyword names, which is a bad value.  DELETE is
 * refused while the ACID owns ACIDs, is attached to users or holds
 * permissions (TSS0220E-0222E): TSS's message says which.
 */
int
tss_cmd_result(const char *what, const char *msg, int write)
{
	if (tss_says(msg, "TSS0214E"))
		return LDAP_INSUFFICIENT_ACCESS;
	if (tss_says(msg, "TSS0210E"))
		return strncmp(what, "CREATE(", 7) == 0 ? LDAP_ALREADY_EXISTS :
		    LDAP_CONSTRAINT_VIOLATION;
	if (tss_says(msg, "TSS0211E  ACID "))
		return LDAP_NO_SUCH_OBJECT;
	if (tss_says(msg, "TSS0211E"))
		return write ? LDAP_CONSTRAINT_VIOLATION : LDAP_NO_SUCH_OBJECT;
	if (tss_says(msg, "TSS0220E") || tss_says(msg, "TSS0221E") ||
	    tss_says(msg, "TSS0222E"))
		return LDAP_UNWILLING_TO_PERFORM;
	if (tss_says(msg, "TSS0225E"))
		return LDAP_TYPE_OR_VALUE_EXISTS;
	if (tss_says(msg, "TSS0226E") || tss_says(msg, "TSS0228E"))
		return LDAP_NO_SUCH_ATTRIBUTE;
	if (tss_says(msg, "TSS0206E") || tss_says(msg, "TSS0207E") ||
	    tss_says(msg, "TSS0212E") || tss_says(msg, "TSS0227E") ||
	    tss_says(msg, "TSS0260E"))
		return LDAP_CONSTRAINT_VIOLATION;
	return write ? LDAP_UNWILLING_TO_PERFORM : LDAP_OTHER;
}
