/*
 * check_conf.c - the configuration file reader.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf.h"
#include "log.h"
#include "testdir.h"

static void
setup(void)
{
	testdir_create("check_conf");
}

struct collected {
	int	n;
	char	words[16][64];
	int	lines[16];
	int	fail_on;
};

static int
collect_cb(void *arg, const struct conf_line *l, char *err, size_t errlen)
{
	struct collected *c = arg;
	int i;

	if (c->fail_on && l->cl_lineno == c->fail_on) {
		snprintf(err, errlen, "unknown keyword %s", l->cl_argv[0]);
		return -1;
	}
	for (i = 0; i < l->cl_argc && c->n < 16; i++) {
		snprintf(c->words[c->n], 64, "%s", l->cl_argv[i]);
		c->lines[c->n++] = l->cl_lineno;
	}
	return 0;
}

START_TEST(split_quotes_and_comments)
{
	char line[] = "name \"two words\" \"a \\\"q\\\" b\" x # comment";
	char *argv[8];
	const char *why;
	int n;

	n = conf_split_line(line, argv, 8, &why);
	ck_assert_int_eq(n, 4);
	ck_assert_str_eq(argv[0], "name");
	ck_assert_str_eq(argv[1], "two words");
	ck_assert_str_eq(argv[2], "a \"q\" b");
	ck_assert_str_eq(argv[3], "x");
}
END_TEST

START_TEST(split_unclosed_quote)
{
	char line[] = "name \"open";
	char *argv[8];
	const char *why = NULL;

	ck_assert_int_eq(conf_split_line(line, argv, 8, &why), -1);
	ck_assert_str_eq(why, "a double quote is not closed");
}
END_TEST

START_TEST(parse_with_include)
{
	struct collected c = { 0 };
	char err[256];
	const char *main;

	testdir_write("inc.conf", "b 2\n", 0600);
	main = testdir_write("main.conf", "# top\na 1\ninclude inc.conf\n\nc 3\n",
	    0600);
	ck_assert_int_eq(conf_parse_file(main, collect_cb, &c, err,
	    sizeof(err)), 0);
	ck_assert_int_eq(c.n, 6);
	ck_assert_str_eq(c.words[2], "b");
	ck_assert_int_eq(c.lines[2], 1);
	ck_assert_str_eq(c.words[4], "c");
	ck_assert_int_eq(c.lines[4], 5);
}
END_TEST

START_TEST(error_names_file_and_line)
{
	struct collected c = { .fail_on = 2 };
	char err[256], want[256];
	const char *main;

	main = testdir_write("bad.conf", "a 1\nbogus 2\n", 0600);
	ck_assert_int_eq(conf_parse_file(main, collect_cb, &c, err,
	    sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s:2: unknown keyword bogus", main);
	ck_assert_str_eq(err, want);
}
END_TEST

START_TEST(include_loop_is_refused)
{
	struct collected c = { 0 };
	char err[256];
	const char *main;

	main = testdir_write("loop.conf", "include loop.conf\n", 0600);
	ck_assert_int_eq(conf_parse_file(main, collect_cb, &c, err,
	    sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "nest deeper"));
}
END_TEST

START_TEST(missing_file)
{
	struct collected c = { 0 };
	char err[256];

	ck_assert_int_eq(conf_parse_file("/nonexistent/x.conf", collect_cb,
	    &c, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "cannot open"));
}
END_TEST

START_TEST(urls)
{
	struct conf_url u;

	ck_assert_int_eq(conf_parse_url("esmlink://127.0.0.1:7010", &u), 0);
	ck_assert_str_eq(u.cu_scheme, "esmlink");
	ck_assert_str_eq(u.cu_host, "127.0.0.1");
	ck_assert_str_eq(u.cu_port, "7010");
	ck_assert_int_eq(conf_parse_url("ldap://[::1]:389", &u), 0);
	ck_assert_str_eq(u.cu_host, "::1");
	ck_assert_str_eq(u.cu_port, "389");
	ck_assert_int_eq(conf_parse_url("ldap://host", &u), 0);
	ck_assert_str_eq(u.cu_port, "");
	ck_assert_int_eq(conf_parse_url("127.0.0.1:7010", &u), -1);
	ck_assert_int_eq(conf_parse_url("ldap://h:0", &u), -1);
	ck_assert_int_eq(conf_parse_url("ldap://h:70000", &u), -1);
	ck_assert_int_eq(conf_parse_url("ldap://:389", &u), -1);
}
END_TEST

START_TEST(numbers_sizes_durations)
{
	unsigned long v;
	int b;

	ck_assert_int_eq(conf_parse_size("64k", &v), 0);
	ck_assert_uint_eq(v, 65536);
	ck_assert_int_eq(conf_parse_size("1m", &v), 0);
	ck_assert_uint_eq(v, 1048576);
	ck_assert_int_eq(conf_parse_size("1x", &v), -1);
	ck_assert_int_eq(conf_parse_duration("2m", &v), 0);
	ck_assert_uint_eq(v, 120);
	ck_assert_int_eq(conf_parse_duration("-1", &v), -1);
	ck_assert_int_eq(conf_parse_uint("10", 9, &v), -1);
	ck_assert_int_eq(conf_parse_bool("yes", &b), 0);
	ck_assert_int_eq(b, 1);
	ck_assert_int_eq(conf_parse_bool("maybe", &b), -1);
}
END_TEST

START_TEST(private_file_check)
{
	char err[256];
	const char *p;

	p = testdir_write("key", "00", 0600);
	ck_assert_int_eq(conf_check_private_file(p, err, sizeof(err)), 0);
	p = testdir_write("key2", "00", 0640);
	ck_assert_int_eq(conf_check_private_file(p, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "chmod 600"));
}
END_TEST

/* A configuration, or a file it includes, that others may change. */
START_TEST(shared_config_refused)
{
	struct collected c = { 0 };
	char err[512];
	const char *main;

	main = testdir_write("w.conf", "a 1\n", 0620);
	ck_assert_int_eq(conf_parse_file(main, collect_cb, &c, err,
	    sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "may be written by group or "
	    "others (mode 0620)"));
	ck_assert_ptr_nonnull(strstr(err, "chmod 600"));
	ck_assert_int_eq(c.n, 0);
	main = testdir_write("r.conf", "a 1\n", 0604);
	ck_assert_int_eq(conf_parse_file(main, collect_cb, &c, err,
	    sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "may be read by group or others"));
	/* An included file is held to the same rule. */
	testdir_write("rinc.conf", "b 2\n", 0640);
	main = testdir_write("m2.conf", "a 1\ninclude rinc.conf\n", 0600);
	ck_assert_int_eq(conf_parse_file(main, collect_cb, &c, err,
	    sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "rinc.conf may be read"));
	main = testdir_write("ok.conf", "a 1\n", 0600);
	ck_assert_int_eq(conf_parse_file(main, collect_cb, &c, err,
	    sizeof(err)), 0);
}
END_TEST

