/*
 * check_ctl.c - the control socket: a request line in, the answer out,
 * then the server closes; one daemon per socket; stale sockets replaced,
 * files that are not sockets left alone; over-long lines refused.
 *
 * The server side runs on a loop driven by turns; the raw clients are
 * non-blocking sockets read between turns.  ctl_request() blocks, so it
 * runs on a thread that wakes the loop through a pipe when it is done.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/event.h>

#include "ctl.h"
#include "testdir.h"
#include "testloop.h"

static struct event_base *base;
static const char *sock;
static int ncalls;
static char lastline[CTL_MAX_LINE + 1];
static int lastnull;

/* A daemon's command callback, as small as can show every path. */
static void
test_command_cb(void *arg, struct ctl_client *cl, char *line)
{
	struct evbuffer *text;

	ncalls++;
	ck_assert_ptr_eq(arg, &ncalls);
	lastnull = line == NULL;
	if (line == NULL) {
		ctl_reply(cl, "ERROR: command too long");
		return;
	}
	snprintf(lastline, sizeof(lastline), "%s", line);
	if (strcmp(line, "silent") == 0)
		return;
	if (strcmp(line, "buffer") == 0) {
		text = evbuffer_new();
		evbuffer_add_printf(text, "a\nb");
		ctl_reply_buffer(cl, text);
		ck_assert_uint_eq(evbuffer_get_length(text), 0);
		evbuffer_free(text);
		return;
	}
	ctl_reply(cl, "got: %s", line);
	ctl_reply(cl, "OK");
}

static struct ctl *
open_ctl(const char *who, char *err, size_t errlen)
{
	return ctl_open(base, sock, who, test_command_cb, &ncalls, err,
	    errlen);
}

static void
setup(void)
{
	testdir_create("check_ctl");
	sock = testdir_path("ctl.sock");
	base = event_base_new();
	ck_assert_ptr_nonnull(base);
	ncalls = 0;
	lastnull = 0;
	lastline[0] = '\0';
}

static void
teardown(void)
{
	event_base_free(base);
	testdir_remove();
}

static int
client_connect(void)
{
	struct sockaddr_un sun;
	int fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", sock);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	ck_assert_int_ne(fd, -1);
	ck_assert_int_eq(connect(fd, (struct sockaddr *)&sun, sizeof(sun)),
	    0);
	return fd;
}

static void
client_send(int fd, const char *text)
{
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
}

/*
 * Turn the loop until the server closed; returns what it sent.  The
 * server resets rather than closes when a refused line was left unread.
 */
