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
#include "testdir.h"

/* 2024-01-10 12:00:00 UTC: day 24.010. */
#define T0	1704888000

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
	o.ro_path = testdir();
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
	testdir_create("check_racf");
	now = T0;
	db = open_db(1);
}

static void
teardown(void)
{
	racf_close(db);
	db = NULL;
	reset_out();
	testdir_remove();
}

static const char golden_joe[] =
"USER=JOE  NAME=Joe Q. Public         OWNER=IBMUSER   CREATED=24.010\n"
" DEFAULT-GROUP=SYS1     PASSDATE=00.000 PASS-INTERVAL=30 PHRASEDATE=N/A\n"
" ATTRIBUTES=NONE\n"
" REVOKE DATE=NONE   RESUME DATE=NONE\n"
" LAST-ACCESS=UNKNOWN\n"
" CLASS AUTHORIZATIONS=NONE\n"
" INSTALLATION-DATA=some data\n"
" NO-MODEL-NAME\n"
" LOGON ALLOWED   (DAYS)          (TIME)\n"
" ---------------------------------------------\n"
" ANYDAY                          ANYTIME\n"
"  GROUP=SYS1      AUTH=USE      CONNECT-OWNER=IBMUSER   CONNECT-DATE=24.010\n"
"    CONNECTS=    00  UACC=NONE     LAST-CONNECT=UNKNOWN\n"
"    CONNECT ATTRIBUTES=NONE\n"
"    REVOKE DATE=NONE   RESUME DATE=NONE\n"
"SECURITY-LEVEL=NONE SPECIFIED\n"
"CATEGORY-AUTHORIZATION\n"
" NONE SPECIFIED\n"
"SECURITY-LABEL=NONE SPECIFIED\n"
"\n"
"TSO INFORMATION\n"
"---------------\n"
"ACCTNUM= ACCT1\n"
"PROC= PROC01\n"
"SIZE= 00001024\n"
"\n"
"OMVS INFORMATION\n"
"----------------\n"
"UID= 0000001919\n"
"HOME= /u/joe\n"
"PROGRAM= /bin/sh\n"
"\n"
"NO CICS INFORMATION\n";

static const char golden_sys1[] =
"INFORMATION FOR GROUP SYS1\n"
"    SUPERIOR GROUP=NONE      OWNER=IBMUSER   CREATED=24.010\n"
"    NO INSTALLATION DATA\n"
"    NO MODEL DATA SET\n"
"    TERMUACC\n"
"    SUBGROUP(S)= DEPT1\n"
"                 DEPT2\n"
"    USER(S)=      ACCESS=      ACCESS COUNT=      UNIVERSAL ACCESS=\n"
"      IBMUSER      JOIN          000000              NONE\n"
"         CONNECT ATTRIBUTES=NONE\n"
"         REVOKE DATE=NONE                RESUME DATE=NONE\n"
"      JOE          USE           000000              NONE\n"
"         CONNECT ATTRIBUTES=NONE\n"
"         REVOKE DATE=NONE                RESUME DATE=NONE\n"
"\n"
"OMVS INFORMATION\n"
"----------------\n"
"GID= 0000000100\n";

static void
add_joe(void)
{
	run_ok("AU JOE NAME('Joe Q. Public') DFLTGRP(SYS1) PASSWORD(abc) "
	    "TSO(ACCTNUM(ACCT1) PROC(PROC01) SIZE(1024)) OMVS(UID(1919) "
	    "HOME('/u/joe') PROGRAM('/bin/sh')) DATA('some data')");
}

START_TEST(new_database)
{
	run_ok("LU");
	has("USER=IBMUSER  NAME=UNKNOWN               OWNER=IBMUSER   "
	    "CREATED=24.010");
	has(" ATTRIBUTES=SPECIAL OPERATIONS\n");
	has("PASSDATE=00.000");
	run_ok("LG SYS1");
	has("INFORMATION FOR GROUP SYS1\n");
	/* A second open finds it initialised and does not redo it. */
	racf_close(db);
	now = T0 + 86400 * 40;
	db = open_db(1);
	run_ok("LU IBMUSER");
	has("CREATED=24.010");
	ck_assert_int_eq(racf_verify(db, "IBMUSER", "SYS1", NULL, &sink),
	    RACF_VERIFY_EXPIRED);
	ck_assert_int_eq(racf_verify(db, "ibmuser", "sys1", "newpw", &sink),
	    RACF_VERIFY_OK);
}
END_TEST

START_TEST(listuser_golden)
{
	add_joe();
	run_ok("LISTUSER JOE TSO OMVS CICS");
	ck_assert_str_eq(out, golden_joe);
	run_ok("LU (JOE IBMUSER) NORACF TSO");
	ck_assert_str_eq(out, "USER=JOE\n\nTSO INFORMATION\n---------------\n"
	    "ACCTNUM= ACCT1\nPROC= PROC01\nSIZE= 00001024\n\nUSER=IBMUSER\n"
	    "\nNO TSO INFORMATION\n");
	run_ok("LU *");
	has("USER=IBMUSER  ");
	has("\n\nUSER=JOE  ");
	ck_assert_int_eq(run("LU (JOE NOBODY)"), RACF_RC_WARNING);
	has("USER=JOE  ");
	has("ICH30001I UNABLE TO LOCATE USER ENTRY NOBODY\n");
}
END_TEST

START_TEST(listgrp_golden)
{
	add_joe();
	run_ok("ADDGROUP DEPT2 SUPGROUP(SYS1)");
	run_ok("AG DEPT1");
	run_ok("ALG SYS1 OMVS(GID(100))");
	run_ok("LISTGRP SYS1 OMVS");
	ck_assert_str_eq(out, golden_sys1);
	run_ok("LG DEPT1");
	has("    SUPERIOR GROUP=SYS1      OWNER=IBMUSER   CREATED=24.010\n");
	has("    NO SUBGROUPS\n    NO USERS\n");
}
END_TEST

START_TEST(name_layout_unambiguous)
{
	run_ok("AU A1 NAME('X  OWNER=EVIL Y')");
	run_ok("LU A1");
	has("USER=A1  NAME=X  OWNER=EVIL Y       OWNER=IBMUSER   CREATED=");
	run_ok("AU A2 NAME('\xc3\xa9t\xc3\xa9')");
	run_ok("LU A2");
	has("NAME=\xc3\xa9t\xc3\xa9                   OWNER=IBMUSER");
}
END_TEST

/*
 * LISTUSER's NAME is always the 20 columns after "NAME=": a NAME of
 * exactly 20 characters is followed straight by the two blanks, even
 * when it ends in "  OWNER=" or holds two-byte characters.
 */
START_TEST(name_layout_twenty)
{
	run_ok("AU N1 NAME('12345678901234567890')");
	run_ok("LU N1");
	has("USER=N1  NAME=12345678901234567890  OWNER=IBMUSER   "
	    "CREATED=24.010\n");
	run_ok("AU N2 NAME('A  OWNER=B  OWNER=CD')");
	run_ok("LU N2");
	has("USER=N2  NAME=A  OWNER=B  OWNER=CD  OWNER=IBMUSER   "
	    "CREATED=24.010\n");
	run_ok("AU N3 NAME('ABCDEFGHIJKL  OWNER=')");
	run_ok("LU N3");
	has("USER=N3  NAME=ABCDEFGHIJKL  OWNER=  OWNER=IBMUSER   "
	    "CREATED=24.010\n");
	run_ok("AU N4 NAME('\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9')");
	run_ok("LU N4");
	has("USER=N4  NAME=\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9  "
	    "OWNER=IBMUSER   CREATED=24.010\n");
	ck_assert_int_eq(run("AU N5 NAME('123456789012345678901')"),
	    RACF_RC_SEVERE);
	ck_assert_int_eq(run("LU N5"), RACF_RC_WARNING);
}
END_TEST

