/*
 * check_link_event.c - the event body codec (lib/link_event.c): events
 * round trip; incoherent events are not encoded; malformed bodies, one
 * fault at a time, are refused with a reason naming the field; the type
 * names are the agent's (mainframe-agent/esm.c).
 */
#include "config.h"

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "link_event.h"
#include "mainframe-agent/esm.h"

/* A connect of ALICE to PAYROLL, with two fields, native. */
static void
event_connect(struct link_event *ev)
{
	memset(ev, 0, sizeof(*ev));
	strcpy(ev->le_agent, "PLEX1");
	ev->le_seq = 0x1234567890ULL;
	ev->le_time = 1700000000;
	ev->le_esm = LINK_EVENT_RACF;
	ev->le_type = LINK_EV_CONNECT;
	strcpy(ev->le_userid, "ALICE");
	strcpy(ev->le_group, "PAYROLL");
	strcpy(ev->le_fields[0], "GROUP");
	strcpy(ev->le_fields[1], "AUTHORITY");
	ev->le_nfields = 2;
	strcpy(ev->le_origin, "IBMUSER");
	ev->le_via = LINK_EVENT_NATIVE;
}

/* A password reset of BOB by the gateway, with a sealed password. */
static void
event_reset(struct link_event *ev)
{
	size_t i;

	memset(ev, 0, sizeof(*ev));
	strcpy(ev->le_agent, "PLEX1");
	ev->le_seq = 7;
	ev->le_time = 1700000100;
	ev->le_esm = LINK_EVENT_TSS;
	ev->le_type = LINK_EV_PASSWORD_RESET;
	strcpy(ev->le_userid, "BOB");
	strcpy(ev->le_fields[0], "PASSWORD");
	ev->le_nfields = 1;
	strcpy(ev->le_origin, "ESMAGENT");
	ev->le_via = LINK_EVENT_GATEWAY;
	for (i = 0; i < 24; i++)
		ev->le_sealed[i] = (unsigned char)(0xa0 + i);
	ev->le_sealed_len = 24;
}

static void
assert_same(const struct link_event *a, const struct link_event *b)
{
	size_t i;

	ck_assert_str_eq(a->le_agent, b->le_agent);
	ck_assert(a->le_seq == b->le_seq);
	ck_assert(a->le_time == b->le_time);
	ck_assert_int_eq(a->le_esm, b->le_esm);
	ck_assert_int_eq(a->le_type, b->le_type);
	ck_assert_str_eq(a->le_userid, b->le_userid);
	ck_assert_str_eq(a->le_group, b->le_group);
	ck_assert_uint_eq(a->le_nfields, b->le_nfields);
	for (i = 0; i < a->le_nfields; i++)
		ck_assert_str_eq(a->le_fields[i], b->le_fields[i]);
	ck_assert_str_eq(a->le_origin, b->le_origin);
	ck_assert_int_eq(a->le_via, b->le_via);
	ck_assert_uint_eq(a->le_sealed_len, b->le_sealed_len);
	ck_assert(memcmp(a->le_sealed, b->le_sealed, a->le_sealed_len) == 0);
	ck_assert_int_eq(a->le_has_keyid, b->le_has_keyid);
	ck_assert(memcmp(a->le_keyid, b->le_keyid, LINK_KEY_ID_LEN) == 0);
}

static void
round_trip(const struct link_event *ev)
{
	struct link_event back;
	unsigned char *buf;
	size_t len;
	char err[256];

	ck_assert_msg(link_event_encode(ev, &buf, &len, err, sizeof(err)) ==
	    0, "encode: %s", err);
	ck_assert_msg(link_event_decode(buf, len, &back, err, sizeof(err)) ==
	    0, "decode: %s", err);
	assert_same(ev, &back);
	free(buf);
}

START_TEST(connect_round_trips)
{
	struct link_event ev;

	event_connect(&ev);
	round_trip(&ev);
}
END_TEST

START_TEST(password_reset_round_trips)
{
	struct link_event ev;

	event_reset(&ev);
	round_trip(&ev);
	ev.le_sealed_len = EVENT_SEALED_MAX;
	round_trip(&ev);
	memcpy(ev.le_keyid, "\x1a\x2b\x3c\x4d", LINK_KEY_ID_LEN);
	ev.le_has_keyid = 1;		/* the key that sealed it */
	round_trip(&ev);
	ev.le_has_keyid = 0;
	memset(ev.le_keyid, 0, LINK_KEY_ID_LEN);
	ev.le_sealed_len = 0;		/* a password not carried */
	round_trip(&ev);
}
END_TEST

