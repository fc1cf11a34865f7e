/*
 * conn.c - LDAP client connections: accept, bufferevents, TLS and
 * StartTLS, idle timeout, limits, write pacing, close.
 *
 * Input is framed here: one LDAPMessage at a time leaves the input
 * buffer for op_receive(), which owns its bytes from then on.  Output is
 * whatever the operations queue with conn_send(); searches pause when it
 * grows above the high watermark and resume from the write callback once
 * it has drained (ldapd's "search paced by the socket").  A connection is
 * freed only from its one-shot free event, never inside one of its own
 * callbacks.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <netinet/tcp.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <ldap.h>

#include "log.h"
#include "xmalloc.h"
#include "gateway/gw.h"
#include "gateway/conn.h"
#include "gateway/dn.h"
#include "gateway/op.h"
#include "gateway/pdu.h"

#define CONN_FRAME_PEEK		8	/* tag + longest length form */
#define CONN_CLOSE_GRACE	10	/* seconds to flush before freeing */
#define CONN_CLEANSE_IOV	8	/* input pieces zeroed per peek */

static void	conn_read_cb(struct bufferevent *, void *);
static void	conn_write_cb(struct bufferevent *, void *);
static void	conn_event_cb(struct bufferevent *, short, void *);
static void	conn_schedule_free(struct conn *);
static void	conn_tls_established(struct conn *, struct bufferevent *);
static void	conn_cleanse_input(struct evbuffer *, size_t);

/* "ip:port" for logs into buf, "ip" alone (the per-address limit's
   key) into host. */
static void
conn_format_addr(const struct sockaddr *sa, char *buf, size_t len,
    char *host, size_t hostlen)
{
	const struct sockaddr_in *sin = (const struct sockaddr_in *)sa;
	const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)sa;

	snprintf(host, hostlen, "local");
	if (sa->sa_family == AF_INET) {
		inet_ntop(AF_INET, &sin->sin_addr, host, hostlen);
		snprintf(buf, len, "%s:%u", host, ntohs(sin->sin_port));
	} else if (sa->sa_family == AF_INET6) {
		inet_ntop(AF_INET6, &sin6->sin6_addr, host, hostlen);
		snprintf(buf, len, "[%s]:%u", host, ntohs(sin6->sin6_port));
	} else
		snprintf(buf, len, "local");
}

/*
 * write-timeout: libevent's write timeout runs while output waits and
 * restarts whenever the socket took some, so it measures how long the
 * client has read nothing, not how long its results take.
 */
static void
conn_set_write_timeout(struct conn *c)
{
	struct timeval tv;

	if (c->c_gw->gw_write_timeout == 0)
		return;
	tv.tv_sec = (time_t)c->c_gw->gw_write_timeout;
	tv.tv_usec = 0;
	bufferevent_set_timeouts(c->c_bev, NULL, &tv);
}

static void
conn_set_callbacks(struct conn *c)
{
	bufferevent_setcb(c->c_bev, conn_read_cb, conn_write_cb,
	    conn_event_cb, c);
	/* The write callback runs once output falls to a quarter of the
	   high mark: searches resume with room to spare. */
	bufferevent_setwatermark(c->c_bev, EV_WRITE,
	    c->c_gw->gw_out_high / 4, 0);
	/* Input holds at most one PDU being completed and what follows
	   it: a client that sends faster than we serve waits in TCP. */
	bufferevent_setwatermark(c->c_bev, EV_READ, 0, c->c_gw->gw_max_pdu);
	conn_set_write_timeout(c);
	bufferevent_enable(c->c_bev, EV_READ | EV_WRITE);
}

static void
conn_idle_cb(evutil_socket_t fd, short what, void *arg)
{
	struct conn *c = arg;
	struct gateway *gw = c->c_gw;
	time_t idle = time(NULL) - c->c_last;
	struct timeval tv;
	char text[128];

	if (c->c_closing)
		return;
	if (c->c_nops == 0 && idle >= (time_t)gw->gw_idle_timeout) {
		snprintf(text, sizeof(text), "connection idle for %lds "
		    "(idle-timeout %zu)", (long)idle, gw->gw_idle_timeout);
		conn_disconnect(c, LDAP_UNAVAILABLE, text);
		return;
	}
	tv.tv_sec = (time_t)gw->gw_idle_timeout - (c->c_nops > 0 ? 0 : idle);
	tv.tv_usec = 0;
	evtimer_add(c->c_idle_ev, &tv);
}

