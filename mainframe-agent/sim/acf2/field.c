/*
 * field.c - the logonid record's fields as the ACF2 administrator sees
 * them, and the rules their values follow.
 *
 * One table drives INSERT, CHANGE and LIST: each field has its name,
 * its kind (flag, number, date, string), the LIST section it prints in
 * and the values it accepts.  Statistics (ACC-*, PSWD-DAT, PSWD-TOD,
 * UPD-TOD, CSDATE, CSWHO) are kept by ACF2 and cannot be set; the
 * violation counters can be set (an administrator resets them to 0).
 *
 * A real ACF2 database holds EBCDIC; the simulator stores UTF-8 and
 * accepts exactly the characters code page IBM-1047 can hold (printable
 * U+0020-U+007E and U+00A0-U+00FF), counting lengths in characters.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mainframe-agent/sim/common/simchar.h"

#include "field.h"

#define FLAG(n, s, f, x)	{ n, FK_FLAG, s, f, FR_NONE, 0, 0, x }
#define NUM(n, s, f, lo, hi, x)	{ n, FK_NUM, s, f, FR_NONE, lo, hi, \
	(x) | FF_ALWAYS }
#define STR(n, s, f, r, lo, hi, x) { n, FK_STR, s, f, r, lo, hi, x }

/* Sorted by section, then by name: LIST prints in this order. */
const struct fdef afield_defs[] = {
	NUM("ACC-CNT", FS_ACCESS, FN_ACCCNT, 0, 0, FF_READONLY),
	{ "ACC-DATE", FK_DATE, FS_ACCESS, FT_ACC, FR_NONE, 0, 0,
	    FF_READONLY | FF_ALWAYS },
	STR("ACC-SRCE", FS_ACCESS, FS_ACCSRCE, FR_TEXT, 1, 8, FF_READONLY),
	{ "ACC-TIME", FK_TIME, FS_ACCESS, FT_ACC, FR_NONE, 0, 0,
	    FF_READONLY | FF_ALWAYS },

	FLAG("CANCEL", FS_CANCEL, FL_CANCEL, 0),
	{ "CSDATE", FK_DATE, FS_CANCEL, FT_CSDATE, FR_NONE, 0, 0,
	    FF_READONLY },
	STR("CSWHO", FS_CANCEL, FS_CSWHO, FR_ID, 1, 8, FF_READONLY),
	FLAG("MONITOR", FS_CANCEL, FL_MONITOR, 0),
	FLAG("SUSPEND", FS_CANCEL, FL_SUSPEND, 0),
	FLAG("TRACE", FS_CANCEL, FL_TRACE, 0),

	FLAG("ACF2CICS", FS_CICS, FL_ACF2CICS, 0),
	STR("CICSCL", FS_CICS, FS_CICSCL, FR_HEX, 6, 6, 0),
	STR("CICSID", FS_CICS, FS_CICSID, FR_ALNUM, 1, 3, 0),
	STR("CICSOPT", FS_CICS, FS_CICSOPT, FR_ALNUM, 1, 8, 0),
	NUM("CICSPRI", FS_CICS, FN_CICSPRI, 0, 255, 0),
	STR("CICSRLS", FS_CICS, FS_CICSRLS, FR_HEX, 6, 6, 0),
	NUM("IDLE", FS_CICS, FN_IDLE, 0, 255, 0),

	STR("GROUP", FS_IDENT, FS_GROUP, FR_ID, 1, 8, 0),
	STR("PHONE", FS_IDENT, FS_PHONE, FR_TEXT, 1, 12, 0),

	NUM("KERB-VIO", FS_PASSWORD, FN_KERBVIO, 0, 65535, 0),
	NUM("KERBCURV", FS_PASSWORD, FN_KERBCURV, 0, 255, 0),
	NUM("MAXDAYS", FS_PASSWORD, FN_MAXDAYS, 0, 255, 0),
	NUM("MINDAYS", FS_PASSWORD, FN_MINDAYS, 0, 255, 0),
	{ "PSWD-DAT", FK_DATE, FS_PASSWORD, FT_PSWDDAT, FR_NONE, 0, 0,
	    FF_READONLY | FF_ALWAYS },
	FLAG("PSWD-EXP", FS_PASSWORD, FL_PSWDEXP, 0),
	NUM("PSWD-INV", FS_PASSWORD, FN_PSWDINV, 0, 65535, 0),
	{ "PSWD-TOD", FK_TOD, FS_PASSWORD, FT_PSWDTOD, FR_NONE, 0, 0,
	    FF_READONLY | FF_ALWAYS },
	NUM("PSWD-VIO", FS_PASSWORD, FN_PSWDVIO, 0, 65535, 0),

	FLAG("ACCOUNT", FS_PRIV, FL_ACCOUNT, FF_SECURITY),
	FLAG("AUDIT", FS_PRIV, FL_AUDIT, FF_SECURITY),
	FLAG("CICS", FS_PRIV, FL_CICS, 0),
	FLAG("CONSULT", FS_PRIV, FL_CONSULT, FF_SECURITY),
	FLAG("IDMS", FS_PRIV, FL_IDMS, 0),
	FLAG("IMS", FS_PRIV, FL_IMS, 0),
	FLAG("JCL", FS_PRIV, FL_JCL, 0),
	FLAG("JOBFROM", FS_PRIV, FL_JOBFROM, 0),
	FLAG("LEADER", FS_PRIV, FL_LEADER, FF_SECURITY),
	FLAG("MUSASS", FS_PRIV, FL_MUSASS, 0),
	FLAG("NO-SMC", FS_PRIV, FL_NOSMC, 0),
	FLAG("NO-STATS", FS_PRIV, FL_NOSTATS, 0),
	FLAG("NON-CNCL", FS_PRIV, FL_NONCNCL, FF_SECURITY),
	FLAG("PPGM", FS_PRIV, FL_PPGM, 0),
	FLAG("PRIVPGM", FS_PRIV, FL_PRIVPGM, 0),
	FLAG("READALL", FS_PRIV, FL_READALL, FF_SECURITY),
	FLAG("REFRESH", FS_PRIV, FL_REFRESH, FF_SECURITY),
	FLAG("RESTRICT", FS_PRIV, FL_RESTRICT, 0),
	FLAG("SECURITY", FS_PRIV, FL_SECURITY, FF_SECURITY),
	FLAG("STC", FS_PRIV, FL_STC, 0),
	FLAG("SUBAUTH", FS_PRIV, FL_SUBAUTH, 0),
	FLAG("TAPE-BLP", FS_PRIV, FL_TAPEBLP, 0),
	FLAG("TAPE-LBL", FS_PRIV, FL_TAPELBL, 0),
	FLAG("TSO", FS_PRIV, FL_TSO, 0),

	{ "ACTIVE", FK_DATE, FS_RESTRICT, FT_ACTIVE, FR_NONE, 0, 0, 0 },
	{ "EXPIRE", FK_DATE, FS_RESTRICT, FT_EXPIRE, FR_NONE, 0, 0, 0 },
	STR("PREFIX", FS_RESTRICT, FS_PREFIX, FR_ID, 1, 8, 0),

	NUM("SEC-VIO", FS_STATS, FN_SECVIO, 0, 65535, 0),
	{ "UPD-TOD", FK_TOD, FS_STATS, FT_UPDTOD, FR_NONE, 0, 0,
	    FF_READONLY | FF_ALWAYS },

	FLAG("ACCTPRIV", FS_TSO, FL_ACCTPRIV, 0),
	FLAG("ALLCMDS", FS_TSO, FL_ALLCMDS, 0),
	STR("DFT-DEST", FS_TSO, FS_DFTDEST, FR_ALNUM, 1, 8, 0),
	STR("DFT-PFX", FS_TSO, FS_DFTPFX, FR_ID, 1, 8, 0),
	STR("DFT-SOUT", FS_TSO, FS_DFTSOUT, FR_CLASS, 1, 1, 0),
	STR("DFT-SUBC", FS_TSO, FS_DFTSUBC, FR_CLASS, 1, 1, 0),
	STR("DFT-SUBH", FS_TSO, FS_DFTSUBH, FR_CLASS, 1, 1, 0),
	STR("DFT-SUBM", FS_TSO, FS_DFTSUBM, FR_CLASS, 1, 1, 0),
	FLAG("INTERCOM", FS_TSO, FL_INTERCOM, 0),
	FLAG("LGN-ACCT", FS_TSO, FL_LGNACCT, 0),
	FLAG("LGN-DEST", FS_TSO, FL_LGNDEST, 0),
	FLAG("LGN-MSG", FS_TSO, FL_LGNMSG, 0),
	FLAG("LGN-PERF", FS_TSO, FL_LGNPERF, 0),
	FLAG("LGN-PROC", FS_TSO, FL_LGNPROC, 0),
	FLAG("LGN-RCVR", FS_TSO, FL_LGNRCVR, 0),
	FLAG("LGN-SIZE", FS_TSO, FL_LGNSIZE, 0),
	FLAG("LGN-TIME", FS_TSO, FL_LGNTIME, 0),
	FLAG("LGN-UNIT", FS_TSO, FL_LGNUNIT, 0),
	FLAG("MAIL", FS_TSO, FL_MAIL, 0),
	FLAG("MOUNT", FS_TSO, FL_MOUNT, 0),
	FLAG("NOTICES", FS_TSO, FL_NOTICES, 0),
	FLAG("OPERATOR", FS_TSO, FL_OPERATOR, 0),
	FLAG("PROMPT", FS_TSO, FL_PROMPT, 0),
	STR("TSOACCT", FS_TSO, FS_TSOACCT, FR_TEXT, 1, 40, 0),
	FLAG("TSOFSCRN", FS_TSO, FL_TSOFSCRN, 0),
	NUM("TSOPERF", FS_TSO, FN_TSOPERF, 0, 255, 0),
	STR("TSOPROC", FS_TSO, FS_TSOPROC, FR_ID, 1, 8, 0),
	STR("TSORBA", FS_TSO, FS_TSORBA, FR_HEXV, 1, 8, 0),
	NUM("TSORGN", FS_TSO, FN_TSORGN, 0, 2096128, 0),
	NUM("TSOSIZE", FS_TSO, FN_TSOSIZE, 0, 2096128, 0),
	STR("TSOUNIT", FS_TSO, FS_TSOUNIT, FR_ALNUM, 1, 8, 0),
	FLAG("WTP", FS_TSO, FL_WTP, 0),
};

