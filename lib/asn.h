/*
 * asn.h - the strict DER reading and writing every BER codec of esmgate
 * shares (link messages, event bodies, changelog records), on top of
 * liblber.
 *
 * Writing: liblber's own calls, plus unsigned 64-bit INTEGERs (liblber's
 * INTEGER helpers stop at 32 bits) and a flatten that leaves no copy of
 * the encoding behind (payloads may hold passwords).
 *
 * Reading is strict: a constructed element is opened with the number of
 * bytes that must remain once it is used up (its end), every primitive
 * must lie wholly inside the element that holds it, INTEGERs must be
 * minimal, and asn_close() refuses an element with bytes left over.
 * Each failure gives a static reason in *why.
 */
#ifndef ESM_ASN_H
#define ESM_ASN_H

#include <stddef.h>
#include <stdint.h>

#include <lber.h>

/* ---- writing -------------------------------------------------------- */

/* A non-negative INTEGER of up to 64 bits, minimal two's complement. */
int	asn_put_uint(BerElement *, uint64_t);
/* An OCTET STRING; a NULL bv or bv_val writes an empty one. */
int	asn_put_bv(BerElement *, const struct berval *);
/* An OCTET STRING of a C string (NULL: empty); -1 when longer than max. */
int	asn_put_str(BerElement *, const char *s, size_t max);
/*
 * The encoding as a malloc'ed buffer the caller owns; liblber's buffer
 * is zeroed and ber freed, whatever the outcome.  0 or -1.
 */
int	asn_finish(BerElement *, unsigned char **out, size_t *outlen);

/* ---- reading -------------------------------------------------------- */

/*
 * A reader over a private copy of len bytes (and one spare byte: liblber
 * peeks at the byte after the last element, and never writes into the
 * copy).  Values read borrow from ar_buf; asn_reader_close() zeroes and
 * frees it unless the caller took it (set ar_buf to NULL).
 */
struct asn_reader {
	BerElement	*ar_ber;	/* owned */
	unsigned char	*ar_buf;	/* owned: the copy */
	size_t		 ar_len;	/* of the copy */
};

int	asn_reader_open(struct asn_reader *, const void *buf, size_t len);
void	asn_reader_close(struct asn_reader *);

/* Bytes not yet read. */
ber_len_t asn_left(BerElement *);
/*
 * Open a constructed element tagged want; *end is what asn_left() will
 * be once the element is used up.
 */
int	asn_open(BerElement *, ber_tag_t want, ber_len_t *end,
	    const char **why);
/* The element that ends at end is used up exactly. */
int	asn_close(BerElement *, ber_len_t end, const char **why);
/* Is there another element before end?  Its tag, else LBER_DEFAULT. */
ber_tag_t asn_peek(BerElement *, ber_len_t end);
/* A primitive element tagged want (contents borrowed, never NULL). */
int	asn_prim(BerElement *, ber_len_t end, ber_tag_t want,
	    struct berval *bv, const char **why);
/* A non-negative minimal INTEGER no greater than max. */
int	asn_get_uint(BerElement *, ber_len_t end, uint64_t max,
	    uint64_t *out, const char **why);
/* A small signed INTEGER, ENUMERATED (tag) or a BOOLEAN (one byte). */
int	asn_get_small(BerElement *, ber_len_t end, ber_tag_t tag, int *out,
	    const char **why);
/*
 * An OCTET STRING of at most max bytes and no NUL, copied into dst
 * (max + 1 bytes) and NUL-terminated.
 */
int	asn_get_str(BerElement *, ber_len_t end, char *dst, size_t max,
	    const char **why);

#endif
