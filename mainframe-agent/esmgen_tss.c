/*
 * esmgen_tss.c - a sample Top Secret organisation as TSS commands.
 *
 * TSS's ownership chain comes first (sim/tss/acid.c): a ZONE, four
 * DIVISIONs in it (application groups belong to IT), and a DEPARTMENT
 * per group, each with a PROFILE (Pdept) whose members update the
 * department's datasets and an OMVS GROUP (Gdept) with a GID:
 *
 *	CREATE(CORP) TYPE(ZONE) NAME('CORPORATE ZONE')
 *	CREATE(FINDIV) TYPE(DIV) NAME('FINANCE DIVISION') ZONE(CORP)
 *	CREATE(PAYROLL) TYPE(DEPT) NAME('PAYROLL DEPARTMENT')
 *	    DIVISION(FINDIV)
 *	CREATE(PPAYROLL) TYPE(PROFILE) NAME('PAYROLL PROFILE') DEPT(PAYROLL)
 *	PERMIT(PPAYROLL) DSN(PAYROLL.) ACCESS(UPDATE)
 *	CREATE(GPAYROLL) TYPE(GROUP) NAME('PAYROLL UNIX GROUP')
 *	    DEPT(PAYROLL) GID(1000)
 *
 * Application groups (APP00001) get PA00001 and GA00001.  Then each
 * user: CREATE(id) TYPE(USER) NAME('...') DEPT(d) PASSWORD(pw,30[,EXP])
 * FACILITY(...), an ADDTO of its profiles, TSO fields for most and
 * OMVS GROUP, DFLTGRP, UID, HOME and OMVSPGM for some, PERMITs of
 * another department's datasets for some and of BPX.SUPERUSER,
 * MVS operator commands or SYS1 datasets for a few, and ADDTO SUSPEND
 * for about 3%.  Each command is one line without the leading TSS, a
 * form the console and the agent both take.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "mainframe-agent/esmgen.h"

#define TSS_ZONE	"CORP"
#define TSS_GID0	1000

enum { DIV_FIN, DIV_OPS, DIV_IT, DIV_BUS };

static const struct {
	const char	*dv_id;
	const char	*dv_name;
} divisions[] = {
	{ "FINDIV", "FINANCE DIVISION" },
	{ "OPSDIV", "OPERATIONS DIVISION" },
	{ "ITDIV", "INFORMATION TECHNOLOGY DIVISION" },
	{ "BUSDIV", "BUSINESS DIVISION" },
};

/* The division of each named department, in esmgen.c's order. */
static const unsigned char dept_division[] = {
	DIV_FIN, DIV_FIN, DIV_FIN, DIV_FIN,		/* PAYROLL .. AUDIT */
	DIV_BUS, DIV_BUS, DIV_BUS, DIV_BUS,		/* HR .. POLICY */
	DIV_BUS, DIV_BUS, DIV_BUS, DIV_BUS,		/* LENDING .. LEGAL */
	DIV_OPS, DIV_IT, DIV_IT, DIV_IT, DIV_IT,	/* OPS .. SECADM */
	DIV_OPS, DIV_OPS, DIV_IT,			/* HELPDESK-CICSPROD */
};

/*
 * The ACID of department i's profile (kind 'P') or OMVS group ('G'):
 * the letter and the department cut to 7 (unique for the named
 * departments), or the letter, A and the application number.
 */
static void
esmgen_tss_acid(char kind, unsigned int i, char *out, size_t len)
{
	char g[9];

	esmgen_group_name(i, g, sizeof(g));
	if (esmgen_is_department(i))
		snprintf(out, len, "%c%.7s", kind, g);
	else
		snprintf(out, len, "%cA%s", kind, g + 3);
}

static void
esmgen_tss_create(const char *acid, const char *type, const char *name)
{
	printf("CREATE(%s) TYPE(%s) NAME(", acid, type);
	esmgen_put_quoted(name);
	printf(")");
}

static void
esmgen_tss_department(unsigned int i)
{
	char d[9], acid[9], name[40];

	esmgen_group_name(i, d, sizeof(d));
	snprintf(name, sizeof(name), esmgen_is_department(i) ?
	    "%s DEPARTMENT" : "APPLICATION %s", d);
	esmgen_tss_create(d, "DEPT", name);
	printf(" DIVISION(%s)\n", divisions[i < NELEM(dept_division) ?
	    dept_division[i] : DIV_IT].dv_id);
	esmgen_tss_acid('P', i, acid, sizeof(acid));
	snprintf(name, sizeof(name), "%s PROFILE", d);
	esmgen_tss_create(acid, "PROFILE", name);
	printf(" DEPT(%s)\n", d);
	printf("PERMIT(%s) DSN(%s.) ACCESS(UPDATE)\n", acid, d);
	esmgen_tss_acid('G', i, acid, sizeof(acid));
	snprintf(name, sizeof(name), "%s UNIX GROUP", d);
	esmgen_tss_create(acid, "GROUP", name);
	printf(" DEPT(%s) GID(%u)\n", d, TSS_GID0 + i);
}

