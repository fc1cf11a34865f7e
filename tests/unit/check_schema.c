/*
 * check_schema.c - the schema registry, the .schema reader and its
 * file:line errors, and the matching rules of match.c.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "gateway/schema.h"
#include "testdir.h"
#include "testschema.h"

static struct schema *schema;

static void
setup(void)
{
	schema = testschema_core();
	testdir_create("check_schema");
}

static void
teardown(void)
{
	schema_free(schema);
	schema = NULL;
	testdir_remove();
}

/* Load text as NAME into a registry holding core.schema; returns the
   error text, or "" when it loaded. */
static const char *
load(const char *name, const char *text)
{
	static char err[512];

	err[0] = '\0';
	if (schema_load_file(schema, testdir_write(name, text, 0644), err,
	    sizeof(err)) == 0)
		ck_assert_str_eq(err, "");
	else
		ck_assert_str_ne(err, "");
	return err;
}

/* The error for text must be "<path>:line: why". */
static void
assert_load_error(const char *text, int line, const char *why)
{
	char want[1024];
	const char *err;

	/* A failed load keeps what came before the error: start afresh. */
	schema_free(schema);
	schema = testschema_core();
	err = load("bad.schema", text);
	snprintf(want, sizeof(want), "%s:%d: %s", testdir_path("bad.schema"),
	    line, why);
	ck_assert_str_eq(err, want);
}

/* Registry */

START_TEST(core_loads)
{
	const struct schema_at *cn, *name, *ts;
	const struct schema_oc *inet, *person, *top;

	ck_assert_uint_eq(schema_count_at(schema), 100);
	ck_assert_uint_eq(schema_count_oc(schema), 15);
	ck_assert_uint_eq(schema_count_mr(schema), 28);
	ck_assert_uint_eq(schema_count_syntax(schema), 31);
	cn = schema_find_at(schema, "cn");
	ck_assert_ptr_nonnull(cn);
	ck_assert_ptr_eq(schema_find_at(schema, "COMMONNAME"), cn);
	ck_assert_ptr_eq(schema_find_at(schema, "2.5.4.3"), cn);
	ck_assert_ptr_eq(schema_find_at_len(schema, "cnXYZ", 2), cn);
	ck_assert_ptr_null(schema_find_at(schema, "c n"));
	ck_assert_ptr_null(schema_find_at(schema, "person"));
	ck_assert_str_eq(cn->at_oid, "2.5.4.3");
	ck_assert_uint_eq(cn->at_nnames, 2);
	ck_assert_str_eq(cn->at_names[0], "cn");
	ck_assert_str_eq(cn->at_names[1], "commonName");
	/* Inherited from name. */
	name = schema_find_at(schema, "name");
	ck_assert_ptr_eq(cn->at_sup, name);
	ck_assert_ptr_eq(cn->at_eq, schema_find_mr(schema, "caseIgnoreMatch"));
	ck_assert_ptr_eq(cn->at_sub,
	    schema_find_mr(schema, "2.5.13.4"));
	ck_assert_ptr_null(cn->at_ord);
	ck_assert_ptr_eq(cn->at_syntax, schema_find_syntax(schema,
	    "1.3.6.1.4.1.1466.115.121.1.15"));
	ck_assert_str_eq(cn->at_def,
	    "( 2.5.4.3 NAME ( 'cn' 'commonName' ) SUP name )");
	ck_assert_int_eq(schema_at_is_a(cn, name), 1);
	ck_assert_int_eq(schema_at_is_a(name, cn), 0);
	ck_assert_int_eq(schema_at_is_named(cn, "CommonName"), 1);
	ck_assert_int_eq(schema_at_is_named(cn, "2.5.4.3"), 1);
	ck_assert_int_eq(schema_at_is_named(cn, "sn"), 0);
	ck_assert_int_eq(schema_at_is_operational(cn), 0);
	ts = schema_find_at(schema, "modifyTimestamp");
	ck_assert_int_eq(schema_at_is_operational(ts), 1);
	ck_assert_int_eq(ts->at_single, 1);
	ck_assert_int_eq(ts->at_no_user_mod, 1);
	ck_assert_int_eq(ts->at_usage, SCHEMA_DIRECTORY_OPERATION);
	ck_assert_str_eq(ts->at_ord->mr_name, "generalizedTimeOrderingMatch");
	ck_assert_uint_eq(schema_find_at(schema, "mail")->at_len, 256);
	ck_assert_str_eq(schema_find_at(schema, "memberOf")->at_oid,
	    "1.2.840.113556.1.2.102");
	inet = schema_find_oc(schema, "inetorgperson");
	person = schema_find_oc(schema, "2.5.6.6");
	top = schema_find_oc(schema, "top");
	ck_assert_ptr_nonnull(inet);
	ck_assert_int_eq(schema_oc_is_a(inet, person), 1);
	ck_assert_int_eq(schema_oc_is_a(inet, top), 1);
	ck_assert_int_eq(schema_oc_is_a(person, inet), 0);
	ck_assert_int_eq(top->oc_kind, SCHEMA_OC_ABSTRACT);
	ck_assert_uint_eq(person->oc_nmust, 2);
	ck_assert_ptr_eq(person->oc_must[0], schema_find_at(schema, "sn"));
	ck_assert_int_eq(schema_find_oc(schema, "dcObject")->oc_kind,
	    SCHEMA_OC_AUXILIARY);
	ck_assert_str_eq(person->oc_def, "( 2.5.6.6 NAME 'person' SUP top "
	    "STRUCTURAL MUST ( sn $ cn ) MAY ( userPassword $ "
	    "telephoneNumber $ seeAlso $ description ) )");
}

