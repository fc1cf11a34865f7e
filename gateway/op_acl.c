/*
 * op_acl.c - the access rules (acl.c) applied to operations: which
 * accesses each operation makes, and what a refusal says.
 *
 * A refusal is insufficientAccessRights with a sentence naming what was
 * refused (who, which access, which entry or attribute) and nothing of
 * the rules themselves; the server log names the rule that decided, or
 * says that no rule grants the access, so the operator knows which line
 * to change; op_finish() writes the audit feed's access-denied record.
 *
 * A search is checked once when it starts (some rule must let the
 * identity read in its scope; a base search must be allowed to see its
 * base) and then entry by entry through its view: entries it may not
 * see are left out without an error, as LDAP servers do, and attributes
 * it may not read are left out and are Undefined in its filter.  A
 * record of cn=changelog is also judged by the entry it names, through
 * a second view chosen once per search: hidden unless that entry may be
 * seen, its changes without the types that may not be read there, its
 * password only with password-events there.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ldap.h>

#include "log.h"
#include "xmalloc.h"
#include "gateway/acl.h"
#include "gateway/changelog.h"
#include "gateway/conn.h"
#include "gateway/dn.h"
#include "gateway/entry.h"
#include "gateway/filter.h"
#include "gateway/gw.h"
#include "gateway/op.h"
#include "gateway/pdu.h"
#include "gateway/schema.h"
#include "gateway/sync.h"

int
op_acl_active(const struct op *op)
{
	return acl_is_active(op->o_conn->c_gw->gw_acl);
}

static void
op_acl_view_free(struct acl_view **v)
{
	if (*v != NULL) {
		acl_view_close(*v);
		free(*v);
		*v = NULL;
	}
}

void
op_acl_free(struct op *op)
{
	op_acl_view_free(&op->o_acl);
	op_acl_view_free(&op->o_acl_target);
}

/* The connection's identity (the subject normalised at the handshake). */
static void
op_acl_identity(const struct op *op, struct acl_id *id)
{
	const struct conn *c = op->o_conn;

	id->ai_auth = c->c_auth;
	id->ai_ndn = c->c_auth != CONN_ANONYMOUS ? c->c_ndn : NULL;
	id->ai_cert = c->c_cert_nsubject;
}

/*
 * Refuse: "what" is the access in words ("write cn of", "delete"), dn
 * the entry.  right is the right that was missing, for the log.
 */
static int
op_acl_deny(struct op *op, const struct acl_rule *rule, unsigned int right,
    const char *what, const char *dn)
{
	struct conn *c = op->o_conn;
	char why[300];

	snprintf(op->o_text, sizeof(op->o_text), "%.150s may not %s "
	    "\"%.200s\"", conn_identity(c), what, dn);
	if (rule != NULL && (rule->ar_rights & right))
		snprintf(why, sizeof(why), "rule %s (%s:%d) grants %s on its "
		    "attrs only, not on the whole entry", rule->ar_name,
		    rule->ar_file, rule->ar_line, acl_rights_name(right));
	else if (rule != NULL)
		snprintf(why, sizeof(why), "rule %s (%s:%d) does not grant %s",
		    rule->ar_name, rule->ar_file, rule->ar_line,
		    acl_rights_name(right));
	else
		snprintf(why, sizeof(why), "no access rule grants %s to this "
		    "identity here (default deny)", acl_rights_name(right));
	log_info("conn=%llu op=%llu access denied: %s may not %s \"%s\": %s",
	    (unsigned long long)c->c_id, (unsigned long long)op->o_id,
	    conn_identity(c), what, dn, why);
	return LDAP_INSUFFICIENT_ACCESS;
}

/* An access to the target entry as a whole. */
static int
op_acl_entry(struct op *op, unsigned int right, const char *what)
{
	const struct acl_rule *rule;
	struct acl_id id;

	op_acl_identity(op, &id);
	if (acl_decide(op->o_conn->c_gw->gw_acl, &id, op->o_ndn, right, 0,
	    NULL, &rule))
		return LDAP_SUCCESS;
	return op_acl_deny(op, rule, right, what, op->o_dn);
}

