/*
 * link_event.c - the BER codec of an event body (link_event.h).
 *
 * Decoding is in two steps: the structure (asn.h: tags, lengths, minimal
 * integers, strings within their bounds, nothing left over), then the
 * same check the encoder runs, so that every rule lives in one place.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>

#include "asn.h"
#include "link_event.h"

#define LINK_EVENT_TAG_PASSWORD	((ber_tag_t)(LBER_CLASS_CONTEXT | 0))
#define LINK_EVENT_TAG_KEYID	((ber_tag_t)(LBER_CLASS_CONTEXT | 1))

static const char *const link_event_type_names[] = {
	[LINK_EV_CREATE] = "create",
	[LINK_EV_MODIFY] = "modify",
	[LINK_EV_DELETE] = "delete",
	[LINK_EV_PASSWORD_CHANGE] = "password-change",
	[LINK_EV_PASSWORD_RESET] = "password-reset",
	[LINK_EV_PASSWORD_RESET_NOEXPIRE] = "password-reset-noexpire",
	[LINK_EV_REVOKE] = "revoke",
	[LINK_EV_RESUME] = "resume",
	[LINK_EV_LOGON_FAILURE] = "logon-failure",
	[LINK_EV_CONNECT] = "connect",
	[LINK_EV_REMOVE] = "remove",
	[LINK_EV_GROUP_CREATE] = "group-create",
	[LINK_EV_GROUP_MODIFY] = "group-modify",
	[LINK_EV_GROUP_DELETE] = "group-delete",
	[LINK_EV_PASSWORD_EXPIRED] = "password-expired",
};

static const char *const link_event_esm_names[] = {
	[LINK_EVENT_RACF] = "racf",
	[LINK_EVENT_ACF2] = "acf2",
	[LINK_EVENT_TSS] = "tss",
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* ---- names ----------------------------------------------------------- */

/* names[v] for 0 < v < n, or NULL. */
static const char *
link_event_name(const char *const *names, size_t n, int v)
{
	return v < 1 || (size_t)v >= n ? NULL : names[v];
}

/* The index of s in names[1..n), or -1. */
static int
link_event_index(const char *const *names, size_t n, const char *s)
{
	size_t i;

	for (i = 1; i < n; i++)
		if (strcmp(s, names[i]) == 0)
			return (int)i;
	return -1;
}

const char *
link_event_type_name(enum link_event_type t)
{
	return link_event_name(link_event_type_names,
	    NELEM(link_event_type_names), (int)t);
}

int
link_event_type_parse(const char *s, enum link_event_type *t)
{
	int i = link_event_index(link_event_type_names,
	    NELEM(link_event_type_names), s);

	if (i != -1)
		*t = (enum link_event_type)i;
	return i == -1 ? -1 : 0;
}

const char *
link_event_esm_name(enum link_event_esm e)
{
	return link_event_name(link_event_esm_names,
	    NELEM(link_event_esm_names), (int)e);
}

int
link_event_esm_parse(const char *s, enum link_event_esm *e)
{
	int i = link_event_index(link_event_esm_names,
	    NELEM(link_event_esm_names), s);

	if (i != -1)
		*e = (enum link_event_esm)i;
	return i == -1 ? -1 : 0;
}

int
link_event_is_password(enum link_event_type t)
{
	return t == LINK_EV_PASSWORD_CHANGE || t == LINK_EV_PASSWORD_RESET ||
	    t == LINK_EV_PASSWORD_RESET_NOEXPIRE;
}

int
link_event_is_connection(enum link_event_type t)
{
	return t == LINK_EV_CONNECT || t == LINK_EV_REMOVE;
}

int
link_event_is_group(enum link_event_type t)
{
	return t == LINK_EV_GROUP_CREATE || t == LINK_EV_GROUP_MODIFY ||
	    t == LINK_EV_GROUP_DELETE;
}

/* ---- the rules ------------------------------------------------------- */

