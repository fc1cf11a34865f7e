/*
 * verify.c - a logon, as ACF2's logon validation sees it.
 *
 * Runs in one write transaction: the violation counters, a suspension
 * at the GSO PSWD MAXTRY limit, a password change at logon and the
 * ACCESS statistics are written together; the messages and the exits
 * come after the commit.
 *
 * Order of checks: the logonid exists; it is not CANCELled or
 * SUSPENDed; today is not before ACTIVE nor on or after EXPIRE; the
 * password matches (else PSWD-VIO and PSWD-INV count the failure,
 * PSWD-DAT records its date, and PSWD-VIO reaching MAXTRY suspends the
 * logonid; PSWD-VIO counts the failures of one day, as ACF2's does);
 * a new password, when given, may be set (MINDAYS after PSWD-TOD have
 * passed, unless the password is expired, and it differs from the old
 * one); without one, a password that is expired (PSWD-EXP, or MAXDAYS
 * days after PSWD-TOD) refuses the logon.  A successful logon resets
 * PSWD-VIO and PSWD-INV and updates ACC-CNT, ACC-DATE, ACC-TIME and
 * ACC-SRCE; it is not reported to the exits, a password change at
 * logon is (NEWPXIT), and so are failures and suspensions (LIDPOST)
 * and a logon refused because the password expired (EXPPXIT).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>

#include "cmd.h"

#define DAY		86400
#define VERIFY_SOURCE	"ESMTERM"	/* ACC-SRCE of every logon */

struct logon {
	struct acmd	*lo_cmd;
	struct lidrec	 lo_rec;
	char		 lo_pw[ACF2_PW_MAX * 2 + 1];
	char		 lo_new[ACF2_PW_MAX * 2 + 1];
};

static int
verify_save(struct logon *lo)
{
	struct acmd *c = lo->lo_cmd;

	return astore_put_lid(c->c_db, c->c_txn, &lo->lo_rec);
}

static int
verify_same_day(int64_t a, int64_t b)
{
	return a / DAY == b / DAY;
}

static int
verify_bad(struct logon *lo)
{
	struct acmd *c = lo->lo_cmd;
	struct lidrec *r = &lo->lo_rec;

	acmd_line(c, "ACF01005E PASSWORD NOT MATCHED FOR LOGONID %s",
	    r->lr_lid);
	if (r->lr_time[FT_PSWDDAT] == 0 ||
	    !verify_same_day(r->lr_time[FT_PSWDDAT], c->c_now))
		r->lr_num[FN_PSWDVIO] = 0;
	r->lr_num[FN_PSWDVIO]++;
	r->lr_num[FN_PSWDINV]++;
	r->lr_time[FT_PSWDDAT] = c->c_now;
	if (c->c_gso.gp_maxtry != 0 &&
	    r->lr_num[FN_PSWDVIO] >= c->c_gso.gp_maxtry) {
		LR_SET(r, FL_SUSPEND);
		r->lr_time[FT_CSDATE] = c->c_now;
		r->lr_str[FS_CSWHO][0] = '\0';
		acmd_line(c, "ACF01013E LOGONID %s SUSPENDED BECAUSE OF "
		    "PASSWORD VIOLATIONS", r->lr_lid);
		acmd_event(c, ESM_EV_REVOKE, r->lr_lid, "LIDPOST",
		    "SUSPEND PSWD-VIO PSWD-INV PSWD-DAT", NULL);
	} else
		acmd_event(c, ESM_EV_LOGON_FAILURE, r->lr_lid, "LIDPOST",
		    "PSWD-VIO PSWD-INV PSWD-DAT", NULL);
	if (verify_save(lo) == -1)
		return ACF2_VERIFY_NO_USER;
	return ACF2_VERIFY_BAD_PASSWORD;
}

static int
verify_expired(const struct acmd *c, const struct lidrec *r)
{
	if (LR_HAS(r, FL_PSWDEXP))
		return 1;
	return r->lr_num[FN_MAXDAYS] != 0 &&
	    r->lr_time[FT_PSWDTOD] + (int64_t)r->lr_num[FN_MAXDAYS] * DAY <=
	    c->c_now;
}

