/*
 * check_link_session.c - the sans-IO link protocol (link_session.c): the
 * handshake with both ciphers, and every way a peer can be refused.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "link.h"
#include "link_int.h"

struct side {
	struct link_session	*s;
	int			 ready;
	int			 failed;
	int			 nmsg;
	enum link_msg_type	 last_type;
	uint64_t		 last_id;
};

static struct link_key key_a, key_b;

static void
keys_setup(void)
{
	size_t i;

	key_a.lk_len = key_b.lk_len = 16;
	for (i = 0; i < 16; i++) {
		key_a.lk_bytes[i] = (unsigned char)i;
		key_b.lk_bytes[i] = (unsigned char)(i + 1);
	}
}

static void
side_init_keys(struct side *x, enum link_role role, const char *id,
    const char *peer_kind, const struct link_key *key,
    const struct link_key *prev, enum link_cipher cipher, size_t max)
{
	struct link_params p;

	memset(x, 0, sizeof(*x));
	memset(&p, 0, sizeof(p));
	p.lp_role = role;
	p.lp_identity = id;
	p.lp_peer_kind = peer_kind;
	p.lp_key = key;
	p.lp_key_previous = prev;
	p.lp_cipher = cipher;
	p.lp_max_frame = max;
	x->s = link_session_new(&p, role == LINK_ROLE_SERVER ?
	    "127.0.0.1:40122" : "127.0.0.1:7001");
	link_session_start(x->s);
}

static void
side_init_kind(struct side *x, enum link_role role, const char *id,
    const char *peer_kind, const struct link_key *key,
    enum link_cipher cipher, size_t max)
{
	side_init_keys(x, role, id, peer_kind, key, NULL, cipher, max);
}

static void
side_init(struct side *x, enum link_role role, const char *id,
    const struct link_key *key, enum link_cipher cipher, size_t max)
{
	side_init_kind(x, role, id, NULL, key, cipher, max);
}

/* Feed bytes into x, recording events. */
static void
feed(struct side *x, const unsigned char *buf, size_t len)
{
	enum link_session_event ev;
	const struct link_msg *m;
	size_t used;

	while (!x->failed) {
		ev = link_session_feed(x->s, buf, len, &used);
		buf += used;
		len -= used;
		if (ev == LINK_SESSION_FAILED)
			x->failed = 1;
		else if (ev == LINK_SESSION_READY)
			x->ready = 1;
		else if (ev == LINK_SESSION_MESSAGE) {
			m = link_session_msg(x->s);
			x->nmsg++;
			x->last_type = m->lm_type;
			x->last_id = m->lm_id;
		} else if (len == 0)
			break;
	}
}

/* Take what from has queued (caller frees). */
static unsigned char *
take(struct side *from, size_t *len)
{
	const unsigned char *p = link_session_output(from->s, len);
	unsigned char *copy = malloc(*len + 1);

	if (*len > 0)
		memcpy(copy, p, *len);
	link_session_output_drain(from->s, *len);
	return copy;
}

static void
pump(struct side *from, struct side *to)
{
	unsigned char *buf;
	size_t len;

	buf = take(from, &len);
	feed(to, buf, len);
	free(buf);
}

static void
handshake(struct side *c, struct side *sv)
{
	pump(c, sv);
	pump(sv, c);
	pump(c, sv);
}

static void
sides_free(struct side *a, struct side *b)
{
	link_session_free(a->s);
	link_session_free(b->s);
}

static void
assert_reason(struct side *x, const char *text)
{
	const char *r = link_session_reason(x->s);

	ck_assert_int_eq(x->failed, 1);
	ck_assert_ptr_nonnull(r);
	ck_assert_msg(strstr(r, text) != NULL, "reason \"%s\" lacks \"%s\"",
	    r, text);
}

/* A sealed PING frame from x (caller frees). */
static unsigned char *
sealed_ping(struct side *x, uint64_t id, size_t *len)
{
	struct link_msg m;

	memset(&m, 0, sizeof(m));
	m.lm_type = LINK_MSG_PING;
	m.lm_id = id;
	ck_assert_int_eq(link_session_seal(x->s, &m), 0);
	return take(x, len);
}

