/*
 * check_dn.c - distinguished names: RFC 4514 parsing, every syntax error,
 * normalisation under core.schema, formatting, and the relations the
 * router uses (within, depth).
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gateway/dn.h"
#include "gateway/schema.h"
#include "testschema.h"

static struct schema *schema;

static void
setup(void)
{
	schema = testschema_core();
}

static void
teardown(void)
{
	schema_free(schema);
	schema = NULL;
}

/* Normalise s under the core schema; NULL and *why on error. */
static char *
norm(const char *s, const char **why)
{
	char *n = NULL;

	*why = NULL;
	if (dn_normalize_str(s, strlen(s), schema, &n, why) == -1)
		return NULL;
	return n;
}

static void
assert_norm(const char *s, const char *want)
{
	const char *why;
	char *n = norm(s, &why);

	ck_assert_msg(n != NULL, "%s: %s", s, why);
	ck_assert_str_eq(n, want);
	free(n);
}

static void
assert_bad(const char *s, const char *want_why)
{
	const char *why = NULL;
	struct dn *dn = NULL;

	ck_assert_msg(dn_parse(s, strlen(s), schema, &dn, &why) == -1,
	    "%s parsed", s);
	ck_assert_ptr_null(dn);
	ck_assert_ptr_nonnull(why);
	ck_assert_msg(strstr(why, want_why) != NULL, "%s: got '%s'", s, why);
}

START_TEST(parse_structure)
{
	const char *s = "cn=John Smith+uid=js,ou=People,dc=example,dc=com";
	const char *why;
	struct dn *dn;

	ck_assert_int_eq(dn_parse(s, strlen(s), schema, &dn, &why), 0);
	ck_assert_uint_eq(dn->dn_nrdns, 4);
	ck_assert_uint_eq(dn->dn_rdns[0].dr_navas, 2);
	ck_assert_str_eq(dn->dn_rdns[0].dr_avas[0].da_type, "cn");
	ck_assert_str_eq(dn->dn_rdns[0].dr_avas[0].da_value.bv_val,
	    "John Smith");
	ck_assert_uint_eq(dn->dn_rdns[0].dr_avas[0].da_value.bv_len, 10);
	ck_assert_ptr_eq(dn->dn_rdns[0].dr_avas[0].da_at,
	    schema_find_at(schema, "cn"));
	ck_assert_str_eq(dn->dn_rdns[0].dr_avas[1].da_type, "uid");
	ck_assert_str_eq(dn->dn_rdns[3].dr_avas[0].da_value.bv_val, "com");
	dn_free(dn);
}

START_TEST(parse_root_and_no_schema)
{
	const char *why;
	struct dn *dn;
	char *n;

	ck_assert_int_eq(dn_parse("", 0, schema, &dn, &why), 0);
	ck_assert_uint_eq(dn->dn_nrdns, 0);
	n = dn_normalize(dn);
	ck_assert_str_eq(n, "");
	free(n);
	dn_free(dn);

	/* Without a schema, types are lower-cased as written and values
	   compare as caseIgnore strings. */
	ck_assert_int_eq(dn_normalize_str("CommonName=A  B,O=X", 19, NULL, &n,
	    &why), 0);
	ck_assert_str_eq(n, "commonname=a b,o=x");
	free(n);
	/* Not NUL-terminated: only len bytes count. */
	ck_assert_int_eq(dn_normalize_str("cn=a,o=xJUNK", 8, NULL, &n,
	    &why), 0);
	ck_assert_str_eq(n, "cn=a,o=x");
	free(n);
}

START_TEST(escapes_unescaped)
{
	const char *s = "cn=a\\,b\\+c\\\"d\\\\e\\3Bf\\<\\>\\=\\#,o=x";
	const char *why;
	struct dn *dn;

	ck_assert_int_eq(dn_parse(s, strlen(s), schema, &dn, &why), 0);
	ck_assert_str_eq(dn->dn_rdns[0].dr_avas[0].da_value.bv_val,
	    "a,b+c\"d\\e;f<>=#");
	dn_free(dn);
}

START_TEST(utf8_and_hex_values)
{
	const char *why;
	struct dn *dn;
	const char *s;

	/* RFC 4514 §4 examples: a UTF-8 value escaped byte by byte. */
	s = "cn=Lu\\C4\\8Di\\C4\\87";
	ck_assert_int_eq(dn_parse(s, strlen(s), schema, &dn, &why), 0);
	ck_assert_str_eq(dn->dn_rdns[0].dr_avas[0].da_value.bv_val,
	    "Lu\xc4\x8di\xc4\x87");
	dn_free(dn);
	/* "#04024869": an OCTET STRING holding "Hi". */
	s = "1.3.6.1.4.1.1466.0=#04024869,O=Test,C=GB";
	ck_assert_int_eq(dn_parse(s, strlen(s), schema, &dn, &why), 0);
	ck_assert_str_eq(dn->dn_rdns[0].dr_avas[0].da_type,
	    "1.3.6.1.4.1.1466.0");
	ck_assert_ptr_null(dn->dn_rdns[0].dr_avas[0].da_at);
	ck_assert_str_eq(dn->dn_rdns[0].dr_avas[0].da_value.bv_val, "Hi");
	dn_free(dn);
	assert_norm("2.5.4.3=#0c024869", "cn=hi");
}

