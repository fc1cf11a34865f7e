/*
 * check_acf2_cmd.c - command plans for LDAP add, modify, delete and
 * password changes of ACF2 logonids, access rule sets and resource rule
 * sets: the exact
 * commands, every refusal, and then the plans run against a real
 * simulator database, read back with LIST and DECOMP through acf2_list,
 * to prove that values are stored literally and that hostile values are
 * refused or stored as they are with no other operand taking effect.
 */
#include "config.h"

#include <check.h>
#include <ldap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "backends/map.h"
#include "backends/acf2/acf2_cmd.h"
#include "backends/acf2/acf2_list.h"
#include "gateway/entry.h"
#include "gateway/pdu.h"
#include "gateway/schema.h"
#include "mainframe-agent/sim/acf2/acf2.h"

#include "testacf2.h"
#include "testdir.h"
#include "testplan.h"
#include "testreq.h"

#define SUFFIX	"dc=acf2,dc=com"
#define RULES	",ou=Rules," SUFFIX
#define RESOURCES	",ou=Resources," SUFFIX

static struct schema *sch;
static struct map *map;
static struct acf2_db *db;
static struct esm_plan plan;
static char text[512], err[512];

#define val	testreq_val
#define nvals	testreq_nvals
#define outbuf	testplan_outbuf
#define sim	testplan_sim
#define sim_ok	testplan_sim_ok

static int
acf2_sim(const char *cmd, size_t len, const struct esm_out *o)
{
	return acf2_command(db, NULL, "ACF2ADM", cmd, len, o);
}

static void
setup(void)
{
	testacf2_map(&sch, &map);
	testdir_create("check_acf2_cmd");
	db = testacf2_db(1736942400);	/* 2025-01-15 12:00:00 UTC */
	testplan_sim_bind(acf2_sim, NULL, 0);
	memset(&plan, 0, sizeof(plan));
}

static void
teardown(void)
{
	esm_plan_clear(&plan);
	free(plan.ep_cmds);
	acf2_close(db);
	testdir_remove();
	map_unref(map);
	schema_free(sch);
}

/* Run every command of the plan; each must succeed. */
static void
run(void)
{
	testplan_run(&plan);
}

static int
acf2_feed(void *al, const struct berval *lines, size_t n, char *e,
    size_t elen)
{
	return acf2_list_feed(al, lines, n, e, elen);
}

/* LIST or DECOMP one logonid or rule set back into an entry. */
static struct entry *
list_maybe(enum acf2_list_kind kind, const char *id)
{
	struct acf2_list *al;
	char *cmd;

	al = acf2_list_new(kind, map, sch, SUFFIX, testplan_got_cb, NULL);
	cmd = acf2_list_command(kind, &id, 1);
	testplan_list(cmd, acf2_feed, al);
	free(cmd);
	acf2_list_end(al, err, sizeof(err));
	acf2_list_free(al);
	return testplan_listed();
}

static struct entry *
list(enum acf2_list_kind kind, const char *id)
{
	struct entry *e = list_maybe(kind, id);

	ck_assert_msg(e != NULL, "%s: not listed", id);
	return e;
}

static void
plan_is(const char *const *want)
{
	testreq_plan_is(&plan, want);
}

static int
add(enum map_class cls, const char *id, const char *const *s)
{
	struct pdu_attr *a;
	size_t n = testreq_attrs(s, &a);

	return acf2_plan_add(cls, map, sch, SUFFIX, id, a, n, &plan, text,
	    sizeof(text));
}

/* A modify of id against what LIST or DECOMP shows of it now. */
static int
modify(enum map_class cls, const char *id, const char *const *s)
{
	struct entry *cur = list(cls == MAP_USER ? ACF2_LIST_LIDS :
	    cls == MAP_GROUP ? ACF2_LIST_RULES : ACF2_LIST_RESOURCES, id);
	struct pdu_mod *m;
	size_t n = testreq_mods(s, &m);
	int rc;

	rc = acf2_plan_modify(cls, map, sch, SUFFIX, id, cur, m, n, &plan,
	    text, sizeof(text));
	entry_free(cur);
	return rc;
}

/* ---- logonids ------------------------------------------------------- */

START_TEST(cmd_add_user_runs)
{
	static const char *const req[] = {
		"objectClass: top | person | organizationalPerson | "
		    "inetOrgPerson | acf2User",
		"uid: alice",
		"cn: Alice O'Brien",
		"sn: O'Brien",
		"userPassword: Temp1234",
		"passwordExpire: FALSE",
		"defaultGroup: payroll",
		"privileges: tso | non-cncl",
		"tsoJcl: TRUE",
		"prefix: alice",
		"expire: 20261231000000Z",
		"maxDays: 030",
		"cicsid: a01",
		"cicsCl: 00c001",
		"tsoAcctNum: ACCT (1), 'X'",
		"tsoProc: ispfproc",
		"tsoSize: 4096",
		"tsoHoldclass: h",
		"tsoMail: TRUE",
		"suspend: FALSE",
		NULL
	};
	static const char *const want[] = {
		"INSERT ALICE NAME('Alice O''Brien') PASSWORD(TEMP1234) "
		    "NOPSWD-EXP GROUP(PAYROLL) TSO NON-CNCL JCL PREFIX(ALICE) "
		    "EXPIRE(12/31/26) MAXDAYS(30) CICSID('A01') "
		    "CICSCL('00C001') TSOACCT('ACCT (1), ''X''') "
		    "TSOPROC(ISPFPROC) TSORGN(4096) DFT-SUBH('H') MAIL "
		    "NOSUSPEND",
		NULL
	};
	struct entry *e;

	ck_assert_msg(add(MAP_USER, "alice", req) == 0, "%s", text);
	plan_is(want);
	ck_assert_int_eq(plan.ep_cmds[0].ec_secret, 1);
	ck_assert_ptr_null(strstr(plan.ep_cmds[0].ec_what, "TEMP1234"));
	ck_assert_ptr_nonnull(strstr(plan.ep_cmds[0].ec_what,
	    "PASSWORD(********)"));
	run();
	e = list(ACF2_LIST_LIDS, "ALICE");
	ck_assert_str_eq(val(e, "cn", 0), "Alice O'Brien");
	ck_assert_str_eq(val(e, "sn", 0), "O'Brien");
	ck_assert_str_eq(val(e, "givenName", 0), "Alice");
	ck_assert_str_eq(val(e, "defaultGroup", 0), "PAYROLL");
	ck_assert_uint_eq(nvals(e, "privileges"), 2);
	ck_assert_str_eq(val(e, "privileges", 0), "NON-CNCL");
	ck_assert_str_eq(val(e, "privileges", 1), "TSO");
	ck_assert_str_eq(val(e, "tsoJcl", 0), "TRUE");
	ck_assert_str_eq(val(e, "expire", 0), "20261231000000Z");
	ck_assert_str_eq(val(e, "maxDays", 0), "30");
	ck_assert_str_eq(val(e, "cicsid", 0), "A01");
	ck_assert_str_eq(val(e, "tsoAcctNum", 0), "ACCT (1), 'X'");
	ck_assert_str_eq(val(e, "tsoHoldclass", 0), "H");
	ck_assert_str_eq(val(e, "tsoMail", 0), "TRUE");
	ck_assert_str_eq(val(e, "passwordExpire", 0), "FALSE");
	ck_assert_str_eq(val(e, "suspend", 0), "FALSE");
	entry_free(e);
	/* The password was folded as ACF2 folds it, and is not expired. */
	ck_assert_int_eq(acf2_verify(db, "ALICE", "temp1234", NULL, testplan_out()),
	    ACF2_VERIFY_OK);
}
END_TEST

