/*
 * agent_events.c - the reconciliation role: every event of the cache to
 * every configured gateway, in order, none freed before that gateway
 * acknowledged it.
 *
 * One sender per "gateway esmlink://HOST:PORT" line.  Each is a consumer
 * of the cache, named after the gateway (GW-HOST:PORT) so that it finds
 * its place again after a restart, and a link on which this agent is the
 * connecting side (link_client: backoff from 1 s doubling to 30 s; the
 * gateway need not be up first).  The protocol:
 *
 *	agent -> gateway	hello with the agent's name; the gateway's
 *				event listener accepts the agents of its
 *				backend section only
 *	agent -> gateway	EVENT, lm_id the sequence, lm_body the
 *				event (link_event.h), in sequence order,
 *				at most event-window unacknowledged
 *	gateway -> agent	EVENT_ACK, lm_id a sequence: every event
 *				up to it is in the gateway's changelog;
 *				acks only grow
 *
 * On an ack the sender acknowledges the cache (cache_ack frees what
 * every consumer has) and sends more.  On a new link it starts again
 * after what the cache has acknowledged, so whatever was in flight when
 * a link or a process died is sent again: the gateway keeps one record
 * per (agent id, sequence), the agent id being the sharing group's.
 *
 * New events are found by peeking every AGENT_EVENTS_POLL_MS while a
 * link is up (the console writes the ring from another process, which
 * nothing signals), and at once when this agent's own exits wrote one.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "conf.h"
#include "link.h"
#include "link_event.h"
#include "log.h"
#include "xmalloc.h"
#include "mainframe-agent/agent.h"
#include "mainframe-agent/cache.h"

#define AGENT_EVENTS_POLL_MS	2	/* between peeks while a link is up */
#define AGENT_EVENTS_BATCH	64	/* events per peek */

struct agent_sender {
	struct agent		*as_agent;	/* borrowed */
	const char		*as_url;	/* borrowed: ac_gateway[i] */
	char			 as_addr[272];	/* HOST:PORT, in logs */
	char			 as_consumer[CACHE_CONSUMER_NAME];
	struct link_client	*as_client;	/* owned; NULL once stopped */
	int			 as_registered;	/* the consumer exists */
	int			 as_up;
	int			 as_reack;	/* the cache held an ack back */
	uint64_t		 as_sent;	/* newest sequence sent */
	uint64_t		 as_acked;	/* newest the gateway acked */
	uint64_t		*as_flight;	/* owned: sequences sent and not
						   acked, a ring of the window */
	unsigned int		 as_first, as_nflight;
	uint64_t		 as_nsent, as_nacks, as_nskipped;
	uint64_t		 as_nlinks;
	char			 as_why[512];	/* why it last went down */
	char			 as_trouble[512];	/* last cache error */
};

struct agent_events {
	struct agent		*ae_agent;	/* borrowed */
	struct agent_sender	*ae_senders;	/* owned array */
	int			 ae_n;
	struct event		*ae_poll;	/* while a link is up */
	struct event		*ae_wake;	/* our exits wrote an event */
	struct cache_event	*ae_evs;	/* owned: a peek's events */
};

static void	agent_sender_fill(struct agent_sender *);

/* ---- naming ---------------------------------------------------------- */

/*
 * The consumer's name: GW-HOST:PORT, or GW- and a hash of the URL when
 * that does not fit, the same at every start.
 */
static void
agent_sender_name(struct agent_sender *as, const char *url)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	const char *p;

	if (strlen(as->as_addr) + 3 < sizeof(as->as_consumer)) {
		snprintf(as->as_consumer, sizeof(as->as_consumer), "GW-%s",
		    as->as_addr);
		return;
	}
	for (p = url; *p != '\0'; p++) {
		h ^= (unsigned char)*p;
		h *= 0x100000001b3ULL;
	}
	snprintf(as->as_consumer, sizeof(as->as_consumer), "GW-%016llx",
	    (unsigned long long)h);
}

/* ---- from the cache to the link -------------------------------------- */

/*
 * The id of the key the password was sealed under; a slot from before
 * key ids (all zeros) names none, and the gateway tries its keys.
 */
static void
agent_events_keyid(const struct cache_event *ce, struct link_event *le)
{
	static const uint8_t none[LINK_KEY_ID_LEN];

	if (memcmp(ce->ce_keyid, none, sizeof(none)) == 0)
		return;
	memcpy(le->le_keyid, ce->ce_keyid, LINK_KEY_ID_LEN);
	le->le_has_keyid = 1;
}

