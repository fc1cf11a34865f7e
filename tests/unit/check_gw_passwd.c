/*
 * check_gw_passwd.c - the admin password hashes: they verify the right
 * password only, are salted, match the published PBKDF2-HMAC-SHA256
 * vectors (so slapd's pw-pbkdf2 lines verify), and anything that is not
 * exactly our layout is refused rather than half-understood.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "gateway/gw.h"

#define PW(s)	(s), strlen(s)

/* RFC 7914 section 11 / RFC 6070 style vector: P, S as below, c=4096. */
#define KAT_SALT	"c2FsdFNBTFRzYWx0U0FMVHNhbHRTQUxUc2FsdFNBTFRzYWx0"
#define KAT_DK		"NIyJ28vTKy8y2BS4EW6EzysXNH68GAAYHE4qH7jdU+E="
#define KAT_HASH	"{PBKDF2-SHA256}4096$" KAT_SALT "$" KAT_DK
#define KAT_PASSWORD	"passwordPASSWORDpassword"

START_TEST(hash_then_verify)
{
	char *h;

	h = gw_passwd_hash(PW("s3cret pass"));
	ck_assert_ptr_nonnull(h);
	ck_assert_int_eq(strncmp(h, "{PBKDF2-SHA256}100000$", 22), 0);
	ck_assert_int_eq(gw_passwd_hash_is_valid(h), 1);
	ck_assert_int_eq(gw_passwd_verify(h, PW("s3cret pass")), 1);
	ck_assert_int_eq(gw_passwd_verify(h, PW("s3cret pasS")), 0);
	ck_assert_int_eq(gw_passwd_verify(h, PW("s3cret pas")), 0);
	/* The length is the password's: no NUL truncation. */
	ck_assert_int_eq(gw_passwd_verify(h, "s3cret pass\0x", 13), 0);
	free(h);
}
END_TEST

START_TEST(salted)
{
	char *a, *b;

	a = gw_passwd_hash(PW("same"));
	b = gw_passwd_hash(PW("same"));
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_str_ne(a, b);
	/* Salt and key both differ, not just one field. */
	ck_assert_str_ne(strrchr(a, '$'), strrchr(b, '$'));
	free(a);
	free(b);
}
END_TEST

START_TEST(known_answer)
{
	ck_assert_int_eq(gw_passwd_hash_is_valid(KAT_HASH), 1);
	ck_assert_int_eq(gw_passwd_verify(KAT_HASH, PW(KAT_PASSWORD)), 1);
	ck_assert_int_eq(gw_passwd_verify(KAT_HASH, PW("password")), 0);
	/* The scheme name is case-insensitive, as in slapd. */
	ck_assert_int_eq(gw_passwd_verify("{pbkdf2-sha256}4096$" KAT_SALT
	    "$" KAT_DK, PW(KAT_PASSWORD)), 1);
}
END_TEST

/* slapd's pw-pbkdf2 writes '.' for '+' and leaves out the padding. */
START_TEST(slapd_adapted_base64)
{
	ck_assert_int_eq(gw_passwd_verify("{PBKDF2-SHA256}4096$" KAT_SALT
	    "$NIyJ28vTKy8y2BS4EW6EzysXNH68GAAYHE4qH7jdU.E",
	    PW(KAT_PASSWORD)), 1);
}
END_TEST