static void
make_joe(void)
{
	sim_ok("INSERT JOE NAME('JOE BLOGGS') GROUP(PAYROLL) AUDIT TSO JCL "
	    "TSOPROC(P1) TSORGN(100) MAXDAYS(30) PASSWORD(JOEPW1) NOPSWD-EXP");
}

START_TEST(cmd_modify_user_runs)
{
	static const char *const req[] = {
		"=cn: Joe Q Bloggs",
		"-privileges: AUDIT",
		"+privileges: READALL",
		"=tsoSize: 200",
		"-tsoProc:",
		"-defaultGroup: payroll",
		"=maxDays: 0",
		"=activeDate: 20250101000000Z",
		"=tsoJcl: FALSE",
		"=cicsAcf2Cics: TRUE",
		NULL
	};
	static const char *const want[] = {
		"CHANGE JOE NAME('Joe Q Bloggs') READALL NOAUDIT TSORGN(200) "
		    "NOTSOPROC NOGROUP MAXDAYS(0) ACTIVE(01/01/25) NOJCL "
		    "ACF2CICS",
		NULL
	};
	struct entry *e;

	make_joe();
	ck_assert_msg(modify(MAP_USER, "joe", req) == 0, "%s", text);
	plan_is(want);
	run();
	e = list(ACF2_LIST_LIDS, "JOE");
	ck_assert_str_eq(val(e, "cn", 0), "Joe Q Bloggs");
	ck_assert_uint_eq(nvals(e, "privileges"), 2);
	ck_assert_str_eq(val(e, "privileges", 0), "READALL");
	ck_assert_str_eq(val(e, "privileges", 1), "TSO");
	ck_assert_str_eq(val(e, "tsoSize", 0), "200");
	ck_assert_ptr_null(val(e, "tsoProc", 0));
	ck_assert_ptr_null(val(e, "defaultGroup", 0));
	ck_assert_str_eq(val(e, "maxDays", 0), "0");
	ck_assert_str_eq(val(e, "activeDate", 0), "20250101000000Z");
	ck_assert_str_eq(val(e, "tsoJcl", 0), "FALSE");
	ck_assert_str_eq(val(e, "cicsAcf2Cics", 0), "TRUE");
	entry_free(e);
}
END_TEST

/* Modify errors: the code and a text naming the attribute. */
static const struct {
	const char	*mod;
	int		 rc;
	const char	*msg;
} modbad[] = {
	{ "-privileges: SECURITY", LDAP_NO_SUCH_ATTRIBUTE, "privileges: no" },
	{ "+privileges: audit", LDAP_TYPE_OR_VALUE_EXISTS, "privileges" },
	{ "+privileges: JCL", LDAP_CONSTRAINT_VIOLATION, "privileges" },
	{ "+privileges: NOAUDIT", LDAP_CONSTRAINT_VIOLATION, "privileges" },
	{ "-cicsid:", LDAP_NO_SUCH_ATTRIBUTE, "cicsid" },
	{ "=cn: A | B", LDAP_CONSTRAINT_VIOLATION, "cn: ACF2 NAME holds one" },
	{ "=cn: ABCDEFGHIJKLMNOPQRSTU", LDAP_CONSTRAINT_VIOLATION, "cn" },
	{ "-cn:", LDAP_CONSTRAINT_VIOLATION, "cn cannot be removed" },
	{ "=mail: a@b", LDAP_UNWILLING_TO_PERFORM, "mail: not stored" },
	{ "=accessCnt: 5", LDAP_CONSTRAINT_VIOLATION, "read-only" },
	{ "=updTod: 20240101000000Z", LDAP_CONSTRAINT_VIOLATION, "read-only" },
	{ "=pswdTod: 20240101000000Z", LDAP_CONSTRAINT_VIOLATION, "read-only" },
	{ "=sn: X", LDAP_CONSTRAINT_VIOLATION, "change cn instead" },
	{ "=uid: OTHER", LDAP_NOT_ALLOWED_ON_RDN, "uid names the entry" },
	{ "+objectClass: acf2RuleSet", LDAP_NO_OBJECT_CLASS_MODS,
	    "objectClass" },
	{ "=suspend: yes", LDAP_INVALID_SYNTAX, "suspend" },
	{ "=maxDays: 256", LDAP_CONSTRAINT_VIOLATION, "maxDays" },
	{ "=maxDays: 3x", LDAP_INVALID_SYNTAX, "maxDays" },
	{ "=expire: 21000101000000Z", LDAP_INVALID_SYNTAX, "expire" },
	{ "=expire: tomorrow", LDAP_INVALID_SYNTAX, "expire" },
	{ "=tsoHoldclass: $", LDAP_CONSTRAINT_VIOLATION, "tsoHoldclass" },
	{ "=cicsCl: 12345", LDAP_CONSTRAINT_VIOLATION, "cicsCl" },
	{ "=cicsCl: 12345G", LDAP_CONSTRAINT_VIOLATION, "cicsCl" },
	{ "=defaultGroup: 9GROUP", LDAP_CONSTRAINT_VIOLATION, "defaultGroup" },
	{ "=tsoAcctNum: 12345678901234567890123456789012345678901",
	    LDAP_CONSTRAINT_VIOLATION, "tsoAcctNum" },
	{ "-userPassword: x", LDAP_UNWILLING_TO_PERFORM, "userPassword" },
	{ "=userPassword: a | b", LDAP_CONSTRAINT_VIOLATION, "userPassword" },
	{ "=userPassword: 123456789", LDAP_CONSTRAINT_VIOLATION,
	    "userPassword" },
	{ "=userPassword: pass word", LDAP_CONSTRAINT_VIOLATION,
	    "userPassword" },
	{ "=acf2RuleEntry: - UID(JOE) R(A)", LDAP_UNWILLING_TO_PERFORM,
	    "not stored in ACF2" },
	{ "#maxDays: 1", LDAP_UNWILLING_TO_PERFORM, "maxDays" },
};