static char *
client_answer(int fd)
{
	static char buf[8192];
	size_t len = 0;
	ssize_t n;
	int turns;

	for (turns = 0; turns < 200; turns++) {
		testloop_turns(base, 1);
		while ((n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
			len += (size_t)n;
		if (n == 0 || (n == -1 && errno == ECONNRESET))
			break;
		ck_assert_int_eq(errno, EAGAIN);
	}
	ck_assert_int_lt(turns, 200);
	close(fd);
	buf[len] = '\0';
	return buf;
}

static char *
exchange(const char *request)
{
	int fd = client_connect();

	client_send(fd, request);
	return client_answer(fd);
}

START_TEST(split_line)
{
	char a[] = "  DEBUG   conn,op ", b[] = "DEBUG   ", c[] = " \t ";
	char *verb, *args;

	ck_assert_int_eq(ctl_split_line(a, &verb, &args), 0);
	ck_assert_str_eq(verb, "DEBUG");
	ck_assert_str_eq(args, "conn,op ");
	/* Blanks alone are no argument (an empty one would mean "none"). */
	ck_assert_int_eq(ctl_split_line(b, &verb, &args), 0);
	ck_assert_str_eq(verb, "DEBUG");
	ck_assert_ptr_null(args);
	ck_assert_int_eq(ctl_split_line(c, &verb, &args), -1);
}
END_TEST

START_TEST(request_answered)
{
	struct ctl *ct;
	struct stat st;
	char err[256];

	ct = open_ctl("gateway", err, sizeof(err));
	ck_assert_msg(ct != NULL, "%s", err);
	ck_assert_int_eq(lstat(sock, &st), 0);
	ck_assert(S_ISSOCK(st.st_mode));
	ck_assert_uint_eq(st.st_mode & 0777, 0600);
	ck_assert_str_eq(exchange("status now\n"), "got: status now\nOK\n");
	ck_assert_int_eq(ncalls, 1);
	ck_assert_str_eq(lastline, "status now");
	/* CRLF from a telnet-minded client; one connection per request. */
	ck_assert_str_eq(exchange("help\r\n"), "got: help\nOK\n");
	ck_assert_int_eq(ncalls, 2);
	ctl_close(ct);
	ck_assert_int_eq(access(sock, F_OK), -1);
}
END_TEST

START_TEST(answer_forms)
{
	struct ctl *ct;
	char err[256];

	ct = open_ctl("gateway", err, sizeof(err));
	ck_assert_ptr_nonnull(ct);
	/* A buffered text gets its missing end of line. */
	ck_assert_str_eq(exchange("buffer\n"), "a\nb\n");
	/* No answer at all still closes the connection. */
	ck_assert_str_eq(exchange("silent\n"), "");
	ck_assert_int_eq(ncalls, 2);
	/* An empty line is a request too: the daemon says what it wants. */
	ck_assert_str_eq(exchange("\n"), "got: \nOK\n");
	ctl_close(ct);
}
END_TEST

START_TEST(partial_line_then_eof)
{
	struct ctl *ct;
	char err[256];
	int fd;

	ct = open_ctl("gateway", err, sizeof(err));
	ck_assert_ptr_nonnull(ct);
	fd = client_connect();
	client_send(fd, "stat");
	testloop_turns(base, 3);
	ck_assert_int_eq(ncalls, 0);
	ck_assert_int_eq(shutdown(fd, SHUT_WR), 0);
	ck_assert_str_eq(client_answer(fd), "");
	ck_assert_int_eq(ncalls, 0);
	ctl_close(ct);
}
END_TEST

START_TEST(line_arrives_in_pieces)
{
	struct ctl *ct;
	char err[256];
	int fd;

	ct = open_ctl("gateway", err, sizeof(err));
	ck_assert_ptr_nonnull(ct);
	fd = client_connect();
	client_send(fd, "rel");
	testloop_turns(base, 3);
	client_send(fd, "oad\n");
	ck_assert_str_eq(client_answer(fd), "got: reload\nOK\n");
	ck_assert_int_eq(ncalls, 1);
	ctl_close(ct);
}
END_TEST

START_TEST(overlong_line_refused)
{
	struct ctl *ct;
	char err[256], line[3 * CTL_MAX_LINE];

	ct = open_ctl("gateway", err, sizeof(err));
	ck_assert_ptr_nonnull(ct);
	/* Exactly the limit is a line. */
	memset(line, 'x', CTL_MAX_LINE);
	strcpy(line + CTL_MAX_LINE, "\n");
	ck_assert_uint_eq(strlen(exchange(line)),
	    strlen("got: ") + CTL_MAX_LINE + strlen("\nOK\n"));
	ck_assert_int_eq(lastnull, 0);
	ck_assert_uint_eq(strlen(lastline), CTL_MAX_LINE);
	/* One more byte, with or without its end of line, is not. */
	memset(line, 'x', CTL_MAX_LINE + 1);
	strcpy(line + CTL_MAX_LINE + 1, "\n");
	ck_assert_str_eq(exchange(line), "ERROR: command too long\n");
	ck_assert_int_eq(lastnull, 1);
	memset(line, 'y', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	ck_assert_str_eq(exchange(line), "ERROR: command too long\n");
	ck_assert_int_eq(ncalls, 3);
	ctl_close(ct);
}
END_TEST

START_TEST(live_socket_not_taken_over)
{
	struct ctl *ct, *second;
	char err[256];

	ct = open_ctl("gateway", err, sizeof(err));
	ck_assert_ptr_nonnull(ct);
	second = open_ctl("gateway", err, sizeof(err));
	ck_assert_ptr_null(second);
	ck_assert_msg(strstr(err, "answers: another gateway is running with "
	    "it") != NULL, "%s", err);
	ck_assert_ptr_nonnull(strstr(err, sock));
	/* The probe left the first one working and its socket in place. */
	ck_assert_str_eq(exchange("still there\n"), "got: still there\nOK\n");
	ctl_close(ct);
}
END_TEST

/* What a daemon killed with SIGKILL leaves behind. */
static void
make_stale_socket(void)
{
	struct sockaddr_un sun;
	int fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", sock);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	ck_assert_int_eq(listen(fd, 1), 0);
	close(fd);
	ck_assert_int_eq(access(sock, F_OK), 0);
}

START_TEST(stale_socket_replaced)
{
	struct ctl *ct;
	char err[256];

	make_stale_socket();
	ct = open_ctl("agent", err, sizeof(err));
	ck_assert_msg(ct != NULL, "%s", err);
	ck_assert_str_eq(exchange("ping\n"), "got: ping\nOK\n");
	ctl_close(ct);
}
END_TEST

START_TEST(other_file_left_alone)
{
	struct ctl *ct;
	struct stat st;
	char err[256];

	testdir_write("ctl.sock", "not a socket\n", 0600);
	ck_assert_ptr_null(open_ctl("gateway", err, sizeof(err)));
	ck_assert_msg(strstr(err, "is not a socket") != NULL, "%s", err);
	ck_assert_int_eq(lstat(sock, &st), 0);
	ck_assert(S_ISREG(st.st_mode));
	/* Nor does close remove a file that replaced our socket. */
	ck_assert_int_eq(unlink(sock), 0);
	ct = open_ctl("gateway", err, sizeof(err));
	ck_assert_ptr_nonnull(ct);
	ck_assert_int_eq(unlink(sock), 0);
	testdir_write("ctl.sock", "someone else's\n", 0600);
	ctl_close(ct);
	ck_assert_int_eq(lstat(sock, &st), 0);
	ck_assert(S_ISREG(st.st_mode));
}
END_TEST

START_TEST(open_errors)
{
	char err[256], longpath[200];

	memset(longpath, 'p', sizeof(longpath) - 1);
	longpath[0] = '/';
	longpath[sizeof(longpath) - 1] = '\0';
	ck_assert_ptr_null(ctl_open(base, longpath, "gateway",
	    test_command_cb, &ncalls, err, sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, "is too long"));
	ck_assert_ptr_null(ctl_open(base, testdir_path("no/such/dir.sock"),
	    "gateway", test_command_cb, &ncalls, err, sizeof(err)));
	ck_assert_msg(strstr(err, "cannot") != NULL, "%s", err);
	ctl_close(NULL);
}
END_TEST

/* Clients still connected at close are dropped, not leaked. */
START_TEST(close_with_clients)
{
	struct ctl *ct;
	char err[256], buf[16];
	ssize_t n;
	int fd;

	ct = open_ctl("gateway", err, sizeof(err));
	ck_assert_ptr_nonnull(ct);
	fd = client_connect();
	testloop_turns(base, 3);
	ctl_close(ct);
	testloop_turns(base, 1);	/* libevent closes in a finalizer */
	n = read(fd, buf, sizeof(buf));
	ck_assert_msg(n == 0, "read %zd: %s", n, strerror(errno));
	close(fd);
	ck_assert_int_eq(ncalls, 0);
}
END_TEST

/* ctl_request() on its thread; the pipe stops the loop when it ends. */
struct request {
	const char	*rq_line;
	char		*rq_answer;
	size_t		 rq_len;
	char		 rq_err[256];
	int		 rq_rc;
	int		 rq_pipe[2];
};

static void *
request_thread(void *arg)
{
	struct request *rq = arg;
	FILE *out;
	ssize_t n;

	out = open_memstream(&rq->rq_answer, &rq->rq_len);
	rq->rq_rc = ctl_request(sock, rq->rq_line, out, rq->rq_err,
	    sizeof(rq->rq_err));
	fclose(out);
	n = write(rq->rq_pipe[1], "", 1);
	(void)n;
	return NULL;
}

static void
request_done_cb(evutil_socket_t fd, short what, void *arg)
{
	event_base_loopbreak(base);
}

static void
run_request(struct request *rq, const char *line)
{
	struct event *ev;
	struct timeval limit = { 20, 0 };
	pthread_t t;

	memset(rq, 0, sizeof(*rq));
	rq->rq_line = line;
	ck_assert_int_eq(pipe(rq->rq_pipe), 0);
	ev = event_new(base, rq->rq_pipe[0], EV_READ, request_done_cb, NULL);
	event_add(ev, &limit);
	ck_assert_int_eq(pthread_create(&t, NULL, request_thread, rq), 0);
	event_base_dispatch(base);
	pthread_join(t, NULL);
	event_free(ev);
	close(rq->rq_pipe[0]);
	close(rq->rq_pipe[1]);
}

START_TEST(client_request)
{
	struct ctl *ct;
	struct request rq;
	char err[256];

	ct = open_ctl("gateway", err, sizeof(err));
	ck_assert_ptr_nonnull(ct);
	run_request(&rq, "status");
	ck_assert_msg(rq.rq_rc == 0, "%s", rq.rq_err);
	ck_assert_str_eq(rq.rq_answer, "got: status\nOK\n");
	free(rq.rq_answer);
	run_request(&rq, "two\nlines");
	ck_assert_int_eq(rq.rq_rc, CTL_BROKEN);
	ck_assert_int_eq(ncalls, 1);
	free(rq.rq_answer);
	ctl_close(ct);
}
END_TEST

START_TEST(client_unreachable)
{
	char err[256], want[512];
	FILE *out;

	out = tmpfile();
	ck_assert_int_eq(ctl_request(sock, "status", out, err, sizeof(err)),
	    CTL_UNREACHABLE);
	snprintf(want, sizeof(want), "%s: No such file or directory", sock);
	ck_assert_str_eq(err, want);
	make_stale_socket();
	ck_assert_int_eq(ctl_request(sock, "status", out, err, sizeof(err)),
	    CTL_UNREACHABLE);
	ck_assert_ptr_nonnull(strstr(err, "Connection refused"));
	ck_assert_int_eq(ftell(out), 0);
	fclose(out);
}
END_TEST

static Suite *
ctl_suite(void)
{
	Suite *s = suite_create("ctl");
	TCase *tc;

	tc = tcase_create("server");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, split_line);
	tcase_add_test(tc, request_answered);
	tcase_add_test(tc, answer_forms);
	tcase_add_test(tc, partial_line_then_eof);
	tcase_add_test(tc, line_arrives_in_pieces);
	tcase_add_test(tc, overlong_line_refused);
	tcase_add_test(tc, close_with_clients);
	suite_add_tcase(s, tc);
	tc = tcase_create("socket file");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, live_socket_not_taken_over);
	tcase_add_test(tc, stale_socket_replaced);
	tcase_add_test(tc, other_file_left_alone);
	tcase_add_test(tc, open_errors);
	suite_add_tcase(s, tc);
	tc = tcase_create("client");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, client_request);
	tcase_add_test(tc, client_unreachable);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(ctl_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
