/*
 * console_oper.c - esmconsole -o: operator commands to the running
 * agent over its control socket.
 *
 * The event cache's commands (DISPLAY CACHE, STOP CACHE, START CACHE,
 * DRAIN CACHE) go to the agent when it runs; when it does not, the
 * console opens the cache itself and answers them the same way, since
 * an operator must see and handle the cache while the agent is down.
 *
 * DRAIN CACHE [SECONDS] is a loop here: the agent (or the cache) is
 * asked for one drain step five times a second until every event is
 * delivered, draining cannot go on (no consumer, cache stopped), or
 * SECONDS (default 30) have passed.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "ctl.h"
#include "log.h"
#include "xmalloc.h"
#include "mainframe-agent/cache.h"
#include "mainframe-agent/cache_ctl.h"
#include "mainframe-agent/console.h"

#define CONSOLE_DRAIN_DEFAULT	30	/* seconds */
#define CONSOLE_DRAIN_MAX	3600
#define CONSOLE_DRAIN_PAUSE_MS	200

int
console_cache_open(struct console *co, char *err, size_t errlen)
{
	if (link_key_load(co->co_conf.ac_keyfile, &co->co_key, err,
	    errlen) == -1)
		return -1;
	if (co->co_conf.ac_keyfile_previous != NULL &&
	    link_key_load(co->co_conf.ac_keyfile_previous,
	    &co->co_key_previous, err, errlen) == -1)
		return -1;
	co->co_cache = agent_cache_open(&co->co_conf, &co->co_key,
	    &co->co_key_previous, "CONSOLE",
	    0, err, errlen);
	return co->co_cache == NULL ? -1 : 0;
}

/* ESMAnnnE lines: the answer holds an error. */
static int
console_has_error(const char *text)
{
	const char *p = text;

	while (p != NULL && *p != '\0') {
		if (strncmp(p, "ESMA", 4) == 0 && strlen(p) > 7 && p[7] == 'E')
			return 1;
		if ((p = strchr(p, '\n')) != NULL)
			p++;
	}
	return 0;
}

/* Ask the agent; its answer into *text.  CTL_UNREACHABLE: not running. */
static int
console_ask_agent(struct console *co, const char *line, char **text,
    char *err, size_t errlen)
{
	size_t len = 0;
	FILE *mf;
	int rc;

	*text = NULL;
	if ((mf = open_memstream(text, &len)) == NULL)
		fatal("open_memstream");
	rc = ctl_request(co->co_conf.ac_control, line, mf, err, errlen);
	fclose(mf);
	return rc;
}

static void
console_reply_cb(void *arg, const char *line)
{
	fprintf(arg, "%s\n", line);
}

/* The agent is down: answer a cache command from the cache itself. */
static int
console_ask_cache(struct console *co, const char *verb, const char *args,
    char **text, char *err, size_t errlen)
{
	size_t len = 0;
	FILE *mf;

	if (co->co_cache == NULL && console_cache_open(co, err, errlen) == -1)
		return -1;
	if ((mf = open_memstream(text, &len)) == NULL)
		fatal("open_memstream");
	(void)cache_ctl_run(co->co_cache, verb, args, console_reply_cb, mf);
	fclose(mf);
	return 0;
}

/*
 * One cache command, from the agent or else the cache; *local says
 * which answered.  Returns 0, or an exit status with the reason printed.
 */
static int
console_cache_step(struct console *co, const char *line, const char *verb,
    const char *args, char **text, int *local)
{
	char err[1024];
	int rc = CTL_UNREACHABLE;

	if (co->co_conf.ac_control != NULL) {
		rc = console_ask_agent(co, line, text, err, sizeof(err));
		if (rc == CTL_BROKEN) {
			fprintf(stderr, "esmconsole: agent %s: %s\n",
			    co->co_conf.ac_name, err);
			return 69;
		}
	}
	if (rc == 0)
		return 0;
	free(*text);
	*text = NULL;
	*local = 1;
	if (console_ask_cache(co, verb, args, text, err, sizeof(err)) == -1) {
		fprintf(stderr, "esmconsole: agent %s is not running and its "
		    "event cache cannot be opened: %s\n", co->co_conf.ac_name,
		    err);
		return 70;
	}
	return 0;
}

