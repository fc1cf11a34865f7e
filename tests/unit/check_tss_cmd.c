/*
 * check_tss_cmd.c - command plans of Top Secret for LDAP add, modify,
 * delete and password resets: the exact commands, every RFC 4511 error,
 * and then the plans run against a real simulator security file, read
 * back with LIST through tss_list, to prove that values are stored
 * literally and that hostile values, over every writable attribute of
 * the map and over permissions, are refused or stored as they are with
 * no other operand taking effect.  Also TSS's messages to LDAP result
 * codes and the last check of every command.
 */
#include "config.h"

#include <check.h>
#include <ldap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "backends/map.h"
#include "backends/tss/tss_cmd.h"
#include "backends/tss/tss_list.h"
#include "gateway/entry.h"
#include "gateway/pdu.h"
#include "gateway/schema.h"
#include "mainframe-agent/sim/tss/tss.h"

#include "testdir.h"
#include "testplan.h"
#include "testreq.h"

#define SUFFIX	"dc=tss,dc=com"
#define P	",ou=People," SUFFIX
#define G	",ou=Groups," SUFFIX

static struct schema *sch;
static struct map *map;
static struct tss_db *db;
static struct esm_plan plan;
static char text[512], err[512];

#define outbuf	testplan_outbuf
#define sim	testplan_sim
#define sim_ok	testplan_sim_ok

/* 2025-01-15 12:00:00 UTC */
static time_t
test_clock(void *arg)
{
	(void)arg;
	return 1736942400;
}

static int
tss_sim(const char *cmd, size_t len, const struct esm_out *o)
{
	return tss_command(db, "MSCA", cmd, len, o);
}

static int
verify(const char *acid, const char *pw)
{
	return tss_verify(db, acid, pw, NULL, testplan_out());
}

static void
setup(void)
{
	struct tss_opts o;

	testplan_map("tss", &sch, &map);
	testdir_create("check_tss_cmd");
	memset(&o, 0, sizeof(o));
	o.to_path = testdir();
	o.to_clock = test_clock;
	o.to_kdf_iterations = 1;
	o.to_mapsize = 64 << 20;
	o.to_nosync = 1;
	ck_assert_msg((db = tss_open(&o, err, sizeof(err))) != NULL, "%s",
	    err);
	testplan_sim_bind(tss_sim, "; ", 7);
	memset(&plan, 0, sizeof(plan));
	sim_ok("CREATE(PAYDIV) TYPE(DIV) NAME('PAYROLL DIVISION')");
	sim_ok("CREATE(PAYDEPT) TYPE(DEPT) NAME('PAYROLL') DIVISION(PAYDIV)");
	sim_ok("CREATE(PAYPROF) TYPE(PROFILE) NAME('PAY PROFILE') "
	    "DEPT(PAYDEPT)");
	sim_ok("CREATE(AUDPROF) TYPE(PROFILE) NAME('AUDIT') DEPT(PAYDEPT)");
	sim_ok("CREATE(PAYGRP) TYPE(GROUP) NAME('PAY GROUP') DEPT(PAYDEPT)");
	sim_ok("CREATE(AUDGRP) TYPE(GROUP) NAME('AUDIT GROUP') DEPT(PAYDEPT)");
}

