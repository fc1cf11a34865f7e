/*
 * link_session.c - the link protocol without I/O: hellos, key derivation,
 * sealed frames and key confirmation, as described in link.h.
 *
 * Bytes go in through link_session_feed(), events come out one at a
 * time, frames to send wait in an output queue.  Framing reads the
 * 4-byte length first and refuses an oversize frame before a byte of it
 * is buffered, so a peer cannot make us allocate more than lp_max_frame.
 *
 * Keys: HKDF-SHA256 over the shared key with salt client random ||
 * server random and info "esmgate link v1 <direction> <cipher>" gives one
 * key per direction; both randoms are fresh, so no two connections share
 * a key even when one side's random generator repeats.  Nonces are a
 * 4-byte direction constant and a 64-bit counter per direction: a frame
 * only opens at its own position in its own direction, which is how
 * replays and reordering are caught.  The length prefix is additional
 * data, so a changed length fails like a changed byte.
 *
 *	Confirm ::= [APPLICATION 0] SEQUENCE {
 *		transcript OCTET STRING (SIZE (32)) }	-- SHA-256 of both
 *							   hello frames
 *
 * The first sealed frame each way is a Confirm: opening it proves the
 * sender derived the same key, and the transcript proves both saw the
 * same hellos (nobody changed an identity, a cipher or a key id on the
 * way).
 *
 * Key ids: a session holds one or two keys (keyfile, keyfile-previous).
 * The client offers both ids, its current key first; the server uses the
 * first it holds and names it alone in its hello, which is how the client
 * learns which of its keys to derive from.  Both ends log the sides' ids
 * when no key is common, so an operator sees which file is missing.
 * Once the direction keys are derived the link keys are wiped: only the
 * ids stay, for log lines.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "crypt.h"
#include "link.h"
#include "link_int.h"
#include "xmalloc.h"

#define LINK_MAGIC		"ESMGATE-LINK"
#define LINK_NONCE_LEN		12
#define LINK_DIR_C2S		0x43325301u	/* "C2S" 1 */
#define LINK_DIR_S2C		0x53324301u	/* "S2C" 1 */
#define LINK_CONFIRM_TAG	((ber_tag_t)(LBER_CLASS_APPLICATION | \
				    LBER_CONSTRUCTED | 0))
#define LINK_HASH_LEN		32

enum link_session_state {
	LS_WAIT_HELLO,
	LS_WAIT_CONFIRM,
	LS_OPEN,
	LS_FAILED,
};

struct link_session {
	enum link_role		 ls_role;
	enum link_cipher	 ls_cipher;
	enum link_session_state	 ls_state;
	struct link_key		 ls_keys[2];	/* [0] current, [1] previous;
						   zeroed once the session
						   keys are derived */
	size_t			 ls_nkeys;
	unsigned char		 ls_key_ids[2][LINK_KEY_ID_LEN];
	size_t			 ls_key_idx;	/* the one in use */
	char			 ls_key_used[LINK_KEY_ID_TEXT];
	size_t			 ls_max_frame;
	char			 ls_identity[LINK_MAX_IDENTITY + 1];
	char			 ls_peer_addr[128];
	char			 ls_peer_identity[LINK_MAX_IDENTITY + 1];
	char			 ls_peer_name[256];
	char			 ls_peer_kind[16];	/* "agent", "gateway" */
	char			 ls_reason[512];

	unsigned char		 ls_random[LINK_RANDOM_LEN];
	unsigned char		 ls_peer_random[LINK_RANDOM_LEN];
	/* Hello frames (with prefix) until the transcript is hashed. */
	unsigned char		*ls_hello[2];	/* [0] client, [1] server */
	size_t			 ls_hello_len[2];
	unsigned char		 ls_transcript[LINK_HASH_LEN];

	EVP_CIPHER_CTX		*ls_seal;	/* key inside, freed cleansed */
	EVP_CIPHER_CTX		*ls_open;
	uint64_t		 ls_seal_seq;
	uint64_t		 ls_open_seq;

	/* The frame being received. */
	unsigned char		 ls_hdr[4];
	size_t			 ls_hdr_have;
	unsigned char		*ls_frame;	/* ls_frame_len + 1 bytes */
	size_t			 ls_frame_len;
	size_t			 ls_frame_have;

	/* Last message handed out; plaintext zeroed when it goes. */
	unsigned char		*ls_plain;
	size_t			 ls_plain_len;
	struct link_msg		 ls_msg;

	unsigned char		*ls_out;	/* queued output */
	size_t			 ls_out_len;
	size_t			 ls_out_cap;
};

