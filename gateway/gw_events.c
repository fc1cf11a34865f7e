/*
 * gw_events.c - the gateway's event receiver: what the agents' exits saw
 * on the mainframe, into the changelog, acknowledged only once durable.
 *
 * A backend section with an "events esmlink://HOST:PORT" line (bi_events,
 * backend.h) gets a listener there.  Agents connect to it (this side is
 * the link's server, with the section's key and cipher) and are accepted
 * when their hello names one of the section's agents.  On each link the
 * agent sends EVENTs in sequence order (agent_events.c has the other
 * side); the receiver, for each in turn:
 *
 *	decodes it and checks it belongs here (the section's ESM, the
 *	sequence rising, lm_id the event's own);
 *	reads the entry it names through the backend (bi_events' read,
 *	no LDAP operation; none for a delete), many at once; while no
 *	agent can answer, the link's reads pause (100 ms doubling to
 *	2 s) and the events wait, unacknowledged;
 *	opens its sealed password (event_seal.h), zeroed after use;
 *	appends it to the changelog, in order, many events of every link
 *	in one transaction (changelog_event_append_batch);
 *	and only when that returned success acks it: EVENT_ACK with the
 *	newest sequence of the link that is now durable.
 *
 * The changelog deduplicates by (agent id, sequence): an event sent
 * again after a crash on either side is acked without a second record.
 * An event of an id the backend never shows (protected) is acked with
 * no record at all, as the id is invisible through LDAP.  What cannot be
 * recorded (a store failure, a record that cannot be built) closes the
 * link with the reason; the agent sends the events again after its
 * backoff, so nothing is lost while the operator looks.
 */
#include "config.h"

#include <netdb.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>
#include <sys/socket.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>
#include <ldap.h>

#include "event_seal.h"
#include "link.h"
#include "link_tls.h"
#include "link_event.h"
#include "log.h"
#include "xmalloc.h"
#include "backends/backend.h"
#include "gateway/changelog.h"
#include "gateway/changelog_event.h"
#include "gateway/entry.h"
#include "gateway/gw.h"

#define GW_EVENTS_QUEUE_MAX	8192	/* unacked events one link holds */
/*
 * Reads in flight per link.  A changelog sync takes milliseconds and the
 * loop waits for it, so a link stores about this many events per sync;
 * the agent takes 256 requests a link (max-requests), and LDAP clients
 * need the rest.
 */
#define GW_EVENTS_READS		128
#define GW_EVENTS_BATCH		1024	/* records per changelog append */
#define GW_EVENTS_LINKS_MAX	64	/* links per listener */
#define GW_EVENTS_RETRY_FIRST	100	/* ms before reads are tried again */
#define GW_EVENTS_RETRY_MAX	2000
#define GW_EVENTS_HEARTBEAT	30	/* seconds */
#define GW_EVENTS_GATHER_US	1000	/* reads a batch waits for */
#define GW_EVENTS_IDENTITY	"esmgated"

extern const struct backend_info changelog_backend_info;

enum gw_event_state {
	GE_WAITING = 1,	/* its read not started, or to try again */
	GE_READING,	/* a read in flight */
	GE_READY,	/* the entry (or none) in hand */
};

/* One event, from its arrival to its ack (or its link's end). */
struct gw_event {
	TAILQ_ENTRY(gw_event)	 ge_entry;	/* the link's queue */
	TAILQ_ENTRY(gw_event)	 ge_wait;	/* reads to start */
	struct gw_evlink	*ge_link;	/* borrowed: the queue's */
	struct link_event	 ge_ev;		/* cleared when freed */
	enum gw_event_state	 ge_state;
	int			 ge_hidden;	/* acked with no record */
	struct be_read		*ge_read;	/* owned while GE_READING */
	struct entry		*ge_e;		/* owned; NULL: none */
};
TAILQ_HEAD(gw_event_q, gw_event);

/* One agent's link to a listener. */
struct gw_evlink {
	TAILQ_ENTRY(gw_evlink)	 el_entry;
	struct gw_evsource	*el_src;	/* borrowed */
	struct link		*el_link;	/* owned */
	uint64_t		 el_num;
	char			 el_addr[128];
	char			 el_agent[LINK_MAX_IDENTITY + 1];
	int			 el_accepted;	/* hello named our agent */
	int			 el_failing;	/* closed by us; no more acks */
	/* No agent could answer a read: reads wait for el_pause. */
	struct event		*el_pause;	/* owned */
	int			 el_paused;
	unsigned int		 el_backoff;	/* ms; 0: reads work */
	struct gw_event_q	 el_queue;	/* owned, in sequence order */
	struct gw_event_q	 el_waiting;	/* borrowed from el_queue */
	size_t			 el_nqueued;
	size_t			 el_nreading;
	size_t			 el_take;	/* in the batch being stored */
	uint64_t		 el_last_seq;	/* newest received */
	uint64_t		 el_acked;	/* newest acked */
	uint64_t		 el_received, el_stored, el_duplicates;
	uint64_t		 el_hidden, el_retries;
};
TAILQ_HEAD(gw_evlink_q, gw_evlink);

