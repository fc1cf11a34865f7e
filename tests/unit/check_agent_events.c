/*
 * check_agent_events.c - the agent's reconciliation role
 * (mainframe-agent/agent_events.c) between a real event cache and a test
 * gateway on the other end of a bufferevent_pair: events in order within
 * the window, the cache freed as acks come, everything after the last
 * ack sent again on a new link, what the link carries of each event
 * (agent id, via, sealed password), new events found without a signal,
 * an impossible ack dropping the link, and an ack a STOP CACHE held
 * back given again after START.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <event2/bufferevent.h>
#include <event2/event.h>

#include "event_seal.h"
#include "link.h"
#include "link_event.h"
#include "link_int.h"
#include "log.h"
#include "xmalloc.h"
#include "mainframe-agent/agent.h"
#include "mainframe-agent/cache.h"
#include "testdir.h"
#include "testloop.h"

#define GROUP		"PLEX1"
#define WINDOW		4
#define SECOND_MS	20
#define MAX_GOT		64

static struct event_base *base;
static struct agent ag;
static struct cache *console;	/* another process's hold on the cache */
static char shm_name[64];
static char err[1024];
static int name_counter;

/* ---- the test gateway ------------------------------------------------ */

struct gwside {
	struct link		*l;
	struct link_event	 got[MAX_GOT];
	int			 ngot;
	int			 closed;
};

static struct gwside gws[4];
static int ngw;

static void
gw_message_cb(struct link *l, const struct link_msg *m, void *arg)
{
	struct gwside *g = arg;

	ck_assert_int_eq(m->lm_type, LINK_MSG_EVENT);
	ck_assert_int_lt(g->ngot, MAX_GOT);
	ck_assert_msg(link_event_decode((const unsigned char *)
	    m->lm_body.bv_val, m->lm_body.bv_len, &g->got[g->ngot], err,
	    sizeof(err)) == 0, "decode: %s", err);
	ck_assert(m->lm_id == g->got[g->ngot].le_seq);
	g->ngot++;
}

static void
gw_closed_cb(struct link *l, const char *reason, void *arg)
{
	((struct gwside *)arg)->closed = 1;
}

static const struct link_cbs gw_cbs = {
	.message = gw_message_cb,
	.closed = gw_closed_cb,
};

static struct bufferevent *
pair_connector(struct link_client *c, struct event_base *b, void *arg,
    int *connected, char *e, size_t elen)
{
	struct bufferevent *pair[2];
	struct link_params p;
	struct gwside *g;

	ck_assert_int_lt(ngw, 4);
	ck_assert_int_eq(bufferevent_pair_new(b, BEV_OPT_CLOSE_ON_FREE |
	    BEV_OPT_DEFER_CALLBACKS, pair), 0);
	memset(&p, 0, sizeof(p));
	p.lp_role = LINK_ROLE_SERVER;
	p.lp_identity = "esmgated";
	p.lp_peer_kind = "agent";
	p.lp_key = &ag.ag_key;
	p.lp_cipher = LINK_CIPHER_AES128_GCM;
	g = &gws[ngw++];
	g->l = link_new(b, pair[1], "127.0.0.1:40123", &p, &gw_cbs, g);
	*connected = 1;
	return pair[0];
}

static void
gw_ack(struct gwside *g, uint64_t seq)
{
	struct link_msg m;

	memset(&m, 0, sizeof(m));
	m.lm_type = LINK_MSG_EVENT_ACK;
	m.lm_id = seq;
	ck_assert_int_eq(link_send(g->l, &m), 0);
	testloop_turns(base, 20);
}

/* ---- fixture --------------------------------------------------------- */

static struct cache *
open_cache(const char *task)
{
	struct cache_opts o;
	struct cache *c;

	memset(&o, 0, sizeof(o));
	o.co_name = shm_name;
	o.co_journal = testdir_path("journal");
	o.co_agent = GROUP;
	o.co_task = task;
	o.co_key = &ag.ag_key;
	o.co_slots = 64;
	if ((c = cache_open(&o, err, sizeof(err))) == NULL)
		ck_abort_msg("cache_open: %s", err);
	return c;
}

static void
put(struct cache *c, enum esm_event_type t, const char *id,
    const char *pw)
{
	struct esm_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.ee_type = t;
	ev.ee_time = 1700000000;
	ev.ee_esm = "racf";
	ev.ee_exit = "IRREVX01";
	ev.ee_userid = id;
	ev.ee_fields = "NAME  DFLTGRP";
	ev.ee_origin = "IBMUSER";
	ev.ee_password = pw;
	if (cache_put(c, &ev, err, sizeof(err)) == -1)
		ck_abort_msg("cache_put: %s", err);
}

static void
put_n(int n)
{
	char id[16];
	int i;

	for (i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "U%d", i + 1);
		put(ag.ag_cache, ESM_EV_MODIFY, id, NULL);
	}
}

static uint64_t
depth(void)
{
	struct cache_info ci;

	ck_assert_int_eq(cache_info(ag.ag_cache, &ci, err, sizeof(err)), 0);
	return ci.ci_depth;
}

