/*
 * check_acf2_list.c - LIST and DECOMP output printed by the ACF2
 * simulator (on a temporary database) to exact entries: every section
 * of a logonid record, quoted values, records separated as LIKE
 * separates them, messages in between, chunks cut anywhere, and the
 * lines that are not LIST output.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backends/map.h"
#include "backends/quote.h"
#include "backends/acf2/acf2_list.h"
#include "gateway/entry.h"
#include "gateway/schema.h"
#include "mainframe-agent/sim/acf2/acf2.h"

#include "testacf2.h"
#include "testdir.h"
#include "testreq.h"

#define SUFFIX	"dc=acf2,dc=com"

static struct schema *sch;
static struct map *map;
static struct acf2_db *db;
static char err[512];

/* Entries as LDIF-ish text, appended by the callback. */
static char *dump;
static size_t dumplen;

/* The simulator's output lines. */
static char **lines;
static size_t nlines;

static void
dump_add(const char *s)
{
	size_t n = strlen(s);

	dump = realloc(dump, dumplen + n + 1);
	memcpy(dump + dumplen, s, n + 1);
	dumplen += n;
}

static void
dump_cb(void *arg, struct entry *e)
{
	char *attrs = testreq_text(e, NULL);

	(void)arg;
	dump_add("dn: ");
	dump_add(e->e_dn);
	dump_add("\n");
	dump_add(attrs);
	dump_add("\n");
	free(attrs);
	entry_free(e);
}

static void
setup(void)
{
	testacf2_map(&sch, &map);
	testdir_create("check_acf2_list");
	db = testacf2_db(1704888000);	/* 2024-01-10 12:00:00 UTC */
	dump = NULL;
	dumplen = 0;
	dump_add("");
	lines = NULL;
	nlines = 0;
}

static void
clear_lines(void)
{
	size_t i;

	for (i = 0; i < nlines; i++)
		free(lines[i]);
	free(lines);
	lines = NULL;
	nlines = 0;
}

static void
teardown(void)
{
	clear_lines();
	free(dump);
	acf2_close(db);
	testdir_remove();
	map_unref(map);
	schema_free(sch);
}

static int
line_cb(void *arg, const char *line, size_t len)
{
	(void)arg;
	lines = realloc(lines, (nlines + 1) * sizeof(*lines));
	lines[nlines] = malloc(len + 1);
	memcpy(lines[nlines], line, len);
	lines[nlines][len] = '\0';
	nlines++;
	return 0;
}

/* Run a command as ACF2ADM; its output replaces the lines. */
static int
sim(const char *cmd)
{
	struct esm_out o = { line_cb, NULL };

	clear_lines();
	return acf2_command(db, NULL, "ACF2ADM", cmd, strlen(cmd), &o);
}

static void
sim_ok(const char *cmd)
{
	int rc = sim(cmd);

	ck_assert_msg(rc == 0, "%s: rc %d: %s", cmd, rc,
	    nlines > 0 ? lines[0] : "");
}

/*
 * Parse the lines, chunk lines at a time (0: all at once); returns
 * acf2_list_feed's result; the entries are in dump.
 */
static int
parse(enum acf2_list_kind kind, size_t chunk, size_t *nmsg)
{
	struct acf2_list *al;
	struct berval *bv;
	size_t i, n;
	int rc = 0;

	free(dump);
	dump = NULL;
	dumplen = 0;
	dump_add("");
	bv = calloc(nlines + 1, sizeof(*bv));
	for (i = 0; i < nlines; i++) {
		bv[i].bv_val = lines[i];
		bv[i].bv_len = strlen(lines[i]);
	}
	al = acf2_list_new(kind, map, sch, SUFFIX, dump_cb, NULL);
	if (chunk == 0)
		chunk = nlines;
	for (i = 0; i < nlines && rc == 0; i += n) {
		n = nlines - i < chunk ? nlines - i : chunk;
		rc = acf2_list_feed(al, bv + i, n, err, sizeof(err));
	}
	if (rc == 0)
		acf2_list_end(al, err, sizeof(err));
	if (nmsg != NULL)
		*nmsg = acf2_list_nmessages(al);
	acf2_list_free(al);
	free(bv);
	return rc;
}

static void
has(const char *what)
{
	ck_assert_msg(strstr(dump, what) != NULL, "expected [%s] in:\n%s",
	    what, dump);
}

