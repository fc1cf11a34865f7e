/*
 * simchar.c - the characters mainframe security databases accept
 * (simchar.h).
 */
#include "config.h"

#include <stdio.h>

#include "mainframe-agent/sim/common/simchar.h"

/* Decode one UTF-8 sequence at s (n bytes left); -1 if invalid. */
static long
simchar_utf8(const unsigned char *s, size_t n, size_t *used)
{
	long cp, min;
	size_t k, i;

	*used = 1;
	if (s[0] < 0x80)
		return s[0];
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		k = 2;
		cp = s[0] & 0x1f;
		min = 0x80;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		k = 3;
		cp = s[0] & 0x0f;
		min = 0x800;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		k = 4;
		cp = s[0] & 0x07;
		min = 0x10000;
	} else
		return -1;
	if (n < k)
		return -1;
	for (i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	*used = k;
	return cp;
}

enum simchar_rc
simchar_check(const char *s, size_t len, size_t *off, long *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i, used;
	long c;

	for (i = 0; i < len; i += used) {
		*off = i;
		if ((c = simchar_utf8(p + i, len - i, &used)) == -1)
			return SIMCHAR_NOT_UTF8;
		*cp = c;
		if (c > 0xff)
			return SIMCHAR_NOT_1047;
		if (c < 0x20 || (c >= 0x7f && c < 0xa0))
			return SIMCHAR_CONTROL;
	}
	return SIMCHAR_OK;
}

int
simchar_check_msg(const char *s, size_t len, const char *msgid,
    const char *what, char *err, size_t errlen)
{
	size_t off = 0;
	long cp = 0;

	switch (simchar_check(s, len, &off, &cp)) {
	case SIMCHAR_NOT_UTF8:
		snprintf(err, errlen, "%s INVALID UTF-8 IN %s AT OFFSET %zu",
		    msgid, what, off);
		return -1;
	case SIMCHAR_NOT_1047:
		snprintf(err, errlen, "%s INVALID CHARACTER U+%04lX IN %s AT "
		    "OFFSET %zu: NOT IN CODE PAGE IBM-1047", msgid, cp, what,
		    off);
		return -1;
	case SIMCHAR_CONTROL:
		snprintf(err, errlen, "%s INVALID CHARACTER X'%02lX' IN %s AT "
		    "OFFSET %zu: CONTROL CHARACTERS ARE NOT ALLOWED", msgid, cp,
		    what, off);
		return -1;
	default:
		return 0;
	}
}

size_t
simchar_count(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

int
simchar_is_national(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    c == '@' || c == '#' || c == '$';
}

int
simchar_is_id(const char *s, size_t max, int digit_first)
{
	size_t i;

	if (*s == '\0' || (!digit_first && *s >= '0' && *s <= '9'))
		return 0;
	for (i = 0; s[i] != '\0'; i++)
		if (i >= max || !simchar_is_national(s[i]))
			return 0;
	return 1;
}