/* An access to one attribute (type as sent) of the target entry. */
static int
op_acl_attr(struct op *op, unsigned int right, const struct berval *type,
    const char *verb)
{
	const struct schema *s = op->o_conn->c_gw->gw_schema;
	const struct schema_at *at;
	const struct acl_rule *rule;
	struct acl_id id;
	char what[128];

	at = schema_find_at_len(s, type->bv_val, type->bv_len);
	op_acl_identity(op, &id);
	if (acl_decide(op->o_conn->c_gw->gw_acl, &id, op->o_ndn, right, 1,
	    at, &rule))
		return LDAP_SUCCESS;
	snprintf(what, sizeof(what), "%s %.*s of", verb,
	    (int)(type->bv_len > 64 ? 64 : type->bv_len), type->bv_val);
	return op_acl_deny(op, rule, right, what, op->o_dn);
}

int
op_acl_allows(struct op *op, unsigned int right)
{
	const struct acl_rule *rule;
	struct acl_id id;

	op_acl_identity(op, &id);
	return acl_decide(op->o_conn->c_gw->gw_acl, &id, op->o_ndn, right, 0,
	    NULL, &rule);
}

int
op_may_reset_password(struct op *op)
{
	if (!op_acl_active(op))
		return op_is_admin(op);
	return op_acl_allows(op, ACL_PASSWORD_RESET);
}

/* A persistent search or a content synchronization: a subscription. */
static int
op_acl_subscribes(const struct op *op)
{
	return op->o_search.os_ps != NULL || sync_control(op) != NULL;
}

static int
op_acl_search(struct op *op)
{
	struct gateway *gw = op->o_conn->c_gw;
	const struct acl_rule *rule;
	struct acl_id id;
	int rc, scope = op->o_req.r.search.scope;

	if (op_acl_subscribes(op) && (rc = op_acl_entry(op, ACL_CHANGELOG,
	    "subscribe to the changes of")) != LDAP_SUCCESS)
		return rc;
	if (op->o_be != NULL && op->o_be == gw->gw_changelog_be &&
	    (rc = op_acl_entry(op, ACL_CHANGELOG, "read the changelog "
	    "at")) != LDAP_SUCCESS)
		return rc;
	op_acl_identity(op, &id);
	if (op->o_be != NULL && op->o_be == gw->gw_changelog_be) {
		/* The records are judged by the entries they name, anywhere
		   under the naming contexts: the rules naming the identity
		   are chosen once, here. */
		op->o_acl_target = xcalloc(1, sizeof(*op->o_acl_target));
		(void)acl_view_open(op->o_acl_target, gw->gw_acl, &id, "",
		    LDAP_SCOPE_SUBTREE, &rule);
	}
	op->o_acl = xcalloc(1, sizeof(*op->o_acl));
	if (!acl_view_open(op->o_acl, gw->gw_acl, &id, op->o_ndn, scope,
	    &rule))
		return op_acl_deny(op, rule, ACL_READ, "search", op->o_dn);
	/* Refused rather than noSuchObject: the answer comes from the DN
	   alone, before the ESM is asked, so it is the same whether the
	   entry exists or not and discloses nothing. */
	if (scope == LDAP_SCOPE_BASE && !acl_view_entry(op->o_acl, NULL))
		return op_acl_deny(op, rule, ACL_READ, "read", op->o_dn);
	return LDAP_SUCCESS;
}

static int
op_acl_compare(struct op *op)
{
	int rc;

	if ((rc = op_acl_entry(op, ACL_READ, "read")) != LDAP_SUCCESS)
		return rc;
	return op_acl_attr(op, ACL_READ, &op->o_req.r.compare.type,
	    "compare");
}

static int
op_acl_add(struct op *op)
{
	size_t i;
	int rc;

	for (i = 0; i < op->o_req.r.add.nattrs; i++)
		if ((rc = op_acl_attr(op, ACL_WRITE,
		    &op->o_req.r.add.attrs[i].pa_type, "add")) !=
		    LDAP_SUCCESS)
			return rc;
	return LDAP_SUCCESS;
}