/* One backend section's listener. */
struct gw_evsource {
	TAILQ_ENTRY(gw_evsource) es_entry;
	struct gw_events	*es_gv;		/* borrowed */
	struct backend		*es_be;		/* borrowed */
	const struct be_event_ops *es_ops;	/* borrowed (static) */
	struct be_event_source	 es_src;	/* borrows the backend's */
	enum link_event_esm	 es_esm;
	struct evconnlistener	*es_listener;	/* owned */
	struct gw_evlink_q	 es_links;	/* owned */
	size_t			 es_nlinks;
	/*
	 * The password keys of the last agent id seen, from the section's
	 * keyfile [0] and keyfile-previous [1] (zeroed at stop), and the
	 * ids of those link keys; es_seal_held[i]: key i is configured.
	 */
	struct event_seal_key	 es_seal[2];
	unsigned char		 es_seal_id[2][LINK_KEY_ID_LEN];
	int			 es_seal_held[2];
	char			 es_seal_agent[LINK_MAX_IDENTITY + 1];
	uint64_t		 es_received, es_stored, es_duplicates;
	uint64_t		 es_hidden, es_acked, es_refused, es_links_total;
};

/* The receiver: every listener, and the batch being stored. */
struct gw_events {
	struct gateway		*gv_gw;		/* borrowed */
	TAILQ_HEAD(, gw_evsource) gv_sources;	/* owned */
	struct gw_evlink_q	 gv_dead;	/* owned: closed, to free */
	struct event		*gv_commit;	/* stores what is ready */
	struct event		*gv_reap;	/* frees gv_dead */
	uint64_t		 gv_next_link;
	/* The batch: records, pointers to them, outcomes, passwords. */
	struct changelog_event_rec *gv_recs;
	struct changelog_event_rec **gv_recp;
	enum changelog_added	*gv_added;
	char			(*gv_pw)[EVENT_PASSWORD_MAX + 1];
};

static void	gw_evlink_pump(struct gw_evlink *);

/* ---- an event -------------------------------------------------------- */

static void
gw_event_free(struct gw_event *ge)
{
	struct gw_evsource *src = ge->ge_link->el_src;

	src->es_ops->beo_cancel(ge->ge_read);
	entry_free(ge->ge_e);
	link_event_clear(&ge->ge_ev);
	free(ge);
}

/* Deletes name an entry that is gone: nothing to read. */
static int
gw_event_needs_read(const struct gw_event *ge)
{
	return ge->ge_ev.le_type != LINK_EV_DELETE &&
	    ge->ge_ev.le_type != LINK_EV_GROUP_DELETE;
}

/* Does any link wait for a read in flight, or one not yet started? */
static int
gw_events_reading(struct gw_events *gv)
{
	struct gw_evsource *src;
	struct gw_evlink *el;

	TAILQ_FOREACH(src, &gv->gv_sources, es_entry)
		TAILQ_FOREACH(el, &src->es_links, el_entry)
			if (el->el_nreading > 0 || !TAILQ_EMPTY(&el->el_waiting))
				return 1;
	return 0;
}

/*
 * Something is ready to store.  Alone, it is stored at once; while reads
 * are coming in, a moment later with them: each append costs a sync of
 * milliseconds, so a busy receiver stores many events per sync.
 */
static void
gw_events_kick(struct gw_events *gv)
{
	struct timeval tv = { 0, GW_EVENTS_GATHER_US };

	if (!gw_events_reading(gv))
		event_active(gv->gv_commit, EV_TIMEOUT, 0);
	else if (!evtimer_pending(gv->gv_commit, NULL))
		evtimer_add(gv->gv_commit, &tv);
}

/* Back among the reads to start, in sequence order: the oldest first. */
static void
gw_event_wait_again(struct gw_event *ge)
{
	struct gw_evlink *el = ge->ge_link;
	struct gw_event *w;

	ge->ge_state = GE_WAITING;
	TAILQ_FOREACH(w, &el->el_waiting, ge_wait)
		if (w->ge_ev.le_seq > ge->ge_ev.le_seq) {
			TAILQ_INSERT_BEFORE(w, ge, ge_wait);
			return;
		}
	TAILQ_INSERT_TAIL(&el->el_waiting, ge, ge_wait);
}

static void
gw_evlink_resume_cb(evutil_socket_t fd, short what, void *arg)
{
	struct gw_evlink *el = arg;

	el->el_paused = 0;
	gw_evlink_pump(el);
}

/*
 * No agent could answer a read: the link's reads pause (100 ms doubling
 * to 2 s) and start again, the event unacknowledged meanwhile.
 */
static void
gw_event_retry(struct gw_event *ge, const char *why)
{
	struct gw_evlink *el = ge->ge_link;
	struct timeval tv;

	gw_event_wait_again(ge);
	if (el->el_paused)
		return;
	if (el->el_backoff == 0) {
		el->el_backoff = GW_EVENTS_RETRY_FIRST;
		log_warnx("agent=%s events wait from event %llu: %s; reading "
		    "again in %u ms, unacknowledged until then", el->el_agent,
		    (unsigned long long)ge->ge_ev.le_seq, why, el->el_backoff);
	} else {
		el->el_backoff *= 2;
		if (el->el_backoff > GW_EVENTS_RETRY_MAX)
			el->el_backoff = GW_EVENTS_RETRY_MAX;
		log_debug(LOG_CAT_BACKEND, "agent=%s events wait: %s; again in "
		    "%u ms", el->el_agent, why, el->el_backoff);
	}
	el->el_retries++;
	el->el_paused = 1;
	tv.tv_sec = el->el_backoff / 1000;
	tv.tv_usec = (suseconds_t)(el->el_backoff % 1000) * 1000;
	evtimer_add(el->el_pause, &tv);
}

