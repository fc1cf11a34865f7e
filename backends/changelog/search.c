/*
 * search.c - cn=changelog searched: the container and one entry per
 * record, streamed to the frontend (which evaluates the filter, selects
 * attributes and counts limits), and writes refused.
 *
 * What the filter says of changeNumber is pushed down: (changeNumber>=N),
 * (changeNumber<=N) and (changeNumber=N), alone or inside an AND, narrow
 * the range of numbers read from the store; everything else the frontend
 * decides entry by entry.  A client polling with (changeNumber>=N) thus
 * reads only the records from N on.
 *
 * Records are read one at a time, each in its own short read
 * transaction, so trimming and appending go on meanwhile.  The search is
 * paced like every other: OP_WAIT pauses it until the client's output
 * drains, and at most CLBE_TURN records are read per loop turn before
 * the search yields (a filter matching nothing would otherwise hold the
 * loop over the whole changelog).  Paged results keep the next number to
 * read as their cursor.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>
#include <ldap.h>

#include "log.h"
#include "xmalloc.h"
#include "backends/backend.h"
#include "backends/changelog/clbe.h"
#include "gateway/acl.h"
#include "gateway/changelog.h"
#include "gateway/dn.h"
#include "gateway/entry.h"
#include "gateway/filter.h"
#include "gateway/gw.h"
#include "gateway/conn.h"	/* before op.h: RB_HEAD(op_tree) */
#include "gateway/op.h"
#include "gateway/schema.h"

#define CLBE_TURN	256	/* records read per loop turn */

/* Paged results: where the next page starts. */
struct clbe_cursor {
	uint64_t	cc_next;	/* the next change number to read */
	int		cc_container;	/* the container is still to send */
};

struct clbe_search {
	struct op	*cs_op;		/* borrowed */
	struct clbe	*cs_cb;		/* borrowed */
	uint64_t	 cs_next;	/* the next change number to read */
	uint64_t	 cs_hi;		/* the last one wanted */
	int		 cs_container;	/* the container is still to send */
	int		 cs_flags;	/* CHANGELOG_UNSEAL: a reader */
	struct event	*cs_turn_ev;	/* owned: the next turn */
	int		 cs_in_hook;
	int		 cs_ended;
	int		 cs_result;
};

static void	clbe_search_pump(struct clbe_search *);

static const struct schema *
clbe_schema(const struct clbe *cb)
{
	return cb->cb_be->be_gw->gw_schema;
}

/* ---- entries ------------------------------------------------------- */

static void
clbe_add(struct entry *e, const struct schema *s, const char *name,
    const char *value)
{
	entry_add_str(e, name, schema_find_at(s, name), value);
}

static void
clbe_add_number(struct entry *e, const struct schema *s, const char *name,
    uint64_t n)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%llu", (unsigned long long)n);
	clbe_add(e, s, name, buf);
}

/* The container: cn=changelog (its RDN's type and value from the DN). */
static struct entry *
clbe_container_entry(const struct clbe *cb)
{
	const struct schema *s = clbe_schema(cb);
	struct entry *e = entry_new(cb->cb_be->be_suffix);
	struct dn *dn;
	const char *why;
	const struct dn_ava *ava;

	clbe_add(e, s, "objectClass", "top");
	clbe_add(e, s, "objectClass", "extensibleObject");
	if (dn_parse(cb->cb_be->be_suffix, strlen(cb->cb_be->be_suffix), s,
	    &dn, &why) == 0) {
		ava = &dn->dn_rdns[0].dr_avas[0];
		entry_add(e, ava->da_type, ava->da_at, ava->da_value.bv_val,
		    ava->da_value.bv_len);
		dn_free(dn);
	}
	clbe_add(e, s, "hasSubordinates", changelog_count(cb->cb_cl) > 0 ?
	    "TRUE" : "FALSE");
	return e;
}

/* One value per blank-separated word. */
static void
clbe_add_words(struct entry *e, const struct schema *s, const char *name,
    const char *words)
{
	const struct schema_at *at = schema_find_at(s, name);
	size_t n;

	while (*words != '\0') {
		words += strspn(words, " ");
		if ((n = strcspn(words, " ")) > 0)
			entry_add(e, name, at, words, n);
		words += n;
	}
}

