/*
 * agent_work.c - the worker threads that run ESM commands.
 *
 * A worker takes a request from the queue, runs it through the driver
 * and hands the output to the loop thread in chunks of at most
 * AGENT_CHUNK_BYTES.  When AGENT_CHUNKS_AHEAD chunks wait unsent (the
 * gateway granted no more credit, or its link is full) the worker blocks
 * in the output sink: that, and the driver's cursor, is what keeps a
 * listing of 100,000 users out of memory.  A cancelled request makes
 * the sink answer -1, which stops the driver's output.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>
#include <openssl/crypto.h>

#include "link_rc.h"
#include "log.h"
#include "xmalloc.h"
#include "mainframe-agent/agent.h"

static struct agent_chunk *
agent_chunk_new(void)
{
	struct agent_chunk *ch;

	ch = xcalloc(1, sizeof(*ch));
	ch->ch_cap = 4096;
	ch->ch_buf = xmalloc(ch->ch_cap);
	ch->ch_capl = 64;
	ch->ch_ends = xreallocarray(NULL, ch->ch_capl, sizeof(size_t));
	return ch;
}

void
agent_chunk_free(struct agent_chunk *ch)
{
	if (ch == NULL)
		return;
	/* Output may echo a VERIFY message; clear before release. */
	OPENSSL_cleanse(ch->ch_buf, ch->ch_used);
	free(ch->ch_buf);
	free(ch->ch_ends);
	free(ch);
}

static void
agent_chunk_add(struct agent_chunk *ch, const char *line, size_t len)
{
	while (ch->ch_used + len > ch->ch_cap) {
		ch->ch_cap *= 2;
		ch->ch_buf = xreallocarray(ch->ch_buf, ch->ch_cap, 1);
	}
	if (ch->ch_nlines == ch->ch_capl) {
		ch->ch_capl *= 2;
		ch->ch_ends = xreallocarray(ch->ch_ends, ch->ch_capl,
		    sizeof(size_t));
	}
	memcpy(ch->ch_buf + ch->ch_used, line, len);
	ch->ch_used += len;
	ch->ch_ends[ch->ch_nlines++] = ch->ch_used;
}

static int
agent_chunk_is_full(const struct agent_chunk *ch)
{
	return ch->ch_used >= AGENT_CHUNK_BYTES ||
	    ch->ch_nlines >= AGENT_CHUNK_LINES;
}

/* With ag_mtx held: queue a chunk for the loop and wake it. */
static void
agent_push_chunk(struct agent *ag, struct agent_req *r,
    struct agent_chunk *ch)
{
	TAILQ_INSERT_TAIL(&r->r_ready, ch, ch_entry);
	r->r_nready++;
	if (!r->r_queued_dirty) {
		TAILQ_INSERT_TAIL(&ag->ag_dirtyq, r, r_dirty);
		r->r_queued_dirty = 1;
	}
	event_active(ag->ag_notify, EV_READ, 0);
}

/* The esm_out sink: runs in the worker thread. */
static int
agent_sink_line(void *arg, const char *line, size_t len)
{
	struct agent_req *r = arg;
	struct agent *ag = r->r_sess->s_agent;
	int cancelled;

	if (len > AGENT_MAX_LINE)
		len = AGENT_MAX_LINE;
	if (r->r_cur == NULL)
		r->r_cur = agent_chunk_new();
	agent_chunk_add(r->r_cur, line, len);
	if (!agent_chunk_is_full(r->r_cur))
		return 0;
	pthread_mutex_lock(&ag->ag_mtx);
	agent_push_chunk(ag, r, r->r_cur);
	r->r_cur = NULL;
	while (r->r_nready >= AGENT_CHUNKS_AHEAD && !r->r_cancelled)
		pthread_cond_wait(&r->r_cond, &ag->ag_mtx);
	cancelled = r->r_cancelled;
	pthread_mutex_unlock(&ag->ag_mtx);
	return cancelled ? -1 : 0;
}

static int
agent_run(struct agent *ag, struct agent_req *r)
{
	const struct esm_driver *d = ag->ag_driver;
	struct esm_out out = { agent_sink_line, r };

	switch (r->r_kind) {
	case LINK_REQ_COMMAND:
		return d->ed_command(ag->ag_esm, ag->ag_conf.ac_userid,
		    r->r_cmd, r->r_len, &out);
	case LINK_REQ_VERIFY:
		return d->ed_verify(ag->ag_esm, r->r_args[0], r->r_args[1],
		    r->r_nargs > 2 ? r->r_args[2] : NULL, &out);
	}
	return LINK_RC_INVALID;
}

/*
 * Every AGENT_TRIM_EVERY requests, let the driver give back what it
 * holds resident but need not (the simulator's mapped database pages),
 * so the agent's size stays flat however many users it has looked up.
 */
static void
agent_maybe_trim(struct agent *ag)
{
	int due;

	pthread_mutex_lock(&ag->ag_mtx);
	due = ++ag->ag_since_trim >= AGENT_TRIM_EVERY;
	if (due)
		ag->ag_since_trim = 0;
	pthread_mutex_unlock(&ag->ag_mtx);
	if (due && ag->ag_driver->ed_trim != NULL)
		ag->ag_driver->ed_trim(ag->ag_esm);
}

