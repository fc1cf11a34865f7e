/*
 * ctl.c - the control socket both daemons take operator commands on.
 *
 * The protocol is the smallest one a shell script can speak: connect,
 * write one line, read until the daemon closes.  One request per
 * connection keeps the server stateless between commands and means an
 * answer never has to say where it ends.
 *
 * The socket file is the daemon's claim on its name.  Before binding we
 * connect to it: if a daemon answers, a second one started with the same
 * configuration must not steal its operator channel (unlinking a live
 * socket leaves the first daemon running but unreachable).  If nobody
 * answers, the file is left by a daemon that died and is replaced.  We
 * only ever remove sockets, never a file someone put at that path, and
 * at close only the socket we created ourselves.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>

#include "ctl.h"
#include "xmalloc.h"

struct ctl_client {
	struct ctl		*cc_ctl;	/* borrowed */
	struct bufferevent	*cc_bev;	/* owned */
	TAILQ_ENTRY(ctl_client)	 cc_entry;
};

struct ctl {
	struct evconnlistener	*ct_listener;	/* owned */
	char			*ct_path;	/* owned */
	dev_t			 ct_dev;	/* the socket file we made */
	ino_t			 ct_ino;
	ctl_command_cb		 ct_cb;
	void			*ct_arg;	/* borrowed, the cb's */
	TAILQ_HEAD(, ctl_client) ct_clients;	/* owned */
};

static void	ctl_read_cb(struct bufferevent *, void *);
static void	ctl_write_cb(struct bufferevent *, void *);
static void	ctl_event_cb(struct bufferevent *, short, void *);

static void
ctl_client_free(struct ctl_client *cl)
{
	TAILQ_REMOVE(&cl->cc_ctl->ct_clients, cl, cc_entry);
	bufferevent_free(cl->cc_bev);
	free(cl);
}

void
ctl_reply(struct ctl_client *cl, const char *fmt, ...)
{
	struct evbuffer *out = bufferevent_get_output(cl->cc_bev);
	va_list ap;

	va_start(ap, fmt);
	evbuffer_add_vprintf(out, fmt, ap);
	va_end(ap);
	evbuffer_add(out, "\n", 1);
}

int
ctl_split_line(char *line, char **verb, char **args)
{
	char *save = NULL;

	*args = NULL;
	if ((*verb = strtok_r(line, " \t", &save)) == NULL)
		return -1;
	if ((*args = strtok_r(NULL, "", &save)) != NULL) {
		while (**args == ' ' || **args == '\t')
			(*args)++;
		if (**args == '\0')
			*args = NULL;
	}
	return 0;
}

void
ctl_reply_buffer(struct ctl_client *cl, struct evbuffer *text)
{
	struct evbuffer *out = bufferevent_get_output(cl->cc_bev);
	struct evbuffer_ptr last;
	size_t len = evbuffer_get_length(text);
	char c = '\n';

	if (len > 0 &&
	    evbuffer_ptr_set(text, &last, len - 1, EVBUFFER_PTR_SET) == 0)
		(void)evbuffer_copyout_from(text, &last, &c, 1);
	evbuffer_add_buffer(out, text);
	if (c != '\n')
		evbuffer_add(out, "\n", 1);
}

/* The answer is complete: send it, then close. */
static void
ctl_client_answered(struct ctl_client *cl)
{
	struct bufferevent *bev = cl->cc_bev;

	bufferevent_disable(bev, EV_READ);
	if (evbuffer_get_length(bufferevent_get_output(bev)) == 0) {
		ctl_client_free(cl);
		return;
	}
	bufferevent_setcb(bev, NULL, ctl_write_cb, ctl_event_cb, cl);
	bufferevent_enable(bev, EV_WRITE);
}

static void
ctl_read_cb(struct bufferevent *bev, void *arg)
{
	struct ctl_client *cl = arg;
	struct ctl *ct = cl->cc_ctl;
	struct evbuffer *in = bufferevent_get_input(bev);
	size_t len;
	char *line;

	line = evbuffer_readln(in, &len, EVBUFFER_EOL_CRLF);
	if (line == NULL && evbuffer_get_length(in) <= CTL_MAX_LINE)
		return;		/* the rest of the line is on its way */
	if (line != NULL && len > CTL_MAX_LINE) {
		free(line);
		line = NULL;
	}
	ct->ct_cb(ct->ct_arg, cl, line);
	free(line);
	ctl_client_answered(cl);
}

