/*
 * fetch.c - one entry of the ESM's tree: where a DN lies, the fixed
 * entries (the suffix and the containers of the map's classes), reading
 * one user, group or resource entry with the dialect's listing command
 * (RACF: LISTUSER/LISTGRP), and the compare operation built on it.
 *
 * The tree:
 *	<suffix>			top dcObject organization
 *	  ou=People,<suffix>		organizationalUnit
 *	    uid=<USERID>,ou=People,...	from LISTUSER (racf_list)
 *	  ou=Groups,<suffix>		organizationalUnit
 *	    cn=<GROUP>,ou=Groups,...	from LISTGRP
 *	  (ACF2's maps add a third class: resource rule sets)
 * (the container and naming attributes come from the map's class
 * lines).  A DN below a leaf entry, a leaf RDN of another type, or a
 * value the ESM would not accept as the class's name names no entry:
 * noSuchObject with the deepest existing entry as matchedDN.
 *
 * Also here: the DN an event names (bi_event_dn, for the changelog),
 * the single-entry operation context (struct esmbe_op) and bi_cancel
 * for every kind of context.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ldap.h>

#include "link.h"
#include "link_rc.h"
#include "log.h"
#include "xmalloc.h"
#include "backends/backend.h"
#include "backends/map.h"
#include "backends/esmbe/esmbe.h"
#include "gateway/dn.h"
#include "gateway/entry.h"
#include "gateway/gw.h"
#include "gateway/conn.h"	/* before op.h: RB_HEAD(op_tree) */
#include "gateway/op.h"
#include "gateway/schema.h"

static const struct schema *
esmbe_schema(const struct esmbe *rb)
{
	return rb->rb_be->be_gw->gw_schema;
}

/* ---- where a DN lies ----------------------------------------------- */

void
esmbe_loc_clear(struct esmbe_loc *loc)
{
	free(loc->rl_matched);
	memset(loc, 0, sizeof(*loc));
}

static int
esmbe_rdn_is(const struct dn_rdn *rdn, const struct map_classdef *mc)
{
	const struct dn_ava *ava;

	if (rdn->dr_navas != 1)
		return 0;
	ava = &rdn->dr_avas[0];
	if (mc->mc_rdn_at != NULL && ava->da_at != NULL)
		return ava->da_at == mc->mc_rdn_at;
	return strcasecmp(ava->da_type, mc->mc_rdn) == 0;
}

/* dn lies depth RDNs below the container of cls: what does it name? */
static void
esmbe_locate_in(struct esmbe *rb, const struct map *m, enum map_class cls,
    const struct dn *dn, int depth, struct esmbe_loc *loc)
{
	const struct map_classdef *mc = &m->m_class[cls];
	const struct dn_rdn *rdn;
	const char *why;

	loc->rl_cls = cls;
	loc->rl_in_class = 1;
	loc->rl_matched = esmbe_container_dn(rb, m, cls);
	/* dn_rdns[0] is leftmost: the RDN right below the container is
	   the depth-th from the left. */
	rdn = &dn->dn_rdns[depth - 1];
	if (!esmbe_rdn_is(rdn, mc)) {
		loc->rl_node = ESMBE_NODE_NONE;
		loc->rl_bad_rdn = 1;
		snprintf(loc->rl_why, sizeof(loc->rl_why), "%s entries are "
		    "named by %s", map_class_name(cls), mc->mc_rdn);
		return;
	}
	if (esmbe_quote_name(rb, cls, rdn->dr_avas[0].da_value.bv_val,
	    rdn->dr_avas[0].da_value.bv_len, loc->rl_id, &why) == -1) {
		loc->rl_node = ESMBE_NODE_NONE;
		loc->rl_id[0] = '\0';
		snprintf(loc->rl_why, sizeof(loc->rl_why), "%.*s is not a "
		    "%s %s name: %s",
		    (int)(rdn->dr_avas[0].da_value.bv_len > 64 ? 64 :
		    rdn->dr_avas[0].da_value.bv_len),
		    rdn->dr_avas[0].da_value.bv_val, rb->rb_dl->dl_name,
		    map_class_name(cls), why);
		return;
	}
	loc->rl_node = ESMBE_NODE_LEAF;
	loc->rl_below = depth > 1;
}

