/*
 * check_agent_link.c - the agent's provisioning role over a real link on
 * a bufferevent pair, with a fake ESM driver: output is paced by the
 * gateway's credit (a paused gateway stops the driver within a few
 * chunks), cancel and link loss stop the driver, refusals never reach
 * it, and a full link answers busy.
 */
#include "config.h"

#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/thread.h>
#include <openssl/rand.h>

#include "link.h"
#include "link_int.h"
#include "link_rc.h"
#include "log.h"
#include "xmalloc.h"
#include "mainframe-agent/agent.h"

/* ---- a fake ESM ------------------------------------------------------- */

static pthread_mutex_t fake_mtx = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t fake_cond = PTHREAD_COND_INITIALIZER;
static long fake_lines;		/* LISTUSER * prints this many lines */
static long fake_emitted;
static int fake_calls, fake_cut, fake_finished, fake_release;

static long
fake_get(long *v)
{
	long n;

	pthread_mutex_lock(&fake_mtx);
	n = *v;
	pthread_mutex_unlock(&fake_mtx);
	return n;
}

static int
fake_command(void *h, const char *issuer, const char *cmd, size_t len,
    const struct esm_out *out)
{
	char line[64];
	long i, n = strstr(cmd, "*") != NULL ? fake_lines : 1;
	int rc = 0;

	pthread_mutex_lock(&fake_mtx);
	fake_calls++;
	if (strstr(cmd, "BLOCK") != NULL)
		while (!fake_release)
			pthread_cond_wait(&fake_cond, &fake_mtx);
	pthread_mutex_unlock(&fake_mtx);
	for (i = 0; i < n; i++) {
		snprintf(line, sizeof(line), "USER=U%07ld  NAME=SOMEONE", i);
		if (out->eo_line(out->eo_arg, line, strlen(line)) == -1) {
			pthread_mutex_lock(&fake_mtx);
			fake_cut = 1;
			pthread_mutex_unlock(&fake_mtx);
			rc = 4;
			break;
		}
		pthread_mutex_lock(&fake_mtx);
		fake_emitted++;
		pthread_mutex_unlock(&fake_mtx);
	}
	pthread_mutex_lock(&fake_mtx);
	fake_finished = 1;
	pthread_mutex_unlock(&fake_mtx);
	return rc;
}

static struct esm_driver fake_driver;

/* ---- the gateway side ------------------------------------------------- */

struct rec {
	int		 chunks, done, status, rc;
	long		 lines;
	char		 first[128];
	uint64_t	 id;
	int		 pause_after_first;
};

static struct event_base *base;
static struct agent ag;
static struct link_key key;
static struct link_client *lc;
static struct bufferevent *client_bev;	/* lc's end of the pair */
static int client_up;

static void
rec_cb(void *arg, enum link_req_status status, const struct link_msg *m,
    const char *why)
{
	struct rec *r = arg;

	if (status != LINK_REQ_OK) {
		r->status = status;
		r->done = 1;
		return;
	}
	if (r->chunks++ == 0 && m->lm_nlines > 0)
		snprintf(r->first, sizeof(r->first), "%.*s",
		    (int)m->lm_lines[0].bv_len, m->lm_lines[0].bv_val);
	r->lines += (long)m->lm_nlines;
	if (r->pause_after_first && r->chunks == 1)
		link_client_pause(lc, r->id);
	if (!m->lm_more) {
		r->rc = m->lm_rc;
		r->done = 1;
	}
}

static void
state_cb(void *arg, int up, const char *why)
{
	client_up = up;
}

static struct bufferevent *
pair_connector(struct link_client *c, struct event_base *b, void *arg,
    int *connected, char *err, size_t errlen)
{
	struct bufferevent *pair[2];

	ck_assert_int_eq(bufferevent_pair_new(b, BEV_OPT_CLOSE_ON_FREE |
	    BEV_OPT_DEFER_CALLBACKS, pair), 0);
	(void)agent_session_open(&ag, pair[1], "pair");
	*connected = 1;
	client_bev = pair[0];
	return pair[0];
}

static void
tick_cb(evutil_socket_t fd, short ev, void *arg)
{
}