/* A NUL-terminated string of cap - 1 bytes at most, printable ASCII. */
static int
link_event_check_str(const char *what, const char *s, size_t cap,
    int may_be_empty, char *err, size_t errlen)
{
	size_t i, len = strnlen(s, cap);

	if (len == cap) {
		snprintf(err, errlen, "%s is longer than %zu bytes", what,
		    cap - 1);
		return -1;
	}
	if (len == 0 && !may_be_empty) {
		snprintf(err, errlen, "%s is empty", what);
		return -1;
	}
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x21 || (unsigned char)s[i] > 0x7e) {
			snprintf(err, errlen, "%s holds a byte 0x%02x that is "
			    "not printable ASCII", what, (unsigned char)s[i]);
			return -1;
		}
	return 0;
}

static int
link_event_check_kind(const struct link_event *ev, char *err, size_t errlen)
{
	if (link_event_esm_name(ev->le_esm) == NULL) {
		snprintf(err, errlen, "esm %d is not racf(1), acf2(2) or "
		    "tss(3)", (int)ev->le_esm);
		return -1;
	}
	if (link_event_type_name(ev->le_type) == NULL) {
		snprintf(err, errlen, "type %d is not an event type (1 to %d)",
		    (int)ev->le_type, LINK_EV_MAX);
		return -1;
	}
	if (ev->le_via != LINK_EVENT_NATIVE &&
	    ev->le_via != LINK_EVENT_GATEWAY) {
		snprintf(err, errlen, "via %d is not native(0) or gateway(1)",
		    (int)ev->le_via);
		return -1;
	}
	return 0;
}

static int
link_event_check_names(const struct link_event *ev, char *err,
    size_t errlen)
{
	char what[32];
	size_t i;
	int conn = link_event_is_connection(ev->le_type);

	if (link_event_check_str("agent", ev->le_agent, sizeof(ev->le_agent),
	    0, err, errlen) == -1 ||
	    link_event_check_str("userid", ev->le_userid,
	    sizeof(ev->le_userid), 0, err, errlen) == -1 ||
	    link_event_check_str("group", ev->le_group, sizeof(ev->le_group),
	    !conn, err, errlen) == -1 ||
	    link_event_check_str("origin", ev->le_origin,
	    sizeof(ev->le_origin), 1, err, errlen) == -1)
		return -1;
	if (!conn && ev->le_group[0] != '\0') {
		snprintf(err, errlen, "group is given for a %s event: only "
		    "connect and remove name a group",
		    link_event_type_name(ev->le_type));
		return -1;
	}
	if (ev->le_nfields > LINK_EVENT_FIELDS_MAX) {
		snprintf(err, errlen, "fields: more than %d names",
		    LINK_EVENT_FIELDS_MAX);
		return -1;
	}
	for (i = 0; i < ev->le_nfields; i++) {
		snprintf(what, sizeof(what), "field %zu", i + 1);
		if (link_event_check_str(what, ev->le_fields[i],
		    sizeof(ev->le_fields[i]), 0, err, errlen) == -1)
			return -1;
	}
	return 0;
}

int
link_event_check(const struct link_event *ev, char *err, size_t errlen)
{
	if (link_event_check_kind(ev, err, errlen) == -1 ||
	    link_event_check_names(ev, err, errlen) == -1)
		return -1;
	if (ev->le_time < 0) {
		snprintf(err, errlen, "time %lld is before the epoch",
		    (long long)ev->le_time);
		return -1;
	}
	if (ev->le_sealed_len == 0 && ev->le_has_keyid) {
		snprintf(err, errlen, "keyid is given without a password");
		return -1;
	}
	if (ev->le_sealed_len == 0)
		return 0;
	if (!link_event_is_password(ev->le_type)) {
		snprintf(err, errlen, "password is given for a %s event: only "
		    "password changes and resets carry one",
		    link_event_type_name(ev->le_type));
		return -1;
	}
	if (ev->le_sealed_len < LINK_EVENT_SEALED_MIN ||
	    ev->le_sealed_len > EVENT_SEALED_MAX) {
		snprintf(err, errlen, "password: %zu sealed bytes, not %d to "
		    "%d", ev->le_sealed_len, LINK_EVENT_SEALED_MIN,
		    EVENT_SEALED_MAX);
		return -1;
	}
	return 0;
}

