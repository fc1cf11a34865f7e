/*
 * listgrp.c - LISTGRP, in the layout documented at the top of list.c,
 * written to the sink line by line from one read transaction.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "rules.h"
#include "segment.h"

struct lg_walk {
	struct rcmd	*lg_cmd;
	const char	*lg_group;
	int		 lg_n;
	int		 lg_count;
	int		 lg_omvs;
};

static int
lg_sub_cb(void *arg, const MDB_val *k, const MDB_val *v)
{
	struct lg_walk *w = arg;
	char id[ID_SZ + 1];

	store_key_second(k, id);
	return cmd_line(w->lg_cmd, "    %s %s", w->lg_n++ == 0 ?
	    "SUBGROUP(S)=" : "            ", id) == -1 ? 1 : 0;
}

static int
lg_member_cb(void *arg, const MDB_val *k, const MDB_val *v)
{
	struct lg_walk *w = arg;
	struct rcmd *c = w->lg_cmd;
	char id[ID_SZ + 1], d1[16], d2[16];
	struct rconn cn;

	store_key_second(k, id);
	if (store_get_conn(c->c_db, c->c_txn, id, w->lg_group, &cn) != 0)
		return -1;
	if (w->lg_n++ == 0 && cmd_line(c, "    USER(S)=      ACCESS=      "
	    "ACCESS COUNT=      UNIVERSAL ACCESS=") == -1)
		return 1;
	if (cmd_line(c, "      %-8s     %-8s      %06u              %s", id,
	    cmd_auth_name(cn.rc_auth), cn.rc_count, cn.rc_uacc) == -1 ||
	    cmd_line(c, "         CONNECT ATTRIBUTES=%s",
	    cn.rc_flags & RC_REVOKED ? "REVOKED" : "NONE") == -1)
		return 1;
	if (cn.rc_revokedate != 0)
		list_date((time_t)cn.rc_revokedate, d1, sizeof(d1));
	if (cn.rc_resumedate != 0)
		list_date((time_t)cn.rc_resumedate, d2, sizeof(d2));
	return cmd_line(c, "         REVOKE DATE=%-6s              RESUME "
	    "DATE=%s", cn.rc_revokedate != 0 ? d1 : "NONE",
	    cn.rc_resumedate != 0 ? d2 : "NONE") == -1 ? 1 : 0;
}

static int
lg_omvs(struct rcmd *c, const struct rgroup *g)
{
	char buf[16];

	if (cmd_line(c, "%s", "") == -1)
		return -1;
	if (!g->rg_omvs)
		return cmd_line(c, "NO OMVS INFORMATION");
	if (cmd_line(c, "OMVS INFORMATION") == -1 ||
	    cmd_line(c, "----------------") == -1)
		return -1;
	if (g->rg_gid[0] == '\0')
		return 0;
	seg_format(&seg_gid, g->rg_gid, buf, sizeof(buf));
	return cmd_line(c, "GID= %s", buf);
}

static int
lg_group(struct lg_walk *w, const struct rgroup *g)
{
	struct rcmd *c = w->lg_cmd;
	char d[16];

	w->lg_group = g->rg_id;
	list_date((time_t)g->rg_created, d, sizeof(d));
	if ((w->lg_count++ > 0 && cmd_line(c, "%s", "") == -1) ||
	    cmd_line(c, "INFORMATION FOR GROUP %s", g->rg_id) == -1 ||
	    cmd_line(c, "    SUPERIOR GROUP=%-8s  OWNER=%-8s  CREATED=%s",
	    g->rg_supgroup[0] != '\0' ? g->rg_supgroup : "NONE", g->rg_owner,
	    d) == -1 ||
	    (g->rg_data[0] != '\0' ? cmd_line(c, "    INSTALLATION DATA=%s",
	    g->rg_data) : cmd_line(c, "    NO INSTALLATION DATA")) == -1 ||
	    cmd_line(c, "    NO MODEL DATA SET") == -1 ||
	    cmd_line(c, "    TERMUACC") == -1)
		return -1;
	w->lg_n = 0;
	if (simdb_scan(c->c_txn, c->c_db->db_subs, g->rg_id,
	    strlen(g->rg_id) + 1, lg_sub_cb, w) == -1 || c->c_o.so_cut ||
	    (w->lg_n == 0 && cmd_line(c, "    NO SUBGROUPS") == -1))
		return -1;
	w->lg_n = 0;
	if (simdb_scan(c->c_txn, c->c_db->db_g2u, g->rg_id,
	    strlen(g->rg_id) + 1, lg_member_cb, w) == -1 || c->c_o.so_cut ||
	    (w->lg_n == 0 && cmd_line(c, "    NO USERS") == -1))
		return -1;
	return w->lg_omvs ? lg_omvs(c, g) : 0;
}

static int
lg_one(struct lg_walk *w, const char *id)
{
	struct rcmd *c = w->lg_cmd;
	struct rgroup g;
	struct rconn cn;
	int rc;

	if (!rules_is_id(id))
		return cmd_err(c, RACF_RC_WARNING, "IKJ56702I INVALID GROUP, "
		    "%.40s", id);
	if ((rc = store_get_group(c->c_db, c->c_txn, id, &g)) != 0)
		return rc == 1 ? cmd_err(c, RACF_RC_WARNING, "ICH51003I NAME "
		    "NOT FOUND IN RACF DATA SET") : RACF_RC_SEVERE;
	/* Without SPECIAL, only a group one is connected to. */
	if (!(c->c_iss_flags & RU_SPECIAL) && store_get_conn(c->c_db,
	    c->c_txn, c->c_issuer, id, &cn) != 0)
		return cmd_err(c, RACF_RC_ERROR, "ICH30010I NOT AUTHORIZED TO "
		    "ISSUE LISTGRP FOR GROUP %s", id);
	lg_group(w, &g);
	return RACF_RC_OK;
}

