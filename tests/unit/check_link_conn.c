/*
 * check_link_conn.c - a link on a bufferevent (link_conn.c).
 *
 * The gateway and agent links sit on two bufferevent pairs joined by a
 * tap in the middle, which passes, records, holds, alters or swallows
 * frames the way a hostile network would.  Every refusal must end with
 * the right reason, both ends closed, and closed() called exactly once.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>

#include "link.h"
#include "link_int.h"
#include "log.h"
#include "testloop.h"

enum tap_mode { TAP_PASS, TAP_RECORD, TAP_HOLD, TAP_FLIP, TAP_DROP };

struct tap {
	struct bufferevent	*a;	/* faces the gateway (client) */
	struct bufferevent	*b;	/* faces the agent (server) */
	enum tap_mode		 mode;	/* gateway -> agent frames */
	long			 flip_off;
	unsigned char		 held[4][512];
	size_t			 heldlen[4];
	int			 nheld;
	int			 drop_back;	/* swallow agent -> gateway */
};

struct end {
	struct link		*l;
	struct bufferevent	*bev;	/* borrowed, for injecting bytes */
	int			 ready;
	int			 nmsg;
	int			 closed;
	int			 drained;
	enum link_msg_type	 last_type;
	uint64_t		 last_id;
	char			 reason[512];
};

static struct event_base *base;
static struct link_key key_a, key_b;
static struct tap tap;
static struct end gw, ag;

static void
setup(void)
{
	size_t i;

	log_init("check_link_conn");
	log_set_quiet(1);
	base = event_base_new();
	memset(&tap, 0, sizeof(tap));
	memset(&gw, 0, sizeof(gw));
	memset(&ag, 0, sizeof(ag));
	key_a.lk_len = key_b.lk_len = 32;
	for (i = 0; i < 32; i++) {
		key_a.lk_bytes[i] = (unsigned char)(0xa0 + i);
		key_b.lk_bytes[i] = (unsigned char)(0xb0 + i);
	}
}

static void
teardown(void)
{
	link_free(gw.l);
	link_free(ag.l);
	if (tap.a != NULL)
		bufferevent_free(tap.a);
	if (tap.b != NULL)
		bufferevent_free(tap.b);
	event_base_free(base);
}

static void
ready_cb(struct link *l, void *arg)
{
	struct end *e = arg;

	ck_assert_ptr_eq(l, e->l);
	e->ready++;
}

static void
message_cb(struct link *l, const struct link_msg *m, void *arg)
{
	struct end *e = arg;

	e->nmsg++;
	e->last_type = m->lm_type;
	e->last_id = m->lm_id;
}

static void
drained_cb(struct link *l, void *arg)
{
	((struct end *)arg)->drained++;
}

static void
closed_cb(struct link *l, const char *reason, void *arg)
{
	struct end *e = arg;

	e->closed++;
	snprintf(e->reason, sizeof(e->reason), "%s", reason);
}

static const struct link_cbs cbs = {
	.ready = ready_cb,
	.message = message_cb,
	.drained = drained_cb,
	.closed = closed_cb,
};

/* Frames gateway -> agent: whole frames only, so modes act per frame. */
static void
tap_a_read(struct bufferevent *bev, void *arg)
{
	struct evbuffer *in = bufferevent_get_input(bev);
	unsigned char f[8192], hdr[4];
	size_t n;

	while (evbuffer_copyout(in, hdr, 4) == 4) {
		n = 4 + ((size_t)hdr[2] << 8 | hdr[3]);
		if (evbuffer_get_length(in) < n)
			return;
		ck_assert_uint_le(n, sizeof(f));
		evbuffer_remove(in, f, n);
		if (n > sizeof(tap.held[0]) &&
		    (tap.mode == TAP_HOLD || tap.mode == TAP_RECORD))
			ck_abort_msg("frame too big for the tap to hold");
		switch (tap.mode) {
		case TAP_HOLD:
			memcpy(tap.held[tap.nheld], f, n);
			tap.heldlen[tap.nheld++] = n;
			continue;
		case TAP_DROP:
			continue;
		case TAP_FLIP:
			f[tap.flip_off >= 0 ? (size_t)tap.flip_off :
			    n + tap.flip_off] ^= 1;
			tap.mode = TAP_PASS;
			break;
		case TAP_RECORD:
			memcpy(tap.held[0], f, n);
			tap.heldlen[0] = n;
			break;
		case TAP_PASS:
			break;
		}
		bufferevent_write(tap.b, f, n);
	}
}

