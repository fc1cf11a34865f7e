/*
 * pdu.h - LDAPMessage framing and codec (RFC 4511 §4.1-4.14).
 *
 * Bytes in, a decoded request out; results, entries, extended and
 * intermediate responses and control values out.  No libevent, no
 * backend, no logging: callers log, and never a credential.
 *
 *	LDAPMessage ::= SEQUENCE {
 *		messageID  MessageID,		-- INTEGER (0 .. maxInt)
 *		protocolOp CHOICE { bindRequest, ... },
 *		controls   [0] Controls OPTIONAL }
 *
 * A decoded request borrows its strings from the PDU bytes (liblber's
 * in-place "m" form): the bytes must outlive the request.  Arrays of
 * bervals and the filter are owned by the request and released by
 * pdu_req_clear().  Borrowed bervals are NOT NUL-terminated.
 */
#ifndef ESM_PDU_H
#define ESM_PDU_H

#include <stddef.h>

#include <lber.h>

struct schema;
struct filter;
struct attr;

#define PDU_OID_NOTICE_OF_DISCONNECTION	"1.3.6.1.4.1.1466.20036"
#define PDU_OID_STARTTLS		"1.3.6.1.4.1.1466.20037"
#define PDU_OID_WHOAMI			"1.3.6.1.4.1.4203.1.11.3"
#define PDU_OID_PASSWD_MODIFY		"1.3.6.1.4.1.4203.1.11.1"
#define PDU_OID_PAGED_RESULTS		"1.2.840.113556.1.4.319"
#define PDU_OID_MANAGE_DSAIT		"2.16.840.1.113730.3.4.2"

struct pdu_control {
	struct berval	 c_oid;
	int		 c_critical;
	int		 c_has_value;
	struct berval	 c_value;
};

struct pdu_attr {			/* add: type and its values */
	struct berval	 pa_type;
	struct berval	*pa_vals;	/* owned array, elements borrowed */
	size_t		 pa_nvals;
};

struct pdu_mod {			/* modify: one change */
	int		 pm_op;		/* LDAP_MOD_ADD, _DELETE, _REPLACE,
					   _INCREMENT */
	struct berval	 pm_type;
	struct berval	*pm_vals;	/* owned array, elements borrowed */
	size_t		 pm_nvals;
};

struct pdu_req {
	ber_int_t	 r_msgid;
	ber_tag_t	 r_tag;		/* LDAP_REQ_BIND, ... */
	struct pdu_control *r_ctrls;	/* owned array */
	size_t		 r_nctrls;
	union {
		struct {
			ber_int_t	 version;
			struct berval	 dn;
			ber_tag_t	 method;  /* LDAP_AUTH_SIMPLE, _SASL */
			struct berval	 cred;	  /* simple password or
						     SASL credentials */
			struct berval	 mech;	  /* SASL mechanism */
			int		 has_cred;
		} bind;
		struct {
			struct berval	 base;
			ber_int_t	 scope;	  /* LDAP_SCOPE_BASE, ... */
			ber_int_t	 deref;
			ber_int_t	 sizelimit;
			ber_int_t	 timelimit;
			int		 typesonly;
			struct filter	*filter;	/* owned */
			struct berval	*attrs;		/* owned array */
			size_t		 nattrs;
		} search;
		struct {
			struct berval	 dn;
			struct pdu_mod	*mods;		/* owned array */
			size_t		 nmods;
		} modify;
		struct {
			struct berval	 dn;
			struct pdu_attr	*attrs;		/* owned array */
			size_t		 nattrs;
		} add;
		struct {
			struct berval	 dn;
		} del;
		struct {
			struct berval	 dn;
			struct berval	 newrdn;
			int		 deleteoldrdn;
			int		 has_newsup;
			struct berval	 newsup;
		} modrdn;
		struct {
			struct berval	 dn;
			struct berval	 type;
			struct berval	 value;
		} compare;
		struct {
			ber_int_t	 msgid;
		} abandon;
		struct {
			struct berval	 oid;
			int		 has_value;
			struct berval	 value;
		} extended;
	} r;
	/* pdu_decode() failed on one of the pdu_limits, not on the
	   encoding: the message is framed and its ID and tag are known,
	   so the operation can be refused with adminLimitExceeded */
	int		 r_over_limit;
};

/* A limit of 0 means none beyond the PDU size (max_pdu of pdu_frame). */
struct pdu_limits {
	size_t		 pl_max_attrs;	/* attributes in add, mods in modify,
					   attributes in a search's list */
	size_t		 pl_max_values;	/* values per attribute */
	size_t		 pl_max_controls;
	unsigned int	 pl_filter_depth;
	unsigned int	 pl_filter_items;
};

/*
 * Framing.  Look at the first avail bytes of the input: returns 1 with
 * *len the size of the whole first LDAPMessage (tag and length octets
 * included) when it is known, 0 when more bytes are needed to know,
 * -1 with *why when the input cannot be an LDAPMessage: not a SEQUENCE,
 * indefinite or over-long length form, or longer than max_pdu.
 * Every *why here and below is static text or a thread-local buffer
 * valid until the thread's next pdu_ call.
 */
int	pdu_frame(const unsigned char *buf, size_t avail, size_t max_pdu,
	    size_t *len, const char **why);

