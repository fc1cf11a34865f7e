/*
 * planner.c - plans of native commands for LDAP add, modify and delete,
 * built from the schema map by one ESM's command language (planner.h).
 *
 * Everything is validated before the first command is built: the target
 * id, every attribute against the schema map, every value against the
 * ESM's rules (quote.h), and the RFC 4511 rules of the operation.  A
 * modify is applied in order to a working copy of the values the entry
 * has (as the ESM's LIST parser built it) -- so a delete of a value that
 * is not there is noSuchAttribute and an add of one that is,
 * attributeOrValueExists (4.6) -- and the commands come from the
 * difference between the result and the current entry.
 *
 * Command order: an add is the create command (RACF ADDUSER), then the
 * commands of their own (via=command: CONNECT per group), then one
 * alter command for what the create cannot take (via=alter: RACF
 * REVOKE, NOEXPIRED, TSS DFLTGRP).  A modify runs the commands that add
 * first, then the alter command, then those that remove.  Either way
 * an alter naming a default group may name one joined in the same
 * request, and in a modify a group stops being the default before it
 * is left.  Grants are the exception: a grant's removal runs before the
 * additions, since an ESM holds one grant per resource (q_grant_key)
 * and a grant replaced by another for the same resource would
 * otherwise be taken away again -- unless the ESM's set replaces the
 * grant of the same key (cl_grant_replaces, ACF2): then the replaced
 * one's removal is not sent at all.
 *
 * Templates may name the entry's value of another attribute, %{ATTR}
 * (TSS: ADDTO(%v) %{tssAcidType}(%u) joins a profile or a group as the
 * entry is one), taken from the request or else from the current
 * entry, and a grant's key, %k (TSS: REVOKE(%u) %k names the resource
 * alone).
 */
#include "config.h"

#include <sys/types.h>

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <ldap.h>

#include "xmalloc.h"

#include "backends/map.h"
#include "gateway/entry.h"
#include "gateway/pdu.h"
#include "gateway/schema.h"

#include "backends/planner.h"

/* A value of the working copy: its LDAP form and the quoted token. */
struct rcv {
	struct berval	 v_raw;		/* borrowed */
	char		*v_key;		/* owned: esm_quote_value's token */
};

/* One attribute a request touches. */
struct rcw {
	const struct map_attr	*w_ma;
	struct rcv		*w_cur;		/* owned array: the entry's */
	size_t			 w_ncur;
	struct rcv		*w_new;		/* owned array: the result */
	size_t			 w_nnew;
};

/* A plan in the making. */
struct rcp {
	const struct esm_cmdlang *p_cl;
	const char		*p_esm;		/* p_cl's ESM, for messages */
	const struct map	*p_map;
	const struct schema	*p_schema;
	const char		*p_suffix;
	enum map_class		 p_cls;
	int			 p_adding;
	const struct entry	*p_cur;		/* borrowed: the entry as it
						   is (a modify), or NULL */
	char			 p_id[ESM_NAME_MAX + 1];
	struct map_ops		 p_main;	/* create or alter operands */
	struct map_ops		 p_alter;	/* alter after the create */
	struct esm_plan	 p_pre;		/* commands before p_main */
	struct esm_plan	 p_post;	/* commands after it */
	struct rcw		*p_w;		/* owned */
	size_t			 p_nw;
	char			*p_text;
	size_t			 p_textlen;
	char			 p_tbuf[256];	/* when the caller gave none */
};

static int
rcp_fail(struct rcp *p, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
rcp_fail(struct rcp *p, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->p_text, p->p_textlen, fmt, ap);
	va_end(ap);
	return rc;
}

/* A short description: the command, cut, never a secret. */
static char *
rcp_what(const char *text)
{
	char *w;

	if (strlen(text) <= 100)
		return xstrdup(text);
	xasprintf(&w, "%.96s ...", text);
	return w;
}

/* Contexts. */

/* The entry's name checked and folded: an id, or its class's name. */
static int
rcp_name(const struct rcp *p, const char *s, size_t len, char *out,
    const char **why)
{
	esm_name_fn fn = p->p_cl->cl_name[p->p_cls];

	return fn != NULL ? fn(s, len, out, why) :
	    p->p_cl->cl_q->q_id(s, len, out, why);
}

static int
rcp_init(struct rcp *p, const struct esm_cmdlang *cl, const struct map *m,
    const struct schema *schema, const char *suffix, enum map_class cls,
    const char *id, int adding, char *text, size_t textlen)
{
	const char *why;

	memset(p, 0, sizeof(*p));
	p->p_cl = cl;
	p->p_esm = cl->cl_q->q_esm;
	p->p_map = m;
	p->p_schema = schema;
	p->p_suffix = suffix;
	p->p_cls = cls;
	p->p_adding = adding;
	p->p_text = text;
	p->p_textlen = textlen;
	if (text == NULL || textlen == 0) {
		p->p_text = p->p_tbuf;
		p->p_textlen = sizeof(p->p_tbuf);
	}
	p->p_text[0] = '\0';
	if (id == NULL || rcp_name(p, id, strlen(id), p->p_id, &why) == -1)
		return rcp_fail(p, adding ? LDAP_NAMING_VIOLATION :
		    LDAP_NO_SUCH_OBJECT, "%s %.40s: a %s %s %s",
		    cl->cl_idname[cls], id != NULL ? id : "", p->p_esm,
		    cl->cl_idname[cls], why);
	return LDAP_SUCCESS;
}

static void
rcv_free(struct rcv *v, size_t n, int secret)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (v[i].v_key != NULL && secret)
			xfree_secret(v[i].v_key, strlen(v[i].v_key));
		else
			free(v[i].v_key);
	}
	free(v);
}

