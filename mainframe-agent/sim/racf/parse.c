/*
 * parse.c - which operands each RACF command takes, and TSO parse's
 * rules for matching what was typed against them.
 *
 * A keyword may be abbreviated to any prefix that names exactly one
 * keyword of the command (DFLTG for DFLTGRP, OPER for OPERATIONS); the
 * full name always wins over a longer keyword it prefixes.  A prefix
 * that fits several keywords, or none, is an error naming it.  Keywords
 * that exclude each other (SPECIAL and NOSPECIAL, MASK and FILTER) share
 * a slot, and a slot may be filled once.  A value is one word or one
 * quoted string: a parenthesised list or a keyword can never appear
 * where a value is expected, which is half of why injection through a
 * value is impossible (the lexer is the other half).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

#include "parse.h"

#define F(n, id, slot)	{ n, id, slot, KT_FLAG, NULL }
#define V(n, id, slot)	{ n, id, slot, KT_VALUE, NULL }
#define O(n, id, slot)	{ n, id, slot, KT_OPTVALUE, NULL }
#define L(n, id, slot)	{ n, id, slot, KT_LIST, NULL }
#define S(n, id, slot, t) { n, id, slot, KT_SUB, &(t) }
#define TAB(name, defs) \
	const struct kwtab name = { defs, sizeof(defs) / sizeof(defs[0]) }

static const struct kwdef tso_defs[] = {
	V("ACCTNUM", KW_ACCTNUM, KW_ACCTNUM),
	F("NOACCTNUM", KW_NOACCTNUM, KW_ACCTNUM),
	V("HOLDCLASS", KW_HOLDCLASS, KW_HOLDCLASS),
	F("NOHOLDCLASS", KW_NOHOLDCLASS, KW_HOLDCLASS),
	V("JOBCLASS", KW_JOBCLASS, KW_JOBCLASS),
	F("NOJOBCLASS", KW_NOJOBCLASS, KW_JOBCLASS),
	V("MSGCLASS", KW_MSGCLASS, KW_MSGCLASS),
	F("NOMSGCLASS", KW_NOMSGCLASS, KW_MSGCLASS),
	V("PROC", KW_PROC, KW_PROC),
	F("NOPROC", KW_NOPROC, KW_PROC),
	V("SIZE", KW_SIZE, KW_SIZE),
	F("NOSIZE", KW_NOSIZE, KW_SIZE),
	V("MAXSIZE", KW_MAXSIZE, KW_MAXSIZE),
	F("NOMAXSIZE", KW_NOMAXSIZE, KW_MAXSIZE),
	V("SYSOUTCLASS", KW_SYSOUTCLASS, KW_SYSOUTCLASS),
	F("NOSYSOUTCLASS", KW_NOSYSOUTCLASS, KW_SYSOUTCLASS),
	V("UNIT", KW_UNIT, KW_UNIT),
	F("NOUNIT", KW_NOUNIT, KW_UNIT),
	V("USERDATA", KW_USERDATA, KW_USERDATA),
	F("NOUSERDATA", KW_NOUSERDATA, KW_USERDATA),
	V("COMMAND", KW_COMMAND, KW_COMMAND),
	F("NOCOMMAND", KW_NOCOMMAND, KW_COMMAND),
};
TAB(parse_tso, tso_defs);

static const struct kwdef omvs_defs[] = {
	V("UID", KW_UID, KW_UID),
	F("NOUID", KW_NOUID, KW_UID),
	V("HOME", KW_HOME, KW_HOME),
	F("NOHOME", KW_NOHOME, KW_HOME),
	V("PROGRAM", KW_PROGRAM, KW_PROGRAM),
	F("NOPROGRAM", KW_NOPROGRAM, KW_PROGRAM),
};
TAB(parse_omvs, omvs_defs);

static const struct kwdef cics_defs[] = {
	V("OPIDENT", KW_OPIDENT, KW_OPIDENT),
	F("NOOPIDENT", KW_NOOPIDENT, KW_OPIDENT),
	V("OPPRTY", KW_OPPRTY, KW_OPPRTY),
	F("NOOPPRTY", KW_NOOPPRTY, KW_OPPRTY),
	V("TIMEOUT", KW_TIMEOUT, KW_TIMEOUT),
	F("NOTIMEOUT", KW_NOTIMEOUT, KW_TIMEOUT),
};
TAB(parse_cics, cics_defs);

static const struct kwdef gomvs_defs[] = {
	V("GID", KW_GID, KW_GID),
	F("NOGID", KW_NOGID, KW_GID),
};
TAB(parse_gomvs, gomvs_defs);

/* The operands ADDUSER and ALTUSER share come first in both. */
#define USER_COMMON \
	V("NAME", KW_NAME, KW_NAME), \
	V("OWNER", KW_OWNER, KW_OWNER), \
	V("DFLTGRP", KW_DFLTGRP, KW_DFLTGRP), \
	V("PASSWORD", KW_PASSWORD, KW_PASSWORD), \
	F("NOPASSWORD", KW_NOPASSWORD, KW_PASSWORD), \
	V("PHRASE", KW_PHRASE, KW_PHRASE), \
	F("NOPHRASE", KW_NOPHRASE, KW_PHRASE), \
	F("SPECIAL", KW_SPECIAL, KW_SPECIAL), \
	F("OPERATIONS", KW_OPERATIONS, KW_OPERATIONS), \
	F("AUDITOR", KW_AUDITOR, KW_AUDITOR), \
	V("DATA", KW_DATA, KW_DATA), \
	S("TSO", KW_TSO, KW_TSO, parse_tso), \
	S("OMVS", KW_OMVS, KW_OMVS, parse_omvs), \
	S("CICS", KW_CICS, KW_CICS, parse_cics)