/*
 * Decode one whole LDAPMessage (as framed above).  Returns 0, or -1 with
 * *why for a protocolError; r_msgid and r_tag are set as far as they were
 * decoded (0 when unknown).  An unknown protocolOp tag is an error.
 * A request over a limit is an error too (why names the limit), with
 * r_over_limit set.  INTEGERs must be minimally encoded (X.690 §8.3.2,
 * which BER requires, not only DER).
 */
int	pdu_decode(const struct berval *pdu, const struct schema *,
	    const struct pdu_limits *, struct pdu_req *req,
	    const char **why);
/* Safe on a zeroed or already cleared request; zeroes it. */
void	pdu_req_clear(struct pdu_req *);

/* Response tag for a request tag (LDAP_RES_BIND for LDAP_REQ_BIND, ...);
   0 for requests without a response (unbind, abandon). */
ber_tag_t pdu_response_tag(ber_tag_t req_tag);
/* "bind", "search", ... for logs. */
const char *pdu_op_name(ber_tag_t req_tag);

/*
 * Encoders.  Each fills *out with a buffer the caller frees with
 * ber_memfree(out->bv_val); returns 0 or -1 (encoding failed).
 * matched and text may be NULL (sent empty).  ctrls may be NULL.
 */
int	pdu_encode_result(struct berval *out, ber_int_t msgid,
	    ber_tag_t res_tag, int rc, const char *matched, const char *text,
	    const struct pdu_control *ctrls, size_t nctrls);
/* BindResponse with serverSaslCreds [7] when saslcreds is not NULL. */
int	pdu_encode_bind(struct berval *out, ber_int_t msgid, int rc,
	    const char *matched, const char *text,
	    const struct berval *saslcreds, const struct pdu_control *ctrls,
	    size_t nctrls);
int	pdu_encode_extended(struct berval *out, ber_int_t msgid, int rc,
	    const char *matched, const char *text, const char *oid,
	    const struct berval *value, const struct pdu_control *ctrls,
	    size_t nctrls);
int	pdu_encode_intermediate(struct berval *out, ber_int_t msgid,
	    const char *oid, const struct berval *value,
	    const struct pdu_control *ctrls, size_t nctrls);
/* Notice of Disconnection: an unsolicited extended response, msgid 0. */
int	pdu_encode_notice(struct berval *out, int rc, const char *text);
/*
 * SearchResultEntry with the given attributes (names as a_name); with
 * typesonly each attribute is sent with an empty value set.
 */
int	pdu_encode_entry(struct berval *out, ber_int_t msgid, const char *dn,
	    const struct attr *const *attrs, size_t nattrs, int typesonly,
	    const struct pdu_control *ctrls, size_t nctrls);

/* Control values and extended operation values. */
/* RFC 2696: realSearchControlValue ::= SEQUENCE { size INTEGER,
   cookie OCTET STRING }.  cookie borrows from value. */
int	pdu_paged_decode(const struct berval *value, ber_int_t *size,
	    struct berval *cookie);
int	pdu_paged_encode(struct berval *out, ber_int_t size,
	    const struct berval *cookie);
/* draft-ietf-ldapext-psearch: the persistent search control's value. */
int	pdu_psearch_decode(const struct berval *value, ber_int_t *types,
	    int *changes_only, int *return_ecs);
/* Its Entry Change Notification (prevdn NULL, number <= 0: absent). */
int	pdu_ecn_encode(struct berval *out, ber_int_t type, const char *prevdn,
	    ber_int_t number);
/*
 * RFC 4533 content synchronization: the Sync Request control's value
 * (mode 1 refreshOnly or 3 refreshAndPersist; cookie borrows from value,
 * bv_val NULL when absent), the Sync State and Sync Done controls'
 * values (cookie NULL: absent) and the Sync Info message that ends a
 * refresh.
 */
int	pdu_sync_request_decode(const struct berval *value, ber_int_t *mode,
	    struct berval *cookie, int *reload);
int	pdu_sync_state_encode(struct berval *out, ber_int_t state,
	    const unsigned char uuid[16], const struct berval *cookie);
int	pdu_sync_done_encode(struct berval *out, const struct berval *cookie,
	    int refresh_deletes);
/* which: 1 refreshDelete, 2 refreshPresent. */
int	pdu_sync_info_refresh_encode(struct berval *out, int which,
	    const struct berval *cookie);
/* RFC 3062 PasswdModifyRequestValue; absent fields have bv_val NULL.
   A missing value (has_value 0) is valid and means all absent. */
int	pdu_passwd_decode(const struct berval *value, struct berval *id,
	    struct berval *oldpw, struct berval *newpw);
/*
 * PasswdModifyResponseValue ::= SEQUENCE { genPasswd [0] OPTIONAL }
 * RFC 3062 §2.2: a responseValue, when present, holds genPasswd; so a
 * NULL genpw leaves *out empty (bv_val NULL, returns 0) and the caller
 * sends no responseValue.  *out holds the password: zero it, then free.
 */
int	pdu_passwd_encode(struct berval *out, const struct berval *genpw);

/* bv equals the NUL-terminated s exactly / case-insensitively. */
int	pdu_bv_eq(const struct berval *bv, const char *s);
int	pdu_bv_caseeq(const struct berval *bv, const char *s);

#endif