/* ---- encoding -------------------------------------------------------- */

static int
link_event_put(BerElement *ber, const struct link_event *ev)
{
	size_t i;

	if (ber_printf(ber, "{") == -1 ||
	    asn_put_str(ber, ev->le_agent, LINK_MAX_IDENTITY) == -1 ||
	    asn_put_uint(ber, ev->le_seq) == -1 ||
	    asn_put_uint(ber, (uint64_t)ev->le_time) == -1 ||
	    ber_printf(ber, "ee", (ber_int_t)ev->le_esm,
	    (ber_int_t)ev->le_type) == -1 ||
	    asn_put_str(ber, ev->le_userid, LINK_EVENT_ID_MAX) == -1 ||
	    asn_put_str(ber, ev->le_group, LINK_EVENT_ID_MAX) == -1 ||
	    ber_printf(ber, "{") == -1)
		return -1;
	for (i = 0; i < ev->le_nfields; i++)
		if (asn_put_str(ber, ev->le_fields[i],
		    LINK_EVENT_FIELD_MAX) == -1)
			return -1;
	if (ber_printf(ber, "}") == -1 ||
	    asn_put_str(ber, ev->le_origin, LINK_EVENT_ID_MAX) == -1 ||
	    ber_printf(ber, "e", (ber_int_t)ev->le_via) == -1)
		return -1;
	if (ev->le_sealed_len > 0 && ber_put_ostring(ber,
	    (const char *)ev->le_sealed, ev->le_sealed_len,
	    LINK_EVENT_TAG_PASSWORD) == -1)
		return -1;
	if (ev->le_has_keyid && ber_put_ostring(ber,
	    (const char *)ev->le_keyid, LINK_KEY_ID_LEN,
	    LINK_EVENT_TAG_KEYID) == -1)
		return -1;
	return ber_printf(ber, "}") == -1 ? -1 : 0;
}