static void
hasnt(const char *what)
{
	ck_assert_msg(strstr(dump, what) == NULL, "did not expect [%s] in:\n%s",
	    what, dump);
}

/* A logonid with a value in every section, quoted values included. */
static const char insert_alice[] =
    "INSERT ALICE NAME('ALICE O''BRIEN') GROUP(PAYROLL) PHONE('555 0101') "
    "TSO JCL SECURITY NON-CNCL PREFIX(ALICE) EXPIRE(12/31/25) "
    "ACTIVE(01/01/24) MAXDAYS(30) MINDAYS(1) PASSWORD(TEMP1) NOPSWD-EXP "
    "CICSID(A01) CICSPRI(10) IDLE(30) CICSCL(00C001) CICSRLS(0000FF) "
    "CICSOPT(CICSPROD) ACF2CICS KERB-VIO(3) KERBCURV(2) SEC-VIO(4) "
    "DFT-DEST(RMT1) DFT-PFX(ALICE) TSOUNIT(SYSDA) TSORBA(1A2B) "
    "TSOACCT('ACCT (1), ''X''') DFT-SUBH(H) DFT-SUBC(B) TSOSIZE(8192) "
    "DFT-SUBM(X) TSOPROC(ISPFPROC) TSORGN(4096) DFT-SOUT(A) TSOPERF(2) "
    "MAIL ACCTPRIV ALLCMDS WTP TSOFSCRN MOUNT OPERATOR NOTICES PROMPT "
    "LGN-ACCT LGN-MSG LGN-PERF LGN-PROC LGN-TIME LGN-RCVR LGN-SIZE "
    "LGN-UNIT LGN-DEST INTERCOM MONITOR";

static const char golden_alice[] =
"dn: uid=ALICE,ou=People,dc=acf2,dc=com\n"
"objectClass: top\n"
"objectClass: person\n"
"objectClass: organizationalPerson\n"
"objectClass: inetOrgPerson\n"
"objectClass: acf2User\n"
"uid: ALICE\n"
"cn: ALICE O'BRIEN\n"
"sn: O'BRIEN\n"
"givenName: ALICE\n"
"defaultGroup: PAYROLL\n"
"passwordExpire: FALSE\n"
"minDays: 1\n"
"maxDays: 30\n"
"pswdInv: 0\n"
"pswdVio: 0\n"
"kerbVio: 3\n"
"kerbCurv: 2\n"
"pswdTod: 20240110120000Z\n"
"suspend: FALSE\n"
"cancel: FALSE\n"
"activeDate: 20240101000000Z\n"
"expire: 20251231000000Z\n"
"prefix: ALICE\n"
"privileges: NON-CNCL\n"
"privileges: SECURITY\n"
"privileges: TSO\n"
"accessCnt: 0\n"
"accessTime: 00:00\n"
"secVio: 4\n"
"updTod: 20240110120000Z\n"
"cicsid: A01\n"
"cicsPri: 10\n"
"cicsIdle: 30\n"
"cicsCl: 00C001\n"
"cicsRsl: 0000FF\n"
"cicsOpt: CICSPROD\n"
"cicsAcf2Cics: TRUE\n"
"tsoAcctNum: ACCT (1), 'X'\n"
"tsoProc: ISPFPROC\n"
"tsoSize: 4096\n"
"tsoMaxSize: 8192\n"
"tsoUnit: SYSDA\n"
"tsoDest: RMT1\n"
"tsoDftPfx: ALICE\n"
"tsoRba: 1A2B\n"
"tsoPerf: 2\n"
"tsoHoldclass: H\n"
"tsoSubmitclass: B\n"
"tsoMsgclass: X\n"
"tsoSysoutclass: A\n"
"tsoJcl: TRUE\n"
"tsoMail: TRUE\n"
"tsoAcctPriv: TRUE\n"
"tsoAllCmds: TRUE\n"
"tsoWtp: TRUE\n"
"tsoFscrn: TRUE\n"
"tsoMount: TRUE\n"
"tsoOperator: TRUE\n"
"tsoNotices: TRUE\n"
"tsoPrompt: TRUE\n"
"tsoLgnAcct: TRUE\n"
"tsoLgnMsg: TRUE\n"
"tsoLgnPerf: TRUE\n"
"tsoLgnProc: TRUE\n"
"tsoLgnTime: TRUE\n"
"tsoLgnRcvr: TRUE\n"
"tsoLgnSize: TRUE\n"
"tsoLgnUnit: TRUE\n"
"tsoIntercom: TRUE\n"
"\n";

