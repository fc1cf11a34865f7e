/*
 * check_acl.c - access rules: every parse and compile error with its
 * file:line, each kind of "by", groups, subtree boundaries, attribute
 * lists, first match and default deny, a search's view, and filters
 * that cannot test what their sender may not read.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ldap.h>

#include "conf.h"
#include "gateway/acl.h"
#include "gateway/conn.h"	/* before op.h: RB_HEAD(op_tree) */
#include "gateway/entry.h"
#include "gateway/filter.h"
#include "gateway/gw.h"
#include "gateway/op.h"
#include "gateway/schema.h"
#include "testschema.h"

static struct schema *schema;
static struct acl *acl;
static int lineno;
static char err[512];

static const char *const suffixes[] = { "dc=racf,dc=com", "cn=changelog" };

static void
setup(void)
{
	schema = testschema_core();
	acl = acl_new();
	lineno = 0;
	err[0] = '\0';
}

/* A new rule set for the next case of a test. */
static void
fresh(void)
{
	acl_free(acl);
	acl = acl_new();
	lineno = 0;
}

static void
teardown(void)
{
	acl_free(acl);
	schema_free(schema);
}

/* One configuration line, as gw_conf.c hands it over. */
static int
line(const char *text)
{
	struct conf_line l;
	char buf[512], *argv[32];
	const char *why;

	snprintf(buf, sizeof(buf), "%s", text);
	l.cl_file = "test.conf";
	l.cl_lineno = ++lineno;
	l.cl_argc = conf_split_line(buf, argv, 32, &why);
	ck_assert_int_gt(l.cl_argc, 0);
	l.cl_argv = argv;
	err[0] = '\0';
	return acl_conf_line(acl, &l, err, sizeof(err));
}

static int
compile(void)
{
	err[0] = '\0';
	return acl_compile(acl, schema, suffixes, 2, err, sizeof(err));
}

static void
ok_lines(const char *const *lines)
{
	for (; *lines != NULL; lines++)
		ck_assert_msg(line(*lines) == 0, "%s: %s", *lines, err);
	ck_assert_msg(compile() == 0, "%s", err);
}

static void
parse_fails(const char *text, const char *want)
{
	ck_assert_int_eq(line(text), -1);
	ck_assert_msg(strstr(err, want) != NULL, "\"%s\" not in \"%s\"", want,
	    err);
}

static void
compile_fails(const char *const *lines, const char *want)
{
	for (; *lines != NULL; lines++)
		ck_assert_msg(line(*lines) == 0, "%s: %s", *lines, err);
	ck_assert_int_eq(compile(), -1);
	ck_assert_msg(strstr(err, want) != NULL, "\"%s\" not in \"%s\"", want,
	    err);
}

static const struct schema_at *
at(const char *name)
{
	const struct schema_at *a = schema_find_at(schema, name);

	ck_assert_ptr_nonnull(a);
	return a;
}

/* Decide for an identity; the deciding rule's name, or "-". */
static int
decide(const struct acl_id *id, const char *ndn, unsigned int right,
    const char *attr, const char **rule_name)
{
	const struct acl_rule *rule;
	int r;

	r = acl_decide(acl, id, ndn, right, attr != NULL, attr != NULL &&
	    strcmp(attr, "?") != 0 ? at(attr) : NULL, &rule);
	*rule_name = rule != NULL ? rule->ar_name : "-";
	return r;
}

static const struct acl_id anon = { CONN_ANONYMOUS, NULL, NULL };
static const struct acl_id admin = { CONN_ADMIN,
    "cn=esmadmin,dc=racf,dc=com", NULL };
static const struct acl_id bob = { CONN_USER,
    "uid=bob,ou=people,dc=racf,dc=com", NULL };
static const struct acl_id carol = { CONN_USER,
    "uid=carol,ou=people,dc=racf,dc=com", NULL };
static const struct acl_id certonly = { CONN_ANONYMOUS, NULL,
    "cn=robot,o=example" };

#define BOB_DN		"uid=bob,ou=people,dc=racf,dc=com"
#define CAROL_DN	"uid=carol,ou=people,dc=racf,dc=com"

/* ---- parsing ------------------------------------------------------- */

