/*
 * list.c - TSS LIST: one ACID, several, or every ACID of a type,
 * streamed to the sink from one read transaction.
 *
 *	LIST(acid[,acid...]) [DATA(ALL|BASIC|PROFILES|PASSWORD|XAUTH|
 *	    ACIDS[,...])] [SEGMENT(TSO|OMVS[,...])]
 *	LIST(ACIDS) [TYPE(USER|PROFILE|GROUP|DEPT|DIVISION|ZONE|SCA[,...])]
 *	    [DATA(...)] [SEGMENT(...)]
 *
 * Without DATA or SEGMENT one ACID lists as DATA(ALL): everything but
 * the password line, which only DATA(PASSWORD) prints.  LIST(ACIDS)
 * without DATA or SEGMENT prints one line per ACID in ACID order,
 * "ACCESSORID = name TYPE = type", read from the type index alone (the
 * cheap form a reconciliation uses to enumerate 100,000 users); with
 * DATA or SEGMENT it prints the full block of each.  Real TSS lists one
 * ACID per LIST and LIST(ACIDS) gives names only; the list of ACIDs in
 * one LIST and the blocks under LIST(ACIDS) are this simulator's
 * departure, for reconciliation at speed; so are several types in one
 * TYPE() (a gateway lists profiles and groups as one class) and
 * DATA(ACIDS), which prints the users a profile or group is attached
 * to, or the ACIDs a department, division or zone owns, as "ACIDS"
 * lines after the permissions (DATA(ALL) leaves it out).  Of a list,
 * ACIDs that do not exist get a TSS0211E and the others are listed:
 * return code 4 when some were listed, 8 when none.
 *
 * The layout, which the gateway parses: the keyword left-justified in
 * columns 1-11, "=" in column 12, a blank, the value from column 14.
 * Several pairs share a line; a value is padded to 8 and followed by
 * two blanks before the next keyword.  Values that may hold blanks
 * (NAME, HOME, OMVSPGM, TSOCOMMAND, resource names) end their line.
 * A multi-valued field repeats its keyword on as many lines as needed,
 * six values to a line.  Segments start with "-----------  SEGMENT x".
 * Every ACID starts with an ACCESSORID line.  Dates are mm/dd/yy hh.mm
 * (UTC).  A user with every section:
 *
 * ACCESSORID = ALICE     NAME       = ALICE O'BRIEN
 * TYPE       = USER      DEPT ACID  = PAYDEPT   DEPARTMENT = PAYROLL
 * CREATED    = 01/10/24 12.00  LAST MOD   = 01/10/24 12.00
 * LAST USED  = 01/10/24 12.00  COUNT      = 1
 * FACILITY   = TSO       BATCH
 * SUSPENDED  = 01/10/24  REASON     = ADMIN
 * PROFILES   = PAYPROF
 * GROUPS     = PAYGRP
 * DFLTGRP    = PAYGRP
 * PASSWORD   = ********  EXPIRES    = 02/09/24  INTERVAL   = 30
 * -----------  SEGMENT TSO
 * TSOLACCT   = ACCT1     TSOLPROC   = ISPFPROC
 * TSOACCT    = ACCT1     ACCT2
 * TSOPROC    = ISPFPROC
 * TSOLSIZE   = 4096      TSOMSIZE   = 8192
 * TSOUNIT    = SYSDA     TSOUDATA   = 0000
 * TSOHCLASS  = X         TSOJCLASS  = A         TSOMCLASS  = X
 * TSOSCLASS  = A         TSODEST    = LOCAL
 * TSOCOMMAND = ISPF
 * -----------  SEGMENT OMVS
 * UID        = 1919
 * HOME       = /u/alice
 * OMVSPGM    = /bin/sh
 * XA DATASET = PAY.
 *    ACCESS  = READ,UPDATE
 * XA IBMFAC  = BPX.SUPERUSER
 *    ACCESS  = READ
 * TSS0300I  LIST     FUNCTION SUCCESSFUL
 *
 * EXPIRES is EXPIRED for a password set with EXP, NEVER for interval 0;
 * PASSWORD is NONE when none is set.  LAST USED is NEVER before the
 * first signon.  A department prints "DIV ACID", a division "ZONE ACID"
 * in place of "DEPT ACID"; GID follows UID in a group's OMVS segment.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

#define L_BASIC		0x01u
#define L_PROFILES	0x02u
#define L_PASSWORD	0x04u
#define L_TSO		0x08u
#define L_OMVS		0x10u
#define L_XA		0x20u
#define L_ACIDS		0x40u
#define L_ALL		(L_BASIC | L_PROFILES | L_TSO | L_OMVS | L_XA)

#define LIST_PER_LINE	6	/* values of a multi-valued field */

