/*
 * search.c - search: the candidate entries in scope of the base, in a
 * fixed order (suffix, ou=People, users by id, ou=Groups, groups by
 * name, and the container and entries of a third class when the map
 * has one: ACF2's ou=Resources), streamed to the frontend, which
 * evaluates the filter, selects attributes and counts limits.
 *
 * What RACF can answer is pushed down: (uid=X), alone or inside an AND,
 * lists just X; (uid=PREFIX*) asks SEARCH CLASS(USER) MASK(PREFIX) for
 * the ids; otherwise SEARCH CLASS(USER) gives them all.  (cn=...) does
 * the same for groups.  An AND item on an attribute a class does not
 * have (or an objectClass it does not carry) leaves the class out.
 *
 * The ids are then listed in batches, "LISTUSER (A B C) TSO OMVS CICS",
 * with up to ESMBE_INFLIGHT requests in flight.  Output is handled
 * strictly in id order: the first batch's chunks are parsed as they
 * come, later batches' chunks wait (each batch is bounded, so memory is
 * that of a few batches whatever the number of users).  When the
 * client's output is above its high watermark (OP_WAIT), no new batch
 * is issued and the requests in flight are paused until the drain
 * callback: the search is paced by the client's reading.
 *
 * Protected ids: a batch the agent refuses (LINK_RC_REFUSED, e.g. it
 * names a userid the agent protects) is retried one id at a time; ids
 * refused alone go to the instance's hidden set, which later batches
 * skip.  Protected users are thus invisible through LDAP.  A refusal of
 * the list form itself (LISTGRP (A B)) makes groups go one by one.
 *
 * Paged results: the cursor (struct esmbe_cursor) holds the phase, the
 * index in the id list to resume at, and the id lists themselves, so a
 * next page needs no new SEARCH.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>

#include <ldap.h>

#include "link.h"
#include "link_rc.h"
#include "log.h"
#include "xmalloc.h"
#include "backends/backend.h"
#include "backends/map.h"
#include "backends/esmbe/esmbe.h"
#include "gateway/entry.h"
#include "gateway/filter.h"
#include "gateway/gw.h"
#include "gateway/conn.h"	/* before op.h: RB_HEAD(op_tree) */
#include "gateway/op.h"
#include "gateway/schema.h"

/*
 * The phases: the suffix, then for each class of the map its container
 * and its entries (ou=People, users, ou=Groups, groups ...).
 */
#define PH_SUFFIX	0
#define PH_OU(c)	(1 + 2 * (int)(c))	/* the class's container */
#define PH_LIST(c)	(2 + 2 * (int)(c))	/* the class's entries */
#define PH_DONE		PH_OU(MAP_CLASS__MAX)
#define PH_BIT(p)	(1u << (p))
#define PH_ALL		(PH_BIT(PH_DONE) - 1)
/* The class of a container or entries phase. */
#define PH_CLASS(p)	((enum map_class)(((p) - 1) / 2))
#define PH_IS_LIST(p)	((p) > PH_SUFFIX && (p) < PH_DONE && (p) % 2 == 0)

/* Paged results cursor; kept by the frontend between pages. */
struct esmbe_cursor {
	int		 cu_phase;		/* resume in this phase */
	size_t		 cu_pos;		/* at this id index */
	struct esm_ids	 cu_ids[MAP_CLASS__MAX];	/* owned */
	int		 cu_have[MAP_CLASS__MAX];
};

/* Output lines of one response chunk, copied. */
struct esmbe_chunk {
	TAILQ_ENTRY(esmbe_chunk)	 ch_entry;
	struct berval		*ch_lines;	/* owned */
	size_t			 ch_n;
	char			*ch_buf;	/* owned: the bytes */
};
TAILQ_HEAD(esmbe_chunkq, esmbe_chunk);

/* One LISTUSER/LISTGRP request: ids [b_lo, b_hi) of the list. */
struct esmbe_batch {
	TAILQ_ENTRY(esmbe_batch)	 b_entry;
	struct esmbe_search	*b_rs;		/* borrowed: owner */
	enum map_class		 b_cls;
	size_t			 b_lo;
	size_t			 b_hi;
	size_t			 b_count;	/* ids in the command */
	int			 b_split;	/* refused: one by one */
	size_t			 b_next;	/* split: id being listed */
	int			 b_done;	/* every answer is in */
	struct esmbe_agent	*b_agent;	/* borrowed */
	uint64_t		 b_req;		/* 0: none in flight */
	char			 b_what[64];
	struct esmbe_chunkq	 b_chunks;
	struct esm_list	*b_list;	/* owned */
};
TAILQ_HEAD(esmbe_batchq, esmbe_batch);

/* An entry ready to go, with the cursor that follows it. */
struct esmbe_qentry {
	TAILQ_ENTRY(esmbe_qentry) qe_entry;
	struct entry		*qe_e;		/* owned */
	int			 qe_phase;
	size_t			 qe_pos;
};
TAILQ_HEAD(esmbe_qentryq, esmbe_qentry);

/* How a class's ids are found. */
enum esmbe_pick {
	PICK_ALL = 0,		/* SEARCH CLASS(x) */
	PICK_ONE,		/* (rdn=X): just rs_pick_id */
	PICK_MASK,		/* (rdn=P*): SEARCH ... MASK(P) */
	PICK_NONE		/* no id can match */
};

