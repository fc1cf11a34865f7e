/*
 * check_changelog_event.c - an agent's event and its fetched entry made
 * into a changelog record (gateway/changelog_event.c), with a real RACF
 * backend (its map names the DNs) and a real store, no network: the
 * change type of each event, the LDIF of adds and modifies (RFC 2849
 * values, operational and naming attributes left out), the origin,
 * the password sealed and read back, duplicates, refusals, and the
 * subscribers' hook.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "link.h"
#include "link_event.h"
#include "backends/backend.h"
#include "gateway/changelog.h"
#include "gateway/changelog_event.h"
#include "gateway/entry.h"
#include "gateway/gw.h"
#include "gateway/schema.h"
#include "testdir.h"

extern const struct backend_info racf_backend_info;
extern const struct backend_info changelog_backend_info;

static struct gateway gw;
static struct backend *racf;
static struct changelog *cl;
static char err[512];

static const char *
srcdir_path(const char *rel)
{
	static char path[2][1024];
	static int next;
	const char *top = getenv("top_srcdir");
	char *p = path[next++ % 2];

	snprintf(p, sizeof(path[0]), "%s/%s", top != NULL ? top : ".", rel);
	return p;
}

/* One configuration line for the backend. */
static void
configure(struct backend *be, const char *kw, const char *value)
{
	char *argv[3] = { (char *)kw, (char *)value, NULL };
	struct conf_line l = { "check_changelog_event", 1, 2, argv };

	ck_assert_msg(be->be_info->bi_config(be, &l, err, sizeof(err)) == 0,
	    "%s %s: %s", kw, value, err);
}

static void
setup(void)
{
	struct changelog_opts o;
	struct link_key k;

	testdir_create("check_changelog_event");
	gw_init(&gw);
	gw.gw_schema = schema_new();
	ck_assert_msg(schema_load_dir(gw.gw_schema, srcdir_path("schema"),
	    err, sizeof(err)) == 0, "schema: %s", err);
	racf = backend_new(&racf_backend_info, &gw, "test", 1);
	ck_assert_ptr_nonnull(racf);
	configure(racf, "map", srcdir_path("schema/racf.map"));
	/* The map is loaded as on a reload: no agent link is started. */
	ck_assert_msg(racf->be_info->bi_reload(racf, err, sizeof(err)) == 0,
	    "map: %s", err);
	memset(&k, 0x5a, sizeof(k));
	k.lk_len = 32;
	memset(&o, 0, sizeof(o));
	o.co_dir = testdir_path("cl");
	o.co_key = &k;
	o.co_mapsize = 16 << 20;
	ck_assert_msg((cl = changelog_open(&o, err, sizeof(err))) != NULL,
	    "%s", err);
}

static void
teardown(void)
{
	changelog_close(cl);
	backend_free(racf);
	gw_clear(&gw);		/* the schema, the access rules */
	testdir_remove();
}

static void
event_of(struct link_event *ev, enum link_event_type t, const char *id,
    uint64_t seq)
{
	memset(ev, 0, sizeof(*ev));
	strcpy(ev->le_agent, "PLEX1");
	ev->le_seq = seq;
	ev->le_time = 1700000000;
	ev->le_esm = LINK_EVENT_RACF;
	ev->le_type = t;
	snprintf(ev->le_userid, sizeof(ev->le_userid), "%s", id);
	strcpy(ev->le_fields[0], "NAME");
	strcpy(ev->le_fields[1], "OWNER");
	ev->le_nfields = 2;
	strcpy(ev->le_origin, "IBMUSER");
}

static void
add(struct entry *e, const char *name, const char *value)
{
	entry_add_str(e, name, schema_find_at(gw.gw_schema, name), value);
}

/* ALICE as the RACF backend would have fetched her, named cn. */
static struct entry *
alice_named(const char *cn)
{
	struct entry *e = entry_new("uid=ALICE,ou=People,dc=racf,dc=com");

	add(e, "objectClass", "racfUser");
	add(e, "uid", "ALICE");
	add(e, "cn", cn);
	add(e, "memberOf", "cn=SYS1,ou=Groups,dc=racf,dc=com");
	add(e, "memberOf", "cn=PAYROLL,ou=Groups,dc=racf,dc=com");
	add(e, "instdata", " starts with a blank");
	add(e, "hasSubordinates", "FALSE");
	return e;
}

