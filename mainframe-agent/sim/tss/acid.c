/*
 * acid.c - the functions that define and change ACIDs: CREATE, DELETE,
 * ADDTO, REMOVE and REPLACE.
 *
 * The ownership chain is TSS's: a ZONE owns divisions, a DIVISION owns
 * departments, a DEPARTMENT owns users, profiles, groups and central
 * administrators (CREATE names the owner with ZONE(), DIVISION() or
 * DEPARTMENT()).  DELETE is refused while the ACID has dependents, so
 * nothing is ever left without an owner:
 *   - a department, division or zone that still owns ACIDs;
 *   - a profile or group still attached to a user;
 *   - an ACID that still holds permissions (REVOKE them first);
 *   - the MSCA, and the issuer itself.
 * A user's own attachments to profiles and groups go with it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

#include "cmd.h"

/* What one ADDTO/REMOVE/REPLACE/CREATE changed, for the events. */
struct achange {
	char		 ac_fields[256];
};

enum amode { AM_ADD, AM_REMOVE, AM_REPLACE };

static void
achange_field(struct achange *ch, const char *name)
{
	size_t n = strlen(ch->ac_fields);

	if (tlist_has(ch->ac_fields, name))
		return;
	snprintf(ch->ac_fields + n, sizeof(ch->ac_fields) - n, "%s%s",
	    n > 0 ? " " : "", name);
}

static int
acid_is_user(const struct tacid *a)
{
	return a->ta_type == TT_USER || a->ta_type == TT_SCA ||
	    a->ta_type == TT_MSCA;
}

/* Which fields an ACID of a's type has. */
static int
acid_field_ok(struct tcmd *c, const struct tacid *a, enum tkw kw)
{
	int ok;

	if (acid_is_user(a))
		ok = kw != K_GID;
	else if (a->ta_type == TT_PROFILE)
		ok = kw != K_GID && kw != K_PROFILE && kw != K_GROUP &&
		    kw != K_DFLTGRP;
	else if (a->ta_type == TT_GROUP)
		ok = kw == K_GID;
	else
		ok = 0;
	if (ok)
		return TSS_RC_OK;
	return tcmd_err(c, TSS_RC_SEVERE, "TSS0206E  KEYWORD %s NOT VALID "
	    "FOR TYPE %s", tcmd_kws[kw].kd_name, tcmd_type_name(a->ta_type));
}

/* PROFILE(p) and GROUP(g) name ACIDs of that type. */
static int
acid_member_ok(struct tcmd *c, enum tkw kw, const char *v)
{
	struct tacid p;
	int rc;

	if (kw != K_PROFILE && kw != K_GROUP)
		return TSS_RC_OK;
	rc = tcmd_get_type(c, kw, v, kw == K_PROFILE ? TT_PROFILE : TT_GROUP,
	    &p);
	if (rc == TSS_RC_OK)
		tacid_free(&p);
	return rc;
}

/* One value of a multi-valued field added or removed. */
static int
acid_multi(struct tcmd *c, struct tacid *a, enum tkw kw, const char *v,
    enum amode m, struct achange *ch)
{
	enum tss_field f = (enum tss_field)(kw - K_FIELD0);
	const char *name = tcmd_kws[kw].kd_name;
	int rc, has = tlist_has(a->ta_f[f], v);