/* What the read of ge's entry came to (rc as be_event_read_fn says). */
static void
gw_event_read_result(struct gw_event *ge, int rc, struct entry *e,
    const char *text)
{
	struct gw_evlink *el = ge->ge_link;
	const char *id = ge->ge_ev.le_userid;

	if (rc != LDAP_UNAVAILABLE && rc != LDAP_BUSY && el->el_backoff != 0) {
		log_info("agent=%s events: reads work again", el->el_agent);
		el->el_backoff = 0;
	}
	switch (rc) {
	case LDAP_SUCCESS:
		ge->ge_e = e;
		break;
	case LDAP_UNAVAILABLE:
	case LDAP_BUSY:
		gw_event_retry(ge, text);
		return;
	case LDAP_NO_SUCH_OBJECT:
		log_debug(LOG_CAT_BACKEND, "agent=%s event %llu: %s is gone "
		    "since: recorded without its entry", el->el_agent,
		    (unsigned long long)ge->ge_ev.le_seq, id);
		break;
	case BE_READ_HIDDEN:
		ge->ge_hidden = 1;
		break;
	default:
		log_warnx("agent=%s event %llu: %s cannot be read, recorded "
		    "without its entry: %s", el->el_agent,
		    (unsigned long long)ge->ge_ev.le_seq, id, text);
		break;
	}
	ge->ge_state = GE_READY;
}

static void
gw_event_read_cb(void *arg, int rc, struct entry *e, const char *text)
{
	struct gw_event *ge = arg;
	struct gw_evlink *el = ge->ge_link;

	ge->ge_read = NULL;
	el->el_nreading--;
	gw_event_read_result(ge, rc, e, text);
	gw_evlink_pump(el);
}

static void
gw_event_read(struct gw_event *ge)
{
	struct gw_evlink *el = ge->ge_link;
	struct gw_evsource *src = el->el_src;
	enum be_event_target t;
	char text[512];
	int rc = LDAP_OTHER;

	t = link_event_is_group(ge->ge_ev.le_type) ? BE_TARGET_GROUP :
	    BE_TARGET_USER;
	ge->ge_state = GE_READING;
	el->el_nreading++;
	text[0] = '\0';
	ge->ge_read = src->es_ops->beo_read(src->es_be, t,
	    ge->ge_ev.le_userid, gw_event_read_cb, ge, &rc, text,
	    sizeof(text));
	if (ge->ge_read != NULL)
		return;
	el->el_nreading--;
	gw_event_read_result(ge, rc, NULL, text);
}

/* ---- a link ---------------------------------------------------------- */

/* Start what reads the link may have in flight; store what is ready. */
static void
gw_evlink_pump(struct gw_evlink *el)
{
	struct gw_event *ge, *head;

	while (!el->el_paused && el->el_nreading < GW_EVENTS_READS &&
	    (ge = TAILQ_FIRST(&el->el_waiting)) != NULL) {
		TAILQ_REMOVE(&el->el_waiting, ge, ge_wait);
		gw_event_read(ge);
	}
	head = TAILQ_FIRST(&el->el_queue);
	if (head != NULL && head->ge_state == GE_READY)
		gw_events_kick(el->el_src->es_gv);
}

/* A protocol or store failure: the link goes, the agent sends again. */
static void
gw_evlink_fail(struct gw_evlink *el, const char *why)
{
	if (el->el_failing)
		return;
	el->el_failing = 1;
	log_warnx("agent=%s events from %s: %s", el->el_agent[0] != '\0' ?
	    el->el_agent : "?", el->el_addr, why);
	link_close(el->el_link, why);
}

static void
gw_evlink_drop_queue(struct gw_evlink *el)
{
	struct gw_event *ge;

	while ((ge = TAILQ_FIRST(&el->el_queue)) != NULL) {
		TAILQ_REMOVE(&el->el_queue, ge, ge_entry);
		gw_event_free(ge);
	}
	TAILQ_INIT(&el->el_waiting);
	el->el_nqueued = el->el_nreading = 0;
}

/* A link taken out of its listener's list, with its queue dropped. */
static void
gw_evlink_free(struct gw_evlink *el)
{
	link_free(el->el_link);
	event_free(el->el_pause);
	free(el);
}

/* Is ev, arrived as message id, one this link may send?  -1: why. */
static int
gw_evlink_check(struct gw_evlink *el, uint64_t id,
    const struct link_event *ev, char *why, size_t whylen)
{
	struct gw_evsource *src = el->el_src;

	if (id != ev->le_seq)
		snprintf(why, whylen, "agent %s sent event %llu in message "
		    "%llu", el->el_agent, (unsigned long long)ev->le_seq,
		    (unsigned long long)id);
	else if (ev->le_esm != src->es_esm)
		snprintf(why, whylen, "agent %s sent a %s event %llu to the "
		    "%s backend %s", el->el_agent,
		    link_event_esm_name(ev->le_esm),
		    (unsigned long long)ev->le_seq, src->es_src.es_esm,
		    src->es_be->be_suffix);
	else if (ev->le_seq <= el->el_last_seq)
		snprintf(why, whylen, "agent %s sent event %llu after event "
		    "%llu: events come in rising order", el->el_agent,
		    (unsigned long long)ev->le_seq,
		    (unsigned long long)el->el_last_seq);
	else if (el->el_nqueued >= GW_EVENTS_QUEUE_MAX)
		snprintf(why, whylen, "agent %s sent more than %d events "
		    "without waiting for an acknowledgement", el->el_agent,
		    GW_EVENTS_QUEUE_MAX);
	else
		return 0;
	return -1;
}

