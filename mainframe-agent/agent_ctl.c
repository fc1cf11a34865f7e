/*
 * agent_ctl.c - the agent's operator commands over a local socket, as
 * MODIFY commands reach a started task from the console.
 *
 * A client (esmconsole -o) sends one line and reads the answer until
 * the agent closes.  Answers are ESMAnnnI (information) or ESMAnnnE
 * (error) messages.  The socket is created mode 0600: only the agent's
 * own user may operate it.
 *
 *	DISPLAY | D | STATUS	state, links, counters
 *	DEBUG spec		set debug categories ("link,agent", "none")
 *	RELOAD			re-read include/exclude lists
 *	HELP
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>

#include "log.h"
#include "xmalloc.h"
#include "mainframe-agent/agent.h"

#define CTL_MAX_LINE	1024

struct agent_ctl {
	struct agent		*ct_agent;
	struct evconnlistener	*ct_listener;
	char			*ct_path;
};

static void
ctl_reply(struct bufferevent *bev, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	evbuffer_add_vprintf(bufferevent_get_output(bev), fmt, ap);
	va_end(ap);
	evbuffer_add(bufferevent_get_output(bev), "\n", 1);
}

static void
ctl_display(struct agent *ag, struct bufferevent *bev)
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
	ctl_reply(bev, "ESMA200I AGENT %s ESM %s DRIVER %s USERID %s UP "
	    "%02ld:%02ld:%02ld%s", ag->ag_conf.ac_name, ag->ag_conf.ac_esm,
	    ag->ag_conf.ac_driver, ag->ag_conf.ac_userid, up / 3600,
	    (up / 60) % 60, up % 60, ag->ag_stopping ? " STOPPING" : "");
	for (i = 0; i < ag->ag_conf.ac_nlisten; i++)
		ctl_reply(bev, "ESMA201I LISTENING ON %s CIPHER %s",
		    ag->ag_conf.ac_listen[i],
		    link_cipher_name(ag->ag_conf.ac_cipher));
	i = 0;
	TAILQ_FOREACH(s, &ag->ag_sessions, s_entry)
		i++;
	ctl_reply(bev, "ESMA202I LINKS %d REQUESTS IN FLIGHT %u QUEUED %u "
	    "WORKERS %u BUSY %u", i, agent_requests_in_flight(ag), queued,
	    ag->ag_nthreads, busy);
	TAILQ_FOREACH(s, &ag->ag_sessions, s_entry)
		ctl_reply(bev, "ESMA203I LINK %llu GATEWAY %s FROM %s %s "
		    "REQUESTS %llu IN FLIGHT %u", (unsigned long long)s->s_num,
		    link_peer_identity(s->s_link) != NULL ?
		    link_peer_identity(s->s_link) : "(hello pending)",
		    s->s_peer, link_is_ready(s->s_link) ? "READY" : "STARTING",
		    (unsigned long long)s->s_requests, s->s_nreqs);
	ctl_reply(bev, "ESMA204I COUNTERS REQUESTS=%llu OK=%llu FAILED=%llu "
	    "REFUSED=%llu CANCELLED=%llu VERIFIES=%llu LINES=%llu LINKS=%llu "
	    "LINKFAIL=%llu", (unsigned long long)c->ac_requests,
	    (unsigned long long)c->ac_commands_ok,
	    (unsigned long long)c->ac_commands_failed,
	    (unsigned long long)c->ac_refused,
	    (unsigned long long)c->ac_cancelled,
	    (unsigned long long)c->ac_verifies,
	    (unsigned long long)c->ac_lines, (unsigned long long)c->ac_links,
	    (unsigned long long)c->ac_links_failed);
	ctl_reply(bev, "ESMA205I PROTECTED %zu INCLUDE %s%zu EXCLUDE %zu "
	    "DEBUG %s", ag->ag_conf.ac_protect.il_n,
	    ag->ag_conf.ac_include_file != NULL ? "" : "(off) ",
	    ag->ag_include.il_n, ag->ag_exclude.il_n,
	    log_debug_names(log_get_debug(), dbg, sizeof(dbg)));
}

static void
ctl_execute(struct agent *ag, struct bufferevent *bev, char *line)
{
	char *verb, *arg, err[512], dbg[128];
	unsigned int cats;

	verb = strtok(line, " \t");
	arg = strtok(NULL, "");
	while (arg != NULL && isspace((unsigned char)*arg))
		arg++;
	if (verb == NULL) {
		ctl_reply(bev, "ESMA220E NO COMMAND GIVEN; TRY HELP");
	} else if (strcasecmp(verb, "DISPLAY") == 0 ||
	    strcasecmp(verb, "D") == 0 || strcasecmp(verb, "STATUS") == 0) {
		ctl_display(ag, bev);
	} else if (strcasecmp(verb, "DEBUG") == 0) {
		if (arg == NULL || log_parse_debug(arg, &cats) == -1) {
			ctl_reply(bev, "ESMA221E DEBUG WANTS CATEGORIES: conn op "
			    "link backend cache sim agent config all none");
			return;
		}
		log_set_debug(cats);
		log_info("operator set debug to %s",
		    log_debug_names(cats, dbg, sizeof(dbg)));
		ctl_reply(bev, "ESMA210I DEBUG SET TO %s", dbg);
	} else if (strcasecmp(verb, "RELOAD") == 0) {
		if (agent_policy_reload(ag, err, sizeof(err)) == -1) {
			log_warnx("operator reload refused, old lists kept: %s",
			    err);
			ctl_reply(bev, "ESMA212E RELOAD FAILED, OLD LISTS KEPT: "
			    "%s", err);
			return;
		}
		log_info("operator reloaded include/exclude lists");
		ctl_reply(bev, "ESMA211I LISTS RELOADED: INCLUDE %zu EXCLUDE "
		    "%zu", ag->ag_include.il_n, ag->ag_exclude.il_n);
	} else if (strcasecmp(verb, "HELP") == 0) {
		ctl_reply(bev, "ESMA230I COMMANDS: DISPLAY, DEBUG categories, "
		    "RELOAD, HELP");
	} else {
		ctl_reply(bev, "ESMA222E UNKNOWN OPERATOR COMMAND %.32s; TRY "
		    "HELP", verb);
	}
}

static void
ctl_client_free(struct bufferevent *bev)
{
	bufferevent_free(bev);
}

static void
ctl_write_cb(struct bufferevent *bev, void *arg)
{
	if (evbuffer_get_length(bufferevent_get_output(bev)) == 0)
		ctl_client_free(bev);
}

static void
ctl_read_cb(struct bufferevent *bev, void *arg)
{
	struct agent_ctl *ct = arg;
	struct evbuffer *in = bufferevent_get_input(bev);
	size_t len;
	char *line;

	line = evbuffer_readln(in, &len, EVBUFFER_EOL_CRLF);
	if (line == NULL) {
		if (evbuffer_get_length(in) > CTL_MAX_LINE) {
			ctl_reply(bev, "ESMA223E OPERATOR COMMAND TOO LONG");
			goto answered;
		}
		return;
	}
	ctl_execute(ct->ct_agent, bev, line);
	free(line);
answered:
	bufferevent_disable(bev, EV_READ);
	bufferevent_setcb(bev, NULL, ctl_write_cb, NULL, ct);
	bufferevent_enable(bev, EV_WRITE);
}

static void
ctl_event_cb(struct bufferevent *bev, short what, void *arg)
{
	ctl_client_free(bev);
}

static void
ctl_accept_cb(struct evconnlistener *lev, evutil_socket_t fd,
    struct sockaddr *sa, int salen, void *arg)
{
	struct agent_ctl *ct = arg;
	struct bufferevent *bev;

	bev = bufferevent_socket_new(ct->ct_agent->ag_base, fd,
	    BEV_OPT_CLOSE_ON_FREE);
	if (bev == NULL) {
		evutil_closesocket(fd);
		return;
	}
	bufferevent_setcb(bev, ctl_read_cb, NULL, ctl_event_cb, ct);
	bufferevent_setwatermark(bev, EV_READ, 0, CTL_MAX_LINE + 2);
	bufferevent_enable(bev, EV_READ);
}

static int
ctl_socket_is_live(const struct sockaddr_un *sun)
{
	int fd, live;

	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return 0;
	live = connect(fd, (const struct sockaddr *)sun, sizeof(*sun)) == 0;
	close(fd);
	return live;
}

struct agent_ctl *
agent_ctl_open(struct agent *ag, const char *path, char *err, size_t errlen)
{
	struct agent_ctl *ct;
	struct sockaddr_un sun;
	mode_t old;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		snprintf(err, errlen, "control socket path %s is too long",
		    path);
		return NULL;
	}
	strcpy(sun.sun_path, path);
	if (ctl_socket_is_live(&sun)) {
		snprintf(err, errlen, "control socket %s answers: another "
		    "agent is running with it", path);
		return NULL;
	}
	/* A socket left by an agent that died: nobody answers on it. */
	(void)unlink(path);
	ct = xcalloc(1, sizeof(*ct));
	ct->ct_agent = ag;
	ct->ct_path = xstrdup(path);
	old = umask(077);
	ct->ct_listener = evconnlistener_new_bind(ag->ag_base, ctl_accept_cb,
	    ct, LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC, 8,
	    (struct sockaddr *)&sun, sizeof(sun));
	umask(old);
	if (ct->ct_listener == NULL) {
		snprintf(err, errlen, "cannot create control socket %s: %s",
		    path, strerror(errno));
		free(ct->ct_path);
		free(ct);
		return NULL;
	}
	return ct;
}

void
agent_ctl_close(struct agent_ctl *ct)
{
	if (ct == NULL)
		return;
	evconnlistener_free(ct->ct_listener);
	(void)unlink(ct->ct_path);
	free(ct->ct_path);
	free(ct);
}
