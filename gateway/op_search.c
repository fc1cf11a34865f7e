/*
 * op_search.c - search and compare: the frontend's half.
 *
 * The backend produces the entries within the search's scope; this file
 * evaluates the filter against each, selects the attributes the client
 * asked for (RFC 4511 §4.5.1.8: none means all user attributes, "*" all
 * user attributes, "+" all operational ones (RFC 3673), "1.1" none),
 * counts the size limit, paces the output and counts pages.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <event2/event.h>
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
#include "gateway/sync.h"
#include "gateway/schema.h"

/* Operational attributes every entry has, computed here. */
#define OP_EXTRA_ATTRS	2

static void
op_search_select_init(struct op *op)
{
	struct op_search *os = &op->o_search;
	const struct schema *schema = op->o_conn->c_gw->gw_schema;
	const struct berval *a;
	size_t i;

	os->os_attrs = op->o_req.r.search.attrs;
	os->os_nattrs = op->o_req.r.search.nattrs;
	os->os_all_user = os->os_nattrs == 0;
	os->os_want = xcalloc(os->os_nattrs + 1, sizeof(*os->os_want));
	for (i = 0; i < os->os_nattrs; i++) {
		a = &os->os_attrs[i];
		if (pdu_bv_eq(a, "*"))
			os->os_all_user = 1;
		else if (pdu_bv_eq(a, "+"))
			os->os_all_op = 1;
		else
			os->os_want[i] = schema_find_at_len(schema, a->bv_val,
			    a->bv_len);
	}
	/* "1.1" alone means no attributes; with others it is ignored. */
	os->os_none = os->os_nattrs == 1 && pdu_bv_eq(&os->os_attrs[0],
	    "1.1");
	os->os_at_entrydn = schema_find_at(schema, "entryDN");
	os->os_at_subschema = schema_find_at(schema, "subschemaSubentry");
}

/* The client named this attribute, or a supertype of it. */
static int
op_search_named(const struct op *op, const char *name,
    const struct schema_at *at)
{
	const struct op_search *os = &op->o_search;
	const struct berval *a;
	size_t i;

	for (i = 0; i < os->os_nattrs; i++) {
		a = &os->os_attrs[i];
		if (at != NULL && os->os_want[i] != NULL) {
			if (schema_at_is_a(at, os->os_want[i]))
				return 1;
		} else if (a->bv_len == strlen(name) &&
		    strncasecmp(a->bv_val, name, a->bv_len) == 0)
			return 1;
	}
	return 0;
}

static int
op_search_wants(const struct op *op, const char *name,
    const struct schema_at *at)
{
	const struct op_search *os = &op->o_search;
	int operational = at != NULL && schema_at_is_operational(at) &&
	    !os->os_dse;

	if (os->os_none)
		return 0;
	/* Asked for first: the access rules only for what would go out. */
	if (!(operational ? os->os_all_op : os->os_all_user) &&
	    !op_search_named(op, name, at))
		return 0;
	return op_acl_readable(op, at);
}

/* entryDN (RFC 5020) and subschemaSubentry (RFC 4512 §4.2). */
static size_t
op_search_extras(struct op *op, const struct entry *e, struct attr *extra,
    struct berval *vals)
{
	const struct op_search *os = &op->o_search;
	const char *names[OP_EXTRA_ATTRS] = { "entryDN", "subschemaSubentry" };
	const struct schema_at *ats[OP_EXTRA_ATTRS] = { os->os_at_entrydn,
	    os->os_at_subschema };
	const char *values[OP_EXTRA_ATTRS] = { e->e_dn, SUBSCHEMA_DN };
	size_t i, n = 0;

	if (op->o_search.os_dse)
		return 0;
	for (i = 0; i < OP_EXTRA_ATTRS; i++) {
		memset(&extra[n], 0, sizeof(extra[n]));
		extra[n].a_name = (char *)names[i];
		extra[n].a_at = ats[i];
		if (!op_search_wants(op, names[i], extra[n].a_at))
			continue;
		vals[n].bv_val = (char *)values[i];
		vals[n].bv_len = strlen(values[i]);
		extra[n].a_vals = &vals[n];
		extra[n].a_nvals = 1;
		n++;
	}
	return n;
}

