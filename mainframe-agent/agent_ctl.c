/*
 * agent_ctl.c - the agent's operator commands over a local socket, as
 * MODIFY commands reach a started task from the console.
 *
 * A client (esmconsole -o) sends one line and reads the answer until
 * the agent closes.  Answers are ESMAnnnI (information) or ESMAnnnE
 * (error) messages.  The socket is created mode 0600: only the agent's
 * own user may operate it.  lib/ctl.c carries the lines; this file
 * knows the commands and their messages.
 *
 *	DISPLAY | D | STATUS	state, links, event senders, counters
 *	DEBUG spec		set debug categories ("link,agent", "none")
 *	RELOAD			re-read include/exclude lists
 *	DISPLAY CACHE [EVENTS [n|ALL]], STOP CACHE, START CACHE, DRAIN CACHE
 *				the event cache (cache_ctl.c); DISPLAY
 *				CACHE adds the event senders' lines
 *	HELP
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "ctl.h"
#include "log.h"
#include "xmalloc.h"
#include "mainframe-agent/agent.h"
#include "mainframe-agent/cache_ctl.h"

/* The agent's hold on its socket; the lines come through ctl.c. */
struct agent_ctl {
	struct ctl	*ct_ctl;	/* owned */
};

static void	agent_ctl_reply_cb(void *, const char *);

/*
 * The ids of the link keys (keyfile, keyfile-previous), so an operator
 * changing keys sees which files each agent runs with.
 */
static void
agent_ctl_keys(struct agent *ag, struct ctl_client *cl)
{
	char cur[LINK_KEY_ID_TEXT] = "NONE", prev[LINK_KEY_ID_TEXT] = "NONE";

	if (ag->ag_key.lk_len != 0)
		link_key_id_text(&ag->ag_key, cur);
	if (ag->ag_key_previous.lk_len != 0)
		link_key_id_text(&ag->ag_key_previous, prev);
	ctl_reply(cl, "ESMA209I LINK KEY %s PREVIOUS %s", cur, prev);
}

static void
agent_ctl_display(struct agent *ag, struct ctl_client *cl)
{
	struct agent_session *s;
	struct agent_counters *c = &ag->ag_count;
	long up = (long)(time(NULL) - ag->ag_started);
	unsigned int queued = 0, busy;
	struct agent_req *r;
	char dbg[128];
	int i;

	pthread_mutex_lock(&ag->ag_mtx);
	TAILQ_FOREACH(r, &ag->ag_work, r_work)
		queued++;
	busy = ag->ag_running;
	pthread_mutex_unlock(&ag->ag_mtx);
	ctl_reply(cl, "ESMA200I AGENT %s ESM %s DRIVER %s USERID %s UP "
	    "%02ld:%02ld:%02ld%s", ag->ag_conf.ac_name, ag->ag_conf.ac_esm,
	    ag->ag_conf.ac_driver, ag->ag_conf.ac_userid, up / 3600,
	    (up / 60) % 60, up % 60, ag->ag_stopping ? " STOPPING" : "");
	for (i = 0; i < ag->ag_conf.ac_nlisten; i++)
		ctl_reply(cl, "ESMA201I LISTENING ON %s CIPHER %s",
		    ag->ag_conf.ac_listen[i],
		    link_cipher_name(ag->ag_conf.ac_cipher));
	agent_ctl_keys(ag, cl);
	i = 0;
	TAILQ_FOREACH(s, &ag->ag_sessions, s_entry)
		i++;
	ctl_reply(cl, "ESMA202I LINKS %d REQUESTS IN FLIGHT %u QUEUED %u "
	    "WORKERS %u BUSY %u", i, agent_requests_in_flight(ag), queued,
	    ag->ag_nthreads, busy);
	TAILQ_FOREACH(s, &ag->ag_sessions, s_entry)
		ctl_reply(cl, "ESMA203I LINK %llu GATEWAY %s FROM %s %s "
		    "REQUESTS %llu IN FLIGHT %u", (unsigned long long)s->s_num,
		    link_peer_identity(s->s_link) != NULL ?
		    link_peer_identity(s->s_link) : "(hello pending)",
		    s->s_peer, link_is_ready(s->s_link) ? "READY" : "STARTING",
		    (unsigned long long)s->s_requests, s->s_nreqs);
	agent_events_display(ag, agent_ctl_reply_cb, cl);
	ctl_reply(cl, "ESMA204I COUNTERS REQUESTS=%llu OK=%llu FAILED=%llu "
	    "REFUSED=%llu CANCELLED=%llu VERIFIES=%llu LINES=%llu LINKS=%llu "
	    "LINKFAIL=%llu", (unsigned long long)c->ac_requests,
	    (unsigned long long)c->ac_commands_ok,
	    (unsigned long long)c->ac_commands_failed,
	    (unsigned long long)c->ac_refused,
	    (unsigned long long)c->ac_cancelled,
	    (unsigned long long)c->ac_verifies,
	    (unsigned long long)c->ac_lines, (unsigned long long)c->ac_links,
	    (unsigned long long)c->ac_links_failed);
	ctl_reply(cl, "ESMA205I PROTECTED %zu INCLUDE %s%zu EXCLUDE %zu "
	    "DEBUG %s", ag->ag_conf.ac_protect.il_n,
	    ag->ag_conf.ac_include_file != NULL ? "" : "(off) ",
	    ag->ag_include.il_n, ag->ag_exclude.il_n,
	    log_debug_names(log_get_debug(), dbg, sizeof(dbg)));
}

