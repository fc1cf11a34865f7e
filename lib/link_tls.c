/*
 * link_tls.c - TLS around the link (link_tls.h): the context both roles
 * share, the bufferevents of both ends, and the sentences that say why
 * a handshake failed.
 *
 * The bufferevents are libevent's OpenSSL socket bufferevents, so the
 * link above (link_conn.c) reads and writes plain bytes as it does on
 * TCP.  A failed handshake is explained from the verify result (our
 * verdict on the peer's certificate) or else from OpenSSL's error queue
 * (the peer's alert, "unknown ca", or bytes that are no TLS at all).
 */
#include "config.h"

#include <arpa/inet.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "conf.h"
#include "link_tls.h"

/* One context per process and configuration: sessions stay apart. */
#define LINK_TLS_SID_CTX	"esmgate-link"
/* Intermediate CAs between a peer and tls-ca, as the gateway's LDAP TLS. */
#define LINK_TLS_VERIFY_DEPTH	4

int
link_tls_scheme(const char *scheme)
{
	if (strcmp(scheme, LINK_TLS_SCHEME) == 0)
		return 1;
	if (strcmp(scheme, LINK_PLAIN_SCHEME) == 0)
		return 0;
	return -1;
}

void
link_tls_conf_clear(struct link_tls_conf *c)
{
	free(c->ltc_cert);
	free(c->ltc_key);
	free(c->ltc_ca);
	free(c->ltc_peer_name);
	memset(c, 0, sizeof(*c));
}

int
link_tls_conf_check(const struct link_tls_conf *c, const char *prefix,
    char *err, size_t errlen)
{
	if (c->ltc_cert == NULL || c->ltc_key == NULL || c->ltc_ca == NULL) {
		snprintf(err, errlen, "esmlinks:// needs %scert, %skey and "
		    "%sca lines (both sides verify each other's "
		    "certificate)", prefix, prefix, prefix);
		return -1;
	}
	return 0;
}

/* The first error OpenSSL queued, as words; the queue is emptied. */
static void
link_tls_ssl_error(char *buf, size_t len)
{
	unsigned long e, first = 0;

	while ((e = ERR_get_error()) != 0)
		if (first == 0)
			first = e;
	if (first == 0)
		snprintf(buf, len, "unknown error");
	else
		ERR_error_string_n(first, buf, len);
}

/* The peer must carry name as a DNS or IP SAN (or CN, without SANs). */
static int
link_tls_peer_name(SSL_CTX *ctx, const char *name)
{
	X509_VERIFY_PARAM *p = SSL_CTX_get0_param(ctx);
	unsigned char ip[16];

	if (inet_pton(AF_INET, name, ip) == 1 ||
	    inet_pton(AF_INET6, name, ip) == 1)
		return X509_VERIFY_PARAM_set1_ip_asc(p, name) == 1 ? 0 : -1;
	return X509_VERIFY_PARAM_set1_host(p, name, 0) == 1 ? 0 : -1;
}

static int
link_tls_load(SSL_CTX *ctx, const struct link_tls_conf *c, char *err,
    size_t errlen)
{
	char why[256];

	if (conf_check_private_file(c->ltc_key, err, errlen) == -1)
		return -1;
	if (SSL_CTX_use_certificate_chain_file(ctx, c->ltc_cert) != 1) {
		link_tls_ssl_error(why, sizeof(why));
		snprintf(err, errlen, "tls certificate %s: %s", c->ltc_cert,
		    why);
		return -1;
	}
	if (SSL_CTX_use_PrivateKey_file(ctx, c->ltc_key,
	    SSL_FILETYPE_PEM) != 1 || SSL_CTX_check_private_key(ctx) != 1) {
		link_tls_ssl_error(why, sizeof(why));
		snprintf(err, errlen, "tls key %s: %s (not the key of %s?)",
		    c->ltc_key, why, c->ltc_cert);
		return -1;
	}
	if (SSL_CTX_load_verify_locations(ctx, c->ltc_ca, NULL) != 1) {
		link_tls_ssl_error(why, sizeof(why));
		snprintf(err, errlen, "tls CA %s: %s", c->ltc_ca, why);
		return -1;
	}
	if (c->ltc_peer_name != NULL &&
	    link_tls_peer_name(ctx, c->ltc_peer_name) == -1) {
		snprintf(err, errlen, "tls peer name %s cannot be checked",
		    c->ltc_peer_name);
		return -1;
	}
	return 0;
}