	if ((rc = tcmd_check(c, kw, v)) != TSS_RC_OK)
		return rc;
	if (m == AM_ADD && has)
		return tcmd_err(c, TSS_RC_ERROR, "TSS0225E  %s %s ALREADY "
		    "PRESENT FOR %s", name, v, a->ta_id);
	if (m == AM_REMOVE && !has)
		return tcmd_err(c, TSS_RC_ERROR, "TSS0226E  %s %s NOT PRESENT "
		    "FOR %s", name, v, a->ta_id);
	if (m == AM_ADD && (rc = acid_member_ok(c, kw, v)) != TSS_RC_OK)
		return rc;
	if (m == AM_ADD)
		tlist_add(&a->ta_f[f], v);
	else
		tlist_del(&a->ta_f[f], v);
	if (kw == K_PROFILE || kw == K_GROUP) {
		if (tstore_member(c->c_db, c->c_txn, v, a->ta_id,
		    m == AM_ADD) == -1)
			return tcmd_db_error(c);
		tcmd_event(c, m == AM_ADD ? ESM_EV_CONNECT : ESM_EV_REMOVE,
		    a->ta_id, v, name, NULL);
		/* The default group must stay one of the groups. */
		if (kw == K_GROUP && m == AM_REMOVE &&
		    a->ta_f[TF_DFLTGRP] != NULL &&
		    strcmp(a->ta_f[TF_DFLTGRP], v) == 0) {
			free(a->ta_f[TF_DFLTGRP]);
			a->ta_f[TF_DFLTGRP] = NULL;
			achange_field(ch, "DFLTGRP");
		}
		return TSS_RC_OK;
	}
	achange_field(ch, name);
	return TSS_RC_OK;
}

static int
acid_single(struct tcmd *c, struct tacid *a, enum tkw kw, enum amode m,
    struct achange *ch)
{
	enum tss_field f = (enum tss_field)(kw - K_FIELD0);
	const char *name = tcmd_kws[kw].kd_name, *v = tcmd_val(c, kw);
	int rc;

	if (m == AM_REMOVE) {
		if (a->ta_f[f] == NULL || (v != NULL &&
		    strcmp(a->ta_f[f], v) != 0))
			return tcmd_err(c, TSS_RC_ERROR, "TSS0226E  %s%s%s%s "
			    "NOT PRESENT FOR %s", name, v != NULL ? "(" : "",
			    v != NULL ? v : "", v != NULL ? ")" : "",
			    a->ta_id);
		free(a->ta_f[f]);
		a->ta_f[f] = NULL;
		achange_field(ch, name);
		return TSS_RC_OK;
	}
	if ((rc = tcmd_check(c, kw, v)) != TSS_RC_OK)
		return rc;
	if (m == AM_ADD && a->ta_f[f] != NULL)
		return tcmd_err(c, TSS_RC_ERROR, "TSS0225E  %s ALREADY "
		    "PRESENT FOR %s, USE REPLACE", name, a->ta_id);
	if (kw == K_DFLTGRP && !tlist_has(a->ta_f[TF_GROUP], v))
		return tcmd_err(c, TSS_RC_ERROR, "TSS0227E  DFLTGRP(%s) IS "
		    "NOT A GROUP OF %s", v, a->ta_id);
	free(a->ta_f[f]);
	a->ta_f[f] = xstrdup(v);
	achange_field(ch, name);
	return TSS_RC_OK;
}

/* Apply every field keyword of the command to a. */
static int
acid_fields(struct tcmd *c, struct tacid *a, enum amode m,
    struct achange *ch)
{
	const struct tlx_node *v;
	int kw, rc;

	for (kw = K_FIELD0; kw < K_CLASS0; kw++) {
		if (!c->c_ops.o_set[kw])
			continue;
		if ((rc = acid_field_ok(c, a, kw)) != TSS_RC_OK)
			return rc;
		if (tcmd_kws[kw].kd_kind == KK_VALUE) {
			if (m == AM_REPLACE && c->c_ops.o_vals[kw] == NULL)
				continue;
			if ((rc = acid_single(c, a, kw, m, ch)) != TSS_RC_OK)
				return rc;
			continue;
		}
		if (m == AM_REPLACE)
			return tcmd_err(c, TSS_RC_SEVERE, "TSS0206E  KEYWORD "
			    "%s NOT VALID FOR REPLACE, USE ADDTO AND REMOVE",
			    tcmd_kws[kw].kd_name);
		for (v = c->c_ops.o_vals[kw]; v != NULL; v = v->ln_next)
			if ((rc = acid_multi(c, a, kw, v->ln_text, m, ch)) !=
			    TSS_RC_OK)
				return rc;
	}
	return TSS_RC_OK;
}