/* Is userid id defined?  (LISTUSER answers RC 4 when it is not.) */
static int
user_exists(const char *id)
{
	char cmd[64];
	int rc;

	snprintf(cmd, sizeof(cmd), "LU %s", id);
	rc = run(cmd);
	ck_assert_msg(rc == 0 || rc == RACF_RC_WARNING, "%s: rc %d", cmd, rc);
	return rc == 0;
}

START_TEST(user_lists)
{
	run_ok("ADDUSER (U1 U2 U3) NAME('LISTED') DFLTGRP(SYS1)");
	ck_assert(user_exists("U1") && user_exists("U2") &&
	    user_exists("U3"));
	has("NAME=LISTED  ");
	run_ok("LG SYS1");
	has("      U1           USE");
	has("      U3           USE");
	run_ok("ALTUSER (U1 U3) SPECIAL NAME('ALTERED')");
	run_ok("LU (U1 U2 U3)");
	ck_assert_int_eq(nlines, 3 * 19 + 2);
	run_ok("LU U3");
	has("NAME=ALTERED  ");
	has(" ATTRIBUTES=SPECIAL PROTECTED\n");
	run_ok("LU U2");
	has("NAME=LISTED  ");
	has(" ATTRIBUTES=PROTECTED\n");
	/* One user of the list fails: none is added, and all are named. */
	ck_assert_int_eq(run("AU (U4 U1 U5 U2)"), RACF_RC_INVALID);
	has("IKJ56702I INVALID USERID, U1\n"
	    "IRR52024I ADDUSER NOT DONE FOR USERID U1\n");
	has("IKJ56702I INVALID USERID, U2\n"
	    "IRR52024I ADDUSER NOT DONE FOR USERID U2\n"
	    "IRR52025I ADDUSER FAILED FOR 2 OF 4 USERIDS, NO PROFILE WAS "
	    "CHANGED\n");
	hasnt("U4");
	ck_assert(!user_exists("U4") && !user_exists("U5"));
	/* An operand one user cannot take leaves the others unchanged. */
	ck_assert_int_eq(run("ALU (U1 NOBODY U2) NAME('NOT THIS')"),
	    RACF_RC_INVALID);
	has("IRR52024I ALTUSER NOT DONE FOR USERID NOBODY\n");
	ck_assert_int_eq(run("ALU (U2 U1) DFLTGRP(SYS1) AUDITOR NAME('NO')"),
	    0);
	ck_assert_int_eq(run("ALU (U2 U3) REVOKE(13/01/24)"), RACF_RC_SEVERE);
	run_ok("LU U2");
	has(" REVOKE DATE=NONE ");
	/* DELUSER of a list: all or none. */
	ck_assert_int_eq(run("DU (U1 IBMUSER U2)"), RACF_RC_ERROR);
	has("ICH04010I USER IBMUSER OWNS GROUP SYS1, USER NOT DELETED\n"
	    "IRR52024I DELUSER NOT DONE FOR USERID IBMUSER\n");
	ck_assert(user_exists("U1") && user_exists("U2"));
	run_ok("DELUSER (U1 U2 U3)");
	ck_assert(!user_exists("U1") && !user_exists("U2") &&
	    !user_exists("U3"));
	run_ok("LG SYS1");
	hasnt("U1 ");
	/* A single name in parentheses is a list of one. */
	run_ok("AU (U9)");
	ck_assert(user_exists("U9"));
	/* Non-SPECIAL: ALTUSER of a list that is not only oneself. */
	ck_assert_int_eq(run_as("U9", "ALU (U9) NAME('ME')"), 0);
	ck_assert_int_eq(run_as("U9", "ALU (U9 IBMUSER) NAME('ME')"),
	    RACF_RC_ERROR);
	has("ICH30010I NOT AUTHORIZED TO ISSUE ALTUSER\n"
	    "IRR52024I ALTUSER NOT DONE FOR USERID IBMUSER\n");
	run_ok("LU IBMUSER");
	has("NAME=UNKNOWN  ");
}
END_TEST

START_TEST(list_syntax)
{
	char cmd[4096];
	size_t n;
	int i;

	ck_assert_int_eq(run("AU (D1 D1)"), RACF_RC_SEVERE);
	has("IKJ56702I INVALID USERID, D1, NAMED MORE THAN ONCE IN THE LIST");
	ck_assert(!user_exists("D1"));
	ck_assert_int_eq(run("AU (D2 9BAD 'D3' (D4) NAME(X))"),
	    RACF_RC_INVALID);
	has("IKJ56702I INVALID USERID, 9BAD\n"
	    "IKJ56702I INVALID USERID, D3\n"
	    "IKJ56702I INVALID USERID, (\n"
	    "IKJ56702I INVALID USERID, NAME\n");
	ck_assert(!user_exists("D2"));
	ck_assert_int_eq(run("AU ()"), RACF_RC_SEVERE);
	has("IKJ56701I MISSING USERID");
	ck_assert_int_eq(run("AG (G1 G1)"), RACF_RC_SEVERE);
	has("IKJ56702I INVALID GROUP, G1, NAMED MORE THAN ONCE");
	ck_assert_int_eq(run("CO (IBMUSER IBMUSER) GROUP(SYS1)"),
	    RACF_RC_SEVERE);
	ck_assert_int_eq(run("PW USER(IBMUSER IBMUSER) INTERVAL(5)"),
	    RACF_RC_SEVERE);
	ck_assert_int_eq(run("AU (D5 D6) BOGUS"), RACF_RC_SEVERE);
	has("IKJ56712I INVALID KEYWORD, BOGUS");
	ck_assert(!user_exists("D5"));
	/* At most 256 names; 256 are done in one command. */
	n = snprintf(cmd, sizeof(cmd), "AU (");
	for (i = 0; i < 257; i++)
		n += snprintf(cmd + n, sizeof(cmd) - n, "C%03d ", i);
	snprintf(cmd + n, sizeof(cmd) - n, ")");
	ck_assert_int_eq(run(cmd), RACF_RC_SEVERE);
	has("IKJ56712I TOO MANY USERIDS, 257 GIVEN, AT MOST 256 IN ONE "
	    "COMMAND");
	ck_assert_int_eq(run("SR CLASS(USER) MASK(C)"), RACF_RC_WARNING);
	cmd[n - 5] = ')';
	cmd[n - 4] = '\0';
	run_ok(cmd);
	run_ok("SR CLASS(USER) MASK(C)");
	ck_assert_int_eq(nlines, 256);
	cmd[0] = 'D';
	run_ok(cmd);
	ck_assert_int_eq(run("SR CLASS(USER) MASK(C)"), RACF_RC_WARNING);
}
END_TEST