static struct entry *
alice(void)
{
	return alice_named("ALICE ONE");
}

/* Build and append; returns the record read back (caller clears). */
static void
record(const struct link_event *ev, const struct berval *pw,
    const struct entry *e, struct changelog_rec *back, int flags)
{
	enum changelog_added added;
	uint64_t n;

	ck_assert_msg(changelog_event_append(cl, ev, pw, e, racf, &n, &added,
	    err, sizeof(err)) == 0, "append: %s", err);
	ck_assert_int_eq(added, CHANGELOG_NEW);
	ck_assert_int_eq(changelog_read(cl, n, flags, back, err, sizeof(err)),
	    0);
}

START_TEST(create_is_an_add_with_the_entry)
{
	struct link_event ev;
	struct changelog_rec r;
	struct entry *e = alice();

	event_of(&ev, LINK_EV_CREATE, "alice", 1);
	record(&ev, NULL, e, &r, 0);
	ck_assert(r.cr_number == 1);
	ck_assert_int_eq(r.cr_type, CHANGELOG_ADD);
	/* The id is folded as RACF names users. */
	ck_assert_str_eq(r.cr_target, "uid=ALICE,ou=People,dc=racf,dc=com");
	ck_assert_str_eq(r.cr_changes,
	    "objectClass: racfUser\n"
	    "uid: ALICE\n"
	    "cn: ALICE ONE\n"
	    "memberOf: cn=SYS1,ou=Groups,dc=racf,dc=com\n"
	    "memberOf: cn=PAYROLL,ou=Groups,dc=racf,dc=com\n"
	    "instdata:: IHN0YXJ0cyB3aXRoIGEgYmxhbms=\n");
	ck_assert_int_eq(r.cr_by_gateway, 0);
	ck_assert_int_eq(r.cr_esm, LINK_EVENT_RACF);
	ck_assert_int_eq(r.cr_event, LINK_EV_CREATE);
	ck_assert_str_eq(r.cr_agent, "PLEX1");
	ck_assert(r.cr_seq == 1);
	ck_assert(r.cr_time == 1700000000);
	ck_assert_str_eq(r.cr_issuer, "IBMUSER");
	ck_assert_str_eq(r.cr_fields, "NAME OWNER");
	changelog_rec_clear(&r);
	entry_free(e);
}
END_TEST

START_TEST(modify_replaces_every_attribute)
{
	struct link_event ev;
	struct changelog_rec r;
	struct entry *e = alice();

	event_of(&ev, LINK_EV_CONNECT, "ALICE", 2);
	strcpy(ev.le_group, "PAYROLL");
	ev.le_via = LINK_EVENT_GATEWAY;
	record(&ev, NULL, e, &r, 0);
	ck_assert_int_eq(r.cr_type, CHANGELOG_MODIFY);
	ck_assert_str_eq(r.cr_changes,
	    "replace: cn\n"
	    "cn: ALICE ONE\n"
	    "-\n"
	    "replace: memberOf\n"
	    "memberOf: cn=SYS1,ou=Groups,dc=racf,dc=com\n"
	    "memberOf: cn=PAYROLL,ou=Groups,dc=racf,dc=com\n"
	    "-\n"
	    "replace: instdata\n"
	    "instdata:: IHN0YXJ0cyB3aXRoIGEgYmxhbms=\n"
	    "-\n");
	ck_assert_int_eq(r.cr_by_gateway, 1);
	ck_assert_int_eq(r.cr_event, LINK_EV_CONNECT);
	changelog_rec_clear(&r);
	entry_free(e);
}
END_TEST

