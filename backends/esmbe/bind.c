/*
 * bind.c - pass-through simple bind and Password Modify (RFC 3062) for
 * the ESM's users (RACF's words below; the dialect maps the others).
 *
 * A bind as uid=X,ou=People,<suffix> is a VERIFY request (RACROUTE
 * REQUEST=VERIFY on the mainframe) with the userid and the password:
 * RACF checks the password, counts failed logons and revokes at its
 * SETROPTS limit, exactly as for a TSO logon.  Wrong password and
 * unknown or protected user give the same answer, so a client cannot
 * probe which userids exist.
 *
 * Password Modify:
 *   old password given      VERIFY (userid, old, new): the user's own
 *                           change, as at a TSO logon with a new
 *                           password (RACF applies its password rules
 *                           and history);
 *   administrator, no old   reset: ALTUSER X PASSWORD(...) with
 *                           EXPIRED unless reset-expired is off;
 *   anyone else, no old     insufficientAccessRights.
 * Without a new password one is generated (8 characters from A-Z0-9,
 * a letter first and at least one digit) and returned in genPasswd.
 * Passwords never reach o_text or the log.
 *
 * A SASL EXTERNAL bind reaches here once the frontend has mapped a
 * verified client certificate to uid=X,ou=People,<suffix>: there is no
 * password for VERIFY, so the user is listed instead and must exist and
 * not be revoked (the dialect's dl_disabled flags), or the certificate
 * of a revoked user would still get in.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/rand.h>
#include <ldap.h>

#include "link.h"
#include "link_rc.h"
#include "log.h"
#include "xmalloc.h"
#include "backends/backend.h"
#include "backends/esmbe/esmbe.h"
#include "gateway/conn.h"	/* before op.h: RB_HEAD(op_tree) */
#include "gateway/entry.h"
#include "gateway/gw.h"
#include "gateway/op.h"
#include "gateway/pdu.h"

#define ESMBE_BAD_CREDENTIALS	"invalid credentials"

/* One uniformly drawn character of set (n characters); -1 on failure. */
static int
esmbe_rand_char(const char *set, size_t n, char *out)
{
	unsigned char b;
	unsigned int limit = 256 - 256 % (unsigned int)n;

	do {
		if (RAND_bytes(&b, 1) != 1)
			return -1;
	} while (b >= limit);
	*out = set[b % n];
	return 0;
}