struct esmbe_search {
	enum esmbe_ctx_kind	 rs_kind;	/* ESMBE_CTX_SEARCH */
	struct op		*rs_op;		/* borrowed */
	struct esmbe		*rs_rb;		/* borrowed */
	struct map		*rs_map;	/* one reference */
	unsigned int		 rs_want;	/* PH_BIT()s in scope */
	int			 rs_phase;
	size_t			 rs_pos;	/* next id to batch */
	struct esmbe_cursor	*rs_cur;
	int			 rs_cur_owned;	/* else the op's */
	enum esmbe_pick		 rs_pick[MAP_CLASS__MAX];
	char			 rs_pick_id[MAP_CLASS__MAX][ESM_NAME_MAX + 1];
	/* SEARCH CLASS(...) in flight */
	struct esmbe_agent	*rs_lagent;
	uint64_t		 rs_lreq;
	char			 rs_lwhat[64];
	char			 rs_lmsg[ESMBE_MSG_MAX];
	struct esmbe_batchq	 rs_batches;
	size_t			 rs_nbatches;
	struct esmbe_qentryq	 rs_queue;
	int			 rs_waiting;	/* for the drain callback */
	int			 rs_depth;	/* inside pump */
	int			 rs_dead;	/* cancelled inside pump */
	int			 rs_in_hook;
	int			 rs_ended;
	int			 rs_result;
};

static void	esmbe_search_pump(struct esmbe_search *);

static const struct schema *
esmbe_search_schema(const struct esmbe_search *rs)
{
	return rs->rs_rb->rb_be->be_gw->gw_schema;
}

/* ---- cursor -------------------------------------------------------- */

static void
esmbe_cursor_free(void *arg)
{
	struct esmbe_cursor *cu = arg;
	int i;

	if (cu == NULL)
		return;
	for (i = 0; i < MAP_CLASS__MAX; i++)
		esm_ids_clear(&cu->cu_ids[i]);
	free(cu);
}

/* ---- teardown ------------------------------------------------------ */

static void
esmbe_chunk_free(struct esmbe_chunk *ch)
{
	free(ch->ch_lines);
	free(ch->ch_buf);
	free(ch);
}

static void
esmbe_batch_cancel(struct esmbe_batch *b)
{
	uint64_t id = b->b_req;

	b->b_req = 0;
	if (id != 0 && b->b_agent->ra_client != NULL)
		link_client_cancel(b->b_agent->ra_client, id);
}

static void
esmbe_batch_free(struct esmbe_batch *b)
{
	struct esmbe_chunk *ch;

	esmbe_batch_cancel(b);
	while ((ch = TAILQ_FIRST(&b->b_chunks)) != NULL) {
		TAILQ_REMOVE(&b->b_chunks, ch, ch_entry);
		esmbe_chunk_free(ch);
	}
	b->b_rs->rs_rb->rb_dl->dl_list_free(b->b_list);
	free(b);
}

/* Stop every request of the search; callbacks see CANCELLED. */
static void
esmbe_search_cancel_reqs(struct esmbe_search *rs)
{
	struct esmbe_batch *b;
	uint64_t id = rs->rs_lreq;

	rs->rs_lreq = 0;
	if (id != 0 && rs->rs_lagent->ra_client != NULL)
		link_client_cancel(rs->rs_lagent->ra_client, id);
	TAILQ_FOREACH(b, &rs->rs_batches, b_entry)
		esmbe_batch_cancel(b);
}

static void
esmbe_search_free(struct esmbe_search *rs)
{
	struct esmbe_batch *b;
	struct esmbe_qentry *qe;

	esmbe_search_cancel_reqs(rs);
	while ((b = TAILQ_FIRST(&rs->rs_batches)) != NULL) {
		TAILQ_REMOVE(&rs->rs_batches, b, b_entry);
		esmbe_batch_free(b);
	}
	while ((qe = TAILQ_FIRST(&rs->rs_queue)) != NULL) {
		TAILQ_REMOVE(&rs->rs_queue, qe, qe_entry);
		entry_free(qe->qe_e);
		free(qe);
	}
	if (rs->rs_cur_owned)
		esmbe_cursor_free(rs->rs_cur);
	map_unref(rs->rs_map);
	free(rs);
}

static void
esmbe_search_end(struct esmbe_search *rs, int rc)
{
	if (rs->rs_ended)
		return;
	rs->rs_ended = 1;
	rs->rs_result = rc;
	esmbe_search_cancel_reqs(rs);
}

/* After pumping: free or finish once nothing is on the stack. */
static void
esmbe_search_settle(struct esmbe_search *rs)
{
	struct op *op = rs->rs_op;
	int rc;

	if (rs->rs_depth > 0 || rs->rs_in_hook)
		return;		/* the hook looks at rs when it returns */
	if (rs->rs_dead) {
		esmbe_search_free(rs);
		return;
	}
	if (!rs->rs_ended)
		return;
	rc = rs->rs_result;
	op->o_be_ctx = NULL;
	esmbe_search_free(rs);
	op_finish(op, rc, NULL);
}

void
esmbe_search_cancel(struct op *op)
{
	struct esmbe_search *rs = op->o_be_ctx;

	op->o_be_ctx = NULL;
	log_debug(LOG_CAT_BACKEND, "conn=%llu op=%llu search cancelled",
	    (unsigned long long)op_conn_id(op), (unsigned long long)op->o_id);
	esmbe_search_cancel_reqs(rs);
	if (rs->rs_depth > 0) {
		rs->rs_dead = 1;	/* freed when the pump unwinds */
		return;
	}
	esmbe_search_free(rs);
}

static void
esmbe_search_fail(struct esmbe_search *rs, int rc)
{
	struct op *op = rs->rs_op;

	log_info("conn=%llu op=%llu search stopped: %s",
	    (unsigned long long)op_conn_id(op), (unsigned long long)op->o_id,
	    op->o_text);
	esmbe_search_end(rs, rc);
}

