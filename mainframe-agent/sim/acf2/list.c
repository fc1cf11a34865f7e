/*
 * list.c - LIST in LID mode: ACF2's logonid record layout, line by line.
 *
 *	LIST [lid ... | LIKE(mask) [LIDS] | * [LIDS]]
 *
 * Output goes to the sink one line at a time from inside one read
 * transaction (LIST LIKE(-) walks a cursor in LID order), so listing
 * 100,000 logonids needs no more memory than one record.
 *
 * Two forms are this simulator's extensions for reconciliation at
 * speed; real ACF2 lists one logonid, or a mask, per LIST:
 *   - LIST lid1 lid2 ... lists each logonid named, in the order named,
 *     as LIST LIKE lists them (an empty line between records, the
 *     ACF6C041I count at the end); a logonid that does not exist gets
 *     its ACF6C011W line in its place and the command ends with
 *     return code 4.  At most 256 logonids, the agent's longest list.
 *   - LIST LIKE(mask) LIDS (or LIST * LIDS) prints the matching
 *     logonids alone, one per line, read from the keys without
 *     decoding a record: the cheap form a gateway uses to enumerate
 *     100,000 users.  LIDS counts as an option only right after the
 *     mask; LIST A LIDS names two logonids, A and LIDS.
 *
 * The gateway parses this text; the layout is fixed:
 *
 *   line 1: the LID in columns 1-8 (padded with blanks), blanks up to
 *     column 47, the NAME from column 48 to the end of the line (as
 *     stored, at most 20 characters, nothing when there is none).
 *   then the nine sections, always all of them, always in this order:
 *     ACCESS, CANCEL/SUSPEND, CICS, IDENTIFICATION, PASSWORD,
 *     PRIVILEGES, RESTRICTIONS, STATISTICS, TSO
 *   each a heading line (one blank, the section name) followed by zero
 *   or more token lines (two blanks, tokens separated by one blank, no
 *   line longer than 72 columns).  A token is a flag word (the flag is
 *   on; a flag that is off is not printed) or KEYWORD(value).  Fields
 *   in a section come in alphabetical order.  Counters and the
 *   ACC-DATE, ACC-TIME, PSWD-DAT, PSWD-TOD and UPD-TOD stamps are
 *   always printed; other value fields only when set.  A value holding
 *   a blank, comma, parenthesis or quote is quoted, '' standing for a
 *   quote.  Dates are mm/dd/yy (00/00/00: never), times hh:mm,
 *   stamps mm/dd/yy-hh:mm, all UTC.
 *   LIKE lists separate logonids by one empty line and end with
 *   "ACF6C041I n LOGONIDS LISTED".
 *
 * Sample (a TSO and CICS user, as tests/unit/check_acf2_db.c checks it):
 *
 * ALICE                                          ALICE O'BRIEN
 *  ACCESS
 *   ACC-CNT(0) ACC-DATE(00/00/00) ACC-TIME(00:00)
 *  CANCEL/SUSPEND
 *  CICS
 *   ACF2CICS CICSCL(00C001) CICSID(A01) CICSOPT(CICSPROD) CICSPRI(10)
 *   CICSRLS(0000FF) IDLE(30)
 *  IDENTIFICATION
 *   GROUP(PAYROLL) PHONE('555 0101')
 *  PASSWORD
 *   KERB-VIO(0) KERBCURV(0) MAXDAYS(30) MINDAYS(1) PSWD-DAT(00/00/00)
 *   PSWD-INV(0) PSWD-TOD(01/10/24-12:00) PSWD-VIO(0)
 *  PRIVILEGES
 *   JCL TSO
 *  RESTRICTIONS
 *   EXPIRE(12/31/25) PREFIX(ALICE)
 *  STATISTICS
 *   SEC-VIO(0) UPD-TOD(01/10/24-12:00)
 *  TSO
 *   ACCTPRIV DFT-DEST(RMT1) DFT-PFX(ALICE) DFT-SOUT(A) DFT-SUBC(B)
 *   DFT-SUBH(H) DFT-SUBM(X) INTERCOM LGN-ACCT MAIL NOTICES
 *   TSOACCT('ACCT (1)') TSOFSCRN TSOPERF(2) TSOPROC(ISPFPROC) TSORBA(1A2B)
 *   TSORGN(4096) TSOSIZE(8192) TSOUNIT(SYSDA) WTP
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

#define LIST_WIDTH	72
#define LIST_MAXLIDS	256	/* logonids one LIST may name */

struct alist_buf {
	char	 lb_line[LIST_WIDTH * 4 + 8];
	size_t	 lb_len;
};

static int
alist_flush(struct acmd *c, struct alist_buf *lb)
{
	int rc = 0;

	if (lb->lb_len > 2)
		rc = acmd_line(c, "%s", lb->lb_line);
	memcpy(lb->lb_line, "  ", 3);
	lb->lb_len = 2;
	return rc;
}

