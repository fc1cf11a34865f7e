/*
 * link_client.c - the connecting side of a link: connect, reconnect with
 * backoff, and multiplex requests by id.  The gateway reaches each agent
 * this way for requests; an agent reaches each gateway's event listener
 * this way for events (its messages through link_client_send and the
 * message handler, no requests).
 *
 * Each request lives in two trees: by id, so that a response finds it
 * (never by a saved pointer; a late answer to a finished request is
 * dropped), and by deadline, so that one timer sweeps the oldest first.
 * Every request ends exactly once: its final chunk, a timeout, a cancel
 * or the loss of the link, each of which takes it out of both trees
 * before calling back.
 *
 * Flow control: the REQUEST grants a window of response chunks; each
 * chunk uses one; after the caller's callback returns, one is granted
 * again with a CREDIT, unless the caller paused the request (its output
 * is backed up), in which case credit is owed and granted on resume.  An
 * agent that sends beyond its window is broken and the link is dropped.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/bufferevent.h>
#include <event2/event.h>

#include "link.h"
#include "link_int.h"
#include "link_tls.h"
#include "log.h"
#include "xmalloc.h"

/*
 * libbsd's tree.h marks generated functions __unused; glibc does not
 * define it (and uses the name in struct members), so define it last.
 */
#ifndef __unused
#define __unused __attribute__((__unused__))
#endif
#include <bsd/sys/tree.h>

#define LINK_CLIENT_WINDOW_DEFAULT	8
#define LINK_CLIENT_TIMEOUT_DEFAULT	30	/* seconds */
#define LINK_CLIENT_BACKOFF_FIRST	1	/* seconds */
#define LINK_CLIENT_BACKOFF_MAX		30

struct link_req {
	RB_ENTRY(link_req)	 r_by_id;
	RB_ENTRY(link_req)	 r_by_deadline;
	uint64_t		 r_id;
	uint64_t		 r_deadline;	/* ms, monotonic */
	unsigned int		 r_timeout_s;
	int			 r_timed;	/* in the deadline tree */
	int			 r_paused;
	uint32_t		 r_window;	/* chunks still allowed */
	uint32_t		 r_owed;	/* credit held back by pause */
	link_req_cb		 r_cb;
	void			*r_arg;		/* borrowed, the caller's */
};

RB_HEAD(link_req_ids, link_req);
RB_HEAD(link_req_deadlines, link_req);

struct link_client {
	struct event_base	*lc_base;	/* borrowed */
	char			*lc_name;
	char			*lc_host;
	char			*lc_port;
	char			*lc_addr;	/* host:port, for reasons */
	char			*lc_identity;
	char			*lc_kind;	/* the peer's: "agent" */
	struct link_key		 lc_key;	/* zeroed on free */
	struct link_key		 lc_key_previous; /* zeroed on free */
	struct link_params	 lc_params;	/* points at the two above */
	link_client_state_cb	 lc_state_cb;
	void			*lc_arg;
	link_client_msg_cb	 lc_msg_cb;	/* other messages */
	void			*lc_msg_arg;
	link_client_connect_fn	 lc_connect;
	void			*lc_connect_arg;
	struct bufferevent	*lc_connecting;	/* owned until connected */
	struct link		*lc_link;	/* owned */
	struct link		*lc_dead;	/* closed; lc_reap_ev frees */
	struct event		*lc_retry_ev;
	struct event		*lc_sweep_ev;
	struct event		*lc_reap_ev;
	unsigned int		 lc_backoff;	/* seconds until next try */
	unsigned int		 lc_second_ms;
	int			 lc_started;
	int			 lc_up;
	uint64_t		 lc_next_id;
	size_t			 lc_npending;
	struct link_req_ids	 lc_ids;
	struct link_req_deadlines lc_deadlines;
};

static int
link_req_id_cmp(const struct link_req *a, const struct link_req *b)
{
	return a->r_id < b->r_id ? -1 : a->r_id > b->r_id;
}