static void
rcp_done(struct rcp *p)
{
	size_t i;

	for (i = 0; i < p->p_nw; i++) {
		rcv_free(p->p_w[i].w_cur, p->p_w[i].w_ncur, 0);
		rcv_free(p->p_w[i].w_new, p->p_w[i].w_nnew,
		    p->p_w[i].w_ma->ma_syntax == MAP_SX_SECRET);
	}
	free(p->p_w);
	map_ops_clear(&p->p_main);
	map_ops_clear(&p->p_alter);
	esm_plan_clear(&p->p_pre);
	esm_plan_clear(&p->p_post);
}

/* Values. */

/*
 * The token value bv of line ma becomes in a command.  DN values are
 * resolved to the id they name first.
 */
static int
rcp_quote(struct rcp *p, const struct map_attr *ma, const struct berval *bv,
    char **key)
{
	struct berval idv;
	const char *why;
	char *id;
	int rc;

	*key = NULL;
	if (ma->ma_syntax != MAP_SX_DN && ma->ma_syntax != MAP_SX_DNLIST)
		return esm_quote_value(p->p_cl->cl_q, ma, bv, key, p->p_text,
		    p->p_textlen);
	if ((rc = map_dn_id(p->p_map, p->p_schema, ma->ma_dnclasses,
	    p->p_suffix, bv, &id, NULL, &why)) != 0)
		return rcp_fail(p, rc, "%s: %.*s: %s", ma->ma_name,
		    (int)(bv->bv_len > 80 ? 80 : bv->bv_len), bv->bv_val, why);
	idv.bv_val = id;
	idv.bv_len = strlen(id);
	rc = esm_quote_value(p->p_cl->cl_q, ma, &idv, key, p->p_text,
	    p->p_textlen);
	free(id);
	return rc;
}

/* Are two values of ma the same under the attribute's equality? */
static int
rcp_same(const struct map_attr *ma, const struct rcv *a, const struct rcv *b)
{
	if (ma->ma_syntax == MAP_SX_TEXT && ma->ma_at->at_eq != NULL &&
	    !(ma->ma_flags & MAP_F_UPPER))
		return match_equal(ma->ma_at->at_eq, &a->v_raw, &b->v_raw) == 1;
	if (a->v_key != NULL && b->v_key != NULL)
		return strcmp(a->v_key, b->v_key) == 0;
	return a->v_raw.bv_len == b->v_raw.bv_len &&
	    memcmp(a->v_raw.bv_val, b->v_raw.bv_val, a->v_raw.bv_len) == 0;
}

static ssize_t
rcv_find(const struct map_attr *ma, const struct rcv *set, size_t n,
    const struct rcv *v)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (rcp_same(ma, &set[i], v))
			return (ssize_t)i;
	return -1;
}

static void
rcv_push(struct rcv **set, size_t *n, const struct berval *raw, char *key)
{
	*set = xreallocarray(*set, *n + 1, sizeof(**set));
	(*set)[*n].v_raw = *raw;
	(*set)[*n].v_key = key;
	(*n)++;
}

/* The working copy of ma: found, or made from the current entry. */
static struct rcw *
rcp_work(struct rcp *p, const struct map_attr *ma, const struct entry *cur)
{
	const struct attr *a;
	struct rcw *w;
	char *key, save[512];
	size_t i, j;

	for (i = 0; i < p->p_nw; i++)
		if (p->p_w[i].w_ma == ma)
			return &p->p_w[i];
	p->p_w = xreallocarray(p->p_w, p->p_nw + 1, sizeof(*p->p_w));
	w = &p->p_w[p->p_nw++];
	memset(w, 0, sizeof(*w));
	w->w_ma = ma;
	a = cur != NULL ? entry_find(cur, ma->ma_name) : NULL;
	snprintf(save, sizeof(save), "%s", p->p_text);
	for (j = 0; a != NULL && j < a->a_nvals; j++) {
		/* A current value the ESM's rules refuse compares raw. */
		if (rcp_quote(p, ma, &a->a_vals[j], &key) != 0)
			key = NULL;
		rcv_push(&w->w_cur, &w->w_ncur, &a->a_vals[j], key);
		rcv_push(&w->w_new, &w->w_nnew, &a->a_vals[j],
		    key != NULL ? xstrdup(key) : NULL);
	}
	snprintf(p->p_text, p->p_textlen, "%s", save);
	return w;
}

static void
rcv_remove(struct rcv *set, size_t *n, size_t i, int secret)
{
	if (set[i].v_key != NULL && secret)
		xfree_secret(set[i].v_key, strlen(set[i].v_key));
	else
		free(set[i].v_key);
	memmove(&set[i], &set[i + 1], (*n - i - 1) * sizeof(*set));
	(*n)--;
}

/* Add the values of one add or modify-add/replace to w's result. */
static int
rcp_put_values(struct rcp *p, struct rcw *w, const struct berval *vals,
    size_t nvals)
{
	const struct map_attr *ma = w->w_ma;
	struct rcv v;
	size_t i;
	int rc;

	for (i = 0; i < nvals; i++) {
		v.v_raw = vals[i];
		if ((rc = rcp_quote(p, ma, &vals[i], &v.v_key)) != 0)
			return rc;
		if (rcv_find(ma, w->w_new, w->w_nnew, &v) != -1) {
			if (ma->ma_syntax == MAP_SX_SECRET)
				xfree_secret(v.v_key, strlen(v.v_key));
			else
				free(v.v_key);
			return rcp_fail(p, LDAP_TYPE_OR_VALUE_EXISTS,
			    "%s: value %.*s is already present", ma->ma_name,
			    ma->ma_syntax == MAP_SX_SECRET ? 3 : (int)(
			    vals[i].bv_len > 80 ? 80 : vals[i].bv_len),
			    ma->ma_syntax == MAP_SX_SECRET ? "***" :
			    vals[i].bv_val);
		}
		rcv_push(&w->w_new, &w->w_nnew, &vals[i], v.v_key);
	}
	return LDAP_SUCCESS;
}

