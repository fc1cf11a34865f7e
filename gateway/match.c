/*
 * match.c - the built-in syntaxes and matching rules (RFC 4517) and the
 * code that compares values under them.
 *
 * Every rule works on normalised values: a value is first brought to a
 * canonical form (NULL when it does not fit the syntax), then equality
 * is byte equality and ordering a comparison of the canonical forms.
 *
 * String rules follow RFC 4518 loosely: no Unicode mapping or folding,
 * only ASCII case folding for the caseIgnore* rules, and insignificant
 * space handling -- leading and trailing spaces dropped, inner runs of
 * spaces squeezed to one.  Substrings pieces are squeezed but not
 * trimmed, so (cn=john *) does not match "johnny".  numericString rules
 * drop every space, telephoneNumber rules every space and hyphen.
 *
 * Approximate matching (RFC 4511 §4.5.1.7.6 leaves it to the server) is
 * equality with case folded and every space removed for string rules,
 * plain equality for the others.
 */
#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gateway/dn.h"
#include "gateway/schema.h"
#include "utf8.h"
#include "xmalloc.h"

/* How a syntax is brought to canonical form. */
enum match_norm {
	N_STRING,
	N_INTEGER,
	N_BOOLEAN,
	N_DN,
	N_UID,		/* Name And Optional UID */
	N_TIME,
	N_OCTET,
	N_OID,
};

/*
 * N_STRING flags.  S_LIST: lines split at '$', each normalised.  S_TRIM:
 * drop leading and trailing spaces (not in substrings pieces).
 */
#define S_FOLD		0x01u	/* ASCII case folding */
#define S_IA5		0x02u	/* bytes below 0x80 only */
#define S_NUMERIC	0x04u	/* digits and spaces; spaces dropped */
#define S_TEL		0x08u	/* spaces and hyphens dropped */
#define S_LIST		0x10u
#define S_TRIM		0x20u

struct match_impl {
	int		 mi_kind;	/* MATCH_* */
	enum match_norm	 mi_norm;
	unsigned int	 mi_flags;
	int		 mi_first;	/* values are descriptions; compare
					   their first component */
};

enum {
	MI_CI_EQ, MI_CI_ORD, MI_CI_SUB,
	MI_CE_EQ, MI_CE_ORD, MI_CE_SUB,
	MI_IA5_CI_EQ, MI_IA5_CE_EQ, MI_IA5_CI_SUB,
	MI_NUM_EQ, MI_NUM_ORD, MI_NUM_SUB,
	MI_LIST_EQ, MI_LIST_SUB,
	MI_TEL_EQ, MI_TEL_SUB,
	MI_BOOL_EQ, MI_INT_EQ, MI_INT_ORD, MI_INT_FIRST,
	MI_DN_EQ, MI_UID_EQ, MI_OID_EQ, MI_OID_FIRST,
	MI_OCT_EQ, MI_OCT_ORD, MI_TIME_EQ, MI_TIME_ORD,
};

