/*
 * op.c - an operation's lifetime: receive, decode, check controls,
 * dispatch to its runner, finish.  See op.h for the picture.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>
#include <ldap.h>

#include "log.h"
#include "utf8.h"
#include "xmalloc.h"
#include "link.h"
#include "gateway/gw.h"
#include "gateway/conn.h"
#include "gateway/dn.h"
#include "gateway/op.h"
#include "gateway/pdu.h"
#include "gateway/psearch.h"
#include "gateway/schema.h"
#include "gateway/sync.h"

int
op_cmp(struct op *a, struct op *b)
{
	return a->o_msgid < b->o_msgid ? -1 : a->o_msgid > b->o_msgid;
}

RB_GENERATE(op_tree, op, o_node, op_cmp)

static const struct pdu_limits *
op_limits(void)
{
	static const struct pdu_limits limits = {
		.pl_max_attrs = 1000,
		.pl_max_values = 10000,
		.pl_max_controls = 32,
		.pl_filter_depth = 64,
		.pl_filter_items = 1000,
	};

	return &limits;
}

static void
op_free(struct op *op)
{
	size_t i;

	pdu_req_clear(&op->o_req);
	if (op->o_pdu.bv_val != NULL)
		xfree_secret(op->o_pdu.bv_val, op->o_pdu.bv_len);
	if (op->o_ext_value.bv_val != NULL) {
		if (op->o_ext_secret)
			explicit_bzero(op->o_ext_value.bv_val,
			    op->o_ext_value.bv_len);
		ber_memfree(op->o_ext_value.bv_val);
	}
	for (i = 0; i < op->o_nres_ctrls; i++)
		ber_memfree(op->o_res_ctrls[i].c_value.bv_val);
	free(op->o_search.os_want);
	free(op->o_search.os_sel);
	if (op->o_search.os_timer != NULL)
		event_free(op->o_search.os_timer);
	if (op->o_search.os_cursor != NULL && op->o_search.os_cursor_free)
		op->o_search.os_cursor_free(op->o_search.os_cursor);
	psearch_free(op);
	sync_free(op);
	op_acl_free(op);
	free(op->o_dn);
	free(op->o_ndn);
	free(op->o_matched);
	free(op);
}

static long
op_elapsed_ms(const struct op *op)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - op->o_start.tv_sec) * 1000 +
	    (now.tv_nsec - op->o_start.tv_nsec) / 1000000;
}

static void
op_log_result(const struct op *op, int rc, const char *text)
{
	char extra[64] = "";

	if (op->o_tag == LDAP_REQ_SEARCH)
		snprintf(extra, sizeof(extra), " entries=%llu",
		    (unsigned long long)op->o_search.os_sent);
	log_info("conn=%llu op=%llu %s result=%d%s etime=%ldms%s%s%s",
	    (unsigned long long)op->o_conn->c_id,
	    (unsigned long long)op->o_id, pdu_op_name(op->o_tag), rc, extra,
	    op_elapsed_ms(op), op->o_abandoned ? " abandoned" : "",
	    text != NULL && *text != '\0' ? " text=" : "",
	    text != NULL ? text : "");
}

/*
 * Diagnostic texts quote what the client sent (a DN, an OID), but an
 * LDAPString is UTF-8 (RFC 4511 §4.1.2): text into buf, its control
 * characters and bytes that are not UTF-8 made '?'.  Returns buf.
 */
static const char *
op_safe_text(const char *text, char *buf, size_t len)
{
	size_t n;

	if (text == NULL)
		return NULL;
	n = strlen(text);
	if (n >= len)
		n = len - 1;
	memcpy(buf, text, n);
	buf[n] = '\0';
	utf8_sanitize(buf, n);
	return buf;
}

static void
op_send_result(struct op *op, int rc, const char *text)
{
	struct berval bv;
	char safe[sizeof(op->o_text)];
	int e;

	text = op_safe_text(text, safe, sizeof(safe));

	if (op->o_tag == LDAP_REQ_EXTENDED)
		e = pdu_encode_extended(&bv, op->o_msgid, rc, op->o_matched,
		    text, op->o_ext_oid, op->o_ext_value.bv_val != NULL ?
		    &op->o_ext_value : NULL, op->o_res_ctrls,
		    op->o_nres_ctrls);
	else
		e = pdu_encode_result(&bv, op->o_msgid,
		    pdu_response_tag(op->o_tag), rc, op->o_matched, text,
		    op->o_res_ctrls, op->o_nres_ctrls);
	if (e == -1) {
		log_warnx("conn=%llu op=%llu cannot encode the result",
		    (unsigned long long)op->o_conn->c_id,
		    (unsigned long long)op->o_id);
		return;
	}
	if (op->o_ext_secret)
		conn_send_secret(op->o_conn, &bv);
	else
		conn_send(op->o_conn, &bv);
}