static void
link_session_name_peer(struct link_session *s)
{
	if (s->ls_peer_identity[0] == '\0')
		snprintf(s->ls_peer_name, sizeof(s->ls_peer_name), "peer %s",
		    s->ls_peer_addr);
	else if (s->ls_role == LINK_ROLE_CLIENT)
		snprintf(s->ls_peer_name, sizeof(s->ls_peer_name), "%s %s",
		    s->ls_peer_kind, s->ls_peer_identity);
	else
		snprintf(s->ls_peer_name, sizeof(s->ls_peer_name),
		    "%s %s at %s", s->ls_peer_kind, s->ls_peer_identity,
		    s->ls_peer_addr);
}

/* What this side is, in reasons: the other kind than its peer. */
static const char *
link_session_self_kind(const struct link_session *s)
{
	return strcmp(s->ls_peer_kind, "agent") == 0 ? "gateway" : "agent";
}

/* Hold k, unless it is empty (none configured) or a key we hold. */
static void
link_session_add_key(struct link_session *s, const struct link_key *k)
{
	unsigned char id[LINK_KEY_ID_LEN];

	if (k == NULL || k->lk_len == 0)
		return;
	if (link_key_id(k, id) == -1) {
		link_session_fail(s, "cannot compute the link key's id "
		    "(SHA-256 failed in OpenSSL)");
		return;
	}
	/* The same file given twice is one key. */
	if (s->ls_nkeys == 1 && memcmp(id, s->ls_key_ids[0], sizeof(id)) == 0)
		return;
	s->ls_keys[s->ls_nkeys] = *k;
	memcpy(s->ls_key_ids[s->ls_nkeys], id, sizeof(id));
	s->ls_nkeys++;
}

struct link_session *
link_session_new(const struct link_params *p, const char *peer_addr)
{
	struct link_session *s;

	s = xcalloc(1, sizeof(*s));
	s->ls_role = p->lp_role;
	s->ls_cipher = p->lp_cipher != 0 ? p->lp_cipher :
	    LINK_CIPHER_AES128_GCM;
	s->ls_max_frame = p->lp_max_frame != 0 ? p->lp_max_frame :
	    LINK_MAX_FRAME_DEFAULT;
	link_session_add_key(s, p->lp_key);
	link_session_add_key(s, p->lp_key_previous);
	snprintf(s->ls_identity, sizeof(s->ls_identity), "%s",
	    p->lp_identity != NULL ? p->lp_identity : "");
	snprintf(s->ls_peer_addr, sizeof(s->ls_peer_addr), "%s",
	    peer_addr != NULL ? peer_addr : "unknown");
	snprintf(s->ls_peer_kind, sizeof(s->ls_peer_kind), "%s",
	    p->lp_peer_kind != NULL ? p->lp_peer_kind :
	    s->ls_role == LINK_ROLE_CLIENT ? "agent" : "gateway");
	link_session_name_peer(s);
	if (s->ls_state != LS_FAILED)
		s->ls_state = LS_WAIT_HELLO;
	return s;
}

static void
link_session_forget_msg(struct link_session *s)
{
	link_msg_clear(&s->ls_msg);
	if (s->ls_plain != NULL)
		xfree_secret(s->ls_plain, s->ls_plain_len);
	s->ls_plain = NULL;
	s->ls_plain_len = 0;
}

void
link_session_free(struct link_session *s)
{
	if (s == NULL)
		return;
	link_session_forget_msg(s);
	EVP_CIPHER_CTX_free(s->ls_seal);
	EVP_CIPHER_CTX_free(s->ls_open);
	free(s->ls_hello[0]);
	free(s->ls_hello[1]);
	if (s->ls_frame != NULL)
		xfree_secret(s->ls_frame, s->ls_frame_len + 1);
	if (s->ls_out != NULL)
		xfree_secret(s->ls_out, s->ls_out_cap);
	OPENSSL_cleanse(s, sizeof(*s));
	free(s);
}

void
link_session_fail(struct link_session *s, const char *fmt, ...)
{
	va_list ap;

	if (s->ls_state == LS_FAILED)
		return;
	va_start(ap, fmt);
	vsnprintf(s->ls_reason, sizeof(s->ls_reason), fmt, ap);
	va_end(ap);
	s->ls_state = LS_FAILED;
}

/* ---- output ---------------------------------------------------------- */

static void
link_session_queue(struct link_session *s, const void *data, size_t len)
{
	unsigned char *n;
	size_t cap = s->ls_out_cap;

	if (s->ls_out_len + len > cap) {
		while (s->ls_out_len + len > cap)
			cap = cap == 0 ? 4096 : cap * 2;
		/* Queued frames may hold secrets: never leave a stale copy. */
		n = xmalloc(cap);
		if (s->ls_out_len > 0)
			memcpy(n, s->ls_out, s->ls_out_len);
		if (s->ls_out != NULL)
			xfree_secret(s->ls_out, s->ls_out_cap);
		s->ls_out = n;
		s->ls_out_cap = cap;
	}
	memcpy(s->ls_out + s->ls_out_len, data, len);
	s->ls_out_len += len;
}