static const struct match_impl match_impls[] = {
	[MI_CI_EQ] =	{ MATCH_EQUALITY, N_STRING, S_FOLD, 0 },
	[MI_CI_ORD] =	{ MATCH_ORDERING, N_STRING, S_FOLD, 0 },
	[MI_CI_SUB] =	{ MATCH_SUBSTRINGS, N_STRING, S_FOLD, 0 },
	[MI_CE_EQ] =	{ MATCH_EQUALITY, N_STRING, 0, 0 },
	[MI_CE_ORD] =	{ MATCH_ORDERING, N_STRING, 0, 0 },
	[MI_CE_SUB] =	{ MATCH_SUBSTRINGS, N_STRING, 0, 0 },
	[MI_IA5_CI_EQ] = { MATCH_EQUALITY, N_STRING, S_FOLD | S_IA5, 0 },
	[MI_IA5_CE_EQ] = { MATCH_EQUALITY, N_STRING, S_IA5, 0 },
	[MI_IA5_CI_SUB] = { MATCH_SUBSTRINGS, N_STRING, S_FOLD | S_IA5, 0 },
	[MI_NUM_EQ] =	{ MATCH_EQUALITY, N_STRING, S_NUMERIC, 0 },
	[MI_NUM_ORD] =	{ MATCH_ORDERING, N_STRING, S_NUMERIC, 0 },
	[MI_NUM_SUB] =	{ MATCH_SUBSTRINGS, N_STRING, S_NUMERIC, 0 },
	[MI_LIST_EQ] =	{ MATCH_EQUALITY, N_STRING, S_FOLD | S_LIST, 0 },
	[MI_LIST_SUB] =	{ MATCH_SUBSTRINGS, N_STRING, S_FOLD, 0 },
	[MI_TEL_EQ] =	{ MATCH_EQUALITY, N_STRING, S_FOLD | S_TEL, 0 },
	[MI_TEL_SUB] =	{ MATCH_SUBSTRINGS, N_STRING, S_FOLD | S_TEL, 0 },
	[MI_BOOL_EQ] =	{ MATCH_EQUALITY, N_BOOLEAN, 0, 0 },
	[MI_INT_EQ] =	{ MATCH_EQUALITY, N_INTEGER, 0, 0 },
	[MI_INT_ORD] =	{ MATCH_ORDERING, N_INTEGER, 0, 0 },
	[MI_INT_FIRST] = { MATCH_EQUALITY, N_INTEGER, 0, 1 },
	[MI_DN_EQ] =	{ MATCH_EQUALITY, N_DN, 0, 0 },
	[MI_UID_EQ] =	{ MATCH_EQUALITY, N_UID, 0, 0 },
	[MI_OID_EQ] =	{ MATCH_EQUALITY, N_OID, 0, 0 },
	[MI_OID_FIRST] = { MATCH_EQUALITY, N_OID, 0, 1 },
	[MI_OCT_EQ] =	{ MATCH_EQUALITY, N_OCTET, 0, 0 },
	[MI_OCT_ORD] =	{ MATCH_ORDERING, N_OCTET, 0, 0 },
	[MI_TIME_EQ] =	{ MATCH_EQUALITY, N_TIME, 0, 0 },
	[MI_TIME_ORD] =	{ MATCH_ORDERING, N_TIME, 0, 0 },
};

#define SX(n)	"1.3.6.1.4.1.1466.115.121.1." #n

static const struct match_syntax_def match_syntaxes[] = {
	{ SX(3), "Attribute Type Description", 0 },
	{ SX(5), "Binary", 1 },
	{ SX(6), "Bit String", 0 },
	{ SX(7), "Boolean", 0 },
	{ SX(11), "Country String", 0 },
	{ SX(12), "DN", 0 },
	{ SX(14), "Delivery Method", 0 },
	{ SX(15), "Directory String", 0 },
	{ SX(16), "DIT Content Rule Description", 0 },
	{ SX(17), "DIT Structure Rule Description", 0 },
	{ SX(22), "Facsimile Telephone Number", 0 },
	{ SX(24), "Generalized Time", 0 },
	{ SX(25), "Guide", 0 },
	{ SX(26), "IA5 String", 0 },
	{ SX(27), "INTEGER", 0 },
	{ SX(30), "Matching Rule Description", 0 },
	{ SX(31), "Matching Rule Use Description", 0 },
	{ SX(34), "Name And Optional UID", 0 },
	{ SX(35), "Name Form Description", 0 },
	{ SX(36), "Numeric String", 0 },
	{ SX(37), "Object Class Description", 0 },
	{ SX(38), "OID", 0 },
	{ SX(39), "Other Mailbox", 0 },
	{ SX(40), "Octet String", 1 },
	{ SX(41), "Postal Address", 0 },
	{ SX(44), "Printable String", 0 },
	{ SX(50), "Telephone Number", 0 },
	{ SX(51), "Teletex Terminal Identifier", 0 },
	{ SX(52), "Telex Number", 0 },
	{ SX(54), "LDAP Syntax Description", 0 },
	{ SX(58), "Substring Assertion", 0 },
};