/* A modify's delete: all values, or the ones named (RFC 4511 4.6). */
static int
rcp_del_values(struct rcp *p, struct rcw *w, const struct pdu_mod *mod)
{
	const struct map_attr *ma = w->w_ma;
	int secret = ma->ma_syntax == MAP_SX_SECRET;
	struct rcv v;
	ssize_t at;
	size_t i;

	if (mod->pm_nvals == 0) {
		if (w->w_nnew == 0 && !(ma->ma_flags & MAP_F_WRITEONLY))
			return rcp_fail(p, LDAP_NO_SUCH_ATTRIBUTE, "%s: the "
			    "entry has no such attribute", ma->ma_name);
		while (w->w_nnew > 0)
			rcv_remove(w->w_new, &w->w_nnew, 0, secret);
		return LDAP_SUCCESS;
	}
	if (ma->ma_flags & MAP_F_WRITEONLY)
		return rcp_fail(p, LDAP_UNWILLING_TO_PERFORM, "%s: %s "
		    "cannot tell whether a value is present; delete the "
		    "attribute or replace it", ma->ma_name, p->p_esm);
	for (i = 0; i < mod->pm_nvals; i++) {
		v.v_raw = mod->pm_vals[i];
		if (rcp_quote(p, ma, &mod->pm_vals[i], &v.v_key) != 0)
			v.v_key = NULL;
		at = rcv_find(ma, w->w_new, w->w_nnew, &v);
		free(v.v_key);
		if (at == -1)
			return rcp_fail(p, LDAP_NO_SUCH_ATTRIBUTE, "%s: no "
			    "value %.*s to delete", ma->ma_name,
			    (int)(mod->pm_vals[i].bv_len > 80 ? 80 :
			    mod->pm_vals[i].bv_len), mod->pm_vals[i].bv_val);
		rcv_remove(w->w_new, &w->w_nnew, (size_t)at, secret);
	}
	return LDAP_SUCCESS;
}

/* The line that writes what a derived line reads (sn: cn). */
static const char *
rcp_writer(const struct rcp *p, const struct map_attr *ma)
{
	size_t i;

	for (i = 0; i < p->p_map->m_nattrs; i++)
		if (p->p_map->m_attrs[i].ma_class == ma->ma_class &&
		    p->p_map->m_attrs[i].ma_set != NULL &&
		    p->p_map->m_attrs[i].ma_read != NULL &&
		    strcmp(p->p_map->m_attrs[i].ma_read, ma->ma_read) == 0)
			return p->p_map->m_attrs[i].ma_name;
	return "another attribute";
}

/*
 * The map line of an attribute a request names, or an error: unknown
 * type, objectClass, not in the map, never written.
 */
static int
rcp_line(struct rcp *p, const struct berval *type,
    const struct map_attr **out)
{
	const struct schema_at *at;
	const struct map_attr *ma;
	int n = (int)(type->bv_len > 60 ? 60 : type->bv_len);

	*out = NULL;
	if ((at = schema_find_at_len(p->p_schema, type->bv_val,
	    type->bv_len)) == NULL)
		return rcp_fail(p, LDAP_UNDEFINED_TYPE, "%.*s: no such "
		    "attribute type", n, type->bv_val);
	if (schema_at_is_named(at, "objectClass"))
		return LDAP_SUCCESS;
	if ((ma = map_find_at(p->p_map, p->p_cls, at)) == NULL)
		return rcp_fail(p, LDAP_UNWILLING_TO_PERFORM, "%.*s: not "
		    "stored in %s (not in the schema map for %ss)", n,
		    type->bv_val, p->p_esm, map_class_name(p->p_cls));
	if ((ma->ma_flags & MAP_F_READONLY) && !p->p_adding)
		return rcp_fail(p, LDAP_CONSTRAINT_VIOLATION, "%s is "
		    "read-only (%s %s)", ma->ma_name, p->p_esm, ma->ma_read);
	if ((ma->ma_flags & MAP_F_READONLY) && p->p_adding)
		return rcp_fail(p, LDAP_CONSTRAINT_VIOLATION, "%s is set by "
		    "%s (%s) and cannot be given", ma->ma_name, p->p_esm,
		    ma->ma_read);
	if ((ma->ma_flags & MAP_F_DERIVED) && !p->p_adding)
		return rcp_fail(p, LDAP_CONSTRAINT_VIOLATION, "%s is derived "
		    "from %s %s: change %s instead", ma->ma_name, p->p_esm,
		    ma->ma_read, rcp_writer(p, ma));
	if (ma->ma_via == MAP_VIA_CREATE && !p->p_adding)
		return rcp_fail(p, LDAP_CONSTRAINT_VIOLATION, "%s is fixed "
		    "when a %s %s is created", ma->ma_name, p->p_esm,
		    map_class_name(p->p_cls));
	*out = ma;
	return LDAP_SUCCESS;
}