static int
esmbe_genpw(char *pw, size_t len)
{
	static const char letters[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	static const char digits[] = "0123456789";
	static const char all[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	char pos;
	size_t i;

	if (esmbe_rand_char(letters, 26, &pw[0]) == -1)
		return -1;
	for (i = 1; i < len; i++)
		if (esmbe_rand_char(all, 36, &pw[i]) == -1)
			return -1;
	/* At least one digit, at a random place after the first. */
	if (esmbe_rand_char("1234567", 7, &pos) == -1 ||
	    esmbe_rand_char(digits, 10, &pw[pos - '0']) == -1)
		return -1;
	pw[len] = '\0';
	return 0;
}

/* The target must be a user that is not protected. */
static int
esmbe_user_target(struct esmbe_op *ro, const char *dn, const char *ndn)
{
	struct esmbe_loc *loc = &ro->ro_loc;

	if (esmbe_locate(ro->ro_rb, ro->ro_map, dn, ndn, loc) == -1)
		return LDAP_INVALID_DN_SYNTAX;
	if (loc->rl_node != ESMBE_NODE_LEAF || loc->rl_below ||
	    loc->rl_cls != MAP_USER)
		return LDAP_NO_SUCH_OBJECT;
	if (esmbe_is_protected(ro->ro_rb, MAP_USER, loc->rl_id))
		return LDAP_INSUFFICIENT_ACCESS;
	return 0;
}

/* What a VERIFY answered, for bind (passwd == 0) or Password Modify. */
static int
esmbe_verify_map(struct esmbe_op *ro, int rc, int passwd)
{
	struct op *op = ro->ro_op;
	char *t = op->o_text;
	size_t tl = sizeof(op->o_text);
	const struct esm_dialect *dl = ro->ro_rb->rb_dl;

	/* The agent's own refusals are negative; the rest are the ESM's. */
	switch (rc < 0 ? rc : (int)dl->dl_verify_result(rc)) {
	case ESM_VERIFY_OK:
		return LDAP_SUCCESS;
	case ESM_VERIFY_NO_USER:
	case ESM_VERIFY_BAD_PASSWORD:
		snprintf(t, tl, "%s", ESMBE_BAD_CREDENTIALS);
		return LDAP_INVALID_CREDENTIALS;
	case ESM_VERIFY_EXPIRED:
		snprintf(t, tl, "password expired: change it with the "
		    "Password Modify operation and the old password");
		return LDAP_INVALID_CREDENTIALS;
	case ESM_VERIFY_REVOKED:
		snprintf(t, tl, "user is revoked");
		return LDAP_INVALID_CREDENTIALS;
	case ESM_VERIFY_BAD_NEWPASSWORD:
		snprintf(t, tl, "%s refused the new password: %s", dl->dl_name,
		    ro->ro_msg[0] != '\0' ? ro->ro_msg : "it does not meet "
		    "the installation's password rules");
		return LDAP_CONSTRAINT_VIOLATION;
	case LINK_RC_REFUSED:
		if (strncmp(ro->ro_msg, "ESMA104E", 8) == 0) {
			if (!passwd) {
				snprintf(t, tl, "%s", ESMBE_BAD_CREDENTIALS);
				return LDAP_INVALID_CREDENTIALS;
			}
			snprintf(t, tl, "user %s is protected: its password "
			    "cannot be changed through LDAP",
			    ro->ro_loc.rl_id);
			return LDAP_INSUFFICIENT_ACCESS;
		}
		break;
	}
	return esmbe_exec_map(ro->ro_agent, ro->ro_what, rc, ro->ro_msg,
	    passwd, t, tl);
}

static void
esmbe_verify_done(struct esmbe_op *ro, int rc)
{
	struct op *op = ro->ro_op;
	int passwd = op->o_tag != LDAP_REQ_BIND;

	if (rc != LDAP_SUCCESS) {
		ro->ro_agent->ra_failed++;
		log_info("conn=%llu op=%llu agent=%s %s: %s",
		    (unsigned long long)op_conn_id(op),
		    (unsigned long long)op->o_id, ro->ro_agent->ra_name,
		    ro->ro_what, op->o_text);
		esmbe_op_end(ro, rc);
		return;
	}
	if (passwd) {
		ro->ro_then(ro);
		return;
	}
	/* The frontend records the identity (op_bind_done). */
	op->o_text[0] = '\0';
	esmbe_op_end(ro, LDAP_SUCCESS);
}

static void
esmbe_verify_cb(void *arg, enum link_req_status st, const struct link_msg *m,
    const char *why)
{
	struct esmbe_op *ro = arg;
	struct op *op = ro->ro_op;
	int passwd = op->o_tag != LDAP_REQ_BIND;

	if (st == LINK_REQ_CANCELLED)
		return;
	if (st != LINK_REQ_OK) {
		ro->ro_req = 0;
		esmbe_verify_done(ro, esmbe_exec_map_status(ro->ro_agent,
		    ro->ro_what, st, why, passwd, op->o_text,
		    sizeof(op->o_text)));
		return;
	}
	esmbe_msg_add(ro->ro_msg, sizeof(ro->ro_msg), m->lm_lines,
	    m->lm_nlines);
	if (m->lm_more)
		return;
	ro->ro_req = 0;
	esmbe_verify_done(ro, esmbe_verify_map(ro, m->lm_rc, passwd));
}

/* VERIFY (userid, password[, new password]). */
static void
esmbe_verify(struct esmbe_op *ro, const struct berval *pw,
    const struct berval *newpw)
{
	struct berval args[3];
	size_t n = 2;
	int rc;

	args[0].bv_val = ro->ro_loc.rl_id;
	args[0].bv_len = strlen(ro->ro_loc.rl_id);
	args[1] = *pw;
	if (newpw != NULL)
		args[n++] = *newpw;
	snprintf(ro->ro_what, sizeof(ro->ro_what), "VERIFY %s%s",
	    ro->ro_loc.rl_id, newpw != NULL ? " with a new password" : "");
	ro->ro_msg[0] = '\0';
	ro->ro_verify = 1;
	rc = esmbe_request(ro->ro_rb, ro->ro_op, LINK_REQ_VERIFY, NULL, 1,
	    ro->ro_what, args, n, esmbe_verify_cb, ro, &ro->ro_agent,
	    &ro->ro_req);
	if (rc != 0)
		esmbe_op_end(ro, rc);
}

/* Is a flag of the dialect's dl_disabled TRUE?  -1: none is read. */
static int
esmbe_user_disabled(const struct esmbe *rb, const struct entry *e,
    const char **which)
{
	const char *const *name;
	const struct attr *a;
	int known = 0;

	for (name = rb->rb_dl->dl_disabled; name != NULL && *name != NULL;
	    name++) {
		if ((a = entry_find(e, *name)) == NULL)
			continue;
		known = 1;
		if (a->a_nvals > 0 &&
		    strcasecmp(a->a_vals[0].bv_val, "TRUE") == 0) {
			*which = *name;
			return 1;
		}
	}
	return known ? 0 : -1;
}

/*
 * Refuse the bind with invalidCredentials.  The log says why; the client
 * is told text, the same for every refusal but a revoked user's, so that
 * it cannot probe which userids exist.
 */
static void
esmbe_bind_refuse(struct esmbe_op *ro, const char *why, const char *text)
{
	struct op *op = ro->ro_op;

	if (op->o_req.r.bind.method == LDAP_AUTH_SASL)
		log_warnx("conn=%llu op=%llu certificate bind as %s refused: "
		    "%s", (unsigned long long)op_conn_id(op),
		    (unsigned long long)op->o_id, op->o_dn, why);
	else
		log_info("conn=%llu op=%llu bind %s refused before asking "
		    "%s: %s", (unsigned long long)op_conn_id(op),
		    (unsigned long long)op->o_id, op->o_dn,
		    ro->ro_rb->rb_dl->dl_name, why);
	snprintf(op->o_text, sizeof(op->o_text), "%s", text);
	esmbe_op_end(ro, LDAP_INVALID_CREDENTIALS);
}

/* The bind DN names a user that is not protected, or the bind is refused. */
static int
esmbe_bind_target(struct esmbe_op *ro)
{
	struct op *op = ro->ro_op;
	int rc;

	if ((rc = esmbe_user_target(ro, op->o_dn, op->o_ndn)) == 0)
		return 0;
	esmbe_bind_refuse(ro, rc == LDAP_INSUFFICIENT_ACCESS ?
	    "protected userid" : "not a user's DN", ESMBE_BAD_CREDENTIALS);
	return -1;
}

/* The listed user of a certificate bind may log on unless disabled. */
static void
esmbe_cert_check_user(struct esmbe_op *ro)
{
	struct op *op = ro->ro_op;
	const char *which = NULL;
	char why[128];

	switch (esmbe_user_disabled(ro->ro_rb, ro->ro_entry, &which)) {
	case 1:
		snprintf(why, sizeof(why), "the user is %s", which);
		esmbe_bind_refuse(ro, why, "user is revoked");
		return;
	case -1:
		snprintf(op->o_text, sizeof(op->o_text), "the %s map reads "
		    "none of the flags that tell a revoked user: a client "
		    "certificate cannot show that %s may log on",
		    ro->ro_rb->rb_dl->dl_name, ro->ro_loc.rl_id);
		log_warnx("conn=%llu op=%llu %s", (unsigned long long)
		    op_conn_id(op), (unsigned long long)op->o_id, op->o_text);
		esmbe_op_end(ro, LDAP_UNWILLING_TO_PERFORM);
		return;
	}
	op->o_text[0] = '\0';
	esmbe_op_end(ro, LDAP_SUCCESS);
}

/* The user of a certificate bind listed (rc: esmbe_fetch's result). */
static void
esmbe_cert_fetched(struct esmbe_op *ro, int rc)
{
	if (rc == LDAP_NO_SUCH_OBJECT)
		esmbe_bind_refuse(ro, "no such user", ESMBE_BAD_CREDENTIALS);
	else if (rc == ESMBE_FETCH_PROTECTED)
		esmbe_bind_refuse(ro, "a protected userid",
		    ESMBE_BAD_CREDENTIALS);
	else if (rc != 0)
		esmbe_op_end(ro, rc);
	else
		esmbe_cert_check_user(ro);
}

int
esmbe_bind(struct op *op)
{
	struct esmbe_op *ro;
	const struct berval *pw = &op->o_req.r.bind.cred;

	ro = esmbe_op_new(op, esmbe_of(op));
	if (op->o_req.r.bind.method == LDAP_AUTH_SASL) {
		/* SASL EXTERNAL as the user the certificate maps to. */
		if (esmbe_bind_target(ro) == 0)
			esmbe_fetch(ro, esmbe_cert_fetched);
	} else if (op->o_req.r.bind.method != LDAP_AUTH_SIMPLE) {
		snprintf(op->o_text, sizeof(op->o_text), "%s users bind "
		    "with a simple bind (userid and password)",
		    ro->ro_rb->rb_dl->dl_name);
		esmbe_op_end(ro, LDAP_AUTH_METHOD_NOT_SUPPORTED);
	} else if (pw->bv_len == 0)
		esmbe_bind_refuse(ro, "empty password", ESMBE_BAD_CREDENTIALS);
	else if (esmbe_bind_target(ro) == 0)
		esmbe_verify(ro, pw, NULL);
	return esmbe_op_hook_return(ro);
}

/* ---- Password Modify ----------------------------------------------- */

static void
esmbe_passwd_then(struct esmbe_op *ro)
{
	struct op *op = ro->ro_op;
	struct berval gen;

	if (ro->ro_gen) {
		gen.bv_val = ro->ro_genpw;
		gen.bv_len = strlen(ro->ro_genpw);
		if (pdu_passwd_encode(&op->o_ext_value, &gen) == -1) {
			snprintf(op->o_text, sizeof(op->o_text), "the "
			    "password was changed but the generated password "
			    "could not be encoded; reset it again");
			esmbe_op_end(ro, LDAP_OTHER);
			return;
		}
		op->o_ext_secret = 1;
	}
	log_info("conn=%llu op=%llu password of user %s changed%s",
	    (unsigned long long)op_conn_id(op), (unsigned long long)op->o_id,
	    ro->ro_loc.rl_id, ro->ro_gen ? " (generated)" : "");
	op->o_text[0] = '\0';
	esmbe_op_end(ro, LDAP_SUCCESS);
}

static int
esmbe_passwd_target(struct esmbe_op *ro)
{
	struct op *op = ro->ro_op;
	const char *dn = op->o_dn != NULL ? op->o_dn : op->o_ndn;
	int rc;

	if (dn == NULL) {
		snprintf(op->o_text, sizeof(op->o_text), "no user to change "
		    "the password of: bind first or give userIdentity");
		return LDAP_UNWILLING_TO_PERFORM;
	}
	rc = esmbe_user_target(ro, dn, op->o_ndn);
	if (rc == LDAP_INSUFFICIENT_ACCESS)
		snprintf(op->o_text, sizeof(op->o_text), "user %s is "
		    "protected: its password cannot be changed through LDAP",
		    ro->ro_loc.rl_id);
	else if (rc == LDAP_NO_SUCH_OBJECT &&
	    ro->ro_loc.rl_node != ESMBE_NODE_NONE && !ro->ro_loc.rl_below) {
		snprintf(op->o_text, sizeof(op->o_text), "%s is not a %s "
		    "user: Password Modify changes the password of "
		    "uid=USERID,%s,%s", dn, ro->ro_rb->rb_dl->dl_name,
		    ro->ro_map->m_class[MAP_USER].mc_base,
		    ro->ro_rb->rb_be->be_suffix);
		rc = LDAP_UNWILLING_TO_PERFORM;
	} else if (rc == LDAP_NO_SUCH_OBJECT) {
		op_set_matched(op, ro->ro_loc.rl_matched);
		snprintf(op->o_text, sizeof(op->o_text), "no such user%s%s",
		    ro->ro_loc.rl_why[0] != '\0' ? ": " : "",
		    ro->ro_loc.rl_why);
	} else if (rc != 0)
		snprintf(op->o_text, sizeof(op->o_text), "%s is not a DN",
		    dn);
	return rc;
}

/* The new password: given (checked by RACF's rules) or generated. */
static int
esmbe_passwd_new(struct esmbe_op *ro, struct berval *newpw)
{
	struct op *op = ro->ro_op;
	const char *why;

	if (op->o_pw_new.bv_val == NULL) {
		if (esmbe_genpw(ro->ro_genpw, ro->ro_rb->rb_dl->dl_pwlen) ==
		    -1) {
			snprintf(op->o_text, sizeof(op->o_text), "cannot "
			    "generate a password: no random bytes");
			return LDAP_OTHER;
		}
		ro->ro_gen = 1;
		newpw->bv_val = ro->ro_genpw;
		newpw->bv_len = strlen(ro->ro_genpw);
		return 0;
	}
	if (ro->ro_rb->rb_dl->dl_check_password(op->o_pw_new.bv_val,
	    op->o_pw_new.bv_len, &why) == -1) {
		snprintf(op->o_text, sizeof(op->o_text), "the new password "
		    "is not valid for %s: %s", ro->ro_rb->rb_dl->dl_name, why);
		return LDAP_CONSTRAINT_VIOLATION;
	}
	*newpw = op->o_pw_new;
	return 0;
}

int
esmbe_passwd(struct op *op)
{
	struct esmbe_op *ro;
	struct berval newpw;
	int rc;

	ro = esmbe_op_new(op, esmbe_of(op));
	if ((rc = esmbe_passwd_target(ro)) != 0 ||
	    (rc = esmbe_passwd_new(ro, &newpw)) != 0) {
		esmbe_op_end(ro, rc);
		return esmbe_op_hook_return(ro);
	}
	ro->ro_then = esmbe_passwd_then;
	if (op->o_pw_old.bv_val != NULL)
		esmbe_verify(ro, &op->o_pw_old, &newpw);
	else if (op_may_reset_password(op)) {
		rc = ro->ro_rb->rb_dl->dl_plan_password(ro->ro_loc.rl_id,
		    &newpw,
		    ro->ro_rb->rb_be->be_gw->gw_reset_expired, &ro->ro_plan,
		    op->o_text, sizeof(op->o_text));
		if (rc != LDAP_SUCCESS)
			esmbe_op_end(ro, rc);
		else
			esmbe_exec(ro, esmbe_passwd_then);
	} else {
		snprintf(op->o_text, sizeof(op->o_text), "changing a %s "
		    "password needs the old password; only an identity "
		    "allowed to reset passwords may set it without",
		    ro->ro_rb->rb_dl->dl_name);
		esmbe_op_end(ro, LDAP_INSUFFICIENT_ACCESS);
	}
	return esmbe_op_hook_return(ro);
}
