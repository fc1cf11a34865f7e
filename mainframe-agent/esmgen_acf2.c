/*
 * esmgen_acf2.c - sample logonids and access rules as ACF commands.
 *
 * One INSERT per logonid (sim/acf2/lid.c): NAME (20 characters, quoted
 * whole), GROUP (its department), PREFIX (its own high-level index),
 * PASSWORD, for most TSO with TSOPROC, TSOACCT, TSORGN and DFT-PFX,
 * for some CICS with CICSID, CICSPRI and IDLE, for a few SECURITY,
 * ACCOUNT, AUDIT or READALL.  A password an administrator sets is
 * expired unless NOPSWD-EXP is given: about 5% are left expired, and
 * about 3% of the logonids are inserted SUSPEND.
 *
 * Then one access rule set per department that has members, keyed by
 * the department (its datasets' high-level index), giving its first
 * member full access and read with logged writes to up to three more:
 *
 *	SET RULE COMPILE $KEY(PAYROLL) - UID(JSMI0001) R(A) W(A) A(A)
 *	    - UID(MJON0002) R(A) W(L)
 *
 * all on one line, and one FACILITY resource rule set per department,
 * keyed by the department's administration resource, letting the first
 * member read and update it and the others read it:
 *
 *	SET RESOURCE(FAC) COMPILE $KEY(PAYROLL.ADMIN)
 *	    UID(JSMI0001) SERVICE(READ,UPDATE) ALLOW
 *	    UID(MJON0002) SERVICE(READ) ALLOW
 *
 * A one-line SET runs its subcommand in RULE or RESOURCE mode and
 * leaves a console session in LID mode (sim/acf2/acf2.c), so the lines
 * load in any order; they name logonids, never a UID mask, so they pass
 * an agent's policy too.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "xmalloc.h"

#include "mainframe-agent/esmgen.h"

#define MEMBERS_MAX	4	/* logonids named in one rule set */

/* The first members of each department, for its rule set. */
struct esmgen_acf2_rules {
	char		(*ar_ids)[MEMBERS_MAX][9];	/* owned */
	unsigned char	 *ar_n;				/* owned */
};

static const struct esmgen_rare privileges[] = {
	{ 5, "SECURITY" }, { 15, "ACCOUNT" }, { 20, "AUDIT" },
	{ 30, "READALL" },
};

/* The draws are made one statement each, so their order is fixed. */
static void
esmgen_acf2_fields(const char *id)
{
	unsigned int acct, rgn;

	if (esmgen_pick(100) < 70) {
		acct = esmgen_pick(10000);
		rgn = 4096 * (1 + esmgen_pick(4));
		printf(" TSO JCL TSOPROC(ISPFPROC) TSOACCT(ACCT%04u) "
		    "TSORGN(%u) DFT-PFX(%s) DFT-SOUT(A)", acct, rgn, id);
	}
	if (esmgen_pick(100) < 10)
		printf(" CICS CICSID(%c%c%c) CICSPRI(%u) IDLE(30)", id[0],
		    id[1], id[2], esmgen_pick(256));
}

static void *
esmgen_acf2_begin(const struct esmgen_opts *o)
{
	struct esmgen_acf2_rules *r;

	r = xcalloc(1, sizeof(*r));
	r->ar_ids = xcalloc(o->eo_groups, sizeof(*r->ar_ids));
	r->ar_n = xcalloc(o->eo_groups, sizeof(*r->ar_n));
	return r;
}

static void
esmgen_acf2_user(unsigned int i, const struct esmgen_opts *o, void *state)
{
	struct esmgen_acf2_rules *r = state;
	struct esmgen_person p;
	char g[9], name[64], pw[9];
	const char *priv;

	esmgen_person(i, o->eo_groups, &p);
	esmgen_group_name(p.ep_dept, g, sizeof(g));
	esmgen_name(&p, 20, name, sizeof(name));
	esmgen_password(o, pw);
	printf("INSERT %s NAME(", p.ep_id);
	esmgen_put_quoted(name);
	printf(") GROUP(%s) PREFIX(%s) PASSWORD(%s)%s", g, p.ep_id, pw,
	    esmgen_pick(100) < 5 ? "" : " NOPSWD-EXP");
	if ((priv = esmgen_rare(privileges, NELEM(privileges))) != NULL)
		printf(" %s", priv);
	esmgen_acf2_fields(p.ep_id);
	if (esmgen_pick(100) < 3)
		printf(" SUSPEND");
	printf("\n");
	if (r->ar_n[p.ep_dept] < MEMBERS_MAX)
		snprintf(r->ar_ids[p.ep_dept][r->ar_n[p.ep_dept]++], 9, "%s",
		    p.ep_id);
}

static void
esmgen_acf2_rule(unsigned int dept, const struct esmgen_acf2_rules *r)
{
	char g[9];
	unsigned int k;

	esmgen_group_name(dept, g, sizeof(g));
	printf("SET RULE COMPILE $KEY(%s)", g);
	for (k = 0; k < r->ar_n[dept]; k++)
		printf(" - UID(%s) %s", r->ar_ids[dept][k],
		    k == 0 ? "R(A) W(A) A(A)" : "R(A) W(L)");
	printf("\n");
	printf("SET RESOURCE(FAC) COMPILE $KEY(%s.ADMIN)", g);
	for (k = 0; k < r->ar_n[dept]; k++)
		printf(" UID(%s) SERVICE(%s) ALLOW", r->ar_ids[dept][k],
		    k == 0 ? "READ,UPDATE" : "READ");
	printf("\n");
}

/* The rule sets, after the users they name; frees the state. */
static void
esmgen_acf2_end(const struct esmgen_opts *o, void *state)
{
	struct esmgen_acf2_rules *r = state;
	unsigned int i;

	for (i = 0; i < o->eo_groups; i++)
		if (r->ar_n[i] > 0)
			esmgen_acf2_rule(i, r);
	free(r->ar_ids);
	free(r->ar_n);
	free(r);
}

const struct esmgen_writer esmgen_acf2_writer = {
	.ew_esm = "acf2",
	.ew_begin = esmgen_acf2_begin,
	.ew_user = esmgen_acf2_user,
	.ew_end = esmgen_acf2_end,
};