static void
clbe_add_time(struct entry *e, const struct schema *s, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char buf[32];

	if (gmtime_r(&tt, &tm) != NULL &&
	    strftime(buf, sizeof(buf), "%Y%m%d%H%M%SZ", &tm) > 0)
		clbe_add(e, s, "changeTime", buf);
}

struct entry *
clbe_record_entry(const struct clbe *cb, const struct changelog_rec *rec)
{
	const struct schema *s = clbe_schema(cb);
	struct entry *e;
	char *dn;

	xasprintf(&dn, "changeNumber=%llu,%s",
	    (unsigned long long)rec->cr_number, cb->cb_be->be_suffix);
	e = entry_new(dn);
	free(dn);
	clbe_add(e, s, "objectClass", "top");
	clbe_add(e, s, "objectClass", "changeLogEntry");
	clbe_add(e, s, "objectClass", "esmChangeLogEntry");
	clbe_add_number(e, s, "changeNumber", rec->cr_number);
	clbe_add(e, s, "targetDN", rec->cr_target);
	clbe_add(e, s, "changeType", changelog_type_name(rec->cr_type));
	if (rec->cr_changes[0] != '\0')
		clbe_add(e, s, "changes", rec->cr_changes);
	clbe_add_time(e, s, rec->cr_time);
	clbe_add(e, s, "esmOrigin", rec->cr_by_gateway ? "gateway" :
	    "native");
	clbe_add(e, s, "esmType", link_event_esm_name(rec->cr_esm));
	clbe_add(e, s, "esmAgent", rec->cr_agent);
	clbe_add_number(e, s, "esmSequence", rec->cr_seq);
	clbe_add(e, s, "esmEventType", link_event_type_name(rec->cr_event));
	if (rec->cr_issuer[0] != '\0')
		clbe_add(e, s, "esmIssuer", rec->cr_issuer);
	clbe_add_words(e, s, "esmChangedFields", rec->cr_fields);
	if (rec->cr_password.bv_val != NULL)
		entry_add(e, "esmNewPassword", schema_find_at(s,
		    "esmNewPassword"), rec->cr_password.bv_val,
		    rec->cr_password.bv_len);
	clbe_add(e, s, "hasSubordinates", "FALSE");
	return e;
}

/*
 * Hand the record's entry to the frontend.  A password reader's entry
 * holds the password: its PDU and its copy in the entry are zeroed.
 */
static int
clbe_send_record(struct op *op, const struct clbe *cb,
    const struct changelog_rec *rec)
{
	struct entry *e = clbe_record_entry(cb, rec);
	struct attr *a;
	size_t i;
	int rc;

	if (rec->cr_password.bv_val == NULL) {
		rc = op_send_entry(op, e);
		entry_free(e);
		return rc;
	}
	rc = op_send_entry_secret(op, e);
	if ((a = entry_find(e, "esmNewPassword")) != NULL)
		for (i = 0; i < a->a_nvals; i++)
			explicit_bzero(a->a_vals[i].bv_val,
			    a->a_vals[i].bv_len);
	entry_free(e);
	return rc;
}

/*
 * Under access rules a record is judged by the entry it names: left out
 * unless the search may see that entry, its changes without the
 * attribute types it may not read there (*changes: the copy rec now
 * points to, freed by the caller after rec), its password opened only
 * when password-events is granted there -- read sealed, the record is
 * read again to open it.  1 to send rec, 0 to leave it out, -1 with
 * o_text.
 */
static int
clbe_judge_record(struct op *op, struct clbe *cb, struct changelog_rec *rec,
    char **changes)
{
	uint64_t number = rec->cr_number;
	int rc;

	*changes = NULL;
	if (!op_acl_active(op))
		return 1;
	if (!op_acl_target(op, rec->cr_target))
		return 0;
	if (rec->cr_has_password && rec->cr_password.bv_val == NULL &&
	    op_acl_target_allows(op, ACL_PASSWORD_EVENTS)) {
		changelog_rec_clear(rec);
		if ((rc = changelog_read(cb->cb_cl, number, CHANGELOG_UNSEAL,
		    rec, op->o_text, sizeof(op->o_text))) != 0) {
			if (rc == -1)
				log_warnx("conn=%llu op=%llu %s",
				    (unsigned long long)op_conn_id(op),
				    (unsigned long long)op->o_id, op->o_text);
			return rc == 1 ? 0 : -1;	/* 1: trimmed since */
		}
	}
	if ((*changes = op_acl_target_changes(op, rec->cr_changes,
	    rec->cr_type == CHANGELOG_MODIFY)) != NULL)
		rec->cr_changes = *changes;
	return 1;
}

