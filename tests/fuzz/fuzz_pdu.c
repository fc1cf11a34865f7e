/*
 * fuzz_pdu.c - the LDAPMessage codec (gateway/pdu.c) on a byte stream as
 * a client connection delivers it.
 *
 * pdu_frame() cuts the stream into PDUs as conn.c does; each is copied
 * to a buffer of exactly its size (as op_receive() does) and decoded
 * with the gateway's limits (op.c); the request's DN is normalised and a
 * search's filter printed, and the control and extended values the
 * operations read (paged results, password modify) are decoded as they
 * decode them.  Decoding must give a request with a message ID or a
 * reason, and pdu_req_clear() must release everything.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <lber.h>
#include <ldap.h>

#include "gateway/dn.h"
#include "gateway/filter.h"
#include "gateway/pdu.h"
#include "xmalloc.h"

#include "fuzzenv.h"
#include "fuzzmodel.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define FUZZ_MAX_PDU	(256 * 1024)

/* As op.c's op_limits(), smaller where a fuzzer would only waste time. */
static const struct pdu_limits fuzz_limits = {
	.pl_max_attrs = 1000,
	.pl_max_values = 10000,
	.pl_max_controls = 32,
	.pl_filter_depth = 64,
	.pl_filter_items = 1000,
};

/* The request's DN through dn_normalize_str(), as op.c routes it. */
static void
fuzz_pdu_dn(const struct berval *dn)
{
	const char *why;
	char *ndn;

	if (dn->bv_val == NULL)
		return;
	if (dn_normalize_str(dn->bv_val, dn->bv_len, fuzz_schema(), &ndn,
	    &why) == 0)
		free(ndn);
	else if (why == NULL)
		fuzz_fail("dn_normalize_str failed without a reason");
}

/* The values paged.c and op_extended.c decode. */
static void
fuzz_pdu_values(const struct pdu_req *req)
{
	struct berval cookie, id, oldpw, newpw;
	ber_int_t size;
	size_t i;

	for (i = 0; i < req->r_nctrls; i++)
		if (req->r_ctrls[i].c_has_value &&
		    pdu_bv_eq(&req->r_ctrls[i].c_oid, PDU_OID_PAGED_RESULTS))
			(void)pdu_paged_decode(&req->r_ctrls[i].c_value, &size,
			    &cookie);
	if (req->r_tag == LDAP_REQ_EXTENDED &&
	    pdu_bv_eq(&req->r.extended.oid, PDU_OID_PASSWD_MODIFY))
		(void)pdu_passwd_decode(req->r.extended.has_value ?
		    &req->r.extended.value : NULL, &id, &oldpw, &newpw);
}

static void
fuzz_pdu_request(const struct pdu_req *req)
{
	char *s;

	if (req->r_msgid < 1)
		fuzz_fail("decoded a request with message ID %d",
		    (int)req->r_msgid);
	switch (req->r_tag) {
	case LDAP_REQ_BIND:
		fuzz_pdu_dn(&req->r.bind.dn);
		break;
	case LDAP_REQ_SEARCH:
		fuzz_pdu_dn(&req->r.search.base);
		if ((s = filter_to_string(req->r.search.filter)) == NULL)
			fuzz_fail("a decoded filter does not print");
		free(s);
		break;
	case LDAP_REQ_MODIFY:
		fuzz_pdu_dn(&req->r.modify.dn);
		break;
	case LDAP_REQ_ADD:
		fuzz_pdu_dn(&req->r.add.dn);
		break;
	case LDAP_REQ_COMPARE:
		fuzz_pdu_dn(&req->r.compare.dn);
		break;
	}
	fuzz_pdu_values(req);
}

/* One framed PDU of len bytes. */
static void
fuzz_pdu_one(const uint8_t *data, size_t len)
{
	struct pdu_req req;
	struct berval pdu;
	const char *why = NULL;

	pdu.bv_len = len;
	pdu.bv_val = xmemdup(data, len);
	if (pdu_decode(&pdu, fuzz_schema(), &fuzz_limits, &req, &why) == 0)
		fuzz_pdu_request(&req);
	else if (why == NULL)
		fuzz_fail("pdu_decode failed without a reason");
	(void)pdu_op_name(req.r_tag);
	pdu_req_clear(&req);
	free(pdu.bv_val);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *why;
	size_t len;
	int rc;

	while (size > 0) {
		rc = pdu_frame(data, size, FUZZ_MAX_PDU, &len, &why);
		if (rc != 1 || len > size)
			break;
		if (len == 0)
			fuzz_fail("pdu_frame framed an empty PDU");
		fuzz_pdu_one(data, len);
		data += len;
		size -= len;
	}
	return 0;
}