START_TEST(builtins)
{
	const struct schema_mr *mr;
	const struct schema_syntax *sx;

	mr = schema_find_mr(schema, "caseIgnoreIA5Match");
	ck_assert_ptr_eq(mr, schema_find_mr(schema,
	    "1.3.6.1.4.1.1466.109.114.2"));
	ck_assert_str_eq(mr->mr_def, "( 1.3.6.1.4.1.1466.109.114.2 NAME "
	    "'caseIgnoreIA5Match' SYNTAX 1.3.6.1.4.1.1466.115.121.1.26 )");
	ck_assert_int_eq(match_rule_kind(mr), MATCH_EQUALITY);
	ck_assert_int_eq(match_rule_kind(schema_find_mr(schema,
	    "integerOrderingMatch")), MATCH_ORDERING);
	ck_assert_int_eq(match_rule_kind(schema_find_mr(schema,
	    "telephoneNumberSubstringsMatch")), MATCH_SUBSTRINGS);
	ck_assert_str_eq(schema_find_mr(schema, "uniqueMemberMatch")->mr_oid,
	    "2.5.13.23");
	sx = schema_find_syntax(schema, "1.3.6.1.4.1.1466.115.121.1.40");
	ck_assert_str_eq(sx->sx_desc, "Octet String");
	ck_assert_str_eq(sx->sx_def, "( 1.3.6.1.4.1.1466.115.121.1.40 DESC "
	    "'Octet String' X-NOT-HUMAN-READABLE 'TRUE' )");
	ck_assert_ptr_eq(schema_syntax_index(schema, 0), schema_find_syntax(
	    schema, "1.3.6.1.4.1.1466.115.121.1.3"));
	ck_assert_ptr_null(schema_syntax_index(schema, 1000));
	ck_assert_ptr_eq(schema_mr_index(schema, 0),
	    schema_find_mr(schema, "objectIdentifierMatch"));
	ck_assert_ptr_eq(schema_at_index(schema, 0),
	    schema_find_at(schema, "objectClass"));
	ck_assert_ptr_eq(schema_oc_index(schema, 0),
	    schema_find_oc(schema, "top"));
	/* A bare registry knows rules but no attribute types. */
	{
		struct schema *bare = schema_new();

		ck_assert_uint_eq(schema_count_at(bare), 0);
		ck_assert_ptr_null(schema_find_at(bare, "cn"));
		ck_assert_ptr_nonnull(schema_find_mr(bare, "2.5.13.2"));
		schema_free(bare);
	}
	schema_free(NULL);
}

