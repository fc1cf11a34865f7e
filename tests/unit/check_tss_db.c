/*
 * check_tss_db.c - the TSS simulator on a temporary LMDB security file:
 * every function's effect and output, the ownership chain, DELETE's
 * refusals, permissions, signons, authority, and the exit's events.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mainframe-agent/sim/tss/tss.h"
#include "testdir.h"

/* 2024-01-10 12:00:00 UTC. */
#define T0	1704888000

static time_t now;
static struct tss_db *db;
static char *out;
static size_t outlen;
static int cut_after;
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

static void
reset_out(void)
{
	free(out);
	out = NULL;
	outlen = 0;
	nlines = 0;
	cut_after = 0;
}

static int
run_as(const char *issuer, const char *cmd)
{
	reset_out();
	return tss_command(db, issuer, cmd, strlen(cmd), &sink);
}

static int
run(const char *cmd)
{
	return run_as("MSCA", cmd);
}

static void
run_ok(const char *cmd)
{
	int rc = run(cmd);

	ck_assert_msg(rc == 0, "%s: rc %d: %s", cmd, rc, out ? out : "");
}

static void
run_rc(int want, const char *cmd, const char *msg)
{
	int rc = run(cmd);

	ck_assert_msg(rc == want, "%s: rc %d, not %d: %s", cmd, rc, want,
	    out ? out : "");
	ck_assert_msg(out != NULL && strstr(out, msg) != NULL,
	    "%s: expected [%s] in:\n%s", cmd, msg, out ? out : "");
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
is(const char *want)
{
	ck_assert_msg(out != NULL && strcmp(out, want) == 0,
	    "expected:\n%s\ngot:\n%s", want, out ? out : "(none)");
}

static void
setup(void)
{
	struct tss_opts o;
	char err[256];

	testdir_create("check_tss");
	now = T0;
	memset(&o, 0, sizeof(o));
	o.to_path = testdir();
	o.to_clock = test_clock;
	o.to_kdf_iterations = 1;
	o.to_mapsize = 64 << 20;
	o.to_nosync = 1;
	db = tss_open(&o, err, sizeof(err));
	ck_assert_msg(db != NULL, "%s", err);
}

static void
teardown(void)
{
	tss_close(db);
	db = NULL;
	reset_out();
	testdir_remove();
}

/* A division, a department, a profile, a group and user ALICE. */
static void
org(void)
{
	run_ok("TSS CREATE(PAYDIV) TYPE(DIV) NAME('PAYROLL DIVISION')");
	run_ok("TSS CREATE(PAYDEPT) TYPE(DEPT) NAME('PAYROLL') "
	    "DIVISION(PAYDIV)");
	run_ok("CREATE(PAYPROF) TYPE(PROFILE) NAME('PAY PROFILE') "
	    "DEPARTMENT(PAYDEPT)");
	run_ok("CREATE(PAYGRP) TYPE(GROUP) NAME('PAY GROUP') DEPT(PAYDEPT)");
	run_ok("TSS CREATE(ALICE) TYPE(USER) NAME('ALICE O''BRIEN') "
	    "DEPARTMENT(PAYDEPT) PASSWORD(INITIAL,30,EXP) "
	    "FACILITY(TSO,BATCH)");
}

START_TEST(new_file)
{
	run_ok("LIST(ACIDS)");
	is("ACCESSORID = MSCADEPT  TYPE       = DEPT\n"
	    "ACCESSORID = MSCA      TYPE       = MASTER\n"
	    "ACCESSORID = MSCADIV   TYPE       = DIVISION\n"
	    "TSS0300I  LIST     FUNCTION SUCCESSFUL\n");
	run_ok("LIST(MSCA) DATA(BASIC,PASSWORD)");
	is("ACCESSORID = MSCA      NAME       = MASTER SECURITY\n"
	    "TYPE       = MASTER    DEPT ACID  = MSCADEPT  DEPARTMENT = MSCA "
	    "DEPARTMENT\n"
	    "CREATED    = 01/10/24 12.00  LAST MOD   = 01/10/24 12.00\n"
	    "LAST USED  = NEVER     COUNT      = 0\n"
	    "PASSWORD   = ********  EXPIRES    = EXPIRED   INTERVAL   = 30\n"
	    "TSS0300I  LIST     FUNCTION SUCCESSFUL\n");
}
END_TEST

START_TEST(list_full_layout)
{
	org();
	now += 3600;
	run_ok("ADDTO(ALICE) PROFILE(PAYPROF) GROUP(PAYGRP) DFLTGRP(PAYGRP) "
	    "UID(1919) HOME('/u/alice') OMVSPGM('/bin/sh') "
	    "TSOLPROC(ISPFPROC) TSOLACCT(ACCT1) TSOACCT(ACCT1,ACCT2) "
	    "TSOPROC(ISPFPROC) TSOLSIZE(4096) TSOMSIZE(8192) TSOUNIT(SYSDA) "
	    "TSOUDATA(0000) TSOHCLASS(X) TSOJCLASS(A) TSOMCLASS(X) "
	    "TSOSCLASS(A) TSODEST(LOCAL) TSOCOMMAND('ISPF')");
	run_ok("PERMIT(ALICE) DSN(PAY.) ACCESS(READ,UPDATE)");
	run_ok("PERMIT(ALICE) IBMFAC(BPX.SUPERUSER) ACCESS(READ)");
	run_ok("LIST(ALICE) DATA(ALL,PASSWORD)");
	is("ACCESSORID = ALICE     NAME       = ALICE O'BRIEN\n"
	    "TYPE       = USER      DEPT ACID  = PAYDEPT   DEPARTMENT = "
	    "PAYROLL\n"
	    "CREATED    = 01/10/24 12.00  LAST MOD   = 01/10/24 13.00\n"
	    "LAST USED  = NEVER     COUNT      = 0\n"
	    "FACILITY   = TSO       BATCH\n"
	    "PROFILES   = PAYPROF\n"
	    "GROUPS     = PAYGRP\n"
	    "DFLTGRP    = PAYGRP\n"
	    "PASSWORD   = ********  EXPIRES    = EXPIRED   INTERVAL   = 30\n"
	    "-----------  SEGMENT TSO\n"
	    "TSOLACCT   = ACCT1     TSOLPROC   = ISPFPROC\n"
	    "TSOACCT    = ACCT1     ACCT2\n"
	    "TSOPROC    = ISPFPROC\n"
	    "TSOLSIZE   = 4096      TSOMSIZE   = 8192\n"
	    "TSOUNIT    = SYSDA     TSOUDATA   = 0000\n"
	    "TSOHCLASS  = X         TSOJCLASS  = A         TSOMCLASS  = X\n"
	    "TSOSCLASS  = A         TSODEST    = LOCAL\n"
	    "TSOCOMMAND = ISPF\n"
	    "-----------  SEGMENT OMVS\n"
	    "UID        = 1919\n"
	    "HOME       = /u/alice\n"
	    "OMVSPGM    = /bin/sh\n"
	    "XA DATASET = PAY.\n"
	    "   ACCESS  = READ,UPDATE\n"
	    "XA IBMFAC  = BPX.SUPERUSER\n"
	    "   ACCESS  = READ\n"
	    "TSS0300I  LIST     FUNCTION SUCCESSFUL\n");
	run_ok("LIST(ALICE) SEGMENT(TSO)");
	has("TSOLACCT   = ACCT1");
	hasnt("UID");
	hasnt("FACILITY");
	run_ok("LIST(ALICE) DATA(PROFILES)");
	is("ACCESSORID = ALICE     NAME       = ALICE O'BRIEN\n"
	    "PROFILES   = PAYPROF\n"
	    "GROUPS     = PAYGRP\n"
	    "DFLTGRP    = PAYGRP\n"
	    "TSS0300I  LIST     FUNCTION SUCCESSFUL\n");
	/* Default: everything but the password. */
	run_ok("LIST(ALICE)");
	hasnt("PASSWORD   =");
	has("XA DATASET = PAY.");
}
END_TEST

START_TEST(list_multi_valued_lines)
{
	org();
	run_ok("ADDTO(ALICE) FACILITY(CICS,IMS,STC,IDMS,DB2,MQ,NDM)");
	run_ok("LIST(ALICE) DATA(BASIC)");
	has("FACILITY   = TSO       BATCH     CICS      IMS       STC       "
	    "IDMS\nFACILITY   = DB2       MQ        NDM\n");
}
END_TEST

START_TEST(create_rules)
{
	org();
	run_rc(8, "CREATE(ALICE) NAME('X') DEPT(PAYDEPT)",
	    "TSS0210E  ACID ALICE ALREADY DEFINED");
	run_rc(12, "CREATE(BOB) DEPT(PAYDEPT)", "REQUIRED KEYWORD NAME");
	run_rc(12, "CREATE(BOB) NAME('BOB')", "REQUIRED KEYWORD DEPARTMENT");
	run_rc(8, "CREATE(BOB) NAME('BOB') DEPT(PAYDIV)",
	    "TSS0212E  DEPARTMENT(PAYDIV) IS NOT A DEPT ACID");
	run_rc(8, "CREATE(BOB) NAME('BOB') DEPT(NODEPT)", "NOT DEFINED");
	run_rc(12, "CREATE(BOB) NAME('BOB') DIVISION(PAYDIV)",
	    "TSS0206E  KEYWORD DIVISION NOT VALID FOR TYPE USER");
	run_rc(12, "CREATE(D2) TYPE(DEPT) NAME('D')",
	    "REQUIRED KEYWORD DIVISION");
	run_rc(12, "CREATE(D2) TYPE(DEPT) NAME('D') DIV(PAYDIV) "
	    "PASSWORD(X)", "PASSWORD NOT VALID FOR TYPE DEPT");
	run_rc(12, "CREATE(BOB) NAME('123456789012345678901234567890123') "
	    "DEPT(PAYDEPT)", "INVALID OPERAND FOR NAME");
	run_rc(12, "CREATE(TOOLONGID) NAME('X') DEPT(PAYDEPT)",
	    "TSS0202E  INVALID ACID TOOLONGID");
	run_rc(12, "CREATE(ACIDS) NAME('X') DEPT(PAYDEPT)", "RESERVED");
	run_rc(12, "CREATE(BOB) TYPE(MASTER) NAME('X') DEPT(PAYDEPT)",
	    "INVALID OPERAND FOR TYPE");
	run_rc(12, "CREATE(BOB) NAME('X') DEPT(PAYDEPT) PASSWORD(TOOLONGPW)",
	    "PASSWORD");
	run_rc(12, "CREATE(BOB) NAME('X') DEPT(PAYDEPT) PASSWORD(A,300)",
	    "EXPIRATION INTERVAL");
	run_rc(12, "CREATE(BOB) NAME('X') DEPT(PAYDEPT) UID(12AB)",
	    "INVALID OPERAND FOR UID: 12AB");
	run_rc(12, "CREATE(BOB) NAME('X') DEPT(PAYDEPT) BOGUS(1)",
	    "TSS0205E  INVALID KEYWORD BOGUS");
	run_rc(12, "CREATE(BOB) NAME('X') NAME('Y') DEPT(PAYDEPT)",
	    "DUPLICATE KEYWORD NAME");
	run_rc(12, "CREATE NAME('X')", "TSS0202E  ACID MISSING");
	run_rc(12, "FROBNICATE(BOB)", "TSS0201E  INVALID FUNCTION FROBNICATE");
	run_rc(12, "CREATE(A,B) NAME('X') DEPT(PAYDEPT)", "TOO MANY ACIDS");
	/* Nothing of the failures was created. */
	run_rc(8, "LIST(BOB)", "TSS0211E  ACID BOB NOT DEFINED");
	has("TSS0301I  LIST     FUNCTION FAILED, RETURN CODE =  8");
}
END_TEST

/* TSS ignores a keyword without its operand and everything after it. */
START_TEST(missing_operand_ignores_rest)
{
	org();
	run_ok("CREATE(BOB) NAME('BOB') DEPT(PAYDEPT) FACILITY "
	    "PASSWORD(SECRET) BOGUS(1)");
	run_ok("LIST(BOB) DATA(BASIC,PASSWORD)");
	hasnt("FACILITY");
	has("PASSWORD   = NONE");
	run_ok("ADDTO(BOB) /* a comment */ FACILITY(/* inside */TSO) "
	    "/* open to the end SUSPEND");
	run_ok("LIST(BOB) DATA(BASIC)");
	has("FACILITY   = TSO\n");
	hasnt("SUSPENDED");
}
END_TEST

START_TEST(addto_remove_replace)
{
	char longpath[1024], cmd[1200];

	org();
	run_rc(8, "ADDTO(ALICE) FACILITY(TSO)",
	    "TSS0225E  FACILITY TSO ALREADY PRESENT FOR ALICE");
	run_rc(8, "REMOVE(ALICE) FACILITY(CICS)", "TSS0226E");
	run_rc(8, "ADDTO(ALICE) DFLTGRP(PAYGRP)", "TSS0227E");
	run_rc(8, "ADDTO(ALICE) PROFILE(PAYGRP)", "IS NOT A PROFILE ACID");
	run_ok("ADD(ALICE) GROUP(PAYGRP) DFLTGRP(PAYGRP) UID(7)");
	run_rc(8, "ADDTO(ALICE) UID(8)", "USE REPLACE");
	run_ok("REPLACE(ALICE) UID(8) NAME('ALICE SMITH') TSOLPROC(PROC2)");
	run_rc(12, "REPLACE(ALICE) FACILITY(TSO)", "NOT VALID FOR REPLACE");
	run_rc(8, "REMOVE(ALICE) UID(9)", "TSS0226E  UID(9) NOT PRESENT");
	run_ok("REMOVE(ALICE) UID(8) FACILITY(BATCH)");
	/* Removing the default group's group drops DFLTGRP too. */
	run_ok("REMOVE(ALICE) GROUP(PAYGRP)");
	run_ok("LIST(ALICE)");
	has("NAME       = ALICE SMITH");
	has("FACILITY   = TSO\n");
	has("TSOLPROC   = PROC2");
	hasnt("UID");
	hasnt("DFLTGRP");
	hasnt("GROUPS");
	run_rc(12, "ADDTO(PAYDEPT) FACILITY(TSO)",
	    "KEYWORD FACILITY NOT VALID FOR TYPE DEPT");
	run_ok("ADDTO(PAYGRP) GID(500)");
	run_rc(12, "ADDTO(ALICE) GID(5)", "NOT VALID FOR TYPE USER");
	run_rc(12, "ADDTO(ALICE)", "TSS0260E  NO KEYWORD GIVEN");
	run_rc(12, "ADDTO(ALICE) TSOHCLASS(XY)", "TSOHCLASS");
	run_rc(12, "ADDTO(ALICE) TSOUDATA(XYZW)", "TSOUDATA");
	run_rc(12, "ADDTO(ALICE) HOME('/u/a', '/u/b')", "TOO MANY OPERANDS");
	/* An empty value is refused, not looked for (that never ended). */
	run_rc(12, "ADDTO(ALICE) FACILITY(CICS,'',BATCH)",
	    "INVALID OPERAND FOR FACILITY");
	run_rc(12, "REMOVE(ALICE) FACILITY('')",
	    "INVALID OPERAND FOR FACILITY");
	/* A long path lists whole. */
	memset(longpath, 'p', sizeof(longpath) - 1);
	longpath[0] = '/';
	longpath[sizeof(longpath) - 1] = '\0';
	snprintf(cmd, sizeof(cmd), "ADDTO(ALICE) HOME('%s')", longpath);
	run_ok(cmd);
	run_ok("LIST(ALICE) SEGMENT(OMVS)");
	has(longpath);
	snprintf(cmd, sizeof(cmd), "REPLACE(ALICE) HOME('%sp')", longpath);
	run_rc(12, cmd, "INVALID OPERAND FOR HOME");
}
END_TEST

/* A command with one bad operand changes nothing at all. */
START_TEST(atomic)
{
	org();
	run_rc(12, "ADDTO(ALICE) FACILITY(CICS) UID(X1)", "UID");
	run_ok("LIST(ALICE) DATA(BASIC)");
	hasnt("CICS");
}
END_TEST

START_TEST(delete_chain)
{
	org();
	run_ok("ADDTO(ALICE) PROFILE(PAYPROF) GROUP(PAYGRP)");
	run_ok("PERMIT(ALICE) DSN(PAY.)");
	run_rc(8, "DELETE(PAYDEPT)", "TSS0220E  DEPT PAYDEPT STILL OWNS");
	run_rc(8, "DELETE(PAYDIV)", "TSS0220E  DIVISION PAYDIV STILL OWNS");
	run_rc(8, "DELETE(PAYPROF)", "TSS0221E  PROFILE PAYPROF IS STILL "
	    "ATTACHED");
	run_rc(8, "DELETE(ALICE)", "TSS0222E  ACID ALICE STILL HOLDS");
	run_rc(8, "DELETE(MSCA)", "TSS0214E");
	run_ok("REVOKE(ALICE) DSN(PAY.)");
	run_ok("DELETE(ALICE)");
	/* The user's attachments went with it. */
	run_ok("DELETE(PAYPROF)");
	run_ok("DELETE(PAYGRP)");
	run_ok("DELETE(PAYDEPT)");
	run_ok("DELETE(PAYDIV)");
	run_rc(8, "DELETE(PAYDIV)", "TSS0211E");
	run_ok("LIST(ACIDS)");
	ck_assert_int_eq(nlines, 4);
}
END_TEST

START_TEST(permit_whohas)
{
	org();
	run_ok("CREATE(BOB) NAME('BOB') DEPT(PAYDEPT)");
	run_ok("PERMIT(ALICE) DSN(pay.) ACCESS(READ)");
	run_ok("PERMIT(BOB) DSN(PAY.DATA) ACCESS(UPDATE)");
	run_ok("PERMIT(PAYPROF) DSN(PAY.) ACCESS(ALL)");
	run_ok("PERMIT(BOB) IBMFAC(BPX.SUPERUSER) ACCESS(READ)");
	run_ok("PERMIT(ALICE) DSN(PAY.) ACCESS(UPDATE)");
	run_ok("WHOHAS DSN(PAY.DATA)");
	is("XA DATASET = PAY.\n"
	    "   ACID    = ALICE     ACCESS     = UPDATE\n"
	    "XA DATASET = PAY.\n"
	    "   ACID    = PAYPROF   ACCESS     = ALL\n"
	    "XA DATASET = PAY.DATA\n"
	    "   ACID    = BOB       ACCESS     = UPDATE\n"
	    "TSS0300I  WHOHAS   FUNCTION SUCCESSFUL\n");
	run_ok("TSS WHOHAS IBMFAC(BPX.SUPERUSER)");
	is("XA IBMFAC  = BPX.SUPERUSER\n"
	    "   ACID    = BOB       ACCESS     = READ\n"
	    "TSS0300I  WHOHAS   FUNCTION SUCCESSFUL\n");
	run_ok("WHOHAS DSN(OTHER.)");
	is("TSS0300I  WHOHAS   FUNCTION SUCCESSFUL\n");
	run_ok("REVOKE(BOB) DSN(PAY.DATA)");
	run_rc(8, "REVOKE(BOB) DSN(PAY.DATA)", "TSS0228E  DSN(PAY.DATA) NOT "
	    "PERMITTED TO BOB");
	run_rc(12, "PERMIT(BOB) DSN(A.) IBMFAC(B)", "ONLY ONE RESOURCE");
	run_rc(12, "PERMIT(BOB) ACCESS(READ)", "REQUIRED KEYWORD MISSING");
	run_rc(12, "PERMIT(BOB) DSN(A.) ACCESS(SUPER)", "INVALID OPERAND FOR "
	    "ACCESS");
	run_rc(12, "WHOHAS", "REQUIRED KEYWORD MISSING");
	/* REVOKE never suspends. */
	run_ok("LIST(BOB) DATA(BASIC)");
	hasnt("SUSPENDED");
}
END_TEST

START_TEST(authority)
{
	org();
	run_ok("REPLACE(ALICE) PASSWORD(PW1,30)");
	ck_assert_int_eq(run_as("ALICE", "CREATE(X) NAME('X') DEPT(PAYDEPT)"),
	    8);
	has("TSS0214E  NOT AUTHORIZED TO CREATE ACIDS");
	ck_assert_int_eq(run_as("ALICE", "LIST(ALICE)"), 0);
	ck_assert_int_eq(run_as("ALICE", "LIST(MSCA)"), 8);
	ck_assert_int_eq(run_as("ALICE", "LIST(ACIDS)"), 8);
	ck_assert_int_eq(run_as("NOBODY", "LIST(ALICE)"), 8);
	has("ACID NOBODY NOT DEFINED");
	run_ok("CREATE(ADMIN1) TYPE(SCA) NAME('ADMIN') DEPT(PAYDEPT)");
	ck_assert_int_eq(run_as("ADMIN1", "CREATE(BOB) NAME('B') "
	    "DEPT(PAYDEPT)"), 0);
	ck_assert_int_eq(run_as("ADMIN1", "ADDTO(MSCA) SUSPEND"), 8);
	has("TSS0214E  NOT AUTHORIZED TO ADDTO MSCA");
	ck_assert_int_eq(run_as("ADMIN1", "DELETE(ADMIN1)"), 8);
}
END_TEST

START_TEST(signon)
{
	org();
	/* Expired: a new password is needed. */
	reset_out();
	ck_assert_int_eq(tss_verify(db, "alice", "initial", NULL, &sink),
	    TSS_VERIFY_EXPIRED);
	has("TSS0144E  PASSWORD HAS EXPIRED. NEW PASSWORD MISSING");
	reset_out();
	ck_assert_int_eq(tss_verify(db, "ALICE", "INITIAL", "INITIAL", &sink),
	    TSS_VERIFY_BAD_NEWPASSWORD);
	reset_out();
	ck_assert_int_eq(tss_verify(db, "ALICE", "INITIAL", "TOOLONGPW",
	    &sink), TSS_VERIFY_BAD_NEWPASSWORD);
	now += 60;
	reset_out();
	ck_assert_int_eq(tss_verify(db, "ALICE", "INITIAL", "n3wpass", &sink),
	    TSS_VERIFY_OK);
	has("TSS0136I  PASSWORD CHANGED");
	has("TSS0130I  ALICE LAST-USED NEVER");
	reset_out();
	ck_assert_int_eq(tss_verify(db, "ALICE", "N3WPASS", NULL, &sink), 0);
	has("LAST-USED 01/10/24 12.01");
	has("TSS0131I  COUNT=00002 NAME=ALICE O'BRIEN");
	/* Three violations in a row suspend her. */
	ck_assert_int_eq(tss_verify(db, "ALICE", "WRONG1", NULL, &sink), 8);
	ck_assert_int_eq(tss_verify(db, "ALICE", "WRONG2", NULL, &sink), 8);
	reset_out();
	ck_assert_int_eq(tss_verify(db, "ALICE", "WRONG3", NULL, &sink), 8);
	has("TSS7102E  PASSWORD VIOLATION THRESHOLD EXCEEDED, ALICE "
	    "SUSPENDED");
	reset_out();
	ck_assert_int_eq(tss_verify(db, "ALICE", "N3WPASS", NULL, &sink),
	    TSS_VERIFY_SUSPENDED);
	has("TSS7110E");
	run_ok("LIST(ALICE) DATA(BASIC)");
	has("SUSPENDED  = 01/10/24  REASON     = VIOLATIONS");
	run_ok("REMOVE(ALICE) SUSPEND");
	ck_assert_int_eq(tss_verify(db, "ALICE", "N3WPASS", NULL, &sink), 0);
	/* The interval runs out. */
	now += 31 * 86400;
	ck_assert_int_eq(tss_verify(db, "ALICE", "N3WPASS", NULL, &sink),
	    TSS_VERIFY_EXPIRED);
	ck_assert_int_eq(tss_verify(db, "NOBODY", "X", NULL, &sink),
	    TSS_VERIFY_NO_ACID);
	ck_assert_int_eq(tss_verify(db, "PAYDEPT", "X", NULL, &sink),
	    TSS_VERIFY_NO_ACID);
	ck_assert_int_eq(tss_verify(db, "TOOLONGID", "X", NULL, &sink),
	    TSS_VERIFY_NO_ACID);
	/* A reset without EXP is usable at once; interval 0 never ends. */
	run_ok("REPLACE(ALICE) PASSWORD(FRESH1,0)");
	now += 400 * 86400;
	ck_assert_int_eq(tss_verify(db, "ALICE", "FRESH1", NULL, &sink), 0);
	run_ok("LIST(ALICE) DATA(PASSWORD)");
	has("EXPIRES    = NEVER     INTERVAL   = 0");
}
END_TEST

struct seen {
	char	 s_log[4096];
	int	 s_n;
};

static void
exit_cb(void *arg, const struct esm_event *ev)
{
	struct seen *s = arg;
	size_t n = strlen(s->s_log);

	ck_assert_str_eq(ev->ee_esm, "tss");
	ck_assert_str_eq(ev->ee_exit, "TSSINSTX");
	snprintf(s->s_log + n, sizeof(s->s_log) - n, "%s %s%s%s [%s]%s%s\n",
	    esm_event_type_name(ev->ee_type), ev->ee_userid,
	    ev->ee_group != NULL ? "/" : "",
	    ev->ee_group != NULL ? ev->ee_group : "", ev->ee_fields,
	    ev->ee_password != NULL ? " pw=" : "",
	    ev->ee_password != NULL ? ev->ee_password : "");
	s->s_n++;
}

START_TEST(exits)
{
	struct seen s;

	org();
	memset(&s, 0, sizeof(s));
	tss_set_exit(db, exit_cb, &s);
	/* Failures fire nothing. */
	run_rc(12, "ADDTO(ALICE) FACILITY(CICS) UID(X1)", "UID");
	run_rc(8, "CREATE(ALICE) NAME('X') DEPT(PAYDEPT)", "TSS0210E");
	run_ok("LIST(ALICE)");
	ck_assert_int_eq(s.s_n, 0);
	run_ok("CREATE(BOB) NAME('BOB') DEPT(PAYDEPT) PROFILE(PAYPROF) "
	    "FACILITY(TSO)");
	run_ok("ADDTO(BOB) GROUP(PAYGRP) UID(5)");
	run_ok("REPLACE(BOB) PASSWORD(temp1,30,EXP)");
	run_ok("REPLACE(BOB) PASSWORD(TEMP2)");
	run_ok("ADDTO(BOB) SUSPEND");
	run_ok("REMOVE(BOB) SUSPEND");
	run_ok("REMOVE(BOB) PROFILE(PAYPROF) GROUP(PAYGRP)");
	run_ok("PERMIT(BOB) DSN(A.)");
	run_ok("REVOKE(BOB) DSN(A.)");
	(void)tss_verify(db, "BOB", "WRONG", NULL, &sink);
	(void)tss_verify(db, "BOB", "TEMP2", "TEMP3", &sink);
	run_ok("DELETE(BOB)");
	run_ok("CREATE(P2) TYPE(PROFILE) NAME('P') DEPT(PAYDEPT)");
	ck_assert_str_eq(s.s_log,
	    "create BOB [NAME FACILITY]\n"
	    "connect BOB/PAYPROF [PROFILE]\n"
	    "connect BOB/PAYGRP [GROUP]\n"
	    "modify BOB [UID]\n"
	    "password-reset BOB [PASSWORD] pw=TEMP1\n"
	    "password-reset-noexpire BOB [PASSWORD] pw=TEMP2\n"
	    "revoke BOB [SUSPEND]\n"
	    "resume BOB [SUSPEND]\n"
	    "remove BOB/PAYPROF [PROFILE]\n"
	    "remove BOB/PAYGRP [GROUP]\n"
	    "modify BOB [XA]\n"
	    "modify BOB [XA]\n"
	    "logon-failure BOB [SIGNON]\n"
	    "password-change BOB [PASSWORD] pw=TEMP3\n"
	    "delete BOB []\n"
	    "group-create P2 [NAME]\n");
	tss_set_exit(db, NULL, NULL);
}
END_TEST

/* A signon refused because the password expired reaches the exit. */
START_TEST(expired_signon_event)
{
	struct seen s;

	org();
	memset(&s, 0, sizeof(s));
	run_ok("CREATE(CAL) NAME('CAL') DEPT(PAYDEPT)");
	run_ok("REPLACE(CAL) PASSWORD(CAL1,30,EXP)");
	tss_set_exit(db, exit_cb, &s);
	ck_assert_int_eq(tss_verify(db, "CAL", "CAL1", NULL, &sink),
	    TSS_VERIFY_EXPIRED);
	ck_assert_int_eq(tss_verify(db, "CAL", "CAL1", "CAL2", &sink),
	    TSS_VERIFY_OK);
	ck_assert_str_eq(s.s_log,
	    "password-expired CAL [PASSWORD]\n"
	    "password-change CAL [PASSWORD] pw=CAL2\n");
	tss_set_exit(db, NULL, NULL);
}
END_TEST

/*
 * The simulator's departures for a gateway: several types in one
 * LIST(ACIDS) TYPE(), the users a profile or group is attached to and
 * the ACIDs a department owns with DATA(ACIDS); CREATE takes one TYPE.
 */
START_TEST(types_and_acids)
{
	org();
	run_ok("CREATE(BOB) TYPE(USER) NAME('BOB') DEPT(PAYDEPT)");
	run_ok("ADDTO(ALICE) PROFILE(PAYPROF) GROUP(PAYGRP)");
	run_ok("ADDTO(BOB) PROFILE(PAYPROF)");
	run_ok("LIST(ACIDS) TYPE(PROFILE,GROUP,PROFILE)");
	is("ACCESSORID = PAYPROF   TYPE       = PROFILE\n"
	    "ACCESSORID = PAYGRP    TYPE       = GROUP\n"
	    "TSS0300I  LIST     FUNCTION SUCCESSFUL\n");
	run_ok("LIST(PAYPROF,PAYGRP) DATA(BASIC,ACIDS)");
	has("TYPE       = PROFILE   DEPT ACID  = PAYDEPT");
	has("ACCESSORID = PAYPROF   NAME       = PAY PROFILE\n");
	has("ACIDS      = ALICE     BOB\n"
	    "ACCESSORID = PAYGRP    NAME       = PAY GROUP\n");
	has("ACIDS      = ALICE\nTSS0300I");
	run_ok("LIST(PAYDEPT) DATA(ACIDS)");
	is("ACCESSORID = PAYDEPT   NAME       = PAYROLL\n"
	    "ACIDS      = ALICE     BOB       PAYGRP    PAYPROF\n"
	    "TSS0300I  LIST     FUNCTION SUCCESSFUL\n");
	/* DATA(ALL) leaves ACIDS out; a user has none. */
	run_ok("LIST(PAYPROF) DATA(ALL)");
	hasnt("ACIDS");
	run_ok("LIST(ALICE) DATA(ALL,ACIDS)");
	hasnt("ACIDS      =");
	run_ok("REMOVE(BOB) PROFILE(PAYPROF)");
	run_ok("LIST(PAYPROF) DATA(ACIDS)");
	has("ACIDS      = ALICE\n");
	run_rc(12, "CREATE(CAROL) TYPE(USER,PROFILE) NAME('C') DEPT(PAYDEPT)",
	    "TOO MANY OPERANDS FOR TYPE");
	run_rc(12, "LIST(ACIDS) TYPE(PROFILE,BOGUS)",
	    "INVALID OPERAND FOR TYPE");
}
END_TEST

/* 300 users enumerated by type; the sink may stop a LIST. */
START_TEST(enumerate_and_cut)
{
	char cmd[128];
	int i;

	org();
	for (i = 0; i < 300; i++) {
		snprintf(cmd, sizeof(cmd), "CREATE(U%05d) NAME('USER %d') "
		    "DEPT(PAYDEPT) FACILITY(TSO)", i, i);
		run_ok(cmd);
	}
	run_ok("LIST(ACIDS) TYPE(USER)");
	ck_assert_int_eq(nlines, 302);
	has("ACCESSORID = ALICE     TYPE       = USER\n"
	    "ACCESSORID = U00000    TYPE       = USER\n");
	run_ok("LIST(ACIDS) TYPE(USER) DATA(BASIC)");
	ck_assert_int_eq(nlines, 301 * 5 + 1);
	run_ok("LIST(U00001,U00002) DATA(BASIC)");
	has("ACCESSORID = U00002    NAME       = USER 2\n");
	run_ok("LIST(ACIDS) TYPE(PROFILE)");
	is("ACCESSORID = PAYPROF   TYPE       = PROFILE\n"
	    "TSS0300I  LIST     FUNCTION SUCCESSFUL\n");
	reset_out();
	cut_after = 10;
	ck_assert_int_eq(tss_command(db, "MSCA", "LIST(ACIDS) TYPE(USER) "
	    "DATA(ALL)", 32, &sink), 12);
	ck_assert_int_eq(nlines, 10);
	run_rc(12, "LIST(ALICE) TYPE(USER)", "ONLY VALID WITH LIST(ACIDS)");
	run_rc(12, "LIST(ACIDS) TYPE(BOGUS)", "INVALID OPERAND FOR TYPE");
}
END_TEST

static Suite *
tss_db_suite(void)
{
	Suite *s = suite_create("tss_db");
	TCase *tc;

	tc = tcase_create("functions");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, new_file);
	tcase_add_test(tc, list_full_layout);
	tcase_add_test(tc, list_multi_valued_lines);
	tcase_add_test(tc, create_rules);
	tcase_add_test(tc, missing_operand_ignores_rest);
	tcase_add_test(tc, addto_remove_replace);
	tcase_add_test(tc, atomic);
	tcase_add_test(tc, delete_chain);
	tcase_add_test(tc, permit_whohas);
	tcase_add_test(tc, authority);
	tcase_add_test(tc, types_and_acids);
	suite_add_tcase(s, tc);
	tc = tcase_create("signon_and_exits");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, signon);
	tcase_add_test(tc, exits);
	tcase_add_test(tc, expired_signon_event);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	tc = tcase_create("enumeration");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, enumerate_and_cut);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(tss_db_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