static int
alist_token(struct acmd *c, struct alist_buf *lb, const char *tok)
{
	size_t n = strlen(tok);

	if (lb->lb_len > 2 && lb->lb_len + 1 + n > LIST_WIDTH &&
	    alist_flush(c, lb) == -1)
		return -1;
	if (lb->lb_len + 1 + n >= sizeof(lb->lb_line))
		n = sizeof(lb->lb_line) - lb->lb_len - 2;
	if (lb->lb_len > 2)
		lb->lb_line[lb->lb_len++] = ' ';
	memcpy(lb->lb_line + lb->lb_len, tok, n);
	lb->lb_len += n;
	lb->lb_line[lb->lb_len] = '\0';
	return 0;
}

/* KEYWORD(value), the value quoted when it needs to be. */
static void
alist_kv(char *buf, size_t len, const char *kw, const char *v)
{
	size_t n, i;

	if (strpbrk(v, " ,()'") == NULL) {
		snprintf(buf, len, "%s(%s)", kw, v);
		return;
	}
	n = (size_t)snprintf(buf, len, "%s('", kw);
	for (i = 0; v[i] != '\0' && n + 4 < len; i++) {
		if (v[i] == '\'')
			buf[n++] = '\'';
		buf[n++] = v[i];
	}
	memcpy(buf + n, "')", 3);
}

/* The token of field f of r into buf; 0 when there is none. */
static int
alist_field(const struct lidrec *r, const struct fdef *f, char *buf,
    size_t len)
{
	char v[32];
	int always = f->fd_flags & FF_ALWAYS;

	switch (f->fd_kind) {
	case FK_FLAG:
		if (!LR_HAS(r, f->fd_slot))
			return 0;
		snprintf(buf, len, "%s", f->fd_name);
		return 1;
	case FK_NUM:
		snprintf(buf, len, "%s(%u)", f->fd_name, r->lr_num[f->fd_slot]);
		return 1;
	case FK_STR:
		if (r->lr_str[f->fd_slot][0] == '\0')
			return 0;
		alist_kv(buf, len, f->fd_name, r->lr_str[f->fd_slot]);
		return 1;
	case FK_DATE:
	case FK_TIME:
	case FK_TOD:
		if (!always && r->lr_time[f->fd_slot] == 0)
			return 0;
		if (f->fd_kind == FK_DATE)
			afield_date(r->lr_time[f->fd_slot], v, sizeof(v));
		else if (f->fd_kind == FK_TIME)
			afield_hhmm(r->lr_time[f->fd_slot], v, sizeof(v));
		else
			afield_tod(r->lr_time[f->fd_slot], v, sizeof(v));
		snprintf(buf, len, "%s(%s)", f->fd_name, v);
		return 1;
	}
	return 0;
}

/* One logonid's LIST output; -1 when the sink stopped. */
int
alist_lid(struct acmd *c, const struct lidrec *r)
{
	struct alist_buf lb;
	char tok[ACF2_STR_SZ * 2 + 32];
	size_t i;
	int s;

	if (acmd_line(c, "%-8s%39s%s", r->lr_lid, "", r->lr_name) == -1)
		return -1;
	i = 0;
	for (s = 0; s < FS__MAX; s++) {
		if (acmd_line(c, " %s", afield_sect_names[s]) == -1)
			return -1;
		lb.lb_len = 2;
		memcpy(lb.lb_line, "  ", 3);
		for (; i < afield_ndefs && (int)afield_defs[i].fd_sect == s;
		    i++)
			if (alist_field(r, &afield_defs[i], tok, sizeof(tok)) &&
			    alist_token(c, &lb, tok) == -1)
				return -1;
		if (alist_flush(c, &lb) == -1)
			return -1;
	}
	return 0;
}

struct alist_walk {
	struct acmd	*lw_cmd;
	const char	*lw_mask;
	int		 lw_lids;	/* LIDS: the logonids alone */
	size_t		 lw_count;
};

static int
alist_cb(void *arg, const MDB_val *k, const MDB_val *v)
{
	struct alist_walk *lw = arg;
	struct lidrec r;

	if (k->mv_size >= ACF2_ID_SZ)
		return -1;
	memset(&r, 0, sizeof(r));
	memcpy(r.lr_lid, k->mv_data, k->mv_size);
	if (!afield_mask_match(lw->lw_mask, r.lr_lid))
		return 0;
	if (lw->lw_lids) {
		lw->lw_count++;
		return acmd_line(lw->lw_cmd, "%s", r.lr_lid) == -1 ? 1 : 0;
	}
	if (arec_lid_decode(v->mv_data, v->mv_size, &r) == -1)
		return -1;
	if (lw->lw_count++ > 0 && acmd_line(lw->lw_cmd, "%s", "") == -1)
		return 1;
	return alist_lid(lw->lw_cmd, &r) == -1 ? 1 : 0;
}