START_TEST(cmd_modify_errors)
{
	const char *req[2] = { modbad[_i].mod, NULL };
	int rc;

	make_joe();
	rc = modify(MAP_USER, "JOE", req);
	ck_assert_msg(rc == modbad[_i].rc, "%s: rc %d, want %d: %s",
	    modbad[_i].mod, rc, modbad[_i].rc, text);
	ck_assert_msg(strstr(text, modbad[_i].msg) != NULL, "%s: text %s",
	    modbad[_i].mod, text);
	ck_assert_uint_eq(plan.ep_n, 0);
}
END_TEST

START_TEST(cmd_add_errors)
{
	static const char *const nooc[] = { "cn: X", NULL };
	static const char *const badoc[] = { "objectClass: acf2RuleSet", NULL };
	static const char *const baduid[] = { "objectClass: acf2User",
	    "uid: OTHER", NULL };
	static const char *const ro[] = { "objectClass: acf2User",
	    "accessCnt: 1", NULL };
	static const char *const dup[] = { "objectClass: acf2User",
	    "privileges: TSO | tso", NULL };
	static const char *const twice[] = { "objectClass: acf2User",
	    "cn: A", "commonName: B", NULL };

	ck_assert_int_eq(add(MAP_USER, "JOE", nooc),
	    LDAP_OBJECT_CLASS_VIOLATION);
	ck_assert_int_eq(add(MAP_USER, "JOE", badoc),
	    LDAP_OBJECT_CLASS_VIOLATION);
	ck_assert_int_eq(add(MAP_USER, "JOE", baduid), LDAP_NAMING_VIOLATION);
	ck_assert_int_eq(add(MAP_USER, "JOE", ro), LDAP_CONSTRAINT_VIOLATION);
	ck_assert_int_eq(add(MAP_USER, "JOE", dup), LDAP_TYPE_OR_VALUE_EXISTS);
	ck_assert_int_eq(add(MAP_USER, "JOE", twice),
	    LDAP_TYPE_OR_VALUE_EXISTS);
	ck_assert_int_eq(add(MAP_USER, "9JOE", nooc), LDAP_NAMING_VIOLATION);
	ck_assert_int_eq(add(MAP_USER, "JO)E", nooc), LDAP_NAMING_VIOLATION);
	ck_assert_int_eq(add(MAP_USER, "TOOLONGID", nooc),
	    LDAP_NAMING_VIOLATION);
	ck_assert_uint_eq(plan.ep_n, 0);
}
END_TEST

START_TEST(cmd_delete_and_password)
{
	struct berval pw = { 6, "n3w#pw" };
	struct entry *e;

	make_joe();
	ck_assert_int_eq(acf2_plan_password("joe", &pw, 1, &plan, text,
	    sizeof(text)), 0);
	ck_assert_str_eq(plan.ep_cmds[0].ec_text,
	    "CHANGE JOE PASSWORD(N3W#PW) PSWD-EXP");
	ck_assert_str_eq(plan.ep_cmds[0].ec_what,
	    "CHANGE JOE PASSWORD(********) PSWD-EXP");
	ck_assert_int_eq(plan.ep_cmds[0].ec_secret, 1);
	run();
	e = list(ACF2_LIST_LIDS, "JOE");
	ck_assert_str_eq(val(e, "passwordExpire", 0), "TRUE");
	entry_free(e);
	ck_assert_int_eq(acf2_verify(db, "JOE", "N3W#PW", NULL, testplan_out()),
	    ACF2_VERIFY_EXPIRED);
	ck_assert_int_eq(acf2_plan_password("JOE", &pw, 0, &plan, text,
	    sizeof(text)), 0);
	ck_assert_str_eq(plan.ep_cmds[0].ec_text,
	    "CHANGE JOE PASSWORD(N3W#PW) NOPSWD-EXP");
	run();
	ck_assert_int_eq(acf2_verify(db, "JOE", "n3w#pw", NULL, testplan_out()),
	    ACF2_VERIFY_OK);
	pw.bv_val = "toolong99";
	pw.bv_len = 9;
	ck_assert_int_eq(acf2_plan_password("JOE", &pw, 0, &plan, text,
	    sizeof(text)), LDAP_CONSTRAINT_VIOLATION);
	ck_assert_ptr_null(strstr(text, "toolong99"));
	pw.bv_val = "a) TSO(";
	pw.bv_len = 7;
	ck_assert_int_eq(acf2_plan_password("JOE", &pw, 0, &plan, text,
	    sizeof(text)), LDAP_CONSTRAINT_VIOLATION);
	ck_assert_ptr_null(strstr(text, "TSO("));
	ck_assert_int_eq(acf2_plan_password("J(OE", &pw, 0, &plan, text,
	    sizeof(text)), LDAP_NO_SUCH_OBJECT);
	ck_assert_int_eq(acf2_plan_password("JOE", NULL, 0, &plan, text,
	    sizeof(text)), LDAP_CONSTRAINT_VIOLATION);
	ck_assert_int_eq(acf2_plan_delete(MAP_USER, "J OE", &plan, text,
	    sizeof(text)), LDAP_NO_SUCH_OBJECT);
	ck_assert_uint_eq(plan.ep_n, 0);
	ck_assert_int_eq(acf2_plan_delete(MAP_USER, "joe", &plan, text,
	    sizeof(text)), 0);
	ck_assert_str_eq(plan.ep_cmds[0].ec_text, "DELETE JOE");
	run();
	ck_assert_ptr_null(list_maybe(ACF2_LIST_LIDS, "JOE"));
}
END_TEST

