/*
 * changelog_rec.c - a changelog record as the store keeps it: one BER
 * value per change number.
 *
 *	ChangeRecord ::= SEQUENCE {
 *		version   INTEGER (1),
 *		number    INTEGER,
 *		time      INTEGER,	-- the change, seconds since the epoch
 *		stored    INTEGER,	-- when the gateway stored it
 *		type      ENUMERATED { add(1), delete(2), modify(3),
 *				       modrdn(4) },
 *		target    OCTET STRING (SIZE (1..1024)),
 *		changes   OCTET STRING,	-- LDIF, empty for none
 *		origin    ENUMERATED { native(0), gateway(1) },
 *		esm       ENUMERATED,	-- enum link_event_esm
 *		agent     OCTET STRING,
 *		seq       INTEGER,
 *		event     ENUMERATED,	-- enum link_event_type
 *		issuer    OCTET STRING,
 *		fields    OCTET STRING,
 *		password  [0] IMPLICIT OCTET STRING OPTIONAL }	-- sealed
 *
 * The version comes first so that a later layout can be told apart.
 * Strings hold no NUL.  A decoded record keeps its strings in one
 * allocation (struct changelog_rec_mem) and its sealed password beside.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asn.h"
#include "xmalloc.h"
#include "gateway/changelog.h"

#define CHANGELOG_REC_VERSION	1
#define CHANGELOG_TAG_PASSWORD	((ber_tag_t)(LBER_CLASS_CONTEXT | 0))
#define CHANGELOG_NSTRINGS	5

struct changelog_rec_mem {
	char		*rm_strings;	/* owned: NUL-separated */
	size_t		 rm_len;
	unsigned char	*rm_sealed;	/* owned */
	size_t		 rm_sealedlen;
	unsigned char	*rm_password;	/* owned: unsealed, zeroed */
	size_t		 rm_pwlen;
};

static const char *const changelog_type_names[] = {
	[CHANGELOG_ADD] = "add",
	[CHANGELOG_DELETE] = "delete",
	[CHANGELOG_MODIFY] = "modify",
	[CHANGELOG_MODRDN] = "modrdn",
};

const char *
changelog_type_name(enum changelog_type t)
{
	if ((int)t < CHANGELOG_ADD || (int)t > CHANGELOG_MODRDN)
		return NULL;
	return changelog_type_names[t];
}

/* ---- checks ----------------------------------------------------------- */

static int
changelog_rec_check_str(const char *what, const char *s, size_t max,
    int may_be_empty, char *err, size_t errlen)
{
	if (s == NULL || (*s == '\0' && !may_be_empty)) {
		snprintf(err, errlen, "the record has no %s", what);
		return -1;
	}
	if (strlen(s) > max) {
		snprintf(err, errlen, "the record's %s is longer than %zu "
		    "bytes", what, max);
		return -1;
	}
	return 0;
}

int
changelog_rec_check(const struct changelog_rec *rec, char *err,
    size_t errlen)
{
	if (changelog_type_name(rec->cr_type) == NULL) {
		snprintf(err, errlen, "the record's change type %d is not add, "
		    "delete, modify or modrdn", (int)rec->cr_type);
		return -1;
	}
	if (link_event_esm_name(rec->cr_esm) == NULL ||
	    link_event_type_name(rec->cr_event) == NULL) {
		snprintf(err, errlen, "the record's ESM (%d) or event type "
		    "(%d) is unknown", (int)rec->cr_esm, (int)rec->cr_event);
		return -1;
	}
	if (rec->cr_time < 0 || rec->cr_stored < 0) {
		snprintf(err, errlen, "the record's time is before the epoch");
		return -1;
	}
	if (rec->cr_password.bv_val != NULL &&
	    (rec->cr_password.bv_len == 0 ||
	    rec->cr_password.bv_len > EVENT_PASSWORD_MAX)) {
		snprintf(err, errlen, "the record's password has %zu bytes, "
		    "not 1 to %d", (size_t)rec->cr_password.bv_len,
		    EVENT_PASSWORD_MAX);
		return -1;
	}
	return changelog_rec_check_str("targetDN", rec->cr_target,
	    CHANGELOG_DN_MAX, 0, err, errlen) == -1 ||
	    changelog_rec_check_str("changes", rec->cr_changes,
	    CHANGELOG_CHANGES_MAX, 1, err, errlen) == -1 ||
	    changelog_rec_check_str("agent", rec->cr_agent,
	    LINK_MAX_IDENTITY, 0, err, errlen) == -1 ||
	    changelog_rec_check_str("issuer", rec->cr_issuer,
	    LINK_EVENT_ID_MAX, 1, err, errlen) == -1 ||
	    changelog_rec_check_str("fields", rec->cr_fields,
	    CHANGELOG_FIELDS_MAX, 1, err, errlen) == -1 ? -1 : 0;
}

