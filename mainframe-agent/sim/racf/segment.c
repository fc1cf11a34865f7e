/*
 * segment.c - the TSO, OMVS and CICS segments of a user, and the OMVS
 * segment of a group, as tables: each field's keyword, its NO form,
 * RACF's rule for its value and how LISTUSER prints it.  ADDUSER and
 * ALTUSER apply a segment operand through seg_apply(); LISTUSER prints
 * through seg_format(); neither knows any field by name.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

#include "segment.h"

#define TXT(min, max)	{ RK_TEXT, min, max }

static const struct segfield tso_fields[] = {
	{ "ACCTNUM", KW_ACCTNUM, KW_NOACCTNUM, TXT(1, 39), SF_TEXT, 0 },
	{ "HOLDCLASS", KW_HOLDCLASS, KW_NOHOLDCLASS, { RK_CLASS, 0, 0 },
	    SF_TEXT, 0 },
	{ "JOBCLASS", KW_JOBCLASS, KW_NOJOBCLASS, { RK_CLASS, 0, 0 },
	    SF_TEXT, 0 },
	{ "MSGCLASS", KW_MSGCLASS, KW_NOMSGCLASS, { RK_CLASS, 0, 0 },
	    SF_TEXT, 0 },
	{ "PROC", KW_PROC, KW_NOPROC, { RK_MEMBER, 1, 8 }, SF_TEXT, 0 },
	{ "SIZE", KW_SIZE, KW_NOSIZE, { RK_NUMBER, 0, RACF_TSO_SIZE_MAX },
	    SF_ZERO, 8 },
	{ "MAXSIZE", KW_MAXSIZE, KW_NOMAXSIZE,
	    { RK_NUMBER, 0, RACF_TSO_SIZE_MAX }, SF_ZERO, 8 },
	{ "SYSOUTCLASS", KW_SYSOUTCLASS, KW_NOSYSOUTCLASS, { RK_CLASS, 0, 0 },
	    SF_TEXT, 0 },
	{ "UNIT", KW_UNIT, KW_NOUNIT, TXT(1, 8), SF_TEXT, 0 },
	{ "USERDATA", KW_USERDATA, KW_NOUSERDATA, { RK_HEX4, 0, 0 },
	    SF_TEXT, 0 },
	{ "COMMAND", KW_COMMAND, KW_NOCOMMAND, TXT(1, 80), SF_TEXT, 0 },
};

static const struct segfield omvs_fields[] = {
	{ "UID", KW_UID, KW_NOUID, { RK_NUMBER, 0, RACF_UID_MAX }, SF_ZERO,
	    10 },
	{ "HOME", KW_HOME, KW_NOHOME, TXT(1, 1023), SF_TEXT, 0 },
	{ "PROGRAM", KW_PROGRAM, KW_NOPROGRAM, TXT(1, 1023), SF_TEXT, 0 },
};

static const struct segfield cics_fields[] = {
	{ "OPIDENT", KW_OPIDENT, KW_NOOPIDENT, TXT(1, 3), SF_TEXT, 0 },
	{ "OPPRTY", KW_OPPRTY, KW_NOOPPRTY, { RK_NUMBER, 0, 255 }, SF_ZERO,
	    5 },
	{ "TIMEOUT", KW_TIMEOUT, KW_NOTIMEOUT, { RK_HHMM, 0, 0 }, SF_HHMM,
	    0 },
};

#define SEG(name, kw, nokw, f) \
	{ name, kw, nokw, f, sizeof(f) / sizeof(f[0]) }

const struct segdef seg_user[USEG__MAX] = {
	SEG("TSO", KW_TSO, KW_NOTSO, tso_fields),
	SEG("OMVS", KW_OMVS, KW_NOOMVS, omvs_fields),
	SEG("CICS", KW_CICS, KW_NOCICS, cics_fields),
};

const struct segfield seg_gid = {
	"GID", KW_GID, KW_NOGID, { RK_NUMBER, 0, RACF_UID_MAX }, SF_ZERO, 10
};

static void
seg_note(char *fields, size_t len, const char *seg, const char *field)
{
	size_t n = strlen(fields);

	snprintf(fields + n, len - n, "%s%s%s%s", n > 0 ? " " : "", seg,
	    field != NULL ? "." : "", field != NULL ? field : "");
}

static void
seg_drop(struct rseg *rs)
{
	size_t f;

	for (f = 0; f < SEG_FIELDS; f++) {
		free(rs->rs_f[f]);
		rs->rs_f[f] = NULL;
	}
	rs->rs_present = 0;
}

/* The fields of one segment operand, e.g. TSO(PROC(X) NOUNIT). */
static int
seg_fields(struct rcmd *c, const struct segdef *sd, struct rseg *rs,
    const struct opset *sub, char *fields, size_t len)
{
	const struct segfield *sf;
	char buf[2048], err[256];
	const char *v;
	size_t f;

	for (f = 0; f < sd->sd_n; f++) {
		sf = &sd->sd_fields[f];
		if (opset_has(sub, sf->sf_nokw)) {
			free(rs->rs_f[f]);
			rs->rs_f[f] = NULL;
		} else if ((v = opset_val(sub, sf->sf_kw)) != NULL) {
			if (rules_check(&sf->sf_rule, sf->sf_name, v, err,
			    sizeof(err)) == -1)
				return cmd_err(c, RACF_RC_SEVERE, "%s", err);
			rules_canon(&sf->sf_rule, v, buf, sizeof(buf));
			free(rs->rs_f[f]);
			rs->rs_f[f] = xstrdup(buf);
		} else
			continue;
		seg_note(fields, len, sd->sd_name, sf->sf_name);
	}
	return RACF_RC_OK;
}

/* Apply the segment operands of ADDUSER/ALTUSER in os to u. */
int
seg_apply(struct rcmd *c, struct ruser *u, const struct opset *os,
    char *fields, size_t len)
{
	const struct segdef *sd;
	struct rseg *rs;
	size_t s;
	int rc;

	for (s = 0; s < USEG__MAX; s++) {
		sd = &seg_user[s];
		rs = &u->ru_seg[s];
		if (opset_has(os, sd->sd_nokw)) {
			seg_drop(rs);
			seg_note(fields, len, sd->sd_name, NULL);
			continue;
		}
		if (!opset_has(os, sd->sd_kw))
			continue;
		if (!rs->rs_present)
			seg_note(fields, len, sd->sd_name, NULL);
		rs->rs_present = 1;
		rc = seg_fields(c, sd, rs, opset_sub(os, sd->sd_kw), fields,
		    len);
		if (rc != RACF_RC_OK)
			return rc;
	}
	return RACF_RC_OK;
}

/* The value of a field as LISTUSER prints it after "NAME= ". */
void
seg_format(const struct segfield *sf, const char *v, char *buf, size_t len)
{
	switch (sf->sf_fmt) {
	case SF_ZERO:
		snprintf(buf, len, "%0*ld", sf->sf_width, strtol(v, NULL, 10));
		break;
	case SF_HHMM:
		snprintf(buf, len, "%.2s:%.2s", v, v + 2);
		break;
	default:
		snprintf(buf, len, "%s", v);
		break;
	}
}