/* ---- the drain ----------------------------------------------------- */

static void
esmbe_search_pause(struct esmbe_search *rs, int pause)
{
	struct esmbe_batch *b;

	TAILQ_FOREACH(b, &rs->rs_batches, b_entry) {
		if (b->b_req == 0 || b->b_agent->ra_client == NULL)
			continue;
		if (pause)
			link_client_pause(b->b_agent->ra_client, b->b_req);
		else
			link_client_resume(b->b_agent->ra_client, b->b_req);
	}
}

static void
esmbe_search_drain_cb(struct op *op)
{
	struct esmbe_search *rs = op->o_be_ctx;

	if (rs == NULL || rs->rs_kind != ESMBE_CTX_SEARCH)
		return;
	rs->rs_waiting = 0;
	esmbe_search_pause(rs, 0);
	esmbe_search_pump(rs);
}

static void
esmbe_search_wait(struct esmbe_search *rs)
{
	rs->rs_waiting = 1;
	esmbe_search_pause(rs, 1);
	op_wait_drain(rs->rs_op, esmbe_search_drain_cb);
}

/* ---- sending ------------------------------------------------------- */

static void
esmbe_search_queue(struct esmbe_search *rs, struct entry *e, int phase,
    size_t pos)
{
	struct esmbe_qentry *qe;

	qe = xcalloc(1, sizeof(*qe));
	qe->qe_e = e;
	qe->qe_phase = phase;
	qe->qe_pos = pos;
	TAILQ_INSERT_TAIL(&rs->rs_queue, qe, qe_entry);
}

static void
esmbe_search_page_full(struct esmbe_search *rs, const struct esmbe_qentry *qe)
{
	rs->rs_cur->cu_phase = qe->qe_phase;
	rs->rs_cur->cu_pos = qe->qe_pos;
	op_page_save(rs->rs_op, rs->rs_cur, esmbe_cursor_free);
	rs->rs_cur_owned = 0;
	esmbe_search_end(rs, LDAP_SUCCESS);
}

/* Returns 1 to go on. */
static int
esmbe_search_send(struct esmbe_search *rs, struct esmbe_qentry *qe)
{
	int rc;

	TAILQ_REMOVE(&rs->rs_queue, qe, qe_entry);
	rc = op_send_entry(rs->rs_op, qe->qe_e);
	if (!rs->rs_dead) {
		switch (rc) {
		case 0:
			break;
		case OP_WAIT:
			esmbe_search_wait(rs);
			break;
		case OP_PAGE_FULL:
			esmbe_search_page_full(rs, qe);
			break;
		default:
			esmbe_search_end(rs, rc);
			break;
		}
	}
	entry_free(qe->qe_e);
	free(qe);
	return rc == 0;
}

/* ---- batches ------------------------------------------------------- */

static struct esm_ids *
esmbe_search_ids(struct esmbe_search *rs, enum map_class cls)
{
	return &rs->rs_cur->cu_ids[cls];
}

static void
esmbe_batch_entry_cb(void *arg, struct entry *e)
{
	struct esmbe_batch *b = arg;
	struct esmbe_search *rs = b->b_rs;
	char id[ESM_NAME_MAX + 1];
	const struct attr *a;
	const char *why;
	long idx;

	a = entry_find(e, rs->rs_map->m_class[b->b_cls].mc_rdn);
	if (a == NULL || a->a_nvals == 0 || esmbe_quote_name(rs->rs_rb,
	    b->b_cls, a->a_vals[0].bv_val, a->a_vals[0].bv_len, id,
	    &why) == -1 ||
	    (idx = esm_ids_find(esmbe_search_ids(rs, b->b_cls), id)) < 0 ||
	    esmbe_is_protected(rs->rs_rb, b->b_cls, id)) {
		log_debug(LOG_CAT_BACKEND, "conn=%llu op=%llu %s: entry %s "
		    "skipped", (unsigned long long)op_conn_id(rs->rs_op),
		    (unsigned long long)rs->rs_op->o_id, b->b_what, e->e_dn);
		entry_free(e);
		return;
	}
	esmbe_leaf_finish(rs->rs_rb, e);
	esmbe_search_queue(rs, e, rs->rs_phase, (size_t)idx + 1);
}

/* The listing command of the batch's ids (only: one id, or (size_t)-1:
   all but the protected). */
static char *
esmbe_batch_command(struct esmbe_search *rs, struct esmbe_batch *b,
    size_t only)
{
	const struct esm_ids *ids = esmbe_search_ids(rs, b->b_cls);
	const char **v;
	size_t i, n = 0;
	char *cmd;

	v = xreallocarray(NULL, b->b_hi - b->b_lo + 1, sizeof(*v));
	if (only != (size_t)-1)
		v[n++] = ids->ri_v[only];
	else
		for (i = b->b_lo; i < b->b_hi; i++)
			if (!esmbe_is_protected(rs->rs_rb, b->b_cls,
			    ids->ri_v[i]))
				v[n++] = ids->ri_v[i];
	cmd = rs->rs_rb->rb_dl->dl_list_command(b->b_cls, rs->rs_map, v, n);
	free(v);
	return cmd;
}

static void	esmbe_batch_cb(void *, enum link_req_status,
		    const struct link_msg *, const char *);