START_TEST(file_format)
{
	const struct schema_at *at;
	const struct schema_oc *oc;

	ck_assert_str_eq(load("esm.schema",
	    "# ESM attributes\n"
	    "objectidentifier esmRoot 1.3.6.1.4.1.99999\n"
	    "objectidentifier esmAT esmRoot:1\n"
	    "\n"
	    "attributetype ( esmAT:1 NAME ( 'racfUserId' 'racfId' )\n"
	    "# a comment inside a definition\n"
	    "\tDESC 'the user\\27s \\5C id' EQUALITY caseIgnoreMatch\n"
	    "    SYNTAX 1.3.6.1.4.1.1466.115.121.1.15{8}\n"
	    "\tSINGLE-VALUE X-ORIGIN ( 'esmgate' 'test' ) )\n"
	    "attributetype ( esmAT:2 NAME 'racfOwner' SUP distinguishedName )\n"
	    "objectclass ( esmRoot:2.1 NAME 'racfUser' SUP inetOrgPerson\n"
	    "\tMUST racfUserId MAY ( racfOwner $ description ) )\n"), "");
	at = schema_find_at(schema, "racfid");
	ck_assert_ptr_nonnull(at);
	ck_assert_str_eq(at->at_oid, "1.3.6.1.4.1.99999.1.1");
	ck_assert_str_eq(at->at_desc, "the user's \\ id");
	ck_assert_uint_eq(at->at_len, 8);
	ck_assert_int_eq(at->at_single, 1);
	ck_assert_str_eq(at->at_def, "( 1.3.6.1.4.1.99999.1.1 NAME "
	    "( 'racfUserId' 'racfId' ) DESC 'the user\\27s \\5C id' "
	    "EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15{8} "
	    "SINGLE-VALUE X-ORIGIN ( 'esmgate' 'test' ) )");
	at = schema_find_at(schema, "racfOwner");
	ck_assert_str_eq(at->at_eq->mr_name, "distinguishedNameMatch");
	oc = schema_find_oc(schema, "1.3.6.1.4.1.99999.2.1");
	ck_assert_ptr_nonnull(oc);
	ck_assert_uint_eq(oc->oc_nmay, 2);
	ck_assert_str_eq(oc->oc_def, "( 1.3.6.1.4.1.99999.2.1 NAME "
	    "'racfUser' SUP inetOrgPerson STRUCTURAL MUST racfUserId "
	    "MAY ( racfOwner $ description ) )");
	ck_assert_ptr_eq(schema_at_index(schema, schema_count_at(schema) -
	    1), at);
}

START_TEST(load_dir_core_first)
{
	struct schema *s = schema_new();
	char err[512], cmd[2048];

	/* "a.schema" sorts before core.schema but builds on it, and
	   before racf.schema, whose types it reuses. */
	testdir_write("a.schema",
	    "attributetype ( 1.2.3.4 NAME 'aAttr' SUP rAttr )\n", 0644);
	testdir_write("racf.schema",
	    "attributetype ( 1.2.3.5 NAME 'rAttr' SUP name )\n", 0644);
	testdir_write("notes.txt", "not a schema\n", 0644);
	snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", testschema_core_path(),
	    testdir_path("core.schema"));
	ck_assert_int_eq(system(cmd), 0);
	ck_assert_int_eq(schema_load_dir(s, testdir(), err, sizeof(err)), 0);
	ck_assert_ptr_nonnull(schema_find_at(s, "aAttr"));
	ck_assert_uint_eq(schema_count_at(s), 102);
	schema_free(s);

	s = schema_new();
	ck_assert_int_eq(schema_load_dir(s, testdir_path("nope"), err,
	    sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "cannot read directory"));
	schema_free(s);
}

START_TEST(missing_file)
{
	char err[512];

	ck_assert_int_eq(schema_load_file(schema, testdir_path("none.schema"),
	    err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "none.schema: cannot open: "));
}

/* Every error names file:line. */

START_TEST(error_unknown_sup)
{
	assert_load_error("attributetype ( 1.2.3 NAME 'x'\n"
	    "\tSUP nosuch )\n", 2, "unknown attribute type 'nosuch' in SUP");
	assert_load_error("\n\nobjectclass ( 1.2.4 NAME 'y'\n"
	    "\tSUP nosuch )\n", 4, "unknown object class 'nosuch' in SUP");
	assert_load_error("objectclass ( 1.2.4 NAME 'y'\n"
	    "\tMUST ( cn $ nosuch ) )\n", 2,
	    "unknown attribute type 'nosuch' in MUST");
}