START_TEST(parse_errors)
{
	ck_assert_int_eq(line("admin cn=x,dc=racf,dc=com {X}"), 1);
	parse_fails("access r1 to *", "access wants RULE to DN|* by WHO");
	parse_fails("access r1 from * by * read", "access wants RULE");
	parse_fails("access r1 to * by * read attr cn", "access wants RULE");
	parse_fails("access r/1 to * by * read", "\"r/1\" is not a rule name");
	parse_fails("access r1 to * by nobody read",
	    "\"by nobody\" names no one");
	parse_fails("access r1 to * by group:a/b read", "names no one");
	parse_fails("access r1 to * by dn: read", "names no one");
	parse_fails("access r1 to * by * read,fly",
	    "\"fly\" is not a right");
	parse_fails("access r1 to * by * read,", "\"\" is not a right");
	parse_fails("access r1 to * by * read attrs cn,,sn",
	    "an empty attribute name");
	parse_fails("group", "group wants NAME MEMBER...");
	parse_fails("group g1", "group wants NAME MEMBER...");
	parse_fails("group g1 uid=x,dc=racf,dc=com",
	    "member \"uid=x,dc=racf,dc=com\" is neither dn:DN nor "
	    "cert:SUBJECT");
	ck_assert_int_eq(line("access r1 to * by admins read"), 0);
	parse_fails("access R1 to * by users read",
	    "a rule of that name exists already");
	ck_assert_int_eq(acl_is_active(acl), 1);
}
END_TEST

START_TEST(parse_inactive_without_access)
{
	ck_assert_int_eq(acl_is_active(NULL), 0);
	ck_assert_int_eq(line("group g dn:cn=a,dc=racf,dc=com"), 0);
	ck_assert_int_eq(compile(), 0);
	ck_assert_int_eq(acl_is_active(acl), 0);
}
END_TEST

START_TEST(compile_errors)
{
	const char *bad_to[] = { "access r1 to nodn by * read", NULL };
	const char *unserved[] = { "access r1 to dc=xracf,dc=com by * read",
	    NULL };
	const char *no_group[] = { "access r1 to * by group:nope read",
	    NULL };
	const char *bad_who[] = { "access r1 to * by dn:nodn read", NULL };
	const char *bad_cert[] = { "access r1 to * by cert:nodn read", NULL };
	const char *bad_member[] = { "group g dn:nodn",
	    "access r1 to * by group:g read", NULL };
	const char *bad_member_later[] = { "group g dn:cn=a,dc=racf,dc=com",
	    "group g dn:nodn", "access r1 to * by group:g read", NULL };
	const char *bad_attr[] = {
	    "access r1 to * by admins read attrs cn,nosuchType", NULL };

	compile_fails(bad_to, "test.conf:1: access r1: \"to nodn\" is not a "
	    "DN");
	fresh();
	compile_fails(unserved, "test.conf:1: access r1: no naming context "
	    "of this gateway holds dc=xracf,dc=com");
	fresh();
	compile_fails(no_group, "test.conf:1: access r1: group nope is not "
	    "defined");
	fresh();
	compile_fails(bad_who, "test.conf:1: access r1: \"nodn\" is not a DN");
	fresh();
	compile_fails(bad_cert, "test.conf:1: access r1: \"nodn\" is not a "
	    "DN");
	fresh();
	compile_fails(bad_member, "test.conf:1: group g: \"nodn\" is not a "
	    "DN");
	fresh();
	/* A member is reported at the line that names it. */
	compile_fails(bad_member_later, "test.conf:2: group g: \"nodn\" is "
	    "not a DN");
	fresh();
	compile_fails(bad_attr, "test.conf:1: access r1: attribute type "
	    "nosuchType is not in the schema");
}
END_TEST

START_TEST(compile_unreachable)
{
	const char *after_all[] = {
	    "access everyone to * by * read",
	    "access admins-write to dc=racf,dc=com by admins write", NULL };
	const char *same_who[] = {
	    "access a to dc=racf,dc=com by dn:cn=A,dc=racf,dc=com read",
	    "access b to ou=people,dc=racf,dc=com by dn:cn=a,dc=racf,dc=com "
	    "write", NULL };
	const char *attrs_subset[] = {
	    "access names to dc=racf,dc=com by users read attrs name,mail",
	    "access cn-write to dc=racf,dc=com by users write attrs cn",
	    NULL };
	const char *authenticated[] = {
	    "access auth to dc=racf,dc=com by authenticated read",
	    "access self-write to dc=racf,dc=com by self write", NULL };

	compile_fails(after_all, "test.conf:2: access admins-write can never "
	    "match: rule everyone (test.conf:1) before it matches every "
	    "access it names");
	fresh();
	compile_fails(same_who, "access b can never match: rule a");
	fresh();
	compile_fails(attrs_subset, "access cn-write can never match");
	fresh();
	compile_fails(authenticated, "access self-write can never match");
}
END_TEST

START_TEST(compile_reachable)
{
	/* Narrower first, wider after; a list, then other types. */
	const char *lines[] = {
	    "access people to ou=people,dc=racf,dc=com by users read",
	    "access suffix to dc=racf,dc=com by users read",
	    "access some to dc=racf,dc=com by admins read attrs cn",
	    "access more to dc=racf,dc=com by admins read attrs mail",
	    "access all to dc=racf,dc=com by admins read",
	    "access anon to dc=racf,dc=com by anonymous read",
	    "access others to * by * read", NULL };

	ok_lines(lines);
}
END_TEST