static void
setup(void)
{
	log_init("check_agent_events");
	log_set_quiet(1);
	testdir_create("check_agent_events");
	snprintf(shm_name, sizeof(shm_name), "/esmgate-agentev-%d-%d",
	    (int)getpid(), ++name_counter);
	memset(&ag, 0, sizeof(ag));
	memset(gws, 0, sizeof(gws));
	ngw = 0;
	base = event_base_new();
	ag.ag_base = base;
	agent_conf_defaults(&ag.ag_conf);
	ag.ag_conf.ac_sharing_group = xstrdup(GROUP);
	ag.ag_conf.ac_gateway[0] = xstrdup("esmlink://gw.example:7011");
	ag.ag_conf.ac_ngateway = 1;
	ag.ag_conf.ac_event_window = WINDOW;
	memset(ag.ag_key.lk_bytes, 0x3c, sizeof(ag.ag_key.lk_bytes));
	ag.ag_key.lk_len = 16;
	ag.ag_cache = open_cache("AGENT");
	console = open_cache("CONSOLE");
}

/* The senders, their link to the test gateway, started. */
static void
start(void)
{
	struct link_client *lc;

	ck_assert_msg(agent_events_open(&ag, err, sizeof(err)) == 0, "%s",
	    err);
	ck_assert_ptr_null(agent_events_client(&ag, 1));
	lc = agent_events_client(&ag, 0);
	ck_assert_ptr_nonnull(lc);
	link_client_set_connector(lc, pair_connector, NULL);
	link_client_set_second_ms(lc, SECOND_MS);
	agent_events_start(&ag);
	testloop_turns(base, 30);
}

static void
teardown(void)
{
	int i;

	agent_events_close(&ag);
	for (i = 0; i < ngw; i++)
		link_free(gws[i].l);
	cache_close(console);
	cache_close(ag.ag_cache);
	(void)shm_unlink(shm_name);
	agent_conf_clear(&ag.ag_conf);
	event_base_free(base);
	testdir_remove();
}

static void
expect_seqs(const struct gwside *g, uint64_t first, int n)
{
	int i;

	ck_assert_msg(g->ngot == n, "%d events, not %d", g->ngot, n);
	for (i = 0; i < n; i++)
		ck_assert(g->got[i].le_seq == first + (uint64_t)i);
}

/* ---- tests ----------------------------------------------------------- */

START_TEST(window_order_and_acks_free_the_cache)
{
	struct gwside *g = &gws[0];

	put_n(10);
	start();
	ck_assert_int_eq(ngw, 1);
	/* The window: four sent, in order, none freed. */
	expect_seqs(g, 1, WINDOW);
	ck_assert_str_eq(g->got[0].le_agent, GROUP);
	ck_assert_str_eq(g->got[0].le_userid, "U1");
	ck_assert_int_eq(g->got[0].le_via, LINK_EVENT_GATEWAY);
	ck_assert_uint_eq(g->got[0].le_nfields, 2);
	ck_assert_str_eq(g->got[0].le_fields[1], "DFLTGRP");
	ck_assert_uint_eq(depth(), 10);
	gw_ack(g, 2);
	expect_seqs(g, 1, 6);
	ck_assert_uint_eq(depth(), 8);
	gw_ack(g, 6);
	expect_seqs(g, 1, 10);
	gw_ack(g, 10);
	ck_assert_uint_eq(depth(), 0);
}
END_TEST

START_TEST(a_new_link_sends_again_after_the_last_ack)
{
	uint64_t acked = 0;

	/* Another gateway's consumer keeps every slot in the ring. */
	ck_assert_int_eq(cache_consumer_add(console, "GW-OTHER", err,
	    sizeof(err)), 0);
	put_n(5);
	start();
	expect_seqs(&gws[0], 1, WINDOW);
	gw_ack(&gws[0], 2);
	expect_seqs(&gws[0], 1, 5);
	/* The gateway goes away before acking 3, 4 and 5. */
	link_close(gws[0].l, "gateway stopping");
	testloop_turns(base, 20);
	ck_assert_int_eq(ngw, 1);
	testloop_run_ms(base, SECOND_MS + 20);
	testloop_turns(base, 20);
	ck_assert_int_eq(ngw, 2);
	expect_seqs(&gws[1], 3, 3);
	gw_ack(&gws[1], 5);
	ck_assert_int_eq(cache_consumer_acked(ag.ag_cache,
	    "GW-gw.example:7011", &acked, err, sizeof(err)), 0);
	ck_assert_uint_eq(acked, 5);
	ck_assert_uint_eq(depth(), 5);
}
END_TEST

