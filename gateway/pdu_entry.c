/*
 * pdu_entry.c - SearchResultEntry (RFC 4511 §4.5.2), written in DER
 * directly.
 *
 * A full reconciliation sends one of these per user, so this encoder is
 * on the hottest path of the gateway: instead of ber_printf(), which
 * parses a format and grows its buffer per element, it measures the
 * message first, allocates it once (with liblber's allocator, as every
 * other PDU, so conn.c frees them alike) and writes the octets in one
 * pass.  DER lengths are definite and minimal; an INTEGER is minimal
 * two's complement.
 *
 *	LDAPMessage ::= SEQUENCE {
 *		messageID	INTEGER,
 *		protocolOp	[APPLICATION 4] SEQUENCE {
 *			objectName	LDAPDN,
 *			attributes	SEQUENCE OF SEQUENCE {
 *				type	AttributeDescription,
 *				vals	SET OF AttributeValue } },
 *		controls	[0] Controls OPTIONAL }
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <lber.h>
#include <ldap.h>

#include "entry.h"
#include "pdu.h"

#define DER_SEQUENCE	0x30
#define DER_SET		0x31
#define DER_OCTETS	0x04
#define DER_INTEGER	0x02
#define DER_BOOLEAN	0x01

/* Octets of the length field for a content of n octets. */
static size_t
der_lenlen(size_t n)
{
	size_t k = 1;

	if (n < 0x80)
		return 1;
	while (n > 0) {
		k++;
		n >>= 8;
	}
	return k;
}

/* Octets of a whole element (one-octet tag) with n octets of content. */
static size_t
der_size(size_t n)
{
	return 1 + der_lenlen(n) + n;
}

/* Tag and length; returns where the content goes. */
static unsigned char *
der_head(unsigned char *p, unsigned char tag, size_t n)
{
	size_t k, i;

	*p++ = tag;
	if (n < 0x80) {
		*p++ = (unsigned char)n;
		return p;
	}
	k = der_lenlen(n) - 1;
	*p++ = (unsigned char)(0x80 | k);
	for (i = k; i > 0; i--)
		*p++ = (unsigned char)(n >> (8 * (i - 1)));
	return p;
}

static unsigned char *
der_octets(unsigned char *p, const void *s, size_t n)
{
	p = der_head(p, DER_OCTETS, n);
	if (n > 0)
		memcpy(p, s, n);
	return p + n;
}

/* Content octets of a non-negative INTEGER. */
static size_t
der_int_len(ber_int_t v)
{
	uint32_t u = (uint32_t)v;
	size_t n = 1;

	while (n < sizeof(u) && (u >> (8 * n)) != 0)
		n++;
	/* A leading octet with the high bit set needs a zero before it. */
	if ((u >> (8 * (n - 1))) & 0x80)
		n++;
	return n;
}

static unsigned char *
der_int(unsigned char *p, ber_int_t v)
{
	uint32_t u = (uint32_t)v;
	size_t n = der_int_len(v), i;

	p = der_head(p, DER_INTEGER, n);
	for (i = n; i > 0; i--)
		*p++ = (i - 1) >= sizeof(u) ? 0 : (unsigned char)(u >> (8 *
		    (i - 1)));
	return p;
}

/* The content lengths of one PartialAttribute, measured once. */
struct attr_len {
	size_t	al_name;	/* the type */
	size_t	al_vals;	/* the SET's content */
	size_t	al_seq;		/* the SEQUENCE's content */
};

static void
attr_measure(const struct attr *a, int typesonly, struct attr_len *l)
{
	size_t i;

	l->al_name = strlen(a->a_name);
	l->al_vals = 0;
	for (i = 0; !typesonly && i < a->a_nvals; i++)
		l->al_vals += der_size(a->a_vals[i].bv_len);
	l->al_seq = der_size(l->al_name) + der_size(l->al_vals);
}

static unsigned char *
attr_write(unsigned char *p, const struct attr *a, int typesonly,
    const struct attr_len *l)
{
	size_t i;

	p = der_head(p, DER_SEQUENCE, l->al_seq);
	p = der_octets(p, a->a_name, l->al_name);
	p = der_head(p, DER_SET, l->al_vals);
	for (i = 0; !typesonly && i < a->a_nvals; i++)
		p = der_octets(p, a->a_vals[i].bv_val, a->a_vals[i].bv_len);
	return p;
}

/* Control ::= SEQUENCE { controlType, criticality DEFAULT FALSE,
   controlValue OPTIONAL } */
static size_t
control_len(const struct pdu_control *c)
{
	return der_size(c->c_oid.bv_len) + (c->c_critical ? 3 : 0) +
	    (c->c_has_value ? der_size(c->c_value.bv_len) : 0);
}

static unsigned char *
control_write(unsigned char *p, const struct pdu_control *c)
{
	p = der_head(p, DER_SEQUENCE, control_len(c));
	p = der_octets(p, c->c_oid.bv_val, c->c_oid.bv_len);
	if (c->c_critical) {
		p = der_head(p, DER_BOOLEAN, 1);
		*p++ = 0xff;
	}
	if (c->c_has_value)
		p = der_octets(p, c->c_value.bv_val, c->c_value.bv_len);
	return p;
}

int
pdu_encode_entry(struct berval *out, ber_int_t msgid, const char *dn,
    const struct attr *const *attrs, size_t nattrs, int typesonly,
    const struct pdu_control *ctrls, size_t nctrls)
{
	struct attr_len stack[64], *lens = stack;
	size_t i, dnlen, list = 0, op, cl = 0, msg;
	unsigned char *buf, *p;

	out->bv_val = NULL;
	out->bv_len = 0;
	if (msgid < 0)
		return -1;
	if (dn == NULL)
		dn = "";
	dnlen = strlen(dn);
	if (nattrs > sizeof(stack) / sizeof(stack[0]) &&
	    (lens = calloc(nattrs, sizeof(*lens))) == NULL)
		return -1;
	for (i = 0; i < nattrs; i++) {
		attr_measure(attrs[i], typesonly, &lens[i]);
		list += der_size(lens[i].al_seq);
	}
	op = der_size(dnlen) + der_size(list);
	for (i = 0; i < nctrls; i++)
		cl += der_size(control_len(&ctrls[i]));
	msg = der_size(der_int_len(msgid)) + der_size(op) +
	    (nctrls > 0 ? der_size(cl) : 0);
	/* One more octet, as liblber leaves for ber_flatten2's NUL. */
	if ((buf = ber_memalloc(der_size(msg) + 1)) == NULL) {
		if (lens != stack)
			free(lens);
		return -1;
	}
	p = der_head(buf, DER_SEQUENCE, msg);
	p = der_int(p, msgid);
	p = der_head(p, (unsigned char)LDAP_RES_SEARCH_ENTRY, op);
	p = der_octets(p, dn, dnlen);
	p = der_head(p, DER_SEQUENCE, list);
	for (i = 0; i < nattrs; i++)
		p = attr_write(p, attrs[i], typesonly, &lens[i]);
	if (nctrls > 0) {
		p = der_head(p, (unsigned char)LDAP_TAG_CONTROLS, cl);
		for (i = 0; i < nctrls; i++)
			p = control_write(p, &ctrls[i]);
	}
	*p = '\0';
	if (lens != stack)
		free(lens);
	out->bv_val = (char *)buf;
	out->bv_len = (ber_len_t)(p - buf);
	return 0;
}