/* userPassword with passwordExpire FALSE: one CHANGE with NOPSWD-EXP. */
START_TEST(cmd_password_attribute)
{
	static const char *const req[] = { "=userPassword: Fresh1",
	    "=passwordExpire: FALSE", NULL };
	static const char *const want[] = {
		"CHANGE JOE PASSWORD(FRESH1) NOPSWD-EXP", NULL };
	static const char *const plain[] = { "=userPassword: Fresh2", NULL };

	make_joe();
	ck_assert_msg(modify(MAP_USER, "JOE", req) == 0, "%s", text);
	plan_is(want);
	ck_assert_int_eq(plan.ep_cmds[0].ec_secret, 1);
	ck_assert_str_eq(plan.ep_cmds[0].ec_what,
	    "CHANGE JOE PASSWORD(********) NOPSWD-EXP");
	run();
	ck_assert_int_eq(acf2_verify(db, "JOE", "FRESH1", NULL, testplan_out()),
	    ACF2_VERIFY_OK);
	/* Alone, ACF2 expires a password an administrator sets. */
	ck_assert_int_eq(modify(MAP_USER, "JOE", plain), 0);
	ck_assert_str_eq(plan.ep_cmds[0].ec_text,
	    "CHANGE JOE PASSWORD(FRESH2)");
	run();
	ck_assert_int_eq(acf2_verify(db, "JOE", "FRESH2", NULL, testplan_out()),
	    ACF2_VERIFY_EXPIRED);
}
END_TEST

START_TEST(cmd_suspend_resume)
{
	static const char *const off[] = { "=suspend: TRUE", NULL };
	static const char *const on[] = { "=suspend: FALSE", NULL };
	struct entry *e;

	make_joe();
	ck_assert_int_eq(modify(MAP_USER, "JOE", off), 0);
	ck_assert_str_eq(plan.ep_cmds[0].ec_text, "CHANGE JOE SUSPEND");
	run();
	ck_assert_int_eq(acf2_verify(db, "JOE", "JOEPW1", NULL, testplan_out()),
	    ACF2_VERIFY_SUSPENDED);
	e = list(ACF2_LIST_LIDS, "JOE");
	ck_assert_str_eq(val(e, "suspend", 0), "TRUE");
	ck_assert_str_eq(val(e, "cancel", 0), "FALSE");
	entry_free(e);
	ck_assert_int_eq(modify(MAP_USER, "JOE", on), 0);
	ck_assert_str_eq(plan.ep_cmds[0].ec_text, "CHANGE JOE NOSUSPEND");
	run();
	ck_assert_int_eq(acf2_verify(db, "JOE", "JOEPW1", NULL, testplan_out()),
	    ACF2_VERIFY_OK);
}
END_TEST

/* ---- access rule sets ---------------------------------------------- */

START_TEST(cmd_rules_run)
{
	static const char *const addreq[] = {
		"objectClass: top | acf2RuleSet", "acf2RuleKey: pay",
		"acf2RuleEntry: salary.- uid(joe) read(a) | "
		    "TAX.- UID(JOE) W(L) R(A)", NULL
	};
	static const char *const want[] = {
		"SET RULE RECKEY PAY ADD(SALARY.- UID(JOE) R(A))",
		"SET RULE RECKEY PAY ADD(TAX.- UID(JOE) R(A) W(L))", NULL
	};
	/* A grant, a removal, and a change of access in one modify. */
	static const char *const mod[] = {
		"+acf2RuleEntry: BONUS.- UID(ALICE) E(A)",
		"-acf2RuleEntry: tax.- uid(joe) w(l) r(a)",
		"-acf2RuleEntry: SALARY.- UID(JOE) R(A)",
		"+acf2RuleEntry: SALARY.- UID(JOE) R(A) W(A)", NULL
	};
	static const char *const want2[] = {
		"SET RULE RECKEY PAY DEL(TAX.- UID(JOE) R(A) W(L))",
		"SET RULE RECKEY PAY ADD(BONUS.- UID(ALICE) E(A))",
		"SET RULE RECKEY PAY ADD(SALARY.- UID(JOE) R(A) W(A))", NULL
	};
	struct entry *e;

	ck_assert_msg(add(MAP_GROUP, "pay", addreq) == 0, "%s", text);
	plan_is(want);
	run();
	e = list(ACF2_LIST_RULES, "PAY");
	ck_assert_str_eq(e->e_dn, "acf2RuleKey=PAY" RULES);
	ck_assert_uint_eq(nvals(e, "acf2RuleEntry"), 2);
	ck_assert_str_eq(val(e, "acf2RuleEntry", 1),
	    "TAX.- UID(JOE) R(A) W(L)");
	ck_assert_str_eq(val(e, "acf2RuleStoredBy", 0), "ACF2ADM");
	ck_assert_str_eq(val(e, "acf2RuleStoredOn", 0), "20250115120000Z");
	entry_free(e);
	ck_assert_msg(modify(MAP_GROUP, "PAY", mod) == 0, "%s", text);
	/* SALARY's old entry is replaced by the ADD, not deleted. */
	plan_is(want2);
	run();
	e = list(ACF2_LIST_RULES, "PAY");
	ck_assert_uint_eq(nvals(e, "acf2RuleEntry"), 2);
	ck_assert_str_eq(val(e, "acf2RuleEntry", 0),
	    "SALARY.- UID(JOE) R(A) W(A)");
	ck_assert_str_eq(val(e, "acf2RuleEntry", 1),
	    "BONUS.- UID(ALICE) E(A)");
	entry_free(e);
	ck_assert_int_eq(acf2_plan_delete(MAP_GROUP, "pay", &plan, text,
	    sizeof(text)), 0);
	ck_assert_str_eq(plan.ep_cmds[0].ec_text, "SET RULE DELETE PAY");
	run();
	ck_assert_ptr_null(list_maybe(ACF2_LIST_RULES, "PAY"));
}
END_TEST

static void
make_pay(void)
{
	sim_ok("SET RULE COMPILE $KEY(PAY) SALARY.- UID(JOE) R(A) "
	    "TAX.- UID(JOE) W(L)");
}

/* A modify refused: its one change, the code and the text's words. */
struct refusal {
	const char	*mod;
	int		 rc;
	const char	*msg;
};

