/*
 * link_conn.c - one link on a libevent bufferevent.
 *
 * This file moves bytes between a bufferevent and the sans-IO session
 * (link_session.c) and owns the link's time: the hello timeout, the
 * heartbeat that pings an idle peer and drops one silent for three
 * intervals, and the output watermark that tells the owner to stop
 * producing.  Every way a link ends goes through link_begin_close():
 * queued output is flushed (a refused peer still reads why), the close
 * is logged once, the bufferevent goes, and closed() is called once from
 * a one-shot event so that it never runs inside one of the owner's own
 * calls.  The owner frees the link after closed(), never inside it.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>

#include "link.h"
#include "link_int.h"
#include "link_tls.h"
#include "log.h"
#include "xmalloc.h"

#define LINK_HELLO_TIMEOUT_DEFAULT	10	/* seconds */
#define LINK_OUT_HIGH_DEFAULT		(256 * 1024)
#define LINK_FLUSH_TIMEOUT_MS		5000	/* to flush before closing */
#define LINK_SILENT_INTERVALS		3
#define LINK_READ_MAX			(1024 * 1024)	/* bytes a read takes */

struct link {
	struct event_base	*l_base;	/* borrowed */
	struct bufferevent	*l_bev;		/* owned; NULL once closed */
	struct link_session	*l_sess;	/* owned */
	enum link_role		 l_role;
	struct link_cbs		 l_cbs;
	void			*l_arg;		/* borrowed, the owner's */
	char			*l_peer_addr;	/* owned */
	size_t			 l_out_high;
	unsigned int		 l_hello_ms;
	unsigned int		 l_hb_ms;	/* 0: no heartbeat */
	struct event		*l_hello_ev;
	struct event		*l_hb_ev;
	struct event		*l_flush_ev;	/* gives up a stuck flush */
	struct event		*l_closed_ev;	/* calls closed() once */
	uint64_t		 l_last_rx;	/* ms, monotonic */
	uint64_t		 l_ping_id;
	int			 l_closing;	/* no more input or sends */
	int			 l_closed;	/* bufferevent gone */
	int			 l_was_high;
	int			 l_warn;	/* log the close as a warning */
	char			 l_reason[512];
};

static void	link_begin_close(struct link *, const char *, int);

static uint64_t
link_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void
link_arm(struct event *ev, unsigned int ms)
{
	struct timeval tv;

	tv.tv_sec = ms / 1000;
	tv.tv_usec = (ms % 1000) * 1000;
	event_add(ev, &tv);
}

/* The log prefix: who is at the other end. */
static void
link_who(const struct link *l, char *buf, size_t len)
{
	const char *id = link_session_peer_identity(l->l_sess);

	const char *kind = link_session_peer_kind(l->l_sess);

	if (id == NULL)
		snprintf(buf, len, "peer=%s", l->l_peer_addr);
	else if (l->l_role == LINK_ROLE_CLIENT)
		snprintf(buf, len, "%s=%s", kind, id);
	else
		snprintf(buf, len, "%s=%s peer=%s", kind, id, l->l_peer_addr);
}

/* Move what the session queued into the bufferevent. */
static void
link_flush_out(struct link *l)
{
	const unsigned char *p;
	size_t len;

	p = link_session_output(l->l_sess, &len);
	if (len == 0)
		return;
	if (l->l_bev != NULL)
		bufferevent_write(l->l_bev, p, len);
	link_session_output_drain(l->l_sess, len);
}

static void
link_closed_cb(evutil_socket_t fd, short what, void *arg)
{
	struct link *l = arg;

	if (l->l_cbs.closed != NULL)
		l->l_cbs.closed(l, l->l_reason, l->l_arg);
}

static void
link_finish(struct link *l)
{
	char who[320];

	if (l->l_closed)
		return;
	l->l_closed = 1;
	l->l_closing = 1;
	event_del(l->l_hello_ev);
	event_del(l->l_hb_ev);
	event_del(l->l_flush_ev);
	link_who(l, who, sizeof(who));
	if (l->l_warn)
		log_warnx("%s link closed: %s", who, l->l_reason);
	else
		log_info("%s link closed: %s", who, l->l_reason);
	if (l->l_bev != NULL) {
		/* A pair sees EOF only when told; sockets close on free. */
		bufferevent_flush(l->l_bev, EV_WRITE, BEV_FINISHED);
		bufferevent_free(l->l_bev);
		l->l_bev = NULL;
	}
	event_active(l->l_closed_ev, EV_TIMEOUT, 0);
}

static void
link_begin_close(struct link *l, const char *reason, int warn)
{
	if (l->l_closing)
		return;
	l->l_closing = 1;
	l->l_warn = warn;
	snprintf(l->l_reason, sizeof(l->l_reason), "%s", reason);
	event_del(l->l_hello_ev);
	event_del(l->l_hb_ev);
	link_flush_out(l);
	if (l->l_bev == NULL ||
	    evbuffer_get_length(bufferevent_get_output(l->l_bev)) == 0) {
		link_finish(l);
		return;
	}
	bufferevent_disable(l->l_bev, EV_READ);
	bufferevent_setwatermark(l->l_bev, EV_WRITE, 0, 0);
	link_arm(l->l_flush_ev, LINK_FLUSH_TIMEOUT_MS);
}