/* One output line under construction, on the stack. */
struct lline {
	char		 l_b[512];
	size_t		 l_n;
	size_t		 l_pad;		/* where the next pair may start */
};

static void
lline_reset(struct lline *l)
{
	l->l_n = l->l_pad = 0;
	l->l_b[0] = '\0';
}

static void
lline_put(struct lline *l, const char *fmt, const char *kw, const char *v)
{
	int n;

	while (l->l_n < l->l_pad && l->l_n < sizeof(l->l_b) - 1)
		l->l_b[l->l_n++] = ' ';
	n = snprintf(l->l_b + l->l_n, sizeof(l->l_b) - l->l_n, fmt, kw, v);
	if (n > 0)
		l->l_n += (size_t)n < sizeof(l->l_b) - l->l_n ? (size_t)n :
		    sizeof(l->l_b) - l->l_n - 1;
}

/* A pair "KEYWORD    = value"; the next starts two blanks after. */
static void
lline_pair(struct lline *l, const char *kw, const char *v)
{
	size_t start = l->l_n < l->l_pad ? l->l_pad : l->l_n;
	size_t vlen = strlen(v) < 8 ? 8 : strlen(v);

	lline_put(l, "%-11s= %s", kw, v);
	l->l_pad = start + 13 + vlen + 2;
}

/* Send the line without trailing blanks; -1 once the sink stopped. */
static int
lline_end(struct tcmd *c, struct lline *l)
{
	int rc;

	while (l->l_n > 0 && l->l_b[l->l_n - 1] == ' ')
		l->l_n--;
	l->l_b[l->l_n] = '\0';
	rc = tcmd_line(c, "%s", l->l_b);
	lline_reset(l);
	return rc;
}

static int
list_line1(struct tcmd *c, const char *kw, const char *v)
{
	struct lline l;

	lline_reset(&l);
	lline_pair(&l, kw, v);
	return lline_end(c, &l);
}

/* A multi-valued field, LIST_PER_LINE values to a line. */
static int
list_multi(struct tcmd *c, const char *kw, const char *vals)
{
	char buf[512], *copy, *tok, *save = NULL;
	size_t n = 0, used = 0;
	int rc = 0;

	if (vals == NULL)
		return 0;
	copy = strdup(vals);
	if (copy == NULL)
		return -1;
	for (tok = strtok_r(copy, " ", &save); tok != NULL && rc == 0;
	    tok = strtok_r(NULL, " ", &save)) {
		used += (size_t)snprintf(buf + used, sizeof(buf) - used,
		    "%s%-8s", n > 0 ? "  " : "", tok);
		if (++n == LIST_PER_LINE) {
			rc = list_line1(c, kw, buf);
			n = used = 0;
		}
	}
	if (n > 0 && rc == 0)
		rc = list_line1(c, kw, buf);
	free(copy);
	return rc;
}

static int
list_head(struct tcmd *c, const struct tacid *a)
{
	struct lline l;

	lline_reset(&l);
	lline_pair(&l, "ACCESSORID", a->ta_id);
	lline_put(&l, "%-11s= %s", "NAME", a->ta_name);
	return lline_end(c, &l);
}

