/*
 * list.c - LISTUSER: RACF's output layout, line by line.
 *
 * Output goes to the sink one line at a time from inside one read
 * transaction (LISTUSER * walks a cursor), so listing 100,000 users
 * needs no more memory than one user.  The gateway parses this text;
 * the layout is fixed and regular:
 *
 * LISTUSER, per user (users separated by one empty line):
 *   USER=id  NAME=name20  OWNER=owner8  CREATED=yy.ddd
 *     "USER=" and the id, two blanks, "NAME=" and exactly 20 characters
 *     (the NAME as stored, padded with blanks; a NAME is at most 20
 *     characters, so the name is always columns 1-20 after "NAME=" even
 *     when it holds blanks, quotes or "  OWNER="; a user without NAME
 *     shows UNKNOWN as RACF does), two blanks, "OWNER=" and the owner
 *     padded to 8, two blanks, "CREATED=" and the date.
 *    DEFAULT-GROUP=grp8 PASSDATE=yy.ddd|00.000|N/A PASS-INTERVAL=n|N/A
 *     PHRASEDATE=yy.ddd|00.000|N/A    (00.000: expired; N/A: none)
 *    ATTRIBUTES=NONE | words from SPECIAL OPERATIONS AUDITOR REVOKED
 *     PROTECTED, blank separated
 *    REVOKE DATE=NONE|yy.ddd   RESUME DATE=NONE|yy.ddd
 *    LAST-ACCESS=yy.ddd/hh:mm:ss|UNKNOWN
 *    CLASS AUTHORIZATIONS=NONE
 *    INSTALLATION-DATA=text (the whole DATA on one line) |
 *     NO-INSTALLATION-DATA
 *    NO-MODEL-NAME, then the three LOGON ALLOWED lines
 *   per connection, in group name order:
 *     GROUP=grp8  AUTH=auth7  CONNECT-OWNER=own8  CONNECT-DATE=yy.ddd
 *       CONNECTS=count6  UACC=uacc8 LAST-CONNECT=yy.ddd/hh:mm:ss|UNKNOWN
 *       (count6: at least two digits, right-aligned in 6 columns)
 *       CONNECT ATTRIBUTES=NONE|REVOKED
 *       REVOKE DATE=NONE|yy.ddd   RESUME DATE=NONE|yy.ddd
 *   SECURITY-LEVEL=NONE SPECIFIED, CATEGORY-AUTHORIZATION,
 *    NONE SPECIFIED, SECURITY-LABEL=NONE SPECIFIED
 *   per segment asked for (TSO, OMVS, CICS in that order): an empty
 *   line, then "xxx INFORMATION", a line of dashes as long, and one
 *   "KEYWORD= value" line per field that is set; or "NO xxx INFORMATION"
 *   after the empty line when the user has no such segment.
 *   With NORACF only "USER=id" and the segments are printed.
 *
 * LISTGRP (listgrp.c), per group (separated by one empty line):
 *   INFORMATION FOR GROUP grp
 *       SUPERIOR GROUP=sup8  OWNER=own8  CREATED=yy.ddd
 *       INSTALLATION DATA=text | NO INSTALLATION DATA
 *       NO MODEL DATA SET
 *       TERMUACC
 *       NO SUBGROUPS | SUBGROUP(S)= grp, then one more subgroup per
 *         line, aligned under the first
 *       USER(S)=      ACCESS=      ACCESS COUNT=      UNIVERSAL ACCESS=
 *         user8     auth8      nnnnnn              uacc
 *            CONNECT ATTRIBUTES=NONE|REVOKED
 *            REVOKE DATE=NONE|yy.ddd     RESUME DATE=NONE|yy.ddd
 *       (or NO USERS)
 *   then with OMVS: empty line, OMVS INFORMATION, dashes, GID= nnnnnnnnnn
 *   or NO OMVS INFORMATION.
 * Dates are UTC.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

#include "cmd.h"
#include "rules.h"
#include "segment.h"

void
list_date(time_t t, char *buf, size_t len)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(buf, len, "%02d.%03d", tm.tm_year % 100, tm.tm_yday + 1);
}

void
list_datetime(time_t t, char *buf, size_t len)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(buf, len, "%02d.%03d/%02d:%02d:%02d", tm.tm_year % 100,
	    tm.tm_yday + 1, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* A date or a word for "none" into buf. */
