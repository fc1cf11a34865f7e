/*
 * filter.c - search filters: decoded from BER (RFC 4511 §4.5.1.7),
 * parsed from and printed to strings (RFC 4515), evaluated against
 * entries with three-valued logic.
 *
 * An empty AND or OR set is the absolute true "(&)" or false "(|)" of
 * RFC 4526, accepted in both forms though RFC 4511 says SIZE (1..MAX):
 * clients probe with (&) and the answer is not ambiguous.
 *
 * Attribute descriptions with options ("cn;lang-en") name no attribute
 * an entry here holds, so their items are Undefined (present: FALSE).
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <ldap.h>

#include "utf8.h"
#include "gateway/dn.h"
#include "gateway/entry.h"
#include "gateway/filter.h"
#include "gateway/schema.h"
#include "xmalloc.h"
#include "hex.h"

/* Depth and item bounds of filter_parse(): strings come from our own
   configuration or tests, but a bound keeps recursion finite. */
#define FILTER_PARSE_MAX_DEPTH	64
#define FILTER_PARSE_MAX_ITEMS	4096

void
filter_free(struct filter *f)
{
	size_t i;

	if (f == NULL)
		return;
	for (i = 0; i < f->f_nlist; i++)
		filter_free(f->f_list[i]);
	free(f->f_list);
	filter_free(f->f_not);
	free(f->f_desc);
	free(f->f_value.bv_val);
	free(f->f_initial.bv_val);
	for (i = 0; i < f->f_nany; i++)
		free(f->f_any[i].bv_val);
	free(f->f_any);
	free(f->f_final.bv_val);
	free(f->f_rule);
	free(f);
}

static void
filter_set_bv(struct berval *dst, const char *s, size_t len)
{
	dst->bv_val = xmalloc(len + 1);
	memcpy(dst->bv_val, s, len);
	dst->bv_val[len] = '\0';
	dst->bv_len = len;
}

static void
filter_add_any(struct filter *f, const char *s, size_t len)
{
	f->f_any = xreallocarray(f->f_any, f->f_nany + 1, sizeof(*f->f_any));
	filter_set_bv(&f->f_any[f->f_nany++], s, len);
}

static void
filter_add_child(struct filter *f, struct filter *child)
{
	f->f_list = xreallocarray(f->f_list, f->f_nlist + 1,
	    sizeof(*f->f_list));
	f->f_list[f->f_nlist++] = child;
}

/* Is every assertion value of f valid for rule mr? */
static int
filter_values_ok(const struct filter *f, const struct schema_mr *mr)
{
	size_t i;

	if (mr == NULL)
		return 0;
	switch (f->f_choice) {
	case LDAP_FILTER_SUBSTRINGS:
		if (f->f_initial.bv_val != NULL &&
		    !match_assertion_ok(mr, &f->f_initial))
			return 0;
		if (f->f_final.bv_val != NULL &&
		    !match_assertion_ok(mr, &f->f_final))
			return 0;
		for (i = 0; i < f->f_nany; i++)
			if (!match_assertion_ok(mr, &f->f_any[i]))
				return 0;
		return 1;
	case LDAP_FILTER_PRESENT:
		return 1;
	default:
		return match_assertion_ok(mr, &f->f_value);
	}
}

/*
 * Resolve the attribute (and rule) of an item against the schema.  What
 * cannot be resolved, or an assertion its rule rejects, makes the item
 * Undefined (RFC 4511 §4.5.1.7), never an error.
 */
static void
filter_resolve(struct filter *f, const struct schema *s)
{
	const struct schema_mr *mr = NULL;

	if (f->f_desc != NULL && s != NULL && strchr(f->f_desc, ';') == NULL)
		f->f_at = schema_find_at(s, f->f_desc);
	if (f->f_rule != NULL && s != NULL)
		f->f_mr = schema_find_mr(s, f->f_rule);
	switch (f->f_choice) {
	case LDAP_FILTER_EQUALITY:
	case LDAP_FILTER_APPROX:
		mr = f->f_at != NULL ? f->f_at->at_eq : NULL;
		break;
	case LDAP_FILTER_GE:
	case LDAP_FILTER_LE:
		mr = f->f_at != NULL ? f->f_at->at_ord : NULL;
		break;
	case LDAP_FILTER_SUBSTRINGS:
		mr = f->f_at != NULL ? f->f_at->at_sub : NULL;
		break;
	case LDAP_FILTER_PRESENT:
		return;
	case LDAP_FILTER_EXT:
		if (f->f_rule != NULL)
			mr = f->f_mr;
		else if (f->f_at != NULL)
			mr = f->f_at->at_eq;
		/* No string form carries a substrings assertion here. */
		if (mr != NULL && match_rule_kind(mr) == MATCH_SUBSTRINGS)
			mr = NULL;
		break;
	}
	f->f_undefined = !filter_values_ok(f, mr);
}

