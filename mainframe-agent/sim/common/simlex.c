/*
 * simlex.c - what the command lexers of the simulators share
 * (simlex.h).
 */
#include "config.h"

#include <stdlib.h>

#include "xmalloc.h"

#include "mainframe-agent/sim/common/simlex.h"

enum simlex_quoted_rc
simlex_quoted(const char *p, const char *end, char **out, size_t *len,
    const char **next)
{
	char *buf;
	size_t n = 0;

	buf = xmalloc((size_t)(end - p) + 1);
	for (p++;; ) {
		if (p >= end) {
			free(buf);
			return SIMLEX_OPEN;
		}
		if (*p == '\'') {
			if (p + 1 < end && p[1] == '\'') {
				buf[n++] = '\'';
				p += 2;
				continue;
			}
			p++;
			break;
		}
		buf[n++] = *p++;
	}
	if (p < end && *p != ' ' && *p != ',' && *p != ')') {
		free(buf);
		return SIMLEX_NODELIM;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	*next = p;
	return SIMLEX_OK;
}
