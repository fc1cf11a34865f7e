/*
 * check_gw_events.c - the gateway's event receiver (gateway/gw_events.c)
 * between a real changelog and a test agent on a real TCP link, with a
 * backend written here whose reads the tests steer: events stored in
 * order and acked only once durable, sent again without a second
 * record, reads tried again while no agent answers, protected ids acked
 * without a record, deletes never read, passwords opened and sealed
 * again at rest, and the links it refuses or closes.
 */
#include "config.h"

#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <ldap.h>

#include "event_seal.h"
#include "link.h"
#include "link_event.h"
#include "link_int.h"
#include "log.h"
#include "xmalloc.h"
#include "backends/backend.h"
#include "gateway/changelog.h"
#include "gateway/entry.h"
#include "gateway/gw.h"
#include "testdir.h"
#include "testloop.h"

#define PASSWORD	"N3w-Pa55word"

extern const struct backend_info changelog_backend_info;

static struct event_base *base;
static struct gateway gw;
static struct backend *be;
static struct link_key key;
static struct link_key key_prev;	/* lk_len 0: no keyfile-previous */
static char port[8];
static char err[1024];

/* ---- the backend the tests steer ------------------------------------ */

static int unavailable;		/* reads that find no agent, then work */
static int hold;		/* reads left unanswered */
static int big;			/* entries of 60k */
static int reads, cancels;
static const char *hidden_id = "HIDDEN";
static const char *gone_id = "GONE";
static const char *accepted = "SYS1";

/* A read answered from the loop, as an agent's answer would be. */
struct be_read {
	struct event		*rd_ev;
	be_read_done_fn		*rd_done;
	void			*rd_arg;
	char			 rd_id[32];
};

static int
fake_source(struct backend *b, struct be_event_source *src)
{
	memset(src, 0, sizeof(*src));
	src->es_url = "esmlink://127.0.0.1:port";
	src->es_host = "127.0.0.1";
	src->es_port = port;
	src->es_key = &key;
	src->es_key_previous = &key_prev;
	src->es_cipher = LINK_CIPHER_AES128_GCM;
	src->es_esm = "racf";
	return 1;
}

static int
fake_agent(struct backend *b, const char *name)
{
	return strcmp(name, accepted) == 0;
}

static void
fake_answer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct be_read *rd = arg;
	struct entry *e;
	char dn[64], cn[64];

	snprintf(dn, sizeof(dn), "uid=%s,ou=People,dc=test", rd->rd_id);
	e = entry_new(dn);
	entry_add_str(e, "objectClass", NULL, "person");
	snprintf(cn, sizeof(cn), "%s read %d", rd->rd_id, reads);
	entry_add_str(e, "cn", NULL, cn);
	if (big) {
		char *v = xmalloc(60 * 1024);

		memset(v, 'x', 60 * 1024 - 1);
		v[60 * 1024 - 1] = '\0';
		entry_add_str(e, "description", NULL, v);
		free(v);
	}
	event_free(rd->rd_ev);
	if (strcmp(rd->rd_id, gone_id) == 0) {
		entry_free(e);
		rd->rd_done(rd->rd_arg, LDAP_NO_SUCH_OBJECT, NULL, "gone");
	} else
		rd->rd_done(rd->rd_arg, 0, e, "");
	free(rd);
}

static struct be_read *
fake_read(struct backend *b, enum be_event_target t, const char *id,
    be_read_done_fn *done, void *arg, int *rc, char *text, size_t len)
{
	struct be_read *rd;

	reads++;
	if (unavailable > 0) {
		unavailable--;
		snprintf(text, len, "agent SYS1 is not connected");
		*rc = LDAP_UNAVAILABLE;
		return NULL;
	}
	if (strcmp(id, hidden_id) == 0) {
		snprintf(text, len, "user %s is protected", id);
		*rc = BE_READ_HIDDEN;
		return NULL;
	}
	rd = xcalloc(1, sizeof(*rd));
	rd->rd_done = done;
	rd->rd_arg = arg;
	snprintf(rd->rd_id, sizeof(rd->rd_id), "%s", id);
	rd->rd_ev = evtimer_new(base, fake_answer_cb, rd);
	if (!hold)
		event_active(rd->rd_ev, EV_TIMEOUT, 0);
	return rd;
}

static void
fake_cancel(struct be_read *rd)
{
	if (rd == NULL)
		return;
	cancels++;
	event_free(rd->rd_ev);
	free(rd);
}