/* BER decoding */

struct filter_dec {
	const struct schema	*d_schema;
	unsigned int		 d_max_depth;
	unsigned int		 d_max_items;
	unsigned int		 d_items;
	const char		*d_why;
};

static const char filter_why_depth[] = "filter nests too deep";
static const char filter_why_items[] = "filter has too many items";

int
filter_why_is_limit(const char *why)
{
	return why == filter_why_depth || why == filter_why_items;
}

static int
filter_dec_fail(struct filter_dec *d, const char *why)
{
	if (d->d_why == NULL)
		d->d_why = why;
	return -1;
}

static ber_len_t
filter_remaining(BerElement *ber)
{
	ber_len_t n = 0;

	(void)ber_get_option(ber, LBER_OPT_BER_REMAINING_BYTES, &n);
	return n;
}

/*
 * Enter a constructed element: *end is what will remain once its
 * contents are read, so the caller can tell it consumed exactly them.
 */
static int
filter_dec_enter(struct filter_dec *d, BerElement *ber, ber_len_t *end)
{
	ber_len_t len, rem;

	if (ber_skip_tag(ber, &len) == LBER_DEFAULT ||
	    len > (rem = filter_remaining(ber)))
		return filter_dec_fail(d, "filter element is truncated");
	*end = rem - len;
	return 0;
}

static int
filter_dec_leave(struct filter_dec *d, BerElement *ber, ber_len_t end)
{
	if (filter_remaining(ber) != end)
		return filter_dec_fail(d, "filter element holds more or less "
		    "than its length says");
	return 0;
}

/* A primitive OCTET STRING-like element with tag want, copied. */
static int
filter_dec_octets(struct filter_dec *d, BerElement *ber, ber_tag_t want,
    struct berval *out)
{
	struct berval bv;
	ber_len_t len;

	if (ber_peek_tag(ber, &len) != want)
		return filter_dec_fail(d, "bad tag inside a filter item");
	if (ber_get_stringbv(ber, &bv, LBER_BV_NOTERM) == LBER_DEFAULT)
		return filter_dec_fail(d, "filter element is truncated");
	filter_set_bv(out, bv.bv_val, bv.bv_len);
	return 0;
}

/*
 * Is s an attribute description (RFC 4512 §2.5: a descr or numeric OID
 * and ";option"s) or, without options, a matching rule id, in the
 * characters filter_parse() reads them with?  RFC 4511 §4.1.5 and
 * §4.5.1 constrain the LDAPStrings of a filter to these; anything else
 * could not be printed in a string that reads back (filter_to_string,
 * by which paged.c tells one search from another) and would go raw
 * into logs.
 */
static int
filter_desc_ok(const char *s, int options)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && *s != '-' && *s != '.' &&
		    !(options && *s == ';'))
			return 0;
	return 1;
}

/* A description (a rule id for LDAP_FILTER_EXT_OID) as a C string. */
static int
filter_dec_desc(struct filter_dec *d, BerElement *ber, ber_tag_t want,
    char **out)
{
	struct berval bv;

	if (filter_dec_octets(d, ber, want, &bv) == -1)
		return -1;
	*out = bv.bv_val;
	if (strlen(bv.bv_val) != bv.bv_len)
		return filter_dec_fail(d, "attribute description holds NUL");
	if (!filter_desc_ok(bv.bv_val, want != LDAP_FILTER_EXT_OID))
		return filter_dec_fail(d, want == LDAP_FILTER_EXT_OID ?
		    "malformed matching rule id" :
		    "malformed attribute description");
	return 0;
}

static int	filter_dec(struct filter_dec *, BerElement *, unsigned int,
		    struct filter **);

/*	and [0] SET OF Filter, or [1] SET OF Filter */
static int
filter_dec_set(struct filter_dec *d, BerElement *ber, unsigned int depth,
    struct filter *f)
{
	struct filter *child;
	ber_len_t end;

	if (filter_dec_enter(d, ber, &end) == -1)
		return -1;
	while (filter_remaining(ber) > end) {
		if (filter_dec(d, ber, depth + 1, &child) == -1)
			return -1;
		filter_add_child(f, child);
	}
	return filter_dec_leave(d, ber, end);
}

/*	not [2] Filter */
static int
filter_dec_not(struct filter_dec *d, BerElement *ber, unsigned int depth,
    struct filter *f)
{
	ber_len_t end;