static void *
agent_worker_main(void *arg)
{
	struct agent *ag = arg;
	struct agent_req *r;
	struct agent_chunk *ch;
	int rc;

	pthread_mutex_lock(&ag->ag_mtx);
	for (;;) {
		while (TAILQ_EMPTY(&ag->ag_work) && !ag->ag_pool_stop)
			pthread_cond_wait(&ag->ag_work_cond, &ag->ag_mtx);
		if ((r = TAILQ_FIRST(&ag->ag_work)) == NULL)
			break;
		TAILQ_REMOVE(&ag->ag_work, r, r_work);
		r->r_running = 1;
		ag->ag_running++;
		pthread_mutex_unlock(&ag->ag_mtx);

		rc = r->r_cancelled ? LINK_RC_FAILED : agent_run(ag, r);
		agent_maybe_trim(ag);

		pthread_mutex_lock(&ag->ag_mtx);
		ch = r->r_cur != NULL ? r->r_cur : agent_chunk_new();
		r->r_cur = NULL;
		ch->ch_final = 1;
		ch->ch_rc = rc;
		r->r_rc = rc;
		r->r_running = 0;
		r->r_done = 1;
		ag->ag_running--;
		agent_push_chunk(ag, r, ch);
	}
	pthread_mutex_unlock(&ag->ag_mtx);
	return NULL;
}

int
agent_pool_start(struct agent *ag, char *err, size_t errlen)
{
	unsigned int i;
	int e;

	ag->ag_threads = xcalloc(ag->ag_conf.ac_workers, sizeof(pthread_t));
	for (i = 0; i < ag->ag_conf.ac_workers; i++) {
		e = pthread_create(&ag->ag_threads[i], NULL,
		    agent_worker_main, ag);
		if (e != 0) {
			snprintf(err, errlen, "cannot start worker thread "
			    "%u: %s", i, strerror(e));
			agent_pool_stop(ag);
			return -1;
		}
		ag->ag_nthreads++;
	}
	return 0;
}

/* Workers finish the queue, then exit; this waits for them. */
void
agent_pool_stop(struct agent *ag)
{
	unsigned int i;

	pthread_mutex_lock(&ag->ag_mtx);
	ag->ag_pool_stop = 1;
	pthread_cond_broadcast(&ag->ag_work_cond);
	pthread_mutex_unlock(&ag->ag_mtx);
	for (i = 0; i < ag->ag_nthreads; i++)
		pthread_join(ag->ag_threads[i], NULL);
	free(ag->ag_threads);
	ag->ag_threads = NULL;
	ag->ag_nthreads = 0;
}

void
agent_pool_submit(struct agent *ag, struct agent_req *r)
{
	pthread_mutex_lock(&ag->ag_mtx);
	TAILQ_INSERT_TAIL(&ag->ag_work, r, r_work);
	pthread_cond_signal(&ag->ag_work_cond);
	pthread_mutex_unlock(&ag->ag_mtx);
}

/* Take a request back that no worker started; 1 if it was withdrawn. */
int
agent_pool_withdraw(struct agent *ag, struct agent_req *r)
{
	int withdrawn = 0;

	pthread_mutex_lock(&ag->ag_mtx);
	if (!r->r_running && !r->r_done) {
		TAILQ_REMOVE(&ag->ag_work, r, r_work);
		withdrawn = 1;
	}
	pthread_mutex_unlock(&ag->ag_mtx);
	return withdrawn;
}

void
agent_req_free(struct agent_req *r)
{
	struct agent_chunk *ch;
	size_t i;

	if (r == NULL)
		return;
	while ((ch = TAILQ_FIRST(&r->r_ready)) != NULL) {
		TAILQ_REMOVE(&r->r_ready, ch, ch_entry);
		agent_chunk_free(ch);
	}
	agent_chunk_free(r->r_cur);
	if (r->r_cmd != NULL)
		xfree_secret(r->r_cmd, r->r_len);
	for (i = 0; i < r->r_nargs; i++)
		if (r->r_args[i] != NULL)
			xfree_secret(r->r_args[i], strlen(r->r_args[i]));
	free(r->r_dn);
	free(r->r_realm);
	free(r->r_address);
	pthread_cond_destroy(&r->r_cond);
	free(r);
}

/* The state every agent needs, whether a daemon's or a test's. */
void
agent_core_init(struct agent *ag, struct event_base *base)
{
	pthread_mutex_init(&ag->ag_mtx, NULL);
	pthread_cond_init(&ag->ag_work_cond, NULL);
	TAILQ_INIT(&ag->ag_sessions);
	TAILQ_INIT(&ag->ag_work);
	TAILQ_INIT(&ag->ag_dirtyq);
	ag->ag_audit_fd = -1;
	ag->ag_base = base;
	if (base != NULL)
		ag->ag_notify = event_new(base, -1, 0, agent_pump_cb, ag);
}

void
agent_core_clear(struct agent *ag)
{
	if (ag->ag_notify != NULL)
		event_free(ag->ag_notify);
	ag->ag_notify = NULL;
	pthread_mutex_destroy(&ag->ag_mtx);
	pthread_cond_destroy(&ag->ag_work_cond);
}