START_TEST(list_every_section)
{
	size_t nmsg;

	sim_ok(insert_alice);
	sim_ok("LIST ALICE");
	ck_assert_int_eq(parse(ACF2_LIST_LIDS, 0, &nmsg), 0);
	ck_assert_str_eq(dump, golden_alice);
	ck_assert_uint_eq(nmsg, 0);
	/* Line by line and in odd chunks, the same entry. */
	ck_assert_int_eq(parse(ACF2_LIST_LIDS, 1, NULL), 0);
	ck_assert_str_eq(dump, golden_alice);
	ck_assert_int_eq(parse(ACF2_LIST_LIDS, 7, NULL), 0);
	ck_assert_str_eq(dump, golden_alice);
}
END_TEST

/* Flags off, statistics after a logon, NAME absent, a PSWD-EXP. */
START_TEST(list_states)
{
	struct esm_out o = { line_cb, NULL };

	sim_ok("INSERT BOB NAME(BOB BLOGGS) PASSWORD(PW1PW1) NOPSWD-EXP");
	ck_assert_int_eq(acf2_verify(db, "BOB", "PW1PW1", NULL, &o), 0);
	sim_ok("CHANGE BOB SUSPEND CANCEL");
	sim_ok("INSERT NONAME PASSWORD(X1X1)");
	sim_ok("LIST BOB");
	ck_assert_int_eq(parse(ACF2_LIST_LIDS, 0, NULL), 0);
	has("cn: BOB BLOGGS\nsn: BLOGGS\ngivenName: BOB\n");
	has("suspend: TRUE\ncancel: TRUE\n");
	has("accessCnt: 1\naccessDate: 20240110000000Z\naccessTime: 12:00\n"
	    "accessSrce: ESMTERM\n");
	has("passwordExpire: FALSE\n");
	has("tsoJcl: FALSE\n");
	hasnt("privileges");
	hasnt("defaultGroup");
	hasnt("expire:");
	sim_ok("LIST NONAME");
	ck_assert_int_eq(parse(ACF2_LIST_LIDS, 0, NULL), 0);
	/* person needs cn and sn: the LID stands in for NAME. */
	has("uid: NONAME\ncn: NONAME\nsn: NONAME\n");
	hasnt("givenName");
	has("passwordExpire: TRUE\n");
}
END_TEST

/* LIST A B C and LIST LIKE(-): records, empty lines, messages. */
START_TEST(list_several)
{
	size_t nmsg;
	char *eve;

	sim_ok(insert_alice);
	sim_ok("INSERT BOB NAME(BOB)");
	sim_ok("INSERT EVE NAME('X'') SECURITY (') TSOACCT('A,B) JCL')");
	ck_assert_int_eq(sim("LIST EVE NOBODY BOB ALICE"), 4);
	ck_assert_int_eq(parse(ACF2_LIST_LIDS, 3, &nmsg), 0);
	/* The NOBODY message and the ACF6C041I count. */
	ck_assert_uint_eq(nmsg, 2);
	ck_assert(strstr(dump, "dn: uid=EVE,") < strstr(dump, "dn: uid=BOB,"));
	ck_assert(strstr(dump, "dn: uid=BOB,") < strstr(dump, "dn: uid=ALICE,"));
	has("uid: EVE\ncn: X') SECURITY (\n");
	has("tsoAcctNum: A,B) JCL\n");
	/* EVE's quoted values gave her no privilege. */
	eve = strstr(dump, "dn: uid=EVE,");
	*strstr(eve, "dn: uid=BOB,") = '\0';
	ck_assert_ptr_null(strstr(eve, "privileges"));
	ck_assert_ptr_nonnull(strstr(eve, "tsoJcl: FALSE"));
	sim_ok("LIST LIKE(-)");
	ck_assert_int_eq(parse(ACF2_LIST_LIDS, 5, &nmsg), 0);
	ck_assert_uint_eq(nmsg, 1);
	has("dn: uid=ACF2ADM,");
	has(golden_alice + strlen("dn: uid=ALICE,ou=People,dc=acf2,dc=com\n"));
	ck_assert(strstr(dump, "dn: uid=ACF2ADM,") < strstr(dump,
	    "dn: uid=ALICE,"));
	ck_assert(strstr(dump, "dn: uid=BOB,") < strstr(dump, "dn: uid=EVE,"));
	/* Nothing found: messages only. */
	ck_assert_int_eq(sim("LIST NOBODY"), 4);
	ck_assert_int_eq(parse(ACF2_LIST_LIDS, 0, &nmsg), 0);
	ck_assert_str_eq(dump, "");
	ck_assert_uint_eq(nmsg, 1);
}
END_TEST