	if (filter_dec_enter(d, ber, &end) == -1 ||
	    filter_dec(d, ber, depth + 1, &f->f_not) == -1)
		return -1;
	return filter_dec_leave(d, ber, end);
}

/*	AttributeValueAssertion ::= SEQUENCE {
 *		attributeDesc   AttributeDescription,
 *		assertionValue  AssertionValue } */
static int
filter_dec_ava(struct filter_dec *d, BerElement *ber, struct filter *f)
{
	ber_len_t end;

	if (filter_dec_enter(d, ber, &end) == -1 ||
	    filter_dec_desc(d, ber, LBER_OCTETSTRING, &f->f_desc) == -1 ||
	    filter_dec_octets(d, ber, LBER_OCTETSTRING, &f->f_value) == -1)
		return -1;
	return filter_dec_leave(d, ber, end);
}

/* One of initial [0], any [1], final [2], in that order. */
static int
filter_dec_piece(struct filter_dec *d, BerElement *ber, struct filter *f)
{
	struct berval bv;
	ber_len_t len;
	ber_tag_t tag;

	tag = ber_peek_tag(ber, &len);
	if (f->f_final.bv_val != NULL || (tag == LDAP_SUBSTRING_INITIAL &&
	    (f->f_initial.bv_val != NULL || f->f_nany > 0)))
		return filter_dec_fail(d, "substrings out of order");
	if (tag != LDAP_SUBSTRING_INITIAL && tag != LDAP_SUBSTRING_ANY &&
	    tag != LDAP_SUBSTRING_FINAL)
		return filter_dec_fail(d, "bad tag in a substrings filter");
	/* Every piece is matched against every value: count it as an
	   item, or one filter of many tiny pieces costs seconds per entry. */
	if (++d->d_items > d->d_max_items)
		return filter_dec_fail(d, filter_why_items);
	if (filter_dec_octets(d, ber, tag, &bv) == -1)
		return -1;
	if (tag == LDAP_SUBSTRING_INITIAL)
		f->f_initial = bv;
	else if (tag == LDAP_SUBSTRING_FINAL)
		f->f_final = bv;
	else {
		filter_add_any(f, bv.bv_val, bv.bv_len);
		free(bv.bv_val);
	}
	return 0;
}

/*	SubstringFilter ::= SEQUENCE {
 *		type           AttributeDescription,
 *		substrings     SEQUENCE SIZE (1..MAX) OF substring CHOICE {
 *			initial [0] AssertionValue,  -- at most once, first
 *			any     [1] AssertionValue,
 *			final   [2] AssertionValue } -- at most once, last
 *	} */
static int
filter_dec_substrings(struct filter_dec *d, BerElement *ber,
    struct filter *f)
{
	ber_len_t end, subend, len;

	if (filter_dec_enter(d, ber, &end) == -1 ||
	    filter_dec_desc(d, ber, LBER_OCTETSTRING, &f->f_desc) == -1)
		return -1;
	if (ber_peek_tag(ber, &len) != LBER_SEQUENCE)
		return filter_dec_fail(d, "bad tag in a substrings filter");
	if (filter_dec_enter(d, ber, &subend) == -1)
		return -1;
	while (filter_remaining(ber) > subend)
		if (filter_dec_piece(d, ber, f) == -1)
			return -1;
	if (f->f_initial.bv_val == NULL && f->f_nany == 0 &&
	    f->f_final.bv_val == NULL)
		return filter_dec_fail(d, "substrings filter without "
		    "substrings");
	if (filter_dec_leave(d, ber, subend) == -1)
		return -1;
	return filter_dec_leave(d, ber, end);
}

/*	MatchingRuleAssertion ::= SEQUENCE {
 *		matchingRule    [1] MatchingRuleId OPTIONAL,
 *		type            [2] AttributeDescription OPTIONAL,
 *		matchValue      [3] AssertionValue,
 *		dnAttributes    [4] BOOLEAN DEFAULT FALSE } */
