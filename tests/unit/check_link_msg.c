/*
 * check_link_msg.c - BER codec of link messages (link_msg.c): every type
 * round trips, and malformed payloads are refused with a reason.
 */
#include "config.h"

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "link.h"
#include "link_int.h"

static struct berval
bv_of(const char *s)
{
	struct berval bv;

	bv.bv_val = (char *)s;
	bv.bv_len = strlen(s);
	return bv;
}

/* Encode m, decode into out; returns the encoding (caller frees). */
static unsigned char *
round_trip(const struct link_msg *m, struct link_msg *out, size_t *len)
{
	unsigned char *buf;
	const char *why;

	ck_assert_int_eq(link_msg_encode(m, &buf, len), 0);
	ck_assert_int_eq(link_msg_decode(buf, *len, out, &why), 0);
	ck_assert_int_eq(out->lm_type, m->lm_type);
	ck_assert(out->lm_id == m->lm_id);
	return buf;
}

static int
bv_eq(const struct berval *a, const char *s)
{
	return a->bv_len == strlen(s) && memcmp(a->bv_val, s, a->bv_len) == 0;
}

START_TEST(request_round_trip)
{
	struct link_msg m, d;
	struct berval args[3];
	unsigned char *buf;
	size_t len;

	memset(&m, 0, sizeof(m));
	m.lm_type = LINK_MSG_REQUEST;
	m.lm_id = UINT64_MAX;
	m.lm_kind = LINK_REQ_VERIFY;
	m.lm_window = UINT32_MAX;
	args[0] = bv_of("IBMUSER");
	args[1] = bv_of("secret");
	args[2] = bv_of("");
	m.lm_args = args;
	m.lm_nargs = 3;
	m.lm_who.li_dn = "cn=admin,o=example";
	m.lm_who.li_realm = "EXAMPLE.COM";
	m.lm_who.li_address = "192.0.2.7:389";
	m.lm_who.li_conn = 0x80;
	m.lm_who.li_op = 1ULL << 40;
	buf = round_trip(&m, &d, &len);
	ck_assert_int_eq(d.lm_kind, LINK_REQ_VERIFY);
	ck_assert_uint_eq(d.lm_window, UINT32_MAX);
	ck_assert_uint_eq(d.lm_nargs, 3);
	ck_assert(bv_eq(&d.lm_args[0], "IBMUSER"));
	ck_assert(bv_eq(&d.lm_args[1], "secret"));
	ck_assert(bv_eq(&d.lm_args[2], ""));
	ck_assert_uint_eq(d.lm_command.bv_len, 0);
	ck_assert_str_eq(d.lm_who.li_dn, "cn=admin,o=example");
	ck_assert_str_eq(d.lm_who.li_realm, "EXAMPLE.COM");
	ck_assert_str_eq(d.lm_who.li_address, "192.0.2.7:389");
	ck_assert(d.lm_who.li_conn == 0x80);
	ck_assert(d.lm_who.li_op == 1ULL << 40);
	link_msg_clear(&d);
	free(buf);

	memset(&m, 0, sizeof(m));
	m.lm_type = LINK_MSG_REQUEST;
	m.lm_id = 7;
	m.lm_kind = LINK_REQ_COMMAND;
	m.lm_command = bv_of("LISTUSER IBMUSER");
	m.lm_window = 8;
	buf = round_trip(&m, &d, &len);
	ck_assert_int_eq(d.lm_kind, LINK_REQ_COMMAND);
	ck_assert(bv_eq(&d.lm_command, "LISTUSER IBMUSER"));
	ck_assert_uint_eq(d.lm_nargs, 0);
	ck_assert_str_eq(d.lm_who.li_dn, "");
	link_msg_clear(&d);
	free(buf);
}
END_TEST