/* ---- matching ------------------------------------------------------ */

START_TEST(match_who_kinds)
{
	const char *lines[] = {
	    "group helpdesk dn:uid=Carol,ou=People,dc=racf,dc=com "
	    "cert:CN=Robot,O=Example",
	    "access by-dn to ou=a,dc=racf,dc=com by "
	    "dn:UID=bob,ou=people,dc=RACF,dc=com read",
	    "access by-cert to ou=b,dc=racf,dc=com by cert:cn=robot,o=example "
	    "read",
	    "access by-group to ou=c,dc=racf,dc=com by group:helpdesk read",
	    "access by-admins to ou=d,dc=racf,dc=com by admins read",
	    "access by-users to ou=e,dc=racf,dc=com by users read",
	    "access by-self to dc=racf,dc=com by self read",
	    "access by-anon to ou=f,dc=racf,dc=com by anonymous read",
	    "access by-auth to ou=g,dc=racf,dc=com by authenticated read",
	    "access by-any to ou=h,dc=racf,dc=com by * read", NULL };
	const char *r;

	ok_lines(lines);
	ck_assert_int_eq(decide(&bob, "ou=a,dc=racf,dc=com", ACL_READ, NULL,
	    &r), 1);
	ck_assert_str_eq(r, "by-dn");
	ck_assert_int_eq(decide(&carol, "ou=a,dc=racf,dc=com", ACL_READ,
	    NULL, &r), 0);
	ck_assert_str_eq(r, "-");
	ck_assert_int_eq(decide(&certonly, "ou=b,dc=racf,dc=com", ACL_READ,
	    NULL, &r), 1);
	ck_assert_int_eq(decide(&bob, "ou=b,dc=racf,dc=com", ACL_READ, NULL,
	    &r), 0);
	ck_assert_int_eq(decide(&carol, "ou=c,dc=racf,dc=com", ACL_READ,
	    NULL, &r), 1);
	ck_assert_int_eq(decide(&certonly, "ou=c,dc=racf,dc=com", ACL_READ,
	    NULL, &r), 1);
	ck_assert_int_eq(decide(&bob, "ou=c,dc=racf,dc=com", ACL_READ, NULL,
	    &r), 0);
	ck_assert_int_eq(decide(&admin, "ou=d,dc=racf,dc=com", ACL_READ,
	    NULL, &r), 1);
	ck_assert_int_eq(decide(&bob, "ou=d,dc=racf,dc=com", ACL_READ, NULL,
	    &r), 0);
	ck_assert_int_eq(decide(&bob, "ou=e,dc=racf,dc=com", ACL_READ, NULL,
	    &r), 1);
	ck_assert_int_eq(decide(&admin, "ou=e,dc=racf,dc=com", ACL_READ,
	    NULL, &r), 0);
	ck_assert_int_eq(decide(&bob, BOB_DN, ACL_READ, NULL, &r), 1);
	ck_assert_str_eq(r, "by-self");
	ck_assert_int_eq(decide(&bob, CAROL_DN, ACL_READ, NULL, &r), 0);
	ck_assert_int_eq(decide(&anon, BOB_DN, ACL_READ, NULL, &r), 0);
	ck_assert_int_eq(decide(&anon, "ou=f,dc=racf,dc=com", ACL_READ, NULL,
	    &r), 1);
	/* A certificate is an identity: not anonymous, authenticated. */
	ck_assert_int_eq(decide(&certonly, "ou=f,dc=racf,dc=com", ACL_READ,
	    NULL, &r), 0);
	ck_assert_int_eq(decide(&bob, "ou=f,dc=racf,dc=com", ACL_READ, NULL,
	    &r), 0);
	ck_assert_int_eq(decide(&certonly, "ou=g,dc=racf,dc=com", ACL_READ,
	    NULL, &r), 1);
	ck_assert_int_eq(decide(&admin, "ou=g,dc=racf,dc=com", ACL_READ,
	    NULL, &r), 1);
	ck_assert_int_eq(decide(&anon, "ou=g,dc=racf,dc=com", ACL_READ, NULL,
	    &r), 0);
	ck_assert_int_eq(decide(&anon, "ou=h,dc=racf,dc=com", ACL_READ, NULL,
	    &r), 1);
}
END_TEST