static char *
fake_event_dn(struct backend *b, enum be_event_target t, const char *id,
    char *e, size_t elen)
{
	char *dn;

	if (strlen(id) > 8) {
		snprintf(e, elen, "%s is not a user name", id);
		return NULL;
	}
	xasprintf(&dn, "%s=%s,ou=%s,dc=test", t == BE_TARGET_GROUP ? "cn" :
	    "uid", id, t == BE_TARGET_GROUP ? "Groups" : "People");
	return dn;
}

static const struct be_event_ops fake_ops = {
	.beo_source = fake_source,
	.beo_agent = fake_agent,
	.beo_read = fake_read,
	.beo_cancel = fake_cancel,
};

static const struct backend_info fake_info = {
	.bi_type = "racf",
	.bi_esm = "a test ESM",
	.bi_event_dn = fake_event_dn,
	.bi_events = &fake_ops,
};

/* ---- the test agent -------------------------------------------------- */

static struct link_client *agent;
static uint64_t acks[64];
static int nacks, ups, downs;
static char down_why[512];

static void
agent_msg_cb(void *arg, const struct link_msg *m)
{
	ck_assert_int_eq(m->lm_type, LINK_MSG_EVENT_ACK);
	ck_assert_int_lt(nacks, 64);
	acks[nacks++] = m->lm_id;
}

static void
agent_state_cb(void *arg, int up, const char *why)
{
	if (up)
		ups++;
	else {
		downs++;
		snprintf(down_why, sizeof(down_why), "%s", why);
	}
}

static void
agent_connect(const char *name)
{
	struct link_params lp;
	int i;

	memset(&lp, 0, sizeof(lp));
	lp.lp_identity = name;
	lp.lp_peer_kind = "gateway";
	lp.lp_key = &key;
	lp.lp_cipher = LINK_CIPHER_AES128_GCM;
	agent = link_client_new(base, "GW", "127.0.0.1", port, &lp,
	    agent_state_cb, NULL);
	link_client_set_message_cb(agent, agent_msg_cb, NULL);
	link_client_set_second_ms(agent, 5000);	/* no retry in a test */
	link_client_start(agent);
	for (i = 0; i < 100 && ups == 0 && downs == 0; i++)
		testloop_run_ms(base, 10);
	/* The listener may refuse after the keys are confirmed. */
	testloop_run_ms(base, 30);
}

static void
agent_disconnect(void)
{
	link_client_free(agent);
	agent = NULL;
	testloop_run_ms(base, 30);
}

static void
event_of(struct link_event *ev, uint64_t seq, enum link_event_type t,
    const char *id)
{
	memset(ev, 0, sizeof(*ev));
	snprintf(ev->le_agent, sizeof(ev->le_agent), "PLEX1");
	ev->le_seq = seq;
	ev->le_time = 1700000000;
	ev->le_esm = LINK_EVENT_RACF;
	ev->le_type = t;
	snprintf(ev->le_userid, sizeof(ev->le_userid), "%s", id);
	strcpy(ev->le_fields[0], "NAME");
	ev->le_nfields = 1;
	strcpy(ev->le_origin, "IBMUSER");
}

static void
send_ev(const struct link_event *ev, uint64_t id)
{
	struct link_msg m;
	unsigned char *body;
	size_t len;

	ck_assert_msg(link_event_encode(ev, &body, &len, err,
	    sizeof(err)) == 0, "encode: %s", err);
	memset(&m, 0, sizeof(m));
	m.lm_type = LINK_MSG_EVENT;
	m.lm_id = id;
	m.lm_body.bv_val = (char *)body;
	m.lm_body.bv_len = len;
	ck_assert_int_eq(link_client_send(agent, &m), 0);
	free(body);
}

static void
send_event(uint64_t seq, enum link_event_type t, const char *id)
{
	struct link_event ev;

	event_of(&ev, seq, t, id);
	send_ev(&ev, seq);
}

/* Run the loop until the newest ack is want (at most a second). */
static void
wait_ack(uint64_t want)
{
	int i;

	for (i = 0; i < 100 && (nacks == 0 || acks[nacks - 1] < want); i++)
		testloop_run_ms(base, 10);
	ck_assert_msg(nacks > 0 && acks[nacks - 1] == want,
	    "newest ack %llu, not %llu", nacks > 0 ?
	    (unsigned long long)acks[nacks - 1] : 0ULL,
	    (unsigned long long)want);
}

/* ---- fixture --------------------------------------------------------- */