int
esmbe_locate(struct esmbe *rb, const struct map *m, const char *dnstr,
    const char *ndn, struct esmbe_loc *loc)
{
	struct dn *dn = NULL;
	char *cdn, *cndn, bases[120];
	const char *why;
	int d, cls, rc = 0;

	memset(loc, 0, sizeof(*loc));
	if ((d = dn_depth_below(ndn, rb->rb_be->be_nsuffix)) < 0) {
		loc->rl_node = ESMBE_NODE_NONE;
		snprintf(loc->rl_why, sizeof(loc->rl_why), "the DN is not "
		    "within %s", rb->rb_be->be_suffix);
		return 0;
	}
	if (d == 0) {
		loc->rl_node = ESMBE_NODE_SUFFIX;
		return 0;
	}
	if (dn_parse(dnstr, strlen(dnstr), esmbe_schema(rb), &dn, &why) == -1)
		return -1;
	for (cls = 0; cls < MAP_CLASS__MAX; cls++) {
		if (!m->m_class[cls].mc_defined)
			continue;
		cdn = esmbe_container_dn(rb, m, (enum map_class)cls);
		rc = dn_normalize_str(cdn, strlen(cdn), esmbe_schema(rb), &cndn,
		    &why);
		free(cdn);
		if (rc == -1)
			break;
		d = dn_depth_below(ndn, cndn);
		free(cndn);
		if (d == 0) {
			loc->rl_node = ESMBE_NODE_CONTAINER;
			loc->rl_cls = (enum map_class)cls;
			break;
		}
		if (d > 0 && (size_t)d <= dn->dn_nrdns) {
			esmbe_locate_in(rb, m, (enum map_class)cls, dn, d, loc);
			break;
		}
	}
	if (rc == 0 && cls == MAP_CLASS__MAX) {
		loc->rl_node = ESMBE_NODE_NONE;
		loc->rl_matched = xstrdup(rb->rb_be->be_suffix);
		esmbe_class_list(m, ESMBE_CL_BASES, bases, sizeof(bases));
		snprintf(loc->rl_why, sizeof(loc->rl_why), "entries of %s "
		    "are below %s", rb->rb_be->be_suffix, bases);
	}
	dn_free(dn);
	return rc;
}

/* ---- fixed entries ------------------------------------------------- */

static void
esmbe_put(struct esmbe *rb, struct entry *e, const char *name,
    const char *val)
{
	entry_add_str(e, name, schema_find_at(esmbe_schema(rb), name), val);
}

void
esmbe_leaf_finish(struct esmbe *rb, struct entry *e)
{
	esmbe_put(rb, e, "hasSubordinates", "FALSE");
}

static struct entry *
esmbe_suffix_entry(struct esmbe *rb)
{
	const char *suffix = rb->rb_be->be_suffix, *why;
	const struct dn_ava *ava;
	struct entry *e;
	struct dn *dn;

	e = entry_new(suffix);
	esmbe_put(rb, e, "objectClass", "top");
	if (dn_parse(suffix, strlen(suffix), esmbe_schema(rb), &dn,
	    &why) == 0 && dn->dn_nrdns > 0 &&
	    dn->dn_rdns[0].dr_navas == 1) {
		ava = &dn->dn_rdns[0].dr_avas[0];
		if (strcasecmp(ava->da_type, "dc") == 0 ||
		    strcasecmp(ava->da_type, "domainComponent") == 0) {
			esmbe_put(rb, e, "objectClass", "dcObject");
			esmbe_put(rb, e, "objectClass", "organization");
			esmbe_put(rb, e, "dc", ava->da_value.bv_val);
			esmbe_put(rb, e, "o", ava->da_value.bv_val);
		} else {
			esmbe_put(rb, e, "objectClass", "organization");
			esmbe_put(rb, e, "o", ava->da_value.bv_val);
		}
		dn_free(dn);
	}
	esmbe_put(rb, e, "hasSubordinates", "TRUE");
	return e;
}

static struct entry *
esmbe_container_entry(struct esmbe *rb, const struct map *m,
    enum map_class cls)
{
	const char *base = m->m_class[cls].mc_base, *eq;
	struct entry *e;
	char *dn;

