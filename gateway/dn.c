/*
 * dn.c - distinguished names: the RFC 4514 string form, parsed into RDNs
 * and AVAs, and the normalised form the gateway compares and routes by.
 *
 *	distinguishedName = [ relativeDistinguishedName
 *	    *( COMMA relativeDistinguishedName ) ]
 *	relativeDistinguishedName = attributeTypeAndValue
 *	    *( PLUS attributeTypeAndValue )
 *	attributeTypeAndValue = attributeType EQUALS attributeValue
 *	attributeType = descr / numericoid
 *	attributeValue = string / hexstring
 *
 * Beyond the grammar, and as slapd does, spaces around ',', '+' and '='
 * and at the ends of the DN are accepted and dropped (LDAPv2 clients and
 * people typing "cn=x, dc=y" write them); a value's own leading and
 * trailing spaces must then be escaped.  ';' as an RDN separator
 * (RFC 1779) is refused.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "gateway/dn.h"
#include "gateway/schema.h"
#include "utf8.h"
#include "xmalloc.h"
#include "hex.h"

struct dn_parser {
	const char		*p_s;
	const char		*p_end;
	const struct schema	*p_schema;
	const char		*p_why;
};

static int
dn_fail(struct dn_parser *p, const char *why)
{
	p->p_why = why;
	return -1;
}

static void
dn_skip_spaces(struct dn_parser *p)
{
	while (p->p_s < p->p_end && *p->p_s == ' ')
		p->p_s++;
}

/* attributeType: descr / numericoid (RFC 4512 §1.4), no leading zeros. */
static int
dn_parse_type(struct dn_parser *p, struct dn_ava *ava)
{
	const char *start = p->p_s;

	if (p->p_s < p->p_end && isalpha((unsigned char)*p->p_s)) {
		while (p->p_s < p->p_end && (isalnum((unsigned char)*p->p_s) ||
		    *p->p_s == '-'))
			p->p_s++;
	} else if (p->p_s < p->p_end && isdigit((unsigned char)*p->p_s)) {
		for (;;) {
			if (p->p_s == p->p_end ||
			    !isdigit((unsigned char)*p->p_s))
				return dn_fail(p, "bad numeric OID as type");
			if (*p->p_s == '0' && p->p_s + 1 < p->p_end &&
			    isdigit((unsigned char)p->p_s[1]))
				return dn_fail(p, "bad numeric OID as type");
			while (p->p_s < p->p_end &&
			    isdigit((unsigned char)*p->p_s))
				p->p_s++;
			if (p->p_s == p->p_end || *p->p_s != '.')
				break;
			p->p_s++;
		}
		if (memchr(start, '.', p->p_s - start) == NULL)
			return dn_fail(p, "bad numeric OID as type");
	} else
		return dn_fail(p, "an attribute type is missing");
	ava->da_type = xstrndup(start, p->p_s - start);
	return 0;
}

/*
 * hexstring: '#' then the BER encoding of the value (RFC 4514 §2.4);
 * the value is the contents of that one primitive element.
 */
static int
dn_parse_hex(struct dn_parser *p, struct dn_ava *ava)
{
	unsigned char *b;
	size_t n = 0, i, hdr, len;
	int hi, lo;

	p->p_s++;
	b = xmalloc((p->p_end - p->p_s) / 2 + 1);
	while (p->p_s + 1 < p->p_end && (hi = hex_value(p->p_s[0])) != -1 &&
	    (lo = hex_value(p->p_s[1])) != -1) {
		b[n++] = (unsigned char)(hi << 4 | lo);
		p->p_s += 2;
	}
	if (n < 2 || (b[0] & 0x20) != 0 || (b[0] & 0x1f) == 0x1f)
		goto bad;
	if (b[1] < 0x80) {
		hdr = 2;
		len = b[1];
	} else if (b[1] > 0x80 && b[1] <= 0x82 && n >= 2u + (b[1] & 0x7f)) {
		hdr = 2 + (b[1] & 0x7f);
		for (len = 0, i = 2; i < hdr; i++)
			len = len << 8 | b[i];
	} else
		goto bad;
	if (hdr + len != n)
		goto bad;
	/* As a string value: an octet string that is not UTF-8 could not
	   be written back in a DN this parser reads. */
	if (!utf8_valid((const char *)b + hdr, len)) {
		free(b);
		return dn_fail(p, "value is not valid UTF-8");
	}
	ava->da_value.bv_val = xmalloc(len + 1);
	memcpy(ava->da_value.bv_val, b + hdr, len);
	ava->da_value.bv_val[len] = '\0';
	ava->da_value.bv_len = len;
	free(b);
	return 0;
bad:
	free(b);
	return dn_fail(p, "a #hex value is not one BER-encoded element");
}