int
clbe_is_hidden(const struct clbe *cb, const struct changelog_rec *rec)
{
	return cb->cb_suppress && rec->cr_by_gateway;
}

/* ---- where the search looks ---------------------------------------- */

/*
 * The record a DN names ("changenumber=N,<suffix>", normalised): its
 * number, 0 for the container, or -1 for no entry of this backend.
 */
static int64_t
clbe_dn_number(const struct clbe *cb, const char *ndn)
{
	const char *nsuffix = cb->cb_be->be_nsuffix, *p;
	unsigned long long n;
	char *end;
	size_t len;

	if (strcmp(ndn, nsuffix) == 0)
		return 0;
	if (dn_depth_below(ndn, nsuffix) != 1 ||
	    strncmp(ndn, "changenumber=", 13) != 0)
		return -1;
	p = ndn + 13;
	len = strlen(ndn) - strlen(nsuffix) - 1 - 13;
	if (len == 0 || len > 19 || p[0] < '1' || p[0] > '9' ||
	    strspn(p, "0123456789") != len)
		return -1;
	errno = 0;
	n = strtoull(p, &end, 10);
	if (errno != 0 || n > INT64_MAX || end != p + len)
		return -1;
	return (int64_t)n;
}

/* An assertion value as a change number; -1 when it is not one. */
static int
clbe_filter_number(const struct filter *f, int64_t *v)
{
	long long n;
	char *end;

	errno = 0;
	n = strtoll(f->f_value.bv_val, &end, 10);
	if (errno != 0 || end == f->f_value.bv_val || *end != '\0')
		return -1;
	*v = n;
	return 0;
}

void
clbe_filter_range(const struct filter *f, uint64_t *lo, uint64_t *hi)
{
	int64_t v;
	size_t i;

	if (f == NULL)
		return;
	if (f->f_choice == LDAP_FILTER_AND) {
		for (i = 0; i < f->f_nlist; i++)
			clbe_filter_range(f->f_list[i], lo, hi);
		return;
	}
	if ((f->f_choice != LDAP_FILTER_GE && f->f_choice != LDAP_FILTER_LE &&
	    f->f_choice != LDAP_FILTER_EQUALITY) || f->f_undefined ||
	    f->f_at == NULL || !schema_at_is_named(f->f_at, "changeNumber") ||
	    clbe_filter_number(f, &v) == -1)
		return;
	if (f->f_choice != LDAP_FILTER_LE && v > 0 && (uint64_t)v > *lo)
		*lo = (uint64_t)v;
	if (f->f_choice != LDAP_FILTER_GE) {
		if (v < 1)
			*hi = 0;
		else if ((uint64_t)v < *hi)
			*hi = (uint64_t)v;
	}
}

/* ---- the search state ---------------------------------------------- */

static void
clbe_search_free(struct clbe_search *cs)
{
	if (cs->cs_turn_ev != NULL)
		event_free(cs->cs_turn_ev);
	free(cs);
}

static void
clbe_search_end(struct clbe_search *cs, int rc)
{
	cs->cs_ended = 1;
	cs->cs_result = rc;
}

/* Finish from a callback; inside the hook the hook returns the code. */
static void
clbe_search_settle(struct clbe_search *cs)
{
	struct op *op = cs->cs_op;
	int rc = cs->cs_result;

	if (!cs->cs_ended || cs->cs_in_hook)
		return;
	op->o_be_ctx = NULL;
	clbe_search_free(cs);
	op_finish(op, rc, NULL);
}

void
clbe_cancel(struct op *op)
{
	struct clbe_search *cs = op->o_be_ctx;

	op->o_be_ctx = NULL;
	if (cs != NULL)
		clbe_search_free(cs);
}