START_TEST(group_lists)
{
	run_ok("ADDGROUP (G1 G2 G3) SUPGROUP(SYS1) DATA('listed')");
	run_ok("LG (G1 G2 G3)");
	ck_assert_int_eq(nlines, 3 * 7 + 2);
	run_ok("ALTGROUP (G1 G3) DATA('altered')");
	run_ok("LG G3");
	has("INSTALLATION DATA=altered\n");
	run_ok("LG G2");
	has("INSTALLATION DATA=listed\n");
	/* A group that failed is not there for the next one either. */
	ck_assert_int_eq(run("AG (P1 P2) SUPGROUP(P1)"), RACF_RC_ERROR);
	ck_assert_str_eq(out,
	    "ICH51003I NAME NOT FOUND IN RACF DATA SET, SUPGROUP(P1)\n"
	    "IRR52024I ADDGROUP NOT DONE FOR GROUP P1\n"
	    "ICH51003I NAME NOT FOUND IN RACF DATA SET, SUPGROUP(P1)\n"
	    "IRR52024I ADDGROUP NOT DONE FOR GROUP P2\n"
	    "IRR52025I ADDGROUP FAILED FOR 2 OF 2 GROUPS, NO PROFILE WAS "
	    "CHANGED\n");
	ck_assert_int_eq(run("LG P2"), RACF_RC_WARNING);
	run_ok("AG (P1 P2) SUPGROUP(SYS1)");
	run_ok("AG (S1 S2) SUPGROUP(P1)");
	ck_assert_int_eq(run("AG (G4 G1)"), RACF_RC_INVALID);
	ck_assert_int_eq(run("LG G4"), RACF_RC_WARNING);
	ck_assert_int_eq(run("ALG (G1 NOGRP) DATA('x')"), RACF_RC_SEVERE);
	has("IRR52024I ALTGROUP NOT DONE FOR GROUP NOGRP\n");
	run_ok("LG G1");
	has("INSTALLATION DATA=altered\n");
	ck_assert_int_eq(run("DG (G1 P1 G2)"), RACF_RC_ERROR);
	has("ICH22003I GROUP P1 HAS SUBGROUPS, GROUP NOT DELETED\n"
	    "IRR52024I DELGROUP NOT DONE FOR GROUP P1\n");
	run_ok("LG G1");
	/* A group of the list sees the ones done before it. */
	run_ok("DG (G1 S1 S2 P1 G2)");
	ck_assert_int_eq(run("LG P1"), RACF_RC_WARNING);
	ck_assert_int_eq(run("LG G2"), RACF_RC_WARNING);
	run_ok("LG G3");
	ck_assert_int_eq(run("DG (G3 SYS1)"), RACF_RC_ERROR);
	run_ok("LG G3");
}
END_TEST

START_TEST(connect_lists)
{
	run_ok("AU (U1 U2 U3)");
	run_ok("AG (DEPT DEPT2)");
	run_ok("CONNECT (U1 U2) GROUP(DEPT) AUTHORITY(CREATE) UACC(READ)");
	run_ok("LG DEPT");
	has("      U1           CREATE        000000              READ\n");
	has("      U2           CREATE        000000              READ\n");
	hasnt("U3");
	ck_assert_int_eq(run("CO (U3 NOBODY U1) GROUP(DEPT2)"),
	    RACF_RC_SEVERE);
	has("ICH51003I NAME NOT FOUND IN RACF DATA SET\n"
	    "ICH02003I USER(S) NOT CONNECTED.\n"
	    "IRR52024I CONNECT NOT DONE FOR USERID NOBODY\n"
	    "IRR52025I CONNECT FAILED FOR 1 OF 3 USERIDS, NO PROFILE WAS "
	    "CHANGED\n");
	run_ok("LG DEPT2");
	has("NO USERS");
	/* A group that is not defined is reported once, not per user. */
	ck_assert_int_eq(run("CO (U1 U2) GROUP(NOGRP)"), RACF_RC_SEVERE);
	ck_assert_str_eq(out, "ICH51003I NAME NOT FOUND IN RACF DATA SET\n"
	    "ICH02003I USER(S) NOT CONNECTED.\n");
	/* REMOVE: a user's default group stops the whole list. */
	run_ok("CO U3 GROUP(DEPT)");
	run_ok("ALU U3 DFLTGRP(DEPT)");
	ck_assert_int_eq(run("REMOVE (U1 U3 U2) GROUP(DEPT)"),
	    RACF_RC_ERROR);
	has("ICH03005I GROUP DEPT IS THE DEFAULT GROUP OF U3, USER NOT "
	    "REMOVED\nIRR52024I REMOVE NOT DONE FOR USERID U3\n");
	run_ok("LG DEPT");
	has("      U1  ");
	has("      U2  ");
	run_ok("RE (U1 U2) GROUP(DEPT)");
	run_ok("LG DEPT");
	hasnt("U1");
	hasnt("U2");
	has("      U3  ");
	ck_assert_int_eq(run("RE (U1 U2) GROUP(DEPT)"), RACF_RC_ERROR);
	has("ICH03002I U1 WAS NOT CONNECTED TO GROUP.\n");
	has("ICH03002I U2 WAS NOT CONNECTED TO GROUP.\n");
}
END_TEST

START_TEST(deluser)
{
	add_joe();
	run_ok("AG OWNED OWNER(JOE)");
	ck_assert_int_eq(run("DU JOE"), RACF_RC_ERROR);
	has("ICH04010I USER JOE OWNS GROUP OWNED");
	run_ok("ALG OWNED OWNER(IBMUSER)");
	run_ok("DELUSER JOE");
	ck_assert_int_eq(run("LU JOE"), RACF_RC_WARNING);
	has("ICH30001I UNABLE TO LOCATE USER ENTRY JOE");
	run_ok("LG SYS1");
	hasnt("JOE");
	ck_assert_int_eq(run("DU JOE"), RACF_RC_INVALID);
	has("IKJ56702I INVALID USERID, JOE");
	ck_assert_int_eq(run("DU IBMUSER"), RACF_RC_ERROR);
}
END_TEST

START_TEST(command_errors)
{
	add_joe();
	ck_assert_int_eq(run("AU 9ABC"), RACF_RC_INVALID);
	has("IKJ56702I INVALID USERID, 9ABC");
	ck_assert_int_eq(run("AU ABCDEFGHI"), RACF_RC_INVALID);
	ck_assert_int_eq(run("AU JOE"), RACF_RC_INVALID);
	has("IKJ56702I INVALID USERID, JOE");
	ck_assert_int_eq(run("AU SYS1"), RACF_RC_INVALID);
	ck_assert_int_eq(run("AU X1 SPECIAL BOGUS"), RACF_RC_SEVERE);
	has("IKJ56712I INVALID KEYWORD, BOGUS");
	ck_assert_int_eq(run("ALU JOE RE"), RACF_RC_SEVERE);
	has("IKJ56703I AMBIGUOUS KEYWORD, RE");
	ck_assert_int_eq(run("FOO X"), RACF_RC_SEVERE);
	has("IKJ56500I COMMAND FOO NOT FOUND");
	ck_assert_int_eq(run("AU X1 OWNER(NOBODY)"), RACF_RC_ERROR);
	has("ICH51003I NAME NOT FOUND IN RACF DATA SET");
	ck_assert_int_eq(run("AU X1 DFLTGRP(NOGRP)"), RACF_RC_ERROR);
	ck_assert_int_eq(run("ALU JOE DFLTGRP(JOE)"), RACF_RC_ERROR);
	ck_assert_int_eq(run("ALU NOBODY NAME(X)"), RACF_RC_INVALID);
	/* Authority. */
	ck_assert_int_eq(run_as("GHOST", "LU"), RACF_RC_ERROR);
	has("ICH408I USER(GHOST) NOT DEFINED TO RACF");
	ck_assert_int_eq(run_as("JOE", "LU IBMUSER"), RACF_RC_ERROR);
	has("ICH30010I NOT AUTHORIZED TO ISSUE LISTUSER");
	ck_assert_int_eq(run_as("JOE", "LU *"), RACF_RC_ERROR);
	ck_assert_int_eq(run_as("JOE", "LU JOE"), 0);
	ck_assert_int_eq(run_as("JOE", "LU"), 0);
	has("USER=JOE  ");
	ck_assert_int_eq(run_as("JOE", "AU X2"), RACF_RC_ERROR);
	has("ICH30010I NOT AUTHORIZED TO ISSUE ADDUSER");
	ck_assert_int_eq(run_as("JOE", "ALU IBMUSER NAME(X)"), RACF_RC_ERROR);
	ck_assert_int_eq(run_as("JOE", "ALU JOE SPECIAL"), RACF_RC_ERROR);
	has("NOT AUTHORIZED TO SPECIFY SPECIAL");
	ck_assert_int_eq(run_as("JOE", "ALU JOE NAME('ME')"), 0);
	ck_assert_int_eq(run_as("JOE", "DU IBMUSER"), RACF_RC_ERROR);
	ck_assert_int_eq(run_as("JOE", "AG G1"), RACF_RC_ERROR);
	ck_assert_int_eq(run_as("JOE", "CO JOE GROUP(SYS1)"), RACF_RC_ERROR);
	ck_assert_int_eq(run_as("JOE", "RE JOE GROUP(SYS1)"), RACF_RC_ERROR);
	ck_assert_int_eq(run_as("JOE", "SETR LIST"), RACF_RC_ERROR);
	ck_assert_int_eq(run_as("JOE", "SR CLASS(USER)"), RACF_RC_ERROR);
}
END_TEST