/* The owner keyword a new ACID of type t needs, and the owner's type. */
static enum tkw
acid_owner_kw(enum tss_type t, enum tss_type *ot)
{
	switch (t) {
	case TT_DEPT:
		*ot = TT_DIV;
		return K_DIVISION;
	case TT_DIV:
		*ot = TT_ZONE;
		return K_ZONE;
	case TT_ZONE:
		return K__MAX;
	default:
		*ot = TT_DEPT;
		return K_DEPARTMENT;
	}
}

static int
acid_create_owner(struct tcmd *c, struct tacid *a)
{
	static const enum tkw owners[] = { K_DEPARTMENT, K_DIVISION, K_ZONE };
	enum tss_type ot = TT_DEPT;
	enum tkw want = acid_owner_kw(a->ta_type, &ot);
	struct tacid o;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(owners) / sizeof(owners[0]); i++)
		if (owners[i] != want && c->c_ops.o_set[owners[i]])
			return tcmd_err(c, TSS_RC_SEVERE, "TSS0206E  KEYWORD "
			    "%s NOT VALID FOR TYPE %s",
			    tcmd_kws[owners[i]].kd_name,
			    tcmd_type_name(a->ta_type));
	if (want == K__MAX || (want == K_ZONE && !c->c_ops.o_set[K_ZONE]))
		return TSS_RC_OK;
	if (!c->c_ops.o_set[want])
		return tcmd_err(c, TSS_RC_SEVERE, "TSS0260E  REQUIRED KEYWORD "
		    "%s MISSING FOR TYPE %s", tcmd_kws[want].kd_name,
		    tcmd_type_name(a->ta_type));
	if ((rc = tcmd_check(c, want, tcmd_val(c, want))) != TSS_RC_OK ||
	    (rc = tcmd_get_type(c, want, tcmd_val(c, want), ot, &o)) !=
	    TSS_RC_OK)
		return rc;
	tacid_free(&o);
	snprintf(a->ta_owner, sizeof(a->ta_owner), "%s", tcmd_val(c, want));
	return TSS_RC_OK;
}

/* The ACID of a new entry: well formed, not reserved, not defined. */
static int
acid_create_id(struct tcmd *c, struct tacid *a)
{
	const char *id = c->c_ids[0];
	int rc;

	if (strcmp(id, "ACIDS") == 0 || strcmp(id, "ALL") == 0 ||
	    strcmp(id, "TSS") == 0)
		return tcmd_err(c, TSS_RC_SEVERE, "TSS0202E  ACID %s IS A "
		    "RESERVED WORD", id);
	if ((rc = tstore_get_acid(c->c_db, c->c_txn, id, a)) == -1)
		return tcmd_db_error(c);
	if (rc == 0) {
		tacid_free(a);
		return tcmd_err(c, TSS_RC_ERROR, "TSS0210E  ACID %s ALREADY "
		    "DEFINED", id);
	}
	memset(a, 0, sizeof(*a));
	snprintf(a->ta_id, sizeof(a->ta_id), "%s", id);
	return TSS_RC_OK;
}

