/*
 * check_filter.c - search filters: every choice decoded from BER built
 * with ber_printf, every decode error, the RFC 4515 string form both
 * ways, and three-valued evaluation against an entry.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <lber.h>
#include <ldap.h>

#include "gateway/entry.h"
#include "gateway/filter.h"
#include "gateway/schema.h"
#include "testschema.h"

static struct schema *schema;
static struct entry *entry;

static void
setup(void)
{
	schema = testschema_core();
	entry = entry_new("cn=Bob Smith+uid=bsmith,ou=People,dc=racf,dc=com");
	entry_add_str(entry, "objectClass", schema_find_at(schema,
	    "objectClass"), "inetOrgPerson");
	entry_add_str(entry, "objectClass", schema_find_at(schema,
	    "objectClass"), "person");
	entry_add_str(entry, "objectClass", schema_find_at(schema,
	    "objectClass"), "top");
	entry_add_str(entry, "cn", schema_find_at(schema, "cn"), "Bob Smith");
	entry_add_str(entry, "cn", schema_find_at(schema, "cn"), "Robert");
	entry_add_str(entry, "sn", schema_find_at(schema, "sn"), "Smith");
	entry_add_str(entry, "mail", schema_find_at(schema, "mail"),
	    "Bob@Example.COM");
	entry_add_str(entry, "createTimestamp", schema_find_at(schema,
	    "createTimestamp"), "20240115103000Z");
	entry_add_str(entry, "racfOwner", NULL, "IBMUSER");
	entry_add_str(entry, "description", schema_find_at(schema,
	    "description"), "a(b)*c\\d");
}

static void
teardown(void)
{
	entry_free(entry);
	schema_free(schema);
	entry = NULL;
	schema = NULL;
}

/* BER helpers */

/* Decode the bytes ber holds; returns 0 or -1 with *why. */
static int
decode_ber(BerElement *ber, unsigned int depth, unsigned int items,
    struct filter **f, const char **why)
{
	struct berval *bv = NULL;
	BerElement *in;
	int rc;

	ck_assert_int_ne(ber_flatten(ber, &bv), -1);
	ber_free(ber, 1);
	in = ber_init(bv);
	ck_assert_ptr_nonnull(in);
	*f = NULL;
	*why = NULL;
	rc = filter_decode(in, schema, depth, items, f, why);
	ber_free(in, 1);
	ber_bvfree(bv);
	return rc;
}

static BerElement *
ber_new(void)
{
	BerElement *ber = ber_alloc_t(LBER_USE_DER);

	ck_assert_ptr_nonnull(ber);
	return ber;
}

/* ber must decode, and print as want. */
static struct filter *
assert_decodes(BerElement *ber, const char *want)
{
	struct filter *f;
	const char *why;
	char *s;

	ck_assert_msg(decode_ber(ber, 10, 100, &f, &why) == 0, "%s: %s", want,
	    why);
	s = filter_to_string(f);
	ck_assert_str_eq(s, want);
	free(s);
	return f;
}

static void
assert_decode_fails(BerElement *ber, unsigned int depth, unsigned int items,
    const char *want_why)
{
	struct filter *f;
	const char *why;

	ck_assert_int_eq(decode_ber(ber, depth, items, &f, &why), -1);
	ck_assert_ptr_null(f);
	ck_assert_ptr_nonnull(why);
	ck_assert_str_eq(why, want_why);
}

