/*
 * agent_link.c - the provisioning role: gateways connect over the link,
 * send native commands, get return code and output back.
 *
 * One agent_session per connected gateway.  A request is checked
 * (allowlist, protected userids) in the loop thread, then queued for the
 * workers.  Output comes back through the dirty queue: the pump sends a
 * request's chunks while it has credit and the link is not above its
 * watermark; CREDIT messages and the link's drained callback restart it.
 * Every request ends in agent_req_finish(), which writes the audit
 * record and drops the session's reference.
 */
#include "config.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>

#include "conf.h"
#include "link_rc.h"
#include "log.h"
#include "xmalloc.h"
#include "mainframe-agent/agent.h"

int
agent_req_cmp(struct agent_req *a, struct agent_req *b)
{
	return a->r_id < b->r_id ? -1 : a->r_id > b->r_id;
}
RB_GENERATE(agent_reqs, agent_req, r_node, agent_req_cmp)

static long
agent_elapsed_ms(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)((now.tv_sec - start->tv_sec) * 1000 +
	    (now.tv_nsec - start->tv_nsec) / 1000000);
}

static void
agent_maybe_exit(struct agent *ag)
{
	if (ag->ag_stopping && TAILQ_EMPTY(&ag->ag_sessions))
		event_base_loopexit(ag->ag_base, NULL);
}

static void
agent_session_unref(struct agent_session *s)
{
	struct agent *ag = s->s_agent;

	if (--s->s_refs > 0)
		return;
	TAILQ_REMOVE(&ag->ag_sessions, s, s_entry);
	link_free(s->s_link);
	free(s);
	agent_maybe_exit(ag);
}

static void
agent_session_free_cb(evutil_socket_t fd, short ev, void *arg)
{
	agent_session_unref(arg);
}

unsigned int
agent_requests_in_flight(struct agent *ag)
{
	struct agent_session *s;
	unsigned int n = 0;

	TAILQ_FOREACH(s, &ag->ag_sessions, s_entry)
		n += s->s_nreqs;
	return n;
}

/* When stopping, close each link once its last request has ended. */
static void
agent_session_idle(struct agent *ag, struct agent_session *s)
{
	if (ag->ag_stopping && s->s_nreqs == 0 && !s->s_closed)
		link_close(s->s_link, "the agent is stopping");
}

static void
agent_audit_req(struct agent *ag, const struct agent_req *r,
    const char *status)
{
	struct agent_audit a;

	memset(&a, 0, sizeof(a));
	a.aa_status = status;
	a.aa_link = r->r_sess->s_num;
	a.aa_id = r->r_id;
	a.aa_gateway = link_peer_identity(r->r_sess->s_link);
	a.aa_peer = r->r_sess->s_peer;
	a.aa_kind = r->r_kind;
	a.aa_verb = r->r_verb;
	a.aa_cmd = r->r_cmd;
	a.aa_len = r->r_len;
	a.aa_userid = r->r_nargs > 0 ? r->r_args[0] : NULL;
	a.aa_dn = r->r_dn;
	a.aa_realm = r->r_realm;
	a.aa_address = r->r_address;
	a.aa_conn = r->r_conn;
	a.aa_op = r->r_op;
	a.aa_rc = r->r_rc;
	a.aa_lines = r->r_lines;
	a.aa_ms = agent_elapsed_ms(&r->r_start);
	agent_audit_write(ag, &a);
}