START_TEST(error_unknown_syntax_and_rule)
{
	assert_load_error("attributetype ( 1.2.3 NAME 'x'\n"
	    "\tSYNTAX 1.2.3.4.5 )\n", 2, "unknown syntax 1.2.3.4.5");
	assert_load_error("attributetype ( 1.2.3 NAME 'x'\n"
	    "\tEQUALITY fuzzyMatch\n"
	    "\tSYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )\n", 2,
	    "unknown matching rule 'fuzzyMatch'");
	assert_load_error("attributetype ( 1.2.3 NAME 'x'\n"
	    "\tEQUALITY caseIgnoreOrderingMatch SUP name )\n", 2,
	    "EQUALITY cannot use caseIgnoreOrderingMatch, which is not an "
	    "equality rule");
	assert_load_error("attributetype ( 1.2.3 NAME 'x' SUP name\n"
	    "\tSYNTAX 1.3.6.1.4.1.1466.115.121.1.15{0} )\n", 2,
	    "bad length bound in SYNTAX 1.3.6.1.4.1.1466.115.121.1.15{0}");
}

START_TEST(error_duplicates)
{
	assert_load_error("attributetype ( 1.2.3 NAME 'CN' SUP name )\n", 1,
	    "attribute type name 'CN' is already defined");
	assert_load_error("attributetype ( 2.5.4.3 NAME 'x' SUP name )\n", 1,
	    "OID 2.5.4.3 is already defined");
	/* OIDs are one space: an object class's OID is taken too. */
	assert_load_error("attributetype ( 2.5.6.6 NAME 'x' SUP name )\n", 1,
	    "OID 2.5.6.6 is already defined");
	assert_load_error("objectclass ( 1.2.5 NAME 'Person' )\n", 1,
	    "object class name 'Person' is already defined");
	assert_load_error("attributetype ( 1.2.3 NAME ( 'x' 'X' ) SUP name )"
	    "\n", 1, "name 'X' is given twice");
	assert_load_error("attributetype ( 1.2.3 NAME 'x' SUP name\n"
	    " SUP cn )\n", 2, "SUP appears twice");
	assert_load_error("objectidentifier a 1.2\nobjectidentifier A 1.3\n",
	    2, "objectidentifier A is already defined");
}

START_TEST(error_unterminated)
{
	/* The next statement in column 0 arrives before ')'. */
	assert_load_error("attributetype ( 1.2.3 NAME 'x'\n"
	    "\tSUP name\n"
	    "attributetype ( 1.2.4 NAME 'y' SUP name )\n", 1,
	    "attributetype definition is not terminated by ')'");
	assert_load_error("# header\n"
	    "objectclass ( 1.2.5 NAME 'z'\n"
	    "\tMAY ( cn $ sn )\n", 2,
	    "objectclass definition is not terminated by ')'");
	assert_load_error("attributetype ( 1.2.3 NAME 'x\n  SUP name )\n", 1,
	    "quoted string is not closed on its line");
}

START_TEST(error_statements)
{
	assert_load_error("ldapsyntax ( 1.2.3 )\n", 1,
	    "unknown statement 'ldapsyntax'");
	assert_load_error("  attributetype ( 1.2.3 NAME 'x' SUP name )\n", 1,
	    "'attributetype' follows the end of a statement");
	assert_load_error("attributetype ( 1.2.3 NAME 'x' SUP name ) extra\n",
	    1, "'extra' follows the end of a statement");
	assert_load_error("attributetype 1.2.3\n", 1,
	    "attributetype takes ( description )");
	assert_load_error("attributetype ( cn-oid NAME 'x' SUP name )\n", 1,
	    "'cn-oid' is not a numeric OID or a known objectidentifier");
	assert_load_error("attributetype ( 1.02.3 NAME 'x' SUP name )\n", 1,
	    "'1.02.3' is not a numeric OID or a known objectidentifier");
	assert_load_error("attributetype ( 1.2.3 NAME 'x' SUP name\n"
	    "\tFROBNICATE )\n", 2,
	    "unknown keyword 'FROBNICATE' in attributetype");
	assert_load_error("attributetype ( 1.2.3 NAME 'x' DESC bare )\n", 1,
	    "DESC takes a 'quoted string'");
	assert_load_error("attributetype ( 1.2.3 NAME '1x' SUP name )\n", 1,
	    "'1x' is not a valid name");
	assert_load_error("attributetype ( 1.2.3 NAME 'x' USAGE sometimes "
	    "SUP name )\n", 1, "unknown USAGE sometimes");
	assert_load_error("objectidentifier x\n", 1,
	    "objectidentifier takes a name and an OID");
	assert_load_error("objectidentifier x y:1\n", 1,
	    "'y:1' is not a numeric OID");
	assert_load_error("objectclass ( 1.2.5 NAME 'z' MAY ( cn sn ) )\n", 1,
	    "MAY: expected '$' or ')' in the list");
}