/* pdu-timeout: a request begun and not completed in time. */
static void
conn_pdu_timeout_cb(evutil_socket_t fd, short what, void *arg)
{
	struct conn *c = arg;
	struct gateway *gw = c->c_gw;
	char text[160];

	if (c->c_closing || c->c_bev == NULL)
		return;
	gw->gw_count.gc_pdu_timeouts++;
	snprintf(text, sizeof(text), "request incomplete %lds after its "
	    "first byte (pdu-timeout %zu)", (long)(time(NULL) -
	    c->c_pdu_since), gw->gw_pdu_timeout);
	log_warnx("conn=%llu from %s: %s, %zu bytes received",
	    (unsigned long long)c->c_id, c->c_addr, text,
	    evbuffer_get_length(bufferevent_get_input(c->c_bev)));
	conn_disconnect(c, LDAP_UNAVAILABLE, text);
}

/*
 * Start the pdu-timeout clock when a PDU is incomplete in the input (it
 * keeps running while the same PDU stays incomplete), stop it when not.
 */
static void
conn_pdu_clock(struct conn *c, int incomplete)
{
	struct timeval tv;

	if (!incomplete || c->c_gw->gw_pdu_timeout == 0) {
		c->c_pdu_since = 0;
		evtimer_del(c->c_pdu_ev);
		return;
	}
	if (c->c_pdu_since != 0)
		return;
	c->c_pdu_since = time(NULL);
	tv.tv_sec = (time_t)c->c_gw->gw_pdu_timeout;
	tv.tv_usec = 0;
	evtimer_add(c->c_pdu_ev, &tv);
}

static void
conn_free_cb(evutil_socket_t fd, short what, void *arg)
{
	struct conn *c = arg;
	struct gateway *gw = c->c_gw;
	struct evbuffer *in;

	TAILQ_REMOVE(&gw->gw_conns, c, c_entry);
	gw->gw_nconns--;
	log_debug(LOG_CAT_CONN, "conn=%llu freed",
	    (unsigned long long)c->c_id);
	if (c->c_bev != NULL) {
		/* A request left unread (a bind after an unbind, one cut
		   by pdu-timeout) may hold a password. */
		in = bufferevent_get_input(c->c_bev);
		conn_cleanse_input(in, evbuffer_get_length(in));
		bufferevent_free(c->c_bev);
	}
	event_free(c->c_idle_ev);
	event_free(c->c_pdu_ev);
	event_free(c->c_free_ev);
	free(c->c_dn);
	free(c->c_ndn);
	free(c->c_cert_subject);
	free(c->c_cert_nsubject);
	free(c->c_cert_issuer);
	free(c);
}

/*
 * OpenSSL zeroes the decrypted records once we have them (a bind's
 * password would otherwise stay in its buffers); conn_take_pdu() zeroes
 * our copy of the input.
 */
static void
conn_ssl_cleanse(SSL *ssl)
{
#ifdef SSL_OP_CLEANSE_PLAINTEXT
	SSL_set_options(ssl, SSL_OP_CLEANSE_PLAINTEXT);
#endif
}

/* Connections open from host, closing ones included (they hold fds). */
static size_t
conn_count_from(const struct gateway *gw, const char *host)
{
	const struct conn *c;
	size_t n = 0;

	TAILQ_FOREACH(c, &gw->gw_conns, c_entry)
		if (strcmp(c->c_host, host) == 0)
			n++;
	return n;
}

/* Close a connection not accepted; a flood is logged once per interval. */
static void
conn_refuse(struct gateway *gw, int fd, const char *addr, const char *why)
{
	unsigned long dropped;

	gw->gw_count.gc_conns_refused++;
	close(fd);
	if (!ratelog_allow(&gw->gw_refuse_log, time(NULL), &dropped))
		return;
	if (dropped > 0)
		log_warnx("connection from %s refused: %s (%lu more "
		    "connections refused since the previous line, not "
		    "logged)", addr, why, dropped);
	else
		log_warnx("connection from %s refused: %s", addr, why);
}