START_TEST(match_subtree_boundaries)
{
	const char *lines[] = {
	    "access racf to dc=racf,dc=com by users read", NULL };
	const char *r;

	ok_lines(lines);
	ck_assert_int_eq(decide(&bob, "dc=racf,dc=com", ACL_READ, NULL, &r),
	    1);
	ck_assert_int_eq(decide(&bob, "uid=x,ou=people,dc=racf,dc=com",
	    ACL_READ, NULL, &r), 1);
	ck_assert_int_eq(decide(&bob, "dc=xracf,dc=com", ACL_READ, NULL, &r),
	    0);
	ck_assert_int_eq(decide(&bob, "uid=x,ou=people,dc=xracf,dc=com",
	    ACL_READ, NULL, &r), 0);
	ck_assert_str_eq(r, "-");
	ck_assert_int_eq(decide(&bob, "dc=com", ACL_READ, NULL, &r), 0);
	ck_assert_int_eq(decide(&bob, "cn=changelog", ACL_READ, NULL, &r), 0);
}
END_TEST

START_TEST(match_attributes)
{
	const char *lines[] = {
	    "access names to dc=racf,dc=com by users read,write attrs name",
	    "access mail to dc=racf,dc=com by users read attrs mail",
	    "access rest to dc=racf,dc=com by users read", NULL };
	const char *r;

	ok_lines(lines);
	/* name holds its subtypes cn and sn */
	ck_assert_int_eq(decide(&bob, BOB_DN, ACL_WRITE, "cn", &r), 1);
	ck_assert_str_eq(r, "names");
	ck_assert_int_eq(decide(&bob, BOB_DN, ACL_WRITE, "sn", &r), 1);
	ck_assert_int_eq(decide(&bob, BOB_DN, ACL_WRITE, "mail", &r), 0);
	ck_assert_str_eq(r, "mail");
	ck_assert_int_eq(decide(&bob, BOB_DN, ACL_WRITE, "description", &r),
	    0);
	ck_assert_str_eq(r, "rest");
	ck_assert_int_eq(decide(&bob, BOB_DN, ACL_READ, "description", &r),
	    1);
	/* A type the schema does not know: only rules without a list. */
	ck_assert_int_eq(decide(&bob, BOB_DN, ACL_READ, "?", &r), 1);
	ck_assert_str_eq(r, "rest");
	/* The entry as a whole: the first rule by "to" and "by"; deleting
	   needs write without a list. */
	ck_assert_int_eq(decide(&bob, BOB_DN, ACL_READ, NULL, &r), 1);
	ck_assert_str_eq(r, "names");
	ck_assert_int_eq(decide(&bob, BOB_DN, ACL_WRITE, NULL, &r), 0);
	ck_assert_str_eq(r, "names");
}
END_TEST

START_TEST(match_first_wins_default_deny)
{
	const char *lines[] = {
	    "access ro to ou=people,dc=racf,dc=com by admins read",
	    "access rw to dc=racf,dc=com by admins read,write,password-reset",
	    "access cl to cn=changelog by admins read,changelog", NULL };
	const char *r;

	ok_lines(lines);
	ck_assert_int_eq(decide(&admin, BOB_DN, ACL_WRITE, "cn", &r), 0);
	ck_assert_str_eq(r, "ro");
	ck_assert_int_eq(decide(&admin, BOB_DN, ACL_PASSWORD_RESET, NULL,
	    &r), 0);
	ck_assert_str_eq(r, "ro");
	ck_assert_int_eq(decide(&admin, "ou=groups,dc=racf,dc=com",
	    ACL_WRITE, NULL, &r), 1);
	ck_assert_str_eq(r, "rw");
	ck_assert_int_eq(decide(&admin, "cn=changelog", ACL_CHANGELOG, NULL,
	    &r), 1);
	ck_assert_int_eq(decide(&admin, "changenumber=4,cn=changelog",
	    ACL_PASSWORD_EVENTS, NULL, &r), 0);
	ck_assert_str_eq(r, "cl");
	/* Nobody else: default deny, no rule. */
	ck_assert_int_eq(decide(&bob, BOB_DN, ACL_READ, NULL, &r), 0);
	ck_assert_str_eq(r, "-");
	ck_assert_int_eq(decide(&anon, "cn=changelog", ACL_READ, NULL, &r),
	    0);
	ck_assert_str_eq(r, "-");
}
END_TEST

/* ---- a search's view ----------------------------------------------- */