static const char *malformed[] = {
	"",
	"{PBKDF2-SHA256}",
	"{PBKDF2-SHA256}4096",
	"{PBKDF2-SHA256}4096$",
	"{PBKDF2-SHA256}4096$" KAT_SALT,
	"{PBKDF2-SHA256}4096$" KAT_SALT "$",
	"{PBKDF2-SHA256}$" KAT_SALT "$" KAT_DK,
	"{PBKDF2-SHA256}4096$$" KAT_DK,
	/* bad base64: characters, padding in the middle */
	"{PBKDF2-SHA256}4096$" KAT_SALT "$NIyJ28vTKy8y2BS4EW6E*ysXNH68GAA"
	    "YHE4qH7jdU+E=",
	"{PBKDF2-SHA256}4096$c2Fsd!NBTFRz$" KAT_DK,
	"{PBKDF2-SHA256}4096$" KAT_SALT "$NIyJ28vTKy8y2BS4=W6EzysXNH68GAAY"
	    "HE4qH7jdU+E=",
	"{PBKDF2-SHA256}4096$" KAT_SALT "$" KAT_DK "$extra",
	/* the key is not 32 bytes */
	"{PBKDF2-SHA256}4096$" KAT_SALT "$NIyJ28vTKy8y2BS4EW6EzysXNH68GAAY"
	    "HE4qH7jd",
	"{PBKDF2-SHA256}4096$" KAT_SALT "$" KAT_DK "AAAA",
	/* a salt too short to be a salt */
	"{PBKDF2-SHA256}4096$c2FsdA==$" KAT_DK,
	/* iterations out of range or not decimal */
	"{PBKDF2-SHA256}999$" KAT_SALT "$" KAT_DK,
	"{PBKDF2-SHA256}10000001$" KAT_SALT "$" KAT_DK,
	"{PBKDF2-SHA256}99999999999999999999$" KAT_SALT "$" KAT_DK,
	"{PBKDF2-SHA256}-4096$" KAT_SALT "$" KAT_DK,
	"{PBKDF2-SHA256} 4096$" KAT_SALT "$" KAT_DK,
	"{PBKDF2-SHA256}0x1000$" KAT_SALT "$" KAT_DK,
	/* other schemes, or none */
	"{PBKDF2-SHA512}4096$" KAT_SALT "$" KAT_DK,
	"{PBKDF2}4096$" KAT_SALT "$" KAT_DK,
	"{SSHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=",
	"{CLEARTEXT}" KAT_PASSWORD,
	KAT_PASSWORD,
	"4096$" KAT_SALT "$" KAT_DK,
};

START_TEST(malformed_refused)
{
	const char *h = malformed[_i];

	ck_assert_msg(gw_passwd_hash_is_valid(h) == 0, "accepted %s", h);
	ck_assert_msg(gw_passwd_verify(h, PW(KAT_PASSWORD)) == 0,
	    "verified %s", h);
}
END_TEST

START_TEST(empty_input)
{
	ck_assert_ptr_null(gw_passwd_hash("", 0));
	ck_assert_ptr_null(gw_passwd_hash(NULL, 0));
	ck_assert_int_eq(gw_passwd_hash_is_valid(NULL), 0);
	ck_assert_int_eq(gw_passwd_verify(NULL, PW(KAT_PASSWORD)), 0);
	ck_assert_int_eq(gw_passwd_verify("", "", 0), 0);
	/* An empty password never authenticates, whatever the hash. */
	ck_assert_int_eq(gw_passwd_verify(KAT_HASH, "", 0), 0);
	ck_assert_int_eq(gw_passwd_verify(KAT_HASH, NULL, 0), 0);
}
END_TEST

static Suite *
gw_passwd_suite(void)
{
	Suite *s = suite_create("gw_passwd");
	TCase *tc;

	tc = tcase_create("hash");
	tcase_set_timeout(tc, 120);	/* 100000 rounds under valgrind */
	tcase_add_test(tc, hash_then_verify);
	tcase_add_test(tc, salted);
	suite_add_tcase(s, tc);
	tc = tcase_create("verify");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, known_answer);
	tcase_add_test(tc, slapd_adapted_base64);
	suite_add_tcase(s, tc);
	tc = tcase_create("refuse");
	tcase_add_loop_test(tc, malformed_refused, 0,
	    sizeof(malformed) / sizeof(malformed[0]));
	tcase_add_test(tc, empty_input);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(gw_passwd_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