START_TEST(extremes_round_trip)
{
	struct link_event ev;
	size_t i;

	event_connect(&ev);
	ev.le_seq = UINT64_MAX;
	ev.le_time = INT64_MAX;
	ev.le_origin[0] = '\0';
	memset(ev.le_agent, 'A', LINK_MAX_IDENTITY);
	memset(ev.le_userid, 'U', LINK_EVENT_ID_MAX);
	memset(ev.le_group, 'G', LINK_EVENT_ID_MAX);
	for (i = 0; i < LINK_EVENT_FIELDS_MAX; i++)
		memset(ev.le_fields[i], 'F', LINK_EVENT_FIELD_MAX);
	ev.le_nfields = LINK_EVENT_FIELDS_MAX;
	round_trip(&ev);
	ev.le_seq = 0;
	ev.le_time = 0;
	ev.le_nfields = 0;
	round_trip(&ev);
}
END_TEST

/* The event is not encoded and the reason contains text. */
static void
not_encoded(const struct link_event *ev, const char *text)
{
	unsigned char *buf = (unsigned char *)"x";
	size_t len = 1;
	char err[256];

	ck_assert_int_eq(link_event_encode(ev, &buf, &len, err, sizeof(err)),
	    -1);
	ck_assert_ptr_null(buf);
	ck_assert_uint_eq(len, 0);
	ck_assert_msg(strstr(err, text) != NULL, "reason \"%s\" lacks \"%s\"",
	    err, text);
}

START_TEST(encode_refuses_incoherent_events)
{
	struct link_event ev;

	event_connect(&ev);
	ev.le_group[0] = '\0';
	not_encoded(&ev, "group is empty");
	event_reset(&ev);
	strcpy(ev.le_group, "SYS1");
	not_encoded(&ev, "only connect and remove");
	event_connect(&ev);
	ev.le_sealed_len = 20;
	not_encoded(&ev, "only password changes and resets");
	event_reset(&ev);
	ev.le_sealed_len = CRYPT_TAG_LEN;
	not_encoded(&ev, "16 sealed bytes");
	ev.le_sealed_len = EVENT_SEALED_MAX + 1;
	not_encoded(&ev, "sealed bytes");
	event_reset(&ev);
	ev.le_sealed_len = 0;
	ev.le_has_keyid = 1;
	not_encoded(&ev, "keyid is given without a password");
	event_connect(&ev);
	ev.le_esm = (enum link_event_esm)4;
	not_encoded(&ev, "esm 4");
	event_connect(&ev);
	ev.le_type = (enum link_event_type)0;
	not_encoded(&ev, "type 0");
	ev.le_type = (enum link_event_type)(LINK_EV_MAX + 1);
	not_encoded(&ev, "not an event type");
	event_connect(&ev);
	ev.le_via = (enum link_event_via)2;
	not_encoded(&ev, "via 2");
	event_connect(&ev);
	ev.le_time = -1;
	not_encoded(&ev, "before the epoch");
	event_connect(&ev);
	ev.le_userid[0] = '\0';
	not_encoded(&ev, "userid is empty");
	event_connect(&ev);
	ev.le_agent[0] = '\0';
	not_encoded(&ev, "agent is empty");
	event_connect(&ev);
	strcpy(ev.le_userid, "AL CE");
	not_encoded(&ev, "userid holds a byte 0x20");
	event_connect(&ev);
	strcpy(ev.le_origin, "IBM\x7fUSER");
	not_encoded(&ev, "origin holds a byte 0x7f");
	event_connect(&ev);
	memset(ev.le_agent, 'A', sizeof(ev.le_agent));
	not_encoded(&ev, "agent is longer than 64 bytes");
	event_connect(&ev);
	ev.le_fields[1][0] = '\0';
	not_encoded(&ev, "field 2 is empty");
	ev.le_nfields = LINK_EVENT_FIELDS_MAX + 1;
	not_encoded(&ev, "more than 64 names");
}
END_TEST

/* ---- malformed bodies ------------------------------------------------ */