START_TEST(view_uniform)
{
	const char *lines[] = {
	    "access auditor to dc=racf,dc=com by users read attrs uid,cn",
	    NULL };
	const struct acl_rule *rule;
	struct acl_view v;

	ok_lines(lines);
	ck_assert_int_eq(acl_view_open(&v, acl, &bob, "dc=racf,dc=com",
	    LDAP_SCOPE_SUBTREE, &rule), 1);
	ck_assert_str_eq(rule->ar_name, "auditor");
	ck_assert_int_eq(acl_view_needs_dn(&v), 0);
	ck_assert_int_eq(acl_view_entry(&v, NULL), 1);
	ck_assert_int_eq(acl_view_readable(&v, at("cn")), 1);
	ck_assert_int_eq(acl_view_readable(&v, at("uid")), 1);
	ck_assert_int_eq(acl_view_readable(&v, at("sn")), 0);
	ck_assert_int_eq(acl_view_readable(&v, NULL), 0);
	acl_view_close(&v);
	/* Outside every rule: nothing to read. */
	ck_assert_int_eq(acl_view_open(&v, acl, &admin, "dc=racf,dc=com",
	    LDAP_SCOPE_SUBTREE, &rule), 0);
	ck_assert_ptr_null(rule);
	acl_view_close(&v);
}
END_TEST

START_TEST(view_partial)
{
	const char *lines[] = {
	    "access people to ou=people,dc=racf,dc=com by admins read",
	    "access own to dc=racf,dc=com by self read", NULL };
	const struct acl_rule *rule;
	struct acl_view v;

	ok_lines(lines);
	ck_assert_int_eq(acl_view_open(&v, acl, &admin, "dc=racf,dc=com",
	    LDAP_SCOPE_SUBTREE, &rule), 1);
	ck_assert_int_eq(acl_view_needs_dn(&v), 1);
	ck_assert_int_eq(acl_view_entry(&v, BOB_DN), 1);
	ck_assert_int_eq(acl_view_readable(&v, at("cn")), 1);
	ck_assert_int_eq(acl_view_entry(&v, "cn=sys1,ou=groups,dc=racf,"
	    "dc=com"), 0);
	ck_assert_int_eq(acl_view_readable(&v, at("cn")), 0);
	ck_assert_int_eq(acl_view_entry(&v, "dc=racf,dc=com"), 0);
	acl_view_close(&v);
	/* One level below ou=groups holds none of ou=people. */
	ck_assert_int_eq(acl_view_open(&v, acl, &admin,
	    "ou=groups,dc=racf,dc=com", LDAP_SCOPE_ONELEVEL, &rule), 0);
	acl_view_close(&v);
	/* Self: its own entry only. */
	ck_assert_int_eq(acl_view_open(&v, acl, &bob, "dc=racf,dc=com",
	    LDAP_SCOPE_SUBTREE, &rule), 1);
	ck_assert_int_eq(acl_view_entry(&v, BOB_DN), 1);
	ck_assert_int_eq(acl_view_entry(&v, CAROL_DN), 0);
	acl_view_close(&v);
	ck_assert_int_eq(acl_view_open(&v, acl, &bob, BOB_DN,
	    LDAP_SCOPE_BASE, &rule), 1);
	ck_assert_int_eq(acl_view_needs_dn(&v), 0);
	ck_assert_int_eq(acl_view_entry(&v, NULL), 1);
	acl_view_close(&v);
	ck_assert_int_eq(acl_view_open(&v, acl, &bob, CAROL_DN,
	    LDAP_SCOPE_BASE, &rule), 0);
	acl_view_close(&v);
}
END_TEST

/*
 * A uniform view whose first rule lacks read: no entry of the scope can
 * be seen, so the search is refused up front even though a later rule
 * grants read (on attributes the first rule does not decide).
 */
START_TEST(view_uniform_first_rule_decides)
{
	const char *lines[] = {
	    "access mail-write to ou=people,dc=racf,dc=com by users write "
	    "attrs mail",
	    "access rest to dc=racf,dc=com by users read", NULL };
	const struct acl_rule *rule;
	struct acl_view v;

	ok_lines(lines);
	ck_assert_int_eq(acl_view_open(&v, acl, &bob, "ou=people,dc=racf,"
	    "dc=com", LDAP_SCOPE_SUBTREE, &rule), 0);
	ck_assert_str_eq(rule->ar_name, "mail-write");
	ck_assert_int_eq(acl_view_needs_dn(&v), 0);
	ck_assert_int_eq(acl_view_entry(&v, NULL), 0);
	acl_view_close(&v);
	/* Above ou=people the view is partial: read may be granted. */
	ck_assert_int_eq(acl_view_open(&v, acl, &bob, "dc=racf,dc=com",
	    LDAP_SCOPE_SUBTREE, &rule), 1);
	ck_assert_int_eq(acl_view_entry(&v, "ou=groups,dc=racf,dc=com"), 1);
	ck_assert_int_eq(acl_view_entry(&v, BOB_DN), 0);
	acl_view_close(&v);
}
END_TEST

/* ---- filters under a view ------------------------------------------ */

static int
readable_cb(const void *arg, const struct schema_at *a)
{
	return acl_view_readable(arg, a);
}

