/*
 * log.c - timestamped log lines for the daemons and tools.
 *
 * Each line is formatted into one buffer and written with a single
 * write(2) so that lines from worker threads never interleave.  libevent's
 * own warnings are routed here too, so an operator reads one log.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "log.h"
#include "utf8.h"

static const char *log_progname = "esmgate";
static unsigned int log_debug_cats;
static int log_fd = -1;
static int log_quiet;

static const struct {
	const char	*name;
	unsigned int	 cat;
} log_cat_names[] = {
	{ "conn", LOG_CAT_CONN },
	{ "op", LOG_CAT_OP },
	{ "link", LOG_CAT_LINK },
	{ "backend", LOG_CAT_BACKEND },
	{ "cache", LOG_CAT_CACHE },
	{ "sim", LOG_CAT_SIM },
	{ "agent", LOG_CAT_AGENT },
	{ "config", LOG_CAT_CONFIG },
	{ "all", LOG_CAT_ALL },
};

static void
log_event_cb(int severity, const char *msg)
{
	switch (severity) {
	case EVENT_LOG_DEBUG:
		log_debug(LOG_CAT_CONN, "libevent: %s", msg);
		break;
	case EVENT_LOG_MSG:
		log_info("libevent: %s", msg);
		break;
	default:
		log_warnx("libevent: %s", msg);
		break;
	}
}

void
log_init(const char *progname)
{
	const char *slash;

	if (progname != NULL) {
		slash = strrchr(progname, '/');
		log_progname = slash != NULL ? slash + 1 : progname;
	}
	event_set_log_callback(log_event_cb);
}

int
log_open_file(const char *path)
{
	int fd;

	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
	if (fd == -1)
		return -1;
	if (log_fd != -1)
		close(log_fd);
	log_fd = fd;
	return 0;
}

void
log_close(void)
{
	if (log_fd != -1)
		close(log_fd);
	log_fd = -1;
}

void
log_set_quiet(int quiet)
{
	log_quiet = quiet;
}

void
log_set_debug(unsigned int cats)
{
	log_debug_cats = cats;
}

unsigned int
log_get_debug(void)
{
	return log_debug_cats;
}

int
log_debug_enabled(unsigned int cat)
{
	return (log_debug_cats & cat) != 0;
}

/*
 * "conn,link", "all", "none", "0x14" or "20".  Returns -1 and leaves
 * *cats alone when a name is unknown.
 */
int
log_parse_debug(const char *spec, unsigned int *cats)
{
	char buf[256], *tok, *save, *end;
	unsigned int result = 0;
	unsigned long n;
	size_t i;

	if (strlen(spec) >= sizeof(buf))
		return -1;
	strcpy(buf, spec);
	for (tok = strtok_r(buf, ", ", &save); tok != NULL;
	    tok = strtok_r(NULL, ", ", &save)) {
		if (strcasecmp(tok, "none") == 0)
			continue;
		errno = 0;
		n = strtoul(tok, &end, 0);
		if (*end == '\0' && errno == 0 && n <= LOG_CAT_ALL) {
			result |= (unsigned int)n;
			continue;
		}
		for (i = 0; i < sizeof(log_cat_names) / sizeof(log_cat_names[0]);
		    i++)
			if (strcasecmp(tok, log_cat_names[i].name) == 0)
				break;
		if (i == sizeof(log_cat_names) / sizeof(log_cat_names[0]))
			return -1;
		result |= log_cat_names[i].cat;
	}
	*cats = result;
	return 0;
}

const char *
log_debug_names(unsigned int cats, char *buf, unsigned long len)
{
	size_t i, used = 0;
	int n;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	if (cats == 0) {
		snprintf(buf, len, "none");
		return buf;
	}
	for (i = 0; i < sizeof(log_cat_names) / sizeof(log_cat_names[0]) - 1;
	    i++) {
		if ((cats & log_cat_names[i].cat) == 0)
			continue;
		n = snprintf(buf + used, len - used, "%s%s",
		    used ? "," : "", log_cat_names[i].name);
		if (n < 0 || (size_t)n >= len - used)
			break;
		used += (size_t)n;
	}
	return buf;
}

void
log_vwrite(const char *level, const char *fmt, va_list ap, int with_errno)
{
	char line[4096];
	struct timeval tv;
	struct tm tm;
	size_t off;
	int saved = errno, n;

	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	off = strftime(line, sizeof(line), "%Y-%m-%dT%H:%M:%S", &tm);
	n = snprintf(line + off, sizeof(line) - off, ".%03dZ %s[%d]: %s: ",
	    (int)(tv.tv_usec / 1000), log_progname, (int)getpid(), level);
	if (n > 0)
		off += (size_t)n;
	if (off < sizeof(line)) {
		n = vsnprintf(line + off, sizeof(line) - off, fmt, ap);
		if (n > 0)
			off += (size_t)n;
	}
	if (with_errno && off < sizeof(line)) {
		n = snprintf(line + off, sizeof(line) - off, ": %s",
		    strerror(saved));
		if (n > 0)
			off += (size_t)n;
	}
	if (off >= sizeof(line) - 1)
		off = sizeof(line) - 2;
	/* A message quotes what clients sent (DNs, OIDs, reasons naming
	   them): a line end or escape sequence in it must not forge a line
	   or drive the operator's terminal, and bytes that are not UTF-8
	   must not make the log a binary file to grep. */
	utf8_sanitize(line, off);
	line[off++] = '\n';
	if (!log_quiet)
		(void)!write(STDERR_FILENO, line, off);
	if (log_fd != -1)
		(void)!write(log_fd, line, off);
	errno = saved;
}

#define LOG_BODY(level, with_errno) do {		\
	va_list ap;					\
	va_start(ap, fmt);				\
	log_vwrite(level, fmt, ap, with_errno);		\
	va_end(ap);					\
} while (0)

void
log_err(const char *fmt, ...)
{
	LOG_BODY("error", 0);
}

void
log_warn(const char *fmt, ...)
{
	LOG_BODY("warning", 1);
}

void
log_warnx(const char *fmt, ...)
{
	LOG_BODY("warning", 0);
}

void
log_info(const char *fmt, ...)
{
	LOG_BODY("info", 0);
}

void
log_debug(unsigned int cat, const char *fmt, ...)
{
	if ((log_debug_cats & cat) == 0)
		return;
	LOG_BODY("debug", 0);
}

void
fatal(const char *fmt, ...)
{
	LOG_BODY("fatal", 1);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	LOG_BODY("fatal", 0);
	exit(1);
}