START_TEST(error_rules_4512)
{
	assert_load_error("attributetype ( 1.2.3 NAME 'x' )\n", 1,
	    "attribute type 1.2.3 has neither SUP nor SYNTAX");
	assert_load_error("attributetype ( 1.2.3 NAME 'x' SUP name\n"
	    "\tUSAGE directoryOperation )\n", 1,
	    "attribute type 1.2.3 has another USAGE than its SUP");
	assert_load_error("attributetype ( 1.2.3 NAME 'x' SUP name\n"
	    "\tNO-USER-MODIFICATION )\n", 1, "attribute type 1.2.3: "
	    "NO-USER-MODIFICATION requires an operational USAGE");
	assert_load_error("attributetype ( 1.2.3 NAME 'x' COLLECTIVE "
	    "USAGE dSAOperation\n"
	    "\tSYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )\n", 1,
	    "attribute type 1.2.3: COLLECTIVE requires USAGE "
	    "userApplications");
	assert_load_error("objectclass ( 1.2.5 NAME 'z' SUP dcObject "
	    "STRUCTURAL )\n", 1, "STRUCTURAL class 1.2.5 cannot be a "
	    "subclass of AUXILIARY class dcObject");
	assert_load_error("objectclass ( 1.2.5 NAME 'z' SUP person "
	    "AUXILIARY )\n", 1, "AUXILIARY class 1.2.5 cannot be a "
	    "subclass of STRUCTURAL class person");
	assert_load_error("objectclass ( 1.2.5 NAME 'z' ABSTRACT AUXILIARY )"
	    "\n", 1, "more than one kind of object class");
}

/* Matching rules */

static const struct schema_mr *
mr(const char *name)
{
	const struct schema_mr *m = schema_find_mr(schema, name);

	ck_assert_msg(m != NULL, "no rule %s", name);
	return m;
}

static struct berval *
bv(const char *s)
{
	static struct berval b[8];
	static int next;
	struct berval *r = &b[next++ % 8];

	r->bv_val = (char *)s;
	r->bv_len = s != NULL ? strlen(s) : 0;
	return r;
}

static int
eq(const char *rule, const char *v, const char *a)
{
	return match_equal(mr(rule), bv(v), bv(a));
}

static void
assert_norm(const char *rule, const char *v, const char *want)
{
	char *n = match_normalize(mr(rule), bv(v));

	if (want == NULL) {
		ck_assert_msg(n == NULL, "%s(%s) = %s", rule, v, n);
		return;
	}
	ck_assert_msg(n != NULL, "%s(%s) = NULL", rule, v);
	ck_assert_str_eq(n, want);
	free(n);
}

START_TEST(match_strings)
{
	ck_assert_int_eq(eq("caseIgnoreMatch", "  John   SMITH ",
	    "john smith"), 1);
	ck_assert_int_eq(eq("caseIgnoreMatch", "John Smith", "JohnSmith"), 0);
	ck_assert_int_eq(eq("caseExactMatch", "John", "john"), 0);
	ck_assert_int_eq(eq("caseExactMatch", " John  A ", "John A"), 1);
	ck_assert_int_eq(eq("caseIgnoreMatch", "\xff", "x"), -1);
	ck_assert_int_eq(eq("caseIgnoreIA5Match", "A@B.COM", "a@b.com"), 1);
	ck_assert_int_eq(eq("caseExactIA5Match", "A@B.COM", "a@b.com"), 0);
	ck_assert_int_eq(eq("caseIgnoreIA5Match", "caf\xc3\xa9", "x"), -1);
	ck_assert_int_eq(eq("numericStringMatch", "12 34", "1234"), 1);
	ck_assert_int_eq(eq("numericStringMatch", "12a", "12"), -1);
	ck_assert_int_eq(eq("telephoneNumberMatch", "+1 555-0100",
	    "+15550100"), 1);
	ck_assert_int_eq(eq("caseIgnoreListMatch", "1 Main St $ TOWN",
	    "1 main st$town"), 1);
	ck_assert_int_eq(eq("octetStringMatch", "Secret", "secret"), 0);
	ck_assert_int_eq(eq("octetStringMatch", "Secret", "Secret"), 1);
	assert_norm("caseIgnoreMatch", "  A   B  ", "a b");
	assert_norm("caseIgnoreMatch", "   ", "");
	assert_norm("telephoneNumberMatch", "+1 (555) 0100-99",
	    "+1(555)010099");
	ck_assert_int_eq(match_order(mr("caseIgnoreOrderingMatch"), bv("b"),
	    bv("A"), 1), 1);
	ck_assert_int_eq(match_order(mr("caseExactOrderingMatch"), bv("b"),
	    bv("A"), 0), 0);
	ck_assert_int_eq(match_order(mr("numericStringOrderingMatch"),
	    bv("0 9"), bv("10"), 0), 1);
	ck_assert_int_eq(match_order(mr("octetStringOrderingMatch"),
	    bv("ab"), bv("abc"), 0), 1);
}