START_TEST(response_round_trip)
{
	struct link_msg m, d;
	struct berval lines[2];
	unsigned char *buf;
	size_t len;

	memset(&m, 0, sizeof(m));
	m.lm_type = LINK_MSG_RESPONSE;
	m.lm_id = 42;
	m.lm_rc = -8;
	m.lm_more = 1;
	lines[0] = bv_of("USER=IBMUSER  NAME=UNKNOWN");
	lines[1] = bv_of("");
	m.lm_lines = lines;
	m.lm_nlines = 2;
	buf = round_trip(&m, &d, &len);
	ck_assert_int_eq(d.lm_rc, -8);
	ck_assert_int_eq(d.lm_more, 1);
	ck_assert_uint_eq(d.lm_nlines, 2);
	ck_assert(bv_eq(&d.lm_lines[0], "USER=IBMUSER  NAME=UNKNOWN"));
	link_msg_clear(&d);
	free(buf);
	m.lm_more = 0;
	m.lm_rc = 12;
	m.lm_nlines = 0;
	buf = round_trip(&m, &d, &len);
	ck_assert_int_eq(d.lm_rc, 12);
	ck_assert_int_eq(d.lm_more, 0);
	ck_assert_uint_eq(d.lm_nlines, 0);
	link_msg_clear(&d);
	free(buf);
}
END_TEST

START_TEST(small_types_round_trip)
{
	enum link_msg_type types[] = { LINK_MSG_CREDIT, LINK_MSG_CANCEL,
	    LINK_MSG_PING, LINK_MSG_PONG, LINK_MSG_EVENT,
	    LINK_MSG_EVENT_ACK };
	struct link_msg m, d;
	unsigned char *buf;
	size_t i, len;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		memset(&m, 0, sizeof(m));
		m.lm_type = types[i];
		m.lm_id = 1000 + i;
		m.lm_window = 5;
		m.lm_body = bv_of("\x30\x03\x02\x01\x05");
		buf = round_trip(&m, &d, &len);
		if (types[i] == LINK_MSG_CREDIT)
			ck_assert_uint_eq(d.lm_window, 5);
		if (types[i] == LINK_MSG_EVENT)
			ck_assert(bv_eq(&d.lm_body, "\x30\x03\x02\x01\x05"));
		link_msg_clear(&d);
		free(buf);
	}
}
END_TEST

START_TEST(encode_refuses_bad_input)
{
	struct link_msg m;
	unsigned char *buf;
	char dn[LINK_DN_MAX + 2];
	size_t len;

	memset(&m, 0, sizeof(m));
	m.lm_type = 99;
	ck_assert_int_eq(link_msg_encode(&m, &buf, &len), -1);
	m.lm_type = LINK_MSG_REQUEST;
	memset(dn, 'a', sizeof(dn) - 1);
	dn[sizeof(dn) - 1] = '\0';
	m.lm_who.li_dn = dn;
	ck_assert_int_eq(link_msg_encode(&m, &buf, &len), -1);
	dn[LINK_DN_MAX] = '\0';
	ck_assert_int_eq(link_msg_encode(&m, &buf, &len), 0);
	free(buf);
	m.lm_kind = 5;
	ck_assert_int_eq(link_msg_encode(&m, &buf, &len), -1);
}
END_TEST

/* Decoding fails and the reason contains text. */
static void
refused(const unsigned char *buf, size_t len, const char *text)
{
	struct link_msg d;
	const char *why = NULL;

	ck_assert_int_eq(link_msg_decode(buf, len, &d, &why), -1);
	ck_assert_ptr_nonnull(why);
	ck_assert_msg(strstr(why, text) != NULL, "reason \"%s\" lacks \"%s\"",
	    why, text);
	ck_assert_ptr_null(d.lm_priv);
}