static const struct refusal rulebad[] = {
	{ "+acf2RuleEntry: SALARY.- UID(JOE) R(P)", LDAP_CONSTRAINT_VIOLATION,
	    "two values grant on SALARY.- UID(JOE)" },
	{ "+acf2RuleEntry: A.- UID(X) R(A) | a.- uid(x) r(p)",
	    LDAP_CONSTRAINT_VIOLATION, "two values grant on A.- UID(X)" },
	{ "+acf2RuleEntry: salary.- uid(joe) r(a)", LDAP_TYPE_OR_VALUE_EXISTS,
	    "already present" },
	{ "-acf2RuleEntry: SALARY.- UID(JOE) R(P)", LDAP_NO_SUCH_ATTRIBUTE,
	    "no value" },
	{ "-acf2RuleEntry:", LDAP_OBJECT_CLASS_VIOLATION, "last value" },
	{ "=acf2RuleEntry:", LDAP_OBJECT_CLASS_VIOLATION, "last value" },
	{ "+acf2RuleEntry: X R(Q)", LDAP_CONSTRAINT_VIOLATION,
	    "acf2RuleEntry: value has an access other than" },
	{ "+acf2RuleEntry: X SERVICE(READ)", LDAP_CONSTRAINT_VIOLATION,
	    "acf2RuleEntry" },
	{ "+acf2RuleEntry: X) R(A", LDAP_CONSTRAINT_VIOLATION,
	    "acf2RuleEntry" },
	{ "=acf2RuleStoredBy: JOE", LDAP_CONSTRAINT_VIOLATION, "read-only" },
	{ "=acf2RuleKey: TAX", LDAP_NOT_ALLOWED_ON_RDN, "names the entry" },
	{ "=cn: PAY", LDAP_UNWILLING_TO_PERFORM, "not stored in ACF2" },
};

/* The modify of id is refused as r says, with nothing planned. */
static void
refused(enum map_class cls, const char *id, const struct refusal *r)
{
	const char *req[2] = { r->mod, NULL };
	int rc;

	rc = modify(cls, id, req);
	ck_assert_msg(rc == r->rc, "%s: rc %d, want %d: %s", r->mod, rc, r->rc,
	    text);
	ck_assert_msg(strstr(text, r->msg) != NULL, "%s: text %s", r->mod,
	    text);
	ck_assert_uint_eq(plan.ep_n, 0);
}

START_TEST(cmd_rule_errors)
{
	make_pay();
	refused(MAP_GROUP, "PAY", &rulebad[_i]);
}
END_TEST

START_TEST(cmd_rule_add_errors)
{
	static const char *const none[] = { "objectClass: acf2RuleSet",
	    "acf2RuleKey: GL", NULL };
	static const char *const ro[] = { "objectClass: acf2RuleSet",
	    "acf2RuleStoredBy: JOE", "acf2RuleEntry: - UID(JOE) R(A)", NULL };
	static const char *const badoc[] = { "objectClass: acf2User",
	    "acf2RuleEntry: - UID(JOE) R(A)", NULL };
	static const char *const dots[] = { "objectClass: acf2RuleSet",
	    "acf2RuleEntry: - UID(JOE) R(A)", NULL };
	/* The whole of a modify that removes one and keeps one. */
	static const char *const keep[] = {
	    "-acf2RuleEntry: TAX.- UID(JOE) W(L)", NULL };

	ck_assert_int_eq(add(MAP_GROUP, "GL", none),
	    LDAP_OBJECT_CLASS_VIOLATION);
	ck_assert_ptr_nonnull(strstr(text, "give one to create it"));
	ck_assert_int_eq(add(MAP_GROUP, "GL", ro), LDAP_CONSTRAINT_VIOLATION);
	ck_assert_int_eq(add(MAP_GROUP, "GL", badoc),
	    LDAP_OBJECT_CLASS_VIOLATION);
	ck_assert_int_eq(add(MAP_GROUP, "A.B", dots), LDAP_NAMING_VIOLATION);
	ck_assert_int_eq(add(MAP_GROUP, "TOOLONGKEY", dots),
	    LDAP_NAMING_VIOLATION);
	ck_assert_uint_eq(plan.ep_n, 0);
	make_pay();
	ck_assert_int_eq(modify(MAP_GROUP, "PAY", keep), 0);
	ck_assert_str_eq(plan.ep_cmds[0].ec_text,
	    "SET RULE RECKEY PAY DEL(TAX.- UID(JOE) W(L))");
	run();
}
END_TEST

/* ---- resource rule sets --------------------------------------------- */

START_TEST(cmd_resources_run)
{
	static const char *const addreq[] = {
		"objectClass: top | acf2ResourceRuleSet",
		"acf2Resource: fac/bpx.superuser",
		"acf2ResourceEntry: uid(alice) service(update,read) allow | "
		    "UID(-) LOG", NULL
	};
	static const char *const want[] = {
		"SET RESOURCE(FAC) RECKEY BPX.SUPERUSER "
		    "ADD(UID(ALICE) SERVICE(READ,UPDATE) ALLOW)",
		"SET RESOURCE(FAC) RECKEY BPX.SUPERUSER ADD(UID(-) LOG)", NULL
	};
	/* A grant, a removal, and a change of ALICE's in one modify. */
	static const char *const mod[] = {
		"+acf2ResourceEntry: UID(BOB) SERVICE(READ) ALLOW",
		"-acf2ResourceEntry: uid(-) log",
		"-acf2ResourceEntry: UID(ALICE) SERVICE(READ,UPDATE) ALLOW",
		"+acf2ResourceEntry: UID(ALICE) PREVENT", NULL
	};
	static const char *const want2[] = {
		"SET RESOURCE(FAC) RECKEY BPX.SUPERUSER DEL(UID(-) LOG)",
		"SET RESOURCE(FAC) RECKEY BPX.SUPERUSER "
		    "ADD(UID(BOB) SERVICE(READ) ALLOW)",
		"SET RESOURCE(FAC) RECKEY BPX.SUPERUSER ADD(UID(ALICE) PREVENT)",
		NULL
	};
	struct entry *e;

	ck_assert_msg(add(MAP_RESOURCE, "fac/bpx.superuser", addreq) == 0,
	    "%s", text);
	plan_is(want);
	run();
	e = list(ACF2_LIST_RESOURCES, "FAC/BPX.SUPERUSER");
	ck_assert_str_eq(e->e_dn, "acf2Resource=FAC/BPX.SUPERUSER" RESOURCES);
	ck_assert_str_eq(val(e, "acf2ResourceType", 0), "FAC");
	ck_assert_str_eq(val(e, "acf2ResourceKey", 0), "BPX.SUPERUSER");
	ck_assert_uint_eq(nvals(e, "acf2ResourceEntry"), 2);
	ck_assert_str_eq(val(e, "acf2ResourceEntry", 0),
	    "UID(ALICE) SERVICE(READ,UPDATE) ALLOW");
	entry_free(e);
	/* The same key of another type is another rule set. */
	ck_assert_ptr_null(list_maybe(ACF2_LIST_RESOURCES,
	    "SAF/BPX.SUPERUSER"));
	ck_assert_msg(modify(MAP_RESOURCE, "FAC/BPX.SUPERUSER", mod) == 0,
	    "%s", text);
	/* ALICE's old entry is replaced by the ADD, not deleted. */
	plan_is(want2);
	run();
	e = list(ACF2_LIST_RESOURCES, "FAC/BPX.SUPERUSER");
	ck_assert_uint_eq(nvals(e, "acf2ResourceEntry"), 2);
	ck_assert_str_eq(val(e, "acf2ResourceEntry", 0), "UID(ALICE) PREVENT");
	ck_assert_str_eq(val(e, "acf2ResourceEntry", 1),
	    "UID(BOB) SERVICE(READ) ALLOW");
	entry_free(e);
	ck_assert_int_eq(acf2_plan_delete(MAP_RESOURCE, "FAC/BPX.SUPERUSER",
	    &plan, text, sizeof(text)), 0);
	ck_assert_str_eq(plan.ep_cmds[0].ec_text,
	    "SET RESOURCE(FAC) DELETE BPX.SUPERUSER");
	run();
	ck_assert_ptr_null(list_maybe(ACF2_LIST_RESOURCES,
	    "FAC/BPX.SUPERUSER"));
}
END_TEST