static int
link_req_deadline_cmp(const struct link_req *a, const struct link_req *b)
{
	if (a->r_deadline != b->r_deadline)
		return a->r_deadline < b->r_deadline ? -1 : 1;
	return link_req_id_cmp(a, b);
}

RB_GENERATE_STATIC(link_req_ids, link_req, r_by_id, link_req_id_cmp)
RB_GENERATE_STATIC(link_req_deadlines, link_req, r_by_deadline,
    link_req_deadline_cmp)

static void	link_client_connect(struct link_client *);

static uint64_t
link_client_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void
link_client_arm(struct event *ev, uint64_t ms)
{
	struct timeval tv;

	tv.tv_sec = (time_t)(ms / 1000);
	tv.tv_usec = (suseconds_t)(ms % 1000) * 1000;
	event_add(ev, &tv);
}

/* ---- requests -------------------------------------------------------- */

static struct link_req *
link_client_find(struct link_client *lc, uint64_t id)
{
	struct link_req key;

	key.r_id = id;
	return RB_FIND(link_req_ids, &lc->lc_ids, &key);
}

static void
link_client_arm_sweep(struct link_client *lc)
{
	struct link_req *r = RB_MIN(link_req_deadlines, &lc->lc_deadlines);
	uint64_t now = link_client_now();

	if (r == NULL) {
		event_del(lc->lc_sweep_ev);
		return;
	}
	link_client_arm(lc->lc_sweep_ev, r->r_deadline > now ?
	    r->r_deadline - now : 0);
}

static void
link_client_untime(struct link_client *lc, struct link_req *r)
{
	if (!r->r_timed)
		return;
	RB_REMOVE(link_req_deadlines, &lc->lc_deadlines, r);
	r->r_timed = 0;
}

/* The timeout runs from the last sign of life of the request. */
static void
link_client_time(struct link_client *lc, struct link_req *r)
{
	link_client_untime(lc, r);
	r->r_deadline = link_client_now() +
	    (uint64_t)r->r_timeout_s * lc->lc_second_ms;
	RB_INSERT(link_req_deadlines, &lc->lc_deadlines, r);
	r->r_timed = 1;
	link_client_arm_sweep(lc);
}

/* Take r out of both trees; the caller calls back and frees it. */
static void
link_client_unlink(struct link_client *lc, struct link_req *r)
{
	link_client_untime(lc, r);
	RB_REMOVE(link_req_ids, &lc->lc_ids, r);
	lc->lc_npending--;
}

static void
link_client_end(struct link_client *lc, struct link_req *r,
    enum link_req_status status, const struct link_msg *msg,
    const char *why)
{
	link_client_unlink(lc, r);
	r->r_cb(r->r_arg, status, msg, why);
	free(r);
}

static void
link_client_tell(struct link_client *lc, enum link_msg_type type,
    uint64_t id, uint32_t window)
{
	struct link_msg m;

	if (lc->lc_link == NULL || !link_is_ready(lc->lc_link))
		return;
	memset(&m, 0, sizeof(m));
	m.lm_type = type;
	m.lm_id = id;
	m.lm_window = window;
	if (link_send(lc->lc_link, &m) == -1)
		log_warnx("%s=%s req=%llu cannot send %s", lc->lc_kind,
		    lc->lc_name, (unsigned long long)id,
		    type == LINK_MSG_CREDIT ? "credit" : "cancel");
}

static void
link_client_grant(struct link_client *lc, struct link_req *r, uint32_t n)
{
	r->r_window += n;
	link_client_tell(lc, LINK_MSG_CREDIT, r->r_id, n);
}

static void
link_client_fail_all(struct link_client *lc, const char *why)
{
	struct link_req *r;

	while ((r = RB_MIN(link_req_ids, &lc->lc_ids)) != NULL)
		link_client_end(lc, r, LINK_REQ_DOWN, NULL, why);
	event_del(lc->lc_sweep_ev);
}

