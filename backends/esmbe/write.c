/*
 * write.c - add, modify, delete and modrdn of the ESM's users and
 * groups (plans from the dialect; RACF's words in the examples).
 *
 * Each change follows the same steps, so that bad input changes
 * nothing:
 *   1. the DN must name a user (uid=X,ou=People,<suffix>) or a group
 *      (cn=G,ou=Groups,<suffix>) directly, with an id RACF accepts, and
 *      not a protected one;
 *   2. the current entry is read (LISTUSER X / LISTGRP G): an add needs
 *      it absent, a modify or delete present;
 *   3. the whole plan of commands is built (racf_cmd.c) from the
 *      request, the map and the current entry; a request the plan
 *      refuses changes nothing;
 *   4. the commands run one by one (exec.c).
 * RACF has no command that renames a userid or a group, so modrdn is
 * refused.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ldap.h>

#include "log.h"
#include "xmalloc.h"
#include "backends/backend.h"
#include "backends/esmbe/esmbe.h"
#include "gateway/gw.h"
#include "gateway/conn.h"	/* before op.h: RB_HEAD(op_tree) */
#include "gateway/op.h"
#include "gateway/pdu.h"
#include "gateway/schema.h"

enum esmbe_write {
	ESMBE_WRITE_ADD,
	ESMBE_WRITE_MODIFY,
	ESMBE_WRITE_DELETE,
};

static const char *
esmbe_write_name(enum esmbe_write w)
{
	return w == ESMBE_WRITE_ADD ? "added" : w == ESMBE_WRITE_MODIFY ?
	    "modified" : "deleted";
}

/* Step 1.  Returns 0 when the target is a leaf entry of a class. */
static int
esmbe_write_target(struct esmbe_op *ro, enum esmbe_write w)
{
	struct op *op = ro->ro_op;
	struct esmbe_loc *loc = &ro->ro_loc;
	char *t = op->o_text, classes[64], where[256];
	size_t tl = sizeof(op->o_text);

	if (esmbe_locate(ro->ro_rb, ro->ro_map, op->o_dn, op->o_ndn,
	    loc) == -1) {
		snprintf(t, tl, "%s is not a DN", op->o_dn);
		return LDAP_INVALID_DN_SYNTAX;
	}
	switch (loc->rl_node) {
	case ESMBE_NODE_SUFFIX:
	case ESMBE_NODE_CONTAINER:
		snprintf(t, tl, "%s is a fixed entry of the %s backend: it "
		    "cannot be %s", op->o_dn, ro->ro_rb->rb_dl->dl_name,
		    esmbe_write_name(w));
		return w == ESMBE_WRITE_ADD ? LDAP_ALREADY_EXISTS :
		    LDAP_UNWILLING_TO_PERFORM;
	case ESMBE_NODE_NONE:
		if (w != ESMBE_WRITE_ADD) {
			op_set_matched(op, loc->rl_matched);
			snprintf(t, tl, "no such entry: %s", loc->rl_why);
			return LDAP_NO_SUCH_OBJECT;
		}
		if (loc->rl_in_class) {
			snprintf(t, tl, "%s cannot be added: %s", op->o_dn,
			    loc->rl_why);
			return LDAP_NAMING_VIOLATION;
		}
		esmbe_class_list(ro->ro_map, ESMBE_CL_NAMING, where,
		    sizeof(where));
		snprintf(t, tl, "%s cannot be added: entries are added as %s",
		    op->o_dn, where);
		return LDAP_UNWILLING_TO_PERFORM;
	case ESMBE_NODE_LEAF:
		break;
	}
	if (loc->rl_below) {
		esmbe_class_list(ro->ro_map, ESMBE_CL_NAMES, classes, sizeof(classes));
		if (w == ESMBE_WRITE_ADD) {
			snprintf(t, tl, "%s cannot be added: %s %s have no "
			    "entries below them", op->o_dn,
			    ro->ro_rb->rb_dl->dl_name, classes);
			return LDAP_UNWILLING_TO_PERFORM;
		}
		op_set_matched(op, loc->rl_matched);
		snprintf(t, tl, "no such entry: %s %s have no entries below "
		    "them", ro->ro_rb->rb_dl->dl_name, classes);
		return LDAP_NO_SUCH_OBJECT;
	}
	if (esmbe_is_protected(ro->ro_rb, loc->rl_cls, loc->rl_id)) {
		snprintf(t, tl, "%s %s is protected: it cannot be %s through "
		    "LDAP", map_class_name(loc->rl_cls), loc->rl_id,
		    esmbe_write_name(w));
		return LDAP_INSUFFICIENT_ACCESS;
	}
	return 0;
}