static int
acid_create_basic(struct tcmd *c, struct tacid *a, struct achange *ch)
{
	const char *type = tcmd_val(c, K_TYPE), *name = tcmd_val(c, K_NAME);
	const char *pw;
	int rc, expired;

	if (c->c_ops.o_n[K_TYPE] > 1)
		return tcmd_err(c, TSS_RC_SEVERE, "TSS0207E  TOO MANY "
		    "OPERANDS FOR TYPE");
	if (type != NULL && (tcmd_type_parse(type, &a->ta_type) == -1))
		return tcmd_err(c, TSS_RC_SEVERE, "TSS0207E  INVALID OPERAND "
		    "FOR TYPE: %.8s", type);
	if (name == NULL)
		return tcmd_err(c, TSS_RC_SEVERE, "TSS0260E  REQUIRED KEYWORD "
		    "NAME MISSING");
	if ((rc = tcmd_check(c, K_NAME, name)) != TSS_RC_OK)
		return rc;
	snprintf(a->ta_name, sizeof(a->ta_name), "%s", name);
	achange_field(ch, "NAME");
	if ((rc = acid_create_owner(c, a)) != TSS_RC_OK)
		return rc;
	if (c->c_ops.o_set[K_PASSWORD]) {
		if (!acid_is_user(a))
			return tcmd_err(c, TSS_RC_SEVERE, "TSS0206E  KEYWORD "
			    "PASSWORD NOT VALID FOR TYPE %s",
			    tcmd_type_name(a->ta_type));
		if ((rc = tcmd_password(c, a, &pw, &expired)) != TSS_RC_OK)
			return rc;
		achange_field(ch, "PASSWORD");
	}
	a->ta_created = a->ta_lastmod = c->c_now;
	return TSS_RC_OK;
}

int
tfn_create(struct tcmd *c)
{
	struct simevent ev;
	struct achange ch;
	struct tacid a;
	size_t before;
	int rc;

	memset(&ch, 0, sizeof(ch));
	if ((rc = tcmd_admin(c, NULL)) != TSS_RC_OK ||
	    (rc = acid_create_id(c, &a)) != TSS_RC_OK)
		return rc;
	before = c->c_o.so_nevs;
	if ((rc = acid_create_basic(c, &a, &ch)) == TSS_RC_OK &&
	    (rc = acid_fields(c, &a, AM_ADD, &ch)) == TSS_RC_OK) {
		if (tstore_put_acid(c->c_db, c->c_txn, &a, NULL) == -1)
			rc = tcmd_db_error(c);
		else {
			/* The creation first, then its attachments. */
			tcmd_event(c, acid_is_user(&a) ? ESM_EV_CREATE :
			    ESM_EV_GROUP_CREATE, a.ta_id, NULL, ch.ac_fields,
			    NULL);
			ev = c->c_o.so_evs[c->c_o.so_nevs - 1];
			memmove(&c->c_o.so_evs[before + 1], &c->c_o.so_evs[before],
			    (c->c_o.so_nevs - 1 - before) * sizeof(ev));
			c->c_o.so_evs[before] = ev;
		}
	}
	tacid_free(&a);
	return rc;
}

/* Load the one ACID of the command for a change by an administrator. */
static int
acid_load(struct tcmd *c, struct tacid *a, struct tacid *old)
{
	int rc;

	if ((rc = tcmd_get(c, c->c_ids[0], a)) != TSS_RC_OK)
		return rc;
	if ((rc = tcmd_admin(c, a)) != TSS_RC_OK) {
		tacid_free(a);
		return rc;
	}
	tacid_copy(old, a);
	return TSS_RC_OK;
}

static int
acid_save(struct tcmd *c, struct tacid *a, const struct tacid *old,
    const struct achange *ch)
{
	a->ta_lastmod = c->c_now;
	if (tstore_put_acid(c->c_db, c->c_txn, a, old) == -1)
		return tcmd_db_error(c);
	if (ch->ac_fields[0] != '\0')
		tcmd_event(c, acid_is_user(a) ? ESM_EV_MODIFY :
		    ESM_EV_GROUP_MODIFY, a->ta_id, NULL, ch->ac_fields, NULL);
	return TSS_RC_OK;
}

static int
acid_any_keyword(struct tcmd *c)
{
	int kw;

	for (kw = 0; kw < K__MAX; kw++)
		if (c->c_ops.o_set[kw])
			return TSS_RC_OK;
	return tcmd_err(c, TSS_RC_SEVERE, "TSS0260E  NO KEYWORD GIVEN FOR %s",
	    c->c_verb);
}