/* Send the batch's request (only: one id, or (size_t)-1: all). */
static int
esmbe_batch_send(struct esmbe_batch *b, size_t only)
{
	struct esmbe_search *rs = b->b_rs;
	char *cmd;
	int rc;

	cmd = esmbe_batch_command(rs, b, only);
	if (only != (size_t)-1)
		snprintf(b->b_what, sizeof(b->b_what), "%s %s",
		    rs->rs_rb->rb_dl->dl_list_verb(b->b_cls),
		    esmbe_search_ids(rs, b->b_cls)->ri_v[only]);
	else
		snprintf(b->b_what, sizeof(b->b_what), "%s of %zu %ss from "
		    "%s", rs->rs_rb->rb_dl->dl_list_verb(b->b_cls), b->b_count,
		    map_class_name(b->b_cls),
		    esmbe_search_ids(rs, b->b_cls)->ri_v[b->b_lo]);
	rc = esmbe_request(rs->rs_rb, rs->rs_op, LINK_REQ_COMMAND, cmd, 0,
	    b->b_what, NULL, 0, esmbe_batch_cb, b, &b->b_agent, &b->b_req);
	free(cmd);
	if (rc != 0) {
		esmbe_search_fail(rs, rc);
		return -1;
	}
	if (rs->rs_waiting)
		link_client_pause(b->b_agent->ra_client, b->b_req);
	return 0;
}

/* Split mode: list the next id alone, or mark the batch done. */
static void
esmbe_batch_next_single(struct esmbe_batch *b)
{
	struct esmbe_search *rs = b->b_rs;
	const struct esm_ids *ids = esmbe_search_ids(rs, b->b_cls);

	while (b->b_next < b->b_hi && esmbe_is_protected(rs->rs_rb,
	    b->b_cls, ids->ri_v[b->b_next]))
		b->b_next++;
	if (b->b_next >= b->b_hi) {
		b->b_done = 1;
		return;
	}
	(void)esmbe_batch_send(b, b->b_next);
}

static void
esmbe_batch_refused(struct esmbe_batch *b, const char *msg)
{
	struct esmbe_search *rs = b->b_rs;
	struct op *op = rs->rs_op;
	const struct esm_ids *ids = esmbe_search_ids(rs, b->b_cls);

	if (!b->b_split && b->b_count > 1) {
		log_info("conn=%llu op=%llu agent=%s refused %s (%s): "
		    "listing them one by one",
		    (unsigned long long)op_conn_id(op),
		    (unsigned long long)op->o_id, b->b_agent->ra_name,
		    b->b_what, msg);
		if (b->b_cls != MAP_USER && strncmp(msg, "ESMA104E", 8) != 0)
			rs->rs_rb->rb_multi_lists[b->b_cls] = 0;
		b->b_split = 1;
		b->b_next = b->b_lo;
		esmbe_batch_next_single(b);
		return;
	}
	if (strncmp(msg, "ESMA104E", 8) == 0) {
		esmbe_hide(rs->rs_rb, b->b_cls, ids->ri_v[b->b_next]);
		if (!b->b_split) {
			b->b_done = 1;
			return;
		}
		b->b_next++;
		esmbe_batch_next_single(b);
		return;
	}
	esmbe_search_fail(rs, esmbe_exec_map(b->b_agent, b->b_what,
	    LINK_RC_REFUSED, msg, 0, op->o_text, sizeof(op->o_text)));
}

static void
esmbe_batch_queue_lines(struct esmbe_batch *b, const struct link_msg *m)
{
	struct esmbe_chunk *ch;
	size_t i, total = 0, off = 0;

	if (m->lm_nlines == 0)
		return;
	for (i = 0; i < m->lm_nlines; i++)
		total += m->lm_lines[i].bv_len + 1;
	ch = xcalloc(1, sizeof(*ch));
	ch->ch_buf = xmalloc(total);
	ch->ch_lines = xreallocarray(NULL, m->lm_nlines,
	    sizeof(*ch->ch_lines));
	ch->ch_n = m->lm_nlines;
	for (i = 0; i < m->lm_nlines; i++) {
		memcpy(ch->ch_buf + off, m->lm_lines[i].bv_val,
		    m->lm_lines[i].bv_len);
		ch->ch_buf[off + m->lm_lines[i].bv_len] = '\0';
		ch->ch_lines[i].bv_val = ch->ch_buf + off;
		ch->ch_lines[i].bv_len = m->lm_lines[i].bv_len;
		off += m->lm_lines[i].bv_len + 1;
	}
	TAILQ_INSERT_TAIL(&b->b_chunks, ch, ch_entry);
}

static void
esmbe_batch_final(struct esmbe_batch *b, const struct link_msg *m)
{
	struct esmbe_search *rs = b->b_rs;
	struct op *op = rs->rs_op;
	char msg[ESMBE_MSG_MAX] = "";

	if (m->lm_rc == 0 || m->lm_rc == 4) {
		esmbe_batch_queue_lines(b, m);
		if (!b->b_split)
			b->b_done = 1;
		else {
			b->b_next++;
			esmbe_batch_next_single(b);
		}
		return;
	}
	esmbe_msg_add(msg, sizeof(msg), m->lm_lines, m->lm_nlines);
	if (m->lm_rc == LINK_RC_REFUSED) {
		esmbe_batch_refused(b, msg);
		return;
	}
	b->b_agent->ra_failed++;
	rs->rs_rb->rb_cmds_failed++;
	esmbe_search_fail(rs, esmbe_exec_map(b->b_agent, b->b_what, m->lm_rc,
	    msg, 0, op->o_text, sizeof(op->o_text)));
}

