/*
 * link.h - the gateway <-> agent link: hello, key derivation, sealed
 * frames, BER messages, requests multiplexed by id, heartbeats.
 *
 * Wire format (DESIGN.md "The link").  Every frame is a 4-byte big-endian
 * length followed by that many bytes.  The first frame each way is a
 * clear hello (BER):
 *
 *	Hello ::= SEQUENCE {
 *		magic     OCTET STRING ("ESMGATE-LINK"),
 *		version   INTEGER (LINK_VERSION),
 *		identity  OCTET STRING (agent or gateway name),
 *		random    OCTET STRING (SIZE (32)),
 *		cipher    OCTET STRING ("aes-128-gcm" | "aes-256-gcm"),
 *		keys      SEQUENCE SIZE (1..2) OF
 *				OCTET STRING (SIZE (4)) }	-- key ids
 *
 * The connecting side (client) proposes the cipher; the accepting side
 * (server) answers with the same cipher or refuses.  Key ids (the first
 * 4 bytes of SHA-256 over the key, link_key_id()) let a link key change
 * without a flag day: the client offers its current key's id and, during
 * a change, its previous key's; the server takes the first offered that
 * it holds (its keyfile or keyfile-previous) and answers with that one
 * id, or refuses naming both sides' ids and answers with its own.  The
 * key ids came in version 2: a version 1 hello carries no key list, and
 * its strict decoder refuses trailing fields, so no field could be added
 * that a version 1 peer would skip; version 1 peers are refused with a
 * sentence naming both versions.  Requests: the
 * gateway connects to the agent; events: the agent connects to the
 * gateway's event listener.  Both derive one key per direction with
 * HKDF-SHA256 from the shared key, salt = client random || server random,
 * info naming the direction and cipher.  After the hellos every frame is
 * AES-GCM sealed: nonce = 4-byte direction || 64-bit sequence, the length
 * prefix is additional data, the 16-byte tag ends the frame.  A replayed,
 * reordered, altered or truncated frame fails to open and the connection
 * is dropped.  The first sealed message each way is a Confirm carrying a
 * hash of both hellos: it proves key possession and binds the hello.
 * Then messages (LinkMessage, see link_msg.c) flow.
 */
#ifndef ESM_LINK_H
#define ESM_LINK_H

#include <stddef.h>
#include <stdint.h>

#include <lber.h>

struct event_base;
struct bufferevent;
struct ssl_ctx_st;

#define LINK_VERSION		2	/* 2: key ids in the hello */
#define LINK_RANDOM_LEN		32
#define LINK_MAX_FRAME_DEFAULT	(1024 * 1024)
#define LINK_MAX_IDENTITY	64
#define LINK_DN_MAX		246	/* as IMS 15's NETUID */
#define LINK_REALM_MAX		254	/* as IMS 15's NETSID */

/* ---- shared key file -------------------------------------------------- */

struct link_key {
	unsigned char	lk_bytes[32];
	size_t		lk_len;		/* 16 or 32 */
};

/* Write nbytes (16 or 32) random bytes as hex to a new file, mode 0600. */
int	link_key_generate(const char *path, size_t nbytes, char *err,
	    size_t errlen);
/* Read a key file; refused if group or others may read it. */
int	link_key_load(const char *path, struct link_key *key, char *err,
	    size_t errlen);
void	link_key_clear(struct link_key *key);

#define LINK_KEY_ID_LEN		4	/* bytes; 8 hex digits as text */
#define LINK_KEY_ID_TEXT	(2 * LINK_KEY_ID_LEN + 1)
/*
 * A key's id: the first 4 bytes of SHA-256 over the key's bytes, so an
 * operator can check it with sha256sum.  It names the key in hellos,
 * events and log lines; 32 bits of a hash tell nothing about a 128- or
 * 256-bit random key.  -1 (id zeroed) when OpenSSL cannot hash: a key
 * must never silently share an id with every other key.
 */
int	link_key_id(const struct link_key *, unsigned char *id);
/*
 * The id as 8 lowercase hex digits and a NUL, into LINK_KEY_ID_TEXT;
 * "unknown" when it cannot be computed.
 */
void	link_key_id_text(const struct link_key *, char *text);
void	link_key_id_format(const unsigned char *id, char *text);

enum link_cipher {
	LINK_CIPHER_AES128_GCM = 1,
	LINK_CIPHER_AES256_GCM = 2,
};
int	link_cipher_parse(const char *name, enum link_cipher *cipher);
const char *link_cipher_name(enum link_cipher cipher);