const unsigned char *
link_session_output(const struct link_session *s, size_t *len)
{
	*len = s->ls_out_len;
	return s->ls_out;
}

void
link_session_output_drain(struct link_session *s, size_t n)
{
	if (n > s->ls_out_len)
		n = s->ls_out_len;
	/* Nothing queued yet means no buffer: no pointer arithmetic on it. */
	if (n == 0)
		return;
	memmove(s->ls_out, s->ls_out + n, s->ls_out_len - n);
	s->ls_out_len -= n;
	OPENSSL_cleanse(s->ls_out + s->ls_out_len, n);
}

static void
link_session_put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* ---- hello ----------------------------------------------------------- */

/* The hello frame (prefix included) for the given fields; malloc'ed. */
static int
link_session_hello_encode(const char *identity, const unsigned char *random,
    enum link_cipher cipher, ber_int_t version,
    unsigned char (*ids)[LINK_KEY_ID_LEN], size_t nids, unsigned char **out,
    size_t *outlen)
{
	BerElement *ber;
	struct berval bv;
	size_t i;
	int rc = -1;

	if ((ber = ber_alloc_t(LBER_USE_DER)) == NULL)
		return -1;
	if (ber_printf(ber, "{oioos{", LINK_MAGIC,
	    (ber_len_t)strlen(LINK_MAGIC), version, identity,
	    (ber_len_t)strlen(identity), random, (ber_len_t)LINK_RANDOM_LEN,
	    link_cipher_name(cipher)) == -1)
		goto done;
	for (i = 0; i < nids; i++)
		if (ber_printf(ber, "o", ids[i], (ber_len_t)LINK_KEY_ID_LEN) ==
		    -1)
			goto done;
	if (ber_printf(ber, "}}") == -1 || ber_flatten2(ber, &bv, 0) == -1)
		goto done;
	*outlen = 4 + bv.bv_len;
	*out = xmalloc(*outlen);
	link_session_put32(*out, (uint32_t)bv.bv_len);
	memcpy(*out + 4, bv.bv_val, bv.bv_len);
	rc = 0;
done:
	ber_free(ber, 1);
	return rc;
}

/* Our hello naming the key ids ids[0..nids). */
static int
link_session_send_hello_ids(struct link_session *s,
    unsigned char (*ids)[LINK_KEY_ID_LEN], size_t nids)
{
	int me = s->ls_role == LINK_ROLE_CLIENT ? 0 : 1;

	if (RAND_bytes(s->ls_random, sizeof(s->ls_random)) != 1) {
		link_session_fail(s, "no random bytes from OpenSSL");
		return -1;
	}
	if (link_session_hello_encode(s->ls_identity, s->ls_random,
	    s->ls_cipher, LINK_VERSION, ids, nids, &s->ls_hello[me],
	    &s->ls_hello_len[me]) == -1) {
		link_session_fail(s, "cannot encode our hello");
		return -1;
	}
	link_session_queue(s, s->ls_hello[me], s->ls_hello_len[me]);
	return 0;
}

/* Our hello offering every key we hold (a client, or a refusal). */
static int
link_session_send_hello(struct link_session *s)
{
	return link_session_send_hello_ids(s, s->ls_key_ids, s->ls_nkeys);
}

void
link_session_start(struct link_session *s)
{
	if (s->ls_role == LINK_ROLE_CLIENT && s->ls_hello[0] == NULL &&
	    s->ls_state != LS_FAILED)
		(void)link_session_send_hello(s);
}

/* Fields of a received hello, borrowed from the frame buffer. */
struct link_hello {
	struct berval	h_magic;
	ber_int_t	h_version;
	struct berval	h_identity;
	struct berval	h_random;
	struct berval	h_cipher;
	enum link_cipher h_cipher_id;
	unsigned char	h_keys[2][LINK_KEY_ID_LEN];
	size_t		h_nkeys;
};

/* The hello's key ids: one or two of LINK_KEY_ID_LEN bytes. */
static int
link_session_hello_keys(BerElement *ber, struct link_hello *h)
{
	struct berval bv;
	ber_len_t len;
	ber_tag_t tag;
	char *last;

	for (tag = ber_first_element(ber, &len, &last); tag != LBER_DEFAULT;
	    tag = ber_next_element(ber, &len, last)) {
		if (h->h_nkeys == 2 || tag != LBER_OCTETSTRING ||
		    ber_scanf(ber, "m", &bv) == LBER_ERROR ||
		    bv.bv_len != LINK_KEY_ID_LEN)
			return -1;
		memcpy(h->h_keys[h->h_nkeys++], bv.bv_val, LINK_KEY_ID_LEN);
	}
	return h->h_nkeys == 0 ? -1 : 0;
}

