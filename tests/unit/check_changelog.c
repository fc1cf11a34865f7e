/*
 * check_changelog.c - the changelog store (gateway/changelog*.c):
 * numbering from 1 that survives reopening and trimming, dedupe by
 * (agent, sequence) across reopening and after trimming, trimming by
 * count and by age in batches, records read back exactly, passwords
 * sealed (never in the file's bytes, opened only on request, refused
 * under another key), refused records, and the subscribers' hook.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <lmdb.h>

#include "crypt.h"
#include "link.h"
#include "gateway/changelog.h"
#include "testdir.h"

#define SECRET	"S3cr3t-Pa55w0rd!"

static char err[512];

static void
setup(void)
{
	testdir_create("check_changelog");
}

static void
teardown(void)
{
	testdir_remove();
}

static void
key_of(struct link_key *k, unsigned char fill)
{
	memset(k, 0, sizeof(*k));
	memset(k->lk_bytes, fill, 32);
	k->lk_len = 32;
}

/* The changelog in the test directory, with key 0x11 and limits. */
static struct changelog *
open_with(uint64_t max_entries, uint64_t max_age)
{
	struct changelog_opts o;
	struct changelog *cl;
	struct link_key k;

	key_of(&k, 0x11);
	memset(&o, 0, sizeof(o));
	o.co_dir = testdir_path("cl");
	o.co_key = &k;
	o.co_max_entries = max_entries;
	o.co_max_age = max_age;
	o.co_mapsize = 16 << 20;
	cl = changelog_open(&o, err, sizeof(err));
	ck_assert_msg(cl != NULL, "open: %s", err);
	return cl;
}

/* A modify of uid=ID by agent PLEX1, event seq. */
static void
rec_of(struct changelog_rec *r, const char *target, uint64_t seq)
{
	memset(r, 0, sizeof(*r));
	r->cr_time = 1700000000 + (int64_t)seq;
	r->cr_type = CHANGELOG_MODIFY;
	r->cr_target = target;
	r->cr_changes = "replace: cn\ncn: ALICE ONE\n-\n";
	r->cr_esm = LINK_EVENT_RACF;
	r->cr_agent = "PLEX1";
	r->cr_seq = seq;
	r->cr_event = LINK_EV_MODIFY;
	r->cr_issuer = "IBMUSER";
	r->cr_fields = "NAME";
}

static uint64_t
append(struct changelog *cl, struct changelog_rec *r,
    enum changelog_added want)
{
	enum changelog_added added;

	ck_assert_msg(changelog_append(cl, r, &added, err, sizeof(err)) == 0,
	    "append: %s", err);
	ck_assert_int_eq(added, want);
	return r->cr_number;
}

static uint64_t
append_seq(struct changelog *cl, uint64_t seq)
{
	struct changelog_rec r;

	rec_of(&r, "uid=ALICE,ou=People,dc=racf,dc=com", seq);
	return append(cl, &r, CHANGELOG_NEW);
}

/* Records of events 1..n, then the changelog opened again with a count
   limit (which trims it at open). */
static struct changelog *
reopen_after(uint64_t n, uint64_t max_entries)
{
	struct changelog *cl = open_with(0, 0);
	uint64_t i;

	for (i = 1; i <= n; i++)
		append_seq(cl, i);
	changelog_close(cl);
	return open_with(max_entries, 0);
}

/* ---- the changes between two states -------------------------------- */

static void
diff_is(const char *before, const char *after, const char *want)
{
	char *got = changelog_ldif_diff(before, after);

	ck_assert_str_eq(got, want);
	free(got);
}