static void
esmbe_batch_cb(void *arg, enum link_req_status st, const struct link_msg *m,
    const char *why)
{
	struct esmbe_batch *b = arg;
	struct esmbe_search *rs = b->b_rs;
	struct op *op = rs->rs_op;

	if (st == LINK_REQ_CANCELLED)
		return;
	rs->rs_depth++;
	if (st != LINK_REQ_OK) {
		b->b_req = 0;
		b->b_agent->ra_failed++;
		esmbe_search_fail(rs, esmbe_exec_map_status(b->b_agent,
		    b->b_what, st, why, 0, op->o_text, sizeof(op->o_text)));
	} else if (m->lm_more)
		esmbe_batch_queue_lines(b, m);
	else {
		b->b_req = 0;
		esmbe_batch_final(b, m);
	}
	rs->rs_depth--;
	esmbe_search_pump(rs);
}

/* May the two names go into one listing command? */
static int
esmbe_list_together(const struct esmbe *rb, enum map_class cls,
    const char *a, const char *b)
{
	return rb->rb_dl->dl_list_together == NULL ||
	    rb->rb_dl->dl_list_together(cls, a, b);
}

/* Issue batches while fewer than ESMBE_INFLIGHT are out. */
static void
esmbe_search_issue(struct esmbe_search *rs, enum map_class cls)
{
	const struct esm_ids *ids = esmbe_search_ids(rs, cls);
	struct esmbe_batch *b;
	const char *first;
	size_t max, i, n;

	max = rs->rs_rb->rb_multi_lists[cls] ? rs->rs_rb->rb_batch : 1;
	while (rs->rs_nbatches < ESMBE_INFLIGHT && rs->rs_pos < ids->ri_n &&
	    !rs->rs_ended && !rs->rs_waiting) {
		for (i = rs->rs_pos, n = 0, first = NULL; i < ids->ri_n &&
		    n < max; i++) {
			if (esmbe_is_protected(rs->rs_rb, cls, ids->ri_v[i]))
				continue;
			if (first != NULL && !esmbe_list_together(rs->rs_rb,
			    cls, first, ids->ri_v[i]))
				break;
			if (first == NULL)
				first = ids->ri_v[i];
			n++;
		}
		if (n == 0) {
			rs->rs_pos = i;
			continue;
		}
		b = xcalloc(1, sizeof(*b));
		b->b_rs = rs;
		b->b_cls = cls;
		b->b_lo = rs->rs_pos;
		b->b_hi = i;
		b->b_count = n;
		for (b->b_next = b->b_lo; esmbe_is_protected(rs->rs_rb,
		    cls, ids->ri_v[b->b_next]); b->b_next++)
			;
		TAILQ_INIT(&b->b_chunks);
		b->b_list = rs->rs_rb->rb_dl->dl_list_new(cls, rs->rs_map,
		    esmbe_search_schema(rs),
		    rs->rs_rb->rb_be->be_suffix, esmbe_batch_entry_cb, b);
		rs->rs_pos = i;
		TAILQ_INSERT_TAIL(&rs->rs_batches, b, b_entry);
		rs->rs_nbatches++;
		if (esmbe_batch_send(b, n == 1 ? b->b_next : (size_t)-1) == -1)
			return;
	}
}

/* ---- the id lists -------------------------------------------------- */

static void
esmbe_load_lines(struct esmbe_search *rs, enum map_class cls,
    const struct link_msg *m)
{
	char id[ESM_NAME_MAX + 1];
	size_t i;

	for (i = 0; i < m->lm_nlines; i++)
		if (rs->rs_rb->rb_dl->dl_enum_line(cls, m->lm_lines[i].bv_val,
		    m->lm_lines[i].bv_len, id) == 0 &&
		    !esmbe_is_protected(rs->rs_rb, cls, id))
			esm_ids_add(esmbe_search_ids(rs, cls), id);
}

static void
esmbe_load_cb(void *arg, enum link_req_status st, const struct link_msg *m,
    const char *why)
{
	struct esmbe_search *rs = arg;
	struct op *op = rs->rs_op;
	enum map_class cls = PH_CLASS(rs->rs_phase);

	if (st == LINK_REQ_CANCELLED)
		return;
	if (st != LINK_REQ_OK) {
		rs->rs_lreq = 0;
		rs->rs_lagent->ra_failed++;
		esmbe_search_fail(rs, esmbe_exec_map_status(rs->rs_lagent,
		    rs->rs_lwhat, st, why, 0, op->o_text,
		    sizeof(op->o_text)));
		esmbe_search_pump(rs);
		return;
	}
	if (m->lm_rc == 0 || m->lm_rc == 4)
		esmbe_load_lines(rs, cls, m);
	else
		esmbe_msg_add(rs->rs_lmsg, sizeof(rs->rs_lmsg), m->lm_lines,
		    m->lm_nlines);
	if (m->lm_more)
		return;
	rs->rs_lreq = 0;
	if (m->lm_rc != 0 && m->lm_rc != 4) {
		rs->rs_lagent->ra_failed++;
		rs->rs_rb->rb_cmds_failed++;
		esmbe_search_fail(rs, esmbe_exec_map(rs->rs_lagent, rs->rs_lwhat,
		    m->lm_rc, rs->rs_lmsg, 0, op->o_text,
		    sizeof(op->o_text)));
	} else {
		esm_ids_sort(esmbe_search_ids(rs, cls));
		rs->rs_cur->cu_have[cls] = 1;
		log_debug(LOG_CAT_BACKEND, "conn=%llu op=%llu %s: %zu ids",
		    (unsigned long long)op_conn_id(op),
		    (unsigned long long)op->o_id, rs->rs_lwhat,
		    esmbe_search_ids(rs, cls)->ri_n);
	}
	esmbe_search_pump(rs);
}

