/*
 * racf_quote.c - RACF's rules for operand values, and their quoting.
 *
 * TSO parse (and the simulator's lexer, mainframe-agent/sim/racf/lex.c)
 * reads blanks, commas and parentheses as delimiters and '...' as one
 * string in which '' stands for a quote.  So a value can only break out
 * of its operand through a quote, a delimiter or a character that ends
 * the line.  Here every value becomes either a bare word made only of
 * A-Z 0-9 # $ @ (and / in dates), which contains no delimiter, or a
 * quoted string of printable ASCII with each quote doubled, which the
 * lexer reads back as exactly the value.  Control characters (newline,
 * NUL, ...), DEL and anything outside ASCII are refused: RACF holds
 * EBCDIC, a newline would end the command, and refusing is better than
 * storing something other than what the client sent.  A string never
 * ends a command (templates close it with a parenthesis), so TSO's
 * trailing + and - continuation cannot apply to it.
 *
 * Lengths come from the RACF command reference (ADDUSER, ALTUSER):
 * NAME 20, DATA 255, OMVS HOME and PROGRAM 1023, TSO ACCTNUM 39,
 * COMMAND 80, PROC and UNIT 8; the map carries them per field.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ldap.h>

#include "xmalloc.h"

#include "backends/map.h"

#include "racf_quote.h"

static int
racf_is_national(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    c == '#' || c == '$' || c == '@';
}

int
racf_quote_id(const char *s, size_t len, char *out, const char **why)
{
	size_t i;
	char c;

	if (len < 1 || len > RACF_ID_LEN) {
		*why = "must be 1 to 8 characters";
		return -1;
	}
	for (i = 0; i < len; i++) {
		c = s[i];
		if (c >= 'a' && c <= 'z')
			c -= 'a' - 'A';
		if (!racf_is_national(c)) {
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

/* Printable ASCII only: no control character, DEL, NUL or 8-bit byte. */
static int
racf_printable(const char *s, size_t len, const char **why)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e) {
			*why = (unsigned char)s[i] > 0x7e ?
			    "only ASCII characters can be stored in RACF" :
			    "control characters (newline, NUL, ...) cannot "
			    "be stored in RACF";
			return -1;
		}
	}
	return 0;
}

int
racf_quote_string(const char *s, size_t len, size_t min, size_t max,
    char **out, const char **why)
{
	size_t i, o, quotes = 0;
	char *q;

	if (racf_printable(s, len, why) == -1)
		return -1;
	if (len < min || len > max) {
		*why = len < min ? "too short" : "too long";
		return -1;
	}
	for (i = 0; i < len; i++)
		quotes += s[i] == '\'';
	q = xmalloc(len + quotes + 3);
	o = 0;
	q[o++] = '\'';
	for (i = 0; i < len; i++) {
		q[o++] = s[i];
		if (s[i] == '\'')
			q[o++] = '\'';
	}
	q[o++] = '\'';
	q[o] = '\0';
	*out = q;
	return 0;
}

int
racf_quote_password(const char *s, size_t len, char **out, const char **why)
{
	if (len < 1 || len > RACF_PW_LEN) {
		*why = "a RACF password is 1 to 8 characters";
		return -1;
	}
	if (racf_printable(s, len, why) == -1)
		return -1;
	return racf_quote_string(s, len, 1, RACF_PW_LEN, out, why);
}

