/*
 * check_psearch.c - the persistent search control's value, the Entry
 * Change Notification the gateway attaches to the changes it sends, and
 * which DNs a persistent search's base and scope take in.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <lber.h>
#include <ldap.h>

#include "gateway/psearch.h"

/* A control value made by liblber, as a client would send it. */
static struct berval *
value(const char *fmt, ber_int_t types, int only, int ecs)
{
	BerElement *ber = ber_alloc_t(LBER_USE_DER);
	struct berval *bv = NULL;

	ck_assert_int_ne(ber_printf(ber, fmt, types, only, ecs), -1);
	ck_assert_int_eq(ber_flatten(ber, &bv), 0);
	ber_free(ber, 1);
	return bv;
}

START_TEST(decode_good)
{
	struct psearch_req req;
	struct berval *bv = value("{ibb}", PS_ADD | PS_MODIFY, 1, 0);
	const char *why;

	ck_assert_int_eq(psearch_decode(bv, &req, &why), 0);
	ck_assert_int_eq(req.pr_types, PS_ADD | PS_MODIFY);
	ck_assert_int_eq(req.pr_changes_only, 1);
	ck_assert_int_eq(req.pr_return_ecs, 0);
	ber_bvfree(bv);
	bv = value("{ibb}", PS_ALL, 0, 1);
	ck_assert_int_eq(psearch_decode(bv, &req, &why), 0);
	ck_assert_int_eq(req.pr_types, 15);
	ck_assert_int_eq(req.pr_changes_only, 0);
	ck_assert_int_eq(req.pr_return_ecs, 1);
	ber_bvfree(bv);
}
END_TEST

START_TEST(decode_bad)
{
	static const unsigned char trailing[] = { 0x30, 0x0b, 0x02, 0x01, 0x01,
	    0x01, 0x01, 0x00, 0x01, 0x01, 0x00, 0x04, 0x00 };
	static const unsigned char truncated[] = { 0x30, 0x09, 0x02, 0x01,
	    0x01, 0x01, 0x01, 0x00 };
	static const unsigned char zero[] = { 0x30, 0x09, 0x02, 0x01, 0x00,
	    0x01, 0x01, 0x00, 0x01, 0x01, 0x00 };
	struct berval raw, *bv;
	struct psearch_req req;
	const char *why = NULL;

	ck_assert_int_eq(psearch_decode(NULL, &req, &why), -1);
	ck_assert_ptr_nonnull(why);
	raw.bv_val = (char *)trailing;
	raw.bv_len = sizeof(trailing);
	ck_assert_int_eq(psearch_decode(&raw, &req, &why), -1);
	raw.bv_val = (char *)truncated;
	raw.bv_len = sizeof(truncated);
	ck_assert_int_eq(psearch_decode(&raw, &req, &why), -1);
	/* changeTypes out of range, as liblber and as python-ldap send it. */
	raw.bv_val = (char *)zero;
	raw.bv_len = sizeof(zero);
	ck_assert_int_eq(psearch_decode(&raw, &req, &why), -1);
	ck_assert_ptr_nonnull(strstr(why, "1 to 15"));
	bv = value("{ibb}", 0, 0, 0);
	ck_assert_int_eq(psearch_decode(bv, &req, &why), -1);
	ck_assert_ptr_nonnull(strstr(why, "1 to 15"));
	ber_bvfree(bv);
	bv = value("{ibb}", 16, 0, 0);
	ck_assert_int_eq(psearch_decode(bv, &req, &why), -1);
	ber_bvfree(bv);
	/* Booleans where the integer goes. */
	bv = value("{bbb}", 1, 0, 0);
	ck_assert_int_eq(psearch_decode(bv, &req, &why), -1);
	ber_bvfree(bv);
}
END_TEST

