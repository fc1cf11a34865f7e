/*
 * check_tss_list.c - TSS LIST output as the simulator prints it, to
 * exact entries through schema/tss.map: one ACID and several, every DATA
 * section and segment, multi-valued lines, permissions, blocks of another
 * type dropped, messages and failure endings, lines fed whole and one
 * at a time, and output that is not LIST output.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backends/map.h"
#include "backends/tss/tss_list.h"
#include "gateway/entry.h"
#include "gateway/schema.h"
#include "mainframe-agent/sim/tss/tss.h"

#include "testdir.h"
#include "testreq.h"

#define SUFFIX	"dc=tss,dc=com"

static struct schema *sch;
static struct map *map;
static struct tss_db *db;
static char err[512];

/* The simulator's output lines, kept for feeding. */
static struct berval *lines;
static size_t nlines;
static int simrc;

/* Entries as text, appended by the callback. */
static char *out;
static size_t outlen;

static const char *
srcdir(void)
{
	const char *s = getenv("top_srcdir");

	return s != NULL ? s : ".";
}

/* 2024-01-10 12:00:00 UTC */
static time_t
test_clock(void *arg)
{
	(void)arg;
	return 1704888000;
}

static void
out_add(const char *s)
{
	size_t n = strlen(s);

	out = realloc(out, outlen + n + 1);
	memcpy(out + outlen, s, n + 1);
	outlen += n;
}

static void
dump_cb(void *arg, struct entry *e)
{
	char line[2200], *text;

	(void)arg;
	snprintf(line, sizeof(line), "dn: %s\n", e->e_dn);
	out_add(line);
	out_add(text = testreq_text(e, NULL));
	out_add("\n");
	free(text);
	entry_free(e);
}

static void
load(const char *name)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s/schema/%s", srcdir(), name);
	ck_assert_msg(schema_load_file(sch, path, err, sizeof(err)) == 0,
	    "%s", err);
}

static void
lines_clear(void)
{
	size_t i;

	for (i = 0; i < nlines; i++)
		free(lines[i].bv_val);
	free(lines);
	lines = NULL;
	nlines = 0;
}

static int
keep_line(void *arg, const char *line, size_t len)
{
	(void)arg;
	lines = realloc(lines, (nlines + 1) * sizeof(*lines));
	lines[nlines].bv_val = malloc(len + 1);
	memcpy(lines[nlines].bv_val, line, len);
	lines[nlines].bv_val[len] = '\0';
	lines[nlines].bv_len = len;
	nlines++;
	return 0;
}

/* Run a command as the MSCA; its output is in lines[]. */
static int
sim(const char *cmd)
{
	struct esm_out o = { keep_line, NULL };

	lines_clear();
	simrc = tss_command(db, "MSCA", cmd, strlen(cmd), &o);
	return simrc;
}

static void
sim_ok(const char *cmd)
{
	ck_assert_msg(sim(cmd) == 0, "%s: rc %d: %s", cmd, simrc,
	    nlines > 0 ? lines[0].bv_val : "");
}

static void
setup(void)
{
	struct tss_opts o;
	char path[1024];

	sch = schema_new();
	load("core.schema");
	load("racf.schema");
	load("tss.schema");
	snprintf(path, sizeof(path), "%s/schema/tss.map", srcdir());
	map = map_load(path, sch, err, sizeof(err));
	ck_assert_msg(map != NULL, "%s", err);
	testdir_create("check_tss_list");
	memset(&o, 0, sizeof(o));
	o.to_path = testdir();
	o.to_clock = test_clock;
	o.to_kdf_iterations = 1;
	o.to_mapsize = 64 << 20;
	o.to_nosync = 1;
	ck_assert_msg((db = tss_open(&o, err, sizeof(err))) != NULL, "%s",
	    err);
	out = NULL;
	outlen = 0;
	out_add("");
}

