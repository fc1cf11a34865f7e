/*
 * certmap.c - cert-map rules (certmap.h): a verified certificate's
 * subject to the DN it binds as with SASL EXTERNAL.
 *
 * The substitution is where a hostile subject could do harm: a CA that
 * signs "CN=joe\,ou=admins" must not make anyone an admin.  So every
 * captured group is first read back into the bytes it stands for (the
 * subject string escapes them as RFC 4514 says), then escaped as one
 * attribute value with the DN code's own escaper: whatever the group
 * held, it lands inside the value the template put it in.
 */
#include "config.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>

#include "hex.h"
#include "xmalloc.h"
#include "gateway/certmap.h"
#include "gateway/dn.h"

#define CERTMAP_GROUPS	10	/* the whole match and $1..$9 */

struct certmap_rule {
	regex_t		 cr_re;
	char		*cr_tmpl;	/* owned */
	TAILQ_ENTRY(certmap_rule) cr_entry;
};

struct certmap {
	TAILQ_HEAD(, certmap_rule) cm_rules;
	size_t		 cm_count;
};

struct certmap *
certmap_new(void)
{
	struct certmap *cm = xcalloc(1, sizeof(*cm));

	TAILQ_INIT(&cm->cm_rules);
	return cm;
}

void
certmap_free(struct certmap *cm)
{
	struct certmap_rule *cr;

	if (cm == NULL)
		return;
	while ((cr = TAILQ_FIRST(&cm->cm_rules)) != NULL) {
		TAILQ_REMOVE(&cm->cm_rules, cr, cr_entry);
		regfree(&cr->cr_re);
		free(cr->cr_tmpl);
		free(cr);
	}
	free(cm);
}

size_t
certmap_count(const struct certmap *cm)
{
	return cm == NULL ? 0 : cm->cm_count;
}

/* Every $ is $$ or $1..$nsub. */
static int
certmap_check_tmpl(const char *tmpl, size_t nsub, char *err,
    size_t errlen)
{
	const char *p;

	for (p = tmpl; (p = strchr(p, '$')) != NULL; p += 2) {
		if (p[1] == '$')
			continue;
		if (p[1] < '1' || p[1] > '9') {
			snprintf(err, errlen, "cert-map template \"%s\": a $ "
			    "must be followed by a digit 1-9 (a captured "
			    "group) or another $", tmpl);
			return -1;
		}
		if ((size_t)(p[1] - '0') > nsub) {
			snprintf(err, errlen, "cert-map template \"%s\" uses "
			    "$%c but the regex captures %zu group%s", tmpl,
			    p[1], nsub, nsub == 1 ? "" : "s");
			return -1;
		}
	}
	return 0;
}

int
certmap_add(struct certmap *cm, const char *regex, const char *tmpl,
    char *err, size_t errlen)
{
	struct certmap_rule *cr;
	char reason[200];
	int e;

	cr = xcalloc(1, sizeof(*cr));
	if ((e = regcomp(&cr->cr_re, regex, REG_EXTENDED | REG_ICASE)) !=
	    0) {
		regerror(e, &cr->cr_re, reason, sizeof(reason));
		snprintf(err, errlen, "cert-map regex \"%s\" does not "
		    "compile: %s", regex, reason);
		free(cr);
		return -1;
	}
	if (certmap_check_tmpl(tmpl, cr->cr_re.re_nsub, err, errlen) == -1) {
		regfree(&cr->cr_re);
		free(cr);
		return -1;
	}
	cr->cr_tmpl = xstrdup(tmpl);
	TAILQ_INSERT_TAIL(&cm->cm_rules, cr, cr_entry);
	cm->cm_count++;
	return 0;
}

/*
 * RFC 4514 §3: pair = ESC ( ESC / special / hexpair ), special =
 * escaped / SPACE / SHARP / EQUALS, escaped = DQUOTE / PLUS / COMMA /
 * SEMI / LANGLE / RANGLE.
 */
#define CERTMAP_ESCAPED	"\\ #=\"+,;<>"

