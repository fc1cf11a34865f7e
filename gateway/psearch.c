/*
 * psearch.c - persistent search: the control, the open searches of the
 * gateway, and the changes sent to them.  See psearch.h.
 *
 * Only the changelog's changes reach persistent searches, whoever made
 * them (an LDAP client through the gateway or an admin on the
 * mainframe): the gateway's own writes come back from the ESM's exits
 * like every other change, so each change is sent once.
 *
 * A change is matched and sent in one pass over the open searches;
 * searches that must end (size limit) and connections that must go
 * (a reader too slow) are only noted during the pass and ended after
 * it, since ending one frees operations the pass would still visit.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>
#include <ldap.h>

#include "log.h"
#include "xmalloc.h"
#include "gateway/gw.h"
#include "gateway/conn.h"
#include "gateway/dn.h"
#include "gateway/entry.h"
#include "gateway/filter.h"
#include "gateway/op.h"
#include "gateway/pdu.h"
#include "gateway/psearch.h"
#include "gateway/schema.h"
#include "gateway/sync.h"

static struct psearch *psearch_new(struct op *, const struct psearch_req *,
		    int);

int
psearch_decode(const struct berval *value, struct psearch_req *req,
    const char **why)
{
	ber_int_t types;
	int only, ecs;

	if (value == NULL || value->bv_len == 0) {
		*why = "the persistent search control needs a value: "
		    "SEQUENCE { changeTypes, changesOnly, returnECs }";
		return -1;
	}
	if (pdu_psearch_decode(value, &types, &only, &ecs) == -1) {
		*why = "the persistent search control's value is not "
		    "SEQUENCE { changeTypes INTEGER, changesOnly BOOLEAN, "
		    "returnECs BOOLEAN }";
		return -1;
	}
	if (types < 1 || types > PS_ALL) {
		*why = "changeTypes must be 1 to 15: add 1, delete 2, "
		    "modify 4, modDN 8";
		return -1;
	}
	req->pr_types = types;
	req->pr_changes_only = only;
	req->pr_return_ecs = ecs;
	return 0;
}

int
psearch_encode_ecn(int type, const char *prevdn, uint64_t number,
    struct berval *out)
{
	/* changeNumber is an INTEGER of LDAP's range: larger is left out */
	return pdu_ecn_encode(out, type, type == PS_MODDN ? prevdn : NULL,
	    number <= (uint64_t)INT32_MAX ? (ber_int_t)number : 0);
}

int
psearch_in_scope(const char *base, int scope, const char *ndn)
{
	int d = dn_depth_below(ndn, base);

	switch (scope) {
	case LDAP_SCOPE_BASE:
		return d == 0;
	case LDAP_SCOPE_ONELEVEL:
		return d == 1;
	case LDAP_SCOPE_SUBORDINATE:
		return d >= 1;
	default:
		return d >= 0;
	}
}

static const struct pdu_control *
psearch_control(const struct op *op)
{
	size_t i;

	for (i = 0; i < op->o_req.r_nctrls; i++)
		if (pdu_bv_eq(&op->o_req.r_ctrls[i].c_oid, PDU_OID_PSEARCH))
			return &op->o_req.r_ctrls[i];
	return NULL;
}

int
psearch_begin(struct op *op)
{
	const struct pdu_control *ctl = psearch_control(op);
	struct psearch_req req;
	const char *why;

	if (ctl == NULL)
		return LDAP_SUCCESS;
	if (psearch_decode(ctl->c_has_value ? &ctl->c_value : NULL, &req,
	    &why) == -1) {
		snprintf(op->o_text, sizeof(op->o_text), "%s", why);
		return LDAP_PROTOCOL_ERROR;
	}
	if (op->o_search.os_paged) {
		snprintf(op->o_text, sizeof(op->o_text), "a persistent search "
		    "cannot be paged: send it without the paged results "
		    "control");
		return LDAP_UNWILLING_TO_PERFORM;
	}
	if (op->o_ndn[0] == '\0' || rootdse_is_subschema(op->o_ndn)) {
		snprintf(op->o_text, sizeof(op->o_text), "the root DSE and "
		    "%s do not change: persistent searches watch a naming "
		    "context", SUBSCHEMA_DN);
		return LDAP_UNWILLING_TO_PERFORM;
	}
	return psearch_new(op, &req, 0) == NULL ? LDAP_ADMINLIMIT_EXCEEDED :
	    LDAP_SUCCESS;
}