static void
ctl_write_cb(struct bufferevent *bev, void *arg)
{
	if (evbuffer_get_length(bufferevent_get_output(bev)) == 0)
		ctl_client_free(arg);
}

/* EOF before a whole line, an error, a timeout: nobody to answer. */
static void
ctl_event_cb(struct bufferevent *bev, short what, void *arg)
{
	ctl_client_free(arg);
}

static void
ctl_accept_cb(struct evconnlistener *lev, evutil_socket_t fd,
    struct sockaddr *sa, int salen, void *arg)
{
	struct ctl *ct = arg;
	struct ctl_client *cl;
	struct bufferevent *bev;
	struct timeval tv = { CTL_CLIENT_TIMEOUT, 0 };

	bev = bufferevent_socket_new(evconnlistener_get_base(lev), fd,
	    BEV_OPT_CLOSE_ON_FREE);
	if (bev == NULL) {
		evutil_closesocket(fd);
		return;
	}
	cl = xcalloc(1, sizeof(*cl));
	cl->cc_ctl = ct;
	cl->cc_bev = bev;
	TAILQ_INSERT_TAIL(&ct->ct_clients, cl, cc_entry);
	bufferevent_setcb(bev, ctl_read_cb, NULL, ctl_event_cb, cl);
	/* Stop reading a line that can only be refused. */
	bufferevent_setwatermark(bev, EV_READ, 0, CTL_MAX_LINE + 2);
	bufferevent_set_timeouts(bev, &tv, &tv);
	bufferevent_enable(bev, EV_READ);
}

static int
ctl_sockaddr(struct sockaddr_un *sun, const char *path, char *err,
    size_t errlen)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun->sun_path)) {
		snprintf(err, errlen, "control socket path %s is too long",
		    path);
		return -1;
	}
	strcpy(sun->sun_path, path);
	return 0;
}

/*
 * Connect to sun without blocking.  Returns the socket, or -1 with
 * errno set; a listener whose backlog is full answers EAGAIN.
 */
static int
ctl_connect_probe(const struct sockaddr_un *sun)
{
	int fd, saved;

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd == -1)
		return -1;
	if (connect(fd, (const struct sockaddr *)sun, sizeof(*sun)) == -1) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

/*
 * Make path free for our socket: nothing there, or a socket nobody
 * answers on (removed).  Returns 0, or -1 with a reason in err.
 */
