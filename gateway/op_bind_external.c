/*
 * op_bind_external.c - SASL EXTERNAL bind with a TLS client certificate
 * (RFC 4422 appendix A, RFC 4513 §5.2.1).
 *
 * The certificate verified during the TLS handshake (conn.c) is the
 * credential; the cert-map rules (certmap.c) say which DN it binds as:
 *   a configured admin DN       the connection is the admin's (the
 *                               certificate replaces the password);
 *   a DN a backend holds        the backend checks that the user exists
 *                               and is not revoked at the ESM before the
 *                               connection is that user's;
 *   no rule matches             refused (invalidCredentials), or, with
 *                               "cert-map-required no", bound as the
 *                               subject DN itself, unless that DN is an
 *                               admin's or lies in a backend's tree:
 *                               only a rule grants those, so such a
 *                               subject is refused too.
 * The credentials may carry an authorization identity ("dn:DN" or
 * "u:USERID", RFC 4513 §5.2.1.8); it must name the identity the
 * certificate maps to, as no one may act for another here.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <ldap.h>

#include "log.h"
#include "xmalloc.h"
#include "gateway/gw.h"
#include "gateway/certmap.h"
#include "gateway/conn.h"
#include "gateway/dn.h"
#include "gateway/op.h"

#define EXTERNAL_NO_MAP_TEXT	"the client certificate maps to no " \
				"identity of this gateway"

/* A verified certificate on a TLS connection, or why not. */
static int
op_external_has_cert(struct op *op)
{
	struct conn *c = op->o_conn;

	if (c->c_tls && c->c_cert_subject != NULL)
		return LDAP_SUCCESS;
	snprintf(op->o_text, sizeof(op->o_text), "%s", !c->c_tls ?
	    "SASL EXTERNAL needs TLS with a client certificate: use "
	    "ldaps:// or StartTLS" : c->c_gw->gw_tls_verify ==
	    GW_TLS_VERIFY_NONE ? "SASL EXTERNAL is not available: this "
	    "gateway asks for no client certificates (tls-verify none)" :
	    "SASL EXTERNAL needs a client certificate: none was presented "
	    "in the TLS handshake");
	return LDAP_INAPPROPRIATE_AUTH;
}

/* The rules' DN for the subject into o_dn/o_ndn; *mapped says if any. */
static int
op_external_map(struct op *op, int *mapped)
{
	struct conn *c = op->o_conn;
	const char *subject = c->c_cert_subject;
	struct berval bv;
	char why[200], *dn = NULL;
	size_t rule = 0;
	int rc;

	rc = certmap_apply(c->c_gw->gw_certmap, subject, &dn, &rule, why,
	    sizeof(why));
	*mapped = rc == 1;
	if (rc == -1 || (rc == 0 && c->c_gw->gw_cert_map_required)) {
		log_warnx("conn=%llu op=%llu SASL EXTERNAL from %s refused: "
		    "certificate \"%s\": %s", (unsigned long long)c->c_id,
		    (unsigned long long)op->o_id, c->c_addr, subject,
		    rc == 0 ? "no cert-map rule matches" : why);
		snprintf(op->o_text, sizeof(op->o_text), EXTERNAL_NO_MAP_TEXT);
		return LDAP_INVALID_CREDENTIALS;
	}
	bv.bv_val = dn != NULL ? dn : (char *)subject;
	bv.bv_len = strlen(bv.bv_val);
	rc = op_target(op, &bv);
	if (rc != LDAP_SUCCESS) {
		log_warnx("conn=%llu op=%llu SASL EXTERNAL from %s refused: "
		    "certificate \"%s\" %s \"%s\", not a valid DN: %s",
		    (unsigned long long)c->c_id, (unsigned long long)op->o_id,
		    c->c_addr, subject, *mapped ? "maps to" : "is",
		    bv.bv_val, op->o_text);
		snprintf(op->o_text, sizeof(op->o_text), EXTERNAL_NO_MAP_TEXT);
		rc = LDAP_INVALID_CREDENTIALS;
	} else if (*mapped)
		log_info("conn=%llu op=%llu certificate \"%s\" maps to \"%s\" "
		    "(cert-map rule %zu)", (unsigned long long)c->c_id,
		    (unsigned long long)op->o_id, subject, op->o_ndn, rule);
	free(dn);
	return rc;
}

/* "u:USERID" names the user whose entry's RDN is uid=USERID. */
static int
op_external_userid_is(const char *ndn, const char *id, size_t len)
{
	const char *comma;

	if (strncmp(ndn, "uid=", 4) != 0)
		return 0;
	ndn += 4;
	comma = strchr(ndn, ',');
	return (comma != NULL ? (size_t)(comma - ndn) : strlen(ndn)) == len &&
	    strncasecmp(ndn, id, len) == 0;
}