	dn = esmbe_container_dn(rb, m, cls);
	e = entry_new(dn);
	free(dn);
	esmbe_put(rb, e, "objectClass", "top");
	esmbe_put(rb, e, "objectClass", "organizationalUnit");
	/* mc_base is one RDN such as "ou=People" */
	if ((eq = strchr(base, '=')) != NULL) {
		dn = xstrndup(base, (size_t)(eq - base));
		esmbe_put(rb, e, dn, eq + 1);
		free(dn);
	}
	esmbe_put(rb, e, "hasSubordinates", "TRUE");
	return e;
}

struct entry *
esmbe_node_entry(struct esmbe *rb, const struct map *m, enum esmbe_node n,
    enum map_class cls)
{
	switch (n) {
	case ESMBE_NODE_SUFFIX:
		return esmbe_suffix_entry(rb);
	case ESMBE_NODE_CONTAINER:
		return esmbe_container_entry(rb, m, cls);
	default:
		return NULL;
	}
}

/* The DN an event of the ESM names: its id checked as the ESM names. */
char *
esmbe_event_dn(struct backend *be, enum be_event_target t, const char *id,
    char *err, size_t errlen)
{
	struct esmbe *rb = be->be_private;
	char name[ESM_NAME_MAX + 1];
	enum map_class cls;

	if (esmbe_event_name(rb, t, id, &cls, name, err, errlen) != 0)
		return NULL;
	return map_dn(rb->rb_map, cls, name, be->be_suffix);
}

int
esmbe_event_name(const struct esmbe *rb, enum be_event_target t,
    const char *id, enum map_class *cls, char *name, char *text,
    size_t textlen)
{
	const char *why;

	*cls = t == BE_TARGET_GROUP ? MAP_GROUP : MAP_USER;
	if (rb->rb_map == NULL || !rb->rb_map->m_class[*cls].mc_defined) {
		snprintf(text, textlen, "the %s backend %s has no %ss in its "
		    "map", rb->rb_dl->dl_name, rb->rb_be->be_suffix,
		    map_class_name(*cls));
		return LDAP_UNWILLING_TO_PERFORM;
	}
	if (esmbe_quote_name(rb, *cls, id, strlen(id), name, &why) == -1) {
		snprintf(text, textlen, "\"%.64s\" is not a %s %s name: %s",
		    id, rb->rb_dl->dl_name, map_class_name(*cls), why);
		return LDAP_INVALID_DN_SYNTAX;
	}
	return 0;
}

/* ---- the single-entry context -------------------------------------- */

struct esmbe_op *
esmbe_op_new(struct op *op, struct esmbe *rb)
{
	struct esmbe_op *ro;

	ro = xcalloc(1, sizeof(*ro));
	ro->ro_kind = ESMBE_CTX_OP;
	ro->ro_op = op;
	ro->ro_rb = rb;
	ro->ro_map = map_ref(rb->rb_map);
	ro->ro_in_hook = 1;
	op->o_be_ctx = ro;
	return ro;
}

/* Cancel the request in flight; its callback sees CANCELLED. */
static void
esmbe_op_cancel_req(struct esmbe_op *ro)
{
	uint64_t id = ro->ro_req;

	if (id != 0 && ro->ro_agent != NULL &&
	    ro->ro_agent->ra_client != NULL) {
		ro->ro_req = 0;
		link_client_cancel(ro->ro_agent->ra_client, id);
	}
	ro->ro_req = 0;
	esmbe_read_cancel(ro->ro_read);
	ro->ro_read = NULL;
}

void
esmbe_op_free(struct esmbe_op *ro)
{
	if (ro == NULL)
		return;
	esmbe_op_cancel_req(ro);
	entry_free(ro->ro_entry);
	esm_plan_clear(&ro->ro_plan);
	free(ro->ro_plan.ep_cmds);
	explicit_bzero(ro->ro_genpw, sizeof(ro->ro_genpw));
	esmbe_loc_clear(&ro->ro_loc);
	map_unref(ro->ro_map);
	free(ro);
}