static void
teardown(void)
{
	esm_plan_clear(&plan);
	free(plan.ep_cmds);
	tss_close(db);
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
tss_feed(void *tl, const struct berval *lines, size_t n, char *e,
    size_t elen)
{
	return tss_list_feed(tl, lines, n, e, elen);
}

/* LIST one user or group back into an entry. */
static struct entry *
list(enum map_class cls, const char *id)
{
	struct tss_list *tl;
	struct entry *got;
	char *cmd;

	tl = tss_list_new(cls, map, sch, SUFFIX, testplan_got_cb, NULL);
	cmd = tss_list_command(cls, map, &id, 1);
	testplan_list(cmd, tss_feed, tl);
	free(cmd);
	tss_list_end(tl, err, sizeof(err));
	tss_list_free(tl);
	got = testplan_listed();
	ck_assert_msg(got != NULL, "%s %s: not listed", map_class_name(cls),
	    id);
	return got;
}

static int
add(enum map_class cls, const char *id, const char *const *s)
{
	struct pdu_attr *attrs;
	size_t n = testreq_attrs(s, &attrs);

	return esm_planner_add(&tss_cmdlang, cls, map, sch, SUFFIX, id, attrs,
	    n, &plan, text, sizeof(text));
}

static int
modify(enum map_class cls, const char *id, const char *const *s)
{
	struct entry *cur = list(cls, id);
	struct pdu_mod *mods;
	size_t n = testreq_mods(s, &mods);
	int rc;

	rc = esm_planner_modify(&tss_cmdlang, cls, map, sch, SUFFIX, id, cur,
	    mods, n, &plan, text, sizeof(text));
	entry_free(cur);
	return rc;
}

/* JOE: a user with something in most fields. */
static void
make_joe(void)
{
	sim_ok("CREATE(JOE) TYPE(USER) NAME('JOE BLOGGS') DEPT(PAYDEPT) "
	    "PASSWORD(OLDPW,30) FACILITY(TSO) PROFILE(PAYPROF) GROUP(PAYGRP) "
	    "DFLTGRP(PAYGRP) TSOLPROC(P1) TSOLSIZE(100) TSOACCT(ACCT1) "
	    "HOME('/u/joe') UID(500)");
	sim_ok("PERMIT(JOE) DSN(PAY.) ACCESS(READ)");
}

START_TEST(cmd_add_user_runs)
{
	static const char *const req[] = {
		"objectClass: top | person | organizationalPerson | "
		    "inetOrgPerson | tssUser",
		"uid: jsmith",
		"cn: Sarah O'Clark",
		"sn: O'Clark",
		"userPassword: pw1",
		"departmentNumber: paydept",
		"tssFacility: tso | batch",
		"tssProfiles: cn=PAYPROF" G,
		"tssGroups: cn=paygrp" G " | cn=AUDGRP" G,
		"defaultGroup: audgrp",
		"tssSuspended: TRUE",
		"tsoProc: ispfproc",
		"tsoSize: 04096",
		"tssTsoAccounts: A-1 | B'2",
		"tsoCommand: ISPF PANEL('X')",
		"omvsHome: /u/o'clark",
		"omvsUid: 1919",
		"tssPermission: dsn(pay.) access(read) | "
		    "IBMFAC(BPX.SUPERUSER) ACCESS(READ,UPDATE)",
		NULL
	};
	static const char *const want[] = {
		"CREATE(JSMITH) TYPE(USER) NAME('Sarah O''Clark') "
		    "PASSWORD('pw1' 30 EXP) DEPARTMENT(PAYDEPT) "
		    "TSOLPROC(ISPFPROC) TSOLSIZE(4096) "
		    "TSOCOMMAND('ISPF PANEL(''X'')') HOME('/u/o''clark') "
		    "UID(1919)",
		"ADDTO(JSMITH) FACILITY(TSO)",
		"ADDTO(JSMITH) FACILITY(BATCH)",
		"ADDTO(JSMITH) PROFILE(PAYPROF)",
		"ADDTO(JSMITH) GROUP(PAYGRP)",
		"ADDTO(JSMITH) GROUP(AUDGRP)",
		"ADDTO(JSMITH) SUSPEND",
		"ADDTO(JSMITH) TSOACCT('A-1')",
		"ADDTO(JSMITH) TSOACCT('B''2')",
		"PERMIT(JSMITH) DSN(PAY.) ACCESS(READ)",
		"PERMIT(JSMITH) IBMFAC(BPX.SUPERUSER) ACCESS(READ,UPDATE)",
		"REPLACE(JSMITH) DFLTGRP(AUDGRP)",
		NULL
	};
	struct entry *e;

	ck_assert_msg(add(MAP_USER, "jsmith", req) == 0, "%s", text);
	testreq_plan_is(&plan, want);
	ck_assert_int_eq(plan.ep_cmds[0].ec_secret, 1);
	ck_assert_ptr_null(strstr(plan.ep_cmds[0].ec_what, "pw1"));
	ck_assert_ptr_nonnull(strstr(plan.ep_cmds[0].ec_what,
	    "PASSWORD(******** 30 EXP)"));
	ck_assert_int_eq(plan.ep_cmds[1].ec_secret, 0);
	run();
	e = list(MAP_USER, "JSMITH");
	ck_assert_str_eq(testreq_val(e, "cn", 0), "Sarah O'Clark");
	ck_assert_str_eq(testreq_val(e, "sn", 0), "O'Clark");
	ck_assert_str_eq(testreq_val(e, "givenName", 0), "Sarah");
	ck_assert_str_eq(testreq_val(e, "departmentNumber", 0), "PAYDEPT");
	ck_assert_uint_eq(testreq_nvals(e, "tssFacility"), 2);
	ck_assert_str_eq(testreq_val(e, "tssProfiles", 0), "cn=PAYPROF" G);
	ck_assert_uint_eq(testreq_nvals(e, "tssGroups"), 2);
	ck_assert_uint_eq(testreq_nvals(e, "memberOf"), 3);
	ck_assert_str_eq(testreq_val(e, "defaultGroup", 0), "AUDGRP");
	ck_assert_str_eq(testreq_val(e, "tssSuspended", 0), "TRUE");
	ck_assert_str_eq(testreq_val(e, "passwordExpired", 0), "TRUE");
	ck_assert_str_eq(testreq_val(e, "tsoProc", 0), "ISPFPROC");
	ck_assert_str_eq(testreq_val(e, "tsoSize", 0), "4096");
	ck_assert(testreq_has(e, "tssTsoAccounts", "B'2"));
	ck_assert_str_eq(testreq_val(e, "tsoCommand", 0), "ISPF PANEL('X')");
	ck_assert_str_eq(testreq_val(e, "omvsHome", 0), "/u/o'clark");
	ck_assert_str_eq(testreq_val(e, "omvsUid", 0), "1919");
	ck_assert(testreq_has(e, "tssPermission", "DSN(PAY.) ACCESS(READ)"));
	ck_assert(testreq_has(e, "tssPermission",
	    "IBMFAC(BPX.SUPERUSER) ACCESS(READ,UPDATE)"));
	entry_free(e);
	/* TSS folds the password; the initial one is expired. */
	sim_ok("REMOVE(JSMITH) SUSPEND");
	ck_assert_int_eq(verify("JSMITH", "PW1"), TSS_VERIFY_EXPIRED);
}
END_TEST

START_TEST(cmd_modify_user_runs)
{
	static const char *const req[] = {
		"=cn: Joe Q Bloggs",
		"+tssFacility: BATCH",
		"-tssFacility: TSO",
		"+tssGroups: cn=AUDGRP" G,
		"=defaultGroup: AUDGRP",
		"-tssProfiles: cn=PAYPROF" G,
		"=tsoSize: 200",
		"-omvsHome:",
		"-tsoProc: P1",
		"=tssPermission: DSN(PAY.) ACCESS(UPDATE) | "
		    "PROGRAM(IEBCOPY) ACCESS(EXECUTE)",
		"=tssSuspended: TRUE",
		NULL
	};
	static const char *const want[] = {
		"ADDTO(JOE) FACILITY(BATCH)",
		"ADDTO(JOE) GROUP(AUDGRP)",
		"REVOKE(JOE) DSN(PAY.)",
		"PERMIT(JOE) DSN(PAY.) ACCESS(UPDATE)",
		"PERMIT(JOE) PROGRAM(IEBCOPY) ACCESS(EXECUTE)",
		"ADDTO(JOE) SUSPEND",
		"REPLACE(JOE) NAME('Joe Q Bloggs') DFLTGRP(AUDGRP) "
		    "TSOLSIZE(200)",
		"REMOVE(JOE) FACILITY(TSO)",
		"REMOVE(JOE) PROFILE(PAYPROF)",
		"REMOVE(JOE) HOME",
		"REMOVE(JOE) TSOLPROC",
		NULL
	};
	struct entry *e;

	make_joe();
	ck_assert_msg(modify(MAP_USER, "joe", req) == 0, "%s", text);
	testreq_plan_is(&plan, want);
	run();
	e = list(MAP_USER, "JOE");
	ck_assert_str_eq(testreq_val(e, "cn", 0), "Joe Q Bloggs");
	ck_assert_str_eq(testreq_val(e, "tssFacility", 0), "BATCH");
	ck_assert_uint_eq(testreq_nvals(e, "tssFacility"), 1);
	ck_assert_uint_eq(testreq_nvals(e, "tssProfiles"), 0);
	ck_assert_uint_eq(testreq_nvals(e, "tssGroups"), 2);
	ck_assert_str_eq(testreq_val(e, "defaultGroup", 0), "AUDGRP");
	ck_assert_str_eq(testreq_val(e, "tsoSize", 0), "200");
	ck_assert_ptr_null(testreq_val(e, "tsoProc", 0));
	ck_assert_ptr_null(testreq_val(e, "omvsHome", 0));
	ck_assert_str_eq(testreq_val(e, "omvsUid", 0), "500");
	ck_assert_uint_eq(testreq_nvals(e, "tssPermission"), 2);
	ck_assert(testreq_has(e, "tssPermission", "DSN(PAY.) ACCESS(UPDATE)"));
	ck_assert_str_eq(testreq_val(e, "tssSuspended", 0), "TRUE");
	entry_free(e);
}
END_TEST

/* Modify errors: the code and a text naming the attribute. */
static const struct {
	const char	*mod;
	int		 rc;
	const char	*msg;
} modbad[] = {
	{ "-tssGroups: cn=AUDGRP" G, LDAP_NO_SUCH_ATTRIBUTE,
	    "tssGroups: no value" },
	{ "+tssGroups: cn=PAYGRP" G, LDAP_TYPE_OR_VALUE_EXISTS,
	    "tssGroups: value" },
	{ "+tssFacility: tso", LDAP_TYPE_OR_VALUE_EXISTS, "tssFacility" },
	{ "-tsoUnit:", LDAP_NO_SUCH_ATTRIBUTE, "tsoUnit" },
	{ "=cn: A | B", LDAP_CONSTRAINT_VIOLATION, "cn: TSS NAME holds one" },
	{ "=nosuchattr: x", LDAP_UNDEFINED_TYPE, "nosuchattr" },
	{ "=mail: a@b", LDAP_UNWILLING_TO_PERFORM, "mail: not stored" },
	{ "=createDate: 20240101000000Z", LDAP_CONSTRAINT_VIOLATION,
	    "createDate is read-only" },
	{ "=memberOf: cn=AUDGRP" G, LDAP_CONSTRAINT_VIOLATION,
	    "memberOf is read-only" },
	{ "=passwordExpired: FALSE", LDAP_CONSTRAINT_VIOLATION,
	    "passwordExpired is read-only" },
	{ "=sn: X", LDAP_CONSTRAINT_VIOLATION, "change cn instead" },
	{ "=uid: OTHER", LDAP_NOT_ALLOWED_ON_RDN, "uid names the entry" },
	{ "=departmentNumber: MSCADEPT", LDAP_CONSTRAINT_VIOLATION,
	    "departmentNumber is fixed when a TSS user is created" },
	{ "+objectClass: extensibleObject", LDAP_NO_OBJECT_CLASS_MODS,
	    "objectClass" },
	{ "=tssProfiles: not a dn", LDAP_INVALID_SYNTAX, "tssProfiles" },
	{ "+tssProfiles: cn=X,ou=Groups,dc=other,dc=com",
	    LDAP_CONSTRAINT_VIOLATION, "does not name a group" },
	{ "+tssProfiles: uid=JOE" P, LDAP_CONSTRAINT_VIOLATION,
	    "does not name a group" },
	{ "+tssGroups: cn=TOOLONGNAME" G, LDAP_CONSTRAINT_VIOLATION,
	    "1 to 8" },
	{ "+tssGroups: cn=ACIDS" G, LDAP_CONSTRAINT_VIOLATION, "reserves" },
	{ "=tssSuspended: yes", LDAP_INVALID_SYNTAX, "tssSuspended" },
	{ "=tsoSize: 99999999", LDAP_CONSTRAINT_VIOLATION, "tsoSize" },
	{ "=tsoSize: 12a", LDAP_INVALID_SYNTAX, "tsoSize" },
	{ "=tsoHoldclass: $", LDAP_CONSTRAINT_VIOLATION, "tsoHoldclass" },
	{ "=tsoUserdata: 12345", LDAP_CONSTRAINT_VIOLATION, "tsoUserdata" },
	{ "=tsoAcctNum: A 1", LDAP_CONSTRAINT_VIOLATION, "tsoAcctNum" },
	{ "-cn:", LDAP_CONSTRAINT_VIOLATION, "cn cannot be removed" },
	{ "-userPassword: x", LDAP_UNWILLING_TO_PERFORM, "userPassword" },
	{ "=userPassword: a | b", LDAP_CONSTRAINT_VIOLATION, "userPassword" },
	{ "=userPassword: 123456789", LDAP_CONSTRAINT_VIOLATION,
	    "userPassword" },
	{ "=userPassword: a b", LDAP_CONSTRAINT_VIOLATION, "userPassword" },
	{ "+tssPermission: DSN(PAY.) ACCESS(ALL)", LDAP_CONSTRAINT_VIOLATION,
	    "two values grant on DSN(PAY.)" },
	{ "+tssPermission: DSN(PAY.) ACCESS(READ)",
	    LDAP_TYPE_OR_VALUE_EXISTS, "tssPermission: value" },
	{ "+tssPermission: DSN(PAY.)", LDAP_CONSTRAINT_VIOLATION,
	    "tssPermission" },
	{ "-tssPermission: DSN(PAY.) ACCESS(UPDATE)", LDAP_NO_SUCH_ATTRIBUTE,
	    "tssPermission: no value" },
	{ "#tsoSize: 1", LDAP_UNWILLING_TO_PERFORM, "tsoSize" },
};

START_TEST(cmd_modify_errors)
{
	const char *req[3] = { modbad[_i].mod, NULL, NULL };
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
	static const char *const badoc[] = { "objectClass: tssGroup",
	    "cn: X", "departmentNumber: PAYDEPT", NULL };
	static const char *const baduid[] = { "objectClass: tssUser",
	    "uid: OTHER", NULL };
	static const char *const ro[] = { "objectClass: tssUser",
	    "createDate: 20240101000000Z", NULL };
	static const char *const noname[] = { "objectClass: tssUser",
	    "departmentNumber: PAYDEPT", NULL };
	static const char *const nodept[] = { "objectClass: tssUser",
	    "cn: X", NULL };
	static const char *const notype[] = { "objectClass: tssGroup",
	    "description: X", "departmentNumber: PAYDEPT", NULL };
	static const char *const badtype[] = { "objectClass: tssGroup",
	    "description: X", "departmentNumber: PAYDEPT",
	    "tssAcidType: USER", NULL };
	static const char *const twotypes[] = { "objectClass: tssGroup",
	    "description: X", "departmentNumber: PAYDEPT",
	    "tssAcidType: GROUP | PROFILE", NULL };

	ck_assert_int_eq(add(MAP_USER, "JOE", nooc),
	    LDAP_OBJECT_CLASS_VIOLATION);
	ck_assert_int_eq(add(MAP_USER, "JOE", badoc),
	    LDAP_OBJECT_CLASS_VIOLATION);
	ck_assert_int_eq(add(MAP_USER, "JOE", baduid), LDAP_NAMING_VIOLATION);
	ck_assert_int_eq(add(MAP_USER, "JOE", ro), LDAP_CONSTRAINT_VIOLATION);
	ck_assert_int_eq(add(MAP_USER, "JOE", noname),
	    LDAP_OBJECT_CLASS_VIOLATION);
	ck_assert_ptr_nonnull(strstr(text, "cn is required: a TSS user is "
	    "created with NAME"));
	ck_assert_int_eq(add(MAP_USER, "JOE", nodept),
	    LDAP_OBJECT_CLASS_VIOLATION);
	ck_assert_ptr_nonnull(strstr(text, "departmentNumber is required"));
	ck_assert_int_eq(add(MAP_GROUP, "G1", notype),
	    LDAP_OBJECT_CLASS_VIOLATION);
	ck_assert_ptr_nonnull(strstr(text, "tssAcidType is required"));
	ck_assert_int_eq(add(MAP_GROUP, "G1", badtype),
	    LDAP_CONSTRAINT_VIOLATION);
	ck_assert_int_eq(add(MAP_GROUP, "G1", twotypes),
	    LDAP_CONSTRAINT_VIOLATION);
	ck_assert_int_eq(add(MAP_USER, "ACIDS", nooc), LDAP_NAMING_VIOLATION);
	ck_assert_int_eq(add(MAP_USER, "JO)E", nooc), LDAP_NAMING_VIOLATION);
	ck_assert_uint_eq(plan.ep_n, 0);
}
END_TEST

/*
 * Profiles and groups: CREATE with the TYPE tssAcidType gives; members
 * attached as the entry's type says, through the group entry.
 */
START_TEST(cmd_groups_run)
{
	static const char *const addp[] = {
		"objectClass: top | tssGroup", "cn: dept9p",
		"tssAcidType: profile", "description: Dept (9)",
		"departmentNumber: PAYDEPT", "tssFacility: TSO",
		"member: uid=joe" P,
		"tssPermission: DSN(D9.) ACCESS(READ)", NULL
	};
	static const char *const wantp[] = {
		"CREATE(DEPT9P) TYPE(PROFILE) NAME('Dept (9)') "
		    "DEPARTMENT(PAYDEPT)",
		"ADDTO(DEPT9P) FACILITY(TSO)",
		"ADDTO(JOE) PROFILE(DEPT9P)",
		"PERMIT(DEPT9P) DSN(D9.) ACCESS(READ)", NULL
	};
	static const char *const addg[] = {
		"objectClass: tssGroup", "cn: dept9g", "tssAcidType: GROUP",
		"description: D9", "departmentNumber: PAYDEPT",
		"omvsGid: 0900", NULL
	};
	static const char *const wantg[] = {
		"CREATE(DEPT9G) TYPE(GROUP) NAME('D9') DEPARTMENT(PAYDEPT) "
		    "GID(900)", NULL
	};
	static const char *const modp[] = {
		"+member: uid=BOB" P, "-member: uid=JOE" P,
		"=description: Dept 9", NULL
	};
	static const char *const wantmp[] = {
		"ADDTO(BOB) PROFILE(DEPT9P)",
		"REPLACE(DEPT9P) NAME('Dept 9')",
		"REMOVE(JOE) PROFILE(DEPT9P)", NULL
	};
	static const char *const modg[] = {
		"+member: uid=BOB" P, "-omvsGid:", NULL
	};
	static const char *const wantmg[] = {
		"ADDTO(BOB) GROUP(DEPT9G)", "REMOVE(DEPT9G) GID", NULL
	};
	static const char *const retype[] = { "=tssAcidType: GROUP", NULL };
	struct entry *e;

	make_joe();
	sim_ok("CREATE(BOB) TYPE(USER) NAME('BOB') DEPT(PAYDEPT)");
	ck_assert_msg(add(MAP_GROUP, "dept9p", addp) == 0, "%s", text);
	testreq_plan_is(&plan, wantp);
	run();
	ck_assert_msg(add(MAP_GROUP, "dept9g", addg) == 0, "%s", text);
	testreq_plan_is(&plan, wantg);
	run();
	e = list(MAP_GROUP, "DEPT9P");
	ck_assert_str_eq(testreq_val(e, "tssAcidType", 0), "PROFILE");
	ck_assert_str_eq(testreq_val(e, "description", 0), "Dept (9)");
	ck_assert_str_eq(testreq_val(e, "member", 0), "uid=JOE" P);
	ck_assert_str_eq(testreq_val(e, "tssFacility", 0), "TSO");
	ck_assert_str_eq(testreq_val(e, "tssPermission", 0),
	    "DSN(D9.) ACCESS(READ)");
	entry_free(e);
	ck_assert_msg(modify(MAP_GROUP, "DEPT9P", modp) == 0, "%s", text);
	testreq_plan_is(&plan, wantmp);
	run();
	e = list(MAP_GROUP, "DEPT9P");
	ck_assert_str_eq(testreq_val(e, "member", 0), "uid=BOB" P);
	ck_assert_uint_eq(testreq_nvals(e, "member"), 1);
	entry_free(e);
	ck_assert_msg(modify(MAP_GROUP, "DEPT9G", modg) == 0, "%s", text);
	testreq_plan_is(&plan, wantmg);
	run();
	e = list(MAP_USER, "BOB");
	ck_assert_str_eq(testreq_val(e, "tssProfiles", 0), "cn=DEPT9P" G);
	ck_assert_str_eq(testreq_val(e, "tssGroups", 0), "cn=DEPT9G" G);
	ck_assert_uint_eq(testreq_nvals(e, "memberOf"), 2);
	entry_free(e);
	ck_assert_int_eq(modify(MAP_GROUP, "DEPT9G", retype),
	    LDAP_CONSTRAINT_VIOLATION);
	ck_assert_ptr_nonnull(strstr(text, "fixed"));
	/* A profile with users attached is not deleted: TSS says why. */
	ck_assert_int_eq(esm_planner_delete(&tss_cmdlang, MAP_GROUP, "dept9p",
	    &plan, text, sizeof(text)), 0);
	ck_assert_str_eq(plan.ep_cmds[0].ec_text, "DELETE(DEPT9P)");
	ck_assert_int_eq(sim(plan.ep_cmds[0].ec_text), 8);
	ck_assert_int_eq(tss_cmd_result(plan.ep_cmds[0].ec_what, outbuf, 1),
	    LDAP_UNWILLING_TO_PERFORM);
	esm_plan_clear(&plan);
}
END_TEST

/* A member's command needs the entry's type; without it, no plan. */
START_TEST(cmd_member_needs_type)
{
	static const char *const mod[] = { "+member: uid=JOE" P, NULL };
	struct pdu_mod *mods;
	struct entry *e;
	size_t n;

	make_joe();
	e = list(MAP_GROUP, "AUDGRP");
	ck_assert_ptr_nonnull(entry_find(e, "tssAcidType"));
	entry_remove(e, "tssAcidType");
	n = testreq_mods(mod, &mods);
	ck_assert_int_eq(esm_planner_modify(&tss_cmdlang, MAP_GROUP, map, sch,
	    SUFFIX, "AUDGRP", e, mods, n, &plan, text, sizeof(text)),
	    LDAP_UNWILLING_TO_PERFORM);
	ck_assert_ptr_nonnull(strstr(text, "has no tssAcidType"));
	ck_assert_uint_eq(plan.ep_n, 0);
	entry_free(e);
}
END_TEST

START_TEST(cmd_delete_and_password)
{
	struct berval pw = { 6, "s3cr't" };

	make_joe();
	ck_assert_int_eq(tss_plan_password("joe", &pw, 1, &plan, text,
	    sizeof(text)), 0);
	ck_assert_str_eq(plan.ep_cmds[0].ec_text,
	    "REPLACE(JOE) PASSWORD('s3cr''t',30,EXP)");
	ck_assert_str_eq(plan.ep_cmds[0].ec_what,
	    "REPLACE(JOE) PASSWORD(********)");
	ck_assert_int_eq(plan.ep_cmds[0].ec_secret, 1);
	run();
	ck_assert_int_eq(verify("JOE", "S3CR'T"), TSS_VERIFY_EXPIRED);
	ck_assert_int_eq(tss_plan_password("JOE", &pw, 0, &plan, text,
	    sizeof(text)), 0);
	ck_assert_str_eq(plan.ep_cmds[0].ec_text,
	    "REPLACE(JOE) PASSWORD('s3cr''t',30)");
	run();
	ck_assert_int_eq(verify("JOE", "s3cr't"), TSS_VERIFY_OK);
	pw.bv_val = "toolong99";
	pw.bv_len = 9;
	ck_assert_int_eq(tss_plan_password("JOE", &pw, 0, &plan, text,
	    sizeof(text)), LDAP_CONSTRAINT_VIOLATION);
	ck_assert_ptr_null(strstr(text, "toolong99"));
	pw.bv_val = "a/*b";
	pw.bv_len = 4;
	ck_assert_int_eq(tss_plan_password("JOE", &pw, 0, &plan, text,
	    sizeof(text)), LDAP_CONSTRAINT_VIOLATION);
	ck_assert_int_eq(tss_plan_password("J(OE", &pw, 0, &plan, text,
	    sizeof(text)), LDAP_NO_SUCH_OBJECT);
	ck_assert_int_eq(esm_planner_delete(&tss_cmdlang, MAP_USER, "J OE",
	    &plan, text, sizeof(text)), LDAP_NO_SUCH_OBJECT);
	ck_assert_uint_eq(plan.ep_n, 0);
	/* A user holding permissions is not deleted: REVOKE them first. */
	ck_assert_int_eq(esm_planner_delete(&tss_cmdlang, MAP_USER, "joe",
	    &plan, text, sizeof(text)), 0);
	ck_assert_str_eq(plan.ep_cmds[0].ec_text, "DELETE(JOE)");
	ck_assert_int_eq(sim(plan.ep_cmds[0].ec_text), 8);
	ck_assert_ptr_nonnull(strstr(outbuf, "TSS0222E"));
	sim_ok("REVOKE(JOE) DSN(PAY.)");
	run();
	ck_assert_int_eq(sim("LIST(JOE)"), 8);
}
END_TEST

/* userPassword: expired, with TSS's default interval. */
START_TEST(cmd_password_attribute)
{
	static const char *const req[] = { "=userPassword: Fresh1", NULL };
	static const char *const want[] = {
		"REPLACE(JOE) PASSWORD('Fresh1' 30 EXP)", NULL };
	struct entry *e;

	make_joe();
	ck_assert_msg(modify(MAP_USER, "JOE", req) == 0, "%s", text);
	testreq_plan_is(&plan, want);
	ck_assert_int_eq(plan.ep_cmds[0].ec_secret, 1);
	ck_assert_str_eq(plan.ep_cmds[0].ec_what,
	    "REPLACE(JOE) PASSWORD(******** 30 EXP)");
	run();
	ck_assert_int_eq(verify("JOE", "FRESH1"), TSS_VERIFY_EXPIRED);
	e = list(MAP_USER, "JOE");
	ck_assert_str_eq(testreq_val(e, "passwordExpired", 0), "TRUE");
	ck_assert_str_eq(testreq_val(e, "passwordInterval", 0), "30");
	entry_free(e);
}
END_TEST

/* Suspend and resume; a new user given FALSE gets no REMOVE SUSPEND. */
START_TEST(cmd_suspend_resume)
{
	static const char *const on[] = { "=tssSuspended: TRUE", NULL };
	static const char *const off[] = { "=tssSuspended: FALSE", NULL };
	static const char *const del[] = { "-tssSuspended:", NULL };
	static const char *const addoff[] = { "objectClass: tssUser",
	    "cn: NEW", "departmentNumber: PAYDEPT", "tssSuspended: FALSE",
	    NULL };
	static const char *const w_on[] = { "ADDTO(JOE) SUSPEND", NULL };
	static const char *const w_off[] = { "REMOVE(JOE) SUSPEND", NULL };
	static const char *const w_add[] = {
		"CREATE(NEW) TYPE(USER) NAME('NEW') DEPARTMENT(PAYDEPT)", NULL
	};

	make_joe();
	ck_assert_int_eq(modify(MAP_USER, "JOE", on), 0);
	testreq_plan_is(&plan, w_on);
	run();
	ck_assert_int_eq(verify("JOE", "OLDPW"), TSS_VERIFY_SUSPENDED);
	ck_assert_int_eq(modify(MAP_USER, "JOE", off), 0);
	testreq_plan_is(&plan, w_off);
	run();
	ck_assert_int_eq(verify("JOE", "OLDPW"), TSS_VERIFY_OK);
	ck_assert_int_eq(modify(MAP_USER, "JOE", on), 0);
	run();
	ck_assert_int_eq(modify(MAP_USER, "JOE", del), 0);
	testreq_plan_is(&plan, w_off);
	run();
	ck_assert_int_eq(add(MAP_USER, "NEW", addoff), 0);
	testreq_plan_is(&plan, w_add);
	run();
}
END_TEST

/* The last check: TSS would read none of these as written. */
START_TEST(cmd_check_command)
{
	static const char *const good[] = {
		"CREATE(X) TYPE(USER) NAME('A -') DEPARTMENT(D)",
		"REMOVE(X) HOME", "REMOVE(X) SUSPEND", "ADDTO(X) SUSPEND",
		"REPLACE(X) NAME('a (b) '' c')",
		"PERMIT(X) DSN(PAY.) ACCESS(READ,UPDATE)",
		"REMOVE(X) DFLTGRP TSOLPROC", "REMOVE(X) TSOSIZE",
	};
	static const char *const bad[] = {
		"", "REPLACE(X) NAME('A') -", "REPLACE(X) NAME('A')+",
		"REPLACE(X) NAME('A /* B')", "REPLACE(X) NAME('A') */",
		"REPLACE(X) NAME() TSOLPROC(P)", "REPLACE(X) NAME( ) UID(1)",
		"REPLACE(X) NAME TSOLPROC(P)", "ADDTO(X) HOME",
		"REPLACE(X) SUSPEND", "REPLACE(X) 'A'", "REPLACE(X) NAME('A)",
		"REPLACE(X) NAME(A", "REPLACE(X) NAME(A))", "NAME",
		"REPLACE(X) NAME'A'", "TSS REPLACE(X)",
	};
	const char *why;
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ck_assert_msg(tss_check_command(good[i], strlen(good[i]),
		    &why) == 0, "%s: %s", good[i], why);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(tss_check_command(bad[i], strlen(bad[i]),
		    &why) == -1, "accepted %s", bad[i]);
}
END_TEST

/* TSS's messages, as the simulator prints them, to LDAP codes. */
START_TEST(cmd_results)
{
	static const struct {
		const char	*cmd;
		int		 write;
		int		 rc;
		const char	*issuer;
	} tab[] = {
		{ "LIST(NOSUCH) DATA(BASIC)", 0, LDAP_NO_SUCH_OBJECT, NULL },
		{ "REPLACE(NOSUCH) NAME('X')", 1, LDAP_NO_SUCH_OBJECT, NULL },
		{ "CREATE(JOE) TYPE(USER) NAME('X') DEPT(PAYDEPT)", 1,
		    LDAP_ALREADY_EXISTS, NULL },
		{ "CREATE(NEW) TYPE(USER) NAME('X') DEPT(NODEPT)", 1,
		    LDAP_CONSTRAINT_VIOLATION, NULL },
		{ "CREATE(NEW) TYPE(USER) NAME('X')", 1,
		    LDAP_CONSTRAINT_VIOLATION, NULL },
		{ "ADDTO(JOE) PROFILE(PAYGRP)", 1, LDAP_CONSTRAINT_VIOLATION,
		    NULL },
		{ "ADDTO(JOE) PROFILE(NOPROF)", 1, LDAP_CONSTRAINT_VIOLATION,
		    NULL },
		{ "ADDTO(JOE) FACILITY(TSO)", 1, LDAP_TYPE_OR_VALUE_EXISTS,
		    NULL },
		{ "REMOVE(JOE) FACILITY(CICS)", 1, LDAP_NO_SUCH_ATTRIBUTE,
		    NULL },
		{ "REVOKE(JOE) DSN(NONE.)", 1, LDAP_NO_SUCH_ATTRIBUTE, NULL },
		{ "REPLACE(JOE) DFLTGRP(AUDGRP)", 1,
		    LDAP_CONSTRAINT_VIOLATION, NULL },
		{ "REPLACE(JOE) TSOLSIZE(X)", 1, LDAP_CONSTRAINT_VIOLATION,
		    NULL },
		{ "DELETE(JOE)", 1, LDAP_UNWILLING_TO_PERFORM, NULL },
		{ "DELETE(PAYPROF)", 1, LDAP_UNWILLING_TO_PERFORM, NULL },
		{ "DELETE(PAYDEPT)", 1, LDAP_UNWILLING_TO_PERFORM, NULL },
		{ "ADDTO(PAYPROF) FACILITY(CICS)", 1,
		    LDAP_INSUFFICIENT_ACCESS, "JOE" },
		{ "LIST(PAYPROF)", 0, LDAP_INSUFFICIENT_ACCESS, "JOE" },
	};
	size_t i;
	int rc;

	make_joe();
	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		rc = tss_command(db, tab[i].issuer != NULL ? tab[i].issuer :
		    "MSCA", tab[i].cmd, strlen(tab[i].cmd), testplan_out());
		ck_assert_msg(rc >= 4, "%s: %s", tab[i].cmd, outbuf);
		ck_assert_msg(tss_cmd_result(tab[i].cmd, outbuf,
		    tab[i].write) == tab[i].rc, "%s: %s: %d", tab[i].cmd,
		    outbuf, tss_cmd_result(tab[i].cmd, outbuf, tab[i].write));
	}
	ck_assert_int_eq(tss_cmd_result("LIST(X)", "SOMETHING ELSE", 0),
	    LDAP_OTHER);
	ck_assert_int_eq(tss_cmd_result("REPLACE(X)", "SOMETHING ELSE", 1),
	    LDAP_UNWILLING_TO_PERFORM);
}
END_TEST