static void
pick_port(void)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	getsockname(fd, (struct sockaddr *)&sin, &len);
	snprintf(port, sizeof(port), "%u", ntohs(sin.sin_port));
	close(fd);
}

static struct changelog *
open_changelog(size_t mapsize)
{
	struct changelog_opts o;
	struct changelog *cl;

	memset(&o, 0, sizeof(o));
	o.co_dir = testdir_path("cl");
	o.co_key = &key;
	o.co_mapsize = mapsize;
	cl = changelog_open(&o, err, sizeof(err));
	ck_assert_msg(cl != NULL, "changelog: %s", err);
	return cl;
}

static void
start(size_t mapsize)
{
	gw.gw_changelog = open_changelog(mapsize);
	ck_assert_msg(gw_events_start(&gw, err, sizeof(err)) == 0,
	    "start: %s", err);
}

static void
setup(void)
{
	log_init("check_gw_events");
	log_set_quiet(1);
	testdir_create("check_gw_events");
	base = event_base_new();
	gw_init(&gw);
	gw.gw_base = base;
	memset(&key, 0x42, sizeof(key));
	key.lk_len = 16;
	memset(&key_prev, 0, sizeof(key_prev));
	be = backend_new(&fake_info, &gw, "test.conf", 7);
	TAILQ_INSERT_TAIL(&gw.gw_backends, be, be_entry);
	pick_port();
	unavailable = hold = big = reads = cancels = nacks = ups = downs = 0;
	hidden_id = "HIDDEN";
	accepted = "SYS1";
	down_why[0] = '\0';
}

static void
teardown(void)
{
	if (agent != NULL)
		agent_disconnect();
	gw_events_stop(&gw);
	changelog_close(gw.gw_changelog);
	TAILQ_REMOVE(&gw.gw_backends, be, be_entry);
	backend_free(be);
	gw_clear(&gw);
	event_base_free(base);
	testdir_remove();
}

/* The change numbers' (agent, sequence) and targets, in order. */
static void
expect_changelog(const uint64_t *seqs, const char *const *targets,
    size_t n)
{
	struct changelog_rec r;
	size_t i;

	ck_assert_msg(changelog_count(gw.gw_changelog) == n,
	    "%llu records, not %zu",
	    (unsigned long long)changelog_count(gw.gw_changelog), n);
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(changelog_read(gw.gw_changelog, i + 1, 0, &r,
		    err, sizeof(err)), 0);
		ck_assert_str_eq(r.cr_agent, "PLEX1");
		ck_assert(r.cr_seq == seqs[i]);
		ck_assert_str_eq(r.cr_target, targets[i]);
		changelog_rec_clear(&r);
	}
}

/* ---- tests ----------------------------------------------------------- */

START_TEST(events_are_stored_in_order_then_acked)
{
	static const uint64_t seqs[] = { 3, 5, 9 };
	static const char *const dns[] = {
		"uid=ALICE,ou=People,dc=test", "uid=BOB,ou=People,dc=test",
		"cn=PAYROLL,ou=Groups,dc=test" };
	struct changelog_rec r;

	start(0);
	agent_connect("SYS1");
	ck_assert_int_eq(ups, 1);
	send_event(3, LINK_EV_CREATE, "ALICE");
	send_event(5, LINK_EV_MODIFY, "BOB");
	send_event(9, LINK_EV_GROUP_CREATE, "PAYROLL");
	wait_ack(9);
	expect_changelog(seqs, dns, 3);
	/* Acks only grow, and the last is the newest stored. */
	ck_assert_int_le(nacks, 3);
	ck_assert_int_eq(changelog_read(gw.gw_changelog, 3, 0, &r, err,
	    sizeof(err)), 0);
	ck_assert_int_eq(r.cr_type, CHANGELOG_ADD);
	ck_assert_ptr_nonnull(strstr(r.cr_changes, "cn: PAYROLL read"));
	changelog_rec_clear(&r);
	ck_assert_int_eq(reads, 3);
}
END_TEST

