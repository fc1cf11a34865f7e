/*
 * write.c - add, modify, delete and modrdn of RACF users and groups.
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
#include "backends/racf/racf_be.h"
#include "backends/racf/racf_cmd.h"
#include "backends/racf/racf_quote.h"
#include "gateway/gw.h"
#include "gateway/conn.h"	/* before op.h: RB_HEAD(op_tree) */
#include "gateway/op.h"
#include "gateway/pdu.h"
#include "gateway/schema.h"

enum racf_write {
	RACF_WRITE_ADD,
	RACF_WRITE_MODIFY,
	RACF_WRITE_DELETE,
};

static const char *
racf_write_name(enum racf_write w)
{
	return w == RACF_WRITE_ADD ? "added" : w == RACF_WRITE_MODIFY ?
	    "modified" : "deleted";
}

/* Step 1.  Returns 0 when the target is a user or a group. */
static int
racf_write_target(struct racf_op *ro, enum racf_write w)
{
	struct op *op = ro->ro_op;
	struct racf_loc *loc = &ro->ro_loc;
	char *t = op->o_text;
	size_t tl = sizeof(op->o_text);

	if (racf_locate(ro->ro_rb, ro->ro_map, op->o_dn, op->o_ndn,
	    loc) == -1) {
		snprintf(t, tl, "%s is not a DN", op->o_dn);
		return LDAP_INVALID_DN_SYNTAX;
	}
	switch (loc->rl_node) {
	case RACF_NODE_SUFFIX:
	case RACF_NODE_PEOPLE:
	case RACF_NODE_GROUPS:
		snprintf(t, tl, "%s is a fixed entry of the RACF backend: it "
		    "cannot be %s", op->o_dn, racf_write_name(w));
		return w == RACF_WRITE_ADD ? LDAP_ALREADY_EXISTS :
		    LDAP_UNWILLING_TO_PERFORM;
	case RACF_NODE_NONE:
		if (w != RACF_WRITE_ADD) {
			op_set_matched(op, loc->rl_matched);
			snprintf(t, tl, "no such entry: %s", loc->rl_why);
			return LDAP_NO_SUCH_OBJECT;
		}
		if (loc->rl_in_class) {
			snprintf(t, tl, "%s cannot be added: %s", op->o_dn,
			    loc->rl_why);
			return LDAP_NAMING_VIOLATION;
		}
		snprintf(t, tl, "%s cannot be added: users are added as "
		    "%s=USERID,%s and groups as %s=GROUP,%s", op->o_dn,
		    ro->ro_map->m_class[MAP_USER].mc_rdn,
		    ro->ro_map->m_class[MAP_USER].mc_base,
		    ro->ro_map->m_class[MAP_GROUP].mc_rdn,
		    ro->ro_map->m_class[MAP_GROUP].mc_base);
		return LDAP_UNWILLING_TO_PERFORM;
	case RACF_NODE_LEAF:
		break;
	}
	if (loc->rl_below) {
		if (w == RACF_WRITE_ADD) {
			snprintf(t, tl, "%s cannot be added: RACF users and "
			    "groups have no entries below them", op->o_dn);
			return LDAP_UNWILLING_TO_PERFORM;
		}
		op_set_matched(op, loc->rl_matched);
		snprintf(t, tl, "no such entry: RACF users and groups have no "
		    "entries below them");
		return LDAP_NO_SUCH_OBJECT;
	}
	if (racf_be_is_protected(ro->ro_rb, loc->rl_cls, loc->rl_id)) {
		snprintf(t, tl, "%s %s is protected: it cannot be %s through "
		    "LDAP", map_class_name(loc->rl_cls), loc->rl_id,
		    racf_write_name(w));
		return LDAP_INSUFFICIENT_ACCESS;
	}
	return 0;
}