static int
op_search_encode(struct op *op, const struct entry *e, struct berval *bv,
    const struct pdu_control *ctrls, size_t nctrls)
{
	struct op_search *os = &op->o_search;
	const struct attr **sel;
	struct attr extra[OP_EXTRA_ATTRS];
	struct berval vals[OP_EXTRA_ATTRS];
	size_t i, n = 0, nextra;

	/* One scratch array per search, grown to the widest entry. */
	if (os->os_selcap < e->e_nattrs + OP_EXTRA_ATTRS) {
		os->os_selcap = e->e_nattrs + OP_EXTRA_ATTRS;
		os->os_sel = xreallocarray(os->os_sel, os->os_selcap,
		    sizeof(*os->os_sel));
	}
	sel = os->os_sel;
	for (i = 0; i < e->e_nattrs; i++)
		if (e->e_attrs[i].a_nvals > 0 &&
		    op_search_wants(op, e->e_attrs[i].a_name,
		    e->e_attrs[i].a_at))
			sel[n++] = &e->e_attrs[i];
	nextra = op_search_extras(op, e, extra, vals);
	for (i = 0; i < nextra; i++)
		sel[n++] = &extra[i];
	return pdu_encode_entry(bv, op->o_msgid, e->e_dn,
	    (const struct attr *const *)sel, n,
	    op->o_req.r.search.typesonly, ctrls, nctrls);
}

/* Encode and queue e (the filter was decided); secret: zeroed once sent. */
static int
op_send_encoded(struct op *op, const struct entry *e,
    const struct pdu_control *ctrls, size_t nctrls, int secret)
{
	struct op_search *os = &op->o_search;
	struct gateway *gw = op->o_conn->c_gw;
	struct berval bv;
	int high;

	if (op->o_finished || op->o_abandoned || op->o_conn->c_closing)
		return LDAP_CANCELLED;
	if (os->os_sizelimit != 0 && os->os_sent >= os->os_sizelimit) {
		snprintf(op->o_text, sizeof(op->o_text), "size limit of %u "
		    "entries exceeded", os->os_sizelimit);
		return LDAP_SIZELIMIT_EXCEEDED;
	}
	if (op_search_encode(op, e, &bv, ctrls, nctrls) == -1) {
		snprintf(op->o_text, sizeof(op->o_text), "cannot encode "
		    "entry %s", e->e_dn);
		return LDAP_OTHER;
	}
	high = secret ? conn_send_secret(op->o_conn, &bv) :
	    conn_send(op->o_conn, &bv);
	os->os_sent++;
	gw->gw_count.gc_entries_sent++;
	if (os->os_paged && ++os->os_page_sent >= (uint64_t)os->os_page_size)
		return OP_PAGE_FULL;
	return high == 1 ? OP_WAIT : 0;
}

int
op_search_matches(struct op *op, const struct entry *e)
{
	return op_acl_admits(op, e, NULL) &&
	    op_acl_filter(op, e) == FILTER_TRUE;
}

static int
op_send_filtered(struct op *op, const struct entry *e, int secret)
{
	if (op->o_finished || op->o_abandoned || op->o_conn->c_closing)
		return LDAP_CANCELLED;
	if (!op_search_matches(op, e))
		return 0;
	if (op->o_search.os_sync != NULL)
		return sync_refresh_entry(op, e);
	return op_send_encoded(op, e, NULL, 0, secret);
}

int
op_send_entry(struct op *op, const struct entry *e)
{
	return op_send_filtered(op, e, 0);
}

int
op_send_entry_secret(struct op *op, const struct entry *e)
{
	return op_send_filtered(op, e, 1);
}

int
op_send_entry_ctrls(struct op *op, const struct entry *e,
    const struct pdu_control *ctrls, size_t nctrls)
{
	return op_send_encoded(op, e, ctrls, nctrls, 0);
}

static void
op_search_timeout_cb(evutil_socket_t fd, short what, void *arg)
{
	struct op *op = arg;
	char text[96];

	snprintf(text, sizeof(text), "time limit of %d seconds exceeded",
	    (int)op->o_search.os_timelimit);
	op_stop(op, LDAP_TIMELIMIT_EXCEEDED, text);
}

