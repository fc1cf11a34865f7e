/*
 * check_bindlimit.c - the failed-bind table: a key is blocked after its
 * limit of failures within its window (keys of one table have limits of
 * their own) and free again when the window ends, keys do not share
 * counts, a success forgets a key, and however many keys come the table
 * keeps its size: expired slots are taken first, then unblocked ones, a
 * blocked one only when its whole set is.
 */
#include "config.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "gateway/bindlimit.h"

/* Keys are the same for the same kind and text, else not; never 0. */
START_TEST(keys)
{
	struct bindlimit *bl = bindlimit_new(60, 16);
	struct bindlimit *other = bindlimit_new(60, 16);

	ck_assert_uint_eq(bindlimit_key(bl, "addr", "10.0.0.1"),
	    bindlimit_key(bl, "addr", "10.0.0.1"));
	ck_assert_uint_ne(bindlimit_key(bl, "addr", "10.0.0.1"),
	    bindlimit_key(bl, "dn", "10.0.0.1"));
	ck_assert_uint_ne(bindlimit_key(bl, "addr", "10.0.0.1"),
	    bindlimit_key(bl, "addr", "10.0.0.2"));
	ck_assert_uint_ne(bindlimit_key(bl, "addr", ""), 0);
	/* Another table has another secret. */
	ck_assert_uint_ne(bindlimit_key(bl, "addr", "10.0.0.1"),
	    bindlimit_key(other, "addr", "10.0.0.1"));
	bindlimit_free(other);
	bindlimit_free(bl);
	bindlimit_free(NULL);
}
END_TEST

START_TEST(window)
{
	struct bindlimit *bl = bindlimit_new(60, 16);
	uint64_t a = bindlimit_key(bl, "addr", "10.0.0.1");
	uint64_t b = bindlimit_key(bl, "addr", "10.0.0.2");
	uint64_t x = bindlimit_key(bl, "dn", "uid=x");
	time_t t = 1000;

	ck_assert_uint_eq(bindlimit_blocked(bl, a, t), 0);
	ck_assert_int_eq(bindlimit_fail(bl, a, 3, t), 0);
	ck_assert_int_eq(bindlimit_fail(bl, a, 3, t + 10), 0);
	ck_assert_uint_eq(bindlimit_blocked(bl, a, t + 10), 0);
	/* the third failure reaches the limit, and says so once */
	ck_assert_int_eq(bindlimit_fail(bl, a, 3, t + 20), 1);
	ck_assert_int_eq(bindlimit_fail(bl, a, 3, t + 21), 0);
	/* blocked until the window that began at t ends */
	ck_assert_uint_eq(bindlimit_blocked(bl, a, t + 20), 40);
	ck_assert_uint_eq(bindlimit_blocked(bl, a, t + 59), 1);
	ck_assert_uint_eq(bindlimit_blocked(bl, a, t + 60), 0);
	/* another key was never counted */
	ck_assert_uint_eq(bindlimit_blocked(bl, b, t + 20), 0);
	/* failures spread over more than a window never block */
	ck_assert_int_eq(bindlimit_fail(bl, x, 3, t), 0);
	ck_assert_int_eq(bindlimit_fail(bl, x, 3, t + 30), 0);
	ck_assert_int_eq(bindlimit_fail(bl, x, 3, t + 61), 0);
	ck_assert_uint_eq(bindlimit_blocked(bl, x, t + 61), 0);
	bindlimit_free(bl);
}
END_TEST

/* An address may fail 4 times and a DN twice, in the same table. */
START_TEST(limits)
{
	struct bindlimit *bl = bindlimit_new(60, 16);
	uint64_t addr = bindlimit_key(bl, "addr", "10.0.0.1");
	uint64_t dn = bindlimit_key(bl, "dn", "uid=a");
	int i;

	for (i = 0; i < 3; i++)
		ck_assert_int_eq(bindlimit_fail(bl, addr, 4, 100), 0);
	ck_assert_int_eq(bindlimit_fail(bl, dn, 2, 100), 0);
	ck_assert_int_eq(bindlimit_fail(bl, dn, 2, 100), 1);
	ck_assert_uint_eq(bindlimit_blocked(bl, addr, 100), 0);
	ck_assert_int_eq(bindlimit_fail(bl, addr, 4, 100), 1);
	ck_assert_uint_eq(bindlimit_blocked(bl, addr, 100), 60);
	bindlimit_free(bl);
}
END_TEST

START_TEST(forget)
{
	struct bindlimit *bl = bindlimit_new(60, 16);
	uint64_t a = bindlimit_key(bl, "dn", "uid=a");
	uint64_t b = bindlimit_key(bl, "dn", "uid=b");

	bindlimit_fail(bl, a, 2, 100);
	bindlimit_fail(bl, b, 2, 100);
	ck_assert_int_eq(bindlimit_fail(bl, a, 2, 101), 1);
	ck_assert_uint_gt(bindlimit_blocked(bl, a, 101), 0);
	bindlimit_forget(bl, a);
	ck_assert_uint_eq(bindlimit_blocked(bl, a, 101), 0);
	/* a's slot is free again: only b's is used */
	ck_assert_uint_eq(bindlimit_used(bl, 101), 1);
	/* b's count stays: its second failure blocks it */
	ck_assert_int_eq(bindlimit_fail(bl, b, 2, 102), 1);
	bindlimit_free(bl);
}
END_TEST