/* One fault to put into an otherwise good body (a password reset). */
enum fault {
	F_NONE,
	F_OUTER_SET,		/* SET instead of SEQUENCE */
	F_SEQ_NOT_MINIMAL,
	F_SEQ_NEGATIVE,
	F_TIME_TOO_BIG,		/* 2^63 */
	F_ESM_AS_INTEGER,
	F_ESM_UNKNOWN,
	F_TYPE_TOO_LONG,	/* a five-byte ENUMERATED */
	F_USERID_LONG,
	F_USERID_NUL,
	F_USERID_MISSING,	/* the body ends after type */
	F_FIELDS_NOT_SEQ,
	F_FIELDS_TOO_MANY,
	F_FIELD_LONG,
	F_FIELD_NOT_STRING,
	F_VIA_UNKNOWN,
	F_PASSWORD_TAG,		/* [1] instead of [0] */
	F_PASSWORD_LONG,
	F_PASSWORD_SHORT,
	F_EXTRA_ELEMENT,	/* one more element inside the body */
	F_TRAILING,		/* a byte after the body */
	F_KEYID_SHORT,		/* a 3-byte key id */
	F_KEYID_TWICE,
	F_PASSWORD_ON_MODIFY,
};

static void
put_prim(BerElement *ber, ber_tag_t tag, const void *p, size_t n)
{
	ck_assert_int_ne(ber_put_ostring(ber, p, n, tag), -1);
}

static void
put_str(BerElement *ber, const char *s)
{
	put_prim(ber, LBER_OCTETSTRING, s, strlen(s));
}

static void
put_head(BerElement *ber, enum fault f)
{
	ck_assert_int_ne(ber_printf(ber, f == F_OUTER_SET ? "[" : "{"), -1);
	put_str(ber, "PLEX1");
	if (f == F_SEQ_NOT_MINIMAL)
		put_prim(ber, LBER_INTEGER, "\x00\x07", 2);
	else if (f == F_SEQ_NEGATIVE)
		put_prim(ber, LBER_INTEGER, "\xf9", 1);
	else
		put_prim(ber, LBER_INTEGER, "\x07", 1);
	if (f == F_TIME_TOO_BIG)
		put_prim(ber, LBER_INTEGER, "\x00\x80\0\0\0\0\0\0\0", 9);
	else
		put_prim(ber, LBER_INTEGER, "\x65\x53\xf1\x00", 4);
	if (f == F_ESM_AS_INTEGER)
		put_prim(ber, LBER_INTEGER, "\x01", 1);
	else
		put_prim(ber, LBER_ENUMERATED, f == F_ESM_UNKNOWN ? "\x09" :
		    "\x01", 1);
	if (f == F_TYPE_TOO_LONG)
		put_prim(ber, LBER_ENUMERATED, "\0\0\0\0\x05", 5);
	else
		put_prim(ber, LBER_ENUMERATED, f == F_PASSWORD_ON_MODIFY ?
		    "\x02" : "\x05", 1);
}

static void
put_fields(BerElement *ber, enum fault f)
{
	char name[LINK_EVENT_FIELD_MAX + 2];
	int i;

	if (f == F_FIELDS_NOT_SEQ) {
		put_str(ber, "PASSWORD");
		return;
	}
	ck_assert_int_ne(ber_printf(ber, "{"), -1);
	if (f == F_FIELDS_TOO_MANY)
		for (i = 0; i < LINK_EVENT_FIELDS_MAX; i++)
			put_str(ber, "NAME");
	if (f == F_FIELD_LONG) {
		memset(name, 'N', LINK_EVENT_FIELD_MAX + 1);
		name[LINK_EVENT_FIELD_MAX + 1] = '\0';
		put_str(ber, name);
	} else if (f == F_FIELD_NOT_STRING)
		put_prim(ber, LBER_INTEGER, "\x01", 1);
	else
		put_str(ber, "PASSWORD");
	ck_assert_int_ne(ber_printf(ber, "}"), -1);
}

static void
put_names(BerElement *ber, enum fault f)
{
	char longid[LINK_EVENT_ID_MAX + 2];

	memset(longid, 'U', sizeof(longid) - 1);
	longid[sizeof(longid) - 1] = '\0';
	if (f == F_USERID_LONG)
		put_str(ber, longid);
	else if (f == F_USERID_NUL)
		put_prim(ber, LBER_OCTETSTRING, "B\0B", 3);
	else
		put_str(ber, "BOB");
	put_str(ber, "");
	put_fields(ber, f);
	put_str(ber, "ESMAGENT");
}