START_TEST(console_events_are_native_with_their_password)
{
	struct event_seal_key k;
	struct link_event *ev;
	char pw[64];

	start();
	ck_assert_int_eq(gws[0].ngot, 0);
	/* Written by another process: found by polling, no signal. */
	put(console, ESM_EV_PASSWORD_RESET, "ALICE", "S3cret99");
	testloop_run_ms(base, 30);
	ck_assert_int_eq(gws[0].ngot, 1);
	ev = &gws[0].got[0];
	ck_assert_int_eq(ev->le_via, LINK_EVENT_NATIVE);
	ck_assert_int_eq(ev->le_type, LINK_EV_PASSWORD_RESET);
	ck_assert_uint_eq(ev->le_sealed_len, strlen("S3cret99") +
	    CRYPT_TAG_LEN);
	ck_assert_int_eq(event_seal_key_derive(&ag.ag_key, GROUP, &k), 0);
	ck_assert_int_eq(event_open_password(&k, ev->le_agent, ev->le_seq,
	    ev->le_userid, ev->le_sealed, ev->le_sealed_len, pw, sizeof(pw)),
	    0);
	ck_assert_str_eq(pw, "S3cret99");
	event_seal_key_clear(&k);
}
END_TEST

START_TEST(our_own_exits_wake_the_sender)
{
	struct esm_event ev;

	start();
	memset(&ev, 0, sizeof(ev));
	ev.ee_type = ESM_EV_CREATE;
	ev.ee_esm = "racf";
	ev.ee_exit = "IRREVX01";
	ev.ee_userid = "BOB";
	ev.ee_fields = "NAME";
	ev.ee_origin = "ESMAGENT";
	agent_events_exit(&ag, &ev);
	/* Loop turns without waiting: no poll timer was needed. */
	testloop_turns(base, 10);
	ck_assert_int_eq(gws[0].ngot, 1);
	ck_assert_str_eq(gws[0].got[0].le_userid, "BOB");
}
END_TEST

START_TEST(an_impossible_ack_drops_the_link)
{
	put_n(2);
	start();
	expect_seqs(&gws[0], 1, 2);
	gw_ack(&gws[0], 7);
	testloop_turns(base, 20);
	ck_assert_int_eq(gws[0].closed, 1);
	ck_assert_uint_eq(depth(), 2);
	testloop_run_ms(base, SECOND_MS + 20);
	testloop_turns(base, 20);
	expect_seqs(&gws[1], 1, 2);
}
END_TEST

START_TEST(an_ack_held_by_a_stop_is_given_after_start)
{
	uint64_t n, acked = 0;

	put_n(3);
	start();
	expect_seqs(&gws[0], 1, 3);
	ck_assert_int_eq(cache_stop(console, &n, err, sizeof(err)), 0);
	gw_ack(&gws[0], 3);
	ck_assert_int_eq(cache_consumer_acked(ag.ag_cache,
	    "GW-gw.example:7011", &acked, err, sizeof(err)), 0);
	ck_assert_uint_lt(acked, 3);
	ck_assert_int_eq(cache_start(console, &n, err, sizeof(err)), 0);
	ck_assert_uint_eq(depth(), 3);
	testloop_run_ms(base, 20);
	ck_assert_int_eq(cache_consumer_acked(ag.ag_cache,
	    "GW-gw.example:7011", &acked, err, sizeof(err)), 0);
	ck_assert_uint_eq(acked, 3);
	ck_assert_uint_eq(depth(), 0);
	/* Nothing was sent twice on the link. */
	ck_assert_int_eq(gws[0].ngot, 3);
}
END_TEST

static char shown[4096];

static void
show_cb(void *arg, const char *line)
{
	strncat(shown, line, sizeof(shown) - strlen(shown) - 2);
	strcat(shown, "\n");
}

START_TEST(display_names_each_gateway)
{
	put_n(3);
	start();
	gw_ack(&gws[0], 1);
	shown[0] = '\0';
	agent_events_display(&ag, show_cb, NULL);
	ck_assert_msg(strstr(shown, "ESMA206I GATEWAY esmlink://gw.example:"
	    "7011 UP CONSUMER GW-gw.example:7011 SENT 3 ACKED 1 IN FLIGHT 2 "
	    "EVENTS SENT 3 SKIPPED 0 LINKS 1\n") != NULL, "%s", shown);
	link_close(gws[0].l, "gateway stopping");
	testloop_turns(base, 20);
	shown[0] = '\0';
	agent_events_display(&ag, show_cb, NULL);
	ck_assert_msg(strstr(shown, " DOWN CONSUMER ") != NULL &&
	    strstr(shown, "ESMA207I GATEWAY esmlink://gw.example:7011 DOWN: "
	    "gateway esmgated closed the link") != NULL, "%s", shown);
}
END_TEST

static Suite *
agent_events_suite(void)
{
	Suite *s = suite_create("agent_events");
	TCase *tc;

	tc = tcase_create("sending");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, window_order_and_acks_free_the_cache);
	tcase_add_test(tc, a_new_link_sends_again_after_the_last_ack);
	tcase_add_test(tc, console_events_are_native_with_their_password);
	tcase_add_test(tc, our_own_exits_wake_the_sender);
	tcase_add_test(tc, an_impossible_ack_drops_the_link);
	tcase_add_test(tc, an_ack_held_by_a_stop_is_given_after_start);
	tcase_add_test(tc, display_names_each_gateway);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(agent_events_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