START_TEST(sent_again_is_acked_without_a_second_record)
{
	static const uint64_t seqs[] = { 1, 2, 3 };
	static const char *const dns[] = {
		"uid=A1,ou=People,dc=test", "uid=A2,ou=People,dc=test",
		"uid=A3,ou=People,dc=test" };
	struct evbuffer *out;

	start(0);
	agent_connect("SYS1");
	send_event(1, LINK_EV_MODIFY, "A1");
	send_event(2, LINK_EV_MODIFY, "A2");
	wait_ack(2);
	/* The agent died before it saw the ack: it sends 1 and 2 again. */
	agent_disconnect();
	agent_connect("SYS1");
	nacks = 0;
	send_event(1, LINK_EV_MODIFY, "A1");
	send_event(2, LINK_EV_MODIFY, "A2");
	send_event(3, LINK_EV_MODIFY, "A3");
	wait_ack(3);
	expect_changelog(seqs, dns, 3);
	ck_assert(changelog_stats(gw.gw_changelog)->cs_duplicates == 2);
	out = evbuffer_new();
	gw_events_status(&gw, out);
	evbuffer_add(out, "", 1);
	ck_assert_ptr_nonnull(strstr((char *)evbuffer_pullup(out, -1),
	    "received 5 stored 3 duplicates 2 hidden 0 acked 5"));
	ck_assert_ptr_nonnull(strstr((char *)evbuffer_pullup(out, -1),
	    "agent SYS1 from 127.0.0.1:"));
	evbuffer_free(out);
}
END_TEST

START_TEST(no_ack_while_no_agent_can_be_read)
{
	static const uint64_t seqs[] = { 7, 8 };
	static const char *const dns[] = {
		"uid=CAROL,ou=People,dc=test", "uid=DAVE,ou=People,dc=test" };

	start(0);
	agent_connect("SYS1");
	unavailable = 3;	/* three tries: 100, 200, 400 ms apart */
	send_event(7, LINK_EV_MODIFY, "CAROL");
	send_event(8, LINK_EV_MODIFY, "DAVE");
	testloop_run_ms(base, 200);
	/* The link's reads pause together: DAVE waits behind CAROL. */
	ck_assert_int_eq(reads, 2);
	ck_assert_int_eq(nacks, 0);
	ck_assert(changelog_count(gw.gw_changelog) == 0);
	testloop_run_ms(base, 700);
	wait_ack(8);
	expect_changelog(seqs, dns, 2);
}
END_TEST

START_TEST(hidden_ids_and_deletes)
{
	static const uint64_t seqs[] = { 2, 3, 4 };
	static const char *const dns[] = {
		"uid=ERIN,ou=People,dc=test", "uid=GONE,ou=People,dc=test",
		"cn=OLDGRP,ou=Groups,dc=test" };
	struct changelog_rec r;

	start(0);
	agent_connect("SYS1");
	send_event(1, LINK_EV_CREATE, "HIDDEN");
	send_event(2, LINK_EV_DELETE, "ERIN");
	send_event(3, LINK_EV_MODIFY, "GONE");
	send_event(4, LINK_EV_GROUP_DELETE, "OLDGRP");
	wait_ack(4);
	expect_changelog(seqs, dns, 3);
	/* The protected id and the two deletes were never read. */
	ck_assert_int_eq(reads, 2);
	/* An entry gone since: a record without changes. */
	ck_assert_int_eq(changelog_read(gw.gw_changelog, 2, 0, &r, err,
	    sizeof(err)), 0);
	ck_assert_str_eq(r.cr_changes, "");
	changelog_rec_clear(&r);
}
END_TEST

START_TEST(password_is_opened_then_sealed_at_rest)
{
	struct event_seal_key sk;
	struct link_event ev;
	struct changelog_rec r;

	start(0);
	agent_connect("SYS1");
	ck_assert_int_eq(event_seal_key_derive(&key, "PLEX1", &sk), 0);
	event_of(&ev, 11, LINK_EV_PASSWORD_RESET, "ALICE");
	ck_assert_int_eq(event_seal_password(&sk, "PLEX1", 11, "ALICE",
	    PASSWORD, strlen(PASSWORD), ev.le_sealed), 0);
	ev.le_sealed_len = strlen(PASSWORD) + CRYPT_TAG_LEN;
	send_ev(&ev, 11);
	/* Sealed for another user: it does not open, the event stays. */
	event_of(&ev, 12, LINK_EV_PASSWORD_RESET, "BOB");
	ck_assert_int_eq(event_seal_password(&sk, "PLEX1", 12, "ALICE",
	    PASSWORD, strlen(PASSWORD), ev.le_sealed), 0);
	ev.le_sealed_len = strlen(PASSWORD) + CRYPT_TAG_LEN;
	send_ev(&ev, 12);
	wait_ack(12);
	ck_assert_int_eq(changelog_read(gw.gw_changelog, 1, CHANGELOG_UNSEAL,
	    &r, err, sizeof(err)), 0);
	ck_assert_str_eq(r.cr_password.bv_val, PASSWORD);
	changelog_rec_clear(&r);
	ck_assert_int_eq(changelog_read(gw.gw_changelog, 2, CHANGELOG_UNSEAL,
	    &r, err, sizeof(err)), 0);
	ck_assert_int_eq(r.cr_has_password, 0);
	changelog_rec_clear(&r);
	event_seal_key_clear(&sk);
	link_event_clear(&ev);
}
END_TEST