/* Returns 0 when a connection from host may be accepted. */
static int
conn_admit(struct gateway *gw, int fd, const char *addr, const char *host)
{
	char why[160];

	if (gw->gw_stopping) {
		conn_refuse(gw, fd, addr, "the gateway is stopping");
		return -1;
	}
	if (gw->gw_nconns >= gw->gw_max_conns) {
		conn_refuse(gw, fd, addr, "max-connections reached");
		return -1;
	}
	if (gw->gw_max_conns_per_addr > 0 &&
	    conn_count_from(gw, host) >= gw->gw_max_conns_per_addr) {
		gw->gw_count.gc_refused_per_addr++;
		snprintf(why, sizeof(why), "%zu connections from %s already "
		    "(max-connections-per-address %zu)",
		    gw->gw_max_conns_per_addr, host,
		    gw->gw_max_conns_per_addr);
		conn_refuse(gw, fd, addr, why);
		return -1;
	}
	return 0;
}

void
conn_accept(struct gateway *gw, int fd, const struct sockaddr *sa,
    int salen, int tls)
{
	struct conn *c;
	struct bufferevent *bev;
	SSL *ssl;
	char addr[64], host[INET6_ADDRSTRLEN];
	struct timeval tv;
	int one = 1;

	conn_format_addr(sa, addr, sizeof(addr), host, sizeof(host));
	if (conn_admit(gw, fd, addr, host) == -1)
		return;
	/* Results are small and awaited: send them at once. */
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (tls) {
		if ((ssl = SSL_new(gw->gw_ssl_ctx)) == NULL) {
			log_warnx("connection from %s refused: cannot "
			    "create a TLS session", addr);
			close(fd);
			return;
		}
		conn_ssl_cleanse(ssl);
		bev = bufferevent_openssl_socket_new(gw->gw_base, fd, ssl,
		    BUFFEREVENT_SSL_ACCEPTING, BEV_OPT_CLOSE_ON_FREE);
	} else
		bev = bufferevent_socket_new(gw->gw_base, fd,
		    BEV_OPT_CLOSE_ON_FREE);
	if (bev == NULL) {
		log_warnx("connection from %s refused: out of memory", addr);
		close(fd);
		return;
	}
	c = xcalloc(1, sizeof(*c));
	c->c_id = ++gw->gw_next_conn_id;
	c->c_gw = gw;
	c->c_bev = bev;
	c->c_tls = tls;
	snprintf(c->c_addr, sizeof(c->c_addr), "%s", addr);
	snprintf(c->c_host, sizeof(c->c_host), "%s", host);
	RB_INIT(&c->c_ops);
	TAILQ_INIT(&c->c_waiting);
	TAILQ_INIT(&c->c_paged);
	c->c_last = time(NULL);
	c->c_idle_ev = evtimer_new(gw->gw_base, conn_idle_cb, c);
	c->c_pdu_ev = evtimer_new(gw->gw_base, conn_pdu_timeout_cb, c);
	c->c_free_ev = event_new(gw->gw_base, -1, 0, conn_free_cb, c);
	TAILQ_INSERT_TAIL(&gw->gw_conns, c, c_entry);
	gw->gw_nconns++;
	gw->gw_count.gc_conns_total++;
	conn_set_callbacks(c);
	if (gw->gw_idle_timeout > 0) {
		tv.tv_sec = gw->gw_idle_timeout;
		tv.tv_usec = 0;
		evtimer_add(c->c_idle_ev, &tv);
	}
	log_info("conn=%llu accepted from %s%s", (unsigned long long)c->c_id,
	    addr, tls ? " (ldaps)" : "");
}

/*
 * Zero the first len bytes of the input where libevent keeps them, before
 * they are drained: a bind's or a password change's request would
 * otherwise stay in the memory libevent frees.
 */