int
certmap_unescape(const char *s, size_t len, char *out, size_t *outlen)
{
	size_t i, n = 0;
	int hi, lo;

	for (i = 0; i < len; i++) {
		if (s[i] == '\0')
			return -1;
		if (s[i] != '\\') {
			out[n++] = s[i];
			continue;
		}
		if (++i == len)
			return -1;		/* a lone \ at the end */
		if ((hi = hex_value((unsigned char)s[i])) != -1) {
			if (i + 1 == len ||
			    (lo = hex_value((unsigned char)s[i + 1])) == -1 ||
			    (hi == 0 && lo == 0))
				return -1;	/* half a hex pair, \00 */
			out[n++] = (char)(hi << 4 | lo);
			i++;
		} else if (s[i] != '\0' &&
		    strchr(CERTMAP_ESCAPED, s[i]) != NULL)
			out[n++] = s[i];
		else
			return -1;		/* not an RFC 4514 escape */
	}
	*outlen = n;
	return 0;
}

/* Append len bytes to the DN being built; -1 when it grows too long. */
static int
certmap_put(char *dn, size_t *n, const char *s, size_t len)
{
	if (*n + len > CERTMAP_DN_MAX)
		return -1;
	memcpy(dn + *n, s, len);
	*n += len;
	dn[*n] = '\0';
	return 0;
}

/* Captured group g of subject, read back and escaped as one value. */
static int
certmap_put_group(char *dn, size_t *n, const char *subject,
    const regmatch_t *g, char *why, size_t whylen)
{
	size_t len, vlen;
	char *raw, *esc;
	int rc;

	if (g->rm_so < 0) {
		/* An optional group that took part in no match: empty. */
		return 0;
	}
	len = (size_t)(g->rm_eo - g->rm_so);
	raw = xmalloc(len + 1);
	if (certmap_unescape(subject + g->rm_so, len, raw, &vlen) == -1) {
		snprintf(why, whylen, "a captured value of the subject holds "
		    "a NUL or a broken RFC 4514 escape");
		free(raw);
		return -1;
	}
	esc = xmalloc(vlen * 3 + 1);
	len = dn_escape_value_into(raw, vlen, esc);
	if ((rc = certmap_put(dn, n, esc, len)) == -1)
		snprintf(why, whylen, "the DN would be longer than %d bytes",
		    CERTMAP_DN_MAX);
	free(esc);
	free(raw);
	return rc;
}

static int
certmap_build(const struct certmap_rule *cr, const char *subject,
    const regmatch_t *m, char **dnp, char *why, size_t whylen)
{
	char *dn = xmalloc(CERTMAP_DN_MAX + 1);
	const char *p;
	size_t n = 0;

	dn[0] = '\0';
	for (p = cr->cr_tmpl; *p != '\0'; p++) {
		if (*p == '$' && p[1] == '$') {
			if (certmap_put(dn, &n, "$", 1) == -1)
				goto long_dn;
			p++;
		} else if (*p == '$') {
			if (certmap_put_group(dn, &n, subject, &m[p[1] - '0'],
			    why, whylen) == -1)
				goto fail;
			p++;
		} else if (certmap_put(dn, &n, p, 1) == -1)
			goto long_dn;
	}
	*dnp = dn;
	return 1;
long_dn:
	snprintf(why, whylen, "the DN would be longer than %d bytes",
	    CERTMAP_DN_MAX);
fail:
	free(dn);
	return -1;
}

int
certmap_apply(const struct certmap *cm, const char *subject, char **dn,
    size_t *rule, char *why, size_t whylen)
{
	const struct certmap_rule *cr;
	regmatch_t m[CERTMAP_GROUPS];
	size_t i = 0;

	*dn = NULL;
	if (cm == NULL)
		return 0;
	TAILQ_FOREACH(cr, &cm->cm_rules, cr_entry) {
		i++;
		if (regexec(&cr->cr_re, subject, CERTMAP_GROUPS, m, 0) != 0)
			continue;
		if (rule != NULL)
			*rule = i;
		return certmap_build(cr, subject, m, dn, why, whylen);
	}
	return 0;
}
