/*
 * esmgen.c - realistic sample users and groups, as native commands.
 *
 *	esmgen [--esm racf|acf2|tss] [--users N] [--groups N] [--seed N]
 *	    [--password PW]
 *
 * Prints one ESM's commands on standard output, one per line, for
 * "esmconsole -b -" to load into a new database of that ESM (the
 * console's issuer, the ESM's first administrator, may run them all):
 *
 *   racf (the default): departmental groups under SYS1, users with
 *	names, owners, a default group and further connections, TSO,
 *	OMVS and CICS segments for some, a few SPECIAL, OPERATIONS and
 *	AUDITOR users, about 3% revoked (esmgen_racf.c);
 *   acf2: logonids with GROUP, PREFIX, TSO and CICS fields, a few
 *	SECURITY, ACCOUNT, AUDIT and READALL, about 3% suspended, and
 *	an access rule set per department (esmgen_acf2.c);
 *   tss: a zone, divisions and departments, a profile and an OMVS
 *	group per department, users with TSO and OMVS fields, dataset
 *	and resource permissions, about 3% suspended (esmgen_tss.c).
 *
 * About 5% of the users keep an expired password.  The same options
 * and seed give the same database: every writer draws from one
 * sequence, in an order that never changes for an ESM, so racf output
 * stays as it always was.  With --password every user gets that
 * password (the demo prints it; a new ACF2 database wants 4 characters
 * at least, GSO MINPSWD); otherwise each gets its own random one.
 * 100,000 users take well under a second; benchmarks rely on it.
 */
#include "config.h"

#include <ctype.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mainframe-agent/esmgen.h"

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

static uint64_t rng_state;

static uint32_t
esmgen_rng(void)
{
	/* xorshift64*: small, deterministic, good enough for sample data */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 2685821657736338717ULL) >> 32);
}

unsigned int
esmgen_pick(unsigned int n)
{
	return esmgen_rng() % n;
}

const char *
esmgen_rare(const struct esmgen_rare *t, size_t n)
{
	unsigned int roll = esmgen_pick(1000);
	size_t i;

	for (i = 0; i < n; i++)
		if (roll < t[i].er_below)
			return t[i].er_what;
	return NULL;
}

int
esmgen_is_department(unsigned int i)
{
	return i < NELEM(departments);
}

/* The named departments first, then numbered application groups. */
void
esmgen_group_name(unsigned int i, char *out, size_t len)
{
	if (i < NELEM(departments))
		snprintf(out, len, "%s", departments[i]);
	else
		snprintf(out, len, "APP%05u",
		    i - (unsigned int)NELEM(departments));
}

/* Initial + surname letters, then a base-36 serial: unique, 8 chars. */
static void
esmgen_user_id(unsigned int i, const char *first, const char *last,
    char *out)
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

void
esmgen_person(unsigned int i, unsigned int ngroups, struct esmgen_person *p)
{
	p->ep_first = first_names[esmgen_pick(NELEM(first_names))];
	p->ep_last = last_names[esmgen_pick(NELEM(last_names))];
	p->ep_dept = esmgen_pick(ngroups);
	esmgen_user_id(i, p->ep_first, p->ep_last, p->ep_id);
}

/* "FIRST LAST" cut to max characters (RACF and ACF2 keep 20). */
void
esmgen_name(const struct esmgen_person *p, size_t max, char *out,
    size_t len)
{
	snprintf(out, len, "%s %s", p->ep_first, p->ep_last);
	if (max < len)
		out[max] = '\0';
	while (strlen(out) > 0 && out[strlen(out) - 1] == ' ')
		out[strlen(out) - 1] = '\0';
}

/*
 * Up to three groups more than p's department, each told to fn as soon
 * as it is drawn (fn may draw too): the RACF writer's CONNECTs have
 * always been drawn in that order.
 */
void
esmgen_more_groups(const struct esmgen_person *p, unsigned int ngroups,
    void (*fn)(unsigned int group, void *arg), void *arg)
{
	unsigned int extra, k, j, chosen[4];

	extra = esmgen_pick(4);
	chosen[0] = p->ep_dept;
	for (k = 1; k <= extra; k++) {
		chosen[k] = esmgen_pick(ngroups);
		for (j = 0; j < k && chosen[j] != chosen[k]; j++)
			;
		if (j == k)
			fn(chosen[k], arg);	/* not already chosen */
	}
}

