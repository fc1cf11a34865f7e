/*
 * conf.c - the configuration file reader shared by every program.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "conf.h"
#include "xmalloc.h"

/*
 * Split a line in place into at most max words.  Returns the number of
 * words, or -1 with *why set for an unterminated quote or too many words.
 */
int
conf_split_line(char *line, char **argv, int max, const char **why)
{
	char *r = line, *w;
	int argc = 0;

	for (;;) {
		while (*r == ' ' || *r == '\t' || *r == '\r' || *r == '\n')
			r++;
		if (*r == '\0' || *r == '#')
			break;
		if (argc == max) {
			*why = "too many words on one line";
			return -1;
		}
		argv[argc++] = w = r;
		if (*r == '"') {
			r++;
			while (*r != '"') {
				if (*r == '\0') {
					*why = "a double quote is not closed";
					return -1;
				}
				if (*r == '\\' && (r[1] == '"' || r[1] == '\\'))
					r++;
				*w++ = *r++;
			}
			r++;
			if (*r != '\0' && !isspace((unsigned char)*r)) {
				*why = "text follows a closing double quote";
				return -1;
			}
		} else {
			while (*r != '\0' && !isspace((unsigned char)*r))
				*w++ = *r++;
		}
		if (*r != '\0')
			r++;
		*w = '\0';
	}
	return argc;
}

char *
conf_relative_path(const char *base, const char *path)
{
	const char *slash;
	char *out;

	if (path[0] == '/' || (slash = strrchr(base, '/')) == NULL)
		return xstrdup(path);
	xasprintf(&out, "%.*s/%s", (int)(slash - base), base, path);
	return out;
}

/*
 * A file that holds a secret or chooses whom to trust is refused when
 * group or others may read or write it; what says why it matters.
 */
static int
conf_mode_is_private(const struct stat *st, const char *path,
    const char *what, char *err, size_t errlen)
{
	if ((st->st_mode & 077) == 0)
		return 0;
	snprintf(err, errlen, "%s may be %s by group or others (mode %04o): "
	    "%s; chmod 600 it", path, (st->st_mode & 022) != 0 ? "written" :
	    "read", (unsigned int)(st->st_mode & 07777), what);
	return -1;
}

/*
 * A configuration names the agents, keys and administrators to trust,
 * and holds the administrators' password hashes: whoever may change it
 * may change whom the daemon trusts, and whoever may read it may try
 * the hashes offline.  So it is held to the key files' rule.
 */
static int
conf_check_mode(FILE *fp, const char *path, char *err, size_t errlen)
{
	struct stat st;

	if (fstat(fileno(fp), &st) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	return conf_mode_is_private(&st, path, "it chooses the agents, keys "
	    "and administrators to trust and holds their password hashes",
	    err, errlen);
}

static int
conf_parse_depth(const char *path, conf_line_cb cb, void *arg, char *err,
    size_t errlen, int depth)
{
	FILE *fp;
	char *buf = NULL, *argv[CONF_MAX_ARGS], *inc, reason[512];
	const char *why;
	size_t cap = 0;
	ssize_t len;
	struct conf_line cl;
	int lineno = 0, argc, rc = -1;

	if (depth > CONF_MAX_INCLUDE) {
		snprintf(err, errlen, "%s: includes nest deeper than %d files",
		    path, CONF_MAX_INCLUDE);
		return -1;
	}
	if ((fp = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: cannot open: %s", path,
		    strerror(errno));
		return -1;
	}
	if (conf_check_mode(fp, path, err, errlen) == -1)
		goto out;
	while ((len = getline(&buf, &cap, fp)) != -1) {
		lineno++;
		if ((size_t)len != strlen(buf)) {
			snprintf(err, errlen, "%s:%d: line holds a NUL byte",
			    path, lineno);
			goto out;
		}
		argc = conf_split_line(buf, argv, CONF_MAX_ARGS, &why);
		if (argc == -1) {
			snprintf(err, errlen, "%s:%d: %s", path, lineno, why);
			goto out;
		}
		if (argc == 0)
			continue;
		if (strcasecmp(argv[0], "include") == 0) {
			if (argc != 2) {
				snprintf(err, errlen,
				    "%s:%d: include takes one file name",
				    path, lineno);
				goto out;
			}
			inc = conf_relative_path(path, argv[1]);
			if (conf_parse_depth(inc, cb, arg, err, errlen,
			    depth + 1) == -1) {
				free(inc);
				goto out;
			}
			free(inc);
			continue;
		}
		cl.cl_file = path;
		cl.cl_lineno = lineno;
		cl.cl_argc = argc;
		cl.cl_argv = argv;
		reason[0] = '\0';
		if (cb(arg, &cl, reason, sizeof(reason)) == -1) {
			snprintf(err, errlen, "%s:%d: %s", path, lineno,
			    reason[0] ? reason : "invalid line");
			goto out;
		}
	}
	if (ferror(fp)) {
		snprintf(err, errlen, "%s: read error: %s", path,
		    strerror(errno));
		goto out;
	}
	rc = 0;
out:
	free(buf);
	fclose(fp);
	return rc;
}

int
conf_parse_file(const char *path, conf_line_cb cb, void *arg, char *err,
    size_t errlen)
{
	return conf_parse_depth(path, cb, arg, err, errlen, 0);
}

int
conf_want_args(const struct conf_line *l, int min, int max, char *err,
    size_t errlen)
{
	if (l->cl_argc - 1 < min || l->cl_argc - 1 > max) {
		if (min == max)
			snprintf(err, errlen, "%s takes %d value%s",
			    l->cl_argv[0], min, min == 1 ? "" : "s");
		else
			snprintf(err, errlen, "%s takes %d to %d values",
			    l->cl_argv[0], min, max);
		return -1;
	}
	return 0;
}

int
conf_parse_digits(const char *s, size_t n, int *out)
{
	size_t i;

	*out = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*out = *out * 10 + (s[i] - '0');
	}
	return 0;
}

