/*
 * check_link_key.c - the shared key file and cipher names (link_key.c).
 */
#include "config.h"

#include <sys/stat.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "link.h"
#include "testdir.h"

static char err[512];

static void
setup(void)
{
	testdir_create("check_link_key");
}

START_TEST(generate_and_load)
{
	struct link_key k;
	struct stat st;
	const char *p;
	size_t sizes[2] = { 16, 32 };
	char buf[80];
	FILE *fp;
	int i;

	for (i = 0; i < 2; i++) {
		p = testdir_path(i == 0 ? "k16" : "k32");
		ck_assert_int_eq(link_key_generate(p, sizes[i], err,
		    sizeof(err)), 0);
		ck_assert_int_eq(stat(p, &st), 0);
		ck_assert_uint_eq(st.st_mode & 0777, 0600);
		fp = fopen(p, "r");
		ck_assert_ptr_nonnull(fgets(buf, sizeof(buf), fp));
		fclose(fp);
		ck_assert_uint_eq(strlen(buf), 2 * sizes[i] + 1);
		ck_assert_uint_eq(strspn(buf, "0123456789abcdef"),
		    2 * sizes[i]);
		ck_assert_int_eq(link_key_load(p, &k, err, sizeof(err)), 0);
		ck_assert_uint_eq(k.lk_len, sizes[i]);
		link_key_clear(&k);
		ck_assert_uint_eq(k.lk_len, 0);
	}
}
END_TEST

START_TEST(generate_refuses_overwrite)
{
	const char *p = testdir_write("exists", "keep me\n", 0600);
	char buf[32];
	FILE *fp;

	ck_assert_int_eq(link_key_generate(p, 16, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "already exists"));
	fp = fopen(p, "r");
	ck_assert_ptr_nonnull(fgets(buf, sizeof(buf), fp));
	fclose(fp);
	ck_assert_str_eq(buf, "keep me\n");
}
END_TEST

START_TEST(generate_refuses_bad_size)
{
	ck_assert_int_eq(link_key_generate(testdir_path("k"), 24, err,
	    sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "16 or 32"));
	ck_assert_int_eq(access(testdir_path("k"), F_OK), -1);
}
END_TEST

START_TEST(load_parses_hex)
{
	struct link_key k;
	const char *p;

	p = testdir_write("upper", "000102030405060708090A0B0C0D0E0F  \n\n",
	    0600);
	ck_assert_int_eq(link_key_load(p, &k, err, sizeof(err)), 0);
	ck_assert_uint_eq(k.lk_len, 16);
	ck_assert_uint_eq(k.lk_bytes[0], 0);
	ck_assert_uint_eq(k.lk_bytes[10], 0x0a);
	ck_assert_uint_eq(k.lk_bytes[15], 0x0f);
	p = testdir_write("nonl", "ff0102030405060708090a0b0c0d0e0f"
	    "101112131415161718191a1b1c1d1e1f", 0600);
	ck_assert_int_eq(link_key_load(p, &k, err, sizeof(err)), 0);
	ck_assert_uint_eq(k.lk_len, 32);
	ck_assert_uint_eq(k.lk_bytes[0], 0xff);
	ck_assert_uint_eq(k.lk_bytes[31], 0x1f);
}
END_TEST

START_TEST(load_refuses_open_permissions)
{
	struct link_key k;
	const char *p;

	p = testdir_write("grp", "000102030405060708090a0b0c0d0e0f\n", 0640);
	ck_assert_int_eq(link_key_load(p, &k, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "chmod 600"));
	p = testdir_write("oth", "000102030405060708090a0b0c0d0e0f\n", 0604);
	ck_assert_int_eq(link_key_load(p, &k, err, sizeof(err)), -1);
	ck_assert_int_eq(link_key_load(testdir_path("missing"), &k, err,
	    sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "No such file"));
}
END_TEST

START_TEST(load_refuses_bad_hex)
{
	struct link_key k;
	const char *p;

	p = testdir_write("bad", "00010203040506070809xa0b0c0d0e0f\n", 0600);
	ck_assert_int_eq(link_key_load(p, &k, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "not a hex digit"));
	p = testdir_write("inner", "00010203040506070809 a0b0c0d0e0f0\n", 0600);
	ck_assert_int_eq(link_key_load(p, &k, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "not a hex digit"));
}
END_TEST

START_TEST(load_refuses_wrong_length)
{
	struct link_key k;
	const char *p;

	p = testdir_write("short", "0001020304050607\n", 0600);
	ck_assert_int_eq(link_key_load(p, &k, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "holds 16 hex digits"));
	p = testdir_write("mid", "000102030405060708090a0b0c0d0e0f00\n", 0600);
	ck_assert_int_eq(link_key_load(p, &k, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "holds 34 hex digits"));
	p = testdir_write("empty", "", 0600);
	ck_assert_int_eq(link_key_load(p, &k, err, sizeof(err)), -1);
	ck_assert_uint_eq(k.lk_len, 0);
}
END_TEST

START_TEST(cipher_names)
{
	enum link_cipher c;

	ck_assert_int_eq(link_cipher_parse("aes-128-gcm", &c), 0);
	ck_assert_int_eq(c, LINK_CIPHER_AES128_GCM);
	ck_assert_str_eq(link_cipher_name(c), "aes-128-gcm");
	ck_assert_int_eq(link_cipher_parse("aes-256-gcm", &c), 0);
	ck_assert_int_eq(c, LINK_CIPHER_AES256_GCM);
	ck_assert_str_eq(link_cipher_name(c), "aes-256-gcm");
	ck_assert_int_eq(link_cipher_parse("des", &c), -1);
	ck_assert_int_eq(link_cipher_parse("AES-128-GCM", &c), -1);
}
END_TEST

/* sha256sum of the key's bytes, first 8 hex digits (the README's check). */
START_TEST(key_ids)
{
	struct link_key k;
	unsigned char id[LINK_KEY_ID_LEN];
	char text[LINK_KEY_ID_TEXT];
	size_t i;

	memset(&k, 0, sizeof(k));
	for (i = 0; i < 32; i++)
		k.lk_bytes[i] = (unsigned char)i;
	k.lk_len = 16;
	link_key_id_text(&k, text);
	ck_assert_str_eq(text, "be45cb26");
	link_key_id(&k, id);
	ck_assert_uint_eq(id[0], 0xbe);
	ck_assert_uint_eq(id[3], 0x26);
	k.lk_len = 32;
	link_key_id_text(&k, text);
	ck_assert_str_eq(text, "630dcd29");
	k.lk_bytes[31] ^= 1;
	link_key_id_text(&k, text);
	ck_assert_str_ne(text, "630dcd29");
}
END_TEST

static Suite *
link_key_suite(void)
{
	Suite *s = suite_create("link_key");
	TCase *tc;

	tc = tcase_create("generate");
	tcase_add_checked_fixture(tc, setup, testdir_remove);
	tcase_add_test(tc, generate_and_load);
	tcase_add_test(tc, generate_refuses_overwrite);
	tcase_add_test(tc, generate_refuses_bad_size);
	suite_add_tcase(s, tc);
	tc = tcase_create("load");
	tcase_add_checked_fixture(tc, setup, testdir_remove);
	tcase_add_test(tc, load_parses_hex);
	tcase_add_test(tc, load_refuses_open_permissions);
	tcase_add_test(tc, load_refuses_bad_hex);
	tcase_add_test(tc, load_refuses_wrong_length);
	suite_add_tcase(s, tc);
	tc = tcase_create("cipher");
	tcase_add_test(tc, cipher_names);
	tcase_add_test(tc, key_ids);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(link_key_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
