/*
 * sync.c - content synchronization (RFC 4533) over the changelog.  See
 * sync.h for what a consumer gets and what its cookie means.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/sha.h>
#include <ldap.h>

#include "conf.h"
#include "link.h"
#include "log.h"
#include "xmalloc.h"
#include "backends/backend.h"
#include "gateway/acl.h"
#include "gateway/changelog.h"
#include "gateway/conn.h"
#include "gateway/dn.h"
#include "gateway/entry.h"
#include "gateway/gw.h"
#include "gateway/op.h"
#include "gateway/pdu.h"
#include "gateway/psearch.h"
#include "gateway/sync.h"

#define SYNC_CSN_EPOCH	946684800	/* 2000-01-01T00:00:00Z */
#define SYNC_CSN_LEN	22		/* YYYYmmddHHMMSS.uuuuuuZ */
#define SYNC_READS_AT_ONCE 8		/* reads of changed entries */

/* An entry the changelog says changed since the consumer's cookie. */
struct sync_dn {
	char			*sd_ndn;	/* owned: normalised */
	char			*sd_dn;		/* owned: as recorded */
	enum changelog_type	 sd_last;	/* its last change */
	int			 sd_seen;	/* the refresh sent it */
};

/* One read of a changed entry in flight (sync_read_changed). */
struct sync_read {
	struct op	*sr_op;		/* borrowed: the owner */
	struct be_read	*sr_read;	/* in flight, or NULL */
};

struct sync {
	int		 sy_persist;	/* refreshAndPersist */
	int		 sy_rid;	/* the consumer's, -1: none */
	int		 sy_incremental;	/* a cookie: changes only */
	uint64_t	 sy_from;	/* the cookie's change */
	uint64_t	 sy_upto;	/* the last change at the start */
	struct sync_dn	*sy_dns;	/* owned, sorted by sd_ndn */
	size_t		 sy_ndns;
	int		 sy_done;	/* the refresh is over */
	/* an incremental refresh that reads the changed entries */
	struct sync_read sy_reads[SYNC_READS_AT_ONCE];
	size_t		 sy_next;	/* next sy_dns to read */
	int		 sy_paused;	/* output above its mark: no new
					   reads until it drains */
};

/* ---- cookies and UUIDs --------------------------------------------- */

void
sync_cookie_format(int rid, uint64_t n, char *buf, size_t len)
{
	time_t t = (time_t)(SYNC_CSN_EPOCH + n / 1000000);
	char when[32];
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y%m%d%H%M%S", &tm);
	if (rid >= 0)
		snprintf(buf, len, "rid=%03d,csn=%s.%06lluZ#000000#000#000000",
		    rid, when, (unsigned long long)(n % 1000000));
	else
		snprintf(buf, len, "csn=%s.%06lluZ#000000#000#000000", when,
		    (unsigned long long)(n % 1000000));
}