static void
clbe_search_drain_cb(struct op *op)
{
	struct clbe_search *cs = op->o_be_ctx;

	if (cs == NULL)
		return;
	clbe_search_pump(cs);
	clbe_search_settle(cs);
}

static void
clbe_search_turn_cb(evutil_socket_t fd, short what, void *arg)
{
	struct clbe_search *cs = arg;

	clbe_search_pump(cs);
	clbe_search_settle(cs);
}

static void
clbe_search_page_full(struct clbe_search *cs)
{
	struct clbe_cursor *cc;

	cc = xcalloc(1, sizeof(*cc));
	cc->cc_next = cs->cs_next;
	cc->cc_container = cs->cs_container;
	op_page_save(cs->cs_op, cc, free);
	clbe_search_end(cs, LDAP_SUCCESS);
}

/* What op_send_entry said: 1 to go on. */
static int
clbe_search_sent(struct clbe_search *cs, int rc)
{
	switch (rc) {
	case 0:
		return 1;
	case OP_WAIT:
		op_wait_drain(cs->cs_op, clbe_search_drain_cb);
		return 0;
	case OP_PAGE_FULL:
		clbe_search_page_full(cs);
		return 0;
	default:
		clbe_search_end(cs, rc);
		return 0;
	}
}

/* Read and send the next record: 1 to go on. */
static int
clbe_search_step(struct clbe_search *cs)
{
	struct changelog_rec rec;
	struct op *op = cs->cs_op;
	char *changes = NULL;
	int rc, shown;

	if (cs->cs_container) {
		struct entry *e = clbe_container_entry(cs->cs_cb);

		cs->cs_container = 0;
		rc = op_send_entry(op, e);
		entry_free(e);
		return clbe_search_sent(cs, rc);
	}
	if (cs->cs_next > cs->cs_hi || (rc = changelog_next(cs->cs_cb->cb_cl,
	    cs->cs_next, cs->cs_flags, &rec, op->o_text,
	    sizeof(op->o_text))) == 1) {
		clbe_search_end(cs, LDAP_SUCCESS);
		return 0;
	}
	if (rc == -1) {
		log_warnx("conn=%llu op=%llu search of %s stopped: %s",
		    (unsigned long long)op_conn_id(op),
		    (unsigned long long)op->o_id, op->o_dn, op->o_text);
		clbe_search_end(cs, LDAP_OTHER);
		return 0;
	}
	cs->cs_next = rec.cr_number + 1;
	if (rec.cr_number > cs->cs_hi || clbe_is_hidden(cs->cs_cb, &rec) ||
	    (shown = clbe_judge_record(op, cs->cs_cb, &rec, &changes)) == 0)
		rc = 0;
	else
		rc = shown == -1 ? LDAP_OTHER :
		    clbe_send_record(op, cs->cs_cb, &rec);
	changelog_rec_clear(&rec);
	free(changes);
	return clbe_search_sent(cs, rc);
}

static void
clbe_search_pump(struct clbe_search *cs)
{
	struct timeval now = { 0, 0 };
	int n;

	for (n = 0; n < CLBE_TURN; n++)
		if (!clbe_search_step(cs))
			return;
	/* Let the other clients in before the next stretch. */
	if (cs->cs_turn_ev == NULL)
		cs->cs_turn_ev = evtimer_new(cs->cs_cb->cb_base,
		    clbe_search_turn_cb, cs);
	if (cs->cs_turn_ev == NULL) {
		snprintf(cs->cs_op->o_text, sizeof(cs->cs_op->o_text),
		    "out of memory");
		clbe_search_end(cs, LDAP_OTHER);
		return;
	}
	evtimer_add(cs->cs_turn_ev, &now);
}

/* ---- the hook ------------------------------------------------------ */