static const struct kwdef adduser_defs[] = {
	USER_COMMON,
	V("AUTHORITY", KW_AUTHORITY, KW_AUTHORITY),
	V("UACC", KW_UACC, KW_UACC),
};
TAB(parse_adduser, adduser_defs);

static const struct kwdef altuser_defs[] = {
	USER_COMMON,
	F("EXPIRED", KW_EXPIRED, KW_EXPIRED),
	F("NOEXPIRED", KW_NOEXPIRED, KW_EXPIRED),
	F("NOSPECIAL", KW_NOSPECIAL, KW_SPECIAL),
	F("NOOPERATIONS", KW_NOOPERATIONS, KW_OPERATIONS),
	F("NOAUDITOR", KW_NOAUDITOR, KW_AUDITOR),
	F("NODATA", KW_NODATA, KW_DATA),
	O("REVOKE", KW_REVOKE, KW_REVOKE),
	F("NOREVOKE", KW_NOREVOKE, KW_REVOKE),
	O("RESUME", KW_RESUME, KW_RESUME),
	F("NORESUME", KW_NORESUME, KW_RESUME),
	F("NOTSO", KW_NOTSO, KW_TSO),
	F("NOOMVS", KW_NOOMVS, KW_OMVS),
	F("NOCICS", KW_NOCICS, KW_CICS),
};
TAB(parse_altuser, altuser_defs);

/* DELUSER and DELGROUP take no keyword: every keyword is invalid. */
const struct kwtab parse_deluser = { NULL, 0 };
const struct kwtab parse_delgroup = { NULL, 0 };

static const struct kwdef listuser_defs[] = {
	F("NORACF", KW_NORACF, KW_NORACF),
	F("TSO", KW_TSO, KW_TSO),
	F("OMVS", KW_OMVS, KW_OMVS),
	F("CICS", KW_CICS, KW_CICS),
};
TAB(parse_listuser, listuser_defs);

static const struct kwdef search_defs[] = {
	V("CLASS", KW_CLASS, KW_CLASS),
	V("MASK", KW_MASK, KW_MASK),
	V("FILTER", KW_FILTER, KW_MASK),
};
TAB(parse_search, search_defs);

static const struct kwdef addgroup_defs[] = {
	V("SUPGROUP", KW_SUPGROUP, KW_SUPGROUP),
	V("OWNER", KW_OWNER, KW_OWNER),
	V("DATA", KW_DATA, KW_DATA),
	S("OMVS", KW_OMVS, KW_OMVS, parse_gomvs),
};
TAB(parse_addgroup, addgroup_defs);

