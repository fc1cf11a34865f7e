/*
 * op_bind.c - simple bind (RFC 4511 §4.2, RFC 4513 §5.1), the failed-bind
 * limit, and the way to SASL EXTERNAL (op_bind_external.c).
 *
 * Gateway administrators are checked here against the salted hashes of
 * the configuration; every other DN goes to the backend holding it, which
 * verifies the password at the ESM (pass-through authentication, so the
 * ESM counts failures and revokes as it always does).  A bind blocks the
 * connection while it runs, and operations still in flight when it
 * arrives are abandoned (§4.2.1).  Failed binds leave the connection
 * anonymous; the same text answers "no such user" and "wrong password".
 *
 * Failed binds are counted per DN and per client address (bindlimit.c):
 * past its limit, a bind as that DN or from that address is refused
 * before any password is looked at, so the ESM sees no more guesses
 * until the window ends.  That bounds the rate of guessing, not its
 * total: a DN's count ends with its window while the ESM counts a
 * user's failures until a good logon, so a guesser who comes back
 * window after window still makes the ESM revoke the user, as at a TSO
 * logon.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <ldap.h>

#include "log.h"
#include "gateway/gw.h"
#include "gateway/bindlimit.h"
#include "gateway/conn.h"
#include "gateway/op.h"
#include "gateway/pdu.h"

#define BIND_FAILED_TEXT	"invalid credentials"

/*
 * The bind's keys in the failed-bind table, made once for the check
 * here and the count when it ends: its client address, and the DN when
 * there is one.  Then is either past its limit?  The bind ends here
 * with unwillingToPerform: the client is told why and for how long,
 * and nothing is checked.
 */
static int
op_bind_throttled(struct op *op, const char *ndn)
{
	struct conn *c = op->o_conn;
	struct bindlimit *bl = c->c_gw->gw_bindlimit;
	time_t now = bindlimit_now();
	unsigned int wait;

	if (bl == NULL)
		return LDAP_SUCCESS;
	op->o_bind_addr_key = bindlimit_key(bl, "addr", c->c_host);
	if (ndn != NULL && ndn[0] != '\0')
		op->o_bind_dn_key = bindlimit_key(bl, "dn", ndn);
	if ((wait = bindlimit_blocked(bl, op->o_bind_addr_key, now)) > 0)
		snprintf(op->o_text, sizeof(op->o_text), "too many failed "
		    "binds from %s; try again in %u seconds", c->c_host, wait);
	else if (op->o_bind_dn_key != 0 &&
	    (wait = bindlimit_blocked(bl, op->o_bind_dn_key, now)) > 0)
		snprintf(op->o_text, sizeof(op->o_text), "too many failed "
		    "binds as %.300s; try again in %u seconds", op->o_dn, wait);
	if (wait == 0)
		return LDAP_SUCCESS;
	log_warnx("conn=%llu op=%llu bind as \"%s\" from %s refused without "
	    "checking the credentials: %s", (unsigned long long)c->c_id,
	    (unsigned long long)op->o_id, op->o_dn != NULL ? op->o_dn : "",
	    c->c_addr, op->o_text);
	return LDAP_UNWILLING_TO_PERFORM;
}

/*
 * One more failure of key, which may fail limit times; the one that
 * reaches it is told to the log and the audit feed.
 */
static void
op_bind_count_failure(struct op *op, uint64_t key, unsigned int limit,
    const char *what)
{
	struct conn *c = op->o_conn;
	struct gateway *gw = c->c_gw;
	char why[512];

	if (!bindlimit_fail(gw->gw_bindlimit, key, limit, bindlimit_now()))
		return;
	snprintf(why, sizeof(why), "%u failed binds %s within %us: further "
	    "binds %s are refused for %us", limit, what,
	    gw->gw_bind_fail_window, what, gw->gw_bind_fail_window);
	log_warnx("conn=%llu op=%llu %s", (unsigned long long)c->c_id,
	    (unsigned long long)op->o_id, why);
	audit_bind_limit(op, why);
}

/*
 * A bind that got past op_bind_throttled ended with rc: count it
 * against its address and DN.
 */