/* The key of flood address number i, 10.x.y.z. */
static uint64_t
flood_key(const struct bindlimit *bl, int i)
{
	char addr[32];

	snprintf(addr, sizeof(addr), "10.%d.%d.%d", i >> 16, (i >> 8) & 255,
	    i & 255);
	return bindlimit_key(bl, "addr", addr);
}

START_TEST(bounded)
{
	struct bindlimit *bl = bindlimit_new(60, 4);
	int i;

	for (i = 0; i < 100000; i++)
		bindlimit_fail(bl, flood_key(bl, i), 2, 101 + i / 10000);
	/* Every slot holds a live key, the newest ones are kept ... */
	ck_assert_uint_eq(bindlimit_used(bl, 110), bindlimit_capacity(bl));
	ck_assert_int_eq(bindlimit_fail(bl, flood_key(bl, 99999), 2, 111), 1);
	/* ... and none of them once its window has ended. */
	ck_assert_uint_eq(bindlimit_used(bl, 171), 0);
	bindlimit_free(bl);
}
END_TEST

/*
 * A blocked key keeps its slot however many other keys come to its set
 * (one set here): the unblocked ones make room for them.
 */
START_TEST(blocked_survives_flood)
{
	struct bindlimit *bl = bindlimit_new(60, 1);
	uint64_t victim = bindlimit_key(bl, "addr", "victim");
	int i;

	bindlimit_fail(bl, victim, 2, 100);
	ck_assert_int_eq(bindlimit_fail(bl, victim, 2, 100), 1);
	for (i = 0; i < 100000; i++)
		bindlimit_fail(bl, flood_key(bl, i), 2, 101 + i / 10000);
	ck_assert_uint_eq(bindlimit_blocked(bl, victim, 111), 49);
	/* The newest key got a slot too: its second failure blocks it. */
	ck_assert_int_eq(bindlimit_fail(bl, flood_key(bl, 99999), 2, 111), 1);
	bindlimit_free(bl);
}
END_TEST

/*
 * A slot whose window ended is taken before a live one is evicted, even
 * when it was blocked; a live blocked one goes only when every slot of
 * the set is blocked, the one whose block ends first.
 */
START_TEST(eviction_order)
{
	struct bindlimit *bl = bindlimit_new(60, 1);
	uint64_t old = bindlimit_key(bl, "addr", "old");
	uint64_t new = bindlimit_key(bl, "addr", "new");
	uint64_t next = bindlimit_key(bl, "addr", "next");
	uint64_t last = bindlimit_key(bl, "addr", "last");
	int i;

	bindlimit_fail(bl, old, 2, 40);
	bindlimit_fail(bl, old, 2, 40);
	for (i = 0; i < BINDLIMIT_WAYS - 1; i++)
		bindlimit_fail(bl, flood_key(bl, i), 2, 100 + i);
	/* At 110 the blocked "old" has expired: "new" takes its slot. */
	bindlimit_fail(bl, new, 2, 110);
	for (i = 0; i < BINDLIMIT_WAYS - 1; i++)
		ck_assert_int_eq(bindlimit_fail(bl, flood_key(bl, i), 2, 111),
		    1);
	ck_assert_uint_eq(bindlimit_blocked(bl, old, 111), 0);
	/* Every slot but "new" is blocked: "new" makes room. */
	bindlimit_fail(bl, next, 2, 112);
	for (i = 0; i < BINDLIMIT_WAYS - 1; i++)
		ck_assert_uint_gt(bindlimit_blocked(bl, flood_key(bl, i), 112),
		    0);
	ck_assert_int_eq(bindlimit_fail(bl, next, 2, 112), 1);
	/* All blocked: the block that ends first goes, the others stay. */
	bindlimit_fail(bl, last, 2, 113);
	ck_assert_uint_eq(bindlimit_blocked(bl, flood_key(bl, 0), 113), 0);
	ck_assert_uint_eq(bindlimit_blocked(bl, flood_key(bl, 1), 113), 48);
	ck_assert_uint_eq(bindlimit_blocked(bl, next, 113), 59);
	bindlimit_free(bl);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("bindlimit");
	TCase *tc = tcase_create("limit");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, keys);
	tcase_add_test(tc, window);
	tcase_add_test(tc, limits);
	tcase_add_test(tc, forget);
	tcase_add_test(tc, bounded);
	tcase_add_test(tc, blocked_survives_flood);
	tcase_add_test(tc, eviction_order);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