/*
 * The op's persistent search state, or NULL (o_text says why) when as
 * many are open as psearch-max allows.
 */
static struct psearch *
psearch_new(struct op *op, const struct psearch_req *req, int sync)
{
	struct gateway *gw = op->o_conn->c_gw;
	struct psearch *ps;

	if (gw->gw_npsearches >= gw->gw_psearch_max) {
		snprintf(op->o_text, sizeof(op->o_text), "%zu persistent "
		    "searches and synchronizations are open, the most this "
		    "gateway keeps (psearch-max): end one first",
		    gw->gw_npsearches);
		return NULL;
	}
	ps = xcalloc(1, sizeof(*ps));
	ps->ps_op = op;
	ps->ps_req = *req;
	ps->ps_sync = sync;
	op->o_search.os_ps = ps;
	return ps;
}

/* Into the gateway's list: changes reach it from now on. */
static void
psearch_link(struct psearch *ps)
{
	struct gateway *gw = ps->ps_op->o_conn->c_gw;

	if (ps->ps_listening)
		return;
	ps->ps_listening = 1;
	TAILQ_INSERT_TAIL(&gw->gw_psearches, ps, ps_entry);
	gw->gw_npsearches++;
}

int
psearch_listen(struct op *op, int sync)
{
	static const struct psearch_req every = { PS_ALL, 0, 0 };
	struct psearch *ps;

	if ((ps = psearch_new(op, &every, sync)) == NULL)
		return LDAP_ADMINLIMIT_EXCEEDED;
	psearch_link(ps);
	return LDAP_SUCCESS;
}

int
psearch_persist(struct op *op, int rc)
{
	struct psearch *ps = op->o_search.os_ps;
	struct gateway *gw = op->o_conn->c_gw;

	if (ps == NULL || ps->ps_open || rc != LDAP_SUCCESS ||
	    op->o_abandoned || op->o_conn->c_closing || gw->gw_stopping)
		return 0;
	ps->ps_open = 1;
	op->o_pending = 1;
	op->o_be_ctx = NULL;
	psearch_link(ps);
	log_info("conn=%llu op=%llu persistent search open on %s (scope %d, "
	    "change types %d%s): %llu entries sent first",
	    (unsigned long long)op->o_conn->c_id,
	    (unsigned long long)op->o_id, op->o_dn,
	    (int)op->o_req.r.search.scope, ps->ps_req.pr_types,
	    ps->ps_req.pr_return_ecs ? ", with entry change notifications" :
	    "", (unsigned long long)op->o_search.os_sent);
	return 1;
}

void
psearch_free(struct op *op)
{
	struct psearch *ps = op->o_search.os_ps;
	struct gateway *gw = op->o_conn->c_gw;

	if (ps == NULL)
		return;
	if (ps->ps_listening) {
		TAILQ_REMOVE(&gw->gw_psearches, ps, ps_entry);
		gw->gw_npsearches--;
		log_info("conn=%llu op=%llu persistent search closed after "
		    "%llu changes (last change number %llu)",
		    (unsigned long long)op->o_conn->c_id,
		    (unsigned long long)op->o_id,
		    (unsigned long long)ps->ps_sent,
		    (unsigned long long)ps->ps_last);
	}
	free(ps);
	op->o_search.os_ps = NULL;
}

