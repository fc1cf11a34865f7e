/*
 * op_extended.c - extended operations: StartTLS (RFC 4511 §4.14,
 * RFC 4513 §3), Who am I? (RFC 4532) and Password Modify (RFC 3062).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ldap.h>

#include "log.h"
#include "xmalloc.h"
#include "gateway/gw.h"
#include "gateway/conn.h"
#include "gateway/op.h"
#include "gateway/pdu.h"

static int
op_starttls(struct op *op)
{
	struct conn *c = op->o_conn;

	op->o_ext_oid = PDU_OID_STARTTLS;
	if (c->c_gw->gw_ssl_ctx == NULL) {
		snprintf(op->o_text, sizeof(op->o_text), "TLS is not "
		    "configured on this gateway (tls-cert, tls-key)");
		return LDAP_UNAVAILABLE;
	}
	if (c->c_tls) {
		snprintf(op->o_text, sizeof(op->o_text), "TLS is already "
		    "established on this connection");
		return LDAP_OPERATIONS_ERROR;
	}
	if (c->c_nops > 1) {
		/* RFC 4511 §4.14.1: no operation may be outstanding. */
		snprintf(op->o_text, sizeof(op->o_text), "other operations "
		    "are in progress on this connection");
		return LDAP_OPERATIONS_ERROR;
	}
	/* The response goes out in clear text, then TLS starts. */
	conn_start_tls(c);
	return LDAP_SUCCESS;
}

/* RFC 4532: authzId "dn:<DN>", or empty for anonymous. */
static int
op_whoami(struct op *op)
{
	struct conn *c = op->o_conn;
	char *authz;

	if (op->o_req.r.extended.has_value) {
		snprintf(op->o_text, sizeof(op->o_text), "the Who am I? "
		    "request takes no value");
		return LDAP_PROTOCOL_ERROR;
	}
	if (c->c_auth == CONN_ANONYMOUS)
		return LDAP_SUCCESS;
	xasprintf(&authz, "dn:%s", c->c_dn);
	op->o_ext_value.bv_len = strlen(authz);
	op->o_ext_value.bv_val = ber_memalloc(op->o_ext_value.bv_len + 1);
	memcpy(op->o_ext_value.bv_val, authz, op->o_ext_value.bv_len + 1);
	free(authz);
	return LDAP_SUCCESS;
}

/* The target: userIdentity as a DN, or the bound identity itself. */
static int
op_passwd_target(struct op *op)
{
	struct conn *c = op->o_conn;
	struct berval self;

	if (op->o_pw_id.bv_val != NULL) {
		if (op->o_pw_id.bv_len > 3 &&
		    strncmp(op->o_pw_id.bv_val, "dn:", 3) == 0) {
			self.bv_val = op->o_pw_id.bv_val + 3;
			self.bv_len = op->o_pw_id.bv_len - 3;
			return op_target(op, &self);
		}
		return op_target(op, &op->o_pw_id);
	}
	if (c->c_auth == CONN_ANONYMOUS) {
		snprintf(op->o_text, sizeof(op->o_text), "bind first, or name "
		    "the user whose password to change");
		return LDAP_UNWILLING_TO_PERFORM;
	}
	self.bv_val = c->c_dn;
	self.bv_len = strlen(c->c_dn);
	return op_target(op, &self);
}

static int
op_passwd(struct op *op)
{
	struct conn *c = op->o_conn;
	int rc;

	op->o_ext_oid = NULL;
	if (op->o_req.r.extended.has_value &&
	    pdu_passwd_decode(&op->o_req.r.extended.value, &op->o_pw_id,
	    &op->o_pw_old, &op->o_pw_new) == -1) {
		snprintf(op->o_text, sizeof(op->o_text), "malformed Password "
		    "Modify request value");
		return LDAP_PROTOCOL_ERROR;
	}
	if ((rc = op_passwd_target(op)) != LDAP_SUCCESS)
		return rc;
	if (c->c_auth == CONN_ADMIN && gw_find_admin(c->c_gw, op->o_ndn)) {
		snprintf(op->o_text, sizeof(op->o_text), "gateway "
		    "administrator passwords are set in the configuration "
		    "(esmctl passwd), not with Password Modify");
		return LDAP_UNWILLING_TO_PERFORM;
	}
	/*
	 * Admins reset anyone's password.  A change that carries the old
	 * password proves itself, as at a TSO logon: anyone may ask, and
	 * the ESM verifies it (so does a user whose password expired and
	 * who therefore cannot bind).  A bound user may also name
	 * themselves; the backend then insists on the old password.
	 */
	if (c->c_auth == CONN_ADMIN)
		rc = op_route(op, OP_WRITE);
	else if (op->o_pw_old.bv_val != NULL || (c->c_auth == CONN_USER &&
	    strcmp(c->c_ndn, op->o_ndn) == 0))
		rc = op_route(op, OP_SELF);
	else
		rc = op_route(op, OP_WRITE);
	if (rc != LDAP_SUCCESS)
		return rc;
	return op_call_backend(op, op->o_be->be_info->bi_passwd,
	    "Password Modify");
}

int
op_extended_run(struct op *op)
{
	const struct berval *oid = &op->o_req.r.extended.oid;
	int rc;

	if (pdu_bv_eq(oid, PDU_OID_STARTTLS))
		rc = op_starttls(op);
	else if (pdu_bv_eq(oid, PDU_OID_WHOAMI))
		rc = op_whoami(op);
	else if (pdu_bv_eq(oid, PDU_OID_PASSWD_MODIFY))
		rc = op_passwd(op);
	else {
		snprintf(op->o_text, sizeof(op->o_text), "extended operation "
		    "%.*s is not supported", (int)oid->bv_len, oid->bv_val);
		rc = LDAP_PROTOCOL_ERROR;
	}
	if (rc != OP_PENDING)
		op_finish(op, rc, NULL);
	return rc;
}