/* The end of every accepted request. */
static void
agent_req_finish(struct agent *ag, struct agent_req *r, const char *status)
{
	struct agent_session *s = r->r_sess;

	if (strcmp(status, "cancelled") == 0)
		ag->ag_count.ac_cancelled++;
	else if (r->r_kind == LINK_REQ_VERIFY)
		ag->ag_count.ac_verifies++;
	else if (r->r_rc == 0)
		ag->ag_count.ac_commands_ok++;
	else
		ag->ag_count.ac_commands_failed++;
	ag->ag_count.ac_lines += r->r_lines;
	log_debug(LOG_CAT_AGENT, "agent=%s req=%llu %s %s rc=%d lines=%zu "
	    "%ldms", link_peer_identity(s->s_link),
	    (unsigned long long)r->r_id, r->r_verb, status, r->r_rc,
	    r->r_lines, agent_elapsed_ms(&r->r_start));
	agent_audit_req(ag, r, status);
	pthread_mutex_lock(&ag->ag_mtx);
	if (r->r_queued_dirty)
		TAILQ_REMOVE(&ag->ag_dirtyq, r, r_dirty);
	r->r_queued_dirty = 0;
	pthread_mutex_unlock(&ag->ag_mtx);
	RB_REMOVE(agent_reqs, &s->s_reqs, r);
	s->s_nreqs--;
	agent_req_free(r);
	agent_session_idle(ag, s);
	agent_session_unref(s);
}

static void
agent_send_chunk(struct agent_session *s, struct agent_req *r,
    struct agent_chunk *ch)
{
	struct link_msg m;
	struct berval lines[AGENT_CHUNK_LINES + 1];
	size_t i, start = 0;

	memset(&m, 0, sizeof(m));
	m.lm_type = LINK_MSG_RESPONSE;
	m.lm_id = r->r_id;
	m.lm_rc = ch->ch_final ? ch->ch_rc : 0;
	m.lm_more = !ch->ch_final;
	for (i = 0; i < ch->ch_nlines; i++) {
		lines[i].bv_val = ch->ch_buf + start;
		lines[i].bv_len = ch->ch_ends[i] - start;
		start = ch->ch_ends[i];
	}
	m.lm_lines = lines;
	m.lm_nlines = ch->ch_nlines;
	if (link_send(s->s_link, &m) == -1)
		log_debug(LOG_CAT_AGENT, "agent=%s req=%llu: response not "
		    "sent, the link is closing", link_peer_identity(s->s_link),
		    (unsigned long long)r->r_id);
}

/*
 * Send what credit and the link allow.  Returns 1 if the request ended
 * (and was freed), else 0.
 */
static int
agent_req_flush(struct agent *ag, struct agent_req *r)
{
	struct agent_session *s = r->r_sess;
	struct agent_chunk *ch;
	int done, final;

	for (;;) {
		pthread_mutex_lock(&ag->ag_mtx);
		if (r->r_cancelled || s->s_closed) {
			while ((ch = TAILQ_FIRST(&r->r_ready)) != NULL) {
				TAILQ_REMOVE(&r->r_ready, ch, ch_entry);
				agent_chunk_free(ch);
			}
			r->r_nready = 0;
			r->r_cancelled = 1;
			pthread_cond_signal(&r->r_cond);
			done = r->r_done;
			pthread_mutex_unlock(&ag->ag_mtx);
			if (!done)
				return 0;
			agent_req_finish(ag, r, "cancelled");
			return 1;
		}
		ch = TAILQ_FIRST(&r->r_ready);
		if (ch == NULL || r->r_credit == 0 ||
		    link_output_is_high(s->s_link)) {
			pthread_mutex_unlock(&ag->ag_mtx);
			return 0;
		}
		TAILQ_REMOVE(&r->r_ready, ch, ch_entry);
		r->r_nready--;
		r->r_credit--;
		r->r_lines += ch->ch_nlines;
		pthread_cond_signal(&r->r_cond);
		pthread_mutex_unlock(&ag->ag_mtx);

		agent_send_chunk(s, r, ch);
		final = ch->ch_final;
		agent_chunk_free(ch);
		if (final) {
			agent_req_finish(ag, r, "done");
			return 1;
		}
	}
}

static void
agent_mark_dirty(struct agent *ag, struct agent_req *r)
{
	pthread_mutex_lock(&ag->ag_mtx);
	if (!r->r_queued_dirty) {
		TAILQ_INSERT_TAIL(&ag->ag_dirtyq, r, r_dirty);
		r->r_queued_dirty = 1;
	}
	pthread_mutex_unlock(&ag->ag_mtx);
}

