/*
 * esmagentd.c - the mainframe agent started task.
 *
 *	esmagentd -f FILE [-d LEVEL] [-t]
 *	esmagentd --genkey FILE [--key-bits 128|256]
 *	esmagentd --key-id FILE
 *
 * --genkey and --key-id print the key's id (link_key_id: 8 hex digits),
 * the name a key goes by in hellos, refusals, log lines and DISPLAY
 * (ESMA209I LINK KEY id PREVIOUS id|NONE).
 * Runs in the foreground.  SIGTERM (or SIGINT) stops taking requests,
 * finishes those in flight, closes the links and exits; a second SIGTERM
 * or 30 seconds end it at once.  SIGHUP reloads the include/exclude lists.
 *
 * Unless it is server-only, the agent opens the event cache before
 * anything can change the database, installs the exit that writes into
 * it, and starts it: what the journal holds comes back into the ring.
 * Its reconciliation role then sends the cache's events to each gateway
 * line's event listener (agent_events.c).
 * Stopping the agent leaves the cache as it is (the console's changes
 * keep arriving in it); STOP CACHE is the operator's.
 */
#include "config.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>
#include <event2/thread.h>

#include "conf.h"
#include "link.h"
#include "log.h"
#include "xmalloc.h"
#include "mainframe-agent/agent.h"
#include "mainframe-agent/cache.h"

#define AGENT_STOP_GRACE	30

static void
usage(void)
{
	fprintf(stderr,
	    "usage: esmagentd -f FILE [-d LEVEL] [-t]\n"
	    "       esmagentd --genkey FILE [--key-bits 128|256]\n"
	    "       esmagentd --key-id FILE\n"
	    "  -f FILE   configuration (startup parameters)\n"
	    "  -d LEVEL  debug categories to stderr: conn,op,link,backend,"
	    "cache,sim,agent,config,all\n"
	    "  -t        check the configuration and exit\n");
	exit(64);
}

static int
genkey(const char *path, const char *bits)
{
	char err[512];
	size_t n = 16;

	if (bits != NULL) {
		if (strcmp(bits, "256") == 0)
			n = 32;
		else if (strcmp(bits, "128") != 0) {
			fprintf(stderr, "esmagentd: --key-bits takes 128 or "
			    "256\n");
			return 64;
		}
	}
	struct link_key k;
	char id[LINK_KEY_ID_TEXT];

	if (link_key_generate(path, n, err, sizeof(err)) == -1 ||
	    link_key_load(path, &k, err, sizeof(err)) == -1) {
		fprintf(stderr, "esmagentd: %s\n", err);
		return 1;
	}
	link_key_id_text(&k, id);
	link_key_clear(&k);
	printf("esmagentd: wrote a %zu-bit link key to %s (mode 0600), key "
	    "id %s; copy it to the gateway\n", n * 8, path, id);
	return 0;
}

/* Print the id of the key in path (loaded as the daemons load it). */
static int
keyid(const char *path)
{
	struct link_key k;
	char err[512], id[LINK_KEY_ID_TEXT];

	if (link_key_load(path, &k, err, sizeof(err)) == -1) {
		fprintf(stderr, "esmagentd: %s\n", err);
		return 1;
	}
	link_key_id_text(&k, id);
	link_key_clear(&k);
	printf("%s %s\n", id, path);
	return 0;
}

/* Swallow output of the setup commands into the log at debug level. */
static void
agent_stop_now_cb(evutil_socket_t fd, short ev, void *arg)
{
	struct agent *ag = arg;

	log_warnx("stopping now: %u requests did not finish in time",
	    agent_requests_in_flight(ag));
	event_base_loopbreak(ag->ag_base);
}

static void
agent_signal_cb(evutil_socket_t sig, short ev, void *arg)
{
	struct agent *ag = arg;
	struct timeval grace = { AGENT_STOP_GRACE, 0 };
	char err[512];

	if (sig == SIGHUP) {
		if (agent_policy_reload(ag, err, sizeof(err)) == -1)
			log_warnx("reload refused, old lists kept: %s", err);
		else
			log_info("include/exclude lists reloaded");
		return;
	}
	if (ag->ag_stopping) {
		log_warnx("second stop signal: stopping now");
		event_base_loopbreak(ag->ag_base);
		return;
	}
	log_info("stop requested: finishing %u requests in flight",
	    agent_requests_in_flight(ag));
	ag->ag_stopping = 1;
	agent_listen_stop(ag);
	/* Unacknowledged events stay in the cache for the next start. */
	agent_events_stop(ag);
	ag->ag_stop_timer = evtimer_new(ag->ag_base, agent_stop_now_cb, ag);
	evtimer_add(ag->ag_stop_timer, &grace);
	agent_sessions_close(ag, "the agent is stopping");
}