static const struct match_rule_def match_rules[] = {
	{ "2.5.13.0", "objectIdentifierMatch", SX(38), MI_OID_EQ },
	{ "2.5.13.1", "distinguishedNameMatch", SX(12), MI_DN_EQ },
	{ "2.5.13.2", "caseIgnoreMatch", SX(15), MI_CI_EQ },
	{ "2.5.13.3", "caseIgnoreOrderingMatch", SX(15), MI_CI_ORD },
	{ "2.5.13.4", "caseIgnoreSubstringsMatch", SX(58), MI_CI_SUB },
	{ "2.5.13.5", "caseExactMatch", SX(15), MI_CE_EQ },
	{ "2.5.13.6", "caseExactOrderingMatch", SX(15), MI_CE_ORD },
	{ "2.5.13.7", "caseExactSubstringsMatch", SX(58), MI_CE_SUB },
	{ "2.5.13.8", "numericStringMatch", SX(36), MI_NUM_EQ },
	{ "2.5.13.9", "numericStringOrderingMatch", SX(36), MI_NUM_ORD },
	{ "2.5.13.10", "numericStringSubstringsMatch", SX(58), MI_NUM_SUB },
	{ "2.5.13.11", "caseIgnoreListMatch", SX(41), MI_LIST_EQ },
	{ "2.5.13.12", "caseIgnoreListSubstringsMatch", SX(58),
	    MI_LIST_SUB },
	{ "2.5.13.13", "booleanMatch", SX(7), MI_BOOL_EQ },
	{ "2.5.13.14", "integerMatch", SX(27), MI_INT_EQ },
	{ "2.5.13.15", "integerOrderingMatch", SX(27), MI_INT_ORD },
	{ "2.5.13.17", "octetStringMatch", SX(40), MI_OCT_EQ },
	{ "2.5.13.18", "octetStringOrderingMatch", SX(40), MI_OCT_ORD },
	{ "2.5.13.20", "telephoneNumberMatch", SX(50), MI_TEL_EQ },
	{ "2.5.13.21", "telephoneNumberSubstringsMatch", SX(58),
	    MI_TEL_SUB },
	{ "2.5.13.23", "uniqueMemberMatch", SX(34), MI_UID_EQ },
	{ "2.5.13.27", "generalizedTimeMatch", SX(24), MI_TIME_EQ },
	{ "2.5.13.28", "generalizedTimeOrderingMatch", SX(24), MI_TIME_ORD },
	{ "2.5.13.29", "integerFirstComponentMatch", SX(27), MI_INT_FIRST },
	{ "2.5.13.30", "objectIdentifierFirstComponentMatch", SX(38),
	    MI_OID_FIRST },
	{ "1.3.6.1.4.1.1466.109.114.1", "caseExactIA5Match", SX(26),
	    MI_IA5_CE_EQ },
	{ "1.3.6.1.4.1.1466.109.114.2", "caseIgnoreIA5Match", SX(26),
	    MI_IA5_CI_EQ },
	{ "1.3.6.1.4.1.1466.109.114.3", "caseIgnoreIA5SubstringsMatch",
	    SX(58), MI_IA5_CI_SUB },
};

const struct match_syntax_def *
match_builtin_syntaxes(size_t *n)
{
	*n = sizeof(match_syntaxes) / sizeof(*match_syntaxes);
	return match_syntaxes;
}

const struct match_rule_def *
match_builtin_rules(size_t *n)
{
	*n = sizeof(match_rules) / sizeof(*match_rules);
	return match_rules;
}

static const struct match_impl *
match_impl(const struct schema_mr *mr)
{
	return &match_impls[mr->mr_impl];
}

int
match_rule_kind(const struct schema_mr *mr)
{
	return match_impl(mr)->mi_kind;
}

/* Normalisers: each fills out (malloc'ed, NUL-terminated) or fails. */

static int
match_out(struct berval *out, const char *s, size_t len)
{
	out->bv_val = xmalloc(len + 1);
	memcpy(out->bv_val, s, len);
	out->bv_val[len] = '\0';
	out->bv_len = len;
	return 0;
}

/* One line of a string syntax, written into w; returns its length. */
static size_t
match_norm_line(const char *s, size_t len, unsigned int flags, char *w)
{
	size_t i, n = 0;
	int space = 0;
	char c;

	for (i = 0; i < len; i++) {
		c = s[i];
		if (c == ' ' && (flags & (S_NUMERIC | S_TEL)))
			continue;
		if (c == '-' && (flags & S_TEL))
			continue;
		if (c == ' ') {
			space = 1;
			continue;
		}
		/* A run of spaces counts once, and not at the start when
		   trimming. */
		if (space && (n > 0 || !(flags & S_TRIM)))
			w[n++] = ' ';
		space = 0;
		w[n++] = (flags & S_FOLD) ? tolower((unsigned char)c) : c;
	}
	if (space && !(flags & S_TRIM))
		w[n++] = ' ';
	return n;
}