static void
ready_pair(struct side *c, struct side *sv)
{
	side_init(c, LINK_ROLE_CLIENT, "GW1", &key_a, LINK_CIPHER_AES128_GCM,
	    0);
	side_init(sv, LINK_ROLE_SERVER, "SYS1", &key_a,
	    LINK_CIPHER_AES128_GCM, 0);
	handshake(c, sv);
	ck_assert(c->ready && sv->ready);
}

START_TEST(handshake_both_ciphers)
{
	enum link_cipher ciphers[] = { LINK_CIPHER_AES128_GCM,
	    LINK_CIPHER_AES256_GCM };
	struct side c, sv;
	unsigned char *f;
	size_t len;
	int i;

	for (i = 0; i < 2; i++) {
		side_init(&c, LINK_ROLE_CLIENT, "GW1", &key_a, ciphers[i], 0);
		side_init(&sv, LINK_ROLE_SERVER, "SYS1", &key_a, ciphers[i],
		    0);
		ck_assert_int_eq(link_session_is_ready(c.s), 0);
		handshake(&c, &sv);
		ck_assert_int_eq(c.ready, 1);
		ck_assert_int_eq(sv.ready, 1);
		ck_assert_str_eq(link_session_peer_identity(c.s), "SYS1");
		ck_assert_str_eq(link_session_peer_identity(sv.s), "GW1");
		ck_assert_str_eq(link_session_peer_name(c.s), "agent SYS1");
		ck_assert_int_eq(link_session_cipher(sv.s), ciphers[i]);
		f = sealed_ping(&c, 11, &len);
		feed(&sv, f, len);
		free(f);
		ck_assert_int_eq(sv.nmsg, 1);
		ck_assert_int_eq(sv.last_type, LINK_MSG_PING);
		ck_assert(sv.last_id == 11);
		f = sealed_ping(&sv, 12, &len);
		/* One byte at a time: framing keeps its place. */
		for (size_t k = 0; k < len; k++)
			feed(&c, f + k, 1);
		free(f);
		ck_assert_int_eq(c.nmsg, 1);
		ck_assert(c.last_id == 12);
		sides_free(&c, &sv);
	}
}
END_TEST

START_TEST(seal_refused_before_ready)
{
	struct side c;
	struct link_msg m;

	side_init(&c, LINK_ROLE_CLIENT, "GW1", &key_a,
	    LINK_CIPHER_AES128_GCM, 0);
	memset(&m, 0, sizeof(m));
	m.lm_type = LINK_MSG_PING;
	ck_assert_int_eq(link_session_seal(c.s, &m), -1);
	link_session_free(c.s);
}
END_TEST

START_TEST(wrong_key)
{
	struct side c, sv;
	char a[LINK_KEY_ID_TEXT], b[LINK_KEY_ID_TEXT], want[256];

	link_key_id_text(&key_a, a);
	link_key_id_text(&key_b, b);
	side_init(&c, LINK_ROLE_CLIENT, "GW1", &key_a,
	    LINK_CIPHER_AES128_GCM, 0);
	side_init(&sv, LINK_ROLE_SERVER, "SYS1", &key_b,
	    LINK_CIPHER_AES128_GCM, 0);
	handshake(&c, &sv);
	/* Both sides name both ids, before any key is tried. */
	snprintf(want, sizeof(want), "gateway GW1 at 127.0.0.1:40122 uses "
	    "key %s, this agent has %s: no link key in common", a, b);
	assert_reason(&sv, want);
	snprintf(want, sizeof(want), "agent SYS1 uses key %s, this gateway "
	    "has %s: no link key in common", b, a);
	assert_reason(&c, want);
	ck_assert_int_eq(c.ready, 0);
	ck_assert_int_eq(sv.ready, 0);
	sides_free(&c, &sv);
}
END_TEST

/* Two keys on one side: params with a previous key. */
static void
side_init_two(struct side *x, enum link_role role, const char *id,
    const struct link_key *cur, const struct link_key *prev)
{
	side_init_keys(x, role, id, NULL, cur, prev, LINK_CIPHER_AES128_GCM,
	    0);
}

static void
assert_key_used(struct side *x, const struct link_key *k)
{
	char id[LINK_KEY_ID_TEXT];

	link_key_id_text(k, id);
	ck_assert_str_eq(link_session_key_id(x->s), id);
}