static const char *
link_session_hello_decode(struct link_session *s, unsigned char *buf,
    size_t len, struct link_hello *h)
{
	static const char garbage[] = "the first bytes are not an esmgate "
	    "link hello (garbage before the hello)";
	BerElement *ber;
	struct berval bv;
	const char *why = NULL;

	memset(h, 0, sizeof(*h));
	if ((ber = ber_alloc_t(0)) == NULL)
		return "out of memory";
	bv.bv_val = (char *)buf;
	bv.bv_len = len;
	ber_init2(ber, &bv, 0);
	if (ber_scanf(ber, "{m", &h->h_magic) == LBER_ERROR ||
	    h->h_magic.bv_len != strlen(LINK_MAGIC) ||
	    memcmp(h->h_magic.bv_val, LINK_MAGIC, h->h_magic.bv_len) != 0)
		why = garbage;
	else if (ber_scanf(ber, "i", &h->h_version) == LBER_ERROR)
		why = "the hello is malformed (no version)";
	else if (h->h_version != LINK_VERSION) {
		snprintf(s->ls_reason, sizeof(s->ls_reason), "%s speaks link "
		    "version %d; this side speaks version %d",
		    s->ls_peer_name, (int)h->h_version, LINK_VERSION);
		why = s->ls_reason;
	} else if (ber_scanf(ber, "mmm", &h->h_identity, &h->h_random,
	    &h->h_cipher) == LBER_ERROR)
		why = "the hello is malformed";
	else if (link_session_hello_keys(ber, h) == -1)
		why = "the hello is malformed (no usable key ids)";
	ber_free(ber, 0);
	return why;
}

static const char *
link_session_hello_check(struct link_session *s, const unsigned char *buf,
    size_t len, struct link_hello *h)
{
	unsigned char *again = NULL;
	size_t againlen = 0;
	const char *why = NULL;

	if (h->h_identity.bv_len == 0 ||
	    h->h_identity.bv_len > LINK_MAX_IDENTITY ||
	    memchr(h->h_identity.bv_val, '\0', h->h_identity.bv_len) != NULL)
		return "the hello carries no usable identity";
	if (h->h_random.bv_len != LINK_RANDOM_LEN)
		return "the hello's random is not 32 bytes";
	if (link_cipher_parse(h->h_cipher.bv_val, &h->h_cipher_id) == -1)
		return "the hello names an unknown cipher";
	/* Strict: the hello must be exactly what we would have encoded. */
	if (link_session_hello_encode(h->h_identity.bv_val,
	    (unsigned char *)h->h_random.bv_val, h->h_cipher_id,
	    h->h_version, h->h_keys, h->h_nkeys, &again, &againlen) == -1 ||
	    againlen != len + 4 || memcmp(again + 4, buf, len) != 0)
		why = "the hello is malformed (trailing or non-canonical data)";
	free(again);
	(void)s;
	return why;
}

/* ---- keys ------------------------------------------------------------ */

static int
link_session_hkdf(const struct link_session *s, const char *dir,
    unsigned char *out, size_t outlen)
{
	unsigned char salt[2 * LINK_RANDOM_LEN];
	const unsigned char *cr, *sr;
	const struct link_key *k;
	char info[96];

	cr = s->ls_role == LINK_ROLE_CLIENT ? s->ls_random : s->ls_peer_random;
	sr = s->ls_role == LINK_ROLE_CLIENT ? s->ls_peer_random : s->ls_random;
	memcpy(salt, cr, LINK_RANDOM_LEN);
	memcpy(salt + LINK_RANDOM_LEN, sr, LINK_RANDOM_LEN);
	snprintf(info, sizeof(info), "esmgate link v%d %s %s", LINK_VERSION,
	    dir, link_cipher_name(s->ls_cipher));
	k = &s->ls_keys[s->ls_key_idx];
	return crypt_hkdf(k->lk_bytes, k->lk_len, salt, sizeof(salt), info,
	    out, outlen);
}

static EVP_CIPHER_CTX *
link_session_aead(const struct link_session *s, const char *dir, int enc)
{
	const EVP_CIPHER *c;
	EVP_CIPHER_CTX *ctx;
	unsigned char key[32];
	size_t keylen;

	c = s->ls_cipher == LINK_CIPHER_AES256_GCM ? EVP_aes_256_gcm() :
	    EVP_aes_128_gcm();
	keylen = (size_t)EVP_CIPHER_key_length(c);
	if (link_session_hkdf(s, dir, key, keylen) == -1)
		return NULL;
	if ((ctx = EVP_CIPHER_CTX_new()) != NULL &&
	    EVP_CipherInit_ex(ctx, c, NULL, key, NULL, enc) != 1) {
		EVP_CIPHER_CTX_free(ctx);
		ctx = NULL;
	}
	OPENSSL_cleanse(key, sizeof(key));
	return ctx;
}

