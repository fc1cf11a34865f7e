/*
 * group.c - ADDGROUP, ALTGROUP and DELGROUP.
 *
 * Groups form a tree under SYS1: every group but SYS1 has a superior
 * group that must exist, and ALTGROUP may not move a group under itself
 * or one of its subgroups.  DELGROUP is refused while the group has
 * members or subgroups, as RACF refuses it.
 *
 * Each command takes one group or a list, (G1 G2 ...), done in turn
 * with the same operands; cmd_each() reports every group that failed,
 * and a failure for any one leaves every group unchanged.  Within a
 * list a group sees the ones done before it, as in RACF: DELGROUP
 * (SUB DEPT) deletes a subgroup, then its superior.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "rules.h"
#include "segment.h"

static const struct rule rule_data = { RK_TEXT, 1, RACF_DATA_MAX };

static void
group_note(char *fields, size_t len, const char *f)
{
	size_t n = strlen(fields);

	snprintf(fields + n, len - n, "%s%s", n > 0 ? " " : "", f);
}

/* Would making sup the superior of g create a loop? */
static int
group_loops(struct rcmd *c, const char *g, const char *sup)
{
	struct rgroup cur;
	char id[ID_SZ];
	int depth;

	snprintf(id, sizeof(id), "%s", sup);
	for (depth = 0; id[0] != '\0' && depth < 1000; depth++) {
		if (strcmp(id, g) == 0)
			return 1;
		if (store_get_group(c->c_db, c->c_txn, id, &cur) != 0)
			return 0;
		snprintf(id, sizeof(id), "%s", cur.rg_supgroup);
	}
	return depth >= 1000;
}

static int
group_apply(struct rcmd *c, struct rgroup *g, const struct opset *os,
    char *fields, size_t len)
{
	const struct opset *sub;
	int rc;

	if ((rc = cmd_ref(c, os, KW_SUPGROUP, 2, g->rg_supgroup)) != 0 ||
	    (rc = cmd_ref(c, os, KW_OWNER, 0, g->rg_owner)) != 0 ||
	    (rc = cmd_value(c, os, KW_DATA, &rule_data, g->rg_data,
	    sizeof(g->rg_data))) != 0)
		return rc;
	if (opset_has(os, KW_SUPGROUP) && (strcmp(g->rg_id, "SYS1") == 0 ||
	    group_loops(c, g->rg_id, g->rg_supgroup)))
		return cmd_err(c, RACF_RC_ERROR, "ICH11009I SUPGROUP %s WOULD "
		    "MAKE GROUP %s ITS OWN SUPERIOR", g->rg_supgroup, g->rg_id);
	if (opset_has(os, KW_NODATA))
		g->rg_data[0] = '\0';
	if (opset_has(os, KW_NOOMVS)) {
		g->rg_omvs = 0;
		g->rg_gid[0] = '\0';
	} else if (opset_has(os, KW_OMVS)) {
		g->rg_omvs = 1;
		sub = opset_sub(os, KW_OMVS);
		if ((rc = cmd_value(c, sub, KW_GID, &seg_gid.sf_rule,
		    g->rg_gid, sizeof(g->rg_gid))) != 0)
			return rc;
		if (opset_has(sub, KW_NOGID))
			g->rg_gid[0] = '\0';
	}
	if (opset_has(os, KW_SUPGROUP))
		group_note(fields, len, "SUPGROUP");
	if (opset_has(os, KW_OWNER))
		group_note(fields, len, "OWNER");
	if (opset_has(os, KW_DATA) || opset_has(os, KW_NODATA))
		group_note(fields, len, "DATA");
	if (opset_has(os, KW_OMVS) || opset_has(os, KW_NOOMVS))
		group_note(fields, len, "OMVS");
	return RACF_RC_OK;
}

/* The operands of a command, shared by every group of its list. */
struct group_args {
	const struct opset	*ga_os;
};

/* ADDGROUP for one group of the list. */
static int
group_add_one(struct rcmd *c, const char *id, void *arg)
{
	const struct opset *os = ((struct group_args *)arg)->ga_os;
	struct rgroup g;
	char fields[256] = "";
	int rc, kind;

	memset(&g, 0, sizeof(g));
	snprintf(g.rg_id, sizeof(g.rg_id), "%s", id);
	if ((kind = cmd_exists(c, g.rg_id)) != 0)
		return cmd_err(c, kind == -1 ? RACF_RC_SEVERE :
		    RACF_RC_INVALID, "IKJ56702I INVALID GROUP, %s", g.rg_id);
	snprintf(g.rg_supgroup, sizeof(g.rg_supgroup), "%s", c->c_iss_group);
	snprintf(g.rg_owner, sizeof(g.rg_owner), "%s", c->c_issuer);
	g.rg_created = c->c_now;
	if ((rc = group_apply(c, &g, os, fields, sizeof(fields))) != 0)
		return rc;
	if (store_put_group(c->c_db, c->c_txn, &g, NULL) == -1)
		return cmd_err(c, RACF_RC_SEVERE, "IRR52022I THE RACF "
		    "DATABASE UPDATE FAILED");
	cmd_event(c, ESM_EV_GROUP_CREATE, g.rg_id, NULL, fields, NULL);
	return RACF_RC_OK;
}