/* One modification, applied to the working copy. */
static int
rcp_mod(struct rcp *p, const struct entry *cur, const struct pdu_mod *mod)
{
	const struct map_attr *ma;
	struct rcw *w;
	int rc;

	if ((rc = rcp_line(p, &mod->pm_type, &ma)) != 0)
		return rc;
	if (ma == NULL)
		return rcp_fail(p, LDAP_NO_OBJECT_CLASS_MODS,
		    "objectClass of a %s %s cannot be changed", p->p_esm,
		    map_class_name(p->p_cls));
	if (ma->ma_flags & MAP_F_RDN)
		return rcp_fail(p, LDAP_NOT_ALLOWED_ON_RDN, "%s names the "
		    "entry; %s cannot rename a %s", ma->ma_name, p->p_esm,
		    map_class_name(p->p_cls));
	w = rcp_work(p, ma, cur);
	switch (mod->pm_op) {
	case LDAP_MOD_ADD:
		if (mod->pm_nvals == 0)
			return rcp_fail(p, LDAP_PROTOCOL_ERROR, "%s: add "
			    "without values", ma->ma_name);
		return rcp_put_values(p, w, mod->pm_vals, mod->pm_nvals);
	case LDAP_MOD_DELETE:
		return rcp_del_values(p, w, mod);
	case LDAP_MOD_REPLACE:
		while (w->w_nnew > 0)
			rcv_remove(w->w_new, &w->w_nnew, 0,
			    ma->ma_syntax == MAP_SX_SECRET);
		return rcp_put_values(p, w, mod->pm_vals, mod->pm_nvals);
	default:
		return rcp_fail(p, LDAP_UNWILLING_TO_PERFORM, "%s: only add, "
		    "delete and replace are supported", ma->ma_name);
	}
}

/* A command the ESM would read otherwise than written is refused. */
static int
rcp_check_command(struct rcp *p, const char *text)
{
	const char *why;

	if (p->p_cl->cl_check_command == NULL ||
	    p->p_cl->cl_check_command(text, strlen(text), &why) == 0)
		return LDAP_SUCCESS;
	return rcp_fail(p, LDAP_CONSTRAINT_VIOLATION, "the %s command %s",
	    p->p_esm, why);
}

/*
 * The token of line ref's one value for %{ATTR}: the request's, else
 * the current entry's (*out malloc'ed).  A bare word only.
 */
static int
rcp_ref_value(struct rcp *p, const struct map_attr *ma,
    const struct map_attr *ref, char **out)
{
	const struct attr *a;
	size_t i;

	*out = NULL;
	for (i = 0; i < p->p_nw; i++)
		if (p->p_w[i].w_ma == ref) {
			if (p->p_w[i].w_nnew == 1 &&
			    p->p_w[i].w_new[0].v_key != NULL)
				*out = xstrdup(p->p_w[i].w_new[0].v_key);
			break;
		}
	if (i == p->p_nw && p->p_cur != NULL &&
	    (a = entry_find(p->p_cur, ref->ma_name)) != NULL &&
	    a->a_nvals == 1 && esm_quote_value(p->p_cl->cl_q, ref,
	    &a->a_vals[0], out, p->p_text, p->p_textlen) != 0)
		*out = NULL;
	for (i = 0; *out != NULL && (*out)[i] != '\0'; i++)
		if (!isalnum((unsigned char)(*out)[i]) &&
		    strchr("#$@", (*out)[i]) == NULL) {
			free(*out);
			*out = NULL;
		}
	if (*out != NULL)
		return LDAP_SUCCESS;
	return rcp_fail(p, LDAP_UNWILLING_TO_PERFORM, "%s: the %s %s has no "
	    "%s, which the %s command needs", ma->ma_name, p->p_esm,
	    map_class_name(p->p_cls), ref->ma_name, p->p_esm);
}

/* The template with each %{ATTR} resolved (malloc'ed). */
static int
rcp_resolve_refs(struct rcp *p, const struct map_attr *ma, const char *tmpl,
    char **out)
{
	const struct map_attr *ref;
	const char *name;
	size_t pos = 0, done = 0, n, start;
	char *t = xstrdup(""), *tok, *nt;
	int rc;

	while (map_template_ref(tmpl, &pos, &name, &n, &start) == 0) {
		ref = map_find(p->p_map, p->p_cls, name, n);
		if (ref == NULL)
			rc = rcp_fail(p, LDAP_OTHER, "%s: %%{%.*s} names no "
			    "attribute of the map", ma->ma_name, (int)n, name);
		else
			rc = rcp_ref_value(p, ma, ref, &tok);
		if (rc != 0) {
			free(t);
			return rc;
		}
		xasprintf(&nt, "%s%.*s%s", t, (int)(start - done),
		    tmpl + done, tok);
		free(t);
		free(tok);
		t = nt;
		done = pos;
	}
	xasprintf(&nt, "%s%s", t, tmpl + done);
	free(t);
	*out = nt;
	return LDAP_SUCCESS;
}

/* The %k of template t (not the k of a %%k), or NULL. */
static char *
rcp_find_key(char *t)
{
	for (; *t != '\0'; t++) {
		if (*t != '%' || t[1] == '\0')
			continue;
		if (t[1] == 'k')
			return t;
		t++;
	}
	return NULL;
}

/*
 * The template to expand for one value: %{ATTR} resolved, and %k
 * turned into %v with the grant's key as the value (*qout malloc'ed
 * then; else NULL and qval stands).
 */
static int
rcp_template(struct rcp *p, const struct map_attr *ma, const char *tmpl,
    const char *qval, char **tout, char **qout)
{
	const struct esm_quoting *q = p->p_cl->cl_q;
	char *t = NULL, *k;
	int rc;

	*qout = NULL;
	*tout = NULL;
	if ((rc = rcp_resolve_refs(p, ma, tmpl, &t)) != 0)
		return rc;
	if ((k = rcp_find_key(t)) != NULL && qval != NULL) {
		k[1] = 'v';
		if (q->q_grant_key == NULL)
			*qout = xstrdup(qval);
		else if (q->q_grant_key(ma, qval, qout) == -1) {
			free(t);
			return rcp_fail(p, LDAP_OTHER, "%s: %s has no key",
			    ma->ma_name, qval);
		}
	}
	*tout = t;
	return LDAP_SUCCESS;
}