/* ce_fields, blank separated, as the event's list of names. */
static void
agent_events_fields(const struct cache_event *ce, struct link_event *le)
{
	const char *p = ce->ce_fields;
	size_t n;

	while (*p != '\0' && le->le_nfields < LINK_EVENT_FIELDS_MAX) {
		while (*p == ' ')
			p++;
		if ((n = strcspn(p, " ")) == 0)
			break;
		/* No ESM field name is this long; the entry is read whole. */
		if (n <= LINK_EVENT_FIELD_MAX)
			memcpy(le->le_fields[le->le_nfields++], p, n);
		p += n;
	}
}

/*
 * The event as the link carries it.  ce_task AGENT: a gateway's request
 * made the change (the agent runs nothing else but its own setup).
 */
static int
agent_events_convert(const struct cache_event *ce, const char *group,
    struct link_event *le, char *err, size_t errlen)
{
	memset(le, 0, sizeof(*le));
	snprintf(le->le_agent, sizeof(le->le_agent), "%s", group);
	le->le_seq = ce->ce_seq;
	le->le_time = ce->ce_time;
	if (link_event_esm_parse(ce->ce_esm, &le->le_esm) == -1) {
		snprintf(err, errlen, "ESM \"%s\" is not racf, acf2 or tss",
		    ce->ce_esm);
		return -1;
	}
	le->le_type = (enum link_event_type)ce->ce_type;
	snprintf(le->le_userid, sizeof(le->le_userid), "%s", ce->ce_userid);
	snprintf(le->le_group, sizeof(le->le_group), "%s", ce->ce_group);
	snprintf(le->le_origin, sizeof(le->le_origin), "%s", ce->ce_origin);
	agent_events_fields(ce, le);
	le->le_via = strcmp(ce->ce_task, "AGENT") == 0 ? LINK_EVENT_GATEWAY :
	    LINK_EVENT_NATIVE;
	if ((ce->ce_flags & CACHE_F_PASSWORD) &&
	    ce->ce_pwlen >= LINK_EVENT_SEALED_MIN &&
	    ce->ce_pwlen <= sizeof(le->le_sealed)) {
		memcpy(le->le_sealed, ce->ce_password, ce->ce_pwlen);
		le->le_sealed_len = ce->ce_pwlen;
		agent_events_keyid(ce, le);
	}
	return link_event_check(le, err, errlen);
}

static void
agent_sender_flight_clear(struct agent_sender *as)
{
	as->as_first = as->as_nflight = 0;
}

static void
agent_sender_flight_push(struct agent_sender *as, uint64_t seq)
{
	unsigned int w = as->as_agent->ag_conf.ac_event_window;

	as->as_flight[(as->as_first + as->as_nflight) % w] = seq;
	as->as_nflight++;
}

/* Every sequence up to seq has landed. */
static void
agent_sender_flight_pop(struct agent_sender *as, uint64_t seq)
{
	unsigned int w = as->as_agent->ag_conf.ac_event_window;

	while (as->as_nflight > 0 && as->as_flight[as->as_first] <= seq) {
		as->as_first = (as->as_first + 1) % w;
		as->as_nflight--;
	}
}

/*
 * An event the link cannot carry is a damaged slot (the exits write
 * nothing else): it is said loudly and passed over, and the gateway's
 * next ack frees it with the others.
 */
static void
agent_sender_skip(struct agent_sender *as, const struct cache_event *ce,
    const char *why)
{
	log_err("gateway=%s event %llu (%s) cannot be sent and is passed "
	    "over: %s", as->as_addr, (unsigned long long)ce->ce_seq,
	    ce->ce_userid, why);
	as->as_nskipped++;
	as->as_sent = ce->ce_seq;
}

/* 0: sent or passed over; -1: the link cannot take it now. */
static int
agent_sender_send(struct agent_sender *as, const struct cache_event *ce)
{
	struct link_event le;
	struct link_msg m;
	unsigned char *body = NULL;
	size_t len = 0;
	char err[256];
	int rc;

	if (agent_events_convert(ce, as->as_agent->ag_conf.ac_sharing_group,
	    &le, err, sizeof(err)) == -1 ||
	    link_event_encode(&le, &body, &len, err, sizeof(err)) == -1) {
		link_event_clear(&le);
		agent_sender_skip(as, ce, err);
		return 0;
	}
	link_event_clear(&le);
	memset(&m, 0, sizeof(m));
	m.lm_type = LINK_MSG_EVENT;
	m.lm_id = ce->ce_seq;
	m.lm_body.bv_val = (char *)body;
	m.lm_body.bv_len = len;
	rc = link_client_send(as->as_client, &m);
	xfree_secret(body, len);
	if (rc == -1)
		return -1;
	agent_sender_flight_push(as, ce->ce_seq);
	as->as_sent = ce->ce_seq;
	as->as_nsent++;
	log_debug(LOG_CAT_AGENT, "gateway=%s event %llu sent: %s %s",
	    as->as_addr, (unsigned long long)ce->ce_seq,
	    esm_event_type_name((enum esm_event_type)ce->ce_type),
	    ce->ce_userid);
	return 0;
}