/* A LID that looks like a message id is still a record. */
START_TEST(list_message_like_lid)
{
	size_t nmsg;

	sim_ok("INSERT ACF6C011 NAME(ODD ONE)");
	ck_assert_int_eq(sim("LIST ACF6C011 NOBODY"), 4);
	ck_assert_int_eq(parse(ACF2_LIST_LIDS, 0, &nmsg), 0);
	has("uid: ACF6C011\ncn: ODD ONE\n");
	ck_assert_uint_eq(nmsg, 2);
}
END_TEST

/* Lines that are not LIST output are refused with a reason. */
static const char *const badlid[] = {
	"HELLO WORLD FROM SOMEWHERE ELSE",	/* not a head, nor a message */
	" ACCESS",				/* a section before a record */
	"ALICE                                          A\n  TSOPROC(ISPF",
	"ALICE                                          A\n  TSOACCT('A)",
	"ALICE                                          A\n  X(A)B",
	"ALICE                                          A\n  A(B(C))",
	"ALICE                                          A\n  )",
	"ALICE                                          A\n  'Q'",
	"ALICE                                          A\nnot list output",
	"alice                                          lower case LID",
	"TOOLONGID                                      A",
};

START_TEST(list_not_list_output)
{
	char *copy, *p, *nl;

	clear_lines();
	copy = strdup(badlid[_i]);
	for (p = copy; p != NULL; p = nl) {
		if ((nl = strchr(p, '\n')) != NULL)
			*nl++ = '\0';
		line_cb(NULL, p, strlen(p));
	}
	free(copy);
	ck_assert_int_eq(parse(ACF2_LIST_LIDS, 0, NULL), -1);
	ck_assert_msg(strstr(err, "LIST") != NULL, "%s", err);
}
END_TEST

START_TEST(list_bad_bytes)
{
	struct acf2_list *al;
	struct berval bv;
	char *big;

	al = acf2_list_new(ACF2_LIST_LIDS, map, sch, SUFFIX, dump_cb, NULL);
	bv.bv_val = "ALICE\0 X";
	bv.bv_len = 8;
	ck_assert_int_eq(acf2_list_feed(al, &bv, 1, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "NUL"));
	big = malloc(9000);
	memset(big, 'A', 9000);
	bv.bv_val = big;
	bv.bv_len = 9000;
	ck_assert_int_eq(acf2_list_feed(al, &bv, 1, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "too long"));
	free(big);
	/* An unknown section's tokens are skipped, known ones kept. */
	clear_lines();
	line_cb(NULL, "ZED", 3);
	line_cb(NULL, " EXTRA", 6);
	line_cb(NULL, "  TSOPROC(NOTME) SECURITY", 25);
	line_cb(NULL, " PRIVILEGES", 11);
	line_cb(NULL, "  AUDIT", 7);
	line_cb(NULL, "", 0);
	line_cb(NULL, "ACF6C041I 1 LOGONIDS LISTED", 27);
	acf2_list_free(al);
	ck_assert_int_eq(parse(ACF2_LIST_LIDS, 0, NULL), 0);
	has("uid: ZED\ncn: ZED\n");
	has("privileges: AUDIT\n");
	hasnt("NOTME");
	hasnt("SECURITY");
}
END_TEST

