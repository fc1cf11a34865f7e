/*
 * esmgen.c - realistic sample users and groups, as native commands.
 *
 *	esmgen [--users N] [--groups N] [--seed N] [--password PW]
 *
 * Prints RACF commands on standard output, one per line, for
 * "esmconsole -b -" to load: departmental groups under SYS1, users with
 * names, owners, a default group and further connections with several
 * authorities, TSO, OMVS and CICS segments for some, a few SPECIAL,
 * OPERATIONS and AUDITOR users, about 3% revoked and 5% with expired
 * passwords.  The same seed gives the same database.  With --password
 * every user gets that password (the demo prints it); otherwise each
 * gets its own random one.
 */
#include "config.h"

#include <ctype.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *first_names[] = {
	"JAMES", "MARY", "ROBERT", "PATRICIA", "JOHN", "JENNIFER", "MICHAEL",
	"LINDA", "DAVID", "ELIZABETH", "WILLIAM", "BARBARA", "RICHARD",
	"SUSAN", "JOSEPH", "JESSICA", "THOMAS", "SARAH", "CHARLES", "KAREN",
	"CHRISTOPHER", "LISA", "DANIEL", "NANCY", "MATTHEW", "BETTY",
	"ANTHONY", "MARGARET", "MARK", "SANDRA", "DONALD", "ASHLEY", "STEVEN",
	"KIMBERLY", "PAUL", "EMILY", "ANDREW", "DONNA", "JOSHUA", "MICHELLE",
	"SEAN", "AOIFE", "LUCA", "GIULIA", "HANS", "ANNA", "PIERRE", "CHLOE",
};

static const char *last_names[] = {
	"SMITH", "JOHNSON", "WILLIAMS", "BROWN", "JONES", "GARCIA", "MILLER",
	"DAVIS", "RODRIGUEZ", "MARTINEZ", "HERNANDEZ", "LOPEZ", "GONZALEZ",
	"WILSON", "ANDERSON", "THOMAS", "TAYLOR", "MOORE", "JACKSON", "MARTIN",
	"LEE", "PEREZ", "THOMPSON", "WHITE", "HARRIS", "SANCHEZ", "CLARK",
	"RAMIREZ", "LEWIS", "ROBINSON", "WALKER", "YOUNG", "ALLEN", "KING",
	"O'BRIEN", "O'NEILL", "MUELLER", "ROSSI", "DUBOIS", "NOVAK", "KOWALSKI",
};

static const char *departments[] = {
	"PAYROLL", "FINANCE", "TREASURY", "AUDIT", "HR", "SALES", "CLAIMS",
	"POLICY", "LENDING", "CARDS", "RISK", "LEGAL", "OPS", "DEVOPS",
	"DBA", "NETWORK", "SECADM", "HELPDESK", "BATCH", "CICSPROD",
};

static const char *auths[] = { "USE", "USE", "USE", "CREATE", "CONNECT",
	"JOIN" };

static uint64_t rng_state;

static uint32_t
rng(void)
{
	/* xorshift64*: small, deterministic, good enough for sample data */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 2685821657736338717ULL) >> 32);
}

static unsigned int
pick(unsigned int n)
{
	return rng() % n;
}

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static void
group_name(unsigned int i, char *out, size_t len)
{
	if (i < NELEM(departments))
		snprintf(out, len, "%s", departments[i]);
	else
		snprintf(out, len, "APP%05u", i - (unsigned int)NELEM(departments));
}