START_TEST(normalize_types_values_order)
{
	assert_norm("CN=John   Smith ,OU=People, DC=Example,DC=COM",
	    "cn=john smith,ou=people,dc=example,dc=com");
	/* OIDs and synonyms of known types become the primary name. */
	assert_norm("2.5.4.3=x,commonName=y,organizationalUnitName=z",
	    "cn=x,cn=y,ou=z");
	/* Multi-valued RDNs are sorted, so the order written does not
	   matter. */
	assert_norm("uid=JS+cn=John,o=x", "cn=john+uid=js,o=x");
	assert_norm("cn=John+uid=JS,o=x", "cn=john+uid=js,o=x");
	/* Specials are re-escaped minimally, escaped spaces trimmed by
	   caseIgnoreMatch. */
	assert_norm("cn=a\\2cb\\2B c,o=x", "cn=a\\,b\\+ c,o=x");
	assert_norm("cn=\\#x,o=x", "cn=\\#x,o=x");
	assert_norm("cn=\\ \\ a\\ ,o=x", "cn=a,o=x");
	/* An unknown type keeps its spelling, lower-cased. */
	assert_norm("racfUserId=IBMUSER,o=x", "racfuserid=ibmuser,o=x");
	/* '=' needs no escape in a value. */
	assert_norm("cn=a=b", "cn=a=b");
}

START_TEST(normalize_syntax_rules)
{
	const char *why;

	/* dc is IA5: a non-ASCII value does not fit. */
	ck_assert_ptr_null(norm("dc=caf\\C3\\A9", &why));
	ck_assert_str_eq(why, "a value does not fit its attribute's syntax");
	/* The same bytes under a Directory String type do. */
	assert_norm("cn=Caf\\C3\\A9", "cn=caf\xc3\xa9");
	/* A DN-valued type normalises the nested DN. */
	assert_norm("member=CN\\=Bob\\,O\\=X", "member=cn=bob\\,o=x");
	/* caseExact types keep case. */
	assert_norm("labeledURI=HTTP://X", "labeleduri=HTTP://X");
}

/*
 * DNs in DN values in DN values: each level was normalised twice, so
 * forty of them took 2^40 steps.  A few levels normalise; deeper ones
 * are refused at once.
 */
START_TEST(nested_dn_values)
{
	char s[1024];
	const char *why;
	size_t i, n = 0;

	assert_norm("owner=owner=owner=CN=X", "owner=owner=owner=cn=x");
	for (i = 0; i < 40; i++)
		n += (size_t)snprintf(s + n, sizeof(s) - n, "owner=");
	snprintf(s + n, sizeof(s) - n, "cn=x");
	ck_assert_ptr_null(norm(s, &why));
	ck_assert_str_eq(why, "a value does not fit its attribute's syntax");
}

START_TEST(syntax_errors)
{
	assert_bad("cn", "'=' is missing");
	assert_bad("cn=a,ou", "'=' is missing");
	assert_bad("=a", "attribute type is missing");
	assert_bad("cn=a,", "ends with a comma");
	assert_bad("cn=a, ", "ends with a comma");
	assert_bad("cn=a,,o=x", "attribute type is missing");
	assert_bad("cn=a+", "attribute type is missing");
	assert_bad("cn=a;o=x", "unescaped ';'");
	assert_bad("cn=a\"b", "unescaped special");
	assert_bad("cn=a<b", "unescaped special");
	assert_bad("cn=a>b", "unescaped special");
	assert_bad("cn=a\\zz", "bad escape");
	assert_bad("cn=a\\4", "bad escape");
	assert_bad("cn=a\\", "backslash ends the DN");
	assert_bad("cn=#zz", "#hex");
	assert_bad("cn=#0", "#hex");
	assert_bad("cn=#040548", "#hex");
	assert_bad("cn=#3000", "#hex");
	/* A #hex value is a value: UTF-8, whatever its type. */
	assert_bad("cn=#0401ff", "not valid UTF-8");
	assert_bad("x-unknown=#050248cd", "not valid UTF-8");
	assert_bad("cn=\\ff", "not valid UTF-8");
	/* A NUL would cut the normalised form short: two DNs as one. */
	assert_bad("userPassword=a\\00evil,dc=example", "NUL character");
	assert_bad("cn=a\\00b", "NUL character");
	assert_bad("cn=\\c3\\28", "not valid UTF-8");
	/* A surrogate, an overlong form. */
	assert_bad("cn=\\ed\\a0\\80", "not valid UTF-8");
	assert_bad("cn=\\c0\\af", "not valid UTF-8");
	assert_bad("1.02.3=a", "bad numeric OID");
	assert_bad("1=a", "bad numeric OID");
	assert_bad("1.=a", "bad numeric OID");
	assert_bad("c_n=a", "'=' is missing");
	assert_bad("-cn=a", "attribute type is missing");
	assert_bad("cn=#04024869x", "unexpected character");
}