/* The server was changed first: it takes the client's old key. */
START_TEST(rotation_server_first)
{
	struct side c, sv;
	unsigned char *f;
	size_t len;

	side_init_two(&c, LINK_ROLE_CLIENT, "GW1", &key_a, NULL);
	side_init_two(&sv, LINK_ROLE_SERVER, "SYS1", &key_b, &key_a);
	handshake(&c, &sv);
	ck_assert(c.ready && sv.ready);
	assert_key_used(&c, &key_a);
	assert_key_used(&sv, &key_a);
	f = sealed_ping(&c, 5, &len);
	feed(&sv, f, len);
	free(f);
	ck_assert_int_eq(sv.nmsg, 1);
	sides_free(&c, &sv);
}
END_TEST

/* The client was changed first: the server takes its previous key. */
START_TEST(rotation_client_first)
{
	struct side c, sv;

	side_init_two(&c, LINK_ROLE_CLIENT, "GW1", &key_b, &key_a);
	side_init_two(&sv, LINK_ROLE_SERVER, "SYS1", &key_a, NULL);
	handshake(&c, &sv);
	ck_assert(c.ready && sv.ready);
	assert_key_used(&c, &key_a);
	assert_key_used(&sv, &key_a);
	sides_free(&c, &sv);
}
END_TEST

/* Both changed: the new key wins, although both hold the old one. */
START_TEST(rotation_both_prefer_current)
{
	struct side c, sv;

	side_init_two(&c, LINK_ROLE_CLIENT, "GW1", &key_b, &key_a);
	side_init_two(&sv, LINK_ROLE_SERVER, "SYS1", &key_b, &key_a);
	handshake(&c, &sv);
	ck_assert(c.ready && sv.ready);
	assert_key_used(&c, &key_b);
	assert_key_used(&sv, &key_b);
	sides_free(&c, &sv);
}
END_TEST

/* Neither of the server's two keys: the refusal names all four ids. */
START_TEST(rotation_unknown_key)
{
	struct link_key key_c, key_d;
	struct side c, sv;
	char a[LINK_KEY_ID_TEXT], b[LINK_KEY_ID_TEXT], cc[LINK_KEY_ID_TEXT];
	char d[LINK_KEY_ID_TEXT], want[256];

	key_c = key_a;
	key_c.lk_bytes[5] ^= 0x55;
	key_d = key_b;
	key_d.lk_bytes[7] ^= 0x55;
	link_key_id_text(&key_a, a);
	link_key_id_text(&key_b, b);
	link_key_id_text(&key_c, cc);
	link_key_id_text(&key_d, d);
	side_init_two(&c, LINK_ROLE_CLIENT, "GW1", &key_c, &key_d);
	side_init_two(&sv, LINK_ROLE_SERVER, "SYS1", &key_a, &key_b);
	handshake(&c, &sv);
	snprintf(want, sizeof(want), "gateway GW1 at 127.0.0.1:40122 uses "
	    "key %s and %s, this agent has %s and %s: no link key in common",
	    cc, d, a, b);
	assert_reason(&sv, want);
	snprintf(want, sizeof(want), "agent SYS1 uses key %s and %s, this "
	    "gateway has %s and %s", a, b, cc, d);
	assert_reason(&c, want);
	ck_assert_ptr_null(link_session_key_id(c.s));
	sides_free(&c, &sv);
	link_key_clear(&key_c);
	link_key_clear(&key_d);
}
END_TEST

START_TEST(replayed_frame)
{
	struct side c, sv;
	unsigned char *f;
	size_t len;

	ready_pair(&c, &sv);
	f = sealed_ping(&c, 1, &len);
	feed(&sv, f, len);
	ck_assert_int_eq(sv.nmsg, 1);
	feed(&sv, f, len);
	free(f);
	assert_reason(&sv, "frame 3 from gateway GW1 at 127.0.0.1:40122 "
	    "failed authentication");
	ck_assert_int_eq(sv.nmsg, 1);
	sides_free(&c, &sv);
}
END_TEST