static void
esmbe_write_run_plan(struct esmbe_op *ro)
{
	struct op *op = ro->ro_op;
	size_t i;

	if (ro->ro_plan.ep_n == 0) {
		op->o_text[0] = '\0';
		esmbe_op_end(ro, LDAP_SUCCESS);	/* nothing to change */
		return;
	}
	log_info("conn=%llu op=%llu %s %s: %zu %s command%s",
	    (unsigned long long)op_conn_id(op), (unsigned long long)op->o_id,
	    map_class_name(ro->ro_loc.rl_cls), ro->ro_loc.rl_id,
	    ro->ro_plan.ep_n, ro->ro_rb->rb_dl->dl_name,
	    ro->ro_plan.ep_n == 1 ? "" : "s");
	for (i = 0; i < ro->ro_plan.ep_n; i++)
		log_debug(LOG_CAT_BACKEND, "conn=%llu op=%llu plan %zu: %s",
		    (unsigned long long)op_conn_id(op),
		    (unsigned long long)op->o_id, i + 1,
		    ro->ro_plan.ep_cmds[i].ec_secret ?
		    ro->ro_plan.ep_cmds[i].ec_what :
		    ro->ro_plan.ep_cmds[i].ec_text);
	esmbe_exec(ro, NULL);
}

/* Step 2 done: what the fetch found decides. */
static int
esmbe_write_exists(struct esmbe_op *ro, int rc, enum esmbe_write w)
{
	struct op *op = ro->ro_op;
	const char *cls = map_class_name(ro->ro_loc.rl_cls);

	if (rc == ESMBE_FETCH_PROTECTED) {
		snprintf(op->o_text, sizeof(op->o_text), "%s %s is protected "
		    "by the agent: it cannot be %s through LDAP", cls,
		    ro->ro_loc.rl_id, esmbe_write_name(w));
		return LDAP_INSUFFICIENT_ACCESS;
	}
	if (rc != 0 && rc != LDAP_NO_SUCH_OBJECT)
		return rc;
	if (w == ESMBE_WRITE_ADD && rc == 0) {
		snprintf(op->o_text, sizeof(op->o_text), "%s %s already "
		    "exists in %s", cls, ro->ro_loc.rl_id,
		    ro->ro_rb->rb_dl->dl_name);
		return LDAP_ALREADY_EXISTS;
	}
	if (w != ESMBE_WRITE_ADD && rc != 0) {
		op_set_matched(op, ro->ro_loc.rl_matched);
		snprintf(op->o_text, sizeof(op->o_text), "%s %s does not "
		    "exist in %s", cls, ro->ro_loc.rl_id,
		    ro->ro_rb->rb_dl->dl_name);
		return LDAP_NO_SUCH_OBJECT;
	}
	op->o_text[0] = '\0';
	return 0;
}

/*
 * Values that name another user or group (member, memberOf, owner)
 * must not name a protected one: LDAP never changes those, not even by
 * connecting them to a group.  Returns 0, or insufficientAccessRights
 * with o_text.  Malformed values are left to the plan, which refuses
 * them with their own reason.
 */
static int
esmbe_write_check_refs(struct esmbe_op *ro, const struct berval *type,
    const struct berval *vals, size_t nvals)
{
	struct esmbe *rb = ro->ro_rb;
	const struct schema *s = rb->rb_be->be_gw->gw_schema;
	const struct schema_at *at;
	const struct map_attr *ma;
	enum map_class cls;
	char *id, uid[ESM_NAME_MAX + 1];
	const char *why;
	size_t i;
	int prot;

	if ((at = schema_find_at_len(s, type->bv_val, type->bv_len)) == NULL ||
	    (ma = map_find_at(ro->ro_map, ro->ro_loc.rl_cls, at)) == NULL ||
	    (ma->ma_syntax != MAP_SX_DN && ma->ma_syntax != MAP_SX_DNLIST))
		return 0;
	for (i = 0; i < nvals; i++) {
		if (map_dn_id(ro->ro_map, s, ma->ma_dnclasses,
		    rb->rb_be->be_suffix, &vals[i], &id, &cls, &why) != 0)
			continue;
		prot = esmbe_quote_name(rb, cls, id, strlen(id), uid,
		    &why) == 0 &&
		    esmbe_is_protected(rb, cls, uid);
		free(id);
		if (prot) {
			snprintf(ro->ro_op->o_text, sizeof(ro->ro_op->o_text),
			    "%s: %s %s is protected and cannot be changed "
			    "through LDAP", ma->ma_name, map_class_name(cls),
			    uid);
			return LDAP_INSUFFICIENT_ACCESS;
		}
	}
	return 0;
}