START_TEST(ber_every_choice)
{
	BerElement *ber;
	struct filter *f;

	ber = ber_new();
	ber_printf(ber, "t{ss}", LDAP_FILTER_EQUALITY, "cn", "Bob");
	f = assert_decodes(ber, "(cn=Bob)");
	ck_assert_uint_eq(f->f_choice, LDAP_FILTER_EQUALITY);
	ck_assert_str_eq(f->f_desc, "cn");
	ck_assert_ptr_eq(f->f_at, schema_find_at(schema, "cn"));
	ck_assert_str_eq(f->f_value.bv_val, "Bob");
	ck_assert_int_eq(f->f_undefined, 0);
	filter_free(f);

	ber = ber_new();
	ber_printf(ber, "t{ss}", LDAP_FILTER_GE, "createTimestamp",
	    "20240101000000Z");
	filter_free(assert_decodes(ber, "(createTimestamp>=20240101000000Z)"));
	ber = ber_new();
	ber_printf(ber, "t{ss}", LDAP_FILTER_LE, "sn", "m");
	filter_free(assert_decodes(ber, "(sn<=m)"));
	ber = ber_new();
	ber_printf(ber, "t{ss}", LDAP_FILTER_APPROX, "sn", "smyth");
	filter_free(assert_decodes(ber, "(sn~=smyth)"));
	ber = ber_new();
	ber_printf(ber, "ts", LDAP_FILTER_PRESENT, "objectClass");
	filter_free(assert_decodes(ber, "(objectClass=*)"));

	ber = ber_new();
	ber_printf(ber, "t{s{tststs}}", LDAP_FILTER_SUBSTRINGS, "cn",
	    LDAP_SUBSTRING_INITIAL, "b", LDAP_SUBSTRING_ANY, "o",
	    LDAP_SUBSTRING_FINAL, "h");
	f = assert_decodes(ber, "(cn=b*o*h)");
	ck_assert_str_eq(f->f_initial.bv_val, "b");
	ck_assert_uint_eq(f->f_nany, 1);
	ck_assert_str_eq(f->f_final.bv_val, "h");
	filter_free(f);
	ber = ber_new();
	ber_printf(ber, "t{s{tsts}}", LDAP_FILTER_SUBSTRINGS, "cn",
	    LDAP_SUBSTRING_ANY, "o", LDAP_SUBSTRING_ANY, "b");
	f = assert_decodes(ber, "(cn=*o*b*)");
	ck_assert_ptr_null(f->f_initial.bv_val);
	ck_assert_ptr_null(f->f_final.bv_val);
	filter_free(f);

	ber = ber_new();
	ber_printf(ber, "t{tstststb}", LDAP_FILTER_EXT, LDAP_FILTER_EXT_OID,
	    "caseExactMatch", LDAP_FILTER_EXT_TYPE, "ou", LDAP_FILTER_EXT_VALUE,
	    "People", LDAP_FILTER_EXT_DNATTRS, (ber_int_t)1);
	f = assert_decodes(ber, "(ou:dn:caseExactMatch:=People)");
	ck_assert_int_eq(f->f_dnattrs, 1);
	ck_assert_ptr_eq(f->f_mr, schema_find_mr(schema, "2.5.13.5"));
	filter_free(f);
	ber = ber_new();
	ber_printf(ber, "t{tsts}", LDAP_FILTER_EXT, LDAP_FILTER_EXT_OID,
	    "2.5.13.2", LDAP_FILTER_EXT_VALUE, "smith");
	f = assert_decodes(ber, "(:2.5.13.2:=smith)");
	ck_assert_ptr_null(f->f_desc);
	filter_free(f);

	ber = ber_new();
	ber_printf(ber, "t{t{ss}t{t{ss}}ts}", LDAP_FILTER_AND,
	    LDAP_FILTER_EQUALITY, "sn", "Smith", LDAP_FILTER_NOT,
	    LDAP_FILTER_EQUALITY, "cn", "x", LDAP_FILTER_PRESENT, "mail");
	f = assert_decodes(ber, "(&(sn=Smith)(!(cn=x))(mail=*))");
	ck_assert_uint_eq(f->f_nlist, 3);
	ck_assert_uint_eq(f->f_list[1]->f_choice, LDAP_FILTER_NOT);
	filter_free(f);
	ber = ber_new();
	ber_printf(ber, "t{t{ss}}", LDAP_FILTER_OR, LDAP_FILTER_EQUALITY,
	    "sn", "Smith");
	filter_free(assert_decodes(ber, "(|(sn=Smith))"));
}

START_TEST(ber_absolute_true_false)
{
	BerElement *ber;
	struct filter *f;

	/* RFC 4526: accepted although RFC 4511 says SIZE (1..MAX). */
	ber = ber_new();
	ber_printf(ber, "t{}", LDAP_FILTER_AND);
	f = assert_decodes(ber, "(&)");
	ck_assert_uint_eq(f->f_nlist, 0);
	ck_assert_int_eq(filter_eval(f, entry, schema), FILTER_TRUE);
	filter_free(f);
	ber = ber_new();
	ber_printf(ber, "t{}", LDAP_FILTER_OR);
	f = assert_decodes(ber, "(|)");
	ck_assert_int_eq(filter_eval(f, entry, schema), FILTER_FALSE);
	filter_free(f);
}