START_TEST(reordered_frames)
{
	struct side c, sv;
	unsigned char *f1, *f2;
	size_t l1, l2;

	ready_pair(&c, &sv);
	f1 = sealed_ping(&c, 1, &l1);
	f2 = sealed_ping(&c, 2, &l2);
	feed(&sv, f2, l2);
	feed(&sv, f1, l1);
	free(f1);
	free(f2);
	assert_reason(&sv, "replayed or reordered");
	ck_assert_int_eq(sv.nmsg, 0);
	sides_free(&c, &sv);
}
END_TEST

/* Alter one byte of a sealed frame at offset (negative: from the end). */
static void
altered_at(long off, int delta)
{
	struct side c, sv;
	unsigned char *f;
	size_t len;

	ready_pair(&c, &sv);
	f = sealed_ping(&c, 1, &len);
	f[off >= 0 ? (size_t)off : len + off] += delta;
	feed(&sv, f, len);
	free(f);
	assert_reason(&sv, "failed authentication");
	ck_assert_int_eq(sv.nmsg, 0);
	sides_free(&c, &sv);
}

START_TEST(altered_ciphertext)
{
	altered_at(5, 1);
}
END_TEST

START_TEST(altered_tag)
{
	altered_at(-1, 1);
}
END_TEST

START_TEST(altered_length)
{
	/* One byte shorter: the frame still ends, but does not open. */
	altered_at(3, -1);
}
END_TEST

START_TEST(truncated_frame)
{
	struct side c, sv;
	unsigned char *f;
	size_t len;

	ready_pair(&c, &sv);
	f = sealed_ping(&c, 1, &len);
	feed(&sv, f, len - 3);
	free(f);
	ck_assert_int_eq(sv.failed, 0);
	ck_assert_str_eq(link_session_eof_reason(sv.s), "link closed in the "
	    "middle of a frame (22 of 25 bytes)");
	ck_assert_int_eq(link_session_is_failed(sv.s), 1);
	sides_free(&c, &sv);
}
END_TEST

START_TEST(oversize_length)
{
	struct side c, sv;
	unsigned char hdr[4] = { 0x00, 0x12, 0xd6, 0x87 };	/* 1234567 */

	side_init(&c, LINK_ROLE_CLIENT, "GW1", &key_a,
	    LINK_CIPHER_AES128_GCM, 0);
	side_init(&sv, LINK_ROLE_SERVER, "SYS1", &key_a,
	    LINK_CIPHER_AES128_GCM, 0);
	handshake(&c, &sv);
	feed(&c, hdr, sizeof(hdr));
	assert_reason(&c, "agent SYS1 sent 1234567 bytes in one frame, more "
	    "than the 1048576 allowed");
	sides_free(&c, &sv);
}
END_TEST

START_TEST(garbage_before_hello)
{
	struct side c, sv;
	const char *g = "GET / HTTP/1.1\r\n\r\n";

	side_init(&sv, LINK_ROLE_SERVER, "SYS1", &key_a,
	    LINK_CIPHER_AES128_GCM, 0);
	feed(&sv, (const unsigned char *)g, strlen(g));
	assert_reason(&sv, "peer 127.0.0.1:40122: the first bytes are not an "
	    "esmgate link hello (garbage before the hello)");
	link_session_free(sv.s);
	/* Small length, wrong content. */
	side_init(&sv, LINK_ROLE_SERVER, "SYS1", &key_a,
	    LINK_CIPHER_AES128_GCM, 0);
	feed(&sv, (const unsigned char *)"\0\0\0\x05hello", 9);
	assert_reason(&sv, "garbage before the hello");
	/* And a client that gets garbage instead of the server's hello. */
	side_init(&c, LINK_ROLE_CLIENT, "GW1", &key_a,
	    LINK_CIPHER_AES128_GCM, 0);
	feed(&c, (const unsigned char *)"\0\0\0\x05\x30\x03\x04\x01X", 9);
	assert_reason(&c, "garbage before the hello");
	sides_free(&c, &sv);
}
END_TEST