/* A cache error, logged when it is new, shown by DISPLAY. */
static void
agent_sender_trouble(struct agent_sender *as, const char *err)
{
	if (strcmp(as->as_trouble, err) != 0)
		log_warnx("gateway=%s events wait: %s", as->as_addr, err);
	snprintf(as->as_trouble, sizeof(as->as_trouble), "%s", err);
}

static int
agent_sender_register(struct agent_sender *as)
{
	char err[512];

	if (as->as_registered)
		return 0;
	if (cache_consumer_add(as->as_agent->ag_cache, as->as_consumer, err,
	    sizeof(err)) == -1) {
		agent_sender_trouble(as, err);
		return -1;
	}
	as->as_registered = 1;
	as->as_trouble[0] = '\0';
	return 0;
}

/* Send what the window and the link's output allow. */
static void
agent_sender_fill(struct agent_sender *as)
{
	struct agent *ag = as->as_agent;
	struct cache_event *evs = ag->ag_events->ae_evs;
	unsigned int window = ag->ag_conf.ac_event_window;
	size_t n, i, room;
	char err[512];

	while (as->as_up && as->as_nflight < window &&
	    !link_client_output_is_high(as->as_client)) {
		if (agent_sender_register(as) == -1)
			return;
		room = window - as->as_nflight;
		if (room > AGENT_EVENTS_BATCH)
			room = AGENT_EVENTS_BATCH;
		if (cache_peek(ag->ag_cache, as->as_sent, evs, room, &n, err,
		    sizeof(err)) == -1) {
			agent_sender_trouble(as, err);
			return;
		}
		if (as->as_trouble[0] != '\0') {
			log_info("gateway=%s events flow again", as->as_addr);
			as->as_trouble[0] = '\0';
		}
		for (i = 0; i < n; i++)
			if (agent_sender_send(as, &evs[i]) == -1)
				break;
		/* The copies carry sealed passwords: leave none behind. */
		explicit_bzero(evs, n * sizeof(*evs));
		if (n < room || i < n)
			return;
	}
}

/* Tell the cache what the gateway has; notice when it holds it back. */
static void
agent_sender_ack_cache(struct agent_sender *as)
{
	struct cache *c = as->as_agent->ag_cache;
	uint64_t held = 0;
	char err[512];

	if (cache_ack(c, as->as_consumer, as->as_acked, err,
	    sizeof(err)) == -1 ||
	    cache_consumer_acked(c, as->as_consumer, &held, err,
	    sizeof(err)) == -1) {
		agent_sender_trouble(as, err);
		as->as_reack = 1;
		return;
	}
	/* Events a STOP CACHE moved to the journal wait for their START. */
	as->as_reack = held < as->as_acked;
}

static void
agent_sender_message_cb(void *arg, const struct link_msg *m)
{
	struct agent_sender *as = arg;
	char why[512];

	if (m->lm_type != LINK_MSG_EVENT_ACK) {
		snprintf(why, sizeof(why), "gateway %s sent a message of type "
		    "%d; an event listener sends only acks", as->as_addr,
		    (int)m->lm_type);
		link_client_drop(as->as_client, why);
		return;
	}
	if (m->lm_id > as->as_sent || m->lm_id < as->as_acked) {
		snprintf(why, sizeof(why), "gateway %s acked event %llu, "
		    "which is not between the last acked (%llu) and the last "
		    "sent (%llu)", as->as_addr, (unsigned long long)m->lm_id,
		    (unsigned long long)as->as_acked,
		    (unsigned long long)as->as_sent);
		link_client_drop(as->as_client, why);
		return;
	}
	as->as_acked = m->lm_id;
	as->as_nacks++;
	agent_sender_flight_pop(as, m->lm_id);
	log_debug(LOG_CAT_AGENT, "gateway=%s acked up to event %llu",
	    as->as_addr, (unsigned long long)m->lm_id);
	agent_sender_ack_cache(as);
	agent_sender_fill(as);
}

/* ---- the link's state ------------------------------------------------- */

