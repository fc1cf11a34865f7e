/*
 * link_msg.c - BER codec of the messages carried in sealed link frames.
 *
 * Each sealed frame holds exactly one LinkMessage; the type is the
 * APPLICATION tag, so a decoder knows the shape before reading a field:
 *
 *	LinkMessage ::= CHOICE {
 *		request   [APPLICATION 1] SEQUENCE {
 *			id        Id,
 *			kind      ENUMERATED { command(0), verify(1) },
 *			window    Count,
 *			command   OCTET STRING,
 *			args      SEQUENCE SIZE (0..16) OF OCTET STRING,
 *			who       SEQUENCE {
 *				dn       OCTET STRING (SIZE (0..246)),
 *				realm    OCTET STRING (SIZE (0..254)),
 *				address  OCTET STRING (SIZE (0..255)),
 *				conn     Id,
 *				op       Id } },
 *		response  [APPLICATION 2] SEQUENCE {
 *			id        Id,
 *			rc        INTEGER,
 *			more      BOOLEAN,
 *			lines     SEQUENCE SIZE (0..65536) OF OCTET STRING },
 *		credit    [APPLICATION 3] SEQUENCE { id Id, window Count },
 *		cancel    [APPLICATION 4] SEQUENCE { id Id },
 *		ping      [APPLICATION 5] SEQUENCE { id Id },
 *		pong      [APPLICATION 6] SEQUENCE { id Id },
 *		event     [APPLICATION 7] SEQUENCE {
 *			seq       Id,
 *			body      OCTET STRING },
 *		eventAck  [APPLICATION 8] SEQUENCE { seq Id } }
 *
 *	Id    ::= INTEGER (0..18446744073709551615)
 *	Count ::= INTEGER (0..4294967295)
 *
 * The decoder is strict: every tag is checked, a sequence must be used up
 * exactly, nothing may follow the message, counts are capped before any
 * array grows past them, and identity strings must fit their limits and
 * hold no NUL.  The strict reading and the 64-bit integers are asn.c's.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "asn.h"
#include "link.h"
#include "link_int.h"
#include "xmalloc.h"

#define LINK_TAG(type)	((ber_tag_t)(LBER_CLASS_APPLICATION | \
			    LBER_CONSTRUCTED | (type)))
#define LINK_ADDRESS_MAX	255

/*
 * What a decoded message owns: a copy of the payload with one spare byte
 * (liblber peeks at the byte after the last element), the arrays and the
 * NUL-terminated identity strings.
 */
struct link_msg_store {
	unsigned char	*ms_buf;
	size_t		 ms_len;
	struct berval	*ms_array;	/* lm_lines or lm_args */
	size_t		 ms_narray;
	char		 ms_dn[LINK_DN_MAX + 1];
	char		 ms_realm[LINK_REALM_MAX + 1];
	char		 ms_address[LINK_ADDRESS_MAX + 1];
};

/* ---- encoding ------------------------------------------------------- */

static int
link_msg_put_list(BerElement *ber, const struct berval *v, size_t n,
    size_t max)
{
	size_t i;

	if (n > max || (n > 0 && v == NULL))
		return -1;
	if (ber_printf(ber, "{") == -1)
		return -1;
	for (i = 0; i < n; i++)
		if (asn_put_bv(ber, &v[i]) == -1)
			return -1;
	return ber_printf(ber, "}") == -1 ? -1 : 0;
}

static int
link_msg_put_request(BerElement *ber, const struct link_msg *m)
{
	const struct link_identity *w = &m->lm_who;

	if (m->lm_kind != LINK_REQ_COMMAND && m->lm_kind != LINK_REQ_VERIFY)
		return -1;
	if (ber_printf(ber, "e", (ber_int_t)m->lm_kind) == -1 ||
	    asn_put_uint(ber, m->lm_window) == -1 ||
	    asn_put_bv(ber, &m->lm_command) == -1 ||
	    link_msg_put_list(ber, m->lm_args, m->lm_nargs,
	    LINK_MAX_ARGS) == -1)
		return -1;
	if (ber_printf(ber, "{") == -1 ||
	    asn_put_str(ber, w->li_dn, LINK_DN_MAX) == -1 ||
	    asn_put_str(ber, w->li_realm, LINK_REALM_MAX) == -1 ||
	    asn_put_str(ber, w->li_address, LINK_ADDRESS_MAX) == -1 ||
	    asn_put_uint(ber, w->li_conn) == -1 ||
	    asn_put_uint(ber, w->li_op) == -1 ||
	    ber_printf(ber, "}") == -1)
		return -1;
	return 0;
}