static void
tap_b_read(struct bufferevent *bev, void *arg)
{
	struct evbuffer *in = bufferevent_get_input(bev);

	if (tap.drop_back)
		evbuffer_drain(in, evbuffer_get_length(in));
	else
		bufferevent_write_buffer(tap.a, in);
}

/* EOF on one side of the tap is passed on to the other. */
static void
tap_event(struct bufferevent *bev, short what, void *arg)
{
	struct bufferevent *other = bev == tap.a ? tap.b : tap.a;

	if (what & (BEV_EVENT_EOF | BEV_EVENT_ERROR))
		bufferevent_flush(other, EV_WRITE, BEV_FINISHED);
}

static struct link *
start_end(struct end *e, enum link_role role, const char *id,
    const struct link_key *key, enum link_cipher cipher,
    struct bufferevent **tapside)
{
	struct bufferevent *pair[2];
	struct link_params p;

	ck_assert_int_eq(bufferevent_pair_new(base, BEV_OPT_CLOSE_ON_FREE |
	    BEV_OPT_DEFER_CALLBACKS, pair), 0);
	memset(&p, 0, sizeof(p));
	p.lp_role = role;
	p.lp_identity = id;
	p.lp_key = key;
	p.lp_cipher = cipher;
	p.lp_out_high = 4096;
	e->bev = pair[0];
	e->l = link_new(base, pair[0], role == LINK_ROLE_CLIENT ?
	    "agent.example:7001" : "127.0.0.1:40122", &p, &cbs, e);
	*tapside = pair[1];
	return e->l;
}

static void
start_pair(const struct link_key *gkey, enum link_cipher gc,
    const struct link_key *akey, enum link_cipher ac)
{
	start_end(&ag, LINK_ROLE_SERVER, "SYS1", akey, ac, &tap.b);
	start_end(&gw, LINK_ROLE_CLIENT, "GW1", gkey, gc, &tap.a);
	bufferevent_setcb(tap.a, tap_a_read, NULL, tap_event, NULL);
	bufferevent_setcb(tap.b, tap_b_read, NULL, tap_event, NULL);
	bufferevent_enable(tap.a, EV_READ | EV_WRITE);
	bufferevent_enable(tap.b, EV_READ | EV_WRITE);
}

static void
ready_pair(void)
{
	start_pair(&key_a, LINK_CIPHER_AES128_GCM, &key_a,
	    LINK_CIPHER_AES128_GCM);
	testloop_turns(base, 20);
	ck_assert_int_eq(gw.ready, 1);
	ck_assert_int_eq(ag.ready, 1);
}

static void
send_msg(struct end *e, enum link_msg_type type, uint64_t id)
{
	struct link_msg m;

	memset(&m, 0, sizeof(m));
	m.lm_type = type;
	m.lm_id = id;
	ck_assert_int_eq(link_send(e->l, &m), 0);
}

static void
assert_closed(struct end *e, const char *text)
{
	ck_assert_int_eq(e->closed, 1);
	ck_assert_int_eq(link_is_closed(e->l), 1);
	ck_assert_int_eq(link_is_ready(e->l), 0);
	ck_assert_msg(strstr(e->reason, text) != NULL,
	    "reason \"%s\" lacks \"%s\"", e->reason, text);
}

/* The refused side names why; the other sees the link go. */
static void
assert_both_closed(struct end *refuser, const char *text)
{
	testloop_turns(base, 20);
	assert_closed(refuser, text);
	ck_assert_int_eq((refuser == &ag ? &gw : &ag)->closed, 1);
}

