/*
 * link_int.h - inside the link: the sans-IO session under struct link,
 * and the seams the unit tests drive.
 *
 * A session knows the wire protocol and nothing of sockets or libevent:
 * the caller feeds it the bytes it received and it answers with one event
 * at a time (ready, a message, or a failure with a reason); whatever the
 * session wants to send (hellos, confirms, sealed messages) waits in its
 * output queue until the caller takes it.  link_conn.c puts it on a
 * bufferevent; the tests put two sessions face to face.
 */
#ifndef ESM_LINK_INT_H
#define ESM_LINK_INT_H

#include <stddef.h>

#include "link.h"

#define LINK_MAX_LINES		65536	/* output lines in one chunk */
#define LINK_MAX_ARGS		16	/* arguments of one request */
#define LINK_HELLO_MAX		1024	/* a hello is small */
#define LINK_TAG_LEN		16	/* AES-GCM tag */

struct link_session;

enum link_session_event {
	LINK_SESSION_FAILED = -1,	/* reason in link_session_reason() */
	LINK_SESSION_MORE = 0,		/* all bytes used, nothing complete */
	LINK_SESSION_READY = 1,		/* keys confirmed both ways */
	LINK_SESSION_MESSAGE = 2,	/* link_session_msg() until next feed */
};

/* key is copied; peer_addr is copied and names the peer in reasons. */
struct link_session *link_session_new(const struct link_params *,
	    const char *peer_addr);
void	link_session_free(struct link_session *);
/* The client queues its hello; the server waits for the client's. */
void	link_session_start(struct link_session *);
/*
 * Use up to len bytes; *used says how many were taken.  Stops after the
 * first complete event so that the caller handles it before going on.
 */
enum link_session_event link_session_feed(struct link_session *,
	    const unsigned char *buf, size_t len, size_t *used);
const struct link_msg *link_session_msg(const struct link_session *);
/* Seal msg and queue the frame; -1 when not ready or too big. */
int	link_session_seal(struct link_session *, const struct link_msg *);
/* Bytes waiting to be sent; drain after writing them. */
const unsigned char *link_session_output(const struct link_session *,
	    size_t *len);
void	link_session_output_drain(struct link_session *, size_t n);
/* The peer closed: why that is (or is not) an error. */
const char *link_session_eof_reason(struct link_session *);
/* Mark the session failed (timeouts decided by the caller). */
void	link_session_fail(struct link_session *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
const char *link_session_reason(const struct link_session *);
int	link_session_is_ready(const struct link_session *);
int	link_session_in_frame(const struct link_session *);
int	link_session_is_failed(const struct link_session *);
/*
 * "agent SYS1" (the client's peer), "gateway GW1 at 10.0.0.1:4000" (the
 * server's) or "peer 10.0.0.1:4000" before the hello; the kind is
 * lp_peer_kind's.
 */
const char *link_session_peer_name(const struct link_session *);
const char *link_session_peer_identity(const struct link_session *);
/* "agent" or "gateway" (link_params' lp_peer_kind). */
const char *link_session_peer_kind(const struct link_session *);
enum link_cipher link_session_cipher(const struct link_session *);
/* The id of the key in use (8 hex digits), NULL before the hellos. */
const char *link_session_key_id(const struct link_session *);

/* Sub-second timers for tests (0 leaves a value as configured). */
void	link_set_timers_ms(struct link *, unsigned int hello_ms,
	    unsigned int heartbeat_ms);

/*
 * How link_client gets a bufferevent.  The default connects a TCP socket
 * to host:port and sets *connected to 0: link_client waits for the
 * connect event.  Tests hand out one end of a bufferevent_pair, already
 * connected (*connected = 1).  NULL with a reason in err when no
 * connection can be attempted now; link_client retries with backoff.
 */
struct link_client;
typedef struct bufferevent *(*link_client_connect_fn)(struct link_client *,
    struct event_base *, void *arg, int *connected, char *err,
    size_t errlen);
void	link_client_set_connector(struct link_client *,
	    link_client_connect_fn fn, void *arg);
/* Tests: one "second" of timeouts and backoff lasts ms milliseconds. */
void	link_client_set_second_ms(struct link_client *, unsigned int ms);
struct link *link_client_link(const struct link_client *);

#endif