static int
link_msg_put_body(BerElement *ber, const struct link_msg *m)
{
	switch (m->lm_type) {
	case LINK_MSG_REQUEST:
		return link_msg_put_request(ber, m);
	case LINK_MSG_RESPONSE:
		if (ber_printf(ber, "ib", (ber_int_t)m->lm_rc,
		    (ber_int_t)(m->lm_more != 0)) == -1)
			return -1;
		return link_msg_put_list(ber, m->lm_lines, m->lm_nlines,
		    LINK_MAX_LINES);
	case LINK_MSG_CREDIT:
		return asn_put_uint(ber, m->lm_window);
	case LINK_MSG_EVENT:
		return asn_put_bv(ber, &m->lm_body);
	case LINK_MSG_CANCEL:
	case LINK_MSG_PING:
	case LINK_MSG_PONG:
	case LINK_MSG_EVENT_ACK:
		return 0;
	}
	return -1;
}

int
link_msg_encode(const struct link_msg *msg, unsigned char **out,
    size_t *outlen)
{
	BerElement *ber;

	*out = NULL;
	*outlen = 0;
	if (msg->lm_type < LINK_MSG_REQUEST ||
	    msg->lm_type > LINK_MSG_EVENT_ACK)
		return -1;
	if ((ber = ber_alloc_t(LBER_USE_DER)) == NULL)
		return -1;
	if (ber_printf(ber, "t{", LINK_TAG(msg->lm_type)) == -1 ||
	    asn_put_uint(ber, msg->lm_id) == -1 ||
	    link_msg_put_body(ber, msg) == -1 ||
	    ber_printf(ber, "}") == -1) {
		ber_free(ber, 1);
		return -1;
	}
	/* VERIFY carries passwords: asn_finish leaves no copy behind. */
	return asn_finish(ber, out, outlen);
}

/* ---- decoding ------------------------------------------------------- */

/* The length octets of a DER element at *p (before end); advances *p. */
static int
link_msg_der_len(const unsigned char **p, const unsigned char *end,
    size_t *len, const char **why)
{
	size_t k, n = 0;

	if (*p >= end) {
		*why = "an element runs past the end of its sequence";
		return -1;
	}
	k = *(*p)++;
	if (k < 0x80) {
		*len = k;
		return 0;
	}
	k &= 0x7f;
	if (k == 0 || k > sizeof(n) || k > (size_t)(end - *p)) {
		*why = "an element has a bad length";
		return -1;
	}
	while (k-- > 0)
		n = n << 8 | *(*p)++;
	*len = n;
	return 0;
}

/*
 * SEQUENCE OF OCTET STRING into the store's array.  A response carries
 * hundreds of lines, so the strings are read straight from the sequence
 * liblber skipped over: one call instead of three per line.
 */
static int
link_msg_get_list(BerElement *ber, ber_len_t end, size_t max,
    struct link_msg_store *st, const char **why)
{
	const unsigned char *p, *e;
	struct berval seq;
	ber_len_t len;
	size_t cap = 0, n;

	if (asn_left(ber) <= end) {
		*why = "a sequence ends before all its elements";
		return -1;
	}
	if (ber_peek_tag(ber, &len) != LBER_SEQUENCE) {
		*why = "unexpected tag where a sequence was expected";
		return -1;
	}
	if (ber_skip_element(ber, &seq) != LBER_SEQUENCE ||
	    asn_left(ber) < end) {
		*why = "an element runs past the end of its sequence";
		return -1;
	}
	p = (const unsigned char *)seq.bv_val;
	e = p + seq.bv_len;
	while (p < e) {
		if (st->ms_narray == max) {
			*why = "too many values in one message";
			return -1;
		}
		if (*p++ != LBER_OCTETSTRING) {
			*why = "expected an OCTET STRING";
			return -1;
		}
		if (link_msg_der_len(&p, e, &n, why) == -1)
			return -1;
		if (n > (size_t)(e - p)) {
			*why = "an element runs past the end of its sequence";
			return -1;
		}
		if (st->ms_narray == cap) {
			cap = cap == 0 ? 8 : cap * 2;
			if (cap > max)
				cap = max;
			st->ms_array = xreallocarray(st->ms_array, cap,
			    sizeof(*st->ms_array));
		}
		st->ms_array[st->ms_narray].bv_val = (char *)p;
		st->ms_array[st->ms_narray].bv_len = n;
		st->ms_narray++;
		p += n;
	}
	return 0;
}

static int
link_msg_get_who(BerElement *ber, ber_len_t end, struct link_msg *m,
    struct link_msg_store *st, const char **why)
{
	ber_len_t wend;

	if (asn_left(ber) <= end) {
		*why = "a request has no identity";
		return -1;
	}
	if (asn_open(ber, LBER_SEQUENCE, &wend, why) == -1)
		return -1;
	if (asn_get_str(ber, wend, st->ms_dn, LINK_DN_MAX, why) == -1 ||
	    asn_get_str(ber, wend, st->ms_realm, LINK_REALM_MAX,
	    why) == -1 ||
	    asn_get_str(ber, wend, st->ms_address, LINK_ADDRESS_MAX,
	    why) == -1 ||
	    asn_get_uint(ber, wend, UINT64_MAX, &m->lm_who.li_conn,
	    why) == -1 ||
	    asn_get_uint(ber, wend, UINT64_MAX, &m->lm_who.li_op,
	    why) == -1)
		return -1;
	m->lm_who.li_dn = st->ms_dn;
	m->lm_who.li_realm = st->ms_realm;
	m->lm_who.li_address = st->ms_address;
	return asn_close(ber, wend, why);
}