static int
agent_cache_start(struct agent *ag, char *err, size_t errlen)
{
	uint64_t restored = 0;
	char why[512];

	ag->ag_cache = agent_cache_open(&ag->ag_conf, &ag->ag_key,
	    &ag->ag_key_previous, "AGENT", 1,
	    err, errlen);
	if (ag->ag_cache == NULL)
		return -1;
	/* The exit wakes the event senders when they exist. */
	ag->ag_driver->ed_set_exit(ag->ag_esm, agent_events_exit, ag);
	/* A damaged journal is the operator's to see, not a reason to stop. */
	if (cache_start(ag->ag_cache, &restored, why, sizeof(why)) == -1)
		log_err("event cache: %s", why);
	log_info("event cache: %llu events restored from the journal",
	    (unsigned long long)restored);
	return 0;
}

static int
agent_start(struct agent *ag, char *err, size_t errlen)
{
	struct driver_opts o;

	memset(&o, 0, sizeof(o));
	o.do_esm = ag->ag_conf.ac_esm;
	o.do_path = ag->ag_conf.ac_database;
	o.do_kdf_iterations = ag->ag_conf.ac_kdf_iterations;
	if ((ag->ag_esm = ag->ag_driver->ed_open(&o, err, errlen)) == NULL)
		return -1;
	if (!ag->ag_conf.ac_server_only &&
	    agent_cache_start(ag, err, errlen) == -1)
		return -1;
	if (ag->ag_driver->ed_ensure_user(ag->ag_esm, ag->ag_conf.ac_userid,
	    err, errlen) == -1 ||
	    agent_policy_reload(ag, err, errlen) == -1 ||
	    agent_audit_open(ag, err, errlen) == -1)
		return -1;
	if (ag->ag_conf.ac_control != NULL &&
	    (ag->ag_ctl = agent_ctl_open(ag, ag->ag_conf.ac_control, err,
	    errlen)) == NULL)
		return -1;
	/* Before the workers: their exits read ag_events unlocked. */
	if (agent_events_open(ag, err, errlen) == -1 ||
	    agent_pool_start(ag, err, errlen) == -1 ||
	    agent_listen(ag, err, errlen) == -1)
		return -1;
	agent_events_start(ag);
	return 0;
}