static void
gw_evlink_event(struct gw_evlink *el, const struct link_msg *m)
{
	struct gw_event *ge;
	char why[512], err[256];

	ge = xcalloc(1, sizeof(*ge));
	ge->ge_link = el;
	if (link_event_decode((const unsigned char *)m->lm_body.bv_val,
	    m->lm_body.bv_len, &ge->ge_ev, err, sizeof(err)) == -1) {
		snprintf(why, sizeof(why), "agent %s sent event %llu that "
		    "does not decode: %s", el->el_agent,
		    (unsigned long long)m->lm_id, err);
		gw_event_free(ge);
		gw_evlink_fail(el, why);
		return;
	}
	if (gw_evlink_check(el, m->lm_id, &ge->ge_ev, why,
	    sizeof(why)) == -1) {
		gw_event_free(ge);
		gw_evlink_fail(el, why);
		return;
	}
	el->el_last_seq = ge->ge_ev.le_seq;
	el->el_received++;
	el->el_src->es_received++;
	el->el_nqueued++;
	TAILQ_INSERT_TAIL(&el->el_queue, ge, ge_entry);
	if (gw_event_needs_read(ge)) {
		ge->ge_state = GE_WAITING;
		TAILQ_INSERT_TAIL(&el->el_waiting, ge, ge_wait);
	} else
		ge->ge_state = GE_READY;
	gw_evlink_pump(el);
}

static void
gw_evlink_message_cb(struct link *l, const struct link_msg *m, void *arg)
{
	struct gw_evlink *el = arg;
	char why[256];

	if (el->el_failing || !el->el_accepted)
		return;
	if (m->lm_type != LINK_MSG_EVENT) {
		snprintf(why, sizeof(why), "agent %s sent a message of type "
		    "%d; only events come to the event listener",
		    el->el_agent, (int)m->lm_type);
		gw_evlink_fail(el, why);
		return;
	}
	gw_evlink_event(el, m);
}

/* Keys confirmed: is the agent one of the section's? */
static void
gw_evlink_ready_cb(struct link *l, void *arg)
{
	struct gw_evlink *el = arg;
	struct gw_evsource *src = el->el_src;
	const char *id = link_peer_identity(l);
	char why[512];

	snprintf(el->el_agent, sizeof(el->el_agent), "%s", id);
	if (!src->es_ops->beo_agent(src->es_be, id)) {
		src->es_refused++;
		snprintf(why, sizeof(why), "agent %s is not an agent of "
		    "backend %s: its events are refused", id,
		    src->es_be->be_suffix);
		gw_evlink_fail(el, why);
		return;
	}
	el->el_accepted = 1;
	log_info("agent=%s events link %llu up from %s for %s (%s, key %s)",
	    id, (unsigned long long)el->el_num, el->el_addr,
	    src->es_be->be_suffix, link_cipher_name(link_cipher(l)),
	    link_key_in_use(l));
}

static void
gw_events_reap_cb(evutil_socket_t fd, short what, void *arg)
{
	struct gw_events *gv = arg;
	struct gw_evlink *el;

	while ((el = TAILQ_FIRST(&gv->gv_dead)) != NULL) {
		TAILQ_REMOVE(&gv->gv_dead, el, el_entry);
		gw_evlink_free(el);
	}
}

/* The link is gone: its unacked events too (the agent sends them again). */
static void
gw_evlink_closed_cb(struct link *l, const char *reason, void *arg)
{
	struct gw_evlink *el = arg;
	struct gw_evsource *src = el->el_src;

	if (el->el_nqueued > 0)
		log_info("agent=%s events link %llu: %zu events were not "
		    "acknowledged and will come again", el->el_agent[0] !=
		    '\0' ? el->el_agent : "?", (unsigned long long)el->el_num,
		    el->el_nqueued);
	gw_evlink_drop_queue(el);
	evtimer_del(el->el_pause);
	TAILQ_REMOVE(&src->es_links, el, el_entry);
	src->es_nlinks--;
	/* Never freed inside its own callback. */
	TAILQ_INSERT_TAIL(&src->es_gv->gv_dead, el, el_entry);
	event_active(src->es_gv->gv_reap, EV_TIMEOUT, 0);
}

static const struct link_cbs gw_evlink_cbs = {
	.ready = gw_evlink_ready_cb,
	.message = gw_evlink_message_cb,
	.closed = gw_evlink_closed_cb,
};