static void
make_bpx(void)
{
	sim_ok("SET RESOURCE(FAC) COMPILE $KEY(BPX.SUPERUSER) UID(JOE) "
	    "SERVICE(READ) ALLOW UID(-) PREVENT");
}

static const struct refusal resbad[] = {
	{ "+acf2ResourceEntry: UID(JOE) LOG", LDAP_CONSTRAINT_VIOLATION,
	    "two values grant on UID(JOE)" },
	{ "+acf2ResourceEntry: SERVICE(READ) ALLOW | SERVICE(UPDATE) LOG",
	    LDAP_CONSTRAINT_VIOLATION, "two values" },
	{ "+acf2ResourceEntry: UID(X) R(A) ALLOW", LDAP_CONSTRAINT_VIOLATION,
	    "other than UID and SERVICE" },
	{ "+acf2ResourceEntry: UID(X) SERVICE(READ)",
	    LDAP_CONSTRAINT_VIOLATION, "does not end with ALLOW" },
	{ "+acf2ResourceEntry: UID(X) ALLOW LOG", LDAP_CONSTRAINT_VIOLATION,
	    "after ALLOW" },
	{ "+acf2ResourceEntry: UID(X) SERVICE(READ,READ) ALLOW",
	    LDAP_CONSTRAINT_VIOLATION, "SERVICE other than" },
	{ "+acf2ResourceEntry: UID(X) SERVICE(READ,) ALLOW",
	    LDAP_CONSTRAINT_VIOLATION, "SERVICE other than" },
	{ "+acf2ResourceEntry: UID(X) MASK ALLOW", LDAP_CONSTRAINT_VIOLATION,
	    "not its first word" },
	{ "-acf2ResourceEntry:", LDAP_OBJECT_CLASS_VIOLATION, "last value" },
	{ "=acf2ResourceKey: OTHER", LDAP_CONSTRAINT_VIOLATION, "read-only" },
	{ "=acf2ResourceType: SAF", LDAP_CONSTRAINT_VIOLATION, "read-only" },
	{ "=acf2Resource: SAF/BPX.SUPERUSER", LDAP_NOT_ALLOWED_ON_RDN,
	    "names the entry" },
	{ "=acf2RuleEntry: - UID(X) R(A)", LDAP_UNWILLING_TO_PERFORM,
	    "not stored in ACF2" },
};

START_TEST(cmd_resource_errors)
{
	make_bpx();
	refused(MAP_RESOURCE, "FAC/BPX.SUPERUSER", &resbad[_i]);
}
END_TEST

/* Names that are not TYPE/KEY name no resource rule set. */
START_TEST(cmd_resource_names)
{
	static const char *const req[] = { "objectClass: acf2ResourceRuleSet",
	    "acf2ResourceEntry: UID(JOE) ALLOW", NULL };
	static const char *const bad[] = { "FAC", "FAC/", "FA/BPX", "FACX/BPX",
	    "FAC/BPX.", "FAC/.BPX", "FAC/BPX..X", "FAC/BPX-", "FAC/BPX*",
	    "FAC/BPX X", "FAC/BPX)", "FAC/BPX'", "F(C/BPX", "FAC\\BPX",
	    "FAC/0123456789012345678901234567890123456789012345",
	    "FAC/BPX/X", "" };
	static const char *const other[] = { "objectClass: acf2ResourceRuleSet",
	    "acf2Resource: FAC/OTHER", "acf2ResourceEntry: UID(JOE) ALLOW",
	    NULL };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(add(MAP_RESOURCE, bad[i], req) ==
		    LDAP_NAMING_VIOLATION, "%s: %s", bad[i], text);
		ck_assert_ptr_nonnull(strstr(text, "resource rule"));
		ck_assert_uint_eq(plan.ep_n, 0);
		ck_assert_int_eq(acf2_plan_delete(MAP_RESOURCE, bad[i], &plan,
		    text, sizeof(text)), LDAP_NO_SUCH_OBJECT);
	}
	/* The longest key, 44 characters. */
	ck_assert_msg(add(MAP_RESOURCE,
	    "SAF/A234567.B234567.C234567.D234567.E234567.F23", req) == 0, "%s",
	    text);
	run();
	ck_assert_int_eq(sim("SET RESOURCE(SAF) LIST"), 0);
	ck_assert_str_eq(outbuf, "$KEY(A234567.B234567.C234567.D234567.E234567."
	    "F23) TYPE(SAF) ENTRIES(1) STORED-BY(ACF2ADM)\n");
	/* An RDN attribute that is not the DN's. */
	ck_assert_int_eq(add(MAP_RESOURCE, "FAC/BPX", other),
	    LDAP_NAMING_VIOLATION);
}
END_TEST

/* ---- hostile values ------------------------------------------------- */