const size_t afield_ndefs = sizeof(afield_defs) / sizeof(afield_defs[0]);

const char *const afield_sect_names[FS__MAX] = {
	"ACCESS", "CANCEL/SUSPEND", "CICS", "IDENTIFICATION", "PASSWORD",
	"PRIVILEGES", "RESTRICTIONS", "STATISTICS", "TSO"
};

const struct fdef *
afield_find(const char *name)
{
	size_t i;

	for (i = 0; i < afield_ndefs; i++)
		if (strcmp(afield_defs[i].fd_name, name) == 0)
			return &afield_defs[i];
	return NULL;
}

/* Is s (len bytes) UTF-8 of IBM-1047 characters without controls? */
int
afield_charset(const char *s, size_t len, const char *what, char *err,
    size_t errlen)
{
	return simchar_check_msg(s, len, "ACF6C020E", what, err, errlen);
}

size_t
afield_nchars(const char *s)
{
	return simchar_count(s);
}

/* A logonid: 1-8 of A-Z 0-9 @ # $, not a digit first. */
int
afield_is_lid(const char *s)
{
	return simchar_is_id(s, ACF2_LID_MAX, 0);
}

static int
afield_number(const char *s, long min, long max)
{
	long v;

	if (*s == '\0' || strlen(s) > 10 || strspn(s, "0123456789") !=
	    strlen(s))
		return -1;
	v = strtol(s, NULL, 10);
	return v < min || v > max ? -1 : 0;
}