void
esmbe_op_end(struct esmbe_op *ro, int rc)
{
	struct op *op = ro->ro_op;

	if (ro->ro_ended)
		return;
	ro->ro_ended = 1;
	ro->ro_result = rc;
	esmbe_op_cancel_req(ro);
	if (ro->ro_in_hook)
		return;		/* the hook returns rc */
	op->o_be_ctx = NULL;
	esmbe_op_free(ro);
	op_finish(op, rc, NULL);
}

int
esmbe_op_hook_return(struct esmbe_op *ro)
{
	struct op *op = ro->ro_op;
	int rc;

	ro->ro_in_hook = 0;
	if (!ro->ro_ended)
		return OP_PENDING;
	rc = ro->ro_result;
	op->o_be_ctx = NULL;
	esmbe_op_free(ro);
	return rc;
}

/* ---- reading one entry --------------------------------------------- */

/*
 * A read in flight (esmbe_read): the listing command of one id, its
 * output parsed into one entry.  It owns itself until done returns.
 */
struct be_read {
	struct esmbe		*rd_rb;		/* borrowed */
	struct map		*rd_map;	/* one reference */
	enum map_class		 rd_cls;
	char			 rd_id[ESM_NAME_MAX + 1];
	struct esm_list		*rd_list;	/* owned */
	struct entry		*rd_entry;	/* owned until handed over */
	struct esmbe_agent	*rd_agent;	/* borrowed: the one asked */
	uint64_t		 rd_req;	/* 0: none in flight */
	char			 rd_what[160];	/* "LISTUSER JSMITH" */
	char			 rd_msg[ESMBE_MSG_MAX];	/* output kept for
						   a diagnostic */
	char			 rd_text[512];
	be_read_done_fn		*rd_done;
	void			*rd_arg;
};

static void
esmbe_read_free(struct be_read *rd)
{
	rd->rd_rb->rb_dl->dl_list_free(rd->rd_list);
	entry_free(rd->rd_entry);
	map_unref(rd->rd_map);
	free(rd);
}

void
esmbe_read_cancel(struct be_read *rd)
{
	uint64_t id;

	if (rd == NULL)
		return;
	if ((id = rd->rd_req) != 0) {
		rd->rd_req = 0;		/* its callback sees CANCELLED */
		link_client_cancel(rd->rd_agent->ra_client, id);
	}
	esmbe_read_free(rd);
}

/* The end of a read: done is told, then the read is gone. */
static void
esmbe_read_done(struct be_read *rd, int rc)
{
	struct entry *e = rd->rd_entry;

	rd->rd_entry = NULL;
	if (rc != 0) {
		entry_free(e);
		e = NULL;
	}
	rd->rd_done(rd->rd_arg, rc, e, rd->rd_text);
	esmbe_read_free(rd);
}

static void
esmbe_read_entry_cb(void *arg, struct entry *e)
{
	struct be_read *rd = arg;

	if (rd->rd_entry != NULL) {	/* one record was asked for */
		entry_free(e);
		return;
	}
	esmbe_leaf_finish(rd->rd_rb, e);
	rd->rd_entry = e;
}

static void
esmbe_read_final(struct be_read *rd, const struct link_msg *m)
{
	char err[256];

	if (m->lm_rc == LINK_RC_REFUSED && strncmp(rd->rd_msg, "ESMA104E",
	    8) == 0) {
		esmbe_hide(rd->rd_rb, rd->rd_cls, rd->rd_id);
		snprintf(rd->rd_text, sizeof(rd->rd_text), "agent %s refused "
		    "%s: a protected id", rd->rd_agent->ra_name, rd->rd_what);
		esmbe_read_done(rd, ESMBE_FETCH_PROTECTED);
		return;
	}
	if (m->lm_rc != 0 && m->lm_rc != 4) {
		rd->rd_agent->ra_failed++;
		rd->rd_rb->rb_cmds_failed++;
		esmbe_read_done(rd, esmbe_exec_map(rd->rd_agent, rd->rd_what,
		    m->lm_rc, rd->rd_msg, 0, rd->rd_text,
		    sizeof(rd->rd_text)));
		return;
	}
	if (rd->rd_rb->rb_dl->dl_list_end(rd->rd_list, err,
	    sizeof(err)) == -1) {
		snprintf(rd->rd_text, sizeof(rd->rd_text), "cannot read the "
		    "output of %s: %s", rd->rd_what, err);
		esmbe_read_done(rd, LDAP_OTHER);
		return;
	}
	if (rd->rd_entry == NULL)
		snprintf(rd->rd_text, sizeof(rd->rd_text), "%s %s does not "
		    "exist in %s", map_class_name(rd->rd_cls), rd->rd_id,
		    rd->rd_rb->rb_dl->dl_name);
	esmbe_read_done(rd, rd->rd_entry != NULL ? 0 : LDAP_NO_SUCH_OBJECT);
}

