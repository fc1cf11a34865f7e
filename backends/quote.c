/*
 * quote.c - LDAP values of mapped attributes as tokens of native
 * commands: what every ESM's quoting shares (see quote.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ldap.h>

#include "xmalloc.h"

#include "backends/map.h"
#include "backends/quote.h"

int
esm_quote_unprintable(const char *s, size_t len, const char **why)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e) {
			*why = (unsigned char)s[i] > 0x7e ?
			    "holds a character outside ASCII, which the ESM "
			    "cannot store" : "holds a control character "
			    "(newline, NUL, ...)";
			return 1;
		}
	}
	return 0;
}

char *
esm_quote_apostrophes(const char *s, size_t len)
{
	size_t i, o = 0, quotes = 0;
	char *q;

	for (i = 0; i < len; i++)
		quotes += s[i] == '\'';
	q = xmalloc(len + quotes + 3);
	q[o++] = '\'';
	for (i = 0; i < len; i++) {
		q[o++] = s[i];
		if (s[i] == '\'')
			q[o++] = '\'';
	}
	q[o++] = '\'';
	q[o] = '\0';
	return q;
}

/* A-Z 0-9 # $ @: the national characters of an id. */
int
esm_quote_is_national(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    c == '#' || c == '$' || c == '@';
}

int
esm_quote_id(const char *s, size_t len, char *out, const char **why)
{
	size_t i;
	char c;

	if (len < 1 || len > ESM_ID_MAX) {
		*why = "must be 1 to 8 characters";
		return -1;
	}
	for (i = 0; i < len; i++) {
		c = s[i];
		if (c >= 'a' && c <= 'z')
			c -= 'a' - 'A';
		if (!esm_quote_is_national(c)) {
			*why = "may hold only A-Z, 0-9, #, $ and @";
			return -1;
		}
		out[i] = c;
	}
	out[len] = '\0';
	if (out[0] >= '0' && out[0] <= '9') {
		*why = "may not start with a digit";
		return -1;
	}
	return 0;
}

int
esm_quote_string(const char *s, size_t len, size_t min, size_t max,
    char **out, const char **why)
{
	if (esm_quote_unprintable(s, len, why))
		return -1;
	if (len < min || len > max) {
		*why = len < min ? "too short" : "too long";
		return -1;
	}
	*out = esm_quote_apostrophes(s, len);
	return 0;
}

int
esm_quote_number(const char *s, size_t len, long min, long max, char *out,
    size_t outlen, const char **why)
{
	size_t i;
	long v = 0;

	if (len == 0) {
		*why = "not a number";
		return -1;
	}
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9') {
			*why = "not a number (only the digits 0-9)";
			return -1;
		}
		if (v > max) {
			*why = "out of range";
			return -1;
		}
		v = v * 10 + (s[i] - '0');
	}
	if (v < min || v > max) {
		*why = "out of range";
		return -1;
	}
	snprintf(out, outlen, "%ld", v);
	return 0;
}

/* The native field a line writes, for messages. */
static const char *
quote_field(const struct map_attr *ma)
{
	return ma->ma_read != NULL ? ma->ma_read : ma->ma_set;
}

/* Text: folded (upper), checked (chars=), then the ESM's string. */
static int
quote_text(const struct esm_quoting *q, const struct map_attr *ma,
    const struct berval *bv, char **out, const char **why)
{
	char *v;
	size_t i;
	int rc;

	if (memchr(bv->bv_val, '\0', bv->bv_len) != NULL) {
		*why = "holds a control character (newline, NUL, ...)";
		return -1;
	}
	v = xstrndup(bv->bv_val, bv->bv_len);
	for (i = 0; (ma->ma_flags & MAP_F_UPPER) && v[i] != '\0'; i++)
		if (v[i] >= 'a' && v[i] <= 'z')
			v[i] -= 'a' - 'A';
	for (i = 0; ma->ma_chars != NULL && v[i] != '\0'; i++)
		if (strchr(ma->ma_chars, v[i]) == NULL) {
			free(v);
			*why = "holds a character not allowed here";
			return -1;
		}
	rc = q->q_string(v, bv->bv_len, ma->ma_min, ma->ma_max, out, why);
	free(v);
	return rc;
}

static int
quote_flags(const struct map_attr *ma, const struct berval *bv, char **out,
    const char **why)
{
	char buf[32];
	size_t i;

	*why = "not one of the keywords this attribute takes";
	if (bv->bv_len >= sizeof(buf) ||
	    memchr(bv->bv_val, '\0', bv->bv_len) != NULL)
		return -1;
	for (i = 0; i < bv->bv_len; i++)
		buf[i] = (bv->bv_val[i] >= 'a' && bv->bv_val[i] <= 'z') ?
		    bv->bv_val[i] - ('a' - 'A') : bv->bv_val[i];
	buf[i] = '\0';
	for (i = 0; i < ma->ma_nwords; i++)
		if (strcmp(ma->ma_words[i], buf) == 0) {
			*out = xstrdup(ma->ma_words[i]);
			return 0;
		}
	return -1;
}