static int
match_norm_string(const struct berval *in, unsigned int flags,
    struct berval *out)
{
	const char *line, *end, *dollar;
	size_t i;
	char *w;

	if (memchr(in->bv_val, '\0', in->bv_len) != NULL)
		return -1;
	for (i = 0; i < in->bv_len; i++) {
		if ((flags & S_IA5) && (unsigned char)in->bv_val[i] >= 0x80)
			return -1;
		if ((flags & S_NUMERIC) && !isdigit((unsigned char)
		    in->bv_val[i]) && in->bv_val[i] != ' ')
			return -1;
	}
	if (!(flags & S_IA5) && !utf8_valid(in->bv_val, in->bv_len))
		return -1;
	w = out->bv_val = xmalloc(in->bv_len + 1);
	line = in->bv_val;
	end = in->bv_val + in->bv_len;
	for (;;) {
		dollar = (flags & S_LIST) ? memchr(line, '$', end - line) :
		    NULL;
		w += match_norm_line(line, (dollar != NULL ? dollar : end) -
		    line, flags, w);
		if (dollar == NULL)
			break;
		*w++ = '$';
		line = dollar + 1;
	}
	*w = '\0';
	out->bv_len = w - out->bv_val;
	return 0;
}

/* INTEGER: [-] digits; leading zeros are dropped, "-0" is "0". */
static int
match_norm_integer(const struct berval *in, struct berval *out)
{
	const char *s = in->bv_val, *end = in->bv_val + in->bv_len;
	int neg = 0;
	size_t i;

	if (s < end && *s == '-') {
		neg = 1;
		s++;
	}
	if (s == end)
		return -1;
	for (i = 0; s + i < end; i++)
		if (!isdigit((unsigned char)s[i]))
			return -1;
	while (s + 1 < end && *s == '0')
		s++;
	if (*s == '0')
		neg = 0;
	out->bv_val = xmalloc(end - s + 2);
	out->bv_len = 0;
	if (neg)
		out->bv_val[out->bv_len++] = '-';
	memcpy(out->bv_val + out->bv_len, s, end - s);
	out->bv_len += end - s;
	out->bv_val[out->bv_len] = '\0';
	return 0;
}

static int
match_norm_boolean(const struct berval *in, struct berval *out)
{
	/* RFC 4517 §3.3.3 spells them in capitals; clients do not always. */
	if (in->bv_len == 4 && strncasecmp(in->bv_val, "TRUE", 4) == 0)
		return match_out(out, "TRUE", 4);
	if (in->bv_len == 5 && strncasecmp(in->bv_val, "FALSE", 5) == 0)
		return match_out(out, "FALSE", 5);
	return -1;
}

/*
 * A DN value in a DN ("owner=cn=x,o=y,dc=com") is a DN normalised in
 * turn, once when the outer DN is parsed and again in its normal form:
 * the work doubles with each level of nesting and the stack grows with
 * it, so a 200-byte "owner=owner=owner=..." held a connection for hours.
 * RFC 4514 sets no bound; no name needs more than a few levels, and a
 * deeper one does not normalise (invalidDNSyntax).
 */
#define MATCH_DN_NEST_MAX	4

static _Thread_local unsigned int match_dn_nest;

static int
match_norm_dn(const struct schema_mr *mr, const struct berval *in,
    struct berval *out)
{
	const char *why;
	int rc;

	if (match_dn_nest >= MATCH_DN_NEST_MAX)
		return -1;
	match_dn_nest++;
	rc = dn_normalize_str(in->bv_val, in->bv_len, mr->mr_schema,
	    &out->bv_val, &why);
	match_dn_nest--;
	if (rc == -1)
		return -1;
	out->bv_len = strlen(out->bv_val);
	return 0;
}

/* Name And Optional UID (RFC 4517 §3.3.21): dn [ "#" "'" bits "'B" ]. */
static int
match_norm_uid(const struct schema_mr *mr, const struct berval *in,
    struct berval *out)
{
	struct berval dn = *in, ndn;
	const char *hash = NULL, *p;
	size_t i;