static int
list_owner(struct tcmd *c, const struct tacid *a, struct lline *l)
{
	static const char *what[TT__MAX][2] = {
		{ "DEPT ACID", "DEPARTMENT" }, { "DEPT ACID", "DEPARTMENT" },
		{ "DEPT ACID", "DEPARTMENT" }, { "DIV ACID", "DIVISION" },
		{ "ZONE ACID", "ZONE" }, { NULL, NULL },
		{ "DEPT ACID", "DEPARTMENT" }, { "DEPT ACID", "DEPARTMENT" },
	};
	struct tacid o;

	lline_pair(l, "TYPE", tcmd_type_name(a->ta_type));
	if (a->ta_owner[0] == '\0' || what[a->ta_type][0] == NULL)
		return lline_end(c, l);
	lline_pair(l, what[a->ta_type][0], a->ta_owner);
	if (tstore_get_acid(c->c_db, c->c_txn, a->ta_owner, &o) == 0) {
		lline_put(l, "%-11s= %s", what[a->ta_type][1], o.ta_name);
		tacid_free(&o);
	}
	return lline_end(c, l);
}

static int
list_basic(struct tcmd *c, const struct tacid *a)
{
	char d1[32], d2[32], n[16];
	struct lline l;

	lline_reset(&l);
	if (list_owner(c, a, &l) == -1)
		return -1;
	tcmd_datetime(a->ta_created, d1, sizeof(d1));
	tcmd_datetime(a->ta_lastmod, d2, sizeof(d2));
	lline_pair(&l, "CREATED", d1);
	lline_pair(&l, "LAST MOD", d2);
	if (lline_end(c, &l) == -1)
		return -1;
	if (a->ta_type == TT_USER || a->ta_type == TT_SCA ||
	    a->ta_type == TT_MSCA) {
		if (a->ta_lastused != 0)
			tcmd_datetime(a->ta_lastused, d1, sizeof(d1));
		else
			snprintf(d1, sizeof(d1), "NEVER");
		snprintf(n, sizeof(n), "%u", a->ta_count);
		lline_pair(&l, "LAST USED", d1);
		lline_pair(&l, "COUNT", n);
		if (lline_end(c, &l) == -1)
			return -1;
	}
	if (list_multi(c, "FACILITY", a->ta_f[TF_FACILITY]) == -1)
		return -1;
	if (!(a->ta_flags & (TA_SUSPENDED | TA_VIOLATION)))
		return 0;
	tcmd_date(a->ta_suspdate, d1, sizeof(d1));
	lline_pair(&l, "SUSPENDED", d1);
	lline_pair(&l, "REASON", (a->ta_flags & TA_VIOLATION) ?
	    "VIOLATIONS" : "ADMIN");
	return lline_end(c, &l);
}

static int
list_profiles(struct tcmd *c, const struct tacid *a)
{
	if (list_multi(c, "PROFILES", a->ta_f[TF_PROFILE]) == -1 ||
	    list_multi(c, "GROUPS", a->ta_f[TF_GROUP]) == -1)
		return -1;
	if (a->ta_f[TF_DFLTGRP] != NULL)
		return list_line1(c, "DFLTGRP", a->ta_f[TF_DFLTGRP]);
	return 0;
}

static int
list_password(struct tcmd *c, const struct tacid *a)
{
	char d[32], n[16];
	struct lline l;

	lline_reset(&l);
	if (a->ta_pw.ph_iter == 0)
		return list_line1(c, "PASSWORD", "NONE");
	if (a->ta_flags & TA_PWEXPIRED)
		snprintf(d, sizeof(d), "EXPIRED");
	else if (a->ta_interval == 0)
		snprintf(d, sizeof(d), "NEVER");
	else
		tcmd_date((time_t)(a->ta_passdate +
		    (int64_t)a->ta_interval * 86400), d, sizeof(d));
	snprintf(n, sizeof(n), "%u", a->ta_interval);
	lline_pair(&l, "PASSWORD", "********");
	lline_pair(&l, "EXPIRES", d);
	lline_pair(&l, "INTERVAL", n);
	return lline_end(c, &l);
}