static void
conn_cleanse_input(struct evbuffer *in, size_t len)
{
	struct evbuffer_iovec v[CONN_CLEANSE_IOV];
	struct evbuffer_ptr pos;
	size_t done = 0, k;
	int i, n;

	while (done < len) {
		if (evbuffer_ptr_set(in, &pos, done, EVBUFFER_PTR_SET) == -1 ||
		    (n = evbuffer_peek(in, len - done, &pos, v,
		    CONN_CLEANSE_IOV)) <= 0)
			break;
		for (i = 0; i < n && i < CONN_CLEANSE_IOV && done < len; i++) {
			k = v[i].iov_len < len - done ? v[i].iov_len :
			    len - done;
			explicit_bzero(v[i].iov_base, k);
			done += k;
		}
	}
}

/* The next PDU, pdulen bytes, leaves the input for op_receive(). */
static int
conn_take_pdu(struct conn *c, struct evbuffer *in, size_t pdulen)
{
	unsigned char *pdu;

	pdu = xmalloc(pdulen);
	evbuffer_copyout(in, pdu, pdulen);
	conn_cleanse_input(in, pdulen);
	evbuffer_drain(in, pdulen);
	return op_receive(c, pdu, pdulen);
}

/*
 * Input is read while no bind is in progress (RFC 4511 §4.2.1: a bind
 * blocks the connection), no StartTLS is being set up, and the output
 * is below its high watermark: a client that does not read its results
 * gets no more of them queued, whatever it pipelines.
 */
static int
conn_is_reading(const struct conn *c)
{
	return !c->c_closing && !c->c_binding && !c->c_starttls &&
	    !conn_output_is_high(c);
}

/* Take whole PDUs off the input while the connection reads. */
static void
conn_read_pdus(struct conn *c)
{
	struct evbuffer *in = bufferevent_get_input(c->c_bev);
	unsigned char hdr[CONN_FRAME_PEEK];
	size_t avail, pdulen;
	const char *why;
	int rc, incomplete = 0;

	while (conn_is_reading(c)) {
		avail = evbuffer_get_length(in);
		if (avail == 0)
			break;
		evbuffer_copyout(in, hdr, avail < sizeof(hdr) ? avail :
		    sizeof(hdr));
		rc = pdu_frame(hdr, avail, c->c_gw->gw_max_pdu, &pdulen,
		    &why);
		if (rc == 0 || (rc == 1 && avail < pdulen)) {
			incomplete = 1;
			break;
		}
		if (rc == -1) {
			c->c_gw->gw_count.gc_pdus_bad++;
			log_warnx("conn=%llu from %s sent a malformed PDU: %s",
			    (unsigned long long)c->c_id, c->c_addr, why);
			audit_bad_pdu(c, LDAP_PROTOCOL_ERROR, why);
			conn_disconnect(c, LDAP_PROTOCOL_ERROR, why);
			return;
		}
		conn_pdu_clock(c, 0);
		c->c_last = time(NULL);
		if (conn_take_pdu(c, in, pdulen) == -1)
			return;
	}
	conn_pdu_clock(c, incomplete);
}

static void
conn_read_cb(struct bufferevent *bev, void *arg)
{
	conn_tls_established(arg, bev);
	conn_read_pdus(arg);
}

/* StartTLS: the success response has been flushed in clear text. */
static void
conn_wrap_tls(struct conn *c)
{
	struct bufferevent *tls;
	SSL *ssl;

	c->c_starttls = 0;
	/* With BEV_OPT_CLOSE_ON_FREE the filter owns ssl, also when it
	   fails to be made. */
	if ((ssl = SSL_new(c->c_gw->gw_ssl_ctx)) == NULL ||
	    (tls = bufferevent_openssl_filter_new(c->c_gw->gw_base, c->c_bev,
	    ssl, BUFFEREVENT_SSL_ACCEPTING, BEV_OPT_CLOSE_ON_FREE)) == NULL) {
		log_warnx("conn=%llu StartTLS failed: cannot create a TLS "
		    "session", (unsigned long long)c->c_id);
		conn_close(c, "StartTLS failed");
		return;
	}
	conn_ssl_cleanse(ssl);
	c->c_bev = tls;
	c->c_tls = 1;
	conn_set_callbacks(c);
	log_info("conn=%llu StartTLS: TLS handshake started",
	    (unsigned long long)c->c_id);
}