SSL_CTX *
link_tls_new(const struct link_tls_conf *c, char *err, size_t errlen)
{
	SSL_CTX *ctx;

	if (link_tls_conf_check(c, "tls-", err, errlen) == -1)
		return NULL;
	if ((ctx = SSL_CTX_new(TLS_method())) == NULL) {
		snprintf(err, errlen, "cannot create a TLS context");
		return NULL;
	}
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	/*
	 * As the gateway's LDAP TLS (gw_tls.c): renegotiation lets a peer
	 * make us redo handshakes at will, compression leaks (CRIME).
	 */
	SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION |
	    SSL_OP_NO_RENEGOTIATION);
	/* Mutual: a peer without a certificate from the CA is refused. */
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER |
	    SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
	SSL_CTX_set_verify_depth(ctx, LINK_TLS_VERIFY_DEPTH);
	SSL_CTX_set_session_id_context(ctx,
	    (const unsigned char *)LINK_TLS_SID_CTX, strlen(LINK_TLS_SID_CTX));
	if (link_tls_load(ctx, c, err, errlen) == -1) {
		SSL_CTX_free(ctx);
		ERR_clear_error();
		return NULL;
	}
	return ctx;
}

void
link_tls_free(SSL_CTX *ctx)
{
	SSL_CTX_free(ctx);
}

static struct bufferevent *
link_tls_bufferevent(struct event_base *base, evutil_socket_t fd,
    SSL_CTX *ctx, enum bufferevent_ssl_state state)
{
	struct bufferevent *bev;
	SSL *ssl;

	if ((ssl = SSL_new(ctx)) == NULL)
		return NULL;
	/*
	 * With BEV_OPT_CLOSE_ON_FREE the bufferevent owns ssl from here,
	 * also when it fails: libevent frees it then, so we must not.
	 */
	bev = bufferevent_openssl_socket_new(base, fd, ssl, state,
	    BEV_OPT_CLOSE_ON_FREE);
	if (bev == NULL)
		return NULL;
	/* A peer that drops TCP without close_notify ends like TCP. */
	bufferevent_openssl_set_allow_dirty_shutdown(bev, 1);
	return bev;
}

struct bufferevent *
link_tls_accept(struct event_base *base, evutil_socket_t fd, SSL_CTX *ctx)
{
	struct bufferevent *bev;

	if (ctx == NULL)
		bev = bufferevent_socket_new(base, fd, BEV_OPT_CLOSE_ON_FREE);
	else
		bev = link_tls_bufferevent(base, fd, ctx,
		    BUFFEREVENT_SSL_ACCEPTING);
	if (bev == NULL)
		evutil_closesocket(fd);
	return bev;
}

struct bufferevent *
link_tls_connecting(struct event_base *base, SSL_CTX *ctx)
{
	return link_tls_bufferevent(base, -1, ctx, BUFFEREVENT_SSL_CONNECTING);
}

/* OpenSSL's errors on bev, first one as words; 0 when there is none. */
static int
link_tls_bev_error(struct bufferevent *bev, char *buf, size_t len)
{
	unsigned long e, first = 0;

	while ((e = bufferevent_get_openssl_error(bev)) != 0)
		if (first == 0)
			first = e;
	ERR_clear_error();
	if (first == 0)
		return 0;
	/* libevent queues OpenSSL's SSL_ERROR_SYSCALL itself (no library
	   code): the socket broke, most often reset by the peer. */
	if (ERR_GET_LIB(first) == 0 && first == SSL_ERROR_SYSCALL)
		snprintf(buf, len, "the connection broke");
	else
		ERR_error_string_n(first, buf, len);
	return 1;
}

int
link_tls_failure(struct bufferevent *bev, const char *peer, char *buf,
    size_t len)
{
	SSL *ssl = bufferevent_openssl_get_ssl(bev);
	char why[256];
	long v;
	int handshake;

	if (ssl == NULL)
		return 0;
	handshake = !SSL_is_init_finished(ssl);
	v = SSL_get_verify_result(ssl);
	if (handshake && v != X509_V_OK) {
		(void)link_tls_bev_error(bev, why, sizeof(why));
		snprintf(buf, len, "TLS handshake with %s failed: its "
		    "certificate is refused: %s", peer,
		    X509_verify_cert_error_string(v));
		return 1;
	}
	if (link_tls_bev_error(bev, why, sizeof(why))) {
		snprintf(buf, len, "TLS %s %s failed: %s%s", handshake ?
		    "handshake with" : "link to", peer, why,
		    !handshake ? "" : strstr(why, "wrong version number") !=
		    NULL ? " (is it a plain esmlink:// peer?)" :
		    strcmp(why, "the connection broke") == 0 ? " (the peer "
		    "may have refused this side's certificate)" : "");
		return 1;
	}
	if (!handshake)
		return 0;
	snprintf(buf, len, "%s closed the connection during the TLS "
	    "handshake (it refused our certificate, or it is a plain "
	    "esmlink:// peer)", peer);
	return 1;
}