static int
filter_dec_ext(struct filter_dec *d, BerElement *ber, struct filter *f)
{
	ber_len_t end, len;
	ber_int_t b;

	if (filter_dec_enter(d, ber, &end) == -1)
		return -1;
	if (ber_peek_tag(ber, &len) == LDAP_FILTER_EXT_OID &&
	    filter_dec_desc(d, ber, LDAP_FILTER_EXT_OID, &f->f_rule) == -1)
		return -1;
	if (ber_peek_tag(ber, &len) == LDAP_FILTER_EXT_TYPE &&
	    filter_dec_desc(d, ber, LDAP_FILTER_EXT_TYPE, &f->f_desc) == -1)
		return -1;
	if (filter_dec_octets(d, ber, LDAP_FILTER_EXT_VALUE, &f->f_value)
	    == -1)
		return -1;
	if (filter_remaining(ber) > end &&
	    ber_peek_tag(ber, &len) == LDAP_FILTER_EXT_DNATTRS) {
		if (ber_get_boolean(ber, &b) == LBER_DEFAULT)
			return filter_dec_fail(d, "bad dnAttributes");
		f->f_dnattrs = b != 0;
	}
	if (f->f_rule == NULL && f->f_desc == NULL)
		return filter_dec_fail(d, "extensibleMatch names neither a "
		    "matching rule nor a type");
	return filter_dec_leave(d, ber, end);
}

static int
filter_dec_choice(struct filter_dec *d, BerElement *ber, unsigned int depth,
    struct filter *f)
{
	switch (f->f_choice) {
	case LDAP_FILTER_AND:
	case LDAP_FILTER_OR:
		return filter_dec_set(d, ber, depth, f);
	case LDAP_FILTER_NOT:
		return filter_dec_not(d, ber, depth, f);
	case LDAP_FILTER_EQUALITY:
	case LDAP_FILTER_GE:
	case LDAP_FILTER_LE:
	case LDAP_FILTER_APPROX:
		return filter_dec_ava(d, ber, f);
	case LDAP_FILTER_SUBSTRINGS:
		return filter_dec_substrings(d, ber, f);
	case LDAP_FILTER_PRESENT:
		return filter_dec_desc(d, ber, LDAP_FILTER_PRESENT,
		    &f->f_desc);
	case LDAP_FILTER_EXT:
		return filter_dec_ext(d, ber, f);
	default:
		return filter_dec_fail(d, "unknown filter choice");
	}
}

static int
filter_dec(struct filter_dec *d, BerElement *ber, unsigned int depth,
    struct filter **out)
{
	struct filter *f;
	ber_len_t len;
	ber_tag_t tag;

	*out = NULL;
	if (depth > d->d_max_depth)
		return filter_dec_fail(d, filter_why_depth);
	if (++d->d_items > d->d_max_items)
		return filter_dec_fail(d, filter_why_items);
	if ((tag = ber_peek_tag(ber, &len)) == LBER_DEFAULT)
		return filter_dec_fail(d, "filter is truncated");
	f = xcalloc(1, sizeof(*f));
	f->f_choice = tag;
	if (filter_dec_choice(d, ber, depth, f) == -1) {
		filter_free(f);
		return -1;
	}
	filter_resolve(f, d->d_schema);
	*out = f;
	return 0;
}

int
filter_decode(BerElement *ber, const struct schema *s,
    unsigned int max_depth, unsigned int max_items, struct filter **out,
    const char **why)
{
	struct filter_dec d = { s, max_depth, max_items, 0, NULL };

	if (filter_dec(&d, ber, 1, out) == -1) {
		*why = d.d_why;
		return -1;
	}
	return 0;
}

/* String form (RFC 4515) */

struct filter_parser {
	const char		*p_s;
	const struct schema	*p_schema;
	unsigned int		 p_items;
	const char		*p_why;
};

static int
filter_parse_fail(struct filter_parser *p, const char *why)
{
	if (p->p_why == NULL)
		p->p_why = why;
	return -1;
}

/*
 * valueencoding = 0*(normal / escaped); escaped = ESC HEX HEX.  The
 * caller has already split substrings at '*', so one here is an error,
 * as are '(' and ')' (a ')' ends the value before we get here).
 */
static int
filter_unescape(struct filter_parser *p, const char *s, size_t len,
    struct berval *out)
{
	size_t i, n = 0;
	int hi, lo;
	char *w;

	w = xmalloc(len + 1);
	for (i = 0; i < len; i++) {
		if (s[i] == '(' || s[i] == '*') {
			free(w);
			return filter_parse_fail(p, s[i] == '(' ?
			    "unescaped '(' in a value" :
			    "unescaped '*' in a value");
		}
		if (s[i] != '\\') {
			w[n++] = s[i];
			continue;
		}
		if (i + 2 >= len || (hi = hex_value(s[i + 1])) ==
		    -1 || (lo = hex_value(s[i + 2])) == -1) {
			free(w);
			return filter_parse_fail(p, "bad escape in a value: "
			    "\\ must be followed by two hex digits");
		}
		w[n++] = (char)(hi << 4 | lo);
		i += 2;
	}
	w[n] = '\0';
	out->bv_val = w;
	out->bv_len = n;
	return 0;
}