START_TEST(ber_unknown_attribute_is_not_an_error)
{
	BerElement *ber;
	struct filter *f;

	ber = ber_new();
	ber_printf(ber, "t{ss}", LDAP_FILTER_EQUALITY, "noSuchAttr", "x");
	f = assert_decodes(ber, "(noSuchAttr=x)");
	ck_assert_ptr_null(f->f_at);
	ck_assert_int_eq(f->f_undefined, 1);
	ck_assert_int_eq(filter_eval(f, entry, schema), FILTER_UNDEFINED);
	filter_free(f);
	/* An assertion the syntax rejects is Undefined too. */
	ber = ber_new();
	ber_printf(ber, "t{ss}", LDAP_FILTER_GE, "createTimestamp", "soon");
	f = assert_decodes(ber, "(createTimestamp>=soon)");
	ck_assert_int_eq(f->f_undefined, 1);
	filter_free(f);
}

START_TEST(ber_bad_tags)
{
	BerElement *ber;

	ber = ber_new();
	ber_printf(ber, "t{ss}", (ber_tag_t)0xaa, "cn", "x");
	assert_decode_fails(ber, 10, 100, "unknown filter choice");
	ber = ber_new();
	ber_printf(ber, "{ss}", "cn", "x");	/* a bare SEQUENCE */
	assert_decode_fails(ber, 10, 100, "unknown filter choice");
	ber = ber_new();
	ber_printf(ber, "t{is}", LDAP_FILTER_EQUALITY, (ber_int_t)3, "x");
	assert_decode_fails(ber, 10, 100, "bad tag inside a filter item");
	ber = ber_new();
	ber_printf(ber, "t{sss}", LDAP_FILTER_EQUALITY, "cn", "x", "y");
	assert_decode_fails(ber, 10, 100,
	    "filter element holds more or less than its length says");
	ber = ber_new();
	ber_printf(ber, "t{s}", LDAP_FILTER_EQUALITY, "cn");
	assert_decode_fails(ber, 10, 100, "bad tag inside a filter item");
	ber = ber_new();
	ber_printf(ber, "t{t{ss}i}", LDAP_FILTER_AND, LDAP_FILTER_EQUALITY,
	    "cn", "x", (ber_int_t)1);
	assert_decode_fails(ber, 10, 100, "unknown filter choice");
	ber = ber_new();
	ber_printf(ber, "t{os}", LDAP_FILTER_EQUALITY, "cn\0x", (ber_len_t)4,
	    "v");
	assert_decode_fails(ber, 10, 100, "attribute description holds NUL");
}

/*
 * Descriptions and rule ids that no filter string could carry: two
 * filters printing alike would pass for one search between pages, and
 * the text would go raw into logs.
 */
START_TEST(ber_malformed_descriptions)
{
	static const char *const descs[] = { "", "2.5.\xbc.3", "cn=x)(sn",
	    "cn)(|(uid=*", "cn x", "cn\n", "cn*" };
	BerElement *ber;
	size_t i;

	for (i = 0; i < sizeof(descs) / sizeof(descs[0]); i++) {
		ber = ber_new();
		ber_printf(ber, "t{ss}", LDAP_FILTER_EQUALITY, descs[i], "x");
		assert_decode_fails(ber, 10, 100,
		    "malformed attribute description");
		ber = ber_new();
		ber_printf(ber, "ts", LDAP_FILTER_PRESENT, descs[i]);
		assert_decode_fails(ber, 10, 100,
		    "malformed attribute description");
		ber = ber_new();
		ber_printf(ber, "t{tsts}", LDAP_FILTER_EXT,
		    LDAP_FILTER_EXT_OID, descs[i], LDAP_FILTER_EXT_VALUE, "x");
		assert_decode_fails(ber, 10, 100, "malformed matching rule id");
	}
	/* Options are part of a description, not of a rule id. */
	ber = ber_new();
	ber_printf(ber, "t{tsts}", LDAP_FILTER_EXT, LDAP_FILTER_EXT_OID,
	    "caseExactMatch;x", LDAP_FILTER_EXT_VALUE, "x");
	assert_decode_fails(ber, 10, 100, "malformed matching rule id");
	ber = ber_new();
	ber_printf(ber, "t{ss}", LDAP_FILTER_EQUALITY, "cn;lang-en", "x");
	filter_free(assert_decodes(ber, "(cn;lang-en=x)"));
}