START_TEST(decomp_rule_sets)
{
	size_t nmsg;

	sim_ok("SET RULE COMPILE $KEY(PAY) SALARY.- UID(ALICE) R(A) W(L) "
	    "- UID(-) READ(P)");
	sim_ok("SET RULE COMPILE $KEY(GL) - UID(BOB) R(A)");
	ck_assert_int_eq(sim("SET RULE DECOMP PAY NOPE GL"), 4);
	ck_assert_int_eq(parse(ACF2_LIST_RULES, 2, &nmsg), 0);
	ck_assert_str_eq(dump,
	    "dn: acf2RuleKey=PAY,ou=Rules,dc=acf2,dc=com\n"
	    "objectClass: top\n"
	    "objectClass: acf2RuleSet\n"
	    "acf2RuleKey: PAY\n"
	    "acf2RuleEntry: SALARY.- UID(ALICE) R(A) W(L)\n"
	    "acf2RuleEntry: - UID(-) R(P)\n"
	    "acf2RuleStoredBy: ACF2ADM\n"
	    "acf2RuleStoredOn: 20240110120000Z\n"
	    "\n"
	    "dn: acf2RuleKey=GL,ou=Rules,dc=acf2,dc=com\n"
	    "objectClass: top\n"
	    "objectClass: acf2RuleSet\n"
	    "acf2RuleKey: GL\n"
	    "acf2RuleEntry: - UID(BOB) R(A)\n"
	    "acf2RuleStoredBy: ACF2ADM\n"
	    "acf2RuleStoredOn: 20240110120000Z\n"
	    "\n");
	ck_assert_uint_eq(nmsg, 1);
	/* DECOMP without the ACF6R790I line still names its rule set. */
	clear_lines();
	line_cb(NULL, "$KEY(TAX)", 9);
	line_cb(NULL, " - UID(X) R(A)", 14);
	line_cb(NULL, "$KEY(TAX2)", 10);
	line_cb(NULL, " - UID(Y) R(A)", 14);
	ck_assert_int_eq(parse(ACF2_LIST_RULES, 1, NULL), 0);
	has("acf2RuleKey: TAX\nacf2RuleEntry: - UID(X) R(A)\n\n");
	has("acf2RuleKey: TAX2\nacf2RuleEntry: - UID(Y) R(A)\n\n");
	/* Not DECOMP output. */
	clear_lines();
	line_cb(NULL, " - UID(X) R(A)", 14);
	ck_assert_int_eq(parse(ACF2_LIST_RULES, 0, NULL), -1);
	clear_lines();
	line_cb(NULL, "$KEY(TAX", 8);
	ck_assert_int_eq(parse(ACF2_LIST_RULES, 0, NULL), -1);
	clear_lines();
	line_cb(NULL, "$KEY(TAX)", 9);
	line_cb(NULL, "garbage", 7);
	ck_assert_int_eq(parse(ACF2_LIST_RULES, 0, NULL), -1);
	ck_assert_ptr_nonnull(strstr(err, "DECOMP"));
}
END_TEST

START_TEST(list_commands)
{
	const char *ids[] = { "ALICE", "BOB", "EVE" };
	const char *rids[] = { "FAC/BPX.SUPERUSER", "FAC/BPX.DAEMON",
	    "SAF/IRR.RADMIN" };
	char *c;

	c = acf2_list_command(ACF2_LIST_LIDS, ids, 1);
	ck_assert_str_eq(c, "LIST ALICE");
	free(c);
	c = acf2_list_command(ACF2_LIST_LIDS, ids, 3);
	ck_assert_str_eq(c, "LIST ALICE BOB EVE");
	free(c);
	c = acf2_list_command(ACF2_LIST_RULES, ids, 2);
	ck_assert_str_eq(c, "SET RULE DECOMP ALICE BOB");
	free(c);
	c = acf2_list_command(ACF2_LIST_RESOURCES, rids, 2);
	ck_assert_str_eq(c, "SET RESOURCE(FAC) DECOMP BPX.SUPERUSER BPX.DAEMON");
	free(c);
	/* One command lists rule sets of one type. */
	ck_assert_int_eq(acf2_list_together(ACF2_LIST_RESOURCES, rids[0],
	    rids[1]), 1);
	ck_assert_int_eq(acf2_list_together(ACF2_LIST_RESOURCES, rids[1],
	    rids[2]), 0);
	ck_assert_int_eq(acf2_list_together(ACF2_LIST_RULES, ids[0], ids[1]),
	    1);
}
END_TEST

/*
 * Ids read from the enumeration's output, every line in a buffer of its
 * own length (the link does not end lines with a NUL).
 */
static void
enum_ids(enum acf2_list_kind kind, char *out, size_t outlen)
{
	char id[ESM_NAME_MAX + 1], *b;
	size_t i, n;

	out[0] = '\0';
	for (i = 0; i < nlines; i++) {
		n = strlen(lines[i]);
		b = malloc(n == 0 ? 1 : n);
		memcpy(b, lines[i], n);
		if (acf2_list_enum_line(kind, b, n, id) == 0) {
			strncat(out, id, outlen - strlen(out) - 1);
			strncat(out, " ", outlen - strlen(out) - 1);
		}
		free(b);
	}
}