static void
conn_wake_waiters(struct conn *c)
{
	struct op *op;

	while (!conn_output_is_high(c) &&
	    (op = TAILQ_FIRST(&c->c_waiting)) != NULL) {
		TAILQ_REMOVE(&c->c_waiting, op, o_wait_entry);
		op->o_waiting = 0;
		op->o_drain_cb(op);
	}
}

static void
conn_write_cb(struct bufferevent *bev, void *arg)
{
	struct conn *c = arg;
	size_t left = evbuffer_get_length(bufferevent_get_output(bev));

	if (c->c_closing || c->c_starttls) {
		if (left > 0) {
			/* Call again only once everything has gone. */
			bufferevent_setwatermark(bev, EV_WRITE, 0, 0);
			return;
		}
		if (c->c_closing)
			conn_schedule_free(c);
		else {
			conn_wrap_tls(c);
			conn_read_pdus(c);
		}
		return;
	}
	/* Input may have waited for the output to drain: read it before
	   the waiting searches fill the output again, so that an abandon
	   or an unbind queued behind their entries takes effect now. */
	conn_read_pdus(c);
	if (!c->c_closing)
		conn_wake_waiters(c);
}

static const char *
conn_tls_error(struct bufferevent *bev, char *buf, size_t len)
{
	unsigned long e = bufferevent_get_openssl_error(bev);

	if (e == 0)
		return NULL;
	ERR_error_string_n(e, buf, len);
	return buf;
}

/*
 * A name in RFC 4514 form; UTF-8 stays UTF-8 (XN_FLAG_RFC2253 would
 * turn every byte above 127 into \xx), the characters RFC 4514 names and
 * control characters are escaped.
 */
static char *
conn_x509_name(const X509_NAME *name)
{
	BIO *b;
	char *p, *s = NULL;
	long n;

	if ((b = BIO_new(BIO_s_mem())) == NULL)
		return NULL;
	if (X509_NAME_print_ex(b, name, 0, XN_FLAG_RFC2253 &
	    ~ASN1_STRFLGS_ESC_MSB) >= 0 && (n = BIO_get_mem_data(b, &p)) >= 0)
		s = xstrndup(p, (size_t)n);
	BIO_free(b);
	return s;
}

/*
 * The subject as the access rules compare it (cert: members and rules),
 * normalised once for the connection's operations.  One that is not a
 * DN matches no rule; the operator is told once.
 */
static void
conn_cert_normalize(struct conn *c)
{
	const char *why;

	free(c->c_cert_nsubject);
	c->c_cert_nsubject = NULL;
	if (c->c_cert_subject != NULL && dn_normalize_str(c->c_cert_subject,
	    strlen(c->c_cert_subject), c->c_gw->gw_schema,
	    &c->c_cert_nsubject, &why) == -1) {
		log_warnx("conn=%llu the client certificate's subject \"%s\" "
		    "is not a DN (%s): no cert: access rule or group names it",
		    (unsigned long long)c->c_id, c->c_cert_subject, why);
		c->c_cert_nsubject = NULL;
	}
}

/*
 * The handshake is done: keep the client certificate's subject and
 * issuer when it sent one and it verified (never anything else of it).
 * Called from the connected event and, as a filter (StartTLS) may
 * deliver the first data before that event, from the first read.
 */
static void
conn_tls_established(struct conn *c, struct bufferevent *bev)
{
	SSL *ssl;
	X509 *cert;

	if (!c->c_tls || c->c_tls_noted)
		return;
	c->c_tls_noted = 1;
	ssl = bufferevent_openssl_get_ssl(bev);
	cert = ssl != NULL ? SSL_get1_peer_certificate(ssl) : NULL;
	if (cert != NULL && SSL_get_verify_result(ssl) == X509_V_OK) {
		free(c->c_cert_subject);
		free(c->c_cert_issuer);
		c->c_cert_subject = conn_x509_name(
		    X509_get_subject_name(cert));
		c->c_cert_issuer = conn_x509_name(X509_get_issuer_name(cert));
	}
	X509_free(cert);
	conn_cert_normalize(c);
	if (c->c_cert_subject != NULL)
		log_info("conn=%llu TLS established (%s), client certificate "
		    "\"%s\" issued by \"%s\"", (unsigned long long)c->c_id,
		    ssl != NULL ? SSL_get_version(ssl) : "?",
		    c->c_cert_subject, c->c_cert_issuer != NULL ?
		    c->c_cert_issuer : "");
	else
		log_debug(LOG_CAT_CONN, "conn=%llu TLS established (%s), no "
		    "client certificate", (unsigned long long)c->c_id,
		    ssl != NULL ? SSL_get_version(ssl) : "?");
}