static int
afield_str_ok(const struct fdef *f, const char *s)
{
	size_t n = afield_nchars(s), i;

	if (n < (size_t)f->fd_min || n > (size_t)f->fd_max)
		return 0;
	switch (f->fd_rule) {
	case FR_ID:
		return afield_is_lid(s);
	case FR_ALNUM:
		for (i = 0; s[i] != '\0'; i++)
			if (!simchar_is_national(s[i]))
				return 0;
		return 1;
	case FR_CLASS:
		return simchar_is_national(s[0]) && s[0] != '@' &&
		    s[0] != '#' && s[0] != '$';
	case FR_HEX:
	case FR_HEXV:
		return strspn(s, "0123456789ABCDEF") == strlen(s);
	case FR_TEXT:
	case FR_NONE:
		return 1;
	}
	return 0;
}

/*
 * Check value s of field f; on failure the message goes to err.  The
 * charset was checked by the lexer already, but check again: a value
 * may come from elsewhere.
 */
int
afield_check(const struct fdef *f, const char *s, char *err, size_t errlen)
{
	time_t t;
	int ok = 0;

	if (afield_charset(s, strlen(s), f->fd_name, err, errlen) == -1)
		return -1;
	switch (f->fd_kind) {
	case FK_NUM:
		ok = afield_number(s, f->fd_min, f->fd_max) == 0;
		break;
	case FK_DATE:
		ok = afield_date_parse(s, &t) == 0;
		break;
	case FK_STR:
		ok = afield_str_ok(f, s);
		break;
	default:
		break;
	}
	if (ok)
		return 0;
	if (f->fd_kind == FK_NUM)
		snprintf(err, errlen, "ACF6C013E INVALID VALUE FOR %s: %.40s "
		    "(A NUMBER FROM %ld TO %ld)", f->fd_name, s, f->fd_min,
		    f->fd_max);
	else if (f->fd_kind == FK_DATE)
		snprintf(err, errlen, "ACF6C013E INVALID VALUE FOR %s: %.40s "
		    "(A DATE MM/DD/YY)", f->fd_name, s);
	else
		snprintf(err, errlen, "ACF6C013E INVALID VALUE FOR %s: %.40s "
		    "(%ld TO %ld CHARACTERS%s)", f->fd_name, s, f->fd_min,
		    f->fd_max, f->fd_rule == FR_HEX || f->fd_rule == FR_HEXV ?
		    " 0-9 A-F" : f->fd_rule == FR_TEXT ? "" : " A-Z 0-9 @#$");
	return -1;
}