static void
agent_events_arm(struct agent_events *ae)
{
	struct timeval tv = { 0, AGENT_EVENTS_POLL_MS * 1000 };

	if (!evtimer_pending(ae->ae_poll, NULL))
		evtimer_add(ae->ae_poll, &tv);
}

/* A new link: start again after what the cache has acknowledged. */
static void
agent_sender_up(struct agent_sender *as)
{
	uint64_t acked = 0;
	char err[512];

	as->as_up = 1;
	as->as_nlinks++;
	as->as_why[0] = '\0';
	agent_sender_flight_clear(as);
	if (agent_sender_register(as) == 0 &&
	    cache_consumer_acked(as->as_agent->ag_cache, as->as_consumer,
	    &acked, err, sizeof(err)) == -1)
		agent_sender_trouble(as, err);
	as->as_sent = as->as_acked = acked;
	as->as_reack = 0;
	log_info("gateway=%s events: sending after sequence %llu as "
	    "consumer %s, %u at most unacknowledged", as->as_addr,
	    (unsigned long long)acked, as->as_consumer,
	    as->as_agent->ag_conf.ac_event_window);
	agent_events_arm(as->as_agent->ag_events);
	agent_sender_fill(as);
}

static void
agent_sender_state_cb(void *arg, int up, const char *why)
{
	struct agent_sender *as = arg;

	if (up) {
		agent_sender_up(as);
		return;
	}
	as->as_up = 0;
	agent_sender_flight_clear(as);
	snprintf(as->as_why, sizeof(as->as_why), "%s",
	    why != NULL ? why : "closed");
}

/* Every tick while a link is up: acks held back, then new events. */
static void
agent_events_poll_cb(evutil_socket_t fd, short what, void *arg)
{
	struct agent_events *ae = arg;
	struct agent_sender *as;
	int i, any = 0;

	for (i = 0; i < ae->ae_n; i++) {
		as = &ae->ae_senders[i];
		if (!as->as_up)
			continue;
		any = 1;
		if (as->as_reack)
			agent_sender_ack_cache(as);
		agent_sender_fill(as);
	}
	if (any)
		agent_events_arm(ae);
}

static void
agent_events_wake_cb(evutil_socket_t fd, short what, void *arg)
{
	struct agent_events *ae = arg;
	int i;

	for (i = 0; i < ae->ae_n; i++)
		agent_sender_fill(&ae->ae_senders[i]);
}

/* ---- the role -------------------------------------------------------- */

static int
agent_sender_init(struct agent *ag, struct agent_sender *as,
    const char *url, char *err, size_t errlen)
{
	struct link_params lp;
	struct conf_url u;

	if (conf_parse_url(url, &u) == -1) {
		snprintf(err, errlen, "gateway %s is not esmlink://HOST:PORT",
		    url);
		return -1;
	}
	as->as_agent = ag;
	as->as_url = url;
	snprintf(as->as_addr, sizeof(as->as_addr), strchr(u.cu_host, ':') !=
	    NULL ? "[%s]:%s" : "%s:%s", u.cu_host, u.cu_port);
	agent_sender_name(as, url);
	as->as_flight = xcalloc(ag->ag_conf.ac_event_window,
	    sizeof(*as->as_flight));
	memset(&lp, 0, sizeof(lp));
	lp.lp_role = LINK_ROLE_CLIENT;
	lp.lp_identity = ag->ag_conf.ac_name;
	lp.lp_peer_kind = "gateway";
	lp.lp_key = &ag->ag_key;
	lp.lp_key_previous = &ag->ag_key_previous;
	if (link_tls_scheme(u.cu_scheme) == 1) {
		if (agent_tls_open(ag, err, errlen) == -1)
			return -1;
		lp.lp_tls = ag->ag_tls;
	}
	lp.lp_cipher = ag->ag_conf.ac_cipher;
	lp.lp_max_frame = ag->ag_conf.ac_max_frame;
	lp.lp_heartbeat = ag->ag_conf.ac_heartbeat;
	as->as_client = link_client_new(ag->ag_base, as->as_addr, u.cu_host,
	    u.cu_port, &lp, agent_sender_state_cb, as);
	link_client_set_message_cb(as->as_client, agent_sender_message_cb, as);
	return 0;
}