static void
conn_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct conn *c = arg;
	char why[256], tlserr[200];
	const char *t;

	if (what & BEV_EVENT_CONNECTED) {
		conn_tls_established(c, bev);
		return;
	}
	if ((what & BEV_EVENT_TIMEOUT) && (what & BEV_EVENT_WRITING) &&
	    !c->c_closing) {
		c->c_gw->gw_count.gc_write_timeouts++;
		snprintf(why, sizeof(why), "the client read nothing for %zus "
		    "while %zu bytes waited for it (write-timeout %zu)",
		    c->c_gw->gw_write_timeout, conn_output_pending(c),
		    c->c_gw->gw_write_timeout);
		log_warnx("conn=%llu from %s: %s", (unsigned long long)c->c_id,
		    c->c_addr, why);
	} else if ((t = conn_tls_error(bev, tlserr, sizeof(tlserr))) != NULL)
		snprintf(why, sizeof(why), "TLS error: %s", t);
	else if (what & BEV_EVENT_EOF)
		snprintf(why, sizeof(why), "closed by the client");
	else if (what & BEV_EVENT_TIMEOUT)
		snprintf(why, sizeof(why), "timed out");
	else
		snprintf(why, sizeof(why), "connection error: %s",
		    evutil_socket_error_to_string(EVUTIL_SOCKET_ERROR()));
	/* Nothing more can be written: free as soon as the ops are gone. */
	if (!c->c_closing)
		conn_close(c, why);
	conn_schedule_free(c);
}

/* arg non-NULL: the PDU held a secret (a generated password). */
static void
conn_buf_free_cb(const void *data, size_t len, void *arg)
{
	if (arg != NULL)
		explicit_bzero((void *)data, len);
	ber_memfree((void *)data);
}

/* The encoded PDU joins the output as it is, without a copy. */
static int
conn_queue(struct conn *c, struct berval *buf, int secret)
{
	struct evbuffer *out;
	char *p = buf->bv_val;

	buf->bv_val = NULL;
	if (c->c_freeing || c->c_bev == NULL) {
		conn_buf_free_cb(p, buf->bv_len, secret ? c : NULL);
		return -1;
	}
	out = bufferevent_get_output(c->c_bev);
	if (evbuffer_add_reference(out, p, buf->bv_len, conn_buf_free_cb,
	    secret ? c : NULL) == -1) {
		log_warnx("conn=%llu cannot queue %zu bytes of output",
		    (unsigned long long)c->c_id, (size_t)buf->bv_len);
		conn_buf_free_cb(p, buf->bv_len, secret ? c : NULL);
	}
	return conn_output_is_high(c);
}

int
conn_send(struct conn *c, struct berval *buf)
{
	return conn_queue(c, buf, 0);
}

int
conn_send_secret(struct conn *c, struct berval *buf)
{
	return conn_queue(c, buf, 1);
}

int
conn_output_is_high(const struct conn *c)
{
	if (c->c_bev == NULL)
		return 0;
	return evbuffer_get_length(bufferevent_get_output(c->c_bev)) >
	    c->c_gw->gw_out_high;
}

size_t
conn_output_pending(const struct conn *c)
{
	if (c->c_bev == NULL)
		return 0;
	return evbuffer_get_length(bufferevent_get_output(c->c_bev));
}

static void
conn_schedule_free(struct conn *c)
{
	if (c->c_freeing)
		return;
	c->c_freeing = 1;
	event_active(c->c_free_ev, 0, 0);
}

/* End every operation without a response (they are abandoned). */
static void
conn_end_ops(struct conn *c)
{
	struct op *op;

	while ((op = TAILQ_FIRST(&c->c_waiting)) != NULL) {
		TAILQ_REMOVE(&c->c_waiting, op, o_wait_entry);
		op->o_waiting = 0;
	}
	while ((op = RB_MIN(op_tree, &c->c_ops)) != NULL) {
		op->o_abandoned = 1;
		op_stop(op, LDAP_UNAVAILABLE, "connection closed");
	}
	paged_free_all(c);
}