/* Turn the loop (woken by workers or a 5 ms tick) until done() or 10 s. */
static int
spin(int (*done)(void *), void *arg)
{
	struct event *tick = evtimer_new(base, tick_cb, NULL);
	struct timeval tv = { 0, 5000 };
	int i, ok = 0;

	for (i = 0; i < 2000 && !(ok = done(arg)); i++) {
		evtimer_add(tick, &tv);
		event_base_loop(base, EVLOOP_ONCE);
	}
	event_free(tick);
	return ok;
}

static int
is_done(void *arg)
{
	return ((struct rec *)arg)->done;
}

static int
is_up(void *arg)
{
	return client_up;
}

static int
driver_finished(void *arg)
{
	int done;

	pthread_mutex_lock(&fake_mtx);
	done = fake_finished;
	pthread_mutex_unlock(&fake_mtx);
	return done;
}

static int
no_requests(void *arg)
{
	return agent_requests_in_flight(&ag) == 0;
}

static int
no_sessions(void *arg)
{
	return TAILQ_EMPTY(&ag.ag_sessions);
}

/* Several turns with nothing expected: lets a worker run ahead if it can. */
static int
never(void *arg)
{
	return --*(int *)arg <= 0;
}

/* The gateway goes away; a pair, unlike a socket, must be told of EOF. */
static void
client_gone(void)
{
	bufferevent_flush(client_bev, EV_WRITE, BEV_FINISHED);
	link_client_free(lc);
	lc = NULL;
}

static uint64_t
send_cmd(const char *cmd, unsigned int window, struct rec *r)
{
	struct berval bv = { strlen(cmd), (char *)cmd };
	struct link_identity who = { "cn=test", NULL, "127.0.0.1", 1, 1 };

	r->id = link_client_request(lc, LINK_REQ_COMMAND, &bv, NULL, 0, &who,
	    30, window, rec_cb, r);
	ck_assert_uint_ne(r->id, 0);
	return r->id;
}

static void
setup(void)
{
	const struct esm_driver *racf = driver_find("sim", "racf");
	struct link_params p;
	char err[256];

	log_set_quiet(1);
	ck_assert_int_eq(evthread_use_pthreads(), 0);
	base = event_base_new();
	fake_driver = *racf;
	fake_driver.ed_command = fake_command;
	fake_lines = 200000;
	fake_emitted = fake_calls = fake_cut = fake_finished = 0;
	fake_release = 0;

	memset(&ag, 0, sizeof(ag));
	agent_core_init(&ag, base);
	agent_conf_defaults(&ag.ag_conf);
	ag.ag_conf.ac_allow[ag.ag_conf.ac_nallow++] = xstrdup("LISTUSER");
	ag.ag_conf.ac_workers = 2;
	agent_idlist_add(&ag.ag_conf.ac_protect, "IBMUSER");
	ag.ag_driver = &fake_driver;
	key.lk_len = 16;
	RAND_bytes(key.lk_bytes, (int)key.lk_len);
	ag.ag_key = key;
	ck_assert_int_eq(agent_pool_start(&ag, err, sizeof(err)), 0);

	memset(&p, 0, sizeof(p));
	p.lp_role = LINK_ROLE_CLIENT;
	p.lp_identity = "gw-test";
	p.lp_key = &key;
	p.lp_cipher = LINK_CIPHER_AES128_GCM;
	client_up = 0;
	lc = link_client_new(base, "agent", "pair", "0", &p, state_cb, NULL);
	link_client_set_connector(lc, pair_connector, NULL);
	link_client_start(lc);
	ck_assert(spin(is_up, NULL));
}

static void
teardown(void)
{
	pthread_mutex_lock(&fake_mtx);
	fake_release = 1;
	pthread_cond_broadcast(&fake_cond);
	pthread_mutex_unlock(&fake_mtx);
	if (lc != NULL)
		client_gone();
	ck_assert(spin(no_sessions, NULL));
	agent_pool_stop(&ag);
	agent_conf_clear(&ag.ag_conf);
	agent_core_clear(&ag);
	event_base_free(base);
}