static int
eval(const struct acl_view *v, const struct entry *e, const char *s)
{
	struct filter *f;
	const char *why;
	int r;

	ck_assert_msg(filter_parse(s, schema, &f, &why) == 0, "%s", s);
	r = v != NULL ? filter_eval_readable(f, e, schema, readable_cb, v) :
	    filter_eval(f, e, schema);
	filter_free(f);
	return r;
}

/* Bob's entry: uid, cn and sn, and a secret description. */
static struct entry *
bob_entry(void)
{
	struct entry *e = entry_new("uid=bob,ou=People,dc=racf,dc=com");

	entry_add_str(e, "uid", at("uid"), "bob");
	entry_add_str(e, "cn", at("cn"), "Bob Smith");
	entry_add_str(e, "sn", at("sn"), "Smith");
	entry_add_str(e, "description", at("description"), "secret");
	return e;
}

START_TEST(filter_no_oracle)
{
	const char *lines[] = {
	    "access some to dc=racf,dc=com by users read attrs cn,uid", NULL };
	const struct acl_rule *rule;
	struct acl_view v;
	struct entry *e;

	ok_lines(lines);
	e = bob_entry();
	ck_assert_int_eq(acl_view_open(&v, acl, &bob, "dc=racf,dc=com",
	    LDAP_SCOPE_SUBTREE, &rule), 1);
	ck_assert_int_eq(eval(&v, e, "(cn=bob smith)"), FILTER_TRUE);
	ck_assert_int_eq(eval(&v, e, "(description=secret)"),
	    FILTER_UNDEFINED);
	ck_assert_int_eq(eval(&v, e, "(description=other)"),
	    FILTER_UNDEFINED);
	ck_assert_int_eq(eval(&v, e, "(!(description=other))"),
	    FILTER_UNDEFINED);
	ck_assert_int_eq(eval(&v, e, "(description=*)"), FILTER_UNDEFINED);
	ck_assert_int_eq(eval(&v, e, "(sn=Sm*)"), FILTER_UNDEFINED);
	ck_assert_int_eq(eval(&v, e, "(|(cn=x)(description=secret))"),
	    FILTER_UNDEFINED);
	ck_assert_int_eq(eval(&v, e, "(&(cn=bob smith)(!(sn=x)))"),
	    FILTER_UNDEFINED);
	/* A supertype not in the list is not read through its subtypes. */
	ck_assert_int_eq(eval(&v, e, "(name=Smith)"), FILTER_UNDEFINED);
	/* Without the view the same filters see everything. */
	ck_assert_int_eq(eval(NULL, e, "(description=secret)"), FILTER_TRUE);
	acl_view_close(&v);
	entry_free(e);
}
END_TEST

/*
 * The checks on each value's type, not only on the item's: an
 * extensible match without a type tries every attribute, and a readable
 * supertype reaches its subtypes, some of which may be withheld.
 */
START_TEST(filter_no_oracle_through_types)
{
	const char *lines[] = {
	    "access see to dc=racf,dc=com by users read attrs objectClass",
	    "access nosn to dc=racf,dc=com by users write attrs sn",
	    "access names to dc=racf,dc=com by users read attrs name,uid",
	    NULL };
	const struct acl_rule *rule;
	struct acl_view v;
	struct entry *e, *jones;

	ok_lines(lines);
	e = bob_entry();
	jones = entry_new("uid=jones,ou=People,dc=racf,dc=com");
	entry_add_str(jones, "uid", at("uid"), "jones");
	entry_add_str(jones, "sn", at("sn"), "Jones");
	ck_assert_int_eq(acl_view_open(&v, acl, &bob, "dc=racf,dc=com",
	    LDAP_SCOPE_SUBTREE, &rule), 1);
	ck_assert_int_eq(acl_view_readable(&v, at("name")), 1);
	ck_assert_int_eq(acl_view_readable(&v, at("sn")), 0);
	/* No type: only the attributes it may read are tried. */
	ck_assert_int_eq(eval(&v, e, "(:caseIgnoreMatch:=bob)"),
	    FILTER_TRUE);
	ck_assert_int_eq(eval(&v, e, "(:caseIgnoreMatch:=secret)"),
	    FILTER_FALSE);
	ck_assert_int_eq(eval(&v, e, "(:caseIgnoreMatch:=Smith)"),
	    FILTER_FALSE);
	/* name is readable, its subtype sn is not. */
	ck_assert_int_eq(eval(&v, e, "(name=Bob Smith)"), FILTER_TRUE);
	ck_assert_int_eq(eval(&v, e, "(name=Smith)"), FILTER_FALSE);
	ck_assert_int_eq(eval(&v, jones, "(name=Jones)"), FILTER_FALSE);
	ck_assert_int_eq(eval(&v, jones, "(name=*)"), FILTER_FALSE);
	ck_assert_int_eq(eval(&v, e, "(name=*)"), FILTER_TRUE);
	/* Without the view each of them matches. */
	ck_assert_int_eq(eval(NULL, e, "(:caseIgnoreMatch:=secret)"),
	    FILTER_TRUE);
	ck_assert_int_eq(eval(NULL, e, "(name=Smith)"), FILTER_TRUE);
	ck_assert_int_eq(eval(NULL, jones, "(name=*)"), FILTER_TRUE);
	acl_view_close(&v);
	entry_free(jones);
	entry_free(e);
}
END_TEST