START_TEST(version_mismatch)
{
	unsigned char rnd[LINK_RANDOM_LEN] = { 0 };
	unsigned char frame[256];
	struct side sv, c;
	BerElement *ber;
	struct berval bv;

	ber = ber_alloc_t(LBER_USE_DER);
	ck_assert_int_ne(ber_printf(ber, "{oioos}", "ESMGATE-LINK",
	    (ber_len_t)12, 1, "GW2", (ber_len_t)3, rnd,
	    (ber_len_t)LINK_RANDOM_LEN, "aes-128-gcm"), -1);
	ck_assert_int_eq(ber_flatten2(ber, &bv, 0), 0);
	frame[0] = frame[1] = frame[2] = 0;
	frame[3] = (unsigned char)bv.bv_len;
	memcpy(frame + 4, bv.bv_val, bv.bv_len);
	side_init(&sv, LINK_ROLE_SERVER, "SYS1", &key_a,
	    LINK_CIPHER_AES128_GCM, 0);
	feed(&sv, frame, 4 + bv.bv_len);
	/* A version 1 peer, from before key ids. */
	assert_reason(&sv, "peer 127.0.0.1:40122 speaks link version 1; this "
	    "side speaks version 2");
	/* The server still told the client what it speaks. */
	side_init(&c, LINK_ROLE_CLIENT, "GW1", &key_a,
	    LINK_CIPHER_AES128_GCM, 0);
	frame[4 + 2 + 2 + 12 + 2] = 3;	/* version 3, as a peer from later */
	feed(&c, frame, 4 + bv.bv_len);
	assert_reason(&c, "speaks link version 3; this side speaks version 2");
	ber_free(ber, 1);
	sides_free(&c, &sv);
}
END_TEST

START_TEST(cipher_mismatch)
{
	struct side c, sv;

	side_init(&c, LINK_ROLE_CLIENT, "GW1", &key_a,
	    LINK_CIPHER_AES256_GCM, 0);
	side_init(&sv, LINK_ROLE_SERVER, "SYS1", &key_a,
	    LINK_CIPHER_AES128_GCM, 0);
	pump(&c, &sv);
	assert_reason(&sv, "gateway GW1 at 127.0.0.1:40122 proposed cipher "
	    "aes-256-gcm; this agent requires aes-128-gcm");
	pump(&sv, &c);
	assert_reason(&c, "agent SYS1 requires cipher aes-128-gcm; this "
	    "gateway proposed aes-256-gcm");
	sides_free(&c, &sv);
}
END_TEST

/* Events: the agent connects to the gateway; reasons name them so. */
START_TEST(cipher_mismatch_events_way)
{
	struct side c, sv;

	side_init_kind(&c, LINK_ROLE_CLIENT, "SYS1", "gateway", &key_a,
	    LINK_CIPHER_AES256_GCM, 0);
	side_init_kind(&sv, LINK_ROLE_SERVER, "GW1", "agent", &key_a,
	    LINK_CIPHER_AES128_GCM, 0);
	pump(&c, &sv);
	assert_reason(&sv, "agent SYS1 at 127.0.0.1:40122 proposed cipher "
	    "aes-256-gcm; this gateway requires aes-128-gcm");
	ck_assert_str_eq(link_session_peer_kind(sv.s), "agent");
	pump(&sv, &c);
	assert_reason(&c, "gateway GW1 requires cipher aes-128-gcm; this "
	    "agent proposed aes-256-gcm");
	sides_free(&c, &sv);
}
END_TEST

START_TEST(bad_confirm)
{
	struct side c, sv;
	unsigned char *h;
	size_t len, i;

	side_init(&c, LINK_ROLE_CLIENT, "GW1", &key_a,
	    LINK_CIPHER_AES128_GCM, 0);
	side_init(&sv, LINK_ROLE_SERVER, "SYS1", &key_a,
	    LINK_CIPHER_AES128_GCM, 0);
	/* Someone on the way renames the gateway: GW1 -> GW9. */
	h = take(&c, &len);
	for (i = 0; i + 3 <= len; i++)
		if (memcmp(h + i, "GW1", 3) == 0)
			h[i + 2] = '9';
	feed(&sv, h, len);
	free(h);
	ck_assert_int_eq(sv.failed, 0);
	pump(&sv, &c);
	assert_reason(&c, "agent SYS1 sent a bad key confirmation");
	ck_assert_int_eq(c.ready, 0);
	sides_free(&c, &sv);
}
END_TEST