/* ---- encoding --------------------------------------------------------- */

int
changelog_rec_encode(const struct changelog_rec *rec,
    const unsigned char *sealed, size_t sealedlen, unsigned char **out,
    size_t *outlen)
{
	BerElement *ber;

	if ((ber = ber_alloc_t(LBER_USE_DER)) == NULL)
		return -1;
	if (ber_printf(ber, "{i", (ber_int_t)CHANGELOG_REC_VERSION) == -1 ||
	    asn_put_uint(ber, rec->cr_number) == -1 ||
	    asn_put_uint(ber, (uint64_t)rec->cr_time) == -1 ||
	    asn_put_uint(ber, (uint64_t)rec->cr_stored) == -1 ||
	    ber_printf(ber, "e", (ber_int_t)rec->cr_type) == -1 ||
	    asn_put_str(ber, rec->cr_target, CHANGELOG_DN_MAX) == -1 ||
	    asn_put_str(ber, rec->cr_changes, CHANGELOG_CHANGES_MAX) == -1 ||
	    ber_printf(ber, "ee", (ber_int_t)(rec->cr_by_gateway != 0),
	    (ber_int_t)rec->cr_esm) == -1 ||
	    asn_put_str(ber, rec->cr_agent, LINK_MAX_IDENTITY) == -1 ||
	    asn_put_uint(ber, rec->cr_seq) == -1 ||
	    ber_printf(ber, "e", (ber_int_t)rec->cr_event) == -1 ||
	    asn_put_str(ber, rec->cr_issuer, LINK_EVENT_ID_MAX) == -1 ||
	    asn_put_str(ber, rec->cr_fields, CHANGELOG_FIELDS_MAX) == -1 ||
	    (sealed != NULL && ber_put_ostring(ber, (const char *)sealed,
	    sealedlen, CHANGELOG_TAG_PASSWORD) == -1) ||
	    ber_printf(ber, "}") == -1) {
		ber_free(ber, 1);
		return -1;
	}
	return asn_finish(ber, out, outlen);
}

/* ---- decoding --------------------------------------------------------- */

/* An OCTET STRING without NUL, borrowed from the reader's copy. */
static int
changelog_rec_get_str(BerElement *ber, ber_len_t end, struct berval *bv,
    const char **why)
{
	if (asn_prim(ber, end, LBER_OCTETSTRING, bv, why) == -1)
		return -1;
	if (memchr(bv->bv_val, '\0', bv->bv_len) != NULL) {
		*why = "a string holds a NUL byte";
		return -1;
	}
	return 0;
}

static int
changelog_rec_get_enum(BerElement *ber, ber_len_t end, int *v,
    const char **why)
{
	return asn_get_small(ber, end, LBER_ENUMERATED, v, why);
}

static int
changelog_rec_get_head(BerElement *ber, ber_len_t end,
    struct changelog_rec *rec, const char **why)
{
	uint64_t t, stored;
	int version, type;

	if (asn_get_small(ber, end, LBER_INTEGER, &version, why) == -1)
		return -1;
	if (version != CHANGELOG_REC_VERSION) {
		*why = "a record of an unknown version";
		return -1;
	}
	if (asn_get_uint(ber, end, UINT64_MAX, &rec->cr_number, why) == -1 ||
	    asn_get_uint(ber, end, INT64_MAX, &t, why) == -1 ||
	    asn_get_uint(ber, end, INT64_MAX, &stored, why) == -1 ||
	    changelog_rec_get_enum(ber, end, &type, why) == -1)
		return -1;
	rec->cr_time = (int64_t)t;
	rec->cr_stored = (int64_t)stored;
	rec->cr_type = (enum changelog_type)type;
	return 0;
}

/* s[]: target, changes, agent, issuer, fields. */
static int
changelog_rec_get_body(BerElement *ber, ber_len_t end,
    struct changelog_rec *rec, struct berval *s, const char **why)
{
	int origin, esm, event;