START_TEST(match_integer_boolean_oid)
{
	ck_assert_int_eq(eq("integerMatch", "007", "7"), 1);
	ck_assert_int_eq(eq("integerMatch", "-0", "0"), 1);
	ck_assert_int_eq(eq("integerMatch", "-7", "7"), 0);
	ck_assert_int_eq(eq("integerMatch", "7", "seven"), -1);
	ck_assert_int_eq(eq("integerMatch", "7", "-"), -1);
	ck_assert_int_eq(match_order(mr("integerOrderingMatch"), bv("10"),
	    bv("9"), 1), 1);
	ck_assert_int_eq(match_order(mr("integerOrderingMatch"), bv("-10"),
	    bv("-9"), 1), 0);
	ck_assert_int_eq(match_order(mr("integerOrderingMatch"), bv("-10"),
	    bv("3"), 0), 1);
	ck_assert_int_eq(match_order(mr("integerOrderingMatch"),
	    bv("123456789012345678901234567890"), bv("99"), 1), 1);
	ck_assert_int_eq(match_order(mr("integerOrderingMatch"), bv("x"),
	    bv("1"), 1), -1);
	ck_assert_int_eq(eq("booleanMatch", "TRUE", "true"), 1);
	ck_assert_int_eq(eq("booleanMatch", "TRUE", "FALSE"), 0);
	ck_assert_int_eq(eq("booleanMatch", "TRUE", "yes"), -1);
	/* objectIdentifierMatch resolves names through the schema. */
	ck_assert_int_eq(eq("objectIdentifierMatch", "person", "2.5.6.6"), 1);
	ck_assert_int_eq(eq("objectIdentifierMatch", "inetOrgPerson",
	    "INETORGPERSON"), 1);
	ck_assert_int_eq(eq("objectIdentifierMatch", "commonName", "cn"), 1);
	ck_assert_int_eq(eq("objectIdentifierMatch", "unknownThing",
	    "UNKNOWNTHING"), 1);
	ck_assert_int_eq(eq("objectIdentifierMatch", "person", "top"), 0);
	ck_assert_int_eq(eq("objectIdentifierMatch", "person", "1..2"), -1);
	ck_assert_int_eq(eq("objectIdentifierMatch", "person", "-x"), -1);
	ck_assert_int_eq(eq("objectIdentifierFirstComponentMatch",
	    "( 2.5.4.3 NAME 'cn' SUP name )", "cn"), 1);
	ck_assert_int_eq(eq("objectIdentifierFirstComponentMatch",
	    "( 2.5.4.3 NAME 'cn' SUP name )", "2.5.4.4"), 0);
	ck_assert_int_eq(eq("integerFirstComponentMatch", "( 01 NAME 'r' )",
	    "1"), 1);
	assert_norm("objectIdentifierFirstComponentMatch", "no parens", NULL);
}