void
op_finish(struct op *op, int rc, const char *text)
{
	struct conn *c = op->o_conn;
	struct gateway *gw = c->c_gw;

	if (op->o_finished)
		return;
	/* A synchronization's refresh or a persistent search's first
	   phase ends: it may stay open. */
	if (op->o_tag == LDAP_REQ_SEARCH && (sync_refresh_done(op, rc) ||
	    psearch_persist(op, rc)))
		return;
	op->o_finished = 1;
	op->o_pending = 0;
	if (text == NULL && op->o_text[0] != '\0')
		text = op->o_text;
	if (rc != LDAP_SUCCESS && rc != LDAP_COMPARE_TRUE &&
	    rc != LDAP_COMPARE_FALSE)
		gw->gw_count.gc_ops_failed++;
	if (op->o_tag == LDAP_REQ_SEARCH)
		paged_finish(op, rc);
	if (op->o_tag == LDAP_REQ_BIND && !op->o_abandoned)
		op_bind_done(op, rc);
	if (!op->o_abandoned && pdu_response_tag(op->o_tag) != 0)
		op_send_result(op, rc, text);
	op_log_result(op, rc, text);
	audit_op(op, rc, text);
	conn_op_done(c, op);
	op_free(op);
}

void
op_stop(struct op *op, int rc, const char *text)
{
	if (op->o_pending && op->o_be != NULL &&
	    op->o_be->be_info->bi_cancel != NULL)
		op->o_be->be_info->bi_cancel(op);
	op->o_be_ctx = NULL;
	op_finish(op, rc, text);
}

void
op_set_matched(struct op *op, const char *dn)
{
	free(op->o_matched);
	op->o_matched = dn != NULL ? xstrdup(dn) : NULL;
}

void
op_wait_drain(struct op *op, op_drain_cb *cb)
{
	op->o_drain_cb = cb;
	conn_wait_drain(op->o_conn, op);
}

int
op_identity(struct op *op, struct link_identity *who)
{
	const struct conn *c = op->o_conn;
	size_t dnlen, realmlen;

	memset(who, 0, sizeof(*who));
	who->li_dn = conn_principal(c);
	who->li_realm = conn_realm(c);
	who->li_address = c->c_addr;
	who->li_conn = c->c_id;
	who->li_op = op->o_id;
	dnlen = strlen(who->li_dn);
	realmlen = strlen(who->li_realm);
	if (dnlen <= LINK_DN_MAX && realmlen <= LINK_REALM_MAX)
		return 0;
	if (dnlen > LINK_DN_MAX)
		snprintf(op->o_text, sizeof(op->o_text), "the identity "
		    "\"%.100s...\" is %zu bytes long, longer than the %d bytes "
		    "the mainframe records: no ESM command is run for it",
		    who->li_dn, dnlen, LINK_DN_MAX);
	else
		snprintf(op->o_text, sizeof(op->o_text), "the realm "
		    "\"%.100s...\" is %zu bytes long, longer than the %d bytes "
		    "the mainframe records: no ESM command is run for it",
		    who->li_realm, realmlen, LINK_REALM_MAX);
	log_warnx("conn=%llu op=%llu %s", (unsigned long long)c->c_id,
	    (unsigned long long)op->o_id, op->o_text);
	return LDAP_UNWILLING_TO_PERFORM;
}

uint64_t
op_conn_id(const struct op *op)
{
	return op->o_conn->c_id;
}

int
op_is_admin(const struct op *op)
{
	return op->o_conn->c_auth == CONN_ADMIN;
}

/*
 * RFC 4511 §4.1.11: an unknown critical control fails the operation
 * with unavailableCriticalExtension; an unknown non-critical one is
 * ignored.  The paged results, persistent search and sync request
 * controls are known to search only.
 */