/* ADDTO SUSPEND / REMOVE SUSPEND. */
static int
acid_suspend(struct tcmd *c, struct tacid *a, int on)
{
	int is = (a->ta_flags & (TA_SUSPENDED | TA_VIOLATION)) != 0;

	if (!c->c_ops.o_set[K_SUSPEND])
		return TSS_RC_OK;
	if (!acid_is_user(a))
		return tcmd_err(c, TSS_RC_SEVERE, "TSS0206E  KEYWORD SUSPEND "
		    "NOT VALID FOR TYPE %s", tcmd_type_name(a->ta_type));
	if (on && is)
		return tcmd_err(c, TSS_RC_ERROR, "TSS0225E  ACID %s ALREADY "
		    "SUSPENDED", a->ta_id);
	if (!on && !is)
		return tcmd_err(c, TSS_RC_ERROR, "TSS0226E  ACID %s NOT "
		    "SUSPENDED", a->ta_id);
	if (on) {
		a->ta_flags |= TA_SUSPENDED;
		a->ta_suspdate = c->c_now;
		tcmd_event(c, ESM_EV_REVOKE, a->ta_id, NULL, "SUSPEND", NULL);
	} else {
		a->ta_flags &= ~(TA_SUSPENDED | TA_VIOLATION);
		a->ta_suspdate = 0;
		a->ta_failures = 0;
		tcmd_event(c, ESM_EV_RESUME, a->ta_id, NULL, "SUSPEND", NULL);
	}
	return TSS_RC_OK;
}

static int
acid_add_remove(struct tcmd *c, enum amode m)
{
	struct tacid a, old;
	struct achange ch;
	int rc;

	memset(&ch, 0, sizeof(ch));
	if ((rc = acid_any_keyword(c)) != TSS_RC_OK ||
	    (rc = acid_load(c, &a, &old)) != TSS_RC_OK)
		return rc;
	if ((rc = acid_suspend(c, &a, m == AM_ADD)) == TSS_RC_OK &&
	    (rc = acid_fields(c, &a, m, &ch)) == TSS_RC_OK)
		rc = acid_save(c, &a, &old, &ch);
	tacid_free(&a);
	tacid_free(&old);
	return rc;
}

int
tfn_addto(struct tcmd *c)
{
	return acid_add_remove(c, AM_ADD);
}

int
tfn_remove(struct tcmd *c)
{
	return acid_add_remove(c, AM_REMOVE);
}

static int
acid_replace_basic(struct tcmd *c, struct tacid *a, struct achange *ch)
{
	const char *name = tcmd_val(c, K_NAME), *pw;
	int rc, expired;

	if (name != NULL) {
		if ((rc = tcmd_check(c, K_NAME, name)) != TSS_RC_OK)
			return rc;
		snprintf(a->ta_name, sizeof(a->ta_name), "%s", name);
		achange_field(ch, "NAME");
	}
	if (!c->c_ops.o_set[K_PASSWORD])
		return TSS_RC_OK;
	if (!acid_is_user(a))
		return tcmd_err(c, TSS_RC_SEVERE, "TSS0206E  KEYWORD PASSWORD "
		    "NOT VALID FOR TYPE %s", tcmd_type_name(a->ta_type));
	if ((rc = tcmd_password(c, a, &pw, &expired)) != TSS_RC_OK)
		return rc;
	tcmd_event(c, expired ? ESM_EV_PASSWORD_RESET :
	    ESM_EV_PASSWORD_RESET_NOEXPIRE, a->ta_id, NULL, "PASSWORD", pw);
	return TSS_RC_OK;
}

