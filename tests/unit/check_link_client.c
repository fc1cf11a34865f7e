/*
 * check_link_client.c - the gateway's request multiplexer
 * (link_client.c), against a tiny agent written here on the other end of
 * a bufferevent_pair.  The agent keeps its own count of the credit it was
 * granted and never sends beyond it, so a request that completes proves
 * the client granted credit as it should.
 */
#include "config.h"

#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>

#include "link.h"
#include "link_int.h"
#include "log.h"
#include "testloop.h"

#define SRV_MAX_REQ	16
#define SECOND_MS	20	/* a client "second" in these tests */

struct srv_req {
	uint64_t	id;
	uint32_t	credit;		/* chunks we may still send */
	int		cancelled;
};

struct srv {
	struct link	*l;
	struct srv_req	 reqs[SRV_MAX_REQ];
	int		 nreq;
	int		 ncancel;
	int		 closed;
};

struct rec {
	int			nchunks;
	int			nfinal;
	enum link_req_status	status;
	int			rc;
	int			pause_after;	/* pause after chunk n */
	uint64_t		id;
	char			why[256];
};

static struct event_base *base;
static struct link_key key;
static struct link_client *lc;
static struct srv srvs[4];
static int nsrv, fail_connect;
static int ups, downs;
static char down_why[512];
static int order[8], norder;

static void
srv_message_cb(struct link *l, const struct link_msg *m, void *arg)
{
	struct srv *s = arg;
	int i;

	if (m->lm_type == LINK_MSG_REQUEST) {
		ck_assert_int_lt(s->nreq, SRV_MAX_REQ);
		s->reqs[s->nreq].id = m->lm_id;
		s->reqs[s->nreq].credit = m->lm_window;
		s->nreq++;
		return;
	}
	for (i = 0; i < s->nreq; i++) {
		if (s->reqs[i].id != m->lm_id)
			continue;
		if (m->lm_type == LINK_MSG_CREDIT)
			s->reqs[i].credit += m->lm_window;
		else if (m->lm_type == LINK_MSG_CANCEL) {
			s->reqs[i].cancelled = 1;
			s->ncancel++;
		}
	}
}

static void
srv_closed_cb(struct link *l, const char *reason, void *arg)
{
	((struct srv *)arg)->closed++;
}

static const struct link_cbs srv_cbs = {
	.message = srv_message_cb,
	.closed = srv_closed_cb,
};

static void
srv_params(struct link_params *p)
{
	memset(p, 0, sizeof(*p));
	p->lp_role = LINK_ROLE_SERVER;
	p->lp_identity = "SYS1";
	p->lp_key = &key;
	p->lp_cipher = LINK_CIPHER_AES128_GCM;
}

static struct bufferevent *
pair_connector(struct link_client *c, struct event_base *b, void *arg,
    int *connected, char *err, size_t errlen)
{
	struct bufferevent *pair[2];
	struct link_params p;
	struct srv *s;

	if (fail_connect > 0) {
		fail_connect--;
		snprintf(err, errlen, "connection refused (test)");
		return NULL;
	}
	ck_assert_int_lt(nsrv, 4);
	ck_assert_int_eq(bufferevent_pair_new(b, BEV_OPT_CLOSE_ON_FREE |
	    BEV_OPT_DEFER_CALLBACKS, pair), 0);
	srv_params(&p);
	s = &srvs[nsrv++];
	s->l = link_new(b, pair[1], "127.0.0.1:40122", &p, &srv_cbs, s);
	*connected = 1;
	return pair[0];
}

static void
state_cb(void *arg, int up, const char *why)
{
	if (up)
		ups++;
	else {
		downs++;
		snprintf(down_why, sizeof(down_why), "%s", why);
	}
}

static void
req_cb(void *arg, enum link_req_status status, const struct link_msg *m,
    const char *why)
{
	struct rec *r = arg;

	ck_assert_int_eq(r->nfinal, 0);
	r->status = status;
	if (m != NULL) {
		r->nchunks++;
		r->rc = m->lm_rc;
		if (r->pause_after != 0 && r->nchunks == r->pause_after)
			link_client_pause(lc, r->id);
	}
	if (m == NULL || !m->lm_more) {
		r->nfinal++;
		if (norder < 8)
			order[norder++] = m != NULL ? m->lm_rc : -1;
	}
	if (why != NULL)
		snprintf(r->why, sizeof(r->why), "%s", why);
}