static int
lg_all_cb(void *arg, const MDB_val *k, const MDB_val *v)
{
	struct lg_walk *w = arg;
	struct rgroup g;

	memset(&g, 0, sizeof(g));
	if (k->mv_size >= ID_SZ)
		return -1;
	memcpy(g.rg_id, k->mv_data, k->mv_size);
	if (rec_group_decode(v->mv_data, v->mv_size, &g) == -1)
		return -1;
	return lg_group(w, &g) == -1 ? 1 : 0;
}

int
list_group_cmd(struct rcmd *c, const struct lx_node *args)
{
	const struct lx_node *who = NULL, *n;
	struct opset *os = NULL;
	struct lg_walk w;
	int rc, r;

	memset(&w, 0, sizeof(w));
	w.lg_cmd = c;
	if (args != NULL && !args->ln_hasargs) {
		who = args;
		args = args->ln_next;
	}
	if ((rc = cmd_parse(c, &parse_listgrp, args, &os)) != 0)
		goto done;
	w.lg_omvs = opset_has(os, KW_OMVS);
	if (who == NULL)
		rc = lg_one(&w, c->c_iss_group);
	else if (who->ln_kind == LX_WORD && strcmp(who->ln_text, "*") == 0) {
		if ((rc = cmd_special(c)) == 0 && simdb_scan(c->c_txn,
		    c->c_db->db_groups, "", 0, lg_all_cb, &w) == -1)
			rc = RACF_RC_SEVERE;
	} else if (who->ln_kind != LX_LIST)
		rc = lg_one(&w, who->ln_text);
	for (n = who != NULL && who->ln_kind == LX_LIST ? who->ln_args : NULL;
	    n != NULL && !c->c_o.so_cut; n = n->ln_next)
		if ((r = lg_one(&w, n->ln_text)) > rc)
			rc = r;
done:
	parse_free(os);
	return rc;
}