static int
link_session_keys(struct link_session *s)
{
	EVP_MD_CTX *md;
	unsigned int hl = 0;
	int client = s->ls_role == LINK_ROLE_CLIENT, ok;

	s->ls_seal = link_session_aead(s, client ? "client->server" :
	    "server->client", 1);
	s->ls_open = link_session_aead(s, client ? "server->client" :
	    "client->server", 0);
	/* The direction keys are all this session needs from now on. */
	OPENSSL_cleanse(s->ls_keys, sizeof(s->ls_keys));
	if ((md = EVP_MD_CTX_new()) == NULL)
		return -1;
	ok = EVP_DigestInit_ex(md, EVP_sha256(), NULL) == 1 &&
	    EVP_DigestUpdate(md, s->ls_hello[0], s->ls_hello_len[0]) == 1 &&
	    EVP_DigestUpdate(md, s->ls_hello[1], s->ls_hello_len[1]) == 1 &&
	    EVP_DigestFinal_ex(md, s->ls_transcript, &hl) == 1;
	EVP_MD_CTX_free(md);
	if (!ok || s->ls_seal == NULL || s->ls_open == NULL)
		return -1;
	return 0;
}

/* ---- sealing --------------------------------------------------------- */

static void
link_session_nonce(unsigned char *nonce, uint32_t dir, uint64_t seq)
{
	link_session_put32(nonce, dir);
	link_session_put32(nonce + 4, (uint32_t)(seq >> 32));
	link_session_put32(nonce + 8, (uint32_t)seq);
}

static int
link_session_seal_bytes(struct link_session *s, const unsigned char *p,
    size_t len)
{
	unsigned char nonce[LINK_NONCE_LEN], *frame;
	size_t flen = len + LINK_TAG_LEN;
	int outl, rc = -1;

	if (flen > s->ls_max_frame || flen > UINT32_MAX)
		return -1;
	frame = xmalloc(4 + flen);
	link_session_put32(frame, (uint32_t)flen);
	link_session_nonce(nonce, s->ls_role == LINK_ROLE_CLIENT ?
	    LINK_DIR_C2S : LINK_DIR_S2C, s->ls_seal_seq);
	if (EVP_EncryptInit_ex(s->ls_seal, NULL, NULL, NULL, nonce) != 1 ||
	    EVP_EncryptUpdate(s->ls_seal, NULL, &outl, frame, 4) != 1 ||
	    EVP_EncryptUpdate(s->ls_seal, frame + 4, &outl, p,
	    (int)len) != 1 ||
	    EVP_EncryptFinal_ex(s->ls_seal, frame + 4 + outl, &outl) != 1 ||
	    EVP_CIPHER_CTX_ctrl(s->ls_seal, EVP_CTRL_GCM_GET_TAG,
	    LINK_TAG_LEN, frame + 4 + len) != 1)
		goto done;
	s->ls_seal_seq++;
	link_session_queue(s, frame, 4 + flen);
	rc = 0;
done:
	xfree_secret(frame, 4 + flen);
	return rc;
}

/* Open the frame in ls_frame; the plaintext goes to ls_plain. */
static int
link_session_open_frame(struct link_session *s)
{
	unsigned char nonce[LINK_NONCE_LEN];
	size_t clen;
	int outl, ok;

	if (s->ls_frame_len < LINK_TAG_LEN)
		goto fail;
	clen = s->ls_frame_len - LINK_TAG_LEN;
	s->ls_plain = xmalloc(clen + 1);
	s->ls_plain_len = clen + 1;
	link_session_nonce(nonce, s->ls_role == LINK_ROLE_CLIENT ?
	    LINK_DIR_S2C : LINK_DIR_C2S, s->ls_open_seq);
	ok = EVP_DecryptInit_ex(s->ls_open, NULL, NULL, NULL, nonce) == 1 &&
	    EVP_DecryptUpdate(s->ls_open, NULL, &outl, s->ls_hdr, 4) == 1 &&
	    EVP_DecryptUpdate(s->ls_open, s->ls_plain, &outl, s->ls_frame,
	    (int)clen) == 1 &&
	    EVP_CIPHER_CTX_ctrl(s->ls_open, EVP_CTRL_GCM_SET_TAG,
	    LINK_TAG_LEN, s->ls_frame + clen) == 1 &&
	    EVP_DecryptFinal_ex(s->ls_open, s->ls_plain + outl, &outl) == 1;
	if (!ok)
		goto fail;
	s->ls_plain_len = clen;
	s->ls_open_seq++;
	return 0;
fail:
	link_session_fail(s, "frame %llu from %s failed authentication: "
	    "wrong key, or the frame was altered, replayed or reordered",
	    (unsigned long long)s->ls_open_seq + 1, s->ls_peer_name);
	return -1;
}