START_TEST(paused_gateway_stops_the_driver)
{
	struct rec r = { .pause_after_first = 1 };
	int turns = 200;

	send_cmd("LISTUSER *", 1, &r);
	(void)spin(never, &turns);
	ck_assert_int_eq(r.chunks, 1);
	ck_assert_int_eq(r.done, 0);
	/* One chunk sent, AGENT_CHUNKS_AHEAD queued, one being filled. */
	ck_assert_int_le(fake_get(&fake_emitted),
	    (AGENT_CHUNKS_AHEAD + 2) * AGENT_CHUNK_LINES);
	link_client_resume(lc, r.id);
	ck_assert(spin(is_done, &r));
	ck_assert_int_eq(r.rc, 0);
	ck_assert_int_eq(r.lines, 200000);
	ck_assert_str_eq(r.first, "USER=U0000000  NAME=SOMEONE");
	ck_assert_int_eq(fake_cut, 0);
}
END_TEST

START_TEST(cancel_cuts_the_output)
{
	struct rec r = { .pause_after_first = 1 };
	int turns = 50;

	send_cmd("LISTUSER *", 1, &r);
	(void)spin(never, &turns);
	link_client_cancel(lc, r.id);
	ck_assert(spin(is_done, &r));
	ck_assert_int_eq(r.status, LINK_REQ_CANCELLED);
	ck_assert(spin(driver_finished, NULL));
	ck_assert_int_eq(fake_cut, 1);
	ck_assert(spin(no_requests, NULL));
	ck_assert_uint_eq(ag.ag_count.ac_cancelled, 1);
	ck_assert_int_lt(fake_get(&fake_emitted), 200000);
}
END_TEST

START_TEST(link_loss_cuts_the_output)
{
	struct rec r = { .pause_after_first = 1 };
	int turns = 50;

	send_cmd("LISTUSER *", 1, &r);
	(void)spin(never, &turns);
	client_gone();
	ck_assert(spin(driver_finished, NULL));
	ck_assert_int_eq(fake_cut, 1);
	ck_assert(spin(no_sessions, NULL));
}
END_TEST

START_TEST(refusals_never_reach_the_esm)
{
	struct rec r1 = { 0 }, r2 = { 0 }, r3 = { 0 };

	send_cmd("SETROPTS LIST", 0, &r1);
	send_cmd("LISTUSER IBMUSER", 0, &r2);
	send_cmd("LISTUSER BOB\nDELUSER ALICE", 0, &r3);
	ck_assert(spin(is_done, &r1));
	ck_assert(spin(is_done, &r2));
	ck_assert(spin(is_done, &r3));
	ck_assert_int_eq(r1.rc, LINK_RC_REFUSED);
	ck_assert_ptr_nonnull(strstr(r1.first, "ESMA102E"));
	ck_assert_int_eq(r2.rc, LINK_RC_REFUSED);
	ck_assert_ptr_nonnull(strstr(r2.first, "ESMA104E"));
	ck_assert_int_eq(r3.rc, LINK_RC_INVALID);
	ck_assert_ptr_nonnull(strstr(r3.first, "ESMA100E"));
	ck_assert_int_eq(fake_calls, 0);
	ck_assert_uint_eq(ag.ag_count.ac_refused, 3);
}
END_TEST

START_TEST(full_link_answers_busy)
{
	struct rec r1 = { 0 }, r2 = { 0 };
	int turns = 20;

	ag.ag_conf.ac_max_requests = 1;
	send_cmd("LISTUSER BLOCK", 0, &r1);
	(void)spin(never, &turns);
	send_cmd("LISTUSER BOB", 0, &r2);
	ck_assert(spin(is_done, &r2));
	ck_assert_int_eq(r2.rc, LINK_RC_BUSY);
	ck_assert_ptr_nonnull(strstr(r2.first, "ESMA108E"));
	ck_assert_int_eq(r1.done, 0);
	pthread_mutex_lock(&fake_mtx);
	fake_release = 1;
	pthread_cond_broadcast(&fake_cond);
	pthread_mutex_unlock(&fake_mtx);
	ck_assert(spin(is_done, &r1));
	ck_assert_int_eq(r1.rc, 0);
	ck_assert_int_eq(r1.lines, 1);
}
END_TEST

static Suite *
agent_link_suite(void)
{
	Suite *s = suite_create("agent_link");
	TCase *tc = tcase_create("provisioning");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, paused_gateway_stops_the_driver);
	tcase_add_test(tc, cancel_cuts_the_output);
	tcase_add_test(tc, link_loss_cuts_the_output);
	tcase_add_test(tc, refusals_never_reach_the_esm);
	tcase_add_test(tc, full_link_answers_busy);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(agent_link_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