static void
op_bind_account(struct op *op, int rc)
{
	struct gateway *gw = op->o_conn->c_gw;
	char what[400];

	if (op->o_bind_addr_key == 0)
		return;
	/*
	 * A good bind forgets its DN's failures, as the ESM forgets a
	 * user's at a good logon, and nothing else: were it to forget its
	 * address's, one valid credential would let a guesser spray any
	 * number of DNs from there.  The address has its own, higher
	 * limit instead, so that an IAM suite binding many users from one
	 * address is not locked out by a few of them mistyping.
	 */
	if (rc == LDAP_SUCCESS && op->o_bind_dn_key != 0)
		bindlimit_forget(gw->gw_bindlimit, op->o_bind_dn_key);
	if (rc != LDAP_INVALID_CREDENTIALS)
		return;
	snprintf(what, sizeof(what), "from %s", op->o_conn->c_host);
	op_bind_count_failure(op, op->o_bind_addr_key,
	    gw->gw_bind_fail_addr_limit, what);
	if (op->o_bind_dn_key != 0) {
		snprintf(what, sizeof(what), "as %.300s", op->o_dn);
		op_bind_count_failure(op, op->o_bind_dn_key,
		    gw->gw_bind_fail_limit, what);
	}
}

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
	if (op->o_req.r.bind.method == LDAP_AUTH_SASL) {
		if (pdu_bv_eq(&op->o_req.r.bind.mech, "EXTERNAL"))
			return LDAP_SUCCESS;
		snprintf(op->o_text, sizeof(op->o_text), "SASL mechanism "
		    "%.*s is not supported: use EXTERNAL (with a TLS client "
		    "certificate) or a simple bind",
		    (int)(op->o_req.r.bind.mech.bv_len > 64 ? 64 :
		    op->o_req.r.bind.mech.bv_len),
		    op->o_req.r.bind.mech.bv_val != NULL ?
		    op->o_req.r.bind.mech.bv_val : "");
		return LDAP_AUTH_METHOD_NOT_SUPPORTED;
	}
	if (op->o_req.r.bind.method != LDAP_AUTH_SIMPLE) {
		snprintf(op->o_text, sizeof(op->o_text), "this authentication "
		    "method is not supported: use a simple bind or SASL "
		    "EXTERNAL");
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
	if (op->o_req.r.bind.method == LDAP_AUTH_SASL) {
		if ((rc = op_bind_throttled(op, NULL)) == LDAP_SUCCESS &&
		    (rc = op_bind_external(op)) == OP_PENDING)
			return OP_PENDING;
		goto done;
	}
	if (op->o_req.r.bind.dn.bv_len == 0)
		goto done;			/* anonymous */
	if ((rc = op_target(op, &op->o_req.r.bind.dn)) != LDAP_SUCCESS ||
	    (rc = op_bind_throttled(op, op->o_ndn)) != LDAP_SUCCESS)
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

	op_bind_account(op, rc);
	if (rc != LDAP_SUCCESS) {
		c->c_gw->gw_count.gc_binds_failed++;
		conn_set_identity(c, CONN_ANONYMOUS, NULL, NULL, NULL);
		return;
	}
	if (c->c_auth == CONN_ANONYMOUS && op->o_be != NULL &&
	    op->o_ndn != NULL && op->o_ndn[0] != '\0')
		conn_set_identity(c, CONN_USER, op->o_dn, op->o_ndn, op->o_be);
	if (op->o_req.r.bind.method == LDAP_AUTH_SASL &&
	    c->c_auth != CONN_ANONYMOUS) {
		c->c_cert_bound = 1;
		log_info("conn=%llu op=%llu bound as %s by the client "
		    "certificate \"%s\" of \"%s\"",
		    (unsigned long long)c->c_id, (unsigned long long)op->o_id,
		    conn_identity(c), conn_principal(c), conn_realm(c));
		return;
	}
	log_info("conn=%llu op=%llu bound as %s",
	    (unsigned long long)c->c_id, (unsigned long long)op->o_id,
	    conn_identity(c));
}