static int
link_session_confirm_encode(const struct link_session *s,
    unsigned char **out, size_t *outlen)
{
	BerElement *ber;
	struct berval bv;
	int rc = -1;

	if ((ber = ber_alloc_t(LBER_USE_DER)) == NULL)
		return -1;
	if (ber_printf(ber, "t{o}", LINK_CONFIRM_TAG, s->ls_transcript,
	    (ber_len_t)LINK_HASH_LEN) != -1 &&
	    ber_flatten2(ber, &bv, 0) != -1) {
		*out = xmemdup(bv.bv_val, bv.bv_len);
		*outlen = bv.bv_len;
		rc = 0;
	}
	ber_free(ber, 1);
	return rc;
}

static int
link_session_send_confirm(struct link_session *s)
{
	unsigned char *c;
	size_t clen;
	int rc;

	if (link_session_confirm_encode(s, &c, &clen) == -1)
		return -1;
	rc = link_session_seal_bytes(s, c, clen);
	free(c);
	return rc;
}

int
link_session_seal(struct link_session *s, const struct link_msg *msg)
{
	unsigned char *p;
	size_t len;
	int rc;

	if (s->ls_state != LS_OPEN)
		return -1;
	if (link_msg_encode(msg, &p, &len) == -1)
		return -1;
	rc = link_session_seal_bytes(s, p, len);
	xfree_secret(p, len);
	return rc;
}

/* ---- receiving ------------------------------------------------------- */

static enum link_session_event link_session_use_hello(struct link_session *,
    const struct link_hello *, const char *, int);

static enum link_session_event
link_session_got_hello(struct link_session *s)
{
	struct link_hello h;
	unsigned char *copy;
	const char *why;
	int peer = s->ls_role == LINK_ROLE_CLIENT ? 1 : 0;
	enum link_session_event ev;

	/* liblber terminates strings in place: decode a scratch copy. */
	copy = xmemdup(s->ls_frame, s->ls_frame_len + 1);
	if ((why = link_session_hello_decode(s, copy, s->ls_frame_len,
	    &h)) == NULL)
		why = link_session_hello_check(s, s->ls_frame,
		    s->ls_frame_len, &h);
	ev = link_session_use_hello(s, &h, why, peer);
	free(copy);
	return ev;
}

/* "1a2b3c4d" or "1a2b3c4d and 5e6f7a8b". */
static void
link_session_ids_text(unsigned char (*ids)[LINK_KEY_ID_LEN], size_t n,
    char *buf, size_t len)
{
	char a[LINK_KEY_ID_TEXT], b[LINK_KEY_ID_TEXT];

	if (n == 0) {
		snprintf(buf, len, "none");
		return;
	}
	link_key_id_format(ids[0], a);
	if (n < 2) {
		snprintf(buf, len, "%s", a);
		return;
	}
	link_key_id_format(ids[1], b);
	snprintf(buf, len, "%s and %s", a, b);
}

/* Index of our key with id, or -1. */
static int
link_session_find_key(const struct link_session *s, const unsigned char *id)
{
	size_t i;

	for (i = 0; i < s->ls_nkeys; i++)
		if (memcmp(s->ls_key_ids[i], id, LINK_KEY_ID_LEN) == 0)
			return (int)i;
	return -1;
}

/*
 * The key both sides hold: the server takes the first the client offers
 * that it has; the client takes the one the server named.  Refusing,
 * the server still sends its hello, so the client can name its ids.
 */
static int
link_session_pick_key(struct link_session *s, const struct link_hello *h)
{
	char ours[2 * LINK_KEY_ID_TEXT + 8], theirs[2 * LINK_KEY_ID_TEXT + 8];
	size_t i;
	int k = -1;

	for (i = 0; i < h->h_nkeys && k == -1; i++)
		k = link_session_find_key(s, h->h_keys[i]);
	if (s->ls_role == LINK_ROLE_CLIENT && h->h_nkeys != 1)
		k = -1;
	if (k != -1) {
		s->ls_key_idx = (size_t)k;
		link_key_id_format(s->ls_key_ids[k], s->ls_key_used);
		return 0;
	}
	link_session_ids_text(s->ls_key_ids, s->ls_nkeys, ours, sizeof(ours));
	link_session_ids_text((unsigned char (*)[LINK_KEY_ID_LEN])h->h_keys,
	    h->h_nkeys, theirs, sizeof(theirs));
	if (s->ls_role == LINK_ROLE_SERVER)
		(void)link_session_send_hello(s);
	link_session_fail(s, "%s uses key %s, this %s has %s: no link key in "
	    "common (see keyfile and keyfile-previous on both sides)",
	    s->ls_peer_name, theirs, link_session_self_kind(s), ours);
	return -1;
}