static const struct kwdef altgroup_defs[] = {
	V("SUPGROUP", KW_SUPGROUP, KW_SUPGROUP),
	V("OWNER", KW_OWNER, KW_OWNER),
	V("DATA", KW_DATA, KW_DATA),
	F("NODATA", KW_NODATA, KW_DATA),
	S("OMVS", KW_OMVS, KW_OMVS, parse_gomvs),
	F("NOOMVS", KW_NOOMVS, KW_OMVS),
};
TAB(parse_altgroup, altgroup_defs);

static const struct kwdef listgrp_defs[] = {
	F("OMVS", KW_OMVS, KW_OMVS),
};
TAB(parse_listgrp, listgrp_defs);

static const struct kwdef connect_defs[] = {
	V("GROUP", KW_GROUP, KW_GROUP),
	V("AUTHORITY", KW_AUTHORITY, KW_AUTHORITY),
	V("OWNER", KW_OWNER, KW_OWNER),
	V("UACC", KW_UACC, KW_UACC),
	O("REVOKE", KW_REVOKE, KW_REVOKE),
	F("NOREVOKE", KW_NOREVOKE, KW_REVOKE),
	O("RESUME", KW_RESUME, KW_RESUME),
	F("NORESUME", KW_NORESUME, KW_RESUME),
};
TAB(parse_connect, connect_defs);

static const struct kwdef remove_defs[] = {
	V("GROUP", KW_GROUP, KW_GROUP),
	V("OWNER", KW_OWNER, KW_OWNER),
};
TAB(parse_remove, remove_defs);

static const struct kwdef password_defs[] = {
	L("PASSWORD", KW_PASSWORD, KW_PASSWORD),
	L("PHRASE", KW_PHRASE, KW_PHRASE),
	L("USER", KW_USER, KW_USER),
	V("INTERVAL", KW_INTERVAL, KW_INTERVAL),
	F("NOINTERVAL", KW_NOINTERVAL, KW_INTERVAL),
};
TAB(parse_password, password_defs);

static const struct kwdef setr_pw_defs[] = {
	V("REVOKE", KW_REVOKE, KW_REVOKE),
	F("NOREVOKE", KW_NOREVOKE, KW_REVOKE),
	V("INTERVAL", KW_INTERVAL, KW_INTERVAL),
	F("MIXEDCASE", KW_MIXEDCASE, KW_MIXEDCASE),
	F("NOMIXEDCASE", KW_NOMIXEDCASE, KW_MIXEDCASE),
};
static TAB(setr_pw, setr_pw_defs);

static const struct kwdef setropts_defs[] = {
	S("PASSWORD", KW_PASSWORD, KW_PASSWORD, setr_pw),
	F("LIST", KW_LIST, KW_LIST),
};
TAB(parse_setropts, setropts_defs);

/*
 * The keyword of tab that word names: itself, or the one keyword it
 * is a prefix of.  NULL with err set when there is none or several.
 */
static const struct kwdef *
parse_match(const struct kwtab *tab, const char *word, char *err,
    size_t errlen)
{
	const struct kwdef *found = NULL;
	size_t i, n = strlen(word), hits = 0;

	for (i = 0; i < tab->kt_n; i++) {
		if (strcmp(tab->kt_defs[i].kd_name, word) == 0)
			return &tab->kt_defs[i];
		if (n > 0 && strncmp(tab->kt_defs[i].kd_name, word, n) == 0) {
			found = &tab->kt_defs[i];
			hits++;
		}
	}
	if (hits == 1)
		return found;
	if (hits > 1)
		snprintf(err, errlen, "IKJ56703I AMBIGUOUS KEYWORD, %.40s",
		    word);
	else
		snprintf(err, errlen, "IKJ56712I INVALID KEYWORD, %.40s",
		    word);
	return NULL;
}

int
parse_is_keyword(const struct kwtab *tab, const char *word)
{
	char err[128];

	return parse_match(tab, word, err, sizeof(err)) != NULL;
}

static int
parse_is_value(const struct lx_node *n)
{
	return n->ln_kind == LX_STRING ||
	    (n->ln_kind == LX_WORD && !n->ln_hasargs);
}