START_TEST(diffs_name_what_differs)
{
	const char *s = "objectClass: racfUser\nuid: A\ncn: A ONE\n"
	    "memberOf: cn=G1\nmemberOf: cn=G2\n";

	diff_is(s, s, "");
	diff_is("", "", "");
	/* A changed value, values in another order, one value less. */
	diff_is(s, "objectClass: racfUser\nuid: A\ncn: A TWO\n"
	    "memberOf: cn=G1\nmemberOf: cn=G2\n",
	    "replace: cn\ncn: A TWO\n-\n");
	diff_is(s, "objectClass: racfUser\nuid: A\ncn: A ONE\n"
	    "memberOf: cn=G2\nmemberOf: cn=G1\n",
	    "replace: memberOf\nmemberOf: cn=G2\nmemberOf: cn=G1\n-\n");
	diff_is(s, "objectClass: racfUser\nuid: A\ncn: A ONE\n"
	    "memberOf: cn=G1\n", "replace: memberOf\nmemberOf: cn=G1\n-\n");
	/* New and gone attributes; names compare without case. */
	diff_is(s, "objectclass: racfUser\nUID: A\ncn: A ONE\n"
	    "memberOf: cn=G1\nmemberOf: cn=G2\ninstdata:: IGE=\n",
	    "replace: instdata\ninstdata:: IGE=\n-\n");
	diff_is(s, "objectClass: racfUser\nuid: A\n",
	    "delete: cn\n-\ndelete: memberOf\n-\n");
	/* An empty value is a value; a last line without a newline too. */
	diff_is("cn: A\n", "cn:\n", "replace: cn\ncn:\n-\n");
	diff_is("cn: A", "cn: B", "replace: cn\ncn: B\n-\n");
}
END_TEST

/* ---- numbering and dedupe ------------------------------------------ */

START_TEST(numbers_start_at_one)
{
	struct changelog *cl = open_with(0, 0);

	ck_assert(changelog_last(cl) == 0);
	ck_assert(changelog_first(cl) == 1);
	ck_assert(changelog_count(cl) == 0);
	ck_assert(append_seq(cl, 10) == 1);
	ck_assert(append_seq(cl, 11) == 2);
	ck_assert(append_seq(cl, 12) == 3);
	ck_assert(changelog_first(cl) == 1);
	ck_assert(changelog_last(cl) == 3);
	ck_assert(changelog_count(cl) == 3);
	ck_assert(changelog_stats(cl)->cs_appended == 3);
	changelog_close(cl);
}
END_TEST

START_TEST(duplicates_write_nothing)
{
	struct changelog *cl = open_with(0, 0);
	struct changelog_rec r;

	ck_assert(append_seq(cl, 10) == 1);
	ck_assert(append_seq(cl, 11) == 2);
	rec_of(&r, "uid=OTHER,ou=People,dc=racf,dc=com", 10);
	ck_assert(append(cl, &r, CHANGELOG_DUPLICATE) == 1);
	ck_assert(changelog_count(cl) == 2);
	ck_assert(changelog_last(cl) == 2);
	ck_assert(changelog_stats(cl)->cs_duplicates == 1);
	/* The first record stays as it was. */
	ck_assert_int_eq(changelog_read(cl, 1, 0, &r, err, sizeof(err)), 0);
	ck_assert_str_eq(r.cr_target, "uid=ALICE,ou=People,dc=racf,dc=com");
	changelog_rec_clear(&r);
	/* Another agent's sequence 10 is another event. */
	rec_of(&r, "uid=ALICE,ou=People,dc=racf,dc=com", 10);
	r.cr_agent = "PLEX2";
	ck_assert(append(cl, &r, CHANGELOG_NEW) == 3);
	changelog_close(cl);
}
END_TEST

START_TEST(numbering_and_dedupe_survive_reopening)
{
	struct changelog *cl = open_with(0, 0);
	struct changelog_rec r;

	append_seq(cl, 1);
	append_seq(cl, 2);
	changelog_close(cl);
	cl = open_with(0, 0);
	ck_assert(changelog_first(cl) == 1);
	ck_assert(changelog_last(cl) == 2);
	ck_assert(changelog_count(cl) == 2);
	rec_of(&r, "uid=ALICE,ou=People,dc=racf,dc=com", 2);
	ck_assert(append(cl, &r, CHANGELOG_DUPLICATE) == 2);
	ck_assert(append_seq(cl, 3) == 3);
	changelog_close(cl);
}
END_TEST