static int
group_load(struct rcmd *c, const char *id, struct rgroup *g)
{
	int rc;

	if ((rc = store_get_group(c->c_db, c->c_txn, id, g)) == 1)
		return cmd_err(c, RACF_RC_SEVERE, "ICH51003I NAME NOT FOUND "
		    "IN RACF DATA SET");
	if (rc == -1)
		return cmd_err(c, RACF_RC_SEVERE, "IRR52021I THE RACF "
		    "DATABASE CANNOT BE ACCESSED");
	return RACF_RC_OK;
}

/* ALTGROUP for one group of the list. */
static int
group_alter_one(struct rcmd *c, const char *id, void *arg)
{
	const struct opset *os = ((struct group_args *)arg)->ga_os;
	struct rgroup g, old;
	char fields[256] = "";
	int rc;

	if ((rc = group_load(c, id, &g)) != 0)
		return rc;
	old = g;
	if ((rc = group_apply(c, &g, os, fields, sizeof(fields))) != 0)
		return rc;
	if (store_put_group(c->c_db, c->c_txn, &g, &old) == -1)
		return cmd_err(c, RACF_RC_SEVERE, "IRR52022I THE RACF "
		    "DATABASE UPDATE FAILED");
	if (fields[0] != '\0')
		cmd_event(c, ESM_EV_GROUP_MODIFY, g.rg_id, NULL, fields, NULL);
	return RACF_RC_OK;
}

/* DELGROUP for one group of the list. */
static int
group_delete_one(struct rcmd *c, const char *id, void *arg)
{
	struct rgroup g;
	int rc, m, s, o;

	if ((rc = group_load(c, id, &g)) != 0)
		return rc;
	m = simdb_has_prefix(c->c_txn, c->c_db->db_g2u, g.rg_id);
	s = simdb_has_prefix(c->c_txn, c->c_db->db_subs, g.rg_id);
	o = simdb_has_prefix(c->c_txn, c->c_db->db_owns, g.rg_id);
	if (m == -1 || s == -1 || o == -1)
		return cmd_err(c, RACF_RC_SEVERE, "IRR52021I THE RACF "
		    "DATABASE CANNOT BE ACCESSED");
	if (strcmp(g.rg_id, "SYS1") == 0 || m || s || o)
		return cmd_err(c, RACF_RC_ERROR, "ICH22003I GROUP %s %s, GROUP "
		    "NOT DELETED", g.rg_id, m ? "HAS MEMBERS" : s ?
		    "HAS SUBGROUPS" : o ? "OWNS PROFILES" : "IS SYS1");
	if (store_del_group(c->c_db, c->c_txn, &g) == -1)
		return cmd_err(c, RACF_RC_SEVERE, "IRR52022I THE RACF "
		    "DATABASE UPDATE FAILED");
	cmd_event(c, ESM_EV_GROUP_DELETE, g.rg_id, NULL, "", NULL);
	return RACF_RC_OK;
}

/* Check the names and the operands, then do each group. */
static int
group_each(struct rcmd *c, const struct lx_node *args,
    const struct kwtab *tab, cmd_each_fn fn)
{
	struct group_args ga = { NULL };
	struct cmd_names cn = { NULL, NULL, 0 };
	struct opset *os = NULL;
	int rc;

	if ((rc = cmd_special(c)) != 0 ||
	    (rc = cmd_names(c, args, "GROUP", &cn)) != 0 ||
	    (rc = cmd_parse(c, tab, args->ln_next, &os)) != 0)
		goto done;
	ga.ga_os = os;
	rc = cmd_each(c, &cn, fn, &ga);
done:
	cmd_names_free(&cn);
	parse_free(os);
	return rc;
}

int
group_add(struct rcmd *c, const struct lx_node *args)
{
	return group_each(c, args, &parse_addgroup, group_add_one);
}

int
group_alter(struct rcmd *c, const struct lx_node *args)
{
	return group_each(c, args, &parse_altgroup, group_alter_one);
}

int
group_delete(struct rcmd *c, const struct lx_node *args)
{
	return group_each(c, args, &parse_delgroup, group_delete_one);
}