static const char *
list_opt_date(int64_t t, const char *none, char *buf, size_t len)
{
	if (t == 0)
		return none;
	list_date((time_t)t, buf, len);
	return buf;
}

static const char *
list_pwdate(const struct pwhash *h, int64_t t, int expired, char *buf,
    size_t len)
{
	if (h->ph_iter == 0)
		return "N/A";
	if (expired)
		return "00.000";
	return list_opt_date(t, "N/A", buf, len);
}

static int
list_user_head(struct rcmd *c, const struct ruser *u)
{
	char name[NAME_SZ + RACF_NAME_MAX], d1[16], d2[16], iv[8];
	const char *nm = u->ru_name[0] != '\0' ? u->ru_name : "UNKNOWN";

	/* Pad to 20 characters, not bytes: the NAME is UTF-8. */
	snprintf(name, sizeof(name), "%s%*s", nm,
	    (int)(RACF_NAME_MAX - rules_nchars(nm)), "");
	list_date((time_t)u->ru_created, d1, sizeof(d1));
	if (cmd_line(c, "USER=%s  NAME=%s  OWNER=%-8s  CREATED=%s",
	    u->ru_id, name, u->ru_owner, d1) == -1)
		return -1;
	snprintf(iv, sizeof(iv), "%u", u->ru_interval);
	return cmd_line(c, " DEFAULT-GROUP=%-8s PASSDATE=%s PASS-INTERVAL=%s "
	    "PHRASEDATE=%s", u->ru_dfltgrp, list_pwdate(&u->ru_pw,
	    u->ru_passdate, u->ru_flags & RU_PWEXPIRED, d1, sizeof(d1)),
	    u->ru_interval != 0 ? iv : "N/A", list_pwdate(&u->ru_phrase,
	    u->ru_phrasedate, u->ru_flags & RU_PHEXPIRED, d2, sizeof(d2)));
}

static void
list_cat(char *a, size_t len, const char *w)
{
	size_t n = strlen(a);

	snprintf(a + n, len - n, "%s", w);
}

static int
list_user_attrs(struct rcmd *c, const struct ruser *u)
{
	char a[80] = "", d1[64], d2[16];

	if (u->ru_flags & RU_SPECIAL)
		list_cat(a, sizeof(a), " SPECIAL");
	if (u->ru_flags & RU_OPERATIONS)
		list_cat(a, sizeof(a), " OPERATIONS");
	if (u->ru_flags & RU_AUDITOR)
		list_cat(a, sizeof(a), " AUDITOR");
	if (cmd_user_revoked(u, c->c_now))
		list_cat(a, sizeof(a), " REVOKED");
	if (u->ru_pw.ph_iter == 0 && u->ru_phrase.ph_iter == 0)
		list_cat(a, sizeof(a), " PROTECTED");
	if (cmd_line(c, " ATTRIBUTES=%s", a[0] != '\0' ? a + 1 : "NONE") ==
	    -1 || cmd_line(c, " REVOKE DATE=%s   RESUME DATE=%s",
	    list_opt_date(u->ru_revokedate, "NONE", d1, sizeof(d1)),
	    list_opt_date(u->ru_resumedate, "NONE", d2, sizeof(d2))) == -1)
		return -1;
	if (u->ru_lastaccess != 0)
		list_datetime((time_t)u->ru_lastaccess, d1, sizeof(d1));
	if (cmd_line(c, " LAST-ACCESS=%s", u->ru_lastaccess != 0 ? d1 :
	    "UNKNOWN") == -1 ||
	    cmd_line(c, " CLASS AUTHORIZATIONS=NONE") == -1)
		return -1;
	if ((u->ru_data[0] != '\0' ? cmd_line(c, " INSTALLATION-DATA=%s",
	    u->ru_data) : cmd_line(c, " NO-INSTALLATION-DATA")) == -1)
		return -1;
	if (cmd_line(c, " NO-MODEL-NAME") == -1 ||
	    cmd_line(c, " LOGON ALLOWED   (DAYS)          (TIME)") == -1 ||
	    cmd_line(c, " ---------------------------------------------") ==
	    -1)
		return -1;
	return cmd_line(c, " ANYDAY                          ANYTIME");
}