/* After a record of ALICE, a modify says only what differs. */
START_TEST(modify_after_a_state_has_only_the_differences)
{
	struct link_event ev;
	struct changelog_rec r;
	struct entry *e = alice(), *e2;

	event_of(&ev, LINK_EV_CREATE, "ALICE", 1);
	record(&ev, NULL, e, &r, 0);
	changelog_rec_clear(&r);
	/* A new name, one group less, instdata gone. */
	e2 = entry_new("uid=ALICE,ou=People,dc=racf,dc=com");
	add(e2, "objectClass", "racfUser");
	add(e2, "uid", "ALICE");
	add(e2, "cn", "ALICE TWO");
	add(e2, "memberOf", "cn=SYS1,ou=Groups,dc=racf,dc=com");
	event_of(&ev, LINK_EV_MODIFY, "ALICE", 2);
	record(&ev, NULL, e2, &r, 0);
	ck_assert_int_eq(r.cr_type, CHANGELOG_MODIFY);
	ck_assert_str_eq(r.cr_changes,
	    "replace: cn\n"
	    "cn: ALICE TWO\n"
	    "-\n"
	    "replace: memberOf\n"
	    "memberOf: cn=SYS1,ou=Groups,dc=racf,dc=com\n"
	    "-\n"
	    "delete: instdata\n"
	    "-\n");
	changelog_rec_clear(&r);
	/* Nothing visible changed (a failed logon, say): no changes. */
	event_of(&ev, LINK_EV_LOGON_FAILURE, "ALICE", 3);
	record(&ev, NULL, e2, &r, 0);
	ck_assert_str_eq(r.cr_changes, "");
	changelog_rec_clear(&r);
	/* A delete forgets the state: after it, a modify replaces all. */
	event_of(&ev, LINK_EV_DELETE, "ALICE", 4);
	record(&ev, NULL, NULL, &r, 0);
	changelog_rec_clear(&r);
	event_of(&ev, LINK_EV_MODIFY, "ALICE", 5);
	record(&ev, NULL, e2, &r, 0);
	ck_assert_str_eq(r.cr_changes,
	    "replace: cn\n"
	    "cn: ALICE TWO\n"
	    "-\n"
	    "replace: memberOf\n"
	    "memberOf: cn=SYS1,ou=Groups,dc=racf,dc=com\n"
	    "-\n");
	changelog_rec_clear(&r);
	entry_free(e2);
	entry_free(e);
}
END_TEST

START_TEST(delete_has_no_changes)
{
	struct link_event ev;
	struct changelog_rec r;

	event_of(&ev, LINK_EV_DELETE, "ALICE", 3);
	ev.le_nfields = 0;
	record(&ev, NULL, NULL, &r, 0);
	ck_assert_int_eq(r.cr_type, CHANGELOG_DELETE);
	ck_assert_str_eq(r.cr_target, "uid=ALICE,ou=People,dc=racf,dc=com");
	ck_assert_str_eq(r.cr_changes, "");
	ck_assert_str_eq(r.cr_fields, "");
	changelog_rec_clear(&r);
}
END_TEST

START_TEST(group_events_name_the_group)
{
	struct link_event ev;
	struct changelog_rec r;
	struct entry *e = entry_new("cn=PAYROLL,ou=Groups,dc=racf,dc=com");

	add(e, "objectClass", "racfGroup");
	add(e, "cn", "PAYROLL");
	event_of(&ev, LINK_EV_GROUP_CREATE, "PAYROLL", 4);
	record(&ev, NULL, e, &r, 0);
	ck_assert_int_eq(r.cr_type, CHANGELOG_ADD);
	ck_assert_str_eq(r.cr_target, "cn=PAYROLL,ou=Groups,dc=racf,dc=com");
	ck_assert_str_eq(r.cr_changes, "objectClass: racfGroup\n"
	    "cn: PAYROLL\n");
	changelog_rec_clear(&r);
	/* A modify of a group leaves its naming attribute out. */
	event_of(&ev, LINK_EV_GROUP_MODIFY, "PAYROLL", 5);
	record(&ev, NULL, e, &r, 0);
	ck_assert_int_eq(r.cr_type, CHANGELOG_MODIFY);
	ck_assert_str_eq(r.cr_changes, "");
	changelog_rec_clear(&r);
	event_of(&ev, LINK_EV_GROUP_DELETE, "PAYROLL", 6);
	record(&ev, NULL, NULL, &r, 0);
	ck_assert_int_eq(r.cr_type, CHANGELOG_DELETE);
	changelog_rec_clear(&r);
	entry_free(e);
}
END_TEST

