/*
 * lid.c - INSERT, CHANGE and DELETE of logonid records (LID mode).
 *
 *	INSERT lid [NAME(text)] [PASSWORD(pw)] [field(value) ...] [flag ...]
 *	CHANGE lid|*|LIKE(mask)|UID(mask) field(value) ... flag ...
 *	    NOflag ... NOfield ... [PASSWORD(pw) [PSWD-EXP|NOPSWD-EXP]]
 *	DELETE lid
 *
 * Each command reads the record into memory, applies every operand to
 * that copy (checking each against ACF2's field rules) and writes it
 * back only when all were accepted; the caller's transaction makes the
 * whole command one change.  A flag is turned off with the NO prefix
 * (NOSUSPEND, NONON-CNCL); NOfield clears a value field.  A password
 * set by an administrator is expired (PSWD-EXP) unless NOPSWD-EXP is
 * given with it, as with GSO PSWD's default for administrator resets.
 *
 * Events, one per logonid, queued for after the commit: CREATE and
 * DELETE (LIDPOST); a password set is a PASSWORD_RESET or, with
 * NOPSWD-EXP, PASSWORD_RESET_NOEXPIRE carrying the new password
 * (NPWPEXIT); else SUSPEND or CANCEL turned on is a REVOKE, turned off
 * a RESUME, anything else a MODIFY (LIDPOST).
 *
 * The simulator's UID string (the GSO @UID definition) is the logonid
 * itself, so UID(mask) selects the same records as LIKE(mask).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "xmalloc.h"

#include "cmd.h"

#define FIELDS_SZ	1024

/* What one INSERT/CHANGE did to one logonid. */
struct alid_change {
	char		 lc_fields[FIELDS_SZ];
	char		 lc_pw[ACF2_PW_MAX * 2 + 1];
	int		 lc_has_pw;
	int		 lc_noexp;	/* NOPSWD-EXP given */
	int		 lc_revoke;
	int		 lc_resume;
};

/* The operands of a command, checked once, applied to every logonid. */
struct alid_ops {
	const struct lx_node	*lo_ops;
	unsigned char		 lo_seen[128];	/* by field index */
};

/* lo_seen slots of the two fields outside the table (it has fewer). */
#define SEEN_NAME	126
#define SEEN_PASSWORD	127

static int
alid_once(struct acmd *c, struct alid_ops *lo, size_t idx, const char *name)
{
	if (lo->lo_seen[idx])
		return acmd_err(c, ACF2_RC_SEVERE, "ACF6C016E FIELD %s "
		    "SPECIFIED MORE THAN ONCE", name);
	lo->lo_seen[idx] = 1;
	return ACF2_RC_OK;
}

/* A password: 1-8 of A-Z 0-9 @ # $ (folded), at least GSO MINPSWD. */
int
alid_set_password(struct acmd *c, struct lidrec *r, const char *pw)
{
	char buf[ACF2_PW_MAX + 1];
	size_t i, n = strlen(pw);
	int rc = ACF2_RC_OK;

	if (n < c->c_gso.gp_minpswd || n > ACF2_PW_MAX)
		return acmd_err(c, ACF2_RC_SEVERE, "ACF6C030E PASSWORD MUST BE "
		    "%u TO %d CHARACTERS", c->c_gso.gp_minpswd, ACF2_PW_MAX);
	for (i = 0; i < n; i++) {
		buf[i] = pw[i] >= 'a' && pw[i] <= 'z' ? pw[i] - ('a' - 'A') :
		    pw[i];
		if (!((buf[i] >= 'A' && buf[i] <= 'Z') ||
		    (buf[i] >= '0' && buf[i] <= '9') || buf[i] == '@' ||
		    buf[i] == '#' || buf[i] == '$')) {
			OPENSSL_cleanse(buf, sizeof(buf));
			return acmd_err(c, ACF2_RC_SEVERE, "ACF6C030E PASSWORD "
			    "MAY HOLD ONLY A-Z 0-9 @ # $");
		}
	}
	buf[n] = '\0';
	if (pwhash_make(buf, c->c_db->db_kdf_iter, &r->lr_pw) == -1)
		rc = acmd_err(c, ACF2_RC_SEVERE, "ACF6C031E THE PASSWORD "
		    "COULD NOT BE ENCRYPTED");
	r->lr_time[FT_PSWDTOD] = c->c_now;
	OPENSSL_cleanse(buf, sizeof(buf));
	return rc;
}