/* ALU JOE op must fail and leave JOE as it was. */
static void
rejected(const char *op, const char *msg)
{
	char cmd[2200], *before;

	run_ok("LU JOE TSO OMVS CICS");
	before = strdup(out);
	snprintf(cmd, sizeof(cmd), "ALU JOE %s", op);
	ck_assert_int_ge(run(cmd), RACF_RC_ERROR);
	has(msg);
	run_ok("LU JOE TSO OMVS CICS");
	ck_assert_str_eq(out, before);
	free(before);
}

static void
accepted(const char *op)
{
	char cmd[2200];

	snprintf(cmd, sizeof(cmd), "ALU JOE %s", op);
	run_ok(cmd);
}

START_TEST(field_rules)
{
	char big[1100], cmd[1200];

	add_joe();
	accepted("NAME('12345678901234567890')");
	rejected("NAME('123456789012345678901')", "IKJ56702I INVALID NAME, ");
	memset(big, 'D', 255);
	big[255] = '\0';
	snprintf(cmd, sizeof(cmd), "DATA('%s')", big);
	accepted(cmd);
	snprintf(cmd, sizeof(cmd), "DATA('%sD')", big);
	rejected(cmd, "INVALID DATA");
	accepted("TSO(PROC(ABCDEFGH))");
	rejected("TSO(PROC(ABCDEFGHI))", "INVALID PROC");
	rejected("TSO(PROC(1ABC))", "INVALID PROC");
	accepted("TSO(ACCTNUM('123456789012345678901234567890123456789'))");
	rejected("TSO(ACCTNUM('1234567890123456789012345678901234567890'))",
	    "INVALID ACCTNUM");
	accepted("TSO(SIZE(2096128) MAXSIZE(0))");
	rejected("TSO(SIZE(2096129))", "INVALID SIZE");
	accepted("TSO(UNIT(SYSALLDA))");
	rejected("TSO(UNIT(SYSALLDA9))", "INVALID UNIT");
	accepted("TSO(USERDATA(AB12))");
	rejected("TSO(USERDATA(AB123))", "INVALID USERDATA");
	rejected("TSO(USERDATA(XY12))", "INVALID USERDATA");
	accepted("TSO(JOBCLASS(A) MSGCLASS(9) HOLDCLASS(X) SYSOUTCLASS(Z))");
	rejected("TSO(JOBCLASS(AB))", "INVALID JOBCLASS");
	rejected("TSO(MSGCLASS(#))", "INVALID MSGCLASS");
	memset(big, 'C', 80);
	big[80] = '\0';
	snprintf(cmd, sizeof(cmd), "TSO(COMMAND('%s'))", big);
	accepted(cmd);
	snprintf(cmd, sizeof(cmd), "TSO(COMMAND('%sC'))", big);
	rejected(cmd, "INVALID COMMAND");
	accepted("OMVS(UID(2147483646))");
	accepted("OMVS(UID(0))");
	rejected("OMVS(UID(2147483647))", "INVALID UID");
	memset(big, 'H', 1023);
	big[0] = '/';
	big[1023] = '\0';
	snprintf(cmd, sizeof(cmd), "OMVS(HOME('%s'))", big);
	accepted(cmd);
	snprintf(cmd, sizeof(cmd), "OMVS(HOME('%sH'))", big);
	rejected(cmd, "INVALID HOME");
	accepted("CICS(OPIDENT(ABC) OPPRTY(255) TIMEOUT(0130))");
	run_ok("LU JOE CICS");
	has("CICS INFORMATION\n----------------\nOPIDENT= ABC\n"
	    "OPPRTY= 00255\nTIMEOUT= 01:30\n");
	rejected("CICS(OPIDENT(ABCD))", "INVALID OPIDENT");
	rejected("CICS(OPPRTY(256))", "INVALID OPPRTY");
	rejected("CICS(TIMEOUT(0160))", "INVALID TIMEOUT");
	accepted("PASSWORD(ABCDEFGH)");
	rejected("PASSWORD(ABCDEFGHI)", "INVALID PASSWORD, LENGTH");
	hasnt("ABCDEFGHI");
	accepted("PHRASE('fourteen chars')");
	rejected("PHRASE('thirteen char')", "INVALID PHRASE");
	memset(big, 'p', 100);
	big[100] = '\0';
	snprintf(cmd, sizeof(cmd), "PHRASE('%s')", big);
	accepted(cmd);
	snprintf(cmd, sizeof(cmd), "PHRASE('%sp')", big);
	rejected(cmd, "INVALID PHRASE");
	rejected("REVOKE(13/01/24)", "INVALID DATE");
}
END_TEST

START_TEST(segments_no_forms)
{
	add_joe();
	run_ok("ALU JOE TSO(NOPROC NOACCTNUM UNIT(SYSDA))");
	run_ok("LU JOE TSO");
	has("TSO INFORMATION\n---------------\nSIZE= 00001024\nUNIT= SYSDA\n");
	hasnt("PROC=");
	run_ok("ALU JOE NOTSO NOOMVS");
	run_ok("LU JOE TSO OMVS");
	has("\nNO TSO INFORMATION\n\nNO OMVS INFORMATION\n");
	run_ok("ALU JOE TSO");
	run_ok("LU JOE TSO");
	has("TSO INFORMATION\n---------------\n");
	run_ok("ALU JOE SPECIAL OPER AUDITOR");
	run_ok("LU JOE");
	has(" ATTRIBUTES=SPECIAL OPERATIONS AUDITOR\n");
	run_ok("ALU JOE NOSPECIAL NOOPERATIONS NODATA");
	run_ok("LU JOE");
	has(" ATTRIBUTES=AUDITOR\n");
	has(" NO-INSTALLATION-DATA\n");
}
END_TEST