/* Returns 1 when the list is there, 0 when a SEARCH is under way. */
static int
esmbe_search_load(struct esmbe_search *rs, enum map_class cls)
{
	char *cmd;
	int rc;

	switch (rs->rs_pick[cls]) {
	case PICK_ONE:
		if (!esmbe_is_protected(rs->rs_rb, cls,
		    rs->rs_pick_id[cls]))
			esm_ids_add(esmbe_search_ids(rs, cls),
			    rs->rs_pick_id[cls]);
		/* FALLTHROUGH */
	case PICK_NONE:
		rs->rs_cur->cu_have[cls] = 1;
		return 1;
	case PICK_MASK:
		cmd = rs->rs_rb->rb_dl->dl_enum_command(cls,
		    rs->rs_pick_id[cls]);
		break;
	default:
		cmd = rs->rs_rb->rb_dl->dl_enum_command(cls, NULL);
		break;
	}
	snprintf(rs->rs_lwhat, sizeof(rs->rs_lwhat), "%s", cmd);
	rs->rs_lmsg[0] = '\0';
	rc = esmbe_request(rs->rs_rb, rs->rs_op, LINK_REQ_COMMAND, cmd, 0,
	    rs->rs_lwhat, NULL, 0, esmbe_load_cb, rs, &rs->rs_lagent,
	    &rs->rs_lreq);
	free(cmd);
	if (rc != 0)
		esmbe_search_fail(rs, rc);
	return 0;
}

/* ---- the state machine --------------------------------------------- */

static void
esmbe_search_next_phase(struct esmbe_search *rs)
{
	rs->rs_phase++;
	rs->rs_pos = 0;
}

/* A class's entries phase: one step.  Returns 1 to go on. */
static int
esmbe_search_step_list(struct esmbe_search *rs)
{
	enum map_class cls = PH_CLASS(rs->rs_phase);
	struct esmbe_batch *b;
	struct esmbe_chunk *ch;
	struct op *op = rs->rs_op;
	char err[256];

	if (!(rs->rs_want & PH_BIT(rs->rs_phase))) {
		esmbe_search_next_phase(rs);
		return 1;
	}
	if (!rs->rs_cur->cu_have[cls])
		return rs->rs_lreq == 0 ? esmbe_search_load(rs, cls) : 0;
	if ((b = TAILQ_FIRST(&rs->rs_batches)) != NULL) {
		if ((ch = TAILQ_FIRST(&b->b_chunks)) != NULL) {
			TAILQ_REMOVE(&b->b_chunks, ch, ch_entry);
			if (rs->rs_rb->rb_dl->dl_list_feed(b->b_list,
			    ch->ch_lines, ch->ch_n,
			    err, sizeof(err)) == -1) {
				snprintf(op->o_text, sizeof(op->o_text),
				    "cannot read the output of %s: %s",
				    b->b_what, err);
				esmbe_search_fail(rs, LDAP_OTHER);
			}
			esmbe_chunk_free(ch);
			return !rs->rs_ended;
		}
		if (!b->b_done) {
			esmbe_search_issue(rs, cls);
			return 0;
		}
		if (rs->rs_rb->rb_dl->dl_list_end(b->b_list, err,
		    sizeof(err)) == -1) {
			snprintf(op->o_text, sizeof(op->o_text), "cannot read "
			    "the output of %s: %s", b->b_what, err);
			esmbe_search_fail(rs, LDAP_OTHER);
		}
		TAILQ_REMOVE(&rs->rs_batches, b, b_entry);
		rs->rs_nbatches--;
		esmbe_batch_free(b);
		return !rs->rs_ended;
	}
	if (rs->rs_pos < esmbe_search_ids(rs, cls)->ri_n) {
		esmbe_search_issue(rs, cls);
		return !rs->rs_ended && TAILQ_EMPTY(&rs->rs_batches);
	}
	esmbe_search_next_phase(rs);
	return 1;
}

/* One step.  Returns 1 to go on, 0 when waiting or ended. */
static int
esmbe_search_step(struct esmbe_search *rs)
{
	struct esmbe_qentry *qe;
	enum esmbe_node node;

	if ((qe = TAILQ_FIRST(&rs->rs_queue)) != NULL)
		return esmbe_search_send(rs, qe);
	if (rs->rs_phase >= PH_DONE) {
		esmbe_search_end(rs, LDAP_SUCCESS);
		return 0;
	}
	if (PH_IS_LIST(rs->rs_phase))
		return esmbe_search_step_list(rs);
	if (rs->rs_want & PH_BIT(rs->rs_phase)) {
		node = rs->rs_phase == PH_SUFFIX ? ESMBE_NODE_SUFFIX :
		    ESMBE_NODE_CONTAINER;
		esmbe_search_queue(rs, esmbe_node_entry(rs->rs_rb, rs->rs_map,
		    node, rs->rs_phase == PH_SUFFIX ? MAP_USER :
		    PH_CLASS(rs->rs_phase)), rs->rs_phase + 1, 0);
	}
	esmbe_search_next_phase(rs);
	return 1;
}

static void
esmbe_search_pump(struct esmbe_search *rs)
{
	rs->rs_depth++;
	while (!rs->rs_dead && !rs->rs_ended && !rs->rs_waiting &&
	    esmbe_search_step(rs))
		;
	rs->rs_depth--;
	esmbe_search_settle(rs);
}

/* ---- what the filter lets RACF answer ------------------------------ */

/* An item of the filter or of its top-level ANDs on at with choice. */
static const struct filter *
esmbe_filter_pick(const struct filter *f, const struct schema_at *at,
    ber_tag_t choice)
{
	const struct filter *r;
	size_t i;

	if (f == NULL || at == NULL)
		return NULL;
	if (f->f_choice == LDAP_FILTER_AND) {
		for (i = 0; i < f->f_nlist; i++)
			if ((r = esmbe_filter_pick(f->f_list[i], at,
			    choice)) != NULL)
				return r;
		return NULL;
	}
	if (f->f_choice != choice || f->f_undefined || f->f_at != at)
		return NULL;
	if (choice == LDAP_FILTER_SUBSTRINGS && f->f_initial.bv_val == NULL)
		return NULL;
	return f;
}