static void
teardown(void)
{
	lines_clear();
	free(out);
	tss_close(db);
	testdir_remove();
	map_unref(map);
	schema_free(sch);
}

/* A division, a department, a profile, a group, ALICE with everything. */
static void
org(void)
{
	sim_ok("CREATE(PAYDIV) TYPE(DIV) NAME('PAYROLL DIVISION')");
	sim_ok("CREATE(PAYDEPT) TYPE(DEPT) NAME('PAYROLL') DIVISION(PAYDIV)");
	sim_ok("CREATE(PAYPROF) TYPE(PROFILE) NAME('PAY PROFILE') "
	    "DEPARTMENT(PAYDEPT) FACILITY(TSO)");
	sim_ok("CREATE(PAYGRP) TYPE(GROUP) NAME('PAY GROUP') DEPT(PAYDEPT) "
	    "GID(900)");
	sim_ok("CREATE(ALICE) TYPE(USER) NAME('ALICE O''BRIEN') "
	    "DEPARTMENT(PAYDEPT) PASSWORD(INITIAL,30,EXP) FACILITY(TSO,BATCH)");
	sim_ok("ADDTO(ALICE) PROFILE(PAYPROF) GROUP(PAYGRP) DFLTGRP(PAYGRP) "
	    "UID(1919) HOME('/u/alice') OMVSPGM('/bin/sh') "
	    "TSOLPROC(ISPFPROC) TSOLACCT(ACCT1) TSOACCT(ACCT1,ACCT2) "
	    "TSOPROC(ISPFPROC) TSOLSIZE(4096) TSOMSIZE(8192) TSOUNIT(SYSDA) "
	    "TSOUDATA(00FF) TSOHCLASS(X) TSOJCLASS(A) TSOMCLASS(X) "
	    "TSOSCLASS(A) TSODEST(LOCAL) TSOCOMMAND('ISPF PANEL(X)')");
	sim_ok("PERMIT(ALICE) DSN(PAY.) ACCESS(READ,UPDATE)");
	sim_ok("PERMIT(ALICE) IBMFAC(BPX.SUPERUSER) ACCESS(READ)");
	sim_ok("ADDTO(ALICE) SUSPEND");
	sim_ok("CREATE(BOB) TYPE(USER) NAME('BOB') DEPT(PAYDEPT)");
}

/* Feed lines[] in chunks of chunk lines (0: all at once). */
static struct tss_list *
parse(enum map_class cls, size_t chunk)
{
	struct tss_list *tl;
	size_t i, n;

	tl = tss_list_new(cls, map, sch, SUFFIX, dump_cb, NULL);
	for (i = 0; i < nlines; i += n) {
		n = chunk == 0 ? nlines : chunk;
		if (n > nlines - i)
			n = nlines - i;
		ck_assert_msg(tss_list_feed(tl, lines + i, n, err,
		    sizeof(err)) == 0, "%s", err);
	}
	ck_assert_int_eq(tss_list_end(tl, err, sizeof(err)), 0);
	return tl;
}

/* LIST as the gateway asks for it. */
static void
list(enum map_class cls, const char *const *ids, size_t n)
{
	char *cmd = tss_list_command(cls, map, ids, n);

	sim(cmd);
	free(cmd);
}