/* FIELD(value) for a value field. */
static int
alid_value(struct acmd *c, struct lidrec *r, const struct fdef *f,
    const struct lx_node *n)
{
	char err[256];
	time_t t;

	if (f->fd_kind == FK_FLAG)
		return acmd_err(c, ACF2_RC_SEVERE, "ACF6C018E FIELD %s TAKES "
		    "NO VALUE", f->fd_name);
	if (!n->ln_quoted && strchr(n->ln_val, '\'') != NULL)
		return acmd_err(c, ACF2_RC_SEVERE, "ACF6C013E INVALID VALUE "
		    "FOR %s: QUOTES MUST ENCLOSE THE WHOLE VALUE", f->fd_name);
	if (afield_check(f, n->ln_val, err, sizeof(err)) == -1)
		return acmd_err(c, ACF2_RC_SEVERE, "%s", err);
	switch (f->fd_kind) {
	case FK_NUM:
		r->lr_num[f->fd_slot] = (uint32_t)strtoul(n->ln_val, NULL, 10);
		break;
	case FK_DATE:
		(void)afield_date_parse(n->ln_val, &t);
		r->lr_time[f->fd_slot] = (int64_t)t;
		break;
	default:
		snprintf(r->lr_str[f->fd_slot], sizeof(r->lr_str[0]), "%s",
		    n->ln_val);
		break;
	}
	return ACF2_RC_OK;
}

/* FIELD or NOFIELD: a flag on or off, or a value field cleared. */
static int
alid_word(struct acmd *c, struct lidrec *r, const struct fdef *f, int no,
    struct alid_change *lc)
{
	if (f->fd_kind == FK_FLAG) {
		if (f->fd_slot == FL_SUSPEND || f->fd_slot == FL_CANCEL) {
			if (!no && !LR_HAS(r, f->fd_slot)) {
				lc->lc_revoke = 1;
				r->lr_time[FT_CSDATE] = c->c_now;
				snprintf(r->lr_str[FS_CSWHO],
				    sizeof(r->lr_str[0]), "%s", c->c_issuer);
			} else if (no && LR_HAS(r, f->fd_slot))
				lc->lc_resume = 1;
			if (no && f->fd_slot == FL_SUSPEND)
				r->lr_num[FN_PSWDVIO] = 0;
		}
		if (no)
			LR_CLR(r, f->fd_slot);
		else
			LR_SET(r, f->fd_slot);
		return ACF2_RC_OK;
	}
	if (!no)
		return acmd_err(c, ACF2_RC_SEVERE, "ACF6C018E FIELD %s "
		    "REQUIRES A VALUE, %s(value)", f->fd_name, f->fd_name);
	if (f->fd_kind == FK_NUM)
		r->lr_num[f->fd_slot] = 0;
	else if (f->fd_kind == FK_STR)
		r->lr_str[f->fd_slot][0] = '\0';
	else
		r->lr_time[f->fd_slot] = 0;
	return ACF2_RC_OK;
}

/* NAME(text) and PASSWORD(pw), the two fields outside the table. */
static int
alid_special(struct acmd *c, struct alid_ops *lo, struct lidrec *r,
    const struct lx_node *n, struct alid_change *lc)
{
	char err[256];
	int rc;

	if (strcmp(n->ln_text, "NAME") == 0) {
		if ((rc = alid_once(c, lo, SEEN_NAME, "NAME")) != 0)
			return rc;
		if (!n->ln_quoted && strchr(n->ln_val, '\'') != NULL)
			return acmd_err(c, ACF2_RC_SEVERE, "ACF6C013E INVALID "
			    "VALUE FOR NAME: QUOTES MUST ENCLOSE THE WHOLE "
			    "VALUE");
		if (afield_charset(n->ln_val, strlen(n->ln_val), "NAME", err,
		    sizeof(err)) == -1)
			return acmd_err(c, ACF2_RC_SEVERE, "%s", err);
		if (afield_nchars(n->ln_val) > ACF2_NAME_MAX)
			return acmd_err(c, ACF2_RC_SEVERE, "ACF6C013E INVALID "
			    "VALUE FOR NAME: %.40s (0 TO %d CHARACTERS)",
			    n->ln_val, ACF2_NAME_MAX);
		snprintf(r->lr_name, sizeof(r->lr_name), "%s", n->ln_val);
		acmd_note(lc->lc_fields, sizeof(lc->lc_fields), "NAME");
		return ACF2_RC_OK;
	}
	if ((rc = alid_once(c, lo, SEEN_PASSWORD, "PASSWORD")) != 0 ||
	    (rc = alid_set_password(c, r, n->ln_val)) != 0)
		return rc;
	snprintf(lc->lc_pw, sizeof(lc->lc_pw), "%s", n->ln_val);
	lc->lc_has_pw = 1;
	acmd_note(lc->lc_fields, sizeof(lc->lc_fields), "PASSWORD");
	return ACF2_RC_OK;
}

