/*
 * paged.c - simple paged results (RFC 2696): the cursor of a paged
 * search waits on its connection between pages.
 *
 * The backend says where it stopped (op_page_save); the cursor is kept
 * under a fresh random cookie together with the search's parameters.  A
 * later page must present that cookie with the same parameters
 * (RFC 2696 §3: "the client MUST send the same search request"), or it
 * is refused.  A page size of zero with a cookie ends the search.
 * Cursors live until used, until the connection closes, or until the
 * connection holds too many of them (the oldest goes first).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>
#include <ldap.h>

#include "log.h"
#include "xmalloc.h"
#include "gateway/conn.h"
#include "gateway/filter.h"
#include "gateway/op.h"
#include "gateway/pdu.h"

#define PAGED_COOKIE_LEN	16
#define PAGED_MAX_PER_CONN	8

struct paged {
	unsigned char	 pg_cookie[PAGED_COOKIE_LEN];
	char		*pg_key;	/* owned: the search's parameters */
	void		*pg_cursor;	/* owned by way of pg_free */
	op_cursor_free_fn *pg_free;
	TAILQ_ENTRY(paged) pg_entry;
};

static void
paged_free(struct conn *c, struct paged *pg)
{
	TAILQ_REMOVE(&c->c_paged, pg, pg_entry);
	c->c_npaged--;
	if (pg->pg_cursor != NULL && pg->pg_free != NULL)
		pg->pg_free(pg->pg_cursor);
	free(pg->pg_key);
	free(pg);
}

void
paged_free_all(struct conn *c)
{
	struct paged *pg;

	while ((pg = TAILQ_FIRST(&c->c_paged)) != NULL)
		paged_free(c, pg);
}

/* What must not change between the pages of one search. */
static char *
paged_key(const struct op *op)
{
	const struct berval *a;
	char *filter, *key, *tmp;
	size_t i;

	filter = filter_to_string(op->o_req.r.search.filter);
	xasprintf(&key, "%s|%d|%d|%d|%s|", op->o_ndn,
	    (int)op->o_req.r.search.scope, (int)op->o_req.r.search.deref,
	    op->o_req.r.search.typesonly, filter);
	free(filter);
	for (i = 0; i < op->o_req.r.search.nattrs; i++) {
		a = &op->o_req.r.search.attrs[i];
		xasprintf(&tmp, "%s%.*s,", key, (int)a->bv_len, a->bv_val);
		free(key);
		key = tmp;
	}
	return key;
}

static const struct pdu_control *
paged_control(const struct op *op)
{
	size_t i;

	for (i = 0; i < op->o_req.r_nctrls; i++)
		if (pdu_bv_eq(&op->o_req.r_ctrls[i].c_oid,
		    PDU_OID_PAGED_RESULTS))
			return &op->o_req.r_ctrls[i];
	return NULL;
}

static struct paged *
paged_find(struct conn *c, const struct berval *cookie)
{
	struct paged *pg;

	if (cookie->bv_len != PAGED_COOKIE_LEN)
		return NULL;
	TAILQ_FOREACH(pg, &c->c_paged, pg_entry)
		if (memcmp(pg->pg_cookie, cookie->bv_val,
		    PAGED_COOKIE_LEN) == 0)
			return pg;
	return NULL;
}

/*
 * Before the backend runs.  Returns LDAP_SUCCESS to go on, or a result
 * code with o_text; -1 (with LDAP_SUCCESS semantics) when a page size
 * of zero ended the search and nothing more is to be done.
 */