static void
gw_events_format_addr(const struct sockaddr *sa, int salen, char *buf,
    size_t len)
{
	char host[NI_MAXHOST], port[NI_MAXSERV];

	if (getnameinfo(sa, (socklen_t)salen, host, sizeof(host), port,
	    sizeof(port), NI_NUMERICHOST | NI_NUMERICSERV) != 0)
		snprintf(buf, len, "unknown");
	else
		snprintf(buf, len, strchr(host, ':') != NULL ? "[%s]:%s" :
		    "%s:%s", host, port);
}

static void
gw_evsource_accept_cb(struct evconnlistener *lev, evutil_socket_t fd,
    struct sockaddr *sa, int salen, void *arg)
{
	struct gw_evsource *src = arg;
	struct gateway *gw = src->es_gv->gv_gw;
	struct bufferevent *bev;
	struct gw_evlink *el;
	struct link_params lp;
	char addr[128];

	gw_events_format_addr(sa, salen, addr, sizeof(addr));
	if (src->es_nlinks >= GW_EVENTS_LINKS_MAX) {
		log_warnx("events connection from %s to %s refused: too many "
		    "event links", addr, src->es_src.es_url);
		evutil_closesocket(fd);
		return;
	}
	if ((bev = link_tls_accept(gw->gw_base, fd, src->es_src.es_tls)) ==
	    NULL) {
		log_warnx("events connection from %s to %s refused: out of "
		    "memory", addr, src->es_src.es_url);
		return;
	}
	el = xcalloc(1, sizeof(*el));
	el->el_src = src;
	el->el_num = ++src->es_gv->gv_next_link;
	snprintf(el->el_addr, sizeof(el->el_addr), "%s", addr);
	if ((el->el_pause = evtimer_new(gw->gw_base, gw_evlink_resume_cb,
	    el)) == NULL)
		fatalx("gw_evsource_accept_cb: cannot create a timer");
	TAILQ_INIT(&el->el_queue);
	TAILQ_INIT(&el->el_waiting);
	memset(&lp, 0, sizeof(lp));
	lp.lp_role = LINK_ROLE_SERVER;
	lp.lp_identity = GW_EVENTS_IDENTITY;
	lp.lp_peer_kind = "agent";
	lp.lp_key = src->es_src.es_key;
	lp.lp_key_previous = src->es_src.es_key_previous;
	lp.lp_cipher = (enum link_cipher)src->es_src.es_cipher;
	lp.lp_heartbeat = GW_EVENTS_HEARTBEAT;
	TAILQ_INSERT_TAIL(&src->es_links, el, el_entry);
	src->es_nlinks++;
	src->es_links_total++;
	el->el_link = link_new(gw->gw_base, bev, addr, &lp, &gw_evlink_cbs,
	    el);
}

/* ---- storing --------------------------------------------------------- */

static void	gw_event_open_failure(const struct gw_evsource *,
		    const struct link_event *, int, char *, size_t);

/*
 * The section's link key i: 0 keyfile, 1 keyfile-previous; NULL when
 * none is configured.
 */
static const struct link_key *
gw_evsource_link_key(const struct gw_evsource *src, int i)
{
	const struct link_key *lk;

	lk = i == 0 ? src->es_src.es_key : src->es_src.es_key_previous;
	return lk != NULL && lk->lk_len != 0 ? lk : NULL;
}

/*
 * The password keys of agent id (the sharing group's, as it sealed) and
 * the link keys' ids, computed once per agent id, not per event.
 */
static int
gw_evsource_seal_keys(struct gw_evsource *src, const char *agent)
{
	const struct link_key *lk;
	int i;

	if (strcmp(src->es_seal_agent, agent) == 0)
		return 0;
	src->es_seal_agent[0] = '\0';
	for (i = 0; i < 2; i++) {
		event_seal_key_clear(&src->es_seal[i]);
		src->es_seal_held[i] = 0;
		if ((lk = gw_evsource_link_key(src, i)) == NULL)
			continue;
		if (event_seal_key_derive(lk, agent, &src->es_seal[i]) == -1 ||
		    link_key_id(lk, src->es_seal_id[i]) == -1)
			return -1;
		src->es_seal_held[i] = 1;
	}
	snprintf(src->es_seal_agent, sizeof(src->es_seal_agent), "%s", agent);
	return 0;
}

/* Which of our keys ev names: 0 or 1, -1 for none (or no id). */
static int
gw_event_named_key(const struct gw_evsource *src,
    const struct link_event *ev)
{
	int i;

	for (i = 0; ev->le_has_keyid && i < 2; i++)
		if (src->es_seal_held[i] && memcmp(src->es_seal_id[i],
		    ev->le_keyid, LINK_KEY_ID_LEN) == 0)
			return i;
	return -1;
}

/*
 * Open ev's password: with the key it names first, then with every other
 * key this section holds.  An id we do not know (a slot from before key
 * ids, or a key both sides held under another id) does not stop us:
 * opening is authenticated (AES-GCM), so a wrong key only fails.  0, or
 * -1 with why.
 */
static int
gw_event_open(struct gw_evsource *src, const struct link_event *ev,
    char *buf, char *why, size_t whylen)
{
	int named, k, i;

	if (gw_evsource_seal_keys(src, ev->le_agent) == -1) {
		snprintf(why, whylen, "no password key could be derived");
		return -1;
	}
	named = gw_event_named_key(src, ev);
	for (k = 0; k < 2; k++) {
		i = named == 1 ? 1 - k : k;
		if (!src->es_seal_held[i])
			continue;
		if (event_open_password(&src->es_seal[i], ev->le_agent,
		    ev->le_seq, ev->le_userid, ev->le_sealed,
		    ev->le_sealed_len, buf, EVENT_PASSWORD_MAX + 1) == 0)
			return 0;
	}
	gw_event_open_failure(src, ev, named, why, whylen);
	return -1;
}