static void
agent_ctl_reply_cb(void *arg, const char *line)
{
	ctl_reply(arg, "%s", line);
}

static void
agent_ctl_cache(struct agent *ag, struct ctl_client *cl, const char *verb,
    const char *arg)
{
	if (ag->ag_cache == NULL) {
		ctl_reply(cl, "ESMA258E AGENT %s IS SERVER-ONLY: IT KEEPS NO "
		    "EVENT CACHE", ag->ag_conf.ac_name);
		return;
	}
	if (strcasecmp(verb, "STOP") == 0 || strcasecmp(verb, "START") == 0)
		log_info("operator: %s CACHE", strcasecmp(verb, "STOP") == 0 ?
		    "STOP" : "START");
	if (cache_ctl_run(ag->ag_cache, verb, arg, agent_ctl_reply_cb, cl) ==
	    0 && (strcasecmp(verb, "DISPLAY") == 0 ||
	    strcasecmp(verb, "D") == 0))
		agent_events_display(ag, agent_ctl_reply_cb, cl);
}

static void
agent_ctl_execute(struct agent *ag, struct ctl_client *cl, char *line)
{
	char *verb, *arg, err[512], dbg[128];
	unsigned int cats;

	if (ctl_split_line(line, &verb, &arg) == -1) {
		ctl_reply(cl, "ESMA220E NO COMMAND GIVEN; TRY HELP");
	} else if (cache_ctl_is_command(verb, arg)) {
		agent_ctl_cache(ag, cl, verb, arg);
	} else if (strcasecmp(verb, "DISPLAY") == 0 ||
	    strcasecmp(verb, "D") == 0 || strcasecmp(verb, "STATUS") == 0) {
		agent_ctl_display(ag, cl);
	} else if (strcasecmp(verb, "DEBUG") == 0) {
		if (arg == NULL || log_parse_debug(arg, &cats) == -1) {
			ctl_reply(cl, "ESMA221E DEBUG WANTS CATEGORIES: conn "
			    "op link backend cache sim agent config all none");
			return;
		}
		log_set_debug(cats);
		log_info("operator set debug to %s",
		    log_debug_names(cats, dbg, sizeof(dbg)));
		ctl_reply(cl, "ESMA210I DEBUG SET TO %s", dbg);
	} else if (strcasecmp(verb, "RELOAD") == 0) {
		if (agent_policy_reload(ag, err, sizeof(err)) == -1) {
			log_warnx("operator reload refused, old lists kept: %s",
			    err);
			ctl_reply(cl, "ESMA212E RELOAD FAILED, OLD LISTS KEPT: "
			    "%s", err);
			return;
		}
		log_info("operator reloaded include/exclude lists");
		ctl_reply(cl, "ESMA211I LISTS RELOADED: INCLUDE %zu EXCLUDE "
		    "%zu", ag->ag_include.il_n, ag->ag_exclude.il_n);
	} else if (strcasecmp(verb, "HELP") == 0) {
		ctl_reply(cl, "ESMA230I COMMANDS: DISPLAY, DEBUG categories, "
		    "RELOAD, DISPLAY CACHE [EVENTS [n|ALL]], STOP CACHE, "
		    "START CACHE, DRAIN CACHE, HELP");
	} else {
		ctl_reply(cl, "ESMA222E UNKNOWN OPERATOR COMMAND %.32s; TRY "
		    "HELP", verb);
	}
}

/* ctl.c hands us each request line; NULL: it was over-long. */
static void
agent_ctl_command_cb(void *arg, struct ctl_client *cl, char *line)
{
	if (line == NULL)
		ctl_reply(cl, "ESMA223E OPERATOR COMMAND TOO LONG");
	else
		agent_ctl_execute(arg, cl, line);
}

struct agent_ctl *
agent_ctl_open(struct agent *ag, const char *path, char *err, size_t errlen)
{
	struct agent_ctl *ct;
	struct ctl *c;

	c = ctl_open(ag->ag_base, path, "agent", agent_ctl_command_cb, ag,
	    err, errlen);
	if (c == NULL)
		return NULL;
	ct = xcalloc(1, sizeof(*ct));
	ct->ct_ctl = c;
	return ct;
}

void
agent_ctl_close(struct agent_ctl *ct)
{
	if (ct == NULL)
		return;
	ctl_close(ct->ct_ctl);
	free(ct);
}