/* One command of its own from a template (via=command). */
static int
rcp_emit_command(struct rcp *p, const struct map_attr *ma, int set,
    const char *tmpl, const char *qval)
{
	int secret = ma->ma_syntax == MAP_SX_SECRET, rc;
	char *text;

	text = map_expand(tmpl, p->p_id, qval);
	if ((rc = rcp_check_command(p, text)) != 0) {
		if (secret)
			xfree_secret(text, strlen(text));
		else
			free(text);
		return rc;
	}
	/* A modify: additions and grant removals before the alter. */
	esm_plan_push(p->p_adding ? &p->p_post : set ||
	    ma->ma_syntax == MAP_SX_GRANT ? &p->p_pre : &p->p_post, text,
	    secret ? xstrdup(p->p_id) : rcp_what(text), secret);
	return LDAP_SUCCESS;
}

/* Emission: one template with one value into the plan in the making. */
static int
rcp_emit(struct rcp *p, const struct map_attr *ma, int set, const char *qval)
{
	const char *tmpl = set ? ma->ma_set : ma->ma_clear;
	enum map_via via = set ? ma->ma_via : ma->ma_clearvia;
	int secret = ma->ma_syntax == MAP_SX_SECRET, rc;
	struct map_ops *ops;
	const char *why;
	char *t = NULL, *q = NULL;

	if (tmpl == NULL)
		return rcp_fail(p, ma->ma_at->at_single || !set ?
		    LDAP_CONSTRAINT_VIOLATION : LDAP_UNWILLING_TO_PERFORM,
		    "%s cannot be removed in %s (%s has no clear form)",
		    ma->ma_name, p->p_esm, ma->ma_read != NULL ?
		    ma->ma_read : ma->ma_name);
	if ((rc = rcp_template(p, ma, tmpl, qval, &t, &q)) != 0)
		return rc;
	if (q != NULL)
		qval = q;
	if (via == MAP_VIA_COMMAND)
		rc = rcp_emit_command(p, ma, set, t, qval);
	else {
		/* via=create is refused in a modify (rcp_line): main. */
		ops = via == MAP_VIA_ALTER && p->p_adding ? &p->p_alter :
		    &p->p_main;
		if (p->p_cl->cl_verbs[p->p_cls][ops == &p->p_main &&
		    p->p_adding ? ESM_VERB_CREATE : ESM_VERB_ALTER] == NULL)
			rc = rcp_fail(p, LDAP_UNWILLING_TO_PERFORM, "%s: %s "
			    "has no command that %s it on a %s", ma->ma_name,
			    p->p_esm, set ? "sets" : "clears",
			    p->p_cl->cl_idname[p->p_cls]);
		else if (map_ops_add(ops, t, p->p_id, qval, secret,
		    &why) == -1)
			rc = rcp_fail(p, LDAP_CONSTRAINT_VIOLATION, "%s: %s: "
			    "%s in one request", ma->ma_name, tmpl, why);
	}
	free(t);
	free(q);
	return rc;
}

/*
 * The user's default group after the request (folded), or "" when the
 * ESM has none (cl_dflt_field).
 */
static void
rcp_dfltgrp(const struct rcp *p, const struct entry *cur, char *out)
{
	const char *field = p->p_cl->cl_dflt_field;
	const struct attr *a;
	const char *why;
	size_t i;

	out[0] = '\0';
	if (field == NULL)
		return;
	for (i = 0; i < p->p_nw; i++)
		if (p->p_w[i].w_ma->ma_read != NULL &&
		    strcmp(p->p_w[i].w_ma->ma_read, field) == 0) {
			if (p->p_w[i].w_nnew > 0 &&
			    p->p_w[i].w_new[0].v_key != NULL)
				snprintf(out, ESM_ID_MAX + 1, "%s",
				    p->p_w[i].w_new[0].v_key);
			return;
		}
	for (i = 0; cur != NULL && i < p->p_map->m_nattrs; i++) {
		if (p->p_map->m_attrs[i].ma_class != MAP_USER ||
		    p->p_map->m_attrs[i].ma_read == NULL ||
		    strcmp(p->p_map->m_attrs[i].ma_read, field) != 0)
			continue;
		a = entry_find(cur, p->p_map->m_attrs[i].ma_name);
		if (a != NULL && a->a_nvals > 0 && p->p_cl->cl_q->q_id(
		    a->a_vals[0].bv_val, a->a_vals[0].bv_len, out, &why) == -1)
			out[0] = '\0';
		return;
	}
}

/* Is this a user's membership of its default group (RACF GROUP)? */
static int
rcp_is_dflt(const struct rcp *p, const struct map_attr *ma, const char *key,
    const char *dflt)
{
	return p->p_cls == MAP_USER && ma->ma_read != NULL &&
	    p->p_cl->cl_member_field != NULL &&
	    strcmp(ma->ma_read, p->p_cl->cl_member_field) == 0 &&
	    dflt[0] != '\0' && key != NULL && strcmp(key, dflt) == 0;
}

/* The additions of a multi-valued field. */
static int
rcp_diff_adds(struct rcp *p, const struct rcw *w, const char *dflt)
{
	const struct map_attr *ma = w->w_ma;
	size_t i;
	int rc;

	for (i = 0; i < w->w_nnew; i++) {
		if (rcv_find(ma, w->w_cur, w->w_ncur, &w->w_new[i]) != -1 ||
		    (p->p_adding && rcp_is_dflt(p, ma, w->w_new[i].v_key,
		    dflt)))
			continue;
		if ((rc = rcp_emit(p, ma, 1, w->w_new[i].v_key)) != 0)
			return rc;
	}
	return LDAP_SUCCESS;
}