START_TEST(ber_bad_substrings_and_ext)
{
	BerElement *ber;

	ber = ber_new();
	ber_printf(ber, "t{s{}}", LDAP_FILTER_SUBSTRINGS, "cn");
	assert_decode_fails(ber, 10, 100,
	    "substrings filter without substrings");
	ber = ber_new();
	ber_printf(ber, "t{s{ts}}", LDAP_FILTER_SUBSTRINGS, "cn",
	    (ber_tag_t)0x83, "x");
	assert_decode_fails(ber, 10, 100, "bad tag in a substrings filter");
	ber = ber_new();
	ber_printf(ber, "t{st{ts}}", LDAP_FILTER_SUBSTRINGS, "cn",
	    (ber_tag_t)0x31, LDAP_SUBSTRING_ANY, "x");
	assert_decode_fails(ber, 10, 100, "bad tag in a substrings filter");
	ber = ber_new();
	ber_printf(ber, "t{s{tsts}}", LDAP_FILTER_SUBSTRINGS, "cn",
	    LDAP_SUBSTRING_ANY, "a", LDAP_SUBSTRING_INITIAL, "b");
	assert_decode_fails(ber, 10, 100, "substrings out of order");
	ber = ber_new();
	ber_printf(ber, "t{s{tsts}}", LDAP_FILTER_SUBSTRINGS, "cn",
	    LDAP_SUBSTRING_FINAL, "a", LDAP_SUBSTRING_ANY, "b");
	assert_decode_fails(ber, 10, 100, "substrings out of order");
	ber = ber_new();
	ber_printf(ber, "t{s{tsts}}", LDAP_FILTER_SUBSTRINGS, "cn",
	    LDAP_SUBSTRING_INITIAL, "a", LDAP_SUBSTRING_INITIAL, "b");
	assert_decode_fails(ber, 10, 100, "substrings out of order");
	ber = ber_new();
	ber_printf(ber, "t{ts}", LDAP_FILTER_EXT, LDAP_FILTER_EXT_VALUE, "x");
	assert_decode_fails(ber, 10, 100, "extensibleMatch names neither a "
	    "matching rule nor a type");
	ber = ber_new();
	ber_printf(ber, "t{ts}", LDAP_FILTER_EXT, LDAP_FILTER_EXT_TYPE, "cn");
	assert_decode_fails(ber, 10, 100, "bad tag inside a filter item");
	ber = ber_new();
	ber_printf(ber, "t{tstsi}", LDAP_FILTER_EXT, LDAP_FILTER_EXT_TYPE,
	    "cn", LDAP_FILTER_EXT_VALUE, "x", (ber_int_t)1);
	assert_decode_fails(ber, 10, 100,
	    "filter element holds more or less than its length says");
}

START_TEST(ber_truncated)
{
	BerElement *ber = ber_new(), *in;
	struct berval *bv = NULL, cut;
	struct filter *f;
	const char *why;
	ber_len_t n;

	ber_printf(ber, "t{t{ss}t{ss}}", LDAP_FILTER_AND,
	    LDAP_FILTER_EQUALITY, "cn", "x", LDAP_FILTER_EQUALITY, "sn", "y");
	ck_assert_int_ne(ber_flatten(ber, &bv), -1);
	ber_free(ber, 1);
	/* Every proper prefix fails: none reads past what is there. */
	for (n = 0; n < bv->bv_len; n++) {
		cut.bv_val = bv->bv_val;
		cut.bv_len = n;
		in = ber_init(&cut);
		ck_assert_ptr_nonnull(in);
		why = NULL;
		ck_assert_int_eq(filter_decode(in, schema, 10, 100, &f, &why),
		    -1);
		ck_assert_ptr_nonnull(why);
		ber_free(in, 1);
	}
	ber_bvfree(bv);
}