static void
esmbe_read_cb(void *arg, enum link_req_status st, const struct link_msg *m,
    const char *why)
{
	struct be_read *rd = arg;
	char err[256];
	uint64_t id;

	if (st == LINK_REQ_CANCELLED)
		return;
	if (st != LINK_REQ_OK) {
		rd->rd_req = 0;
		rd->rd_agent->ra_failed++;
		esmbe_read_done(rd, esmbe_exec_map_status(rd->rd_agent,
		    rd->rd_what, st, why, 0, rd->rd_text,
		    sizeof(rd->rd_text)));
		return;
	}
	if (!m->lm_more)
		rd->rd_req = 0;
	if (m->lm_rc < 0 || (!m->lm_more && m->lm_rc != 0 && m->lm_rc != 4))
		esmbe_msg_add(rd->rd_msg, sizeof(rd->rd_msg), m->lm_lines,
		    m->lm_nlines);
	else if (rd->rd_rb->rb_dl->dl_list_feed(rd->rd_list, m->lm_lines,
	    m->lm_nlines, err, sizeof(err)) == -1) {
		if ((id = rd->rd_req) != 0) {
			rd->rd_req = 0;
			link_client_cancel(rd->rd_agent->ra_client, id);
		}
		snprintf(rd->rd_text, sizeof(rd->rd_text), "cannot read the "
		    "output of %s: %s", rd->rd_what, err);
		esmbe_read_done(rd, LDAP_OTHER);
		return;
	}
	if (!m->lm_more)
		esmbe_read_final(rd, m);
}

struct be_read *
esmbe_read(struct esmbe *rb, struct map *m, enum map_class cls,
    const char *id, const struct link_identity *who, be_read_done_fn *done,
    void *arg, int *rc, char *text, size_t textlen)
{
	struct be_read *rd;
	const char *ids[1];
	char *cmd;

	rd = xcalloc(1, sizeof(*rd));
	rd->rd_rb = rb;
	rd->rd_map = map_ref(m);
	rd->rd_cls = cls;
	snprintf(rd->rd_id, sizeof(rd->rd_id), "%s", id);
	rd->rd_done = done;
	rd->rd_arg = arg;
	rd->rd_list = rb->rb_dl->dl_list_new(cls, m, esmbe_schema(rb),
	    rb->rb_be->be_suffix, esmbe_read_entry_cb, rd);
	ids[0] = rd->rd_id;
	cmd = rb->rb_dl->dl_list_command(cls, m, ids, 1);
	snprintf(rd->rd_what, sizeof(rd->rd_what), "%s %s",
	    rb->rb_dl->dl_list_verb(cls), rd->rd_id);
	*rc = esmbe_send(rb, who, LINK_REQ_COMMAND, cmd, 0, rd->rd_what, NULL,
	    0, esmbe_read_cb, rd, &rd->rd_agent, &rd->rd_req, text, textlen);
	free(cmd);
	if (*rc != 0) {
		esmbe_read_free(rd);
		return NULL;
	}
	return rd;
}

/* ---- fetch: a read for an operation --------------------------------- */

static void
esmbe_fetch_read_cb(void *arg, int rc, struct entry *e, const char *text)
{
	struct esmbe_op *ro = arg;
	struct op *op = ro->ro_op;

	ro->ro_read = NULL;
	ro->ro_entry = e;
	/*
	 * noSuchObject gets its words from the operation that asked, and a
	 * protected id is answered as if it did not exist.
	 */
	if (rc != 0 && rc != LDAP_NO_SUCH_OBJECT &&
	    rc != ESMBE_FETCH_PROTECTED)
		snprintf(op->o_text, sizeof(op->o_text), "%s", text);
	ro->ro_fetched(ro, rc);
}