static const char alice[] =
    "dn: uid=ALICE,ou=People,dc=tss,dc=com\n"
    "objectClass: top\n"
    "objectClass: person\n"
    "objectClass: organizationalPerson\n"
    "objectClass: inetOrgPerson\n"
    "objectClass: tssUser\n"
    "uid: ALICE\n"
    "cn: ALICE O'BRIEN\n"
    "sn: O'BRIEN\n"
    "givenName: ALICE\n"
    "departmentNumber: PAYDEPT\n"
    "tssDepartmentName: PAYROLL\n"
    "tssFacility: TSO\n"
    "tssFacility: BATCH\n"
    "tssSuspended: TRUE\n"
    "tssSuspendDate: 20240110000000Z\n"
    "tssSuspendReason: ADMIN\n"
    "createDate: 20240110120000Z\n"
    "tssLastModified: 20240110120000Z\n"
    "tssSignonCount: 0\n"
    "tssProfiles: cn=PAYPROF,ou=Groups,dc=tss,dc=com\n"
    "tssGroups: cn=PAYGRP,ou=Groups,dc=tss,dc=com\n"
    "memberOf: cn=PAYPROF,ou=Groups,dc=tss,dc=com\n"
    "memberOf: cn=PAYGRP,ou=Groups,dc=tss,dc=com\n"
    "defaultGroup: PAYGRP\n"
    "passwordExpired: TRUE\n"
    "passwordInterval: 30\n"
    "tsoAcctNum: ACCT1\n"
    "tssTsoAccounts: ACCT1\n"
    "tssTsoAccounts: ACCT2\n"
    "tsoProc: ISPFPROC\n"
    "tssTsoProcs: ISPFPROC\n"
    "tsoSize: 4096\n"
    "tsoMaxSize: 8192\n"
    "tsoUnit: SYSDA\n"
    "tsoUserdata: 00FF\n"
    "tsoHoldclass: X\n"
    "tsoJobclass: A\n"
    "tsoMsgclass: X\n"
    "tsoSysoutclass: A\n"
    "tssTsoDest: LOCAL\n"
    "tsoCommand: ISPF PANEL(X)\n"
    "omvsUid: 1919\n"
    "omvsHome: /u/alice\n"
    "omvsProgram: /bin/sh\n"
    "tssPermission: DSN(PAY.) ACCESS(READ,UPDATE)\n"
    "tssPermission: IBMFAC(BPX.SUPERUSER) ACCESS(READ)\n"
    "\n";

/* Every section of one user, whole and a line at a time. */
START_TEST(list_user_full)
{
	const char *id = "ALICE";
	struct tss_list *tl;

	org();
	list(MAP_USER, &id, 1);
	ck_assert_int_eq(simrc, 0);
	tl = parse(MAP_USER, 0);
	ck_assert_str_eq(out, alice);
	ck_assert_uint_eq(tss_list_nrecords(tl), 1);
	ck_assert_int_eq(tss_list_rc(tl), 0);
	tss_list_free(tl);
	outlen = 0;
	out[0] = '\0';
	tl = parse(MAP_USER, 1);
	ck_assert_str_eq(out, alice);
	tss_list_free(tl);
}
END_TEST

/*
 * Several ACIDs in one LIST: users only, a missing ACID's TSS0211E and
 * the return code 4 it leaves; a bare user has no optional attribute.
 */
START_TEST(list_several)
{
	static const char *const ids[] = { "BOB", "NOSUCH", "PAYPROF",
	    "ALICE" };
	struct tss_list *tl;

	org();
	list(MAP_USER, ids, 4);
	ck_assert_int_eq(simrc, 4);
	tl = parse(MAP_USER, 3);
	ck_assert_uint_eq(tss_list_nrecords(tl), 2);
	ck_assert_uint_eq(tss_list_nskipped(tl), 1);
	ck_assert_uint_eq(tss_list_nmessages(tl), 2);
	ck_assert_int_eq(tss_list_rc(tl), 4);
	ck_assert_msg(strncmp(out, "dn: uid=BOB,ou=People,dc=tss,dc=com\n",
	    36) == 0, "%s", out);
	ck_assert_ptr_nonnull(strstr(out, "cn: BOB\nsn: BOB\n"
	    "departmentNumber: PAYDEPT\ntssDepartmentName: PAYROLL\n"
	    "tssSuspended: FALSE\ncreateDate: 20240110120000Z\n"
	    "tssLastModified: 20240110120000Z\ntssSignonCount: 0\n"
	    "passwordExpired: FALSE\n\ndn: uid=ALICE"));
	ck_assert_ptr_nonnull(strstr(out, alice + 38));
	ck_assert_ptr_null(strstr(out, "PAYPROF,ou=People"));
	tss_list_free(tl);
}
END_TEST