/* Two grants of the result with one key: the ESM would keep one. */
static int
rcp_grant_keys(struct rcp *p, const struct rcw *w)
{
	const struct esm_quoting *q = p->p_cl->cl_q;
	char **keys;
	size_t i, j, n = 0;
	int rc = LDAP_SUCCESS;

	if (w->w_ma->ma_syntax != MAP_SX_GRANT || q->q_grant_key == NULL)
		return LDAP_SUCCESS;
	keys = xcalloc(w->w_nnew + 1, sizeof(*keys));
	for (i = 0; i < w->w_nnew && rc == LDAP_SUCCESS; i++) {
		if (w->w_new[i].v_key == NULL ||
		    q->q_grant_key(w->w_ma, w->w_new[i].v_key, &keys[n]) == -1)
			continue;
		for (j = 0; j < n; j++)
			if (strcmp(keys[j], keys[n]) == 0)
				rc = rcp_fail(p, LDAP_CONSTRAINT_VIOLATION,
				    "%s: two values grant on %s; %s holds one "
				    "grant for it", w->w_ma->ma_name, keys[n],
				    p->p_esm);
		n++;
	}
	for (i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
	return rc;
}

/*
 * Is cur, a grant the request takes away, replaced by one it adds with
 * the same key, which the ESM's set replaces (cl_grant_replaces)?
 */
static int
rcp_grant_replaced(const struct rcp *p, const struct rcw *w,
    const struct rcv *cur)
{
	const struct esm_quoting *q = p->p_cl->cl_q;
	char *key, *k;
	size_t i;
	int same = 0;

	if (!p->p_cl->cl_grant_replaces || w->w_ma->ma_syntax !=
	    MAP_SX_GRANT || q->q_grant_key == NULL || cur->v_key == NULL ||
	    q->q_grant_key(w->w_ma, cur->v_key, &key) == -1)
		return 0;
	for (i = 0; i < w->w_nnew && !same; i++) {
		if (w->w_new[i].v_key == NULL || rcv_find(w->w_ma, w->w_cur,
		    w->w_ncur, &w->w_new[i]) != -1 ||
		    q->q_grant_key(w->w_ma, w->w_new[i].v_key, &k) == -1)
			continue;
		same = strcmp(key, k) == 0;
		free(k);
	}
	free(key);
	return same;
}

/* A multi-valued field: one command or operand per value. */
static int
rcp_diff_multi(struct rcp *p, const struct rcw *w, const char *dflt)
{
	const struct map_attr *ma = w->w_ma;
	int grant = ma->ma_syntax == MAP_SX_GRANT, rc;
	size_t i;

	if ((rc = rcp_grant_keys(p, w)) != 0)
		return rc;
	if (!grant && (rc = rcp_diff_adds(p, w, dflt)) != 0)
		return rc;
	for (i = 0; i < w->w_ncur; i++) {
		if (rcv_find(ma, w->w_new, w->w_nnew, &w->w_cur[i]) != -1 ||
		    rcp_grant_replaced(p, w, &w->w_cur[i]))
			continue;
		if (w->w_cur[i].v_key == NULL)
			return rcp_fail(p, LDAP_UNWILLING_TO_PERFORM, "%s: "
			    "value %s cannot be removed through %s",
			    ma->ma_name, w->w_cur[i].v_raw.bv_val, p->p_esm);
		if (rcp_is_dflt(p, ma, w->w_cur[i].v_key, dflt))
			return rcp_fail(p, LDAP_CONSTRAINT_VIOLATION, "%s: %s "
			    "is the default group of %s (%s %s): change it "
			    "first", ma->ma_name, w->w_cur[i].v_key, p->p_id,
			    p->p_esm, p->p_cl->cl_dflt_field);
		if ((rc = rcp_emit(p, ma, 0, w->w_cur[i].v_key)) != 0)
			return rc;
	}
	return grant ? rcp_diff_adds(p, w, dflt) : LDAP_SUCCESS;
}

/*
 * A flag given is always said, so that NOEXPIRED goes with a new
 * password even when the flag was FALSE before -- unless what says it
 * is a command of its own: that one runs only when the flag changes
 * (TSS ADDTO SUSPEND fails on a suspended ACID), and a new entry starts
 * with the flag FALSE.
 */
static int
rcp_flag_unchanged(const struct rcp *p, const struct rcw *w)
{
	int on = strcmp(w->w_new[0].v_key, "TRUE") == 0;
	int was = w->w_ncur == 1 && w->w_cur[0].v_key != NULL &&
	    strcmp(w->w_cur[0].v_key, "TRUE") == 0;

	if ((on ? w->w_ma->ma_via : w->w_ma->ma_clearvia) != MAP_VIA_COMMAND)
		return 0;
	return p->p_adding ? !on : on == was;
}

/* What the request changes in one attribute, as operands or commands. */
static int
rcp_diff(struct rcp *p, const struct rcw *w, const char *dflt)
{
	const struct map_attr *ma = w->w_ma;

	if (map_attr_is_multi(ma))
		return rcp_diff_multi(p, w, dflt);
	if (w->w_nnew > 1)
		return rcp_fail(p, LDAP_CONSTRAINT_VIOLATION, "%s: %s %s "
		    "holds one value, %zu given", ma->ma_name, p->p_esm,
		    ma->ma_read != NULL ? ma->ma_read : ma->ma_set, w->w_nnew);
	if (ma->ma_syntax == MAP_SX_FLAG) {
		if (w->w_nnew == 1 && rcp_flag_unchanged(p, w))
			return LDAP_SUCCESS;
		if (w->w_nnew == 1)
			return rcp_emit(p, ma, strcmp(w->w_new[0].v_key,
			    "TRUE") == 0, NULL);
		if (w->w_ncur == 1 && w->w_cur[0].v_key != NULL &&
		    strcmp(w->w_cur[0].v_key, "TRUE") == 0)
			return rcp_emit(p, ma, 0, NULL);
		return LDAP_SUCCESS;
	}
	if (w->w_nnew == 1) {
		if (w->w_ncur == 1 && ma->ma_syntax != MAP_SX_SECRET &&
		    rcp_same(ma, &w->w_cur[0], &w->w_new[0]))
			return LDAP_SUCCESS;
		return rcp_emit(p, ma, 1, w->w_new[0].v_key);
	}
	if (w->w_ncur > 0 || (ma->ma_flags & MAP_F_WRITEONLY))
		return rcp_emit(p, ma, 0, NULL);
	return LDAP_SUCCESS;
}

/* One command from operands: "ALTUSER ID ...". */
static int
rcp_ops_cmd(struct rcp *p, struct esm_plan *pl, enum esm_verb verb,
    const struct map_ops *ops)
{
	char *prefix, *text, *what;
	int rc;

	prefix = map_expand(p->p_cl->cl_verbs[p->p_cls][verb], p->p_id, NULL);
	text = map_ops_format(ops, prefix, 0);
	if ((rc = rcp_check_command(p, text)) != 0) {
		if (ops->mo_secret)
			xfree_secret(text, strlen(text));
		else
			free(text);
		free(prefix);
		return rc;
	}
	what = ops->mo_secret ? map_ops_format(ops, prefix, 1) : NULL;
	esm_plan_push(pl, text, rcp_what(what != NULL ? what : text),
	    ops->mo_secret);
	free(what);
	free(prefix);
	return LDAP_SUCCESS;
}

/* How many via=command values the entry has after the request. */
static size_t
rcp_command_values(const struct rcp *p, const struct entry *cur)
{
	const struct map_attr *ma;
	const struct attr *a;
	size_t i, j, n = 0;

	for (i = 0; i < p->p_map->m_nattrs; i++) {
		ma = &p->p_map->m_attrs[i];
		if (ma->ma_class != p->p_cls || ma->ma_via != MAP_VIA_COMMAND)
			continue;
		for (j = 0; j < p->p_nw && p->p_w[j].w_ma != ma; j++)
			;
		if (j < p->p_nw)
			n += p->p_w[j].w_nnew;
		else if (cur != NULL && (a = entry_find(cur, ma->ma_name)) !=
		    NULL)
			n += a->a_nvals;
	}
	return n;
}

/*
 * A class without a create command is its values (cl_verbs): it is
 * made with the first and cannot be left without one.
 */
static int
rcp_check_values_make_it(struct rcp *p, const struct entry *cur)
{
	if (p->p_cl->cl_verbs[p->p_cls][ESM_VERB_CREATE] != NULL ||
	    rcp_command_values(p, cur) > 0)
		return LDAP_SUCCESS;
	return rcp_fail(p, LDAP_OBJECT_CLASS_VIOLATION, "%s keeps a %s only "
	    "while it has a value: %s", p->p_esm, p->p_cl->cl_idname[p->p_cls],
	    p->p_adding ? "give one to create it" : "delete the entry instead "
	    "of its last value");
}

/* Every touched attribute's difference, then the commands in order. */
static int
rcp_finish(struct rcp *p, const struct entry *cur, struct esm_plan *out)
{
	struct esm_plan pl;
	char dflt[ESM_ID_MAX + 1];
	enum esm_verb verb = p->p_adding ? ESM_VERB_CREATE : ESM_VERB_ALTER;
	size_t i;
	int rc;

	rcp_dfltgrp(p, cur, dflt);
	for (i = 0; i < p->p_nw; i++)
		if ((rc = rcp_diff(p, &p->p_w[i], dflt)) != 0)
			return rc;
	if ((rc = rcp_check_values_make_it(p, cur)) != 0)
		return rc;
	memset(&pl, 0, sizeof(pl));
	if (!p->p_adding)
		esm_plan_move(&pl, &p->p_pre);
	if ((p->p_adding || !map_ops_empty(&p->p_main)) &&
	    p->p_cl->cl_verbs[p->p_cls][verb] != NULL &&
	    (rc = rcp_ops_cmd(p, &pl, verb, &p->p_main)) != 0)
		goto fail;
	if (p->p_adding)
		esm_plan_move(&pl, &p->p_post);
	if (!map_ops_empty(&p->p_alter) &&
	    (rc = rcp_ops_cmd(p, &pl, ESM_VERB_ALTER, &p->p_alter)) != 0)
		goto fail;
	esm_plan_move(&pl, &p->p_pre);
	esm_plan_move(&pl, &p->p_post);
	esm_plan_move(out, &pl);
	return LDAP_SUCCESS;
fail:
	esm_plan_clear(&pl);
	return rc;
}

/* An add's objectClass values: each one the class's map line lists. */
static int
rcp_check_ocs(struct rcp *p, const struct map_classdef *mc,
    const struct pdu_attr *pa)
{
	const struct berval *v;
	size_t j, k;

	for (j = 0; j < pa->pa_nvals; j++) {
		v = &pa->pa_vals[j];
		for (k = 0; k < mc->mc_nocs; k++)
			if (v->bv_len == strlen(mc->mc_ocs[k]) &&
			    strncasecmp(v->bv_val, mc->mc_ocs[k],
			    v->bv_len) == 0)
				break;
		if (k == mc->mc_nocs)
			return rcp_fail(p, LDAP_OBJECT_CLASS_VIOLATION,
			    "a %s %s is not of object class %.*s", p->p_esm,
			    map_class_name(p->p_cls),
			    (int)(v->bv_len > 60 ? 60 : v->bv_len), v->bv_val);
	}
	return LDAP_SUCCESS;
}

/* Every line the class requires (the ESM's create needs it) is given. */
static int
rcp_add_required(struct rcp *p)
{
	const struct map_attr *ma;
	size_t i, j;

	for (i = 0; i < p->p_map->m_nattrs; i++) {
		ma = &p->p_map->m_attrs[i];
		if (ma->ma_class != p->p_cls ||
		    !(ma->ma_flags & MAP_F_REQUIRED))
			continue;
		for (j = 0; j < p->p_nw; j++)
			if (p->p_w[j].w_ma == ma && p->p_w[j].w_nnew > 0)
				break;
		if (j == p->p_nw)
			return rcp_fail(p, LDAP_OBJECT_CLASS_VIOLATION, "%s is "
			    "required: a %s %s is created with %s", ma->ma_name,
			    p->p_esm, map_class_name(p->p_cls),
			    ma->ma_read != NULL ? ma->ma_read : ma->ma_set);
	}
	return LDAP_SUCCESS;
}

/* An add's attribute list into the working copies. */
static int
rcp_add_attrs(struct rcp *p, const struct pdu_attr *attrs, size_t n)
{
	const struct map_classdef *mc = &p->p_map->m_class[p->p_cls];
	const struct map_attr *ma;
	char id[ESM_NAME_MAX + 1];
	const char *why;
	size_t i, j;
	int rc, seen_oc = 0;

	for (i = 0; i < n; i++) {
		if ((rc = rcp_line(p, &attrs[i].pa_type, &ma)) != 0)
			return rc;
		if (attrs[i].pa_nvals == 0)
			return rcp_fail(p, LDAP_PROTOCOL_ERROR, "%.*s: no "
			    "values", (int)(attrs[i].pa_type.bv_len > 60 ? 60 :
			    attrs[i].pa_type.bv_len), attrs[i].pa_type.bv_val);
		if (ma == NULL) {
			seen_oc = 1;
			if ((rc = rcp_check_ocs(p, mc, &attrs[i])) != 0)
				return rc;
			continue;
		}
		for (j = 0; j < p->p_nw; j++)
			if (p->p_w[j].w_ma == ma)
				return rcp_fail(p, LDAP_TYPE_OR_VALUE_EXISTS,
				    "%s is given twice", ma->ma_name);
		if (ma->ma_flags & MAP_F_RDN) {
			if (attrs[i].pa_nvals != 1 || rcp_name(p,
			    attrs[i].pa_vals[0].bv_val,
			    attrs[i].pa_vals[0].bv_len, id, &why) == -1 ||
			    strcmp(id, p->p_id) != 0)
				return rcp_fail(p, LDAP_NAMING_VIOLATION, "%s "
				    "must be the entry's RDN value %s alone",
				    ma->ma_name, p->p_id);
			continue;
		}
		if (ma->ma_flags & MAP_F_DERIVED)
			continue;
		if ((rc = rcp_put_values(p, rcp_work(p, ma, NULL),
		    attrs[i].pa_vals, attrs[i].pa_nvals)) != 0)
			return rc;
	}
	if (!seen_oc)
		return rcp_fail(p, LDAP_OBJECT_CLASS_VIOLATION, "objectClass "
		    "is missing");
	return rcp_add_required(p);
}

int
esm_planner_add(const struct esm_cmdlang *cl, enum map_class cls,
    const struct map *m, const struct schema *schema, const char *suffix,
    const char *id, const struct pdu_attr *attrs, size_t n,
    struct esm_plan *pl, char *text, size_t textlen)
{
	struct rcp p;
	int rc;

	if ((rc = rcp_init(&p, cl, m, schema, suffix, cls, id, 1, text,
	    textlen)) == 0 && (rc = rcp_add_attrs(&p, attrs, n)) == 0)
		rc = rcp_finish(&p, NULL, pl);
	rcp_done(&p);
	return rc;
}

int
esm_planner_modify(const struct esm_cmdlang *cl, enum map_class cls,
    const struct map *m, const struct schema *schema, const char *suffix,
    const char *id, const struct entry *cur, const struct pdu_mod *mods,
    size_t n, struct esm_plan *pl, char *text, size_t textlen)
{
	struct rcp p;
	size_t i;
	int rc;

	if ((rc = rcp_init(&p, cl, m, schema, suffix, cls, id, 0, text,
	    textlen)) != 0)
		goto done;
	p.p_cur = cur;
	for (i = 0; i < n; i++)
		if ((rc = rcp_mod(&p, cur, &mods[i])) != 0)
			goto done;
	rc = rcp_finish(&p, cur, pl);
done:
	rcp_done(&p);
	return rc;
}

int
esm_planner_delete(const struct esm_cmdlang *cl, enum map_class cls,
    const char *id, struct esm_plan *pl, char *text, size_t textlen)
{
	struct rcp p;
	char *cmd;
	int rc;

	if ((rc = rcp_init(&p, cl, NULL, NULL, "", cls, id, 0, text,
	    textlen)) == 0) {
		cmd = map_expand(cl->cl_verbs[cls][ESM_VERB_DELETE], p.p_id,
		    NULL);
		esm_plan_push(pl, cmd, xstrdup(cmd), 0);
	}
	rcp_done(&p);
	return rc;
}

int
esm_planner_tso_check(const char *cmd, size_t len, const char **why)
{
	if (len > 0 && (cmd[len - 1] == '+' || cmd[len - 1] == '-')) {
		*why = "would end in a continuation character";
		return -1;
	}
	return 0;
}

int
esm_planner_id(const struct esm_cmdlang *cl, enum map_class cls,
    const char *id, char *out, char *text, size_t textlen)
{
	struct rcp p;
	int rc;

	rc = rcp_init(&p, cl, NULL, NULL, "", cls, id, 0, text, textlen);
	if (rc == 0)
		memcpy(out, p.p_id, sizeof(p.p_id));
	rcp_done(&p);
	return rc;
}