START_TEST(injection)
{
	add_joe();
	ck_assert_int_eq(run("ALU JOE NAME('X') SPECIAL')"), RACF_RC_SEVERE);
	run_ok("ALU JOE NAME('X'' SPECIAL ''')");
	run_ok("LU JOE");
	has("NAME=X' SPECIAL '          OWNER=IBMUSER");
	has(" ATTRIBUTES=NONE\n");
	run_ok("ALU JOE NAME('A; ALU JOE SPE')");
	run_ok("LU JOE");
	has("NAME=A; ALU JOE SPE   ");
	has(" ATTRIBUTES=NONE\n");
	ck_assert_int_eq(run("ALU JOE NAME('A\nALU JOE SPECIAL')"),
	    RACF_RC_SEVERE);
	has("CONTROL CHARACTERS");
	ck_assert_int_eq(racf_command(db, "IBMUSER",
	    "ALU JOE NAME('A\0') SPECIAL", 27, &sink), RACF_RC_SEVERE);
	ck_assert_int_eq(run("ALU JOE NAME('\xe2\x82\xac') SPECIAL"),
	    RACF_RC_SEVERE);
	ck_assert_int_eq(run("ALU JOE NAME(X SPECIAL)"), RACF_RC_SEVERE);
	ck_assert_int_eq(run("ALU JOE NAME(SPECIAL(Y))"), RACF_RC_SEVERE);
	ck_assert_int_eq(run("ALU JOE DATA('x') TSO(PROC('P) SPECIAL'))"),
	    RACF_RC_SEVERE);
	run_ok("LU JOE");
	has("NAME=A; ALU JOE SPE   ");
	has(" ATTRIBUTES=NONE\n");
	has(" INSTALLATION-DATA=some data\n");
}
END_TEST

START_TEST(atomicity)
{
	add_joe();
	rejected("NAME('NEW') SPECIAL PASSWORD(NEWPW) TSO(PROC(P2)) "
	    "OMVS(UID(1)) REVOKE CICS(OPPRTY(999))", "INVALID OPPRTY");
	ck_assert_int_eq(racf_verify(db, "JOE", "NEWPW", "X1", &sink),
	    RACF_VERIFY_BAD_PASSWORD);
	ck_assert_int_eq(run("AU NEWU NAME(N) TSO(PROC(P)) DATA('D') "
	    "OMVS(UID(99999999999))"), RACF_RC_SEVERE);
	ck_assert_int_eq(run("LU NEWU"), RACF_RC_WARNING);
	run_ok("LG SYS1");
	hasnt("NEWU");
	ck_assert_int_eq(run("AG G1 DATA('x') SUPGROUP(NOPE)"),
	    RACF_RC_ERROR);
	ck_assert_int_eq(run("LG G1"), RACF_RC_WARNING);
}
END_TEST

START_TEST(two_handles)
{
	struct racf_db *first = db, *second;

	second = open_db(1);
	add_joe();
	db = second;
	run_ok("LU JOE");
	has("USER=JOE  ");
	run_ok("ALU JOE NAME('FROM TWO')");
	db = first;
	run_ok("LU JOE");
	has("NAME=FROM TWO  ");
	racf_close(second);
}
END_TEST

static int
file_has(const char *path, const char *needle)
{
	FILE *fp = fopen(path, "rb");
	size_t n = strlen(needle), len, cap = 1 << 16, got = 0;
	char *buf = malloc(cap);
	int found;

	ck_assert_ptr_nonnull(fp);
	while ((len = fread(buf + got, 1, cap - got, fp)) > 0) {
		got += len;
		if (got == cap)
			buf = realloc(buf, cap *= 2);
	}
	fclose(fp);
	found = memmem(buf, got, needle, n) != NULL;
	free(buf);
	return found;
}

START_TEST(no_clear_text)
{
	char path[128];

	racf_close(db);
	db = open_db(0);
	run_ok("AU JOE PASSWORD(sEcRtPw1) PHRASE('a long pass phrase 42')");
	run_ok("ALU JOE NAME('MARKER NAME')");
	snprintf(path, sizeof(path), "%s/data.mdb", testdir());
	ck_assert(file_has(path, "MARKER NAME"));
	ck_assert(!file_has(path, "SECRTPW1"));
	ck_assert(!file_has(path, "sEcRtPw1"));
	ck_assert(!file_has(path, "a long pass phrase 42"));
	/* Folded: without MIXEDCASE the case does not matter. */
	ck_assert_int_eq(racf_verify(db, "JOE", "secrtpw1", "newpw1", &sink),
	    RACF_VERIFY_OK);
	ck_assert_int_eq(racf_verify(db, "JOE", "a long pass phrase 42",
	    "another long phrase", &sink), RACF_VERIFY_OK);
	ck_assert_int_eq(racf_verify(db, "JOE", "another long phrase", NULL,
	    &sink), RACF_VERIFY_OK);
	ck_assert(!file_has(path, "NEWPW1"));
	ck_assert(!file_has(path, "another long phrase"));
}
END_TEST

START_TEST(verify_revoke_at_limit)
{
	add_joe();
	run_ok("SETROPTS PASSWORD(REVOKE(3))");
	ck_assert_int_eq(racf_verify(db, "JOE", "ABC", "NEW1", &sink), 0);
	reset_out();
	ck_assert_int_eq(racf_verify(db, "JOE", "BAD", NULL, &sink),
	    RACF_VERIFY_BAD_PASSWORD);
	has("ICH408I USER(JOE     ) GROUP(SYS1    ) NAME(Joe Q. Public)");
	has("INVALID PASSWORD ENTERED AT TERMINAL");
	ck_assert_int_eq(racf_verify(db, "JOE", "BAD", NULL, &sink),
	    RACF_VERIFY_BAD_PASSWORD);
	/* A success in between resets the count. */
	ck_assert_int_eq(racf_verify(db, "JOE", "NEW1", NULL, &sink), 0);
	ck_assert_int_eq(racf_verify(db, "JOE", "BAD", NULL, &sink), 8);
	ck_assert_int_eq(racf_verify(db, "JOE", "BAD", NULL, &sink), 8);
	run_ok("LU JOE");
	hasnt("REVOKED");
	reset_out();
	ck_assert_int_eq(racf_verify(db, "JOE", "BAD", NULL, &sink), 8);
	has("USER REVOKED");
	ck_assert_int_eq(racf_verify(db, "JOE", "NEW1", NULL, &sink),
	    RACF_VERIFY_REVOKED);
	run_ok("LU JOE");
	has(" ATTRIBUTES=REVOKED\n");
	run_ok("ALU JOE RESUME");
	ck_assert_int_eq(racf_verify(db, "JOE", "NEW1", NULL, &sink), 0);
	ck_assert_int_eq(racf_verify(db, "NOBODY", "X", NULL, &sink),
	    RACF_VERIFY_NO_USER);
	ck_assert_int_eq(racf_verify(db, "JOE", "A\nB", NULL, &sink),
	    RACF_VERIFY_BAD_PASSWORD);
}
END_TEST

START_TEST(verify_expiry_and_change)
{
	add_joe();
	reset_out();
	ck_assert_int_eq(racf_verify(db, "JOE", "ABC", NULL, &sink),
	    RACF_VERIFY_EXPIRED);
	has("EXPIRED");
	ck_assert_int_eq(racf_verify(db, "JOE", "ABC", "ABC", &sink),
	    RACF_VERIFY_BAD_NEWPASSWORD);
	ck_assert_int_eq(racf_verify(db, "JOE", "ABC", "TOOLONGPW", &sink),
	    RACF_VERIFY_BAD_NEWPASSWORD);
	ck_assert_int_eq(racf_verify(db, "JOE", "ABC", "NEWPW", &sink),
	    RACF_VERIFY_OK);
	ck_assert_int_eq(racf_verify(db, "JOE", "ABC", NULL, &sink),
	    RACF_VERIFY_BAD_PASSWORD);
	now += 3600;
	reset_out();
	ck_assert_int_eq(racf_verify(db, "JOE", "NEWPW", NULL, &sink), 0);
	has("ICH70001I JOE LAST ACCESS AT 12.00.00 ON WEDNESDAY, JANUARY 10, "
	    "2024");
	run_ok("LU JOE");
	has(" LAST-ACCESS=24.010/13:00:00\n");
	has("PASSDATE=24.010 PASS-INTERVAL=30 ");
	has("CONNECTS=    02  UACC=NONE     LAST-CONNECT=24.010/13:00:00");
	/* The interval runs out after 30 days. */
	now += 30 * 86400;
	ck_assert_int_eq(racf_verify(db, "JOE", "NEWPW", NULL, &sink),
	    RACF_VERIFY_EXPIRED);
	run_ok("PASSWORD USER(JOE) NOINTERVAL");
	run_ok("LU JOE");
	has("PASS-INTERVAL=N/A");
	ck_assert_int_eq(racf_verify(db, "JOE", "NEWPW", NULL, &sink), 0);
	run_ok("PW USER(JOE) INTERVAL(5)");
	run_ok("LU JOE");
	has("PASS-INTERVAL=5 ");
	run_ok("ALU JOE PASSWORD(TEMP) NOEXPIRED");
	ck_assert_int_eq(racf_verify(db, "JOE", "TEMP", NULL, &sink), 0);
}
END_TEST

