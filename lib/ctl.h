/*
 * ctl.h - a daemon's local control socket and its client.
 *
 * Both daemons take operator commands the same way: a unix socket, mode
 * 0600 so that only the daemon's own user may operate it, one request
 * line per connection, an answer of text lines, then the daemon closes.
 * The end of the answer is the end of the stream, so a client needs no
 * framing and "nc -U" works as well as esmctl or esmconsole -o.
 *
 * What the commands are and how answers read (ESMAnnnI messages on the
 * agent, "OK"/"ERROR: reason" on the gateway) belongs to each daemon;
 * this module only carries lines.
 */
#ifndef ESM_CTL_H
#define ESM_CTL_H

#include <stddef.h>
#include <stdio.h>

struct event_base;
struct evbuffer;
struct ctl;
struct ctl_client;

/* Longest request line, without its end of line. */
#define CTL_MAX_LINE		1024

/* A client that sends nothing, or reads nothing, is dropped after this. */
#define CTL_CLIENT_TIMEOUT	30	/* seconds */

/*
 * Called once per client with its request line, end of line removed
 * (the line is the callback's to cut up; it is freed on return).  line
 * is NULL when the client sent more than CTL_MAX_LINE bytes without an
 * end of line: the callback answers with its own refusal.  Everything
 * replied before the callback returns is the whole answer: the client
 * is closed once it is written.
 */
typedef void (*ctl_command_cb)(void *arg, struct ctl_client *, char *line);

/*
 * Listen on path.  who names the daemon in the refusal when another
 * live one answers on the socket ("agent", "gateway").  A socket file
 * nobody answers on is left by a daemon that died and is replaced; a
 * path that exists and is not a socket is never removed.  Returns NULL
 * with a reason in err.
 */
struct ctl	*ctl_open(struct event_base *, const char *path,
		    const char *who, ctl_command_cb cb, void *arg, char *err,
		    size_t errlen);
/* Drop the clients still connected, stop listening, remove the socket. */
void		 ctl_close(struct ctl *);

/* Append one line (the end of line is added) to the client's answer. */
void	ctl_reply(struct ctl_client *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Move all of text into the answer; a missing last end of line is added. */
void	ctl_reply_buffer(struct ctl_client *, struct evbuffer *text);
/*
 * Split a request line in place into its verb and the rest (leading
 * blanks skipped; NULL when nothing but blanks follows).  -1 when the
 * line holds no verb at all.
 */
int	ctl_split_line(char *line, char **verb, char **args);

/*
 * The client side: send line to the daemon listening on path and copy
 * its whole answer to out.  Returns 0 once the daemon closed, or one of
 * the codes below with a reason in err (for CTL_UNREACHABLE: the path
 * and strerror, "PATH: No such file or directory").
 */
#define CTL_UNREACHABLE		-1	/* nobody listens on path */
#define CTL_BROKEN		-2	/* the exchange failed half-way */
int	ctl_request(const char *path, const char *line, FILE *out, char *err,
	    size_t errlen);

#endif