/* ---- cn=changelog's records, judged by their targetDN -------------- */

static const char *const helpdesk_lines[] = {
    "group helpdesk dn:uid=carol,ou=people,dc=racf,dc=com",
    "access hd to ou=people,dc=racf,dc=com by group:helpdesk "
    "read,password-events attrs uid,cn",
    "access hd-groups to ou=groups,dc=racf,dc=com by group:helpdesk read",
    "access hd-cl to cn=changelog by group:helpdesk read,changelog",
    NULL };

START_TEST(view_of_targets)
{
	const struct acl_rule *rule;
	struct acl_view v;

	ok_lines(helpdesk_lines);
	/* Every naming context: each record's target decides. */
	acl_view_open(&v, acl, &carol, "", LDAP_SCOPE_SUBTREE, &rule);
	ck_assert_int_eq(acl_view_needs_dn(&v), 1);
	ck_assert_int_eq(acl_view_grants(&v, ACL_READ), 0);
	ck_assert_int_eq(acl_view_entry(&v, BOB_DN), 1);
	ck_assert_int_eq(acl_view_grants(&v, ACL_PASSWORD_EVENTS), 1);
	ck_assert_int_eq(acl_view_reads_all(&v), 0);
	ck_assert_int_eq(acl_view_readable(&v, at("cn")), 1);
	ck_assert_int_eq(acl_view_readable(&v, at("description")), 0);
	ck_assert_int_eq(acl_view_entry(&v, "cn=sys1,ou=groups,dc=racf,"
	    "dc=com"), 1);
	ck_assert_int_eq(acl_view_grants(&v, ACL_PASSWORD_EVENTS), 0);
	ck_assert_int_eq(acl_view_reads_all(&v), 1);
	ck_assert_int_eq(acl_view_entry(&v, "dc=racf,dc=com"), 0);
	ck_assert_int_eq(acl_view_grants(&v, ACL_READ), 0);
	ck_assert_int_eq(acl_view_reads_all(&v), 0);
	acl_view_close(&v);
	/* Bob is named by no rule: no target can be seen. */
	ck_assert_int_eq(acl_view_open(&v, acl, &bob, "", LDAP_SCOPE_SUBTREE,
	    &rule), 0);
	ck_assert_int_eq(acl_view_entry(&v, BOB_DN), 0);
	acl_view_close(&v);
}
END_TEST

/* An op of a search of cn=changelog by carol, as op_acl_search() opens. */
struct record_op {
	struct gateway	 gw;
	struct conn	 c;
	struct op	 op;
	struct acl_view	 v;
};

static void
record_op_open(struct record_op *r, const struct acl_id *id)
{
	const struct acl_rule *rule;

	memset(r, 0, sizeof(*r));
	r->gw.gw_schema = schema;
	r->gw.gw_acl = acl;
	r->c.c_gw = &r->gw;
	r->op.o_conn = &r->c;
	acl_view_open(&r->v, acl, id, "", LDAP_SCOPE_SUBTREE, &rule);
	r->op.o_acl_target = &r->v;
}

static void
changes_are(const struct op *op, const char *ldif, int modify,
    const char *want)
{
	char *got = op_acl_target_changes(op, ldif, modify);

	if (want == NULL)
		ck_assert_msg(got == NULL, "\"%s\" kept whole, not \"%s\"",
		    ldif, got);
	else {
		ck_assert_msg(got != NULL, "\"%s\" kept whole", ldif);
		ck_assert_str_eq(got, want);
	}
	free(got);
}