void
esmbe_fetch(struct esmbe_op *ro, esmbe_fetched_fn *fetched)
{
	struct esmbe *rb = ro->ro_rb;
	struct op *op = ro->ro_op;
	struct link_identity who;
	enum map_class cls = ro->ro_loc.rl_cls;
	int rc;

	ro->ro_fetched = fetched;
	ro->ro_msg[0] = '\0';
	entry_free(ro->ro_entry);
	ro->ro_entry = NULL;
	esmbe_read_cancel(ro->ro_read);
	snprintf(ro->ro_what, sizeof(ro->ro_what), "%s %s",
	    rb->rb_dl->dl_list_verb(cls), ro->ro_loc.rl_id);
	if ((rc = op_identity(op, &who)) != 0) {
		fetched(ro, rc);
		return;
	}
	ro->ro_read = esmbe_read(rb, ro->ro_map, cls, ro->ro_loc.rl_id, &who,
	    esmbe_fetch_read_cb, ro, &rc, op->o_text, sizeof(op->o_text));
	if (ro->ro_read != NULL)
		return;
	log_warnx("conn=%llu op=%llu %s", (unsigned long long)op_conn_id(op),
	    (unsigned long long)op->o_id, op->o_text);
	fetched(ro, rc);
}

/* ---- compare ------------------------------------------------------- */

/* RFC 4511 4.10: compare the assertion with the entry's values. */
static int
esmbe_compare_entry(struct op *op, const struct entry *e)
{
	const struct berval *type = &op->o_req.r.compare.type;
	const struct berval *val = &op->o_req.r.compare.value;
	const struct schema_at *at;
	const struct attr *a;
	size_t i, j;
	int found = 0, undefined = 0, r;

	at = schema_find_at_len(op->o_be->be_gw->gw_schema, type->bv_val,
	    type->bv_len);
	if (at == NULL) {
		snprintf(op->o_text, sizeof(op->o_text), "attribute type "
		    "%.*s is not defined in the schema",
		    (int)(type->bv_len > 64 ? 64 : type->bv_len),
		    type->bv_val);
		return LDAP_UNDEFINED_TYPE;
	}
	if (at->at_eq == NULL) {
		snprintf(op->o_text, sizeof(op->o_text), "attribute %s has "
		    "no equality matching rule", at->at_names != NULL &&
		    at->at_nnames > 0 ? at->at_names[0] : at->at_oid);
		return LDAP_INAPPROPRIATE_MATCHING;
	}
	for (i = 0; i < e->e_nattrs; i++) {
		a = &e->e_attrs[i];
		if (a->a_at == NULL ? !schema_at_is_named(at, a->a_name) :
		    !schema_at_is_a(a->a_at, at))
			continue;
		found = 1;
		for (j = 0; j < a->a_nvals; j++) {
			if ((r = match_equal(at->at_eq, &a->a_vals[j],
			    val)) == 1)
				return LDAP_COMPARE_TRUE;
			if (r == -1)
				undefined = 1;
		}
	}
	if (!found) {
		snprintf(op->o_text, sizeof(op->o_text), "%s has no %.*s",
		    e->e_dn, (int)(type->bv_len > 64 ? 64 : type->bv_len),
		    type->bv_val);
		return LDAP_NO_SUCH_ATTRIBUTE;
	}
	if (undefined && !match_assertion_ok(at->at_eq, val)) {
		snprintf(op->o_text, sizeof(op->o_text), "the assertion "
		    "value is not valid for %.*s",
		    (int)(type->bv_len > 64 ? 64 : type->bv_len),
		    type->bv_val);
		return LDAP_INVALID_SYNTAX;
	}
	return LDAP_COMPARE_FALSE;
}