/* The smaller of the client's and the server's limits; 0 is none. */
static unsigned int
op_search_limit(ber_int_t client, size_t server)
{
	if (client <= 0)
		return (unsigned int)server;
	if (server == 0 || (size_t)client < server)
		return (unsigned int)client;
	return (unsigned int)server;
}

static void
op_search_limits(struct op *op)
{
	struct op_search *os = &op->o_search;
	struct gateway *gw = op->o_conn->c_gw;
	struct timeval tv;

	os->os_sizelimit = op_search_limit(op->o_req.r.search.sizelimit,
	    gw->gw_sizelimit);
	os->os_timelimit = op_search_limit(op->o_req.r.search.timelimit,
	    gw->gw_timelimit);
	if (os->os_timelimit == 0)
		return;
	os->os_timer = evtimer_new(gw->gw_base, op_search_timeout_cb, op);
	tv.tv_sec = os->os_timelimit;
	tv.tv_usec = 0;
	evtimer_add(os->os_timer, &tv);
}

/* Root DSE and cn=Subschema: answered here, for everyone. */
static int
op_search_special(struct op *op, int *rc)
{
	ber_int_t scope = op->o_req.r.search.scope;

	if (op->o_ndn[0] == '\0') {
		*rc = scope == LDAP_SCOPE_BASE ? rootdse_search(op) :
		    LDAP_NO_SUCH_OBJECT;
		if (*rc == LDAP_NO_SUCH_OBJECT)
			snprintf(op->o_text, sizeof(op->o_text), "the root "
			    "DSE has no entries below it here: search one "
			    "of its namingContexts");
		return 1;
	}
	if (rootdse_is_subschema(op->o_ndn)) {
		*rc = scope == LDAP_SCOPE_ONELEVEL ? LDAP_SUCCESS :
		    rootdse_search(op);
		return 1;
	}
	return 0;
}

int
op_search_run(struct op *op)
{
	int rc;

	op_search_select_init(op);
	if (op->o_req.r.search.scope > LDAP_SCOPE_SUBTREE) {
		snprintf(op->o_text, sizeof(op->o_text), "search scope %d is "
		    "not supported: use base, one or sub",
		    (int)op->o_req.r.search.scope);
		rc = LDAP_UNWILLING_TO_PERFORM;
		goto done;
	}
	if ((rc = op_target(op, &op->o_req.r.search.base)) !=
	    LDAP_SUCCESS)
		goto done;
	if ((rc = paged_begin(op)) != LDAP_SUCCESS) {
		if (rc == -1)
			rc = LDAP_SUCCESS;	/* page size 0: search ended */
		goto done;
	}
	if ((rc = psearch_begin(op)) != LDAP_SUCCESS)
		goto done;
	op_search_limits(op);
	if (op_search_special(op, &rc))
		goto done;
	if ((rc = op_route(op, OP_READ)) != LDAP_SUCCESS)
		goto done;
	if ((rc = sync_begin(op)) != LDAP_SUCCESS)
		goto done;
	if (sync_read_changed(op) == OP_PENDING)
		return OP_PENDING;
	/* changesOnly: no first phase, the search waits for changes. */
	if (op->o_search.os_ps != NULL &&
	    op->o_search.os_ps->ps_req.pr_changes_only &&
	    psearch_persist(op, LDAP_SUCCESS))
		return OP_PENDING;
	if ((rc = op_call_backend(op, op->o_be->be_info->bi_search,
	    "search")) == OP_PENDING)
		return OP_PENDING;
done:
	op_finish(op, rc, NULL);
	return rc;
}

int
op_compare_run(struct op *op)
{
	int rc;

	if ((rc = op_target(op, &op->o_req.r.compare.dn)) !=
	    LDAP_SUCCESS)
		goto done;
	if ((rc = op_route(op, OP_READ)) != LDAP_SUCCESS)
		goto done;
	if ((rc = op_call_backend(op, op->o_be->be_info->bi_compare,
	    "compare")) == OP_PENDING)
		return OP_PENDING;
done:
	op_finish(op, rc, NULL);
	return rc;
}