int
racf_quote_number(const char *s, size_t len, long min, long max, char *out,
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

int
racf_quote_date(const char *gt, size_t len, char *out, size_t outlen,
    const char **why)
{
	if (map_date_write(MAP_DATE_MMDDYY, gt, len, out, outlen) == -1) {
		*why = "not a Generalized Time between 1971 and 2070";
		return -1;
	}
	return 0;
}

int
racf_date_to_gt(const char *s, size_t len, char *out, size_t outlen)
{
	return map_date_read(MAP_DATE_YYDDD, s, len, out, outlen);
}

/* The RACF field a line writes, for messages. */
static const char *
racf_field(const struct map_attr *ma)
{
	return ma->ma_read != NULL ? ma->ma_read : ma->ma_set;
}

static int
racf_quote_text(const struct map_attr *ma, const struct berval *bv,
    char **out, const char **why)
{
	char *v;
	size_t i;
	int rc;

	v = xstrndup(bv->bv_val, bv->bv_len);
	if (memchr(bv->bv_val, '\0', bv->bv_len) != NULL) {
		free(v);
		*why = "control characters (newline, NUL, ...) cannot be "
		    "stored in RACF";
		return -1;
	}
	for (i = 0; (ma->ma_flags & MAP_F_UPPER) && v[i] != '\0'; i++)
		if (v[i] >= 'a' && v[i] <= 'z')
			v[i] -= 'a' - 'A';
	for (i = 0; ma->ma_chars != NULL && v[i] != '\0'; i++)
		if (strchr(ma->ma_chars, v[i]) == NULL) {
			free(v);
			*why = "holds a character RACF does not allow here";
			return -1;
		}
	rc = racf_quote_string(v, bv->bv_len, ma->ma_min, ma->ma_max, out,
	    why);
	free(v);
	return rc;
}

static int
racf_quote_flags(const struct map_attr *ma, const struct berval *bv,
    char **out, const char **why)
{
	char buf[32];
	size_t i;

	*why = "not one of the keywords this attribute takes";
	if (bv->bv_len >= sizeof(buf))
		return -1;
	for (i = 0; i < bv->bv_len; i++)
		buf[i] = (bv->bv_val[i] >= 'a' && bv->bv_val[i] <= 'z') ?
		    bv->bv_val[i] - ('a' - 'A') : bv->bv_val[i];
	buf[i] = '\0';
	if (memchr(bv->bv_val, '\0', bv->bv_len) != NULL)
		return -1;
	for (i = 0; i < ma->ma_nwords; i++)
		if (strcmp(ma->ma_words[i], buf) == 0) {
			*out = xstrdup(ma->ma_words[i]);
			return 0;
		}
	return -1;
}

/* A value the LDAP syntax itself rejects: invalidAttributeSyntax. */
static int
racf_bad_syntax(const struct map_attr *ma, const char *what, char *text,
    size_t textlen)
{
	snprintf(text, textlen, "%s: value is not %s", ma->ma_name, what);
	return LDAP_INVALID_SYNTAX;
}

static int
racf_all_digits(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int
racf_quote_typed(const struct map_attr *ma, const struct berval *bv,
    char **out, const char **why, char *text, size_t textlen)
{
	char buf[32];
	int neg;

	switch (ma->ma_syntax) {
	case MAP_SX_NUMBER:
		/* Request values are not NUL-terminated: count, not strspn. */
		neg = bv->bv_len > 0 && bv->bv_val[0] == '-';
		if (bv->bv_len == 0 || bv->bv_len > 20 || (neg &&
		    bv->bv_len == 1) || !racf_all_digits(bv->bv_val + neg,
		    bv->bv_len - neg))
			return racf_bad_syntax(ma, "an integer", text,
			    textlen);
		if (neg || racf_quote_number(bv->bv_val, bv->bv_len,
		    ma->ma_min, ma->ma_max, buf, sizeof(buf), why) == -1) {
			*why = "out of range";
			return -1;
		}
		*out = xstrdup(buf);
		return 0;
	case MAP_SX_DATE:
		if (map_date_write(ma->ma_wdate, bv->bv_val, bv->bv_len, buf,
		    sizeof(buf)) == -1)
			return racf_bad_syntax(ma, "a Generalized Time "
			    "between 1971 and 2070", text, textlen);
		*out = xstrdup(buf);
		return 0;
	case MAP_SX_FLAG:
		if ((bv->bv_len == 4 && memcmp(bv->bv_val, "TRUE", 4) == 0) ||
		    (bv->bv_len == 5 && memcmp(bv->bv_val, "FALSE", 5) == 0)) {
			*out = xstrndup(bv->bv_val, bv->bv_len);
			return 0;
		}
		return racf_bad_syntax(ma, "TRUE or FALSE", text, textlen);
	default:
		*why = "cannot be written";
		return -1;
	}
}

int
racf_quote_value(const struct map_attr *ma, const struct berval *bv,
    char **out, char *text, size_t textlen)
{
	const char *why = NULL;
	char id[RACF_ID_LEN + 1];
	int rc = -1;

	*out = NULL;
	switch (ma->ma_syntax) {
	case MAP_SX_TEXT:
		rc = racf_quote_text(ma, bv, out, &why);
		break;
	case MAP_SX_SECRET:
		if (bv->bv_len < (size_t)ma->ma_min ||
		    bv->bv_len > (size_t)ma->ma_max)
			why = "has a length RACF does not accept";
		else
			rc = racf_quote_password(bv->bv_val, bv->bv_len, out,
			    &why);
		/* Never echo a secret. */
		if (rc != 0) {
			snprintf(text, textlen, "%s: the new password %s "
			    "(RACF PASSWORD: 1 to %ld printable characters)",
			    ma->ma_name, why, ma->ma_max);
			return LDAP_CONSTRAINT_VIOLATION;
		}
		return 0;
	case MAP_SX_ID:
	case MAP_SX_DN:
	case MAP_SX_DNLIST:
		if ((rc = racf_quote_id(bv->bv_val, bv->bv_len, id, &why)) == 0)
			*out = xstrdup(id);
		break;
	case MAP_SX_FLAGS:
		rc = racf_quote_flags(ma, bv, out, &why);
		break;
	default:
		if ((rc = racf_quote_typed(ma, bv, out, &why, text,
		    textlen)) > 0)
			return rc;
		break;
	}
	if (rc == 0)
		return 0;
	snprintf(text, textlen, "%s: value %s (RACF %s)", ma->ma_name, why,
	    racf_field(ma));
	return LDAP_CONSTRAINT_VIOLATION;
}