static int
ctl_claim_path(const struct sockaddr_un *sun, const char *who, char *err,
    size_t errlen)
{
	const char *path = sun->sun_path;
	struct stat st;
	int fd;

	if (lstat(path, &st) == -1) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "cannot check control socket %s: %s",
		    path, strerror(errno));
		return -1;
	}
	if (!S_ISSOCK(st.st_mode)) {
		snprintf(err, errlen, "control socket path %s exists and is "
		    "not a socket; not replacing it", path);
		return -1;
	}
	if ((fd = ctl_connect_probe(sun)) != -1 || errno == EAGAIN) {
		if (fd != -1)
			close(fd);
		snprintf(err, errlen, "control socket %s answers: another %s "
		    "is running with it", path, who);
		return -1;
	}
	if (errno != ECONNREFUSED) {
		snprintf(err, errlen, "cannot check control socket %s: %s",
		    path, strerror(errno));
		return -1;
	}
	/* A socket left by a daemon that died: nobody answers on it. */
	if (unlink(path) == -1 && errno != ENOENT) {
		snprintf(err, errlen, "cannot remove stale control socket "
		    "%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Bind with no access for group and others from the first moment. */
static struct evconnlistener *
ctl_listen(struct event_base *base, struct ctl *ct,
    const struct sockaddr_un *sun)
{
	struct evconnlistener *lev;
	mode_t old;

	old = umask(077);
	lev = evconnlistener_new_bind(base, ctl_accept_cb, ct,
	    LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC, 8,
	    (const struct sockaddr *)sun, sizeof(*sun));
	umask(old);
	return lev;
}

struct ctl *
ctl_open(struct event_base *base, const char *path, const char *who,
    ctl_command_cb cb, void *arg, char *err, size_t errlen)
{
	struct ctl *ct;
	struct sockaddr_un sun;
	struct stat st;

	if (ctl_sockaddr(&sun, path, err, errlen) == -1 ||
	    ctl_claim_path(&sun, who, err, errlen) == -1)
		return NULL;
	ct = xcalloc(1, sizeof(*ct));
	ct->ct_path = xstrdup(path);
	ct->ct_cb = cb;
	ct->ct_arg = arg;
	TAILQ_INIT(&ct->ct_clients);
	if ((ct->ct_listener = ctl_listen(base, ct, &sun)) == NULL) {
		snprintf(err, errlen, "cannot create control socket %s: %s",
		    path, strerror(errno));
		goto fail;
	}
	if (chmod(ct->ct_path, 0600) == -1 ||
	    lstat(ct->ct_path, &st) == -1) {
		snprintf(err, errlen, "cannot set up control socket %s: %s",
		    ct->ct_path, strerror(errno));
		evconnlistener_free(ct->ct_listener);
		(void)unlink(path);
		goto fail;
	}
	ct->ct_dev = st.st_dev;
	ct->ct_ino = st.st_ino;
	return ct;
fail:
	free(ct->ct_path);
	free(ct);
	return NULL;
}

void
ctl_close(struct ctl *ct)
{
	struct stat st;

	if (ct == NULL)
		return;
	while (!TAILQ_EMPTY(&ct->ct_clients))
		ctl_client_free(TAILQ_FIRST(&ct->ct_clients));
	evconnlistener_free(ct->ct_listener);
	/* Someone may have replaced the file since; theirs is not ours. */
	if (lstat(ct->ct_path, &st) == 0 && st.st_dev == ct->ct_dev &&
	    st.st_ino == ct->ct_ino)
		(void)unlink(ct->ct_path);
	free(ct->ct_path);
	free(ct);
}

/* The client side. */

static int
ctl_send_line(int fd, const char *line)
{
	char *buf;
	size_t len, off = 0;
	ssize_t n;
	int rc = 0;

	len = (size_t)xasprintf(&buf, "%s\n", line);
	while (off < len) {
		n = send(fd, buf + off, len - off, MSG_NOSIGNAL);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			rc = -1;
			break;
		}
		off += (size_t)n;
	}
	free(buf);
	return rc;
}

/* Copy everything until the daemon closes. */
static int
ctl_copy_answer(int fd, const char *path, FILE *out, char *err,
    size_t errlen)
{
	char buf[4096];
	ssize_t n;
	size_t got = 0;

	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n == -1 && errno == EINTR)
			continue;
		/*
		 * The daemon closes only once its answer is written; it
		 * resets instead of closing when part of an over-long
		 * request was left unread.
		 */
		if (n == 0 || (n == -1 && errno == ECONNRESET && got > 0))
			break;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			snprintf(err, errlen, "%s: no answer within %d "
			    "seconds", path, CTL_CLIENT_TIMEOUT);
			return CTL_BROKEN;
		}
		if (n == -1) {
			snprintf(err, errlen, "%s: reading the answer: %s",
			    path, strerror(errno));
			return CTL_BROKEN;
		}
		got += (size_t)n;
		if (fwrite(buf, 1, (size_t)n, out) != (size_t)n) {
			snprintf(err, errlen, "writing the answer: %s",
			    strerror(errno));
			return CTL_BROKEN;
		}
	}
	if (fflush(out) == EOF) {
		snprintf(err, errlen, "writing the answer: %s",
		    strerror(errno));
		return CTL_BROKEN;
	}
	return 0;
}

int
ctl_request(const char *path, const char *line, FILE *out, char *err,
    size_t errlen)
{
	struct sockaddr_un sun;
	struct timeval tv = { CTL_CLIENT_TIMEOUT, 0 };
	int fd, rc;

	if (strpbrk(line, "\r\n") != NULL) {
		snprintf(err, errlen, "a request is one line");
		return CTL_BROKEN;
	}
	if (ctl_sockaddr(&sun, path, err, errlen) == -1)
		return CTL_UNREACHABLE;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd == -1 ||
	    connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		if (fd != -1)
			close(fd);
		return CTL_UNREACHABLE;
	}
	/* A daemon stopped under a debugger must not hang its operator. */
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (ctl_send_line(fd, line) == -1) {
		snprintf(err, errlen, "%s: sending the request: %s", path,
		    strerror(errno));
		close(fd);
		return CTL_BROKEN;
	}
	rc = ctl_copy_answer(fd, path, out, err, errlen);
	close(fd);
	return rc;
}