static void
link_client_sweep_cb(evutil_socket_t fd, short what, void *arg)
{
	struct link_client *lc = arg;
	struct link_req *r;
	uint64_t now = link_client_now();
	char why[256];

	while ((r = RB_MIN(link_req_deadlines, &lc->lc_deadlines)) != NULL &&
	    r->r_deadline <= now) {
		snprintf(why, sizeof(why), "%s %s did not answer request "
		    "%llu within %us", lc->lc_kind, lc->lc_name,
		    (unsigned long long)r->r_id, r->r_timeout_s);
		log_warnx("%s=%s req=%llu %s", lc->lc_kind, lc->lc_name,
		    (unsigned long long)r->r_id, why);
		/* The agent may stop working on it. */
		link_client_tell(lc, LINK_MSG_CANCEL, r->r_id, 0);
		link_client_end(lc, r, LINK_REQ_TIMEOUT, NULL, why);
	}
	link_client_arm_sweep(lc);
}

static void
link_client_response(struct link_client *lc, const struct link_msg *m)
{
	struct link_req *r;
	char why[256];
	uint64_t id = m->lm_id;

	if ((r = link_client_find(lc, id)) == NULL) {
		log_debug(LOG_CAT_LINK, "%s=%s req=%llu late answer "
		    "dropped", lc->lc_kind, lc->lc_name,
		    (unsigned long long)id);
		return;
	}
	if (r->r_window == 0) {
		snprintf(why, sizeof(why), "%s %s sent more response "
		    "chunks for request %llu than it was granted",
		    lc->lc_kind, lc->lc_name, (unsigned long long)id);
		link_close(lc->lc_link, why);
		return;
	}
	r->r_window--;
	if (!m->lm_more) {
		link_client_end(lc, r, LINK_REQ_OK, m, NULL);
		return;
	}
	if (!r->r_paused)
		link_client_time(lc, r);
	r->r_cb(r->r_arg, LINK_REQ_OK, m, NULL);
	/* The callback may have cancelled or paused it. */
	if ((r = link_client_find(lc, id)) == NULL)
		return;
	if (r->r_paused)
		r->r_owed++;
	else
		link_client_grant(lc, r, 1);
}

/* ---- the link -------------------------------------------------------- */

static void
link_client_ready_cb(struct link *l, void *arg)
{
	struct link_client *lc = arg;

	lc->lc_up = 1;
	lc->lc_backoff = LINK_CLIENT_BACKOFF_FIRST;
	log_info("%s=%s link up (%s, %s)", lc->lc_kind, lc->lc_name,
	    lc->lc_addr, link_cipher_name(link_cipher(l)));
	if (lc->lc_state_cb != NULL)
		lc->lc_state_cb(lc->lc_arg, 1, NULL);
}

static void
link_client_message_cb(struct link *l, const struct link_msg *m, void *arg)
{
	struct link_client *lc = arg;
	char why[256];

	if (m->lm_type == LINK_MSG_RESPONSE) {
		link_client_response(lc, m);
		return;
	}
	if (lc->lc_msg_cb != NULL) {
		lc->lc_msg_cb(lc->lc_msg_arg, m);
		return;
	}
	if (m->lm_type == LINK_MSG_EVENT) {
		/* Events come to the gateway's event listener instead. */
		log_debug(LOG_CAT_LINK, "%s=%s event %llu ignored",
		    lc->lc_kind, lc->lc_name, (unsigned long long)m->lm_id);
		return;
	}
	snprintf(why, sizeof(why), "%s %s sent a message of type %d, which "
	    "this side does not take", lc->lc_kind, lc->lc_name,
	    (int)m->lm_type);
	link_close(l, why);
}

static void
link_client_reap_cb(evutil_socket_t fd, short what, void *arg)
{
	struct link_client *lc = arg;

	link_free(lc->lc_dead);
	lc->lc_dead = NULL;
}

static void
link_client_retry_cb(evutil_socket_t fd, short what, void *arg)
{
	link_client_connect(arg);
}