	for (i = 0; i < in->bv_len; i++)
		if (in->bv_val[i] == '#')
			hash = in->bv_val + i;
	if (hash != NULL && hash + 3 <= in->bv_val + in->bv_len - 1 &&
	    hash[1] == '\'' && in->bv_val[in->bv_len - 2] == '\'' &&
	    in->bv_val[in->bv_len - 1] == 'B') {
		for (p = hash + 2; *p == '0' || *p == '1'; p++)
			;
		if (p == in->bv_val + in->bv_len - 2)
			dn.bv_len = hash - in->bv_val;
		else
			hash = NULL;
	} else
		hash = NULL;
	if (match_norm_dn(mr, &dn, &ndn) == -1)
		return -1;
	if (hash == NULL) {
		*out = ndn;
		return 0;
	}
	xasprintf(&out->bv_val, "%s%.*s", ndn.bv_val,
	    (int)(in->bv_val + in->bv_len - hash), hash);
	out->bv_len = strlen(out->bv_val);
	free(ndn.bv_val);
	return 0;
}

/* OID: a numeric OID as is, a descriptor as the OID it names in the
   schema, or folded to lower case when it names nothing. */
static int
match_norm_oid(const struct schema_mr *mr, const struct berval *in,
    struct berval *out)
{
	const struct schema_at *at;
	const struct schema_oc *oc;
	const struct schema_mr *rule;
	size_t i;
	char *name;

	if (in->bv_len == 0)
		return -1;
	if (isdigit((unsigned char)in->bv_val[0])) {
		for (i = 0; i < in->bv_len; i++)
			if (!isdigit((unsigned char)in->bv_val[i]) &&
			    (in->bv_val[i] != '.' || i + 1 == in->bv_len ||
			    in->bv_val[i + 1] == '.'))
				return -1;
		return match_out(out, in->bv_val, in->bv_len);
	}
	for (i = 0; i < in->bv_len; i++)
		if (!isalnum((unsigned char)in->bv_val[i]) &&
		    (in->bv_val[i] != '-' || i == 0))
			return -1;
	name = xstrndup(in->bv_val, in->bv_len);
	if ((oc = schema_find_oc(mr->mr_schema, name)) != NULL)
		match_out(out, oc->oc_oid, strlen(oc->oc_oid));
	else if ((at = schema_find_at(mr->mr_schema, name)) != NULL)
		match_out(out, at->at_oid, strlen(at->at_oid));
	else if ((rule = schema_find_mr(mr->mr_schema, name)) != NULL)
		match_out(out, rule->mr_oid, strlen(rule->mr_oid));
	else {
		match_out(out, name, in->bv_len);
		for (i = 0; i < out->bv_len; i++)
			out->bv_val[i] = tolower((unsigned char)
			    out->bv_val[i]);
	}
	free(name);
	return 0;
}

/*
 * Generalized Time (RFC 4517 §3.3.13):
 *	YYYYMMDDHH [MM [SS]] [(.|,) fraction] (Z | (+|-) hh [mm])
 * The fraction belongs to the last unit given.  The canonical form is
 * UTC, every unit present, the fraction of a second without trailing
 * zeros: "YYYYMMDDHHMMSS[.f]Z".
 */
struct match_time {
	int64_t		 mt_secs;	/* since 1970, UTC */
	uint32_t	 mt_ns;
};

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static int64_t
match_days_from_civil(int64_t y, unsigned int m, unsigned int d)
{
	int64_t era;
	unsigned int yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned int)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void
match_civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era;
	unsigned int doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned int)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* n digits at *p as a number in [lo, hi], advancing *p; -1 otherwise. */
static int
match_digits(const char **p, const char *end, int n, int lo, int hi)
{
	int v = 0, i;

	if (end - *p < n)
		return -1;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	if (v < lo || v > hi)
		return -1;
	*p += n;
	return v;
}

/* Fraction digits as nanoseconds (later digits are ignored). */
static int
match_fraction(const char **p, const char *end, uint64_t *ns)
{
	uint64_t scale = 100000000;
	const char *start = *p;

	*ns = 0;
	for (; *p < end && isdigit((unsigned char)**p); (*p)++) {
		*ns += (uint64_t)(**p - '0') * scale;
		scale /= 10;
	}
	return *p == start ? -1 : 0;
}