/* ag_notify: workers queued output or finished. */
void
agent_pump_cb(int fd, short ev, void *arg)
{
	struct agent *ag = arg;
	struct agent_req *r;

	for (;;) {
		pthread_mutex_lock(&ag->ag_mtx);
		if ((r = TAILQ_FIRST(&ag->ag_dirtyq)) != NULL) {
			TAILQ_REMOVE(&ag->ag_dirtyq, r, r_dirty);
			r->r_queued_dirty = 0;
		}
		pthread_mutex_unlock(&ag->ag_mtx);
		if (r == NULL)
			break;
		(void)agent_req_flush(ag, r);
	}
}

/* A response the loop answers itself: refusals, busy, stopping. */
static void
agent_answer_now(struct agent *ag, struct agent_session *s,
    const struct link_msg *req, int rc, const char *verb, const char *why)
{
	struct link_msg m;
	struct berval line;
	struct agent_audit a;
	char userid[16] = "";

	memset(&m, 0, sizeof(m));
	m.lm_type = LINK_MSG_RESPONSE;
	m.lm_id = req->lm_id;
	m.lm_rc = rc;
	line.bv_val = (char *)why;
	line.bv_len = strlen(why);
	m.lm_lines = &line;
	m.lm_nlines = 1;
	(void)link_send(s->s_link, &m);
	ag->ag_count.ac_refused++;
	log_info("agent=%s req=%llu refused: %s", link_peer_identity(s->s_link),
	    (unsigned long long)req->lm_id, why);

	memset(&a, 0, sizeof(a));
	a.aa_status = "refused";
	a.aa_link = s->s_num;
	a.aa_id = req->lm_id;
	a.aa_gateway = link_peer_identity(s->s_link);
	a.aa_peer = s->s_peer;
	a.aa_kind = req->lm_kind;
	a.aa_verb = verb;
	a.aa_cmd = req->lm_command.bv_val;
	a.aa_len = req->lm_command.bv_len;
	if (req->lm_nargs > 0 && req->lm_args[0].bv_len < sizeof(userid)) {
		memcpy(userid, req->lm_args[0].bv_val, req->lm_args[0].bv_len);
		userid[req->lm_args[0].bv_len] = '\0';
		a.aa_userid = userid;
	}
	a.aa_dn = req->lm_who.li_dn;
	a.aa_realm = req->lm_who.li_realm;
	a.aa_address = req->lm_who.li_address;
	a.aa_conn = req->lm_who.li_conn;
	a.aa_op = req->lm_who.li_op;
	a.aa_rc = rc;
	a.aa_lines = 1;
	agent_audit_write(ag, &a);
}

static char *
agent_strdup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

static struct agent_req *
agent_req_new(struct agent_session *s, const struct link_msg *m,
    const char *verb)
{
	struct agent_req *r;
	size_t i;

	r = xcalloc(1, sizeof(*r));
	r->r_id = m->lm_id;
	r->r_sess = s;
	r->r_kind = m->lm_kind;
	snprintf(r->r_verb, sizeof(r->r_verb), "%s", verb);
	if (m->lm_kind == LINK_REQ_COMMAND) {
		r->r_cmd = xstrndup(m->lm_command.bv_val, m->lm_command.bv_len);
		r->r_len = m->lm_command.bv_len;
	} else {
		for (i = 0; i < m->lm_nargs && i < 3; i++)
			r->r_args[i] = xstrndup(m->lm_args[i].bv_val,
			    m->lm_args[i].bv_len);
		r->r_nargs = i;
	}
	r->r_dn = agent_strdup_or_null(m->lm_who.li_dn);
	r->r_realm = agent_strdup_or_null(m->lm_who.li_realm);
	r->r_address = agent_strdup_or_null(m->lm_who.li_address);
	r->r_conn = m->lm_who.li_conn;
	r->r_op = m->lm_who.li_op;
	r->r_credit = m->lm_window != 0 ? m->lm_window : 8;
	TAILQ_INIT(&r->r_ready);
	pthread_cond_init(&r->r_cond, NULL);
	clock_gettime(CLOCK_MONOTONIC, &r->r_start);
	return r;
}