/*
 * Hostile values over every writable attribute of the map: each is
 * refused with a diagnostic, or stored exactly as sent while no other
 * attribute of the entry changes.
 */
static const struct {
	const char	*v;
	size_t		 len;
} hostile[] = {
	{ "'", 0 }, { "''", 0 }, { "x') SUSPEND NAME('y", 0 },
	{ "a) FACILITY(CICS) (", 0 }, { "a,b, SUSPEND", 0 },
	{ "a;REPLACE(X)", 0 }, { "/* SUSPEND */", 0 }, { "a*/", 0 },
	{ "x /*", 0 }, { "+", 0 }, { "-", 0 }, { "abc +", 0 },
	{ "abc -", 0 }, { "abc-", 0 }, { "' SUSPEND '", 0 },
	{ "%v %u %k", 0 }, { "%{tssAcidType}", 0 }, { ")(", 0 }, { "()", 0 },
	{ "TSO", 0 }, { "SUSPEND", 0 }, { "1919", 0 },
	{ "TRUE", 0 }, { "DSN(PAY.) ACCESS(READ) SUSPEND", 0 },
	{ "DSN(X) ACCESS(READ)) SUSPEND (", 0 },
	{ "a\nREPLACE(JOE) SUSPEND", 0 }, { "a\rb", 0 },
	{ "a\0 SUSPEND", 10 }, { "\xc3\xa9t\xc3\xa9", 0 },
	{ "\xe2\x80\x99", 0 }, { "\x7f", 0 }, { "", 0 }, { " ", 0 },
	{ "0123456789012345678901234567890123456789012345678901234567890123"
	  "4567890123456789012345678901234567890123456789012345678901234567"
	  "8901234567890123456789012345678901234567890123456789012345678901",
	  0 },
};