/* The password matched and a new one was given: change it. */
static int
verify_change(struct logon *lo)
{
	struct acmd *c = lo->lo_cmd;
	struct lidrec *r = &lo->lo_rec;
	char d[16];
	int64_t when;

	when = r->lr_time[FT_PSWDTOD] + (int64_t)r->lr_num[FN_MINDAYS] * DAY;
	if (r->lr_num[FN_MINDAYS] != 0 && !LR_HAS(r, FL_PSWDEXP) &&
	    c->c_now < when) {
		afield_date(when, d, sizeof(d));
		acmd_line(c, "ACF01014E PASSWORD CANNOT BE CHANGED BEFORE %s "
		    "(MINDAYS %u)", d, r->lr_num[FN_MINDAYS]);
		return ACF2_VERIFY_BAD_NEWPASSWORD;
	}
	if (strcasecmp(lo->lo_new, lo->lo_pw) == 0) {
		acmd_line(c, "ACF01009E NEW PASSWORD MUST DIFFER FROM THE OLD "
		    "ONE");
		return ACF2_VERIFY_BAD_NEWPASSWORD;
	}
	if (alid_set_password(c, r, lo->lo_new) != ACF2_RC_OK) {
		acmd_line(c, "ACF01009E NEW PASSWORD NOT VALID");
		return ACF2_VERIFY_BAD_NEWPASSWORD;
	}
	LR_CLR(r, FL_PSWDEXP);
	acmd_event(c, ESM_EV_PASSWORD_CHANGE, r->lr_lid, "NEWPXIT",
	    "PASSWORD PSWD-TOD", lo->lo_new);
	acmd_line(c, "ACF01010I PASSWORD CHANGED FOR LOGONID %s", r->lr_lid);
	return ACF2_VERIFY_OK;
}

static int
verify_ok(struct logon *lo)
{
	struct acmd *c = lo->lo_cmd;
	struct lidrec *r = &lo->lo_rec;
	char d[16], t[8];

	if (r->lr_time[FT_ACC] != 0) {
		afield_date(r->lr_time[FT_ACC], d, sizeof(d));
		afield_hhmm(r->lr_time[FT_ACC], t, sizeof(t));
		acmd_line(c, "ACF01001I LOGONID %s LAST SYSTEM ACCESS %s %s "
		    "FROM %s", r->lr_lid, d, t, r->lr_str[FS_ACCSRCE]);
	}
	r->lr_num[FN_ACCCNT]++;
	r->lr_time[FT_ACC] = c->c_now;
	snprintf(r->lr_str[FS_ACCSRCE], sizeof(r->lr_str[0]), "%s",
	    VERIFY_SOURCE);
	r->lr_num[FN_PSWDVIO] = 0;
	r->lr_num[FN_PSWDINV] = 0;
	return verify_save(lo) == -1 ? ACF2_VERIFY_NO_USER : ACF2_VERIFY_OK;
}

/* CANCEL, SUSPEND, ACTIVE and EXPIRE. */
static int
verify_allowed(struct logon *lo)
{
	struct acmd *c = lo->lo_cmd;
	struct lidrec *r = &lo->lo_rec;
	char d[16];

	if (LR_HAS(r, FL_CANCEL))
		return acmd_err(c, ACF2_VERIFY_SUSPENDED, "ACF01012E LOGONID "
		    "%s CANCELLED", r->lr_lid);
	if (LR_HAS(r, FL_SUSPEND))
		return acmd_err(c, ACF2_VERIFY_SUSPENDED, "ACF01011E LOGONID "
		    "%s SUSPENDED", r->lr_lid);
	if (r->lr_time[FT_ACTIVE] != 0 && c->c_now < r->lr_time[FT_ACTIVE]) {
		afield_date(r->lr_time[FT_ACTIVE], d, sizeof(d));
		return acmd_err(c, ACF2_VERIFY_SUSPENDED, "ACF01015E LOGONID "
		    "%s NOT ACTIVE UNTIL %s", r->lr_lid, d);
	}
	if (r->lr_time[FT_EXPIRE] != 0 && c->c_now >= r->lr_time[FT_EXPIRE]) {
		afield_date(r->lr_time[FT_EXPIRE], d, sizeof(d));
		return acmd_err(c, ACF2_VERIFY_SUSPENDED, "ACF01016E LOGONID "
		    "%s EXPIRED ON %s", r->lr_lid, d);
	}
	return ACF2_VERIFY_OK;
}

