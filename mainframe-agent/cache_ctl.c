/*
 * cache_ctl.c - the operator commands about the event cache, answered
 * the same way by the running agent (agent_ctl.c) and by the console
 * when the agent is down (esmconsole -o opens the cache itself), since
 * an operator must see the cache whatever runs.
 *
 *	DISPLAY CACHE		state, slots, depth, high-water mark,
 *				counters, journal, consumers (D CACHE)
 *	DISPLAY CACHE EVENTS [n|ALL]
 *				and one line per event held, the oldest
 *				first: sequence, type, ids and field names
 *				only; at most n (default 100: a full ring
 *				or journal must not flood the console),
 *				then how many more are held
 *	STOP CACHE		the ring goes to the journal; exits write
 *				to the journal until START
 *	START CACHE		the journal comes back into the ring as
 *				space allows
 *	DRAIN CACHE		one step of a drain: restore what fits and
 *				say whether every event is delivered
 *				(esmconsole -o repeats it until drained or
 *				its time is up)
 *
 * Messages are ESMA24nI..ESMA25nE, as the agent's others.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mainframe-agent/cache_ctl.h"

static void
cache_ctl_say(cache_ctl_reply_fn fn, void *arg, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
cache_ctl_say(cache_ctl_reply_fn fn, void *arg, const char *fmt, ...)
{
	char line[1536];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	fn(arg, line);
}

/* How many events DISPLAY CACHE EVENTS shows without a count. */
#define CACHE_CTL_EVENTS_SHOWN	100
#define CACHE_CTL_EVENTS_ALL	((unsigned long long)-1)

/* DISPLAY CACHE EVENTS' count: a number from 1, or ALL.  0 or -1. */
static int
cache_ctl_count(const char *s, unsigned long long *shown)
{
	char *end;

	if (strcasecmp(s, "ALL") == 0) {
		*shown = CACHE_CTL_EVENTS_ALL;
		return 0;
	}
	if (s[0] < '0' || s[0] > '9')
		return -1;
	*shown = strtoull(s, &end, 10);
	return *end == '\0' && *shown > 0 ? 0 : -1;
}

/*
 * "CACHE", or "CACHE EVENTS [n|ALL]", after the verb: which (*events:
 * how many to show, 0 for none), or -1.
 */
static int
cache_ctl_object(const char *args, unsigned long long *events)
{
	char a[16] = "", b[16] = "", c[24] = "", d[2] = "";
	int n;

	*events = 0;
	if (args == NULL)
		return -1;
	n = sscanf(args, "%15s %15s %23s %1s", a, b, c, d);
	if (n < 1 || strcasecmp(a, "CACHE") != 0 || n > 3)
		return -1;
	if (n >= 2) {
		if (strcasecmp(b, "EVENTS") != 0)
			return -1;
		*events = CACHE_CTL_EVENTS_SHOWN;
	}
	if (n == 3 && cache_ctl_count(c, events) == -1)
		return -1;
	return 0;
}

int
cache_ctl_is_command(const char *verb, const char *args)
{
	if (strcasecmp(verb, "DISPLAY") != 0 && strcasecmp(verb, "D") != 0 &&
	    strcasecmp(verb, "STOP") != 0 && strcasecmp(verb, "START") != 0 &&
	    strcasecmp(verb, "DRAIN") != 0)
		return 0;
	return args != NULL && strncasecmp(args, "CACHE", 5) == 0 &&
	    (args[5] == '\0' || args[5] == ' ' || args[5] == '\t');
}

