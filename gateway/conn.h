/*
 * conn.h - one LDAP client connection: accept, bufferevents, TLS and
 * StartTLS, idle timeout, limits, write pacing, close.
 *
 * conn.c knows "a PDU arrived" and "the output drained", nothing about
 * LDAP semantics: PDUs go to op_new()/op_run(), output comes from the
 * operations through conn_send().  A connection is never freed inside
 * one of its own callbacks: conn_close() marks it, ends its operations,
 * flushes what is queued and frees it from a one-shot event.
 */
#ifndef ESM_CONN_H
#define ESM_CONN_H

#include <stddef.h>
#include <stdint.h>
#include <sys/queue.h>
#include <time.h>

#include <bsd/sys/tree.h>
#include <lber.h>

#include "gateway/ratelog.h"

struct gateway;
struct bufferevent;
struct event;
struct op;
struct backend;

enum conn_auth {
	CONN_ANONYMOUS = 0,
	CONN_ADMIN,		/* a configured gateway admin identity */
	CONN_USER,		/* an ESM user, verified by the agent */
};

RB_HEAD(op_tree, op);
TAILQ_HEAD(op_list, op);
struct paged;
TAILQ_HEAD(paged_list, paged);

struct conn {
	uint64_t	 c_id;
	struct gateway	*c_gw;			/* borrowed */
	struct bufferevent *c_bev;		/* owned */
	char		 c_addr[64];		/* "ip:port" */
	int		 c_tls;			/* TLS is up */
	int		 c_starttls;		/* StartTLS answered, wrap
						   after the flush */
	int		 c_closing;		/* no more input */
	int		 c_freeing;		/* free event scheduled */
	int		 c_binding;		/* a bind is in progress */

	enum conn_auth	 c_auth;
	char		*c_dn;			/* owned: bound DN as sent */
	char		*c_ndn;			/* owned: normalised */
	struct backend	*c_bind_be;		/* borrowed; CONN_USER */

	struct op_tree	 c_ops;			/* in flight, by msgid */
	size_t		 c_nops;
	uint64_t	 c_nextop;		/* op numbers for logs */
	struct op_list	 c_waiting;		/* ops waiting for drain */
	struct paged_list c_paged;		/* paged search cursors */
	size_t		 c_npaged;

	time_t		 c_last;		/* last input or op end */
	struct event	*c_idle_ev;		/* owned */
	struct event	*c_free_ev;		/* owned */
	TAILQ_ENTRY(conn) c_entry;
	char		*c_cert_subject;	/* owned: verified client
						   certificate subject
						   (RFC 4514), or NULL */
	char		*c_cert_issuer;		/* owned: its issuer, or
						   NULL */
	int		 c_cert_bound;		/* bound by SASL EXTERNAL */
	int		 c_tls_noted;		/* handshake done, cert read */
	char		 c_host[48];		/* "ip": per-address limit */
	struct event	*c_pdu_ev;		/* owned: pdu-timeout */
	struct ratelog	 c_refuse_log;		/* requests refused unrun */
	time_t		 c_pdu_since;		/* first byte of the PDU not
						   yet complete; 0: none */
	char		*c_cert_nsubject;	/* owned: c_cert_subject
						   normalised, or NULL (none,
						   or not a DN) */
};

/* Accept fd from a listener (tls: LDAPS). */
void	conn_accept(struct gateway *, int fd, const struct sockaddr *sa,
	    int salen, int tls);
/*
 * Queue a response.  Takes buf (ber_memfree()d when sent).  Returns 1
 * when the output is now above the high watermark (the caller should
 * pause), 0 otherwise, -1 when the connection is closing (buf freed).
 */
int	conn_send(struct conn *, struct berval *buf);
/* The same for a PDU holding a secret: zeroed before it is freed. */
int	conn_send_secret(struct conn *, struct berval *buf);
int	conn_output_is_high(const struct conn *);
/* Bytes queued for the client and not yet written. */
size_t	conn_output_pending(const struct conn *);
/* Stop reading, end every operation, flush, then free.  why is logged. */
void	conn_close(struct conn *, const char *why);
/* Send a Notice of Disconnection, then conn_close(). */
void	conn_disconnect(struct conn *, int rc, const char *text);
/* StartTLS: wrap the connection in TLS once the response is flushed. */
void	conn_start_tls(struct conn *);
/* An operation ended: forget it and maybe read further input. */
void	conn_op_done(struct conn *, struct op *);
/* Call op's drain callback once output falls below the low mark. */
void	conn_wait_drain(struct conn *, struct op *);
/* Close every connection (shutdown). */
void	conn_close_all(struct gateway *, const char *why);
/* Bound identity as text: "cn=...", "anonymous". */
const char *conn_identity(const struct conn *);
/*
 * Who is accountable for what the connection does, as the agents record
 * it: the certificate subject of a SASL EXTERNAL bind, else the bound
 * DN ("anonymous"); and its realm: the certificate's issuer, else the
 * gateway's realm.
 */
const char *conn_principal(const struct conn *);
const char *conn_realm(const struct conn *);
void	conn_set_identity(struct conn *, enum conn_auth, const char *dn,
	    const char *ndn, struct backend *);

#endif