START_TEST(ber_limits)
{
	BerElement *ber;
	struct filter *f;
	const char *why;

	/* (!(!(!(cn=x)))) is 4 deep. */
	ber = ber_new();
	ber_printf(ber, "t{t{t{t{ss}}}}", LDAP_FILTER_NOT, LDAP_FILTER_NOT,
	    LDAP_FILTER_NOT, LDAP_FILTER_EQUALITY, "cn", "x");
	assert_decode_fails(ber, 3, 100, "filter nests too deep");
	ber = ber_new();
	ber_printf(ber, "t{t{t{t{ss}}}}", LDAP_FILTER_NOT, LDAP_FILTER_NOT,
	    LDAP_FILTER_NOT, LDAP_FILTER_EQUALITY, "cn", "x");
	ck_assert_int_eq(decode_ber(ber, 4, 100, &f, &why), 0);
	filter_free(f);
	/* The AND and its 3 items are 4 items. */
	ber = ber_new();
	ber_printf(ber, "t{tststs}", LDAP_FILTER_AND, LDAP_FILTER_PRESENT,
	    "cn", LDAP_FILTER_PRESENT, "sn", LDAP_FILTER_PRESENT, "o");
	assert_decode_fails(ber, 10, 3, "filter has too many items");
	ber = ber_new();
	ber_printf(ber, "t{tststs}", LDAP_FILTER_AND, LDAP_FILTER_PRESENT,
	    "cn", LDAP_FILTER_PRESENT, "sn", LDAP_FILTER_PRESENT, "o");
	ck_assert_int_eq(decode_ber(ber, 10, 4, &f, &why), 0);
	filter_free(f);
	/* Each substrings piece is an item too: (cn=a*b*c) is 4. */
	ber = ber_new();
	ber_printf(ber, "t{s{tststs}}", LDAP_FILTER_SUBSTRINGS, "cn",
	    LDAP_SUBSTRING_INITIAL, "a", LDAP_SUBSTRING_ANY, "b",
	    LDAP_SUBSTRING_FINAL, "c");
	assert_decode_fails(ber, 10, 3, "filter has too many items");
	ber = ber_new();
	ber_printf(ber, "t{s{tststs}}", LDAP_FILTER_SUBSTRINGS, "cn",
	    LDAP_SUBSTRING_INITIAL, "a", LDAP_SUBSTRING_ANY, "b",
	    LDAP_SUBSTRING_FINAL, "c");
	ck_assert_int_eq(decode_ber(ber, 10, 4, &f, &why), 0);
	filter_free(f);
}

/* String form */

static struct filter *
parse(const char *s)
{
	struct filter *f = NULL;
	const char *why = NULL;

	ck_assert_msg(filter_parse(s, schema, &f, &why) == 0, "%s: %s", s,
	    why);
	return f;
}

static void
assert_round_trip(const char *s, const char *want)
{
	struct filter *f = parse(s);
	char *out = filter_to_string(f);

	ck_assert_str_eq(out, want);
	free(out);
	filter_free(f);
}

static void
assert_parse_fails(const char *s, const char *want_why)
{
	struct filter *f = NULL;
	const char *why = NULL;

	ck_assert_msg(filter_parse(s, schema, &f, &why) == -1, "%s parsed",
	    s);
	ck_assert_ptr_null(f);
	ck_assert_ptr_nonnull(why);
	ck_assert_msg(strstr(why, want_why) != NULL, "%s: got '%s'", s, why);
}

START_TEST(string_forms)
{
	assert_round_trip("(cn=Babs Jensen)", "(cn=Babs Jensen)");
	assert_round_trip("(!(cn=Tim Howes))", "(!(cn=Tim Howes))");
	assert_round_trip("(&(objectClass=Person)(|(sn=Jensen)(cn=Babs J*)))",
	    "(&(objectClass=Person)(|(sn=Jensen)(cn=Babs J*)))");
	assert_round_trip("(o=univ*of*mich*)", "(o=univ*of*mich*)");
	assert_round_trip("(seeAlso=)", "(seeAlso=)");
	assert_round_trip("(cn:caseExactMatch:=Fred Flintstone)",
	    "(cn:caseExactMatch:=Fred Flintstone)");
	assert_round_trip("(cn:=Betty Rubble)", "(cn:=Betty Rubble)");
	assert_round_trip("(sn:dn:2.4.6.8.10:=Barney Rubble)",
	    "(sn:dn:2.4.6.8.10:=Barney Rubble)");
	assert_round_trip("(o:dn:=Ace Industry)", "(o:dn:=Ace Industry)");
	assert_round_trip("(:1.2.3:=Wilma Flintstone)",
	    "(:1.2.3:=Wilma Flintstone)");
	assert_round_trip("(:DN:2.4.6.8.10:=Dino)", "(:dn:2.4.6.8.10:=Dino)");
	assert_round_trip("(sn~=smyth)", "(sn~=smyth)");
	assert_round_trip("(age>=21)", "(age>=21)");
	assert_round_trip("(age<=21)", "(age<=21)");
	assert_round_trip("(cn=*)", "(cn=*)");
	assert_round_trip("(cn=a*)", "(cn=a*)");
	assert_round_trip("(cn=*z)", "(cn=*z)");
	assert_round_trip("(cn;lang-en=x)", "(cn;lang-en=x)");
	assert_round_trip("(&)", "(&)");
	assert_round_trip("(|)", "(|)");
	assert_round_trip("(|(&)(!(|)))", "(|(&)(!(|)))");
}

