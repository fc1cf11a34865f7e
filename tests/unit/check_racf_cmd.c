/*
 * check_racf_cmd.c - command plans for LDAP add, modify, delete and
 * password changes: the exact commands, every RFC 4511 error, and then
 * the plans run against a real simulator database, read back with
 * LISTUSER/LISTGRP through racf_list, to prove that values are stored
 * literally and that hostile values are refused or stored as they are
 * with no other operand taking effect.
 */
#include "config.h"

#include <check.h>
#include <ldap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "backends/map.h"
#include "backends/racf/racf_cmd.h"
#include "backends/racf/racf_list.h"
#include "gateway/entry.h"
#include "gateway/pdu.h"
#include "gateway/schema.h"
#include "mainframe-agent/sim/racf/racf.h"

#include "testdir.h"
#include "testplan.h"
#include "testreq.h"

#define SUFFIX	"dc=racf,dc=com"

static struct schema *sch;
static struct map *map;
static struct racf_db *db;
static struct esm_plan plan;
static char text[512], err[512];

#define outbuf	testplan_outbuf
#define sim	testplan_sim

/* 2025-01-15 12:00:00 UTC */
static time_t
test_clock(void *arg)
{
	(void)arg;
	return 1736942400;
}

static int
racf_sim(const char *cmd, size_t len, const struct esm_out *o)
{
	return racf_command(db, "IBMUSER", cmd, len, o);
}

static void
setup(void)
{
	struct racf_opts o;

	testplan_map("racf", &sch, &map);
	testdir_create("check_racf_cmd");
	memset(&o, 0, sizeof(o));
	o.ro_path = testdir();
	o.ro_clock = test_clock;
	o.ro_kdf_iterations = 10;
	o.ro_mapsize = 64 << 20;
	o.ro_nosync = 1;
	ck_assert_msg((db = racf_open(&o, err, sizeof(err))) != NULL, "%s",
	    err);
	testplan_sim_bind(racf_sim, NULL, 7);
	memset(&plan, 0, sizeof(plan));
}