/* A base that is one record: found (and visible) or noSuchObject. */
static int
clbe_search_record(struct op *op, struct clbe *cb, uint64_t number,
    int flags)
{
	struct changelog_rec rec;
	char *changes = NULL;
	int rc, shown = 1, scope = op->o_req.r.search.scope;

	if ((rc = changelog_read(cb->cb_cl, number, flags, &rec, op->o_text,
	    sizeof(op->o_text))) == -1) {
		log_warnx("conn=%llu op=%llu %s", (unsigned long long)
		    op_conn_id(op), (unsigned long long)op->o_id, op->o_text);
		return LDAP_OTHER;
	}
	/* One the rules hide is as absent as one suppressed. */
	if (rc == 0 && !clbe_is_hidden(cb, &rec) &&
	    (shown = clbe_judge_record(op, cb, &rec, &changes)) == -1) {
		changelog_rec_clear(&rec);
		return LDAP_OTHER;
	}
	if (rc == 1 || clbe_is_hidden(cb, &rec) || shown == 0) {
		changelog_rec_clear(&rec);
		free(changes);
		op_set_matched(op, cb->cb_be->be_suffix);
		snprintf(op->o_text, sizeof(op->o_text), "no change %llu in "
		    "%s: the changelog holds %llu to %llu",
		    (unsigned long long)number, cb->cb_be->be_suffix,
		    (unsigned long long)changelog_first(cb->cb_cl),
		    (unsigned long long)changelog_last(cb->cb_cl));
		return LDAP_NO_SUCH_OBJECT;
	}
	rc = LDAP_SUCCESS;
	if (scope == LDAP_SCOPE_BASE || scope == LDAP_SCOPE_SUBTREE)
		rc = clbe_send_record(op, cb, &rec);
	changelog_rec_clear(&rec);
	free(changes);
	return rc == 0 || rc == OP_WAIT || rc == OP_PAGE_FULL ? LDAP_SUCCESS :
	    rc;
}

static struct clbe_search *
clbe_search_new(struct op *op, struct clbe *cb, int flags)
{
	struct clbe_search *cs;
	struct clbe_cursor *cc;
	int scope = op->o_req.r.search.scope;
	uint64_t lo;

	cs = xcalloc(1, sizeof(*cs));
	cs->cs_op = op;
	cs->cs_cb = cb;
	cs->cs_flags = flags;
	cs->cs_container = scope == LDAP_SCOPE_BASE ||
	    scope == LDAP_SCOPE_SUBTREE;
	lo = changelog_first(cb->cb_cl);
	cs->cs_hi = scope == LDAP_SCOPE_BASE ? 0 : changelog_last(cb->cb_cl);
	clbe_filter_range(op->o_req.r.search.filter, &lo, &cs->cs_hi);
	cs->cs_next = lo;
	if ((cc = op_page_cursor(op)) != NULL) {
		cs->cs_next = cc->cc_next > lo ? cc->cc_next : lo;
		cs->cs_container = cc->cc_container;
	}
	op->o_be_ctx = cs;
	return cs;
}

int
clbe_search(struct op *op)
{
	struct clbe *cb = op->o_be->be_private;
	struct clbe_search *cs;
	int64_t number;
	int flags = 0, rc;

	/* Without access lines the password-readers lines name the
	   administrators who see passwords; with them, password-events
	   on each record's target decides (clbe_judge_record). */
	if (!op_acl_active(op) && op->o_conn->c_auth == CONN_ADMIN &&
	    clbe_is_reader(cb, op->o_conn->c_ndn))
		flags = CHANGELOG_UNSEAL;
	if ((number = clbe_dn_number(cb, op->o_ndn)) == -1) {
		op_set_matched(op, cb->cb_be->be_suffix);
		snprintf(op->o_text, sizeof(op->o_text), "no such entry: the "
		    "entries of %s are changeNumber=N,%s",
		    cb->cb_be->be_suffix, cb->cb_be->be_suffix);
		return LDAP_NO_SUCH_OBJECT;
	}
	if (number > 0)
		return clbe_search_record(op, cb, (uint64_t)number, flags);
	cs = clbe_search_new(op, cb, flags);
	cs->cs_in_hook = 1;
	clbe_search_pump(cs);
	cs->cs_in_hook = 0;
	if (!cs->cs_ended)
		return OP_PENDING;
	rc = cs->cs_result;
	op->o_be_ctx = NULL;
	clbe_search_free(cs);
	return rc;
}

int
clbe_refuse_write(struct op *op)
{
	snprintf(op->o_text, sizeof(op->o_text), "%s is read-only: its "
	    "entries record the changes made to the mainframe's security "
	    "database; change the users and groups under their own suffix",
	    op->o_be->be_suffix);
	return LDAP_UNWILLING_TO_PERFORM;
}