static void
setup(void)
{
	struct link_params p;

	log_init("check_link_client");
	log_set_quiet(1);
	base = event_base_new();
	memset(srvs, 0, sizeof(srvs));
	nsrv = fail_connect = ups = downs = norder = 0;
	down_why[0] = '\0';
	key.lk_len = 16;
	memset(key.lk_bytes, 0x5a, sizeof(key.lk_bytes));
	memset(&p, 0, sizeof(p));
	p.lp_role = LINK_ROLE_CLIENT;
	p.lp_identity = "GW1";
	p.lp_key = &key;
	p.lp_cipher = LINK_CIPHER_AES128_GCM;
	lc = link_client_new(base, "SYS1", "agent.example", "7001", &p,
	    state_cb, NULL);
	link_client_set_connector(lc, pair_connector, NULL);
	link_client_set_second_ms(lc, SECOND_MS);
}

static void
teardown(void)
{
	int i;

	link_client_free(lc);
	for (i = 0; i < nsrv; i++)
		link_free(srvs[i].l);
	event_base_free(base);
}

static void
start_up(void)
{
	link_client_start(lc);
	testloop_turns(base, 20);
	ck_assert_int_eq(link_client_is_up(lc), 1);
	ck_assert_int_eq(ups, 1);
}

static uint64_t
request(struct rec *r, const char *cmd, unsigned int timeout,
    unsigned int window)
{
	struct berval bv;
	struct link_identity who = { "cn=admin", "EXAMPLE", "192.0.2.1", 1,
	    2 };

	bv.bv_val = (char *)cmd;
	bv.bv_len = strlen(cmd);
	memset(r, 0, sizeof(*r));
	r->id = link_client_request(lc, LINK_REQ_COMMAND, &bv, NULL, 0, &who,
	    timeout, window, req_cb, r);
	return r->id;
}

/* The agent answers request idx with a chunk, if it holds credit. */
static int
srv_chunk(struct srv *s, int idx, int rc, int more)
{
	struct berval line = { 5, (char *)"LINE1" };
	struct link_msg m;

	if (s->reqs[idx].credit == 0)
		return 0;
	memset(&m, 0, sizeof(m));
	m.lm_type = LINK_MSG_RESPONSE;
	m.lm_id = s->reqs[idx].id;
	m.lm_rc = rc;
	m.lm_more = more;
	m.lm_lines = &line;
	m.lm_nlines = 1;
	ck_assert_int_eq(link_send(s->l, &m), 0);
	s->reqs[idx].credit--;
	return 1;
}

START_TEST(multiplexed_out_of_order)
{
	static struct rec r[3];
	int i;

	start_up();
	for (i = 0; i < 3; i++)
		ck_assert(request(&r[i], "LISTUSER X", 5, 0) ==
		    (uint64_t)i + 1);
	ck_assert_uint_eq(link_client_pending(lc), 3);
	testloop_turns(base, 10);
	ck_assert_int_eq(srvs[0].nreq, 3);
	ck_assert_uint_eq(srvs[0].reqs[0].credit, 8);
	srv_chunk(&srvs[0], 2, 30, 0);
	srv_chunk(&srvs[0], 0, 10, 0);
	srv_chunk(&srvs[0], 1, 20, 1);
	srv_chunk(&srvs[0], 1, 21, 0);
	testloop_turns(base, 10);
	ck_assert_int_eq(norder, 3);
	ck_assert_int_eq(order[0], 30);
	ck_assert_int_eq(order[1], 10);
	ck_assert_int_eq(order[2], 21);
	ck_assert_int_eq(r[1].nchunks, 2);
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(r[i].nfinal, 1);
		ck_assert_int_eq(r[i].status, LINK_REQ_OK);
	}
	ck_assert_uint_eq(link_client_pending(lc), 0);
}
END_TEST

START_TEST(credit_regranted_after_each_chunk)
{
	static struct rec r;
	int sent = 0, k;

	start_up();
	request(&r, "SEARCH", 5, 2);
	testloop_turns(base, 10);
	ck_assert_uint_eq(srvs[0].reqs[0].credit, 2);
	/* Ten chunks through a window of two: only credit lets them pass. */
	for (k = 0; k < 100 && sent < 10; k++) {
		while (sent < 10 && srv_chunk(&srvs[0], 0, sent, sent < 9))
			sent++;
		ck_assert_uint_le(srvs[0].reqs[0].credit, 2);
		testloop_turns(base, 2);
	}
	testloop_turns(base, 10);
	ck_assert_int_eq(sent, 10);
	ck_assert_int_eq(r.nchunks, 10);
	ck_assert_int_eq(r.nfinal, 1);
}
END_TEST