static void
put_tail(BerElement *ber, enum fault f)
{
	unsigned char sealed[EVENT_SEALED_MAX + 1];
	size_t n = 24;

	memset(sealed, 0xa5, sizeof(sealed));
	put_prim(ber, LBER_ENUMERATED, f == F_VIA_UNKNOWN ? "\x03" : "\x01",
	    1);
	if (f == F_PASSWORD_LONG)
		n = EVENT_SEALED_MAX + 1;
	else if (f == F_PASSWORD_SHORT)
		n = CRYPT_TAG_LEN;
	put_prim(ber, f == F_PASSWORD_TAG ? LBER_CLASS_CONTEXT | 1 :
	    LBER_CLASS_CONTEXT, sealed, n);
	if (f == F_EXTRA_ELEMENT)
		put_str(ber, "MORE");
	if (f == F_KEYID_SHORT || f == F_KEYID_TWICE)
		put_prim(ber, LBER_CLASS_CONTEXT | 1, "\x1a\x2b\x3c\x4d",
		    f == F_KEYID_SHORT ? 3 : 4);
	if (f == F_KEYID_TWICE)
		put_prim(ber, LBER_CLASS_CONTEXT | 1, "\x1a\x2b\x3c\x4d", 4);
}

static unsigned char *
faulty_body(enum fault f, size_t *len)
{
	BerElement *ber = ber_alloc_t(LBER_USE_DER);
	struct berval bv;
	unsigned char *out;

	ck_assert_ptr_nonnull(ber);
	put_head(ber, f);
	if (f != F_USERID_MISSING) {
		put_names(ber, f);
		put_tail(ber, f);
	}
	ck_assert_int_ne(ber_printf(ber, f == F_OUTER_SET ? "]" : "}"), -1);
	ck_assert_int_eq(ber_flatten2(ber, &bv, 0), 0);
	out = malloc(bv.bv_len + 1);
	ck_assert_ptr_nonnull(out);
	memcpy(out, bv.bv_val, bv.bv_len);
	out[bv.bv_len] = 0x00;
	*len = bv.bv_len + (f == F_TRAILING);
	ber_free(ber, 1);
	return out;
}

/* The body with fault f is refused and the reason contains text. */
static void
refused(enum fault f, const char *text)
{
	struct link_event ev;
	unsigned char *buf;
	size_t len;
	char err[256];

	buf = faulty_body(f, &len);
	ck_assert_int_eq(link_event_decode(buf, len, &ev, err, sizeof(err)),
	    -1);
	ck_assert_msg(strstr(err, text) != NULL, "fault %d: reason \"%s\" "
	    "lacks \"%s\"", (int)f, err, text);
	/* Nothing of a refused body stays in the event. */
	ck_assert_uint_eq(ev.le_sealed_len, 0);
	ck_assert_str_eq(ev.le_userid, "");
	free(buf);
}

START_TEST(good_body_decodes)
{
	struct link_event ev;
	unsigned char *buf;
	size_t len;
	char err[256];

	buf = faulty_body(F_NONE, &len);
	ck_assert_msg(link_event_decode(buf, len, &ev, err, sizeof(err)) ==
	    0, "%s", err);
	ck_assert_str_eq(ev.le_userid, "BOB");
	ck_assert_int_eq(ev.le_type, LINK_EV_PASSWORD_RESET);
	ck_assert_int_eq(ev.le_via, LINK_EVENT_GATEWAY);
	ck_assert_uint_eq(ev.le_sealed_len, 24);
	ck_assert(ev.le_time == 1700000000);
	free(buf);
}
END_TEST

START_TEST(malformed_bodies_are_refused)
{
	refused(F_OUTER_SET, "body: unexpected tag");
	refused(F_SEQ_NOT_MINIMAL, "seq: an INTEGER is negative, too large "
	    "or not minimal");
	refused(F_SEQ_NEGATIVE, "seq: an INTEGER is negative");
	refused(F_TIME_TOO_BIG, "time: an INTEGER is out of range");
	refused(F_ESM_AS_INTEGER, "esm: expected an ENUMERATED");
	refused(F_ESM_UNKNOWN, "esm 9 is not");
	refused(F_TYPE_TOO_LONG, "type: a small integer has a bad length");
	refused(F_USERID_LONG, "userid: a string is longer than its limit");
	refused(F_USERID_NUL, "userid: a string holds a NUL byte");
	refused(F_USERID_MISSING, "userid: a sequence ends before all its "
	    "elements");
	refused(F_FIELDS_NOT_SEQ, "fields: unexpected tag");
	refused(F_FIELDS_TOO_MANY, "fields: more field names");
	refused(F_FIELD_LONG, "fields: a string is longer than its limit");
	refused(F_FIELD_NOT_STRING, "fields: expected an OCTET STRING");
	refused(F_VIA_UNKNOWN, "via 3 is not");
	refused(F_PASSWORD_TAG, "password: unexpected tag");
	refused(F_PASSWORD_LONG, "password: more sealed bytes");
	refused(F_PASSWORD_SHORT, "password: 16 sealed bytes");
	/* After the password only its key id may come. */
	refused(F_EXTRA_ELEMENT, "keyid: unexpected tag");
	refused(F_KEYID_SHORT, "keyid: a key id is 4 bytes");
	refused(F_KEYID_TWICE, "body: trailing data at the end of a "
	    "sequence");
	refused(F_TRAILING, "body: trailing data after the body");
	refused(F_PASSWORD_ON_MODIFY, "password is given for a modify event");
}
END_TEST