/* pair = ESC ( ESC / special / hexpair ) */
static int
dn_parse_escape(struct dn_parser *p, char *out)
{
	int hi, lo;

	if (p->p_end - p->p_s < 2)
		return dn_fail(p, "a backslash ends the DN");
	if (strchr("\"+,;<>\\ #=", p->p_s[1]) != NULL && p->p_s[1] != '\0') {
		*out = p->p_s[1];
		p->p_s += 2;
		return 0;
	}
	if (p->p_end - p->p_s < 3 || (hi = hex_value(p->p_s[1])) == -1 ||
	    (lo = hex_value(p->p_s[2])) == -1)
		return dn_fail(p, "bad escape in value: \\ must be followed "
		    "by a special character or two hex digits");
	*out = (char)(hi << 4 | lo);
	p->p_s += 3;
	return 0;
}

/* string: up to an unescaped ',' or '+'; unescaped trailing spaces are
   separator padding and dropped. */
static int
dn_parse_string(struct dn_parser *p, struct dn_ava *ava)
{
	char *w, c;
	size_t n = 0, keep = 0;

	w = xmalloc(p->p_end - p->p_s + 1);
	while (p->p_s < p->p_end && *p->p_s != ',' && *p->p_s != '+') {
		c = *p->p_s;
		if (c == '\\') {
			if (dn_parse_escape(p, &w[n]) == -1)
				goto fail;
			keep = ++n;
			continue;
		}
		if (c == '"' || c == ';' || c == '<' || c == '>' || c == '\0') {
			dn_fail(p, c == ';' ? "unescaped ';' in value "
			    "(';' does not separate RDNs)" :
			    "unescaped special character in value");
			goto fail;
		}
		w[n++] = c;
		if (c != ' ')
			keep = n;
		p->p_s++;
	}
	w[keep] = '\0';
	if (!utf8_valid(w, keep)) {
		dn_fail(p, "value is not valid UTF-8");
		goto fail;
	}
	ava->da_value.bv_val = w;
	ava->da_value.bv_len = keep;
	return 0;
fail:
	free(w);
	return -1;
}

/* With a schema, the value must fit its type's equality rule. */
static int
dn_check_value(struct dn_parser *p, struct dn_ava *ava)
{
	char *n;

	/* A NUL would end the normalised string early and make two DNs
	   one; no entry here has a NUL in its name. */
	if (memchr(ava->da_value.bv_val, '\0', ava->da_value.bv_len) != NULL)
		return dn_fail(p, "a value contains a NUL character");
	if (p->p_schema == NULL)
		return 0;
	ava->da_at = schema_find_at(p->p_schema, ava->da_type);
	if (ava->da_at == NULL || ava->da_at->at_eq == NULL)
		return 0;
	if ((n = match_normalize(ava->da_at->at_eq, &ava->da_value)) == NULL)
		return dn_fail(p, "a value does not fit its attribute's "
		    "syntax");
	free(n);
	return 0;
}

static int
dn_parse_ava(struct dn_parser *p, struct dn_ava *ava)
{
	dn_skip_spaces(p);
	if (dn_parse_type(p, ava) == -1)
		return -1;
	dn_skip_spaces(p);
	if (p->p_s == p->p_end || *p->p_s != '=')
		return dn_fail(p, "'=' is missing after an attribute type");
	p->p_s++;
	dn_skip_spaces(p);
	if (p->p_s < p->p_end && *p->p_s == '#') {
		if (dn_parse_hex(p, ava) == -1)
			return -1;
		dn_skip_spaces(p);
	} else if (dn_parse_string(p, ava) == -1)
		return -1;
	return dn_check_value(p, ava);
}

