/*
 * permit.c - resource permissions: PERMIT, REVOKE and WHOHAS.
 *
 *	PERMIT(acid) DSN(prefix)|IBMFAC(res)|<class>(res) [ACCESS(a[,a])]
 *	REVOKE(acid) DSN(prefix)|IBMFAC(res)|<class>(res)
 *	WHOHAS DSN(name)|IBMFAC(res)|<class>(res)
 *
 * In TSS, REVOKE takes a permission away; it never suspends anyone
 * (that is ADDTO SUSPEND).  PERMIT of a resource the ACID is already
 * permitted replaces the access; ACCESS defaults to ALL as in TSS.
 * Resource names are folded to upper case and may not hold blanks.  A
 * permitted dataset name is a prefix ("PAY." covers "PAY.DATA"), and
 * so is any other resource name.  WHOHAS lists every permission of the
 * class related to the name: those that cover it and those it covers.
 * WHOHAS output, one pair of lines per permission, in resource order:
 *
 * XA DATASET = PAY.
 *    ACID    = ALICE     ACCESS     = READ
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

static const char *const access_names[] = {
	"NONE", "FETCH", "READ", "EXECUTE", "WRITE", "UPDATE", "CREATE",
	"CONTROL", "SCRATCH", "ALTER", "ALL",
};

/* The one resource class keyword of the command, and its name. */
static int
permit_resource(struct tcmd *c, enum tkw *kw, char *res)
{
	int k, found = -1, rc;
	const char *v;

	for (k = K_CLASS0; k < K__MAX; k++) {
		if (!c->c_ops.o_set[k])
			continue;
		if (found != -1)
			return tcmd_err(c, TSS_RC_SEVERE, "TSS0206E  ONLY ONE "
			    "RESOURCE MAY BE NAMED, %s AND %s",
			    tcmd_kws[found].kd_name, tcmd_kws[k].kd_name);
		found = k;
	}
	if (found == -1)
		return tcmd_err(c, TSS_RC_SEVERE, "TSS0260E  REQUIRED KEYWORD "
		    "MISSING: A RESOURCE, E.G. DSN(PREFIX) OR IBMFAC(NAME)");
	v = tcmd_val(c, found);
	if ((rc = tcmd_check(c, found, v)) != TSS_RC_OK)
		return rc;
	if (strchr(v, ' ') != NULL)
		return tcmd_err(c, TSS_RC_SEVERE, "TSS0207E  INVALID OPERAND "
		    "FOR %s: BLANKS", tcmd_kws[found].kd_name);
	snprintf(res, RES_SZ, "%s", v);
	tcmd_fold(res);
	*kw = found;
	return TSS_RC_OK;
}

static int
permit_access(struct tcmd *c, char *out)
{
	const struct tlx_node *v;
	size_t i, used = 0;

	if (!c->c_ops.o_set[K_ACCESS]) {
		snprintf(out, ACCESS_SZ, "ALL");
		return TSS_RC_OK;
	}
	out[0] = '\0';
	for (v = c->c_ops.o_vals[K_ACCESS]; v != NULL; v = v->ln_next) {
		for (i = 0; i < sizeof(access_names) /
		    sizeof(access_names[0]); i++)
			if (strcmp(v->ln_text, access_names[i]) == 0)
				break;
		if (i == sizeof(access_names) / sizeof(access_names[0]) ||
		    tlist_has(out, v->ln_text))
			return tcmd_err(c, TSS_RC_SEVERE, "TSS0207E  INVALID "
			    "OPERAND FOR ACCESS: %.16s", v->ln_text);
		if (used + strlen(v->ln_text) + 2 > ACCESS_SZ)
			return tcmd_err(c, TSS_RC_SEVERE, "TSS0207E  TOO MANY "
			    "OPERANDS FOR ACCESS");
		used += (size_t)snprintf(out + used, ACCESS_SZ - used, "%s%s",
		    used > 0 ? " " : "", v->ln_text);
	}
	for (i = 0; out[i] != '\0'; i++)
		if (out[i] == ' ')
			out[i] = ',';
	return TSS_RC_OK;
}

/* The ACID of PERMIT/REVOKE, loaded for an administrator. */
static int
permit_target(struct tcmd *c, struct tacid *a)
{
	int rc;

	if ((rc = tcmd_get(c, c->c_ids[0], a)) != TSS_RC_OK)
		return rc;
	if ((rc = tcmd_admin(c, a)) != TSS_RC_OK)
		tacid_free(a);
	return rc;
}

static void
permit_event(struct tcmd *c, const struct tacid *a)
{
	int user = a->ta_type == TT_USER || a->ta_type == TT_SCA ||
	    a->ta_type == TT_MSCA;

	tcmd_event(c, user ? ESM_EV_MODIFY : ESM_EV_GROUP_MODIFY, a->ta_id,
	    NULL, "XA", NULL);
}