/* Fields of one segment, in the order and pairing of the table. */
static const struct {
	enum tss_field	 f;
	int		 seg;
	int		 newline;	/* starts a line */
	int		 last;		/* may hold blanks: ends its line */
} list_segs[] = {
	{ TF_TSOLACCT, 1, 1, 0 }, { TF_TSOLPROC, 1, 0, 0 },
	{ TF_TSOACCT, 1, 1, 0 }, { TF_TSOPROC, 1, 1, 0 },
	{ TF_TSOLSIZE, 1, 1, 0 }, { TF_TSOMSIZE, 1, 0, 0 },
	{ TF_TSOUNIT, 1, 1, 0 }, { TF_TSOUDATA, 1, 0, 0 },
	{ TF_TSOHCLASS, 1, 1, 0 }, { TF_TSOJCLASS, 1, 0, 0 },
	{ TF_TSOMCLASS, 1, 0, 0 }, { TF_TSOSCLASS, 1, 1, 0 },
	{ TF_TSODEST, 1, 0, 0 }, { TF_TSOCOMMAND, 1, 1, 1 },
	{ TF_UID, 2, 1, 0 }, { TF_GID, 2, 0, 0 }, { TF_HOME, 2, 1, 1 },
	{ TF_OMVSPGM, 2, 1, 1 },
};

static int
list_segment(struct tcmd *c, const struct tacid *a, int seg)
{
	const char *kw;
	struct lline l;
	size_t i;
	int any = 0;

	for (i = 0; i < sizeof(list_segs) / sizeof(list_segs[0]); i++)
		if (list_segs[i].seg == seg && a->ta_f[list_segs[i].f] != NULL)
			any = 1;
	if (!any)
		return 0;
	if (tcmd_line(c, "-----------  SEGMENT %s", seg == 1 ? "TSO" :
	    "OMVS") == -1)
		return -1;
	lline_reset(&l);
	for (i = 0; i < sizeof(list_segs) / sizeof(list_segs[0]); i++) {
		if (list_segs[i].seg != seg ||
		    a->ta_f[list_segs[i].f] == NULL)
			continue;
		kw = tcmd_kws[K_FIELD0 + list_segs[i].f].kd_name;
		if (list_segs[i].newline && l.l_n > 0 &&
		    lline_end(c, &l) == -1)
			return -1;
		if (list_segs[i].f == TF_TSOACCT ||
		    list_segs[i].f == TF_TSOPROC) {
			if (list_multi(c, kw, a->ta_f[list_segs[i].f]) == -1)
				return -1;
			continue;
		}
		if (list_segs[i].last) {
			/* A path may be longer than the line buffer. */
			if (tcmd_line(c, "%-11s= %s", kw,
			    a->ta_f[list_segs[i].f]) == -1)
				return -1;
			continue;
		}
		lline_pair(&l, kw, a->ta_f[list_segs[i].f]);
	}
	return l.l_n > 0 ? lline_end(c, &l) : 0;
}

/* The class as an XA keyword: DSN prints as DATASET. */
static int
list_xa_cb(void *arg, const MDB_val *k, const MDB_val *v)
{
	struct tcmd *c = arg;
	const char *cls, *res, *end = (const char *)k->mv_data + k->mv_size;
	char kw[32], rbuf[RES_SZ];
	struct tperm p;
	size_t n;

	cls = memchr(k->mv_data, '\0', k->mv_size);
	if (cls == NULL || (res = memchr(cls + 1, '\0', end - cls - 1)) ==
	    NULL)
		return 0;
	cls++;
	n = (size_t)(end - res - 1);
	if (n >= sizeof(rbuf))
		n = sizeof(rbuf) - 1;
	memcpy(rbuf, res + 1, n);
	rbuf[n] = '\0';
	memset(&p, 0, sizeof(p));
	if (trec_perm_decode(v->mv_data, v->mv_size, &p) == -1)
		return 0;
	snprintf(kw, sizeof(kw), "XA %s", strcmp(cls, "DSN") == 0 ?
	    "DATASET" : cls);
	if (tcmd_line(c, "%-11.11s= %s", kw, rbuf) == -1 ||
	    tcmd_line(c, "   ACCESS  = %s", p.tp_access) == -1)
		return -1;
	return 0;
}

static int
list_xa(struct tcmd *c, const struct tacid *a)
{
	return simdb_scan(c->c_txn, c->c_db->db_perms, a->ta_id,
	    strlen(a->ta_id) + 1, list_xa_cb, c);
}

