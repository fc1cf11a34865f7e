/*
 * verify.c - a logon, as RACROUTE REQUEST=VERIFY sees it.
 *
 * Runs in one write transaction: the failure count, a revoke at the
 * SETROPTS REVOKE limit, a password change at logon and LAST-ACCESS are
 * all written together, and the messages a TSO user would see and the
 * post-verify exit (ICHRIX02) come after the commit.  The exit sees a
 * failure, a revocation, a change at logon and an expired password.  A value longer
 * than 8 characters is checked as a password phrase, else as a
 * password (folded to upper case unless SETROPTS MIXEDCASE).  A
 * successful logon is not reported to the exits: it changes only
 * LAST-ACCESS and the connect statistics.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>

#include "cmd.h"
#include "mainframe-agent/sim/common/pwhash.h"
#include "rules.h"

struct logon {
	struct rcmd	*lo_cmd;
	struct ruser	 lo_user;
	struct ruser	 lo_prev;
	int		 lo_phrase;
	char		 lo_pw[RACF_PHRASE_MAX * 2 + 1];
	char		 lo_new[RACF_PHRASE_MAX * 2 + 1];
};

static void
verify_event(struct logon *lo, enum esm_event_type t, const char *fields,
    const char *pw)
{
	cmd_event(lo->lo_cmd, t, lo->lo_user.ru_id, NULL, fields,
	    pw)->se_exit = "ICHRIX02";
}

static int
verify_save(struct logon *lo)
{
	struct rcmd *c = lo->lo_cmd;

	if (store_put_user(c->c_db, c->c_txn, &lo->lo_user, &lo->lo_prev) ==
	    -1)
		return -1;
	return 0;
}

static int
verify_expired(const struct logon *lo, time_t now)
{
	const struct ruser *u = &lo->lo_user;
	int64_t date = lo->lo_phrase ? u->ru_phrasedate : u->ru_passdate;

	if (u->ru_flags & (lo->lo_phrase ? RU_PHEXPIRED : RU_PWEXPIRED))
		return 1;
	return u->ru_interval != 0 &&
	    date + (int64_t)u->ru_interval * 86400 <= now;
}

/* A wrong password: count it, revoke at the limit. */
static int
verify_bad(struct logon *lo)
{
	struct rcmd *c = lo->lo_cmd;
	struct ruser *u = &lo->lo_user;

	cmd_line(c, "ICH408I USER(%-8s) GROUP(%-8s) NAME(%s)", u->ru_id,
	    u->ru_dfltgrp, u->ru_name);
	cmd_line(c, "  LOGON/JOB INITIATION - INVALID %s ENTERED AT "
	    "TERMINAL", lo->lo_phrase ? "PASSWORD PHRASE" : "PASSWORD");
	if (u->ru_failures < UINT16_MAX)
		u->ru_failures++;
	if (c->c_setr.rs_revoke != 0 &&
	    u->ru_failures >= c->c_setr.rs_revoke) {
		u->ru_flags |= RU_REVOKED;
		cmd_line(c, "ICH408I USER(%-8s) GROUP(%-8s) NAME(%s)",
		    u->ru_id, u->ru_dfltgrp, u->ru_name);
		cmd_line(c, "  LOGON/JOB INITIATION - EXCESSIVE PASSWORD "
		    "OCCURRENCES, USER REVOKED");
		verify_event(lo, ESM_EV_REVOKE, "REVOKE", NULL);
	} else
		verify_event(lo, ESM_EV_LOGON_FAILURE, "LOGON", NULL);
	if (verify_save(lo) == -1)
		return RACF_VERIFY_NO_USER;
	return RACF_VERIFY_BAD_PASSWORD;
}