static int
match_time_zone(const char **p, const char *end, int64_t *offset)
{
	int sign, hh, mm = 0;

	if (*p < end && **p == 'Z') {
		(*p)++;
		*offset = 0;
		return 0;
	}
	if (*p == end || (**p != '+' && **p != '-'))
		return -1;
	sign = *(*p)++ == '-' ? -1 : 1;
	if ((hh = match_digits(p, end, 2, 0, 23)) == -1)
		return -1;
	if (*p < end && (mm = match_digits(p, end, 2, 0, 59)) == -1)
		return -1;
	*offset = sign * (hh * 3600 + mm * 60);
	return 0;
}

static int
match_time_parse(const struct berval *in, struct match_time *t)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	const char *p = in->bv_val, *end = in->bv_val + in->bv_len;
	int y, mo, d, h, mi = 0, s = 0, unit = 3600;
	uint64_t ns = 0;
	int64_t offset;

	if ((y = match_digits(&p, end, 4, 0, 9999)) == -1 ||
	    (mo = match_digits(&p, end, 2, 1, 12)) == -1 ||
	    (d = match_digits(&p, end, 2, 1, mdays[mo - 1])) == -1 ||
	    (h = match_digits(&p, end, 2, 0, 23)) == -1)
		return -1;
	if (mo == 2 && d == 29 && (y % 4 != 0 ||
	    (y % 100 == 0 && y % 400 != 0)))
		return -1;
	if (p < end && isdigit((unsigned char)*p)) {
		if ((mi = match_digits(&p, end, 2, 0, 59)) == -1)
			return -1;
		unit = 60;
		if (p < end && isdigit((unsigned char)*p)) {
			if ((s = match_digits(&p, end, 2, 0, 60)) == -1)
				return -1;
			unit = 1;
		}
	}
	if (p < end && (*p == '.' || *p == ',')) {
		p++;
		if (match_fraction(&p, end, &ns) == -1)
			return -1;
		ns *= (uint64_t)unit;
	}
	if (match_time_zone(&p, end, &offset) == -1 || p != end)
		return -1;
	t->mt_secs = match_days_from_civil(y, (unsigned int)mo,
	    (unsigned int)d) * 86400 + h * 3600 + mi * 60 + s - offset +
	    (int64_t)(ns / 1000000000u);
	t->mt_ns = (uint32_t)(ns % 1000000000u);
	return 0;
}

static int
match_norm_time(const struct berval *in, struct berval *out)
{
	struct match_time t;
	int64_t days, rem;
	int y, m, d, n;
	char frac[16];

	if (match_time_parse(in, &t) == -1)
		return -1;
	days = t.mt_secs / 86400;
	rem = t.mt_secs % 86400;
	if (rem < 0) {
		rem += 86400;
		days--;
	}
	match_civil_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999)
		return -1;
	frac[0] = '\0';
	if (t.mt_ns != 0) {
		n = snprintf(frac, sizeof(frac), ".%09u", t.mt_ns);
		while (frac[n - 1] == '0')
			frac[--n] = '\0';
	}
	xasprintf(&out->bv_val, "%04d%02d%02d%02d%02d%02d%sZ", y, m, d,
	    (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60), frac);
	out->bv_len = strlen(out->bv_val);
	return 0;
}

static int
match_cmp_octets(const struct berval *a, const struct berval *b)
{
	size_t n = a->bv_len < b->bv_len ? a->bv_len : b->bv_len;
	int c;

	if (n > 0 && (c = memcmp(a->bv_val, b->bv_val, n)) != 0)
		return c;
	return a->bv_len < b->bv_len ? -1 : a->bv_len > b->bv_len;
}

/* Canonical times: the 14 digits, then the fraction digits, which
   compare as strings ("" < "05" < "5": trailing zeros are gone). */
static int
match_cmp_time(const struct berval *a, const struct berval *b)
{
	struct berval fa = { 0, NULL }, fb = { 0, NULL };
	int c;

	if ((c = memcmp(a->bv_val, b->bv_val, 14)) != 0)
		return c;
	if (a->bv_val[14] == '.') {
		fa.bv_val = a->bv_val + 15;
		fa.bv_len = a->bv_len - 16;
	}
	if (b->bv_val[14] == '.') {
		fb.bv_val = b->bv_val + 15;
		fb.bv_len = b->bv_len - 16;
	}
	return match_cmp_octets(&fa, &fb);
}