static void
agent_setup_loop(struct agent *ag)
{
	struct event_base *base;

	if ((base = event_base_new()) == NULL)
		fatalx("cannot create the event loop");
	ag->ag_base = base;
	ag->ag_notify = event_new(base, -1, 0, agent_pump_cb, ag);
	ag->ag_sigterm = evsignal_new(ag->ag_base, SIGTERM, agent_signal_cb,
	    ag);
	ag->ag_sigint = evsignal_new(ag->ag_base, SIGINT, agent_signal_cb, ag);
	ag->ag_sighup = evsignal_new(ag->ag_base, SIGHUP, agent_signal_cb, ag);
	evsignal_add(ag->ag_sigterm, NULL);
	evsignal_add(ag->ag_sigint, NULL);
	evsignal_add(ag->ag_sighup, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* Wake workers blocked on output that will never be sent. */
static void
agent_cancel_all(struct agent *ag)
{
	struct agent_session *s;
	struct agent_req *r;

	pthread_mutex_lock(&ag->ag_mtx);
	TAILQ_FOREACH(s, &ag->ag_sessions, s_entry)
		RB_FOREACH(r, agent_reqs, &s->s_reqs) {
			r->r_cancelled = 1;
			pthread_cond_signal(&r->r_cond);
		}
	pthread_mutex_unlock(&ag->ag_mtx);
}

static void
agent_teardown(struct agent *ag)
{
	agent_cancel_all(ag);
	agent_listen_stop(ag);
	if (ag->ag_threads != NULL)
		agent_pool_stop(ag);
	agent_ctl_close(ag->ag_ctl);
	agent_events_close(ag);
	agent_audit_close(ag);
	if (ag->ag_esm != NULL && ag->ag_cache != NULL)
		ag->ag_driver->ed_set_exit(ag->ag_esm, NULL, NULL);
	cache_close(ag->ag_cache);
	if (ag->ag_esm != NULL)
		ag->ag_driver->ed_close(ag->ag_esm);
	if (ag->ag_stop_timer != NULL)
		event_free(ag->ag_stop_timer);
	if (ag->ag_sigterm != NULL) {
		event_free(ag->ag_sigterm);
		event_free(ag->ag_sigint);
		event_free(ag->ag_sighup);
	}
	agent_idlist_clear(&ag->ag_include);
	agent_idlist_clear(&ag->ag_exclude);
	link_key_clear(&ag->ag_key);
	link_key_clear(&ag->ag_key_previous);
	agent_conf_clear(&ag->ag_conf);
	agent_core_clear(ag);
	link_tls_free(ag->ag_tls);
	ag->ag_tls = NULL;
	if (ag->ag_base != NULL)
		event_base_free(ag->ag_base);
}

static int
agent_check_config(struct agent *ag, char *err, size_t errlen)
{
	ag->ag_driver = driver_find(ag->ag_conf.ac_driver, ag->ag_conf.ac_esm);
	if (ag->ag_driver == NULL) {
		snprintf(err, errlen, "%s: no driver %s for ESM %s",
		    ag->ag_conf.ac_file, ag->ag_conf.ac_driver,
		    ag->ag_conf.ac_esm);
		return -1;
	}
	if (ag->ag_conf.ac_keyfile != NULL &&
	    link_key_load(ag->ag_conf.ac_keyfile, &ag->ag_key, err,
	    errlen) == -1)
		return -1;
	if (ag->ag_conf.ac_keyfile_previous != NULL &&
	    link_key_load(ag->ag_conf.ac_keyfile_previous,
	    &ag->ag_key_previous, err, errlen) == -1)
		return -1;
	/* Certificate and key problems show at -t, not at the first link. */
	if (ag->ag_conf.ac_tls.ltc_cert != NULL &&
	    agent_tls_open(ag, err, errlen) == -1)
		return -1;
	return 0;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "genkey", required_argument, NULL, 'g' },
		{ "key-bits", required_argument, NULL, 'b' },
		{ "key-id", required_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 },
	};
	struct agent ag;
	const char *file = NULL, *keyout = NULL, *bits = NULL, *dbg = NULL;
	const char *keyin = NULL;
	char err[1024];
	int ch, test = 0, rc = 1;
	unsigned int cats;

	log_init(argv[0]);
	while ((ch = getopt_long(argc, argv, "f:d:t", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f': file = optarg; break;
		case 'd': dbg = optarg; break;
		case 't': test = 1; break;
		case 'g': keyout = optarg; break;
		case 'b': bits = optarg; break;
		case 'k': keyin = optarg; break;
		default: usage();
		}
	}
	if (optind != argc)
		usage();
	if (keyout != NULL)
		return genkey(keyout, bits);
	if (keyin != NULL)
		return keyid(keyin);
	if (file == NULL)
		usage();

	memset(&ag, 0, sizeof(ag));
	agent_core_init(&ag, NULL);
	if (agent_conf_load(file, &ag.ag_conf, err, sizeof(err)) == -1 ||
	    agent_check_config(&ag, err, sizeof(err)) == -1) {
		fprintf(stderr, "esmagentd: %s\n", err);
		agent_teardown(&ag);
		return 1;
	}
	if (test) {
		printf("esmagentd: %s: configuration OK\n", file);
		agent_teardown(&ag);
		return 0;
	}
	if (dbg != NULL) {
		if (log_parse_debug(dbg, &cats) == -1) {
			fprintf(stderr, "esmagentd: -d %s: unknown debug "
			    "category\n", dbg);
			agent_teardown(&ag);
			return 64;
		}
		ag.ag_conf.ac_debug = cats;
	}
	log_set_debug(ag.ag_conf.ac_debug);
	if (ag.ag_conf.ac_logfile != NULL &&
	    log_open_file(ag.ag_conf.ac_logfile) == -1)
		fatal("cannot open log file %s", ag.ag_conf.ac_logfile);
	if (evthread_use_pthreads() == -1)
		fatalx("libevent has no thread support");
	agent_setup_loop(&ag);
	ag.ag_started = time(NULL);
	if (agent_start(&ag, err, sizeof(err)) == -1) {
		log_err("cannot start: %s", err);
		goto out;
	}
	log_info("agent %s ready: ESM %s, driver %s, database %s, userid %s%s",
	    ag.ag_conf.ac_name, ag.ag_conf.ac_esm, ag.ag_conf.ac_driver,
	    ag.ag_conf.ac_database, ag.ag_conf.ac_userid,
	    ag.ag_conf.ac_server_only ? ", server only" : "");
	event_base_dispatch(ag.ag_base);
	log_info("agent %s stopped", ag.ag_conf.ac_name);
	rc = 0;
out:
	agent_teardown(&ag);
	log_close();
	return rc;
}
