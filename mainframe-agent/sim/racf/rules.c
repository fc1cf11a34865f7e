/*
 * rules.c - the values RACF accepts for each field, and the character
 * set every value must fit in.
 *
 * A real RACF database holds EBCDIC (code page IBM-1047); the simulator
 * stores UTF-8, so it accepts exactly the characters IBM-1047 can hold:
 * printable U+0020-U+007E and U+00A0-U+00FF.  Control characters, other
 * code points and invalid UTF-8 are refused, which keeps a value on one
 * line of LIST output and makes it representable on a real system.
 * Lengths are counted in characters, as RACF counts EBCDIC bytes.
 * Messages follow TSO's "IKJ56702I INVALID keyword, value" wording;
 * secrets are never echoed.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mainframe-agent/sim/common/simchar.h"

#include "rules.h"

int
rules_charset(const char *s, size_t len, const char *what, char *err,
    size_t errlen)
{
	return simchar_check_msg(s, len, "IKJ56712I", what, err, errlen);
}

/* Characters in a string already checked by rules_charset(). */
size_t
rules_nchars(const char *s)
{
	return simchar_count(s);
}

int
rules_is_id(const char *s)
{
	return simchar_is_id(s, RACF_ID_MAX, 0);
}

static int
rules_number(const char *s, long min, long max, long *v)
{
	size_t i;

	if (*s == '\0' || strlen(s) > 10)
		return -1;
	for (i = 0; s[i] != '\0'; i++)
		if (s[i] < '0' || s[i] > '9')
			return -1;
	*v = strtol(s, NULL, 10);
	return *v < min || *v > max ? -1 : 0;
}

static int
rules_valid(const struct rule *r, const char *s)
{
	size_t n = rules_nchars(s);
	long v;

	switch (r->ru_kind) {
	case RK_ID:
	case RK_MEMBER:
		return rules_is_id(s);
	case RK_TEXT:
	case RK_SECRET:
		return n >= (size_t)r->ru_min && n <= (size_t)r->ru_max;
	case RK_NUMBER:
		return rules_number(s, r->ru_min, r->ru_max, &v) == 0;
	case RK_HEX4:
		return strlen(s) == 4 && strspn(s, "0123456789ABCDEF") == 4;
	case RK_CLASS:
		return strlen(s) == 1 && simchar_is_national(s[0]) &&
		    s[0] != '@' && s[0] != '#' && s[0] != '$';
	case RK_HHMM:
		if (rules_number(s, 0, 9999, &v) == -1 || strlen(s) != 4)
			return 0;
		return v % 100 <= 59;
	}
	return 0;
}

/*
 * Check value s of operand kw; on failure write the TSO message to err.
 * The value itself was already checked against IBM-1047 by the lexer,
 * but racf_verify() values were not, so check again.
 */
int
rules_check(const struct rule *r, const char *kw, const char *s, char *err,
    size_t errlen)
{
	if (rules_charset(s, strlen(s), kw, err, errlen) == -1)
		return -1;
	if (rules_valid(r, s))
		return 0;
	if (r->ru_kind == RK_SECRET)
		snprintf(err, errlen, "IKJ56702I INVALID %s, LENGTH MUST BE "
		    "%ld TO %ld CHARACTERS", kw, r->ru_min, r->ru_max);
	else
		snprintf(err, errlen, "IKJ56702I INVALID %s, %.60s", kw, s);
	return -1;
}

/* mm/dd/yy as RACF takes REVOKE and RESUME dates; yy < 71 is 20yy. */
int
rules_date(const char *s, time_t *t)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };
	struct tm tm;
	int m, d, y;
	char c;

	if (strlen(s) != 8 || s[2] != '/' || s[5] != '/' ||
	    sscanf(s, "%2d/%2d/%2d%c", &m, &d, &y, &c) != 3 ||
	    strspn(s, "0123456789/") != 8)
		return -1;
	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = (y < 71 ? 2000 + y : 1900 + y) - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	*t = timegm(&tm);
	gmtime_r(t, &tm);
	return tm.tm_mday == d ? 0 : -1;
}

/* The stored form of a checked value: numbers without leading zeros. */
void
rules_canon(const struct rule *r, const char *s, char *buf, size_t len)
{
	if (r->ru_kind == RK_NUMBER)
		snprintf(buf, len, "%ld", strtol(s, NULL, 10));
	else
		snprintf(buf, len, "%s", s);
}

const struct rule rule_id = { RK_ID, 1, 8 };
