/*
 * check_clbe.c - the changelog backend's lifecycle
 * (backends/changelog/init.c): its configuration keywords and their
 * refusals, the checks after the whole file (directory, keyfile,
 * password readers who are administrators, one changelog), opening the
 * store and lending it to the gateway, the status line, and trimming
 * from the timer.
 */
#include "config.h"

#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>
#include <time.h>

#include <event2/buffer.h>
#include <event2/event.h>

#include "conf.h"
#include "link.h"
#include "backends/backend.h"
#include "backends/changelog/clbe.h"
#include "gateway/changelog.h"
#include "gateway/filter.h"
#include "gateway/gw.h"
#include "gateway/schema.h"
#include "testdir.h"
#include "testloop.h"
#include "testschema.h"

static struct gateway gw;
static struct gw_admin admin;
static struct backend *be;
static char err[512];

static void
setup(void)
{
	testdir_create("check_clbe");
	gw_init(&gw);
	gw.gw_schema = testschema_core();
	admin.ga_dn = (char *)"cn=Auditor,dc=racf,dc=com";
	admin.ga_ndn = (char *)"cn=auditor,dc=racf,dc=com";
	TAILQ_INSERT_TAIL(&gw.gw_admins, &admin, ga_entry);
	ck_assert_int_eq(link_key_generate(testdir_path("cl.key"), 32, err,
	    sizeof(err)), 0);
	be = backend_new(backend_find_info("changelog"), &gw,
	    testdir_path("gw.conf"), 7);
	ck_assert_ptr_nonnull(be);
	TAILQ_INSERT_TAIL(&gw.gw_backends, be, be_entry);
}

static void
teardown(void)
{
	TAILQ_REMOVE(&gw.gw_backends, be, be_entry);
	backend_free(be);
	TAILQ_REMOVE(&gw.gw_admins, &admin, ga_entry);	/* static */
	gw_clear(&gw);		/* the schema, the access rules */
	testdir_remove();
}

/* One line of the section: 0 or -1 (err). */
static int
conf(const char *kw, ...)
{
	char *argv[CONF_MAX_ARGS];
	struct conf_line l;
	va_list ap;
	int n = 0;

	argv[n++] = (char *)kw;
	va_start(ap, kw);
	while ((argv[n] = va_arg(ap, char *)) != NULL)
		n++;
	va_end(ap);
	l.cl_file = testdir_path("gw.conf");
	l.cl_lineno = 8;
	l.cl_argc = n;
	l.cl_argv = argv;
	err[0] = '\0';
	return be->be_info->bi_config(be, &l, err, sizeof(err));
}

static void
conf_ok(const char *kw, const char *v)
{
	ck_assert_msg(conf(kw, v, NULL) == 0, "%s %s: %s", kw, v, err);
}

static void
conf_refused(const char *kw, const char *v, const char *text)
{
	ck_assert_int_eq(conf(kw, v, NULL), -1);
	ck_assert_msg(strstr(err, text) != NULL, "%s %s: \"%s\" lacks \"%s\"",
	    kw, v != NULL ? v : "", err, text);
}

static struct clbe *
cb(void)
{
	return be->be_private;
}

static void
check_refused(const char *text)
{
	ck_assert_int_eq(be->be_info->bi_check(be, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, text) != NULL, "\"%s\" lacks \"%s\"", err,
	    text);
}

/* ---- configuration ------------------------------------------------- */

START_TEST(defaults)
{
	ck_assert_str_eq(be->be_suffix, "cn=changelog");
	ck_assert(cb()->cb_max_entries == 1000000);
	ck_assert(cb()->cb_max_age == 30 * 86400);
	ck_assert_uint_eq(cb()->cb_trim_interval, 60);
	ck_assert_int_eq(cb()->cb_suppress, 0);
	ck_assert_str_eq(be->be_info->bi_type, "changelog");
}
END_TEST

START_TEST(keywords)
{
	conf_ok("suffix", "cn=changes");
	ck_assert_str_eq(be->be_suffix, "cn=changes");
	conf_ok("directory", "cl.db");
	ck_assert_str_eq(cb()->cb_dir, testdir_path("cl.db"));
	conf_ok("keyfile", "cl.key");
	ck_assert_int_eq(cb()->cb_have_key, 1);
	conf_ok("max-entries", "0");
	ck_assert(cb()->cb_max_entries == 0);
	conf_ok("max-age", "12h");
	ck_assert(cb()->cb_max_age == 12 * 3600);
	conf_ok("trim-interval", "5m");
	ck_assert_uint_eq(cb()->cb_trim_interval, 300);
	conf_ok("origin-gateway", "suppress");
	ck_assert_int_eq(cb()->cb_suppress, 1);
	conf_ok("origin-gateway", "SHOW");
	ck_assert_int_eq(cb()->cb_suppress, 0);
	ck_assert_int_eq(conf("password-readers", "cn=auditor,dc=racf,dc=com",
	    "cn=esmadmin,dc=racf,dc=com", NULL), 0);
	conf_ok("password-readers", "cn=third,dc=racf,dc=com");
	ck_assert_uint_eq(cb()->cb_nreaders_n, 3);
}
END_TEST