static void
agent_on_request(struct agent *ag, struct agent_session *s,
    const struct link_msg *m)
{
	struct agent_req key, *r;
	char verb[DRIVER_VERB_MAX] = "", why[256];
	int rc;

	ag->ag_count.ac_requests++;
	s->s_requests++;
	key.r_id = m->lm_id;
	if (RB_FIND(agent_reqs, &s->s_reqs, &key) != NULL) {
		snprintf(why, sizeof(why), "ESMA109E REQUEST ID %llu IS "
		    "ALREADY IN FLIGHT ON THIS LINK",
		    (unsigned long long)m->lm_id);
		agent_answer_now(ag, s, m, LINK_RC_INVALID, "", why);
		return;
	}
	if (ag->ag_stopping) {
		agent_answer_now(ag, s, m, LINK_RC_STOPPING, "",
		    "ESMA110E THE AGENT IS STOPPING; NO NEW REQUESTS");
		return;
	}
	if (s->s_nreqs >= ag->ag_conf.ac_max_requests) {
		snprintf(why, sizeof(why), "ESMA108E %u REQUESTS ARE IN FLIGHT "
		    "ON THIS LINK, THE MOST ALLOWED; TRY AGAIN", s->s_nreqs);
		agent_answer_now(ag, s, m, LINK_RC_BUSY, "", why);
		return;
	}
	if ((rc = agent_policy_check(ag, m, verb, sizeof(verb), why,
	    sizeof(why))) != 0) {
		agent_answer_now(ag, s, m, rc, verb, why);
		return;
	}
	r = agent_req_new(s, m, verb);
	RB_INSERT(agent_reqs, &s->s_reqs, r);
	s->s_nreqs++;
	s->s_refs++;
	log_debug(LOG_CAT_AGENT, "agent=%s req=%llu %s queued for %s",
	    link_peer_identity(s->s_link), (unsigned long long)r->r_id,
	    verb, r->r_dn != NULL ? r->r_dn : "(no identity)");
	agent_pool_submit(ag, r);
}

static void
agent_cancel(struct agent *ag, struct agent_req *r)
{
	if (agent_pool_withdraw(ag, r)) {
		agent_req_finish(ag, r, "cancelled");
		return;
	}
	pthread_mutex_lock(&ag->ag_mtx);
	r->r_cancelled = 1;
	pthread_cond_signal(&r->r_cond);
	pthread_mutex_unlock(&ag->ag_mtx);
	agent_mark_dirty(ag, r);
}

static void
agent_on_message(struct link *l, const struct link_msg *m, void *arg)
{
	struct agent_session *s = arg;
	struct agent *ag = s->s_agent;
	struct agent_req key, *r;

	switch (m->lm_type) {
	case LINK_MSG_REQUEST:
		agent_on_request(ag, s, m);
		break;
	case LINK_MSG_CREDIT:
	case LINK_MSG_CANCEL:
		key.r_id = m->lm_id;
		if ((r = RB_FIND(agent_reqs, &s->s_reqs, &key)) == NULL) {
			log_debug(LOG_CAT_AGENT, "agent=%s req=%llu: credit or "
			    "cancel for a request that has ended",
			    link_peer_identity(l),
			    (unsigned long long)m->lm_id);
			return;
		}
		if (m->lm_type == LINK_MSG_CANCEL) {
			agent_cancel(ag, r);
		} else {
			pthread_mutex_lock(&ag->ag_mtx);
			r->r_credit += m->lm_window;
			pthread_mutex_unlock(&ag->ag_mtx);
			agent_mark_dirty(ag, r);
		}
		break;
	default:
		log_warnx("agent=%s: unexpected message type %d from a "
		    "gateway; ignored", link_peer_identity(l),
		    (int)m->lm_type);
		return;
	}
	agent_pump_cb(-1, 0, ag);
}