START_TEST(debug_categories)
{
	unsigned int cats = 99;
	char buf[64];

	ck_assert_int_eq(log_parse_debug("conn,link", &cats), 0);
	ck_assert_uint_eq(cats, LOG_CAT_CONN | LOG_CAT_LINK);
	ck_assert_str_eq(log_debug_names(cats, buf, sizeof(buf)), "conn,link");
	ck_assert_int_eq(log_parse_debug("bogus", &cats), -1);
	ck_assert_uint_eq(cats, LOG_CAT_CONN | LOG_CAT_LINK);
	ck_assert_int_eq(log_parse_debug("none", &cats), 0);
	ck_assert_uint_eq(cats, 0);
}
END_TEST

static Suite *
conf_suite(void)
{
	Suite *s = suite_create("conf");
	TCase *tc;

	tc = tcase_create("split");
	tcase_add_test(tc, split_quotes_and_comments);
	tcase_add_test(tc, split_unclosed_quote);
	suite_add_tcase(s, tc);
	tc = tcase_create("files");
	tcase_add_checked_fixture(tc, setup, testdir_remove);
	tcase_add_test(tc, parse_with_include);
	tcase_add_test(tc, error_names_file_and_line);
	tcase_add_test(tc, include_loop_is_refused);
	tcase_add_test(tc, missing_file);
	tcase_add_test(tc, private_file_check);
	tcase_add_test(tc, shared_config_refused);
	suite_add_tcase(s, tc);
	tc = tcase_create("values");
	tcase_add_test(tc, urls);
	tcase_add_test(tc, numbers_sizes_durations);
	tcase_add_test(tc, debug_categories);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(conf_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