START_TEST(handshake_and_messages)
{
	ready_pair();
	ck_assert_str_eq(link_peer_identity(gw.l), "SYS1");
	ck_assert_str_eq(link_peer_identity(ag.l), "GW1");
	ck_assert_str_eq(link_peer_address(ag.l), "127.0.0.1:40122");
	ck_assert_int_eq(link_cipher(gw.l), LINK_CIPHER_AES128_GCM);
	send_msg(&gw, LINK_MSG_CANCEL, 7);
	send_msg(&ag, LINK_MSG_EVENT_ACK, 9);
	testloop_turns(base, 10);
	ck_assert_int_eq(ag.nmsg, 1);
	ck_assert_int_eq(ag.last_type, LINK_MSG_CANCEL);
	ck_assert(ag.last_id == 7);
	ck_assert_int_eq(gw.nmsg, 1);
	ck_assert(gw.last_id == 9);
	/* PING is answered inside the link and never reaches the owner. */
	send_msg(&gw, LINK_MSG_PING, 1);
	testloop_turns(base, 10);
	ck_assert_int_eq(ag.nmsg, 1);
	ck_assert_int_eq(gw.nmsg, 1);
	ck_assert_int_eq(gw.closed + ag.closed, 0);
}
END_TEST

START_TEST(close_flushes_then_closes_once)
{
	ready_pair();
	send_msg(&ag, LINK_MSG_EVENT, 1);
	link_close(ag.l, "agent shutting down");
	link_close(ag.l, "second close is ignored");
	ck_assert_int_eq(link_send(ag.l, &(struct link_msg){ .lm_type =
	    LINK_MSG_PING }), -1);
	testloop_turns(base, 20);
	ck_assert_int_eq(gw.nmsg, 1);
	assert_closed(&ag, "agent shutting down");
	assert_closed(&gw, "agent SYS1 closed the link");
	testloop_turns(base, 5);
	ck_assert_int_eq(ag.closed, 1);
	ck_assert_int_eq(gw.closed, 1);
}
END_TEST

START_TEST(drained_after_high)
{
	struct link_msg m;
	char body[3000];
	int i;

	ready_pair();
	memset(body, 'x', sizeof(body));
	memset(&m, 0, sizeof(m));
	m.lm_type = LINK_MSG_EVENT;
	m.lm_body.bv_val = body;
	m.lm_body.bv_len = sizeof(body);
	/* The network stalls: nothing leaves the gateway's buffer. */
	bufferevent_disable(tap.a, EV_READ);
	for (i = 0; i < 2; i++)
		ck_assert_int_eq(link_send(gw.l, &m), 0);
	ck_assert_int_eq(link_output_is_high(gw.l), 1);
	ck_assert_uint_gt(link_output_pending(gw.l), 4096);
	testloop_turns(base, 5);
	ck_assert_int_eq(gw.drained, 0);
	bufferevent_enable(tap.a, EV_READ);
	testloop_turns(base, 20);
	ck_assert_int_eq(gw.drained, 1);
	ck_assert_int_eq(link_output_is_high(gw.l), 0);
	ck_assert_int_eq(ag.nmsg, 2);
}
END_TEST

START_TEST(wrong_key)
{
	start_pair(&key_a, LINK_CIPHER_AES256_GCM, &key_b,
	    LINK_CIPHER_AES256_GCM);
	assert_both_closed(&gw, "agent SYS1 uses key ");
	assert_closed(&ag, "no link key in common");
	ck_assert_int_eq(gw.ready + ag.ready, 0);
}
END_TEST

START_TEST(replayed_frame)
{
	ready_pair();
	tap.mode = TAP_RECORD;
	send_msg(&gw, LINK_MSG_CANCEL, 1);
	testloop_turns(base, 10);
	ck_assert_int_eq(ag.nmsg, 1);
	bufferevent_write(tap.b, tap.held[0], tap.heldlen[0]);
	assert_both_closed(&ag, "frame 3 from gateway GW1 at 127.0.0.1:40122 "
	    "failed authentication: wrong key, or the frame was altered, "
	    "replayed or reordered");
	ck_assert_int_eq(ag.nmsg, 1);
}
END_TEST

START_TEST(reordered_frames)
{
	ready_pair();
	tap.mode = TAP_HOLD;
	send_msg(&gw, LINK_MSG_CANCEL, 1);
	send_msg(&gw, LINK_MSG_CANCEL, 2);
	testloop_turns(base, 10);
	ck_assert_int_eq(tap.nheld, 2);
	bufferevent_write(tap.b, tap.held[1], tap.heldlen[1]);
	bufferevent_write(tap.b, tap.held[0], tap.heldlen[0]);
	assert_both_closed(&ag, "frame 2 from gateway GW1");
	ck_assert_int_eq(ag.nmsg, 0);
}
END_TEST