/* A value the LDAP syntax itself rejects: invalidAttributeSyntax. */
static int
quote_bad_syntax(const struct map_attr *ma, const char *what, char *text,
    size_t textlen)
{
	snprintf(text, textlen, "%s: value is not %s", ma->ma_name, what);
	return LDAP_INVALID_SYNTAX;
}

static int
quote_all_digits(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* Numbers, dates, flags: -1 with why, or an LDAP code with text. */
static int
quote_typed(const struct map_attr *ma, const struct berval *bv, char **out,
    const char **why, char *text, size_t textlen)
{
	char buf[32];
	int neg;

	switch (ma->ma_syntax) {
	case MAP_SX_NUMBER:
		/* Request values are not NUL-terminated: count, not strspn. */
		neg = bv->bv_len > 0 && bv->bv_val[0] == '-';
		if (bv->bv_len == 0 || bv->bv_len > 20 || (neg &&
		    bv->bv_len == 1) || !quote_all_digits(bv->bv_val + neg,
		    bv->bv_len - neg))
			return quote_bad_syntax(ma, "an integer", text,
			    textlen);
		if (neg || esm_quote_number(bv->bv_val, bv->bv_len,
		    ma->ma_min, ma->ma_max, buf, sizeof(buf), why) == -1) {
			*why = "out of range";
			return -1;
		}
		*out = xstrdup(buf);
		return 0;
	case MAP_SX_DATE:
		if (map_date_write(ma->ma_wdate, bv->bv_val, bv->bv_len, buf,
		    sizeof(buf)) == -1)
			return quote_bad_syntax(ma, "a Generalized Time "
			    "the ESM can hold", text, textlen);
		*out = xstrdup(buf);
		return 0;
	case MAP_SX_FLAG:
		if ((bv->bv_len == 4 && memcmp(bv->bv_val, "TRUE", 4) == 0) ||
		    (bv->bv_len == 5 && memcmp(bv->bv_val, "FALSE", 5) == 0)) {
			*out = xstrndup(bv->bv_val, bv->bv_len);
			return 0;
		}
		return quote_bad_syntax(ma, "TRUE or FALSE", text, textlen);
	default:
		*why = "cannot be written";
		return -1;
	}
}

/* A secret never appears in a diagnostic, not even in part. */
static int
quote_secret(const struct esm_quoting *q, const struct map_attr *ma,
    const struct berval *bv, char **out, char *text, size_t textlen)
{
	const char *why = NULL;

	if (bv->bv_len < (size_t)ma->ma_min || bv->bv_len > (size_t)ma->ma_max)
		why = "has a length the ESM does not accept";
	else if (q->q_password(bv->bv_val, bv->bv_len, out, &why) == 0)
		return 0;
	snprintf(text, textlen, "%s: the new password %s (%s PASSWORD: %ld "
	    "to %ld printable characters)", ma->ma_name, why, q->q_esm,
	    ma->ma_min, ma->ma_max);
	return LDAP_CONSTRAINT_VIOLATION;
}

static int
quote_grant(const struct esm_quoting *q, const struct map_attr *ma,
    const struct berval *bv, char **out, const char **why)
{
	if (q->q_grant == NULL) {
		*why = "cannot be written";
		return -1;
	}
	if (memchr(bv->bv_val, '\0', bv->bv_len) != NULL) {
		*why = "holds a control character (newline, NUL, ...)";
		return -1;
	}
	return q->q_grant(ma, bv->bv_val, bv->bv_len, out, why);
}

int
esm_quote_value(const struct esm_quoting *q, const struct map_attr *ma,
    const struct berval *bv, char **out, char *text, size_t textlen)
{
	const char *why = NULL;
	char id[ESM_ID_MAX + 1];
	int rc = -1;

	*out = NULL;
	switch (ma->ma_syntax) {
	case MAP_SX_TEXT:
		rc = quote_text(q, ma, bv, out, &why);
		break;
	case MAP_SX_SECRET:
		return quote_secret(q, ma, bv, out, text, textlen);
	case MAP_SX_ID:
	case MAP_SX_DN:
	case MAP_SX_DNLIST:
		if ((rc = q->q_id(bv->bv_val, bv->bv_len, id, &why)) == 0)
			*out = xstrdup(id);
		break;
	case MAP_SX_FLAGS:
		rc = quote_flags(ma, bv, out, &why);
		break;
	case MAP_SX_GRANT:
		rc = quote_grant(q, ma, bv, out, &why);
		break;
	default:
		if ((rc = quote_typed(ma, bv, out, &why, text, textlen)) > 0)
			return rc;
		break;
	}
	if (rc == 0)
		return 0;
	snprintf(text, textlen, "%s: value %s (%s %s)", ma->ma_name, why,
	    q->q_esm, quote_field(ma));
	return LDAP_CONSTRAINT_VIOLATION;
}