int
tfn_replace(struct tcmd *c)
{
	struct tacid a, old;
	struct achange ch;
	int rc;

	memset(&ch, 0, sizeof(ch));
	if ((rc = acid_any_keyword(c)) != TSS_RC_OK ||
	    (rc = acid_load(c, &a, &old)) != TSS_RC_OK)
		return rc;
	if ((rc = acid_replace_basic(c, &a, &ch)) == TSS_RC_OK &&
	    (rc = acid_fields(c, &a, AM_REPLACE, &ch)) == TSS_RC_OK)
		rc = acid_save(c, &a, &old, &ch);
	tacid_free(&a);
	tacid_free(&old);
	return rc;
}

/* Why a may not go (a TSS0220E-0222E), or TSS_RC_OK. */
static int
acid_dependents(struct tcmd *c, const struct tacid *a)
{
	int rc;

	if ((rc = simdb_has_prefix(c->c_txn, c->c_db->db_owns,
	    a->ta_id)) == -1)
		return tcmd_db_error(c);
	if (rc == 1)
		return tcmd_err(c, TSS_RC_ERROR, "TSS0220E  %s %s STILL OWNS "
		    "ACIDS, DELETE THEM FIRST", tcmd_type_name(a->ta_type),
		    a->ta_id);
	if ((rc = simdb_has_prefix(c->c_txn, c->c_db->db_members,
	    a->ta_id)) == -1)
		return tcmd_db_error(c);
	if (rc == 1)
		return tcmd_err(c, TSS_RC_ERROR, "TSS0221E  %s %s IS STILL "
		    "ATTACHED TO USERS, REMOVE IT FIRST",
		    tcmd_type_name(a->ta_type), a->ta_id);
	if ((rc = simdb_has_prefix(c->c_txn, c->c_db->db_perms,
	    a->ta_id)) == -1)
		return tcmd_db_error(c);
	if (rc == 1)
		return tcmd_err(c, TSS_RC_ERROR, "TSS0222E  ACID %s STILL "
		    "HOLDS PERMISSIONS, REVOKE THEM FIRST", a->ta_id);
	return TSS_RC_OK;
}

/* A user's attachments to profiles and groups go with it. */
static int
acid_detach(struct tcmd *c, const struct tacid *a)
{
	static const enum tss_field lists[] = { TF_PROFILE, TF_GROUP };
	char *copy, *tok, *save = NULL;
	size_t i;
	int rc = 0;

	for (i = 0; i < 2 && rc == 0; i++) {
		if (a->ta_f[lists[i]] == NULL)
			continue;
		copy = xstrdup(a->ta_f[lists[i]]);
		for (tok = strtok_r(copy, " ", &save); tok != NULL && rc == 0;
		    tok = strtok_r(NULL, " ", &save))
			rc = tstore_member(c->c_db, c->c_txn, tok, a->ta_id,
			    0);
		free(copy);
	}
	return rc == 0 ? TSS_RC_OK : tcmd_db_error(c);
}

int
tfn_delete(struct tcmd *c)
{
	struct tacid a, old;
	int rc;

	if ((rc = acid_load(c, &a, &old)) != TSS_RC_OK)
		return rc;
	tacid_free(&old);
	if (a.ta_type == TT_MSCA || strcmp(a.ta_id, c->c_issuer) == 0)
		rc = tcmd_err(c, TSS_RC_ERROR, "TSS0214E  NOT AUTHORIZED TO "
		    "DELETE %s", a.ta_id);
	else if ((rc = acid_dependents(c, &a)) == TSS_RC_OK &&
	    (rc = acid_detach(c, &a)) == TSS_RC_OK) {
		if (tstore_del_acid(c->c_db, c->c_txn, &a) == -1)
			rc = tcmd_db_error(c);
		else
			tcmd_event(c, acid_is_user(&a) ? ESM_EV_DELETE :
			    ESM_EV_GROUP_DELETE, a.ta_id, NULL, "", NULL);
	}
	tacid_free(&a);
	return rc;
}