START_TEST(string_escapes)
{
	struct filter *f;
	char *s;

	/* RFC 4515 §4 examples. */
	f = parse("(o=Parens R Us \\28for all your parenthetical needs\\29)");
	ck_assert_str_eq(f->f_value.bv_val,
	    "Parens R Us (for all your parenthetical needs)");
	filter_free(f);
	f = parse("(cn=*\\2A*)");
	ck_assert_uint_eq(f->f_choice, LDAP_FILTER_SUBSTRINGS);
	ck_assert_uint_eq(f->f_nany, 1);
	ck_assert_str_eq(f->f_any[0].bv_val, "*");
	s = filter_to_string(f);
	ck_assert_str_eq(s, "(cn=*\\2a*)");
	free(s);
	filter_free(f);
	f = parse("(filename=C:\\5cMyFile)");
	ck_assert_str_eq(f->f_value.bv_val, "C:\\MyFile");
	filter_free(f);
	f = parse("(bin=\\00\\00\\00\\04)");
	ck_assert_uint_eq(f->f_value.bv_len, 4);
	ck_assert_int_eq(memcmp(f->f_value.bv_val, "\0\0\0\4", 4), 0);
	s = filter_to_string(f);
	ck_assert_str_eq(s, "(bin=\\00\\00\\00\\04)");
	free(s);
	filter_free(f);
	f = parse("(sn=Lu\\c4\\8di\\c4\\87)");
	ck_assert_str_eq(f->f_value.bv_val, "Lu\xc4\x8di\xc4\x87");
	s = filter_to_string(f);
	ck_assert_str_eq(s, "(sn=Lu\xc4\x8di\xc4\x87)");
	free(s);
	filter_free(f);
	f = parse("(description=a\\28b\\29\\2ac\\5cd)");
	s = filter_to_string(f);
	ck_assert_str_eq(s, "(description=a\\28b\\29\\2ac\\5cd)");
	free(s);
	filter_free(f);
	/* Not UTF-8: the high byte prints escaped. */
	f = parse("(cn=\\ff)");
	s = filter_to_string(f);
	ck_assert_str_eq(s, "(cn=\\ff)");
	free(s);
	ck_assert_int_eq(f->f_undefined, 1);
	filter_free(f);
}

START_TEST(string_errors)
{
	assert_parse_fails("", "must start with '('");
	assert_parse_fails("cn=x", "must start with '('");
	assert_parse_fails("(cn=x", "not closed");
	assert_parse_fails("(cn=x))", "text follows the filter");
	assert_parse_fails("(cn=x)(sn=y)", "text follows the filter");
	assert_parse_fails("(=x)", "attribute description is missing");
	assert_parse_fails("(cn)", "filter type");
	assert_parse_fails("(cn!x)", "filter type");
	assert_parse_fails("(cn=a(b)", "unescaped '('");
	assert_parse_fails("(cn=a\\2)", "bad escape");
	assert_parse_fails("(cn=a\\zz)", "bad escape");
	assert_parse_fails("(cn=a\\)", "bad escape");
	assert_parse_fails("(cn=a\\*)", "bad escape");
	assert_parse_fails("(cn=a**b)", "two '*' in a row");
	assert_parse_fails("(cn~=a*)", "unescaped '*'");
	assert_parse_fails("(cn>=*)", "unescaped '*'");
	assert_parse_fails("(cn:=a*)", "unescaped '*'");
	assert_parse_fails("(&(cn=x)", "not closed");
	assert_parse_fails("(&(cn=x)x)", "not closed");
	assert_parse_fails("(!cn=x)", "'!' must be followed");
	assert_parse_fails("(!(cn=x)(sn=y))", "not closed");
	assert_parse_fails("(:=x)", "neither");
	assert_parse_fails("(cn:x)", "':=' is missing");
	assert_parse_fails("(cn:dn:r1:r2:=x)", "bad extensible match");
	assert_parse_fails("(cn::=x)", "bad extensible match");
	assert_parse_fails("(cn=(x))", "unescaped '('");
}

START_TEST(string_limits)
{
	char deep[512] = "", *p = deep;
	struct filter *f = NULL;
	const char *why;
	int i;

	for (i = 0; i < 70; i++)
		*p++ = '(', *p++ = '!';
	strcpy(p, "(cn=x)");
	p += strlen(p);
	for (i = 0; i < 70; i++)
		*p++ = ')';
	*p = '\0';
	ck_assert_int_eq(filter_parse(deep, schema, &f, &why), -1);
	ck_assert_str_eq(why, "filter nests too deep");
	ck_assert_ptr_null(f);
}