/* Profiles and groups: their type, members, facility, GID, XA. */
START_TEST(list_groups)
{
	static const char *const ids[] = { "PAYPROF", "PAYGRP", "ALICE" };
	struct tss_list *tl;

	org();
	sim_ok("ADDTO(BOB) PROFILE(PAYPROF)");
	sim_ok("PERMIT(PAYPROF) PROGRAM(IEBCOPY) ACCESS(EXECUTE)");
	list(MAP_GROUP, ids, 3);
	ck_assert_int_eq(simrc, 0);
	tl = parse(MAP_GROUP, 2);
	ck_assert_uint_eq(tss_list_nrecords(tl), 2);
	ck_assert_uint_eq(tss_list_nskipped(tl), 1);
	ck_assert_str_eq(out,
	    "dn: cn=PAYPROF,ou=Groups,dc=tss,dc=com\n"
	    "objectClass: top\n"
	    "objectClass: tssGroup\n"
	    "cn: PAYPROF\n"
	    "tssAcidType: PROFILE\n"
	    "description: PAY PROFILE\n"
	    "departmentNumber: PAYDEPT\n"
	    "tssDepartmentName: PAYROLL\n"
	    "createDate: 20240110120000Z\n"
	    "tssLastModified: 20240110120000Z\n"
	    "member: uid=ALICE,ou=People,dc=tss,dc=com\n"
	    "member: uid=BOB,ou=People,dc=tss,dc=com\n"
	    "tssFacility: TSO\n"
	    "tssPermission: PROGRAM(IEBCOPY) ACCESS(EXECUTE)\n"
	    "\n"
	    "dn: cn=PAYGRP,ou=Groups,dc=tss,dc=com\n"
	    "objectClass: top\n"
	    "objectClass: tssGroup\n"
	    "cn: PAYGRP\n"
	    "tssAcidType: GROUP\n"
	    "description: PAY GROUP\n"
	    "departmentNumber: PAYDEPT\n"
	    "tssDepartmentName: PAYROLL\n"
	    "createDate: 20240110120000Z\n"
	    "tssLastModified: 20240110120000Z\n"
	    "member: uid=ALICE,ou=People,dc=tss,dc=com\n"
	    "omvsGid: 900\n"
	    "\n");
	tss_list_free(tl);
}
END_TEST

/* Multi-valued keywords over several lines; values that look like pairs. */
START_TEST(list_multi_and_literal)
{
	const char *id = "CAROL";
	struct tss_list *tl;
	char *p;
	int n;

	org();
	sim_ok("CREATE(CAROL) TYPE(USER) NAME('X  TYPE       = PROFILE') "
	    "DEPT(PAYDEPT) FACILITY(TSO,BATCH,CICS,IMS,STC,IDMS,DB2,MQ) "
	    "HOME('/u/c  UID        = 0') TSOACCT(A1,A2,A3,A4,A5,A6,A7)");
	list(MAP_USER, &id, 1);
	tl = parse(MAP_USER, 0);
	ck_assert_uint_eq(tss_list_nrecords(tl), 1);
	ck_assert_ptr_nonnull(strstr(out, "cn: X  TYPE       = PROFILE\n"));
	ck_assert_ptr_nonnull(strstr(out, "omvsHome: /u/c  UID        = 0\n"));
	ck_assert_ptr_null(strstr(out, "omvsUid"));
	for (n = 0, p = out; (p = strstr(p, "tssFacility: ")) != NULL; p++)
		n++;
	ck_assert_int_eq(n, 8);
	ck_assert_ptr_nonnull(strstr(out, "tssFacility: IDMS\n"
	    "tssFacility: DB2\ntssFacility: MQ\n"));
	for (n = 0, p = out; (p = strstr(p, "tssTsoAccounts: ")) != NULL; p++)
		n++;
	ck_assert_int_eq(n, 7);
	tss_list_free(tl);
}
END_TEST