int
agent_events_open(struct agent *ag, char *err, size_t errlen)
{
	struct agent_events *ae;
	struct agent_sender *as;
	int i;

	if (ag->ag_conf.ac_ngateway == 0 || ag->ag_cache == NULL)
		return 0;
	ae = xcalloc(1, sizeof(*ae));
	ae->ae_agent = ag;
	ae->ae_senders = xcalloc((size_t)ag->ag_conf.ac_ngateway,
	    sizeof(*ae->ae_senders));
	ae->ae_evs = xcalloc(AGENT_EVENTS_BATCH, sizeof(*ae->ae_evs));
	ae->ae_poll = evtimer_new(ag->ag_base, agent_events_poll_cb, ae);
	ae->ae_wake = event_new(ag->ag_base, -1, 0, agent_events_wake_cb, ae);
	if (ae->ae_poll == NULL || ae->ae_wake == NULL)
		fatalx("agent_events_open: cannot create timers");
	ag->ag_events = ae;
	for (i = 0; i < ag->ag_conf.ac_ngateway; i++) {
		as = &ae->ae_senders[ae->ae_n];
		if (agent_sender_init(ag, as, ag->ag_conf.ac_gateway[i], err,
		    errlen) == -1)
			return -1;
		ae->ae_n++;
		/* Registered now: events wait for a gateway never seen. */
		(void)agent_sender_register(as);
	}
	return 0;
}

void
agent_events_start(struct agent *ag)
{
	struct agent_events *ae = ag->ag_events;
	int i;

	if (ae == NULL)
		return;
	for (i = 0; i < ae->ae_n; i++) {
		log_info("gateway=%s events go to %s as consumer %s",
		    ae->ae_senders[i].as_addr, ae->ae_senders[i].as_url,
		    ae->ae_senders[i].as_consumer);
		link_client_start(ae->ae_senders[i].as_client);
	}
}

void
agent_events_stop(struct agent *ag)
{
	struct agent_events *ae = ag->ag_events;
	struct agent_sender *as;
	int i;

	if (ae == NULL)
		return;
	evtimer_del(ae->ae_poll);
	for (i = 0; i < ae->ae_n; i++) {
		as = &ae->ae_senders[i];
		link_client_free(as->as_client);
		as->as_client = NULL;
		as->as_up = 0;
		snprintf(as->as_why, sizeof(as->as_why), "the agent is "
		    "stopping");
	}
}

void
agent_events_close(struct agent *ag)
{
	struct agent_events *ae = ag->ag_events;
	int i;

	if (ae == NULL)
		return;
	agent_events_stop(ag);
	ag->ag_events = NULL;
	for (i = 0; i < ae->ae_n; i++)
		free(ae->ae_senders[i].as_flight);
	free(ae->ae_senders);
	event_free(ae->ae_poll);
	event_free(ae->ae_wake);
	free(ae->ae_evs);
	free(ae);
}

/*
 * The exit esmagentd installs: the event into the cache, then the loop
 * woken from the worker that ran the command, to send it at once.
 */
void
agent_events_exit(void *arg, const struct esm_event *ev)
{
	struct agent *ag = arg;

	cache_exit(ag->ag_cache, ev);
	if (ag->ag_events != NULL)
		event_active(ag->ag_events->ae_wake, EV_TIMEOUT, 0);
}

void
agent_events_display(struct agent *ag, void (*reply)(void *, const char *),
    void *arg)
{
	struct agent_events *ae = ag->ag_events;
	struct agent_sender *as;
	char line[1536];
	int i;

	for (i = 0; ae != NULL && i < ae->ae_n; i++) {
		as = &ae->ae_senders[i];
		snprintf(line, sizeof(line), "ESMA206I GATEWAY %s %s CONSUMER "
		    "%s SENT %llu ACKED %llu IN FLIGHT %u EVENTS SENT %llu "
		    "SKIPPED %llu LINKS %llu", as->as_url, as->as_up ? "UP" :
		    as->as_why[0] != '\0' ? "DOWN" : "CONNECTING",
		    as->as_consumer, (unsigned long long)as->as_sent,
		    (unsigned long long)as->as_acked, as->as_nflight,
		    (unsigned long long)as->as_nsent,
		    (unsigned long long)as->as_nskipped,
		    (unsigned long long)as->as_nlinks);
		reply(arg, line);
		if (!as->as_up && as->as_why[0] != '\0') {
			snprintf(line, sizeof(line), "ESMA207I GATEWAY %s "
			    "DOWN: %s", as->as_url, as->as_why);
			reply(arg, line);
		}
		if (as->as_trouble[0] != '\0') {
			snprintf(line, sizeof(line), "ESMA208E GATEWAY %s "
			    "EVENTS WAIT: %s", as->as_url, as->as_trouble);
			reply(arg, line);
		}
	}
}

struct link_client *
agent_events_client(struct agent *ag, int i)
{
	if (ag->ag_events == NULL || i < 0 || i >= ag->ag_events->ae_n)
		return NULL;
	return ag->ag_events->ae_senders[i].as_client;
}