/* ---- messages --------------------------------------------------------- */

enum link_msg_type {
	LINK_MSG_REQUEST = 1,	/* gateway -> agent: run something */
	LINK_MSG_RESPONSE = 2,	/* agent -> gateway: a chunk of the answer */
	LINK_MSG_CREDIT = 3,	/* gateway -> agent: may send lm_window more */
	LINK_MSG_CANCEL = 4,	/* gateway -> agent: abandon request lm_id */
	LINK_MSG_PING = 5,
	LINK_MSG_PONG = 6,
	LINK_MSG_EVENT = 7,	/* agent -> gateway (reconciliation) */
	LINK_MSG_EVENT_ACK = 8,	/* gateway -> agent */
};

enum link_req_kind {
	LINK_REQ_COMMAND = 0,	/* lm_command is one native ESM command */
	LINK_REQ_VERIFY = 1,	/* lm_args: userid, password[, new password] */
};

/* The distributed identity of the LDAP client behind a request. */
struct link_identity {
	const char	*li_dn;		/* bind DN or cert subject, <= 246 */
	const char	*li_realm;	/* <= 254 */
	const char	*li_address;	/* client address */
	uint64_t	 li_conn;	/* gateway connection number */
	uint64_t	 li_op;		/* operation number on it */
};

/*
 * One decoded or to-be-encoded message.  Pointers in a decoded message
 * borrow from the frame and from arrays owned by the message; both live
 * until link_msg_clear() or the end of the message callback.
 */
struct link_msg {
	enum link_msg_type	 lm_type;
	uint64_t		 lm_id;		/* request id, or ping nonce */
	/* REQUEST */
	enum link_req_kind	 lm_kind;
	struct berval		 lm_command;	/* native command (COMMAND) */
	struct berval		*lm_args;	/* VERIFY arguments */
	size_t			 lm_nargs;
	struct link_identity	 lm_who;
	/* REQUEST (initial window) and CREDIT: response chunks allowed */
	uint32_t		 lm_window;
	/* RESPONSE */
	int			 lm_rc;		/* ESM return code */
	struct berval		*lm_lines;	/* output lines, no newline */
	size_t			 lm_nlines;
	int			 lm_more;	/* more chunks follow */
	/* EVENT / EVENT_ACK: lm_id is the event sequence; body is BER */
	struct berval		 lm_body;
	/* decode-time storage (do not touch) */
	void			*lm_priv;
};

/* Encode into a malloc'ed buffer the caller owns (free()). */
int	link_msg_encode(const struct link_msg *msg, unsigned char **out,
	    size_t *outlen);
/*
 * Decode; returns 0 or -1 with a reason.  buf is copied: the message
 * stays valid until link_msg_clear(), whatever becomes of buf.
 */
int	link_msg_decode(const unsigned char *buf, size_t len,
	    struct link_msg *msg, const char **why);
void	link_msg_clear(struct link_msg *msg);

/* ---- one connection (libevent) ---------------------------------------- */

enum link_role {
	LINK_ROLE_CLIENT = 1,	/* the gateway side: connects, proposes */
	LINK_ROLE_SERVER = 2,	/* the agent side: accepts */
};

struct link_params {
	enum link_role		 lp_role;
	const char		*lp_identity;	/* our name in the hello */
	/*
	 * What the peer is, in reasons and log lines ("agent SYS1",
	 * "gateway=GW1"); NULL: by role, as requests flow (the client's
	 * peer is an agent, the server's a gateway).  Events flow the other
	 * way: an agent connects to the gateway's event listener.
	 */
	const char		*lp_peer_kind;
	const struct link_key	*lp_key;	/* copied by link_new */
	enum link_cipher	 lp_cipher;	/* client: proposed; server:
						   required */
	size_t			 lp_max_frame;	/* 0: LINK_MAX_FRAME_DEFAULT */
	unsigned int		 lp_heartbeat;	/* seconds between pings when
						   idle; 0: none.  A peer
						   silent for 3 intervals is
						   dropped */
	unsigned int		 lp_hello_timeout; /* seconds; 0: 10 */
	size_t			 lp_out_high;	/* output watermark; 0: 256k */
	/*
	 * During a key change, the key before lp_key (copied; NULL or
	 * lk_len 0: none, so a caller passes its keyfile-previous as it
	 * is): a server accepts clients that offer it, a client offers it
	 * after lp_key.
	 */
	const struct link_key	*lp_key_previous;
	/*
	 * TLS around the link (link_tls.h), borrowed, outliving the link;
	 * NULL: plain TCP.  The client wraps its socket with it; a server's
	 * owner wraps what it accepts (link_tls_accept).
	 */
	struct ssl_ctx_st	*lp_tls;
};