/* What else a write of attr changes by design (derived, dates). */
static void
skips(const char *attr, const char **skip)
{
	size_t n = 0;

	skip[n++] = attr;
	skip[n++] = "tssLastModified";
	if (strcmp(attr, "cn") == 0 || strcmp(attr, "description") == 0) {
		skip[n++] = "sn";
		skip[n++] = "givenName";
	}
	if (strcmp(attr, "tssProfiles") == 0 ||
	    strcmp(attr, "tssGroups") == 0)
		skip[n++] = "memberOf";
	if (strcmp(attr, "tssSuspended") == 0) {
		skip[n++] = "tssSuspendDate";
		skip[n++] = "tssSuspendReason";
	}
	if (strcmp(attr, "userPassword") == 0) {
		skip[n++] = "passwordExpired";
		skip[n++] = "passwordInterval";
		skip[n++] = "tssPasswordExpires";
	}
	skip[n] = NULL;
}

/* One hostile value into one attribute of JOE (or of PAYPROF). */
static void
hostile_one(enum map_class cls, const char *id, const struct map_attr *ma,
    const char *v, size_t len)
{
	const char *skip[8];
	struct entry *before, *after;
	struct pdu_mod *mods;
	char *b, *a;
	int rc;

	before = list(cls, id);
	mods = testreq_mod1(map_attr_is_multi(ma) ? LDAP_MOD_ADD :
	    LDAP_MOD_REPLACE, ma->ma_name, v, len);
	rc = esm_planner_modify(&tss_cmdlang, cls, map, sch, SUFFIX, id,
	    before, mods, 1, &plan, text, sizeof(text));
	if (rc != 0) {
		ck_assert_msg(rc == LDAP_CONSTRAINT_VIOLATION ||
		    rc == LDAP_INVALID_SYNTAX ||
		    rc == LDAP_TYPE_OR_VALUE_EXISTS, "%s %.*s: rc %d: %s",
		    ma->ma_name, (int)len, v, rc, text);
		ck_assert_msg(strstr(text, ma->ma_name) != NULL, "%s: %s",
		    ma->ma_name, text);
		ck_assert_uint_eq(plan.ep_n, 0);
		entry_free(before);
		return;
	}
	ck_assert_msg(memchr(v, '\n', len) == NULL && memchr(v, '\0', len) ==
	    NULL && (len < 2 || strstr(v, "/*") == NULL), "%s took %.*s",
	    ma->ma_name, (int)len, v);
	ck_assert_uint_eq(plan.ep_n, 1);
	if (sim(plan.ep_cmds[0].ec_text) >= 8) {
		/* TSS's own refusal (DFLTGRP not a group of the user, GID
		   for a profile): a clear code, and nothing changed. */
		rc = tss_cmd_result(plan.ep_cmds[0].ec_what, outbuf, 1);
		ck_assert_msg(rc == LDAP_CONSTRAINT_VIOLATION, "%s %s: %s: %d",
		    ma->ma_name, v, outbuf, rc);
		esm_plan_clear(&plan);
		after = list(cls, id);
		b = testreq_text(before, NULL);
		a = testreq_text(after, NULL);
		ck_assert_str_eq(a, b);
		free(a);
		free(b);
		entry_free(before);
		entry_free(after);
		return;
	}
	esm_plan_clear(&plan);
	after = list(cls, id);
	skips(ma->ma_name, skip);
	b = testreq_text(before, skip);
	a = testreq_text(after, skip);
	ck_assert_msg(strcmp(a, b) == 0, "%s %s: other attributes changed:\n"
	    "%s\n---\n%s", ma->ma_name, v, b, a);
	free(a);
	free(b);
	if (ma->ma_syntax == MAP_SX_SECRET)
		ck_assert_int_eq(verify("JOE", v), TSS_VERIFY_EXPIRED);
	else if (ma->ma_syntax == MAP_SX_TEXT && !(ma->ma_flags & MAP_F_UPPER))
		ck_assert_msg(testreq_has(after, ma->ma_name, v), "%s: %s not "
		    "stored literally", ma->ma_name, v);
	else {
		/* Stored as the attribute's rules read it: the same write
		   again is nothing to do, or a value already there. */
		rc = esm_planner_modify(&tss_cmdlang, cls, map, sch, SUFFIX,
		    id, after, mods, 1, &plan, text, sizeof(text));
		ck_assert_msg((rc == 0 && plan.ep_n == 0) ||
		    rc == LDAP_TYPE_OR_VALUE_EXISTS, "%s %s: %d %s",
		    ma->ma_name, v, rc, text);
		esm_plan_clear(&plan);
	}
	entry_free(before);
	entry_free(after);
}