START_TEST(record_changes_left_out)
{
	struct record_op r;

	ok_lines(helpdesk_lines);
	record_op_open(&r, &carol);
	ck_assert_int_eq(op_acl_target(&r.op, "uid=BOB,ou=People,dc=racf,"
	    "dc=com"), 1);
	ck_assert_int_eq(op_acl_target_allows(&r.op, ACL_PASSWORD_EVENTS), 1);
	/* An add: line by line; a modify: block by block. */
	changes_are(&r.op, "objectClass: racfUser\nuid: BOB\ncn: Bob\n"
	    "description:: c2VjcmV0\ncn;lang-de: Robert\n", 0,
	    "uid: BOB\ncn: Bob\ncn;lang-de: Robert\n");
	changes_are(&r.op, "replace: cn\ncn: Bob\n-\nreplace: description\n"
	    "description: secret\n-\ndelete: sn\n-\nreplace: uid\nuid: BOB\n"
	    "-\n", 1, "replace: cn\ncn: Bob\n-\nreplace: uid\nuid: BOB\n-\n");
	changes_are(&r.op, "replace: description\ndescription: x\n-", 1, "");
	changes_are(&r.op, "uid: BOB\ncn: Bob", 0, NULL);
	changes_are(&r.op, "", 1, NULL);
	/* A group: every attribute readable, nothing to leave out. */
	ck_assert_int_eq(op_acl_target(&r.op, "cn=SYS1,ou=Groups,dc=racf,"
	    "dc=com"), 1);
	ck_assert_int_eq(op_acl_target_allows(&r.op, ACL_PASSWORD_EVENTS), 0);
	changes_are(&r.op, "replace: description\ndescription: x\n-\n", 1,
	    NULL);
	/* Outside the rules, and not a DN: hidden. */
	ck_assert_int_eq(op_acl_target(&r.op, "cn=x,dc=racf,dc=com"), 0);
	ck_assert_int_eq(op_acl_target(&r.op, "not a dn"), 0);
	acl_view_close(&r.v);
}
END_TEST

START_TEST(record_entries)
{
	struct record_op r;
	struct entry *rec, *container, *copy;
	const struct entry *seen;
	const struct attr *a;

	ok_lines(helpdesk_lines);
	record_op_open(&r, &carol);
	rec = entry_new("changeNumber=3,cn=changelog");
	entry_add_str(rec, "changeNumber", NULL, "3");
	entry_add_str(rec, "targetDN", NULL, BOB_DN);
	entry_add_str(rec, "changeType", NULL, "modify");
	entry_add_str(rec, "changes", NULL, "replace: description\n"
	    "description: secret\n-\nreplace: cn\ncn: Bob\n-\n");
	seen = op_acl_record(&r.op, rec, &copy);
	ck_assert_ptr_nonnull(copy);
	ck_assert_ptr_eq(seen, copy);
	ck_assert_str_eq(copy->e_dn, rec->e_dn);
	ck_assert_uint_eq(copy->e_nattrs, rec->e_nattrs);
	a = entry_find(copy, "changes");
	ck_assert_str_eq(a->a_vals[0].bv_val, "replace: cn\ncn: Bob\n-\n");
	ck_assert_str_eq(entry_find(copy, "targetDN")->a_vals[0].bv_val,
	    BOB_DN);
	entry_free(copy);
	/* A record of an entry it may not see is left out. */
	entry_remove(rec, "targetDN");
	entry_add_str(rec, "targetDN", NULL, "uid=x,ou=other,dc=racf,dc=com");
	ck_assert_ptr_null(op_acl_record(&r.op, rec, &copy));
	ck_assert_ptr_null(copy);
	/* The container names no entry. */
	container = entry_new("cn=changelog");
	ck_assert_ptr_eq(op_acl_record(&r.op, container, &copy), container);
	ck_assert_ptr_null(copy);
	acl_view_close(&r.v);
	/* Not a search of cn=changelog: every entry as it is. */
	r.op.o_acl_target = NULL;
	ck_assert_ptr_eq(op_acl_record(&r.op, rec, &copy), rec);
	entry_free(container);
	entry_free(rec);
}
END_TEST

static Suite *
acl_suite(void)
{
	Suite *s = suite_create("acl");
	TCase *tc;

	tc = tcase_create("parse");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, parse_errors);
	tcase_add_test(tc, parse_inactive_without_access);
	tcase_add_test(tc, compile_errors);
	tcase_add_test(tc, compile_unreachable);
	tcase_add_test(tc, compile_reachable);
	suite_add_tcase(s, tc);
	tc = tcase_create("match");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, match_who_kinds);
	tcase_add_test(tc, match_subtree_boundaries);
	tcase_add_test(tc, match_attributes);
	tcase_add_test(tc, match_first_wins_default_deny);
	suite_add_tcase(s, tc);
	tc = tcase_create("view");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, view_uniform);
	tcase_add_test(tc, view_partial);
	tcase_add_test(tc, view_uniform_first_rule_decides);
	tcase_add_test(tc, filter_no_oracle);
	tcase_add_test(tc, filter_no_oracle_through_types);
	suite_add_tcase(s, tc);
	tc = tcase_create("records");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, view_of_targets);
	tcase_add_test(tc, record_changes_left_out);
	tcase_add_test(tc, record_entries);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(acl_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