static void
console_say_local(struct console *co, int local)
{
	if (local)
		printf("ESMA259I AGENT %s IS NOT RUNNING: THE CONSOLE ANSWERS "
		    "FROM THE EVENT CACHE ITSELF\n", co->co_conf.ac_name);
}

static int
console_cache_command(struct console *co, const char *line, const char *verb,
    const char *args)
{
	char *text = NULL;
	int local = 0, rc;

	if ((rc = console_cache_step(co, line, verb, args, &text,
	    &local)) != 0)
		return rc;
	console_say_local(co, local);
	fputs(text, stdout);
	rc = console_has_error(text) ? 8 : 0;
	free(text);
	return rc;
}

/* DRAIN CACHE [SECONDS]: steps until drained, hopeless, or out of time. */
static int
console_drain(struct console *co, const char *args)
{
	char word[16], *text = NULL;
	unsigned int secs = CONSOLE_DRAIN_DEFAULT;
	struct timespec pause = { 0, CONSOLE_DRAIN_PAUSE_MS * 1000000L };
	time_t deadline;
	int n, local = 0, rc;

	n = sscanf(args, "%15s %u", word, &secs);
	if (n < 1 || secs > CONSOLE_DRAIN_MAX) {
		fprintf(stderr, "esmconsole: DRAIN CACHE [SECONDS], at most "
		    "%d seconds\n", CONSOLE_DRAIN_MAX);
		return 64;
	}
	deadline = time(NULL) + secs;
	for (;;) {
		free(text);
		text = NULL;
		if ((rc = console_cache_step(co, "DRAIN CACHE", "DRAIN",
		    "CACHE", &text, &local)) != 0)
			return rc;
		if (strstr(text, "ESMA253I") == NULL || time(NULL) >= deadline)
			break;
		nanosleep(&pause, NULL);
	}
	console_say_local(co, local);
	fputs(text, stdout);
	rc = console_has_error(text) ? 8 : 0;
	if (strstr(text, "ESMA253I") != NULL) {
		printf("ESMA260E CACHE NOT DRAINED AFTER %u SECONDS\n", secs);
		rc = 8;
	}
	free(text);
	return rc;
}

/* Any other operator command: only the running agent answers it. */
static int
console_agent_command(struct console *co, const char *cmd)
{
	char err[1024], *text = NULL;
	int rc;

	if (co->co_conf.ac_control == NULL) {
		fprintf(stderr, "esmconsole: %s has no control line: the "
		    "agent takes no operator commands\n", co->co_conf.ac_file);
		return 64;
	}
	rc = console_ask_agent(co, cmd, &text, err, sizeof(err));
	if (rc != 0) {
		fprintf(stderr, "esmconsole: agent %s is not running or not "
		    "reachable at %s\n", co->co_conf.ac_name, err);
		free(text);
		return 69;
	}
	fputs(text, stdout);
	rc = console_has_error(text) ? 8 : 0;
	free(text);
	return rc;
}

int
console_operator(struct console *co, const char *cmd)
{
	char line[CTL_MAX_LINE + 1], *verb, *args;

	if (strlen(cmd) > CTL_MAX_LINE) {
		fprintf(stderr, "esmconsole: an operator command is at most "
		    "%d characters\n", CTL_MAX_LINE);
		return 64;
	}
	snprintf(line, sizeof(line), "%s", cmd);
	if (ctl_split_line(line, &verb, &args) == -1 ||
	    !cache_ctl_is_command(verb, args))
		return console_agent_command(co, cmd);
	if (co->co_conf.ac_server_only) {
		fprintf(stderr, "esmconsole: agent %s is server-only: it keeps "
		    "no event cache\n", co->co_conf.ac_name);
		return 64;
	}
	if (strcasecmp(verb, "DRAIN") == 0)
		return console_drain(co, args);
	return console_cache_command(co, cmd, verb, args);
}