/* The enumeration command is cmd; run, it names the ids want. */
static void
enum_ok(enum acf2_list_kind kind, const char *prefix, const char *cmd,
    const char *want)
{
	char ids[256], *c;

	c = acf2_list_enum_command(kind, prefix);
	ck_assert_str_eq(c, cmd);
	sim_ok(c);
	free(c);
	enum_ids(kind, ids, sizeof(ids));
	ck_assert_str_eq(ids, want);
}

START_TEST(enum_commands)
{
	static const char *const open[] = { "$KEY(TAX", "$KEY()",
	    "$KEY(TA X)", "ALI CE", "" };
	char id[ESM_NAME_MAX + 1], *b;
	size_t i;

	sim_ok("INSERT ALICE NAME(ALICE)");
	sim_ok("INSERT ALBERT NAME(ALBERT)");
	sim_ok("INSERT ALBERTO1 NAME(ALBERTO)");
	sim_ok("INSERT BOB NAME(BOB)");
	enum_ok(ACF2_LIST_LIDS, NULL, "LIST LIKE(-) LIDS",
	    "ACF2ADM ALBERT ALBERTO1 ALICE BOB ");
	enum_ok(ACF2_LIST_LIDS, "AL", "LIST LIKE(AL-) LIDS",
	    "ALBERT ALBERTO1 ALICE ");
	/* A prefix of eight is the logonid itself. */
	enum_ok(ACF2_LIST_LIDS, "ALBERTO1", "LIST LIKE(ALBERTO1) LIDS",
	    "ALBERTO1 ");
	sim_ok("SET RULE COMPILE $KEY(PAY) - UID(ALICE) R(A)");
	sim_ok("SET RULE COMPILE $KEY(PAYROLL1) - UID(BOB) R(A)");
	sim_ok("SET RULE COMPILE $KEY(GL) - UID(BOB) R(A)");
	enum_ok(ACF2_LIST_RULES, NULL, "SET RULE LIST", "GL PAY PAYROLL1 ");
	enum_ok(ACF2_LIST_RULES, "PAYROLL1", "SET RULE LIST LIKE(PAYROLL1-)",
	    "PAYROLL1 ");

	/* Lines that name no id, read no further than their length. */
	for (i = 0; i < sizeof(open) / sizeof(open[0]); i++) {
		b = malloc(strlen(open[i]) == 0 ? 1 : strlen(open[i]));
		memcpy(b, open[i], strlen(open[i]));
		ck_assert_msg(acf2_list_enum_line(ACF2_LIST_RULES, b,
		    strlen(open[i]), id) == -1, "%s", open[i]);
		free(b);
	}
	b = malloc(9);
	memcpy(b, "$KEY(TAX)", 9);
	ck_assert_int_eq(acf2_list_enum_line(ACF2_LIST_RULES, b, 9, id), 0);
	ck_assert_str_eq(id, "TAX");
	/* A rule key is not a logonid line, nor a resource without TYPE. */
	ck_assert_int_eq(acf2_list_enum_line(ACF2_LIST_LIDS, b, 9, id), -1);
	ck_assert_int_eq(acf2_list_enum_line(ACF2_LIST_RESOURCES, b, 9, id),
	    -1);
	free(b);
}
END_TEST

