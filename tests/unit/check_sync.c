/*
 * check_sync.c - content synchronization's pieces: cookies as OpenLDAP
 * consumers keep them and what change they name, the entries' syncUUIDs,
 * and the Sync Request, Sync State, Sync Done and Sync Info values.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <lber.h>
#include <ldap.h>

#include "gateway/pdu.h"
#include "gateway/sync.h"

static struct berval
bv(const char *s)
{
	struct berval b;

	b.bv_val = (char *)s;
	b.bv_len = strlen(s);
	return b;
}

START_TEST(cookie_round_trip)
{
	static const uint64_t numbers[] = { 0, 1, 999999, 1000000, 4294967297ULL,
	    123456789012ULL };
	char buf[SYNC_COOKIE_MAX];
	struct berval b;
	uint64_t n;
	size_t i;
	int rid, has;

	for (i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
		sync_cookie_format(7, numbers[i], buf, sizeof(buf));
		b = bv(buf);
		ck_assert_int_eq(sync_cookie_parse(&b, &rid, &n, &has), 0);
		ck_assert_int_eq(rid, 7);
		ck_assert_int_eq(has, 1);
		ck_assert_uint_eq(n, numbers[i]);
	}
	sync_cookie_format(-1, 42, buf, sizeof(buf));
	ck_assert_str_eq(buf, "csn=20000101000000.000042Z#000000#000#000000");
	sync_cookie_format(1, 1000001, buf, sizeof(buf));
	ck_assert_str_eq(buf,
	    "rid=001,csn=20000101000001.000001Z#000000#000#000000");
}
END_TEST

START_TEST(cookie_forms)
{
	struct berval b;
	uint64_t n;
	int rid, has;

	/* What slapd sends: rid and sid, several CSNs: the highest. */
	b = bv("rid=002,sid=001,csn=20000101000000.000005Z#000000#000#000000;"
	    "20000101000000.000009Z#000000#001#000000");
	ck_assert_int_eq(sync_cookie_parse(&b, &rid, &n, &has), 0);
	ck_assert_int_eq(rid, 2);
	ck_assert_uint_eq(n, 9);
	/* A consumer that has nothing yet sends its rid alone. */
	b = bv("rid=123");
	ck_assert_int_eq(sync_cookie_parse(&b, &rid, &n, &has), 0);
	ck_assert_int_eq(has, 0);
	ck_assert_int_eq(rid, 123);
}
END_TEST

START_TEST(cookie_bad)
{
	static const char *const bad[] = { "", "rid=", "rid=1234", "rid=ab",
	    "csn=", "csn=19991231235959.000000Z#000000#000#000000",
	    "csn=20000101000000.000000", "csn=20001301000000.000000Z",
	    "csn=2000010100000a.000000Z", "csn=20000101000000.000000Z#;",
	    "cookie=1", "esmgate:12" };
	struct berval b;
	uint64_t n;
	size_t i;
	int rid, has;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		b = bv(bad[i]);
		ck_assert_msg(sync_cookie_parse(&b, &rid, &n, &has) == -1,
		    "took [%s]", bad[i]);
	}
	b.bv_val = "csn=20000101000000.000000Z\0x";
	b.bv_len = 28;
	ck_assert_int_eq(sync_cookie_parse(&b, &rid, &n, &has), -1);
}
END_TEST

START_TEST(uuids)
{
	unsigned char a[16], b[16], c[16];

	sync_uuid("uid=joe,ou=people,dc=racf,dc=com", a);
	sync_uuid("uid=joe,ou=people,dc=racf,dc=com", b);
	sync_uuid("uid=jim,ou=people,dc=racf,dc=com", c);
	ck_assert_mem_eq(a, b, 16);
	ck_assert_int_ne(memcmp(a, c, 16), 0);
	ck_assert_int_eq(a[6] >> 4, 5);
	ck_assert_int_eq(a[8] >> 6, 2);
}
END_TEST