/* Searches to end and connections to close once the pass is over. */
struct psearch_after {
	struct op	**pa_ops;
	int		 *pa_rcs;
	size_t		  pa_nops;
	struct conn	**pa_conns;
	uint64_t	 *pa_last;
	size_t		  pa_nconns;
};

static void
psearch_after_op(struct psearch_after *pa, struct op *op, int rc)
{
	pa->pa_ops = xreallocarray(pa->pa_ops, pa->pa_nops + 1,
	    sizeof(*pa->pa_ops));
	pa->pa_rcs = xreallocarray(pa->pa_rcs, pa->pa_nops + 1,
	    sizeof(*pa->pa_rcs));
	pa->pa_ops[pa->pa_nops] = op;
	pa->pa_rcs[pa->pa_nops++] = rc;
}

static void
psearch_after_conn(struct psearch_after *pa, struct conn *c, uint64_t last)
{
	size_t i;

	for (i = 0; i < pa->pa_nconns; i++)
		if (pa->pa_conns[i] == c)
			return;
	pa->pa_conns = xreallocarray(pa->pa_conns, pa->pa_nconns + 1,
	    sizeof(*pa->pa_conns));
	pa->pa_last = xreallocarray(pa->pa_last, pa->pa_nconns + 1,
	    sizeof(*pa->pa_last));
	pa->pa_conns[pa->pa_nconns] = c;
	pa->pa_last[pa->pa_nconns++] = last;
}

static void
psearch_after_run(struct psearch_after *pa)
{
	char text[256];
	size_t i, j;

	/* An op of a connection about to close is ended by the close. */
	for (i = 0; i < pa->pa_nops; i++) {
		for (j = 0; j < pa->pa_nconns; j++)
			if (pa->pa_ops[i]->o_conn == pa->pa_conns[j])
				break;
		if (j == pa->pa_nconns)
			op_finish(pa->pa_ops[i], pa->pa_rcs[i], NULL);
	}
	for (i = 0; i < pa->pa_nconns; i++) {
		snprintf(text, sizeof(text), "persistent search: the client "
		    "reads its changes too slowly (more than psearch-max-"
		    "output bytes wait); reconnect and catch up from "
		    "cn=changelog after change number %llu",
		    (unsigned long long)pa->pa_last[i]);
		log_warnx("conn=%llu %s", (unsigned long long)
		    pa->pa_conns[i]->c_id, text);
		conn_disconnect(pa->pa_conns[i], LDAP_UNAVAILABLE, text);
	}
	free(pa->pa_ops);
	free(pa->pa_rcs);
	free(pa->pa_conns);
	free(pa->pa_last);
}

/*
 * How the change goes to this search: its type, or 0 when it does not
 * concern it.  A synchronization's content is the entries that match
 * its filter, so an entry that changed and matches no more leaves the
 * content: the consumer gets a delete (RFC 4533 §3.3.2), which it
 * ignores if it never had the entry.
 */
static int
psearch_matches(const struct psearch *ps, const struct entry *e,
    const char *ndn, int type)
{
	struct op *op = ps->ps_op;

	if (!(ps->ps_req.pr_types & type) ||
	    !psearch_in_scope(op->o_ndn, op->o_req.r.search.scope, ndn))
		return 0;
	/* What it may not see it is not told of, not even as a delete. */
	if (!op_acl_admits(op, e, ndn))
		return 0;
	/* A deleted entry's attributes went with it: its DN decides. */
	if (type == PS_DELETE || op_acl_filter(op, e) == FILTER_TRUE)
		return type;
	return ps->ps_sync ? PS_DELETE : 0;
}

