/*
 * pdu.c - LDAPMessage framing and codec (RFC 4511 §4, §5.1).
 *
 * Framing looks only at the tag and length octets of the next message so
 * that the connection knows how many bytes to wait for.  Decoding never
 * copies the bytes: strings are returned in place, as liblber's "m" form
 * does, so a request borrows from the PDU.
 *
 * liblber's ber_scanf() neither checks tags nor that a SEQUENCE ends where
 * its length says ('}' is a no-op), and its skip functions read the octet
 * after what they skip (one past the PDU at its end; our PDUs have no
 * slack).  So the dec_* helpers below keep the position themselves and,
 * for each element, lay the one BerElement (ber_init2, no copy) over the
 * window from there to the end of the enclosing SEQUENCE: liblber's
 * ber_peek_element() then reads the tag and length and refuses an element
 * that runs past the SEQUENCE.  The helpers check the tag too, and that
 * each SEQUENCE is used up exactly; anything else is a protocolError with
 * a reason that names the field.
 *
 * The encoders build responses with ber_printf() in DER, except
 * SearchResultEntry, which pdu_entry.c writes directly.
 */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lber.h>
#include <ldap.h>

#include "entry.h"
#include "filter.h"
#include "pdu.h"
#include "xmalloc.h"

/* A reason with numbers in it; valid until the thread's next pdu_ call. */
static _Thread_local char pdu_why[192];

struct dec {
	BerElement		*d_ber;		/* owned: over borrowed bytes */
	const char		*d_pos;		/* the next element */
	const char		*d_end;		/* the end of the buffer */
	const char		*d_op;		/* "searchRequest": prefixes
						   reasons; NULL: none */
	const char		*d_why;
	int			 d_over;	/* d_why is a limit */
	const struct schema	*d_schema;
	const struct pdu_limits	*d_lim;
};

struct dec_op {
	ber_tag_t	 o_tag;
	ber_tag_t	 o_res;		/* response tag; 0: none */
	const char	*o_asn1;	/* "searchRequest", for reasons */
	const char	*o_name;	/* "search", for logs */
	/* Decode the contents (in place) of the protocolOp element. */
	int		(*o_decode)(struct dec *, const struct berval *,
			    struct pdu_req *);
};

static int	dec_bind(struct dec *, const struct berval *,
		    struct pdu_req *);
static int	dec_unbind(struct dec *, const struct berval *,
		    struct pdu_req *);
static int	dec_search(struct dec *, const struct berval *,
		    struct pdu_req *);
static int	dec_modify(struct dec *, const struct berval *,
		    struct pdu_req *);
static int	dec_add(struct dec *, const struct berval *,
		    struct pdu_req *);
static int	dec_delete(struct dec *, const struct berval *,
		    struct pdu_req *);
static int	dec_modrdn(struct dec *, const struct berval *,
		    struct pdu_req *);
static int	dec_compare(struct dec *, const struct berval *,
		    struct pdu_req *);
static int	dec_abandon(struct dec *, const struct berval *,
		    struct pdu_req *);
static int	dec_extended(struct dec *, const struct berval *,
		    struct pdu_req *);

static const struct dec_op dec_ops[] = {
	{ LDAP_REQ_BIND, LDAP_RES_BIND, "bindRequest", "bind", dec_bind },
	{ LDAP_REQ_UNBIND, 0, "unbindRequest", "unbind", dec_unbind },
	{ LDAP_REQ_SEARCH, LDAP_RES_SEARCH_RESULT, "searchRequest", "search",
	    dec_search },
	{ LDAP_REQ_MODIFY, LDAP_RES_MODIFY, "modifyRequest", "modify",
	    dec_modify },
	{ LDAP_REQ_ADD, LDAP_RES_ADD, "addRequest", "add", dec_add },
	{ LDAP_REQ_DELETE, LDAP_RES_DELETE, "delRequest", "delete",
	    dec_delete },
	{ LDAP_REQ_MODDN, LDAP_RES_MODDN, "modDNRequest", "modrdn",
	    dec_modrdn },
	{ LDAP_REQ_COMPARE, LDAP_RES_COMPARE, "compareRequest", "compare",
	    dec_compare },
	{ LDAP_REQ_ABANDON, 0, "abandonRequest", "abandon", dec_abandon },
	{ LDAP_REQ_EXTENDED, LDAP_RES_EXTENDED, "extendedReq", "extended",
	    dec_extended },
};
#define NDEC_OPS	(sizeof dec_ops / sizeof dec_ops[0])

static const char *pdu_whyf(const char *, ...)
	    __attribute__((format(printf, 1, 2)));