static int
op_check_controls(struct op *op)
{
	const struct pdu_control *ctl;
	size_t i;

	for (i = 0; i < op->o_req.r_nctrls; i++) {
		ctl = &op->o_req.r_ctrls[i];
		if (pdu_bv_eq(&ctl->c_oid, PDU_OID_MANAGE_DSAIT))
			continue;	/* no referrals here: nothing to do */
		if ((pdu_bv_eq(&ctl->c_oid, PDU_OID_PAGED_RESULTS) ||
		    pdu_bv_eq(&ctl->c_oid, PDU_OID_PSEARCH) ||
		    pdu_bv_eq(&ctl->c_oid, PDU_OID_SYNC_REQUEST)) &&
		    op->o_tag == LDAP_REQ_SEARCH)
			continue;
		if (!ctl->c_critical)
			continue;
		snprintf(op->o_text, sizeof(op->o_text), "critical control "
		    "%.*s is not supported%s", (int)ctl->c_oid.bv_len,
		    ctl->c_oid.bv_val, pdu_bv_eq(&ctl->c_oid,
		    PDU_OID_PAGED_RESULTS) || pdu_bv_eq(&ctl->c_oid,
		    PDU_OID_PSEARCH) || pdu_bv_eq(&ctl->c_oid,
		    PDU_OID_SYNC_REQUEST) ? " on this operation" : "");
		return LDAP_UNAVAILABLE_CRITICAL_EXTENSION;
	}
	return LDAP_SUCCESS;
}

static void
op_dispatch(struct op *op)
{
	int rc;

	if ((rc = op_check_controls(op)) != LDAP_SUCCESS) {
		op_finish(op, rc, NULL);
		return;
	}
	switch (op->o_tag) {
	case LDAP_REQ_BIND:
		op_bind_run(op);
		break;
	case LDAP_REQ_SEARCH:
		op_search_run(op);
		break;
	case LDAP_REQ_COMPARE:
		op_compare_run(op);
		break;
	case LDAP_REQ_ADD:
		op_add_run(op);
		break;
	case LDAP_REQ_MODIFY:
		op_modify_run(op);
		break;
	case LDAP_REQ_DELETE:
		op_delete_run(op);
		break;
	case LDAP_REQ_MODRDN:
		op_modrdn_run(op);
		break;
	case LDAP_REQ_EXTENDED:
		op_extended_run(op);
		break;
	default:
		op_finish(op, LDAP_PROTOCOL_ERROR, "unknown operation");
		break;
	}
}

/* Unbind and abandon have no response and are never in the tree. */
static int
op_receive_special(struct conn *c, struct op *op)
{
	if (op->o_tag == LDAP_REQ_UNBIND) {
		log_info("conn=%llu op=%llu UNBIND",
		    (unsigned long long)c->c_id,
		    (unsigned long long)op->o_id);
		op_free(op);
		conn_close(c, "unbind");
		return -1;
	}
	op_abandon_run(op);
	op_free(op);
	return 0;
}

/* Refuse an op that never ran: its result at once, then free it. */
/*
 * Answer op with rc and text without running it, and free it.  The
 * connection goes on, so a client repeating such requests gets one log
 * line per interval (the counters count them all): 1 when this one was
 * logged.
 */
static int
op_refuse(struct conn *c, struct op *op, int rc, const char *text)
{
	struct berval bv;
	unsigned long dropped;
	char safe[512];
	int logged;

	if ((logged = ratelog_allow(&c->c_refuse_log, time(NULL), &dropped)))
		log_warnx("conn=%llu op=%llu %s from %s refused: %s%s",
		    (unsigned long long)c->c_id, (unsigned long long)op->o_id,
		    pdu_op_name(op->o_tag), c->c_addr, text, dropped > 0 ?
		    " (more requests refused since the previous line, not "
		    "logged)" : "");
	/* A bind that fails leaves the connection anonymous (RFC 4511
	   §4.2.1), whatever made it fail. */
	if (op->o_tag == LDAP_REQ_BIND)
		conn_set_identity(c, CONN_ANONYMOUS, NULL, NULL, NULL);
	text = op_safe_text(text, safe, sizeof(safe));
	if (pdu_response_tag(op->o_tag) != 0 &&
	    (op->o_tag == LDAP_REQ_EXTENDED ?
	    pdu_encode_extended(&bv, op->o_msgid, rc, NULL, text,
	    NULL, NULL, NULL, 0) : pdu_encode_result(&bv, op->o_msgid,
	    pdu_response_tag(op->o_tag), rc, NULL, text, NULL,
	    0)) == 0)
		conn_send(c, &bv);
	op_free(op);
	return logged;
}