void
conn_close(struct conn *c, const char *why)
{
	struct timeval tv = { CONN_CLOSE_GRACE, 0 };

	if (c->c_closing || c->c_freeing)
		return;
	c->c_closing = 1;
	log_info("conn=%llu closed: %s", (unsigned long long)c->c_id, why);
	conn_end_ops(c);
	evtimer_del(c->c_idle_ev);
	evtimer_del(c->c_pdu_ev);
	if (c->c_bev == NULL || c->c_freeing)
		return;
	bufferevent_disable(c->c_bev, EV_READ);
	if (evbuffer_get_length(bufferevent_get_output(c->c_bev)) == 0) {
		conn_schedule_free(c);
		return;
	}
	/* Flush what is queued; a client that never reads gets a grace. */
	bufferevent_setwatermark(c->c_bev, EV_WRITE, 0, 0);
	bufferevent_set_timeouts(c->c_bev, NULL, &tv);
}

void
conn_disconnect(struct conn *c, int rc, const char *text)
{
	struct berval bv;

	if (c->c_closing)
		return;
	if (pdu_encode_notice(&bv, rc, text) == 0)
		conn_send(c, &bv);
	conn_close(c, text);
}

void
conn_start_tls(struct conn *c)
{
	c->c_starttls = 1;
}

void
conn_op_done(struct conn *c, struct op *op)
{
	int was_bind = op->o_tag == LDAP_REQ_BIND;

	if (op->o_waiting) {
		TAILQ_REMOVE(&c->c_waiting, op, o_wait_entry);
		op->o_waiting = 0;
	}
	RB_REMOVE(op_tree, &c->c_ops, op);
	c->c_nops--;
	c->c_last = time(NULL);
	if (was_bind)
		c->c_binding = 0;
	/* Input may have waited for the bind: read it on the next turn. */
	if (was_bind && !c->c_closing && c->c_bev != NULL &&
	    evbuffer_get_length(bufferevent_get_input(c->c_bev)) > 0)
		bufferevent_trigger(c->c_bev, EV_READ,
		    BEV_TRIG_IGNORE_WATERMARKS | BEV_TRIG_DEFER_CALLBACKS);
}

void
conn_wait_drain(struct conn *c, struct op *op)
{
	if (op->o_waiting)
		return;
	op->o_waiting = 1;
	TAILQ_INSERT_TAIL(&c->c_waiting, op, o_wait_entry);
}

void
conn_close_all(struct gateway *gw, const char *why)
{
	struct conn *c, *next;

	for (c = TAILQ_FIRST(&gw->gw_conns); c != NULL; c = next) {
		next = TAILQ_NEXT(c, c_entry);
		conn_disconnect(c, LDAP_UNAVAILABLE, why);
	}
}

const char *
conn_identity(const struct conn *c)
{
	return c->c_auth == CONN_ANONYMOUS || c->c_dn == NULL ?
	    "anonymous" : c->c_dn;
}

const char *
conn_principal(const struct conn *c)
{
	if (c->c_cert_bound && c->c_auth != CONN_ANONYMOUS &&
	    c->c_cert_subject != NULL)
		return c->c_cert_subject;
	return conn_identity(c);
}

const char *
conn_realm(const struct conn *c)
{
	if (c->c_cert_bound && c->c_auth != CONN_ANONYMOUS &&
	    c->c_cert_issuer != NULL)
		return c->c_cert_issuer;
	return c->c_gw->gw_realm != NULL ? c->c_gw->gw_realm : "";
}

void
conn_set_identity(struct conn *c, enum conn_auth auth, const char *dn,
    const char *ndn, struct backend *be)
{
	free(c->c_dn);
	free(c->c_ndn);
	c->c_dn = dn != NULL ? xstrdup(dn) : NULL;
	c->c_ndn = ndn != NULL ? xstrdup(ndn) : NULL;
	c->c_auth = auth;
	c->c_bind_be = be;
	c->c_cert_bound = 0;	/* a SASL EXTERNAL bind sets it after */
}