static int
verify_check(struct logon *lo)
{
	struct acmd *c = lo->lo_cmd;
	struct lidrec *r = &lo->lo_rec;
	size_t i;
	int rc;

	if ((rc = verify_allowed(lo)) != ACF2_VERIFY_OK)
		return rc;
	for (i = 0; lo->lo_pw[i] != '\0'; i++)
		if (lo->lo_pw[i] >= 'a' && lo->lo_pw[i] <= 'z')
			lo->lo_pw[i] -= 'a' - 'A';
	if (pwhash_check(&r->lr_pw, lo->lo_pw) != 1)
		return verify_bad(lo);
	if (lo->lo_new[0] != '\0') {
		if ((rc = verify_change(lo)) != ACF2_VERIFY_OK)
			return rc;
	} else if (verify_expired(c, r)) {
		acmd_line(c, "ACF01008E PASSWORD EXPIRED FOR LOGONID %s, A NEW "
		    "PASSWORD IS REQUIRED", r->lr_lid);
		r->lr_num[FN_PSWDVIO] = 0;
		acmd_event(c, ESM_EV_PASSWORD_EXPIRED, r->lr_lid, "EXPPXIT",
		    "PASSWORD", NULL);
		return verify_save(lo) == -1 ? ACF2_VERIFY_NO_USER :
		    ACF2_VERIFY_EXPIRED;
	}
	return verify_ok(lo);
}

static int
verify_run(struct logon *lo, const char *lid, const char *pw,
    const char *newpw)
{
	struct acmd *c = lo->lo_cmd;
	char id[ACF2_ID_SZ];
	size_t i;
	int rc;

	snprintf(id, sizeof(id), "%s", lid);
	for (i = 0; id[i] != '\0'; i++)
		if (id[i] >= 'a' && id[i] <= 'z')
			id[i] -= 'a' - 'A';
	if (strlen(lid) > ACF2_LID_MAX || !afield_is_lid(id) ||
	    (rc = astore_get_lid(c->c_db, c->c_txn, id, &lo->lo_rec)) == 1) {
		acmd_line(c, "ACF01004E LOGONID %.8s NOT FOUND", id);
		return ACF2_VERIFY_NO_USER;
	}
	if (rc == -1)
		return ACF2_VERIFY_NO_USER;
	snprintf(c->c_issuer, sizeof(c->c_issuer), "%s", id);
	if (strlen(pw) > ACF2_PW_MAX * 2 ||
	    (newpw != NULL && strlen(newpw) > ACF2_PW_MAX * 2))
		return verify_bad(lo);
	snprintf(lo->lo_pw, sizeof(lo->lo_pw), "%s", pw);
	snprintf(lo->lo_new, sizeof(lo->lo_new), "%s",
	    newpw != NULL ? newpw : "");
	return verify_check(lo);
}

int
acf2_verify(struct acf2_db *db, const char *lid, const char *pw,
    const char *newpw, const struct esm_out *out)
{
	struct logon lo;
	struct acmd c;
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
	if (lid == NULL || pw == NULL || simdb_begin(&db->db_sd, 0, &c.c_txn) == -1)
		return ACF2_VERIFY_NO_USER;
	if (astore_get_gso(db, c.c_txn, &c.c_gso) == -1)
		rc = ACF2_VERIFY_NO_USER;
	else
		rc = verify_run(&lo, lid, pw, newpw);
	if (rc != ACF2_VERIFY_NO_USER && rc != ACF2_VERIFY_SUSPENDED &&
	    rc != ACF2_VERIFY_BAD_NEWPASSWORD)
		committed = simdb_commit(c.c_txn) == 0;
	else
		mdb_txn_abort(c.c_txn);
	acmd_flush(&c, committed);
	acmd_clear(&c);
	OPENSSL_cleanse(&lo, sizeof(lo));
	return rc;
}