/* Decode an ECN value back as a client does. */
static void
ecn_read(const struct berval *bv, ber_int_t *type, char **prev,
    ber_int_t *number)
{
	BerElement *ber = ber_init((struct berval *)bv);
	ber_len_t len;
	ber_tag_t tag;

	*prev = NULL;
	*number = 0;
	ck_assert_ptr_nonnull(ber);
	ck_assert_int_ne(ber_scanf(ber, "{e", type), LBER_ERROR);
	tag = ber_peek_tag(ber, &len);
	if (tag == LBER_OCTETSTRING) {
		ck_assert_int_ne(ber_scanf(ber, "a", prev), LBER_ERROR);
		tag = ber_peek_tag(ber, &len);
	}
	if (tag == LBER_INTEGER)
		ck_assert_int_ne(ber_scanf(ber, "i", number), LBER_ERROR);
	ck_assert_int_ne(ber_scanf(ber, "}"), LBER_ERROR);
	ber_free(ber, 1);
}

START_TEST(ecn_values)
{
	struct berval bv;
	ber_int_t type, number;
	char *prev;

	ck_assert_int_eq(psearch_encode_ecn(PS_MODIFY, "uid=X", 42, &bv), 0);
	ecn_read(&bv, &type, &prev, &number);
	/* previousDN only for a modDN. */
	ck_assert_int_eq(type, PS_MODIFY);
	ck_assert_ptr_null(prev);
	ck_assert_int_eq(number, 42);
	ber_memfree(bv.bv_val);
	ck_assert_int_eq(psearch_encode_ecn(PS_MODDN, "uid=OLD,dc=x", 7, &bv),
	    0);
	ecn_read(&bv, &type, &prev, &number);
	ck_assert_int_eq(type, PS_MODDN);
	ck_assert_str_eq(prev, "uid=OLD,dc=x");
	ck_assert_int_eq(number, 7);
	ber_memfree(prev);
	ber_memfree(bv.bv_val);
	/* No number, or one beyond LDAP's INTEGER: left out. */
	ck_assert_int_eq(psearch_encode_ecn(PS_DELETE, NULL, 0, &bv), 0);
	ecn_read(&bv, &type, &prev, &number);
	ck_assert_int_eq(type, PS_DELETE);
	ck_assert_int_eq(number, 0);
	ber_memfree(bv.bv_val);
	ck_assert_int_eq(psearch_encode_ecn(PS_ADD, NULL, 1ULL << 40, &bv), 0);
	ecn_read(&bv, &type, &prev, &number);
	ck_assert_int_eq(number, 0);
	ber_memfree(bv.bv_val);
}
END_TEST

START_TEST(scopes)
{
	const char *base = "ou=people,dc=racf,dc=com";
	const char *kid = "uid=joe,ou=people,dc=racf,dc=com";
	const char *grandkid = "cn=x,uid=joe,ou=people,dc=racf,dc=com";
	const char *other = "uid=joe,ou=groups,dc=racf,dc=com";

	ck_assert_int_eq(psearch_in_scope(base, LDAP_SCOPE_BASE, base), 1);
	ck_assert_int_eq(psearch_in_scope(base, LDAP_SCOPE_BASE, kid), 0);
	ck_assert_int_eq(psearch_in_scope(base, LDAP_SCOPE_ONELEVEL, kid), 1);
	ck_assert_int_eq(psearch_in_scope(base, LDAP_SCOPE_ONELEVEL, base), 0);
	ck_assert_int_eq(psearch_in_scope(base, LDAP_SCOPE_ONELEVEL,
	    grandkid), 0);
	ck_assert_int_eq(psearch_in_scope(base, LDAP_SCOPE_SUBTREE, base), 1);
	ck_assert_int_eq(psearch_in_scope(base, LDAP_SCOPE_SUBTREE, grandkid),
	    1);
	ck_assert_int_eq(psearch_in_scope(base, LDAP_SCOPE_SUBORDINATE, base),
	    0);
	ck_assert_int_eq(psearch_in_scope(base, LDAP_SCOPE_SUBORDINATE, kid),
	    1);
	ck_assert_int_eq(psearch_in_scope(base, LDAP_SCOPE_SUBTREE, other), 0);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("psearch");
	TCase *tc = tcase_create("control");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, decode_good);
	tcase_add_test(tc, decode_bad);
	tcase_add_test(tc, ecn_values);
	tcase_add_test(tc, scopes);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