/*
 * RFC 4513 §5.2.1.8: an authorization identity in the credentials must
 * be one the certificate may act as, here only its own.  A malformed
 * one is invalidCredentials; another identity is insufficientAccess
 * ("not authorized to assume the requested identity").
 */
static int
op_external_authzid(struct op *op)
{
	const struct berval *az = &op->o_req.r.bind.cred;
	char *ndn = NULL;
	const char *why;
	int same;

	if (!op->o_req.r.bind.has_cred || az->bv_len == 0)
		return LDAP_SUCCESS;
	if (az->bv_len > 3 && strncmp(az->bv_val, "dn:", 3) == 0 &&
	    memchr(az->bv_val, '\0', az->bv_len) == NULL &&
	    dn_normalize_str(az->bv_val + 3, az->bv_len - 3,
	    op->o_conn->c_gw->gw_schema, &ndn, &why) == 0)
		same = strcmp(ndn, op->o_ndn) == 0;
	else if (az->bv_len > 2 && strncmp(az->bv_val, "u:", 2) == 0)
		same = op_external_userid_is(op->o_ndn, az->bv_val + 2,
		    az->bv_len - 2);
	else {
		snprintf(op->o_text, sizeof(op->o_text), "the authorization "
		    "identity must be \"dn:DN\" or \"u:USERID\"");
		return LDAP_INVALID_CREDENTIALS;
	}
	free(ndn);
	if (same)
		return LDAP_SUCCESS;
	snprintf(op->o_text, sizeof(op->o_text), "the client certificate "
	    "binds as %.200s and may not act as %.*s", op->o_dn,
	    (int)(az->bv_len > 200 ? 200 : az->bv_len), az->bv_val);
	return LDAP_INSUFFICIENT_ACCESS;
}

/* Who the mapped DN is: an admin, an ESM user (the backend checks). */
static int
op_external_mapped(struct op *op)
{
	struct conn *c = op->o_conn;

	if (gw_find_admin(c->c_gw, op->o_ndn) != NULL) {
		conn_set_identity(c, CONN_ADMIN, op->o_dn, op->o_ndn, NULL);
		return LDAP_SUCCESS;
	}
	op->o_be = backend_select(&c->c_gw->gw_backends, op->o_ndn);
	if (op->o_be == NULL || op->o_be->be_info->bi_bind == NULL) {
		log_warnx("conn=%llu op=%llu SASL EXTERNAL from %s refused: "
		    "certificate \"%s\" maps to \"%s\", which no administrator "
		    "or backend holds", (unsigned long long)c->c_id,
		    (unsigned long long)op->o_id, c->c_addr,
		    c->c_cert_subject, op->o_dn);
		op->o_be = NULL;
		snprintf(op->o_text, sizeof(op->o_text), EXTERNAL_NO_MAP_TEXT);
		return LDAP_INVALID_CREDENTIALS;
	}
	/* The backend checks the user (bi_bind sees LDAP_AUTH_SASL). */
	return op_call_backend(op, op->o_be->be_info->bi_bind, "bind");
}

/*
 * cert-map-required no: the subject binds as itself.  A subject that is
 * an admin's DN or a DN under a backend's suffix would then pass for
 * that identity wherever a DN is compared (the own-entry check, dn: and
 * self access rules, groups) without a rule mapping it or the backend
 * checking the user, so it is refused.
 */
static int
op_external_as_subject(struct op *op)
{
	struct conn *c = op->o_conn;
	const struct backend *be = NULL;
	char what[300];

	if (gw_find_admin(c->c_gw, op->o_ndn) != NULL)
		snprintf(what, sizeof(what), "an administrator's DN");
	else if ((be = backend_select(&c->c_gw->gw_backends, op->o_ndn)) !=
	    NULL)
		snprintf(what, sizeof(what), "a DN of the %s backend (suffix "
		    "%.200s)", be->be_info->bi_type, be->be_suffix);
	else {
		conn_set_identity(c, CONN_USER, op->o_dn, op->o_ndn, NULL);
		return LDAP_SUCCESS;
	}
	log_warnx("conn=%llu op=%llu SASL EXTERNAL from %s refused: "
	    "certificate \"%s\": no cert-map rule maps it and the subject is "
	    "%s, which only a cert-map rule may bind as",
	    (unsigned long long)c->c_id, (unsigned long long)op->o_id,
	    c->c_addr, c->c_cert_subject, what);
	snprintf(op->o_text, sizeof(op->o_text), EXTERNAL_NO_MAP_TEXT);
	return LDAP_INVALID_CREDENTIALS;
}

int
op_bind_external(struct op *op)
{
	int rc, mapped;

	if ((rc = op_external_has_cert(op)) != LDAP_SUCCESS ||
	    (rc = op_external_map(op, &mapped)) != LDAP_SUCCESS ||
	    (rc = op_external_authzid(op)) != LDAP_SUCCESS)
		return rc;
	return mapped ? op_external_mapped(op) : op_external_as_subject(op);
}