static int
match_cmp_integer(const struct berval *a, const struct berval *b)
{
	int na = a->bv_val[0] == '-', nb = b->bv_val[0] == '-', c;

	if (na != nb)
		return na ? -1 : 1;
	if (a->bv_len != b->bv_len)
		c = a->bv_len < b->bv_len ? -1 : 1;
	else
		c = memcmp(a->bv_val, b->bv_val, a->bv_len);
	return na ? -c : c;
}

/* Dispatch */

/* The first component of a description: "( 2.5.4.3 NAME ..." */
static int
match_first_component(const struct berval *in, struct berval *first)
{
	const char *p = in->bv_val, *end = in->bv_val + in->bv_len;

	while (p < end && *p == ' ')
		p++;
	if (p == end || *p++ != '(')
		return -1;
	while (p < end && *p == ' ')
		p++;
	first->bv_val = (char *)p;
	while (p < end && *p != ' ' && *p != ')')
		p++;
	first->bv_len = p - first->bv_val;
	return first->bv_len > 0 ? 0 : -1;
}

/*
 * Normalise in under mr.  how: 'v' a stored value, 'a' an assertion,
 * 'p' a substrings piece (not trimmed).
 */
static int
match_norm(const struct schema_mr *mr, const struct berval *in, int how,
    struct berval *out)
{
	const struct match_impl *mi = match_impl(mr);
	struct berval first;

	if (mi->mi_first && how == 'v') {
		if (match_first_component(in, &first) == -1)
			return -1;
		in = &first;
	}
	switch (mi->mi_norm) {
	case N_STRING:
		return match_norm_string(in, mi->mi_flags |
		    (how == 'p' ? 0 : S_TRIM), out);
	case N_INTEGER:
		return match_norm_integer(in, out);
	case N_BOOLEAN:
		return match_norm_boolean(in, out);
	case N_DN:
		return match_norm_dn(mr, in, out);
	case N_UID:
		return match_norm_uid(mr, in, out);
	case N_TIME:
		return match_norm_time(in, out);
	case N_OCTET:
		return match_out(out, in->bv_val, in->bv_len);
	case N_OID:
		return match_norm_oid(mr, in, out);
	}
	return -1;
}

static int
match_cmp(const struct schema_mr *mr, const struct berval *a,
    const struct berval *b)
{
	switch (match_impl(mr)->mi_norm) {
	case N_INTEGER:
		return match_cmp_integer(a, b);
	case N_TIME:
		return match_cmp_time(a, b);
	default:
		return match_cmp_octets(a, b);
	}
}

/* Both sides normalised, then compared: -2 when either does not fit. */
static int
match_compare(const struct schema_mr *mr, const struct berval *value,
    const struct berval *assertion)
{
	struct berval nv, na;
	int c;

	if (match_norm(mr, assertion, 'a', &na) == -1)
		return -2;
	if (match_norm(mr, value, 'v', &nv) == -1) {
		free(na.bv_val);
		return -2;
	}
	c = match_cmp(mr, &nv, &na);
	free(nv.bv_val);
	free(na.bv_val);
	return c < 0 ? -1 : c > 0;
}

int
match_equal(const struct schema_mr *mr, const struct berval *value,
    const struct berval *assertion)
{
	int c;

	if (mr == NULL || match_rule_kind(mr) == MATCH_SUBSTRINGS)
		return -1;
	if ((c = match_compare(mr, value, assertion)) == -2)
		return -1;
	return c == 0;
}

int
match_order(const struct schema_mr *mr, const struct berval *value,
    const struct berval *assertion, int ge)
{
	int c;

	if (mr == NULL || match_rule_kind(mr) == MATCH_SUBSTRINGS)
		return -1;
	if ((c = match_compare(mr, value, assertion)) == -2)
		return -1;
	return ge ? c >= 0 : c <= 0;
}

/* Case folded, every space dropped: the approximate form of a string. */
static void
match_squash(struct berval *bv)
{
	size_t i, n = 0;

	for (i = 0; i < bv->bv_len; i++)
		if (bv->bv_val[i] != ' ')
			bv->bv_val[n++] = tolower((unsigned char)
			    bv->bv_val[i]);
	bv->bv_val[n] = '\0';
	bv->bv_len = n;
}