static void
cache_ctl_show(const struct cache_info *ci, cache_ctl_reply_fn fn,
    void *arg)
{
	int i;

	if (!ci->ci_shared)
		cache_ctl_say(fn, arg, "ESMA246E CACHE %s HAS NO SHARED MEMORY "
		    "(%s): EVENTS GO STRAIGHT TO THE JOURNAL", ci->ci_name,
		    ci->ci_why);
	else
		cache_ctl_say(fn, arg, "ESMA240I CACHE %s %s SLOTS %u DEPTH "
		    "%llu HIGH-WATER %llu", ci->ci_name, ci->ci_started ?
		    "STARTED" : "STOPPED", ci->ci_slots,
		    (unsigned long long)ci->ci_depth,
		    (unsigned long long)ci->ci_hwm);
	cache_ctl_say(fn, arg, "ESMA241I EVENTS WRITTEN %llu SPILLED %llu "
	    "RESTORED %llu DELIVERED %llu RECOVERED %llu LOST %llu NEXT "
	    "SEQUENCE %llu", (unsigned long long)ci->ci_written,
	    (unsigned long long)ci->ci_spilled,
	    (unsigned long long)ci->ci_restored,
	    (unsigned long long)ci->ci_delivered,
	    (unsigned long long)ci->ci_recovered,
	    (unsigned long long)ci->ci_lost,
	    (unsigned long long)ci->ci_next_seq);
	if (ci->ci_depth > 0)
		cache_ctl_say(fn, arg, "ESMA244I RING HOLDS EVENTS %llu TO "
		    "%llu", (unsigned long long)ci->ci_oldest,
		    (unsigned long long)ci->ci_newest);
	cache_ctl_say(fn, arg, "ESMA242I JOURNAL %s RECORDS %llu BYTES %llu",
	    ci->ci_journal, (unsigned long long)ci->ci_journal_records,
	    (unsigned long long)ci->ci_journal_bytes);
	if (ci->ci_damage[0] != '\0')
		cache_ctl_say(fn, arg, "ESMA245E JOURNAL DAMAGED: %s",
		    ci->ci_damage);
	if (ci->ci_failures > 0)
		cache_ctl_say(fn, arg, "ESMA247E %lu EVENTS COULD NOT BE "
		    "RECORDED BY THIS PROCESS; THE LAST: %s", ci->ci_failures,
		    ci->ci_failure);
	for (i = 0; i < ci->ci_nconsumers; i++)
		cache_ctl_say(fn, arg, "ESMA243I CONSUMER %s ACKED %llu",
		    ci->ci_consumers[i].name,
		    (unsigned long long)ci->ci_consumers[i].acked);
	if (ci->ci_nconsumers == 0 && ci->ci_shared)
		cache_ctl_say(fn, arg, "ESMA243I NO CONSUMER REGISTERED");
}

struct cache_ctl_list {
	cache_ctl_reply_fn	 cl_fn;
	void			*cl_arg;
	unsigned long long	 cl_shown;	/* at most */
	unsigned long long	 cl_seen;
	int			 cl_more;	/* stopped with more held */
};

/* Ids and field names only: never a password, sealed or not. */
static int
cache_ctl_event_cb(void *arg, const struct cache_event *ev, int journal)
{
	struct cache_ctl_list *cl = arg;

	if (cl->cl_seen == cl->cl_shown) {
		cl->cl_more = 1;
		return 1;
	}
	cl->cl_seen++;
	cache_ctl_say(cl->cl_fn, cl->cl_arg, "ESMA248I EVENT %llu %s %s%s%s "
	    "FIELDS(%s)%s ORIGIN %s TASK %s EXIT %s%s IN %s",
	    (unsigned long long)ev->ce_seq,
	    esm_event_type_name((enum esm_event_type)ev->ce_type),
	    ev->ce_userid, ev->ce_group[0] != '\0' ? " GROUP " : "",
	    ev->ce_group, ev->ce_fields,
	    (ev->ce_flags & CACHE_F_FIELDS_CUT) ? " +MORE" : "",
	    ev->ce_origin, ev->ce_task, ev->ce_exit,
	    (ev->ce_flags & CACHE_F_PASSWORD) ? " PASSWORD SEALED" :
	    (ev->ce_flags & CACHE_F_PASSWORD_LONG) ? " PASSWORD NOT CARRIED" :
	    "", journal ? "JOURNAL" : "RING");
	return 0;
}