static void
op_answer_busy(struct conn *c, struct op *op)
{
	char text[200];

	snprintf(text, sizeof(text), "too many operations in progress on "
	    "this connection (max-pending %zu): wait for results before "
	    "sending more", c->c_gw->gw_max_pending);
	op_refuse(c, op, LDAP_BUSY, text);
}

/*
 * A well-formed request over one of the decoder's limits (attributes,
 * values, controls, filter depth or items): adminLimitExceeded naming
 * the limit; the connection goes on, its framing is intact.  Unbind and
 * abandon have no result: they are malformed like any other.
 */
static int
op_is_over_limit(struct conn *c, struct op *op, const char *why)
{
	char text[300];

	if (!op->o_req.r_over_limit || op->o_req.r_msgid <= 0 ||
	    pdu_response_tag(op->o_req.r_tag) == 0)
		return 0;
	op->o_msgid = op->o_req.r_msgid;
	op->o_tag = op->o_req.r_tag;
	c->c_gw->gw_count.gc_ops_over_limit++;
	snprintf(text, sizeof(text), "the request is over a limit of this "
	    "gateway: %s", why);
	if (op_refuse(c, op, LDAP_ADMINLIMIT_EXCEEDED, text))
		audit_bad_pdu(c, LDAP_ADMINLIMIT_EXCEEDED, why);
	return 1;
}

int
op_receive(struct conn *c, unsigned char *buf, size_t pdulen)
{
	struct gateway *gw = c->c_gw;
	struct op *op;
	const char *why = NULL;

	op = xcalloc(1, sizeof(*op));
	op->o_conn = c;
	op->o_id = ++c->c_nextop;
	clock_gettime(CLOCK_MONOTONIC, &op->o_start);
	op->o_pdu.bv_val = (char *)buf;		/* the op's from now on */
	op->o_pdu.bv_len = pdulen;
	gw->gw_count.gc_ops_total++;
	if (pdu_decode(&op->o_pdu, gw->gw_schema, op_limits(), &op->o_req,
	    &why) == -1) {
		if (op_is_over_limit(c, op, why))
			return 0;
		gw->gw_count.gc_pdus_bad++;
		log_warnx("conn=%llu op=%llu from %s: malformed request "
		    "(msgid %d): %s", (unsigned long long)c->c_id,
		    (unsigned long long)op->o_id, c->c_addr,
		    (int)op->o_req.r_msgid, why);
		audit_bad_pdu(c, LDAP_PROTOCOL_ERROR, why);
		op_free(op);
		conn_disconnect(c, LDAP_PROTOCOL_ERROR, why);
		return -1;
	}
	op->o_msgid = op->o_req.r_msgid;
	op->o_tag = op->o_req.r_tag;
	if (op->o_tag == LDAP_REQ_UNBIND || op->o_tag == LDAP_REQ_ABANDON)
		return op_receive_special(c, op);
	if (RB_FIND(op_tree, &c->c_ops, op) != NULL) {
		log_warnx("conn=%llu msgid %d is already in use by an "
		    "operation in progress", (unsigned long long)c->c_id,
		    (int)op->o_msgid);
		op_free(op);
		conn_disconnect(c, LDAP_PROTOCOL_ERROR,
		    "message ID already in use by an operation in progress");
		return -1;
	}
	if (c->c_nops >= gw->gw_max_pending) {
		op_answer_busy(c, op);
		return 0;
	}
	RB_INSERT(op_tree, &c->c_ops, op);
	c->c_nops++;
	log_debug(LOG_CAT_OP, "conn=%llu op=%llu %s msgid=%d",
	    (unsigned long long)c->c_id, (unsigned long long)op->o_id,
	    pdu_op_name(op->o_tag), (int)op->o_msgid);
	op_dispatch(op);
	return c->c_closing ? -1 : 0;
}