int
match_approx(const struct schema_mr *mr, const struct berval *value,
    const struct berval *assertion)
{
	struct berval nv, na;
	int rc;

	if (mr == NULL || match_rule_kind(mr) == MATCH_SUBSTRINGS)
		return -1;
	if (match_impl(mr)->mi_norm != N_STRING)
		return match_equal(mr, value, assertion);
	if (match_norm(mr, assertion, 'a', &na) == -1)
		return -1;
	if (match_norm(mr, value, 'v', &nv) == -1) {
		free(na.bv_val);
		return -1;
	}
	match_squash(&nv);
	match_squash(&na);
	rc = nv.bv_len == na.bv_len &&
	    memcmp(nv.bv_val, na.bv_val, nv.bv_len) == 0;
	free(nv.bv_val);
	free(na.bv_val);
	return rc;
}

int
match_assertion_ok(const struct schema_mr *mr, const struct berval *a)
{
	struct berval n;

	if (match_norm(mr, a, match_rule_kind(mr) == MATCH_SUBSTRINGS ?
	    'p' : 'a', &n) == -1)
		return 0;
	free(n.bv_val);
	return 1;
}

char *
match_normalize(const struct schema_mr *mr, const struct berval *value)
{
	struct berval n;

	if (mr == NULL || match_norm(mr, value, 'v', &n) == -1)
		return NULL;
	return n.bv_val;
}

/* Does the normalised piece occur in v[*pos, end)?  Moves *pos past it. */
static int
match_find(const struct berval *v, size_t *pos, size_t end,
    const struct berval *piece)
{
	size_t i;

	if (piece->bv_len == 0)
		return 1;
	for (i = *pos; i + piece->bv_len <= end; i++) {
		if (memcmp(v->bv_val + i, piece->bv_val, piece->bv_len) == 0) {
			*pos = i + piece->bv_len;
			return 1;
		}
	}
	return 0;
}

/* RFC 4511 §4.5.1.7.2 on normalised value and pieces. */
static int
match_substrings_norm(const struct berval *v, const struct berval *init,
    const struct berval *any, size_t nany, const struct berval *fin)
{
	size_t pos = 0, end = v->bv_len, i;

	if (init != NULL) {
		if (init->bv_len > end ||
		    memcmp(v->bv_val, init->bv_val, init->bv_len) != 0)
			return 0;
		pos = init->bv_len;
	}
	if (fin != NULL) {
		if (fin->bv_len > end - pos || memcmp(v->bv_val + end -
		    fin->bv_len, fin->bv_val, fin->bv_len) != 0)
			return 0;
		end -= fin->bv_len;
	}
	for (i = 0; i < nany; i++)
		if (!match_find(v, &pos, end, &any[i]))
			return 0;
	return 1;
}

int
match_substrings(const struct schema_mr *mr, const struct berval *value,
    const struct berval *initial, const struct berval *any, size_t nany,
    const struct berval *final)
{
	struct berval nv, ni = { 0, NULL }, nf = { 0, NULL }, *na;
	size_t i, done = 0;
	int rc = -1;

	if (mr == NULL || match_rule_kind(mr) != MATCH_SUBSTRINGS ||
	    match_norm(mr, value, 'v', &nv) == -1)
		return -1;
	na = xcalloc(nany + 1, sizeof(*na));
	if ((initial->bv_val != NULL &&
	    match_norm(mr, initial, 'p', &ni) == -1) ||
	    (final->bv_val != NULL && match_norm(mr, final, 'p', &nf) == -1))
		goto out;
	for (done = 0; done < nany; done++)
		if (match_norm(mr, &any[done], 'p', &na[done]) == -1)
			goto out;
	rc = match_substrings_norm(&nv, ni.bv_val != NULL ? &ni : NULL, na,
	    nany, nf.bv_val != NULL ? &nf : NULL);
out:
	for (i = 0; i < done; i++)
		free(na[i].bv_val);
	free(na);
	free(ni.bv_val);
	free(nf.bv_val);
	free(nv.bv_val);
	return rc;
}

/*
 * caseIgnoreMatch outside any registry: DNs parsed without a schema, and
 * AVAs whose type the schema does not know, compare under it.
 */
const struct schema_mr *
match_case_ignore_rule(void)
{
	static struct schema_mr mr = {
		.mr_oid = (char *)"2.5.13.2",
		.mr_name = (char *)"caseIgnoreMatch",
		.mr_impl = MI_CI_EQ,
	};

	return &mr;
}