static int
esmbe_class_has_oc(const struct map *m, enum map_class cls,
    const struct schema *s, const char *oc)
{
	const struct map_classdef *mc = &m->m_class[cls];
	const struct schema_oc *want = schema_find_oc(s, oc);
	size_t i;

	for (i = 0; i < mc->mc_nocs; i++)
		if (strcasecmp(mc->mc_ocs[i], oc) == 0 || (want != NULL &&
		    schema_find_oc(s, mc->mc_ocs[i]) == want))
			return 1;
	return 0;
}

static int
esmbe_class_has_at(const struct map *m, enum map_class cls,
    const struct schema_at *at)
{
	size_t i;

	for (i = 0; i < m->m_nattrs; i++)
		if (m->m_attrs[i].ma_class == cls &&
		    m->m_attrs[i].ma_at != NULL &&
		    !(m->m_attrs[i].ma_flags & MAP_F_WRITEONLY) &&
		    schema_at_is_a(m->m_attrs[i].ma_at, at))
			return 1;
	return 0;
}

/* Can no entry of the class match f (an AND item says so)? */
static int
esmbe_filter_excludes(const struct filter *f, const struct map *m,
    enum map_class cls, const struct schema *s)
{
	size_t i;

	switch (f->f_choice) {
	case LDAP_FILTER_AND:
		for (i = 0; i < f->f_nlist; i++)
			if (esmbe_filter_excludes(f->f_list[i], m, cls, s))
				return 1;
		return 0;
	case LDAP_FILTER_EQUALITY:
	case LDAP_FILTER_SUBSTRINGS:
	case LDAP_FILTER_GE:
	case LDAP_FILTER_LE:
	case LDAP_FILTER_APPROX:
	case LDAP_FILTER_PRESENT:
		break;
	default:
		return 0;
	}
	if (f->f_undefined || f->f_at == NULL)
		return 0;
	if (schema_at_is_named(f->f_at, "objectClass"))
		return f->f_choice == LDAP_FILTER_EQUALITY &&
		    !esmbe_class_has_oc(m, cls, s, f->f_value.bv_val);
	if (schema_at_is_named(f->f_at, "hasSubordinates") ||
	    schema_at_is_operational(f->f_at))
		return 0;
	return !esmbe_class_has_at(m, cls, f->f_at);
}

static void
esmbe_search_pushdown(struct esmbe_search *rs, const struct filter *f)
{
	const struct schema_at *at;
	const struct filter *item;
	const char *why;
	int cls;

	for (cls = 0; cls < MAP_CLASS__MAX; cls++) {
		if (!rs->rs_map->m_class[cls].mc_defined) {
			rs->rs_want &= ~(PH_BIT(PH_OU(cls)) |
			    PH_BIT(PH_LIST(cls)));
			continue;
		}
		at = rs->rs_map->m_class[cls].mc_rdn_at;
		rs->rs_pick[cls] = PICK_ALL;
		if ((item = esmbe_filter_pick(f, at,
		    LDAP_FILTER_EQUALITY)) != NULL) {
			rs->rs_pick[cls] = esmbe_quote_name(rs->rs_rb, cls,
			    item->f_value.bv_val, item->f_value.bv_len,
			    rs->rs_pick_id[cls], &why) == 0 ? PICK_ONE :
			    PICK_NONE;
		} else if ((item = esmbe_filter_pick(f, at,
		    LDAP_FILTER_SUBSTRINGS)) != NULL) {
			/* The start of a name of parts ("FAC/") need not
			   be a name itself: then the class is listed. */
			if (esmbe_quote_name(rs->rs_rb, cls,
			    item->f_initial.bv_val, item->f_initial.bv_len,
			    rs->rs_pick_id[cls], &why) == 0)
				rs->rs_pick[cls] = PICK_MASK;
			else
				rs->rs_pick[cls] = rs->rs_rb->rb_dl->
				    dl_quote_name[cls] != NULL ? PICK_ALL :
				    PICK_NONE;
		}
		if (f != NULL && esmbe_filter_excludes(f, rs->rs_map,
		    (enum map_class)cls, esmbe_search_schema(rs)))
			rs->rs_want &= ~PH_BIT(PH_LIST(cls));
	}
}

/* ---- the hook ------------------------------------------------------ */

static unsigned int
esmbe_search_scope(enum esmbe_node node, enum map_class cls, int scope)
{
	unsigned int self, kids;
	int c;

	if (node == ESMBE_NODE_SUFFIX) {
		self = PH_BIT(PH_SUFFIX);
		for (kids = 0, c = 0; c < MAP_CLASS__MAX; c++)
			kids |= PH_BIT(PH_OU(c));
	} else {
		self = PH_BIT(PH_OU(cls));
		kids = PH_BIT(PH_LIST(cls));
	}
	switch (scope) {
	case LDAP_SCOPE_BASE:
		return self;
	case LDAP_SCOPE_ONELEVEL:
		return kids;
	case LDAP_SCOPE_SUBORDINATE:
		return node == ESMBE_NODE_SUFFIX ? PH_ALL & ~self : kids;
	default:
		return node == ESMBE_NODE_SUFFIX ? PH_ALL : self | kids;
	}
}