static void
link_client_down(struct link_client *lc, const char *why)
{
	lc->lc_up = 0;
	link_client_fail_all(lc, why);
	if (lc->lc_state_cb != NULL)
		lc->lc_state_cb(lc->lc_arg, 0, why);
	if (!lc->lc_started)
		return;
	log_info("%s=%s reconnecting in %us", lc->lc_kind, lc->lc_name,
	    lc->lc_backoff);
	link_client_arm(lc->lc_retry_ev,
	    (uint64_t)lc->lc_backoff * lc->lc_second_ms);
	lc->lc_backoff *= 2;
	if (lc->lc_backoff > LINK_CLIENT_BACKOFF_MAX)
		lc->lc_backoff = LINK_CLIENT_BACKOFF_MAX;
}

static void
link_client_closed_cb(struct link *l, const char *reason, void *arg)
{
	struct link_client *lc = arg;

	/* Never free a link inside its own callback. */
	if (lc->lc_dead != NULL)
		link_free(lc->lc_dead);
	lc->lc_dead = l;
	event_active(lc->lc_reap_ev, EV_TIMEOUT, 0);
	if (lc->lc_link == l)
		lc->lc_link = NULL;
	link_client_down(lc, reason);
}

static const struct link_cbs link_client_cbs = {
	.ready = link_client_ready_cb,
	.message = link_client_message_cb,
	.closed = link_client_closed_cb,
};

static void
link_client_attach(struct link_client *lc, struct bufferevent *bev)
{
	lc->lc_link = link_new(lc->lc_base, bev, lc->lc_addr, &lc->lc_params,
	    &link_client_cbs, lc);
}

static void
link_client_connect_event_cb(struct bufferevent *bev, short what,
    void *arg)
{
	struct link_client *lc = arg;
	char why[512], peer[300];

	if (what & BEV_EVENT_CONNECTED) {
		lc->lc_connecting = NULL;
		link_client_attach(lc, bev);
		return;
	}
	snprintf(peer, sizeof(peer), "%s %s at %s", lc->lc_kind, lc->lc_name,
	    lc->lc_addr);
	if (!link_tls_failure(bev, peer, why, sizeof(why)))
		snprintf(why, sizeof(why), "cannot connect to %s: %s", peer,
		    evutil_socket_error_to_string(EVUTIL_SOCKET_ERROR()));
	bufferevent_free(bev);
	lc->lc_connecting = NULL;
	log_warnx("%s=%s %s", lc->lc_kind, lc->lc_name, why);
	link_client_down(lc, why);
}

static struct bufferevent *
link_client_tcp(struct link_client *lc, struct event_base *base, void *arg,
    int *connected, char *err, size_t errlen)
{
	struct bufferevent *bev;
	char *end;
	long port;

	*connected = 0;
	port = strtol(lc->lc_port, &end, 10);
	if (*end != '\0' || port <= 0 || port > 65535) {
		snprintf(err, errlen, "%s is not a port number", lc->lc_port);
		return NULL;
	}
	if (lc->lc_params.lp_tls != NULL)
		bev = link_tls_connecting(base, lc->lc_params.lp_tls);
	else
		bev = bufferevent_socket_new(base, -1, BEV_OPT_CLOSE_ON_FREE);
	if (bev == NULL) {
		snprintf(err, errlen, "cannot create a socket");
		return NULL;
	}
	if (bufferevent_socket_connect_hostname(bev, NULL, AF_UNSPEC,
	    lc->lc_host, (int)port) == -1) {
		snprintf(err, errlen, "cannot connect to %s", lc->lc_addr);
		bufferevent_free(bev);
		return NULL;
	}
	return bev;
}