START_TEST(seal_respects_max_frame)
{
	struct side c, sv;
	struct link_msg m;
	unsigned char *f;
	size_t len;

	ready_pair(&c, &sv);
	memset(&m, 0, sizeof(m));
	m.lm_type = LINK_MSG_CANCEL;
	m.lm_id = 3;
	ck_assert_int_eq(link_session_seal(sv.s, &m), 0);
	pump(&sv, &c);
	ck_assert_int_eq(c.nmsg, 1);
	ck_assert_int_eq(c.last_type, LINK_MSG_CANCEL);
	/* A frame too big for the receiver's limit is refused to seal. */
	link_session_free(c.s);
	side_init(&c, LINK_ROLE_CLIENT, "GW1", &key_a,
	    LINK_CIPHER_AES128_GCM, 64);
	link_session_free(sv.s);
	side_init(&sv, LINK_ROLE_SERVER, "SYS1", &key_a,
	    LINK_CIPHER_AES128_GCM, 0);
	handshake(&c, &sv);
	ck_assert(c.ready);
	m.lm_type = LINK_MSG_EVENT;
	m.lm_body.bv_val = (char *)"0123456789012345678901234567890123456789"
	    "01234567890123456789";
	m.lm_body.bv_len = 60;
	ck_assert_int_eq(link_session_seal(c.s, &m), -1);
	f = take(&c, &len);
	ck_assert_uint_eq(len, 0);
	free(f);
	sides_free(&c, &sv);
}
END_TEST

/*
 * A version 2 hello from identity carrying n key ids of idlen bytes
 * each (ids[i] repeated), with its length prefix, into frame.
 */
static size_t
forged_hello(unsigned char *frame, size_t cap, const char *identity,
    const unsigned char (*ids)[LINK_KEY_ID_LEN], size_t n, size_t idlen)
{
	unsigned char rnd[LINK_RANDOM_LEN] = { 7 };
	BerElement *ber;
	struct berval bv;
	size_t i;

	ber = ber_alloc_t(LBER_USE_DER);
	ck_assert_int_ne(ber_printf(ber, "{oioos{", "ESMGATE-LINK",
	    (ber_len_t)12, LINK_VERSION, identity, (ber_len_t)strlen(identity),
	    rnd, (ber_len_t)LINK_RANDOM_LEN, "aes-128-gcm"), -1);
	for (i = 0; i < n; i++)
		ck_assert_int_ne(ber_printf(ber, "o", ids[i],
		    (ber_len_t)idlen), -1);
	ck_assert_int_ne(ber_printf(ber, "}}"), -1);
	ck_assert_int_eq(ber_flatten2(ber, &bv, 0), 0);
	ck_assert_uint_le(4 + bv.bv_len, cap);
	frame[0] = frame[1] = frame[2] = 0;
	frame[3] = (unsigned char)bv.bv_len;
	memcpy(frame + 4, bv.bv_val, bv.bv_len);
	ber_free(ber, 1);
	return 4 + bv.bv_len;
}

/* A client's hello with no key id, three, or one of 3 bytes. */
START_TEST(hello_with_unusable_key_ids)
{
	static const struct {
		size_t	n, idlen;
	} bad[] = { { 0, 4 }, { 3, 4 }, { 1, 3 } };
	unsigned char ids[3][LINK_KEY_ID_LEN], frame[256];
	struct side sv;
	size_t i, len;

	ck_assert_int_eq(link_key_id(&key_a, ids[0]), 0);
	memcpy(ids[1], ids[0], LINK_KEY_ID_LEN);
	memcpy(ids[2], ids[0], LINK_KEY_ID_LEN);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		side_init(&sv, LINK_ROLE_SERVER, "SYS1", &key_a,
		    LINK_CIPHER_AES128_GCM, 0);
		len = forged_hello(frame, sizeof(frame), "GW1",
		    (const unsigned char (*)[LINK_KEY_ID_LEN])ids, bad[i].n,
		    bad[i].idlen);
		feed(&sv, frame, len);
		assert_reason(&sv, "the hello is malformed (no usable key "
		    "ids)");
		ck_assert_int_eq(sv.ready, 0);
		link_session_free(sv.s);
	}
}
END_TEST