/* Initial + surname letters, then a base-36 serial: unique, 8 chars. */
static void
user_id(unsigned int i, const char *first, const char *last, char *out)
{
	static const char b36[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	char stem[5];
	size_t n = 0;
	const char *p;
	int k;

	stem[n++] = first[0];
	for (p = last; *p != '\0' && n < 4; p++)
		if (isalpha((unsigned char)*p))
			stem[n++] = *p;
	while (n < 4)
		stem[n++] = 'X';
	memcpy(out, stem, 4);
	for (k = 7; k >= 4; k--) {
		out[k] = b36[i % 36];
		i /= 36;
	}
	out[8] = '\0';
}

/* RACF quoting: the value in '...' with each quote doubled. */
static void
put_quoted(const char *s)
{
	putchar('\'');
	for (; *s != '\0'; s++) {
		if (*s == '\'')
			putchar('\'');
		putchar(*s);
	}
	putchar('\'');
}

static void
random_password(char *out)
{
	static const char letters[] = "ABCDEFGHJKLMNPQRSTUVWXYZ";
	static const char digits[] = "23456789";
	int i;

	for (i = 0; i < 8; i++)
		out[i] = i == 3 || i == 6 ? digits[pick(sizeof(digits) - 1)] :
		    letters[pick(sizeof(letters) - 1)];
	out[8] = '\0';
}

static void
emit_groups(unsigned int ngroups)
{
	char g[9];
	unsigned int i;

	for (i = 0; i < ngroups; i++) {
		group_name(i, g, sizeof(g));
		printf("ADDGROUP %s SUPGROUP(SYS1) OWNER(SYS1) DATA(", g);
		put_quoted(i < NELEM(departments) ? "DEPARTMENT GROUP" :
		    "APPLICATION GROUP");
		printf(")\n");
	}
}

static void
emit_segments(const char *id, unsigned int serial)
{
	if (pick(100) < 70)
		printf(" TSO(ACCTNUM(ACCT%04u) PROC(ISPFPROC) SIZE(%u) "
		    "MAXSIZE(%u) UNIT(SYSALLDA) HOLDCLASS(X) JOBCLASS(A) "
		    "MSGCLASS(X) SYSOUTCLASS(A))", pick(10000),
		    4096 * (1 + pick(4)), 65536);
	if (pick(100) < 40) {
		printf(" OMVS(UID(%u) HOME(", 10000 + serial);
		printf("'/u/%s'", id);
		printf(") PROGRAM('/bin/sh'))");
	}
	if (pick(100) < 10)
		printf(" CICS(OPIDENT(%c%c%c) OPPRTY(%u) TIMEOUT(0030))",
		    id[0], id[1], id[2], pick(256));
}

static void
emit_user(unsigned int i, unsigned int ngroups, const char *password)
{
	const char *first = first_names[pick(NELEM(first_names))];
	const char *last = last_names[pick(NELEM(last_names))];
	char id[9], g[9], name[64], pw[9], data[80];
	unsigned int dg = pick(ngroups), extra, k, j, roll, chosen[4];

	user_id(i, first, last, id);
	group_name(dg, g, sizeof(g));
	/* NAME is at most 20 characters in RACF. */
	snprintf(name, sizeof(name), "%s %s", first, last);
	name[20] = '\0';
	while (strlen(name) > 0 && name[strlen(name) - 1] == ' ')
		name[strlen(name) - 1] = '\0';
	printf("ADDUSER %s NAME(", id);
	put_quoted(name);
	printf(") OWNER(%s) DFLTGRP(%s) DATA(", g, g);
	snprintf(data, sizeof(data), "EMP#%06u %s", 100000 + i, g);
	put_quoted(data);
	printf(")");
	roll = pick(1000);
	if (roll < 10)
		printf(" SPECIAL");
	else if (roll < 20)
		printf(" OPERATIONS");
	else if (roll < 25)
		printf(" AUDITOR");
	emit_segments(id, i);
	printf("\n");
	if (password != NULL)
		snprintf(pw, sizeof(pw), "%s", password);
	else
		random_password(pw);
	/* 5% keep the expired password ADDUSER-style resets leave. */
	printf("ALTUSER %s PASSWORD(%s)%s\n", id, pw,
	    pick(100) < 5 ? "" : " NOEXPIRED");
	extra = pick(4);
	chosen[0] = dg;
	for (k = 1; k <= extra; k++) {
		chosen[k] = pick(ngroups);
		for (j = 0; j < k && chosen[j] != chosen[k]; j++)
			;
		if (j < k)
			continue;	/* already connected */
		group_name(chosen[k], g, sizeof(g));
		printf("CONNECT %s GROUP(%s) AUTHORITY(%s)\n", id, g,
		    auths[pick(NELEM(auths))]);
	}
	if (pick(100) < 3)
		printf("ALTUSER %s REVOKE\n", id);
}

static void
usage(void)
{
	fprintf(stderr, "usage: esmgen [--users N] [--groups N] [--seed N] "
	    "[--password PW]\n");
	exit(64);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "users", required_argument, NULL, 'u' },
		{ "groups", required_argument, NULL, 'g' },
		{ "seed", required_argument, NULL, 's' },
		{ "password", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long users = 1000, groups = 0, seed = 1;
	const char *password = NULL;
	unsigned int i;
	char *end;
	int ch;

	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 'u':
			users = strtoul(optarg, &end, 10);
			if (*end != '\0' || users > 1600000)
				usage();
			break;
		case 'g':
			groups = strtoul(optarg, &end, 10);
			if (*end != '\0' || groups > 99999)
				usage();
			break;
		case 's':
			seed = strtoul(optarg, &end, 10);
			if (*end != '\0')
				usage();
			break;
		case 'p':
			password = optarg;
			if (strlen(password) < 1 || strlen(password) > 8 ||
			    strspn(password, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789@#$") != strlen(password)) {
				fprintf(stderr, "esmgen: --password must be 1 to "
				    "8 of A-Z 0-9 @ # $\n");
				return 64;
			}
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	if (groups == 0)
		groups = NELEM(departments) + users / 200;
	rng_state = 0x9e3779b97f4a7c15ULL ^ (seed * 0x100000001b3ULL);
	if (rng_state == 0)
		rng_state = 1;
	emit_groups((unsigned int)groups);
	for (i = 0; i < users; i++)
		emit_user(i, (unsigned int)groups, password);
	return ferror(stdout) ? 1 : 0;
}
