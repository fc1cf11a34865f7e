/*
 * check_ratelog.c - one log line per interval for a repeated event: the
 * first is written, the ones within the interval are left out and
 * counted, and the next line written says how many were.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>

#include "gateway/ratelog.h"

START_TEST(first_line_is_written)
{
	struct ratelog rl = { 0, 0 };
	unsigned long dropped = 99;

	ck_assert_int_eq(ratelog_allow(&rl, 1000, &dropped), 1);
	ck_assert_uint_eq(dropped, 0);
}
END_TEST

START_TEST(lines_within_the_interval_are_counted)
{
	struct ratelog rl = { 0, 0 };
	unsigned long dropped = 0;
	int i;

	ck_assert_int_eq(ratelog_allow(&rl, 1000, &dropped), 1);
	for (i = 0; i < 500; i++)
		ck_assert_int_eq(ratelog_allow(&rl, 1000 +
		    i % RATELOG_INTERVAL, &dropped), 0);
	ck_assert_int_eq(ratelog_allow(&rl, 1000 + RATELOG_INTERVAL,
	    &dropped), 1);
	ck_assert_uint_eq(dropped, 500);
	/* The count starts again after a line. */
	ck_assert_int_eq(ratelog_allow(&rl, 1000 + RATELOG_INTERVAL, &dropped),
	    0);
	ck_assert_int_eq(ratelog_allow(&rl, 1000 + 3 * RATELOG_INTERVAL,
	    &dropped), 1);
	ck_assert_uint_eq(dropped, 1);
}
END_TEST

/* Long after the interval, the next line is written at once. */
START_TEST(quiet_after_the_interval)
{
	struct ratelog rl = { 0, 0 };
	unsigned long dropped = 0;

	ck_assert_int_eq(ratelog_allow(&rl, 1000, &dropped), 1);
	ck_assert_int_eq(ratelog_allow(&rl, 1000 + RATELOG_INTERVAL - 1,
	    &dropped), 0);
	ck_assert_int_eq(ratelog_allow(&rl, 5000, &dropped), 1);
	ck_assert_uint_eq(dropped, 1);
}
END_TEST

static Suite *
ratelog_suite(void)
{
	Suite *s = suite_create("ratelog");
	TCase *tc = tcase_create("allow");

	tcase_add_test(tc, first_line_is_written);
	tcase_add_test(tc, lines_within_the_interval_are_counted);
	tcase_add_test(tc, quiet_after_the_interval);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(ratelog_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