static int	dec_fail(struct dec *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

static const char *
pdu_whyf(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(pdu_why, sizeof pdu_why, fmt, ap);
	va_end(ap);
	return pdu_why;
}

/* Record a reason, prefixed by the operation being decoded; returns -1. */
static int
dec_fail(struct dec *d, const char *fmt, ...)
{
	va_list	ap;
	int	n = 0;

	if (d->d_op != NULL)
		n = snprintf(pdu_why, sizeof pdu_why, "%s: ", d->d_op);
	if (n < 0 || (size_t)n >= sizeof pdu_why)
		n = 0;
	va_start(ap, fmt);
	vsnprintf(pdu_why + n, sizeof pdu_why - n, fmt, ap);
	va_end(ap);
	d->d_why = pdu_why;
	return -1;
}

/* A request with more than max of what (a limit); returns -1. */
static int
dec_over(struct dec *d, const char *what, size_t max)
{
	d->d_over = 1;
	return dec_fail(d, "more than %zu %s", max, what);
}

static const struct dec_op *
dec_op_find(ber_tag_t tag)
{
	size_t	i;

	for (i = 0; i < NDEC_OPS; i++)
		if (dec_ops[i].o_tag == tag)
			return &dec_ops[i];
	return NULL;
}

/*
 * Framing.
 */

int
pdu_frame(const unsigned char *buf, size_t avail, size_t max_pdu,
    size_t *len, const char **why)
{
	size_t	n, i, body, total;

	if (avail < 1)
		return 0;
	if (buf[0] != LDAP_TAG_MESSAGE) {
		*why = pdu_whyf("not an LDAPMessage: tag 0x%02x, not a "
		    "SEQUENCE", buf[0]);
		return -1;
	}
	if (avail < 2)
		return 0;
	if (buf[1] < 0x80) {
		n = 0;
		body = buf[1];
	} else {
		/* RFC 4511 §5.1: only the definite form of length. */
		if ((n = buf[1] & 0x7f) == 0) {
			*why = "indefinite length form";
			return -1;
		}
		if (n > 4) {
			*why = pdu_whyf("length in %zu octets (at most 4)", n);
			return -1;
		}
		if (avail < 2 + n)
			return 0;
		for (body = 0, i = 0; i < n; i++)
			body = body << 8 | buf[2 + i];
	}
	total = 2 + n + body;
	if (total > max_pdu) {
		*why = pdu_whyf("PDU of %zu bytes exceeds the %zu-byte limit",
		    total, max_pdu);
		return -1;
	}
	*len = total;
	return 1;
}

/*
 * Decoding primitives.  "end" is where the SEQUENCE (or SET) being read
 * ends; no element may run past it.
 */

static int
dec_open(struct dec *d, const struct berval *bv)
{
	memset(d, 0, sizeof *d);
	if ((d->d_ber = ber_alloc_t(0)) == NULL)
		return -1;
	d->d_pos = bv->bv_val;
	d->d_end = bv->bv_val + bv->bv_len;
	return 0;
}

static void
dec_close(struct dec *d)
{
	if (d->d_ber != NULL)
		ber_free(d->d_ber, 0);
	d->d_ber = NULL;
}

/* Where the next element starts. */
static const char *
dec_pos(const struct dec *d)
{
	return d->d_pos;
}

/* Lay the BerElement over [d_pos, end): no copy, no byte outside. */
static void
dec_window(struct dec *d, const char *end)
{
	struct berval	 win;

	win.bv_val = (char *)d->d_pos;
	win.bv_len = end - d->d_pos;
	ber_init2(d->d_ber, &win, 0);
}

static const char *
bv_end(const struct berval *bv)
{
	return bv->bv_val + bv->bv_len;
}

/*
 * The tag of the next element and its contents (in place), without
 * moving: 0 when nothing is left before end, LBER_DEFAULT when what is
 * there is not a whole element inside end.
 */
static ber_tag_t
dec_peek(struct dec *d, const char *end, struct berval *bv)
{
	ber_tag_t	 tag;

	if (d->d_pos >= end)
		return 0;
	dec_window(d, end);
	tag = ber_peek_element(d->d_ber, bv);
	if (tag == LBER_DEFAULT || tag == 0 || bv_end(bv) > end)
		return LBER_DEFAULT;
	return tag;
}

/* Check the next element's tag; its contents in *bv. */
static int
dec_check(struct dec *d, const char *end, ber_tag_t want,
    struct berval *bv, const char *what)
{
	ber_tag_t	 tag;

	tag = dec_peek(d, end, bv);
	if (tag == 0)
		return dec_fail(d, "%s missing", what);
	if (tag == LBER_DEFAULT)
		return dec_fail(d, "%s truncated or malformed", what);
	if (tag != want)
		return dec_fail(d, "%s missing (found tag 0x%lx)", what,
		    (unsigned long)tag);
	return 0;
}

/* A primitive element: its contents in place, moved past. */
static int
dec_take(struct dec *d, const char *end, ber_tag_t want,
    struct berval *bv, const char *what)
{
	if (dec_check(d, end, want, bv, what) == -1)
		return -1;
	d->d_pos = bv_end(bv);
	return 0;
}

/* A constructed element: moved to its first child; *inner is its end. */
static int
dec_enter(struct dec *d, const char *end, ber_tag_t want,
    const char **inner, const char *what)
{
	struct berval	 bv;

	if (dec_check(d, end, want, &bv, what) == -1)
		return -1;
	d->d_pos = bv.bv_val;
	*inner = bv_end(&bv);
	return 0;
}

/* The end of a SEQUENCE: nothing may be left in it. */
static int
dec_leave(struct dec *d, const char *end, const char *what)
{
	struct berval	 bv;
	ber_tag_t	 tag;

	if (dec_pos(d) == end)
		return 0;
	tag = dec_peek(d, end, &bv);
	if (tag == 0 || tag == LBER_DEFAULT)
		return dec_fail(d, "trailing bytes in %s", what);
	return dec_fail(d, "unexpected element (tag 0x%lx) in %s",
	    (unsigned long)tag, what);
}

/*
 * INTEGER and ENUMERATED contents: 1 to 4 octets, two's complement.
 * -1: not 1 to 4 octets; -2: not minimal (X.690 §8.3.2: the first nine
 * bits are neither all zeros nor all ones).
 */
static int
bv_to_int(const struct berval *bv, ber_int_t *v)
{
	const unsigned char	*p = (const unsigned char *)bv->bv_val;
	uint32_t		 u;
	size_t			 i;

	if (bv->bv_len < 1 || bv->bv_len > 4)
		return -1;
	if (bv->bv_len > 1 && ((p[0] == 0x00 && !(p[1] & 0x80)) ||
	    (p[0] == 0xff && (p[1] & 0x80))))
		return -2;
	u = (p[0] & 0x80) ? UINT32_MAX : 0;
	for (i = 0; i < bv->bv_len; i++)
		u = u << 8 | p[i];
	*v = (ber_int_t)(int32_t)u;
	return 0;
}

static int
dec_int(struct dec *d, const char *end, ber_tag_t want, ber_int_t *v,
    const char *what)
{
	struct berval	 bv;

	if (dec_take(d, end, want, &bv, what) == -1)
		return -1;
	switch (bv_to_int(&bv, v)) {
	case -1:
		return dec_fail(d, "%s is not a 32-bit integer", what);
	case -2:
		return dec_fail(d, "%s is not minimally encoded", what);
	}
	return 0;
}

/* INTEGER (0 .. maxInt) */
static int
dec_uint(struct dec *d, const char *end, ber_int_t *v, const char *what)
{
	if (dec_int(d, end, LBER_INTEGER, v, what) == -1)
		return -1;
	if (*v < 0)
		return dec_fail(d, "%s %d out of range", what, (int)*v);
	return 0;
}

/* ENUMERATED with values 0 .. max */
static int
dec_enum(struct dec *d, const char *end, ber_int_t max, ber_int_t *v,
    const char *what)
{
	if (dec_int(d, end, LBER_ENUMERATED, v, what) == -1)
		return -1;
	if (*v < 0 || *v > max)
		return dec_fail(d, "%s %d out of range", what, (int)*v);
	return 0;
}

static int
dec_bool(struct dec *d, const char *end, int *v, const char *what)
{
	struct berval	 bv;

	if (dec_take(d, end, LBER_BOOLEAN, &bv, what) == -1)
		return -1;
	if (bv.bv_len != 1)
		return dec_fail(d, "%s is not a BOOLEAN", what);
	*v = bv.bv_val[0] != 0;
	return 0;
}

static int
dec_str(struct dec *d, const char *end, struct berval *bv, const char *what)
{
	return dec_take(d, end, LBER_OCTETSTRING, bv, what);
}

/*
 * SEQUENCE OF / SET OF OCTET STRING into an owned array of borrowed
 * bervals, at most max of them (0: no limit but the PDU's size).  The
 * array is the caller's even on failure.
 */
static int
dec_strings(struct dec *d, const char *end, ber_tag_t tag, size_t max,
    struct berval **arr, size_t *n, const char *what)
{
	const char	*e;
	struct berval	 bv;
	size_t		 cap = 0;

	if (dec_enter(d, end, tag, &e, what) == -1)
		return -1;
	while (dec_pos(d) < e) {
		if (max != 0 && *n == max)
			return dec_over(d, what, max);
		if (dec_str(d, e, &bv, what) == -1)
			return -1;
		if (*n == cap) {
			cap = cap == 0 ? 4 : cap * 2;
			*arr = xreallocarray(*arr, cap, sizeof **arr);
		}
		(*arr)[(*n)++] = bv;
	}
	return 0;
}

/* Room for one more element in an owned array growing by doubling. */
static void *
dec_grow(void *arr, size_t n, size_t size)
{
	if (n == 0 || (n & (n - 1)) == 0)
		arr = xreallocarray(arr, n == 0 ? 4 : n * 2, size);
	return arr;
}

/*
 * Requests.
 */

/*
 *	BindRequest ::= [APPLICATION 0] SEQUENCE {
 *		version		INTEGER (1 ..  127),
 *		name		LDAPDN,
 *		authentication	AuthenticationChoice }
 *
 *	AuthenticationChoice ::= CHOICE {
 *		simple		[0] OCTET STRING,
 *		sasl		[3] SaslCredentials,
 *		...  }
 *
 *	SaslCredentials ::= SEQUENCE {
 *		mechanism	LDAPString,
 *		credentials	OCTET STRING OPTIONAL }
 *
 * Another choice is not malformed (the CHOICE is extensible): method
 * holds its tag and the bind operation answers authMethodNotSupported
 * (RFC 4511 §4.2).
 */
static int
dec_bind(struct dec *d, const struct berval *body, struct pdu_req *req)
{
	const char	*end = bv_end(body), *e;
	struct berval	 bv;
	ber_tag_t	 tag;

	if (dec_int(d, end, LBER_INTEGER, &req->r.bind.version,
	    "version") == -1)
		return -1;
	if (req->r.bind.version < 1 || req->r.bind.version > 127)
		return dec_fail(d, "version %d out of range",
		    (int)req->r.bind.version);
	if (dec_str(d, end, &req->r.bind.dn, "name") == -1)
		return -1;
	tag = dec_peek(d, end, &bv);
	if (tag == 0)
		return dec_fail(d, "authentication missing");
	if (tag == LBER_DEFAULT)
		return dec_fail(d, "authentication truncated or malformed");
	req->r.bind.method = tag;
	if (tag == LDAP_AUTH_SIMPLE) {
		req->r.bind.has_cred = 1;
		return dec_take(d, end, tag, &req->r.bind.cred, "simple");
	}
	if (tag != LDAP_AUTH_SASL)
		return dec_take(d, end, tag, &bv, "authentication");
	if (dec_enter(d, end, tag, &e, "sasl") == -1 ||
	    dec_str(d, e, &req->r.bind.mech, "mechanism") == -1)
		return -1;
	if (dec_pos(d) < e) {
		if (dec_str(d, e, &req->r.bind.cred, "credentials") == -1)
			return -1;
		req->r.bind.has_cred = 1;
	}
	return dec_leave(d, e, "sasl");
}

/*	UnbindRequest ::= [APPLICATION 2] NULL */
static int
dec_unbind(struct dec *d, const struct berval *body, struct pdu_req *req)
{
	if (body->bv_len != 0)
		return dec_fail(d, "not NULL");
	return 0;
}

/*
 * The Filter, by filter_decode() on a copy of its bytes: filter.c reads
 * with liblber, whose "m" writes a NUL over the octet after each string
 * and whose skip functions read the octet after what they skip.  The
 * copy (bounded by the PDU size) has that octet to spare, and the PDU is
 * never written to.
 */
static int
dec_filter(struct dec *d, const char *end, struct filter **out)
{
	struct berval	 bv, copy;
	BerElement	*ber;
	const char	*fwhy = NULL;
	ber_len_t	 rest = 1;
	int		 rc;

	switch (dec_peek(d, end, &bv)) {
	case 0:
		return dec_fail(d, "filter missing");
	case LBER_DEFAULT:
		return dec_fail(d, "filter truncated or malformed");
	}
	copy.bv_len = bv_end(&bv) - d->d_pos;
	copy.bv_val = xmalloc(copy.bv_len + 1);
	memcpy(copy.bv_val, d->d_pos, copy.bv_len);
	copy.bv_val[copy.bv_len] = '\0';
	if ((ber = ber_alloc_t(0)) == NULL) {
		xfree_secret(copy.bv_val, copy.bv_len + 1);
		return dec_fail(d, "out of memory");
	}
	ber_init2(ber, &copy, 0);
	rc = filter_decode(ber, d->d_schema, d->d_lim->pl_filter_depth,
	    d->d_lim->pl_filter_items, out, &fwhy);
	if (rc == 0)
		(void)ber_get_option(ber, LBER_OPT_REMAINING_BYTES, &rest);
	ber_free(ber, 0);
	/* A filter may name a password (userPassword=...). */
	xfree_secret(copy.bv_val, copy.bv_len + 1);
	if (rc == -1 && filter_why_is_limit(fwhy))
		d->d_over = 1;
	if (rc == -1)
		return dec_fail(d, "filter: %s",
		    fwhy != NULL ? fwhy : "malformed");
	if (rest != 0)
		return dec_fail(d, "filter: %lu bytes left after it",
		    (unsigned long)rest);
	d->d_pos = bv_end(&bv);
	return 0;
}

/*
 *	SearchRequest ::= [APPLICATION 3] SEQUENCE {
 *		baseObject	LDAPDN,
 *		scope		ENUMERATED {
 *			baseObject (0), singleLevel (1), wholeSubtree (2),
 *			...  },
 *		derefAliases	ENUMERATED {
 *			neverDerefAliases (0), derefInSearching (1),
 *			derefFindingBaseObj (2), derefAlways (3) },
 *		sizeLimit	INTEGER (0 ..  maxInt),
 *		timeLimit	INTEGER (0 ..  maxInt),
 *		typesOnly	BOOLEAN,
 *		filter		Filter,
 *		attributes	AttributeSelection }
 *
 *	AttributeSelection ::= SEQUENCE OF selector LDAPString
 *
 * Scope 3 is subordinateSubtree (draft-sermersheim-ldap-subordinate-
 * scope, ldapsearch -s children): decoded, the operation decides.
 */
static int
dec_search(struct dec *d, const struct berval *body, struct pdu_req *req)
{
	const char	*end = bv_end(body);

	if (dec_str(d, end, &req->r.search.base, "baseObject") == -1 ||
	    dec_enum(d, end, LDAP_SCOPE_SUBORDINATE, &req->r.search.scope,
	    "scope") == -1 ||
	    dec_enum(d, end, LDAP_DEREF_ALWAYS, &req->r.search.deref,
	    "derefAliases") == -1 ||
	    dec_uint(d, end, &req->r.search.sizelimit, "sizeLimit") == -1 ||
	    dec_uint(d, end, &req->r.search.timelimit, "timeLimit") == -1 ||
	    dec_bool(d, end, &req->r.search.typesonly, "typesOnly") == -1 ||
	    dec_filter(d, end, &req->r.search.filter) == -1)
		return -1;
	return dec_strings(d, end, LBER_SEQUENCE, d->d_lim->pl_max_attrs,
	    &req->r.search.attrs, &req->r.search.nattrs, "attributes");
}

/*
 *	PartialAttribute ::= SEQUENCE {
 *		type	AttributeDescription,
 *		vals	SET OF value AttributeValue }
 */
static int
dec_partial(struct dec *d, const char *end, struct berval *type,
    struct berval **vals, size_t *nvals)
{
	const char	*e;

	if (dec_enter(d, end, LBER_SEQUENCE, &e, "attribute") == -1 ||
	    dec_str(d, e, type, "attribute type") == -1 ||
	    dec_strings(d, e, LBER_SET, d->d_lim->pl_max_values, vals, nvals,
	    "values") == -1)
		return -1;
	return dec_leave(d, e, "attribute");
}

/*
 *	ModifyRequest ::= [APPLICATION 6] SEQUENCE {
 *		object		LDAPDN,
 *		changes		SEQUENCE OF change SEQUENCE {
 *			operation	ENUMERATED {
 *				add (0), delete (1), replace (2),
 *				...  },
 *			modification	PartialAttribute } }
 *
 * increment (3) is RFC 4525's.
 */
static int
dec_change(struct dec *d, const char *end, struct pdu_mod *m)
{
	const char	*e;
	ber_int_t	 op;

	if (dec_enter(d, end, LBER_SEQUENCE, &e, "change") == -1 ||
	    dec_int(d, e, LBER_ENUMERATED, &op, "operation") == -1)
		return -1;
	if (op != LDAP_MOD_ADD && op != LDAP_MOD_DELETE &&
	    op != LDAP_MOD_REPLACE && op != LDAP_MOD_INCREMENT)
		return dec_fail(d, "bad operation %d", (int)op);
	m->pm_op = op;
	if (dec_partial(d, e, &m->pm_type, &m->pm_vals, &m->pm_nvals) == -1)
		return -1;
	return dec_leave(d, e, "change");
}

static int
dec_modify(struct dec *d, const struct berval *body, struct pdu_req *req)
{
	const char	*end = bv_end(body), *e;
	size_t		 max = d->d_lim->pl_max_attrs, n;

	if (dec_str(d, end, &req->r.modify.dn, "object") == -1 ||
	    dec_enter(d, end, LBER_SEQUENCE, &e, "changes") == -1)
		return -1;
	while (dec_pos(d) < e) {
		if (max != 0 && req->r.modify.nmods == max)
			return dec_over(d, "changes", max);
		req->r.modify.mods = dec_grow(req->r.modify.mods,
		    req->r.modify.nmods, sizeof *req->r.modify.mods);
		n = req->r.modify.nmods++;
		memset(&req->r.modify.mods[n], 0, sizeof req->r.modify.mods[n]);
		if (dec_change(d, e, &req->r.modify.mods[n]) == -1)
			return -1;
	}
	return 0;
}

/*
 *	AddRequest ::= [APPLICATION 8] SEQUENCE {
 *		entry		LDAPDN,
 *		attributes	AttributeList }
 *
 *	AttributeList ::= SEQUENCE OF attribute Attribute
 *
 *	Attribute ::= PartialAttribute(WITH COMPONENTS {
 *		..., vals (SIZE(1..MAX))})
 */
static int
dec_add(struct dec *d, const struct berval *body, struct pdu_req *req)
{
	const char	*end = bv_end(body), *e;
	size_t		 max = d->d_lim->pl_max_attrs, n;
	struct pdu_attr	*a;

	if (dec_str(d, end, &req->r.add.dn, "entry") == -1 ||
	    dec_enter(d, end, LBER_SEQUENCE, &e, "attributes") == -1)
		return -1;
	while (dec_pos(d) < e) {
		if (max != 0 && req->r.add.nattrs == max)
			return dec_over(d, "attributes", max);
		req->r.add.attrs = dec_grow(req->r.add.attrs,
		    req->r.add.nattrs, sizeof *req->r.add.attrs);
		n = req->r.add.nattrs++;
		a = &req->r.add.attrs[n];
		memset(a, 0, sizeof *a);
		if (dec_partial(d, e, &a->pa_type, &a->pa_vals,
		    &a->pa_nvals) == -1)
			return -1;
		if (a->pa_nvals == 0)
			return dec_fail(d, "attribute %zu has no values",
			    n + 1);
	}
	return 0;
}

/*	DelRequest ::= [APPLICATION 10] LDAPDN */
static int
dec_delete(struct dec *d, const struct berval *body, struct pdu_req *req)
{
	req->r.del.dn = *body;
	return 0;
}

/*
 *	ModifyDNRequest ::= [APPLICATION 12] SEQUENCE {
 *		entry		LDAPDN,
 *		newrdn		RelativeLDAPDN,
 *		deleteoldrdn	BOOLEAN,
 *		newSuperior	[0] LDAPDN OPTIONAL }
 */
static int
dec_modrdn(struct dec *d, const struct berval *body, struct pdu_req *req)
{
	const char	*end = bv_end(body);

	if (dec_str(d, end, &req->r.modrdn.dn, "entry") == -1 ||
	    dec_str(d, end, &req->r.modrdn.newrdn, "newrdn") == -1 ||
	    dec_bool(d, end, &req->r.modrdn.deleteoldrdn,
	    "deleteoldrdn") == -1)
		return -1;
	if (dec_pos(d) < end) {
		if (dec_take(d, end, LDAP_TAG_NEWSUPERIOR,
		    &req->r.modrdn.newsup, "newSuperior") == -1)
			return -1;
		req->r.modrdn.has_newsup = 1;
	}
	return 0;
}

/*
 *	CompareRequest ::= [APPLICATION 14] SEQUENCE {
 *		entry		LDAPDN,
 *		ava		AttributeValueAssertion }
 *
 *	AttributeValueAssertion ::= SEQUENCE {
 *		attributeDesc	AttributeDescription,
 *		assertionValue	AssertionValue }
 */
static int
dec_compare(struct dec *d, const struct berval *body, struct pdu_req *req)
{
	const char	*end = bv_end(body), *e;

	if (dec_str(d, end, &req->r.compare.dn, "entry") == -1 ||
	    dec_enter(d, end, LBER_SEQUENCE, &e, "ava") == -1 ||
	    dec_str(d, e, &req->r.compare.type, "attributeDesc") == -1 ||
	    dec_str(d, e, &req->r.compare.value, "assertionValue") == -1)
		return -1;
	return dec_leave(d, e, "ava");
}

/*	AbandonRequest ::= [APPLICATION 16] MessageID */
static int
dec_abandon(struct dec *d, const struct berval *body, struct pdu_req *req)
{
	switch (bv_to_int(body, &req->r.abandon.msgid)) {
	case -1:
		return dec_fail(d, "message ID is not a 32-bit integer");
	case -2:
		return dec_fail(d, "message ID is not minimally encoded");
	}
	if (req->r.abandon.msgid < 0)
		return dec_fail(d, "message ID %d out of range",
		    (int)req->r.abandon.msgid);
	return 0;
}

/*
 *	ExtendedRequest ::= [APPLICATION 23] SEQUENCE {
 *		requestName	[0] LDAPOID,
 *		requestValue	[1] OCTET STRING OPTIONAL }
 */
static int
dec_extended(struct dec *d, const struct berval *body, struct pdu_req *req)
{
	const char	*end = bv_end(body);

	if (dec_take(d, end, LDAP_TAG_EXOP_REQ_OID, &req->r.extended.oid,
	    "requestName") == -1)
		return -1;
	if (dec_pos(d) < end) {
		if (dec_take(d, end, LDAP_TAG_EXOP_REQ_VALUE,
		    &req->r.extended.value, "requestValue") == -1)
			return -1;
		req->r.extended.has_value = 1;
	}
	return 0;
}

/*
 *	Controls ::= SEQUENCE OF control Control
 *
 *	Control ::= SEQUENCE {
 *		controlType	LDAPOID,
 *		criticality	BOOLEAN DEFAULT FALSE,
 *		controlValue	OCTET STRING OPTIONAL }
 */
static int
dec_control(struct dec *d, const char *end, struct pdu_control *c)
{
	const char	*e;
	struct berval	 bv;

	if (dec_enter(d, end, LBER_SEQUENCE, &e, "control") == -1 ||
	    dec_str(d, e, &c->c_oid, "controlType") == -1)
		return -1;
	if (dec_peek(d, e, &bv) == LBER_BOOLEAN &&
	    dec_bool(d, e, &c->c_critical, "criticality") == -1)
		return -1;
	if (dec_peek(d, e, &bv) == LBER_OCTETSTRING) {
		if (dec_str(d, e, &c->c_value, "controlValue") == -1)
			return -1;
		c->c_has_value = 1;
	}
	return dec_leave(d, e, "control");
}

static int
dec_controls(struct dec *d, const char *end, struct pdu_req *req)
{
	const char	*e;
	size_t		 max = d->d_lim->pl_max_controls, n;

	d->d_op = "controls";
	if (dec_enter(d, end, LDAP_TAG_CONTROLS, &e, "controls") == -1)
		return -1;
	while (dec_pos(d) < e) {
		if (max != 0 && req->r_nctrls == max)
			return dec_over(d, "controls", max);
		req->r_ctrls = dec_grow(req->r_ctrls, req->r_nctrls,
		    sizeof *req->r_ctrls);
		n = req->r_nctrls++;
		memset(&req->r_ctrls[n], 0, sizeof req->r_ctrls[n]);
		if (dec_control(d, e, &req->r_ctrls[n]) == -1)
			return -1;
	}
	d->d_op = NULL;
	return 0;
}

/* protocolOp: find the decoder by tag, decode the element's contents. */
static int
dec_protocol_op(struct dec *d, const char *end, struct pdu_req *req)
{
	const struct dec_op	*op;
	struct berval		 bv;
	ber_tag_t		 tag;

	tag = dec_peek(d, end, &bv);
	if (tag == 0)
		return dec_fail(d, "protocolOp missing");
	if (tag == LBER_DEFAULT)
		return dec_fail(d, "protocolOp truncated or malformed");
	if ((op = dec_op_find(tag)) == NULL)
		return dec_fail(d, "unknown protocolOp tag 0x%lx",
		    (unsigned long)tag);
	req->r_tag = tag;
	d->d_op = op->o_asn1;
	d->d_pos = (tag & LBER_CONSTRUCTED) ? bv.bv_val : bv_end(&bv);
	if (op->o_decode(d, &bv, req) == -1)
		return -1;
	if ((req->r_tag & LBER_CONSTRUCTED) &&
	    dec_leave(d, bv_end(&bv), op->o_asn1) == -1)
		return -1;
	d->d_op = NULL;
	return 0;
}

/*
 *	LDAPMessage ::= SEQUENCE {
 *		messageID	MessageID,
 *		protocolOp	CHOICE { bindRequest BindRequest, ... },
 *		controls	[0] Controls OPTIONAL }
 *
 *	MessageID ::= INTEGER (0 ..  maxInt)
 *
 * Zero is reserved for unsolicited notifications (RFC 4511 §4.1.1.1).
 */
static int
dec_message(struct dec *d, struct pdu_req *req)
{
	const char	*e;
	struct berval	 bv;
	ber_int_t	 id;

	if (dec_enter(d, d->d_end, LDAP_TAG_MESSAGE, &e, "LDAPMessage") == -1)
		return -1;
	if (e != d->d_end)
		return dec_fail(d, "trailing bytes after LDAPMessage");
	if (dec_int(d, e, LBER_INTEGER, &id, "message ID") == -1)
		return -1;
	if (id < 0)
		return dec_fail(d, "message ID out of range");
	if (id == 0)
		return dec_fail(d, "message ID 0 is reserved for "
		    "unsolicited notifications");
	req->r_msgid = id;
	if (dec_protocol_op(d, e, req) == -1)
		return -1;
	if (dec_peek(d, e, &bv) == LDAP_TAG_CONTROLS &&
	    dec_controls(d, e, req) == -1)
		return -1;
	return dec_leave(d, e, "LDAPMessage");
}

/* Release what the request owns; r_msgid and r_tag stay. */
static void
req_free_owned(struct pdu_req *req)
{
	size_t	i;

	free(req->r_ctrls);
	req->r_ctrls = NULL;
	req->r_nctrls = 0;
	switch (req->r_tag) {
	case LDAP_REQ_SEARCH:
		if (req->r.search.filter != NULL)
			filter_free(req->r.search.filter);
		free(req->r.search.attrs);
		break;
	case LDAP_REQ_MODIFY:
		for (i = 0; i < req->r.modify.nmods; i++)
			free(req->r.modify.mods[i].pm_vals);
		free(req->r.modify.mods);
		break;
	case LDAP_REQ_ADD:
		for (i = 0; i < req->r.add.nattrs; i++)
			free(req->r.add.attrs[i].pa_vals);
		free(req->r.add.attrs);
		break;
	}
	memset(&req->r, 0, sizeof req->r);
}

int
pdu_decode(const struct berval *pdu, const struct schema *schema,
    const struct pdu_limits *lim, struct pdu_req *req, const char **why)
{
	struct dec	 d;
	size_t		 len;
	int		 rc;

	memset(req, 0, sizeof *req);
	if (pdu == NULL || pdu->bv_val == NULL || pdu->bv_len == 0) {
		*why = "empty PDU";
		return -1;
	}
	/* The framing rules hold here too (a fuzzer calls us directly). */
	switch (pdu_frame((const unsigned char *)pdu->bv_val, pdu->bv_len,
	    SIZE_MAX, &len, why)) {
	case -1:
		return -1;
	case 0:
		*why = "LDAPMessage truncated or malformed";
		return -1;
	}
	if (dec_open(&d, pdu) == -1) {
		*why = "out of memory";
		return -1;
	}
	d.d_schema = schema;
	d.d_lim = lim;
	rc = dec_message(&d, req);
	dec_close(&d);
	if (rc == -1) {
		req_free_owned(req);
		req->r_over_limit = d.d_over;
		*why = d.d_why;
	}
	return rc;
}

void
pdu_req_clear(struct pdu_req *req)
{
	req_free_owned(req);
	memset(req, 0, sizeof *req);
}

ber_tag_t
pdu_response_tag(ber_tag_t req_tag)
{
	const struct dec_op	*op;

	return (op = dec_op_find(req_tag)) != NULL ? op->o_res : 0;
}

const char *
pdu_op_name(ber_tag_t req_tag)
{
	const struct dec_op	*op;

	return (op = dec_op_find(req_tag)) != NULL ? op->o_name : "unknown";
}

/*
 * Encoders.
 */

/* Controls [0] on a response (nothing when there are none). */
static int
enc_controls(BerElement *ber, const struct pdu_control *c, size_t n)
{
	size_t	i;

	if (n == 0)
		return 0;
	if (ber_printf(ber, "t{", LDAP_TAG_CONTROLS) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if (ber_printf(ber, "{O", &c[i].c_oid) == -1)
			return -1;
		if (c[i].c_critical &&
		    ber_printf(ber, "b", (ber_int_t)1) == -1)
			return -1;
		if (c[i].c_has_value &&
		    ber_printf(ber, "O", &c[i].c_value) == -1)
			return -1;
		if (ber_printf(ber, "}") == -1)
			return -1;
	}
	return ber_printf(ber, "}") == -1 ? -1 : 0;
}

/*
 * Hand the encoding to *out without a copy: the BerElement's own buffer
 * (liblber leaves room for the NUL ber_flatten2 appends), freed by the
 * caller with ber_memfree().  Consumes ber.
 */
static int
enc_flatten(BerElement *ber, int rc, struct berval *out)
{
	if (rc == 0 && ber_flatten2(ber, out, 0) == -1)
		rc = -1;
	ber_free(ber, rc == -1);
	if (rc == -1) {
		out->bv_val = NULL;
		out->bv_len = 0;
	}
	return rc;
}

/*
 * Close the protocolOp, add the controls, close the LDAPMessage and hand
 * the bytes to *out.  Consumes ber; rc is the caller's status so far.
 */
static int
enc_finish(BerElement *ber, int rc, const struct pdu_control *ctrls,
    size_t nctrls, struct berval *out)
{
	if (rc == 0 && (ber_printf(ber, "}") == -1 ||
	    enc_controls(ber, ctrls, nctrls) == -1 ||
	    ber_printf(ber, "}") == -1))
		rc = -1;
	return enc_flatten(ber, rc, out);
}

/*
 *	LDAPResult ::= SEQUENCE {
 *		resultCode		ENUMERATED { success (0), ... },
 *		matchedDN		LDAPDN,
 *		diagnosticMessage	LDAPString,
 *		referral		[3] Referral OPTIONAL }
 *
 * Opens the LDAPMessage and the response; the caller adds its fields.
 */
static BerElement *
enc_result_start(ber_int_t msgid, ber_tag_t tag, int rc,
    const char *matched, const char *text)
{
	BerElement	*ber;

	if ((ber = ber_alloc_t(LBER_USE_DER)) == NULL)
		return NULL;
	if (ber_printf(ber, "{it{ess", msgid, tag, (ber_int_t)rc,
	    matched != NULL ? matched : "", text != NULL ? text : "") == -1) {
		ber_free(ber, 1);
		return NULL;
	}
	return ber;
}

static int
is_result_tag(ber_tag_t tag)
{
	switch (tag) {
	case LDAP_RES_BIND:
	case LDAP_RES_SEARCH_RESULT:
	case LDAP_RES_MODIFY:
	case LDAP_RES_ADD:
	case LDAP_RES_DELETE:
	case LDAP_RES_MODDN:
	case LDAP_RES_COMPARE:
	case LDAP_RES_EXTENDED:
		return 1;
	}
	return 0;
}

int
pdu_encode_result(struct berval *out, ber_int_t msgid, ber_tag_t res_tag,
    int rc, const char *matched, const char *text,
    const struct pdu_control *ctrls, size_t nctrls)
{
	BerElement	*ber;

	out->bv_val = NULL;
	out->bv_len = 0;
	if (!is_result_tag(res_tag))
		return -1;
	if ((ber = enc_result_start(msgid, res_tag, rc, matched,
	    text)) == NULL)
		return -1;
	return enc_finish(ber, 0, ctrls, nctrls, out);
}

/*
 *	BindResponse ::= [APPLICATION 1] SEQUENCE {
 *		COMPONENTS OF LDAPResult,
 *		serverSaslCreds	[7] OCTET STRING OPTIONAL }
 */
int
pdu_encode_bind(struct berval *out, ber_int_t msgid, int rc,
    const char *matched, const char *text, const struct berval *saslcreds,
    const struct pdu_control *ctrls, size_t nctrls)
{
	BerElement	*ber;
	int		 st = 0;

	out->bv_val = NULL;
	out->bv_len = 0;
	if ((ber = enc_result_start(msgid, LDAP_RES_BIND, rc, matched,
	    text)) == NULL)
		return -1;
	if (saslcreds != NULL &&
	    ber_printf(ber, "tO", LDAP_TAG_SASL_RES_CREDS, saslcreds) == -1)
		st = -1;
	return enc_finish(ber, st, ctrls, nctrls, out);
}

/*
 *	ExtendedResponse ::= [APPLICATION 24] SEQUENCE {
 *		COMPONENTS OF LDAPResult,
 *		responseName	[10] LDAPOID OPTIONAL,
 *		responseValue	[11] OCTET STRING OPTIONAL }
 */
int
pdu_encode_extended(struct berval *out, ber_int_t msgid, int rc,
    const char *matched, const char *text, const char *oid,
    const struct berval *value, const struct pdu_control *ctrls,
    size_t nctrls)
{
	BerElement	*ber;
	int		 st = 0;

	out->bv_val = NULL;
	out->bv_len = 0;
	if ((ber = enc_result_start(msgid, LDAP_RES_EXTENDED, rc, matched,
	    text)) == NULL)
		return -1;
	if (oid != NULL &&
	    ber_printf(ber, "ts", LDAP_TAG_EXOP_RES_OID, oid) == -1)
		st = -1;
	if (st == 0 && value != NULL &&
	    ber_printf(ber, "tO", LDAP_TAG_EXOP_RES_VALUE, value) == -1)
		st = -1;
	return enc_finish(ber, st, ctrls, nctrls, out);
}

/*
 *	IntermediateResponse ::= [APPLICATION 25] SEQUENCE {
 *		responseName	[0] LDAPOID OPTIONAL,
 *		responseValue	[1] OCTET STRING OPTIONAL }
 */
int
pdu_encode_intermediate(struct berval *out, ber_int_t msgid,
    const char *oid, const struct berval *value,
    const struct pdu_control *ctrls, size_t nctrls)
{
	BerElement	*ber;
	int		 st = 0;

	out->bv_val = NULL;
	out->bv_len = 0;
	if ((ber = ber_alloc_t(LBER_USE_DER)) == NULL)
		return -1;
	if (ber_printf(ber, "{it{", msgid, LDAP_RES_INTERMEDIATE) == -1)
		st = -1;
	if (st == 0 && oid != NULL &&
	    ber_printf(ber, "ts", LDAP_TAG_IM_RES_OID, oid) == -1)
		st = -1;
	if (st == 0 && value != NULL &&
	    ber_printf(ber, "tO", LDAP_TAG_IM_RES_VALUE, value) == -1)
		st = -1;
	return enc_finish(ber, st, ctrls, nctrls, out);
}

/* RFC 4511 §4.4.1: messageID 0, responseName the notice's OID. */
int
pdu_encode_notice(struct berval *out, int rc, const char *text)
{
	return pdu_encode_extended(out, 0, rc, NULL, text,
	    PDU_OID_NOTICE_OF_DISCONNECTION, NULL, NULL, 0);
}

/*
 * Control and extended operation values.
 */

/* A whole value that is one SEQUENCE: entered, *end its end. */
static int
dec_value_open(struct dec *d, const struct berval *value, const char *name,
    const char **end)
{
	if (value == NULL || value->bv_val == NULL || value->bv_len == 0)
		return -1;
	if (dec_open(d, value) == -1)
		return -1;
	d->d_op = name;
	if (dec_enter(d, d->d_end, LBER_SEQUENCE, end, name) == -1 ||
	    *end != d->d_end) {
		dec_close(d);
		return -1;
	}
	return 0;
}

/*
 *	realSearchControlValue ::= SEQUENCE {
 *		size	INTEGER (0..maxInt),
 *		cookie	OCTET STRING }
 */
int
pdu_paged_decode(const struct berval *value, ber_int_t *size,
    struct berval *cookie)
{
	struct dec	 d;
	const char	*e;
	int		 rc;

	if (dec_value_open(&d, value, "paged results", &e) == -1)
		return -1;
	rc = dec_uint(&d, e, size, "size") == -1 ||
	    dec_str(&d, e, cookie, "cookie") == -1 ||
	    dec_leave(&d, e, "paged results") == -1 ? -1 : 0;
	dec_close(&d);
	return rc;
}

int
pdu_paged_encode(struct berval *out, ber_int_t size,
    const struct berval *cookie)
{
	BerElement	*ber;
	struct berval	 empty = { 0, NULL };
	int		 rc = 0;

	out->bv_val = NULL;
	out->bv_len = 0;
	if ((ber = ber_alloc_t(LBER_USE_DER)) == NULL)
		return -1;
	if (ber_printf(ber, "{iO}", size,
	    cookie != NULL ? cookie : &empty) == -1)
		rc = -1;
	return enc_flatten(ber, rc, out);
}

/*
 *	PersistentSearch ::= SEQUENCE {
 *		changeTypes	INTEGER,
 *		changesOnly	BOOLEAN,
 *		returnECs	BOOLEAN }
 */
int
pdu_psearch_decode(const struct berval *value, ber_int_t *types,
    int *changes_only, int *return_ecs)
{
	struct dec	 d;
	const char	*e;
	int		 rc;

	if (dec_value_open(&d, value, "persistent search", &e) == -1)
		return -1;
	rc = dec_int(&d, e, LBER_INTEGER, types, "changeTypes") == -1 ||
	    dec_bool(&d, e, changes_only, "changesOnly") == -1 ||
	    dec_bool(&d, e, return_ecs, "returnECs") == -1 ||
	    dec_leave(&d, e, "persistent search") == -1 ? -1 : 0;
	dec_close(&d);
	return rc;
}

/*
 *	EntryChangeNotification ::= SEQUENCE {
 *		changeType	ENUMERATED,
 *		previousDN	LDAPDN OPTIONAL,
 *		changeNumber	INTEGER OPTIONAL }
 */
int
pdu_ecn_encode(struct berval *out, ber_int_t type, const char *prevdn,
    ber_int_t number)
{
	BerElement	*ber;
	int		 rc = 0;

	out->bv_val = NULL;
	out->bv_len = 0;
	if ((ber = ber_alloc_t(LBER_USE_DER)) == NULL)
		return -1;
	if (ber_printf(ber, "{e", type) == -1 ||
	    (prevdn != NULL && ber_printf(ber, "s", prevdn) == -1) ||
	    (number > 0 && ber_printf(ber, "i", number) == -1) ||
	    ber_printf(ber, "N}") == -1)
		rc = -1;
	return enc_flatten(ber, rc, out);
}

/*
 * RFC 4533 §2.2:
 *	syncRequestValue ::= SEQUENCE {
 *		mode ENUMERATED { refreshOnly (1), refreshAndPersist (3) },
 *		cookie syncCookie OPTIONAL,
 *		reloadHint BOOLEAN DEFAULT FALSE }
 * cookie borrows from value (bv_val NULL: absent).
 */
int
pdu_sync_request_decode(const struct berval *value, ber_int_t *mode,
    struct berval *cookie, int *reload)
{
	struct dec	 d;
	struct berval	 bv;
	const char	*e;
	int		 rc;

	memset(cookie, 0, sizeof(*cookie));
	*reload = 0;
	if (dec_value_open(&d, value, "sync request", &e) == -1)
		return -1;
	rc = dec_enum(&d, e, 3, mode, "mode");
	if (rc == 0 && dec_peek(&d, e, &bv) == LBER_OCTETSTRING)
		rc = dec_str(&d, e, cookie, "cookie");
	if (rc == 0 && dec_peek(&d, e, &bv) == LBER_BOOLEAN)
		rc = dec_bool(&d, e, reload, "reloadHint");
	if (rc == 0)
		rc = dec_leave(&d, e, "sync request");
	dec_close(&d);
	if (rc == 0 && *mode != 1 && *mode != 3)
		rc = -1;
	return rc;
}

/*
 *	syncStateValue ::= SEQUENCE {
 *		state ENUMERATED { present (0), add (1), modify (2),
 *		    delete (3) },
 *		entryUUID syncUUID,
 *		cookie syncCookie OPTIONAL }
 */
int
pdu_sync_state_encode(struct berval *out, ber_int_t state,
    const unsigned char uuid[16], const struct berval *cookie)
{
	struct berval	 u = { 16, (char *)uuid };
	BerElement	*ber;
	int		 rc = 0;

	out->bv_val = NULL;
	out->bv_len = 0;
	if ((ber = ber_alloc_t(LBER_USE_DER)) == NULL)
		return -1;
	if (ber_printf(ber, "{eO", state, &u) == -1 ||
	    (cookie != NULL && ber_printf(ber, "O", cookie) == -1) ||
	    ber_printf(ber, "N}") == -1)
		rc = -1;
	return enc_flatten(ber, rc, out);
}

/*
 *	syncDoneValue ::= SEQUENCE {
 *		cookie syncCookie OPTIONAL,
 *		refreshDeletes BOOLEAN DEFAULT FALSE }
 */
int
pdu_sync_done_encode(struct berval *out, const struct berval *cookie,
    int refresh_deletes)
{
	BerElement	*ber;
	int		 rc = 0;

	out->bv_val = NULL;
	out->bv_len = 0;
	if ((ber = ber_alloc_t(LBER_USE_DER)) == NULL)
		return -1;
	if (ber_printf(ber, "{") == -1 ||
	    (cookie != NULL && ber_printf(ber, "O", cookie) == -1) ||
	    (refresh_deletes && ber_printf(ber, "b", 1) == -1) ||
	    ber_printf(ber, "N}") == -1)
		rc = -1;
	return enc_flatten(ber, rc, out);
}

/*
 *	syncInfoValue ::= CHOICE { ...
 *		refreshDelete [1] SEQUENCE {
 *			cookie syncCookie OPTIONAL,
 *			refreshDone BOOLEAN DEFAULT TRUE },
 *		refreshPresent [2] SEQUENCE { the same }, ... }
 * refreshDone is TRUE here: the refresh is over, changes follow.
 */
int
pdu_sync_info_refresh_encode(struct berval *out, int which,
    const struct berval *cookie)
{
	BerElement	*ber;
	int		 rc = 0;

	out->bv_val = NULL;
	out->bv_len = 0;
	if ((ber = ber_alloc_t(LBER_USE_DER)) == NULL)
		return -1;
	if ((which != 1 && which != 2) || ber_printf(ber, "t{",
	    (ber_tag_t)(LBER_CLASS_CONTEXT | LBER_CONSTRUCTED | which)) == -1 ||
	    (cookie != NULL && ber_printf(ber, "O", cookie) == -1) ||
	    ber_printf(ber, "N}") == -1)
		rc = -1;
	return enc_flatten(ber, rc, out);
}

/*
 *	PasswdModifyRequestValue ::= SEQUENCE {
 *		userIdentity	[0] OCTET STRING OPTIONAL
 *		oldPasswd	[1] OCTET STRING OPTIONAL
 *		newPasswd	[2] OCTET STRING OPTIONAL }
 *
 * RFC 3062 §2.1 wants one or more fields when the value is there; an
 * empty SEQUENCE is accepted all the same and means the same as no value.
 */
int
pdu_passwd_decode(const struct berval *value, struct berval *id,
    struct berval *oldpw, struct berval *newpw)
{
	static const ber_tag_t tags[3] = { LDAP_TAG_EXOP_MODIFY_PASSWD_ID,
	    LDAP_TAG_EXOP_MODIFY_PASSWD_OLD, LDAP_TAG_EXOP_MODIFY_PASSWD_NEW };
	struct berval	*fields[3] = { id, oldpw, newpw };
	struct dec	 d;
	struct berval	 bv;
	const char	*e;
	size_t		 i;
	int		 rc = 0;

	for (i = 0; i < 3; i++)
		memset(fields[i], 0, sizeof *fields[i]);
	if (value == NULL || value->bv_val == NULL)
		return 0;
	if (dec_value_open(&d, value, "passwd modify", &e) == -1)
		return -1;
	for (i = 0; i < 3 && rc == 0; i++)
		if (dec_peek(&d, e, &bv) == tags[i])
			rc = dec_take(&d, e, tags[i], fields[i], "field");
	if (rc == 0)
		rc = dec_leave(&d, e, "passwd modify");
	dec_close(&d);
	if (rc == -1)
		for (i = 0; i < 3; i++)
			memset(fields[i], 0, sizeof *fields[i]);
	return rc;
}

/*
 *	PasswdModifyResponseValue ::= SEQUENCE {
 *		genPasswd	[0] OCTET STRING OPTIONAL }
 *
 * RFC 3062 §2.2: the responseValue, when present, SHALL hold genPasswd;
 * so with no generated password *out is left empty (bv_val NULL) and the
 * caller sends no responseValue.
 */
int
pdu_passwd_encode(struct berval *out, const struct berval *genpw)
{
	BerElement	*ber;
	int		 rc = 0;

	out->bv_val = NULL;
	out->bv_len = 0;
	if (genpw == NULL)
		return 0;
	if ((ber = ber_alloc_t(LBER_USE_DER)) == NULL)
		return -1;
	if (ber_printf(ber, "{tO}", LDAP_TAG_EXOP_MODIFY_PASSWD_GEN,
	    genpw) == -1)
		rc = -1;
	/* No copy is left behind: the only one holding the password is
	   *out, which the caller zeroes before it frees it. */
	return enc_flatten(ber, rc, out);
}

int
pdu_bv_eq(const struct berval *bv, const char *s)
{
	size_t	n = strlen(s);

	return bv->bv_len == n && (n == 0 || memcmp(bv->bv_val, s, n) == 0);
}

/* ASCII only: attribute names and OIDs, never the locale's idea. */
static int
ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

int
pdu_bv_caseeq(const struct berval *bv, const char *s)
{
	size_t	n = strlen(s), i;

	if (bv->bv_len != n)
		return 0;
	for (i = 0; i < n; i++)
		if (ascii_lower((unsigned char)bv->bv_val[i]) !=
		    ascii_lower((unsigned char)s[i]))
			return 0;
	return 1;
}