START_TEST(decode_refuses_malformed)
{
	/* cancel id 5: 64 03 02 01 05 */
	const unsigned char good[] = { 0x64, 0x03, 0x02, 0x01, 0x05 };
	const unsigned char trailing[] = { 0x64, 0x03, 0x02, 0x01, 0x05,
	    0x00 };
	const unsigned char inner[] = { 0x64, 0x05, 0x02, 0x01, 0x05, 0x04,
	    0x00 };
	const unsigned char wrongtag[] = { 0x69, 0x03, 0x02, 0x01, 0x05 };
	const unsigned char universal[] = { 0x30, 0x03, 0x02, 0x01, 0x05 };
	const unsigned char longlen[] = { 0x64, 0x09, 0x02, 0x01, 0x05 };
	const unsigned char overrun[] = { 0x64, 0x03, 0x02, 0x03, 0x05, 0x01,
	    0x01 };
	const unsigned char negative[] = { 0x64, 0x03, 0x02, 0x01, 0x85 };
	const unsigned char nonmin[] = { 0x64, 0x04, 0x02, 0x02, 0x00, 0x05 };
	const unsigned char notint[] = { 0x64, 0x03, 0x04, 0x01, 0x05 };
	const unsigned char empty[] = { 0x64, 0x00 };
	/* credit id 1 window 2^32 */
	const unsigned char bigwin[] = { 0x63, 0x0a, 0x02, 0x01, 0x01, 0x02,
	    0x05, 0x01, 0x00, 0x00, 0x00, 0x00 };
	struct link_msg d;
	const char *why;

	ck_assert_int_eq(link_msg_decode(good, sizeof(good), &d, &why), 0);
	ck_assert_int_eq(d.lm_type, LINK_MSG_CANCEL);
	ck_assert(d.lm_id == 5);
	link_msg_clear(&d);
	refused(trailing, sizeof(trailing), "trailing data after");
	refused(inner, sizeof(inner), "trailing data at the end of a sequence");
	refused(wrongtag, sizeof(wrongtag), "unknown tag");
	refused(universal, sizeof(universal), "unknown tag");
	refused(longlen, sizeof(longlen), "truncated");
	refused(overrun, sizeof(overrun), "past the end");
	refused(negative, sizeof(negative), "negative");
	refused(nonmin, sizeof(nonmin), "not minimal");
	refused(notint, sizeof(notint), "expected an INTEGER");
	refused(empty, sizeof(empty), "ends before");
	refused(bigwin, sizeof(bigwin), "out of range");
	refused(good, 0, "empty");
	refused(good, 3, "truncated");
}
END_TEST

static unsigned char *
encode_raw(BerElement *ber, size_t *len)
{
	struct berval bv;
	unsigned char *out;

	ck_assert_int_eq(ber_flatten2(ber, &bv, 0), 0);
	out = malloc(bv.bv_len);
	memcpy(out, bv.bv_val, bv.bv_len);
	*len = bv.bv_len;
	ber_free(ber, 1);
	return out;
}

/* A request whose identity has the given dn and realm. */
static unsigned char *
request_with(const char *dn, size_t dnlen, const char *realm, size_t *len)
{
	BerElement *ber = ber_alloc_t(LBER_USE_DER);

	ck_assert_int_ne(ber_printf(ber, "t{iei", (ber_tag_t)0x61, 1, 0, 8),
	    -1);
	ck_assert_int_ne(ber_printf(ber, "s{}{oosii}}", "X", dn,
	    (ber_len_t)dnlen, realm, strlen(realm), "addr", 1, 2), -1);
	return encode_raw(ber, len);
}

START_TEST(decode_enforces_identity_limits)
{
	char dn[LINK_DN_MAX + 1], realm[LINK_REALM_MAX + 2];
	unsigned char *buf;
	struct link_msg d;
	const char *why;
	size_t len;

	memset(dn, 'd', sizeof(dn));
	memset(realm, 'r', sizeof(realm));
	realm[LINK_REALM_MAX] = '\0';
	buf = request_with(dn, LINK_DN_MAX, realm, &len);
	ck_assert_int_eq(link_msg_decode(buf, len, &d, &why), 0);
	ck_assert_uint_eq(strlen(d.lm_who.li_dn), LINK_DN_MAX);
	ck_assert_uint_eq(strlen(d.lm_who.li_realm), LINK_REALM_MAX);
	link_msg_clear(&d);
	free(buf);
	buf = request_with(dn, LINK_DN_MAX + 1, realm, &len);
	refused(buf, len, "longer than its limit");
	free(buf);
	realm[LINK_REALM_MAX] = 'r';
	realm[LINK_REALM_MAX + 1] = '\0';
	buf = request_with(dn, 3, realm, &len);
	refused(buf, len, "longer than its limit");
	free(buf);
	realm[3] = '\0';
	buf = request_with("a\0b", 3, realm, &len);
	refused(buf, len, "NUL");
	free(buf);
}
END_TEST

/* The lines of a response, decoded from the buffer: each element must
   be an OCTET STRING with a definite length inside the sequence. */