static const struct {
	const char	*v;
	size_t		 len;
} hostile[] = {
	{ "'", 0 }, { "''", 0 }, { "x') SECURITY NAME('y", 0 },
	{ "a) SECURITY (", 0 }, { "a,b, SECURITY", 0 }, { "a;CHANGE X", 0 },
	{ "/* SECURITY */", 0 }, { "+", 0 }, { "-", 0 }, { "abc +", 0 },
	{ "abc -", 0 }, { "' SECURITY '", 0 }, { "%v %u", 0 }, { ")(", 0 },
	{ "NOSUSPEND", 0 }, { "a\nCHANGE JOE SECURITY", 0 }, { "a\rb", 0 },
	{ "a\0 SECURITY", 12 }, { "\xc3\xa9t\xc3\xa9", 0 },
	{ "\xe2\x80\x99", 0 }, { "\x7f", 0 }, { "  lead", 0 },
	{ "SET RULE DELETE PAY", 0 }, { "ADD(- UID(-) R(A))", 0 },
	{ "0123456789012345678901234567890123456789012345678901234567890123"
	  "4567890123456789012345678901234567890123456789012345678901234567",
	  0 },
	{ "1", 0 }, { "20250101000000Z", 0 }, { "TRUE", 0 }, { "A", 0 },
	{ "SECURITY", 0 },
};

/* What a modify of attr changes besides attr, which moves UPD-TOD. */
static const char *const *
hostile_skip(const char *attr)
{
	static const char *cn[] = { "cn", "sn", "givenName", "updTod", NULL };
	static const char *other[] = { NULL, "updTod", NULL };

	if (strcmp(attr, "cn") == 0)
		return cn;
	other[0] = attr;
	return other;
}

static int
is_printable(const char *v, size_t len)
{
	size_t k;

	for (k = 0; k < len; k++)
		if ((unsigned char)v[k] < 0x20 || (unsigned char)v[k] > 0x7e)
			return 0;
	return 1;
}

/*
 * One hostile value into one attribute of JOE: refused with nothing
 * planned, or planned, run, and read back; either way nothing else
 * about JOE moved.
 */
static void
hostile_one(const struct map_attr *ma, const char *v, size_t len)
{
	struct entry *before, *after;
	const char *stored;
	char *b, *a;
	size_t n;
	int rc;

	before = list(ACF2_LIST_LIDS, "JOE");
	rc = acf2_plan_modify(MAP_USER, map, sch, SUFFIX, "JOE", before,
	    testreq_mod1(LDAP_MOD_REPLACE, ma->ma_name, v, len), 1, &plan,
	    text, sizeof(text));
	if (rc != 0) {
		ck_assert_msg(rc == LDAP_CONSTRAINT_VIOLATION ||
		    rc == LDAP_INVALID_SYNTAX, "%s [%.*s]: rc %d: %s",
		    ma->ma_name, (int)len, v, rc, text);
		ck_assert_ptr_nonnull(strstr(text, ma->ma_name));
		ck_assert_uint_eq(plan.ep_n, 0);
		entry_free(before);
		return;
	}
	ck_assert_msg(is_printable(v, len), "%s: took a control or non-ASCII "
	    "value", ma->ma_name);
	ck_assert_uint_le(plan.ep_n, 1);
	run();
	after = list(ACF2_LIST_LIDS, "JOE");
	if (ma->ma_syntax == MAP_SX_TEXT && !(ma->ma_flags & MAP_F_UPPER)) {
		/* Stored as sent (LDAP's trailing blanks aside). */
		for (n = len; n > 0 && v[n - 1] == ' '; n--)
			;
		stored = val(after, ma->ma_name, 0);
		ck_assert_msg(stored != NULL && strlen(stored) == n &&
		    memcmp(stored, v, n) == 0, "%s: sent [%.*s], read [%s]",
		    ma->ma_name, (int)len, v, stored != NULL ? stored :
		    "(none)");
	}
	b = testreq_text(before, hostile_skip(ma->ma_name));
	a = testreq_text(after, hostile_skip(ma->ma_name));
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
	entry_free(before);
	entry_free(after);
}

/* Every writable attribute of a logonid, every hostile value. */
START_TEST(cmd_hostile_every_attribute)
{
	const struct map_attr *ma;
	size_t i, len;
	int tried = 0;

	make_joe();
	for (i = 0; i < map->m_nattrs; i++) {
		ma = &map->m_attrs[i];
		if (ma->ma_class != MAP_USER || ma->ma_set == NULL ||
		    ma->ma_syntax == MAP_SX_SECRET)
			continue;
		len = hostile[_i].len ? hostile[_i].len :
		    strlen(hostile[_i].v);
		hostile_one(ma, hostile[_i].v, len);
		tried++;
	}
	ck_assert_int_ge(tried, 55);
}
END_TEST

/* Passwords: the corpus is refused, never half-read. */
START_TEST(cmd_hostile_password)
{
	size_t len = hostile[_i].len ? hostile[_i].len : strlen(hostile[_i].v);
	const struct map_attr *ma = map_find(map, MAP_USER, "userPassword",
	    12);
	struct berval pw;
	int rc;

	make_joe();
	pw.bv_val = (char *)hostile[_i].v;
	pw.bv_len = len;
	rc = acf2_plan_password("JOE", &pw, 0, &plan, text, sizeof(text));
	if (rc == 0) {
		/* Only plain words of A-Z 0-9 are passwords here. */
		ck_assert_msg(strspn(hostile[_i].v, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "0123456789") == len, "took [%s]", hostile[_i].v);
		/* ACF2 may still want more (GSO PSWD MINPSWD 4). */
		rc = sim(plan.ep_cmds[0].ec_text);
		ck_assert_msg(rc == 0 || (rc == 12 && strstr(outbuf,
		    "ACF6C030E PASSWORD MUST BE 4 TO 8") != NULL), "rc %d: %s",
		    rc, outbuf);
		esm_plan_clear(&plan);
		return;
	}
	ck_assert_int_eq(rc, LDAP_CONSTRAINT_VIOLATION);
	ck_assert_uint_eq(plan.ep_n, 0);
	ck_assert_ptr_nonnull(ma);
	hostile_one(ma, hostile[_i].v, len);
}
END_TEST