START_TEST(verify_revoke_dates)
{
	add_joe();
	run_ok("ALU JOE PASSWORD(PW) NOEXPIRED REVOKE(01/20/24) "
	    "RESUME(02/01/24)");
	run_ok("LU JOE");
	has(" REVOKE DATE=24.020   RESUME DATE=24.032\n");
	has(" ATTRIBUTES=NONE\n");
	ck_assert_int_eq(racf_verify(db, "JOE", "PW", NULL, &sink), 0);
	now = T0 + 15 * 86400;
	ck_assert_int_eq(racf_verify(db, "JOE", "PW", NULL, &sink),
	    RACF_VERIFY_REVOKED);
	run_ok("LU JOE");
	has(" ATTRIBUTES=REVOKED\n");
	now = T0 + 25 * 86400;
	ck_assert_int_eq(racf_verify(db, "JOE", "PW", NULL, &sink), 0);
	run_ok("ALU JOE REVOKE");
	ck_assert_int_eq(racf_verify(db, "JOE", "PW", NULL, &sink),
	    RACF_VERIFY_REVOKED);
}
END_TEST

START_TEST(password_command)
{
	add_joe();
	ck_assert_int_eq(racf_verify(db, "JOE", "ABC", "OLDPW", &sink), 0);
	ck_assert_int_eq(run_as("JOE", "PASSWORD PASSWORD(WRONG NEWPW)"),
	    RACF_RC_ERROR);
	has("ICH08001I");
	ck_assert_int_eq(run_as("JOE", "PW PASSWORD(OLDPW OLDPW)"),
	    RACF_RC_ERROR);
	ck_assert_int_eq(run_as("JOE", "PW PASSWORD(OLDPW TOOLONGPW)"),
	    RACF_RC_SEVERE);
	ck_assert_int_eq(run_as("JOE", "PW PASSWORD(oldpw newpw)"), 0);
	ck_assert_int_eq(racf_verify(db, "JOE", "NEWPW", NULL, &sink), 0);
	run_ok("ALU JOE PHRASE('my first phrase x') NOEXPIRED");
	ck_assert_int_eq(run_as("JOE", "PHRASE PHRASE('my first phrase x' "
	    "'my second phrase')"), 0);
	ck_assert_int_eq(racf_verify(db, "JOE", "my second phrase", NULL,
	    &sink), 0);
	ck_assert_int_eq(run_as("JOE", "PW USER(IBMUSER) INTERVAL(9)"),
	    RACF_RC_ERROR);
	ck_assert_int_eq(run_as("JOE", "PW INTERVAL(9)"), 0);
	ck_assert_int_eq(run("PW INTERVAL(255)"), RACF_RC_SEVERE);
}
END_TEST

/*
 * PASSWORD USER(id) without INTERVAL: the password becomes the user's
 * default group name, expired, so the next logon must change it.
 */
START_TEST(password_reset_to_group)
{
	add_joe();
	run_ok("AG DEPT");
	run_ok("AU KID DFLTGRP(DEPT) OWNER(JOE)");
	run_ok("ALU KID PASSWORD(KIDPW) NOEXPIRED");
	ck_assert_int_eq(racf_verify(db, "KID", "KIDPW", NULL, &sink), 0);
	ck_assert_int_eq(racf_verify(db, "JOE", "ABC", "CURPW", &sink), 0);
	now += 86400;
	run_ok("PASSWORD USER(JOE)");
	run_ok("LU JOE");
	has("PASSDATE=00.000 PASS-INTERVAL=30 ");
	ck_assert_int_eq(racf_verify(db, "JOE", "CURPW", NULL, &sink),
	    RACF_VERIFY_BAD_PASSWORD);
	ck_assert_int_eq(racf_verify(db, "JOE", "SYS1", NULL, &sink),
	    RACF_VERIFY_EXPIRED);
	ck_assert_int_eq(racf_verify(db, "JOE", "sys1", "NEWPW", &sink),
	    RACF_VERIFY_OK);
	run_ok("LU JOE");
	has("PASSDATE=24.011 ");
	/* The owner of a profile may reset it; the user itself may not. */
	ck_assert_int_eq(run_as("JOE", "PW USER(KID)"), 0);
	ck_assert_int_eq(racf_verify(db, "KID", "KIDPW", NULL, &sink),
	    RACF_VERIFY_BAD_PASSWORD);
	ck_assert_int_eq(racf_verify(db, "KID", "DEPT", NULL, &sink),
	    RACF_VERIFY_EXPIRED);
	ck_assert_int_eq(run_as("JOE", "PW USER(JOE)"), RACF_RC_ERROR);
	has("ICH08007I NOT AUTHORIZED TO RESET THE PASSWORD OF JOE");
	ck_assert_int_eq(run_as("JOE", "PW USER(IBMUSER)"), RACF_RC_ERROR);
	ck_assert_int_eq(racf_verify(db, "JOE", "NEWPW", NULL, &sink), 0);
	/* A list is all or nothing; INTERVAL still sets only the interval. */
	ck_assert_int_eq(run("PW USER(JOE NOBODY)"), RACF_RC_SEVERE);
	has("ICH30001I UNABLE TO LOCATE USER ENTRY NOBODY\n"
	    "IRR52024I PASSWORD NOT DONE FOR USERID NOBODY\n");
	ck_assert_int_eq(racf_verify(db, "JOE", "NEWPW", NULL, &sink), 0);
	run_ok("PW USER(JOE KID) INTERVAL(7)");
	ck_assert_int_eq(racf_verify(db, "JOE", "NEWPW", NULL, &sink), 0);
	run_ok("LU KID");
	has("PASSDATE=00.000 PASS-INTERVAL=7 ");
	/* A PROTECTED user is not given a password anybody can guess. */
	run_ok("AU PROT");
	ck_assert_int_eq(run("PW USER(PROT)"), RACF_RC_ERROR);
	has("ICH01024I USER PROT IS DEFINED AS PROTECTED, PASSWORD NOT RESET");
	ck_assert_int_eq(racf_verify(db, "PROT", "SYS1", NULL, &sink),
	    RACF_VERIFY_BAD_PASSWORD);
	run_ok("LU PROT");
	has(" ATTRIBUTES=PROTECTED\n");
}
END_TEST