/* A server names the one key it uses: a hello with two is refused. */
START_TEST(server_hello_with_two_key_ids)
{
	unsigned char ids[2][LINK_KEY_ID_LEN], frame[256];
	struct side c;
	size_t len;

	ck_assert_int_eq(link_key_id(&key_a, ids[0]), 0);
	ck_assert_int_eq(link_key_id(&key_b, ids[1]), 0);
	side_init_keys(&c, LINK_ROLE_CLIENT, "GW1", NULL, &key_a, &key_b,
	    LINK_CIPHER_AES128_GCM, 0);
	len = forged_hello(frame, sizeof(frame), "SYS1",
	    (const unsigned char (*)[LINK_KEY_ID_LEN])ids, 2, LINK_KEY_ID_LEN);
	feed(&c, frame, len);
	assert_reason(&c, "no link key in common");
	ck_assert_int_eq(c.ready, 0);
	ck_assert_ptr_null(link_session_key_id(c.s));
	link_session_free(c.s);
}
END_TEST

/*
 * One file as keyfile and keyfile-previous is one key, and a
 * keyfile-previous with nothing loaded (lk_len 0) is none: the hello
 * offers the one id.
 */
START_TEST(same_key_twice_and_empty_previous_are_one_key)
{
	struct link_key empty;
	const struct link_key *prev[] = { &key_a, &empty };
	struct side c, sv;
	char a[LINK_KEY_ID_TEXT], b[LINK_KEY_ID_TEXT], want[256];
	size_t i;

	memset(&empty, 0, sizeof(empty));
	link_key_id_text(&key_a, a);
	link_key_id_text(&key_b, b);
	for (i = 0; i < 2; i++) {
		side_init_two(&c, LINK_ROLE_CLIENT, "GW1", &key_a, prev[i]);
		side_init(&sv, LINK_ROLE_SERVER, "SYS1", &key_b,
		    LINK_CIPHER_AES128_GCM, 0);
		pump(&c, &sv);
		snprintf(want, sizeof(want), "gateway GW1 at 127.0.0.1:40122 "
		    "uses key %s, this agent has %s: no link key in common",
		    a, b);
		assert_reason(&sv, want);
		sides_free(&c, &sv);
		/* And with the right key on the other side, it works. */
		side_init_two(&c, LINK_ROLE_CLIENT, "GW1", &key_a, prev[i]);
		side_init(&sv, LINK_ROLE_SERVER, "SYS1", &key_a,
		    LINK_CIPHER_AES128_GCM, 0);
		handshake(&c, &sv);
		ck_assert(c.ready && sv.ready);
		assert_key_used(&c, &key_a);
		sides_free(&c, &sv);
	}
}
END_TEST

static Suite *
link_session_suite(void)
{
	Suite *s = suite_create("link_session");
	TCase *tc;

	tc = tcase_create("handshake");
	tcase_add_checked_fixture(tc, keys_setup, NULL);
	tcase_add_test(tc, handshake_both_ciphers);
	tcase_add_test(tc, seal_refused_before_ready);
	tcase_add_test(tc, seal_respects_max_frame);
	tcase_add_test(tc, rotation_server_first);
	tcase_add_test(tc, rotation_client_first);
	tcase_add_test(tc, rotation_both_prefer_current);
	tcase_add_test(tc, same_key_twice_and_empty_previous_are_one_key);
	suite_add_tcase(s, tc);
	tc = tcase_create("refused");
	tcase_add_checked_fixture(tc, keys_setup, NULL);
	tcase_add_test(tc, wrong_key);
	tcase_add_test(tc, rotation_unknown_key);
	tcase_add_test(tc, replayed_frame);
	tcase_add_test(tc, reordered_frames);
	tcase_add_test(tc, altered_ciphertext);
	tcase_add_test(tc, altered_tag);
	tcase_add_test(tc, altered_length);
	tcase_add_test(tc, truncated_frame);
	tcase_add_test(tc, oversize_length);
	tcase_add_test(tc, garbage_before_hello);
	tcase_add_test(tc, version_mismatch);
	tcase_add_test(tc, cipher_mismatch);
	tcase_add_test(tc, cipher_mismatch_events_way);
	tcase_add_test(tc, bad_confirm);
	tcase_add_test(tc, hello_with_unusable_key_ids);
	tcase_add_test(tc, server_hello_with_two_key_ids);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(link_session_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
