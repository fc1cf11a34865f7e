/*
 * gw_server.c - the gateway's run time: listeners, backends, the
 * control socket, reload, status and an orderly stop.
 */
#include "config.h"

#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/listener.h>

#include "log.h"
#include "gateway/gw.h"
#include "gateway/bindlimit.h"
#include "gateway/conn.h"
#include "backends/backend.h"

static void
gw_accept_cb(struct evconnlistener *lev, evutil_socket_t fd,
    struct sockaddr *sa, int salen, void *arg)
{
	struct gw_listen *gl = arg;

	conn_accept(gl->gl_gw, fd, sa, salen, gl->gl_tls);
}

static void
gw_accept_error_cb(struct evconnlistener *lev, void *arg)
{
	struct gw_listen *gl = arg;

	/* EMFILE and friends: keep the listener, say why. */
	log_warn("accept on %s failed", gl->gl_url);
}

static int
gw_listen_open(struct gateway *gw, struct gw_listen *gl, char *err,
    size_t errlen)
{
	struct addrinfo hints, *res;
	int e;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	if ((e = getaddrinfo(gl->gl_host[0] ? gl->gl_host : NULL,
	    gl->gl_port, &hints, &res)) != 0) {
		snprintf(err, errlen, "listen %s: %s", gl->gl_url,
		    gai_strerror(e));
		return -1;
	}
	gl->gl_listener = evconnlistener_new_bind(gw->gw_base, gw_accept_cb,
	    gl, LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE, 128,
	    res->ai_addr, (int)res->ai_addrlen);
	freeaddrinfo(res);
	if (gl->gl_listener == NULL) {
		snprintf(err, errlen, "listen %s: %s", gl->gl_url,
		    evutil_socket_error_to_string(EVUTIL_SOCKET_ERROR()));
		return -1;
	}
	evconnlistener_set_error_cb(gl->gl_listener, gw_accept_error_cb);
	log_info("listening on %s", gl->gl_url);
	return 0;
}

int
gw_start(struct gateway *gw, struct event_base *base, char *err,
    size_t errlen)
{
	struct gw_listen *gl;
	struct backend *be;
	char why[512];

	gw->gw_base = base;
	gw->gw_started = time(NULL);
	if (gw_tls_open(gw, err, errlen) == -1 ||
	    audit_open(gw, err, errlen) == -1)
		return -1;
	TAILQ_FOREACH(be, &gw->gw_backends, be_entry) {
		if (be->be_info->bi_open != NULL &&
		    be->be_info->bi_open(be, base, why, sizeof(why)) == -1) {
			snprintf(err, errlen, "%s:%d: backend %s (%s): %s",
			    be->be_file, be->be_line, be->be_info->bi_type,
			    be->be_suffix, why);
			return -1;
		}
		log_info("backend %s serves %s", be->be_info->bi_type,
		    be->be_suffix);
	}
	if (gw_events_start(gw, err, errlen) == -1)
		return -1;
	if (gw->gw_control != NULL &&
	    (gw->gw_ctl = gw_ctl_open(gw, gw->gw_control, err, errlen)) ==
	    NULL)
		return -1;
	TAILQ_FOREACH(gl, &gw->gw_listens, gl_entry)
		if (gw_listen_open(gw, gl, err, errlen) == -1)
			return -1;
	return 0;
}

void
gw_stop(struct gateway *gw, const char *why)
{
	struct gw_listen *gl;
	struct backend *be;

	if (gw->gw_stopping)
		return;
	gw->gw_stopping = 1;
	log_info("stopping: %s", why);
	TAILQ_FOREACH(gl, &gw->gw_listens, gl_entry)
		if (gl->gl_listener != NULL) {
			evconnlistener_free(gl->gl_listener);
			gl->gl_listener = NULL;
		}
	conn_close_all(gw, "the gateway is shutting down");
	/* Reads of events end before the agent links they use. */
	gw_events_stop(gw);
	TAILQ_FOREACH(be, &gw->gw_backends, be_entry)
		if (be->be_info->bi_close != NULL)
			be->be_info->bi_close(be);
	if (gw->gw_ctl != NULL) {
		gw_ctl_close(gw->gw_ctl);
		gw->gw_ctl = NULL;
	}
}