START_TEST(setropts)
{
	run_ok("SETR LIST");
	has("PASSWORD CHANGE INTERVAL IS  30 DAYS.");
	has("MIXED CASE PASSWORD SUPPORT IS NOT IN EFFECT");
	has("DO NOT REVOKE");
	run_ok("SETROPTS PASSWORD(REVOKE(5) INTERVAL(60) MIXEDCASE) LIST");
	has("PASSWORD CHANGE INTERVAL IS  60 DAYS.");
	has("MIXED CASE PASSWORD SUPPORT IS IN EFFECT");
	has("AFTER 5 CONSECUTIVE UNSUCCESSFUL PASSWORD ATTEMPTS,");
	ck_assert_int_eq(run("SETR PASSWORD(REVOKE(0))"), RACF_RC_SEVERE);
	ck_assert_int_eq(run("SETR PASSWORD(INTERVAL(255))"), RACF_RC_SEVERE);
	run_ok("AU NEWU");
	run_ok("LU NEWU");
	has("PASS-INTERVAL=60 ");
}
END_TEST

START_TEST(mixedcase)
{
	run_ok("SETR PASSWORD(MIXEDCASE)");
	run_ok("AU MIX PASSWORD('MiXeD1')");
	ck_assert_int_eq(racf_verify(db, "MIX", "MIXED1", NULL, &sink),
	    RACF_VERIFY_BAD_PASSWORD);
	ck_assert_int_eq(racf_verify(db, "MIX", "MiXeD1", NULL, &sink),
	    RACF_VERIFY_EXPIRED);
	run_ok("AU NEWU");
	run_ok("LU NEWU");
	has(" ATTRIBUTES=PROTECTED\n");
	has("PASSDATE=N/A PASS-INTERVAL=30 PHRASEDATE=N/A");
}
END_TEST

START_TEST(groups_connect_remove)
{
	add_joe();
	run_ok("AG DEPT SUPGROUP(SYS1) DATA('dept data')");
	run_ok("AG SUB SUPGROUP(DEPT)");
	ck_assert_int_eq(run("ALG DEPT SUPGROUP(SUB)"), RACF_RC_ERROR);
	ck_assert_int_eq(run("AG DEPT"), RACF_RC_INVALID);
	ck_assert_int_eq(run("AG JOE"), RACF_RC_INVALID);
	run_ok("CONNECT JOE GROUP(DEPT) AUTHORITY(CONNECT) UACC(READ)");
	run_ok("LU JOE");
	has("  GROUP=DEPT      AUTH=CONNECT  CONNECT-OWNER=IBMUSER   "
	    "CONNECT-DATE=24.010\n    CONNECTS=    00  UACC=READ     ");
	run_ok("CO JOE GROUP(DEPT) REVOKE");
	run_ok("LU JOE");
	has("    CONNECT ATTRIBUTES=REVOKED\n");
	run_ok("ALU JOE DFLTGRP(DEPT)");
	ck_assert_int_eq(run("RE JOE GROUP(DEPT)"), RACF_RC_ERROR);
	has("DEFAULT GROUP");
	run_ok("ALU JOE DFLTGRP(SYS1)");
	ck_assert_int_eq(run("DG DEPT"), RACF_RC_ERROR);
	has("HAS MEMBERS");
	run_ok("REMOVE JOE GROUP(DEPT)");
	ck_assert_int_eq(run("RE JOE GROUP(DEPT)"), RACF_RC_ERROR);
	has("ICH03002I JOE WAS NOT CONNECTED TO GROUP.");
	ck_assert_int_eq(run("CO JOE GROUP(NOGRP)"), RACF_RC_SEVERE);
	has("ICH51003I NAME NOT FOUND IN RACF DATA SET\n"
	    "ICH02003I USER(S) NOT CONNECTED.\n");
	ck_assert_int_eq(run("DG DEPT"), RACF_RC_ERROR);
	has("HAS SUBGROUPS");
	run_ok("DG SUB");
	run_ok("DELGROUP DEPT");
	ck_assert_int_eq(run("LG DEPT"), RACF_RC_WARNING);
	has("ICH51003I NAME NOT FOUND IN RACF DATA SET");
	ck_assert_int_eq(run("DG SYS1"), RACF_RC_ERROR);
}
END_TEST

START_TEST(search)
{
	add_joe();
	run_ok("AU JOAN");
	run_ok("AU BOB");
	run_ok("SEARCH CLASS(USER)");
	ck_assert_str_eq(out, "BOB\nIBMUSER\nJOAN\nJOE\n");
	run_ok("SR CLASS(USER) MASK(JO)");
	ck_assert_str_eq(out, "JOAN\nJOE\n");
	run_ok("SR CLASS(USER) FILTER(J%E)");
	ck_assert_str_eq(out, "JOE\n");
	run_ok("SR CLASS(USER) FILTER(*B*)");
	ck_assert_str_eq(out, "BOB\nIBMUSER\n");
	run_ok("SR CLASS(GROUP)");
	ck_assert_str_eq(out, "SYS1\n");
	ck_assert_int_eq(run("SR CLASS(USER) MASK(ZZ)"), RACF_RC_WARNING);
	ck_assert_str_eq(out, "ICH31005I NO ENTRIES MEET SEARCH CRITERIA\n");
	ck_assert_int_eq(run("SR CLASS(DATASET)"), RACF_RC_SEVERE);
}
END_TEST

START_TEST(streaming_stops)
{
	char cmd[64];
	int i;

	for (i = 0; i < 50; i++) {
		snprintf(cmd, sizeof(cmd), "AU U%03d", i);
		run_ok(cmd);
	}
	reset_out();
	cut_after = 5;
	racf_command(db, "IBMUSER", "LU *", 4, &sink);
	ck_assert_int_eq(nlines, 5);
	reset_out();
	cut_after = 3;
	racf_command(db, "IBMUSER", "SR CLASS(USER)", 14, &sink);
	ck_assert_int_eq(nlines, 3);
	run_ok("SR CLASS(USER) MASK(U04)");
	ck_assert_int_eq(nlines, 10);
}
END_TEST

struct seen {
	int	n;
	char	text[16][160];
};

static void
exit_cb(void *arg, const struct esm_event *ev)
{
	struct seen *s = arg;

	if (s->n < 16)
		snprintf(s->text[s->n++], 160, "%s %s %s %s [%s] %s %s",
		    esm_event_type_name(ev->ee_type), ev->ee_exit,
		    ev->ee_userid, ev->ee_group ? ev->ee_group : "-",
		    ev->ee_fields, ev->ee_origin,
		    ev->ee_password ? ev->ee_password : "-");
}

START_TEST(exits)
{
	struct seen s;

	memset(&s, 0, sizeof(s));
	racf_set_exit(db, exit_cb, &s);
	run_ok("AU JOE NAME(J) PASSWORD(PW1) TSO(PROC(P))");
	ck_assert_int_eq(run("ALU JOE NAME(K) BOGUS"), RACF_RC_SEVERE);
	run_ok("ALU JOE PASSWORD(pw2) NOEXPIRED NAME(K)");
	run_ok("ALU JOE PASSWORD(PW3)");
	run_ok("ALU JOE REVOKE");
	run_ok("ALU JOE RESUME OMVS(UID(5))");
	run_ok("AG G1");
	run_ok("CO JOE GROUP(G1)");
	run_ok("RE JOE GROUP(G1)");
	run_ok("SETR PASSWORD(REVOKE(1))");
	racf_verify(db, "JOE", "PW3", "PW4", &sink);
	racf_verify(db, "JOE", "BAD", NULL, &sink);
	run_ok("ALU JOE RESUME");
	run_ok("DU JOE");
	run_ok("DG G1");
	ck_assert_int_eq(s.n, 13);
	ck_assert_str_eq(s.text[0], "create IRREVX01 JOE - [NAME PASSWORD "
	    "TSO TSO.PROC] IBMUSER -");
	ck_assert_str_eq(s.text[1], "password-reset-noexpire ICHPWX01 JOE - "
	    "[NAME PASSWORD] IBMUSER PW2");
	ck_assert_str_eq(s.text[2], "password-reset ICHPWX01 JOE - "
	    "[PASSWORD] IBMUSER PW3");
	ck_assert_str_eq(s.text[3], "revoke IRREVX01 JOE - [REVOKE] IBMUSER -");
	ck_assert_str_eq(s.text[4], "resume IRREVX01 JOE - [RESUME OMVS "
	    "OMVS.UID] IBMUSER -");
	ck_assert_str_eq(s.text[5], "group-create IRREVX01 G1 - [] IBMUSER -");
	ck_assert_str_eq(s.text[6], "connect IRREVX01 JOE G1 [GROUP] "
	    "IBMUSER -");
	ck_assert_str_eq(s.text[7], "remove IRREVX01 JOE G1 [GROUP] "
	    "IBMUSER -");
	ck_assert_str_eq(s.text[8], "password-change ICHRIX02 JOE - "
	    "[PASSWORD] JOE PW4");
	ck_assert_str_eq(s.text[9], "revoke ICHRIX02 JOE - [REVOKE] JOE -");
	ck_assert_str_eq(s.text[10], "resume IRREVX01 JOE - [RESUME] "
	    "IBMUSER -");
	ck_assert_str_eq(s.text[11], "delete IRREVX01 JOE - [] IBMUSER -");
	ck_assert_str_eq(s.text[12], "group-delete IRREVX01 G1 - [] "
	    "IBMUSER -");
	racf_set_exit(db, NULL, NULL);
	run_ok("AU LATE");
	ck_assert_int_eq(s.n, 13);
}
END_TEST