/* The password is right and a new one was given: change it. */
static int
verify_change(struct logon *lo)
{
	struct rcmd *c = lo->lo_cmd;
	struct ruser *u = &lo->lo_user;
	char err[256];
	const struct rule r = lo->lo_phrase ?
	    (struct rule){ RK_SECRET, RACF_PHRASE_MIN, RACF_PHRASE_MAX } :
	    (struct rule){ RK_SECRET, 1, RACF_PW_MAX };

	if (!lo->lo_phrase)
		cmd_fold_secret(c, lo->lo_new);
	if (rules_check(&r, lo->lo_phrase ? "PHRASE" : "PASSWORD",
	    lo->lo_new, err, sizeof(err)) == -1 ||
	    strcmp(lo->lo_new, lo->lo_pw) == 0) {
		cmd_line(c, "ICH70005I NEW %s IS NOT VALID%s",
		    lo->lo_phrase ? "PASSWORD PHRASE" : "PASSWORD",
		    strcmp(lo->lo_new, lo->lo_pw) == 0 ?
		    ", IT MUST DIFFER FROM THE CURRENT ONE" : "");
		return RACF_VERIFY_BAD_NEWPASSWORD;
	}
	if (user_set_secret(c, u, lo->lo_phrase, lo->lo_new) != 0)
		return RACF_VERIFY_BAD_NEWPASSWORD;
	u->ru_flags &= ~(lo->lo_phrase ? RU_PHEXPIRED : RU_PWEXPIRED);
	verify_event(lo, ESM_EV_PASSWORD_CHANGE, lo->lo_phrase ? "PHRASE" :
	    "PASSWORD", lo->lo_new);
	return RACF_VERIFY_OK;
}

/* Success: LAST-ACCESS, the failure count, the default group's stats. */
static int
verify_ok(struct logon *lo)
{
	struct rcmd *c = lo->lo_cmd;
	struct ruser *u = &lo->lo_user;
	struct rconn cn;
	char when[64];
	struct tm tm;
	time_t t;

	if (u->ru_lastaccess != 0) {
		t = (time_t)u->ru_lastaccess;
		gmtime_r(&t, &tm);
		strftime(when, sizeof(when), "%H.%M.%S ON %A, %B %d, %Y", &tm);
		for (t = 0; when[t] != '\0'; t++)
			if (when[t] >= 'a' && when[t] <= 'z')
				when[t] -= 'a' - 'A';
		cmd_line(c, "ICH70001I %s LAST ACCESS AT %s", u->ru_id, when);
	}
	u->ru_lastaccess = c->c_now;
	u->ru_failures = 0;
	if (store_get_conn(c->c_db, c->c_txn, u->ru_id, u->ru_dfltgrp,
	    &cn) == 0) {
		cn.rc_count++;
		cn.rc_lastconnect = c->c_now;
		if (store_put_conn(c->c_db, c->c_txn, &cn) == -1)
			return RACF_VERIFY_NO_USER;
	}
	return verify_save(lo) == -1 ? RACF_VERIFY_NO_USER : RACF_VERIFY_OK;
}

static int
verify_check(struct logon *lo)
{
	struct rcmd *c = lo->lo_cmd;
	struct ruser *u = &lo->lo_user;
	int ok, rc;

	if (cmd_user_revoked(u, c->c_now)) {
		cmd_line(c, "ICH408I USER(%-8s) GROUP(%-8s) NAME(%s)",
		    u->ru_id, u->ru_dfltgrp, u->ru_name);
		cmd_line(c, "  LOGON/JOB INITIATION - REVOKED USER ACCESS "
		    "ATTEMPT");
		return RACF_VERIFY_REVOKED;
	}
	ok = pwhash_check(lo->lo_phrase ? &u->ru_phrase : &u->ru_pw,
	    lo->lo_pw);
	if (ok != 1)
		return verify_bad(lo);
	if (lo->lo_new[0] != '\0') {
		if ((rc = verify_change(lo)) != RACF_VERIFY_OK)
			return rc;
	} else if (verify_expired(lo, c->c_now)) {
		cmd_line(c, "ICH70002I YOUR %s HAS EXPIRED, A NEW ONE IS "
		    "REQUIRED", lo->lo_phrase ? "PASSWORD PHRASE" :
		    "PASSWORD");
		u->ru_failures = 0;
		verify_event(lo, ESM_EV_PASSWORD_EXPIRED, lo->lo_phrase ?
		    "PHRASE" : "PASSWORD", NULL);
		return verify_save(lo) == -1 ? RACF_VERIFY_NO_USER :
		    RACF_VERIFY_EXPIRED;
	}
	return verify_ok(lo);
}