START_TEST(match_dn_and_uid)
{
	ck_assert_int_eq(eq("distinguishedNameMatch",
	    "CN=Bob  Jones, O=Example", "commonName=bob jones,o=EXAMPLE"), 1);
	ck_assert_int_eq(eq("distinguishedNameMatch", "cn=a,o=x", "cn=a"), 0);
	ck_assert_int_eq(eq("distinguishedNameMatch", "cn=a", "cn=a,"), -1);
	assert_norm("distinguishedNameMatch", "UID=X+CN=Y,DC=Z",
	    "cn=y+uid=x,dc=z");
	ck_assert_int_eq(eq("uniqueMemberMatch", "CN=A,O=X#'0101'B",
	    "cn=a,o=x#'0101'B"), 1);
	ck_assert_int_eq(eq("uniqueMemberMatch", "cn=a,o=x#'0101'B",
	    "cn=a,o=x"), 0);
	ck_assert_int_eq(eq("uniqueMemberMatch", "CN=A,O=X", "cn=a,o=x"), 1);
	assert_norm("uniqueMemberMatch", "CN=A#'01'B", "cn=a#'01'B");
	/* '#' not followed by a bit string is part of the DN. */
	assert_norm("uniqueMemberMatch", "CN=A\\#B", "cn=a#b");
}

START_TEST(match_time)
{
	assert_norm("generalizedTimeMatch", "20240229123456Z",
	    "20240229123456Z");
	assert_norm("generalizedTimeMatch", "2024022912Z", "20240229120000Z");
	assert_norm("generalizedTimeMatch", "202402291230.5Z",
	    "20240229123030Z");
	assert_norm("generalizedTimeMatch", "20240229123456,250Z",
	    "20240229123456.25Z");
	assert_norm("generalizedTimeMatch", "20240101003000+0100",
	    "20231231233000Z");
	assert_norm("generalizedTimeMatch", "20231231233000-01",
	    "20240101003000Z");
	assert_norm("generalizedTimeMatch", "20230229120000Z", NULL);
	assert_norm("generalizedTimeMatch", "20241301120000Z", NULL);
	assert_norm("generalizedTimeMatch", "20240101120000", NULL);
	assert_norm("generalizedTimeMatch", "20240101126000Z", NULL);
	assert_norm("generalizedTimeMatch", "2024010112.Z", NULL);
	ck_assert_int_eq(eq("generalizedTimeMatch", "20240101003000+0100",
	    "20231231233000Z"), 1);
	ck_assert_int_eq(match_order(mr("generalizedTimeOrderingMatch"),
	    bv("20240101000000.5Z"), bv("20240101000000Z"), 1), 1);
	ck_assert_int_eq(match_order(mr("generalizedTimeOrderingMatch"),
	    bv("20240101000000Z"), bv("20240101000000.05Z"), 1), 0);
	ck_assert_int_eq(match_order(mr("generalizedTimeOrderingMatch"),
	    bv("20231231235959Z"), bv("20240101000000Z"), 0), 1);
}

static int
sub(const char *rule, const char *v, const char *init, const char *any1,
    const char *fin)
{
	struct berval i = { 0, NULL }, f = { 0, NULL }, a[1];
	size_t na = 0;

	if (init != NULL)
		i = *bv(init);
	if (fin != NULL)
		f = *bv(fin);
	if (any1 != NULL)
		a[na++] = *bv(any1);
	return match_substrings(mr(rule), bv(v), &i, a, na, &f);
}

START_TEST(match_substrings_rules)
{
	const char *ci = "caseIgnoreSubstringsMatch";

	ck_assert_int_eq(sub(ci, "John  Smith", "JOHN", NULL, NULL), 1);
	ck_assert_int_eq(sub(ci, "John  Smith", NULL, "n s", NULL), 1);
	ck_assert_int_eq(sub(ci, "John  Smith", NULL, NULL, "ITH"), 1);
	ck_assert_int_eq(sub(ci, "John Smith", "john ", NULL, NULL), 1);
	ck_assert_int_eq(sub(ci, "Johnny", "john ", NULL, NULL), 0);
	ck_assert_int_eq(sub(ci, "abc", "ab", NULL, "bc"), 0);
	ck_assert_int_eq(sub(ci, "abcbc", "ab", NULL, "bc"), 1);
	ck_assert_int_eq(sub(ci, "abc", "a", "b", "c"), 1);
	ck_assert_int_eq(sub(ci, "acb", "a", "b", "c"), 0);
	ck_assert_int_eq(sub("caseExactSubstringsMatch", "John", "j", NULL,
	    NULL), 0);
	ck_assert_int_eq(sub("caseIgnoreIA5SubstringsMatch", "A@B.COM", NULL,
	    "@b.", NULL), 1);
	ck_assert_int_eq(sub("numericStringSubstringsMatch", "1 234 5", "12",
	    NULL, "45"), 1);
	ck_assert_int_eq(sub("telephoneNumberSubstringsMatch", "+1 555-0100",
	    NULL, "5550", NULL), 1);
	ck_assert_int_eq(sub("caseIgnoreListSubstringsMatch", "1 Main$Town",
	    NULL, "MAIN$", NULL), 1);
	ck_assert_int_eq(sub(ci, "\xff", "a", NULL, NULL), -1);
	ck_assert_int_eq(sub(ci, "abc", "\xff", NULL, NULL), -1);
	/* Not a substrings rule. */
	ck_assert_int_eq(sub("caseIgnoreMatch", "abc", "a", NULL, NULL), -1);
	ck_assert_int_eq(match_equal(mr(ci), bv("a"), bv("a")), -1);
}