/* Send the change to one search; note what must happen after. */
static void
psearch_send(struct psearch *ps, const struct entry *e, int type,
    const char *prevdn, uint64_t number, struct psearch_after *pa)
{
	struct op *op = ps->ps_op;
	struct gateway *gw = op->o_conn->c_gw;
	struct pdu_control ecn;
	int rc;

	if (conn_output_pending(op->o_conn) > gw->gw_psearch_out_max) {
		psearch_after_conn(pa, op->o_conn, ps->ps_last);
		return;
	}
	memset(&ecn, 0, sizeof(ecn));
	if (ps->ps_sync) {
		if (sync_change_control(op, e, type, number, &ecn) == -1) {
			log_warnx("conn=%llu op=%llu cannot encode the sync "
			    "state of %s", (unsigned long long)op->o_conn->c_id,
			    (unsigned long long)op->o_id, e->e_dn);
			return;
		}
	} else if (ps->ps_req.pr_return_ecs) {
		ecn.c_oid.bv_val = (char *)PDU_OID_ECN;
		ecn.c_oid.bv_len = strlen(PDU_OID_ECN);
		ecn.c_has_value = 1;
		if (psearch_encode_ecn(type, prevdn, number,
		    &ecn.c_value) == -1) {
			log_warnx("conn=%llu op=%llu cannot encode the entry "
			    "change notification of %s",
			    (unsigned long long)op->o_conn->c_id,
			    (unsigned long long)op->o_id, e->e_dn);
			return;
		}
	}
	rc = op_send_entry_ctrls(op, e, ecn.c_has_value ? &ecn : NULL,
	    ecn.c_has_value ? 1 : 0);
	ber_memfree(ecn.c_value.bv_val);
	if (rc == 0 || rc == OP_WAIT) {
		ps->ps_sent++;
		if (number > 0)
			ps->ps_last = number;
		return;
	}
	psearch_after_op(pa, op, rc);
}

/* Should this search get the change at all? */
static int
psearch_wants(const struct psearch *ps, uint64_t number, int suppressed)
{
	if (ps->ps_op->o_conn->c_closing)
		return 0;
	if (ps->ps_sync)	/* replication: every change once */
		return !sync_covers(ps->ps_op, number);
	return ps->ps_open && !suppressed;
}

void
psearch_notify(struct gateway *gw, const struct entry *e, int type,
    const char *prevdn, uint64_t number, int suppressed)
{
	struct psearch_after pa;
	struct psearch *ps;
	struct entry *gone = NULL, *copy;
	const struct entry *seen;
	const char *why;
	char *ndn;
	int as;

	if (TAILQ_EMPTY(&gw->gw_psearches))
		return;
	if (dn_normalize_str(e->e_dn, strlen(e->e_dn), gw->gw_schema, &ndn,
	    &why) == -1) {
		log_warnx("persistent search: change %llu names %s, not a "
		    "DN (%s): not sent", (unsigned long long)number, e->e_dn,
		    why);
		return;
	}
	memset(&pa, 0, sizeof(pa));
	TAILQ_FOREACH(ps, &gw->gw_psearches, ps_entry) {
		/* A cn=changelog record as this search may see it. */
		if (!psearch_wants(ps, number, suppressed) ||
		    (seen = op_acl_record(ps->ps_op, e, &copy)) == NULL)
			continue;
		as = psearch_matches(ps, seen, ndn, type);
		if (as == PS_DELETE && type != PS_DELETE) {
			/* Left the content: its DN alone, as a delete. */
			if (gone == NULL)
				gone = entry_new(e->e_dn);
			psearch_send(ps, gone, as, NULL, number, &pa);
		} else if (as != 0)
			psearch_send(ps, seen, as, prevdn, number, &pa);
		entry_free(copy);
	}
	entry_free(gone);
	free(ndn);
	psearch_after_run(&pa);
}

void
psearch_status(struct gateway *gw, struct evbuffer *out)
{
	evbuffer_add_printf(out, "persistent-searches %zu max %zu "
	    "max-output %zu\n", gw->gw_npsearches, gw->gw_psearch_max,
	    gw->gw_psearch_out_max);
}
