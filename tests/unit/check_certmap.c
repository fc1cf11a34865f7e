/*
 * check_certmap.c - cert-map rules: the first matching rule wins, $n
 * substitutes captured groups, and a hostile subject (commas, plus
 * signs, quotes, backslashes, hex escapes, NUL escapes, very long
 * values) always stays inside the one attribute value it was put in.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "gateway/certmap.h"

static struct certmap *cm;

static void
setup(void)
{
	char err[256];

	cm = certmap_new();
	ck_assert_int_eq(certmap_add(cm, "^CN=admin,O=Example$",
	    "cn=esmadmin,dc=racf,dc=com", err, sizeof(err)), 0);
	ck_assert_int_eq(certmap_add(cm, "^CN=(.+),OU=People,O=Example$",
	    "uid=$1,ou=People,dc=racf,dc=com", err, sizeof(err)), 0);
	ck_assert_int_eq(certmap_add(cm, "^CN=(.*),OU=(.*),O=Other$",
	    "cn=$2 $1 $$5,dc=x", err, sizeof(err)), 0);
}

static void
teardown(void)
{
	certmap_free(cm);
}

/* The DN subject maps to, or NULL; rule gets the rule's number. */
static char *
map(const char *subject, size_t *rule)
{
	char why[200], *dn = NULL;
	int rc;

	rc = certmap_apply(cm, subject, &dn, rule, why, sizeof(why));
	ck_assert(rc == 1 ? dn != NULL : dn == NULL);
	return dn;
}

static void
maps_to(const char *subject, const char *want)
{
	size_t rule;
	char *dn = map(subject, &rule);

	ck_assert_ptr_nonnull(dn);
	ck_assert_str_eq(dn, want);
	free(dn);
}

START_TEST(first_rule_wins)
{
	size_t rule = 0;
	char err[256], *dn;

	ck_assert_ptr_null(map("CN=eve,OU=Contractors,O=Example", NULL));
	/* A last rule that matches every subject the others match too. */
	ck_assert_int_eq(certmap_add(cm, "^CN=(.+)$", "cn=$1,dc=others",
	    err, sizeof(err)), 0);
	maps_to("CN=admin,O=Example", "cn=esmadmin,dc=racf,dc=com");
	/* case-insensitive */
	maps_to("cn=Alice,ou=people,o=EXAMPLE",
	    "uid=Alice,ou=People,dc=racf,dc=com");
	dn = map("CN=alice,OU=People,O=Example", &rule);
	ck_assert_uint_eq(rule, 2);
	free(dn);
	/* two groups, in another order, and a literal $ */
	maps_to("CN=a,OU=b,O=Other", "cn=b a $5,dc=x");
	/* Only what no earlier rule maps falls to the last one. */
	dn = map("CN=eve,OU=Contractors,O=Example", &rule);
	ck_assert_uint_eq(rule, 4);
	ck_assert_str_eq(dn, "cn=eve\\,OU=Contractors\\,O=Example,dc=others");
	free(dn);
}
END_TEST

START_TEST(hostile_values_stay_one_value)
{
	/* An escaped comma and plus: still one value, escaped again. */
	maps_to("CN=x\\,ou=Groups\\+uid=ALICE,OU=People,O=Example",
	    "uid=x\\,ou=Groups\\+uid=ALICE,ou=People,dc=racf,dc=com");
	/* Quotes, semicolons, angle brackets and a backslash. */
	maps_to("CN=a\\\"b\\;c\\<d\\>e\\\\f,OU=People,O=Example",
	    "uid=a\\\"b\\;c\\<d\\>e\\\\f,ou=People,dc=racf,dc=com");
	/* Hex escapes read as bytes: \2C is a comma. */
	maps_to("CN=a\\2Cb,OU=People,O=Example",
	    "uid=a\\,b,ou=People,dc=racf,dc=com");
	/* A leading # or space, a trailing space. */
	maps_to("CN=\\#x\\20,OU=People,O=Example",
	    "uid=\\#x\\ ,ou=People,dc=racf,dc=com");
	/* A control character comes back as \xx, never raw. */
	maps_to("CN=a\\0Ab,OU=People,O=Example",
	    "uid=a\\0ab,ou=People,dc=racf,dc=com");
	/* The (.+) group can swallow RDNs: they stay inside the value. */
	maps_to("CN=x,OU=People,O=Example,OU=People,O=Example",
	    "uid=x\\,OU=People\\,O=Example,ou=People,dc=racf,dc=com");
}
END_TEST