START_TEST(bad_values_are_refused)
{
	conf_refused("origin-gateway", "maybe", "wants show or suppress, not "
	    "maybe");
	conf_refused("max-age", "soon", "max-age wants a duration");
	conf_refused("max-entries", "-1", "max-entries wants a number");
	conf_refused("trim-interval", "0", "from 1 to 86400");
	conf_refused("keyfile", "missing.key", "keyfile ");
	ck_assert_int_eq(cb()->cb_have_key, 0);
	conf_refused("password-readers", "not a dn", "\"not a dn\" is not a "
	    "DN");
	conf_refused("password-readers", NULL, "takes one or more DNs");
	conf_refused("suffix", "=x", "suffix =x is not a DN");
	conf_refused("directory", NULL, "directory");
	conf_refused("agent", "SYS1", "unknown keyword agent in a changelog "
	    "backend (suffix, directory, keyfile, max-entries, max-age, "
	    "trim-interval, origin-gateway, password-readers)");
}
END_TEST

START_TEST(checks_after_the_file)
{
	struct backend *second;

	check_refused("has no directory line");
	conf_ok("directory", "cl.db");
	check_refused("has no keyfile line");
	conf_ok("keyfile", "cl.key");
	conf_ok("password-readers", "cn=nobody,dc=racf,dc=com");
	check_refused("password-readers: cn=nobody,dc=racf,dc=com is not a "
	    "gateway administrator");
	TAILQ_REMOVE(&gw.gw_backends, be, be_entry);
	backend_free(be);
	be = backend_new(backend_find_info("changelog"), &gw,
	    testdir_path("gw.conf"), 7);
	TAILQ_INSERT_TAIL(&gw.gw_backends, be, be_entry);
	conf_ok("directory", "cl.db");
	conf_ok("keyfile", "cl.key");
	/* Another spelling of an administrator's DN is that DN. */
	conf_ok("password-readers", "CN=Auditor, DC=RACF, DC=COM");
	ck_assert_msg(be->be_info->bi_check(be, err, sizeof(err)) == 0, "%s",
	    err);
	ck_assert(clbe_is_reader(cb(), "cn=auditor,dc=racf,dc=com"));
	ck_assert(!clbe_is_reader(cb(), "cn=esmadmin,dc=racf,dc=com"));
	ck_assert(!clbe_is_reader(cb(), NULL));
	second = backend_new(backend_find_info("changelog"), &gw, "other.conf",
	    30);
	TAILQ_INSERT_TAIL(&gw.gw_backends, second, be_entry);
	check_refused("there is already a changelog backend (other.conf:30)");
	TAILQ_REMOVE(&gw.gw_backends, second, be_entry);
	backend_free(second);
}
END_TEST

/* ---- run time ------------------------------------------------------ */

static void
configure_and_open(struct event_base *base, const char *interval,
    const char *max_age)
{
	conf_ok("directory", "cl.db");
	conf_ok("keyfile", "cl.key");
	conf_ok("trim-interval", interval);
	conf_ok("max-age", max_age);
	ck_assert_msg(be->be_info->bi_check(be, err, sizeof(err)) == 0, "%s",
	    err);
	ck_assert_msg(be->be_info->bi_open(be, base, err, sizeof(err)) == 0,
	    "%s", err);
}

static char *
status(void)
{
	struct evbuffer *out = evbuffer_new();
	size_t len;
	char *s;

	be->be_info->bi_status(be, out);
	len = evbuffer_get_length(out);
	s = malloc(len + 1);
	evbuffer_remove(out, s, len);
	s[len] = '\0';
	evbuffer_free(out);
	return s;
}

/* A record stored age seconds ago, by the agent's next event. */
static void
append_aged(int64_t age)
{
	static uint64_t seq;
	struct changelog_rec r;
	enum changelog_added added;

	memset(&r, 0, sizeof(r));
	r.cr_time = 1700000000;
	r.cr_stored = (int64_t)time(NULL) - age;
	r.cr_type = CHANGELOG_DELETE;
	r.cr_target = "uid=ALICE,ou=People,dc=racf,dc=com";
	r.cr_changes = "";
	r.cr_esm = LINK_EVENT_RACF;
	r.cr_agent = "SYS1";
	r.cr_seq = ++seq;
	r.cr_event = LINK_EV_DELETE;
	r.cr_issuer = "IBMUSER";
	r.cr_fields = "";
	ck_assert_msg(changelog_append(gw.gw_changelog, &r, &added, err,
	    sizeof(err)) == 0, "%s", err);
}

