/*
 * check_bindlimit.c - the failed-bind table: a key is blocked after N
 * failures within its window and free again when the window ends,
 * keys do not share counts, a success forgets a key, and however many
 * keys come the table keeps its size (evicting the oldest window).
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include "gateway/bindlimit.h"

START_TEST(window)
{
	struct bindlimit *bl = bindlimit_new(3, 60, 16);
	time_t t = 1000;

	ck_assert_uint_eq(bindlimit_blocked(bl, "addr 10.0.0.1", t), 0);
	ck_assert_int_eq(bindlimit_fail(bl, "addr 10.0.0.1", t), 0);
	ck_assert_int_eq(bindlimit_fail(bl, "addr 10.0.0.1", t + 10), 0);
	ck_assert_uint_eq(bindlimit_blocked(bl, "addr 10.0.0.1", t + 10), 0);
	/* the third failure reaches the limit, and says so once */
	ck_assert_int_eq(bindlimit_fail(bl, "addr 10.0.0.1", t + 20), 1);
	ck_assert_int_eq(bindlimit_fail(bl, "addr 10.0.0.1", t + 21), 0);
	/* blocked until the window that began at t ends */
	ck_assert_uint_eq(bindlimit_blocked(bl, "addr 10.0.0.1", t + 20), 40);
	ck_assert_uint_eq(bindlimit_blocked(bl, "addr 10.0.0.1", t + 59), 1);
	ck_assert_uint_eq(bindlimit_blocked(bl, "addr 10.0.0.1", t + 60), 0);
	/* another key was never counted */
	ck_assert_uint_eq(bindlimit_blocked(bl, "addr 10.0.0.2", t + 20), 0);
	/* failures spread over more than a window never block */
	ck_assert_int_eq(bindlimit_fail(bl, "dn uid=x", t), 0);
	ck_assert_int_eq(bindlimit_fail(bl, "dn uid=x", t + 30), 0);
	ck_assert_int_eq(bindlimit_fail(bl, "dn uid=x", t + 61), 0);
	ck_assert_uint_eq(bindlimit_blocked(bl, "dn uid=x", t + 61), 0);
	bindlimit_free(bl);
}
END_TEST

START_TEST(forget)
{
	struct bindlimit *bl = bindlimit_new(2, 60, 16);

	bindlimit_fail(bl, "dn uid=a", 100);
	bindlimit_fail(bl, "dn uid=b", 100);
	ck_assert_int_eq(bindlimit_fail(bl, "dn uid=a", 101), 1);
	ck_assert_uint_gt(bindlimit_blocked(bl, "dn uid=a", 101), 0);
	bindlimit_forget(bl, "dn uid=a");
	ck_assert_uint_eq(bindlimit_blocked(bl, "dn uid=a", 101), 0);
	/* b's count stays: its second failure blocks it */
	ck_assert_int_eq(bindlimit_fail(bl, "dn uid=b", 102), 1);
	bindlimit_free(bl);
}
END_TEST

START_TEST(bounded)
{
	struct bindlimit *bl = bindlimit_new(2, 60, 4);
	char key[64];
	int i;

	/* A victim blocked first, then a flood of new keys. */
	bindlimit_fail(bl, "addr victim", 100);
	bindlimit_fail(bl, "addr victim", 100);
	for (i = 0; i < 100000; i++) {
		snprintf(key, sizeof(key), "addr 10.%d.%d.%d", i >> 16,
		    (i >> 8) & 255, i & 255);
		bindlimit_fail(bl, key, 101 + i / 10000);
	}
	ck_assert_uint_eq(bindlimit_capacity(bl), 4 * BINDLIMIT_WAYS);
	ck_assert_uint_le(bindlimit_used(bl, 111), bindlimit_capacity(bl));
	/* The oldest window went first: the victim's record is gone, the
	   newest keys are kept. */
	ck_assert_uint_eq(bindlimit_blocked(bl, "addr victim", 111), 0);
	ck_assert_int_eq(bindlimit_fail(bl, "addr 10.1.134.159", 111), 1);
	/* Expired slots are reused before anything is evicted. */
	ck_assert_uint_eq(bindlimit_used(bl, 1000), 0);
	bindlimit_free(bl);
}
END_TEST

START_TEST(off)
{
	struct bindlimit *bl = bindlimit_new(0, 60, 4);

	ck_assert_int_eq(bindlimit_fail(bl, "addr x", 1), 0);
	ck_assert_int_eq(bindlimit_fail(bl, "addr x", 1), 0);
	ck_assert_uint_eq(bindlimit_blocked(bl, "addr x", 1), 0);
	bindlimit_free(bl);
	bindlimit_free(NULL);
	ck_assert_uint_eq(bindlimit_blocked(NULL, "addr x", 1), 0);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("bindlimit");
	TCase *tc = tcase_create("limit");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, window);
	tcase_add_test(tc, forget);
	tcase_add_test(tc, bounded);
	tcase_add_test(tc, off);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
