/*
 * link_tls.h - TLS around the link (esmlinks://), with mutual
 * certificates, as AT-TLS puts it around a z/OS connection.
 *
 * The link's own hello and AES-GCM frames run unchanged inside TLS: TLS
 * adds who the peer machine is (its certificate, from the configured
 * CA, optionally carrying a given name), the link key still proves the
 * peer is one of ours.  Both ends always verify: a peer without a
 * certificate from tls-ca is refused in the handshake, and both logs say
 * why (the verify error, the peer's address).  TLS 1.2 is the minimum.
 */
#ifndef ESM_LINK_TLS_H
#define ESM_LINK_TLS_H

#include <stddef.h>

#include <event2/util.h>

struct bufferevent;
struct event_base;
struct ssl_ctx_st;

#define LINK_TLS_SCHEME		"esmlinks"
#define LINK_PLAIN_SCHEME	"esmlink"

/*
 * The configuration of one side's link TLS: strings owned by the
 * configuration that holds it (link_tls_conf_clear frees them).
 */
struct link_tls_conf {
	char		*ltc_cert;	/* our certificate (chain), PEM */
	char		*ltc_key;	/* its private key, PEM, mode 0600 */
	char		*ltc_ca;	/* CA certificates peers must chain to */
	char		*ltc_peer_name;	/* NULL, or a DNS/IP SAN or CN the
					   peer's certificate must carry */
};
void	link_tls_conf_clear(struct link_tls_conf *);

/*
 * A context for both roles from conf: files checked (the key refused
 * when group or others may read it), TLS 1.2+, no renegotiation nor
 * compression, peer verification mandatory and at most
 * 4 intermediate CAs deep.  NULL with a reason
 * naming the file.
 */
struct ssl_ctx_st *link_tls_new(const struct link_tls_conf *, char *err,
	    size_t errlen);
void	link_tls_free(struct ssl_ctx_st *);
/* Are all three files given, or none?  0, or -1 with a reason. */
int	link_tls_conf_check(const struct link_tls_conf *, const char *prefix,
	    char *err, size_t errlen);

/*
 * The bufferevent of an accepted connection: plain when ctx is NULL,
 * else TLS in the accepting state.  NULL (fd closed) when none can be
 * made.
 */
struct bufferevent *link_tls_accept(struct event_base *, evutil_socket_t fd,
	    struct ssl_ctx_st *ctx);
/* An unconnected TLS bufferevent for bufferevent_socket_connect*. */
struct bufferevent *link_tls_connecting(struct event_base *,
	    struct ssl_ctx_st *ctx);
/*
 * Why a TLS bufferevent failed, naming peer: 1 with the reason in buf,
 * 0 when bev is not TLS or its handshake finished and OpenSSL reports
 * nothing (the caller's reason stands).
 */
int	link_tls_failure(struct bufferevent *bev, const char *peer,
	    char *buf, size_t len);
/* Is scheme "esmlinks" (1), "esmlink" (0), or neither (-1)? */
int	link_tls_scheme(const char *scheme);

#endif