/*
 * A quoted value: '...' with each quote doubled.  RACF, ACF2 and TSS
 * all read a quoted operand this way, so NAME('O''BRIEN') is O'BRIEN
 * to each of them.
 */
void
esmgen_put_quoted(const char *s)
{
	putchar('\'');
	for (; *s != '\0'; s++) {
		if (*s == '\'')
			putchar('\'');
		putchar(*s);
	}
	putchar('\'');
}

/* --password, or eight random characters every ESM accepts. */
void
esmgen_password(const struct esmgen_opts *o, char *out)
{
	static const char letters[] = "ABCDEFGHJKLMNPQRSTUVWXYZ";
	static const char digits[] = "23456789";
	int i;

	if (o->eo_password != NULL) {
		snprintf(out, 9, "%s", o->eo_password);
		return;
	}
	for (i = 0; i < 8; i++)
		out[i] = i == 3 || i == 6 ?
		    digits[esmgen_pick(sizeof(digits) - 1)] :
		    letters[esmgen_pick(sizeof(letters) - 1)];
	out[8] = '\0';
}

static void
usage(void)
{
	fprintf(stderr, "usage: esmgen [--esm racf|acf2|tss] [--users N] "
	    "[--groups N] [--seed N] [--password PW]\n");
	exit(64);
}

static unsigned long
esmgen_number(const char *s, unsigned long max)
{
	unsigned long v;
	char *end;

	v = strtoul(s, &end, 10);
	if (*s == '\0' || *end != '\0' || v > max)
		usage();
	return v;
}

static const struct esmgen_writer *writers[] = {
	&esmgen_racf_writer, &esmgen_acf2_writer, &esmgen_tss_writer,
};

static const struct esmgen_writer *
esmgen_writer(const char *esm)
{
	size_t i;

	for (i = 0; i < NELEM(writers); i++)
		if (strcmp(writers[i]->ew_esm, esm) == 0)
			return writers[i];
	usage();
	return NULL;
}

static void
esmgen_write(const struct esmgen_writer *w, const struct esmgen_opts *o)
{
	void *state = NULL;
	unsigned int i;

	if (w->ew_begin != NULL)
		state = w->ew_begin(o);
	for (i = 0; i < o->eo_users; i++)
		w->ew_user(i, o, state);
	if (w->ew_end != NULL)
		w->ew_end(o, state);
}

static const char *
esmgen_check_password(const char *pw)
{
	if (strlen(pw) < 1 || strlen(pw) > 8 || strspn(pw,
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@#$") != strlen(pw)) {
		fprintf(stderr, "esmgen: --password must be 1 to 8 of A-Z 0-9 "
		    "@ # $\n");
		exit(64);
	}
	return pw;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "esm", required_argument, NULL, 'e' },
		{ "users", required_argument, NULL, 'u' },
		{ "groups", required_argument, NULL, 'g' },
		{ "seed", required_argument, NULL, 's' },
		{ "password", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	struct esmgen_opts o = { 1000, 0, NULL };
	const struct esmgen_writer *w = &esmgen_racf_writer;
	unsigned long seed = 1;
	int ch;

	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 'e':
			w = esmgen_writer(optarg);
			break;
		case 'u':
			o.eo_users = (unsigned int)esmgen_number(optarg,
			    1600000);
			break;
		case 'g':
			o.eo_groups = (unsigned int)esmgen_number(optarg,
			    99999);
			break;
		case 's':
			seed = esmgen_number(optarg, (unsigned long)-1);
			break;
		case 'p':
			o.eo_password = esmgen_check_password(optarg);
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	if (o.eo_groups == 0)
		o.eo_groups = NELEM(departments) + o.eo_users / 200;
	rng_state = 0x9e3779b97f4a7c15ULL ^ (seed * 0x100000001b3ULL);
	if (rng_state == 0)
		rng_state = 1;
	esmgen_write(w, &o);
	return ferror(stdout) ? 1 : 0;
}