int
conf_parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	if (!isdigit((unsigned char)s[0]))
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || v > max)
		return -1;
	*out = v;
	return 0;
}

int
conf_parse_bool(const char *s, int *out)
{
	if (strcasecmp(s, "yes") == 0 || strcasecmp(s, "on") == 0 ||
	    strcasecmp(s, "true") == 0 || strcmp(s, "1") == 0)
		*out = 1;
	else if (strcasecmp(s, "no") == 0 || strcasecmp(s, "off") == 0 ||
	    strcasecmp(s, "false") == 0 || strcmp(s, "0") == 0)
		*out = 0;
	else
		return -1;
	return 0;
}

/* Parse "<digits><suffix>" with suffix factors; returns -1 on overflow. */
static int
conf_parse_scaled(const char *s, const char *suffixes,
    const unsigned long *factors, unsigned long *out)
{
	char *end;
	const char *p;
	unsigned long v;

	if (!isdigit((unsigned char)s[0]))
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0)
		return -1;
	if (*end != '\0') {
		if (end[1] != '\0' ||
		    (p = strchr(suffixes, tolower((unsigned char)*end))) == NULL)
			return -1;
		if (v > ULONG_MAX / factors[p - suffixes])
			return -1;
		v *= factors[p - suffixes];
	}
	*out = v;
	return 0;
}

/* "30", "30s", "5m", "2h", "1d" */
int
conf_parse_duration(const char *s, unsigned long *seconds)
{
	static const unsigned long f[] = { 1, 60, 3600, 86400 };

	return conf_parse_scaled(s, "smhd", f, seconds);
}

/* "65536", "64k", "1m", "1g" */
int
conf_parse_size(const char *s, unsigned long *bytes)
{
	static const unsigned long f[] = { 1024UL, 1024UL * 1024,
	    1024UL * 1024 * 1024 };

	return conf_parse_scaled(s, "kmg", f, bytes);
}

int
conf_parse_url(const char *s, struct conf_url *url)
{
	const char *sep, *host, *hend, *port;
	size_t n;
	unsigned long p;

	memset(url, 0, sizeof(*url));
	if ((sep = strstr(s, "://")) == NULL || sep == s ||
	    (size_t)(sep - s) >= sizeof(url->cu_scheme))
		return -1;
	memcpy(url->cu_scheme, s, (size_t)(sep - s));
	host = sep + 3;
	if (*host == '[') {
		host++;
		if ((hend = strchr(host, ']')) == NULL)
			return -1;
		port = hend + 1;
	} else {
		hend = strrchr(host, ':');
		if (hend == NULL)
			hend = host + strlen(host);
		port = hend;
	}
	n = (size_t)(hend - host);
	if (n == 0 || n >= sizeof(url->cu_host))
		return -1;
	memcpy(url->cu_host, host, n);
	if (*port == '\0')
		return 0;
	if (*port != ':' || conf_parse_uint(port + 1, 65535, &p) == -1 ||
	    p == 0)
		return -1;
	snprintf(url->cu_port, sizeof(url->cu_port), "%u", (unsigned int)(p & 0xffff));
	return 0;
}

int
conf_check_private_file(const char *path, char *err, size_t errlen)
{
	struct stat st;

	if (stat(path, &st) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s is not a regular file", path);
		return -1;
	}
	return conf_mode_is_private(&st, path, "it holds a secret", err,
	    errlen);
}