START_TEST(pause_withholds_credit)
{
	static struct rec r;
	int sent = 0;

	start_up();
	request(&r, "SEARCH", 5, 2);
	r.pause_after = 1;
	testloop_turns(base, 10);
	while (srv_chunk(&srvs[0], 0, sent, 1))
		sent++;
	testloop_turns(base, 20);
	/* Paused after the first chunk: nothing was granted back. */
	ck_assert_int_eq(sent, 2);
	ck_assert_int_eq(r.nchunks, 2);
	ck_assert_uint_eq(srvs[0].reqs[0].credit, 0);
	ck_assert_int_eq(srv_chunk(&srvs[0], 0, 9, 1), 0);
	link_client_resume(lc, r.id);
	testloop_turns(base, 10);
	ck_assert_uint_eq(srvs[0].reqs[0].credit, 2);
	ck_assert_int_eq(srv_chunk(&srvs[0], 0, 9, 0), 1);
	testloop_turns(base, 10);
	ck_assert_int_eq(r.nfinal, 1);
	ck_assert_int_eq(r.nchunks, 3);
}
END_TEST

START_TEST(agent_beyond_window_is_dropped)
{
	static struct rec r;

	start_up();
	request(&r, "SEARCH", 5, 1);
	r.pause_after = 1;
	testloop_turns(base, 10);
	srv_chunk(&srvs[0], 0, 0, 1);
	srvs[0].reqs[0].credit = 5;	/* a broken agent ignores credit */
	srv_chunk(&srvs[0], 0, 1, 1);
	testloop_turns(base, 20);
	ck_assert_int_eq(r.nchunks, 1);
	ck_assert_int_eq(r.nfinal, 1);
	ck_assert_int_eq(r.status, LINK_REQ_DOWN);
	ck_assert_ptr_nonnull(strstr(r.why, "agent SYS1 sent more response "
	    "chunks for request 1 than it was granted"));
	ck_assert_int_eq(link_client_is_up(lc), 0);
}
END_TEST

START_TEST(request_times_out)
{
	static struct rec r1, r2;

	start_up();
	request(&r1, "LISTUSER A", 1, 0);
	request(&r2, "LISTUSER B", 3, 0);
	testloop_run_ms(base, 2 * SECOND_MS);
	ck_assert_int_eq(r1.nfinal, 1);
	ck_assert_int_eq(r1.status, LINK_REQ_TIMEOUT);
	ck_assert_str_eq(r1.why, "agent SYS1 did not answer request 1 "
	    "within 1s");
	ck_assert_int_eq(r2.nfinal, 0);
	ck_assert_int_eq(srvs[0].ncancel, 1);
	ck_assert_int_eq(srvs[0].reqs[0].cancelled, 1);
	/* A late answer finds nothing and is dropped. */
	srv_chunk(&srvs[0], 0, 0, 0);
	testloop_run_ms(base, 3 * SECOND_MS);
	ck_assert_int_eq(r1.nfinal, 1);
	ck_assert_int_eq(r2.status, LINK_REQ_TIMEOUT);
	ck_assert_uint_eq(link_client_pending(lc), 0);
	ck_assert_int_eq(link_client_is_up(lc), 1);
}
END_TEST

START_TEST(cancel_ends_once_and_tells_agent)
{
	static struct rec r;

	start_up();
	request(&r, "ALTUSER X", 5, 0);
	testloop_turns(base, 10);
	link_client_cancel(lc, r.id);
	ck_assert_int_eq(r.nfinal, 1);
	ck_assert_int_eq(r.status, LINK_REQ_CANCELLED);
	ck_assert_uint_eq(link_client_pending(lc), 0);
	link_client_cancel(lc, r.id);
	testloop_turns(base, 10);
	ck_assert_int_eq(srvs[0].ncancel, 1);
	srv_chunk(&srvs[0], 0, 0, 0);
	testloop_turns(base, 10);
	ck_assert_int_eq(r.nfinal, 1);
	ck_assert_int_eq(r.nchunks, 0);
}
END_TEST