/* Rule entries: refused, or stored canonically; nothing else moves. */
START_TEST(cmd_hostile_rule_entries)
{
	static const char *const rule_skip[] = { "acf2RuleEntry",
	    "acf2RuleStoredOn", NULL };
	size_t len = hostile[_i].len ? hostile[_i].len : strlen(hostile[_i].v);
	struct entry *before, *after, *joe0, *joe1;
	char *b, *a, *j0, *j1;
	int rc;

	make_joe();
	make_pay();
	joe0 = list(ACF2_LIST_LIDS, "JOE");
	before = list(ACF2_LIST_RULES, "PAY");
	rc = acf2_plan_modify(MAP_GROUP, map, sch, SUFFIX, "PAY", before,
	    testreq_mod1(LDAP_MOD_ADD, "acf2RuleEntry", hostile[_i].v, len), 1,
	    &plan, text, sizeof(text));
	if (rc == 0) {
		ck_assert_uint_eq(plan.ep_n, 1);
		run();
	} else {
		ck_assert_int_eq(rc, LDAP_CONSTRAINT_VIOLATION);
		ck_assert_ptr_nonnull(strstr(text, "acf2RuleEntry"));
		ck_assert_uint_eq(plan.ep_n, 0);
	}
	after = list(ACF2_LIST_RULES, "PAY");
	ck_assert_uint_eq(nvals(after, "acf2RuleEntry"), rc == 0 ? 3 : 2);
	b = testreq_text(before, rule_skip);
	a = testreq_text(after, rule_skip);
	ck_assert_str_eq(a, b);
	ck_assert_str_eq(val(after, "acf2RuleEntry", 0),
	    val(before, "acf2RuleEntry", 0));
	ck_assert_str_eq(val(after, "acf2RuleEntry", 1),
	    val(before, "acf2RuleEntry", 1));
	/* No other rule set, no logonid moved. */
	ck_assert_int_eq(sim("SET RULE LIST"), 0);
	ck_assert_str_eq(outbuf, rc == 0 ?
	    "$KEY(PAY) ENTRIES(3) STORED-BY(ACF2ADM)\n" :
	    "$KEY(PAY) ENTRIES(2) STORED-BY(ACF2ADM)\n");
	joe1 = list(ACF2_LIST_LIDS, "JOE");
	j0 = testreq_text(joe0, NULL);
	j1 = testreq_text(joe1, NULL);
	ck_assert_str_eq(j1, j0);
	free(j0);
	free(j1);
	free(a);
	free(b);
	entry_free(before);
	entry_free(after);
	entry_free(joe0);
	entry_free(joe1);
}
END_TEST

/* Resource rule entries: refused, or stored canonically; nothing else. */
START_TEST(cmd_hostile_resource_entries)
{
	static const char *const skip[] = { "acf2ResourceEntry",
	    "acf2RuleStoredOn", NULL };
	size_t len = hostile[_i].len ? hostile[_i].len : strlen(hostile[_i].v);
	struct entry *before, *after;
	char *b, *a;
	int rc;

	make_bpx();
	make_pay();
	before = list(ACF2_LIST_RESOURCES, "FAC/BPX.SUPERUSER");
	rc = acf2_plan_modify(MAP_RESOURCE, map, sch, SUFFIX,
	    "FAC/BPX.SUPERUSER", before, testreq_mod1(LDAP_MOD_ADD,
	    "acf2ResourceEntry", hostile[_i].v, len), 1, &plan, text,
	    sizeof(text));
	if (rc == 0) {
		ck_assert_uint_eq(plan.ep_n, 1);
		run();
	} else {
		ck_assert_int_eq(rc, LDAP_CONSTRAINT_VIOLATION);
		ck_assert_ptr_nonnull(strstr(text, "acf2ResourceEntry"));
		ck_assert_uint_eq(plan.ep_n, 0);
	}
	after = list(ACF2_LIST_RESOURCES, "FAC/BPX.SUPERUSER");
	b = testreq_text(before, skip);
	a = testreq_text(after, skip);
	ck_assert_str_eq(a, b);
	ck_assert_str_eq(val(after, "acf2ResourceEntry", 0),
	    val(before, "acf2ResourceEntry", 0));
	ck_assert_str_eq(val(after, "acf2ResourceEntry", 1),
	    val(before, "acf2ResourceEntry", 1));
	/* No other rule set of any type moved, the access rules neither. */
	ck_assert_int_eq(sim("SET RESOURCE(-) LIST"), 0);
	ck_assert_str_eq(outbuf, rc == 0 ?
	    "$KEY(BPX.SUPERUSER) TYPE(FAC) ENTRIES(3) STORED-BY(ACF2ADM)\n" :
	    "$KEY(BPX.SUPERUSER) TYPE(FAC) ENTRIES(2) STORED-BY(ACF2ADM)\n");
	ck_assert_int_eq(sim("SET RULE LIST"), 0);
	ck_assert_str_eq(outbuf, "$KEY(PAY) ENTRIES(2) STORED-BY(ACF2ADM)\n");
	free(a);
	free(b);
	entry_free(before);
	entry_free(after);
}
END_TEST

static Suite *
cmd_suite(void)
{
	Suite *s = suite_create("acf2_cmd");
	TCase *tc;

	tc = tcase_create("logonids");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, cmd_add_user_runs);
	tcase_add_test(tc, cmd_modify_user_runs);
	tcase_add_loop_test(tc, cmd_modify_errors, 0,
	    sizeof(modbad) / sizeof(modbad[0]));
	tcase_add_test(tc, cmd_add_errors);
	tcase_add_test(tc, cmd_delete_and_password);
	tcase_add_test(tc, cmd_password_attribute);
	tcase_add_test(tc, cmd_suspend_resume);
	suite_add_tcase(s, tc);
	tc = tcase_create("rules");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, cmd_rules_run);
	tcase_add_loop_test(tc, cmd_rule_errors, 0,
	    sizeof(rulebad) / sizeof(rulebad[0]));
	tcase_add_test(tc, cmd_rule_add_errors);
	tcase_add_test(tc, cmd_resources_run);
	tcase_add_loop_test(tc, cmd_resource_errors, 0,
	    sizeof(resbad) / sizeof(resbad[0]));
	tcase_add_test(tc, cmd_resource_names);
	suite_add_tcase(s, tc);
	tc = tcase_create("hostile");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, cmd_hostile_every_attribute, 0,
	    sizeof(hostile) / sizeof(hostile[0]));
	tcase_add_loop_test(tc, cmd_hostile_password, 0,
	    sizeof(hostile) / sizeof(hostile[0]));
	tcase_add_loop_test(tc, cmd_hostile_resource_entries, 0,
	    sizeof(hostile) / sizeof(hostile[0]));
	tcase_add_loop_test(tc, cmd_hostile_rule_entries, 0,
	    sizeof(hostile) / sizeof(hostile[0]));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(cmd_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