START_TEST(numbers_are_never_reused)
{
	struct changelog *cl = open_with(0, 0);
	size_t n;
	int more;

	append_seq(cl, 1);
	append_seq(cl, 2);
	changelog_close(cl);
	/* A minute from now both are older than their second of life. */
	cl = open_with(0, 1);
	ck_assert_int_eq(changelog_trim(cl, time(NULL) + 60, 10, &n, &more,
	    err, sizeof(err)), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert(changelog_count(cl) == 0);
	ck_assert(changelog_last(cl) == 2);
	ck_assert(changelog_first(cl) == 3);
	ck_assert(append_seq(cl, 3) == 3);
	changelog_close(cl);
	cl = open_with(0, 0);
	ck_assert(append_seq(cl, 4) == 4);
	changelog_close(cl);
}
END_TEST

/* ---- trimming ------------------------------------------------------ */

START_TEST(trims_by_count_at_open)
{
	struct changelog *cl = reopen_after(5, 2);
	struct changelog_rec r;

	ck_assert(changelog_count(cl) == 2);
	ck_assert(changelog_first(cl) == 4);
	ck_assert(changelog_last(cl) == 5);
	ck_assert(changelog_stats(cl)->cs_trimmed == 3);
	ck_assert_int_eq(changelog_read(cl, 3, 0, &r, err, sizeof(err)), 1);
	/* A redelivery of a trimmed event is still a duplicate. */
	rec_of(&r, "uid=ALICE,ou=People,dc=racf,dc=com", 2);
	ck_assert(append(cl, &r, CHANGELOG_DUPLICATE) == 0);
	ck_assert(changelog_count(cl) == 2);
	/* The count limit holds on each trim, not on append. */
	append_seq(cl, 6);
	ck_assert(changelog_count(cl) == 3);
	changelog_close(cl);
	cl = open_with(0, 0);
	ck_assert(changelog_stats(cl)->cs_trimmed == 3);
	changelog_close(cl);
}
END_TEST

START_TEST(trims_by_age_in_batches)
{
	struct changelog *cl = open_with(0, 3600);
	struct changelog_rec r;
	time_t now = time(NULL);
	size_t n;
	int more;
	uint64_t i;

	/* Stored 10, 9, ... 1 hours ago, then two just now. */
	for (i = 1; i <= 10; i++) {
		rec_of(&r, "uid=ALICE,ou=People,dc=racf,dc=com", i);
		r.cr_stored = (int64_t)now - (int64_t)(11 - i) * 3600;
		append(cl, &r, CHANGELOG_NEW);
	}
	append_seq(cl, 11);
	append_seq(cl, 12);
	ck_assert_int_eq(changelog_trim(cl, now, 4, &n, &more, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(n, 4);
	ck_assert_int_eq(more, 1);
	ck_assert(changelog_first(cl) == 5);
	ck_assert_int_eq(changelog_trim(cl, now, 4, &n, &more, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(n, 4);
	ck_assert_int_eq(more, 1);
	/* Record 10 is exactly an hour old: not older than max-age. */
	ck_assert_int_eq(changelog_trim(cl, now, 4, &n, &more, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(more, 0);
	ck_assert(changelog_first(cl) == 10);
	ck_assert(changelog_count(cl) == 3);
	ck_assert_int_eq(changelog_trim(cl, now + 1, 4, &n, &more, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert(changelog_first(cl) == 11);
	ck_assert(changelog_stats(cl)->cs_trimmed == 10);
	changelog_close(cl);
}
END_TEST

/* ---- records and passwords ----------------------------------------- */

static void
append_password_reset(struct changelog *cl)
{
	struct changelog_rec r;
	char pw[] = SECRET;

	memset(&r, 0, sizeof(r));
	r.cr_time = 1700000123;
	r.cr_stored = 1700000124;
	r.cr_type = CHANGELOG_MODIFY;
	r.cr_target = "uid=BOB,ou=People,dc=tss,dc=com";
	r.cr_changes = "";
	r.cr_by_gateway = 1;
	r.cr_esm = LINK_EVENT_TSS;
	r.cr_agent = "PLEX9";
	r.cr_seq = 77;
	r.cr_event = LINK_EV_PASSWORD_RESET;
	r.cr_issuer = "ESMAGENT";
	r.cr_fields = "PASSWORD";
	r.cr_password.bv_val = pw;
	r.cr_password.bv_len = strlen(pw);
	append(cl, &r, CHANGELOG_NEW);
	/* The store kept no pointer to the caller's secret. */
	memset(pw, 'x', strlen(pw));
}

/* The changes a modify of ALICE with state (NULL: none) is stored with. */
static void
modify_with_state(struct changelog *cl, uint64_t seq, const char *state,
    const char *want)
{
	struct changelog_rec r, back;

	rec_of(&r, "uid=ALICE,ou=People,dc=racf,dc=com", seq);
	r.cr_state = state;
	append(cl, &r, CHANGELOG_NEW);
	ck_assert_int_eq(changelog_read(cl, r.cr_number, 0, &back, err,
	    sizeof(err)), 0);
	ck_assert_str_eq(back.cr_changes, want);
	changelog_rec_clear(&back);
	free(r.cr_diff);
}

START_TEST(states_never_go_stale)
{
	struct changelog *cl = open_with(0, 0);
	const char *full = "replace: cn\ncn: ALICE ONE\n-\n";

	/* No state before: the changes as given; then only what differs. */
	modify_with_state(cl, 1, "cn: ALICE ONE\nowner: SYS1\n", full);
	modify_with_state(cl, 2, "cn: ALICE ONE\nowner: SYS2\n",
	    "replace: owner\nowner: SYS2\n-\n");
	modify_with_state(cl, 3, "cn: ALICE ONE\nowner: SYS2\n", "");
	/* A record without a state (too large to keep) forgets it: the
	   next one cannot be diffed against what it had before. */
	modify_with_state(cl, 4, NULL, full);
	modify_with_state(cl, 5, "cn: ALICE ONE\nowner: SYS2\n", full);
	changelog_close(cl);
}
END_TEST

START_TEST(records_read_back_exactly)
{
	struct changelog *cl = open_with(0, 0);
	struct changelog_rec r;

	append_seq(cl, 5);
	append_password_reset(cl);
	ck_assert_int_eq(changelog_read(cl, 2, 0, &r, err, sizeof(err)), 0);
	ck_assert(r.cr_number == 2);
	ck_assert(r.cr_time == 1700000123);
	ck_assert(r.cr_stored == 1700000124);
	ck_assert_int_eq(r.cr_type, CHANGELOG_MODIFY);
	ck_assert_str_eq(r.cr_target, "uid=BOB,ou=People,dc=tss,dc=com");
	ck_assert_str_eq(r.cr_changes, "");
	ck_assert_int_eq(r.cr_by_gateway, 1);
	ck_assert_int_eq(r.cr_esm, LINK_EVENT_TSS);
	ck_assert_str_eq(r.cr_agent, "PLEX9");
	ck_assert(r.cr_seq == 77);
	ck_assert_int_eq(r.cr_event, LINK_EV_PASSWORD_RESET);
	ck_assert_str_eq(r.cr_issuer, "ESMAGENT");
	ck_assert_str_eq(r.cr_fields, "PASSWORD");
	/* Without CHANGELOG_UNSEAL: known to be there, not shown. */
	ck_assert_int_eq(r.cr_has_password, 1);
	ck_assert_ptr_null(r.cr_password.bv_val);
	changelog_rec_clear(&r);
	ck_assert_int_eq(changelog_read(cl, 2, CHANGELOG_UNSEAL, &r, err,
	    sizeof(err)), 0);
	ck_assert_str_eq(r.cr_password.bv_val, SECRET);
	ck_assert_uint_eq(r.cr_password.bv_len, strlen(SECRET));
	changelog_rec_clear(&r);
	ck_assert_int_eq(changelog_read(cl, 1, CHANGELOG_UNSEAL, &r, err,
	    sizeof(err)), 0);
	ck_assert_str_eq(r.cr_changes, "replace: cn\ncn: ALICE ONE\n-\n");
	ck_assert_int_eq(r.cr_has_password, 0);
	ck_assert_ptr_null(r.cr_password.bv_val);
	changelog_rec_clear(&r);
	changelog_close(cl);
}
END_TEST

/* Does the file hold these bytes? */
static int
file_holds(const char *path, const char *what)
{
	struct stat st;
	char *buf;
	FILE *fp;
	int found;

	ck_assert_int_eq(stat(path, &st), 0);
	buf = malloc((size_t)st.st_size);
	ck_assert_ptr_nonnull(buf);
	ck_assert_ptr_nonnull(fp = fopen(path, "rb"));
	ck_assert_uint_eq(fread(buf, 1, (size_t)st.st_size, fp),
	    (size_t)st.st_size);
	fclose(fp);
	found = memmem(buf, (size_t)st.st_size, what, strlen(what)) != NULL;
	free(buf);
	return found;
}

START_TEST(passwords_never_land_in_clear)
{
	struct changelog *cl = open_with(0, 0);

	append_password_reset(cl);
	changelog_close(cl);
	/* The record is there (its DN is), its password is not. */
	ck_assert(file_holds(testdir_path("cl/data.mdb"),
	    "uid=BOB,ou=People,dc=tss,dc=com"));
	ck_assert(!file_holds(testdir_path("cl/data.mdb"), SECRET));
	ck_assert(!file_holds(testdir_path("cl/data.mdb"), "Pa55w0rd"));
}
END_TEST

START_TEST(another_key_file_is_refused)
{
	struct changelog_opts o;
	struct changelog *cl = open_with(0, 0);
	struct link_key k;

	append_password_reset(cl);
	changelog_close(cl);
	key_of(&k, 0x22);
	memset(&o, 0, sizeof(o));
	o.co_dir = testdir_path("cl");
	o.co_key = &k;
	ck_assert_ptr_null(changelog_open(&o, err, sizeof(err)));
	ck_assert_msg(strstr(err, "created with another key file") != NULL,
	    "%s", err);
}
END_TEST

START_TEST(no_key_reads_but_never_unseals)
{
	struct changelog_opts o;
	struct changelog *cl = open_with(0, 0);
	struct changelog_rec r;

	append_password_reset(cl);
	changelog_close(cl);
	memset(&o, 0, sizeof(o));
	o.co_dir = testdir_path("cl");
	ck_assert_ptr_nonnull(cl = changelog_open(&o, err, sizeof(err)));
	ck_assert_int_eq(changelog_read(cl, 1, 0, &r, err, sizeof(err)), 0);
	ck_assert_int_eq(r.cr_has_password, 1);
	changelog_rec_clear(&r);
	ck_assert_int_eq(changelog_read(cl, 1, CHANGELOG_UNSEAL, &r, err,
	    sizeof(err)), -1);
	ck_assert_msg(strstr(err, "without the key file") != NULL, "%s", err);
	rec_of(&r, "uid=X,ou=People,dc=racf,dc=com", 99);
	r.cr_password.bv_val = (char *)"newpass";
	r.cr_password.bv_len = 7;
	ck_assert_int_eq(changelog_append(cl, &r, &(enum changelog_added){ 0 },
	    err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "no key file") != NULL, "%s", err);
	changelog_close(cl);
}
END_TEST

START_TEST(sealed_bytes_open_only_where_sealed)
{
	struct changelog_key k, other;
	struct link_key lk;
	unsigned char salt[CHANGELOG_SALT_LEN] = { 1, 2, 3 };
	unsigned char sealed[7 + CRYPT_TAG_LEN], out[8];

	key_of(&lk, 0x33);
	ck_assert_int_eq(changelog_key_derive(&lk, salt, &k), 0);
	ck_assert_int_eq(changelog_seal(&k, 9, "uid=A", "secret!", 7, sealed),
	    0);
	ck_assert_int_eq(changelog_unseal(&k, 9, "uid=A", sealed,
	    sizeof(sealed), out), 0);
	ck_assert(memcmp(out, "secret!", 7) == 0);
	/* Another record number, another DN, another salt: no. */
	ck_assert_int_eq(changelog_unseal(&k, 10, "uid=A", sealed,
	    sizeof(sealed), out), -1);
	ck_assert_int_eq(changelog_unseal(&k, 9, "uid=B", sealed,
	    sizeof(sealed), out), -1);
	salt[0] = 9;
	ck_assert_int_eq(changelog_key_derive(&lk, salt, &other), 0);
	ck_assert_int_eq(changelog_unseal(&other, 9, "uid=A", sealed,
	    sizeof(sealed), out), -1);
	sealed[0] ^= 1;
	ck_assert_int_eq(changelog_unseal(&k, 9, "uid=A", sealed,
	    sizeof(sealed), out), -1);
	changelog_key_clear(&k);
	changelog_key_clear(&other);
}
END_TEST

/* The record is refused and the reason contains text. */
static void
refused(struct changelog *cl, struct changelog_rec *r, const char *text)
{
	enum changelog_added added;

	ck_assert_int_eq(changelog_append(cl, r, &added, err, sizeof(err)),
	    -1);
	ck_assert_msg(strstr(err, text) != NULL, "reason \"%s\" lacks \"%s\"",
	    err, text);
}

START_TEST(bad_records_are_refused)
{
	struct changelog *cl = open_with(0, 0);
	struct changelog_rec r;
	char big[CHANGELOG_DN_MAX + 2];

	rec_of(&r, "", 1);
	refused(cl, &r, "no targetDN");
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	rec_of(&r, big, 1);
	refused(cl, &r, "targetDN is longer");
	rec_of(&r, "uid=A", 1);
	r.cr_type = (enum changelog_type)9;
	refused(cl, &r, "change type 9");
	rec_of(&r, "uid=A", 1);
	r.cr_agent = NULL;
	refused(cl, &r, "no agent");
	rec_of(&r, "uid=A", 1);
	r.cr_event = (enum link_event_type)0;
	refused(cl, &r, "event type (0) is unknown");
	rec_of(&r, "uid=A", 1);
	r.cr_password.bv_val = big;
	r.cr_password.bv_len = EVENT_PASSWORD_MAX + 1;
	refused(cl, &r, "password has 257 bytes");
	ck_assert(changelog_count(cl) == 0);
	ck_assert(changelog_last(cl) == 0);
	changelog_close(cl);
}
END_TEST

START_TEST(next_skips_gaps)
{
	struct changelog *cl = reopen_after(4, 2);
	struct changelog_rec r;

	ck_assert_int_eq(changelog_next(cl, 1, 0, &r, err, sizeof(err)), 0);
	ck_assert(r.cr_number == 3);
	changelog_rec_clear(&r);
	ck_assert_int_eq(changelog_next(cl, 4, 0, &r, err, sizeof(err)), 0);
	ck_assert(r.cr_number == 4);
	changelog_rec_clear(&r);
	ck_assert_int_eq(changelog_next(cl, 5, 0, &r, err, sizeof(err)), 1);
	changelog_close(cl);
}
END_TEST

START_TEST(open_reports_a_bad_directory)
{
	struct changelog_opts o;

	memset(&o, 0, sizeof(o));
	o.co_dir = testdir_write("file", "not a directory\n", 0600);
	ck_assert_ptr_null(changelog_open(&o, err, sizeof(err)));
	ck_assert_msg(strstr(err, "file") != NULL && strstr(err,
	    "LMDB") != NULL, "%s", err);
}
END_TEST

START_TEST(a_full_map_stores_nothing)
{
	struct changelog_opts o;
	struct changelog *cl;
	struct changelog_rec r;
	enum changelog_added added;
	struct link_key k;
	char *big;
	uint64_t seq;
	int rc = 0;

	key_of(&k, 0x11);
	memset(&o, 0, sizeof(o));
	o.co_dir = testdir_path("cl");
	o.co_key = &k;
	o.co_mapsize = 256 << 10;
	ck_assert_ptr_nonnull(cl = changelog_open(&o, err, sizeof(err)));
	big = malloc(CHANGELOG_CHANGES_MAX + 1);
	memset(big, 'x', CHANGELOG_CHANGES_MAX / 4);
	big[CHANGELOG_CHANGES_MAX / 4] = '\0';
	for (seq = 1; seq < 100 && rc == 0; seq++) {
		rec_of(&r, "uid=ALICE,ou=People,dc=racf,dc=com", seq);
		r.cr_changes = big;
		rc = changelog_append(cl, &r, &added, err, sizeof(err));
	}
	ck_assert_int_eq(rc, -1);
	ck_assert_msg(strstr(err, "the map is full") != NULL, "%s", err);
	/* The failed append took no number and left no trace. */
	ck_assert(changelog_last(cl) == seq - 2);
	ck_assert(changelog_count(cl) == seq - 2);
	ck_assert_int_eq(changelog_read(cl, seq - 1, 0, &r, err, sizeof(err)),
	    1);
	ck_assert_int_eq(changelog_read(cl, 1, 0, &r, err, sizeof(err)), 0);
	changelog_rec_clear(&r);
	free(big);
	changelog_close(cl);
}
END_TEST

/* Overwrite record 1's value with bytes that are no record. */
static void
damage_record_one(void)
{
	unsigned char key[8] = { 0, 0, 0, 0, 0, 0, 0, 1 };
	MDB_env *env;
	MDB_txn *txn;
	MDB_dbi dbi;
	MDB_val k = { sizeof(key), key }, v = { 5, (void *)"\x30\x03junk" };

	ck_assert_int_eq(mdb_env_create(&env), 0);
	ck_assert_int_eq(mdb_env_set_maxdbs(env, 4), 0);
	ck_assert_int_eq(mdb_env_set_mapsize(env, 16 << 20), 0);
	ck_assert_int_eq(mdb_env_open(env, testdir_path("cl"), 0, 0600), 0);
	ck_assert_int_eq(mdb_txn_begin(env, NULL, 0, &txn), 0);
	ck_assert_int_eq(mdb_dbi_open(txn, "records", 0, &dbi), 0);
	ck_assert_int_eq(mdb_put(txn, dbi, &k, &v, 0), 0);
	ck_assert_int_eq(mdb_txn_commit(txn), 0);
	mdb_env_close(env);
}

START_TEST(a_damaged_record_is_reported)
{
	struct changelog_opts o;
	struct changelog *cl = open_with(0, 0);
	struct changelog_rec r;
	struct link_key k;

	append_seq(cl, 1);
	append_seq(cl, 2);
	changelog_close(cl);
	damage_record_one();
	cl = open_with(0, 0);
	ck_assert_int_eq(changelog_read(cl, 1, 0, &r, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "reading change 1 failed") != NULL, "%s",
	    err);
	ck_assert_ptr_null(r.cr_priv);
	ck_assert_int_eq(changelog_read(cl, 2, 0, &r, err, sizeof(err)), 0);
	changelog_rec_clear(&r);
	changelog_close(cl);
	/* Trimming stops at it rather than drop what it cannot read. */
	key_of(&k, 0x11);
	memset(&o, 0, sizeof(o));
	o.co_dir = testdir_path("cl");
	o.co_key = &k;
	o.co_max_entries = 1;
	ck_assert_ptr_null(changelog_open(&o, err, sizeof(err)));
	ck_assert_msg(strstr(err, "the oldest record is damaged") != NULL,
	    "%s", err);
}
END_TEST

/* ---- subscribers --------------------------------------------------- */

struct seen {
	struct changelog	*s_cl;
	struct changelog_sub	*s_self;
	struct changelog_sub	*s_other;
	uint64_t		 s_numbers[8];
	size_t			 s_n;
	int			 s_saw_password;	/* in clear */
	int			 s_flagged;	/* cr_has_password */
	int			 s_leave;	/* unsubscribe on first call */
};

static void
seen_cb(void *arg, const struct changelog_rec *r)
{
	struct seen *s = arg;

	s->s_numbers[s->s_n++] = r->cr_number;
	s->s_saw_password |= r->cr_password.bv_val != NULL;
	s->s_flagged += r->cr_has_password;
	if (s->s_leave) {
		changelog_unsubscribe(s->s_cl, s->s_self);
		changelog_unsubscribe(s->s_cl, s->s_other);
		s->s_leave = 0;
	}
}

START_TEST(subscribers_hear_new_records_once)
{
	struct changelog *cl = open_with(0, 0);
	struct seen a, b;
	struct changelog_rec r;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	a.s_cl = b.s_cl = cl;
	a.s_self = changelog_subscribe(cl, seen_cb, &a);
	b.s_self = changelog_subscribe(cl, seen_cb, &b);
	append_seq(cl, 1);
	append_password_reset(cl);
	rec_of(&r, "uid=ALICE,ou=People,dc=racf,dc=com", 1);
	append(cl, &r, CHANGELOG_DUPLICATE);
	ck_assert_uint_eq(a.s_n, 2);
	ck_assert(a.s_numbers[0] == 1 && a.s_numbers[1] == 2);
	ck_assert_int_eq(a.s_saw_password, 0);
	ck_assert_int_eq(a.s_flagged, 1);
	/* a leaves, and takes b with it, in the middle of a notification. */
	a.s_other = b.s_self;
	a.s_leave = 1;
	append_seq(cl, 3);
	append_seq(cl, 4);
	ck_assert_uint_eq(a.s_n, 3);
	ck_assert_uint_eq(b.s_n, 2);
	changelog_close(cl);
}
END_TEST

/* ---- batches ------------------------------------------------------- */

/* The last number as a subscriber sees it when told of a record. */
static uint64_t told_last[8];
static size_t ntold;

static void
last_cb(void *arg, const struct changelog_rec *r)
{
	struct changelog *cl = arg;

	ck_assert_uint_lt(ntold, 8);
	told_last[ntold++] = changelog_last(cl);
	ck_assert(r->cr_number != 0);
}

START_TEST(a_batch_is_one_transaction)
{
	struct changelog *cl = open_with(0, 0);
	struct changelog_rec r[5], *p[5];
	enum changelog_added added[5];
	uint64_t seqs[5] = { 3, 4, 3, 2, 5 };
	size_t i;

	append_seq(cl, 1);
	append_seq(cl, 2);
	ntold = 0;
	changelog_subscribe(cl, last_cb, cl);
	for (i = 0; i < 5; i++) {
		rec_of(&r[i], "uid=ALICE,ou=People,dc=racf,dc=com", seqs[i]);
		p[i] = &r[i];
	}
	ck_assert_msg(changelog_append_batch(cl, p, 5, added, err,
	    sizeof(err)) == 0, "batch: %s", err);
	/* 3 and 4 are new, 3 again is the batch's own duplicate, 2 was
	   stored before, 5 is new. */
	ck_assert_int_eq(added[0], CHANGELOG_NEW);
	ck_assert_int_eq(added[1], CHANGELOG_NEW);
	ck_assert_int_eq(added[2], CHANGELOG_DUPLICATE);
	ck_assert_int_eq(added[3], CHANGELOG_DUPLICATE);
	ck_assert_int_eq(added[4], CHANGELOG_NEW);
	ck_assert(r[0].cr_number == 3 && r[1].cr_number == 4);
	ck_assert(r[2].cr_number == 3 && r[3].cr_number == 2);
	ck_assert(r[4].cr_number == 5);
	ck_assert(changelog_last(cl) == 5 && changelog_count(cl) == 5);
	ck_assert(changelog_stats(cl)->cs_duplicates == 2);
	/* Subscribers heard of the three once the whole batch was in. */
	ck_assert_uint_eq(ntold, 3);
	for (i = 0; i < ntold; i++)
		ck_assert(told_last[i] == 5);
	/* A batch of duplicates alone writes nothing and tells nobody. */
	ck_assert_int_eq(changelog_append_batch(cl, p, 2, added, err,
	    sizeof(err)), 0);
	ck_assert_int_eq(added[0], CHANGELOG_DUPLICATE);
	ck_assert_int_eq(added[1], CHANGELOG_DUPLICATE);
	ck_assert_uint_eq(ntold, 3);
	ck_assert(changelog_last(cl) == 5);
	changelog_close(cl);
	cl = open_with(0, 0);
	ck_assert(changelog_last(cl) == 5);
	ck_assert(append_seq(cl, 6) == 6);
	changelog_close(cl);
}
END_TEST

START_TEST(a_failed_batch_stores_nothing)
{
	struct changelog *cl = open_with(0, 0);
	struct changelog_rec r[2], *p[2] = { &r[0], &r[1] };
	enum changelog_added added[2];

	rec_of(&r[0], "uid=ALICE,ou=People,dc=racf,dc=com", 10);
	rec_of(&r[1], "", 11);
	ck_assert_int_eq(changelog_append_batch(cl, p, 2, added, err,
	    sizeof(err)), -1);
	ck_assert_msg(strstr(err, "no targetDN") != NULL, "%s", err);
	ck_assert(r[0].cr_number == 0);
	ck_assert(changelog_count(cl) == 0 && changelog_last(cl) == 0);
	/* Nothing of it was kept: the first event is new next time. */
	ck_assert(append_seq(cl, 10) == 1);
	changelog_close(cl);
}
END_TEST

static Suite *
changelog_suite(void)
{
	Suite *s = suite_create("changelog");
	TCase *tc;

	tc = tcase_create("numbering");
	tcase_add_test(tc, diffs_name_what_differs);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, numbers_start_at_one);
	tcase_add_test(tc, duplicates_write_nothing);
	tcase_add_test(tc, numbering_and_dedupe_survive_reopening);
	tcase_add_test(tc, numbers_are_never_reused);
	tcase_add_test(tc, a_batch_is_one_transaction);
	tcase_add_test(tc, a_failed_batch_stores_nothing);
	suite_add_tcase(s, tc);
	tc = tcase_create("trimming");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, trims_by_count_at_open);
	tcase_add_test(tc, trims_by_age_in_batches);
	tcase_add_test(tc, next_skips_gaps);
	suite_add_tcase(s, tc);
	tc = tcase_create("records");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, records_read_back_exactly);
	tcase_add_test(tc, states_never_go_stale);
	tcase_add_test(tc, passwords_never_land_in_clear);
	tcase_add_test(tc, another_key_file_is_refused);
	tcase_add_test(tc, no_key_reads_but_never_unseals);
	tcase_add_test(tc, sealed_bytes_open_only_where_sealed);
	tcase_add_test(tc, bad_records_are_refused);
	tcase_add_test(tc, open_reports_a_bad_directory);
	tcase_add_test(tc, a_full_map_stores_nothing);
	tcase_add_test(tc, a_damaged_record_is_reported);
	suite_add_tcase(s, tc);
	tc = tcase_create("subscribers");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, subscribers_hear_new_records_once);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(changelog_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