void
op_abandon_run(struct op *op)
{
	struct conn *c = op->o_conn;
	struct op key, *target;

	key.o_msgid = op->o_req.r.abandon.msgid;
	log_info("conn=%llu op=%llu ABANDON msgid=%d",
	    (unsigned long long)c->c_id, (unsigned long long)op->o_id,
	    (int)key.o_msgid);
	if ((target = RB_FIND(op_tree, &c->c_ops, &key)) == NULL)
		return;		/* already finished: nothing to do */
	/* RFC 4511 §4.11: bind, unbind, abandon and StartTLS cannot be
	   abandoned; the others end without a response. */
	if (target->o_tag == LDAP_REQ_BIND)
		return;
	target->o_abandoned = 1;
	op_stop(target, LDAP_CANCELLED, "abandoned");
}

int
op_target(struct op *op, const struct berval *dn)
{
	const char *why = NULL;

	free(op->o_dn);
	free(op->o_ndn);
	op->o_ndn = NULL;
	op->o_dn = xstrndup(dn->bv_val != NULL ? dn->bv_val : "", dn->bv_len);
	if (strlen(op->o_dn) != dn->bv_len) {
		snprintf(op->o_text, sizeof(op->o_text), "invalid DN: it "
		    "contains a NUL character");
		return LDAP_INVALID_DN_SYNTAX;
	}
	if (dn_normalize_str(op->o_dn, dn->bv_len,
	    op->o_conn->c_gw->gw_schema, &op->o_ndn, &why) == -1) {
		snprintf(op->o_text, sizeof(op->o_text), "invalid DN \"%.200s\""
		    ": %s", op->o_dn, why != NULL ? why : "syntax error");
		return LDAP_INVALID_DN_SYNTAX;
	}
	return LDAP_SUCCESS;
}

/* The built-in policy, without access lines: LDAP code and text. */
static int
op_route_builtin(struct op *op, enum op_access need)
{
	struct conn *c = op->o_conn;

	if (c->c_auth == CONN_ANONYMOUS) {
		snprintf(op->o_text, sizeof(op->o_text), "anonymous clients "
		    "may read only the root DSE and %s: bind first",
		    SUBSCHEMA_DN);
		return LDAP_INSUFFICIENT_ACCESS;
	}
	if (need == OP_WRITE && c->c_auth != CONN_ADMIN) {
		snprintf(op->o_text, sizeof(op->o_text), "%.200s may not "
		    "change entries: only gateway administrators may",
		    conn_identity(c));
		return LDAP_INSUFFICIENT_ACCESS;
	}
	if (need == OP_READ && c->c_auth == CONN_USER &&
	    strcmp(op->o_ndn, c->c_ndn) != 0) {
		snprintf(op->o_text, sizeof(op->o_text), "%.200s may read "
		    "only its own entry", conn_identity(c));
		return LDAP_INSUFFICIENT_ACCESS;
	}
	return LDAP_SUCCESS;
}

int
op_route(struct op *op, enum op_access need)
{
	struct conn *c = op->o_conn;
	int rules = need != OP_SELF && op_acl_active(op), rc;

	/* Access lines replace the built-in policy (op_acl.c); they are
	   applied once the backend is known. */
	if (need != OP_SELF && !rules &&
	    (rc = op_route_builtin(op, need)) != LDAP_SUCCESS)
		return rc;
	op->o_be = backend_select(&c->c_gw->gw_backends, op->o_ndn);
	if (op->o_be == NULL) {
		snprintf(op->o_text, sizeof(op->o_text), "no naming context "
		    "of this gateway holds \"%.200s\"", op->o_dn);
		op_set_matched(op, "");
		return LDAP_NO_SUCH_OBJECT;
	}
	return rules ? op_acl_check(op) : LDAP_SUCCESS;
}

/*
 * Hand the op to a backend hook (NULL: not supported).  OP_PENDING means
 * the backend owns the op now; any other value is its result.
 */
int
op_call_backend(struct op *op, be_op_fn *hook, const char *what)
{
	int rc;

	if (hook == NULL)
		return op_unsupported(op, what);
	op->o_pending = 1;
	if ((rc = hook(op)) != OP_PENDING)
		op->o_pending = 0;
	return rc;
}

int
op_unsupported(struct op *op, const char *what)
{
	snprintf(op->o_text, sizeof(op->o_text), "the %s backend (%s) does "
	    "not support %s", op->o_be->be_info->bi_type,
	    op->o_be->be_info->bi_esm, what);
	return LDAP_UNWILLING_TO_PERFORM;
}