static enum link_session_event
link_session_use_hello(struct link_session *s, const struct link_hello *hp,
    const char *why, int peer)
{
	struct link_hello h = *hp;

	if (why != NULL) {
		/* A server tells a mismatched client what it speaks. */
		if (s->ls_role == LINK_ROLE_SERVER && h.h_version != 0)
			(void)link_session_send_hello(s);
		if (why == s->ls_reason) {
			s->ls_state = LS_FAILED;
			return LINK_SESSION_FAILED;
		}
		link_session_fail(s, "%s: %s", s->ls_peer_name, why);
		return LINK_SESSION_FAILED;
	}
	memcpy(s->ls_peer_identity, h.h_identity.bv_val, h.h_identity.bv_len);
	s->ls_peer_identity[h.h_identity.bv_len] = '\0';
	memcpy(s->ls_peer_random, h.h_random.bv_val, LINK_RANDOM_LEN);
	link_session_name_peer(s);
	if (h.h_cipher_id != s->ls_cipher) {
		if (s->ls_role == LINK_ROLE_SERVER) {
			(void)link_session_send_hello(s);
			link_session_fail(s, "%s proposed cipher %s; "
			    "this %s requires %s", s->ls_peer_name,
			    link_cipher_name(h.h_cipher_id),
			    link_session_self_kind(s),
			    link_cipher_name(s->ls_cipher));
		} else
			link_session_fail(s, "%s requires cipher %s; this "
			    "%s proposed %s", s->ls_peer_name,
			    link_cipher_name(h.h_cipher_id),
			    link_session_self_kind(s),
			    link_cipher_name(s->ls_cipher));
		return LINK_SESSION_FAILED;
	}
	if (link_session_pick_key(s, &h) == -1)
		return LINK_SESSION_FAILED;
	s->ls_hello_len[peer] = 4 + s->ls_frame_len;
	s->ls_hello[peer] = xmalloc(s->ls_hello_len[peer]);
	memcpy(s->ls_hello[peer], s->ls_hdr, 4);
	memcpy(s->ls_hello[peer] + 4, s->ls_frame, s->ls_frame_len);
	if (s->ls_role == LINK_ROLE_SERVER &&
	    link_session_send_hello_ids(s, &s->ls_key_ids[s->ls_key_idx],
	    1) == -1)
		return LINK_SESSION_FAILED;
	if (link_session_keys(s) == -1 || link_session_send_confirm(s) == -1) {
		link_session_fail(s, "cannot derive keys for %s",
		    s->ls_peer_name);
		return LINK_SESSION_FAILED;
	}
	s->ls_state = LS_WAIT_CONFIRM;
	return LINK_SESSION_MORE;
}

static enum link_session_event
link_session_got_confirm(struct link_session *s)
{
	unsigned char *want;
	size_t wantlen;
	int ok;

	if (link_session_open_frame(s) == -1)
		return LINK_SESSION_FAILED;
	if (link_session_confirm_encode(s, &want, &wantlen) == -1) {
		link_session_fail(s, "cannot encode a confirm");
		return LINK_SESSION_FAILED;
	}
	ok = wantlen == s->ls_plain_len &&
	    CRYPTO_memcmp(want, s->ls_plain, wantlen) == 0;
	free(want);
	link_session_forget_msg(s);
	if (!ok) {
		link_session_fail(s, "%s sent a bad key confirmation: it saw "
		    "different hellos (altered on the way?)", s->ls_peer_name);
		return LINK_SESSION_FAILED;
	}
	s->ls_state = LS_OPEN;
	return LINK_SESSION_READY;
}

static enum link_session_event
link_session_got_message(struct link_session *s)
{
	const char *why;

	if (link_session_open_frame(s) == -1)
		return LINK_SESSION_FAILED;
	if (link_msg_decode(s->ls_plain, s->ls_plain_len, &s->ls_msg,
	    &why) == -1) {
		link_session_fail(s, "%s sent a malformed message in frame "
		    "%llu: %s", s->ls_peer_name,
		    (unsigned long long)s->ls_open_seq, why);
		return LINK_SESSION_FAILED;
	}
	return LINK_SESSION_MESSAGE;
}

static enum link_session_event
link_session_got_frame(struct link_session *s)
{
	switch (s->ls_state) {
	case LS_WAIT_HELLO:
		return link_session_got_hello(s);
	case LS_WAIT_CONFIRM:
		return link_session_got_confirm(s);
	case LS_OPEN:
		return link_session_got_message(s);
	case LS_FAILED:
		break;
	}
	return LINK_SESSION_FAILED;
}

