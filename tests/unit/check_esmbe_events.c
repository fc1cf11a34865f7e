/*
 * check_esmbe_events.c - what the backend engine does for its agents'
 * events (backends/esmbe/events.c), with a real RACF backend and no
 * agent connected: the section's events line, the agents it accepts,
 * and the reads that end before any request goes out (a protected id,
 * a name RACF would not take, no agent connected).
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ldap.h>

#include "conf.h"
#include "link.h"
#include "log.h"
#include "backends/backend.h"
#include "gateway/gw.h"
#include "gateway/schema.h"
#include "testdir.h"

extern const struct backend_info racf_backend_info;

static struct gateway gw;
static struct backend *racf;
static char err[512];

static const char *
srcdir_path(const char *rel)
{
	static char path[1024];
	const char *top = getenv("top_srcdir");

	snprintf(path, sizeof(path), "%s/%s", top != NULL ? top : ".", rel);
	return path;
}

/* One configuration line; its result. */
static int
configure(const char *kw, const char *v1, const char *v2)
{
	char *argv[4] = { (char *)kw, (char *)v1, (char *)v2, NULL };
	struct conf_line l = { "check_esmbe_events", 1, v2 != NULL ? 3 : 2,
	    argv };

	return racf->be_info->bi_config(racf, &l, err, sizeof(err));
}

static void
setup(void)
{
	log_init("check_esmbe_events");
	log_set_quiet(1);
	testdir_create("check_esmbe_events");
	gw_init(&gw);
	gw.gw_schema = schema_new();
	ck_assert_msg(schema_load_dir(gw.gw_schema, srcdir_path("schema"),
	    err, sizeof(err)) == 0, "schema: %s", err);
	racf = backend_new(&racf_backend_info, &gw, "test", 1);
	ck_assert_int_eq(configure("map", srcdir_path("schema/racf.map"),
	    NULL), 0);
	ck_assert_int_eq(configure("agent", "SYS1",
	    "esmlink://127.0.0.1:7010"), 0);
	ck_assert_int_eq(configure("protect", "SECRET1", NULL), 0);
	/* The map as on a reload: no link is started. */
	ck_assert_msg(racf->be_info->bi_reload(racf, err, sizeof(err)) == 0,
	    "map: %s", err);
}

static void
teardown(void)
{
	backend_free(racf);
	gw_clear(&gw);		/* the schema, the access rules */
	testdir_remove();
}

START_TEST(the_events_line)
{
	const struct be_event_ops *ops = racf->be_info->bi_events;
	struct be_event_source src;

	ck_assert_ptr_nonnull(ops);
	ck_assert_int_eq(ops->beo_source(racf, &src), 0);
	ck_assert_int_eq(configure("events", "ldap://127.0.0.1:7020", NULL),
	    -1);
	ck_assert_ptr_nonnull(strstr(err, "is not an esmlink://HOST:PORT"));
	ck_assert_int_eq(configure("events", "esmlink://127.0.0.1:7020",
	    NULL), 0);
	ck_assert_int_eq(configure("events", "esmlink://127.0.0.1:7021",
	    NULL), -1);
	ck_assert_ptr_nonnull(strstr(err, "events is given twice"));
	ck_assert_int_eq(ops->beo_source(racf, &src), 1);
	ck_assert_str_eq(src.es_url, "esmlink://127.0.0.1:7020");
	ck_assert_str_eq(src.es_host, "127.0.0.1");
	ck_assert_str_eq(src.es_port, "7020");
	ck_assert_str_eq(src.es_esm, "racf");
	ck_assert_int_eq(src.es_cipher, LINK_CIPHER_AES128_GCM);
	ck_assert_ptr_nonnull(src.es_key);
	/* The hello names one of the section's agents, or is refused. */
	ck_assert_int_eq(ops->beo_agent(racf, "SYS1"), 1);
	ck_assert_int_eq(ops->beo_agent(racf, "sys1"), 1);
	ck_assert_int_eq(ops->beo_agent(racf, "SYS2"), 0);
}
END_TEST

static void
never_called(void *arg, int rc, struct entry *e, const char *text)
{
	ck_abort_msg("a read that ended at once called back");
}

/* A read that ends before a request: NULL, rc and text. */
static void
read_ends_at_once(enum be_event_target t, const char *id, int want,
    const char *text)
{
	const struct be_event_ops *ops = racf->be_info->bi_events;
	char why[512];
	int rc = 0;

	ck_assert_ptr_null(ops->beo_read(racf, t, id, never_called, NULL, &rc,
	    why, sizeof(why)));
	ck_assert_int_eq(rc, want);
	ck_assert_msg(strstr(why, text) != NULL, "\"%s\" lacks \"%s\"", why,
	    text);
}

START_TEST(reads_that_end_at_once)
{
	/* Protected ids are never read: an event of one has no record. */
	read_ends_at_once(BE_TARGET_USER, "SECRET1", BE_READ_HIDDEN,
	    "user SECRET1 is protected");
	read_ends_at_once(BE_TARGET_USER, "TOOLONGID", LDAP_INVALID_DN_SYNTAX,
	    "\"TOOLONGID\" is not a RACF user name");
	/* No agent connected: try again later. */
	read_ends_at_once(BE_TARGET_USER, "ALICE", LDAP_UNAVAILABLE,
	    "agent SYS1 is not connected: LISTUSER ALICE cannot be run");
	read_ends_at_once(BE_TARGET_GROUP, "PAYROLL", LDAP_UNAVAILABLE,
	    "agent SYS1 is not connected: LISTGRP PAYROLL cannot be run");
	/* Ids are read as RACF folds them. */
	read_ends_at_once(BE_TARGET_USER, "alice", LDAP_UNAVAILABLE,
	    "LISTUSER ALICE cannot be run");
}
END_TEST

START_TEST(cancel_of_nothing)
{
	racf->be_info->bi_events->beo_cancel(NULL);
}
END_TEST

static Suite *
esmbe_events_suite(void)
{
	Suite *s = suite_create("esmbe_events");
	TCase *tc;

	tc = tcase_create("events");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, the_events_line);
	tcase_add_test(tc, reads_that_end_at_once);
	tcase_add_test(tc, cancel_of_nothing);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(esmbe_events_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