/* Why no key opened the password: name the ids on both sides. */
static void
gw_event_open_failure(const struct gw_evsource *src,
    const struct link_event *ev, int named, char *why, size_t whylen)
{
	char sealed[LINK_KEY_ID_TEXT], ours[2 * LINK_KEY_ID_TEXT + 8];
	size_t len;
	int i;

	ours[0] = '\0';
	for (i = 0; i < 2; i++) {
		if (!src->es_seal_held[i])
			continue;
		len = strlen(ours);
		if (len > 0) {
			snprintf(ours + len, sizeof(ours) - len, " and ");
			len = strlen(ours);
		}
		link_key_id_format(src->es_seal_id[i], ours + len);
	}
	if (ev->le_has_keyid && named == -1) {
		link_key_id_format(ev->le_keyid, sealed);
		snprintf(why, whylen, "it was sealed under key %s, %s has %s "
		    "(keyfile, keyfile-previous), and none of them opens it",
		    sealed, src->es_be->be_suffix, ours);
	} else
		snprintf(why, whylen, "it does not open with the keys of %s "
		    "(%s): altered, or sealed under another key",
		    src->es_be->be_suffix, ours);
}

/* ge's new password in clear into buf (pw NULL-valued when none). */
static void
gw_event_password(struct gw_event *ge, char *buf, struct berval *pw)
{
	const struct link_event *ev = &ge->ge_ev;
	char why[256];

	pw->bv_val = NULL;
	pw->bv_len = 0;
	if (ev->le_sealed_len == 0 || !link_event_is_password(ev->le_type))
		return;
	if (gw_event_open(ge->ge_link->el_src, ev, buf, why,
	    sizeof(why)) == -1) {
		log_warnx("agent=%s event %llu: the new password of %s is "
		    "recorded without it: %s", ge->ge_link->el_agent,
		    (unsigned long long)ev->le_seq, ev->le_userid, why);
		return;
	}
	pw->bv_val = buf;
	pw->bv_len = strlen(buf);
}

/*
 * Build the records of el's ready events at the head of its queue into
 * the batch from *n on; el_take counts the events taken (hidden ones
 * included).  A record that cannot be built fails the link.
 */
static void
gw_evlink_take(struct gw_evlink *el, size_t *n)
{
	struct gw_events *gv = el->el_src->es_gv;
	struct gw_event *ge;
	struct berval pw;
	char err[512];

	el->el_take = 0;
	if (el->el_failing)
		return;
	TAILQ_FOREACH(ge, &el->el_queue, ge_entry) {
		if (ge->ge_state != GE_READY || *n == GW_EVENTS_BATCH)
			return;
		if (!ge->ge_hidden) {
			gw_event_password(ge, gv->gv_pw[*n], &pw);
			if (changelog_event_record(&ge->ge_ev, &pw, ge->ge_e,
			    el->el_src->es_be, &gv->gv_recs[*n], err,
			    sizeof(err)) == -1) {
				changelog_event_record_clear(&gv->gv_recs[*n]);
				explicit_bzero(gv->gv_pw[*n],
				    sizeof(gv->gv_pw[0]));
				gw_evlink_fail(el, err);
				return;
			}
			gv->gv_recp[*n] = &gv->gv_recs[*n];
			(*n)++;
		}
		el->el_take++;
	}
}

/* n events up to seq are durable: say so to the agent. */
static void
gw_evlink_ack(struct gw_evlink *el, uint64_t seq, size_t n)
{
	struct link_msg m;

	el->el_acked = seq;
	el->el_src->es_acked += n;
	if (el->el_failing)
		return;
	memset(&m, 0, sizeof(m));
	m.lm_type = LINK_MSG_EVENT_ACK;
	m.lm_id = seq;
	if (link_send(el->el_link, &m) == -1)
		log_warnx("agent=%s cannot ack event %llu: the link is "
		    "closing; the agent sends it again", el->el_agent,
		    (unsigned long long)seq);
	else
		log_debug(LOG_CAT_LINK, "agent=%s acked up to event %llu",
		    el->el_agent, (unsigned long long)seq);
}

/* The batch is durable: el's events taken go, the newest acked. */
static void
gw_evlink_stored(struct gw_evlink *el, size_t *k)
{
	struct gw_events *gv = el->el_src->es_gv;
	struct gw_evsource *src = el->el_src;
	struct gw_event *ge;
	uint64_t seq = 0;
	size_t n = el->el_take;

	for (; el->el_take > 0; el->el_take--) {
		ge = TAILQ_FIRST(&el->el_queue);
		TAILQ_REMOVE(&el->el_queue, ge, ge_entry);
		el->el_nqueued--;
		if (ge->ge_hidden) {
			el->el_hidden++;
			src->es_hidden++;
		} else if (gv->gv_added[(*k)++] == CHANGELOG_NEW) {
			el->el_stored++;
			src->es_stored++;
		} else {
			el->el_duplicates++;
			src->es_duplicates++;
		}
		seq = ge->ge_ev.le_seq;
		gw_event_free(ge);
	}
	if (n > 0)
		gw_evlink_ack(el, seq, n);
}