static int
verify_run(struct logon *lo, const char *userid, const char *password,
    const char *newpassword)
{
	struct rcmd *c = lo->lo_cmd;
	char id[ID_SZ], err[256];
	size_t i;
	int rc;

	snprintf(id, sizeof(id), "%s", userid);
	for (i = 0; id[i] != '\0'; i++)
		if (id[i] >= 'a' && id[i] <= 'z')
			id[i] -= 'a' - 'A';
	if (strlen(userid) > RACF_ID_MAX || !rules_is_id(id) ||
	    (rc = store_get_user(c->c_db, c->c_txn, id, &lo->lo_user)) == 1) {
		cmd_line(c, "ICH408I USER(%-8.8s) GROUP(        ) "
		    "NAME(UNKNOWN)", id);
		cmd_line(c, "  LOGON/JOB INITIATION - USER AT TERMINAL NOT "
		    "RACF-DEFINED");
		return RACF_VERIFY_NO_USER;
	}
	if (rc == -1)
		return RACF_VERIFY_NO_USER;
	snprintf(c->c_issuer, sizeof(c->c_issuer), "%s", id);
	ruser_copy(&lo->lo_prev, &lo->lo_user);
	if (rules_charset(password, strlen(password), "PASSWORD", err,
	    sizeof(err)) == -1 || strlen(password) > RACF_PHRASE_MAX * 2 ||
	    (newpassword != NULL && strlen(newpassword) > RACF_PHRASE_MAX * 2))
		return verify_bad(lo);
	lo->lo_phrase = rules_nchars(password) > RACF_PW_MAX;
	snprintf(lo->lo_pw, sizeof(lo->lo_pw), "%s", password);
	snprintf(lo->lo_new, sizeof(lo->lo_new), "%s",
	    newpassword != NULL ? newpassword : "");
	if (!lo->lo_phrase)
		cmd_fold_secret(c, lo->lo_pw);
	return verify_check(lo);
}

int
racf_verify(struct racf_db *db, const char *userid, const char *password,
    const char *newpassword, const struct esm_out *out)
{
	struct logon lo;
	struct rcmd c;
	int rc, committed = 0;

	memset(&c, 0, sizeof(c));
	memset(&lo, 0, sizeof(lo));
	lo.lo_cmd = &c;
	c.c_db = db;
	c.c_o.so_out = out;
	c.c_verb = "VERIFY";
	c.c_o.so_queue = 1;
	c.c_now = db->db_clock != NULL ? db->db_clock(db->db_clock_arg) :
	    time(NULL);
	if (userid == NULL || password == NULL ||
	    simdb_begin(&db->db_sd, 0, &c.c_txn) == -1)
		return RACF_VERIFY_NO_USER;
	if (store_get_setr(db, c.c_txn, &c.c_setr) == -1)
		rc = RACF_VERIFY_NO_USER;
	else
		rc = verify_run(&lo, userid, password, newpassword);
	if (rc != RACF_VERIFY_NO_USER && rc != RACF_VERIFY_REVOKED &&
	    rc != RACF_VERIFY_BAD_NEWPASSWORD)
		committed = simdb_commit(c.c_txn) == 0;
	else
		mdb_txn_abort(c.c_txn);
	cmd_flush(&c, committed);
	cmd_clear(&c);
	ruser_free(&lo.lo_user);
	ruser_free(&lo.lo_prev);
	OPENSSL_cleanse(&lo, sizeof(lo));
	return rc;
}