static void
altered(long off)
{
	ready_pair();
	tap.mode = TAP_FLIP;
	tap.flip_off = off;
	send_msg(&gw, LINK_MSG_CANCEL, 1);
	assert_both_closed(&ag, "failed authentication");
	ck_assert_int_eq(ag.nmsg, 0);
}

START_TEST(altered_ciphertext)
{
	altered(5);
}
END_TEST

START_TEST(altered_tag)
{
	altered(-1);
}
END_TEST

START_TEST(altered_length)
{
	/* 0x...19 -> 0x...18: one byte shorter, the tag no longer fits. */
	altered(3);
}
END_TEST

START_TEST(truncated_frame)
{
	ready_pair();
	tap.mode = TAP_HOLD;
	send_msg(&gw, LINK_MSG_CANCEL, 1);
	testloop_turns(base, 10);
	bufferevent_write(tap.b, tap.held[0], tap.heldlen[0] - 3);
	bufferevent_flush(tap.b, EV_WRITE, BEV_FINISHED);
	testloop_turns(base, 20);
	assert_closed(&ag, "link closed in the middle of a frame (22 of 25 "
	    "bytes)");
}
END_TEST

START_TEST(oversize_length)
{
	ready_pair();
	bufferevent_write(tap.b, "\x00\x12\xd6\x87", 4);
	assert_both_closed(&ag, "gateway GW1 at 127.0.0.1:40122 sent 1234567 "
	    "bytes in one frame, more than the 1048576 allowed");
}
END_TEST

START_TEST(garbage_before_hello)
{
	struct bufferevent *raw;

	start_end(&ag, LINK_ROLE_SERVER, "SYS1", &key_a,
	    LINK_CIPHER_AES128_GCM, &raw);
	tap.b = raw;
	bufferevent_enable(raw, EV_READ | EV_WRITE);
	bufferevent_write(raw, "GET / HTTP/1.1\r\n\r\n", 18);
	testloop_turns(base, 20);
	assert_closed(&ag, "peer 127.0.0.1:40122: the first bytes are not an "
	    "esmgate link hello (garbage before the hello)");
}
END_TEST

START_TEST(version_mismatch)
{
	unsigned char rnd[LINK_RANDOM_LEN] = { 0 }, frame[128];
	struct bufferevent *raw;
	BerElement *ber;
	struct berval bv;

	start_end(&ag, LINK_ROLE_SERVER, "SYS1", &key_a,
	    LINK_CIPHER_AES128_GCM, &raw);
	tap.b = raw;
	bufferevent_enable(raw, EV_READ | EV_WRITE);
	ber = ber_alloc_t(LBER_USE_DER);
	ck_assert_int_ne(ber_printf(ber, "{oioos}", "ESMGATE-LINK",
	    (ber_len_t)12, 1, "GW2", (ber_len_t)3, rnd,
	    (ber_len_t)LINK_RANDOM_LEN, "aes-128-gcm"), -1);
	ck_assert_int_eq(ber_flatten2(ber, &bv, 0), 0);
	memset(frame, 0, 4);
	frame[3] = (unsigned char)bv.bv_len;
	memcpy(frame + 4, bv.bv_val, bv.bv_len);
	bufferevent_write(raw, frame, 4 + bv.bv_len);
	ber_free(ber, 1);
	testloop_turns(base, 20);
	assert_closed(&ag, "peer 127.0.0.1:40122 speaks link version 1; this "
	    "side speaks version 2");
	/* The agent's own hello was flushed before it closed. */
	ck_assert_uint_gt(evbuffer_get_length(bufferevent_get_input(raw)), 20);
}
END_TEST

START_TEST(cipher_mismatch)
{
	start_pair(&key_a, LINK_CIPHER_AES256_GCM, &key_a,
	    LINK_CIPHER_AES128_GCM);
	testloop_turns(base, 20);
	assert_closed(&ag, "gateway GW1 at 127.0.0.1:40122 proposed cipher "
	    "aes-256-gcm; this agent requires aes-128-gcm");
	assert_closed(&gw, "agent SYS1 requires cipher aes-128-gcm; this "
	    "gateway proposed aes-256-gcm");
}
END_TEST