/* Event seq's password sealed under k, naming id (NULL: none). */
static void
send_password(uint64_t seq, const struct link_key *k, const char *user,
    const unsigned char *id)
{
	struct event_seal_key sk;
	struct link_event ev;

	ck_assert_int_eq(event_seal_key_derive(k, "PLEX1", &sk), 0);
	event_of(&ev, seq, LINK_EV_PASSWORD_RESET, user);
	ck_assert_int_eq(event_seal_password(&sk, "PLEX1", seq, user,
	    PASSWORD, strlen(PASSWORD), ev.le_sealed), 0);
	ev.le_sealed_len = strlen(PASSWORD) + CRYPT_TAG_LEN;
	if (id != NULL) {
		memcpy(ev.le_keyid, id, LINK_KEY_ID_LEN);
		ev.le_has_keyid = 1;
	}
	send_ev(&ev, seq);
	event_seal_key_clear(&sk);
	link_event_clear(&ev);
}

static int
has_password(uint64_t num)
{
	struct changelog_rec r;
	int has;

	ck_assert_int_eq(changelog_read(gw.gw_changelog, num,
	    CHANGELOG_UNSEAL, &r, err, sizeof(err)), 0);
	has = r.cr_has_password && strcmp(r.cr_password.bv_val,
	    PASSWORD) == 0;
	changelog_rec_clear(&r);
	return has;
}

/*
 * During a key change: the key the event names first, then every other
 * key held, since opening is authenticated; an id the gateway does not
 * hold (a slot from before key ids, whose id bytes were field names)
 * does not keep a password out.
 */
START_TEST(password_key_choice_in_a_key_change)
{
	static const unsigned char unknown[LINK_KEY_ID_LEN] = "ABC";
	unsigned char id_cur[LINK_KEY_ID_LEN], id_prev[LINK_KEY_ID_LEN];
	struct link_key stranger;

	memset(&key_prev, 0x17, sizeof(key_prev));
	key_prev.lk_len = 16;
	memset(&stranger, 0x99, sizeof(stranger));
	stranger.lk_len = 16;
	ck_assert_int_eq(link_key_id(&key, id_cur), 0);
	ck_assert_int_eq(link_key_id(&key_prev, id_prev), 0);
	start(0);
	agent_connect("SYS1");
	send_password(11, &key_prev, "ALICE", id_prev);
	send_password(12, &key_prev, "BOB", id_cur);
	send_password(13, &key, "CAROL", unknown);
	send_password(14, &key_prev, "DAVE", NULL);
	send_password(15, &stranger, "ERIN", unknown);
	wait_ack(15);
	ck_assert(has_password(1));
	ck_assert(has_password(2));
	ck_assert(has_password(3));
	ck_assert(has_password(4));
	ck_assert(!has_password(5));
	link_key_clear(&stranger);
}
END_TEST

START_TEST(an_agent_of_another_section_is_refused)
{
	start(0);
	accepted = "SYS2";
	agent_connect("SYS1");
	ck_assert_int_eq(link_client_is_up(agent), 0);
	ck_assert_int_eq(downs, 1);
	ck_assert_ptr_nonnull(strstr(down_why, "closed the link"));
}
END_TEST

/* Each protocol error closes the link; what was stored stays. */
static void
expect_closed_after(void (*send)(void))
{
	start(0);
	agent_connect("SYS1");
	send_event(1, LINK_EV_MODIFY, "A1");
	wait_ack(1);
	send();
	testloop_run_ms(base, 100);
	ck_assert_int_eq(downs, 1);
	ck_assert_int_eq(nacks, 1);
	ck_assert(changelog_count(gw.gw_changelog) == 1);
}

static void
send_backwards(void)
{
	send_event(1, LINK_EV_MODIFY, "A1");
}

static void
send_other_esm(void)
{
	struct link_event ev;

	event_of(&ev, 2, LINK_EV_MODIFY, "A2");
	ev.le_esm = LINK_EVENT_TSS;
	send_ev(&ev, 2);
}

static void
send_mislabelled(void)
{
	struct link_event ev;

	event_of(&ev, 2, LINK_EV_MODIFY, "A2");
	send_ev(&ev, 3);
}