/* One key "acid\0member" of the members or owners index. */
static int
list_acids_cb(void *arg, const MDB_val *k, const MDB_val *v)
{
	char **vals = arg;
	const char *key = k->mv_data, *id;
	char buf[ID_SZ];
	size_t n;

	(void)v;
	if ((id = memchr(key, '\0', k->mv_size)) == NULL)
		return 0;
	id++;
	n = (size_t)(key + k->mv_size - id);
	if (n == 0 || n >= sizeof(buf))
		return 0;
	memcpy(buf, id, n);
	buf[n] = '\0';
	tlist_add(vals, buf);
	return 0;
}

/* DATA(ACIDS): the users attached, or the ACIDs owned. */
static int
list_acids(struct tcmd *c, const struct tacid *a)
{
	MDB_dbi dbi;
	char *vals = NULL;
	int rc;

	if (a->ta_type == TT_PROFILE || a->ta_type == TT_GROUP)
		dbi = c->c_db->db_members;
	else if (a->ta_type == TT_DEPT || a->ta_type == TT_DIV ||
	    a->ta_type == TT_ZONE)
		dbi = c->c_db->db_owns;
	else
		return 0;
	rc = simdb_scan(c->c_txn, dbi, a->ta_id, strlen(a->ta_id) + 1,
	    list_acids_cb, &vals);
	if (rc == 0)
		rc = list_multi(c, "ACIDS", vals);
	free(vals);
	return rc;
}

/* One ACID's block; -1 once the sink stopped or the file failed. */
static int
list_acid(struct tcmd *c, const struct tacid *a, unsigned int what)
{
	if (list_head(c, a) == -1)
		return -1;
	if ((what & L_BASIC) && list_basic(c, a) == -1)
		return -1;
	if ((what & L_PROFILES) && list_profiles(c, a) == -1)
		return -1;
	if ((what & L_PASSWORD) && list_password(c, a) == -1)
		return -1;
	if ((what & L_TSO) && list_segment(c, a, 1) == -1)
		return -1;
	if ((what & L_OMVS) && list_segment(c, a, 2) == -1)
		return -1;
	if ((what & L_XA) && list_xa(c, a) == -1)
		return -1;
	if ((what & L_ACIDS) && list_acids(c, a) == -1)
		return -1;
	return 0;
}

/* DATA() and SEGMENT() into L_* bits; 0 when neither was given. */
static int
list_what(struct tcmd *c, unsigned int *what)
{
	const struct tlx_node *v;

	*what = 0;
	for (v = c->c_ops.o_vals[K_DATA]; v != NULL; v = v->ln_next) {
		if (strcmp(v->ln_text, "ALL") == 0)
			*what |= L_ALL;
		else if (strcmp(v->ln_text, "BASIC") == 0)
			*what |= L_BASIC;
		else if (strcmp(v->ln_text, "PROFILES") == 0)
			*what |= L_PROFILES;
		else if (strcmp(v->ln_text, "PASSWORD") == 0 ||
		    strcmp(v->ln_text, "PAS") == 0)
			*what |= L_PASSWORD;
		else if (strcmp(v->ln_text, "XAUTH") == 0)
			*what |= L_XA;
		else if (strcmp(v->ln_text, "ACIDS") == 0)
			*what |= L_ACIDS;
		else
			return tcmd_err(c, TSS_RC_SEVERE, "TSS0207E  INVALID "
			    "OPERAND FOR DATA: %.16s", v->ln_text);
	}
	for (v = c->c_ops.o_vals[K_SEGMENT]; v != NULL; v = v->ln_next) {
		if (strcmp(v->ln_text, "TSO") == 0)
			*what |= L_TSO;
		else if (strcmp(v->ln_text, "OMVS") == 0)
			*what |= L_OMVS;
		else
			return tcmd_err(c, TSS_RC_SEVERE, "TSS0207E  INVALID "
			    "OPERAND FOR SEGMENT: %.16s", v->ln_text);
	}
	return TSS_RC_OK;
}

struct list_enum {
	struct tcmd	*le_c;
	unsigned int	 le_what;
	int		 le_failed;
};