/* Evaluation */

static int
eval(const char *s)
{
	struct filter *f = parse(s);
	int r = filter_eval(f, entry, schema);

	filter_free(f);
	return r;
}

#define T	FILTER_TRUE
#define F	FILTER_FALSE
#define U	FILTER_UNDEFINED

START_TEST(eval_items)
{
	ck_assert_int_eq(eval("(cn=bob  SMITH)"), T);
	ck_assert_int_eq(eval("(cn=robert)"), T);
	ck_assert_int_eq(eval("(cn=alice)"), F);
	ck_assert_int_eq(eval("(commonName=Robert)"), T);
	ck_assert_int_eq(eval("(2.5.4.3=Robert)"), T);
	/* A supertype matches its subtypes' values (RFC 4512 §2.5.1). */
	ck_assert_int_eq(eval("(name=smith)"), T);
	ck_assert_int_eq(eval("(name=*)"), T);
	ck_assert_int_eq(eval("(cn=*)"), T);
	ck_assert_int_eq(eval("(o=*)"), F);
	/* Unknown attributes: Undefined, but present is FALSE. */
	ck_assert_int_eq(eval("(noSuchAttr=x)"), U);
	ck_assert_int_eq(eval("(noSuchAttr=*)"), F);
	ck_assert_int_eq(eval("(racfOwner=IBMUSER)"), U);
	ck_assert_int_eq(eval("(cn;lang-en=Robert)"), U);
	/* objectClass values compare as stored, by OID or any case. */
	ck_assert_int_eq(eval("(objectClass=PERSON)"), T);
	ck_assert_int_eq(eval("(objectClass=2.5.6.6)"), T);
	ck_assert_int_eq(eval("(objectClass=organizationalPerson)"), F);
	ck_assert_int_eq(eval("(mail=bob@example.com)"), T);
	ck_assert_int_eq(eval("(mail=*@EXAMPLE.com)"), T);
	ck_assert_int_eq(eval("(cn=b*sm*th)"), T);
	ck_assert_int_eq(eval("(cn=b*x*th)"), F);
	ck_assert_int_eq(eval("(cn~=bobsmith)"), T);
	ck_assert_int_eq(eval("(cn~=bob smyth)"), F);
	ck_assert_int_eq(eval("(description=a\\28b\\29\\2ac\\5cd)"), T);
	ck_assert_int_eq(eval("(description=*\\2a*)"), T);
	ck_assert_int_eq(eval("(description=*\\5c*)"), T);
	ck_assert_int_eq(eval("(description=*\\00*)"), U);
	ck_assert_int_eq(eval("(createTimestamp>=20240101000000Z)"), T);
	ck_assert_int_eq(eval("(createTimestamp<=20240101000000Z)"), F);
	ck_assert_int_eq(eval("(createTimestamp<=202401151130+0100)"), T);
	ck_assert_int_eq(eval("(createTimestamp>=yesterday)"), U);
	/* No ORDERING or SUBSTR rule for the type: Undefined. */
	ck_assert_int_eq(eval("(cn>=a)"), U);
	ck_assert_int_eq(eval("(createTimestamp=2024*)"), U);
	/* No EQUALITY rule (altServer): Undefined. */
	ck_assert_int_eq(eval("(altServer=x)"), U);
}

START_TEST(eval_extensible)
{
	ck_assert_int_eq(eval("(cn:caseExactMatch:=Bob Smith)"), T);
	ck_assert_int_eq(eval("(cn:caseExactMatch:=bob smith)"), F);
	ck_assert_int_eq(eval("(cn:=ROBERT)"), T);
	ck_assert_int_eq(eval("(name:2.5.13.5:=Robert)"), T);
	/* Rule only: every attribute of the rule's syntax. */
	ck_assert_int_eq(eval("(:caseIgnoreMatch:=smith)"), T);
	ck_assert_int_eq(eval("(:caseIgnoreMatch:=nobody)"), F);
	ck_assert_int_eq(eval("(:caseIgnoreIA5Match:=BOB@example.com)"), T);
	/* :dn adds the RDN values. */
	ck_assert_int_eq(eval("(ou=people)"), F);
	ck_assert_int_eq(eval("(ou:dn:=people)"), T);
	ck_assert_int_eq(eval("(ou:dn:caseExactMatch:=people)"), F);
	ck_assert_int_eq(eval("(:dn:caseExactMatch:=People)"), T);
	ck_assert_int_eq(eval("(uid:dn:=BSMITH)"), T);
	ck_assert_int_eq(eval("(name:dn:=racf)"), F);
	ck_assert_int_eq(eval("(dc:dn:=racf)"), T);
	/* An ordering rule asserts value < assertion. */
	ck_assert_int_eq(eval("(createTimestamp:generalizedTimeOrderingMatch:="
	    "20300101000000Z)"), T);
	ck_assert_int_eq(eval("(createTimestamp:generalizedTimeOrderingMatch:="
	    "20200101000000Z)"), F);
	ck_assert_int_eq(eval("(cn:fuzzyMatch:=x)"), U);
	ck_assert_int_eq(eval("(noSuchAttr:=x)"), U);
	ck_assert_int_eq(eval("(cn:caseIgnoreSubstringsMatch:=x)"), U);
	ck_assert_int_eq(eval("(cn:booleanMatch:=maybe)"), U);
}