static int
link_msg_get_request(BerElement *ber, ber_len_t end, struct link_msg *m,
    struct link_msg_store *st, const char **why)
{
	uint64_t window;
	int kind;

	if (asn_get_small(ber, end, LBER_ENUMERATED, &kind, why) == -1)
		return -1;
	if (kind != LINK_REQ_COMMAND && kind != LINK_REQ_VERIFY) {
		*why = "unknown request kind";
		return -1;
	}
	m->lm_kind = (enum link_req_kind)kind;
	if (asn_get_uint(ber, end, UINT32_MAX, &window, why) == -1 ||
	    asn_prim(ber, end, LBER_OCTETSTRING, &m->lm_command,
	    why) == -1 ||
	    link_msg_get_list(ber, end, LINK_MAX_ARGS, st, why) == -1)
		return -1;
	m->lm_window = (uint32_t)window;
	m->lm_args = st->ms_array;
	m->lm_nargs = st->ms_narray;
	return link_msg_get_who(ber, end, m, st, why);
}

static int
link_msg_get_body(BerElement *ber, ber_len_t end, struct link_msg *m,
    struct link_msg_store *st, const char **why)
{
	uint64_t window;

	switch (m->lm_type) {
	case LINK_MSG_REQUEST:
		return link_msg_get_request(ber, end, m, st, why);
	case LINK_MSG_RESPONSE:
		if (asn_get_small(ber, end, LBER_INTEGER, &m->lm_rc,
		    why) == -1 ||
		    asn_get_small(ber, end, LBER_BOOLEAN, &m->lm_more,
		    why) == -1 ||
		    link_msg_get_list(ber, end, LINK_MAX_LINES, st, why) == -1)
			return -1;
		m->lm_more = m->lm_more != 0;
		m->lm_lines = st->ms_array;
		m->lm_nlines = st->ms_narray;
		return 0;
	case LINK_MSG_CREDIT:
		if (asn_get_uint(ber, end, UINT32_MAX, &window,
		    why) == -1)
			return -1;
		m->lm_window = (uint32_t)window;
		return 0;
	case LINK_MSG_EVENT:
		return asn_prim(ber, end, LBER_OCTETSTRING, &m->lm_body,
		    why);
	default:
		return 0;
	}
}

static int
link_msg_decode_ber(BerElement *ber, struct link_msg *m,
    struct link_msg_store *st, const char **why)
{
	ber_len_t len, end;
	ber_tag_t tag;
	int type;

	tag = ber_peek_tag(ber, &len);
	type = (int)(tag & ~(ber_tag_t)(LBER_CLASS_APPLICATION |
	    LBER_CONSTRUCTED));
	if (tag == LBER_DEFAULT) {
		*why = "message truncated or not BER";
		return -1;
	}
	if (type < LINK_MSG_REQUEST ||
	    type > LINK_MSG_EVENT_ACK || tag != LINK_TAG(type)) {
		*why = "not a link message (unknown tag)";
		return -1;
	}
	m->lm_type = (enum link_msg_type)type;
	if (asn_open(ber, tag, &end, why) == -1 ||
	    asn_get_uint(ber, end, UINT64_MAX, &m->lm_id, why) == -1 ||
	    link_msg_get_body(ber, end, m, st, why) == -1 ||
	    asn_close(ber, end, why) == -1)
		return -1;
	if (end != 0) {
		*why = "trailing data after the message";
		return -1;
	}
	return 0;
}

int
link_msg_decode(const unsigned char *buf, size_t len, struct link_msg *msg,
    const char **why)
{
	struct link_msg_store *st;
	struct asn_reader r;
	int rc;

	memset(msg, 0, sizeof(*msg));
	*why = NULL;
	if (len == 0) {
		*why = "empty message";
		return -1;
	}
	if (asn_reader_open(&r, buf, len) == -1) {
		*why = "out of memory";
		return -1;
	}
	/* The message borrows from the copy: its store keeps it. */
	st = xcalloc(1, sizeof(*st));
	msg->lm_priv = st;
	st->ms_buf = r.ar_buf;
	st->ms_len = r.ar_len;
	r.ar_buf = NULL;
	rc = link_msg_decode_ber(r.ar_ber, msg, st, why);
	asn_reader_close(&r);
	if (rc == -1)
		link_msg_clear(msg);
	return rc;
}

void
link_msg_clear(struct link_msg *msg)
{
	struct link_msg_store *st = msg->lm_priv;

	if (st != NULL) {
		free(st->ms_array);
		/* VERIFY payloads hold passwords. */
		if (st->ms_buf != NULL)
			xfree_secret(st->ms_buf, st->ms_len);
		/* The identity of the LDAP client is not left lying around. */
		OPENSSL_cleanse(st, sizeof(*st));
		free(st);
	}
	memset(msg, 0, sizeof(*msg));
}