/* attr [":dn"] [":" rule] ":=" / [":dn"] ":" rule ":=" */
static int
filter_parse_ext(struct filter_parser *p, struct filter *f)
{
	const char *start;
	size_t len;

	f->f_choice = LDAP_FILTER_EXT;
	while (*p->p_s == ':' && p->p_s[1] != '=') {
		start = ++p->p_s;
		while (isalnum((unsigned char)*p->p_s) || *p->p_s == '.' ||
		    *p->p_s == '-')
			p->p_s++;
		len = p->p_s - start;
		if (len == 2 && strncasecmp(start, "dn", 2) == 0 &&
		    !f->f_dnattrs && f->f_rule == NULL)
			f->f_dnattrs = 1;
		else if (len > 0 && f->f_rule == NULL)
			f->f_rule = xstrndup(start, len);
		else
			return filter_parse_fail(p, "bad extensible match: "
			    "expected attr[:dn][:rule]:=value");
	}
	if (strncmp(p->p_s, ":=", 2) != 0)
		return filter_parse_fail(p, "bad extensible match: ':=' is "
		    "missing");
	if (f->f_desc == NULL && f->f_rule == NULL)
		return filter_parse_fail(p, "extensible match names neither "
		    "a matching rule nor a type");
	p->p_s += 2;
	return 0;
}

/* The raw value text: up to the ')' that closes the item. */
static int
filter_raw_value(struct filter_parser *p, const char **s, size_t *len)
{
	const char *close = strchr(p->p_s, ')');

	if (close == NULL)
		return filter_parse_fail(p, "a filter item is not closed");
	*s = p->p_s;
	*len = close - p->p_s;
	p->p_s = close;
	return 0;
}

/* substring = attr "=" [initial] any [final]; any = "*" *(value "*") */
static int
filter_parse_substrings(struct filter_parser *p, struct filter *f,
    const char *s, size_t len)
{
	const char *end = s + len, *star;
	struct berval bv;

	f->f_choice = LDAP_FILTER_SUBSTRINGS;
	star = memchr(s, '*', len);
	if (star > s) {
		if (filter_unescape(p, s, star - s, &f->f_initial) == -1)
			return -1;
	}
	for (s = star + 1; (star = memchr(s, '*', end - s)) != NULL;
	    s = star + 1) {
		if (star == s)
			return filter_parse_fail(p, "two '*' in a row");
		if (filter_unescape(p, s, star - s, &bv) == -1)
			return -1;
		filter_add_any(f, bv.bv_val, bv.bv_len);
		free(bv.bv_val);
	}
	if (s < end && filter_unescape(p, s, end - s, &f->f_final) == -1)
		return -1;
	return 0;
}

/* What follows the attribute: the filter type and the value. */
static int
filter_parse_op(struct filter_parser *p, struct filter *f)
{
	const char *s;
	size_t len;

	if (*p->p_s == ':') {
		if (filter_parse_ext(p, f) == -1)
			return -1;
	} else if (strncmp(p->p_s, "~=", 2) == 0 ||
	    strncmp(p->p_s, ">=", 2) == 0 || strncmp(p->p_s, "<=", 2) == 0) {
		f->f_choice = *p->p_s == '~' ? LDAP_FILTER_APPROX :
		    *p->p_s == '>' ? LDAP_FILTER_GE : LDAP_FILTER_LE;
		p->p_s += 2;
	} else if (*p->p_s == '=') {
		f->f_choice = LDAP_FILTER_EQUALITY;
		p->p_s++;
	} else
		return filter_parse_fail(p, "a filter type (=, ~=, >=, <=, "
		    ":=) is missing");
	if (f->f_desc == NULL && f->f_choice != LDAP_FILTER_EXT)
		return filter_parse_fail(p, "an attribute description is "
		    "missing");
	if (filter_raw_value(p, &s, &len) == -1)
		return -1;
	if (f->f_choice == LDAP_FILTER_EQUALITY && len == 1 && *s == '*') {
		f->f_choice = LDAP_FILTER_PRESENT;
		return 0;
	}
	if (f->f_choice == LDAP_FILTER_EQUALITY && memchr(s, '*', len) != NULL)
		return filter_parse_substrings(p, f, s, len);
	return filter_unescape(p, s, len, &f->f_value);
}

static int
filter_parse_item(struct filter_parser *p, struct filter *f)
{
	const char *start = p->p_s;

	/* attributedescription: oid *( ";" option ), all keychars. */
	while (isalnum((unsigned char)*p->p_s) || *p->p_s == '-' ||
	    *p->p_s == '.' || *p->p_s == ';')
		p->p_s++;
	if (p->p_s > start)
		f->f_desc = xstrndup(start, p->p_s - start);
	else if (*p->p_s != ':')
		return filter_parse_fail(p, "an attribute description is "
		    "missing");
	return filter_parse_op(p, f);
}