static void
teardown(void)
{
	esm_plan_clear(&plan);
	racf_close(db);
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
racf_feed(void *rl, const struct berval *lines, size_t n, char *e,
    size_t elen)
{
	return racf_list_feed(rl, lines, n, e, elen);
}

/* LIST one user or group back into an entry. */
static struct entry *
list(enum racf_list_kind kind, const char *id)
{
	struct racf_list *rl;
	struct entry *got;
	char *cmd;

	rl = racf_list_new(kind, map, sch, SUFFIX, testplan_got_cb, NULL);
	cmd = racf_list_command(kind, map, &id, 1);
	testplan_list(cmd, racf_feed, rl);
	free(cmd);
	racf_list_end(rl, err, sizeof(err));
	racf_list_free(rl);
	got = testplan_listed();
	ck_assert_msg(got != NULL, "%s %s: not listed", kind ==
	    RACF_LIST_USERS ? "user" : "group", id);
	return got;
}

static int
add_user(const char *id, const char *const *s)
{
	struct pdu_attr *attrs;
	size_t n = testreq_attrs(s, &attrs);

	return racf_plan_add_user(map, sch, SUFFIX, id, attrs, n, &plan, text,
	    sizeof(text));
}

static int
modify_user(const char *id, const char *const *s)
{
	struct entry *cur = list(RACF_LIST_USERS, id);
	struct pdu_mod *mods;
	size_t n = testreq_mods(s, &mods);
	int rc;

	rc = racf_plan_modify_user(map, sch, SUFFIX, id, cur, mods, n, &plan,
	    text, sizeof(text));
	entry_free(cur);
	return rc;
}

START_TEST(cmd_add_user_runs)
{
	static const char *const req[] = {
		"objectClass: top | person | organizationalPerson | "
		    "inetOrgPerson | racfUser",
		"uid: jsmith",
		"cn: Sarah O'Clark",
		"sn: O'Clark",
		"userPassword: pw1",
		"owner: cn=SYS1,ou=Groups,dc=racf,dc=com",
		"defaultGroup: sys1",
		"instdata: EMP 1 (FINANCE), 50% / ok",
		"attributes: auditor",
		"revoked: TRUE",
		"passwordExpired: FALSE",
		"memberOf: cn=PAYROLL,ou=Groups,dc=racf,dc=com | "
		    "cn=SYS1,ou=Groups,dc=racf,dc=com",
		"tsoProc: ispfproc",
		"tsoSize: 04096",
		"omvsHome: /u/o'clark",
		"cicsTimeout: 0130",
		"passwordInterval: 60",
		NULL
	};
	static const char *const want[] = {
		"ADDUSER JSMITH NAME('Sarah O''Clark') PASSWORD('pw1') "
		    "OWNER(SYS1) DFLTGRP(SYS1) "
		    "DATA('EMP 1 (FINANCE), 50% / ok') AUDITOR "
		    "TSO(PROC(ISPFPROC) SIZE(4096)) "
		    "OMVS(HOME('/u/o''clark')) CICS(TIMEOUT('0130'))",
		"CONNECT JSMITH GROUP(PAYROLL)",
		"PASSWORD USER(JSMITH) INTERVAL(60)",
		"ALTUSER JSMITH REVOKE NOEXPIRED",
		NULL
	};
	struct entry *e;

	ck_assert_int_eq(sim("ADDGROUP PAYROLL"), 0);
	ck_assert_msg(add_user("jsmith", req) == 0, "%s", text);
	testreq_plan_is(&plan, want);
	ck_assert_int_eq(plan.ep_cmds[0].ec_secret, 1);
	ck_assert_ptr_null(strstr(plan.ep_cmds[0].ec_what, "pw1"));
	ck_assert_ptr_nonnull(strstr(plan.ep_cmds[0].ec_what,
	    "PASSWORD(********)"));
	ck_assert_int_eq(plan.ep_cmds[1].ec_secret, 0);
	ck_assert_str_eq(plan.ep_cmds[1].ec_what,
	    "CONNECT JSMITH GROUP(PAYROLL)");
	run();
	e = list(RACF_LIST_USERS, "JSMITH");
	ck_assert_str_eq(testreq_val(e, "cn", 0), "Sarah O'Clark");
	ck_assert_str_eq(testreq_val(e, "sn", 0), "O'Clark");
	ck_assert_str_eq(testreq_val(e, "givenName", 0), "Sarah");
	ck_assert_str_eq(testreq_val(e, "instdata", 0),
	    "EMP 1 (FINANCE), 50% / ok");
	ck_assert_str_eq(testreq_val(e, "attributes", 0), "AUDITOR");
	ck_assert_uint_eq(testreq_nvals(e, "attributes"), 1);
	ck_assert_str_eq(testreq_val(e, "revoked", 0), "TRUE");
	ck_assert_str_eq(testreq_val(e, "passwordExpired", 0), "FALSE");
	ck_assert_str_eq(testreq_val(e, "owner", 0),
	    "cn=SYS1,ou=Groups," SUFFIX);
	ck_assert_uint_eq(testreq_nvals(e, "memberOf"), 2);
	ck_assert_str_eq(testreq_val(e, "tsoProc", 0), "ISPFPROC");
	ck_assert_str_eq(testreq_val(e, "tsoSize", 0), "4096");
	ck_assert_str_eq(testreq_val(e, "omvsHome", 0), "/u/o'clark");
	ck_assert_str_eq(testreq_val(e, "cicsTimeout", 0), "0130");
	ck_assert_str_eq(testreq_val(e, "passwordInterval", 0), "60");
	entry_free(e);
}
END_TEST

static void
make_joe(void)
{
	ck_assert_int_eq(sim("ADDGROUP PAYROLL"), 0);
	ck_assert_int_eq(sim("ADDGROUP AUDIT"), 0);
	ck_assert_int_eq(sim("ADDUSER JOE NAME('JOE BLOGGS') DFLTGRP(SYS1) "
	    "AUDITOR DATA('OLD') TSO(PROC(P1) SIZE(100)) OMVS(HOME('/u/joe'))"),
	    0);
	ck_assert_int_eq(sim("CONNECT JOE GROUP(PAYROLL)"), 0);
}

START_TEST(cmd_modify_user_runs)
{
	static const char *const req[] = {
		"=cn: Joe Q Bloggs",
		"+memberOf: cn=audit,ou=groups,dc=racf,dc=com",
		"-memberOf: CN=PAYROLL,OU=Groups,DC=racf,DC=com",
		"-attributes: AUDITOR",
		"+attributes: SPECIAL",
		"=tsoSize: 200",
		"-omvsHome:",
		"-instdata: old",
		"=defaultGroup: AUDIT",
		"=passwordInterval: 90",
		NULL
	};
	static const char *const want[] = {
		"CONNECT JOE GROUP(AUDIT)",
		"PASSWORD USER(JOE) INTERVAL(90)",
		"ALTUSER JOE NAME('Joe Q Bloggs') SPECIAL NOAUDITOR "
		    "TSO(SIZE(200)) OMVS(NOHOME) NODATA DFLTGRP(AUDIT)",
		"REMOVE JOE GROUP(PAYROLL)",
		NULL
	};
	struct entry *e;

	make_joe();
	ck_assert_msg(modify_user("joe", req) == 0, "%s", text);
	testreq_plan_is(&plan, want);
	run();
	e = list(RACF_LIST_USERS, "JOE");
	ck_assert_str_eq(testreq_val(e, "cn", 0), "Joe Q Bloggs");
	ck_assert_str_eq(testreq_val(e, "attributes", 0), "SPECIAL");
	ck_assert_uint_eq(testreq_nvals(e, "attributes"), 1);
	ck_assert_str_eq(testreq_val(e, "tsoSize", 0), "200");
	ck_assert_str_eq(testreq_val(e, "tsoProc", 0), "P1");
	ck_assert_ptr_null(testreq_val(e, "omvsHome", 0));
	ck_assert_ptr_null(testreq_val(e, "instdata", 0));
	ck_assert_str_eq(testreq_val(e, "defaultGroup", 0), "AUDIT");
	ck_assert_str_eq(testreq_val(e, "memberOf", 0),
	    "cn=AUDIT,ou=Groups," SUFFIX);
	ck_assert_str_eq(testreq_val(e, "memberOf", 1),
	    "cn=SYS1,ou=Groups," SUFFIX);
	ck_assert_uint_eq(testreq_nvals(e, "memberOf"), 2);
	entry_free(e);
}
END_TEST

/* Modify errors: the code and a text naming the attribute. */
static const struct {
	const char	*mod;
	int		 rc;
	const char	*msg;
} modbad[] = {
	{ "-memberOf: cn=AUDIT,ou=Groups,dc=racf,dc=com",
	    LDAP_NO_SUCH_ATTRIBUTE, "memberOf: no value" },
	{ "+memberOf: cn=PAYROLL,ou=Groups,dc=racf,dc=com",
	    LDAP_TYPE_OR_VALUE_EXISTS, "memberOf: value" },
	{ "+attributes: auditor", LDAP_TYPE_OR_VALUE_EXISTS, "attributes" },
	{ "-tsoUnit:", LDAP_NO_SUCH_ATTRIBUTE, "tsoUnit" },
	{ "=cn: A | B", LDAP_CONSTRAINT_VIOLATION, "cn: RACF NAME holds one" },
	{ "+cn: Other", LDAP_CONSTRAINT_VIOLATION, "cn: RACF NAME holds one" },
	{ "=nosuchattr: x", LDAP_UNDEFINED_TYPE, "nosuchattr" },
	{ "=mail: a@b", LDAP_UNWILLING_TO_PERFORM, "mail: not stored" },
	{ "=createDate: 20240101000000Z", LDAP_CONSTRAINT_VIOLATION,
	    "createDate is read-only" },
	{ "=sn: X", LDAP_CONSTRAINT_VIOLATION, "change cn instead" },
	{ "=uid: OTHER", LDAP_NOT_ALLOWED_ON_RDN, "uid names the entry" },
	{ "+objectClass: extensibleObject", LDAP_NO_OBJECT_CLASS_MODS,
	    "objectClass" },
	{ "=memberOf: not a dn", LDAP_INVALID_SYNTAX, "memberOf" },
	{ "+memberOf: cn=X,ou=Groups,dc=other,dc=com",
	    LDAP_CONSTRAINT_VIOLATION, "does not name a group" },
	{ "+memberOf: uid=JOE,ou=People,dc=racf,dc=com",
	    LDAP_CONSTRAINT_VIOLATION, "does not name a group" },
	{ "+memberOf: cn=TOOLONGNAME,ou=Groups,dc=racf,dc=com",
	    LDAP_CONSTRAINT_VIOLATION, "1 to 8" },
	{ "-memberOf: cn=SYS1,ou=Groups,dc=racf,dc=com",
	    LDAP_CONSTRAINT_VIOLATION, "default group" },
	{ "=revoked: yes", LDAP_INVALID_SYNTAX, "revoked" },
	{ "=tsoSize: 99999999", LDAP_CONSTRAINT_VIOLATION, "tsoSize" },
	{ "=tsoSize: 12a", LDAP_INVALID_SYNTAX, "tsoSize" },
	{ "=revokeDate: 21000101000000Z", LDAP_INVALID_SYNTAX, "revokeDate" },
	{ "=tsoHoldclass: $", LDAP_CONSTRAINT_VIOLATION, "tsoHoldclass" },
	{ "=tsoUserdata: 12345", LDAP_CONSTRAINT_VIOLATION, "tsoUserdata" },
	{ "-cn:", LDAP_CONSTRAINT_VIOLATION, "cn cannot be removed" },
	{ "-owner:", LDAP_CONSTRAINT_VIOLATION, "owner cannot be removed" },
	{ "-userPassword: x", LDAP_UNWILLING_TO_PERFORM, "userPassword" },
	{ "=userPassword: a | b", LDAP_CONSTRAINT_VIOLATION, "userPassword" },
	{ "=userPassword: 123456789", LDAP_CONSTRAINT_VIOLATION,
	    "userPassword" },
	{ "#tsoSize: 1", LDAP_UNWILLING_TO_PERFORM, "tsoSize" },
};

START_TEST(cmd_modify_errors)
{
	const char *req[3] = { modbad[_i].mod, NULL, NULL };
	int rc;

	make_joe();
	rc = modify_user("JOE", req);
	ck_assert_msg(rc == modbad[_i].rc, "%s: rc %d, want %d: %s",
	    modbad[_i].mod, rc, modbad[_i].rc, text);
	ck_assert_msg(strstr(text, modbad[_i].msg) != NULL, "%s: text %s",
	    modbad[_i].mod, text);
	ck_assert_uint_eq(plan.ep_n, 0);
}
END_TEST

START_TEST(cmd_modify_conflicts)
{
	static const char *const twice[] = {
		"=revoked: TRUE", "=revokeDate: 20250301000000Z", NULL
	};
	static const char *const seq[] = {
		"+instdata: new", "-instdata: new", "+instdata: newer", NULL
	};
	static const char *const same[] = { "=cn: JOE BLOGGS", NULL };

	make_joe();
	ck_assert_int_eq(modify_user("JOE", twice), LDAP_CONSTRAINT_VIOLATION);
	ck_assert_ptr_nonnull(strstr(text, "same operand"));
	ck_assert_uint_eq(plan.ep_n, 0);
	/* Applied in order: instdata holds OLD, so add fails ... */
	ck_assert_int_eq(modify_user("JOE", seq), LDAP_CONSTRAINT_VIOLATION);
	ck_assert_ptr_nonnull(strstr(text, "instdata: RACF"));
	/* ... and replacing with the current value is no command at all. */
	ck_assert_int_eq(modify_user("JOE", same), 0);
	ck_assert_uint_eq(plan.ep_n, 0);
}
END_TEST

START_TEST(cmd_add_errors)
{
	static const char *const nooc[] = { "cn: X", NULL };
	static const char *const badoc[] = { "objectClass: racfGroup", NULL };
	static const char *const baduid[] = { "objectClass: racfUser",
	    "uid: OTHER", NULL };
	static const char *const ro[] = { "objectClass: racfUser",
	    "createDate: 20240101000000Z", NULL };
	static const char *const dup[] = { "objectClass: racfUser",
	    "memberOf: cn=A,ou=Groups,dc=racf,dc=com | "
	    "CN=a,ou=groups,dc=racf,dc=com", NULL };
	static const char *const twice[] = { "objectClass: racfUser",
	    "cn: A", "commonName: B", NULL };

	ck_assert_int_eq(add_user("JOE", nooc), LDAP_OBJECT_CLASS_VIOLATION);
	ck_assert_int_eq(add_user("JOE", badoc), LDAP_OBJECT_CLASS_VIOLATION);
	ck_assert_int_eq(add_user("JOE", baduid), LDAP_NAMING_VIOLATION);
	ck_assert_int_eq(add_user("JOE", ro), LDAP_CONSTRAINT_VIOLATION);
	ck_assert_int_eq(add_user("JOE", dup), LDAP_TYPE_OR_VALUE_EXISTS);
	ck_assert_int_eq(add_user("JOE", twice), LDAP_TYPE_OR_VALUE_EXISTS);
	ck_assert_int_eq(add_user("9JOE", nooc), LDAP_NAMING_VIOLATION);
	ck_assert_int_eq(add_user("JO)E", nooc), LDAP_NAMING_VIOLATION);
	ck_assert_uint_eq(plan.ep_n, 0);
}
END_TEST

START_TEST(cmd_delete_and_password)
{
	struct berval pw = { 6, "s3cr't" };
	struct entry *e;

	make_joe();
	ck_assert_int_eq(racf_plan_password("joe", &pw, 1, &plan, text,
	    sizeof(text)), 0);
	ck_assert_str_eq(plan.ep_cmds[0].ec_text,
	    "ALTUSER JOE PASSWORD('s3cr''t')");
	ck_assert_str_eq(plan.ep_cmds[0].ec_what,
	    "ALTUSER JOE PASSWORD(********)");
	ck_assert_int_eq(plan.ep_cmds[0].ec_secret, 1);
	run();
	e = list(RACF_LIST_USERS, "JOE");
	ck_assert_str_eq(testreq_val(e, "passwordExpired", 0), "TRUE");
	entry_free(e);
	/* RACF folds it; the quote is part of the password. */
	ck_assert_int_eq(racf_verify(db, "JOE", "S3CR'T", NULL, testplan_out()),
	    RACF_VERIFY_EXPIRED);
	ck_assert_int_eq(racf_plan_password("JOE", &pw, 0, &plan, text,
	    sizeof(text)), 0);
	ck_assert_str_eq(plan.ep_cmds[0].ec_text,
	    "ALTUSER JOE PASSWORD('s3cr''t') NOEXPIRED");
	run();
	ck_assert_int_eq(racf_verify(db, "JOE", "S3CR'T", NULL, testplan_out()),
	    RACF_VERIFY_OK);
	pw.bv_val = "toolong99";
	pw.bv_len = 9;
	ck_assert_int_eq(racf_plan_password("JOE", &pw, 0, &plan, text,
	    sizeof(text)), LDAP_CONSTRAINT_VIOLATION);
	ck_assert_ptr_null(strstr(text, "toolong99"));
	ck_assert_int_eq(racf_plan_password("J(OE", &pw, 0, &plan, text,
	    sizeof(text)), LDAP_NO_SUCH_OBJECT);
	ck_assert_int_eq(racf_plan_delete_user("J OE", &plan, text,
	    sizeof(text)), LDAP_NO_SUCH_OBJECT);
	ck_assert_uint_eq(plan.ep_n, 0);
	ck_assert_int_eq(racf_plan_delete_user("joe", &plan, text,
	    sizeof(text)), 0);
	ck_assert_str_eq(plan.ep_cmds[0].ec_text, "DELUSER JOE");
	run();
	ck_assert_int_eq(racf_plan_delete_group("audit", &plan, text,
	    sizeof(text)), 0);
	ck_assert_str_eq(plan.ep_cmds[0].ec_text, "DELGROUP AUDIT");
	run();
	ck_assert_int_eq(sim("LISTUSER JOE"), 4);
}
END_TEST

/* userPassword with passwordExpired FALSE: one ALTUSER, NOEXPIRED. */
START_TEST(cmd_password_attribute)
{
	static const char *const req[] = { "=userPassword: Fresh1",
	    "=passwordExpired: FALSE", NULL };
	static const char *const want[] = {
		"ALTUSER JOE PASSWORD('Fresh1') NOEXPIRED", NULL };
	static const char *const plain[] = { "=userPassword: Fresh2", NULL };

	make_joe();
	ck_assert_msg(modify_user("JOE", req) == 0, "%s", text);
	testreq_plan_is(&plan, want);
	ck_assert_int_eq(plan.ep_cmds[0].ec_secret, 1);
	run();
	ck_assert_int_eq(racf_verify(db, "JOE", "FRESH1", NULL, testplan_out()),
	    RACF_VERIFY_OK);
	ck_assert_int_eq(modify_user("JOE", plain), 0);
	ck_assert_str_eq(plan.ep_cmds[0].ec_text,
	    "ALTUSER JOE PASSWORD('Fresh2')");
	run();
	ck_assert_int_eq(racf_verify(db, "JOE", "FRESH2", NULL, testplan_out()),
	    RACF_VERIFY_EXPIRED);
}
END_TEST

START_TEST(cmd_groups_run)
{
	static const char *const add[] = {
		"objectClass: top | racfGroup", "cn: dept9",
		"superiorGroup: payroll", "owner: uid=JOE,ou=People," SUFFIX,
		"instdata: Dept (9)", "omvsGid: 0900",
		"member: uid=joe,ou=People," SUFFIX, NULL
	};
	static const char *const want[] = {
		"ADDGROUP DEPT9 SUPGROUP(PAYROLL) OWNER(JOE) DATA('Dept (9)') "
		    "OMVS(GID(900))",
		"CONNECT JOE GROUP(DEPT9)", NULL
	};
	static const char *const mod[] = {
		"-member: uid=JOE,ou=People," SUFFIX,
		"+uniqueMember: uid=IBMUSER,ou=People," SUFFIX,
		"+member: uid=IBMUSER,ou=People," SUFFIX,
		"-instdata:", NULL
	};
	static const char *const want2[] = {
		"CONNECT IBMUSER GROUP(DEPT9)",
		"ALTGROUP DEPT9 NODATA",
		"REMOVE JOE GROUP(DEPT9)", NULL
	};
	struct pdu_attr *attrs;
	struct pdu_mod *mods;
	struct entry *e;
	size_t n;

	make_joe();
	n = testreq_attrs(add, &attrs);
	ck_assert_msg(racf_plan_add_group(map, sch, SUFFIX, "dept9", attrs,
	    n, &plan, text, sizeof(text)) == 0, "%s", text);
	testreq_plan_is(&plan, want);
	run();
	e = list(RACF_LIST_GROUPS, "DEPT9");
	ck_assert_str_eq(testreq_val(e, "instdata", 0), "Dept (9)");
	ck_assert_str_eq(testreq_val(e, "omvsGid", 0), "900");
	ck_assert_str_eq(testreq_val(e, "owner", 0),
	    "uid=JOE,ou=People," SUFFIX);
	ck_assert_str_eq(testreq_val(e, "member", 0),
	    "uid=JOE,ou=People," SUFFIX);
	n = testreq_mods(mod, &mods);
	ck_assert_msg(racf_plan_modify_group(map, sch, SUFFIX, "DEPT9", e,
	    mods, n, &plan, text, sizeof(text)) == 0, "%s", text);
	entry_free(e);
	testreq_plan_is(&plan, want2);
	run();
	e = list(RACF_LIST_GROUPS, "DEPT9");
	ck_assert_str_eq(testreq_val(e, "member", 0), "uid=IBMUSER,ou=People,"
	    SUFFIX);
	ck_assert_uint_eq(testreq_nvals(e, "member"), 1);
	ck_assert_ptr_null(testreq_val(e, "instdata", 0));
	entry_free(e);
}
END_TEST

/*
 * Hostile values: refused with constraintViolation, or stored exactly
 * as sent while nothing else about the user changes.
 */
static const struct {
	const char	*v;
	size_t		 len;
} hostile[] = {
	{ "'", 0 }, { "''", 0 }, { "x') SPECIAL DATA('y", 0 },
	{ "a) OPERATIONS (", 0 }, { "a,b, SPECIAL", 0 }, { "a;ALTUSER X", 0 },
	{ "/* SPECIAL */", 0 }, { "+", 0 }, { "-", 0 }, { "abc +", 0 },
	{ "abc -", 0 }, { "' SPECIAL '", 0 }, { "%v %u", 0 },
	{ ")(", 0 }, { "NODATA", 0 }, { "a\nALTUSER JOE SPECIAL", 0 },
	{ "a\rb", 0 }, { "a\0 SPECIAL", 10 }, { "\xc3\xa9t\xc3\xa9", 0 },
	{ "\xe2\x80\x99", 0 }, { "\x7f", 0 },
	{ "0123456789012345678901234567890123456789012345678901234567890123"
	  "4567890123456789012345678901234567890123456789012345678901234567"
	  "8901234567890123456789012345678901234567890123456789012345678901"
	  "2345678901234567890123456789012345678901234567890123456789012345",
	  0 },
};

static void
hostile_one(const char *attr, const char *v, size_t len, size_t max)
{
	const char *skip[] = { attr, NULL };
	struct entry *before, *after;
	struct pdu_mod *mods;
	char *b, *a;
	size_t k;
	int rc, printable = 1;

	for (k = 0; k < len; k++)
		if ((unsigned char)v[k] < 0x20 || (unsigned char)v[k] > 0x7e)
			printable = 0;
	before = list(RACF_LIST_USERS, "JOE");
	mods = testreq_mod1(LDAP_MOD_REPLACE, attr, v, len);
	rc = racf_plan_modify_user(map, sch, SUFFIX, "JOE", before, mods, 1,
	    &plan, text, sizeof(text));
	if (!printable || len > max || len == 0) {
		ck_assert_msg(rc == LDAP_CONSTRAINT_VIOLATION, "%s %.*s: rc %d",
		    attr, (int)len, v, rc);
		ck_assert_uint_eq(plan.ep_n, 0);
		entry_free(before);
		return;
	}
	ck_assert_msg(rc == 0, "%s %.*s: %s", attr, (int)len, v, text);
	ck_assert_uint_eq(plan.ep_n, 1);
	run();
	after = list(RACF_LIST_USERS, "JOE");
	ck_assert_str_eq(testreq_val(after, attr, 0), v);
	b = testreq_text(before, skip);
	a = testreq_text(after, skip);
	if (strcmp(attr, "cn") != 0)
		ck_assert_str_eq(a, b);
	else {
		/* sn and givenName follow NAME; nothing else moves. */
		ck_assert_str_eq(testreq_val(after, "attributes", 0),
		    "AUDITOR");
		ck_assert_uint_eq(testreq_nvals(after, "attributes"), 1);
		ck_assert_str_eq(testreq_val(after, "revoked", 0), "FALSE");
		ck_assert_str_eq(testreq_val(after, "instdata", 0), "OLD");
	}
	free(a);
	free(b);
	entry_free(before);
	entry_free(after);
}

START_TEST(cmd_hostile_instdata)
{
	size_t len = hostile[_i].len ? hostile[_i].len :
	    strlen(hostile[_i].v);

	make_joe();
	hostile_one("instdata", hostile[_i].v, len, 255);
}
END_TEST

START_TEST(cmd_hostile_name)
{
	size_t len = hostile[_i].len ? hostile[_i].len :
	    strlen(hostile[_i].v);

	make_joe();
	/* A blank-only or trailing-blank NAME does not read back as sent. */
	if (len > 0 && hostile[_i].v[len - 1] == ' ')
		return;
	hostile_one("cn", hostile[_i].v, len, 20);
}
END_TEST

START_TEST(cmd_hostile_ids_and_dns)
{
	static const char *const bad[] = {
		"=tsoProc: P1) SPECIAL(",
		"=defaultGroup: SYS1 SPECIAL",
		"=owner: uid=JOE) SPECIAL(,ou=People," SUFFIX,
		"+memberOf: cn=SYS1\\29 SPECIAL,ou=Groups," SUFFIX,
		"+memberOf: cn=A\\0aB,ou=Groups," SUFFIX,
		"+attributes: SPECIAL OPERATIONS",
		"+attributes: NOSPECIAL",
		"=omvsUid: 1) SPECIAL(",
		"=revokeDate: 20250101000000Z) SPECIAL(",
		"=tsoUserdata: 00')",
		NULL
	};
	const char *req[2] = { NULL, NULL };
	struct entry *e;
	size_t i;
	int rc;

	make_joe();
	for (i = 0; bad[i] != NULL; i++) {
		req[0] = bad[i];
		rc = modify_user("JOE", req);
		ck_assert_msg(rc == LDAP_CONSTRAINT_VIOLATION ||
		    rc == LDAP_INVALID_SYNTAX, "%s: rc %d", bad[i], rc);
		ck_assert_uint_eq(plan.ep_n, 0);
	}
	e = list(RACF_LIST_USERS, "JOE");
	ck_assert_uint_eq(testreq_nvals(e, "attributes"), 1);
	entry_free(e);
}
END_TEST

static Suite *
cmd_suite(void)
{
	Suite *s = suite_create("racf_cmd");
	TCase *tc;

	tc = tcase_create("plans");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, cmd_add_user_runs);
	tcase_add_test(tc, cmd_modify_user_runs);
	tcase_add_loop_test(tc, cmd_modify_errors, 0,
	    sizeof(modbad) / sizeof(modbad[0]));
	tcase_add_test(tc, cmd_modify_conflicts);
	tcase_add_test(tc, cmd_add_errors);
	tcase_add_test(tc, cmd_delete_and_password);
	tcase_add_test(tc, cmd_password_attribute);
	tcase_add_test(tc, cmd_groups_run);
	suite_add_tcase(s, tc);
	tc = tcase_create("hostile");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, cmd_hostile_instdata, 0,
	    sizeof(hostile) / sizeof(hostile[0]));
	tcase_add_loop_test(tc, cmd_hostile_name, 0,
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