/* One operand; *f set to its field, NULL for NAME and PASSWORD. */
static int
alid_operand(struct acmd *c, struct alid_ops *lo, struct lidrec *r,
    const struct lx_node *n, struct alid_change *lc)
{
	const struct fdef *f;
	const char *name = n->ln_text;
	int no = 0, rc;

	if (n->ln_kind != LX_WORD)
		return acmd_err(c, ACF2_RC_SEVERE, "ACF6C014E UNEXPECTED "
		    "QUOTED STRING '%.40s'", n->ln_text);
	if (n->ln_hasval && (strcmp(name, "NAME") == 0 ||
	    strcmp(name, "PASSWORD") == 0))
		return alid_special(c, lo, r, n, lc);
	if (!n->ln_hasval && strcmp(name, "NOPASSWORD") == 0) {
		if ((rc = alid_once(c, lo, SEEN_PASSWORD, "PASSWORD")) != 0)
			return rc;
		memset(&r->lr_pw, 0, sizeof(r->lr_pw));
		acmd_note(lc->lc_fields, sizeof(lc->lc_fields), "PASSWORD");
		return ACF2_RC_OK;
	}
	if ((f = afield_find(name)) == NULL && !n->ln_hasval &&
	    strncmp(name, "NO", 2) == 0 && (f = afield_find(name + 2)) != NULL)
		no = 1;
	if (f == NULL)
		return acmd_err(c, ACF2_RC_SEVERE, "ACF6C014E UNKNOWN FIELD "
		    "%.40s", name);
	if ((rc = alid_once(c, lo, (size_t)(f - afield_defs), f->fd_name)) != 0)
		return rc;
	if (f->fd_flags & FF_READONLY)
		return acmd_err(c, ACF2_RC_SEVERE, "ACF6C019E FIELD %s IS KEPT "
		    "BY ACF2 AND CANNOT BE SET", f->fd_name);
	if ((f->fd_flags & FF_SECURITY) && !ISS_HAS(c, FL_SECURITY))
		return acmd_err(c, ACF2_RC_ERROR, "ACF6C015E ONLY A SECURITY "
		    "LOGONID MAY SET %s", f->fd_name);
	if (f->fd_slot == FL_PSWDEXP && f->fd_kind == FK_FLAG && no)
		lc->lc_noexp = 1;
	rc = n->ln_hasval ? alid_value(c, r, f, n) : alid_word(c, r, f, no, lc);
	if (rc == 0)
		acmd_note(lc->lc_fields, sizeof(lc->lc_fields), f->fd_name);
	return rc;
}

static int
alid_apply(struct acmd *c, const struct lx_node *ops, struct lidrec *r,
    struct alid_change *lc)
{
	struct alid_ops lo;
	const struct lx_node *n;
	int rc, worst = ACF2_RC_OK, pswdexp = 0;

	memset(&lo, 0, sizeof(lo));
	for (n = ops; n != NULL; n = n->ln_next) {
		if (n->ln_kind == LX_WORD && strcmp(n->ln_text, "PSWD-EXP") ==
		    0)
			pswdexp = 1;
		if ((rc = alid_operand(c, &lo, r, n, lc)) > worst)
			worst = rc;
	}
	if (worst == ACF2_RC_OK && lc->lc_has_pw && !lc->lc_noexp && !pswdexp)
		LR_SET(r, FL_PSWDEXP);
	r->lr_time[FT_UPDTOD] = c->c_now;
	return worst;
}