static int
list_enum_cb(void *arg, const MDB_val *k, const MDB_val *v)
{
	static const char letters[] = "UPGDVZSM";
	struct list_enum *le = arg;
	struct tcmd *c = le->le_c;
	const char *p, *key = k->mv_data;
	char id[ID_SZ];
	struct tacid a;
	size_t n = k->mv_size - 1;
	int rc;

	if (k->mv_size < 2 || n >= sizeof(id) ||
	    (p = memchr(letters, key[0], TT__MAX)) == NULL)
		return 0;
	memcpy(id, key + 1, n);
	id[n] = '\0';
	if (le->le_what == 0) {
		struct lline l;

		lline_reset(&l);
		lline_pair(&l, "ACCESSORID", id);
		lline_pair(&l, "TYPE", tcmd_type_name((enum tss_type)(p -
		    letters)));
		return lline_end(c, &l) == -1 ? -1 : 0;
	}
	if ((rc = tstore_get_acid(c->c_db, c->c_txn, id, &a)) != 0) {
		le->le_failed = rc == -1;
		return rc == -1 ? -1 : 0;
	}
	rc = list_acid(c, &a, le->le_what);
	tacid_free(&a);
	return rc;
}

/*
 * LIST(ACIDS) [TYPE(t[,t...])]: from the type index, in ACID order per
 * type, the types in the order given.
 */
static int
list_enumerate(struct tcmd *c, unsigned int what)
{
	struct list_enum le = { c, what, 0 };
	const struct tlx_node *v;
	char prefix[TT__MAX];
	size_t i, n = 0;
	enum tss_type t;
	int rc;

	if ((rc = tcmd_admin(c, NULL)) != TSS_RC_OK)
		return rc;
	for (v = c->c_ops.o_vals[K_TYPE]; v != NULL; v = v->ln_next) {
		if (tcmd_type_parse(v->ln_text, &t) == -1)
			return tcmd_err(c, TSS_RC_SEVERE, "TSS0207E  INVALID "
			    "OPERAND FOR TYPE: %.8s", v->ln_text);
		for (i = 0; i < n && prefix[i] != tstore_type_letter(t); i++)
			;
		if (i == n)
			prefix[n++] = tstore_type_letter(t);
	}
	if (n == 0)
		rc = simdb_scan(c->c_txn, c->c_db->db_types, "", 0,
		    list_enum_cb, &le);
	for (i = 0; i < n && rc == 0; i++)
		rc = simdb_scan(c->c_txn, c->c_db->db_types, &prefix[i], 1,
		    list_enum_cb, &le);
	if (c->c_o.so_cut)
		return TSS_RC_SEVERE;
	if (rc == -1 || le.le_failed)
		return tcmd_db_error(c);
	return TSS_RC_OK;
}

int
tfn_list(struct tcmd *c)
{
	unsigned int what;
	struct tacid a;
	size_t i, listed = 0;
	int rc, worst = TSS_RC_OK;

	if ((rc = list_what(c, &what)) != TSS_RC_OK)
		return rc;
	if (c->c_nids == 1 && strcmp(c->c_ids[0], "ACIDS") == 0)
		return list_enumerate(c, what);
	if (c->c_ops.o_set[K_TYPE])
		return tcmd_err(c, TSS_RC_SEVERE, "TSS0206E  KEYWORD TYPE "
		    "ONLY VALID WITH LIST(ACIDS)");
	if (what == 0)
		what = L_ALL;
	for (i = 0; i < c->c_nids; i++) {
		if ((rc = tcmd_get(c, c->c_ids[i], &a)) != TSS_RC_OK) {
			worst = rc;
			continue;
		}
		if (strcmp(a.ta_id, c->c_issuer) != 0 &&
		    (rc = tcmd_admin(c, NULL)) != TSS_RC_OK) {
			tacid_free(&a);
			return rc;
		}
		rc = list_acid(c, &a, what);
		tacid_free(&a);
		if (rc == -1)
			return c->c_o.so_cut ? TSS_RC_SEVERE : tcmd_db_error(c);
		listed++;
	}
	if (worst != TSS_RC_OK && listed > 0)
		return TSS_RC_WARNING;
	return worst;
}