	if (changelog_rec_get_str(ber, end, &s[0], why) == -1 ||
	    changelog_rec_get_str(ber, end, &s[1], why) == -1 ||
	    changelog_rec_get_enum(ber, end, &origin, why) == -1 ||
	    changelog_rec_get_enum(ber, end, &esm, why) == -1 ||
	    changelog_rec_get_str(ber, end, &s[2], why) == -1 ||
	    asn_get_uint(ber, end, UINT64_MAX, &rec->cr_seq, why) == -1 ||
	    changelog_rec_get_enum(ber, end, &event, why) == -1 ||
	    changelog_rec_get_str(ber, end, &s[3], why) == -1 ||
	    changelog_rec_get_str(ber, end, &s[4], why) == -1)
		return -1;
	rec->cr_by_gateway = origin != 0;
	rec->cr_esm = (enum link_event_esm)esm;
	rec->cr_event = (enum link_event_type)event;
	return 0;
}

/* The strings into one allocation; the record points into it. */
static void
changelog_rec_keep(struct changelog_rec *rec, struct changelog_rec_mem *rm,
    const struct berval *s)
{
	const char **dst[CHANGELOG_NSTRINGS] = { &rec->cr_target,
	    &rec->cr_changes, &rec->cr_agent, &rec->cr_issuer,
	    &rec->cr_fields };
	size_t i, off = 0;

	for (i = 0; i < CHANGELOG_NSTRINGS; i++)
		rm->rm_len += s[i].bv_len + 1;
	rm->rm_strings = xmalloc(rm->rm_len);
	for (i = 0; i < CHANGELOG_NSTRINGS; i++) {
		memcpy(rm->rm_strings + off, s[i].bv_val, s[i].bv_len);
		rm->rm_strings[off + s[i].bv_len] = '\0';
		*dst[i] = rm->rm_strings + off;
		off += s[i].bv_len + 1;
	}
}

static int
changelog_rec_get(BerElement *ber, struct changelog_rec *rec,
    struct changelog_rec_mem *rm, const char **why)
{
	struct berval s[CHANGELOG_NSTRINGS], sealed = { 0, NULL };
	ber_len_t end;

	if (asn_open(ber, LBER_SEQUENCE, &end, why) == -1 ||
	    changelog_rec_get_head(ber, end, rec, why) == -1 ||
	    changelog_rec_get_body(ber, end, rec, s, why) == -1)
		return -1;
	if (asn_peek(ber, end) != LBER_DEFAULT &&
	    asn_prim(ber, end, CHANGELOG_TAG_PASSWORD, &sealed, why) == -1)
		return -1;
	if (asn_close(ber, end, why) == -1)
		return -1;
	if (end != 0) {
		*why = "trailing data after the record";
		return -1;
	}
	changelog_rec_keep(rec, rm, s);
	if (sealed.bv_len > 0) {
		rm->rm_sealed = xmemdup(sealed.bv_val, sealed.bv_len);
		rm->rm_sealedlen = sealed.bv_len;
		rec->cr_has_password = 1;
	}
	return 0;
}

int
changelog_rec_decode(const void *buf, size_t len, struct changelog_rec *rec,
    const char **why)
{
	struct changelog_rec_mem *rm;
	struct asn_reader r;
	int rc;

	memset(rec, 0, sizeof(*rec));
	if (asn_reader_open(&r, buf, len) == -1) {
		*why = "out of memory";
		return -1;
	}
	rm = xcalloc(1, sizeof(*rm));
	rec->cr_priv = rm;
	rc = changelog_rec_get(r.ar_ber, rec, rm, why);
	asn_reader_close(&r);
	if (rc == -1)
		changelog_rec_clear(rec);
	return rc;
}

const unsigned char *
changelog_rec_sealed(const struct changelog_rec *rec, size_t *len)
{
	const struct changelog_rec_mem *rm = rec->cr_priv;

	*len = rm != NULL ? rm->rm_sealedlen : 0;
	return rm != NULL ? rm->rm_sealed : NULL;
}

unsigned char *
changelog_rec_password_buf(struct changelog_rec *rec, size_t len)
{
	struct changelog_rec_mem *rm = rec->cr_priv;

	if (rm->rm_password != NULL)
		xfree_secret(rm->rm_password, rm->rm_pwlen);
	rm->rm_password = xmalloc(len + 1);
	rm->rm_pwlen = len + 1;
	return rm->rm_password;
}

void
changelog_rec_clear(struct changelog_rec *rec)
{
	struct changelog_rec_mem *rm = rec->cr_priv;

	if (rm != NULL) {
		free(rm->rm_strings);
		free(rm->rm_sealed);
		if (rm->rm_password != NULL)
			xfree_secret(rm->rm_password, rm->rm_pwlen);
		free(rm);
	}
	memset(rec, 0, sizeof(*rec));
}