static int
dn_parse_rdn(struct dn_parser *p, struct dn_rdn *rdn)
{
	struct dn_ava *ava;

	for (;;) {
		rdn->dr_avas = xreallocarray(rdn->dr_avas, rdn->dr_navas + 1,
		    sizeof(*rdn->dr_avas));
		ava = &rdn->dr_avas[rdn->dr_navas++];
		memset(ava, 0, sizeof(*ava));
		if (dn_parse_ava(p, ava) == -1)
			return -1;
		if (p->p_s == p->p_end || *p->p_s != '+')
			return 0;
		p->p_s++;
	}
}

int
dn_parse(const char *s, size_t len, const struct schema *schema,
    struct dn **out, const char **why)
{
	struct dn_parser p = { s, s + len, schema, NULL };
	struct dn *dn;

	dn = xcalloc(1, sizeof(*dn));
	dn_skip_spaces(&p);
	while (p.p_s < p.p_end) {
		dn->dn_rdns = xreallocarray(dn->dn_rdns, dn->dn_nrdns + 1,
		    sizeof(*dn->dn_rdns));
		memset(&dn->dn_rdns[dn->dn_nrdns], 0, sizeof(*dn->dn_rdns));
		if (dn_parse_rdn(&p, &dn->dn_rdns[dn->dn_nrdns++]) == -1)
			goto fail;
		if (p.p_s == p.p_end)
			break;
		if (*p.p_s != ',') {
			dn_fail(&p, "unexpected character after a value");
			goto fail;
		}
		p.p_s++;
		dn_skip_spaces(&p);
		if (p.p_s == p.p_end) {
			dn_fail(&p, "the DN ends with a comma");
			goto fail;
		}
	}
	*out = dn;
	return 0;
fail:
	dn_free(dn);
	*why = p.p_why;
	return -1;
}

void
dn_free(struct dn *dn)
{
	struct dn_rdn *rdn;
	size_t i, j;

	if (dn == NULL)
		return;
	for (i = 0; i < dn->dn_nrdns; i++) {
		rdn = &dn->dn_rdns[i];
		for (j = 0; j < rdn->dr_navas; j++) {
			free(rdn->dr_avas[j].da_type);
			free(rdn->dr_avas[j].da_value.bv_val);
		}
		free(rdn->dr_avas);
	}
	free(dn->dn_rdns);
	free(dn);
}

/*
 * RFC 4514 §2.4: escape '"', '+', ',', ';', '<', '>' and '\' anywhere, a
 * space or '#' in front, a space at the end.  NUL and other control
 * characters, and every byte of a value that is not UTF-8, become \xx so
 * the string stays printable and NUL-free.
 */
size_t
dn_escape_value_into(const char *val, size_t len, char *out)
{
	static const char hex[] = "0123456789abcdef";
	int utf8 = utf8_valid(val, len);
	unsigned char c;
	char *w = out;
	size_t i;

	for (i = 0; i < len; i++) {
		c = (unsigned char)val[i];
		if (c < 0x20 || c == 0x7f || (c >= 0x80 && !utf8)) {
			*w++ = '\\';
			*w++ = hex[c >> 4];
			*w++ = hex[c & 0xf];
			continue;
		}
		if (strchr("\"+,;<>\\", c) != NULL ||
		    (i == 0 && (c == ' ' || c == '#')) ||
		    (i == len - 1 && c == ' '))
			*w++ = '\\';
		*w++ = (char)c;
	}
	*w = '\0';
	return (size_t)(w - out);
}

char *
dn_escape_value(const char *val, size_t len)
{
	char *out = xmalloc(len * 3 + 1);

	dn_escape_value_into(val, len, out);
	return out;
}

/* "type=value" of one AVA in normalised form. */
static char *
dn_normalize_ava(const struct dn_ava *ava)
{
	const struct schema_mr *mr = match_case_ignore_rule();
	const char *type = ava->da_type;
	char *nval, *esc, *out, *p;

	if (ava->da_at != NULL) {
		type = ava->da_at->at_nnames > 0 ? ava->da_at->at_names[0] :
		    ava->da_at->at_oid;
		if (ava->da_at->at_eq != NULL)
			mr = ava->da_at->at_eq;
	}
	/* A value no rule can normalise compares as its bytes. */
	if ((nval = match_normalize(mr, &ava->da_value)) != NULL)
		esc = dn_escape_value(nval, strlen(nval));
	else
		esc = dn_escape_value(ava->da_value.bv_val,
		    ava->da_value.bv_len);
	xasprintf(&out, "%s=%s", type, esc);
	for (p = out; *p != '='; p++)
		*p = tolower((unsigned char)*p);
	free(nval);
	free(esc);
	return out;
}