static int	filter_parse_one(struct filter_parser *, unsigned int,
		    struct filter **);

static int
filter_parse_comp(struct filter_parser *p, unsigned int depth,
    struct filter *f)
{
	struct filter *child;

	switch (*p->p_s) {
	case '&':
	case '|':
		f->f_choice = *p->p_s++ == '&' ? LDAP_FILTER_AND :
		    LDAP_FILTER_OR;
		while (*p->p_s == '(') {
			if (filter_parse_one(p, depth + 1, &child) == -1)
				return -1;
			filter_add_child(f, child);
		}
		return 0;
	case '!':
		f->f_choice = LDAP_FILTER_NOT;
		p->p_s++;
		if (*p->p_s != '(')
			return filter_parse_fail(p, "'!' must be followed by "
			    "a filter");
		return filter_parse_one(p, depth + 1, &f->f_not);
	default:
		return filter_parse_item(p, f);
	}
}

/* filter = "(" filtercomp ")" */
static int
filter_parse_one(struct filter_parser *p, unsigned int depth,
    struct filter **out)
{
	struct filter *f;

	*out = NULL;
	if (depth > FILTER_PARSE_MAX_DEPTH)
		return filter_parse_fail(p, "filter nests too deep");
	if (++p->p_items > FILTER_PARSE_MAX_ITEMS)
		return filter_parse_fail(p, "filter has too many items");
	if (*p->p_s != '(')
		return filter_parse_fail(p, "a filter must start with '('");
	p->p_s++;
	f = xcalloc(1, sizeof(*f));
	if (filter_parse_comp(p, depth, f) == -1)
		goto fail;
	if (*p->p_s != ')') {
		filter_parse_fail(p, "a filter is not closed by ')'");
		goto fail;
	}
	p->p_s++;
	filter_resolve(f, p->p_schema);
	*out = f;
	return 0;
fail:
	filter_free(f);
	return -1;
}

int
filter_parse(const char *s, const struct schema *schema,
    struct filter **out, const char **why)
{
	struct filter_parser p = { s, schema, 0, NULL };

	if (filter_parse_one(&p, 1, out) == -1) {
		*why = p.p_why;
		return -1;
	}
	if (*p.p_s != '\0') {
		filter_free(*out);
		*out = NULL;
		*why = "text follows the filter";
		return -1;
	}
	return 0;
}

/* Printing */

struct filter_buf {
	char	*b_s;
	size_t	 b_len;
	size_t	 b_cap;
};

static void
filter_put(struct filter_buf *b, const char *s, size_t len)
{
	while (b->b_len + len + 1 > b->b_cap) {
		b->b_cap = b->b_cap == 0 ? 64 : b->b_cap * 2;
		b->b_s = xreallocarray(b->b_s, b->b_cap, 1);
	}
	memcpy(b->b_s + b->b_len, s, len);
	b->b_len += len;
	b->b_s[b->b_len] = '\0';
}

static void
filter_puts(struct filter_buf *b, const char *s)
{
	filter_put(b, s, strlen(s));
}

/*
 * RFC 4515 §3: '*', '(', ')', '\' and NUL must be escaped; we also
 * escape control characters, and every byte >= 0x80 of a value that is
 * not UTF-8, so the string prints safely in a log line.
 */
static void
filter_put_value(struct filter_buf *b, const struct berval *bv)
{
	static const char hex[] = "0123456789abcdef";
	int utf8 = utf8_valid(bv->bv_val, bv->bv_len);
	unsigned char c;
	char esc[3];
	size_t i;

	for (i = 0; i < bv->bv_len; i++) {
		c = (unsigned char)bv->bv_val[i];
		if (c == '*' || c == '(' || c == ')' || c == '\\' ||
		    c < 0x20 || c == 0x7f || (c >= 0x80 && !utf8)) {
			esc[0] = '\\';
			esc[1] = hex[c >> 4];
			esc[2] = hex[c & 0xf];
			filter_put(b, esc, 3);
		} else
			filter_put(b, (const char *)&c, 1);
	}
}