/* One CSN, "YYYYmmddHHMMSS.uuuuuuZ#...": the change number it names. */
static int
sync_csn_number(const char *s, size_t len, uint64_t *n)
{
	struct tm tm;
	int usec;
	time_t t;

	memset(&tm, 0, sizeof(tm));
	if (len < SYNC_CSN_LEN || s[14] != '.' || s[21] != 'Z' ||
	    (len > SYNC_CSN_LEN && s[SYNC_CSN_LEN] != '#') ||
	    conf_parse_digits(s, 4, &tm.tm_year) == -1 ||
	    conf_parse_digits(s + 4, 2, &tm.tm_mon) == -1 ||
	    conf_parse_digits(s + 6, 2, &tm.tm_mday) == -1 ||
	    conf_parse_digits(s + 8, 2, &tm.tm_hour) == -1 ||
	    conf_parse_digits(s + 10, 2, &tm.tm_min) == -1 ||
	    conf_parse_digits(s + 12, 2, &tm.tm_sec) == -1 ||
	    conf_parse_digits(s + 15, 6, &usec) == -1 || tm.tm_mon < 1 ||
	    tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 ||
	    tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	if ((t = timegm(&tm)) == (time_t)-1 || t < SYNC_CSN_EPOCH)
		return -1;
	*n = (uint64_t)(t - SYNC_CSN_EPOCH) * 1000000 + (uint64_t)usec;
	return 0;
}

/* "csn=A;B": the highest number named. */
static int
sync_cookie_csns(const char *s, uint64_t *n)
{
	const char *semi;
	uint64_t v;
	size_t len;

	*n = 0;
	for (;;) {
		semi = strchr(s, ';');
		len = semi != NULL ? (size_t)(semi - s) : strlen(s);
		if (sync_csn_number(s, len, &v) == -1)
			return -1;
		if (v > *n)
			*n = v;
		if (semi == NULL)
			return 0;
		s = semi + 1;
	}
}

int
sync_cookie_parse(const struct berval *bv, int *rid, uint64_t *n,
    int *has_csn)
{
	char buf[SYNC_COOKIE_MAX * 8], *p, *tok, *save = NULL;
	int rc = 0;

	*rid = -1;
	*n = 0;
	*has_csn = 0;
	if (bv->bv_len == 0 || bv->bv_len >= sizeof(buf) ||
	    memchr(bv->bv_val, '\0', bv->bv_len) != NULL)
		return -1;
	memcpy(buf, bv->bv_val, bv->bv_len);
	buf[bv->bv_len] = '\0';
	for (p = buf; rc == 0 && (tok = strtok_r(p, ",", &save)) != NULL;
	    p = NULL) {
		if (strncmp(tok, "rid=", 4) == 0)
			rc = strlen(tok + 4) < 1 || strlen(tok + 4) > 3 ||
			    conf_parse_digits(tok + 4, strlen(tok + 4), rid) ? -1 : 0;
		else if (strncmp(tok, "csn=", 4) == 0) {
			rc = sync_cookie_csns(tok + 4, n);
			*has_csn = 1;
		} else if (strncmp(tok, "sid=", 4) != 0)
			rc = -1;
	}
	return rc;
}

void
sync_uuid(const char *ndn, unsigned char uuid[16])
{
	static const char prefix[] = "esmgate entry ";
	unsigned char md[SHA_DIGEST_LENGTH];
	size_t n = strlen(ndn);
	char *buf = xmalloc(sizeof(prefix) - 1 + n);

	memcpy(buf, prefix, sizeof(prefix) - 1);
	memcpy(buf + sizeof(prefix) - 1, ndn, n);
	SHA1((const unsigned char *)buf, sizeof(prefix) - 1 + n, md);
	free(buf);
	memcpy(uuid, md, 16);
	uuid[6] = (uuid[6] & 0x0f) | 0x50;	/* version 5: name-based */
	uuid[8] = (uuid[8] & 0x3f) | 0x80;	/* RFC 4122 variant */
}

/* ---- the entries a cookie's changes name ----------------------------- */

static int
sync_dn_cmp(const void *a, const void *b)
{
	return strcmp(((const struct sync_dn *)a)->sd_ndn,
	    ((const struct sync_dn *)b)->sd_ndn);
}

static struct sync_dn *
sync_find(struct sync *sy, const char *ndn)
{
	struct sync_dn key;

	if (sy->sy_ndns == 0)
		return NULL;
	key.sd_ndn = (char *)ndn;
	return bsearch(&key, sy->sy_dns, sy->sy_ndns, sizeof(*sy->sy_dns),
	    sync_dn_cmp);
}

/* Keep one sync_dn per entry, with its last change (sorted after). */
static void
sync_note(struct sync *sy, size_t *cap, char *ndn, const char *dn,
    enum changelog_type type)
{
	struct sync_dn *sd;

	if (sy->sy_ndns == *cap) {
		*cap = *cap == 0 ? 64 : *cap * 2;
		sy->sy_dns = xreallocarray(sy->sy_dns, *cap,
		    sizeof(*sy->sy_dns));
	}
	sd = &sy->sy_dns[sy->sy_ndns];
	sd->sd_ndn = ndn;
	sd->sd_dn = xstrdup(dn);
	sd->sd_last = type;
	sd->sd_seen = 0;
	sy->sy_ndns++;
}

/* Sort, and of several records of one entry keep the last. */
static void
sync_collapse(struct sync *sy)
{
	size_t i, j;

	if (sy->sy_ndns == 0)
		return;
	/* Stable for equal names: the later record sorts after. */
	for (i = 0; i < sy->sy_ndns; i++)
		sy->sy_dns[i].sd_seen = (int)i;
	qsort(sy->sy_dns, sy->sy_ndns, sizeof(*sy->sy_dns), sync_dn_cmp);
	for (i = 0, j = 0; i < sy->sy_ndns; i++) {
		if (j > 0 && strcmp(sy->sy_dns[j - 1].sd_ndn,
		    sy->sy_dns[i].sd_ndn) == 0) {
			if (sy->sy_dns[i].sd_seen > sy->sy_dns[j - 1].sd_seen) {
				free(sy->sy_dns[j - 1].sd_ndn);
				free(sy->sy_dns[j - 1].sd_dn);
				sy->sy_dns[j - 1] = sy->sy_dns[i];
			} else {
				free(sy->sy_dns[i].sd_ndn);
				free(sy->sy_dns[i].sd_dn);
			}
			continue;
		}
		sy->sy_dns[j++] = sy->sy_dns[i];
	}
	sy->sy_ndns = j;
	for (i = 0; i < sy->sy_ndns; i++)
		sy->sy_dns[i].sd_seen = 0;
}

/* The records after sy_from up to sy_upto in the search's scope. */
static int
sync_scan(struct op *op, struct sync *sy)
{
	struct gateway *gw = op->o_conn->c_gw;
	struct changelog_rec rec;
	uint64_t num, got;
	size_t cap = 0, seen = 0;
	const char *why;
	char err[256], *ndn;
	int rc;

	for (num = sy->sy_from + 1; num <= sy->sy_upto; num = got + 1) {
		memset(&rec, 0, sizeof(rec));
		if ((rc = changelog_next(gw->gw_changelog, num, 0, &rec, err,
		    sizeof(err))) == 1)
			break;
		if (rc == -1) {
			snprintf(op->o_text, sizeof(op->o_text), "the changelog "
			    "cannot be read after change %llu: %s",
			    (unsigned long long)num, err);
			return LDAP_OTHER;
		}
		if ((got = rec.cr_number) > sy->sy_upto) {
			changelog_rec_clear(&rec);
			break;
		}
		if (++seen > SYNC_CHANGED_MAX) {
			changelog_rec_clear(&rec);
			snprintf(op->o_text, sizeof(op->o_text), "more than %d "
			    "changes since the cookie's change %llu: refresh "
			    "without a cookie", SYNC_CHANGED_MAX,
			    (unsigned long long)sy->sy_from);
			return SYNC_REFRESH_REQUIRED;
		}
		if (dn_normalize_str(rec.cr_target, strlen(rec.cr_target),
		    gw->gw_schema, &ndn, &why) == 0) {
			if (psearch_in_scope(op->o_ndn,
			    op->o_req.r.search.scope, ndn))
				sync_note(sy, &cap, ndn, rec.cr_target,
				    rec.cr_type);
			else
				free(ndn);
		}
		changelog_rec_clear(&rec);
	}
	sync_collapse(sy);
	return LDAP_SUCCESS;
}

/* ---- the request --------------------------------------------------- */

const struct pdu_control *
sync_control(const struct op *op)
{
	size_t i;

	for (i = 0; i < op->o_req.r_nctrls; i++)
		if (pdu_bv_eq(&op->o_req.r_ctrls[i].c_oid,
		    PDU_OID_SYNC_REQUEST))
			return &op->o_req.r_ctrls[i];
	return NULL;
}

/* Where the cookie stands; LDAP_SUCCESS or why the consumer must reload. */
static int
sync_cookie_check(struct op *op, struct sync *sy, const struct berval *c)
{
	struct gateway *gw = op->o_conn->c_gw;
	uint64_t first = changelog_first(gw->gw_changelog);
	int has_csn;

	if (c->bv_val == NULL)
		return LDAP_SUCCESS;
	if (sync_cookie_parse(c, &sy->sy_rid, &sy->sy_from, &has_csn) == -1) {
		snprintf(op->o_text, sizeof(op->o_text), "the sync cookie is "
		    "not one of this gateway's (rid=NNN,csn=CSN): refresh "
		    "without a cookie");
		return SYNC_REFRESH_REQUIRED;
	}
	if (!has_csn)
		return LDAP_SUCCESS;	/* a consumer that has nothing yet */
	if (sy->sy_from > sy->sy_upto) {
		snprintf(op->o_text, sizeof(op->o_text), "the sync cookie "
		    "names change %llu, after the changelog's last (%llu): "
		    "refresh without a cookie",
		    (unsigned long long)sy->sy_from,
		    (unsigned long long)sy->sy_upto);
		return SYNC_REFRESH_REQUIRED;
	}
	if (sy->sy_from + 1 < first) {
		snprintf(op->o_text, sizeof(op->o_text), "the changes after "
		    "the sync cookie's change %llu were trimmed from the "
		    "changelog (it starts at %llu): refresh without a cookie",
		    (unsigned long long)sy->sy_from,
		    (unsigned long long)first);
		return SYNC_REFRESH_REQUIRED;
	}
	sy->sy_incremental = 1;
	return LDAP_SUCCESS;
}

/* What makes a Sync Request unacceptable here, before anything runs. */
static int
sync_refused(struct op *op)
{
	struct gateway *gw = op->o_conn->c_gw;

	if (op->o_search.os_paged || op->o_search.os_ps != NULL)
		snprintf(op->o_text, sizeof(op->o_text), "content "
		    "synchronization cannot be combined with paged results "
		    "or a persistent search");
	else if (op->o_be == NULL || op->o_be->be_info->bi_event_dn == NULL)
		snprintf(op->o_text, sizeof(op->o_text), "content "
		    "synchronization serves the ESMs' naming contexts; read "
		    "cn=changelog by change number instead");
	else if (gw->gw_changelog == NULL)
		snprintf(op->o_text, sizeof(op->o_text), "content "
		    "synchronization needs the gateway's changelog: "
		    "configure a \"backend changelog\" section");
	else
		return LDAP_SUCCESS;
	return LDAP_UNWILLING_TO_PERFORM;
}

int
sync_begin(struct op *op)
{
	struct gateway *gw = op->o_conn->c_gw;
	const struct pdu_control *ctl = sync_control(op);
	struct berval cookie;
	struct sync *sy;
	ber_int_t mode;
	int reload, rc;

	if (ctl == NULL)
		return LDAP_SUCCESS;
	if (!ctl->c_has_value || pdu_sync_request_decode(&ctl->c_value,
	    &mode, &cookie, &reload) == -1) {
		snprintf(op->o_text, sizeof(op->o_text), "the Sync Request "
		    "control's value is not SEQUENCE { mode refreshOnly (1) "
		    "or refreshAndPersist (3), cookie OPTIONAL, reloadHint }");
		return LDAP_PROTOCOL_ERROR;
	}
	if ((rc = sync_refused(op)) != LDAP_SUCCESS)
		return rc;
	sy = xcalloc(1, sizeof(*sy));
	sy->sy_persist = mode == 3;
	sy->sy_rid = -1;
	sy->sy_upto = changelog_last(gw->gw_changelog);
	op->o_search.os_sync = sy;
	if ((rc = sync_cookie_check(op, sy, &cookie)) != LDAP_SUCCESS ||
	    (sy->sy_incremental && (rc = sync_scan(op, sy)) != LDAP_SUCCESS))
		return rc;
	/* Changes made while the refresh runs reach a persisting one. */
	if (sy->sy_persist && (rc = psearch_listen(op, 1)) != LDAP_SUCCESS)
		return rc;
	log_info("conn=%llu op=%llu content sync %s of %s: %s up to change "
	    "%llu", (unsigned long long)op->o_conn->c_id,
	    (unsigned long long)op->o_id, sy->sy_persist ?
	    "refreshAndPersist" : "refreshOnly", op->o_dn,
	    sy->sy_incremental ? "changes" : "every entry",
	    (unsigned long long)sy->sy_upto);
	return LDAP_SUCCESS;
}

/* ---- the refresh ---------------------------------------------------- */

/*
 * The Sync State control of the entry named ndn (cookie NULL: none),
 * its value ber-allocated.  0 or -1.
 */
static int
sync_state_control(const char *ndn, enum sync_state state,
    const char *cookie, struct pdu_control *ctl)
{
	unsigned char uuid[16];
	struct berval c;

	sync_uuid(ndn, uuid);
	memset(ctl, 0, sizeof(*ctl));
	ctl->c_oid.bv_val = (char *)PDU_OID_SYNC_STATE;
	ctl->c_oid.bv_len = strlen(PDU_OID_SYNC_STATE);
	ctl->c_has_value = 1;
	if (cookie != NULL) {
		c.bv_val = (char *)cookie;
		c.bv_len = strlen(cookie);
	}
	return pdu_sync_state_encode(&ctl->c_value, state, uuid,
	    cookie != NULL ? &c : NULL);
}

/* Send e with a Sync State control (no cookie: the refresh's). */
static int
sync_send(struct op *op, const struct entry *e, const char *ndn,
    enum sync_state state)
{
	struct pdu_control ctl;
	int rc;

	if (sync_state_control(ndn, state, NULL, &ctl) == -1) {
		snprintf(op->o_text, sizeof(op->o_text), "cannot encode the "
		    "sync state of %s", e->e_dn);
		return LDAP_OTHER;
	}
	rc = op_send_entry_ctrls(op, e, &ctl, 1);
	ber_memfree(ctl.c_value.bv_val);
	return rc;
}

int
sync_refresh_entry(struct op *op, const struct entry *e)
{
	struct sync *sy = op->o_search.os_sync;
	struct sync_dn *sd = NULL;
	enum sync_state state = SYNC_ADD;
	const char *why;
	char *ndn;
	int rc;

	if (dn_normalize_str(e->e_dn, strlen(e->e_dn),
	    op->o_conn->c_gw->gw_schema, &ndn, &why) == -1) {
		snprintf(op->o_text, sizeof(op->o_text), "entry %s: %s",
		    e->e_dn, why);
		return LDAP_OTHER;
	}
	if (sy->sy_incremental) {
		if ((sd = sync_find(sy, ndn)) == NULL) {
			free(ndn);
			return 0;	/* unchanged since the cookie */
		}
		sd->sd_seen = 1;
		state = sd->sd_last == CHANGELOG_MODIFY ? SYNC_MODIFY :
		    SYNC_ADD;
	}
	rc = sync_send(op, e, ndn, state);
	free(ndn);
	return rc;
}

/* The changed entries the refresh did not find: gone from the content. */
static int
sync_send_deletes(struct op *op, struct sync *sy)
{
	struct entry *e;
	size_t i;
	int rc;

	for (i = 0; i < sy->sy_ndns; i++) {
		if (sy->sy_dns[i].sd_seen)
			continue;
		e = entry_new(sy->sy_dns[i].sd_dn);
		/* A delete names only what the consumer may see. */
		rc = op_acl_admits(op, e, sy->sy_dns[i].sd_ndn) ?
		    sync_send(op, e, sy->sy_dns[i].sd_ndn, SYNC_DELETE) : 0;
		entry_free(e);
		if (rc != 0 && rc != OP_WAIT)
			return rc;
	}
	return 0;
}

/* The end of a persisting refresh: the Sync Info message. */
static int
sync_send_info(struct op *op, struct sync *sy, const char *cookie)
{
	struct berval value, c, bv;

	c.bv_val = (char *)cookie;
	c.bv_len = strlen(cookie);
	if (pdu_sync_info_refresh_encode(&value, sy->sy_incremental ? 1 : 2,
	    &c) == -1)
		return -1;
	if (pdu_encode_intermediate(&bv, op->o_msgid, PDU_OID_SYNC_INFO,
	    &value, NULL, 0) == -1) {
		ber_memfree(value.bv_val);
		return -1;
	}
	ber_memfree(value.bv_val);
	conn_send(op->o_conn, &bv);
	return 0;
}

/* refreshOnly's result carries a Sync Done control with the cookie. */
static void
sync_set_done(struct op *op, struct sync *sy, const char *cookie)
{
	struct pdu_control *ctl;
	struct berval c;

	if (op->o_nres_ctrls >= sizeof(op->o_res_ctrls) /
	    sizeof(op->o_res_ctrls[0]))
		return;
	c.bv_val = (char *)cookie;
	c.bv_len = strlen(cookie);
	ctl = &op->o_res_ctrls[op->o_nres_ctrls];
	memset(ctl, 0, sizeof(*ctl));
	if (pdu_sync_done_encode(&ctl->c_value, &c, sy->sy_incremental) == -1)
		return;
	ctl->c_oid.bv_val = (char *)PDU_OID_SYNC_DONE;
	ctl->c_oid.bv_len = strlen(PDU_OID_SYNC_DONE);
	ctl->c_has_value = 1;
	op->o_nres_ctrls++;
}

int
sync_refresh_done(struct op *op, int rc)
{
	struct sync *sy = op->o_search.os_sync;
	char cookie[SYNC_COOKIE_MAX];
	uint64_t upto;

	if (sy == NULL || sy->sy_done)
		return 0;
	sy->sy_done = 1;
	if (rc != LDAP_SUCCESS || op->o_abandoned || op->o_conn->c_closing)
		return 0;
	if ((rc = sync_send_deletes(op, sy)) != 0) {
		op_finish(op, rc, NULL);
		return 1;
	}
	/* Changes sent while the refresh ran move the cookie on. */
	upto = sy->sy_upto;
	if (op->o_search.os_ps != NULL && op->o_search.os_ps->ps_last > upto)
		upto = op->o_search.os_ps->ps_last;
	sync_cookie_format(sy->sy_rid, upto, cookie, sizeof(cookie));
	if (!sy->sy_persist) {
		sync_set_done(op, sy, cookie);
		return 0;
	}
	if (sync_send_info(op, sy, cookie) == -1) {
		op_finish(op, LDAP_OTHER, "cannot encode the Sync Info message");
		return 1;
	}
	return psearch_persist(op, LDAP_SUCCESS);
}

/* ---- an incremental refresh by reads ---------------------------------- */

static void	sync_read_done(void *, int, struct entry *, const char *);
static void	sync_read_drained(struct op *);

static size_t
sync_reading(const struct sync *sy)
{
	size_t i, n = 0;

	for (i = 0; i < SYNC_READS_AT_ONCE; i++)
		if (sy->sy_reads[i].sr_read != NULL)
			n++;
	return n;
}

static void
sync_read_cancel_all(struct op *op, struct sync *sy)
{
	size_t i;

	for (i = 0; i < SYNC_READS_AT_ONCE; i++)
		if (sy->sy_reads[i].sr_read != NULL) {
			op->o_be->be_info->bi_events->beo_cancel(
			    sy->sy_reads[i].sr_read);
			sy->sy_reads[i].sr_read = NULL;
		}
}

/*
 * What a read ended with: 0 to go on (the entry was sent if it is in
 * the content; an entry gone, hidden or no longer matching is sent as a
 * delete when the refresh ends), or the code that ends the search.  An
 * entry that fills the client's output pauses the reads, as a listing
 * search is paced by the socket.
 */
static int
sync_read_result(struct op *op, int rc, struct entry *e, const char *text)
{
	struct sync *sy = op->o_search.os_sync;
	int sent;

	if (rc == LDAP_NO_SUCH_OBJECT || rc == BE_READ_HIDDEN)
		return 0;
	if (rc != 0) {
		snprintf(op->o_text, sizeof(op->o_text), "content "
		    "synchronization: %s", text);
		return rc;
	}
	sent = op_send_entry(op, e);
	entry_free(e);
	if (sent != OP_WAIT)
		return sent;
	sy->sy_paused = 1;
	op_wait_drain(op, sync_read_drained);
	return 0;
}

/*
 * Start reads while slots and changed entries remain and the output is
 * not paused; an entry the consumer's access rules hide is not read at
 * all (nor sent as a delete).  0, or the code a read that ended at once
 * gave.
 */
static int
sync_read_more(struct op *op, struct sync *sy)
{
	const struct be_event_ops *ops = op->o_be->be_info->bi_events;
	struct link_identity who;
	struct sync_read *sr;
	struct sync_dn *sd;
	char text[512];
	size_t i;
	int rc;

	if (sy->sy_paused || sy->sy_next == sy->sy_ndns)
		return 0;
	if ((rc = op_identity(op, &who)) != 0)
		return rc;
	for (i = 0; i < SYNC_READS_AT_ONCE && !sy->sy_paused; i++) {
		sr = &sy->sy_reads[i];
		while (sr->sr_read == NULL && !sy->sy_paused &&
		    sy->sy_next < sy->sy_ndns) {
			sd = &sy->sy_dns[sy->sy_next++];
			if (op->o_acl != NULL &&
			    !acl_view_entry(op->o_acl, sd->sd_ndn)) {
				sd->sd_seen = 1;
				continue;
			}
			text[0] = '\0';
			sr->sr_read = ops->beo_read_dn(op->o_be, sd->sd_dn,
			    sd->sd_ndn, &who, sync_read_done, sr, &rc, text,
			    sizeof(text));
			if (sr->sr_read == NULL &&
			    (rc = sync_read_result(op, rc, NULL, text)) != 0)
				return rc;
		}
	}
	return 0;
}

/* The refresh ends, with rc: reads still in flight are cancelled. */
static void
sync_read_end(struct op *op, struct sync *sy, int rc)
{
	sync_read_cancel_all(op, sy);
	op_finish(op, rc, NULL);
}

/* After a read ended (rc its outcome) or the output drained. */
static void
sync_read_next(struct op *op, struct sync *sy, int rc)
{
	if (rc == 0)
		rc = sync_read_more(op, sy);
	if (rc != 0)
		sync_read_end(op, sy, rc);
	else if (!sy->sy_paused && sync_reading(sy) == 0 &&
	    sy->sy_next == sy->sy_ndns)
		sync_read_end(op, sy, LDAP_SUCCESS);
}

static void
sync_read_done(void *arg, int rc, struct entry *e, const char *text)
{
	struct sync_read *sr = arg;
	struct op *op = sr->sr_op;

	sr->sr_read = NULL;	/* the backend frees it on return */
	rc = sync_read_result(op, rc, e, text);
	sync_read_next(op, op->o_search.os_sync, rc);
}

static void
sync_read_drained(struct op *op)
{
	struct sync *sy = op->o_search.os_sync;

	sy->sy_paused = 0;
	sync_read_next(op, sy, 0);
}

int
sync_read_changed(struct op *op)
{
	struct sync *sy = op->o_search.os_sync;
	const struct be_event_ops *ops;
	size_t i;

	if (sy == NULL || !sy->sy_incremental || sy->sy_ndns > SYNC_READ_MAX)
		return 0;
	ops = op->o_be->be_info->bi_events;
	if (ops == NULL || ops->beo_read_dn == NULL)
		return 0;
	log_debug(LOG_CAT_OP, "conn=%llu op=%llu content sync: reading the "
	    "%zu entries changed since change %llu",
	    (unsigned long long)op->o_conn->c_id,
	    (unsigned long long)op->o_id, sy->sy_ndns,
	    (unsigned long long)sy->sy_from);
	for (i = 0; i < SYNC_READS_AT_ONCE; i++)
		sy->sy_reads[i].sr_op = op;
	op->o_pending = 1;
	sync_read_next(op, sy, 0);
	return OP_PENDING;
}

/* ---- persisting ---------------------------------------------------- */

int
sync_change_control(struct op *op, const struct entry *e, int type,
    uint64_t number, struct pdu_control *ctl)
{
	struct sync *sy = op->o_search.os_sync;
	char cookie[SYNC_COOKIE_MAX], *ndn;
	const char *why;
	int rc;

	if (dn_normalize_str(e->e_dn, strlen(e->e_dn),
	    op->o_conn->c_gw->gw_schema, &ndn, &why) == -1)
		return -1;
	/* While the refresh runs the cookie waits for its end. */
	if (sy->sy_done)
		sync_cookie_format(sy->sy_rid, number, cookie, sizeof(cookie));
	rc = sync_state_control(ndn, type == PS_ADD ? SYNC_ADD :
	    type == PS_DELETE ? SYNC_DELETE : SYNC_MODIFY, sy->sy_done ?
	    cookie : NULL, ctl);
	free(ndn);
	return rc;
}

int
sync_covers(const struct op *op, uint64_t number)
{
	const struct sync *sy = op->o_search.os_sync;

	return sy != NULL && number <= sy->sy_upto;
}

void
sync_free(struct op *op)
{
	struct sync *sy = op->o_search.os_sync;
	size_t i;

	if (sy == NULL)
		return;
	sync_read_cancel_all(op, sy);
	for (i = 0; i < sy->sy_ndns; i++) {
		free(sy->sy_dns[i].sd_ndn);
		free(sy->sy_dns[i].sd_dn);
	}
	free(sy->sy_dns);
	free(sy);
	op->o_search.os_sync = NULL;
}