static int
dn_strcmp_cb(const void *a, const void *b)
{
	return strcmp(*(char * const *)a, *(char * const *)b);
}

/* Append src and a separator to *out. */
static void
dn_cat(char **out, size_t *len, const char *src, char sep)
{
	size_t n = strlen(src);

	*out = xreallocarray(*out, *len + n + 2, 1);
	if (*len > 0)
		(*out)[(*len)++] = sep;
	memcpy(*out + *len, src, n + 1);
	*len += n;
}

char *
dn_normalize(const struct dn *dn)
{
	const struct dn_rdn *rdn;
	char **avas, *out = xstrdup("");
	size_t i, j, len = 0, rlen;
	char *r;

	for (i = 0; i < dn->dn_nrdns; i++) {
		rdn = &dn->dn_rdns[i];
		avas = xcalloc(rdn->dr_navas, sizeof(*avas));
		for (j = 0; j < rdn->dr_navas; j++)
			avas[j] = dn_normalize_ava(&rdn->dr_avas[j]);
		/* The AVAs of an RDN are a set: one order for all. */
		qsort(avas, rdn->dr_navas, sizeof(*avas), dn_strcmp_cb);
		r = xstrdup("");
		rlen = 0;
		for (j = 0; j < rdn->dr_navas; j++) {
			dn_cat(&r, &rlen, avas[j], '+');
			free(avas[j]);
		}
		free(avas);
		dn_cat(&out, &len, r, ',');
		free(r);
	}
	return out;
}

int
dn_normalize_str(const char *s, size_t len, const struct schema *schema,
    char **ndn, const char **why)
{
	struct dn *dn;

	if (dn_parse(s, len, schema, &dn, why) == -1)
		return -1;
	*ndn = dn_normalize(dn);
	dn_free(dn);
	return 0;
}

char *
dn_format(const struct dn *dn)
{
	const struct dn_rdn *rdn;
	char *out = xstrdup(""), *esc, *ava;
	size_t i, j, len = 0;

	for (i = 0; i < dn->dn_nrdns; i++) {
		rdn = &dn->dn_rdns[i];
		for (j = 0; j < rdn->dr_navas; j++) {
			esc = dn_escape_value(rdn->dr_avas[j].da_value.bv_val,
			    rdn->dr_avas[j].da_value.bv_len);
			xasprintf(&ava, "%s=%s", rdn->dr_avas[j].da_type, esc);
			dn_cat(&out, &len, ava, j == 0 ? ',' : '+');
			free(ava);
			free(esc);
		}
	}
	return out;
}

/* Is s[i] a separator, i.e. not preceded by an odd run of '\'? */
static int
dn_is_separator(const char *s, size_t i)
{
	size_t n = 0;

	while (n < i && s[i - n - 1] == '\\')
		n++;
	return n % 2 == 0;
}

/* RDNs in the first len bytes of a normalised DN. */
static int
dn_count_rdns(const char *ndn, size_t len)
{
	size_t i;
	int n = 1;

	if (len == 0)
		return 0;
	for (i = 0; i < len; i++) {
		if (ndn[i] == '\\')
			i++;
		else if (ndn[i] == ',')
			n++;
	}
	return n;
}

int
dn_depth_below(const char *ndn, const char *nbase)
{
	size_t nd = strlen(ndn), nb = strlen(nbase);

	if (nb == 0)
		return dn_count_rdns(ndn, nd);
	if (nd < nb || strcmp(ndn + nd - nb, nbase) != 0)
		return -1;
	if (nd == nb)
		return 0;
	if (ndn[nd - nb - 1] != ',' ||
	    !dn_is_separator(ndn, nd - nb - 1))
		return -1;
	return dn_count_rdns(ndn, nd - nb - 1);
}

int
dn_is_within(const char *ndn, const char *nbase)
{
	return dn_depth_below(ndn, nbase) != -1;
}