static void
link_got_message(struct link *l, const struct link_msg *m)
{
	struct link_msg pong;

	switch (m->lm_type) {
	case LINK_MSG_PING:
		memset(&pong, 0, sizeof(pong));
		pong.lm_type = LINK_MSG_PONG;
		pong.lm_id = m->lm_id;
		(void)link_send(l, &pong);
		break;
	case LINK_MSG_PONG:
		break;
	default:
		if (l->l_cbs.message != NULL)
			l->l_cbs.message(l, m, l->l_arg);
		break;
	}
}

static void
link_got_event(struct link *l, enum link_session_event ev)
{
	switch (ev) {
	case LINK_SESSION_READY:
		event_del(l->l_hello_ev);
		if (l->l_hb_ms != 0)
			link_arm(l->l_hb_ev, l->l_hb_ms);
		if (l->l_cbs.ready != NULL)
			l->l_cbs.ready(l, l->l_arg);
		break;
	case LINK_SESSION_MESSAGE:
		link_got_message(l, link_session_msg(l->l_sess));
		break;
	case LINK_SESSION_FAILED:
		link_begin_close(l, link_session_reason(l->l_sess), 1);
		break;
	case LINK_SESSION_MORE:
		break;
	}
}

static void
link_read_cb(struct bufferevent *bev, void *arg)
{
	struct link *l = arg;
	struct evbuffer *in = bufferevent_get_input(bev);
	unsigned char buf[16384];
	enum link_session_event ev;
	ev_ssize_t n;
	size_t off, used;

	l->l_last_rx = link_now_ms();
	while (!l->l_closing && evbuffer_get_length(in) > 0) {
		if ((n = evbuffer_copyout(in, buf, sizeof(buf))) <= 0)
			break;
		for (off = 0; off < (size_t)n && !l->l_closing; off += used) {
			ev = link_session_feed(l->l_sess, buf + off,
			    (size_t)n - off, &used);
			link_flush_out(l);
			link_got_event(l, ev);
		}
		evbuffer_drain(in, off);
	}
}

static void
link_write_cb(struct bufferevent *bev, void *arg)
{
	struct link *l = arg;
	size_t left = evbuffer_get_length(bufferevent_get_output(bev));

	if (l->l_closing) {
		if (left == 0)
			link_finish(l);
		return;
	}
	if (l->l_was_high && left <= l->l_out_high / 2) {
		l->l_was_high = 0;
		if (l->l_cbs.drained != NULL)
			l->l_cbs.drained(l, l->l_arg);
	}
}

static void
link_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct link *l = arg;
	char reason[512];
	int warn = 1;

	/* A peer hanging up between frames of a ready link is routine. */
	if ((what & BEV_EVENT_EOF) && link_session_is_ready(l->l_sess) &&
	    !link_session_in_frame(l->l_sess))
		warn = 0;
	if (link_tls_failure(bev, link_session_peer_name(l->l_sess),
	    reason, sizeof(reason)))
		warn = 1;
	else if (what & BEV_EVENT_EOF)
		snprintf(reason, sizeof(reason), "%s",
		    link_session_eof_reason(l->l_sess));
	else if (what & BEV_EVENT_ERROR)
		snprintf(reason, sizeof(reason), "%s: %s",
		    link_session_peer_name(l->l_sess),
		    evutil_socket_error_to_string(EVUTIL_SOCKET_ERROR()));
	else
		return;
	if (!l->l_closing)
		link_begin_close(l, reason, warn);
	/* Nothing more can be written to a peer that is gone. */
	link_finish(l);
}

static void
link_hello_timeout_cb(evutil_socket_t fd, short what, void *arg)
{
	struct link *l = arg;
	char reason[512];

	snprintf(reason, sizeof(reason), "%s did not complete the hello "
	    "within %u.%03us", link_session_peer_name(l->l_sess),
	    l->l_hello_ms / 1000, l->l_hello_ms % 1000);
	link_begin_close(l, reason, 1);
}

static void
link_heartbeat_cb(evutil_socket_t fd, short what, void *arg)
{
	struct link *l = arg;
	struct link_msg ping;
	uint64_t idle = link_now_ms() - l->l_last_rx;
	char reason[512];

	if (idle >= (uint64_t)LINK_SILENT_INTERVALS * l->l_hb_ms) {
		snprintf(reason, sizeof(reason), "%s sent nothing for %d "
		    "heartbeat intervals (%llu ms)",
		    link_session_peer_name(l->l_sess), LINK_SILENT_INTERVALS,
		    (unsigned long long)idle);
		link_begin_close(l, reason, 1);
		return;
	}
	if (idle >= l->l_hb_ms) {
		memset(&ping, 0, sizeof(ping));
		ping.lm_type = LINK_MSG_PING;
		ping.lm_id = ++l->l_ping_id;
		(void)link_send(l, &ping);
	}
	link_arm(l->l_hb_ev, l->l_hb_ms);
}