START_TEST(broken_values_refused)
{
	char why[200], *dn;

	/* A NUL escape, a half hex pair, a lone backslash at the end. */
	ck_assert_int_eq(certmap_apply(cm, "CN=a\\00b,OU=People,O=Example",
	    &dn, NULL, why, sizeof(why)), -1);
	ck_assert_ptr_null(dn);
	ck_assert_ptr_nonnull(strstr(why, "NUL"));
	ck_assert_int_eq(certmap_apply(cm, "CN=a\\4,OU=People,O=Example",
	    &dn, NULL, why, sizeof(why)), -1);
	ck_assert_int_eq(certmap_apply(cm, "CN=a\\,OU=People,O=Example",
	    &dn, NULL, why, sizeof(why)), -1);
}
END_TEST

START_TEST(very_long_subject)
{
	char *subject, why[200], *dn;
	size_t i, n = 3000;

	/* 3000 commas escape to 6000 bytes: more than a DN may be. */
	subject = malloc(n * 2 + 64);
	strcpy(subject, "CN=");
	memset(subject + 3, 0, n * 2 + 1);
	for (i = 0; i < n; i++)
		memcpy(subject + 3 + 2 * i, "\\,", 2);
	strcat(subject, ",OU=People,O=Example");
	ck_assert_int_eq(certmap_apply(cm, subject, &dn, NULL, why,
	    sizeof(why)), -1);
	ck_assert_ptr_null(dn);
	ck_assert_ptr_nonnull(strstr(why, "longer than"));
	free(subject);
}
END_TEST

START_TEST(bad_rules_refused)
{
	char err[256];

	ck_assert_int_eq(certmap_add(cm, "^CN=(", "x", err, sizeof(err)),
	    -1);
	ck_assert_ptr_nonnull(strstr(err, "does not compile"));
	ck_assert_int_eq(certmap_add(cm, "^CN=(x)$", "uid=$2", err,
	    sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "uses $2 but the regex captures "
	    "1 group"));
	ck_assert_int_eq(certmap_add(cm, "^CN=(x)$", "uid=$x", err,
	    sizeof(err)), -1);
	ck_assert_int_eq(certmap_add(cm, "^CN=(x)$", "uid=$", err,
	    sizeof(err)), -1);
	ck_assert_uint_eq(certmap_count(cm), 3);
}
END_TEST

START_TEST(unescape)
{
	char out[32];
	size_t n;

	ck_assert_int_eq(certmap_unescape("a\\,b\\2c\\\\", 9, out, &n), 0);
	ck_assert_uint_eq(n, 5);
	ck_assert_int_eq(memcmp(out, "a,b,\\", 5), 0);
	ck_assert_int_eq(certmap_unescape("a\\00", 4, out, &n), -1);
	ck_assert_int_eq(certmap_unescape("a\0b", 3, out, &n), -1);
	ck_assert_int_eq(certmap_unescape("a\\", 2, out, &n), -1);
	ck_assert_int_eq(certmap_unescape("\\4g", 3, out, &n), -1);
	/* RFC 4514 escapes only specials, space, #, = and hex pairs. */
	ck_assert_int_eq(certmap_unescape("\\ \\#\\=\\+\\;\\<\\>\\\"", 16,
	    out, &n), 0);
	ck_assert_uint_eq(n, 8);
	ck_assert_int_eq(memcmp(out, " #=+;<>\"", 8), 0);
	ck_assert_int_eq(certmap_unescape("a\\zb", 4, out, &n), -1);
	ck_assert_int_eq(certmap_unescape("a\\Gb", 4, out, &n), -1);
	ck_assert_int_eq(certmap_unescape("a\\\n", 3, out, &n), -1);
	ck_assert_int_eq(certmap_unescape("a\\\0b", 4, out, &n), -1);
}
END_TEST

static Suite *
certmap_suite(void)
{
	Suite *s = suite_create("certmap");
	TCase *tc = tcase_create("map");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, first_rule_wins);
	tcase_add_test(tc, hostile_values_stay_one_value);
	tcase_add_test(tc, broken_values_refused);
	tcase_add_test(tc, very_long_subject);
	tcase_add_test(tc, bad_rules_refused);
	tcase_add_test(tc, unescape);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(certmap_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