START_TEST(decode_refuses_malformed_lines)
{
	struct link_msg m, d;
	struct berval lines[2];
	unsigned char *buf, *at, *mut;
	size_t len, off;
	const char *why;

	memset(&m, 0, sizeof(m));
	m.lm_type = LINK_MSG_RESPONSE;
	m.lm_id = 7;
	lines[0] = bv_of("abc");
	lines[1] = bv_of("de");
	m.lm_lines = lines;
	m.lm_nlines = 2;
	ck_assert_int_eq(link_msg_encode(&m, &buf, &len), 0);
	at = memmem(buf, len, "\x04\x03" "abc", 5);
	ck_assert_ptr_nonnull(at);
	off = (size_t)(at - buf);
	mut = malloc(len);
	ck_assert_ptr_nonnull(mut);

	memcpy(mut, buf, len);
	mut[off] = 0x02;
	refused(mut, len, "expected an OCTET STRING");
	memcpy(mut, buf, len);
	mut[off + 1] = 0x09;
	refused(mut, len, "past the end");
	memcpy(mut, buf, len);
	mut[off + 1] = 0x80;		/* indefinite: not DER */
	refused(mut, len, "bad length");
	memcpy(mut, buf, len);
	mut[off + 1] = 0x89;		/* more length octets than a size_t */
	refused(mut, len, "bad length");
	memcpy(mut, buf, len);
	mut[off + 1] = 0x81;		/* long form: 0x61 octets follow */
	refused(mut, len, "past the end");

	/* The message as encoded decodes. */
	ck_assert_int_eq(link_msg_decode(buf, len, &d, &why), 0);
	ck_assert_uint_eq(d.lm_nlines, 2);
	ck_assert(bv_eq(&d.lm_lines[1], "de"));
	link_msg_clear(&d);
	free(mut);
	free(buf);
}
END_TEST

START_TEST(decode_caps_counts)
{
	BerElement *ber;
	unsigned char *buf;
	size_t i, len;

	ber = ber_alloc_t(LBER_USE_DER);
	ck_assert_int_ne(ber_printf(ber, "t{iib{", (ber_tag_t)0x62, 1, 0, 1),
	    -1);
	for (i = 0; i < LINK_MAX_LINES + 1; i++)
		ck_assert_int_ne(ber_printf(ber, "o", "", (ber_len_t)0), -1);
	ck_assert_int_ne(ber_printf(ber, "}}"), -1);
	buf = encode_raw(ber, &len);
	refused(buf, len, "too many values");
	free(buf);

	ber = ber_alloc_t(LBER_USE_DER);
	ck_assert_int_ne(ber_printf(ber, "t{iei", (ber_tag_t)0x61, 1, 1, 8),
	    -1);
	ck_assert_int_ne(ber_printf(ber, "s{", ""), -1);
	for (i = 0; i < LINK_MAX_ARGS + 1; i++)
		ck_assert_int_ne(ber_printf(ber, "s", "x"), -1);
	ck_assert_int_ne(ber_printf(ber, "}{sssii}}", "", "", "", 1, 2), -1);
	buf = encode_raw(ber, &len);
	refused(buf, len, "too many values");
	free(buf);

	ber = ber_alloc_t(LBER_USE_DER);
	ck_assert_int_ne(ber_printf(ber, "t{iei", (ber_tag_t)0x61, 1, 3, 8),
	    -1);
	ck_assert_int_ne(ber_printf(ber, "s{}{sssii}}", "", "", "", "", 1, 2),
	    -1);
	buf = encode_raw(ber, &len);
	refused(buf, len, "unknown request kind");
	free(buf);
}
END_TEST

static Suite *
link_msg_suite(void)
{
	Suite *s = suite_create("link_msg");
	TCase *tc;

	tc = tcase_create("round_trip");
	tcase_add_test(tc, request_round_trip);
	tcase_add_test(tc, response_round_trip);
	tcase_add_test(tc, small_types_round_trip);
	tcase_add_test(tc, encode_refuses_bad_input);
	suite_add_tcase(s, tc);
	tc = tcase_create("malformed");
	tcase_add_test(tc, decode_refuses_malformed);
	tcase_add_test(tc, decode_refuses_malformed_lines);
	tcase_add_test(tc, decode_enforces_identity_limits);
	tcase_add_test(tc, decode_caps_counts);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(link_msg_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