static int
cache_ctl_display(struct cache *c, unsigned long long events,
    cache_ctl_reply_fn fn, void *arg)
{
	struct cache_ctl_list cl = { fn, arg, events, 0, 0 };
	unsigned long long held;
	struct cache_info ci;
	char err[512];

	if (cache_info(c, &ci, err, sizeof(err)) == -1) {
		cache_ctl_say(fn, arg, "ESMA256E DISPLAY CACHE FAILED: %s",
		    err);
		return 1;
	}
	cache_ctl_show(&ci, fn, arg);
	if (events && cache_list(c, cache_ctl_event_cb, &cl, err,
	    sizeof(err)) == -1) {
		cache_ctl_say(fn, arg, "ESMA256E DISPLAY CACHE EVENTS "
		    "STOPPED: %s", err);
		return 1;
	}
	/* The listing stopped at the first event not shown: the count of
	   the rest is the info's (taken just before, so at least one). */
	held = ci.ci_depth + ci.ci_journal_records;
	if (cl.cl_more)
		cache_ctl_say(fn, arg, "ESMA249I %llu MORE EVENTS HELD: "
		    "DISPLAY CACHE EVENTS ALL SHOWS EVERY ONE",
		    held > cl.cl_seen ? held - cl.cl_seen : 1);
	return ci.ci_damage[0] != '\0' || !ci.ci_shared;
}

static int
cache_ctl_drain(struct cache *c, cache_ctl_reply_fn fn, void *arg)
{
	struct cache_info ci;
	uint64_t restored, waiting;
	char err[512];

	if (cache_restore(c, &restored, err, sizeof(err)) == -1 ||
	    cache_info(c, &ci, err, sizeof(err)) == -1) {
		cache_ctl_say(fn, arg, "ESMA256E DRAIN CACHE FAILED: %s", err);
		return 1;
	}
	cache_ctl_show(&ci, fn, arg);
	waiting = ci.ci_depth + ci.ci_journal_records;
	if (waiting == 0) {
		cache_ctl_say(fn, arg, "ESMA252I CACHE DRAINED: EVERY EVENT "
		    "DELIVERED");
		return 0;
	}
	if (!ci.ci_started) {
		cache_ctl_say(fn, arg, "ESMA255E CACHE NOT DRAINED: THE CACHE "
		    "IS STOPPED; %llu EVENTS WAIT", (unsigned long long)waiting);
		return 1;
	}
	if (ci.ci_nconsumers == 0) {
		cache_ctl_say(fn, arg, "ESMA254E CACHE NOT DRAINED: NO "
		    "CONSUMER IS REGISTERED; %llu EVENTS WAIT",
		    (unsigned long long)waiting);
		return 1;
	}
	cache_ctl_say(fn, arg, "ESMA253I CACHE DRAINING: %llu EVENTS IN THE "
	    "RING, %llu IN THE JOURNAL", (unsigned long long)ci.ci_depth,
	    (unsigned long long)ci.ci_journal_records);
	return 0;
}

static int
cache_ctl_start_stop(struct cache *c, int start, cache_ctl_reply_fn fn,
    void *arg)
{
	uint64_t n;
	char err[512];

	if ((start ? cache_start(c, &n, err, sizeof(err)) :
	    cache_stop(c, &n, err, sizeof(err))) == -1) {
		cache_ctl_say(fn, arg, "ESMA256E %s CACHE FAILED: %s",
		    start ? "START" : "STOP", err);
		return 1;
	}
	if (start)
		cache_ctl_say(fn, arg, "ESMA251I CACHE STARTED: %llu EVENTS "
		    "RESTORED FROM THE JOURNAL", (unsigned long long)n);
	else
		cache_ctl_say(fn, arg, "ESMA250I CACHE STOPPED: %llu EVENTS "
		    "MOVED TO THE JOURNAL", (unsigned long long)n);
	return 0;
}

int
cache_ctl_run(struct cache *c, const char *verb, const char *args,
    cache_ctl_reply_fn fn, void *arg)
{
	unsigned long long events;

	if (cache_ctl_object(args, &events) == -1 ||
	    (events && strcasecmp(verb, "DISPLAY") != 0 &&
	    strcasecmp(verb, "D") != 0)) {
		cache_ctl_say(fn, arg, "ESMA257E %s %.40s: THE CACHE COMMANDS "
		    "ARE DISPLAY CACHE [EVENTS [n|ALL]], STOP CACHE, START "
		    "CACHE, DRAIN CACHE", verb, args != NULL ? args : "");
		return 1;
	}
	if (strcasecmp(verb, "STOP") == 0 || strcasecmp(verb, "START") == 0)
		return cache_ctl_start_stop(c, strcasecmp(verb, "START") == 0,
		    fn, arg);
	if (strcasecmp(verb, "DRAIN") == 0)
		return cache_ctl_drain(c, fn, arg);
	return cache_ctl_display(c, events, fn, arg);
}
