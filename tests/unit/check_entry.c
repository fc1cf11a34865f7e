/*
 * check_entry.c - entries: attributes found by any name or OID of their
 * type, values added and removed, order kept.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gateway/entry.h"
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

START_TEST(build_and_find)
{
	const struct schema_at *cn = schema_find_at(schema, "cn");
	struct entry *e = entry_new("cn=Bob,o=x");
	struct attr *a;

	ck_assert_str_eq(e->e_dn, "cn=Bob,o=x");
	ck_assert_uint_eq(e->e_nattrs, 0);
	entry_add_str(e, "commonName", cn, "Bob");
	entry_add_str(e, "CN", cn, "Robert");
	/* One attribute per type, named by the type's first name. */
	ck_assert_uint_eq(e->e_nattrs, 1);
	a = entry_find(e, "2.5.4.3");
	ck_assert_ptr_nonnull(a);
	ck_assert_str_eq(a->a_name, "cn");
	ck_assert_ptr_eq(a->a_at, cn);
	ck_assert_uint_eq(a->a_nvals, 2);
	ck_assert_str_eq(a->a_vals[0].bv_val, "Bob");
	ck_assert_str_eq(a->a_vals[1].bv_val, "Robert");
	ck_assert_uint_eq(a->a_vals[1].bv_len, 6);
	ck_assert_ptr_eq(entry_find(e, "COMMONNAME"), a);
	ck_assert_ptr_eq(entry_find(e, "cn"), a);
	/* Options never match; a supertype's name is not the type's. */
	ck_assert_ptr_null(entry_find(e, "cn;binary"));
	ck_assert_ptr_null(entry_find(e, "name"));
	ck_assert_ptr_null(entry_find(e, "sn"));
	/* Unknown attributes are kept by name. */
	entry_add_str(e, "racfOwner", NULL, "IBMUSER");
	a = entry_attr(e, "RACFOWNER", NULL);
	ck_assert_uint_eq(e->e_nattrs, 2);
	ck_assert_str_eq(a->a_name, "racfOwner");
	ck_assert_ptr_null(a->a_at);
	ck_assert_ptr_eq(entry_find(e, "racfowner"), a);
	/* Values are bytes: embedded NULs survive, a NUL ends each. */
	entry_add_value(e, a, "a\0b", 3);
	ck_assert_uint_eq(a->a_vals[1].bv_len, 3);
	ck_assert_int_eq(memcmp(a->a_vals[1].bv_val, "a\0b\0", 4), 0);
	entry_free(e);
	entry_free(NULL);
}

START_TEST(remove_values_and_attributes)
{
	const struct schema_at *cn = schema_find_at(schema, "cn");
	const struct schema_at *sn = schema_find_at(schema, "sn");
	const struct schema_at *mail = schema_find_at(schema, "mail");
	struct entry *e = entry_new("cn=Bob,o=x");
	struct berval bv;
	struct attr *a;

	entry_add_str(e, "cn", cn, "Bob");
	entry_add_str(e, "cn", cn, "Robert");
	entry_add_str(e, "cn", cn, "Rob");
	entry_add_str(e, "sn", sn, "Smith");
	entry_add_str(e, "mail", mail, "bob@x");
	a = entry_find(e, "cn");
	bv.bv_val = "Robert";
	bv.bv_len = 6;
	ck_assert_int_eq(attr_remove_value(a, &bv), 0);
	ck_assert_uint_eq(a->a_nvals, 2);
	ck_assert_str_eq(a->a_vals[0].bv_val, "Bob");
	ck_assert_str_eq(a->a_vals[1].bv_val, "Rob");
	/* Exact bytes only: no matching rule here. */
	bv.bv_val = "bob";
	bv.bv_len = 3;
	ck_assert_int_eq(attr_remove_value(a, &bv), -1);
	bv.bv_val = "Rob";
	bv.bv_len = 2;
	ck_assert_int_eq(attr_remove_value(a, &bv), -1);
	ck_assert_uint_eq(a->a_nvals, 2);
	entry_remove(e, "surname");
	ck_assert_uint_eq(e->e_nattrs, 2);
	ck_assert_str_eq(e->e_attrs[0].a_name, "cn");
	ck_assert_str_eq(e->e_attrs[1].a_name, "mail");
	ck_assert_ptr_null(entry_find(e, "sn"));
	entry_remove(e, "sn");
	ck_assert_uint_eq(e->e_nattrs, 2);
	entry_remove(e, "mail");
	entry_remove(e, "cn");
	ck_assert_uint_eq(e->e_nattrs, 0);
	/* Adding after removal starts a fresh attribute. */
	entry_add_str(e, "sn", sn, "Jones");
	ck_assert_uint_eq(entry_find(e, "sn")->a_nvals, 1);
	entry_free(e);
}

START_TEST(many_attributes_and_values)
{
	struct entry *e = entry_new("");
	struct attr *a;
	char name[32];
	int i;

	for (i = 0; i < 100; i++) {
		snprintf(name, sizeof(name), "attr%d", i);
		entry_add_str(e, name, NULL, name);
	}
	a = entry_attr(e, "attr0", NULL);
	for (i = 0; i < 100; i++)
		entry_add_value(e, a, "v", 1);
	ck_assert_uint_eq(e->e_nattrs, 100);
	ck_assert_uint_eq(a->a_nvals, 101);
	ck_assert_str_eq(entry_find(e, "ATTR99")->a_vals[0].bv_val, "attr99");
	entry_free(e);
}

/* Values larger than the arena's blocks, and many of them: earlier
   values and the DN stay intact while the value array moves. */
START_TEST(large_values)
{
	struct entry *e = entry_new("cn=big,o=x");
	struct attr *a;
	char *big;
	size_t i, len = 3 * 4096 + 7;

	big = malloc(len);
	ck_assert_ptr_nonnull(big);
	memset(big, 'b', len);
	a = entry_attr(e, "member", NULL);
	for (i = 0; i < 5000; i++) {
		big[0] = (char)('A' + i % 26);
		entry_add_value(e, a, big, i % 1000 == 0 ? len : 40);
	}
	ck_assert_uint_eq(a->a_nvals, 5000);
	for (i = 0; i < 5000; i++) {
		ck_assert_uint_eq(a->a_vals[i].bv_len,
		    i % 1000 == 0 ? len : 40);
		ck_assert_int_eq(a->a_vals[i].bv_val[0], 'A' + i % 26);
		ck_assert_int_eq(a->a_vals[i].bv_val[a->a_vals[i].bv_len], 0);
	}
	ck_assert_str_eq(e->e_dn, "cn=big,o=x");
	entry_add(e, "cn", NULL, "big", 3);
	ck_assert_str_eq(entry_find(e, "cn")->a_vals[0].bv_val, "big");
	free(big);
	entry_free(e);
}

static Suite *
entry_suite(void)
{
	Suite *s = suite_create("entry");
	TCase *tc;

	tc = tcase_create("entry");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, build_and_find);
	tcase_add_test(tc, remove_values_and_attributes);
	tcase_add_test(tc, many_attributes_and_values);
	tcase_add_test(tc, large_values);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(entry_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