static int
esmbe_add_check_refs(struct esmbe_op *ro)
{
	const struct pdu_attr *a = ro->ro_op->o_req.r.add.attrs;
	size_t i, n = ro->ro_op->o_req.r.add.nattrs;
	int rc;

	for (i = 0; i < n; i++)
		if ((rc = esmbe_write_check_refs(ro, &a[i].pa_type,
		    a[i].pa_vals, a[i].pa_nvals)) != 0)
			return rc;
	return 0;
}

static int
esmbe_modify_check_refs(struct esmbe_op *ro)
{
	const struct pdu_mod *m = ro->ro_op->o_req.r.modify.mods;
	size_t i, n = ro->ro_op->o_req.r.modify.nmods;
	int rc;

	for (i = 0; i < n; i++)
		if ((rc = esmbe_write_check_refs(ro, &m[i].pm_type,
		    m[i].pm_vals, m[i].pm_nvals)) != 0)
			return rc;
	return 0;
}

static void
esmbe_add_fetched(struct esmbe_op *ro, int rc)
{
	struct op *op = ro->ro_op;
	struct esmbe *rb = ro->ro_rb;
	const struct schema *s = rb->rb_be->be_gw->gw_schema;

	if ((rc = esmbe_write_exists(ro, rc, ESMBE_WRITE_ADD)) != 0 ||
	    (rc = esmbe_add_check_refs(ro)) != 0) {
		esmbe_op_end(ro, rc);
		return;
	}
	rc = rb->rb_dl->dl_plan_add(ro->ro_loc.rl_cls, ro->ro_map, s,
	    rb->rb_be->be_suffix, ro->ro_loc.rl_id, op->o_req.r.add.attrs,
	    op->o_req.r.add.nattrs, &ro->ro_plan, op->o_text,
	    sizeof(op->o_text));
	if (rc != LDAP_SUCCESS) {
		esmbe_op_end(ro, rc);
		return;
	}
	esmbe_write_run_plan(ro);
}

static void
esmbe_modify_fetched(struct esmbe_op *ro, int rc)
{
	struct op *op = ro->ro_op;
	struct esmbe *rb = ro->ro_rb;
	const struct schema *s = rb->rb_be->be_gw->gw_schema;

	if ((rc = esmbe_write_exists(ro, rc, ESMBE_WRITE_MODIFY)) != 0 ||
	    (rc = esmbe_modify_check_refs(ro)) != 0) {
		esmbe_op_end(ro, rc);
		return;
	}
	rc = rb->rb_dl->dl_plan_modify(ro->ro_loc.rl_cls, ro->ro_map, s,
	    rb->rb_be->be_suffix, ro->ro_loc.rl_id, ro->ro_entry,
	    op->o_req.r.modify.mods, op->o_req.r.modify.nmods, &ro->ro_plan,
	    op->o_text, sizeof(op->o_text));
	if (rc != LDAP_SUCCESS) {
		esmbe_op_end(ro, rc);
		return;
	}
	esmbe_write_run_plan(ro);
}

static void
esmbe_delete_fetched(struct esmbe_op *ro, int rc)
{
	struct op *op = ro->ro_op;

	if ((rc = esmbe_write_exists(ro, rc, ESMBE_WRITE_DELETE)) != 0) {
		esmbe_op_end(ro, rc);
		return;
	}
	rc = ro->ro_rb->rb_dl->dl_plan_delete(ro->ro_loc.rl_cls,
	    ro->ro_loc.rl_id, &ro->ro_plan, op->o_text, sizeof(op->o_text));
	if (rc != LDAP_SUCCESS) {
		esmbe_op_end(ro, rc);
		return;
	}
	esmbe_write_run_plan(ro);
}

static int
esmbe_write_start(struct op *op, enum esmbe_write w, esmbe_fetched_fn *fn)
{
	struct esmbe_op *ro;
	int rc;

	ro = esmbe_op_new(op, esmbe_of(op));
	if ((rc = esmbe_write_target(ro, w)) != 0)
		esmbe_op_end(ro, rc);
	else
		esmbe_fetch(ro, fn);
	return esmbe_op_hook_return(ro);
}

int
esmbe_add(struct op *op)
{
	return esmbe_write_start(op, ESMBE_WRITE_ADD, esmbe_add_fetched);
}

int
esmbe_modify(struct op *op)
{
	return esmbe_write_start(op, ESMBE_WRITE_MODIFY, esmbe_modify_fetched);
}

int
esmbe_delete(struct op *op)
{
	return esmbe_write_start(op, ESMBE_WRITE_DELETE, esmbe_delete_fetched);
}

int
esmbe_modrdn(struct op *op)
{
	const char *esm = esmbe_of(op)->rb_dl->dl_name;

	snprintf(op->o_text, sizeof(op->o_text), "%s cannot rename a user "
	    "or group: no %s command renames an id; delete the entry and "
	    "add it under the new name", esm, esm);
	return LDAP_UNWILLING_TO_PERFORM;
}