/* LIST(ACIDS) with DATA: every block, the enumeration's form. */
START_TEST(list_enumeration_blocks)
{
	struct tss_list *tl;

	org();
	sim_ok("LIST(ACIDS) TYPE(USER,PROFILE) DATA(BASIC)");
	tl = parse(MAP_USER, 0);
	ck_assert_uint_eq(tss_list_nrecords(tl), 2);
	ck_assert_uint_eq(tss_list_nskipped(tl), 1);
	tss_list_free(tl);
}
END_TEST

/* Failure endings and output that is not LIST output. */
START_TEST(list_failures)
{
	static const char *const bad[] = {
		"HELLO", "NAME       = X", "TSS0300", "tss0300I  LIST",
	};
	const char *id = "NOSUCH";
	struct berval bv;
	struct tss_list *tl;
	char longline[9000];
	size_t i;

	list(MAP_USER, &id, 1);
	ck_assert_int_eq(simrc, 8);
	tl = parse(MAP_USER, 0);
	ck_assert_uint_eq(tss_list_nrecords(tl), 0);
	ck_assert_int_eq(tss_list_rc(tl), 8);
	ck_assert_str_eq(out, "");
	tss_list_free(tl);
	sim("LIST(ALICE) DATA(BOGUS)");
	tl = parse(MAP_USER, 0);
	ck_assert_int_eq(tss_list_rc(tl), 12);
	tss_list_free(tl);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		tl = tss_list_new(MAP_USER, map, sch, SUFFIX, dump_cb, NULL);
		bv.bv_val = (char *)bad[i];
		bv.bv_len = strlen(bad[i]);
		ck_assert_int_eq(tss_list_feed(tl, &bv, 1, err, sizeof(err)),
		    -1);
		ck_assert_ptr_nonnull(strstr(err, "not LIST output"));
		tss_list_free(tl);
	}
	tl = tss_list_new(MAP_USER, map, sch, SUFFIX, dump_cb, NULL);
	bv.bv_val = "ACCESSORID = A\0B";
	bv.bv_len = 16;
	ck_assert_int_eq(tss_list_feed(tl, &bv, 1, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "NUL"));
	memset(longline, 'A', sizeof(longline));
	bv.bv_val = longline;
	bv.bv_len = sizeof(longline);
	ck_assert_int_eq(tss_list_feed(tl, &bv, 1, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "too long"));
	bv.bv_val = "ACCESSORID = BAD(ID";
	bv.bv_len = strlen(bv.bv_val);
	ck_assert_int_eq(tss_list_feed(tl, &bv, 1, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "ACCESSORID"));
	tss_list_free(tl);
}
END_TEST

/* The LIST command asks for the sections the map reads. */
START_TEST(list_commands)
{
	static const char *const ids[] = { "A", "B1", "#C" };
	char *cmd;

	cmd = tss_list_command(MAP_USER, map, ids, 1);
	ck_assert_str_eq(cmd, "LIST(A) DATA(BASIC,PROFILES,PASSWORD,XAUTH) "
	    "SEGMENT(TSO,OMVS)");
	free(cmd);
	cmd = tss_list_command(MAP_GROUP, map, ids, 3);
	ck_assert_str_eq(cmd, "LIST(A,B1,#C) DATA(BASIC,XAUTH,ACIDS) "
	    "SEGMENT(OMVS)");
	free(cmd);
}
END_TEST

static Suite *
list_suite(void)
{
	Suite *s = suite_create("tss_list");
	TCase *tc = tcase_create("parse");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, list_user_full);
	tcase_add_test(tc, list_several);
	tcase_add_test(tc, list_groups);
	tcase_add_test(tc, list_multi_and_literal);
	tcase_add_test(tc, list_enumeration_blocks);
	tcase_add_test(tc, list_failures);
	tcase_add_test(tc, list_commands);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(list_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
