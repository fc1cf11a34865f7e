/*
 * conf.h - configuration files in the slapd.conf tradition.
 *
 * One "keyword value..." per line, '#' starts a comment, values with
 * blanks are written in double quotes (backslash escapes '"' and '\'),
 * "include FILE" reads another file (relative to the including one).
 * The parser knows no keywords: each program hands every line to its own
 * callback, which answers with an error text that the parser prefixes
 * with file:line.
 */
#ifndef ESM_CONF_H
#define ESM_CONF_H

#include <stddef.h>

#define CONF_MAX_ARGS		64
#define CONF_MAX_INCLUDE	8

struct conf_line {
	const char	 *cl_file;	/* borrowed */
	int		  cl_lineno;
	int		  cl_argc;
	char		**cl_argv;	/* borrowed, valid during the callback */
};

/* Return 0, or -1 after writing a reason (without file:line) into err. */
typedef int (*conf_line_cb)(void *arg, const struct conf_line *line,
    char *err, size_t errlen);

int	conf_parse_file(const char *path, conf_line_cb cb, void *arg,
	    char *err, size_t errlen);
int	conf_split_line(char *line, char **argv, int max, const char **why);

/* Helpers for callbacks. */
int	conf_want_args(const struct conf_line *, int min, int max,
	    char *err, size_t errlen);
int	conf_parse_uint(const char *s, unsigned long max, unsigned long *out);
/* Exactly n decimal digits at s (not NUL-terminated): 0, or -1. */
int	conf_parse_digits(const char *s, size_t n, int *out);
int	conf_parse_bool(const char *s, int *out);
int	conf_parse_duration(const char *s, unsigned long *seconds);
int	conf_parse_size(const char *s, unsigned long *bytes);

/* scheme://host:port or scheme://[v6]:port; host and port are copied. */
struct conf_url {
	char	 cu_scheme[16];
	char	 cu_host[256];
	char	 cu_port[8];
};
int	conf_parse_url(const char *s, struct conf_url *url);

/*
 * A file holding secrets must be a regular file that neither group nor
 * others may read or write.  Returns 0 or -1 with a reason in err.
 */
int	conf_check_private_file(const char *path, char *err, size_t errlen);

/* Resolve path relative to the directory of base (for include, keys). */
char	*conf_relative_path(const char *base, const char *path);

#endif