/* mm/dd/yy as ACF2 takes dates (GSO DATE format MM/DD/YY); yy<71: 20yy. */
int
afield_date_parse(const char *s, time_t *t)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };
	struct tm tm;
	int m, d, y;

	if (strlen(s) != 8 || s[2] != '/' || s[5] != '/' ||
	    strspn(s, "0123456789/") != 8 ||
	    sscanf(s, "%2d/%2d/%2d", &m, &d, &y) != 3)
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

/* mm/dd/yy, or 00/00/00 for never.  UTC. */
void
afield_date(int64_t v, char *buf, size_t len)
{
	time_t t = (time_t)v;
	struct tm tm;

	if (v == 0) {
		snprintf(buf, len, "00/00/00");
		return;
	}
	gmtime_r(&t, &tm);
	snprintf(buf, len, "%02d/%02d/%02d", tm.tm_mon + 1, tm.tm_mday,
	    tm.tm_year % 100);
}

void
afield_hhmm(int64_t v, char *buf, size_t len)
{
	time_t t = (time_t)v;
	struct tm tm;

	if (v == 0) {
		snprintf(buf, len, "00:00");
		return;
	}
	gmtime_r(&t, &tm);
	snprintf(buf, len, "%02d:%02d", tm.tm_hour, tm.tm_min);
}

/* mm/dd/yy-hh:mm */
void
afield_tod(int64_t v, char *buf, size_t len)
{
	char d[16], h[8];

	afield_date(v, d, sizeof(d));
	afield_hhmm(v, h, sizeof(h));
	snprintf(buf, len, "%s-%s", d, h);
}

/*
 * ACF2 masks: '*' stands for exactly one character, '-' for zero or
 * more (anywhere, as ACF2 allows it at the end and in the middle).
 */
int
afield_mask_match(const char *mask, const char *s)
{
	if (*mask == '\0')
		return *s == '\0';
	if (*mask == '-') {
		for (;; s++) {
			if (afield_mask_match(mask + 1, s))
				return 1;
			if (*s == '\0')
				return 0;
		}
	}
	if (*s == '\0')
		return 0;
	if (*mask != '*' && *mask != *s)
		return 0;
	return afield_mask_match(mask + 1, s + 1);
}

int
afield_is_mask(const char *s)
{
	return strpbrk(s, "*-") != NULL;
}

/* A logonid mask: 1-max of A-Z 0-9 @#$ * -, at most 4 '-' (bounded). */
int
afield_mask_valid(const char *s, size_t max)
{
	size_t i, dashes = 0;

	if (*s == '\0' || strlen(s) > max)
		return 0;
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] == '-')
			dashes++;
		else if (!simchar_is_national(s[i]) && s[i] != '*')
			return 0;
	}
	return dashes <= 4;
}