static void
gw_events_batch_clear(struct gw_events *gv, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		changelog_event_record_clear(&gv->gv_recs[i]);
		explicit_bzero(gv->gv_pw[i], sizeof(gv->gv_pw[0]));
	}
}

/* Append what every link has ready, in one transaction, then ack. */
static void
gw_events_commit_cb(evutil_socket_t fd, short what, void *arg)
{
	struct gw_events *gv = arg;
	struct changelog *cl = gv->gv_gw->gw_changelog;
	struct gw_evsource *src;
	struct gw_evlink *el;
	size_t n = 0, k = 0;
	char err[1024], why[1200];
	int failed = 0;

	evtimer_del(gv->gv_commit);
	TAILQ_FOREACH(src, &gv->gv_sources, es_entry)
		TAILQ_FOREACH(el, &src->es_links, el_entry)
			gw_evlink_take(el, &n);
	if (n > 0 && cl == NULL) {
		snprintf(err, sizeof(err), "the changelog is closed");
		failed = 1;
	} else if (n > 0 && changelog_event_append_batch(cl, gv->gv_recp, n,
	    gv->gv_added, err, sizeof(err)) == -1)
		failed = 1;
	if (failed)
		snprintf(why, sizeof(why), "the changelog did not store the "
		    "events (%s); the agent sends them again", err);
	TAILQ_FOREACH(src, &gv->gv_sources, es_entry)
		TAILQ_FOREACH(el, &src->es_links, el_entry) {
			if (el->el_take == 0)
				continue;
			if (failed) {
				el->el_take = 0;
				gw_evlink_fail(el, why);
			} else
				gw_evlink_stored(el, &k);
			gw_evlink_pump(el);
		}
	gw_events_batch_clear(gv, n);
}

/* ---- the receiver ---------------------------------------------------- */

static int
gw_evsource_listen(struct gw_evsource *src, char *err, size_t errlen)
{
	struct addrinfo hints, *res, *ai;
	int e;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	if ((e = getaddrinfo(src->es_src.es_host, src->es_src.es_port,
	    &hints, &res)) != 0) {
		snprintf(err, errlen, "events %s: %s", src->es_src.es_url,
		    gai_strerror(e));
		return -1;
	}
	for (ai = res; ai != NULL && src->es_listener == NULL;
	    ai = ai->ai_next)
		src->es_listener = evconnlistener_new_bind(
		    src->es_gv->gv_gw->gw_base, gw_evsource_accept_cb, src,
		    LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE, 64,
		    ai->ai_addr, (int)ai->ai_addrlen);
	freeaddrinfo(res);
	if (src->es_listener == NULL) {
		snprintf(err, errlen, "events %s: %s", src->es_src.es_url,
		    evutil_socket_error_to_string(EVUTIL_SOCKET_ERROR()));
		return -1;
	}
	log_info("listening for the events of %s's agents on %s",
	    src->es_be->be_suffix, src->es_src.es_url);
	return 0;
}

/* The section's listener, if it has an events line. */
static int
gw_evsource_open(struct gw_events *gv, struct backend *be, char *err,
    size_t errlen)
{
	const struct be_event_ops *ops = be->be_info->bi_events;
	struct gw_evsource *src;

	if (ops == NULL)
		return 0;
	src = xcalloc(1, sizeof(*src));
	if (ops->beo_source(be, &src->es_src) == 0) {
		free(src);
		return 0;
	}
	src->es_gv = gv;
	src->es_be = be;
	src->es_ops = ops;
	TAILQ_INIT(&src->es_links);
	TAILQ_INSERT_TAIL(&gv->gv_sources, src, es_entry);
	if (link_event_esm_parse(src->es_src.es_esm, &src->es_esm) == -1) {
		snprintf(err, errlen, "backend %s: %s is not an ESM events "
		    "name", be->be_suffix, src->es_src.es_esm);
		return -1;
	}
	return gw_evsource_listen(src, err, errlen);
}

static void
gw_evsource_free(struct gw_evsource *src)
{
	struct gw_evlink *el;

	if (src->es_listener != NULL)
		evconnlistener_free(src->es_listener);
	while ((el = TAILQ_FIRST(&src->es_links)) != NULL) {
		TAILQ_REMOVE(&src->es_links, el, el_entry);
		gw_evlink_drop_queue(el);
		gw_evlink_free(el);
	}
	event_seal_key_clear(&src->es_seal[0]);
	event_seal_key_clear(&src->es_seal[1]);
	free(src);
}

static struct gw_events *
gw_events_new(struct gateway *gw)
{
	struct gw_events *gv;

	gv = xcalloc(1, sizeof(*gv));
	gv->gv_gw = gw;
	TAILQ_INIT(&gv->gv_sources);
	TAILQ_INIT(&gv->gv_dead);
	gv->gv_commit = event_new(gw->gw_base, -1, 0, gw_events_commit_cb,
	    gv);
	gv->gv_reap = event_new(gw->gw_base, -1, 0, gw_events_reap_cb, gv);
	if (gv->gv_commit == NULL || gv->gv_reap == NULL)
		fatalx("gw_events_new: cannot create events");
	gv->gv_recs = xcalloc(GW_EVENTS_BATCH, sizeof(*gv->gv_recs));
	gv->gv_recp = xcalloc(GW_EVENTS_BATCH, sizeof(*gv->gv_recp));
	gv->gv_added = xcalloc(GW_EVENTS_BATCH, sizeof(*gv->gv_added));
	gv->gv_pw = xcalloc(GW_EVENTS_BATCH, sizeof(*gv->gv_pw));
	return gv;
}