static int
alist_mask(struct acmd *c, const char *mask, int lids)
{
	struct alist_walk lw = { c, mask, lids, 0 };

	if (!afield_mask_valid(mask, ACF2_LID_MAX))
		return acmd_err(c, ACF2_RC_SEVERE, "ACF6C012E INVALID LOGONID "
		    "MASK %.40s", mask);
	if (acmd_auth(c, AUTH_READ) != 0)
		return ACF2_RC_ERROR;
	if (simdb_scan(c->c_txn, c->c_db->db_lids, mask, strcspn(mask, "*-"),
	    alist_cb, &lw) == -1)
		return acmd_dberr(c);
	if (c->c_o.so_cut)
		return ACF2_RC_OK;
	if (lw.lw_count == 0)
		return acmd_err(c, ACF2_RC_WARNING, "ACF6C017W NO LOGONIDS "
		    "MATCH %s", mask);
	return acmd_err(c, ACF2_RC_OK, "ACF6C041I %zu LOGONIDS LISTED",
	    lw.lw_count);
}

/* LIKE(mask) or *, then LIDS or nothing. */
static int
alist_mask_args(struct acmd *c, const struct lx_node *args)
{
	const struct lx_node *opt = args->ln_next;
	int lids = opt != NULL && opt->ln_kind == LX_WORD && !opt->ln_hasval &&
	    strcmp(opt->ln_text, "LIDS") == 0;

	if (opt != NULL && (!lids || opt->ln_next != NULL))
		return acmd_err(c, ACF2_RC_SEVERE, "ACF6C014E LIST TAKES "
		    "LOGONIDS, OR ONE LIKE(mask) WITH LIDS OR NOTHING AFTER IT, "
		    "NOT %.40s", lids ? opt->ln_next->ln_text : opt->ln_text);
	return alist_mask(c, args->ln_hasval ? args->ln_val : "-", lids);
}

/* One logonid named: its record, or ACF6C011W.  1 when not found. */
static int
alist_one(struct acmd *c, const char *lid, size_t *listed)
{
	struct lidrec r;
	int rc;

	if ((rc = astore_get_lid(c->c_db, c->c_txn, lid, &r)) == -1)
		return -1;
	if (rc == 1) {
		acmd_line(c, "ACF6C011W LOGONID %s NOT FOUND", lid);
		return 1;
	}
	if ((*listed)++ > 0)
		acmd_line(c, "%s", "");
	alist_lid(c, &r);
	return 0;
}

/* LIST lid ...: each one named, in order (see the head of the file). */
static int
alist_named(struct acmd *c, const struct lx_node *args)
{
	const struct lx_node *n;
	size_t named = 0, listed = 0;
	int rc, missing = 0, others = 0;

	for (n = args; n != NULL; n = n->ln_next, named++) {
		if (n->ln_kind != LX_WORD || n->ln_hasval ||
		    !afield_is_lid(n->ln_text))
			return acmd_err(c, ACF2_RC_SEVERE, "ACF6C012E INVALID "
			    "LOGONID %.40s", n->ln_text);
		others |= strcmp(n->ln_text, c->c_issuer) != 0;
	}
	if (named > LIST_MAXLIDS)
		return acmd_err(c, ACF2_RC_SEVERE, "ACF6C014E LIST TAKES AT MOST "
		    "%d LOGONIDS", LIST_MAXLIDS);
	if (others && acmd_auth(c, AUTH_READ) != 0)
		return ACF2_RC_ERROR;
	for (n = args; n != NULL && !c->c_o.so_cut; n = n->ln_next) {
		if ((rc = alist_one(c, n->ln_text, &listed)) == -1)
			return acmd_dberr(c);
		missing |= rc;
	}
	if (named > 1 && !c->c_o.so_cut)
		acmd_line(c, "ACF6C041I %zu LOGONIDS LISTED", listed);
	return missing ? ACF2_RC_WARNING : ACF2_RC_OK;
}

int
alist_cmd(struct acmd *c, const struct lx_node *args)
{
	struct lx_node issuer;

	if (args != NULL && args->ln_kind == LX_WORD && ((args->ln_hasval &&
	    strcmp(args->ln_text, "LIKE") == 0) || (!args->ln_hasval &&
	    strcmp(args->ln_text, "*") == 0)))
		return alist_mask_args(c, args);
	if (args != NULL)
		return alist_named(c, args);
	/* Without an operand LIST shows the issuer. */
	memset(&issuer, 0, sizeof(issuer));
	issuer.ln_kind = LX_WORD;
	issuer.ln_text = c->c_issuer;
	return alist_named(c, &issuer);
}