static void *
esmgen_tss_organisation(const struct esmgen_opts *o)
{
	unsigned int i;

	esmgen_tss_create(TSS_ZONE, "ZONE", "CORPORATE ZONE");
	printf("\n");
	for (i = 0; i < NELEM(divisions); i++) {
		esmgen_tss_create(divisions[i].dv_id, "DIV",
		    divisions[i].dv_name);
		printf(" ZONE(%s)\n", TSS_ZONE);
	}
	for (i = 0; i < o->eo_groups; i++)
		esmgen_tss_department(i);
	return NULL;
}

static void
esmgen_tss_profile(unsigned int group, void *arg)
{
	char acid[9];

	(void)arg;
	esmgen_tss_acid('P', group, acid, sizeof(acid));
	printf(",%s", acid);
}

/* The TSO and OMVS fields of the same ADDTO; draws one per statement. */
static void
esmgen_tss_segments(const struct esmgen_person *p, unsigned int serial,
    int tso)
{
	unsigned int acct, size;
	char acid[9];

	if (tso) {
		acct = esmgen_pick(10000);
		size = 4096 * (1 + esmgen_pick(4));
		printf(" TSOLPROC(ISPFPROC) TSOPROC(ISPFPROC) "
		    "TSOLACCT(ACCT%04u) TSOACCT(ACCT%04u) TSOLSIZE(%u) "
		    "TSOMSIZE(65536) TSOUNIT(SYSALLDA) TSOHCLASS(X) "
		    "TSOJCLASS(A) TSOMCLASS(X) TSOSCLASS(A)", acct, acct, size);
	}
	if (esmgen_pick(100) < 40) {
		esmgen_tss_acid('G', p->ep_dept, acid, sizeof(acid));
		printf(" GROUP(%s) DFLTGRP(%s) UID(%u) HOME('/u/%s') "
		    "OMVSPGM('/bin/sh')", acid, acid, 10000 + serial,
		    p->ep_id);
	}
}

/* Administrators, operators and auditors; the rest get nothing. */
static const struct esmgen_rare privileges[] = {
	{ 10, "IBMFAC(BPX.SUPERUSER) ACCESS(READ)" },
	{ 20, "OPERCMDS(MVS.) ACCESS(UPDATE)" },
	{ 25, "DSN(SYS1.) ACCESS(READ)" },
};

/* A few privileges; some users read another department's datasets. */
static void
esmgen_tss_permits(const struct esmgen_person *p, unsigned int ngroups)
{
	const char *priv;
	char d[9];

	if ((priv = esmgen_rare(privileges, NELEM(privileges))) != NULL)
		printf("PERMIT(%s) %s\n", p->ep_id, priv);
	if (esmgen_pick(100) < 15) {
		esmgen_group_name(esmgen_pick(ngroups), d, sizeof(d));
		printf("PERMIT(%s) DSN(%s.) ACCESS(READ)\n", p->ep_id, d);
	}
}

static void
esmgen_tss_user(unsigned int i, const struct esmgen_opts *o, void *state)
{
	struct esmgen_person p;
	char d[9], name[64], pw[9], acid[9];
	int expired, tso, cics;

	(void)state;
	esmgen_person(i, o->eo_groups, &p);
	esmgen_group_name(p.ep_dept, d, sizeof(d));
	esmgen_name(&p, 32, name, sizeof(name));
	esmgen_password(o, pw);
	expired = esmgen_pick(100) < 5;
	tso = esmgen_pick(100) < 70;
	cics = esmgen_pick(100) < 10;
	esmgen_tss_create(p.ep_id, "USER", name);
	printf(" DEPT(%s) PASSWORD(%s,30%s) FACILITY(BATCH%s%s)\n", d, pw,
	    expired ? ",EXP" : "", tso ? ",TSO" : "", cics ? ",CICSPROD" :
	    "");
	/* The department's profile and up to three more. */
	esmgen_tss_acid('P', p.ep_dept, acid, sizeof(acid));
	printf("ADDTO(%s) PROFILE(%s", p.ep_id, acid);
	esmgen_more_groups(&p, o->eo_groups, esmgen_tss_profile, NULL);
	printf(")");
	esmgen_tss_segments(&p, i, tso);
	printf("\n");
	esmgen_tss_permits(&p, o->eo_groups);
	if (esmgen_pick(100) < 3)
		printf("ADDTO(%s) SUSPEND\n", p.ep_id);
}

const struct esmgen_writer esmgen_tss_writer = {
	.ew_esm = "tss",
	.ew_begin = esmgen_tss_organisation,
	.ew_user = esmgen_tss_user,
};