int
gw_events_check(struct gateway *gw, char *err, size_t errlen)
{
	struct be_event_source src, other;
	struct backend *be, *b2, *cl = NULL;

	TAILQ_FOREACH(be, &gw->gw_backends, be_entry)
		if (be->be_info == &changelog_backend_info)
			cl = be;
	TAILQ_FOREACH(be, &gw->gw_backends, be_entry) {
		if (be->be_info->bi_events == NULL ||
		    be->be_info->bi_events->beo_source(be, &src) == 0)
			continue;
		if (cl == NULL) {
			snprintf(err, errlen, "%s:%d: backend %s: events %s: "
			    "the events listener stores events in the "
			    "changelog, and no \"backend changelog\" section "
			    "is configured", be->be_file, be->be_line,
			    be->be_info->bi_type, src.es_url);
			return -1;
		}
		for (b2 = TAILQ_NEXT(be, be_entry); b2 != NULL;
		    b2 = TAILQ_NEXT(b2, be_entry))
			if (b2->be_info->bi_events != NULL &&
			    b2->be_info->bi_events->beo_source(b2, &other) &&
			    strcmp(src.es_host, other.es_host) == 0 &&
			    strcmp(src.es_port, other.es_port) == 0) {
				snprintf(err, errlen, "%s:%d: backend %s: "
				    "events %s is the backend's at %s:%d too: "
				    "one listener per section", b2->be_file,
				    b2->be_line, b2->be_info->bi_type,
				    other.es_url, be->be_file, be->be_line);
				return -1;
			}
	}
	return 0;
}

int
gw_events_start(struct gateway *gw, char *err, size_t errlen)
{
	struct gw_events *gv;
	struct backend *be;

	gv = gw_events_new(gw);
	gw->gw_events = gv;
	TAILQ_FOREACH(be, &gw->gw_backends, be_entry)
		if (gw_evsource_open(gv, be, err, errlen) == -1)
			return -1;
	if (TAILQ_EMPTY(&gv->gv_sources)) {
		gw_events_stop(gw);
		return 0;
	}
	if (gw->gw_changelog == NULL) {
		snprintf(err, errlen, "the events listeners need the "
		    "changelog, which is not open");
		return -1;
	}
	return 0;
}

void
gw_events_stop(struct gateway *gw)
{
	struct gw_events *gv = gw->gw_events;
	struct gw_evsource *src;

	if (gv == NULL)
		return;
	gw->gw_events = NULL;
	while ((src = TAILQ_FIRST(&gv->gv_sources)) != NULL) {
		TAILQ_REMOVE(&gv->gv_sources, src, es_entry);
		gw_evsource_free(src);
	}
	gw_events_reap_cb(-1, 0, gv);
	event_free(gv->gv_commit);
	event_free(gv->gv_reap);
	free(gv->gv_recs);
	free(gv->gv_recp);
	free(gv->gv_added);
	free(gv->gv_pw);
	free(gv);
}

void
gw_events_status(struct gateway *gw, struct evbuffer *out)
{
	struct gw_events *gv = gw->gw_events;
	struct gw_evsource *src;
	struct gw_evlink *el;

	if (gv == NULL)
		return;
	TAILQ_FOREACH(src, &gv->gv_sources, es_entry) {
		evbuffer_add_printf(out, "events %s listen %s links %zu "
		    "received %llu stored %llu duplicates %llu hidden %llu "
		    "acked %llu refused-links %llu links-total %llu\n",
		    src->es_be->be_suffix, src->es_src.es_url, src->es_nlinks,
		    (unsigned long long)src->es_received,
		    (unsigned long long)src->es_stored,
		    (unsigned long long)src->es_duplicates,
		    (unsigned long long)src->es_hidden,
		    (unsigned long long)src->es_acked,
		    (unsigned long long)src->es_refused,
		    (unsigned long long)src->es_links_total);
		TAILQ_FOREACH(el, &src->es_links, el_entry)
			evbuffer_add_printf(out, "  event-link %llu agent %s "
			    "from %s %s received %llu stored %llu duplicates "
			    "%llu hidden %llu queued %zu reading %zu retries "
			    "%llu last-seq %llu acked-seq %llu\n",
			    (unsigned long long)el->el_num,
			    el->el_agent[0] != '\0' ? el->el_agent : "-",
			    el->el_addr, el->el_accepted ? "up" : "starting",
			    (unsigned long long)el->el_received,
			    (unsigned long long)el->el_stored,
			    (unsigned long long)el->el_duplicates,
			    (unsigned long long)el->el_hidden, el->el_nqueued,
			    el->el_nreading,
			    (unsigned long long)el->el_retries,
			    (unsigned long long)el->el_last_seq,
			    (unsigned long long)el->el_acked);
	}
}