static void
esmbe_compare_fetched(struct esmbe_op *ro, int rc)
{
	struct op *op = ro->ro_op;

	if (rc == LDAP_NO_SUCH_OBJECT || rc == ESMBE_FETCH_PROTECTED) {
		op_set_matched(op, ro->ro_loc.rl_matched);
		snprintf(op->o_text, sizeof(op->o_text), "%s %s does not "
		    "exist in %s", map_class_name(ro->ro_loc.rl_cls),
		    ro->ro_loc.rl_id, ro->ro_rb->rb_dl->dl_name);
		esmbe_op_end(ro, LDAP_NO_SUCH_OBJECT);
		return;
	}
	if (rc != 0) {
		esmbe_op_end(ro, rc);
		return;
	}
	esmbe_op_end(ro, esmbe_compare_entry(op, ro->ro_entry));
}

/*
 * Common start of the single-entry operations: locate the target, and
 * answer what needs no agent.  Returns 0 when the target is a user or a
 * group (ro_loc filled), else the code to end with (o_text set).
 */
static int
esmbe_leaf_target(struct esmbe_op *ro, const char *dn, const char *ndn)
{
	struct op *op = ro->ro_op;
	struct esmbe_loc *loc = &ro->ro_loc;

	if (esmbe_locate(ro->ro_rb, ro->ro_map, dn, ndn, loc) == -1) {
		snprintf(op->o_text, sizeof(op->o_text), "%s is not a DN",
		    dn);
		return LDAP_INVALID_DN_SYNTAX;
	}
	if (loc->rl_node == ESMBE_NODE_NONE || (loc->rl_node ==
	    ESMBE_NODE_LEAF && (loc->rl_below || esmbe_is_protected(
	    ro->ro_rb, loc->rl_cls, loc->rl_id)))) {
		op_set_matched(op, loc->rl_matched);
		snprintf(op->o_text, sizeof(op->o_text), "no such entry%s%s",
		    loc->rl_why[0] != '\0' ? ": " : "", loc->rl_why);
		return LDAP_NO_SUCH_OBJECT;
	}
	return 0;
}

int
esmbe_compare(struct op *op)
{
	struct esmbe *rb = esmbe_of(op);
	struct esmbe_op *ro;
	struct entry *e;
	int rc;

	ro = esmbe_op_new(op, rb);
	if (schema_find_at_len(rb->rb_be->be_gw->gw_schema,
	    op->o_req.r.compare.type.bv_val,
	    op->o_req.r.compare.type.bv_len) == NULL) {
		/* esmbe_compare_entry() says why, without asking RACF */
		e = entry_new(op->o_dn);
		rc = esmbe_compare_entry(op, e);
		entry_free(e);
		esmbe_op_end(ro, rc);
		return esmbe_op_hook_return(ro);
	}
	if ((rc = esmbe_leaf_target(ro, op->o_dn, op->o_ndn)) != 0) {
		esmbe_op_end(ro, rc);
		return esmbe_op_hook_return(ro);
	}
	if (ro->ro_loc.rl_node != ESMBE_NODE_LEAF) {
		e = esmbe_node_entry(rb, ro->ro_map, ro->ro_loc.rl_node,
		    ro->ro_loc.rl_cls);
		rc = esmbe_compare_entry(op, e);
		entry_free(e);
		esmbe_op_end(ro, rc);
		return esmbe_op_hook_return(ro);
	}
	esmbe_fetch(ro, esmbe_compare_fetched);
	return esmbe_op_hook_return(ro);
}

/* ---- cancel -------------------------------------------------------- */

void
esmbe_cancel(struct op *op)
{
	enum esmbe_ctx_kind *kind = op->o_be_ctx;
	struct esmbe_op *ro;

	if (kind == NULL)
		return;
	if (*kind == ESMBE_CTX_SEARCH) {
		esmbe_search_cancel(op);
		return;
	}
	ro = op->o_be_ctx;
	op->o_be_ctx = NULL;
	esmbe_exec_log_abandoned(ro);
	esmbe_op_cancel_req(ro);
	log_debug(LOG_CAT_BACKEND, "conn=%llu op=%llu cancelled%s%s",
	    (unsigned long long)op_conn_id(op), (unsigned long long)op->o_id,
	    ro->ro_what[0] != '\0' ? " during " : "", ro->ro_what);
	if (ro->ro_busy) {
		ro->ro_dead = 1;	/* freed when op_send_entry returns */
		return;
	}
	esmbe_op_free(ro);
}