static void
link_client_connect(struct link_client *lc)
{
	struct bufferevent *bev;
	char err[256], why[512];
	int connected = 0;

	if (lc->lc_link != NULL || lc->lc_connecting != NULL)
		return;
	err[0] = '\0';
	bev = lc->lc_connect(lc, lc->lc_base, lc->lc_connect_arg, &connected,
	    err, sizeof(err));
	if (bev == NULL) {
		snprintf(why, sizeof(why), "%s %s: %s", lc->lc_kind,
		    lc->lc_name, err);
		log_warnx("%s=%s %s", lc->lc_kind, lc->lc_name, err);
		link_client_down(lc, why);
		return;
	}
	if (connected) {
		link_client_attach(lc, bev);
		return;
	}
	lc->lc_connecting = bev;
	bufferevent_setcb(bev, NULL, NULL, link_client_connect_event_cb, lc);
}

/* ---- API ------------------------------------------------------------- */

struct link_client *
link_client_new(struct event_base *base, const char *name, const char *host,
    const char *port, const struct link_params *params,
    link_client_state_cb state_cb, void *arg)
{
	struct link_client *lc;

	lc = xcalloc(1, sizeof(*lc));
	lc->lc_base = base;
	lc->lc_name = xstrdup(name);
	lc->lc_host = xstrdup(host);
	lc->lc_port = xstrdup(port);
	xasprintf(&lc->lc_addr, strchr(host, ':') != NULL ? "[%s]:%s" :
	    "%s:%s", host, port);
	lc->lc_params = *params;
	lc->lc_params.lp_role = LINK_ROLE_CLIENT;
	lc->lc_identity = xstrdup(params->lp_identity != NULL ?
	    params->lp_identity : "");
	lc->lc_params.lp_identity = lc->lc_identity;
	lc->lc_kind = xstrdup(params->lp_peer_kind != NULL ?
	    params->lp_peer_kind : "agent");
	lc->lc_params.lp_peer_kind = lc->lc_kind;
	if (params->lp_key != NULL)
		lc->lc_key = *params->lp_key;
	lc->lc_params.lp_key = &lc->lc_key;
	if (params->lp_key_previous != NULL) {
		lc->lc_key_previous = *params->lp_key_previous;
		lc->lc_params.lp_key_previous = &lc->lc_key_previous;
	}
	lc->lc_state_cb = state_cb;
	lc->lc_arg = arg;
	lc->lc_connect = link_client_tcp;
	lc->lc_backoff = LINK_CLIENT_BACKOFF_FIRST;
	lc->lc_second_ms = 1000;
	RB_INIT(&lc->lc_ids);
	RB_INIT(&lc->lc_deadlines);
	lc->lc_retry_ev = evtimer_new(base, link_client_retry_cb, lc);
	lc->lc_sweep_ev = evtimer_new(base, link_client_sweep_cb, lc);
	lc->lc_reap_ev = event_new(base, -1, 0, link_client_reap_cb, lc);
	if (lc->lc_retry_ev == NULL || lc->lc_sweep_ev == NULL ||
	    lc->lc_reap_ev == NULL)
		fatalx("link_client_new: cannot create timers");
	return lc;
}

void
link_client_free(struct link_client *lc)
{
	if (lc == NULL)
		return;
	lc->lc_started = 0;
	link_free(lc->lc_link);
	link_free(lc->lc_dead);
	if (lc->lc_connecting != NULL)
		bufferevent_free(lc->lc_connecting);
	lc->lc_link = lc->lc_dead = NULL;
	link_client_fail_all(lc, "the link to the agent was shut down");
	event_free(lc->lc_retry_ev);
	event_free(lc->lc_sweep_ev);
	event_free(lc->lc_reap_ev);
	link_key_clear(&lc->lc_key);
	link_key_clear(&lc->lc_key_previous);
	free(lc->lc_name);
	free(lc->lc_host);
	free(lc->lc_port);
	free(lc->lc_addr);
	free(lc->lc_identity);
	free(lc->lc_kind);
	free(lc);
}

void
link_client_start(struct link_client *lc)
{
	lc->lc_started = 1;
	link_client_connect(lc);
}

int
link_client_is_up(const struct link_client *lc)
{
	return lc->lc_up && lc->lc_link != NULL && link_is_ready(lc->lc_link);
}