static struct esmbe_search *
esmbe_search_new(struct op *op, struct esmbe *rb, enum esmbe_node node,
    enum map_class cls)
{
	struct esmbe_search *rs;
	struct esmbe_cursor *cu;

	rs = xcalloc(1, sizeof(*rs));
	rs->rs_kind = ESMBE_CTX_SEARCH;
	rs->rs_op = op;
	rs->rs_rb = rb;
	rs->rs_map = map_ref(rb->rb_map);
	TAILQ_INIT(&rs->rs_batches);
	TAILQ_INIT(&rs->rs_queue);
	rs->rs_want = esmbe_search_scope(node, cls, op->o_req.r.search.scope);
	esmbe_search_pushdown(rs, op->o_req.r.search.filter);
	if ((cu = op_page_cursor(op)) != NULL) {
		rs->rs_cur = cu;	/* the op's */
		rs->rs_phase = cu->cu_phase;
		rs->rs_pos = cu->cu_pos;
	} else {
		rs->rs_cur = xcalloc(1, sizeof(*rs->rs_cur));
		rs->rs_cur_owned = 1;
		rs->rs_phase = PH_SUFFIX;
	}
	op->o_be_ctx = rs;
	return rs;
}

/* ---- a base that is one leaf entry ---------------------------------- */

static void
esmbe_leaf_fetched(struct esmbe_op *ro, int rc)
{
	struct op *op = ro->ro_op;
	int scope = op->o_req.r.search.scope;
	char classes[64];

	if (rc != 0 && rc != LDAP_NO_SUCH_OBJECT &&
	    rc != ESMBE_FETCH_PROTECTED) {
		esmbe_op_end(ro, rc);
		return;
	}
	if (rc != 0 || ro->ro_loc.rl_below) {
		op_set_matched(op, rc == 0 ? ro->ro_entry->e_dn :
		    ro->ro_loc.rl_matched);
		esmbe_class_list(ro->ro_map, ESMBE_CL_NAMES, classes,
		    sizeof(classes));
		if (rc == 0)
			snprintf(op->o_text, sizeof(op->o_text), "no such "
			    "entry: %s %s have no entries below them",
			    ro->ro_rb->rb_dl->dl_name, classes);
		else
			snprintf(op->o_text, sizeof(op->o_text), "no such "
			    "entry");
		esmbe_op_end(ro, LDAP_NO_SUCH_OBJECT);
		return;
	}
	op->o_text[0] = '\0';
	if (scope == LDAP_SCOPE_ONELEVEL || scope == LDAP_SCOPE_SUBORDINATE) {
		esmbe_op_end(ro, LDAP_SUCCESS);
		return;
	}
	ro->ro_busy = 1;
	rc = op_send_entry(op, ro->ro_entry);
	ro->ro_busy = 0;
	if (ro->ro_dead) {
		esmbe_op_free(ro);
		return;
	}
	esmbe_op_end(ro, rc == 0 || rc == OP_WAIT || rc == OP_PAGE_FULL ?
	    LDAP_SUCCESS : rc);
}

static int
esmbe_search_leaf(struct op *op, struct esmbe *rb)
{
	struct esmbe_op *ro;
	struct esmbe_loc *loc;

	ro = esmbe_op_new(op, rb);
	loc = &ro->ro_loc;
	if (esmbe_locate(rb, ro->ro_map, op->o_dn, op->o_ndn, loc) == -1 ||
	    loc->rl_node != ESMBE_NODE_LEAF) {
		snprintf(op->o_text, sizeof(op->o_text), "no such entry");
		esmbe_op_end(ro, LDAP_NO_SUCH_OBJECT);
	} else if (esmbe_is_protected(rb, loc->rl_cls, loc->rl_id)) {
		/* Protected ids are invisible. */
		op_set_matched(op, loc->rl_matched);
		snprintf(op->o_text, sizeof(op->o_text), "no such entry");
		esmbe_op_end(ro, LDAP_NO_SUCH_OBJECT);
	} else
		esmbe_fetch(ro, esmbe_leaf_fetched);
	return esmbe_op_hook_return(ro);
}

int
esmbe_search(struct op *op)
{
	struct esmbe *rb = esmbe_of(op);
	struct esmbe_search *rs;
	struct esmbe_loc loc;
	int rc;

	if (esmbe_locate(rb, rb->rb_map, op->o_dn, op->o_ndn, &loc) == -1) {
		snprintf(op->o_text, sizeof(op->o_text), "%s is not a DN",
		    op->o_dn);
		return LDAP_INVALID_DN_SYNTAX;
	}
	switch (loc.rl_node) {
	case ESMBE_NODE_NONE:
		op_set_matched(op, loc.rl_matched);
		snprintf(op->o_text, sizeof(op->o_text), "no such entry%s%s",
		    loc.rl_why[0] != '\0' ? ": " : "", loc.rl_why);
		esmbe_loc_clear(&loc);
		return LDAP_NO_SUCH_OBJECT;
	case ESMBE_NODE_LEAF:
		esmbe_loc_clear(&loc);
		return esmbe_search_leaf(op, rb);
	default:
		break;
	}
	rs = esmbe_search_new(op, rb, loc.rl_node, loc.rl_cls);
	esmbe_loc_clear(&loc);
	rs->rs_in_hook = 1;
	esmbe_search_pump(rs);
	rs->rs_in_hook = 0;
	if (rs->rs_dead) {
		/* cancelled during the hook: nothing more is ours */
		esmbe_search_free(rs);
		return OP_PENDING;
	}
	if (!rs->rs_ended)
		return OP_PENDING;
	rc = rs->rs_result;
	op->o_be_ctx = NULL;
	esmbe_search_free(rs);
	return rc;
}