static void
filter_print(struct filter_buf *b, const struct filter *f)
{
	size_t i;

	filter_puts(b, "(");
	switch (f->f_choice) {
	case LDAP_FILTER_AND:
	case LDAP_FILTER_OR:
		filter_puts(b, f->f_choice == LDAP_FILTER_AND ? "&" : "|");
		for (i = 0; i < f->f_nlist; i++)
			filter_print(b, f->f_list[i]);
		break;
	case LDAP_FILTER_NOT:
		filter_puts(b, "!");
		filter_print(b, f->f_not);
		break;
	case LDAP_FILTER_PRESENT:
		filter_puts(b, f->f_desc);
		filter_puts(b, "=*");
		break;
	case LDAP_FILTER_SUBSTRINGS:
		filter_puts(b, f->f_desc);
		filter_puts(b, "=");
		if (f->f_initial.bv_val != NULL)
			filter_put_value(b, &f->f_initial);
		filter_puts(b, "*");
		for (i = 0; i < f->f_nany; i++) {
			filter_put_value(b, &f->f_any[i]);
			filter_puts(b, "*");
		}
		if (f->f_final.bv_val != NULL)
			filter_put_value(b, &f->f_final);
		break;
	case LDAP_FILTER_EXT:
		if (f->f_desc != NULL)
			filter_puts(b, f->f_desc);
		if (f->f_dnattrs)
			filter_puts(b, ":dn");
		if (f->f_rule != NULL) {
			filter_puts(b, ":");
			filter_puts(b, f->f_rule);
		}
		filter_puts(b, ":=");
		filter_put_value(b, &f->f_value);
		break;
	default:
		filter_puts(b, f->f_desc);
		filter_puts(b, f->f_choice == LDAP_FILTER_APPROX ? "~=" :
		    f->f_choice == LDAP_FILTER_GE ? ">=" :
		    f->f_choice == LDAP_FILTER_LE ? "<=" : "=");
		filter_put_value(b, &f->f_value);
		break;
	}
	filter_puts(b, ")");
}

char *
filter_to_string(const struct filter *f)
{
	struct filter_buf b = { NULL, 0, 0 };

	filter_print(&b, f);
	return b.b_s;
}

/* Evaluation (RFC 4511 §4.5.1.7) */

/* Which rule an extensible match applies to a value of type at. */
static const struct schema_mr *
filter_ext_rule(const struct filter *f, const struct schema_at *at)
{
	if (f->f_rule == NULL)
		return at->at_eq;
	/* With only a rule, it applies to the attributes whose syntax is
	   the rule's assertion syntax (RFC 4511 §4.5.1.7.7). */
	if (f->f_at == NULL && at->at_syntax != f->f_mr->mr_syntax &&
	    (at->at_eq == NULL ||
	    at->at_eq->mr_syntax != f->f_mr->mr_syntax))
		return NULL;
	return f->f_mr;
}

/*
 * One value under an extensible match.  An ordering rule asserts that
 * the value is less than the assertion (X.520); a substrings rule has no
 * string form for its assertion here, so it is Undefined.
 */
static int
filter_ext_value(const struct schema_mr *mr, const struct berval *v,
    const struct berval *a)
{
	int r;

	switch (match_rule_kind(mr)) {
	case MATCH_EQUALITY:
		return match_equal(mr, v, a);
	case MATCH_ORDERING:
		r = match_order(mr, v, a, 1);
		return r == -1 ? -1 : !r;
	default:
		return -1;
	}
}

/* Does at take part in item f: the item's type or one of its subtypes
   (RFC 4512 §2.5.1), any type for a rule-only extensible match? */
static int
filter_at_applies(const struct filter *f, const struct schema_at *at)
{
	if (at == NULL)
		return 0;
	if (f->f_at == NULL)
		return f->f_choice == LDAP_FILTER_EXT;
	return schema_at_is_a(at, f->f_at);
}

/* One value of an attribute under item f: 1, 0 or -1. */
static int
filter_value(const struct filter *f, const struct schema_at *at,
    const struct berval *v)
{
	const struct schema_at *ft = f->f_at;
	const struct schema_mr *mr;

	switch (f->f_choice) {
	case LDAP_FILTER_EQUALITY:
		return match_equal(ft->at_eq, v, &f->f_value);
	case LDAP_FILTER_APPROX:
		return match_approx(ft->at_eq, v, &f->f_value);
	case LDAP_FILTER_GE:
	case LDAP_FILTER_LE:
		return match_order(ft->at_ord, v, &f->f_value,
		    f->f_choice == LDAP_FILTER_GE);
	case LDAP_FILTER_SUBSTRINGS:
		return match_substrings(ft->at_sub, v, &f->f_initial,
		    f->f_any, f->f_nany, &f->f_final);
	case LDAP_FILTER_EXT:
		if ((mr = filter_ext_rule(f, at)) == NULL)
			return 0;
		return filter_ext_value(mr, v, &f->f_value);
	}
	return -1;
}