START_TEST(bad_utf8_raw_bytes)
{
	const char s[] = "cn=a\xff";
	const char *why;
	struct dn *dn;

	ck_assert_int_eq(dn_parse(s, sizeof(s) - 1, NULL, &dn, &why), -1);
	ck_assert_str_eq(why, "value is not valid UTF-8");
}

START_TEST(format_as_written)
{
	const char *s = "CN=Smith\\, John + UID=js , O=\\#Org";
	const char *why;
	struct dn *dn;
	char *f;

	ck_assert_int_eq(dn_parse(s, strlen(s), NULL, &dn, &why), 0);
	f = dn_format(dn);
	ck_assert_str_eq(f, "CN=Smith\\, John+UID=js,O=\\#Org");
	free(f);
	dn_free(dn);
}

START_TEST(escape_value)
{
	char *e;

	e = dn_escape_value(" a,b+c;d<e>f\"g\\h ", 17);
	ck_assert_str_eq(e, "\\ a\\,b\\+c\\;d\\<e\\>f\\\"g\\\\h\\ ");
	free(e);
	e = dn_escape_value("#x#", 3);
	ck_assert_str_eq(e, "\\#x#");
	free(e);
	e = dn_escape_value("a\0b\n", 4);
	ck_assert_str_eq(e, "a\\00b\\0a");
	free(e);
	/* Not UTF-8: high bytes are hex-escaped; valid UTF-8 stays. */
	e = dn_escape_value("\xff" "a", 2);
	ck_assert_str_eq(e, "\\ffa");
	free(e);
	e = dn_escape_value("\xc3\xa9", 2);
	ck_assert_str_eq(e, "\xc3\xa9");
	free(e);
	e = dn_escape_value("", 0);
	ck_assert_str_eq(e, "");
	free(e);
}

START_TEST(within_and_depth)
{
	const char *base = "dc=racf,dc=com";

	ck_assert_int_eq(dn_is_within("dc=racf,dc=com", base), 1);
	ck_assert_int_eq(dn_depth_below("dc=racf,dc=com", base), 0);
	ck_assert_int_eq(dn_is_within("ou=people,dc=racf,dc=com", base), 1);
	ck_assert_int_eq(dn_depth_below("ou=people,dc=racf,dc=com", base),
	    1);
	ck_assert_int_eq(dn_depth_below("cn=a+uid=b,ou=people,dc=racf,dc=com",
	    base), 2);
	ck_assert_int_eq(dn_depth_below("cn=a\\,b,ou=x,dc=racf,dc=com",
	    base), 2);
	/* A suffix that is not at an RDN boundary is not within. */
	ck_assert_int_eq(dn_is_within("dc=xracf,dc=com", base), 0);
	ck_assert_int_eq(dn_depth_below("dc=xracf,dc=com", base), -1);
	/* ... nor one whose comma is escaped. */
	ck_assert_int_eq(dn_is_within("cn=a\\,dc=racf,dc=com", base), 0);
	/* But an escaped backslash before it leaves the comma a
	   separator. */
	ck_assert_int_eq(dn_depth_below("cn=a\\\\,dc=racf,dc=com", base),
	    1);
	ck_assert_int_eq(dn_is_within("dc=com", base), 0);
	ck_assert_int_eq(dn_is_within("dc=acf2,dc=com", base), 0);
	/* Everything is within the root DSE. */
	ck_assert_int_eq(dn_is_within(base, ""), 1);
	ck_assert_int_eq(dn_depth_below(base, ""), 2);
	ck_assert_int_eq(dn_depth_below("", ""), 0);
	ck_assert_int_eq(dn_is_within("", base), 0);
}

static Suite *
dn_suite(void)
{
	Suite *s = suite_create("dn");
	TCase *tc;

	tc = tcase_create("parse");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, parse_structure);
	tcase_add_test(tc, parse_root_and_no_schema);
	tcase_add_test(tc, escapes_unescaped);
	tcase_add_test(tc, utf8_and_hex_values);
	tcase_add_test(tc, syntax_errors);
	tcase_add_test(tc, bad_utf8_raw_bytes);
	suite_add_tcase(s, tc);
	tc = tcase_create("normalize");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, normalize_types_values_order);
	tcase_add_test(tc, normalize_syntax_rules);
	tcase_add_test(tc, nested_dn_values);
	tcase_add_test(tc, format_as_written);
	tcase_add_test(tc, escape_value);
	suite_add_tcase(s, tc);
	tc = tcase_create("relations");
	tcase_add_test(tc, within_and_depth);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(dn_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