START_TEST(bad_confirm)
{
	start_pair(&key_a, LINK_CIPHER_AES128_GCM, &key_a,
	    LINK_CIPHER_AES128_GCM);
	/* Rename the gateway in its hello on the way: GW1 -> GW0. */
	tap.mode = TAP_FLIP;
	tap.flip_off = 4 + 2 + 14 + 3 + 2 + 2;
	assert_both_closed(&gw, "agent SYS1 sent a bad key confirmation");
	ck_assert_int_eq(gw.ready, 0);
}
END_TEST

START_TEST(hello_timeout)
{
	struct bufferevent *raw;

	start_end(&ag, LINK_ROLE_SERVER, "SYS1", &key_a,
	    LINK_CIPHER_AES128_GCM, &raw);
	tap.b = raw;
	link_set_timers_ms(ag.l, 30, 0);
	testloop_run_ms(base, 80);
	assert_closed(&ag, "peer 127.0.0.1:40122 did not complete the hello "
	    "within 0.030s");
}
END_TEST

START_TEST(heartbeat_keeps_live_peer)
{
	ready_pair();
	link_set_timers_ms(gw.l, 0, 20);
	link_set_timers_ms(ag.l, 0, 20);
	testloop_run_ms(base, 150);
	ck_assert_int_eq(gw.closed + ag.closed, 0);
	ck_assert_int_eq(gw.nmsg + ag.nmsg, 0);
}
END_TEST

START_TEST(heartbeat_drops_silent_peer)
{
	ready_pair();
	link_set_timers_ms(gw.l, 0, 20);
	tap.mode = TAP_DROP;
	tap.drop_back = 1;
	testloop_run_ms(base, 150);
	assert_closed(&gw, "agent SYS1 sent nothing for 3 heartbeat "
	    "intervals");
}
END_TEST

START_TEST(bad_peer_does_not_disturb_others)
{
	struct bufferevent *raw;
	struct end bad;

	memset(&bad, 0, sizeof(bad));
	ready_pair();
	start_end(&bad, LINK_ROLE_SERVER, "SYS1", &key_a,
	    LINK_CIPHER_AES128_GCM, &raw);
	bufferevent_enable(raw, EV_READ | EV_WRITE);
	bufferevent_write(raw, "\x16\x03\x01\x02\x00\x01\x00\x01\xfc", 9);
	send_msg(&gw, LINK_MSG_CANCEL, 5);
	testloop_turns(base, 20);
	/* Its first bytes are a TLS record: told so, not "garbage". */
	assert_closed(&bad, "speaks TLS: it uses esmlinks://");
	ck_assert_int_eq(ag.nmsg, 1);
	send_msg(&ag, LINK_MSG_EVENT, 6);
	testloop_turns(base, 10);
	ck_assert_int_eq(gw.nmsg, 1);
	ck_assert_int_eq(gw.closed + ag.closed, 0);
	link_free(bad.l);
	bufferevent_free(raw);
}
END_TEST

static Suite *
link_conn_suite(void)
{
	Suite *s = suite_create("link_conn");
	TCase *tc;

	tc = tcase_create("flow");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, handshake_and_messages);
	tcase_add_test(tc, close_flushes_then_closes_once);
	tcase_add_test(tc, drained_after_high);
	tcase_add_test(tc, bad_peer_does_not_disturb_others);
	suite_add_tcase(s, tc);
	tc = tcase_create("refused");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, wrong_key);
	tcase_add_test(tc, replayed_frame);
	tcase_add_test(tc, reordered_frames);
	tcase_add_test(tc, altered_ciphertext);
	tcase_add_test(tc, altered_tag);
	tcase_add_test(tc, altered_length);
	tcase_add_test(tc, truncated_frame);
	tcase_add_test(tc, oversize_length);
	tcase_add_test(tc, garbage_before_hello);
	tcase_add_test(tc, version_mismatch);
	tcase_add_test(tc, cipher_mismatch);
	tcase_add_test(tc, bad_confirm);
	suite_add_tcase(s, tc);
	tc = tcase_create("timers");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, hello_timeout);
	tcase_add_test(tc, heartbeat_keeps_live_peer);
	tcase_add_test(tc, heartbeat_drops_silent_peer);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(link_conn_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