static void
send_garbage(void)
{
	struct link_msg m;

	memset(&m, 0, sizeof(m));
	m.lm_type = LINK_MSG_EVENT;
	m.lm_id = 2;
	m.lm_body.bv_val = (char *)"\x30\x03\x04\x01\x41";
	m.lm_body.bv_len = 5;
	ck_assert_int_eq(link_client_send(agent, &m), 0);
}

static void
send_unnamable(void)
{
	send_event(2, LINK_EV_MODIFY, "TOOLONGID");
}

START_TEST(sequence_going_back_closes)
{
	expect_closed_after(send_backwards);
}
END_TEST

START_TEST(another_esm_closes)
{
	expect_closed_after(send_other_esm);
}
END_TEST

START_TEST(mislabelled_event_closes)
{
	expect_closed_after(send_mislabelled);
}
END_TEST

START_TEST(undecodable_event_closes)
{
	expect_closed_after(send_garbage);
}
END_TEST

START_TEST(unrecordable_event_closes)
{
	expect_closed_after(send_unnamable);
}
END_TEST

/* A store that cannot take the events: nothing acked, the link closed. */
START_TEST(store_failure_closes_without_ack)
{
	char name[16];
	int i;

	start(256 * 1024);
	agent_connect("SYS1");
	big = 1;
	for (i = 1; i <= 20; i++) {
		snprintf(name, sizeof(name), "U%d", i);
		send_event((uint64_t)i, LINK_EV_CREATE, name);
	}
	for (i = 0; i < 100 && downs == 0; i++)
		testloop_run_ms(base, 10);
	ck_assert_int_eq(downs, 1);
	/* Whatever was acked is stored, and nothing after it. */
	ck_assert(changelog_count(gw.gw_changelog) ==
	    (nacks > 0 ? acks[nacks - 1] : 0));
	ck_assert_uint_lt(changelog_count(gw.gw_changelog), 20);
}
END_TEST

START_TEST(a_closed_link_cancels_its_reads)
{
	start(0);
	agent_connect("SYS1");
	hold = 1;
	send_event(1, LINK_EV_MODIFY, "A1");
	send_event(2, LINK_EV_MODIFY, "A2");
	testloop_run_ms(base, 50);
	ck_assert_int_eq(reads, 2);
	agent_disconnect();
	testloop_run_ms(base, 50);
	ck_assert_int_eq(cancels, 2);
	ck_assert(changelog_count(gw.gw_changelog) == 0);
}
END_TEST

START_TEST(without_a_changelog_section_is_an_error)
{
	struct backend *clbe;

	ck_assert_int_eq(gw_events_check(&gw, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "test.conf:7: backend racf: events "
	    "esmlink://127.0.0.1:port: the events listener stores events in "
	    "the changelog, and no \"backend changelog\" section is "
	    "configured");
	clbe = backend_new(&changelog_backend_info, &gw, "test.conf", 9);
	TAILQ_INSERT_TAIL(&gw.gw_backends, clbe, be_entry);
	ck_assert_msg(gw_events_check(&gw, err, sizeof(err)) == 0, "%s", err);
	TAILQ_REMOVE(&gw.gw_backends, clbe, be_entry);
	backend_free(clbe);
}
END_TEST

static Suite *
gw_events_suite(void)
{
	Suite *s = suite_create("gw_events");
	TCase *tc;

	tc = tcase_create("storing");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, events_are_stored_in_order_then_acked);
	tcase_add_test(tc, sent_again_is_acked_without_a_second_record);
	tcase_add_test(tc, no_ack_while_no_agent_can_be_read);
	tcase_add_test(tc, hidden_ids_and_deletes);
	tcase_add_test(tc, password_is_opened_then_sealed_at_rest);
	tcase_add_test(tc, password_key_choice_in_a_key_change);
	tcase_add_test(tc, store_failure_closes_without_ack);
	suite_add_tcase(s, tc);
	tc = tcase_create("refusals");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, an_agent_of_another_section_is_refused);
	tcase_add_test(tc, sequence_going_back_closes);
	tcase_add_test(tc, another_esm_closes);
	tcase_add_test(tc, mislabelled_event_closes);
	tcase_add_test(tc, undecodable_event_closes);
	tcase_add_test(tc, unrecordable_event_closes);
	tcase_add_test(tc, a_closed_link_cancels_its_reads);
	tcase_add_test(tc, without_a_changelog_section_is_an_error);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(gw_events_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