int
tfn_permit(struct tcmd *c)
{
	struct tperm p;
	struct tacid a;
	enum tkw kw;
	int rc;

	memset(&p, 0, sizeof(p));
	if ((rc = permit_resource(c, &kw, p.tp_res)) != TSS_RC_OK ||
	    (rc = permit_access(c, p.tp_access)) != TSS_RC_OK ||
	    (rc = permit_target(c, &a)) != TSS_RC_OK)
		return rc;
	snprintf(p.tp_acid, sizeof(p.tp_acid), "%s", a.ta_id);
	snprintf(p.tp_class, sizeof(p.tp_class), "%s", tcmd_kws[kw].kd_name);
	snprintf(p.tp_by, sizeof(p.tp_by), "%s", c->c_issuer);
	p.tp_date = c->c_now;
	if (tstore_put_perm(c->c_db, c->c_txn, &p) == -1)
		rc = tcmd_db_error(c);
	else
		permit_event(c, &a);
	tacid_free(&a);
	return rc;
}

int
tfn_revoke(struct tcmd *c)
{
	struct tperm p;
	struct tacid a;
	char res[RES_SZ];
	enum tkw kw;
	int rc;

	if ((rc = permit_resource(c, &kw, res)) != TSS_RC_OK ||
	    (rc = permit_target(c, &a)) != TSS_RC_OK)
		return rc;
	rc = tstore_get_perm(c->c_db, c->c_txn, a.ta_id,
	    tcmd_kws[kw].kd_name, res, &p);
	if (rc == -1)
		rc = tcmd_db_error(c);
	else if (rc == 1)
		rc = tcmd_err(c, TSS_RC_ERROR, "TSS0228E  %s(%s) NOT "
		    "PERMITTED TO %s", tcmd_kws[kw].kd_name, res, a.ta_id);
	else if (tstore_del_perm(c->c_db, c->c_txn, &p) == -1)
		rc = tcmd_db_error(c);
	else
		permit_event(c, &a);
	tacid_free(&a);
	return rc;
}

struct whohas {
	struct tcmd	*wh_c;
	const char	*wh_class;
	const char	*wh_res;
	size_t		 wh_reslen;
};

/* One key "class\0res\0acid" of the WHOHAS index. */
static int
whohas_cb(void *arg, const MDB_val *k, const MDB_val *v)
{
	struct whohas *wh = arg;
	struct tcmd *c = wh->wh_c;
	const char *key = k->mv_data, *res, *acid;
	const char *end = key + k->mv_size;
	char kw[32], id[ID_SZ], rbuf[RES_SZ];
	struct tperm p;
	size_t rlen, n;
	int rc;

	res = key + strlen(wh->wh_class) + 1;
	if (res >= end || (acid = memchr(res, '\0', end - res)) == NULL)
		return 0;
	rlen = (size_t)(acid - res);
	acid++;
	n = (size_t)(end - acid);
	if (n >= sizeof(id) || rlen >= sizeof(rbuf))
		return 0;
	/* Related: one name is a prefix of the other. */
	if (memcmp(res, wh->wh_res, rlen < wh->wh_reslen ? rlen :
	    wh->wh_reslen) != 0)
		return 0;
	memcpy(id, acid, n);
	id[n] = '\0';
	memcpy(rbuf, res, rlen);
	rbuf[rlen] = '\0';
	if ((rc = tstore_get_perm(c->c_db, c->c_txn, id, wh->wh_class, rbuf,
	    &p)) != 0)
		return rc == -1 ? -1 : 0;
	snprintf(kw, sizeof(kw), "XA %s", strcmp(wh->wh_class, "DSN") == 0 ?
	    "DATASET" : wh->wh_class);
	if (tcmd_line(c, "%-11.11s= %s", kw, rbuf) == -1 ||
	    tcmd_line(c, "   ACID    = %-8s  ACCESS     = %s", id,
	    p.tp_access) == -1)
		return -1;
	return 0;
}

int
tfn_whohas(struct tcmd *c)
{
	struct whohas wh;
	char res[RES_SZ];
	enum tkw kw;
	int rc;

	if ((rc = tcmd_admin(c, NULL)) != TSS_RC_OK ||
	    (rc = permit_resource(c, &kw, res)) != TSS_RC_OK)
		return rc;
	wh.wh_c = c;
	wh.wh_class = tcmd_kws[kw].kd_name;
	wh.wh_res = res;
	wh.wh_reslen = strlen(res);
	rc = simdb_scan(c->c_txn, c->c_db->db_who, wh.wh_class,
	    strlen(wh.wh_class) + 1, whohas_cb, &wh);
	if (c->c_o.so_cut)
		return TSS_RC_SEVERE;
	return rc == -1 ? tcmd_db_error(c) : TSS_RC_OK;
}