/*
 * Setting another user's userPassword (pw, the schema's type) is a
 * reset, not a write.
 */
static int
op_acl_is_reset(const struct op *op, const struct schema_at *pw,
    const struct berval *type)
{
	const struct conn *c = op->o_conn;
	const struct schema_at *at;

	at = schema_find_at_len(c->c_gw->gw_schema, type->bv_val,
	    type->bv_len);
	if (pw == NULL || at == NULL || !schema_at_is_a(at, pw))
		return 0;
	return c->c_auth == CONN_ANONYMOUS || c->c_ndn == NULL ||
	    strcmp(c->c_ndn, op->o_ndn) != 0;
}

static int
op_acl_modify(struct op *op)
{
	const struct schema_at *pw;
	const struct pdu_mod *m;
	size_t i;
	int rc;

	pw = schema_find_at(op->o_conn->c_gw->gw_schema, "userPassword");
	for (i = 0; i < op->o_req.r.modify.nmods; i++) {
		m = &op->o_req.r.modify.mods[i];
		if (op_acl_is_reset(op, pw, &m->pm_type))
			rc = op_acl_entry(op, ACL_PASSWORD_RESET,
			    "reset the password of");
		else
			rc = op_acl_attr(op, ACL_WRITE, &m->pm_type,
			    "change");
		if (rc != LDAP_SUCCESS)
			return rc;
	}
	return LDAP_SUCCESS;
}

int
op_acl_check(struct op *op)
{
	switch (op->o_tag) {
	case LDAP_REQ_SEARCH:
		return op_acl_search(op);
	case LDAP_REQ_COMPARE:
		return op_acl_compare(op);
	case LDAP_REQ_ADD:
		return op_acl_add(op);
	case LDAP_REQ_MODIFY:
		return op_acl_modify(op);
	case LDAP_REQ_DELETE:
		return op_acl_entry(op, ACL_WRITE, "delete");
	case LDAP_REQ_MODRDN:
		return op_acl_entry(op, ACL_WRITE, "rename");
	}
	/* Password Modify, the one extended operation that is routed. */
	return op_acl_entry(op, ACL_PASSWORD_RESET, "reset the password of");
}

/* ---- a search's entries -------------------------------------------- */

/*
 * May the entry dn (ndn: normalised already, or NULL) be seen through v?
 * One that is not a DN names nothing a rule could hold: no.
 */
static int
op_acl_view_dn(const struct op *op, struct acl_view *v, const char *dn,
    const char *ndn)
{
	const char *why;
	char *own;
	int ok;

	if (!acl_view_needs_dn(v))
		return acl_view_entry(v, NULL);
	if (ndn != NULL)
		return acl_view_entry(v, ndn);
	/* Only when a rule holds part of the scope (or self): the DN as
	   the backend wrote it is normalised to tell. */
	if (dn_normalize_str(dn, strlen(dn), op->o_conn->c_gw->gw_schema,
	    &own, &why) == -1)
		return 0;
	ok = acl_view_entry(v, own);
	free(own);
	return ok;
}

int
op_acl_admits(struct op *op, const struct entry *e, const char *ndn)
{
	return op->o_acl == NULL ||
	    op_acl_view_dn(op, op->o_acl, e->e_dn, ndn);
}

int
op_acl_readable(const struct op *op, const struct schema_at *at)
{
	return op->o_acl == NULL || acl_view_readable(op->o_acl, at);
}

static int
op_acl_readable_cb(const void *arg, const struct schema_at *at)
{
	return acl_view_readable(arg, at);
}

int
op_acl_filter(const struct op *op, const struct entry *e)
{
	const struct schema *s = op->o_conn->c_gw->gw_schema;

	if (op->o_acl == NULL)
		return filter_eval(op->o_req.r.search.filter, e, s);
	return filter_eval_readable(op->o_req.r.search.filter, e, s,
	    op_acl_readable_cb, op->o_acl);
}