START_TEST(every_other_event_is_a_modify)
{
	static const enum link_event_type modifies[] = { LINK_EV_MODIFY,
	    LINK_EV_PASSWORD_CHANGE, LINK_EV_PASSWORD_RESET,
	    LINK_EV_PASSWORD_RESET_NOEXPIRE, LINK_EV_REVOKE, LINK_EV_RESUME,
	    LINK_EV_LOGON_FAILURE, LINK_EV_PASSWORD_EXPIRED };
	struct link_event ev;
	struct changelog_rec r;
	struct entry *e = alice();
	size_t i;

	for (i = 0; i < sizeof(modifies) / sizeof(modifies[0]); i++) {
		event_of(&ev, modifies[i], "ALICE", 10 + i);
		record(&ev, NULL, e, &r, 0);
		ck_assert_int_eq(r.cr_type, CHANGELOG_MODIFY);
		ck_assert_int_eq(r.cr_event, modifies[i]);
		changelog_rec_clear(&r);
	}
	entry_free(e);
}
END_TEST

START_TEST(password_is_kept_sealed)
{
	struct link_event ev;
	struct changelog_rec r;
	struct entry *e = alice();
	char pw[] = "NEWPASS1";
	struct berval bv = { 8, pw };

	event_of(&ev, LINK_EV_PASSWORD_RESET, "ALICE", 20);
	record(&ev, &bv, e, &r, 0);
	ck_assert_int_eq(r.cr_has_password, 1);
	ck_assert_ptr_null(r.cr_password.bv_val);
	changelog_rec_clear(&r);
	ck_assert_int_eq(changelog_read(cl, 1, CHANGELOG_UNSEAL, &r, err,
	    sizeof(err)), 0);
	ck_assert_str_eq(r.cr_password.bv_val, "NEWPASS1");
	/* The LDIF never carries it. */
	ck_assert_ptr_null(strstr(r.cr_changes, "NEWPASS1"));
	changelog_rec_clear(&r);
	entry_free(e);
}
END_TEST

START_TEST(redelivery_is_a_duplicate)
{
	struct link_event ev;
	struct changelog_rec r;
	enum changelog_added added;
	uint64_t n;

	event_of(&ev, LINK_EV_DELETE, "ALICE", 30);
	record(&ev, NULL, NULL, &r, 0);
	changelog_rec_clear(&r);
	ck_assert_int_eq(changelog_event_append(cl, &ev, NULL, NULL, racf, &n,
	    &added, err, sizeof(err)), 0);
	ck_assert_int_eq(added, CHANGELOG_DUPLICATE);
	ck_assert(n == 1);
	ck_assert(changelog_count(cl) == 1);
}
END_TEST

/* Two steps, many events: built one by one, appended in one batch. */
/* In one batch, a modify compares with the add before it. */
START_TEST(a_batch_compares_with_its_own_states)
{
	struct link_event ev[2];
	struct changelog_event_rec er[2], *erp[2];
	enum changelog_added added[2];
	struct changelog_rec back;
	struct entry *e = alice(), *e2 = alice_named("ALICE RENAMED");
	size_t i;

	event_of(&ev[0], LINK_EV_CREATE, "ALICE", 60);
	event_of(&ev[1], LINK_EV_MODIFY, "ALICE", 61);
	for (i = 0; i < 2; i++) {
		ck_assert_msg(changelog_event_record(&ev[i], NULL,
		    i == 0 ? e : e2, racf, &er[i], err, sizeof(err)) == 0,
		    "record: %s", err);
		erp[i] = &er[i];
	}
	ck_assert_int_eq(changelog_event_append_batch(cl, erp, 2, added, err,
	    sizeof(err)), 0);
	ck_assert_int_eq(changelog_read(cl, 2, 0, &back, err, sizeof(err)),
	    0);
	ck_assert_str_eq(back.cr_changes, "replace: cn\ncn: ALICE RENAMED\n"
	    "-\n");
	changelog_rec_clear(&back);
	for (i = 0; i < 2; i++)
		changelog_event_record_clear(&er[i]);
	entry_free(e);
	entry_free(e2);
}
END_TEST