START_TEST(link_loss_ends_all_then_reconnects)
{
	static struct rec r[3], again;
	int i;

	start_up();
	for (i = 0; i < 3; i++)
		request(&r[i], "LISTGRP G", 5, 0);
	testloop_turns(base, 10);
	link_close(srvs[0].l, "agent stopping");
	testloop_turns(base, 20);
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(r[i].nfinal, 1);
		ck_assert_int_eq(r[i].status, LINK_REQ_DOWN);
		ck_assert_str_eq(r[i].why, "agent SYS1 closed the link");
	}
	ck_assert_int_eq(downs, 1);
	ck_assert_str_eq(down_why, "agent SYS1 closed the link");
	ck_assert_int_eq(link_client_is_up(lc), 0);
	ck_assert(request(&again, "LISTGRP G", 5, 0) == 0);
	ck_assert_uint_eq(link_client_pending(lc), 0);
	testloop_run_ms(base, SECOND_MS + 30);
	testloop_turns(base, 20);
	ck_assert_int_eq(nsrv, 2);
	ck_assert_int_eq(ups, 2);
	ck_assert(request(&again, "LISTGRP G", 5, 0) == 4);
	testloop_turns(base, 10);
	ck_assert_int_eq(srvs[1].nreq, 1);
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(r[i].nfinal, 1);
}
END_TEST

START_TEST(connect_failure_backs_off)
{
	fail_connect = 2;
	link_client_start(lc);
	ck_assert_int_eq(downs, 1);
	ck_assert_str_eq(down_why, "agent SYS1: connection refused (test)");
	testloop_run_ms(base, SECOND_MS + 10);		/* first retry after 1 "second" */
	ck_assert_int_eq(downs, 2);
	testloop_run_ms(base, SECOND_MS / 2);		/* the next waits 2: not yet */
	ck_assert_int_eq(nsrv, 0);
	testloop_run_ms(base, SECOND_MS + SECOND_MS / 2);
	testloop_turns(base, 20);
	ck_assert_int_eq(nsrv, 1);
	ck_assert_int_eq(link_client_is_up(lc), 1);
}
END_TEST

START_TEST(handshake_failure_is_down)
{
	key.lk_bytes[0] ^= 1;	/* the agents get a different key */
	link_client_start(lc);
	key.lk_bytes[0] ^= 1;
	testloop_turns(base, 20);
	ck_assert_int_eq(ups, 0);
	ck_assert_int_eq(downs, 1);
	ck_assert_ptr_nonnull(strstr(down_why, "no link key in common"));
}
END_TEST

/* ---- messages of the caller's own: an agent's event sender ---------- */

static struct link_msg got_msgs[4];
static int ngot;

static void
other_msg_cb(void *arg, const struct link_msg *m)
{
	ck_assert_ptr_eq(arg, &ngot);
	ck_assert_int_lt(ngot, 4);
	got_msgs[ngot].lm_type = m->lm_type;
	got_msgs[ngot].lm_id = m->lm_id;
	ngot++;
}

START_TEST(other_messages_go_to_the_handler)
{
	struct link_msg m;

	ngot = 0;
	link_client_set_message_cb(lc, other_msg_cb, &ngot);
	memset(&m, 0, sizeof(m));
	m.lm_type = LINK_MSG_EVENT;
	m.lm_id = 7;
	m.lm_body.bv_val = (char *)"\x30\x00";
	m.lm_body.bv_len = 2;
	/* Down: nothing can be sent. */
	ck_assert_int_eq(link_client_send(lc, &m), -1);
	ck_assert_int_eq(link_client_output_is_high(lc), 1);
	start_up();
	ck_assert_int_eq(link_client_output_is_high(lc), 0);
	ck_assert_int_eq(link_client_send(lc, &m), 0);
	memset(&m, 0, sizeof(m));
	m.lm_type = LINK_MSG_EVENT_ACK;
	m.lm_id = 7;
	ck_assert_int_eq(link_send(srvs[0].l, &m), 0);
	testloop_turns(base, 10);
	ck_assert_int_eq(ngot, 1);
	ck_assert_int_eq(got_msgs[0].lm_type, LINK_MSG_EVENT_ACK);
	ck_assert(got_msgs[0].lm_id == 7);
	ck_assert_int_eq(link_client_is_up(lc), 1);
	/* The handler finds the peer broken: the link goes, to come back. */
	link_client_drop(lc, "gateway GW1 acked event 9, which was not sent");
	testloop_turns(base, 20);
	ck_assert_int_eq(link_client_is_up(lc), 0);
	ck_assert_str_eq(down_why, "gateway GW1 acked event 9, which was not "
	    "sent");
	testloop_run_ms(base, SECOND_MS + 30);
	testloop_turns(base, 20);
	ck_assert_int_eq(ups, 2);
}
END_TEST

