/*
 * check_audit.c - the audit feed's records in CEF and LEEF: every field
 * where a SIEM looks for it, and values that try to end their field or
 * start another (| = \ tab and line ends) escaped or blanked.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "gateway/audit.h"

static struct audit_rec
rec(void)
{
	struct audit_rec r;

	memset(&r, 0, sizeof(r));
	r.ar_event = "bind-failure";
	r.ar_name = "LDAP bind failed";
	r.ar_severity = 6;
	r.ar_time = 1700000000;
	r.ar_src = "127.0.0.1:4242";
	r.ar_user = "uid=JOE,ou=People,dc=racf,dc=com";
	r.ar_action = "bind";
	r.ar_target = "uid=JOE,ou=People,dc=racf,dc=com";
	r.ar_outcome = "failure";
	r.ar_result = 49;
	r.ar_reason = "wrong password";
	r.ar_conn = 12;
	r.ar_op = 1;
	return r;
}

START_TEST(cef_record)
{
	struct audit_rec r = rec();
	char buf[1024];

	ck_assert_int_eq(audit_format_rec(AUDIT_CEF, &r, buf, sizeof(buf)),
	    0);
	ck_assert_str_eq(buf, "CEF:0|esmgate|esmgated|" PACKAGE_VERSION
	    "|bind-failure|LDAP bind failed|6|rt=1700000000000 src=127.0.0.1 "
	    "spt=4242 suser=uid\\=JOE,ou\\=People,dc\\=racf,dc\\=com act=bind "
	    "duser=uid\\=JOE,ou\\=People,dc\\=racf,dc\\=com outcome=failure "
	    "reason=wrong password cn1Label=ldapResult cn1=49 "
	    "cn2Label=connection cn2=12 cn3Label=operation cn3=1");
}
END_TEST

START_TEST(cef_escapes)
{
	struct audit_rec r = rec();
	char buf[1024];

	r.ar_name = "a|b\\c";
	r.ar_reason = "x=1 suser=ADMIN\nCEF:0|forged\r\\";
	r.ar_src = "[::1]:389";
	ck_assert_int_eq(audit_format_rec(AUDIT_CEF, &r, buf, sizeof(buf)),
	    0);
	ck_assert_ptr_nonnull(strstr(buf, "|a\\|b\\\\c|"));
	ck_assert_ptr_nonnull(strstr(buf, " reason=x\\=1 suser\\=ADMIN\\nCEF:0|"
	    "forged\\r\\\\ cn1Label"));
	ck_assert_ptr_nonnull(strstr(buf, " src=::1 spt=389 "));
	ck_assert_ptr_null(strchr(buf, '\n'));
	ck_assert_ptr_null(strchr(buf, '\r'));
}
END_TEST

START_TEST(leef_record)
{
	struct audit_rec r = rec();
	char buf[1024];

	r.ar_reason = "tab\there\nand a line";
	ck_assert_int_eq(audit_format_rec(AUDIT_LEEF, &r, buf, sizeof(buf)),
	    0);
	ck_assert_str_eq(buf, "LEEF:2.0|esmgate|esmgated|" PACKAGE_VERSION
	    "|bind-failure|x09|devTime=Nov 14 2023 22:13:20\t"
	    "devTimeFormat=MMM dd yyyy HH:mm:ss\tsev=6\tcat=bind\t"
	    "src=127.0.0.1\tsrcPort=4242\t"
	    "usrName=uid=JOE,ou=People,dc=racf,dc=com\t"
	    "resource=uid=JOE,ou=People,dc=racf,dc=com\toutcome=failure\t"
	    "reason=tab here and a line\tldapResult=49\tconnection=12\t"
	    "operation=1");
}
END_TEST

START_TEST(absent_fields_and_room)
{
	struct audit_rec r;
	char buf[1024], small[40];

	memset(&r, 0, sizeof(r));
	r.ar_event = "link-down";
	r.ar_name = "Agent link lost";
	r.ar_severity = 8;
	r.ar_result = -1;
	r.ar_action = "link";
	ck_assert_int_eq(audit_format_rec(AUDIT_CEF, &r, buf, sizeof(buf)),
	    0);
	ck_assert_ptr_null(strstr(buf, "cn1"));
	ck_assert_ptr_null(strstr(buf, "src="));
	ck_assert_ptr_nonnull(strstr(buf, "|8|rt=0 act=link"));
	r = rec();
	ck_assert_int_eq(audit_format_rec(AUDIT_CEF, &r, small,
	    sizeof(small)), -1);
	ck_assert_uint_lt(strlen(small), sizeof(small));
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("audit");
	TCase *tc = tcase_create("records");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, cef_record);
	tcase_add_test(tc, cef_escapes);
	tcase_add_test(tc, leef_record);
	tcase_add_test(tc, absent_fields_and_room);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