START_TEST(a_batch_of_events_is_one_append)
{
	struct link_event ev[3];
	struct changelog_event_rec er[3], *erp[3];
	enum changelog_added added[3];
	struct changelog_rec back;
	struct entry *e = alice();
	size_t i;

	event_of(&ev[0], LINK_EV_CREATE, "ALICE", 50);
	event_of(&ev[1], LINK_EV_DELETE, "ALICE", 51);
	event_of(&ev[2], LINK_EV_CREATE, "ALICE", 50);	/* sent again */
	for (i = 0; i < 3; i++) {
		ck_assert_msg(changelog_event_record(&ev[i], NULL,
		    i == 1 ? NULL : e, racf, &er[i], err, sizeof(err)) == 0,
		    "record: %s", err);
		erp[i] = &er[i];
	}
	ck_assert_str_eq(er[0].er_rec.cr_target,
	    "uid=ALICE,ou=People,dc=racf,dc=com");
	ck_assert_str_eq(er[0].er_rec.cr_fields, "NAME OWNER");
	ck_assert_ptr_eq(er[0].er_rec.cr_entry, e);
	ck_assert_int_eq(changelog_event_append_batch(cl, erp, 3, added, err,
	    sizeof(err)), 0);
	ck_assert_int_eq(added[0], CHANGELOG_NEW);
	ck_assert_int_eq(added[1], CHANGELOG_NEW);
	ck_assert_int_eq(added[2], CHANGELOG_DUPLICATE);
	ck_assert(er[2].er_rec.cr_number == er[0].er_rec.cr_number);
	ck_assert(changelog_count(cl) == 2);
	ck_assert_int_eq(changelog_read(cl, 2, 0, &back, err, sizeof(err)),
	    0);
	ck_assert_int_eq(back.cr_type, CHANGELOG_DELETE);
	changelog_rec_clear(&back);
	for (i = 0; i < 3; i++)
		changelog_event_record_clear(&er[i]);
	entry_free(e);
	/* A record that cannot be built says why and holds nothing. */
	event_of(&ev[0], LINK_EV_MODIFY, "TOOLONGID", 52);
	ck_assert_int_eq(changelog_event_record(&ev[0], NULL, NULL, racf,
	    &er[0], err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "is not a RACF user name"));
	ck_assert_ptr_null(er[0].er_target);
	changelog_event_record_clear(&er[0]);
}
END_TEST

/* The event is refused, nothing is stored, the reason contains text. */
static void
refused(const struct link_event *ev, const struct berval *pw,
    struct backend *be, const char *text)
{
	enum changelog_added added;
	uint64_t n = 99;

	ck_assert_int_eq(changelog_event_append(cl, ev, pw, NULL, be, &n,
	    &added, err, sizeof(err)), -1);
	ck_assert(n == 0);
	ck_assert_msg(strstr(err, text) != NULL, "reason \"%s\" lacks \"%s\"",
	    err, text);
	ck_assert(changelog_count(cl) == 0);
}

START_TEST(unusable_events_are_refused)
{
	struct link_event ev;
	struct berval pw = { 4, (char *)"PASS" };
	struct backend *clbe;

	event_of(&ev, LINK_EV_MODIFY, "ALICE", 40);
	refused(&ev, &pw, racf, "a password came with a modify event");
	event_of(&ev, LINK_EV_MODIFY, "TOOLONGID", 41);
	refused(&ev, NULL, racf, "\"TOOLONGID\" is not a RACF user name: "
	    "must be 1 to 8");
	event_of(&ev, LINK_EV_CONNECT, "ALICE", 42);
	refused(&ev, NULL, racf, "group is empty");
	clbe = backend_new(&changelog_backend_info, &gw, "test", 2);
	event_of(&ev, LINK_EV_MODIFY, "ALICE", 43);
	refused(&ev, NULL, clbe, "names no entries for events");
	backend_free(clbe);
}
END_TEST

