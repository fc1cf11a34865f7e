/*
 * check_racf_db.c - the RACF simulator end to end on a temporary LMDB
 * database: commands, the store, atomicity, injection, passwords,
 * logons, LIST output against golden text, and the exits.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mainframe-agent/sim/racf/racf.h"

/* 2024-01-10 12:00:00 UTC: day 24.010. */
#define T0	1704888000

static char tmpdir[64];
static time_t now;
static struct racf_db *db;
static char *out;
static size_t outlen;
static int cut_after;		/* sink returns -1 after this many lines */
static int nlines;

static time_t
test_clock(void *arg)
{
	return now;
}

static int
collect_cb(void *arg, const char *line, size_t len)
{
	out = realloc(out, outlen + len + 2);
	memcpy(out + outlen, line, len);
	outlen += len;
	out[outlen++] = '\n';
	out[outlen] = '\0';
	nlines++;
	return cut_after != 0 && nlines >= cut_after ? -1 : 0;
}

static const struct esm_out sink = { collect_cb, NULL };

static struct racf_db *
open_db(unsigned int iter)
{
	struct racf_opts o;
	char err[256];
	struct racf_db *d;

	memset(&o, 0, sizeof(o));
	o.ro_path = tmpdir;
	o.ro_clock = test_clock;
	o.ro_kdf_iterations = iter;
	o.ro_mapsize = 64 << 20;
	o.ro_nosync = 1;
	d = racf_open(&o, err, sizeof(err));
	ck_assert_msg(d != NULL, "%s", err);
	return d;
}

static void
reset_out(void)
{
	free(out);
	out = NULL;
	outlen = 0;
	nlines = 0;
	cut_after = 0;
}

/* Run cmd as issuer; the output is in out. */
static int
run_as(const char *issuer, const char *cmd)
{
	reset_out();
	return racf_command(db, issuer, cmd, strlen(cmd), &sink);
}

static int
run(const char *cmd)
{
	return run_as("IBMUSER", cmd);
}

static void
run_ok(const char *cmd)
{
	int rc = run(cmd);

	ck_assert_msg(rc == 0, "%s: rc %d: %s", cmd, rc, out ? out : "");
}

static void
has(const char *what)
{
	ck_assert_msg(out != NULL && strstr(out, what) != NULL,
	    "expected [%s] in:\n%s", what, out ? out : "(none)");
}

static void
hasnt(const char *what)
{
	ck_assert_msg(out == NULL || strstr(out, what) == NULL,
	    "did not expect [%s] in:\n%s", what, out);
}

static void
setup(void)
{
	strcpy(tmpdir, "/tmp/check_racf.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	now = T0;
	db = open_db(1);
}

static void
teardown(void)
{
	char cmd[128];

	racf_close(db);
	db = NULL;
	reset_out();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	(void)!system(cmd);
}

START_TEST(dump)
{
	run_ok("AU JOE NAME('Joe Q. Public') DFLTGRP(SYS1) PASSWORD(abc) "
	    "TSO(ACCTNUM(ACCT1) PROC(PROC01) SIZE(1024)) OMVS(UID(1919) "
	    "HOME('/u/joe') PROGRAM('/bin/sh')) DATA('some data')");
	run_ok("LU JOE TSO OMVS CICS");
	printf("%s", out);
	run_ok("LG SYS1 OMVS");
	printf("%s", out);
	run_ok("LU IBMUSER");
	has("USER=IBMUSER");
	hasnt("USER=NOPE");
	printf("%s", out);
}
END_TEST

static Suite *
racf_db_suite(void)
{
	Suite *s = suite_create("racf_db");
	TCase *tc;

	tc = tcase_create("dump");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, dump);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(racf_db_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
