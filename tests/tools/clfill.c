/*
 * clfill.c - fills a changelog store for the end-to-end tests, before
 * esmgated opens it.  Test-only: the product has no way to put records
 * into its changelog other than an agent's events; this program links
 * the store as the unit tests do and appends what it reads.
 *
 *	clfill -d DIR -k KEYFILE < records
 *
 * One record per line, fields separated by '|':
 *
 *	agent|seq|esm|type|event|origin|issuer|target|fields|changes|password
 *
 * esm: racf, acf2, tss; type: add, delete, modify; event: an event type
 * name (password-reset, ...); origin: native or gateway; fields: blank
 * separated; changes: LDIF with "\n" for line ends; password: the new
 * password of a password event, empty for none.  The event's time is
 * 1700000000 + seq.  Blank lines and lines starting with '#' are skipped.
 * Prints "change N" or "duplicate N" per record; exits 1 on any error.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "link.h"
#include "link_event.h"
#include "gateway/changelog.h"

#define CLFILL_FIELDS	11

static void
usage(void)
{
	fprintf(stderr, "usage: clfill -d DIR -k KEYFILE < records\n");
	exit(64);
}

/* "\n" in the changes field stands for a line end. */
static void
clfill_unescape(char *s)
{
	char *w = s;

	for (; *s != '\0'; s++) {
		if (s[0] == '\\' && s[1] == 'n') {
			*w++ = '\n';
			s++;
		} else
			*w++ = *s;
	}
	*w = '\0';
}

static int
clfill_type(const char *s, enum changelog_type *t)
{
	static const enum changelog_type types[] = { CHANGELOG_ADD,
	    CHANGELOG_DELETE, CHANGELOG_MODIFY };
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(s, changelog_type_name(types[i])) == 0) {
			*t = types[i];
			return 0;
		}
	return -1;
}

/* Split line into f[]; -1 when it is not a record. */
static int
clfill_parse(char *line, struct changelog_rec *r)
{
	char *f[CLFILL_FIELDS], *p = line;
	int i;

	for (i = 0; i < CLFILL_FIELDS; i++) {
		f[i] = p;
		if ((p = strchr(p, '|')) == NULL && i < CLFILL_FIELDS - 1)
			return -1;
		if (p != NULL)
			*p++ = '\0';
	}
	if (p != NULL)
		return -1;
	memset(r, 0, sizeof(*r));
	r->cr_agent = f[0];
	r->cr_seq = strtoull(f[1], NULL, 10);
	r->cr_time = 1700000000 + (int64_t)r->cr_seq;
	if (link_event_esm_parse(f[2], &r->cr_esm) == -1 ||
	    clfill_type(f[3], &r->cr_type) == -1 ||
	    link_event_type_parse(f[4], &r->cr_event) == -1 ||
	    (strcmp(f[5], "native") != 0 && strcmp(f[5], "gateway") != 0))
		return -1;
	r->cr_by_gateway = strcmp(f[5], "gateway") == 0;
	r->cr_issuer = f[6];
	r->cr_target = f[7];
	r->cr_fields = f[8];
	clfill_unescape(f[9]);
	r->cr_changes = f[9];
	if (f[10][0] != '\0') {
		r->cr_password.bv_val = f[10];
		r->cr_password.bv_len = strlen(f[10]);
	}
	return 0;
}

static int
clfill_run(struct changelog *cl)
{
	struct changelog_rec r;
	enum changelog_added added;
	char line[8192], err[512];
	unsigned long lineno = 0;

	while (fgets(line, sizeof(line), stdin) != NULL) {
		lineno++;
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '\0' || line[0] == '#')
			continue;
		if (clfill_parse(line, &r) == -1) {
			fprintf(stderr, "clfill: line %lu is not a record\n",
			    lineno);
			return -1;
		}
		if (changelog_append(cl, &r, &added, err, sizeof(err)) == -1) {
			fprintf(stderr, "clfill: line %lu: %s\n", lineno, err);
			return -1;
		}
		printf("%s %llu\n", added == CHANGELOG_NEW ? "change" :
		    "duplicate", (unsigned long long)r.cr_number);
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct changelog_opts o;
	struct changelog *cl;
	struct link_key key;
	const char *dir = NULL, *keyfile = NULL;
	char err[512];
	int ch, rc;

	while ((ch = getopt(argc, argv, "d:k:")) != -1) {
		switch (ch) {
		case 'd':
			dir = optarg;
			break;
		case 'k':
			keyfile = optarg;
			break;
		default:
			usage();
		}
	}
	if (dir == NULL || keyfile == NULL || optind != argc)
		usage();
	if (link_key_load(keyfile, &key, err, sizeof(err)) == -1) {
		fprintf(stderr, "clfill: %s: %s\n", keyfile, err);
		return 1;
	}
	memset(&o, 0, sizeof(o));
	o.co_dir = dir;
	o.co_key = &key;
	cl = changelog_open(&o, err, sizeof(err));
	link_key_clear(&key);
	if (cl == NULL) {
		fprintf(stderr, "clfill: %s\n", err);
		return 1;
	}
	rc = clfill_run(cl);
	changelog_close(cl);
	return rc == 0 ? 0 : 1;
}
