/*
 * verify.c - a signon, as TSS checks it.
 *
 * One write transaction: the violation count, a suspension at the
 * threshold (the PTHRESH control option), a password change at signon
 * and LAST USED are written together; the messages the user would see
 * and the installation exit come after the commit.  Passwords are
 * folded to upper case, as TSS keeps them without MIXPASSWORD.  A
 * successful signon is not reported to the exit: it changes only LAST
 * USED and the count; a signon refused because the password expired
 * is.  Messages: TSS0130I/TSS0131I (signed on),
 * TSS0136I (password changed), TSS0144E (expired, new password
 * missing), TSS7100E (no such ACID), TSS7101E (password incorrect),
 * TSS7102E (threshold reached, suspended), TSS7106E (new password not
 * valid), TSS7110E (ACID suspended).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>

#include "xmalloc.h"

#include "cmd.h"

struct signon {
	struct tcmd	*so_cmd;
	struct tacid	 so_acid;
	struct tacid	 so_prev;
	char		 so_pw[64];
	char		 so_new[64];
};

static int
verify_save(struct signon *so)
{
	struct tcmd *c = so->so_cmd;

	return tstore_put_acid(c->c_db, c->c_txn, &so->so_acid,
	    &so->so_prev);
}

static int
verify_bad(struct signon *so)
{
	struct tcmd *c = so->so_cmd;
	struct tacid *a = &so->so_acid;

	tcmd_line(c, "TSS7101E  PASSWORD IS INCORRECT FOR %s", a->ta_id);
	if (a->ta_failures < UINT16_MAX)
		a->ta_failures++;
	if (a->ta_failures >= c->c_db->db_pthresh) {
		a->ta_flags |= TA_VIOLATION;
		a->ta_suspdate = c->c_now;
		tcmd_line(c, "TSS7102E  PASSWORD VIOLATION THRESHOLD "
		    "EXCEEDED, %s SUSPENDED", a->ta_id);
		tcmd_event(c, ESM_EV_REVOKE, a->ta_id, NULL, "SUSPEND", NULL);
	} else
		tcmd_event(c, ESM_EV_LOGON_FAILURE, a->ta_id, NULL, "SIGNON",
		    NULL);
	if (verify_save(so) == -1)
		return TSS_VERIFY_NO_ACID;
	return TSS_VERIFY_BAD_PASSWORD;
}

static int
verify_expired(const struct tacid *a, time_t now)
{
	if (a->ta_flags & TA_PWEXPIRED)
		return 1;
	return a->ta_interval != 0 &&
	    a->ta_passdate + (int64_t)a->ta_interval * 86400 <= now;
}

static int
verify_change(struct signon *so)
{
	struct tcmd *c = so->so_cmd;
	struct tacid *a = &so->so_acid;
	size_t n = strlen(so->so_new);
	char err[128];

	tcmd_fold(so->so_new);
	if (n == 0 || tlex_nchars(so->so_new) > 8 ||
	    strchr(so->so_new, ' ') != NULL ||
	    tlex_charset(so->so_new, n, err, sizeof(err)) == -1 ||
	    strcmp(so->so_new, so->so_pw) == 0) {
		tcmd_line(c, "TSS7106E  NEW PASSWORD IS NOT VALID%s",
		    strcmp(so->so_new, so->so_pw) == 0 ?
		    ", IT MUST DIFFER FROM THE OLD ONE" : "");
		return TSS_VERIFY_BAD_NEWPASSWORD;
	}
	if (pwhash_make(so->so_new, c->c_db->db_kdf_iter, &a->ta_pw) == -1)
		return TSS_VERIFY_BAD_NEWPASSWORD;
	a->ta_passdate = c->c_now;
	a->ta_flags &= ~TA_PWEXPIRED;
	tcmd_line(c, "TSS0136I  PASSWORD CHANGED");
	tcmd_event(c, ESM_EV_PASSWORD_CHANGE, a->ta_id, NULL, "PASSWORD",
	    so->so_new);
	return TSS_VERIFY_OK;
}

static int
verify_ok(struct signon *so)
{
	struct tcmd *c = so->so_cmd;
	struct tacid *a = &so->so_acid;
	char when[32];

	if (a->ta_lastused != 0)
		tcmd_datetime((time_t)a->ta_lastused, when, sizeof(when));
	else
		snprintf(when, sizeof(when), "NEVER");
	a->ta_lastused = c->c_now;
	a->ta_count++;
	a->ta_failures = 0;
	tcmd_line(c, "TSS0130I  %s LAST-USED %s SYSTEM=SIM FACILITY=TSO",
	    a->ta_id, when);
	tcmd_line(c, "TSS0131I  COUNT=%05u NAME=%s", a->ta_count % 100000,
	    a->ta_name);
	return verify_save(so) == -1 ? TSS_VERIFY_NO_ACID : TSS_VERIFY_OK;
}

static int
verify_check(struct signon *so)
{
	struct tcmd *c = so->so_cmd;
	struct tacid *a = &so->so_acid;
	int rc;

	if (a->ta_flags & (TA_SUSPENDED | TA_VIOLATION)) {
		tcmd_line(c, "TSS7110E  ACID %s SUSPENDED", a->ta_id);
		return TSS_VERIFY_SUSPENDED;
	}
	if (pwhash_check(&a->ta_pw, so->so_pw) != 1)
		return verify_bad(so);
	if (so->so_new[0] != '\0') {
		if ((rc = verify_change(so)) != TSS_VERIFY_OK)
			return rc;
	} else if (verify_expired(a, c->c_now)) {
		tcmd_line(c, "TSS0144E  PASSWORD HAS EXPIRED. NEW PASSWORD "
		    "MISSING");
		a->ta_failures = 0;
		tcmd_event(c, ESM_EV_PASSWORD_EXPIRED, a->ta_id, NULL,
		    "PASSWORD", NULL);
		return verify_save(so) == -1 ? TSS_VERIFY_NO_ACID :
		    TSS_VERIFY_EXPIRED;
	}
	return verify_ok(so);
}

static int
verify_run(struct signon *so, const char *acid, const char *pw,
    const char *newpw)
{
	struct tcmd *c = so->so_cmd;
	char id[ID_SZ];
	int rc = 1;

	snprintf(id, sizeof(id), "%s", acid);
	tcmd_fold(id);
	if (strlen(acid) > 8 || !tcmd_is_acid(id) ||
	    (rc = tstore_get_acid(c->c_db, c->c_txn, id, &so->so_acid)) ==
	    1 || (rc == 0 && so->so_acid.ta_type != TT_USER &&
	    so->so_acid.ta_type != TT_SCA && so->so_acid.ta_type != TT_MSCA)) {
		tcmd_line(c, "TSS7100E  ACID %.8s NOT DEFINED", id);
		return TSS_VERIFY_NO_ACID;
	}
	if (rc == -1)
		return TSS_VERIFY_NO_ACID;
	snprintf(c->c_issuer, sizeof(c->c_issuer), "%s", id);
	tacid_copy(&so->so_prev, &so->so_acid);
	if (strlen(pw) >= sizeof(so->so_pw) ||
	    (newpw != NULL && strlen(newpw) >= sizeof(so->so_new)))
		return verify_bad(so);
	snprintf(so->so_pw, sizeof(so->so_pw), "%s", pw);
	snprintf(so->so_new, sizeof(so->so_new), "%s",
	    newpw != NULL ? newpw : "");
	tcmd_fold(so->so_pw);
	return verify_check(so);
}

int
tss_verify(struct tss_db *db, const char *acid, const char *password,
    const char *newpassword, const struct esm_out *out)
{
	struct signon so;
	struct tcmd *c;
	int rc, committed = 0;

	if (acid == NULL || password == NULL)
		return TSS_VERIFY_NO_ACID;
	c = xcalloc(1, sizeof(*c));
	memset(&so, 0, sizeof(so));
	so.so_cmd = c;
	c->c_db = db;
	c->c_o.so_out = out;
	c->c_verb = "SIGNON";
	c->c_o.so_queue = 1;
	c->c_now = db->db_clock != NULL ? db->db_clock(db->db_clock_arg) :
	    time(NULL);
	if (simdb_begin(&db->db_sd, 0, &c->c_txn) == -1) {
		free(c);
		return TSS_VERIFY_NO_ACID;
	}
	rc = verify_run(&so, acid, password, newpassword);
	if (rc == TSS_VERIFY_OK || rc == TSS_VERIFY_BAD_PASSWORD ||
	    rc == TSS_VERIFY_EXPIRED)
		committed = simdb_commit(c->c_txn) == 0;
	else
		mdb_txn_abort(c->c_txn);
	tcmd_flush(c, committed);
	tcmd_clear(c);
	free(c);
	tacid_free(&so.so_acid);
	tacid_free(&so.so_prev);
	OPENSSL_cleanse(&so, sizeof(so));
	return rc;
}