/* ---- cn=changelog's records ---------------------------------------- */

int
op_acl_target(struct op *op, const char *target)
{
	return op->o_acl_target == NULL ||
	    op_acl_view_dn(op, op->o_acl_target, target, NULL);
}

int
op_acl_target_allows(const struct op *op, unsigned int right)
{
	return op->o_acl_target == NULL ||
	    acl_view_grants(op->o_acl_target, right);
}

/*
 * The attribute type a line of changes is about: a modify block's
 * first line ("replace: cn") names it after its colon, an add's lines
 * ("cn: x", "cn:: eA==") before it; options (";lang-de") are dropped.
 */
static const struct schema_at *
op_acl_changes_type(const struct op *op, const char *line, size_t len,
    int header)
{
	const char *colon = memchr(line, ':', len), *t = line;
	size_t tlen;

	if (colon == NULL)
		return NULL;
	if (header) {
		t = colon + 1;
		t += strspn(t, " ");
		tlen = strcspn(t, ";\n");
	} else
		tlen = strcspn(t, ";:");
	return schema_find_at_len(op->o_conn->c_gw->gw_schema, t, tlen);
}

char *
op_acl_target_changes(const struct op *op, const char *ldif, int modify)
{
	const struct acl_view *v = op->o_acl_target;
	const char *p = ldif, *eol;
	char *out;
	size_t len, n = 0;
	int keep = 1, inblock = 0, dropped = 0;

	if (v == NULL || acl_view_reads_all(v))
		return NULL;
	out = xmalloc(strlen(ldif) + 1);
	for (; *p != '\0'; p += len) {
		eol = strchr(p, '\n');
		len = eol != NULL ? (size_t)(eol - p) + 1 : strlen(p);
		/* A modify's block runs from "op: type" to "-". */
		if (!inblock)
			keep = acl_view_readable(v, op_acl_changes_type(op, p,
			    len, modify));
		if (modify)
			inblock = !(p[0] == '-' && (len == 1 || p[1] == '\n'));
		if (!keep) {
			dropped = 1;
			continue;
		}
		memcpy(out + n, p, len);
		n += len;
	}
	out[n] = '\0';
	if (!dropped) {
		free(out);
		return NULL;
	}
	return out;
}

/* e with its changes replaced (the copy's owner frees it). */
static struct entry *
op_acl_record_copy(const struct entry *e, const struct attr *changes,
    const char *value)
{
	const struct attr *a;
	struct entry *copy;
	struct attr *ca;
	size_t i, j;

	copy = entry_new(e->e_dn);
	for (i = 0; i < e->e_nattrs; i++) {
		a = &e->e_attrs[i];
		ca = entry_new_attr(copy, a->a_name, a->a_at);
		if (a == changes) {
			entry_add_value(copy, ca, value, strlen(value));
			continue;
		}
		for (j = 0; j < a->a_nvals; j++)
			entry_add_value(copy, ca, a->a_vals[j].bv_val,
			    a->a_vals[j].bv_len);
	}
	return copy;
}

const struct entry *
op_acl_record(struct op *op, const struct entry *e, struct entry **copy)
{
	const struct attr *target, *changes, *type;
	char *kept;

	*copy = NULL;
	if (op->o_acl_target == NULL ||
	    (target = entry_find(e, "targetDN")) == NULL ||
	    target->a_nvals == 0)
		return e;	/* not a record: the container */
	if (!op_acl_target(op, target->a_vals[0].bv_val))
		return NULL;
	if ((changes = entry_find(e, "changes")) == NULL ||
	    changes->a_nvals == 0)
		return e;
	type = entry_find(e, "changeType");
	if ((kept = op_acl_target_changes(op, changes->a_vals[0].bv_val,
	    type != NULL && type->a_nvals > 0 &&
	    strcmp(type->a_vals[0].bv_val,
	    changelog_type_name(CHANGELOG_MODIFY)) == 0)) == NULL)
		return e;
	*copy = op_acl_record_copy(e, changes, kept);
	free(kept);
	return *copy;
}