int
link_event_encode(const struct link_event *ev, unsigned char **out,
    size_t *outlen, char *err, size_t errlen)
{
	BerElement *ber;

	*out = NULL;
	*outlen = 0;
	if (link_event_check(ev, err, errlen) == -1)
		return -1;
	if ((ber = ber_alloc_t(LBER_USE_DER)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (link_event_put(ber, ev) == -1) {
		ber_free(ber, 1);
		snprintf(err, errlen, "cannot encode the event");
		return -1;
	}
	if (asn_finish(ber, out, outlen) == -1) {
		snprintf(err, errlen, "cannot encode the event");
		return -1;
	}
	return 0;
}

/* ---- decoding -------------------------------------------------------- */

/*
 * Each step names the field it reads in *field, so that a failure says
 * where: "userid: a string is longer than its limit".
 */
static int
link_event_get_head(BerElement *ber, ber_len_t end, struct link_event *ev,
    const char **field, const char **why)
{
	uint64_t t;
	int n;

	*field = "agent";
	if (asn_get_str(ber, end, ev->le_agent, LINK_MAX_IDENTITY, why) == -1)
		return -1;
	*field = "seq";
	if (asn_get_uint(ber, end, UINT64_MAX, &ev->le_seq, why) == -1)
		return -1;
	*field = "time";
	if (asn_get_uint(ber, end, INT64_MAX, &t, why) == -1)
		return -1;
	ev->le_time = (int64_t)t;
	*field = "esm";
	if (asn_get_small(ber, end, LBER_ENUMERATED, &n, why) == -1)
		return -1;
	ev->le_esm = (enum link_event_esm)n;
	*field = "type";
	if (asn_get_small(ber, end, LBER_ENUMERATED, &n, why) == -1)
		return -1;
	ev->le_type = (enum link_event_type)n;
	return 0;
}

static int
link_event_get_fields(BerElement *ber, ber_len_t end, struct link_event *ev,
    const char **field, const char **why)
{
	ber_len_t fend;

	*field = "fields";
	if (asn_left(ber) <= end) {
		*why = "a sequence ends before all its elements";
		return -1;
	}
	if (asn_open(ber, LBER_SEQUENCE, &fend, why) == -1)
		return -1;
	while (asn_peek(ber, fend) != LBER_DEFAULT) {
		if (ev->le_nfields == LINK_EVENT_FIELDS_MAX) {
			*why = "more field names than an event carries";
			return -1;
		}
		if (asn_get_str(ber, fend, ev->le_fields[ev->le_nfields],
		    LINK_EVENT_FIELD_MAX, why) == -1)
			return -1;
		ev->le_nfields++;
	}
	return asn_close(ber, fend, why);
}

static int
link_event_get_names(BerElement *ber, ber_len_t end, struct link_event *ev,
    const char **field, const char **why)
{
	*field = "userid";
	if (asn_get_str(ber, end, ev->le_userid, LINK_EVENT_ID_MAX,
	    why) == -1)
		return -1;
	*field = "group";
	if (asn_get_str(ber, end, ev->le_group, LINK_EVENT_ID_MAX,
	    why) == -1)
		return -1;
	if (link_event_get_fields(ber, end, ev, field, why) == -1)
		return -1;
	*field = "origin";
	return asn_get_str(ber, end, ev->le_origin, LINK_EVENT_ID_MAX, why);
}

static int
link_event_get_tail(BerElement *ber, ber_len_t end, struct link_event *ev,
    const char **field, const char **why)
{
	struct berval bv;
	int n;

	*field = "via";
	if (asn_get_small(ber, end, LBER_ENUMERATED, &n, why) == -1)
		return -1;
	ev->le_via = (enum link_event_via)n;
	*field = "password";
	if (asn_peek(ber, end) == LBER_DEFAULT)
		return 0;
	if (asn_prim(ber, end, LINK_EVENT_TAG_PASSWORD, &bv, why) == -1)
		return -1;
	if (bv.bv_len > sizeof(ev->le_sealed)) {
		*why = "more sealed bytes than a password takes";
		return -1;
	}
	memcpy(ev->le_sealed, bv.bv_val, bv.bv_len);
	ev->le_sealed_len = bv.bv_len;
	*field = "keyid";
	if (asn_peek(ber, end) == LBER_DEFAULT)
		return 0;
	if (asn_prim(ber, end, LINK_EVENT_TAG_KEYID, &bv, why) == -1)
		return -1;
	if (bv.bv_len != LINK_KEY_ID_LEN) {
		*why = "a key id is 4 bytes";
		return -1;
	}
	memcpy(ev->le_keyid, bv.bv_val, LINK_KEY_ID_LEN);
	ev->le_has_keyid = 1;
	return 0;
}

static int
link_event_get(BerElement *ber, struct link_event *ev, const char **field,
    const char **why)
{
	ber_len_t end;

	*field = "body";
	if (asn_open(ber, LBER_SEQUENCE, &end, why) == -1)
		return -1;
	if (link_event_get_head(ber, end, ev, field, why) == -1 ||
	    link_event_get_names(ber, end, ev, field, why) == -1 ||
	    link_event_get_tail(ber, end, ev, field, why) == -1)
		return -1;
	*field = "body";
	if (asn_close(ber, end, why) == -1)
		return -1;
	if (end != 0) {
		*why = "trailing data after the body";
		return -1;
	}
	return 0;
}

int
link_event_decode(const unsigned char *buf, size_t len,
    struct link_event *ev, char *err, size_t errlen)
{
	struct asn_reader r;
	const char *field = "body", *why = NULL;
	int rc;

	memset(ev, 0, sizeof(*ev));
	if (len == 0) {
		snprintf(err, errlen, "the event body is empty");
		return -1;
	}
	if (asn_reader_open(&r, buf, len) == -1) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	rc = link_event_get(r.ar_ber, ev, &field, &why);
	asn_reader_close(&r);
	if (rc == -1) {
		snprintf(err, errlen, "%s: %s", field, why != NULL ? why :
		    "malformed");
		link_event_clear(ev);
		return -1;
	}
	if (link_event_check(ev, err, errlen) == -1) {
		link_event_clear(ev);
		return -1;
	}
	return 0;
}

void
link_event_clear(struct link_event *ev)
{
	OPENSSL_cleanse(ev, sizeof(*ev));
}