uint64_t
link_client_request(struct link_client *lc, enum link_req_kind kind,
    const struct berval *command, const struct berval *args, size_t nargs,
    const struct link_identity *who, unsigned int timeout_s,
    unsigned int window, link_req_cb cb, void *arg)
{
	struct link_req *r;
	struct link_msg m;

	if (!link_client_is_up(lc))
		return 0;
	memset(&m, 0, sizeof(m));
	m.lm_type = LINK_MSG_REQUEST;
	m.lm_id = ++lc->lc_next_id;
	m.lm_kind = kind;
	if (command != NULL)
		m.lm_command = *command;
	m.lm_args = (struct berval *)args;
	m.lm_nargs = nargs;
	if (who != NULL)
		m.lm_who = *who;
	m.lm_window = window != 0 ? window : LINK_CLIENT_WINDOW_DEFAULT;
	if (link_send(lc->lc_link, &m) == -1) {
		log_warnx("%s=%s req=%llu cannot send the request (too "
		    "big for a frame?)", lc->lc_kind, lc->lc_name,
		    (unsigned long long)m.lm_id);
		return 0;
	}
	r = xcalloc(1, sizeof(*r));
	r->r_id = m.lm_id;
	r->r_window = m.lm_window;
	r->r_timeout_s = timeout_s != 0 ? timeout_s :
	    LINK_CLIENT_TIMEOUT_DEFAULT;
	r->r_cb = cb;
	r->r_arg = arg;
	RB_INSERT(link_req_ids, &lc->lc_ids, r);
	lc->lc_npending++;
	link_client_time(lc, r);
	return r->r_id;
}

void
link_client_pause(struct link_client *lc, uint64_t id)
{
	struct link_req *r = link_client_find(lc, id);

	if (r == NULL || r->r_paused)
		return;
	r->r_paused = 1;
	/* Waiting for our own output is not the agent being slow. */
	link_client_untime(lc, r);
	link_client_arm_sweep(lc);
}

void
link_client_resume(struct link_client *lc, uint64_t id)
{
	struct link_req *r = link_client_find(lc, id);

	if (r == NULL || !r->r_paused)
		return;
	r->r_paused = 0;
	link_client_time(lc, r);
	if (r->r_owed > 0) {
		link_client_grant(lc, r, r->r_owed);
		r->r_owed = 0;
	}
}

void
link_client_cancel(struct link_client *lc, uint64_t id)
{
	struct link_req *r = link_client_find(lc, id);

	if (r == NULL)
		return;
	link_client_tell(lc, LINK_MSG_CANCEL, id, 0);
	link_client_end(lc, r, LINK_REQ_CANCELLED, NULL,
	    "cancelled by the caller");
	link_client_arm_sweep(lc);
}

size_t
link_client_pending(const struct link_client *lc)
{
	return lc->lc_npending;
}

void
link_client_set_message_cb(struct link_client *lc, link_client_msg_cb fn,
    void *arg)
{
	lc->lc_msg_cb = fn;
	lc->lc_msg_arg = arg;
}

int
link_client_send(struct link_client *lc, const struct link_msg *m)
{
	if (!link_client_is_up(lc))
		return -1;
	return link_send(lc->lc_link, m);
}

int
link_client_output_is_high(const struct link_client *lc)
{
	return !link_client_is_up(lc) || link_output_is_high(lc->lc_link);
}

void
link_client_drop(struct link_client *lc, const char *why)
{
	if (lc->lc_link != NULL)
		link_close(lc->lc_link, why);
}

void
link_client_set_connector(struct link_client *lc, link_client_connect_fn fn,
    void *arg)
{
	lc->lc_connect = fn;
	lc->lc_connect_arg = arg;
}

void
link_client_set_second_ms(struct link_client *lc, unsigned int ms)
{
	lc->lc_second_ms = ms;
}

struct link *
link_client_link(const struct link_client *lc)
{
	return lc->lc_link;
}