START_TEST(eval_truth_tables)
{
	/* T: (sn=smith)  F: (sn=jones)  U: (noSuchAttr=x) */
	ck_assert_int_eq(eval("(&(sn=smith)(sn=smith))"), T);
	ck_assert_int_eq(eval("(&(sn=smith)(sn=jones))"), F);
	ck_assert_int_eq(eval("(&(sn=smith)(noSuchAttr=x))"), U);
	ck_assert_int_eq(eval("(&(sn=jones)(noSuchAttr=x))"), F);
	ck_assert_int_eq(eval("(&(noSuchAttr=x)(sn=jones))"), F);
	ck_assert_int_eq(eval("(&(noSuchAttr=x)(noSuchAttr=y))"), U);
	ck_assert_int_eq(eval("(|(sn=smith)(noSuchAttr=x))"), T);
	ck_assert_int_eq(eval("(|(noSuchAttr=x)(sn=smith))"), T);
	ck_assert_int_eq(eval("(|(sn=jones)(noSuchAttr=x))"), U);
	ck_assert_int_eq(eval("(|(sn=jones)(sn=brown))"), F);
	ck_assert_int_eq(eval("(!(sn=smith))"), F);
	ck_assert_int_eq(eval("(!(sn=jones))"), T);
	ck_assert_int_eq(eval("(!(noSuchAttr=x))"), U);
	ck_assert_int_eq(eval("(!(noSuchAttr=*))"), T);
	ck_assert_int_eq(eval("(!(!(noSuchAttr=x)))"), U);
	ck_assert_int_eq(eval("(&)"), T);
	ck_assert_int_eq(eval("(|)"), F);
	ck_assert_int_eq(eval("(!(&))"), F);
	ck_assert_int_eq(eval("(&(objectClass=person)(|(uid=*)(cn=bob*)))"),
	    T);
}

START_TEST(eval_without_schema)
{
	struct filter *f;
	const char *why;

	/* Parsed without a schema nothing resolves. */
	ck_assert_int_eq(filter_parse("(cn=Robert)", NULL, &f, &why), 0);
	ck_assert_ptr_null(f->f_at);
	ck_assert_int_eq(filter_eval(f, entry, schema), FILTER_UNDEFINED);
	filter_free(f);
	ck_assert_int_eq(filter_parse("(cn=*)", NULL, &f, &why), 0);
	ck_assert_int_eq(filter_eval(f, entry, schema), FILTER_FALSE);
	filter_free(f);
	filter_free(NULL);
}

static Suite *
filter_suite(void)
{
	Suite *s = suite_create("filter");
	TCase *tc;

	tc = tcase_create("ber");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, ber_every_choice);
	tcase_add_test(tc, ber_absolute_true_false);
	tcase_add_test(tc, ber_unknown_attribute_is_not_an_error);
	tcase_add_test(tc, ber_bad_tags);
	tcase_add_test(tc, ber_malformed_descriptions);
	tcase_add_test(tc, ber_bad_substrings_and_ext);
	tcase_add_test(tc, ber_truncated);
	tcase_add_test(tc, ber_limits);
	suite_add_tcase(s, tc);
	tc = tcase_create("string");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, string_forms);
	tcase_add_test(tc, string_escapes);
	tcase_add_test(tc, string_errors);
	tcase_add_test(tc, string_limits);
	suite_add_tcase(s, tc);
	tc = tcase_create("eval");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, eval_items);
	tcase_add_test(tc, eval_extensible);
	tcase_add_test(tc, eval_truth_tables);
	tcase_add_test(tc, eval_without_schema);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(filter_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