struct link;

struct link_cbs {
	/* Keys confirmed both ways: messages may now be sent. */
	void	(*ready)(struct link *, void *arg);
	/* A message arrived (never PING/PONG, which the link answers). */
	void	(*message)(struct link *, const struct link_msg *, void *arg);
	/* Output fell below half of lp_out_high after being above it. */
	void	(*drained)(struct link *, void *arg);
	/*
	 * The link is closed, with a reason in an operator's words.  Called
	 * once; the owner frees the link after the callback returns (never
	 * inside it), e.g. from a one-shot event.
	 */
	void	(*closed)(struct link *, const char *reason, void *arg);
};

/* Takes ownership of bev (already connected or accepted). */
struct link *link_new(struct event_base *base, struct bufferevent *bev,
	    const char *peer_addr, const struct link_params *params,
	    const struct link_cbs *cbs, void *arg);
void	link_free(struct link *);
/* Seal and queue a message.  -1 when the link is not ready or closing. */
int	link_send(struct link *, const struct link_msg *);
/* Flush what is queued, then close and call closed(). */
void	link_close(struct link *, const char *reason);
int	link_is_ready(const struct link *);
int	link_is_closed(const struct link *);
size_t	link_output_pending(const struct link *);
int	link_output_is_high(const struct link *);
const char *link_peer_identity(const struct link *);	/* after hello */
const char *link_peer_address(const struct link *);
enum link_cipher link_cipher(const struct link *);
/* The id of the link key in use, 8 hex digits; NULL before the hellos. */
const char *link_key_in_use(const struct link *);

/* ---- the connecting side: reconnects, multiplexes requests ------------ */

enum link_req_status {
	LINK_REQ_OK = 0,	/* a response chunk (final when !lm_more) */
	LINK_REQ_TIMEOUT,	/* no answer within the request's timeout */
	LINK_REQ_DOWN,		/* link lost or never came up */
	LINK_REQ_CANCELLED,	/* cancelled by the caller */
};

/*
 * Called once per response chunk and exactly once with a final status:
 * a chunk with lm_more == 0, or an error status with msg == NULL.
 */
typedef void (*link_req_cb)(void *arg, enum link_req_status status,
    const struct link_msg *msg, const char *why);
typedef void (*link_client_state_cb)(void *arg, int up, const char *why);

struct link_client;

struct link_client *link_client_new(struct event_base *base,
	    const char *name, const char *host, const char *port,
	    const struct link_params *params, link_client_state_cb state_cb,
	    void *arg);
void	link_client_free(struct link_client *);
/* Connect now and keep reconnecting with backoff (1s doubling to 30s). */
void	link_client_start(struct link_client *);
int	link_client_is_up(const struct link_client *);
/*
 * Send a request; returns its id (> 0), or 0 when the link is down (cb
 * is then not called).  window: response chunks the agent may send
 * before more credit is granted (0: 8).  Credit is granted again after
 * each chunk callback unless the request is paused.
 */
uint64_t link_client_request(struct link_client *, enum link_req_kind kind,
	    const struct berval *command, const struct berval *args,
	    size_t nargs, const struct link_identity *who,
	    unsigned int timeout_s, unsigned int window, link_req_cb cb,
	    void *arg);
void	link_client_pause(struct link_client *, uint64_t id);
void	link_client_resume(struct link_client *, uint64_t id);
/* Ends the request with LINK_REQ_CANCELLED and tells the agent. */
void	link_client_cancel(struct link_client *, uint64_t id);
size_t	link_client_pending(const struct link_client *);
/*
 * Messages other than responses (an agent's event sender gets the
 * gateway's EVENT_ACKs this way).  Without a handler an EVENT is
 * ignored and anything else closes the link as a protocol error.
 */
typedef void (*link_client_msg_cb)(void *arg, const struct link_msg *);
void	link_client_set_message_cb(struct link_client *, link_client_msg_cb,
	    void *arg);
/* Send a message of the caller's own; -1 when the link is not up. */
int	link_client_send(struct link_client *, const struct link_msg *);
/* Is the link's output above its watermark (or the link down)? */
int	link_client_output_is_high(const struct link_client *);
/* Close the link for a protocol error of the peer's; it reconnects. */
void	link_client_drop(struct link_client *, const char *why);

#endif