static void
alid_change_event(struct acmd *c, const struct lidrec *r,
    struct alid_change *lc)
{
	if (lc->lc_has_pw)
		acmd_event(c, lc->lc_noexp ? ESM_EV_PASSWORD_RESET_NOEXPIRE :
		    ESM_EV_PASSWORD_RESET, r->lr_lid, "NPWPEXIT",
		    lc->lc_fields, lc->lc_pw);
	else
		acmd_event(c, lc->lc_revoke ? ESM_EV_REVOKE : lc->lc_resume ?
		    ESM_EV_RESUME : ESM_EV_MODIFY, r->lr_lid, "LIDPOST",
		    lc->lc_fields, NULL);
}

/* The positional logonid: a word, a valid logonid. */
static int
alid_positional(struct acmd *c, const struct lx_node *n, char *lid)
{
	if (n == NULL)
		return acmd_err(c, ACF2_RC_SEVERE, "ACF6C012E %s REQUIRES A "
		    "LOGONID", c->c_verb);
	if (n->ln_kind != LX_WORD || n->ln_hasval || !afield_is_lid(n->ln_text))
		return acmd_err(c, ACF2_RC_SEVERE, "ACF6C012E INVALID LOGONID "
		    "%.40s", n->ln_text);
	snprintf(lid, ACF2_ID_SZ, "%s", n->ln_text);
	return ACF2_RC_OK;
}

int
alid_insert(struct acmd *c, const struct lx_node *args)
{
	char lid[ACF2_ID_SZ];
	struct alid_change lc;
	struct lidrec r;
	int rc;

	memset(&lc, 0, sizeof(lc));
	if ((rc = acmd_auth(c, AUTH_ACCOUNT)) != 0 ||
	    (rc = alid_positional(c, args, lid)) != 0)
		return rc;
	if ((rc = astore_get_lid(c->c_db, c->c_txn, lid, &r)) == -1)
		return acmd_dberr(c);
	if (rc == 0)
		return acmd_err(c, ACF2_RC_ERROR, "ACF6C010E LOGONID %s "
		    "ALREADY EXISTS", lid);
	memset(&r, 0, sizeof(r));
	snprintf(r.lr_lid, sizeof(r.lr_lid), "%s", lid);
	if ((rc = alid_apply(c, args->ln_next, &r, &lc)) != 0)
		goto done;
	if (astore_put_lid(c->c_db, c->c_txn, &r) == -1) {
		rc = acmd_dberr(c);
		goto done;
	}
	acmd_event(c, ESM_EV_CREATE, lid, "LIDPOST", lc.lc_fields, NULL);
	acmd_line(c, "ACF6C001I LOGONID %s INSERTED", lid);
done:
	OPENSSL_cleanse(&lc, sizeof(lc));
	OPENSSL_cleanse(&r, sizeof(r));
	return rc;
}

/* CHANGE of one logonid already loaded. */
static int
alid_change_one(struct acmd *c, struct lidrec *r, const struct lx_node *ops)
{
	struct alid_change lc;
	int rc;

	memset(&lc, 0, sizeof(lc));
	if ((rc = alid_apply(c, ops, r, &lc)) == 0) {
		if (astore_put_lid(c->c_db, c->c_txn, r) == -1)
			rc = acmd_dberr(c);
		else {
			alid_change_event(c, r, &lc);
			acmd_line(c, "ACF6C002I LOGONID %s CHANGED", r->lr_lid);
		}
	}
	OPENSSL_cleanse(&lc, sizeof(lc));
	return rc;
}

struct alid_sel {
	const char	*ls_mask;
	char		(*ls_ids)[ACF2_ID_SZ];
	size_t		 ls_n;
	int		 ls_over;
};

static int
alid_select_cb(void *arg, const MDB_val *k, const MDB_val *v)
{
	struct alid_sel *ls = arg;
	char id[ACF2_ID_SZ];

	(void)v;
	if (k->mv_size >= ACF2_ID_SZ)
		return -1;
	memcpy(id, k->mv_data, k->mv_size);
	id[k->mv_size] = '\0';
	if (!afield_mask_match(ls->ls_mask, id))
		return 0;
	if (ls->ls_n == CMD_MAXLIDS) {
		ls->ls_over = 1;
		return 1;
	}
	memcpy(ls->ls_ids[ls->ls_n++], id, ACF2_ID_SZ);
	return 0;
}

/* The literal characters a mask starts with: where the scan begins. */
static size_t
alid_mask_prefix(const char *mask)
{
	return strcspn(mask, "*-");
}