static int
list_conn_block(struct rcmd *c, const struct rconn *cn)
{
	char d1[64], d2[16];

	list_date((time_t)cn->rc_created, d1, sizeof(d1));
	if (cmd_line(c, "  GROUP=%-8s  AUTH=%-7s  CONNECT-OWNER=%-8s  "
	    "CONNECT-DATE=%s", cn->rc_group, cmd_auth_name(cn->rc_auth),
	    cn->rc_owner, d1) == -1)
		return -1;
	if (cn->rc_lastconnect != 0)
		list_datetime((time_t)cn->rc_lastconnect, d1, sizeof(d1));
	if (cmd_line(c, "    CONNECTS=%6.2u  UACC=%-8s LAST-CONNECT=%s",
	    cn->rc_count, cn->rc_uacc, cn->rc_lastconnect != 0 ? d1 :
	    "UNKNOWN") == -1 ||
	    cmd_line(c, "    CONNECT ATTRIBUTES=%s",
	    cn->rc_flags & RC_REVOKED ? "REVOKED" : "NONE") == -1)
		return -1;
	return cmd_line(c, "    REVOKE DATE=%s   RESUME DATE=%s",
	    list_opt_date(cn->rc_revokedate, "NONE", d1, sizeof(d1)),
	    list_opt_date(cn->rc_resumedate, "NONE", d2, sizeof(d2)));
}

struct list_walk {
	struct rcmd	*lw_cmd;
	const char	*lw_id;
	int		 lw_segs[USEG__MAX];
	int		 lw_noracf;
	int		 lw_count;
	int		 lw_rc;
};

static int
list_conn_cb(void *arg, const MDB_val *k, const MDB_val *v)
{
	struct list_walk *lw = arg;
	struct rconn cn;

	memset(&cn, 0, sizeof(cn));
	store_key_second(k, cn.rc_group);
	snprintf(cn.rc_user, sizeof(cn.rc_user), "%s", lw->lw_id);
	if (rec_conn_decode(v->mv_data, v->mv_size, &cn) == -1)
		return -1;
	return list_conn_block(lw->lw_cmd, &cn) == -1 ? 1 : 0;
}

static int
list_segment(struct rcmd *c, const struct ruser *u, size_t s)
{
	const struct segdef *sd = &seg_user[s];
	char buf[2100];
	size_t f;

	if (cmd_line(c, "%s", "") == -1)
		return -1;
	if (!u->ru_seg[s].rs_present)
		return cmd_line(c, "NO %s INFORMATION", sd->sd_name);
	if (cmd_line(c, "%s INFORMATION", sd->sd_name) == -1 ||
	    cmd_line(c, "%.*s", (int)strlen(sd->sd_name) + 12,
	    "----------------------") == -1)
		return -1;
	for (f = 0; f < sd->sd_n; f++) {
		if (u->ru_seg[s].rs_f[f] == NULL)
			continue;
		seg_format(&sd->sd_fields[f], u->ru_seg[s].rs_f[f], buf,
		    sizeof(buf));
		if (cmd_line(c, "%s= %s", sd->sd_fields[f].sf_name, buf) == -1)
			return -1;
	}
	return 0;
}

/* One user's LISTUSER output; -1 when the sink stopped or on error. */
int
list_user(struct rcmd *c, const struct ruser *u, int noracf,
    const int *segs)
{
	struct list_walk lw;
	size_t s;

	memset(&lw, 0, sizeof(lw));
	lw.lw_cmd = c;
	lw.lw_id = u->ru_id;
	if (noracf) {
		if (cmd_line(c, "USER=%s", u->ru_id) == -1)
			return -1;
	} else if (list_user_head(c, u) == -1 || list_user_attrs(c, u) == -1 ||
	    simdb_scan(c->c_txn, c->c_db->db_u2g, u->ru_id,
	    strlen(u->ru_id) + 1, list_conn_cb, &lw) == -1 || c->c_o.so_cut ||
	    cmd_line(c, "SECURITY-LEVEL=NONE SPECIFIED") == -1 ||
	    cmd_line(c, "CATEGORY-AUTHORIZATION") == -1 ||
	    cmd_line(c, " NONE SPECIFIED") == -1 ||
	    cmd_line(c, "SECURITY-LABEL=NONE SPECIFIED") == -1)
		return -1;
	for (s = 0; s < USEG__MAX; s++)
		if (segs[s] && list_segment(c, u, s) == -1)
			return -1;
	return 0;
}