START_TEST(enum_resources)
{
	static const char *const bad[] = { "$KEY(BPX) TYPE(FA)",
	    "$KEY(BPX) TYPE(FACX)", "$KEY(BPX) TYPE(FAC", "$KEY(BPX)",
	    "$KEY(BPX..X) TYPE(FAC)", "$KEY(BPX) TYP(FAC)" };
	char id[ESM_NAME_MAX + 1], *b;
	size_t i;

	sim_ok("SET RESOURCE(FAC) COMPILE $KEY(BPX.SUPERUSER) UID(ALICE) "
	    "SERVICE(READ) ALLOW");
	sim_ok("SET RESOURCE(FAC) COMPILE $KEY(BPX.DAEMON) UID(BOB) ALLOW");
	sim_ok("SET RESOURCE(SAF) COMPILE $KEY(BPX.SUPERUSER) PREVENT");
	sim_ok("SET RULE COMPILE $KEY(PAY) - UID(ALICE) R(A)");
	/* Every type, and no access rule set among them. */
	enum_ok(ACF2_LIST_RESOURCES, NULL, "SET RESOURCE(-) LIST",
	    "FAC/BPX.DAEMON FAC/BPX.SUPERUSER SAF/BPX.SUPERUSER ");
	/* A prefix shorter than a type and its key: every type. */
	enum_ok(ACF2_LIST_RESOURCES, "FAC/", "SET RESOURCE(-) LIST",
	    "FAC/BPX.DAEMON FAC/BPX.SUPERUSER SAF/BPX.SUPERUSER ");
	enum_ok(ACF2_LIST_RESOURCES, "FAC/BPX.S",
	    "SET RESOURCE(FAC) LIST LIKE(BPX.S-)", "FAC/BPX.SUPERUSER ");
	/* Lines that name no resource rule set. */
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		b = malloc(strlen(bad[i]));
		memcpy(b, bad[i], strlen(bad[i]));
		ck_assert_msg(acf2_list_enum_line(ACF2_LIST_RESOURCES, b,
		    strlen(bad[i]), id) == -1, "%s", bad[i]);
		free(b);
	}
}
END_TEST

START_TEST(decomp_resource_rule_sets)
{
	sim_ok("SET RESOURCE(FAC) COMPILE $KEY(BPX.SUPERUSER) UID(ALICE) "
	    "SERVICE(UPDATE,READ) ALLOW UID(-) LOG");
	sim_ok("SET RESOURCE(FAC) COMPILE $KEY(BPX.DAEMON) PREVENT");
	ck_assert_int_eq(sim("SET RESOURCE(FAC) DECOMP BPX.SUPERUSER "
	    "BPX.DAEMON"), 0);
	ck_assert_int_eq(parse(ACF2_LIST_RESOURCES, 2, NULL), 0);
	ck_assert_str_eq(dump,
	    "dn: acf2Resource=FAC/BPX.SUPERUSER,ou=Resources,dc=acf2,dc=com\n"
	    "objectClass: top\n"
	    "objectClass: acf2ResourceRuleSet\n"
	    "acf2Resource: FAC/BPX.SUPERUSER\n"
	    "acf2ResourceType: FAC\n"
	    "acf2ResourceKey: BPX.SUPERUSER\n"
	    "acf2ResourceEntry: UID(ALICE) SERVICE(READ,UPDATE) ALLOW\n"
	    "acf2ResourceEntry: UID(-) LOG\n"
	    "acf2RuleStoredBy: ACF2ADM\n"
	    "acf2RuleStoredOn: 20240110120000Z\n"
	    "\n"
	    "dn: acf2Resource=FAC/BPX.DAEMON,ou=Resources,dc=acf2,dc=com\n"
	    "objectClass: top\n"
	    "objectClass: acf2ResourceRuleSet\n"
	    "acf2Resource: FAC/BPX.DAEMON\n"
	    "acf2ResourceType: FAC\n"
	    "acf2ResourceKey: BPX.DAEMON\n"
	    "acf2ResourceEntry: PREVENT\n"
	    "acf2RuleStoredBy: ACF2ADM\n"
	    "acf2RuleStoredOn: 20240110120000Z\n"
	    "\n");
	/* A resource rule set's $KEY line names its type. */
	clear_lines();
	line_cb(NULL, "$KEY(BPX.SUPERUSER)", 19);
	line_cb(NULL, " UID(X) ALLOW", 13);
	ck_assert_int_eq(parse(ACF2_LIST_RESOURCES, 0, NULL), -1);
	ck_assert_ptr_nonnull(strstr(err, "DECOMP"));
}
END_TEST

static Suite *
list_suite(void)
{
	Suite *s = suite_create("acf2_list");
	TCase *tc;

	tc = tcase_create("list");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, list_every_section);
	tcase_add_test(tc, list_states);
	tcase_add_test(tc, list_several);
	tcase_add_test(tc, list_message_like_lid);
	tcase_add_loop_test(tc, list_not_list_output, 0,
	    sizeof(badlid) / sizeof(badlid[0]));
	tcase_add_test(tc, list_bad_bytes);
	tcase_add_test(tc, decomp_rule_sets);
	tcase_add_test(tc, list_commands);
	tcase_add_test(tc, enum_commands);
	tcase_add_test(tc, enum_resources);
	tcase_add_test(tc, decomp_resource_rule_sets);
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
