/*
 * op_bind.c - simple bind (RFC 4511 §4.2, RFC 4513 §5.1).
 *
 * Gateway administrators are checked here against the salted hashes of
 * the configuration; every other DN goes to the backend holding it, which
 * verifies the password at the ESM (pass-through authentication, so the
 * ESM counts failures and revokes as it always does).  A bind blocks the
 * connection while it runs, and operations still in flight when it
 * arrives are abandoned (§4.2.1).  Failed binds leave the connection
 * anonymous; the same text answers "no such user" and "wrong password".
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <ldap.h>

#include "log.h"
#include "gateway/gw.h"
#include "gateway/conn.h"
#include "gateway/op.h"

#define BIND_FAILED_TEXT	"invalid credentials"

static void
op_bind_abandon_others(struct op *op)
{
	struct conn *c = op->o_conn;
	struct op *o, *next;

	for (o = RB_MIN(op_tree, &c->c_ops); o != NULL; o = next) {
		next = RB_NEXT(op_tree, &c->c_ops, o);
		if (o == op)
			continue;
		o->o_abandoned = 1;
		op_stop(o, LDAP_CANCELLED, "abandoned by a new bind");
	}
}

static int
op_bind_admin(struct op *op, const struct gw_admin *admin)
{
	struct conn *c = op->o_conn;
	const struct berval *pw = &op->o_req.r.bind.cred;

	if (!gw_passwd_verify(admin->ga_hash, pw->bv_val, pw->bv_len)) {
		log_warnx("conn=%llu op=%llu bind as %s from %s failed: wrong "
		    "password", (unsigned long long)c->c_id,
		    (unsigned long long)op->o_id, admin->ga_dn, c->c_addr);
		snprintf(op->o_text, sizeof(op->o_text), BIND_FAILED_TEXT);
		return LDAP_INVALID_CREDENTIALS;
	}
	conn_set_identity(c, CONN_ADMIN, op->o_dn, op->o_ndn, NULL);
	return LDAP_SUCCESS;
}

static int
op_bind_check(struct op *op)
{
	const struct berval *dn = &op->o_req.r.bind.dn;
	const struct berval *pw = &op->o_req.r.bind.cred;

	if (op->o_req.r.bind.version != LDAP_VERSION3) {
		snprintf(op->o_text, sizeof(op->o_text), "LDAP version %d is "
		    "not supported: use version 3",
		    (int)op->o_req.r.bind.version);
		return LDAP_PROTOCOL_ERROR;
	}
	if (op->o_req.r.bind.method != LDAP_AUTH_SIMPLE) {
		snprintf(op->o_text, sizeof(op->o_text), "SASL mechanism "
		    "%.*s is not supported: use a simple bind",
		    (int)op->o_req.r.bind.mech.bv_len,
		    op->o_req.r.bind.mech.bv_val != NULL ?
		    op->o_req.r.bind.mech.bv_val : "");
		return LDAP_AUTH_METHOD_NOT_SUPPORTED;
	}
	if (dn->bv_len > 0 && pw->bv_len == 0) {
		/* RFC 4513 §5.1.2: "unauthenticated" binds are refused. */
		snprintf(op->o_text, sizeof(op->o_text), "a DN without a "
		    "password (unauthenticated bind) is not allowed");
		return LDAP_UNWILLING_TO_PERFORM;
	}
	if (dn->bv_len == 0 && pw->bv_len > 0) {
		snprintf(op->o_text, sizeof(op->o_text), "a password without "
		    "a DN is not allowed");
		return LDAP_UNWILLING_TO_PERFORM;
	}
	return LDAP_SUCCESS;
}

int
op_bind_run(struct op *op)
{
	struct conn *c = op->o_conn;
	const struct gw_admin *admin;
	int rc;

	c->c_binding = 1;
	op_bind_abandon_others(op);
	conn_set_identity(c, CONN_ANONYMOUS, NULL, NULL, NULL);
	if ((rc = op_bind_check(op)) != LDAP_SUCCESS)
		goto done;
	if (op->o_req.r.bind.dn.bv_len == 0)
		goto done;			/* anonymous */
	if ((rc = op_target(op, &op->o_req.r.bind.dn)) != LDAP_SUCCESS)
		goto done;
	if ((admin = gw_find_admin(c->c_gw, op->o_ndn)) != NULL) {
		rc = op_bind_admin(op, admin);
		goto done;
	}
	op->o_be = backend_select(&c->c_gw->gw_backends, op->o_ndn);
	if (op->o_be == NULL || op->o_be->be_info->bi_bind == NULL) {
		log_warnx("conn=%llu op=%llu bind as \"%s\" from %s failed: "
		    "no administrator or backend holds that DN",
		    (unsigned long long)c->c_id, (unsigned long long)op->o_id,
		    op->o_dn, c->c_addr);
		snprintf(op->o_text, sizeof(op->o_text), BIND_FAILED_TEXT);
		rc = LDAP_INVALID_CREDENTIALS;
		goto done;
	}
	if ((rc = op_call_backend(op, op->o_be->be_info->bi_bind, "bind")) ==
	    OP_PENDING)
		return OP_PENDING;
done:
	op_finish(op, rc, NULL);
	return rc;
}

/* Called by op_finish for every bind: record who is bound now. */
void
op_bind_done(struct op *op, int rc)
{
	struct conn *c = op->o_conn;

	if (rc != LDAP_SUCCESS) {
		c->c_gw->gw_count.gc_binds_failed++;
		conn_set_identity(c, CONN_ANONYMOUS, NULL, NULL, NULL);
		return;
	}
	if (c->c_auth == CONN_ANONYMOUS && op->o_be != NULL &&
	    op->o_ndn != NULL && op->o_ndn[0] != '\0')
		conn_set_identity(c, CONN_USER, op->o_dn, op->o_ndn, op->o_be);
	log_info("conn=%llu op=%llu bound as %s",
	    (unsigned long long)c->c_id, (unsigned long long)op->o_id,
	    conn_identity(c));
}