/* Every cut of a good body is refused, never read past its end. */
START_TEST(truncated_bodies_are_refused)
{
	struct link_event ev;
	unsigned char *buf;
	size_t len, cut;
	char err[256];

	buf = faulty_body(F_NONE, &len);
	for (cut = 0; cut < len; cut++) {
		err[0] = '\0';
		ck_assert_msg(link_event_decode(buf, cut, &ev, err,
		    sizeof(err)) == -1, "a body cut at %zu decoded", cut);
		ck_assert_msg(err[0] != '\0', "no reason at cut %zu", cut);
	}
	free(buf);
}
END_TEST

/* ---- names ----------------------------------------------------------- */

START_TEST(type_names_are_the_agents)
{
	enum link_event_type t, back;
	const char *agent;
	int i;

	for (i = LINK_EV_CREATE; i <= LINK_EV_MAX; i++) {
		t = (enum link_event_type)i;
		agent = esm_event_type_name((enum esm_event_type)i);
		/* The agent may not know the newest type yet. */
		if (strcmp(agent, "unknown") != 0)
			ck_assert_str_eq(link_event_type_name(t), agent);
		ck_assert_int_eq(link_event_type_parse(link_event_type_name(t),
		    &back), 0);
		ck_assert_int_eq(back, t);
	}
	/* Every type the agent names, the link carries. */
	for (i = ESM_EV_CREATE; strcmp(esm_event_type_name(
	    (enum esm_event_type)i), "unknown") != 0; i++)
		ck_assert_ptr_nonnull(link_event_type_name(
		    (enum link_event_type)i));
	ck_assert_ptr_null(link_event_type_name((enum link_event_type)0));
	ck_assert_ptr_null(link_event_type_name(
	    (enum link_event_type)(LINK_EV_MAX + 1)));
	ck_assert_int_eq(link_event_type_parse("rename", &back), -1);
}
END_TEST

START_TEST(esm_names_round_trip)
{
	enum link_event_esm e;

	ck_assert_int_eq(link_event_esm_parse("acf2", &e), 0);
	ck_assert_int_eq(e, LINK_EVENT_ACF2);
	ck_assert_str_eq(link_event_esm_name(LINK_EVENT_TSS), "tss");
	ck_assert_int_eq(link_event_esm_parse("RACF", &e), -1);
	ck_assert_ptr_null(link_event_esm_name((enum link_event_esm)0));
	ck_assert(link_event_is_password(LINK_EV_PASSWORD_RESET_NOEXPIRE));
	ck_assert(!link_event_is_password(LINK_EV_PASSWORD_EXPIRED));
	ck_assert(link_event_is_connection(LINK_EV_REMOVE));
	ck_assert(link_event_is_group(LINK_EV_GROUP_DELETE));
	ck_assert(!link_event_is_group(LINK_EV_DELETE));
}
END_TEST

START_TEST(clear_zeroes_the_sealed_password)
{
	struct link_event ev;
	size_t i;

	event_reset(&ev);
	link_event_clear(&ev);
	for (i = 0; i < sizeof(ev.le_sealed); i++)
		ck_assert_int_eq(ev.le_sealed[i], 0);
	ck_assert_uint_eq(ev.le_sealed_len, 0);
}
END_TEST

static Suite *
link_event_suite(void)
{
	Suite *s = suite_create("link_event");
	TCase *tc;

	tc = tcase_create("round_trip");
	tcase_add_test(tc, connect_round_trips);
	tcase_add_test(tc, password_reset_round_trips);
	tcase_add_test(tc, extremes_round_trip);
	tcase_add_test(tc, encode_refuses_incoherent_events);
	suite_add_tcase(s, tc);
	tc = tcase_create("malformed");
	tcase_add_test(tc, good_body_decodes);
	tcase_add_test(tc, malformed_bodies_are_refused);
	tcase_add_test(tc, truncated_bodies_are_refused);
	suite_add_tcase(s, tc);
	tc = tcase_create("names");
	tcase_add_test(tc, type_names_are_the_agents);
	tcase_add_test(tc, esm_names_round_trip);
	tcase_add_test(tc, clear_zeroes_the_sealed_password);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(link_event_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