START_TEST(open_lends_the_store_and_close_takes_it_back)
{
	struct event_base *base = event_base_new();
	char *s;

	configure_and_open(base, "60s", "0");
	ck_assert_ptr_eq(gw.gw_changelog_be, be);
	ck_assert_ptr_nonnull(gw.gw_changelog);
	s = status();
	ck_assert_msg(strstr(s, "first 1 last 0 entries 0 appended 0 "
	    "duplicates 0 trimmed 0 max-entries 1000000 max-age 0s "
	    "gateway-changes shown") != NULL, "%s", s);
	free(s);
	append_aged(5);
	s = status();
	ck_assert_msg(strstr(s, "first 1 last 1 entries 1 appended 1 ") !=
	    NULL, "%s", s);
	free(s);
	be->be_info->bi_close(be);
	ck_assert_ptr_null(gw.gw_changelog_be);
	ck_assert_ptr_null(gw.gw_changelog);
	s = status();
	ck_assert_msg(strstr(s, "not open") != NULL, "%s", s);
	free(s);
	event_base_free(base);
}
END_TEST

START_TEST(the_timer_trims_by_age)
{
	struct event_base *base = event_base_new();
	char *s;

	configure_and_open(base, "1s", "60s");
	append_aged(3600);
	append_aged(10);
	ck_assert(changelog_count(gw.gw_changelog) == 2);
	testloop_run_ms(base, 1300);
	ck_assert(changelog_count(gw.gw_changelog) == 1);
	ck_assert(changelog_first(gw.gw_changelog) == 2);
	s = status();
	ck_assert_msg(strstr(s, "first 2 last 2 entries 1 appended 2 "
	    "duplicates 0 trimmed 1 ") != NULL, "%s", s);
	free(s);
	be->be_info->bi_close(be);
	event_base_free(base);
}
END_TEST

/* ---- what a search reads ------------------------------------------ */

/* The range a filter leaves of [1, 100]. */
static void
range_of(const char *text, uint64_t lo, uint64_t hi)
{
	struct filter *f;
	const char *why;
	uint64_t l = 1, h = 100;

	ck_assert_msg(filter_parse(text, gw.gw_schema, &f, &why) == 0,
	    "%s: %s", text, why);
	clbe_filter_range(f, &l, &h);
	filter_free(f);
	ck_assert_msg(l == lo && h == hi, "%s: [%llu, %llu], not [%llu, %llu]",
	    text, (unsigned long long)l, (unsigned long long)h,
	    (unsigned long long)lo, (unsigned long long)hi);
}

START_TEST(change_numbers_narrow_the_range)
{
	range_of("(changeNumber>=42)", 42, 100);
	range_of("(changeNumber<=42)", 1, 42);
	range_of("(changeNumber=42)", 42, 42);
	range_of("(CHANGENUMBER>=2.16.840)", 1, 100);	/* Undefined */
	range_of("(2.16.840.1.113730.3.1.5>=7)", 7, 100);
	range_of("(&(changeNumber>=10)(changeNumber<=20)(objectClass=*))",
	    10, 20);
	range_of("(&(objectClass=*)(&(changeNumber>=30)(changeNumber<=40)))",
	    30, 40);
	/* Beyond what the store holds, or below 1: nothing to read. */
	range_of("(changeNumber>=500)", 500, 100);
	range_of("(changeNumber<=0)", 1, 0);
	range_of("(changeNumber>=-5)", 1, 100);
	/* OR and NOT need every record; other types say nothing. */
	range_of("(|(changeNumber>=10)(changeNumber<=5))", 1, 100);
	range_of("(!(changeNumber>=10))", 1, 100);
	range_of("(esmSequence>=10)", 1, 100);
	range_of("(targetDN=uid=ALICE,ou=People,dc=racf,dc=com)", 1, 100);
}
END_TEST

static Suite *
clbe_suite(void)
{
	Suite *s = suite_create("clbe");
	TCase *tc;

	tc = tcase_create("config");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, defaults);
	tcase_add_test(tc, keywords);
	tcase_add_test(tc, bad_values_are_refused);
	tcase_add_test(tc, checks_after_the_file);
	suite_add_tcase(s, tc);
	tc = tcase_create("run_time");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, open_lends_the_store_and_close_takes_it_back);
	tcase_add_test(tc, the_timer_trims_by_age);
	suite_add_tcase(s, tc);
	tc = tcase_create("range");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, change_numbers_narrow_the_range);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(clbe_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