/* Each backend rebuilds its maps aside and keeps the old on error. */
int
gw_reload(struct gateway *gw, char *err, size_t errlen)
{
	struct backend *be;
	char why[512];
	int failed = 0;

	err[0] = '\0';
	TAILQ_FOREACH(be, &gw->gw_backends, be_entry) {
		if (be->be_info->bi_reload == NULL)
			continue;
		if (be->be_info->bi_reload(be, why, sizeof(why)) == -1) {
			log_warnx("reload of backend %s (%s) refused, the "
			    "previous maps stay: %s", be->be_info->bi_type,
			    be->be_suffix, why);
			if (!failed)
				snprintf(err, errlen, "%s (%s): %s",
				    be->be_info->bi_type, be->be_suffix, why);
			failed = 1;
		} else
			log_info("backend %s (%s) reloaded its maps",
			    be->be_info->bi_type, be->be_suffix);
	}
	return failed ? -1 : 0;
}

void
gw_status(struct gateway *gw, struct evbuffer *out)
{
	struct gw_counters *gc = &gw->gw_count;
	struct gw_listen *gl;
	struct backend *be;
	struct conn *c;
	long up = (long)(time(NULL) - gw->gw_started);
	size_t nops = 0;

	TAILQ_FOREACH(c, &gw->gw_conns, c_entry)
		nops += c->c_nops;
	evbuffer_add_printf(out, "esmgated %s up %ldh%02ldm%02lds%s\n",
	    PACKAGE_VERSION, up / 3600, (up / 60) % 60, up % 60,
	    gw->gw_stopping ? " (stopping)" : "");
	TAILQ_FOREACH(gl, &gw->gw_listens, gl_entry)
		evbuffer_add_printf(out, "listen %s\n", gl->gl_url);
	evbuffer_add_printf(out, "connections %zu (max %zu) operations in "
	    "flight %zu\n", gw->gw_nconns, gw->gw_max_conns, nops);
	evbuffer_add_printf(out, "counters connections=%llu refused=%llu "
	    "operations=%llu failed=%llu entries=%llu bad-pdus=%llu "
	    "failed-binds=%llu\n", (unsigned long long)gc->gc_conns_total,
	    (unsigned long long)gc->gc_conns_refused,
	    (unsigned long long)gc->gc_ops_total,
	    (unsigned long long)gc->gc_ops_failed,
	    (unsigned long long)gc->gc_entries_sent,
	    (unsigned long long)gc->gc_pdus_bad,
	    (unsigned long long)gc->gc_binds_failed);
	evbuffer_add_printf(out, "limits refused-per-address=%llu "
	    "pdu-timeouts=%llu write-timeouts=%llu over-limit=%llu\n",
	    (unsigned long long)gc->gc_refused_per_addr,
	    (unsigned long long)gc->gc_pdu_timeouts,
	    (unsigned long long)gc->gc_write_timeouts,
	    (unsigned long long)gc->gc_ops_over_limit);
	if (gw->gw_bindlimit != NULL)
		evbuffer_add_printf(out, "bind-limit slots-used %zu of %zu\n",
		    bindlimit_used(gw->gw_bindlimit, bindlimit_now()),
		    bindlimit_capacity(gw->gw_bindlimit));
	psearch_status(gw, out);
	gw_events_status(gw, out);
	TAILQ_FOREACH(be, &gw->gw_backends, be_entry) {
		evbuffer_add_printf(out, "backend %s suffix %s\n",
		    be->be_info->bi_type, be->be_suffix);
		if (be->be_info->bi_status != NULL)
			be->be_info->bi_status(be, out);
	}
	TAILQ_FOREACH(c, &gw->gw_conns, c_entry)
		evbuffer_add_printf(out, "conn=%llu from %s as %s ops=%zu%s\n",
		    (unsigned long long)c->c_id, c->c_addr,
		    conn_identity(c), c->c_nops, c->c_tls ? " tls" : "");
}