START_TEST(match_approx_and_assertions)
{
	ck_assert_int_eq(match_approx(mr("caseIgnoreMatch"),
	    bv("John Smith"), bv("johnsmith")), 1);
	ck_assert_int_eq(match_approx(mr("caseExactMatch"),
	    bv("John Smith"), bv("JOHN SMITH")), 1);
	ck_assert_int_eq(match_approx(mr("caseIgnoreMatch"),
	    bv("John Smith"), bv("jon smith")), 0);
	ck_assert_int_eq(match_approx(mr("integerMatch"), bv("010"),
	    bv("10")), 1);
	ck_assert_int_eq(match_approx(mr("integerMatch"), bv("10"),
	    bv("x")), -1);
	ck_assert_int_eq(match_approx(mr("caseIgnoreSubstringsMatch"),
	    bv("a"), bv("a")), -1);
	ck_assert_int_eq(match_assertion_ok(mr("integerMatch"), bv("-12")), 1);
	ck_assert_int_eq(match_assertion_ok(mr("integerMatch"), bv("1 2")),
	    0);
	ck_assert_int_eq(match_assertion_ok(mr("booleanMatch"), bv("maybe")),
	    0);
	ck_assert_int_eq(match_assertion_ok(mr("caseIgnoreSubstringsMatch"),
	    bv("ab ")), 1);
	ck_assert_int_eq(match_assertion_ok(mr("generalizedTimeMatch"),
	    bv("yesterday")), 0);
	ck_assert_int_eq(match_equal(NULL, bv("a"), bv("a")), -1);
	ck_assert_int_eq(utf8_valid("\xf4\x90\x80\x80", 4), 0);
	ck_assert_int_eq(utf8_valid("\xf0\x9f\x98\x80", 4), 1);
	ck_assert_int_eq(utf8_valid("\xe2\x82", 2), 0);
	ck_assert_int_eq(utf8_valid("\xed\xa0\x80", 3), 0);	/* surrogate */
	ck_assert_int_eq(utf8_valid("\xc0\xaf", 2), 0);	/* overlong */
	{
		/* Controls and broken sequences go, characters stay. */
		char s[] = "a\nb\x1b[2J\xc3\xa9\xff\xe2\x82x\x7f";

		utf8_sanitize(s, sizeof(s) - 1);
		ck_assert_str_eq(s, "a?b?[2J\xc3\xa9???x?");
	}
	ck_assert_ptr_eq(match_case_ignore_rule(),
	    match_case_ignore_rule());
	ck_assert_int_eq(match_equal(match_case_ignore_rule(), bv("A  b"),
	    bv("a B")), 1);
}

static Suite *
schema_suite(void)
{
	Suite *s = suite_create("schema");
	TCase *tc;

	tc = tcase_create("registry");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, core_loads);
	tcase_add_test(tc, builtins);
	tcase_add_test(tc, file_format);
	tcase_add_test(tc, load_dir_core_first);
	tcase_add_test(tc, missing_file);
	suite_add_tcase(s, tc);
	tc = tcase_create("errors");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, error_unknown_sup);
	tcase_add_test(tc, error_unknown_syntax_and_rule);
	tcase_add_test(tc, error_duplicates);
	tcase_add_test(tc, error_unterminated);
	tcase_add_test(tc, error_statements);
	tcase_add_test(tc, error_rules_4512);
	suite_add_tcase(s, tc);
	tc = tcase_create("match");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, match_strings);
	tcase_add_test(tc, match_integer_boolean_oid);
	tcase_add_test(tc, match_dn_and_uid);
	tcase_add_test(tc, match_time);
	tcase_add_test(tc, match_substrings_rules);
	tcase_add_test(tc, match_approx_and_assertions);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(schema_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