static void
agent_on_ready(struct link *l, void *arg)
{
	struct agent_session *s = arg;

	log_info("gateway %s connected from %s (%s, key %s)",
	    link_peer_identity(l), s->s_peer,
	    link_cipher_name(link_cipher(l)), link_key_in_use(l));
}

static void
agent_on_drained(struct link *l, void *arg)
{
	struct agent_session *s = arg;
	struct agent_req *r;

	RB_FOREACH(r, agent_reqs, &s->s_reqs)
		agent_mark_dirty(s->s_agent, r);
	agent_pump_cb(-1, 0, s->s_agent);
}

static void
agent_on_closed(struct link *l, const char *why, void *arg)
{
	struct agent_session *s = arg;
	struct agent *ag = s->s_agent;
	struct agent_req *r, *next;
	struct timeval now = { 0, 0 };

	if (s->s_closed)
		return;
	s->s_closed = 1;
	if (!link_is_ready(l) && s->s_requests == 0)
		ag->ag_count.ac_links_failed++;
	log_debug(LOG_CAT_LINK, "link %llu from %s closed: %s",
	    (unsigned long long)s->s_num, s->s_peer, why);
	for (r = RB_MIN(agent_reqs, &s->s_reqs); r != NULL; r = next) {
		next = RB_NEXT(agent_reqs, &s->s_reqs, r);
		agent_cancel(ag, r);
	}
	/* Never free the link inside its own callback. */
	event_base_once(ag->ag_base, -1, EV_TIMEOUT, agent_session_free_cb, s,
	    &now);
	event_active(ag->ag_notify, EV_READ, 0);
}

static const struct link_cbs agent_link_cbs = {
	.ready = agent_on_ready,
	.message = agent_on_message,
	.drained = agent_on_drained,
	.closed = agent_on_closed,
};

static void
agent_format_addr(const struct sockaddr *sa, char *buf, size_t len)
{
	char host[INET6_ADDRSTRLEN] = "?";
	int port = 0;

	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)sa;
		inet_ntop(AF_INET, &in->sin_addr, host, sizeof(host));
		port = ntohs(in->sin_port);
		snprintf(buf, len, "%s:%d", host, port);
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const void *)sa;
		inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof(host));
		port = ntohs(in6->sin6_port);
		snprintf(buf, len, "[%s]:%d", host, port);
	} else
		snprintf(buf, len, "unknown");
}

/* A gateway connected: run the link on bev (taken). */
struct agent_session *
agent_session_open(struct agent *ag, struct bufferevent *bev,
    const char *peer)
{
	struct agent_session *s;
	struct link_params p;

	s = xcalloc(1, sizeof(*s));
	s->s_agent = ag;
	s->s_num = ++ag->ag_next_session;
	s->s_refs = 1;
	RB_INIT(&s->s_reqs);
	snprintf(s->s_peer, sizeof(s->s_peer), "%s", peer);
	memset(&p, 0, sizeof(p));
	p.lp_role = LINK_ROLE_SERVER;
	p.lp_identity = ag->ag_conf.ac_name;
	p.lp_key = &ag->ag_key;
	p.lp_key_previous = &ag->ag_key_previous;
	p.lp_cipher = ag->ag_conf.ac_cipher;
	p.lp_max_frame = ag->ag_conf.ac_max_frame;
	p.lp_heartbeat = ag->ag_conf.ac_heartbeat;
	TAILQ_INSERT_TAIL(&ag->ag_sessions, s, s_entry);
	ag->ag_count.ac_links++;
	s->s_link = link_new(ag->ag_base, bev, s->s_peer, &p, &agent_link_cbs,
	    s);
	log_debug(LOG_CAT_LINK, "link %llu: connection from %s",
	    (unsigned long long)s->s_num, s->s_peer);
	return s;
}