static int
list_user_cb(void *arg, const MDB_val *k, const MDB_val *v)
{
	struct list_walk *lw = arg;
	struct ruser u;
	int rc;

	memset(&u, 0, sizeof(u));
	if (k->mv_size >= ID_SZ)
		return -1;
	memcpy(u.ru_id, k->mv_data, k->mv_size);
	if (rec_user_decode(v->mv_data, v->mv_size, &u) == -1)
		return -1;
	if (lw->lw_count++ > 0 && cmd_line(lw->lw_cmd, "%s", "") == -1)
		rc = 1;
	else
		rc = list_user(lw->lw_cmd, &u, lw->lw_noracf, lw->lw_segs) ==
		    -1 ? 1 : 0;
	ruser_free(&u);
	return rc;
}

/* One named user; RC 4 when it is not defined. */
static int
list_one_user(struct list_walk *lw, const char *id)
{
	struct rcmd *c = lw->lw_cmd;
	struct ruser u;
	int rc;

	if (!rules_is_id(id))
		return cmd_err(c, RACF_RC_WARNING, "IKJ56702I INVALID USERID, "
		    "%.40s", id);
	if ((rc = store_get_user(c->c_db, c->c_txn, id, &u)) != 0) {
		ruser_free(&u);
		return rc == 1 ? cmd_err(c, RACF_RC_WARNING, "ICH30001I "
		    "UNABLE TO LOCATE USER ENTRY %s", id) : RACF_RC_SEVERE;
	}
	if (lw->lw_count++ > 0)
		cmd_line(c, "%s", "");
	list_user(c, &u, lw->lw_noracf, lw->lw_segs);
	ruser_free(&u);
	return RACF_RC_OK;
}

/* Who is to be listed: LU, LU id, LU (id ...), LU *. */
static int
list_user_auth(struct rcmd *c, const struct lx_node *who)
{
	const struct lx_node *n;

	if (c->c_iss_flags & RU_SPECIAL)
		return RACF_RC_OK;
	if (who == NULL)
		return RACF_RC_OK;
	n = who->ln_kind == LX_LIST ? who->ln_args : who;
	for (; n != NULL; n = who->ln_kind == LX_LIST ? n->ln_next : NULL)
		if (strcmp(n->ln_text, c->c_issuer) != 0)
			return cmd_special(c);
	return RACF_RC_OK;
}

static void
list_user_opts(struct list_walk *lw, const struct opset *os)
{
	lw->lw_noracf = opset_has(os, KW_NORACF);
	lw->lw_segs[USEG_TSO] = opset_has(os, KW_TSO);
	lw->lw_segs[USEG_OMVS] = opset_has(os, KW_OMVS);
	lw->lw_segs[USEG_CICS] = opset_has(os, KW_CICS);
}

int
list_user_cmd(struct rcmd *c, const struct lx_node *args)
{
	const struct lx_node *who = NULL, *n;
	struct list_walk lw;
	struct opset *os = NULL;
	int rc, r;

	memset(&lw, 0, sizeof(lw));
	lw.lw_cmd = c;
	if (args != NULL && !args->ln_hasargs) {
		who = args;
		args = args->ln_next;
	}
	if ((rc = cmd_parse(c, &parse_listuser, args, &os)) != 0 ||
	    (rc = list_user_auth(c, who)) != 0)
		goto done;
	list_user_opts(&lw, os);
	if (who != NULL && who->ln_kind == LX_WORD &&
	    strcmp(who->ln_text, "*") == 0) {
		if (simdb_scan(c->c_txn, c->c_db->db_users, "", 0,
		    list_user_cb, &lw) == -1)
			rc = RACF_RC_SEVERE;
		goto done;
	}
	if (who == NULL)
		rc = list_one_user(&lw, c->c_issuer);
	else if (who->ln_kind != LX_LIST)
		rc = list_one_user(&lw, who->ln_text);
	for (n = who != NULL && who->ln_kind == LX_LIST ? who->ln_args : NULL;
	    n != NULL && !c->c_o.so_cut; n = n->ln_next)
		if ((r = list_one_user(&lw, n->ln_text)) > rc)
			rc = r;
done:
	parse_free(os);
	return rc;
}
