/*
 * esmgen_racf.c - sample groups and users as RACF commands.
 *
 * ADDGROUP per department under SYS1; per user an ADDUSER with NAME,
 * OWNER, DFLTGRP, DATA and some segments, an ALTUSER that sets the
 * password, CONNECTs to further groups, and an ALTUSER REVOKE for a
 * few.  The draws from the random sequence are made in the order they
 * always were, so a seed gives the output it always gave.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "mainframe-agent/esmgen.h"

static const char *auths[] = { "USE", "USE", "USE", "CREATE", "CONNECT",
	"JOIN" };

static const struct esmgen_rare privileges[] = {
	{ 10, "SPECIAL" }, { 20, "OPERATIONS" }, { 25, "AUDITOR" },
};

static void *
esmgen_racf_groups(const struct esmgen_opts *o)
{
	char g[9];
	unsigned int i;

	for (i = 0; i < o->eo_groups; i++) {
		esmgen_group_name(i, g, sizeof(g));
		printf("ADDGROUP %s SUPGROUP(SYS1) OWNER(SYS1) DATA(", g);
		esmgen_put_quoted(esmgen_is_department(i) ?
		    "DEPARTMENT GROUP" : "APPLICATION GROUP");
		printf(")\n");
	}
	return NULL;
}

static void
esmgen_racf_segments(const char *id, unsigned int serial)
{
	if (esmgen_pick(100) < 70)
		printf(" TSO(ACCTNUM(ACCT%04u) PROC(ISPFPROC) SIZE(%u) "
		    "MAXSIZE(%u) UNIT(SYSALLDA) HOLDCLASS(X) JOBCLASS(A) "
		    "MSGCLASS(X) SYSOUTCLASS(A))", esmgen_pick(10000),
		    4096 * (1 + esmgen_pick(4)), 65536);
	if (esmgen_pick(100) < 40) {
		printf(" OMVS(UID(%u) HOME(", 10000 + serial);
		printf("'/u/%s'", id);
		printf(") PROGRAM('/bin/sh'))");
	}
	if (esmgen_pick(100) < 10)
		printf(" CICS(OPIDENT(%c%c%c) OPPRTY(%u) TIMEOUT(0030))",
		    id[0], id[1], id[2], esmgen_pick(256));
}

/* A CONNECT to one more group, with an authority of its own. */
static void
esmgen_racf_connect(unsigned int group, void *arg)
{
	const struct esmgen_person *p = arg;
	char g[9];

	esmgen_group_name(group, g, sizeof(g));
	printf("CONNECT %s GROUP(%s) AUTHORITY(%s)\n", p->ep_id, g,
	    auths[esmgen_pick(NELEM(auths))]);
}

static void
esmgen_racf_user(unsigned int i, const struct esmgen_opts *o, void *state)
{
	struct esmgen_person p;
	char g[9], name[64], pw[9], data[80];
	const char *priv;

	(void)state;
	esmgen_person(i, o->eo_groups, &p);
	esmgen_group_name(p.ep_dept, g, sizeof(g));
	/* NAME is at most 20 characters in RACF. */
	esmgen_name(&p, 20, name, sizeof(name));
	printf("ADDUSER %s NAME(", p.ep_id);
	esmgen_put_quoted(name);
	printf(") OWNER(%s) DFLTGRP(%s) DATA(", g, g);
	snprintf(data, sizeof(data), "EMP#%06u %s", 100000 + i, g);
	esmgen_put_quoted(data);
	printf(")");
	if ((priv = esmgen_rare(privileges, NELEM(privileges))) != NULL)
		printf(" %s", priv);
	esmgen_racf_segments(p.ep_id, i);
	printf("\n");
	esmgen_password(o, pw);
	/* 5% keep the expired password ADDUSER-style resets leave. */
	printf("ALTUSER %s PASSWORD(%s)%s\n", p.ep_id, pw,
	    esmgen_pick(100) < 5 ? "" : " NOEXPIRED");
	esmgen_more_groups(&p, o->eo_groups, esmgen_racf_connect, &p);
	if (esmgen_pick(100) < 3)
		printf("ALTUSER %s REVOKE\n", p.ep_id);
}

const struct esmgen_writer esmgen_racf_writer = {
	.ew_esm = "racf",
	.ew_begin = esmgen_racf_groups,
	.ew_user = esmgen_racf_user,
};