/* A gateway connected, on a plain listener or (tls) an esmlinks one. */
static void
agent_accept(struct agent *ag, evutil_socket_t fd, struct sockaddr *sa,
    int tls)
{
	struct bufferevent *bev;
	char peer[64];

	if (ag->ag_stopping) {
		evutil_closesocket(fd);
		return;
	}
	bev = link_tls_accept(ag->ag_base, fd, tls ? ag->ag_tls : NULL);
	if (bev == NULL) {
		log_warnx("cannot set up a connection from a gateway");
		return;
	}
	agent_format_addr(sa, peer, sizeof(peer));
	(void)agent_session_open(ag, bev, peer);
}

static void
agent_accept_cb(struct evconnlistener *lev, evutil_socket_t fd,
    struct sockaddr *sa, int salen, void *arg)
{
	agent_accept(arg, fd, sa, 0);
}

static void
agent_accept_tls_cb(struct evconnlistener *lev, evutil_socket_t fd,
    struct sockaddr *sa, int salen, void *arg)
{
	agent_accept(arg, fd, sa, 1);
}

static void
agent_accept_error_cb(struct evconnlistener *lev, void *arg)
{
	log_warn("accepting a gateway connection failed");
}

static int
agent_listen_one(struct agent *ag, const char *url, char *err,
    size_t errlen)
{
	struct conf_url u;
	struct addrinfo hints, *res, *ai;
	struct evconnlistener *lev = NULL;
	int e, tls;

	if (conf_parse_url(url, &u) == -1 ||
	    (tls = link_tls_scheme(u.cu_scheme)) == -1) {
		snprintf(err, errlen, "listen %s: not an esmlink:// or "
		    "esmlinks:// URL", url);
		return -1;
	}
	if (tls && agent_tls_open(ag, err, errlen) == -1)
		return -1;
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE;
	if ((e = getaddrinfo(u.cu_host, u.cu_port, &hints, &res)) != 0) {
		snprintf(err, errlen, "listen %s: %s", url, gai_strerror(e));
		return -1;
	}
	for (ai = res; ai != NULL && lev == NULL; ai = ai->ai_next)
		lev = evconnlistener_new_bind(ag->ag_base, tls ?
		    agent_accept_tls_cb : agent_accept_cb, ag,
		    LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE |
		    LEV_OPT_CLOSE_ON_EXEC, 64, ai->ai_addr,
		    (int)ai->ai_addrlen);
	freeaddrinfo(res);
	if (lev == NULL) {
		snprintf(err, errlen, "cannot listen on %s: %s", url,
		    evutil_socket_error_to_string(EVUTIL_SOCKET_ERROR()));
		return -1;
	}
	evconnlistener_set_error_cb(lev, agent_accept_error_cb);
	ag->ag_listeners[ag->ag_nlisteners++] = lev;
	log_info("listening for gateways on %s%s", url, tls ?
	    " (TLS, gateways' certificates verified)" : "");
	return 0;
}

int
agent_listen(struct agent *ag, char *err, size_t errlen)
{
	int i;

	for (i = 0; i < ag->ag_conf.ac_nlisten; i++)
		if (agent_listen_one(ag, ag->ag_conf.ac_listen[i], err,
		    errlen) == -1)
			return -1;
	return 0;
}

void
agent_listen_stop(struct agent *ag)
{
	int i;

	for (i = 0; i < ag->ag_nlisteners; i++)
		evconnlistener_free(ag->ag_listeners[i]);
	ag->ag_nlisteners = 0;
}

/* Stopping: idle links close now, busy ones when their last request ends. */
void
agent_sessions_close(struct agent *ag, const char *why)
{
	struct agent_session *s, *next;

	for (s = TAILQ_FIRST(&ag->ag_sessions); s != NULL; s = next) {
		next = TAILQ_NEXT(s, s_entry);
		if (s->s_nreqs == 0 && !s->s_closed)
			link_close(s->s_link, why);
	}
	agent_maybe_exit(ag);
}