struct heard {
	uint64_t		 h_number;
	const struct entry	*h_entry;
	char			 h_target[128];
	int			 h_type;
};

static void
heard_cb(void *arg, const struct changelog_rec *r)
{
	struct heard *h = arg;

	h->h_number = r->cr_number;
	h->h_entry = r->cr_entry;
	h->h_type = r->cr_type;
	snprintf(h->h_target, sizeof(h->h_target), "%s", r->cr_target);
}

START_TEST(subscribers_hear_of_each_record)
{
	struct link_event ev;
	struct changelog_rec r;
	struct changelog_sub *sub;
	struct heard h;
	struct entry *e = alice();

	memset(&h, 0, sizeof(h));
	sub = changelog_subscribe(cl, heard_cb, &h);
	event_of(&ev, LINK_EV_MODIFY, "ALICE", 50);
	record(&ev, NULL, e, &r, 0);
	changelog_rec_clear(&r);
	/* The record, and the entry a persistent search would send. */
	ck_assert(h.h_number == 1);
	ck_assert_ptr_eq(h.h_entry, e);
	ck_assert_int_eq(h.h_type, CHANGELOG_MODIFY);
	ck_assert_str_eq(h.h_target, "uid=ALICE,ou=People,dc=racf,dc=com");
	event_of(&ev, LINK_EV_DELETE, "ALICE", 51);
	record(&ev, NULL, NULL, &r, 0);
	changelog_rec_clear(&r);
	ck_assert(h.h_number == 2);
	ck_assert_ptr_null(h.h_entry);
	changelog_unsubscribe(cl, sub);
	event_of(&ev, LINK_EV_DELETE, "BOB", 52);
	record(&ev, NULL, NULL, &r, 0);
	changelog_rec_clear(&r);
	ck_assert(h.h_number == 2);
	entry_free(e);
}
END_TEST

START_TEST(ldif_values_follow_rfc2849)
{
	struct entry *e = entry_new("uid=X,ou=People,dc=racf,dc=com");
	char *ldif;

	add(e, "cn", "plain: colons inside are fine");
	add(e, "sn", ":starts with a colon");
	add(e, "givenName", "<starts with less-than");
	add(e, "description", "ends with a blank ");
	add(e, "description", "caf\xc3\xa9");
	add(e, "description", "two\nlines");
	add(e, "description", "");
	ldif = changelog_event_ldif(e, CHANGELOG_ADD, NULL);
	ck_assert_str_eq(ldif,
	    "cn: plain: colons inside are fine\n"
	    "sn:: OnN0YXJ0cyB3aXRoIGEgY29sb24=\n"
	    "givenName:: PHN0YXJ0cyB3aXRoIGxlc3MtdGhhbg==\n"
	    "description:: ZW5kcyB3aXRoIGEgYmxhbmsg\n"
	    "description:: Y2Fmw6k=\n"
	    "description:: dHdvCmxpbmVz\n"
	    "description:\n");
	free(ldif);
	entry_free(e);
}
END_TEST

static Suite *
changelog_event_suite(void)
{
	Suite *s = suite_create("changelog_event");
	TCase *tc;

	tc = tcase_create("records");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, create_is_an_add_with_the_entry);
	tcase_add_test(tc, modify_replaces_every_attribute);
	tcase_add_test(tc, modify_after_a_state_has_only_the_differences);
	tcase_add_test(tc, delete_has_no_changes);
	tcase_add_test(tc, group_events_name_the_group);
	tcase_add_test(tc, every_other_event_is_a_modify);
	tcase_add_test(tc, password_is_kept_sealed);
	tcase_add_test(tc, redelivery_is_a_duplicate);
	tcase_add_test(tc, a_batch_of_events_is_one_append);
	tcase_add_test(tc, a_batch_compares_with_its_own_states);
	tcase_add_test(tc, unusable_events_are_refused);
	tcase_add_test(tc, subscribers_hear_of_each_record);
	tcase_add_test(tc, ldif_values_follow_rfc2849);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(changelog_event_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