static void
link_flush_timeout_cb(evutil_socket_t fd, short what, void *arg)
{
	link_finish(arg);
}

/*
 * Requests, credits and answers are small frames that wait for each
 * other: without TCP_NODELAY, Nagle's algorithm and delayed ACKs hold
 * each one for up to 40 ms.  (A bufferevent pair in tests has no fd.)
 */
static void
link_set_nodelay(struct bufferevent *bev)
{
	evutil_socket_t fd = bufferevent_getfd(bev);
	int on = 1;

	if (fd >= 0)
		(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on,
		    sizeof(on));
}

struct link *
link_new(struct event_base *base, struct bufferevent *bev,
    const char *peer_addr, const struct link_params *params,
    const struct link_cbs *cbs, void *arg)
{
	struct link *l;

	l = xcalloc(1, sizeof(*l));
	l->l_base = base;
	l->l_bev = bev;
	l->l_cbs = *cbs;
	l->l_role = params->lp_role;
	l->l_arg = arg;
	l->l_peer_addr = xstrdup(peer_addr != NULL ? peer_addr : "unknown");
	l->l_sess = link_session_new(params, l->l_peer_addr);
	l->l_out_high = params->lp_out_high != 0 ? params->lp_out_high :
	    LINK_OUT_HIGH_DEFAULT;
	l->l_hello_ms = 1000 * (params->lp_hello_timeout != 0 ?
	    params->lp_hello_timeout : LINK_HELLO_TIMEOUT_DEFAULT);
	l->l_hb_ms = 1000 * params->lp_heartbeat;
	l->l_hello_ev = evtimer_new(base, link_hello_timeout_cb, l);
	l->l_hb_ev = evtimer_new(base, link_heartbeat_cb, l);
	l->l_flush_ev = evtimer_new(base, link_flush_timeout_cb, l);
	l->l_closed_ev = event_new(base, -1, 0, link_closed_cb, l);
	if (l->l_hello_ev == NULL || l->l_hb_ev == NULL ||
	    l->l_flush_ev == NULL || l->l_closed_ev == NULL)
		fatalx("link_new: cannot create timers");
	l->l_last_rx = link_now_ms();
	link_set_nodelay(bev);
	/*
	 * A busy owner may hold the loop for milliseconds (a sync): take all
	 * that arrived meanwhile in one read, not libevent's 16k a turn.
	 */
	(void)bufferevent_set_max_single_read(bev, LINK_READ_MAX);
	bufferevent_setcb(bev, link_read_cb, link_write_cb, link_event_cb, l);
	bufferevent_setwatermark(bev, EV_WRITE, l->l_out_high / 2, 0);
	bufferevent_enable(bev, EV_READ | EV_WRITE);
	link_arm(l->l_hello_ev, l->l_hello_ms);
	link_session_start(l->l_sess);
	link_flush_out(l);
	return l;
}

void
link_free(struct link *l)
{
	if (l == NULL)
		return;
	if (l->l_bev != NULL)
		bufferevent_free(l->l_bev);
	event_free(l->l_hello_ev);
	event_free(l->l_hb_ev);
	event_free(l->l_flush_ev);
	event_free(l->l_closed_ev);
	link_session_free(l->l_sess);
	free(l->l_peer_addr);
	free(l);
}

int
link_send(struct link *l, const struct link_msg *msg)
{
	if (l->l_closing || !link_session_is_ready(l->l_sess))
		return -1;
	if (link_session_seal(l->l_sess, msg) == -1)
		return -1;
	link_flush_out(l);
	if (link_output_is_high(l))
		l->l_was_high = 1;
	return 0;
}

void
link_close(struct link *l, const char *reason)
{
	link_begin_close(l, reason, 0);
}

int
link_is_ready(const struct link *l)
{
	return !l->l_closing && link_session_is_ready(l->l_sess);
}

int
link_is_closed(const struct link *l)
{
	return l->l_closed;
}

size_t
link_output_pending(const struct link *l)
{
	if (l->l_bev == NULL)
		return 0;
	return evbuffer_get_length(bufferevent_get_output(l->l_bev));
}

int
link_output_is_high(const struct link *l)
{
	return link_output_pending(l) >= l->l_out_high;
}

const char *
link_peer_identity(const struct link *l)
{
	return link_session_peer_identity(l->l_sess);
}

const char *
link_peer_address(const struct link *l)
{
	return l->l_peer_addr;
}

enum link_cipher
link_cipher(const struct link *l)
{
	return link_session_cipher(l->l_sess);
}

const char *
link_key_in_use(const struct link *l)
{
	return link_session_key_id(l->l_sess);
}

void
link_set_timers_ms(struct link *l, unsigned int hello_ms,
    unsigned int heartbeat_ms)
{
	if (hello_ms != 0) {
		l->l_hello_ms = hello_ms;
		if (!l->l_closing && !link_session_is_ready(l->l_sess))
			link_arm(l->l_hello_ev, hello_ms);
	}
	if (heartbeat_ms != 0) {
		l->l_hb_ms = heartbeat_ms;
		if (!l->l_closing && link_session_is_ready(l->l_sess))
			link_arm(l->l_hb_ev, heartbeat_ms);
	}
}