/* A logon refused because the password expired reaches ICHRIX02. */
START_TEST(expired_logon_exit)
{
	struct seen s;

	memset(&s, 0, sizeof(s));
	run_ok("AU AMY PASSWORD(PW1)");		/* expired, as RACF sets it */
	racf_set_exit(db, exit_cb, &s);
	ck_assert_int_eq(racf_verify(db, "AMY", "PW1", NULL, &sink),
	    RACF_VERIFY_EXPIRED);
	ck_assert_int_eq(s.n, 1);
	ck_assert_str_eq(s.text[0], "password-expired ICHRIX02 AMY - "
	    "[PASSWORD] AMY -");
	racf_set_exit(db, NULL, NULL);
}
END_TEST

/* One event per user or group of a list, and none when it failed. */
START_TEST(list_exits)
{
	struct seen s;

	memset(&s, 0, sizeof(s));
	racf_set_exit(db, exit_cb, &s);
	run_ok("AU (E1 E2) PASSWORD(PW1)");
	run_ok("AG (G1 G2)");
	run_ok("CO (E1 E2) GROUP(G1)");
	run_ok("PW USER(E1 E2)");
	ck_assert_int_eq(run("AU (E3 E1)"), RACF_RC_INVALID);
	ck_assert_int_eq(run("CO (E1 E9) GROUP(G2)"), RACF_RC_SEVERE);
	ck_assert_int_eq(run("DU (E2 E9)"), RACF_RC_INVALID);
	run_ok("RE (E2 E1) GROUP(G1)");
	run_ok("DG (G2 G1)");
	ck_assert_int_eq(s.n, 12);
	ck_assert_str_eq(s.text[0], "create IRREVX01 E1 - [PASSWORD] "
	    "IBMUSER -");
	ck_assert_str_eq(s.text[1], "create IRREVX01 E2 - [PASSWORD] "
	    "IBMUSER -");
	ck_assert_str_eq(s.text[2], "group-create IRREVX01 G1 - [] IBMUSER -");
	ck_assert_str_eq(s.text[3], "group-create IRREVX01 G2 - [] IBMUSER -");
	ck_assert_str_eq(s.text[4], "connect IRREVX01 E1 G1 [GROUP] "
	    "IBMUSER -");
	ck_assert_str_eq(s.text[5], "connect IRREVX01 E2 G1 [GROUP] "
	    "IBMUSER -");
	ck_assert_str_eq(s.text[6], "password-reset ICHPWX01 E1 - "
	    "[PASSWORD] IBMUSER SYS1");
	ck_assert_str_eq(s.text[7], "password-reset ICHPWX01 E2 - "
	    "[PASSWORD] IBMUSER SYS1");
	ck_assert_str_eq(s.text[8], "remove IRREVX01 E2 G1 [GROUP] "
	    "IBMUSER -");
	ck_assert_str_eq(s.text[9], "remove IRREVX01 E1 G1 [GROUP] "
	    "IBMUSER -");
	ck_assert_str_eq(s.text[10], "group-delete IRREVX01 G2 - [] "
	    "IBMUSER -");
	ck_assert_str_eq(s.text[11], "group-delete IRREVX01 G1 - [] "
	    "IBMUSER -");
	run_ok("DU (E1 E2)");
	ck_assert_int_eq(s.n, 14);
	ck_assert_str_eq(s.text[12], "delete IRREVX01 E1 - [] IBMUSER -");
	ck_assert_str_eq(s.text[13], "delete IRREVX01 E2 - [] IBMUSER -");
	racf_set_exit(db, NULL, NULL);
}
END_TEST

START_TEST(event_names)
{
	ck_assert_str_eq(esm_event_type_name(ESM_EV_CREATE), "create");
	ck_assert_str_eq(esm_event_type_name(ESM_EV_PASSWORD_RESET_NOEXPIRE),
	    "password-reset-noexpire");
	ck_assert_str_eq(esm_event_type_name(ESM_EV_GROUP_DELETE),
	    "group-delete");
	ck_assert_str_eq(esm_event_type_name(ESM_EV_PASSWORD_EXPIRED),
	    "password-expired");
	ck_assert_str_eq(esm_event_type_name((enum esm_event_type)99),
	    "unknown");
	ck_assert(racf_is_command("LU", 2));
	ck_assert(racf_is_command("setropts", 8));
	ck_assert(racf_is_command("PHRASE", 6));
	ck_assert(!racf_is_command("LISTU", 5));
}
END_TEST

static Suite *
racf_db_suite(void)
{
	Suite *s = suite_create("racf_db");
	TCase *tc;

	tc = tcase_create("commands");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, new_database);
	tcase_add_test(tc, listuser_golden);
	tcase_add_test(tc, listgrp_golden);
	tcase_add_test(tc, name_layout_unambiguous);
	tcase_add_test(tc, name_layout_twenty);
	tcase_add_test(tc, deluser);
	tcase_add_test(tc, user_lists);
	tcase_add_test(tc, list_syntax);
	tcase_add_test(tc, group_lists);
	tcase_add_test(tc, connect_lists);
	tcase_add_test(tc, command_errors);
	tcase_add_test(tc, field_rules);
	tcase_add_test(tc, segments_no_forms);
	tcase_add_test(tc, injection);
	tcase_add_test(tc, atomicity);
	tcase_add_test(tc, two_handles);
	tcase_add_test(tc, groups_connect_remove);
	tcase_add_test(tc, search);
	tcase_add_test(tc, streaming_stops);
	tcase_add_test(tc, setropts);
	suite_add_tcase(s, tc);
	tc = tcase_create("passwords");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, no_clear_text);
	tcase_add_test(tc, verify_revoke_at_limit);
	tcase_add_test(tc, verify_expiry_and_change);
	tcase_add_test(tc, verify_revoke_dates);
	tcase_add_test(tc, password_command);
	tcase_add_test(tc, password_reset_to_group);
	tcase_add_test(tc, mixedcase);
	suite_add_tcase(s, tc);
	tc = tcase_create("exits");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, exits);
	tcase_add_test(tc, list_exits);
	tcase_add_test(tc, expired_logon_exit);
	tcase_add_test(tc, event_names);
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