static void
racf_write_run_plan(struct racf_op *ro)
{
	struct op *op = ro->ro_op;
	size_t i;

	if (ro->ro_plan.rp_n == 0) {
		op->o_text[0] = '\0';
		racf_op_end(ro, LDAP_SUCCESS);	/* nothing to change */
		return;
	}
	log_info("conn=%llu op=%llu %s %s: %zu RACF command%s",
	    (unsigned long long)op_conn_id(op), (unsigned long long)op->o_id,
	    map_class_name(ro->ro_loc.rl_cls), ro->ro_loc.rl_id,
	    ro->ro_plan.rp_n, ro->ro_plan.rp_n == 1 ? "" : "s");
	for (i = 0; i < ro->ro_plan.rp_n; i++)
		log_debug(LOG_CAT_BACKEND, "conn=%llu op=%llu plan %zu: %s",
		    (unsigned long long)op_conn_id(op),
		    (unsigned long long)op->o_id, i + 1,
		    ro->ro_plan.rp_cmds[i].rc_secret ?
		    ro->ro_plan.rp_cmds[i].rc_what :
		    ro->ro_plan.rp_cmds[i].rc_text);
	racf_exec(ro, NULL);
}

/* Step 2 done: what the fetch found decides. */
static int
racf_write_exists(struct racf_op *ro, int rc, enum racf_write w)
{
	struct op *op = ro->ro_op;
	const char *cls = map_class_name(ro->ro_loc.rl_cls);

	if (rc == RACF_FETCH_PROTECTED) {
		snprintf(op->o_text, sizeof(op->o_text), "%s %s is protected "
		    "by the agent: it cannot be %s through LDAP", cls,
		    ro->ro_loc.rl_id, racf_write_name(w));
		return LDAP_INSUFFICIENT_ACCESS;
	}
	if (rc != 0 && rc != LDAP_NO_SUCH_OBJECT)
		return rc;
	if (w == RACF_WRITE_ADD && rc == 0) {
		snprintf(op->o_text, sizeof(op->o_text), "%s %s already "
		    "exists in RACF", cls, ro->ro_loc.rl_id);
		return LDAP_ALREADY_EXISTS;
	}
	if (w != RACF_WRITE_ADD && rc != 0) {
		op_set_matched(op, ro->ro_loc.rl_matched);
		snprintf(op->o_text, sizeof(op->o_text), "%s %s does not "
		    "exist in RACF", cls, ro->ro_loc.rl_id);
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
racf_write_check_refs(struct racf_op *ro, const struct berval *type,
    const struct berval *vals, size_t nvals)
{
	struct racf_be *rb = ro->ro_rb;
	const struct schema *s = rb->rb_be->be_gw->gw_schema;
	const struct schema_at *at;
	const struct map_attr *ma;
	enum map_class cls;
	char *id, uid[RACF_ID_LEN + 1];
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
		prot = racf_quote_id(id, strlen(id), uid, &why) == 0 &&
		    racf_be_is_protected(rb, cls, uid);
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
racf_add_check_refs(struct racf_op *ro)
{
	const struct pdu_attr *a = ro->ro_op->o_req.r.add.attrs;
	size_t i, n = ro->ro_op->o_req.r.add.nattrs;
	int rc;

	for (i = 0; i < n; i++)
		if ((rc = racf_write_check_refs(ro, &a[i].pa_type,
		    a[i].pa_vals, a[i].pa_nvals)) != 0)
			return rc;
	return 0;
}

static int
racf_modify_check_refs(struct racf_op *ro)
{
	const struct pdu_mod *m = ro->ro_op->o_req.r.modify.mods;
	size_t i, n = ro->ro_op->o_req.r.modify.nmods;
	int rc;

	for (i = 0; i < n; i++)
		if ((rc = racf_write_check_refs(ro, &m[i].pm_type,
		    m[i].pm_vals, m[i].pm_nvals)) != 0)
			return rc;
	return 0;
}

static void
racf_add_fetched(struct racf_op *ro, int rc)
{
	struct op *op = ro->ro_op;
	struct racf_be *rb = ro->ro_rb;
	const struct schema *s = rb->rb_be->be_gw->gw_schema;

	if ((rc = racf_write_exists(ro, rc, RACF_WRITE_ADD)) != 0 ||
	    (rc = racf_add_check_refs(ro)) != 0) {
		racf_op_end(ro, rc);
		return;
	}
	if (ro->ro_loc.rl_cls == MAP_USER)
		rc = racf_plan_add_user(ro->ro_map, s, rb->rb_be->be_suffix,
		    ro->ro_loc.rl_id, op->o_req.r.add.attrs,
		    op->o_req.r.add.nattrs, &ro->ro_plan, op->o_text,
		    sizeof(op->o_text));
	else
		rc = racf_plan_add_group(ro->ro_map, s, rb->rb_be->be_suffix,
		    ro->ro_loc.rl_id, op->o_req.r.add.attrs,
		    op->o_req.r.add.nattrs, &ro->ro_plan, op->o_text,
		    sizeof(op->o_text));
	if (rc != LDAP_SUCCESS) {
		racf_op_end(ro, rc);
		return;
	}
	racf_write_run_plan(ro);
}

static void
racf_modify_fetched(struct racf_op *ro, int rc)
{
	struct op *op = ro->ro_op;
	struct racf_be *rb = ro->ro_rb;
	const struct schema *s = rb->rb_be->be_gw->gw_schema;

	if ((rc = racf_write_exists(ro, rc, RACF_WRITE_MODIFY)) != 0 ||
	    (rc = racf_modify_check_refs(ro)) != 0) {
		racf_op_end(ro, rc);
		return;
	}
	if (ro->ro_loc.rl_cls == MAP_USER)
		rc = racf_plan_modify_user(ro->ro_map, s,
		    rb->rb_be->be_suffix, ro->ro_loc.rl_id, ro->ro_entry,
		    op->o_req.r.modify.mods, op->o_req.r.modify.nmods,
		    &ro->ro_plan, op->o_text, sizeof(op->o_text));
	else
		rc = racf_plan_modify_group(ro->ro_map, s,
		    rb->rb_be->be_suffix, ro->ro_loc.rl_id, ro->ro_entry,
		    op->o_req.r.modify.mods, op->o_req.r.modify.nmods,
		    &ro->ro_plan, op->o_text, sizeof(op->o_text));
	if (rc != LDAP_SUCCESS) {
		racf_op_end(ro, rc);
		return;
	}
	racf_write_run_plan(ro);
}

static void
racf_delete_fetched(struct racf_op *ro, int rc)
{
	struct op *op = ro->ro_op;

	if ((rc = racf_write_exists(ro, rc, RACF_WRITE_DELETE)) != 0) {
		racf_op_end(ro, rc);
		return;
	}
	if (ro->ro_loc.rl_cls == MAP_USER)
		rc = racf_plan_delete_user(ro->ro_loc.rl_id, &ro->ro_plan,
		    op->o_text, sizeof(op->o_text));
	else
		rc = racf_plan_delete_group(ro->ro_loc.rl_id, &ro->ro_plan,
		    op->o_text, sizeof(op->o_text));
	if (rc != LDAP_SUCCESS) {
		racf_op_end(ro, rc);
		return;
	}
	racf_write_run_plan(ro);
}

static int
racf_write_start(struct op *op, enum racf_write w, racf_fetched_fn *fn)
{
	struct racf_op *ro;
	int rc;

	ro = racf_op_new(op, racf_be_of(op));
	if ((rc = racf_write_target(ro, w)) != 0)
		racf_op_end(ro, rc);
	else
		racf_fetch(ro, fn);
	return racf_op_hook_return(ro);
}

int
racf_be_add(struct op *op)
{
	return racf_write_start(op, RACF_WRITE_ADD, racf_add_fetched);
}

int
racf_be_modify(struct op *op)
{
	return racf_write_start(op, RACF_WRITE_MODIFY, racf_modify_fetched);
}

int
racf_be_delete(struct op *op)
{
	return racf_write_start(op, RACF_WRITE_DELETE, racf_delete_fetched);
}

int
racf_be_modrdn(struct op *op)
{
	snprintf(op->o_text, sizeof(op->o_text), "RACF cannot rename a user "
	    "or group: no RACF command renames a userid; delete the entry "
	    "and add it under the new name");
	return LDAP_UNWILLING_TO_PERFORM;
}