/* CHANGE * | LIKE(mask) | UID(mask): every matching logonid. */
static int
alid_change_mask(struct acmd *c, const char *mask, const struct lx_node *ops)
{
	struct alid_sel ls;
	struct lidrec r;
	size_t i;
	int rc = ACF2_RC_OK;

	if (!afield_mask_valid(mask, ACF2_LID_MAX))
		return acmd_err(c, ACF2_RC_SEVERE, "ACF6C012E INVALID LOGONID "
		    "MASK %.40s", mask);
	memset(&ls, 0, sizeof(ls));
	ls.ls_mask = mask;
	ls.ls_ids = xcalloc(CMD_MAXLIDS, sizeof(*ls.ls_ids));
	if (simdb_scan(c->c_txn, c->c_db->db_lids, mask,
	    alid_mask_prefix(mask), alid_select_cb, &ls) == -1)
		rc = acmd_dberr(c);
	else if (ls.ls_over)
		rc = acmd_err(c, ACF2_RC_ERROR, "ACF6C017E MORE THAN %d "
		    "LOGONIDS MATCH %s, NOTHING CHANGED", CMD_MAXLIDS, mask);
	else if (ls.ls_n == 0)
		rc = acmd_err(c, ACF2_RC_WARNING, "ACF6C017W NO LOGONIDS "
		    "MATCH %s", mask);
	for (i = 0; rc == ACF2_RC_OK && i < ls.ls_n; i++) {
		if (astore_get_lid(c->c_db, c->c_txn, ls.ls_ids[i], &r) != 0)
			rc = acmd_dberr(c);
		else
			rc = alid_change_one(c, &r, ops);
		OPENSSL_cleanse(&r, sizeof(r));
	}
	if (rc == ACF2_RC_OK)
		acmd_line(c, "ACF6C018I %zu LOGONIDS CHANGED", ls.ls_n);
	free(ls.ls_ids);
	return rc;
}

int
alid_change(struct acmd *c, const struct lx_node *args)
{
	char lid[ACF2_ID_SZ];
	struct lidrec r;
	int rc;

	if ((rc = acmd_auth(c, AUTH_ACCOUNT)) != 0)
		return rc;
	if (args != NULL && args->ln_kind == LX_WORD && !args->ln_hasval &&
	    strcmp(args->ln_text, "*") == 0)
		return alid_change_mask(c, "-", args->ln_next);
	if (args != NULL && args->ln_kind == LX_WORD && args->ln_hasval &&
	    (strcmp(args->ln_text, "LIKE") == 0 ||
	    strcmp(args->ln_text, "UID") == 0))
		return alid_change_mask(c, args->ln_val, args->ln_next);
	if ((rc = alid_positional(c, args, lid)) != 0)
		return rc;
	if ((rc = astore_get_lid(c->c_db, c->c_txn, lid, &r)) == -1)
		return acmd_dberr(c);
	if (rc == 1)
		return acmd_err(c, ACF2_RC_ERROR, "ACF6C011E LOGONID %s NOT "
		    "FOUND", lid);
	rc = alid_change_one(c, &r, args->ln_next);
	OPENSSL_cleanse(&r, sizeof(r));
	return rc;
}

int
alid_delete(struct acmd *c, const struct lx_node *args)
{
	char lid[ACF2_ID_SZ];
	int rc;

	if ((rc = acmd_auth(c, AUTH_ACCOUNT)) != 0 ||
	    (rc = alid_positional(c, args, lid)) != 0)
		return rc;
	if (args->ln_next != NULL)
		return acmd_err(c, ACF2_RC_SEVERE, "ACF6C014E DELETE TAKES ONE "
		    "LOGONID, NOT %.40s", args->ln_next->ln_text);
	if (strcmp(lid, c->c_issuer) == 0)
		return acmd_err(c, ACF2_RC_ERROR, "ACF6C015E LOGONID %s MAY "
		    "NOT DELETE ITSELF", lid);
	if ((rc = astore_del_lid(c->c_db, c->c_txn, lid)) == -1)
		return acmd_dberr(c);
	if (rc == 1)
		return acmd_err(c, ACF2_RC_ERROR, "ACF6C011E LOGONID %s NOT "
		    "FOUND", lid);
	acmd_event(c, ESM_EV_DELETE, lid, "LIDPOST", "", NULL);
	return acmd_err(c, ACF2_RC_OK, "ACF6C003I LOGONID %s DELETED", lid);
}