/* The values of the entry's DN, for extensible matches with :dn. */
static int
filter_eval_dn(const struct filter *f, const struct entry *e,
    const struct schema *s)
{
	const struct dn_ava *ava;
	const char *why;
	struct dn *dn;
	size_t i, j;
	int r = FILTER_FALSE;

	if (dn_parse(e->e_dn, strlen(e->e_dn), s, &dn, &why) == -1)
		return FILTER_FALSE;
	for (i = 0; i < dn->dn_nrdns && r != FILTER_TRUE; i++) {
		for (j = 0; j < dn->dn_rdns[i].dr_navas; j++) {
			ava = &dn->dn_rdns[i].dr_avas[j];
			if (filter_at_applies(f, ava->da_at) &&
			    filter_value(f, ava->da_at, &ava->da_value) == 1) {
				r = FILTER_TRUE;
				break;
			}
		}
	}
	dn_free(dn);
	return r;
}

/* Which types the evaluation may look at (NULL fn: all of them). */
struct filter_view {
	filter_readable_fn	*fv_fn;
	const void		*fv_arg;
};

static int
filter_may_read(const struct filter_view *v, const struct schema_at *at)
{
	return v->fv_fn == NULL || v->fv_fn(v->fv_arg, at);
}

/* An item: TRUE when some value of some applicable attribute matches.
   Stored values the rule cannot compare count as no match.  An item on
   a type the view may not read is Undefined, whatever the entry holds,
   so that a filter cannot tell what it may not read. */
static int
filter_eval_item(const struct filter *f, const struct entry *e,
    const struct schema *s, const struct filter_view *v)
{
	const struct attr *a;
	size_t i, j;

	if (f->f_at != NULL && !filter_may_read(v, f->f_at))
		return FILTER_UNDEFINED;
	if (f->f_choice == LDAP_FILTER_PRESENT) {
		for (i = 0; i < e->e_nattrs; i++)
			if (e->e_attrs[i].a_nvals > 0 &&
			    f->f_at != NULL &&
			    schema_at_is_a(e->e_attrs[i].a_at, f->f_at) &&
			    filter_may_read(v, e->e_attrs[i].a_at))
				return FILTER_TRUE;
		return FILTER_FALSE;
	}
	if (f->f_undefined)
		return FILTER_UNDEFINED;
	for (i = 0; i < e->e_nattrs; i++) {
		a = &e->e_attrs[i];
		if (!filter_at_applies(f, a->a_at) ||
		    !filter_may_read(v, a->a_at))
			continue;
		for (j = 0; j < a->a_nvals; j++)
			if (filter_value(f, a->a_at, &a->a_vals[j]) == 1)
				return FILTER_TRUE;
	}
	if (f->f_choice == LDAP_FILTER_EXT && f->f_dnattrs)
		return filter_eval_dn(f, e, s);
	return FILTER_FALSE;
}

static int
filter_eval_view(const struct filter *f, const struct entry *e,
    const struct schema *s, const struct filter_view *v)
{
	size_t i;
	int r, undef = 0;

	switch (f->f_choice) {
	case LDAP_FILTER_AND:
	case LDAP_FILTER_OR:
		/* AND: FALSE wins, OR: TRUE wins; otherwise any Undefined
		   makes the set Undefined.  Empty: (&) TRUE, (|) FALSE. */
		for (i = 0; i < f->f_nlist; i++) {
			r = filter_eval_view(f->f_list[i], e, s, v);
			if (r == (f->f_choice == LDAP_FILTER_AND ?
			    FILTER_FALSE : FILTER_TRUE))
				return r;
			if (r == FILTER_UNDEFINED)
				undef = 1;
		}
		if (undef)
			return FILTER_UNDEFINED;
		return f->f_choice == LDAP_FILTER_AND ? FILTER_TRUE :
		    FILTER_FALSE;
	case LDAP_FILTER_NOT:
		r = filter_eval_view(f->f_not, e, s, v);
		return r == FILTER_UNDEFINED ? r : !r;
	default:
		return filter_eval_item(f, e, s, v);
	}
}

int
filter_eval(const struct filter *f, const struct entry *e,
    const struct schema *s)
{
	struct filter_view v = { NULL, NULL };

	return filter_eval_view(f, e, s, &v);
}

int
filter_eval_readable(const struct filter *f, const struct entry *e,
    const struct schema *s, filter_readable_fn *fn, const void *arg)
{
	struct filter_view v = { fn, arg };

	return filter_eval_view(f, e, s, &v);
}