START_TEST(unexpected_message_closes_the_link)
{
	struct link_msg m;

	start_up();
	memset(&m, 0, sizeof(m));
	m.lm_type = LINK_MSG_CREDIT;
	m.lm_id = 1;
	m.lm_window = 1;
	ck_assert_int_eq(link_send(srvs[0].l, &m), 0);
	testloop_turns(base, 20);
	ck_assert_int_eq(link_client_is_up(lc), 0);
	ck_assert_int_eq(downs, 1);
	ck_assert_str_eq(down_why, "agent SYS1 sent a message of type 3, "
	    "which this side does not take");
}
END_TEST

START_TEST(peer_kind_names_the_peer)
{
	struct link_params p;
	struct link_client *gc;

	memset(&p, 0, sizeof(p));
	p.lp_identity = "SYS1";
	p.lp_key = &key;
	p.lp_peer_kind = "gateway";
	gc = link_client_new(base, "GW1", "gw.example", "7011", &p, state_cb,
	    NULL);
	link_client_set_connector(gc, pair_connector, NULL);
	fail_connect = 1;
	link_client_start(gc);
	ck_assert_str_eq(down_why, "gateway GW1: connection refused (test)");
	link_client_free(gc);
}
END_TEST

static struct srv tcp_srv;

static void
accept_cb(struct evconnlistener *lis, evutil_socket_t fd,
    struct sockaddr *sa, int len, void *arg)
{
	struct bufferevent *bev;
	struct link_params p;

	bev = bufferevent_socket_new(base, fd, BEV_OPT_CLOSE_ON_FREE);
	srv_params(&p);
	tcp_srv.l = link_new(base, bev, "127.0.0.1", &p, &srv_cbs, &tcp_srv);
}

START_TEST(tcp_connect)
{
	struct link_client *tc;
	struct evconnlistener *lis;
	struct sockaddr_in sin;
	socklen_t slen = sizeof(sin);
	struct link_params p;
	static struct rec r;
	char port[8];
	int i;

	memset(&tcp_srv, 0, sizeof(tcp_srv));
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	lis = evconnlistener_new_bind(base, accept_cb, NULL,
	    LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE, 8,
	    (struct sockaddr *)&sin, sizeof(sin));
	ck_assert_ptr_nonnull(lis);
	getsockname(evconnlistener_get_fd(lis), (struct sockaddr *)&sin,
	    &slen);
	snprintf(port, sizeof(port), "%u", ntohs(sin.sin_port));
	memset(&p, 0, sizeof(p));
	p.lp_identity = "GW1";
	p.lp_key = &key;
	p.lp_cipher = LINK_CIPHER_AES128_GCM;
	tc = link_client_new(base, "SYS1", "127.0.0.1", port, &p, state_cb,
	    NULL);
	link_client_start(tc);
	for (i = 0; i < 50 && !link_client_is_up(tc); i++)
		testloop_run_ms(base, 10);
	ck_assert_int_eq(link_client_is_up(tc), 1);
	memset(&r, 0, sizeof(r));
	r.id = link_client_request(tc, LINK_REQ_VERIFY, NULL,
	    &(struct berval){ 4, (char *)"USER" }, 1, NULL, 5, 0, req_cb, &r);
	ck_assert(r.id == 1);
	for (i = 0; i < 50 && tcp_srv.nreq == 0; i++)
		testloop_run_ms(base, 10);
	ck_assert_int_eq(tcp_srv.nreq, 1);
	link_client_free(tc);
	ck_assert_int_eq(r.nfinal, 1);
	ck_assert_int_eq(r.status, LINK_REQ_DOWN);
	link_free(tcp_srv.l);
	evconnlistener_free(lis);
}
END_TEST

static Suite *
link_client_suite(void)
{
	Suite *s = suite_create("link_client");
	TCase *tc;

	tc = tcase_create("multiplex");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, multiplexed_out_of_order);
	tcase_add_test(tc, request_times_out);
	tcase_add_test(tc, cancel_ends_once_and_tells_agent);
	suite_add_tcase(s, tc);
	tc = tcase_create("credit");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, credit_regranted_after_each_chunk);
	tcase_add_test(tc, pause_withholds_credit);
	tcase_add_test(tc, agent_beyond_window_is_dropped);
	suite_add_tcase(s, tc);
	tc = tcase_create("connection");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, link_loss_ends_all_then_reconnects);
	tcase_add_test(tc, connect_failure_backs_off);
	tcase_add_test(tc, handshake_failure_is_down);
	tcase_add_test(tc, tcp_connect);
	suite_add_tcase(s, tc);
	tc = tcase_create("messages");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, other_messages_go_to_the_handler);
	tcase_add_test(tc, unexpected_message_closes_the_link);
	tcase_add_test(tc, peer_kind_names_the_peer);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(link_client_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
