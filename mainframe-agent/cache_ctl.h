/*
 * cache_ctl.h - the event cache's operator commands (cache_ctl.c), for
 * the agent's control socket and for the console when the agent is down.
 */
#ifndef ESM_CACHE_CTL_H
#define ESM_CACHE_CTL_H

#include "mainframe-agent/cache.h"

/* One line of an answer, without its end of line. */
typedef void (*cache_ctl_reply_fn)(void *arg, const char *line);

/* Is this an operator command about the cache (DISPLAY CACHE ...)? */
int	cache_ctl_is_command(const char *verb, const char *args);
/*
 * Run it, answering through fn; returns 0 when the answer is all
 * information, 1 when it holds an error message (ESMAnnnE).
 */
int	cache_ctl_run(struct cache *, const char *verb, const char *args,
	    cache_ctl_reply_fn fn, void *arg);

#endif