/* The length is known: refuse it or make room for exactly that much. */
static int
link_session_got_length(struct link_session *s)
{
	size_t n;

	n = (size_t)s->ls_hdr[0] << 24 | (size_t)s->ls_hdr[1] << 16 |
	    (size_t)s->ls_hdr[2] << 8 | s->ls_hdr[3];
	/* A TLS record (handshake or alert, version 3.x) on a plain link. */
	if (s->ls_state == LS_WAIT_HELLO && (s->ls_hdr[0] == 0x16 ||
	    s->ls_hdr[0] == 0x15) && s->ls_hdr[1] == 0x03) {
		link_session_fail(s, "%s speaks TLS: it uses esmlinks:// where "
		    "this side uses plain esmlink://", s->ls_peer_name);
		return -1;
	}
	if (s->ls_state == LS_WAIT_HELLO && (n > LINK_HELLO_MAX || n < 2)) {
		link_session_fail(s, "%s: the first bytes are not an esmgate "
		    "link hello (garbage before the hello)", s->ls_peer_name);
		return -1;
	}
	if (s->ls_state != LS_WAIT_HELLO && n > s->ls_max_frame) {
		link_session_fail(s, "%s sent %zu bytes in one frame, more "
		    "than the %zu allowed", s->ls_peer_name, n,
		    s->ls_max_frame);
		return -1;
	}
	s->ls_frame_len = n;
	s->ls_frame_have = 0;
	s->ls_frame = xmalloc(n + 1);
	return 0;
}

enum link_session_event
link_session_feed(struct link_session *s, const unsigned char *buf,
    size_t len, size_t *used)
{
	enum link_session_event ev;
	size_t n;

	*used = 0;
	link_session_forget_msg(s);
	while (s->ls_state != LS_FAILED) {
		if (s->ls_hdr_have < 4) {
			if (*used == len)
				return LINK_SESSION_MORE;
			n = 4 - s->ls_hdr_have;
			if (n > len - *used)
				n = len - *used;
			memcpy(s->ls_hdr + s->ls_hdr_have, buf + *used, n);
			s->ls_hdr_have += n;
			*used += n;
			if (s->ls_hdr_have == 4 &&
			    link_session_got_length(s) == -1)
				break;
			continue;
		}
		n = s->ls_frame_len - s->ls_frame_have;
		if (n > len - *used)
			n = len - *used;
		memcpy(s->ls_frame + s->ls_frame_have, buf + *used, n);
		s->ls_frame_have += n;
		*used += n;
		if (s->ls_frame_have < s->ls_frame_len)
			return LINK_SESSION_MORE;
		ev = link_session_got_frame(s);
		xfree_secret(s->ls_frame, s->ls_frame_len + 1);
		s->ls_frame = NULL;
		s->ls_hdr_have = 0;
		if (ev != LINK_SESSION_MORE)
			return ev;
	}
	return LINK_SESSION_FAILED;
}

const struct link_msg *
link_session_msg(const struct link_session *s)
{
	return &s->ls_msg;
}

const char *
link_session_eof_reason(struct link_session *s)
{
	if (s->ls_state == LS_FAILED)
		return s->ls_reason;
	if (s->ls_hdr_have > 0 && s->ls_hdr_have < 4)
		link_session_fail(s, "link closed in the middle of a frame "
		    "(%zu of 4 length bytes)", s->ls_hdr_have);
	else if (s->ls_hdr_have == 4)
		link_session_fail(s, "link closed in the middle of a frame "
		    "(%zu of %zu bytes)", 4 + s->ls_frame_have,
		    4 + s->ls_frame_len);
	else if (s->ls_state == LS_WAIT_HELLO)
		link_session_fail(s, "%s closed the link before its hello",
		    s->ls_peer_name);
	else if (s->ls_state == LS_WAIT_CONFIRM)
		link_session_fail(s, "%s closed the link during the handshake "
		    "(different key or cipher on its side?)", s->ls_peer_name);
	else
		link_session_fail(s, "%s closed the link", s->ls_peer_name);
	return s->ls_reason;
}

const char *
link_session_reason(const struct link_session *s)
{
	return s->ls_state == LS_FAILED ? s->ls_reason : NULL;
}

/* Part of a frame has arrived and the rest has not. */
int
link_session_in_frame(const struct link_session *s)
{
	return s->ls_hdr_have > 0;
}

int
link_session_is_ready(const struct link_session *s)
{
	return s->ls_state == LS_OPEN;
}

int
link_session_is_failed(const struct link_session *s)
{
	return s->ls_state == LS_FAILED;
}

const char *
link_session_peer_name(const struct link_session *s)
{
	return s->ls_peer_name;
}

const char *
link_session_peer_kind(const struct link_session *s)
{
	return s->ls_peer_kind;
}

const char *
link_session_peer_identity(const struct link_session *s)
{
	return s->ls_peer_identity[0] != '\0' ? s->ls_peer_identity : NULL;
}

enum link_cipher
link_session_cipher(const struct link_session *s)
{
	return s->ls_cipher;
}

const char *
link_session_key_id(const struct link_session *s)
{
	return s->ls_key_used[0] != '\0' ? s->ls_key_used : NULL;
}
