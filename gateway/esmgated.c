/*
 * esmgated - the LDAPv3 gateway to mainframe security managers.
 *
 *	esmgated -f FILE [-d LEVEL] [-t]
 *
 * Runs in the foreground (systemd-friendly).  SIGHUP reloads the schema
 * maps (a bad map is refused and the old one stays); SIGTERM or SIGINT
 * stop: listeners close, clients get a Notice of Disconnection, and the
 * process exits once their output is flushed (or after a grace period).
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "log.h"
#include "gateway/gw.h"

#define GW_STOP_GRACE_MS	5000
#define GW_STOP_POLL_MS		50

struct gw_main {
	struct gateway	 m_gw;
	struct event_base *m_base;
	struct event	*m_sigterm;
	struct event	*m_sigint;
	struct event	*m_sighup;
	struct event	*m_stop_ev;
	unsigned int	 m_stop_waited;
};

static void
usage(void)
{
	fprintf(stderr,
	    "usage: esmgated -f FILE [-d LEVEL] [-t]\n"
	    "  -f FILE   configuration (see conf/esmgated.conf)\n"
	    "  -d LEVEL  debug categories to stderr: conn,op,link,backend,"
	    "config,all\n"
	    "  -t        check the configuration and exit\n");
	exit(64);
}

static void
gw_libevent_log_cb(int severity, const char *msg)
{
	if (severity >= EVENT_LOG_WARN)
		log_warnx("libevent: %s", msg);
	else
		log_debug(LOG_CAT_CONN, "libevent: %s", msg);
}

/* Wait for the connections to flush, then leave the loop. */
static void
gw_stop_poll_cb(evutil_socket_t fd, short what, void *arg)
{
	struct gw_main *m = arg;
	struct timeval tv = { 0, GW_STOP_POLL_MS * 1000 };

	m->m_stop_waited += GW_STOP_POLL_MS;
	if (m->m_gw.gw_nconns == 0 || m->m_stop_waited >= GW_STOP_GRACE_MS) {
		event_base_loopbreak(m->m_base);
		return;
	}
	evtimer_add(m->m_stop_ev, &tv);
}

static void
gw_signal_cb(evutil_socket_t sig, short what, void *arg)
{
	struct gw_main *m = arg;
	struct timeval tv = { 0, GW_STOP_POLL_MS * 1000 };
	char err[1024];

	if (sig == SIGHUP) {
		log_info("SIGHUP: reloading the schema maps");
		if (gw_reload(&m->m_gw, err, sizeof(err)) == -1)
			log_warnx("reload failed: %s", err);
		return;
	}
	if (m->m_gw.gw_stopping) {
		log_warnx("second stop signal: stopping now");
		event_base_loopbreak(m->m_base);
		return;
	}
	gw_stop(&m->m_gw, sig == SIGTERM ? "SIGTERM" : "SIGINT");
	evtimer_add(m->m_stop_ev, &tv);
}

static void
gw_setup_loop(struct gw_main *m)
{
	event_set_log_callback(gw_libevent_log_cb);
	if ((m->m_base = event_base_new()) == NULL)
		fatalx("cannot create the event loop");
	m->m_sigterm = evsignal_new(m->m_base, SIGTERM, gw_signal_cb, m);
	m->m_sigint = evsignal_new(m->m_base, SIGINT, gw_signal_cb, m);
	m->m_sighup = evsignal_new(m->m_base, SIGHUP, gw_signal_cb, m);
	m->m_stop_ev = evtimer_new(m->m_base, gw_stop_poll_cb, m);
	evsignal_add(m->m_sigterm, NULL);
	evsignal_add(m->m_sigint, NULL);
	evsignal_add(m->m_sighup, NULL);
	signal(SIGPIPE, SIG_IGN);
}

static void
gw_teardown(struct gw_main *m)
{
	gw_tls_close(&m->m_gw);
	gw_clear(&m->m_gw);
	if (m->m_base == NULL)
		return;
	event_free(m->m_sigterm);
	event_free(m->m_sigint);
	event_free(m->m_sighup);
	event_free(m->m_stop_ev);
	event_base_free(m->m_base);
}

static int
gw_run(struct gw_main *m)
{
	char err[1024];

	if (m->m_gw.gw_log_file != NULL &&
	    log_open_file(m->m_gw.gw_log_file) == -1)
		fatal("cannot open log file %s", m->m_gw.gw_log_file);
	gw_setup_loop(m);
	if (gw_start(&m->m_gw, m->m_base, err, sizeof(err)) == -1) {
		log_err("cannot start: %s", err);
		gw_stop(&m->m_gw, "start failed");
		return 1;
	}
	log_info("esmgated %s ready", PACKAGE_VERSION);
	event_base_dispatch(m->m_base);
	gw_stop(&m->m_gw, "event loop ended");
	log_info("esmgated stopped");
	return 0;
}

int
main(int argc, char *argv[])
{
	struct gw_main m;
	const char *file = NULL, *dbg = NULL;
	char err[1024];
	unsigned int cats;
	int ch, test = 0, rc;

	log_init(argv[0]);
	while ((ch = getopt(argc, argv, "f:d:th")) != -1) {
		switch (ch) {
		case 'f': file = optarg; break;
		case 'd': dbg = optarg; break;
		case 't': test = 1; break;
		default: usage();
		}
	}
	if (optind != argc || file == NULL)
		usage();
	memset(&m, 0, sizeof(m));
	gw_init(&m.m_gw);
	if (gw_conf_load(&m.m_gw, file, err, sizeof(err)) == -1) {
		fprintf(stderr, "esmgated: %s\n", err);
		gw_teardown(&m);
		return 1;
	}
	if (test) {
		/* TLS files too: a bad key should not wait for the start. */
		if (gw_tls_open(&m.m_gw, err, sizeof(err)) == -1) {
			fprintf(stderr, "esmgated: %s\n", err);
			gw_teardown(&m);
			return 1;
		}
		printf("esmgated: %s: configuration OK\n", file);
		gw_teardown(&m);
		return 0;
	}
	if (dbg != NULL) {
		if (log_parse_debug(dbg, &cats) == -1) {
			fprintf(stderr, "esmgated: -d %s: unknown debug "
			    "category\n", dbg);
			gw_teardown(&m);
			return 64;
		}
		m.m_gw.gw_debug = cats;
	}
	log_set_debug(m.m_gw.gw_debug);
	rc = gw_run(&m);
	gw_teardown(&m);
	log_close();
	return rc;
}