/* A Sync Request value as a client builds it. */
static struct berval *
request(const char *fmt, ber_int_t mode, const char *cookie, int reload)
{
	BerElement *ber = ber_alloc_t(LBER_USE_DER);
	struct berval *out = NULL;

	ck_assert_int_ne(ber_printf(ber, fmt, mode, cookie, reload), -1);
	ck_assert_int_eq(ber_flatten(ber, &out), 0);
	ber_free(ber, 1);
	return out;
}

START_TEST(request_values)
{
	struct berval *v, cookie;
	ber_int_t mode;
	int reload;

	v = request("{e}", 1, NULL, 0);
	ck_assert_int_eq(pdu_sync_request_decode(v, &mode, &cookie, &reload),
	    0);
	ck_assert_int_eq(mode, 1);
	ck_assert_ptr_null(cookie.bv_val);
	ber_bvfree(v);
	v = request("{esb}", 3, "rid=001", 1);
	ck_assert_int_eq(pdu_sync_request_decode(v, &mode, &cookie, &reload),
	    0);
	ck_assert_int_eq(mode, 3);
	ck_assert_int_eq(reload, 1);
	ck_assert_int_eq(cookie.bv_len, 7);
	ck_assert_int_eq(memcmp(cookie.bv_val, "rid=001", 7), 0);
	ber_bvfree(v);
	/* Mode 2 does not exist; nor do elements after reloadHint. */
	v = request("{e}", 2, NULL, 0);
	ck_assert_int_eq(pdu_sync_request_decode(v, &mode, &cookie, &reload),
	    -1);
	ber_bvfree(v);
	v = request("{esbb}", 1, "x", 0);
	ck_assert_int_eq(pdu_sync_request_decode(v, &mode, &cookie, &reload),
	    -1);
	ber_bvfree(v);
}
END_TEST

START_TEST(state_done_info)
{
	unsigned char uuid[16];
	struct berval out, c = bv("csn=x"), got, u;
	BerElement *ber;
	ber_int_t state;
	ber_tag_t tag;
	ber_len_t len;
	int del;

	memset(uuid, 0xab, sizeof(uuid));
	ck_assert_int_eq(pdu_sync_state_encode(&out, 2, uuid, &c), 0);
	ber = ber_init(&out);
	ck_assert_int_ne(ber_scanf(ber, "{emm}", &state, &u, &got),
	    LBER_ERROR);
	ck_assert_int_eq(state, 2);
	ck_assert_int_eq(u.bv_len, 16);
	ck_assert_int_eq(got.bv_len, 5);
	ber_free(ber, 1);
	ber_memfree(out.bv_val);
	ck_assert_int_eq(pdu_sync_done_encode(&out, &c, 1), 0);
	ber = ber_init(&out);
	ck_assert_int_ne(ber_scanf(ber, "{mb}", &got, &del), LBER_ERROR);
	ck_assert_int_ne(del, 0);	/* TRUE */
	ber_free(ber, 1);
	ber_memfree(out.bv_val);
	/* refreshPresent [2], cookie, refreshDone left to its default. */
	ck_assert_int_eq(pdu_sync_info_refresh_encode(&out, 2, &c), 0);
	ber = ber_init(&out);
	tag = ber_peek_tag(ber, &len);
	ck_assert_uint_eq(tag, LBER_CLASS_CONTEXT | LBER_CONSTRUCTED | 2);
	ber_free(ber, 1);
	ber_memfree(out.bv_val);
	ck_assert_int_eq(pdu_sync_info_refresh_encode(&out, 3, &c), -1);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("sync");
	TCase *tc = tcase_create("pieces");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, cookie_round_trip);
	tcase_add_test(tc, cookie_forms);
	tcase_add_test(tc, cookie_bad);
	tcase_add_test(tc, uuids);
	tcase_add_test(tc, request_values);
	tcase_add_test(tc, state_done_info);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
