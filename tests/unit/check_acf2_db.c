/*
 * check_acf2_db.c - the ACF2 simulator on a temporary LMDB database:
 * LID subcommands and their LIST output, NO-flags, masks, atomicity,
 * injection, passwords and logons, rules, modes, and the exits.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mainframe-agent/sim/acf2/acf2.h"
#include "testdir.h"

/* 2024-01-10 12:00:00 UTC */
#define T0	1704888000
#define DAY	86400

static time_t now;
static struct acf2_db *db;
static char *out;
static size_t outlen;
static int cut_after;
static int nlines;

/* The events the exit saw. */
static struct {
	enum esm_event_type	 type;
	char			 exitname[16];
	char			 lid[9];
	char			 fields[256];
	char			 pw[16];
	int			 has_pw;
} evs[32];
static int nevs;

static time_t
test_clock(void *arg)
{
	(void)arg;
	return now;
}

static int
collect_cb(void *arg, const char *line, size_t len)
{
	(void)arg;
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
exit_cb(void *arg, const struct esm_event *ev)
{
	(void)arg;
	if (nevs >= 32) {
		nevs++;
		return;
	}
	evs[nevs].type = ev->ee_type;
	snprintf(evs[nevs].exitname, sizeof(evs[0].exitname), "%s",
	    ev->ee_exit);
	snprintf(evs[nevs].lid, sizeof(evs[0].lid), "%s", ev->ee_userid);
	snprintf(evs[nevs].fields, sizeof(evs[0].fields), "%s",
	    ev->ee_fields);
	ck_assert_str_eq(ev->ee_esm, "acf2");
	evs[nevs].has_pw = ev->ee_password != NULL;
	snprintf(evs[nevs].pw, sizeof(evs[0].pw), "%s",
	    ev->ee_password != NULL ? ev->ee_password : "");
	nevs++;
}

static struct acf2_db *
open_db(void)
{
	struct acf2_opts o;
	char err[256];
	struct acf2_db *d;

	memset(&o, 0, sizeof(o));
	o.ao_path = testdir();
	o.ao_clock = test_clock;
	o.ao_kdf_iterations = 1;
	o.ao_mapsize = 64 << 20;
	o.ao_nosync = 1;
	d = acf2_open(&o, err, sizeof(err));
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

static int
run_ses(struct acf2_session *ses, const char *issuer, const char *cmd)
{
	reset_out();
	return acf2_command(db, ses, issuer, cmd, strlen(cmd), &sink);
}

static int
run(const char *cmd)
{
	return run_ses(NULL, "ACF2ADM", cmd);
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
	ck_assert_msg(msg == NULL || (out != NULL && strstr(out, msg)),
	    "%s: expected [%s] in %s", cmd, msg, out ? out : "");
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

static int
logon(const char *lid, const char *pw, const char *npw)
{
	reset_out();
	return acf2_verify(db, lid, pw, npw, &sink);
}

static void
setup(void)
{
	testdir_create("check_acf2");
	now = T0;
	nevs = 0;
	db = open_db();
	acf2_set_exit(db, exit_cb, NULL);
}

static void
teardown(void)
{
	acf2_close(db);
	db = NULL;
	reset_out();
	testdir_remove();
}

static const char golden_alice[] =
"ALICE                                          ALICE O'BRIEN\n"
" ACCESS\n"
"  ACC-CNT(0) ACC-DATE(00/00/00) ACC-TIME(00:00)\n"
" CANCEL/SUSPEND\n"
" CICS\n"
"  ACF2CICS CICSCL(00C001) CICSID(A01) CICSOPT(CICSPROD) CICSPRI(10)\n"
"  CICSRLS(0000FF) IDLE(30)\n"
" IDENTIFICATION\n"
"  GROUP(PAYROLL) PHONE('555 0101')\n"
" PASSWORD\n"
"  KERB-VIO(0) KERBCURV(0) MAXDAYS(30) MINDAYS(1) PSWD-DAT(00/00/00)\n"
"  PSWD-INV(0) PSWD-TOD(01/10/24-12:00) PSWD-VIO(0)\n"
" PRIVILEGES\n"
"  JCL TSO\n"
" RESTRICTIONS\n"
"  EXPIRE(12/31/25) PREFIX(ALICE)\n"
" STATISTICS\n"
"  SEC-VIO(0) UPD-TOD(01/10/24-12:00)\n"
" TSO\n"
"  ACCTPRIV DFT-DEST(RMT1) DFT-PFX(ALICE) DFT-SOUT(A) DFT-SUBC(B)\n"
"  DFT-SUBH(H) DFT-SUBM(X) INTERCOM LGN-ACCT MAIL NOTICES\n"
"  TSOACCT('ACCT (1)') TSOFSCRN TSOPERF(2) TSOPROC(ISPFPROC) TSORBA(1A2B)\n"
"  TSORGN(4096) TSOSIZE(8192) TSOUNIT(SYSDA) WTP\n";

static const char insert_alice[] =
    "INSERT ALICE NAME('ALICE O''BRIEN') GROUP(PAYROLL) PHONE('555 0101') "
    "TSO JCL PREFIX(ALICE) EXPIRE(12/31/25) MAXDAYS(30) MINDAYS(1) "
    "PASSWORD(TEMP1) NOPSWD-EXP "
    "CICSID(A01) CICSPRI(10) IDLE(30) CICSCL(00C001) CICSRLS(0000FF) "
    "CICSOPT(CICSPROD) ACF2CICS "
    "DFT-DEST(RMT1) DFT-PFX(ALICE) TSOUNIT(SYSDA) TSORBA(1A2B) "
    "TSOACCT('ACCT (1)') DFT-SUBH(H) DFT-SUBC(B) TSOSIZE(8192) "
    "DFT-SUBM(X) TSOPROC(ISPFPROC) TSORGN(4096) DFT-SOUT(A) TSOPERF(2) "
    "MAIL ACCTPRIV WTP TSOFSCRN NOTICES LGN-ACCT INTERCOM";

START_TEST(new_database)
{
	run_ok("LIST ACF2ADM");
	has("ACF2ADM                                        SECURITY "
	    "ADMINISTRATOR\n");
	has("\n ACCESS\n");
	has("  ACCOUNT AUDIT JCL NON-CNCL SECURITY TSO\n");
	/* Without an operand LIST shows the issuer. */
	run_ok("LIST");
	has("ACF2ADM ");
	run_rc(4, "LIST NOBODY", "ACF6C011W LOGONID NOBODY NOT FOUND");
}
END_TEST

START_TEST(list_golden)
{
	run_ok(insert_alice);
	ck_assert_str_eq(out, "ACF6C001I LOGONID ALICE INSERTED\n");
	run_ok("LIST ALICE");
	ck_assert_str_eq(out, golden_alice);
	run_ok("list alice");
	ck_assert_str_eq(out, golden_alice);
}
END_TEST

START_TEST(insert_change_delete_errors)
{
	run_ok("INSERT BOB NAME(BOB)");
	run_rc(8, "INSERT BOB", "ACF6C010E LOGONID BOB ALREADY EXISTS");
	run_rc(12, "INSERT 1BOB", "ACF6C012E INVALID LOGONID 1BOB");
	run_rc(12, "INSERT TOOLONGID", "ACF6C012E INVALID LOGONID");
	run_rc(12, "INSERT", "ACF6C012E INSERT REQUIRES A LOGONID");
	run_rc(12, "INSERT CAROL BOGUS", "ACF6C014E UNKNOWN FIELD BOGUS");
	run_rc(12, "INSERT CAROL ACC-CNT(5)", "ACF6C019E FIELD ACC-CNT IS "
	    "KEPT BY ACF2");
	run_rc(12, "INSERT CAROL TSO NOTSO", "ACF6C016E FIELD TSO SPECIFIED "
	    "MORE THAN ONCE");
	run_rc(12, "INSERT CAROL NAME(ABCDEFGHIJKLMNOPQRSTU)",
	    "ACF6C013E INVALID VALUE FOR NAME");
	run_rc(12, "INSERT CAROL TSO(YES)", "ACF6C018E FIELD TSO TAKES NO "
	    "VALUE");
	run_rc(12, "INSERT CAROL TSOPROC", "ACF6C018E FIELD TSOPROC "
	    "REQUIRES A VALUE");
	run_rc(12, "INSERT CAROL MAXDAYS(256)", "ACF6C013E INVALID VALUE "
	    "FOR MAXDAYS: 256 (A NUMBER FROM 0 TO 255)");
	run_rc(12, "INSERT CAROL NAME(O'BRIEN)", "UNTERMINATED");
	run_rc(12, "INSERT CAROL NAME(A 'B')", "QUOTES MUST ENCLOSE");
	run_rc(12, "INSERT CAROL EXPIRE(13/01/24)", "A DATE MM/DD/YY");
	run_rc(12, "COMPILE $KEY(X) - R(A)", "ACF6C021E COMPILE IS NOT A "
	    "SUBCOMMAND OF LID MODE");
	run_rc(4, "LIST CAROL", "NOT FOUND");
	run_rc(8, "CHANGE NOBODY TSO", "ACF6C011E LOGONID NOBODY NOT FOUND");
	run_rc(8, "DELETE NOBODY", "ACF6C011E");
	run_rc(8, "DELETE ACF2ADM", "MAY NOT DELETE ITSELF");
	run_rc(12, "DELETE BOB TSO", "DELETE TAKES ONE LOGONID");
	run_ok("DELETE BOB");
	ck_assert_str_eq(out, "ACF6C003I LOGONID BOB DELETED\n");
	run_rc(4, "LIST BOB", "NOT FOUND");
}
END_TEST

START_TEST(authority)
{
	run_ok("INSERT ACCT NAME(ACCOUNT ADMIN) ACCOUNT");
	run_ok("INSERT PLAIN NAME(PLAIN USER) TSO");
	ck_assert_int_eq(run_ses(NULL, "PLAIN", "INSERT X1"), 8);
	has("ACF6C015E INSERT NOT AUTHORIZED FOR LOGONID PLAIN");
	ck_assert_int_eq(run_ses(NULL, "PLAIN", "LIST ACCT"), 8);
	ck_assert_int_eq(run_ses(NULL, "PLAIN", "LIST PLAIN"), 0);
	ck_assert_int_eq(run_ses(NULL, "PLAIN", "LIST LIKE(-)"), 8);
	ck_assert_int_eq(run_ses(NULL, "ACCT", "INSERT X1 TSO"), 0);
	/* ACCOUNT maintains logonids but may not hand out SECURITY. */
	ck_assert_int_eq(run_ses(NULL, "ACCT", "CHANGE X1 SECURITY"), 8);
	has("ACF6C015E ONLY A SECURITY LOGONID MAY SET SECURITY");
	ck_assert_int_eq(run_ses(NULL, "ACCT", "SET RULE DELETE PAY"), 8);
	ck_assert_int_eq(run_ses(NULL, "NOBODY", "LIST"), 8);
	has("ACF6C015E LOGONID NOBODY NOT DEFINED TO ACF2");
	ck_assert_int_eq(run_ses(NULL, "bad id!", "LIST"), 8);
}
END_TEST

START_TEST(no_flags_and_clearing)
{
	run_ok("INSERT DAVE TSO JCL NON-CNCL MAIL TSOPROC(P1) MAXDAYS(9)");
	run_ok("CHANGE DAVE NOTSO NONON-CNCL NOMAIL NOTSOPROC NOMAXDAYS "
	    "NOTICES");
	ck_assert_str_eq(out, "ACF6C002I LOGONID DAVE CHANGED\n");
	run_ok("LIST DAVE");
	has(" PRIVILEGES\n  JCL\n");
	has(" TSO\n  NOTICES TSOPERF(0) TSORGN(0) TSOSIZE(0)\n");
	has("MAXDAYS(0)");
	hasnt("TSOPROC");
	run_ok("CHANGE DAVE SUSPEND");
	run_ok("LIST DAVE");
	has(" CANCEL/SUSPEND\n  CSDATE(01/10/24) CSWHO(ACF2ADM) SUSPEND\n");
	run_ok("CHANGE DAVE NOSUSPEND CANCEL MONITOR");
	run_ok("LIST DAVE");
	has(" CANCEL/SUSPEND\n  CANCEL CSDATE(01/10/24) CSWHO(ACF2ADM) "
	    "MONITOR\n");
	run_rc(12, "CHANGE DAVE NOBOGUS", "ACF6C014E UNKNOWN FIELD NOBOGUS");
	run_rc(12, "CHANGE DAVE NOUPD-TOD", "KEPT BY ACF2");
}
END_TEST

START_TEST(masks_and_order)
{
	run_ok("INSERT ABLE TSO");
	run_ok("INSERT ABC");
	run_ok("INSERT ZED");
	run_ok("INSERT AB");
	run_ok("LIST LIKE(AB-)");
	ck_assert_ptr_nonnull(strstr(out, "AB     "));
	ck_assert(strstr(out, "AB      ") < strstr(out, "ABC     "));
	ck_assert(strstr(out, "ABC     ") < strstr(out, "ABLE    "));
	hasnt("ZED");
	hasnt("ACF2ADM");
	has("\n\nABC ");
	has("ACF6C041I 3 LOGONIDS LISTED\n");
	run_ok("LIST LIKE(A*C)");
	has("ACF6C041I 1 LOGONIDS LISTED");
	run_ok("LIST LIKE(-)");
	has("ACF6C041I 5 LOGONIDS LISTED");
	run_ok("LIST *");
	has("ACF6C041I 5 LOGONIDS LISTED");
	run_rc(4, "LIST LIKE(Q-)", "ACF6C017W NO LOGONIDS MATCH Q-");
	run_rc(12, "LIST LIKE(A B)", "ACF6C012E INVALID LOGONID MASK");
	run_rc(12, "LIST AB LIKE(A-)", "ACF6C012E INVALID LOGONID LIKE");
	run_rc(12, "LIST LIKE(A-) AB", "LIST TAKES LOGONIDS, OR ONE LIKE");
	run_ok("CHANGE LIKE(AB-) JCL");
	has("ACF6C002I LOGONID AB CHANGED\n");
	has("ACF6C018I 3 LOGONIDS CHANGED");
	run_ok("CHANGE UID(Z-) JCL");
	has("ACF6C018I 1 LOGONIDS CHANGED");
	run_rc(4, "CHANGE LIKE(Q-) JCL", "NO LOGONIDS MATCH");
	run_ok("CHANGE * MAIL");
	has("ACF6C018I 5 LOGONIDS CHANGED");
	run_ok("LIST ZED");
	has("  JCL\n");
	has("  MAIL TSOPERF");
	/* A mask change with one bad operand changes none. */
	nevs = 0;
	run_rc(12, "CHANGE LIKE(AB-) MAXDAYS(999)", "INVALID VALUE");
	ck_assert_int_eq(nevs, 0);
}
END_TEST

/* Extensions for reconciliation: several logonids, logonids alone. */
START_TEST(list_extensions)
{
	run_ok("INSERT ABLE NAME(ABLE) TSO");
	run_ok("INSERT ABC NAME(ABC)");
	run_ok("INSERT ZED");
	run_ok("LIST ZED ABLE");
	/* In the order named, as LIKE separates them. */
	ck_assert_ptr_nonnull(strstr(out, "ZED     "));
	ck_assert(strstr(out, "ZED     ") < strstr(out, "ABLE    "));
	has("TSOSIZE(0)\n\nABLE ");
	has("ACF6C041I 2 LOGONIDS LISTED\n");
	run_rc(4, "LIST ABC NOBODY ZED", "ACF6C011W LOGONID NOBODY NOT FOUND\n"
	    "\nZED ");
	has("ACF6C041I 2 LOGONIDS LISTED");
	run_rc(4, "LIST NOBODY NONE2", "ACF6C041I 0 LOGONIDS LISTED");
	run_rc(12, "LIST ABC 1BAD", "ACF6C012E INVALID LOGONID 1BAD");
	run_rc(12, "LIST ABC NAME(X)", "ACF6C012E INVALID LOGONID NAME");
	ck_assert_int_eq(run_ses(NULL, "ZED", "LIST ZED ABC"), 8);
	ck_assert_int_eq(run_ses(NULL, "ZED", "LIST ZED"), 0);
	/* LIDS: the logonids alone, in LID order. */
	run_ok("LIST LIKE(AB-) LIDS");
	ck_assert_str_eq(out, "ABC\nABLE\nACF6C041I 2 LOGONIDS LISTED\n");
	run_ok("LIST * LIDS");
	ck_assert_str_eq(out, "ABC\nABLE\nACF2ADM\nZED\n"
	    "ACF6C041I 4 LOGONIDS LISTED\n");
	run_rc(4, "LIST LIKE(Q-) LIDS", "ACF6C017W NO LOGONIDS MATCH Q-");
	run_rc(12, "LIST LIKE(A-) LIDS X", "LIST TAKES LOGONIDS");
	/* After a logonid LIDS is a logonid's name. */
	run_rc(4, "LIST ABC LIDS", "ACF6C011W LOGONID LIDS NOT FOUND");
	ck_assert_int_eq(run_ses(NULL, "ZED", "LIST * LIDS"), 8);
	reset_out();
	cut_after = 2;
	ck_assert_int_eq(acf2_command(db, NULL, "ACF2ADM", "LIST * LIDS", 11,
	    &sink), 0);
	ck_assert_int_eq(nlines, 2);
}
END_TEST

START_TEST(injection_stays_literal)
{
	run_ok("INSERT EVE NAME('X'') SECURITY (') TSOACCT('A,B) JCL')");
	run_ok("LIST EVE");
	has("EVE                                            X') SECURITY (\n");
	has("TSOACCT('A,B) JCL')");
	has(" PRIVILEGES\n RESTRICTIONS\n");
	run_rc(12, "CHANGE EVE NAME(X) ;SECURITY", "INVALID CHARACTER ;");
	run_rc(12, "CHANGE EVE NAME(X) /* SECURITY */", "COMMENTS");
	run_rc(12, "CHANGE EVE NAME(X)\nSECURITY", "CONTROL CHARACTERS");
	run_ok("LIST EVE");
	has(" PRIVILEGES\n RESTRICTIONS\n");
	has("X') SECURITY (\n");
}
END_TEST

START_TEST(atomic_and_events_on_commit)
{
	run_ok("INSERT FRED TSO");
	ck_assert_int_eq(nevs, 1);
	ck_assert_int_eq(evs[0].type, ESM_EV_CREATE);
	ck_assert_str_eq(evs[0].exitname, "LIDPOST");
	ck_assert_str_eq(evs[0].lid, "FRED");
	ck_assert_str_eq(evs[0].fields, "TSO");
	run_rc(12, "CHANGE FRED JCL NAME(FRED) MAXDAYS(X)", "INVALID VALUE");
	ck_assert_int_eq(nevs, 1);
	run_ok("LIST FRED");
	hasnt("JCL");
	run_ok("CHANGE FRED JCL NAME(FRED F)");
	ck_assert_int_eq(nevs, 2);
	ck_assert_int_eq(evs[1].type, ESM_EV_MODIFY);
	ck_assert_str_eq(evs[1].fields, "JCL NAME");
	run_ok("CHANGE FRED SUSPEND");
	ck_assert_int_eq(evs[2].type, ESM_EV_REVOKE);
	run_ok("CHANGE FRED NOSUSPEND");
	ck_assert_int_eq(evs[3].type, ESM_EV_RESUME);
	run_ok("CHANGE FRED PASSWORD(NEWPW1)");
	ck_assert_int_eq(evs[4].type, ESM_EV_PASSWORD_RESET);
	ck_assert_str_eq(evs[4].exitname, "NPWPEXIT");
	ck_assert_str_eq(evs[4].pw, "NEWPW1");
	run_ok("CHANGE FRED PASSWORD(NEWPW2) NOPSWD-EXP");
	ck_assert_int_eq(evs[5].type, ESM_EV_PASSWORD_RESET_NOEXPIRE);
	ck_assert_str_eq(evs[5].fields, "PASSWORD PSWD-EXP");
	run_ok("DELETE FRED");
	ck_assert_int_eq(evs[6].type, ESM_EV_DELETE);
	ck_assert_int_eq(nevs, 7);
	/* Reads fire nothing. */
	run_ok("LIST LIKE(-)");
	ck_assert_int_eq(nevs, 7);
}
END_TEST

START_TEST(passwords_rules)
{
	run_ok("INSERT GINA PASSWORD(ABC1)");
	run_ok("LIST GINA");
	has("  PSWD-EXP PSWD-INV(0) PSWD-TOD(01/10/24-12:00)");
	hasnt("ABC1");
	run_rc(12, "CHANGE GINA PASSWORD(AB1)", "ACF6C030E PASSWORD MUST BE "
	    "4 TO 8 CHARACTERS");
	run_rc(12, "CHANGE GINA PASSWORD(ABCDEFGHI)", "4 TO 8");
	run_rc(12, "CHANGE GINA PASSWORD('AB CD')", "ONLY A-Z 0-9");
	hasnt("AB CD");
	run_ok("CHANGE GINA PASSWORD(abcd2) NOPSWD-EXP");
	run_ok("LIST GINA");
	hasnt("PSWD-EXP");
	ck_assert_int_eq(logon("GINA", "ABCD2", NULL), ACF2_VERIFY_OK);
	run_ok("CHANGE GINA NOPASSWORD");
	ck_assert_int_eq(logon("GINA", "ABCD2", NULL),
	    ACF2_VERIFY_BAD_PASSWORD);
}
END_TEST

START_TEST(verify_paths)
{
	run_ok("INSERT HANK PASSWORD(TEMP1) MAXDAYS(30) MINDAYS(2)");
	nevs = 0;
	/* An administrator's password is expired: a new one is required. */
	ck_assert_int_eq(logon("HANK", "TEMP1", NULL), ACF2_VERIFY_EXPIRED);
	has("ACF01008E PASSWORD EXPIRED FOR LOGONID HANK");
	ck_assert_int_eq(logon("HANK", "TEMP1", "TEMP1"),
	    ACF2_VERIFY_BAD_NEWPASSWORD);
	has("ACF01009E NEW PASSWORD MUST DIFFER");
	ck_assert_int_eq(logon("HANK", "TEMP1", "X"),
	    ACF2_VERIFY_BAD_NEWPASSWORD);
	/* The expiry is an event; refused new passwords are not. */
	ck_assert_int_eq(nevs, 1);
	ck_assert_int_eq(evs[0].type, ESM_EV_PASSWORD_EXPIRED);
	ck_assert_str_eq(evs[0].exitname, "EXPPXIT");
	ck_assert_str_eq(evs[0].fields, "PASSWORD");
	ck_assert_int_eq(evs[0].has_pw, 0);
	ck_assert_int_eq(logon("hank", "temp1", "n3wpass"), ACF2_VERIFY_OK);
	has("ACF01010I PASSWORD CHANGED FOR LOGONID HANK");
	ck_assert_int_eq(nevs, 2);
	ck_assert_int_eq(evs[1].type, ESM_EV_PASSWORD_CHANGE);
	ck_assert_str_eq(evs[1].exitname, "NEWPXIT");
	ck_assert_str_eq(evs[1].pw, "n3wpass");
	now += 3600;
	ck_assert_int_eq(logon("HANK", "N3WPASS", NULL), ACF2_VERIFY_OK);
	has("ACF01001I LOGONID HANK LAST SYSTEM ACCESS 01/10/24 12:00 FROM "
	    "ESMTERM");
	/* MINDAYS: not again before two days. */
	ck_assert_int_eq(logon("HANK", "N3WPASS", "OTHER1"),
	    ACF2_VERIFY_BAD_NEWPASSWORD);
	has("ACF01014E PASSWORD CANNOT BE CHANGED BEFORE 01/12/24");
	run_ok("LIST HANK");
	has("  ACC-CNT(2) ACC-DATE(01/10/24) ACC-SRCE(ESMTERM) "
	    "ACC-TIME(13:00)\n");
	/* MAXDAYS: 30 days after the change the password has expired. */
	now = T0 + 31 * DAY;
	ck_assert_int_eq(logon("HANK", "N3WPASS", NULL), ACF2_VERIFY_EXPIRED);
	ck_assert_int_eq(logon("HANK", "N3WPASS", "OTHER1"), ACF2_VERIFY_OK);
	ck_assert_int_eq(logon("NOBODY", "X", NULL), ACF2_VERIFY_NO_USER);
	has("ACF01004E LOGONID NOBODY NOT FOUND");
	ck_assert_int_eq(logon("TOOLONGID", "X", NULL), ACF2_VERIFY_NO_USER);
}
END_TEST

START_TEST(verify_suspension)
{
	run_ok("INSERT IVY PASSWORD(GOOD1) NOPSWD-EXP");
	nevs = 0;
	ck_assert_int_eq(logon("IVY", "BAD1", NULL), ACF2_VERIFY_BAD_PASSWORD);
	has("ACF01005E PASSWORD NOT MATCHED FOR LOGONID IVY");
	ck_assert_int_eq(evs[0].type, ESM_EV_LOGON_FAILURE);
	ck_assert_int_eq(logon("IVY", "BAD2", NULL), ACF2_VERIFY_BAD_PASSWORD);
	/* A good logon resets the count. */
	ck_assert_int_eq(logon("IVY", "GOOD1", NULL), ACF2_VERIFY_OK);
	run_ok("LIST IVY");
	has("PSWD-DAT(01/10/24)\n  PSWD-INV(0)");
	has("PSWD-VIO(0)");
	ck_assert_int_eq(logon("IVY", "BAD1", NULL), ACF2_VERIFY_BAD_PASSWORD);
	ck_assert_int_eq(logon("IVY", "BAD2", NULL), ACF2_VERIFY_BAD_PASSWORD);
	run_ok("LIST IVY");
	has("PSWD-INV(2)");
	has("PSWD-VIO(2)");
	nevs = 0;
	ck_assert_int_eq(logon("IVY", "BAD3", NULL), ACF2_VERIFY_BAD_PASSWORD);
	has("ACF01013E LOGONID IVY SUSPENDED BECAUSE OF PASSWORD VIOLATIONS");
	ck_assert_int_eq(evs[0].type, ESM_EV_REVOKE);
	ck_assert_int_eq(logon("IVY", "GOOD1", NULL), ACF2_VERIFY_SUSPENDED);
	has("ACF01011E LOGONID IVY SUSPENDED");
	run_ok("LIST IVY");
	has("  CSDATE(01/10/24) SUSPEND\n");
	run_ok("CHANGE IVY NOSUSPEND");
	ck_assert_int_eq(logon("IVY", "GOOD1", NULL), ACF2_VERIFY_OK);
	/* The GSO limit. */
	run_ok("SET CONTROL(GSO) CHANGE PSWD MAXTRY(1)");
	ck_assert_int_eq(logon("IVY", "BAD1", NULL), ACF2_VERIFY_BAD_PASSWORD);
	ck_assert_int_eq(logon("IVY", "GOOD1", NULL), ACF2_VERIFY_SUSPENDED);
	run_ok("SET CONTROL(GSO) LIST PSWD");
	has("  MAXTRY(1) MINPSWD(4)\n");
	run_rc(12, "SET CONTROL(GSO) CHANGE PSWD MAXTRY(999)", "ACF6G002E");
	/* CANCEL, ACTIVE, EXPIRE. */
	run_ok("CHANGE IVY NOSUSPEND CANCEL");
	ck_assert_int_eq(logon("IVY", "GOOD1", NULL), ACF2_VERIFY_SUSPENDED);
	has("ACF01012E LOGONID IVY CANCELLED");
	run_ok("CHANGE IVY NOCANCEL ACTIVE(01/11/24)");
	ck_assert_int_eq(logon("IVY", "GOOD1", NULL), ACF2_VERIFY_SUSPENDED);
	has("NOT ACTIVE UNTIL 01/11/24");
	run_ok("CHANGE IVY NOACTIVE EXPIRE(01/10/24)");
	ck_assert_int_eq(logon("IVY", "GOOD1", NULL), ACF2_VERIFY_SUSPENDED);
	has("EXPIRED ON 01/10/24");
	run_ok("CHANGE IVY NOEXPIRE");
	ck_assert_int_eq(logon("IVY", "GOOD1", NULL), ACF2_VERIFY_OK);
}
END_TEST

START_TEST(access_rules)
{
	run_ok("SET RULE COMPILE $KEY(PAY) SALARY.- UID(ALICE) R(A) W(L) "
	    "- UID(-) READ(P) EXEC(A)");
	ck_assert_str_eq(out, "ACF6R510I ACF2 RULE COMPILER ENTERED FOR PAY\n"
	    "ACF6R551I RECORD LENGTH 71, 2 ENTRIES\n"
	    "ACF6R769I RULE PAY STORED\n");
	run_ok("SET RULE DECOMP PAY");
	ck_assert_str_eq(out, "ACF6R790I RULE PAY STORED BY ACF2ADM ON "
	    "01/10/24-12:00\n$KEY(PAY)\n SALARY.- UID(ALICE) R(A) W(L)\n"
	    " - UID(-) R(P) E(A)\n");
	run_ok("SET RULE RECKEY PAY ADD(SALARY.- UID(ALICE) R(A) W(A)) "
	    "ADD(TAX.- UID(BOB) R(A)) DEL(- UID(-))");
	has("ACF6R768I RULE PAY REPLACED");
	run_ok("SET RULE DECOMP PAY");
	has("$KEY(PAY)\n SALARY.- UID(ALICE) R(A) W(A)\n TAX.- UID(BOB) "
	    "R(A)\n");
	hasnt("UID(-)");
	run_rc(8, "SET RULE RECKEY PAY DEL(NOPE.- UID(X))", "ACF6R772E NO "
	    "ENTRY FOR NOPE.- UID(X) IN RULE PAY");
	run_rc(12, "SET RULE COMPILE $KEY(PAY) SALARY.- R(X)",
	    "ACCESS MUST BE A, L OR P");
	run_rc(12, "SET RULE COMPILE $KEY(PAY) UID(A) R(A)", "MUST START "
	    "WITH A DATA SET MASK");
	run_rc(12, "SET RULE COMPILE $KEY(PAY) - UID(A) R(A) R(P)",
	    "ACCESS GIVEN TWICE");
	run_rc(12, "SET RULE COMPILE $KEY(PAY) - BOGUS(A)", "UNKNOWN "
	    "KEYWORD BOGUS");
	run_rc(12, "SET RULE COMPILE $KEY(PAY)", "HAS NO ENTRIES");
	run_rc(12, "SET RULE COMPILE 'SYS1.RULES(PAY)'", "FROM A DATA SET");
	run_rc(12, "SET RULE COMPILE $KEY(PAY) TYPE(FAC) - R(A)",
	    "DOES NOT MATCH SET RULE");
	run_rc(12, "SET RULE RECKEY PAY ADD(- UID('A') R(A))", "QUOTED");
	run_ok("SET RULE LIST");
	ck_assert_str_eq(out, "$KEY(PAY) ENTRIES(2) STORED-BY(ACF2ADM)\n");
	/* DECOMP of several keys: the extension for reconciliation. */
	run_ok("SET RULE COMPILE $KEY(GL) - UID(BOB) R(A)");
	run_ok("SET RULE DECOMP GL PAY");
	ck_assert_str_eq(out, "ACF6R790I RULE GL STORED BY ACF2ADM ON "
	    "01/10/24-12:00\n$KEY(GL)\n - UID(BOB) R(A)\n\n"
	    "ACF6R790I RULE PAY STORED BY ACF2ADM ON 01/10/24-12:00\n"
	    "$KEY(PAY)\n SALARY.- UID(ALICE) R(A) W(A)\n TAX.- UID(BOB) "
	    "R(A)\n");
	run_rc(4, "SET RULE DECOMP NOPE GL", "ACF6R771W RULE NOPE NOT FOUND\n"
	    "ACF6R790I RULE GL");
	run_rc(12, "SET RULE DECOMP GL PAY-", "ACF6R780E INVALID RULE KEY "
	    "PAY-");
	hasnt("$KEY(GL)");
	run_ok("SET RULE DELETE GL");
	run_ok("SET RULE DELETE PAY");
	ck_assert_str_eq(out, "ACF6R770I RULE PAY DELETED\n");
	run_rc(4, "SET RULE DECOMP PAY", "ACF6R771W RULE PAY NOT FOUND");
	run_rc(8, "SET RULE DELETE PAY", "ACF6R771E");
	/* RECKEY may build a rule set and empty it again. */
	run_ok("SET RULE RECKEY GL ADD(- UID(ALICE) R(A))");
	has("ACF6R769I RULE GL STORED");
	run_ok("SET RULE RECKEY GL DEL(- UID(ALICE))");
	has("ACF6R770I RULE GL DELETED, NO ENTRIES LEFT");
	/* No event for rules. */
	ck_assert_int_eq(nevs, 0);
}
END_TEST

START_TEST(resource_rules)
{
	run_ok("SET RESOURCE(FAC) COMPILE $KEY(BPX.SUPERUSER) TYPE(FAC) "
	    "UID(ALICE) SERVICE(READ,UPDATE) ALLOW UID(-) PREVENT");
	has("ACF6R769I RULE BPX.SUPERUSER STORED");
	run_ok("SET RESOURCE(FAC) DECOMP BPX.SUPERUSER");
	has("$KEY(BPX.SUPERUSER) TYPE(FAC)\n UID(ALICE) SERVICE(READ,UPDATE) "
	    "ALLOW\n UID(-) PREVENT\n");
	run_ok("SET RESOURCE(FAC) RECKEY BPX.SUPERUSER ADD(UID(BOB) LOG)");
	run_ok("SET RESOURCE(FAC) DECOMP BPX.SUPERUSER");
	has(" UID(BOB) LOG\n");
	/* Another type holds other rule sets. */
	run_rc(4, "SET RESOURCE(SAF) DECOMP BPX.SUPERUSER", "NOT FOUND");
	run_rc(4, "SET RULE DECOMP BPX", "NOT FOUND");
	run_rc(12, "SET RESOURCE(FAC) COMPILE $KEY(X) UID(A)", "ALLOW, LOG "
	    "OR PREVENT MISSING");
	run_rc(12, "SET RESOURCE(FAC) COMPILE $KEY(X) UID(A) SERVICE(FLY) "
	    "ALLOW", "SERVICE FLY");
	run_rc(12, "SET RESOURCE(FACILITY) LIST", "ACF6C021E SET TAKES");
	run_rc(12, "SET RESOURCE(FAC) INSERT X", "NOT A SUBCOMMAND OF "
	    "RESOURCE MODE");
}
END_TEST

START_TEST(session_modes)
{
	struct acf2_session ses;

	memset(&ses, 0, sizeof(ses));
	run_ok("SET RULE COMPILE $KEY(PAY) - UID(ALICE) R(A)");
	ck_assert_int_eq(run_ses(&ses, "ACF2ADM", "SET RULE"), 0);
	ck_assert_int_eq(ses.as_mode, ACF2_MODE_RULE);
	ck_assert_int_eq(run_ses(&ses, "ACF2ADM", "DECOMP PAY"), 0);
	has("$KEY(PAY)");
	/* A SET with a subcommand leaves the session's mode alone. */
	ck_assert_int_eq(run_ses(&ses, "ACF2ADM", "SET LID LIST ACF2ADM"), 0);
	ck_assert_int_eq(ses.as_mode, ACF2_MODE_RULE);
	ck_assert_int_eq(run_ses(&ses, "ACF2ADM", "SET RESOURCE(FAC)"), 0);
	ck_assert_int_eq(ses.as_mode, ACF2_MODE_RESOURCE);
	ck_assert_str_eq(ses.as_rtype, "FAC");
	ck_assert_int_eq(run_ses(&ses, "ACF2ADM", "END"), 0);
	ck_assert_int_eq(ses.as_mode, ACF2_MODE_LID);
	/* Without a session, a lone SET does nothing and says so. */
	run_rc(4, "SET RULE", "ACF6C023W");
	run_ok("LIST ACF2ADM");
	run_rc(12, "SET BOGUS LIST", "ACF6C021E SET TAKES");
	run_rc(12, "SET", "ACF6C021E SET TAKES");
	run_rc(12, "SET RULE INSERT X", "NOT A SUBCOMMAND OF RULE MODE");
	run_rc(12, "SET CONTROL(GSO) CHANGE LID", "ONLY THE GSO RECORD PSWD");
}
END_TEST

START_TEST(streaming_stops)
{
	char cmd[64];
	int i;

	for (i = 0; i < 50; i++) {
		snprintf(cmd, sizeof(cmd), "INSERT U%03d TSO", i);
		run_ok(cmd);
	}
	reset_out();
	cut_after = 30;
	ck_assert_int_eq(acf2_command(db, NULL, "ACF2ADM", "LIST LIKE(U-)",
	    13, &sink), 0);
	ck_assert_int_eq(nlines, 30);
	run_ok("LIST LIKE(U-)");
	has("ACF6C041I 50 LOGONIDS LISTED");
}
END_TEST

START_TEST(two_handles)
{
	struct acf2_db *other = open_db();
	struct acf2_db *mine = db;

	run_ok("INSERT JOE NAME(JOE)");
	db = other;
	run_ok("LIST JOE");
	has("JOE ");
	run_ok("CHANGE JOE TSO");
	db = mine;
	run_ok("LIST JOE");
	has("  TSO\n");
	acf2_close(other);
}
END_TEST

static Suite *
acf2_db_suite(void)
{
	Suite *s = suite_create("acf2_db");
	TCase *tc;

	tc = tcase_create("lid");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, new_database);
	tcase_add_test(tc, list_golden);
	tcase_add_test(tc, insert_change_delete_errors);
	tcase_add_test(tc, authority);
	tcase_add_test(tc, no_flags_and_clearing);
	tcase_add_test(tc, masks_and_order);
	tcase_add_test(tc, list_extensions);
	tcase_add_test(tc, injection_stays_literal);
	tcase_add_test(tc, atomic_and_events_on_commit);
	tcase_add_test(tc, streaming_stops);
	tcase_add_test(tc, two_handles);
	suite_add_tcase(s, tc);
	tc = tcase_create("passwords");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, passwords_rules);
	tcase_add_test(tc, verify_paths);
	tcase_add_test(tc, verify_suspension);
	suite_add_tcase(s, tc);
	tc = tcase_create("rules");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, access_rules);
	tcase_add_test(tc, resource_rules);
	tcase_add_test(tc, session_modes);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(acf2_db_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