int
paged_begin(struct op *op)
{
	struct op_search *os = &op->o_search;
	const struct pdu_control *ctl;
	struct berval cookie;
	struct paged *pg;
	ber_int_t size;
	char *key;

	if ((ctl = paged_control(op)) == NULL)
		return LDAP_SUCCESS;
	if (!ctl->c_has_value ||
	    pdu_paged_decode(&ctl->c_value, &size, &cookie) == -1) {
		snprintf(op->o_text, sizeof(op->o_text), "malformed paged "
		    "results control value");
		return LDAP_PROTOCOL_ERROR;
	}
	os->os_paged = 1;
	os->os_page_size = size;
	if (cookie.bv_len == 0)
		return size == 0 ? -1 : LDAP_SUCCESS;
	if ((pg = paged_find(op->o_conn, &cookie)) == NULL) {
		snprintf(op->o_text, sizeof(op->o_text), "paged results "
		    "cookie is not valid: it belongs to another connection, "
		    "was already used, or the search was abandoned");
		return LDAP_UNWILLING_TO_PERFORM;
	}
	key = paged_key(op);
	if (strcmp(key, pg->pg_key) != 0) {
		free(key);
		paged_free(op->o_conn, pg);
		snprintf(op->o_text, sizeof(op->o_text), "paged results "
		    "cookie was issued for a different search request (base, "
		    "scope, filter and attributes must stay the same)");
		return LDAP_UNWILLING_TO_PERFORM;
	}
	free(key);
	/* The op owns the cursor now; the cookie is spent. */
	os->os_cursor = pg->pg_cursor;
	os->os_cursor_free = pg->pg_free;
	pg->pg_cursor = NULL;
	paged_free(op->o_conn, pg);
	return size == 0 ? -1 : LDAP_SUCCESS;
}

void *
op_page_cursor(struct op *op)
{
	return op->o_search.os_cursor;
}

void
op_page_save(struct op *op, void *cursor, op_cursor_free_fn *fn)
{
	struct op_search *os = &op->o_search;

	if (os->os_cursor != NULL && os->os_cursor != cursor &&
	    os->os_cursor_free != NULL)
		os->os_cursor_free(os->os_cursor);
	os->os_cursor = cursor;
	os->os_cursor_free = fn;
	os->os_page_more = 1;
}

/* Keep the cursor under a new cookie; NULL when it cannot be kept. */
static struct paged *
paged_keep(struct op *op)
{
	struct conn *c = op->o_conn;
	struct op_search *os = &op->o_search;
	struct paged *pg;

	while (c->c_npaged >= PAGED_MAX_PER_CONN)
		paged_free(c, TAILQ_FIRST(&c->c_paged));
	pg = xcalloc(1, sizeof(*pg));
	if (RAND_bytes(pg->pg_cookie, sizeof(pg->pg_cookie)) != 1) {
		free(pg);
		return NULL;
	}
	pg->pg_key = paged_key(op);
	pg->pg_cursor = os->os_cursor;
	pg->pg_free = os->os_cursor_free;
	os->os_cursor = NULL;
	TAILQ_INSERT_TAIL(&c->c_paged, pg, pg_entry);
	c->c_npaged++;
	return pg;
}

/* Attach the response control: the next cookie, or an empty one. */
void
paged_finish(struct op *op, int rc)
{
	struct op_search *os = &op->o_search;
	struct pdu_control *rc_ctl;
	struct berval cookie = { 0, NULL };
	struct paged *pg = NULL;

	if (!os->os_paged || op->o_abandoned)
		return;
	if (rc == LDAP_SUCCESS && os->os_page_more &&
	    (pg = paged_keep(op)) != NULL) {
		cookie.bv_val = (char *)pg->pg_cookie;
		cookie.bv_len = sizeof(pg->pg_cookie);
	}
	rc_ctl = &op->o_res_ctrls[op->o_nres_ctrls];
	memset(rc_ctl, 0, sizeof(*rc_ctl));
	if (pdu_paged_encode(&rc_ctl->c_value, 0, &cookie) == -1)
		return;
	rc_ctl->c_oid.bv_val = (char *)PDU_OID_PAGED_RESULTS;
	rc_ctl->c_oid.bv_len = strlen(PDU_OID_PAGED_RESULTS);
	rc_ctl->c_has_value = 1;
	op->o_nres_ctrls++;
}
