/*
 * asn.c - strict DER helpers over liblber (asn.h).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "asn.h"
#include "xmalloc.h"

/* ---- writing -------------------------------------------------------- */

int
asn_put_uint(BerElement *ber, uint64_t v)
{
	unsigned char b[9];
	size_t i;

	b[0] = 0;
	for (i = 0; i < 8; i++)
		b[1 + i] = (unsigned char)(v >> (56 - 8 * i));
	/* Minimal: drop a leading zero unless the next byte needs it. */
	for (i = 0; i < 8 && b[i] == 0 && (b[i + 1] & 0x80) == 0; i++)
		;
	return ber_put_ostring(ber, (char *)b + i, 9 - i, LBER_INTEGER) ==
	    -1 ? -1 : 0;
}

int
asn_put_bv(BerElement *ber, const struct berval *bv)
{
	const char *val = "";
	ber_len_t len = 0;

	if (bv != NULL && bv->bv_val != NULL) {
		val = bv->bv_val;
		len = bv->bv_len;
	}
	return ber_put_ostring(ber, val, len, LBER_OCTETSTRING) == -1 ?
	    -1 : 0;
}

int
asn_put_str(BerElement *ber, const char *s, size_t max)
{
	size_t len = s == NULL ? 0 : strlen(s);

	if (len > max)
		return -1;
	return ber_put_ostring(ber, s == NULL ? "" : s, len,
	    LBER_OCTETSTRING) == -1 ? -1 : 0;
}

int
asn_finish(BerElement *ber, unsigned char **out, size_t *outlen)
{
	struct berval bv;
	int rc = -1;

	*out = NULL;
	*outlen = 0;
	if (ber_flatten2(ber, &bv, 0) == 0) {
		*out = xmemdup(bv.bv_val, bv.bv_len);
		*outlen = bv.bv_len;
		/* Payloads carry passwords: leave no copy in liblber's. */
		OPENSSL_cleanse(bv.bv_val, bv.bv_len);
		rc = 0;
	}
	ber_free(ber, 1);
	return rc;
}

/* ---- reading -------------------------------------------------------- */

int
asn_reader_open(struct asn_reader *r, const void *buf, size_t len)
{
	struct berval bv;

	memset(r, 0, sizeof(*r));
	if ((r->ar_ber = ber_alloc_t(0)) == NULL)
		return -1;
	r->ar_len = len + 1;
	r->ar_buf = xmalloc(r->ar_len);
	memcpy(r->ar_buf, buf, len);
	r->ar_buf[len] = '\0';
	/* LBER_BV_NOTERM everywhere: liblber never writes into the copy. */
	bv.bv_val = (char *)r->ar_buf;
	bv.bv_len = len;
	ber_init2(r->ar_ber, &bv, 0);
	return 0;
}

void
asn_reader_close(struct asn_reader *r)
{
	if (r->ar_ber != NULL)
		ber_free(r->ar_ber, 0);
	if (r->ar_buf != NULL)
		xfree_secret(r->ar_buf, r->ar_len);
	memset(r, 0, sizeof(*r));
}

ber_len_t
asn_left(BerElement *ber)
{
	ber_len_t n = 0;

	(void)ber_get_option(ber, LBER_OPT_BER_REMAINING_BYTES, &n);
	return n;
}

int
asn_open(BerElement *ber, ber_tag_t want, ber_len_t *end, const char **why)
{
	ber_len_t len;

	if (ber_peek_tag(ber, &len) != want) {
		*why = "unexpected tag where a sequence was expected";
		return -1;
	}
	if (ber_skip_tag(ber, &len) != want || len > asn_left(ber)) {
		*why = "sequence length runs past the end of the frame";
		return -1;
	}
	*end = asn_left(ber) - len;
	return 0;
}

int
asn_close(BerElement *ber, ber_len_t end, const char **why)
{
	if (asn_left(ber) != end) {
		*why = asn_left(ber) > end ?
		    "trailing data at the end of a sequence" :
		    "an element runs past the end of its sequence";
		return -1;
	}
	return 0;
}

ber_tag_t
asn_peek(BerElement *ber, ber_len_t end)
{
	ber_len_t len;

	if (asn_left(ber) <= end)
		return LBER_DEFAULT;
	return ber_peek_tag(ber, &len);
}

int
asn_prim(BerElement *ber, ber_len_t end, ber_tag_t want, struct berval *bv,
    const char **why)
{
	ber_len_t len;

	if (asn_left(ber) <= end) {
		*why = "a sequence ends before all its elements";
		return -1;
	}
	if (ber_peek_tag(ber, &len) != want) {
		*why = want == LBER_INTEGER ? "expected an INTEGER" :
		    want == LBER_BOOLEAN ? "expected a BOOLEAN" :
		    want == LBER_ENUMERATED ? "expected an ENUMERATED" :
		    want == LBER_OCTETSTRING ? "expected an OCTET STRING" :
		    "unexpected tag";
		return -1;
	}
	if (ber_get_stringbv(ber, bv, LBER_BV_NOTERM) != want ||
	    asn_left(ber) < end) {
		*why = "an element runs past the end of its sequence";
		return -1;
	}
	if (bv->bv_val == NULL)
		bv->bv_val = (char *)"";
	return 0;
}

int
asn_get_uint(BerElement *ber, ber_len_t end, uint64_t max, uint64_t *out,
    const char **why)
{
	struct berval bv;
	const unsigned char *p;
	uint64_t v = 0;
	size_t i;

	if (asn_prim(ber, end, LBER_INTEGER, &bv, why) == -1)
		return -1;
	p = (const unsigned char *)bv.bv_val;
	if (bv.bv_len == 0 || bv.bv_len > 9 || (p[0] & 0x80) != 0 ||
	    (bv.bv_len == 9 && p[0] != 0) ||
	    (bv.bv_len > 1 && p[0] == 0 && (p[1] & 0x80) == 0)) {
		*why = "an INTEGER is negative, too large or not minimal";
		return -1;
	}
	for (i = 0; i < bv.bv_len; i++)
		v = v << 8 | p[i];
	if (v > max) {
		*why = "an INTEGER is out of range";
		return -1;
	}
	*out = v;
	return 0;
}

int
asn_get_small(BerElement *ber, ber_len_t end, ber_tag_t tag, int *out,
    const char **why)
{
	struct berval bv;
	const unsigned char *p;
	int64_t v;
	size_t i;

	if (asn_prim(ber, end, tag, &bv, why) == -1)
		return -1;
	p = (const unsigned char *)bv.bv_val;
	if (bv.bv_len == 0 || bv.bv_len > 4 ||
	    (tag == LBER_BOOLEAN && bv.bv_len != 1)) {
		*why = "a small integer has a bad length";
		return -1;
	}
	v = (p[0] & 0x80) ? -1 : 0;
	for (i = 0; i < bv.bv_len; i++)
		v = (int64_t)((uint64_t)v << 8 | p[i]);
	*out = (int)v;
	return 0;
}

int
asn_get_str(BerElement *ber, ber_len_t end, char *dst, size_t max,
    const char **why)
{
	struct berval bv;

	if (asn_prim(ber, end, LBER_OCTETSTRING, &bv, why) == -1)
		return -1;
	if (bv.bv_len > max) {
		*why = "a string is longer than its limit";
		return -1;
	}
	if (memchr(bv.bv_val, '\0', bv.bv_len) != NULL) {
		*why = "a string holds a NUL byte";
		return -1;
	}
	memcpy(dst, bv.bv_val, bv.bv_len);
	dst[bv.bv_len] = '\0';
	return 0;
}