/* Check the values given to keyword d: their number and shape. */
static int
parse_values(const struct kwdef *d, const struct lx_node *n, char *err,
    size_t errlen)
{
	const struct lx_node *v;
	size_t nv = lex_count(n->ln_args);

	if (d->kd_type == KT_FLAG && n->ln_hasargs) {
		snprintf(err, errlen, "IKJ56712I INVALID OPERAND, KEYWORD %s "
		    "TAKES NO VALUE", d->kd_name);
		return -1;
	}
	if ((d->kd_type == KT_VALUE || d->kd_type == KT_LIST) && nv == 0) {
		snprintf(err, errlen, "IKJ56701I MISSING VALUE FOR KEYWORD %s",
		    d->kd_name);
		return -1;
	}
	if ((d->kd_type == KT_VALUE || d->kd_type == KT_OPTVALUE) && nv > 1) {
		snprintf(err, errlen, "IKJ56712I TOO MANY VALUES FOR KEYWORD "
		    "%s", d->kd_name);
		return -1;
	}
	if (d->kd_type == KT_SUB)
		return 0;
	for (v = n->ln_args; v != NULL; v = v->ln_next) {
		if (!parse_is_value(v)) {
			snprintf(err, errlen, "IKJ56712I INVALID VALUE FOR "
			    "KEYWORD %s: A LIST OR KEYWORD IS NOT A VALUE",
			    d->kd_name);
			return -1;
		}
	}
	return 0;
}

static int
parse_one(const struct kwtab *tab, const struct lx_node *n,
    struct opset *os, char *err, size_t errlen)
{
	const struct kwdef *d;
	struct operand *op;

	if (n->ln_kind != LX_WORD) {
		snprintf(err, errlen, "IKJ56712I INVALID KEYWORD, %s%.40s%s",
		    n->ln_kind == LX_STRING ? "'" : "(",
		    n->ln_text, n->ln_kind == LX_STRING ? "'" : ")");
		return -1;
	}
	if ((d = parse_match(tab, n->ln_text, err, errlen)) == NULL)
		return -1;
	if (os->os_slot[d->kd_slot] != KW_NONE) {
		if (os->os_slot[d->kd_slot] == d->kd_id)
			snprintf(err, errlen, "IKJ56713I KEYWORD %s SPECIFIED "
			    "MORE THAN ONCE", d->kd_name);
		else
			snprintf(err, errlen, "IKJ56716I KEYWORDS %s AND %s "
			    "ARE MUTUALLY EXCLUSIVE", d->kd_name,
			    os->os_op[os->os_slot[d->kd_slot]].op_name);
		return -1;
	}
	if (parse_values(d, n, err, errlen) == -1)
		return -1;
	os->os_slot[d->kd_slot] = d->kd_id;
	op = &os->os_op[d->kd_id];
	op->op_set = 1;
	op->op_name = d->kd_name;
	op->op_vals = n->ln_args;
	op->op_nvals = lex_count(n->ln_args);
	if (d->kd_type == KT_SUB && n->ln_hasargs)
		return parse_operands(d->kd_sub, n->ln_args, &op->op_sub, err,
		    errlen);
	return 0;
}

int
parse_operands(const struct kwtab *tab, const struct lx_node *n,
    struct opset **out, char *err, size_t errlen)
{
	struct opset *os;

	os = xcalloc(1, sizeof(*os));
	*out = os;
	for (; n != NULL; n = n->ln_next)
		if (parse_one(tab, n, os, err, errlen) == -1)
			return -1;
	return 0;
}

void
parse_free(struct opset *os)
{
	size_t i;

	if (os == NULL)
		return;
	for (i = 0; i < KW__MAX; i++)
		parse_free(os->os_op[i].op_sub);
	free(os);
}

int
opset_has(const struct opset *os, enum kw_id kw)
{
	return os != NULL && os->os_op[kw].op_set;
}

/* The first value of kw, or NULL when kw was not given a value. */
const char *
opset_val(const struct opset *os, enum kw_id kw)
{
	if (os == NULL || !os->os_op[kw].op_set ||
	    os->os_op[kw].op_vals == NULL)
		return NULL;
	return os->os_op[kw].op_vals->ln_text;
}

const struct opset *
opset_sub(const struct opset *os, enum kw_id kw)
{
	return os == NULL ? NULL : os->os_op[kw].op_sub;
}