static void
hostile_class(enum map_class cls, const char *id, size_t h)
{
	const struct map_attr *ma;
	size_t len = hostile[h].len ? hostile[h].len : strlen(hostile[h].v);
	size_t i;

	for (i = 0; i < map->m_nattrs; i++) {
		ma = &map->m_attrs[i];
		if (ma->ma_class != cls || ma->ma_set == NULL ||
		    ma->ma_via == MAP_VIA_CREATE)
			continue;
		hostile_one(cls, id, ma, hostile[h].v, len);
	}
}

START_TEST(cmd_hostile_users)
{
	make_joe();
	hostile_class(MAP_USER, "JOE", (size_t)_i);
}
END_TEST

START_TEST(cmd_hostile_groups)
{
	hostile_class(MAP_GROUP, "PAYPROF", (size_t)_i);
}
END_TEST

/* DNs and ids that try to carry an operand. */
START_TEST(cmd_hostile_ids_and_dns)
{
	static const char *const bad[] = {
		"=tsoProc: P1) SUSPEND(",
		"=defaultGroup: PAYGRP SUSPEND",
		"+tssGroups: cn=PAYGRP\\29 SUSPEND,ou=Groups," SUFFIX,
		"+tssProfiles: cn=A\\0aB,ou=Groups," SUFFIX,
		"+tssProfiles: cn=A\\2f*,ou=Groups," SUFFIX,
		"+tssFacility: TSO) SUSPEND(",
		"+tssFacility: ALL",
		"=omvsUid: 1) SUSPEND(",
		"=tsoUserdata: 00')",
		"+tssPermission: DSN(PAY.) ACCESS(READ) FACILITY(CICS)",
		"+tssPermission: DSN(PAY.),SUSPEND ACCESS(READ)",
		NULL
	};
	const char *req[2] = { NULL, NULL };
	struct entry *e;
	size_t i;
	int rc;

	make_joe();
	for (i = 0; bad[i] != NULL; i++) {
		req[0] = bad[i];
		rc = modify(MAP_USER, "JOE", req);
		ck_assert_msg(rc == LDAP_CONSTRAINT_VIOLATION ||
		    rc == LDAP_INVALID_SYNTAX, "%s: rc %d", bad[i], rc);
		ck_assert_uint_eq(plan.ep_n, 0);
	}
	e = list(MAP_USER, "JOE");
	ck_assert_str_eq(testreq_val(e, "tssSuspended", 0), "FALSE");
	ck_assert_uint_eq(testreq_nvals(e, "tssFacility"), 1);
	entry_free(e);
}
END_TEST

static Suite *
cmd_suite(void)
{
	Suite *s = suite_create("tss_cmd");
	TCase *tc;

	tc = tcase_create("plans");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, cmd_add_user_runs);
	tcase_add_test(tc, cmd_modify_user_runs);
	tcase_add_loop_test(tc, cmd_modify_errors, 0,
	    sizeof(modbad) / sizeof(modbad[0]));
	tcase_add_test(tc, cmd_add_errors);
	tcase_add_test(tc, cmd_groups_run);
	tcase_add_test(tc, cmd_member_needs_type);
	tcase_add_test(tc, cmd_delete_and_password);
	tcase_add_test(tc, cmd_password_attribute);
	tcase_add_test(tc, cmd_suspend_resume);
	tcase_add_test(tc, cmd_check_command);
	tcase_add_test(tc, cmd_results);
	suite_add_tcase(s, tc);
	tc = tcase_create("hostile");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, cmd_hostile_users, 0,
	    sizeof(hostile) / sizeof(hostile[0]));
	tcase_add_loop_test(tc, cmd_hostile_groups, 0,
	    sizeof(hostile) / sizeof(hostile[0]));
	tcase_add_test(tc, cmd_hostile_ids_and_dns);
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
