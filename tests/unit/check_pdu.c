/*
 * check_pdu.c - the LDAPMessage codec: framing, decoding of PDUs captured
 * from ldap-utils (tests/unit/data/pdu), malformed input of every kind,
 * and encoders checked by decoding their output with liblber.
 *
 * PDUs written inline use a small notation: hex octets, 'text' for ASCII
 * bytes, and "(" ... ")" for contents whose DER length is computed, so
 * "04('cn')" is 04 02 63 6e.  Malformed lengths are written out in hex.
 */
#include "config.h"

#include <check.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lber.h>
#include <ldap.h>

#include "gateway/entry.h"
#include "gateway/filter.h"
#include "gateway/pdu.h"
#include "gateway/schema.h"

#define MAX_PDU		1048576

static struct schema	*sch;
static struct pdu_limits lim;

static void
setup(void)
{
	char		 path[4096], err[256];
	const char	*top = getenv("top_srcdir");

	sch = schema_new();
	ck_assert_ptr_nonnull(sch);
	snprintf(path, sizeof path, "%s/schema/core.schema",
	    top != NULL ? top : ".");
	ck_assert_msg(schema_load_file(sch, path, err, sizeof err) == 0,
	    "%s", err);
	lim.pl_max_attrs = 100;
	lim.pl_max_values = 100;
	lim.pl_max_controls = 10;
	lim.pl_filter_depth = 16;
	lim.pl_filter_items = 256;
}

static void
teardown(void)
{
	schema_free(sch);
	sch = NULL;
}

/*
 * The notation.
 */

struct buf {
	unsigned char	*b;
	size_t		 n, cap;
};

static void
buf_add(struct buf *b, const void *p, size_t n)
{
	if (b->n + n > b->cap) {
		b->cap = (b->n + n) * 2 + 16;
		b->b = realloc(b->b, b->cap);
		ck_assert_ptr_nonnull(b->b);
	}
	memcpy(b->b + b->n, p, n);
	b->n += n;
}

static void
buf_len(struct buf *b, size_t len)
{
	unsigned char	 l[5];
	size_t		 n = 0, i;

	if (len < 0x80) {
		l[n++] = len;
	} else {
		for (i = 4; i > 0 && (len >> ((i - 1) * 8)) == 0; i--)
			;
		l[n++] = 0x80 | i;
		for (; i > 0; i--)
			l[n++] = len >> ((i - 1) * 8);
	}
	buf_add(b, l, n);
}

static int
hexval(int c)
{
	return isdigit(c) ? c - '0' : tolower(c) - 'a' + 10;
}

/* Parse up to ')' or the end; returns where it stopped. */
static const char *
parse(const char *s, struct buf *out)
{
	struct buf	 inner;
	unsigned char	 c;
	const char	*q;

	while (*s != '\0' && *s != ')') {
		if (isspace((unsigned char)*s)) {
			s++;
		} else if (*s == '#') {
			while (*s != '\0' && *s != '\n')
				s++;
		} else if (*s == '\'') {
			q = strchr(s + 1, '\'');
			ck_assert_ptr_nonnull(q);
			buf_add(out, s + 1, q - s - 1);
			s = q + 1;
		} else if (*s == '(') {
			memset(&inner, 0, sizeof inner);
			s = parse(s + 1, &inner);
			ck_assert_int_eq(*s, ')');
			s++;
			buf_len(out, inner.n);
			if (inner.n > 0)
				buf_add(out, inner.b, inner.n);
			free(inner.b);
		} else {
			ck_assert_msg(isxdigit((unsigned char)s[0]) &&
			    isxdigit((unsigned char)s[1]), "bad hex at %.10s",
			    s);
			c = hexval(s[0]) << 4 | hexval(s[1]);
			buf_add(out, &c, 1);
			s += 2;
		}
	}
	return s;
}

/* Bytes of exactly the right size (so that valgrind sees over-reads). */
static void
hex(const char *s, struct berval *bv)
{
	struct buf	 b;

	memset(&b, 0, sizeof b);
	ck_assert_int_eq(*parse(s, &b), '\0');
	bv->bv_len = b.n;
	bv->bv_val = malloc(b.n > 0 ? b.n : 1);
	ck_assert_ptr_nonnull(bv->bv_val);
	if (b.n > 0)
		memcpy(bv->bv_val, b.b, b.n);
	free(b.b);
}

static void
load(const char *name, struct berval *bv)
{
	char		 path[4096], *text;
	const char	*top = getenv("top_srcdir");
	FILE		*f;
	long		 size;

	snprintf(path, sizeof path, "%s/tests/unit/data/pdu/%s",
	    top != NULL ? top : ".", name);
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	text = calloc(1, size + 1);
	ck_assert_ptr_nonnull(text);
	ck_assert_int_eq(fread(text, 1, size, f), size);
	fclose(f);
	hex(text, bv);
	free(text);
}

static const char *const captured[] = {
	"abandon.hex", "add.hex", "bind-anonymous.hex",
	"bind-sasl-digest.hex", "bind-sasl-plain.hex", "bind-simple.hex",
	"compare.hex", "delete.hex", "modify.hex", "modrdn.hex",
	"passwd-nothing.hex", "passwd.hex", "search-manage-dsait.hex",
	"search-paged.hex", "search-two-controls.hex", "search.hex",
	"unbind.hex", "whoami.hex",
};
#define NCAPTURED	(sizeof captured / sizeof captured[0])

static void
bv_is(const struct berval *bv, const char *s)
{
	ck_assert_msg(bv->bv_val != NULL, "absent, wanted \"%s\"", s);
	ck_assert_msg(pdu_bv_eq(bv, s), "\"%.*s\" is not \"%s\"",
	    (int)bv->bv_len, bv->bv_val, s);
}

/* Decode a captured PDU; the bytes stay in *bv for the request. */
static void
decode_file(const char *name, struct berval *bv, struct pdu_req *req)
{
	const char	*why = NULL;

	load(name, bv);
	ck_assert_msg(pdu_decode(bv, sch, &lim, req, &why) == 0,
	    "%s: %s", name, why);
}

/* Decode an inline PDU that must fail with exactly want. */
static void
decode_fails(const char *pdu, const char *want, struct pdu_req *req)
{
	struct berval	 bv;
	const char	*why = NULL;

	hex(pdu, &bv);
	ck_assert_int_eq(pdu_decode(&bv, sch, &lim, req, &why), -1);
	ck_assert_ptr_nonnull(why);
	ck_assert_str_eq(why, want);
	free(bv.bv_val);
}

/* Decode an inline PDU that must succeed with this tag and ID. */
static void
decode_ok(const char *pdu, ber_tag_t tag, ber_int_t msgid)
{
	struct berval	 bv;
	struct pdu_req	 req;
	const char	*why = NULL;

	hex(pdu, &bv);
	ck_assert_msg(pdu_decode(&bv, sch, &lim, &req, &why) == 0, "%s: %s",
	    pdu, why);
	ck_assert_uint_eq(req.r_tag, tag);
	ck_assert_int_eq(req.r_msgid, msgid);
	pdu_req_clear(&req);
	free(bv.bv_val);
}

/*
 * Framing.
 */

START_TEST(frame_needs_more)
{
	struct berval	 bv;
	const char	*why = NULL;
	size_t		 len = 0;

	load("modify.hex", &bv);	/* 30 81 a0 ... */
	ck_assert_int_eq(pdu_frame(NULL, 0, MAX_PDU, &len, &why), 0);
	ck_assert_int_eq(pdu_frame((unsigned char *)bv.bv_val, 1, MAX_PDU,
	    &len, &why), 0);
	ck_assert_int_eq(pdu_frame((unsigned char *)bv.bv_val, 2, MAX_PDU,
	    &len, &why), 0);
	ck_assert_int_eq(pdu_frame((unsigned char *)bv.bv_val, 3, MAX_PDU,
	    &len, &why), 1);
	ck_assert_uint_eq(len, 3 + 0xa0);
	ck_assert_uint_eq(len, bv.bv_len);
	free(bv.bv_val);
}
END_TEST

START_TEST(frame_every_capture)
{
	struct berval	 bv;
	const char	*why = NULL;
	size_t		 len, k, hdr;

	load(captured[_i], &bv);
	hdr = ((unsigned char)bv.bv_val[1] & 0x80) ?
	    2 + ((unsigned char)bv.bv_val[1] & 0x7f) : 2;
	for (k = 0; k <= bv.bv_len; k++) {
		len = 0;
		if (k < hdr) {
			ck_assert_int_eq(pdu_frame((unsigned char *)bv.bv_val,
			    k, MAX_PDU, &len, &why), 0);
		} else {
			ck_assert_int_eq(pdu_frame((unsigned char *)bv.bv_val,
			    k, MAX_PDU, &len, &why), 1);
			ck_assert_uint_eq(len, bv.bv_len);
		}
	}
	/* Exactly at the limit passes, one byte under it does not. */
	ck_assert_int_eq(pdu_frame((unsigned char *)bv.bv_val, bv.bv_len,
	    bv.bv_len, &len, &why), 1);
	ck_assert_int_eq(pdu_frame((unsigned char *)bv.bv_val, bv.bv_len,
	    bv.bv_len - 1, &len, &why), -1);
	free(bv.bv_val);
}
END_TEST

START_TEST(frame_two_pdus)
{
	struct berval	 bv;
	const char	*why = NULL;
	size_t		 len = 0;

	hex("30 05 02 01 01 42 00 30 05 02 01 02 42 00", &bv);
	ck_assert_int_eq(pdu_frame((unsigned char *)bv.bv_val, bv.bv_len,
	    MAX_PDU, &len, &why), 1);
	ck_assert_uint_eq(len, 7);
	free(bv.bv_val);
}
END_TEST

static void
frame_fails(const char *pdu, const char *want)
{
	struct berval	 bv;
	const char	*why = NULL;
	size_t		 len = 0;

	hex(pdu, &bv);
	ck_assert_int_eq(pdu_frame((unsigned char *)bv.bv_val, bv.bv_len,
	    MAX_PDU, &len, &why), -1);
	ck_assert_ptr_nonnull(why);
	ck_assert_str_eq(why, want);
	free(bv.bv_val);
}

START_TEST(frame_errors)
{
	frame_fails("02", "not an LDAPMessage: tag 0x02, not a SEQUENCE");
	frame_fails("31 05", "not an LDAPMessage: tag 0x31, not a SEQUENCE");
	frame_fails("30 80", "indefinite length form");
	frame_fails("30 85 00 00 00 00 05",
	    "length in 5 octets (at most 4)");
	frame_fails("30 ff", "length in 127 octets (at most 4)");
	/* 5 header octets + 0x1e847b = 2000000 */
	frame_fails("30 83 1e 84 7b",
	    "PDU of 2000000 bytes exceeds the 1048576-byte limit");
	frame_fails("30 84 ff ff ff ff",
	    "PDU of 4294967301 bytes exceeds the 1048576-byte limit");
}
END_TEST

START_TEST(frame_long_forms)
{
	struct berval	 bv;
	const char	*why = NULL;
	size_t		 len = 0;

	hex("30 84 00 00 00 05", &bv);
	ck_assert_int_eq(pdu_frame((unsigned char *)bv.bv_val, bv.bv_len,
	    MAX_PDU, &len, &why), 1);
	ck_assert_uint_eq(len, 11);
	ck_assert_int_eq(pdu_frame((unsigned char *)bv.bv_val, 5,
	    MAX_PDU, &len, &why), 0);
	free(bv.bv_val);
	hex("30 82 01 00", &bv);
	ck_assert_int_eq(pdu_frame((unsigned char *)bv.bv_val, bv.bv_len,
	    MAX_PDU, &len, &why), 1);
	ck_assert_uint_eq(len, 260);
	free(bv.bv_val);
}
END_TEST

/*
 * Captured PDUs.
 */

START_TEST(captured_bind_simple)
{
	struct berval	 bv;
	struct pdu_req	 req;

	decode_file("bind-simple.hex", &bv, &req);
	ck_assert_int_eq(req.r_msgid, 1);
	ck_assert_uint_eq(req.r_tag, LDAP_REQ_BIND);
	ck_assert_int_eq(req.r.bind.version, 3);
	bv_is(&req.r.bind.dn, "cn=admin,dc=example,dc=com");
	ck_assert_uint_eq(req.r.bind.method, LDAP_AUTH_SIMPLE);
	ck_assert_int_eq(req.r.bind.has_cred, 1);
	bv_is(&req.r.bind.cred, "secret");
	ck_assert_uint_eq(req.r_nctrls, 0);
	/* Borrowed from the PDU, not copied. */
	ck_assert(req.r.bind.cred.bv_val > bv.bv_val &&
	    req.r.bind.cred.bv_val < bv.bv_val + bv.bv_len);
	pdu_req_clear(&req);
	free(bv.bv_val);
}
END_TEST

START_TEST(captured_bind_anonymous)
{
	struct berval	 bv;
	struct pdu_req	 req;

	decode_file("bind-anonymous.hex", &bv, &req);
	ck_assert_int_eq(req.r.bind.version, 3);
	ck_assert_uint_eq(req.r.bind.dn.bv_len, 0);
	ck_assert_uint_eq(req.r.bind.method, LDAP_AUTH_SIMPLE);
	ck_assert_int_eq(req.r.bind.has_cred, 1);
	ck_assert_uint_eq(req.r.bind.cred.bv_len, 0);
	pdu_req_clear(&req);
	free(bv.bv_val);
}
END_TEST

START_TEST(captured_bind_sasl)
{
	struct berval	 bv;
	struct pdu_req	 req;

	decode_file("bind-sasl-plain.hex", &bv, &req);
	ck_assert_uint_eq(req.r.bind.method, LDAP_AUTH_SASL);
	bv_is(&req.r.bind.mech, "PLAIN");
	ck_assert_int_eq(req.r.bind.has_cred, 1);
	ck_assert_uint_eq(req.r.bind.cred.bv_len, 12);
	ck_assert_mem_eq(req.r.bind.cred.bv_val, "\0jdoe\0secret", 12);
	pdu_req_clear(&req);
	free(bv.bv_val);

	decode_file("bind-sasl-digest.hex", &bv, &req);
	ck_assert_uint_eq(req.r.bind.method, LDAP_AUTH_SASL);
	bv_is(&req.r.bind.mech, "DIGEST-MD5");
	ck_assert_int_eq(req.r.bind.has_cred, 0);
	pdu_req_clear(&req);
	free(bv.bv_val);
}
END_TEST

START_TEST(captured_unbind_delete_abandon)
{
	struct berval	 bv;
	struct pdu_req	 req;

	decode_file("unbind.hex", &bv, &req);
	ck_assert_int_eq(req.r_msgid, 3);
	ck_assert_uint_eq(req.r_tag, LDAP_REQ_UNBIND);
	pdu_req_clear(&req);
	free(bv.bv_val);

	decode_file("delete.hex", &bv, &req);
	ck_assert_uint_eq(req.r_tag, LDAP_REQ_DELETE);
	bv_is(&req.r.del.dn, "uid=jdoe,ou=people,dc=example,dc=com");
	pdu_req_clear(&req);
	free(bv.bv_val);

	decode_file("abandon.hex", &bv, &req);
	ck_assert_int_eq(req.r_msgid, 2);
	ck_assert_uint_eq(req.r_tag, LDAP_REQ_ABANDON);
	ck_assert_int_eq(req.r.abandon.msgid, 1);
	pdu_req_clear(&req);
	free(bv.bv_val);
}
END_TEST

START_TEST(captured_search)
{
	struct berval	 bv, orig;
	struct pdu_req	 req;
	struct filter	*f;

	decode_file("search.hex", &bv, &req);
	load("search.hex", &orig);
	ck_assert_mem_eq(bv.bv_val, orig.bv_val, bv.bv_len);	/* untouched */
	free(orig.bv_val);
	ck_assert_int_eq(req.r_msgid, 2);
	ck_assert_uint_eq(req.r_tag, LDAP_REQ_SEARCH);
	bv_is(&req.r.search.base, "ou=people,dc=example,dc=com");
	ck_assert_int_eq(req.r.search.scope, LDAP_SCOPE_SUBTREE);
	ck_assert_int_eq(req.r.search.deref, LDAP_DEREF_NEVER);
	ck_assert_int_eq(req.r.search.sizelimit, 0);
	ck_assert_int_eq(req.r.search.timelimit, 0);
	ck_assert_int_eq(req.r.search.typesonly, 0);
	f = req.r.search.filter;
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(f->f_choice, LDAP_FILTER_EQUALITY);
	ck_assert_str_eq(f->f_desc, "uid");
	ck_assert_str_eq(f->f_value.bv_val, "jdoe");
	ck_assert_uint_eq(req.r.search.nattrs, 2);
	bv_is(&req.r.search.attrs[0], "cn");
	bv_is(&req.r.search.attrs[1], "mail");
	ck_assert_uint_eq(req.r_nctrls, 0);
	pdu_req_clear(&req);
	pdu_req_clear(&req);
	free(bv.bv_val);
}
END_TEST

START_TEST(captured_search_paged)
{
	struct berval	 bv, cookie;
	struct pdu_req	 req;
	ber_int_t	 size = -1;

	decode_file("search-paged.hex", &bv, &req);
	bv_is(&req.r.search.base, "dc=example,dc=com");
	ck_assert_int_eq(req.r.search.scope, LDAP_SCOPE_ONELEVEL);
	ck_assert_int_eq(req.r.search.sizelimit, 50);
	ck_assert_int_eq(req.r.search.timelimit, 30);
	ck_assert_uint_eq(req.r.search.filter->f_choice, LDAP_FILTER_PRESENT);
	ck_assert_uint_eq(req.r.search.nattrs, 0);
	ck_assert_uint_eq(req.r_nctrls, 1);
	bv_is(&req.r_ctrls[0].c_oid, PDU_OID_PAGED_RESULTS);
	ck_assert_int_eq(req.r_ctrls[0].c_critical, 0);
	ck_assert_int_eq(req.r_ctrls[0].c_has_value, 1);
	ck_assert_int_eq(pdu_paged_decode(&req.r_ctrls[0].c_value, &size,
	    &cookie), 0);
	ck_assert_int_eq(size, 10);
	ck_assert_uint_eq(cookie.bv_len, 0);
	pdu_req_clear(&req);
	free(bv.bv_val);
}
END_TEST

START_TEST(captured_search_controls)
{
	struct berval	 bv, cookie;
	struct pdu_req	 req;
	ber_int_t	 size = -1;

	decode_file("search-manage-dsait.hex", &bv, &req);
	ck_assert_int_eq(req.r.search.scope, LDAP_SCOPE_BASE);
	ck_assert_int_eq(req.r.search.typesonly, 1);
	ck_assert_uint_eq(req.r_nctrls, 1);
	bv_is(&req.r_ctrls[0].c_oid, PDU_OID_MANAGE_DSAIT);
	ck_assert_int_eq(req.r_ctrls[0].c_critical, 0);
	ck_assert_int_eq(req.r_ctrls[0].c_has_value, 0);
	pdu_req_clear(&req);
	free(bv.bv_val);

	decode_file("search-two-controls.hex", &bv, &req);
	ck_assert_uint_eq(req.r.search.filter->f_choice, LDAP_FILTER_AND);
	ck_assert_uint_eq(req.r.search.filter->f_nlist, 2);
	ck_assert_uint_eq(req.r_nctrls, 2);
	bv_is(&req.r_ctrls[0].c_oid, PDU_OID_MANAGE_DSAIT);
	ck_assert_int_eq(req.r_ctrls[0].c_critical, 1);
	bv_is(&req.r_ctrls[1].c_oid, PDU_OID_PAGED_RESULTS);
	ck_assert_int_eq(req.r_ctrls[1].c_critical, 0);
	ck_assert_int_eq(pdu_paged_decode(&req.r_ctrls[1].c_value, &size,
	    &cookie), 0);
	ck_assert_int_eq(size, 5);
	pdu_req_clear(&req);
	free(bv.bv_val);
}
END_TEST

START_TEST(captured_modify)
{
	struct berval	 bv;
	struct pdu_req	 req;
	struct pdu_mod	*m;

	decode_file("modify.hex", &bv, &req);
	ck_assert_uint_eq(req.r_tag, LDAP_REQ_MODIFY);
	bv_is(&req.r.modify.dn, "uid=jdoe,ou=people,dc=example,dc=com");
	ck_assert_uint_eq(req.r.modify.nmods, 4);
	m = req.r.modify.mods;
	ck_assert_int_eq(m[0].pm_op, LDAP_MOD_ADD);
	bv_is(&m[0].pm_type, "mail");
	ck_assert_uint_eq(m[0].pm_nvals, 2);
	bv_is(&m[0].pm_vals[0], "jdoe@example.com");
	bv_is(&m[0].pm_vals[1], "john@example.com");
	ck_assert_int_eq(m[1].pm_op, LDAP_MOD_DELETE);
	bv_is(&m[1].pm_type, "description");
	ck_assert_uint_eq(m[1].pm_nvals, 0);
	ck_assert_int_eq(m[2].pm_op, LDAP_MOD_REPLACE);
	bv_is(&m[2].pm_type, "sn");
	ck_assert_uint_eq(m[2].pm_nvals, 1);
	bv_is(&m[2].pm_vals[0], "Doe");
	ck_assert_int_eq(m[3].pm_op, LDAP_MOD_INCREMENT);
	bv_is(&m[3].pm_type, "uidNumber");
	bv_is(&m[3].pm_vals[0], "1");
	pdu_req_clear(&req);
	free(bv.bv_val);
}
END_TEST

START_TEST(captured_add)
{
	struct berval	 bv;
	struct pdu_req	 req;
	struct pdu_attr	*a;

	decode_file("add.hex", &bv, &req);
	ck_assert_uint_eq(req.r_tag, LDAP_REQ_ADD);
	bv_is(&req.r.add.dn, "uid=jdoe,ou=people,dc=example,dc=com");
	ck_assert_uint_eq(req.r.add.nattrs, 4);
	a = req.r.add.attrs;
	bv_is(&a[0].pa_type, "objectClass");
	ck_assert_uint_eq(a[0].pa_nvals, 2);
	bv_is(&a[0].pa_vals[0], "top");
	bv_is(&a[0].pa_vals[1], "inetOrgPerson");
	bv_is(&a[1].pa_type, "uid");
	bv_is(&a[1].pa_vals[0], "jdoe");
	bv_is(&a[2].pa_type, "cn");
	bv_is(&a[2].pa_vals[0], "John Doe");
	bv_is(&a[3].pa_type, "sn");
	ck_assert_uint_eq(a[3].pa_nvals, 1);
	pdu_req_clear(&req);
	free(bv.bv_val);
}
END_TEST

START_TEST(captured_compare_modrdn)
{
	struct berval	 bv;
	struct pdu_req	 req;

	decode_file("compare.hex", &bv, &req);
	ck_assert_uint_eq(req.r_tag, LDAP_REQ_COMPARE);
	bv_is(&req.r.compare.dn, "uid=jdoe,ou=people,dc=example,dc=com");
	bv_is(&req.r.compare.type, "uid");
	bv_is(&req.r.compare.value, "jdoe");
	pdu_req_clear(&req);
	free(bv.bv_val);

	decode_file("modrdn.hex", &bv, &req);
	ck_assert_uint_eq(req.r_tag, LDAP_REQ_MODDN);
	bv_is(&req.r.modrdn.dn, "uid=jdoe,ou=people,dc=example,dc=com");
	bv_is(&req.r.modrdn.newrdn, "uid=john");
	ck_assert_int_eq(req.r.modrdn.deleteoldrdn, 1);
	ck_assert_int_eq(req.r.modrdn.has_newsup, 1);
	bv_is(&req.r.modrdn.newsup, "ou=staff,dc=example,dc=com");
	pdu_req_clear(&req);
	free(bv.bv_val);
}
END_TEST

START_TEST(captured_extended)
{
	struct berval	 bv, id, oldpw, newpw;
	struct pdu_req	 req;

	decode_file("whoami.hex", &bv, &req);
	ck_assert_uint_eq(req.r_tag, LDAP_REQ_EXTENDED);
	bv_is(&req.r.extended.oid, PDU_OID_WHOAMI);
	ck_assert_int_eq(req.r.extended.has_value, 0);
	pdu_req_clear(&req);
	free(bv.bv_val);

	decode_file("passwd.hex", &bv, &req);
	bv_is(&req.r.extended.oid, PDU_OID_PASSWD_MODIFY);
	ck_assert_int_eq(req.r.extended.has_value, 1);
	ck_assert_int_eq(pdu_passwd_decode(&req.r.extended.value, &id,
	    &oldpw, &newpw), 0);
	bv_is(&id, "uid=jdoe,ou=people,dc=example,dc=com");
	bv_is(&oldpw, "oldpw");
	bv_is(&newpw, "newpw");
	pdu_req_clear(&req);
	free(bv.bv_val);

	decode_file("passwd-nothing.hex", &bv, &req);
	bv_is(&req.r.extended.oid, PDU_OID_PASSWD_MODIFY);
	ck_assert_int_eq(req.r.extended.has_value, 0);
	ck_assert_int_eq(pdu_passwd_decode(NULL, &id, &oldpw, &newpw), 0);
	ck_assert_ptr_null(id.bv_val);
	ck_assert_ptr_null(oldpw.bv_val);
	ck_assert_ptr_null(newpw.bv_val);
	pdu_req_clear(&req);
	free(bv.bv_val);
}
END_TEST

/*
 * Malformed input.
 */

/* Every proper prefix of a valid PDU fails, without reading past it. */
START_TEST(truncated_everywhere)
{
	struct berval	 bv, part;
	struct pdu_req	 req;
	const char	*why;
	size_t		 k;

	load(captured[_i], &bv);
	for (k = 0; k < bv.bv_len; k++) {
		part.bv_len = k;
		part.bv_val = malloc(k > 0 ? k : 1);
		memcpy(part.bv_val, bv.bv_val, k);
		why = NULL;
		ck_assert_msg(pdu_decode(&part, sch, &lim, &req, &why) == -1,
		    "%s cut at %zu decoded", captured[_i], k);
		ck_assert_ptr_nonnull(why);
		pdu_req_clear(&req);
		free(part.bv_val);
	}
	free(bv.bv_val);
}
END_TEST

/* Any octet changed to anything: a result or a reason, never a crash. */
START_TEST(mutated_everywhere)
{
	static const unsigned char vals[] = { 0x00, 0x01, 0x04, 0x30, 0x7f,
	    0x80, 0x81, 0x84, 0xa0, 0xff };
	struct berval	 bv;
	struct pdu_req	 req;
	const char	*why;
	size_t		 k, v;
	unsigned char	 orig;
	int		 rc;

	load(captured[_i], &bv);
	for (k = 0; k < bv.bv_len; k++) {
		orig = bv.bv_val[k];
		for (v = 0; v < sizeof vals; v++) {
			bv.bv_val[k] = vals[v];
			why = NULL;
			rc = pdu_decode(&bv, sch, &lim, &req, &why);
			ck_assert(rc == 0 || (rc == -1 && why != NULL));
			pdu_req_clear(&req);
		}
		bv.bv_val[k] = orig;
	}
	free(bv.bv_val);
}
END_TEST

START_TEST(bad_framing)
{
	struct pdu_req	 req;

	decode_fails("31 05 02 01 01 42 00",
	    "not an LDAPMessage: tag 0x31, not a SEQUENCE", &req);
	decode_fails("30 80 02 01 01 42 00 00 00",
	    "indefinite length form", &req);
	decode_fails("30 85 00 00 00 00 05 02 01 01 42 00",
	    "length in 5 octets (at most 4)", &req);
	decode_fails("30 06 02 01 01 42 00",
	    "LDAPMessage truncated or malformed", &req);
	decode_fails("30 81", "LDAPMessage truncated or malformed", &req);
	/* Inside the message, liblber's long forms (up to 8 octets) are
	   read as BER allows. */
	decode_fails("30 0b 02 01 01 4a 84 00 00 00 01 'x' 00",
	    "trailing bytes in LDAPMessage", &req);
	ck_assert_uint_eq(req.r_tag, LDAP_REQ_DELETE);
	decode_fails("30 05 02 01 01 42 00 00",
	    "trailing bytes after LDAPMessage", &req);
	decode_fails("30 07 02 01 01 42 00 04 00",
	    "unexpected element (tag 0x4) in LDAPMessage", &req);
	ck_assert_int_eq(req.r_msgid, 1);
	ck_assert_uint_eq(req.r_tag, LDAP_REQ_UNBIND);
	decode_fails("30 00", "message ID missing", &req);
	ck_assert_int_eq(req.r_msgid, 0);
}
END_TEST

START_TEST(bad_message_id)
{
	struct pdu_req	 req;

	decode_fails("30(02 01 ff 42 00)", "message ID out of range", &req);
	ck_assert_int_eq(req.r_msgid, 0);
	decode_fails("30(02 01 00 42 00)",
	    "message ID 0 is reserved for unsolicited notifications", &req);
	decode_fails("30(02 05 00 80 00 00 00 42 00)",
	    "message ID is not a 32-bit integer", &req);
	decode_fails("30(02 00 42 00)",
	    "message ID is not a 32-bit integer", &req);
	decode_fails("30(04 01 01 42 00)",
	    "message ID missing (found tag 0x4)", &req);
	decode_fails("30(02 04 7f ff ff ff)", "protocolOp missing", &req);
	ck_assert_int_eq(req.r_msgid, 0x7fffffff);
}
END_TEST

START_TEST(bad_protocol_op)
{
	struct pdu_req	 req;

	decode_fails("30(02 01 01 45 00)", "unknown protocolOp tag 0x45",
	    &req);
	ck_assert_int_eq(req.r_msgid, 1);
	ck_assert_uint_eq(req.r_tag, 0);
	/* A response is not a request. */
	decode_fails("30(02 01 01 61(0a 01 00 04() 04()))",
	    "unknown protocolOp tag 0x61", &req);
	decode_fails("30(02 01 01 42 01 00)", "unbindRequest: not NULL",
	    &req);
	decode_fails("30(02 01 02 50 01 ff)",
	    "abandonRequest: message ID -1 out of range", &req);
	decode_fails("30(02 01 02 50 00)",
	    "abandonRequest: message ID is not a 32-bit integer", &req);
	decode_fails("30(02 01 01 77(81('x')))",
	    "extendedReq: requestName missing (found tag 0x81)", &req);
	decode_fails("30(02 01 01 77(80('1.2') 81('x') 81('y')))",
	    "extendedReq: unexpected element (tag 0x81) in extendedReq",
	    &req);
}
END_TEST

START_TEST(bad_bind)
{
	struct pdu_req	 req;
	struct berval	 bv;
	const char	*why = NULL;

	decode_fails("30(02 01 01 60(04() 80('pw')))",
	    "bindRequest: version missing (found tag 0x4)", &req);
	ck_assert_uint_eq(req.r_tag, LDAP_REQ_BIND);
	decode_fails("30(02 01 01 60(02 02 00 c8 04() 80('pw')))",
	    "bindRequest: version 200 out of range", &req);
	decode_fails("30(02 01 01 60(02 01 03 04()))",
	    "bindRequest: authentication missing", &req);
	decode_fails("30(02 01 01 60(02 01 03 04() a3(04('PLAIN') 04() 04())))",
	    "bindRequest: unexpected element (tag 0x4) in sasl", &req);
	decode_fails("30(02 01 01 60(02 01 03 04() a3()))",
	    "bindRequest: mechanism missing", &req);
	decode_fails("30(02 01 01 60(02 01 03 04() 80() 04()))",
	    "bindRequest: unexpected element (tag 0x4) in bindRequest",
	    &req);

	/* Another authentication choice is for the operation to refuse. */
	hex("30(02 01 01 60(02 01 03 04('cn=x') 81('krb')))", &bv);
	ck_assert_int_eq(pdu_decode(&bv, sch, &lim, &req, &why), 0);
	ck_assert_uint_eq(req.r.bind.method, 0x81);
	ck_assert_int_eq(req.r.bind.has_cred, 0);
	pdu_req_clear(&req);
	free(bv.bv_val);
}
END_TEST

#define SEARCH(scope, deref, size, time, rest) \
	"30(02 01 05 63(04('dc=x') 0a 01 " scope " 0a 01 " deref \
	" 02 " size " 02 " time " 01 01 00 " rest "))"

START_TEST(bad_search)
{
	struct pdu_req	 req;
	struct berval	 bv;
	const char	*why = NULL;

	decode_fails(SEARCH("05", "00", "01 00", "01 00", "87('cn') 30()"),
	    "searchRequest: scope 5 out of range", &req);
	ck_assert_int_eq(req.r_msgid, 5);
	ck_assert_uint_eq(req.r_tag, LDAP_REQ_SEARCH);
	decode_fails(SEARCH("ff", "00", "01 00", "01 00", "87('cn') 30()"),
	    "searchRequest: scope -1 out of range", &req);
	decode_fails(SEARCH("00", "04", "01 00", "01 00", "87('cn') 30()"),
	    "searchRequest: derefAliases 4 out of range", &req);
	decode_fails(SEARCH("00", "00", "01 ff", "01 00", "87('cn') 30()"),
	    "searchRequest: sizeLimit -1 out of range", &req);
	decode_fails(SEARCH("00", "00", "01 00", "04 80 00 00 00",
	    "87('cn') 30()"),
	    "searchRequest: timeLimit -2147483648 out of range", &req);
	decode_fails(SEARCH("00", "00", "01 00", "01 00", ""),
	    "searchRequest: filter missing", &req);
	decode_fails(SEARCH("00", "00", "01 00", "01 00", "87('cn')"),
	    "searchRequest: attributes missing", &req);
	ck_assert_ptr_null(req.r.search.filter);
	decode_fails(SEARCH("00", "00", "01 00", "01 00",
	    "87('cn') 30(04('cn') 02 01 00)"),
	    "searchRequest: attributes missing (found tag 0x2)", &req);
	decode_fails(SEARCH("00", "00", "01 00", "01 00",
	    "87('cn') 30() 04()"),
	    "searchRequest: unexpected element (tag 0x4) in searchRequest",
	    &req);
	/* filter.c's reason comes through. */
	hex(SEARCH("00", "00", "01 00", "01 00", "a3(04('cn')) 30()"), &bv);
	ck_assert_int_eq(pdu_decode(&bv, sch, &lim, &req, &why), -1);
	ck_assert_msg(strncmp(why, "searchRequest: filter: ", 23) == 0,
	    "%s", why);
	ck_assert_ptr_null(req.r.search.filter);
	free(bv.bv_val);
	/* typesOnly that is no BOOLEAN */
	decode_fails("30(02 01 05 63(04('dc=x') 0a 01 00 0a 01 00 02 01 00 "
	    "02 01 00 01 02 00 00 87('cn') 30()))",
	    "searchRequest: typesOnly is not a BOOLEAN", &req);
	ck_assert_ptr_null(req.r.search.attrs);
}
END_TEST

START_TEST(bad_updates)
{
	struct pdu_req	 req;

	decode_fails("30(02 01 01 66(04('cn=x') 30(30(0a 01 07 "
	    "30(04('cn') 31())))))", "modifyRequest: bad operation 7", &req);
	decode_fails("30(02 01 01 66(04('cn=x') 30(30(0a 01 00 "
	    "30(04('cn') 30(04('v')))))))",
	    "modifyRequest: values missing (found tag 0x30)", &req);
	decode_fails("30(02 01 01 66(04('cn=x') 30(30(0a 01 00 "
	    "30(04('cn') 31(04('v')) 04())))))",
	    "modifyRequest: unexpected element (tag 0x4) in attribute", &req);
	decode_fails("30(02 01 01 68(04('cn=x') 30(30(04('cn') 31()))))",
	    "addRequest: attribute 1 has no values", &req);
	decode_fails("30(02 01 01 68(04('cn=x') 30(30(04('cn') "
	    "31(04('a') 02 01 01)))))",
	    "addRequest: values missing (found tag 0x2)", &req);
	decode_fails("30(02 01 01 6c(04('cn=x') 04('cn=y') 01 01 00 "
	    "04('o=z')))",
	    "modDNRequest: newSuperior missing (found tag 0x4)", &req);
	decode_fails("30(02 01 01 6c(04('cn=x') 04('cn=y')))",
	    "modDNRequest: deleteoldrdn missing", &req);
	/* An element running past the SEQUENCE that holds it. */
	decode_fails("30(02 01 01 6e(04('cn=x') 30 05 04 02 'cn' "
	    "04 02 'ab'))",
	    "compareRequest: assertionValue truncated or malformed", &req);
}
END_TEST

START_TEST(bad_controls)
{
	struct pdu_req	 req;

	decode_fails("30(02 01 01 42 00 a0(30(04('1.2.3') 02 01 01)))",
	    "controls: unexpected element (tag 0x2) in control", &req);
	ck_assert_uint_eq(req.r_nctrls, 0);
	ck_assert_ptr_null(req.r_ctrls);
	decode_fails("30(02 01 01 42 00 a0(30(04('1.2.3') 01 02 ff ff)))",
	    "controls: criticality is not a BOOLEAN", &req);
	decode_fails("30(02 01 01 42 00 a0(30(04('1.2.3') 01 00)))",
	    "controls: criticality is not a BOOLEAN", &req);
	decode_fails("30(02 01 01 42 00 a0(30(01 01 ff)))",
	    "controls: controlType missing (found tag 0x1)", &req);
	decode_fails("30(02 01 01 42 00 a0(04('1.2.3')))",
	    "controls: control missing (found tag 0x4)", &req);
	decode_fails("30(02 01 01 42 00 a0(30(04('1.2.3') 04() 01 01 ff)))",
	    "controls: unexpected element (tag 0x1) in control", &req);
	decode_fails("30(02 01 01 42 00 a0() a0())",
	    "unexpected element (tag 0xa0) in LDAPMessage", &req);
}
END_TEST

START_TEST(good_controls)
{
	struct pdu_req	 req;
	struct berval	 bv;
	const char	*why = NULL;

	hex("30(02 01 01 42 00 a0(30(04('1.2.3') 01 01 01 04('v')) "
	    "30(04('1.2.4'))))", &bv);
	ck_assert_int_eq(pdu_decode(&bv, sch, &lim, &req, &why), 0);
	ck_assert_uint_eq(req.r_nctrls, 2);
	bv_is(&req.r_ctrls[0].c_oid, "1.2.3");
	ck_assert_int_eq(req.r_ctrls[0].c_critical, 1);
	ck_assert_int_eq(req.r_ctrls[0].c_has_value, 1);
	bv_is(&req.r_ctrls[0].c_value, "v");
	bv_is(&req.r_ctrls[1].c_oid, "1.2.4");
	ck_assert_int_eq(req.r_ctrls[1].c_critical, 0);
	ck_assert_int_eq(req.r_ctrls[1].c_has_value, 0);
	pdu_req_clear(&req);
	free(bv.bv_val);
}
END_TEST

static void
file_fails(const char *name, const char *want)
{
	struct berval	 bv;
	struct pdu_req	 req;
	const char	*why = NULL;

	load(name, &bv);
	ck_assert_int_eq(pdu_decode(&bv, sch, &lim, &req, &why), -1);
	ck_assert_str_eq(why, want);
	/* A limit, not a malformation: the operation can be refused. */
	ck_assert_int_eq(req.r_over_limit, 1);
	ck_assert_int_ne(req.r_msgid, 0);
	ck_assert_uint_ne(req.r_tag, 0);
	pdu_req_clear(&req);
	free(bv.bv_val);
}

START_TEST(over_limits)
{
	lim.pl_max_attrs = 3;
	file_fails("add.hex", "addRequest: more than 3 attributes");
	file_fails("modify.hex", "modifyRequest: more than 3 changes");
	lim.pl_max_attrs = 1;
	file_fails("search.hex", "searchRequest: more than 1 attributes");
	lim.pl_max_attrs = 100;
	lim.pl_max_values = 1;
	file_fails("add.hex", "addRequest: more than 1 values");
	file_fails("modify.hex", "modifyRequest: more than 1 values");
	lim.pl_max_controls = 1;
	file_fails("search-two-controls.hex",
	    "controls: more than 1 controls");
}
END_TEST

/* Wrap b in a TLV of this tag. */
static void
buf_wrap(struct buf *b, unsigned char tag)
{
	struct buf	 w;

	memset(&w, 0, sizeof w);
	buf_add(&w, &tag, 1);
	buf_len(&w, b->n);
	buf_add(&w, b->b, b->n);
	free(b->b);
	*b = w;
}

/* A filter nested one level deeper than the limit is over the limit. */
START_TEST(filter_over_limits)
{
	static const unsigned char head[] = { 0x04, 0x00, 0x0a, 0x01, 0x00,
	    0x0a, 0x01, 0x00, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00, 0x01, 0x01,
	    0x00 };
	struct buf	 f, msg;
	struct berval	 bv;
	struct pdu_req	 req;
	const char	*why = NULL;
	size_t		 i;

	/* (&(&(...(objectClass=*)...))) */
	memset(&f, 0, sizeof f);
	buf_add(&f, "objectClass", 11);
	buf_wrap(&f, 0x87);
	for (i = 0; i < lim.pl_filter_depth; i++)
		buf_wrap(&f, 0xa0);
	memset(&msg, 0, sizeof msg);
	buf_add(&msg, head, sizeof head);
	buf_add(&msg, f.b, f.n);
	buf_add(&msg, "\x30\x00", 2);
	free(f.b);
	buf_wrap(&msg, 0x63);
	memset(&f, 0, sizeof f);
	buf_add(&f, "\x02\x01\x07", 3);
	buf_add(&f, msg.b, msg.n);
	free(msg.b);
	buf_wrap(&f, 0x30);
	bv.bv_val = (char *)f.b;
	bv.bv_len = f.n;
	ck_assert_int_eq(pdu_decode(&bv, sch, &lim, &req, &why), -1);
	ck_assert_str_eq(why, "searchRequest: filter: filter nests too deep");
	ck_assert_int_eq(req.r_over_limit, 1);
	ck_assert_int_eq(req.r_msgid, 7);
	ck_assert_uint_eq(req.r_tag, LDAP_REQ_SEARCH);
	/* One level more allowed: within the limit. */
	lim.pl_filter_depth++;
	ck_assert_msg(pdu_decode(&bv, sch, &lim, &req, &why) == 0, "%s", why);
	pdu_req_clear(&req);
	free(f.b);
}
END_TEST

/* A malformed request is not "over a limit". */
START_TEST(malformed_is_not_a_limit)
{
	struct pdu_req	 req;

	decode_fails("30(02 01 01 63(04() 0a 01 00 0a 01 00 02 01 00 02 01 00"
	    " 01 01 00 87 01 'x' 31()))",
	    "searchRequest: attributes missing (found tag 0x31)", &req);
	ck_assert_int_eq(req.r_over_limit, 0);
	decode_fails("30(02 01 01 45 00)", "unknown protocolOp tag 0x45",
	    &req);
	ck_assert_int_eq(req.r_over_limit, 0);
}
END_TEST

/*
 * X.690 §8.3.2 (BER, not only DER): an INTEGER's first nine bits are not
 * all zeros or all ones.  RFC 4511 §5.1 adds nothing here; a non-minimal
 * INTEGER is malformed BER.  Long forms of length are BER and accepted.
 */
START_TEST(non_minimal_integers)
{
	struct pdu_req	 req;

	decode_fails("30(02 02 00 05 42 00)",
	    "message ID is not minimally encoded", &req);
	decode_fails("30(02 02 ff ff 42 00)",
	    "message ID is not minimally encoded", &req);
	decode_fails("30(02 01 02 50 02 00 01)",
	    "abandonRequest: message ID is not minimally encoded", &req);
	decode_fails("30(02 01 03 60(02 02 00 03 04() 80()))",
	    "bindRequest: version is not minimally encoded", &req);
	/* 0x0080 and 0xff7f are minimal: a sign octet is needed. */
	decode_ok("30(02 02 00 80 42 00)", LDAP_REQ_UNBIND, 0x80);
	decode_ok("30 81 05 02 01 09 42 00", LDAP_REQ_UNBIND, 9);
	decode_ok("30 84 00 00 00 05 02 01 09 42 00", LDAP_REQ_UNBIND, 9);
}
END_TEST

START_TEST(at_limits)
{
	struct berval	 bv;
	struct pdu_req	 req;

	lim.pl_max_attrs = 4;
	lim.pl_max_values = 2;
	lim.pl_max_controls = 2;
	decode_file("add.hex", &bv, &req);
	pdu_req_clear(&req);
	free(bv.bv_val);
	decode_file("modify.hex", &bv, &req);
	pdu_req_clear(&req);
	free(bv.bv_val);
	decode_file("search-two-controls.hex", &bv, &req);
	pdu_req_clear(&req);
	free(bv.bv_val);
}
END_TEST

START_TEST(clear_is_idempotent)
{
	struct pdu_req	 req;

	memset(&req, 0, sizeof req);
	pdu_req_clear(&req);
	pdu_req_clear(&req);
	ck_assert_int_eq(req.r_msgid, 0);
}
END_TEST

/*
 * Encoders, read back with liblber.
 */

static BerElement *
reader(const struct berval *bv)
{
	BerElement	*ber;

	ber = ber_init((struct berval *)bv);
	ck_assert_ptr_nonnull(ber);
	return ber;
}

START_TEST(encode_result_bytes)
{
	struct berval	 out, want;

	ck_assert_int_eq(pdu_encode_result(&out, 1, LDAP_RES_BIND,
	    LDAP_SUCCESS, NULL, NULL, NULL, 0), 0);
	hex("30(02 01 01 61(0a 01 00 04() 04()))", &want);
	ck_assert_uint_eq(out.bv_len, want.bv_len);
	ck_assert_mem_eq(out.bv_val, want.bv_val, want.bv_len);
	ber_memfree(out.bv_val);
	free(want.bv_val);
}
END_TEST

START_TEST(encode_result_every_tag)
{
	static const ber_tag_t tags[] = { LDAP_RES_BIND,
	    LDAP_RES_SEARCH_RESULT, LDAP_RES_MODIFY, LDAP_RES_ADD,
	    LDAP_RES_DELETE, LDAP_RES_MODDN, LDAP_RES_COMPARE,
	    LDAP_RES_EXTENDED };
	struct pdu_control ctrl;
	struct berval	 out, matched, text, oid, val;
	BerElement	*ber;
	ber_int_t	 msgid, rc, crit;
	ber_len_t	 len;
	size_t		 i;

	memset(&ctrl, 0, sizeof ctrl);
	ctrl.c_oid.bv_val = PDU_OID_PAGED_RESULTS;
	ctrl.c_oid.bv_len = strlen(PDU_OID_PAGED_RESULTS);
	ctrl.c_critical = 1;
	ctrl.c_has_value = 1;
	ctrl.c_value.bv_val = "xyz";
	ctrl.c_value.bv_len = 3;
	for (i = 0; i < sizeof tags / sizeof tags[0]; i++) {
		ck_assert_int_eq(pdu_encode_result(&out, 77, tags[i],
		    LDAP_NO_SUCH_OBJECT, "dc=example,dc=com",
		    "no entry uid=x", &ctrl, 1), 0);
		ber = reader(&out);
		ck_assert_uint_ne(ber_scanf(ber, "{i", &msgid), LBER_ERROR);
		ck_assert_int_eq(msgid, 77);
		ck_assert_uint_eq(ber_peek_tag(ber, &len), tags[i]);
		ck_assert_uint_ne(ber_scanf(ber, "{emm}", &rc, &matched,
		    &text), LBER_ERROR);
		ck_assert_int_eq(rc, LDAP_NO_SUCH_OBJECT);
		bv_is(&matched, "dc=example,dc=com");
		bv_is(&text, "no entry uid=x");
		ck_assert_uint_eq(ber_peek_tag(ber, &len), LDAP_TAG_CONTROLS);
		ck_assert_uint_ne(ber_scanf(ber, "{{mbm}}}", &oid, &crit,
		    &val), LBER_ERROR);
		bv_is(&oid, PDU_OID_PAGED_RESULTS);
		ck_assert_int_ne(crit, 0);
		bv_is(&val, "xyz");
		ck_assert_uint_eq(ber_peek_tag(ber, &len), LBER_DEFAULT);
		ber_free(ber, 1);
		ber_memfree(out.bv_val);
	}
	ck_assert_int_eq(pdu_encode_result(&out, 1, LDAP_RES_SEARCH_ENTRY,
	    0, NULL, NULL, NULL, 0), -1);
	ck_assert_ptr_null(out.bv_val);
	ck_assert_int_eq(pdu_encode_result(&out, 1, LDAP_REQ_BIND,
	    0, NULL, NULL, NULL, 0), -1);
}
END_TEST

START_TEST(encode_bind_sasl)
{
	struct berval	 out, m, t, creds, got;
	BerElement	*ber;
	ber_int_t	 msgid, rc;
	ber_tag_t	 tag;

	creds.bv_val = "challenge";
	creds.bv_len = 9;
	ck_assert_int_eq(pdu_encode_bind(&out, 3,
	    LDAP_SASL_BIND_IN_PROGRESS, NULL, NULL, &creds, NULL, 0), 0);
	ber = reader(&out);
	ck_assert_uint_ne(ber_scanf(ber, "{i{emmtm}}", &msgid, &rc, &m, &t,
	    &tag, &got), LBER_ERROR);
	ck_assert_int_eq(msgid, 3);
	ck_assert_int_eq(rc, LDAP_SASL_BIND_IN_PROGRESS);
	ck_assert_uint_eq(tag, LDAP_TAG_SASL_RES_CREDS);
	bv_is(&got, "challenge");
	ber_free(ber, 1);
	ber_memfree(out.bv_val);
}
END_TEST

START_TEST(encode_extended_and_notice)
{
	struct berval	 out, m, t, oid, val, v;
	BerElement	*ber;
	ber_int_t	 msgid, rc;
	ber_tag_t	 tag;
	ber_len_t	 len;

	v.bv_val = "dn:uid=jdoe";
	v.bv_len = 11;
	ck_assert_int_eq(pdu_encode_extended(&out, 9, LDAP_SUCCESS, NULL,
	    NULL, PDU_OID_WHOAMI, &v, NULL, 0), 0);
	ber = reader(&out);
	ck_assert_uint_ne(ber_scanf(ber, "{i", &msgid), LBER_ERROR);
	ck_assert_uint_eq(ber_peek_tag(ber, &len), LDAP_RES_EXTENDED);
	ck_assert_uint_ne(ber_scanf(ber, "{emm", &rc, &m, &t), LBER_ERROR);
	ck_assert_uint_eq(ber_peek_tag(ber, &len), LDAP_TAG_EXOP_RES_OID);
	ck_assert_uint_ne(ber_scanf(ber, "m", &oid), LBER_ERROR);
	bv_is(&oid, PDU_OID_WHOAMI);
	ck_assert_uint_eq(ber_peek_tag(ber, &len), LDAP_TAG_EXOP_RES_VALUE);
	ck_assert_uint_ne(ber_scanf(ber, "m}}", &val), LBER_ERROR);
	bv_is(&val, "dn:uid=jdoe");
	ck_assert_uint_eq(ber_peek_tag(ber, &len), LBER_DEFAULT);
	ber_free(ber, 1);
	ber_memfree(out.bv_val);

	/* Without name or value: the LDAPResult alone. */
	ck_assert_int_eq(pdu_encode_extended(&out, 9, LDAP_PROTOCOL_ERROR,
	    NULL, "unsupported", NULL, NULL, NULL, 0), 0);
	ber = reader(&out);
	ck_assert_uint_ne(ber_scanf(ber, "{i{emm}", &msgid, &rc, &m, &t),
	    LBER_ERROR);
	bv_is(&t, "unsupported");
	ck_assert_uint_eq(ber_peek_tag(ber, &len), LBER_DEFAULT);
	ber_free(ber, 1);
	ber_memfree(out.bv_val);

	ck_assert_int_eq(pdu_encode_notice(&out, LDAP_UNAVAILABLE,
	    "shutting down"), 0);
	ber = reader(&out);
	ck_assert_uint_ne(ber_scanf(ber, "{i", &msgid), LBER_ERROR);
	ck_assert_int_eq(msgid, 0);
	ck_assert_uint_eq(ber_peek_tag(ber, &len), LDAP_RES_EXTENDED);
	ck_assert_uint_ne(ber_scanf(ber, "{emmtm}}", &rc, &m, &t, &tag,
	    &oid), LBER_ERROR);
	ck_assert_int_eq(rc, LDAP_UNAVAILABLE);
	ck_assert_uint_eq(m.bv_len, 0);
	bv_is(&t, "shutting down");
	ck_assert_uint_eq(tag, LDAP_TAG_EXOP_RES_OID);
	bv_is(&oid, PDU_OID_NOTICE_OF_DISCONNECTION);
	ber_free(ber, 1);
	ber_memfree(out.bv_val);
}
END_TEST

START_TEST(encode_intermediate)
{
	struct berval	 out, oid, val, v;
	BerElement	*ber;
	ber_int_t	 msgid;
	ber_tag_t	 t1, t2;
	ber_len_t	 len;

	v.bv_val = "\x01\x02";
	v.bv_len = 2;
	ck_assert_int_eq(pdu_encode_intermediate(&out, 4,
	    "1.3.6.1.4.1.4203.1.9.1.4", &v, NULL, 0), 0);
	ber = reader(&out);
	ck_assert_uint_ne(ber_scanf(ber, "{i", &msgid), LBER_ERROR);
	ck_assert_int_eq(msgid, 4);
	ck_assert_uint_eq(ber_peek_tag(ber, &len), LDAP_RES_INTERMEDIATE);
	ck_assert_uint_ne(ber_scanf(ber, "{tmtm}}", &t1, &oid, &t2, &val),
	    LBER_ERROR);
	ck_assert_uint_eq(t1, LDAP_TAG_IM_RES_OID);
	bv_is(&oid, "1.3.6.1.4.1.4203.1.9.1.4");
	ck_assert_uint_eq(t2, LDAP_TAG_IM_RES_VALUE);
	ck_assert_uint_eq(val.bv_len, 2);
	ck_assert_mem_eq(val.bv_val, "\x01\x02", 2);
	ber_free(ber, 1);
	ber_memfree(out.bv_val);

	ck_assert_int_eq(pdu_encode_intermediate(&out, 4, NULL, NULL, NULL,
	    0), 0);
	ber = reader(&out);
	ck_assert_uint_ne(ber_scanf(ber, "{i", &msgid), LBER_ERROR);
	ck_assert_uint_ne(ber_skip_tag(ber, &len), LBER_ERROR);
	ck_assert_uint_eq(len, 0);
	ber_free(ber, 1);
	ber_memfree(out.bv_val);
}
END_TEST

static void
attr_init(struct attr *a, char *name, struct berval *vals, size_t n)
{
	memset(a, 0, sizeof *a);
	a->a_name = name;
	a->a_vals = vals;
	a->a_nvals = n;
}

START_TEST(encode_entry)
{
	struct berval	 out, dn, type, v, vals[2];
	struct attr	 cn, oc, *attrs[2];
	struct pdu_control ctrl;
	BerElement	*ber;
	ber_int_t	 msgid;
	ber_len_t	 len;
	char		*last;
	ber_tag_t	 tag;
	int		 typesonly, n;

	vals[0].bv_val = "top";
	vals[0].bv_len = 3;
	vals[1].bv_val = "person";
	vals[1].bv_len = 6;
	attr_init(&oc, "objectClass", vals, 2);
	v.bv_val = "John Doe";
	v.bv_len = 8;
	attr_init(&cn, "cn", &v, 1);
	attrs[0] = &oc;
	attrs[1] = &cn;
	memset(&ctrl, 0, sizeof ctrl);
	ctrl.c_oid.bv_val = "1.2.3";
	ctrl.c_oid.bv_len = 5;

	for (typesonly = 0; typesonly <= 1; typesonly++) {
		ck_assert_int_eq(pdu_encode_entry(&out, 6,
		    "uid=jdoe,dc=example,dc=com", (const struct attr *const *)
		    attrs, 2, typesonly, &ctrl, 1), 0);
		ber = reader(&out);
		ck_assert_uint_ne(ber_scanf(ber, "{i", &msgid), LBER_ERROR);
		ck_assert_int_eq(msgid, 6);
		ck_assert_uint_eq(ber_peek_tag(ber, &len),
		    LDAP_RES_SEARCH_ENTRY);
		ck_assert_uint_ne(ber_scanf(ber, "{m{", &dn), LBER_ERROR);
		bv_is(&dn, "uid=jdoe,dc=example,dc=com");
		ck_assert_uint_ne(ber_scanf(ber, "{m", &type), LBER_ERROR);
		bv_is(&type, "objectClass");
		n = 0;
		for (tag = ber_first_element(ber, &len, &last);
		    tag != LBER_DEFAULT;
		    tag = ber_next_element(ber, &len, last)) {
			ck_assert_uint_ne(ber_scanf(ber, "m", &v), LBER_ERROR);
			bv_is(&v, n == 0 ? "top" : "person");
			n++;
		}
		ck_assert_int_eq(n, typesonly ? 0 : 2);
		ck_assert_uint_ne(ber_scanf(ber, "}{m", &type), LBER_ERROR);
		bv_is(&type, "cn");
		n = 0;
		for (tag = ber_first_element(ber, &len, &last);
		    tag != LBER_DEFAULT;
		    tag = ber_next_element(ber, &len, last)) {
			ck_assert_uint_ne(ber_scanf(ber, "m", &v), LBER_ERROR);
			bv_is(&v, "John Doe");
			n++;
		}
		ck_assert_int_eq(n, typesonly ? 0 : 1);
		ck_assert_uint_ne(ber_scanf(ber, "}}}"), LBER_ERROR);
		ck_assert_uint_eq(ber_peek_tag(ber, &len), LDAP_TAG_CONTROLS);
		ck_assert_uint_ne(ber_scanf(ber, "{{m}}}", &type), LBER_ERROR);
		bv_is(&type, "1.2.3");
		ck_assert_uint_eq(ber_peek_tag(ber, &len), LBER_DEFAULT);
		ber_free(ber, 1);
		ber_memfree(out.bv_val);
	}

	/* No attributes at all: an empty PartialAttributeList. */
	ck_assert_int_eq(pdu_encode_entry(&out, 6, "dc=x", NULL, 0, 0, NULL,
	    0), 0);
	ber = reader(&out);
	ck_assert_uint_ne(ber_scanf(ber, "{i{m", &msgid, &dn), LBER_ERROR);
	ck_assert_uint_ne(ber_skip_tag(ber, &len), LBER_ERROR);
	ck_assert_uint_eq(len, 0);
	ber_free(ber, 1);
	ber_memfree(out.bv_val);
}
END_TEST

/* The same message as liblber's ber_printf() encodes it in DER. */
static void
reference_entry(struct berval *out, ber_int_t msgid, const char *dn,
    struct attr *const *attrs, size_t nattrs, int typesonly,
    const struct pdu_control *c, size_t nctrls)
{
	BerElement *ber = ber_alloc_t(LBER_USE_DER);
	size_t i, j;

	ck_assert_ptr_nonnull(ber);
	ck_assert_int_ne(ber_printf(ber, "{it{s{", msgid,
	    LDAP_RES_SEARCH_ENTRY, dn), -1);
	for (i = 0; i < nattrs; i++) {
		ck_assert_int_ne(ber_printf(ber, "{s[", attrs[i]->a_name), -1);
		for (j = 0; !typesonly && j < attrs[i]->a_nvals; j++)
			ck_assert_int_ne(ber_printf(ber, "O",
			    &attrs[i]->a_vals[j]), -1);
		ck_assert_int_ne(ber_printf(ber, "]}"), -1);
	}
	ck_assert_int_ne(ber_printf(ber, "}}"), -1);
	if (nctrls > 0) {
		ck_assert_int_ne(ber_printf(ber, "t{", LDAP_TAG_CONTROLS), -1);
		for (i = 0; i < nctrls; i++) {
			ck_assert_int_ne(ber_printf(ber, "{O", &c[i].c_oid),
			    -1);
			if (c[i].c_critical)
				ck_assert_int_ne(ber_printf(ber, "b",
				    (ber_int_t)1), -1);
			if (c[i].c_has_value)
				ck_assert_int_ne(ber_printf(ber, "O",
				    &c[i].c_value), -1);
			ck_assert_int_ne(ber_printf(ber, "}"), -1);
		}
		ck_assert_int_ne(ber_printf(ber, "}"), -1);
	}
	ck_assert_int_ne(ber_printf(ber, "}"), -1);
	ck_assert_int_eq(ber_flatten2(ber, out, 1), 0);
	ber_free(ber, 1);
}

/*
 * The direct encoder writes exactly liblber's DER: message ids and
 * value lengths at every boundary of the length and INTEGER forms,
 * typesOnly, empty values, controls with and without criticality and
 * values.
 */
START_TEST(encode_entry_bytes)
{
	static const ber_int_t ids[] = { 0, 1, 127, 128, 255, 256, 32767,
	    32768, 65535, 65536, 8388607, 8388608, 2147483647 };
	static const size_t lens[] = { 0, 1, 127, 128, 255, 256, 65535,
	    65536, 70000 };
	struct berval out, ref, vals[9], nv;
	struct attr a[3], *attrs[3], *many[70];
	struct pdu_control ctrls[2];
	char *big;
	size_t i, k, nctrls;
	int typesonly;

	big = malloc(70000);
	ck_assert_ptr_nonnull(big);
	memset(big, 'v', 70000);
	for (i = 0; i < 9; i++) {
		vals[i].bv_val = big;
		vals[i].bv_len = lens[i];
	}
	nv.bv_val = "x";
	nv.bv_len = 1;
	attr_init(&a[0], "description", vals, 9);
	attr_init(&a[1], "cn", &nv, 1);
	attr_init(&a[2], "member", NULL, 0);
	for (i = 0; i < 3; i++)
		attrs[i] = &a[i];
	memset(ctrls, 0, sizeof(ctrls));
	ctrls[0].c_oid.bv_val = "2.16.840.1.113730.3.4.7";
	ctrls[0].c_oid.bv_len = strlen(ctrls[0].c_oid.bv_val);
	ctrls[0].c_has_value = 1;
	ctrls[0].c_value.bv_val = big;
	ctrls[0].c_value.bv_len = 200;
	ctrls[1].c_oid.bv_val = "1.2.3";
	ctrls[1].c_oid.bv_len = 5;
	ctrls[1].c_critical = 1;
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		for (typesonly = 0; typesonly <= 1; typesonly++)
			for (nctrls = 0; nctrls <= 2; nctrls++)
				for (k = 0; k <= 3; k++) {
					ck_assert_int_eq(pdu_encode_entry(&out,
					    ids[i], "uid=X,ou=People,dc=racf,"
					    "dc=com", (const struct attr *const
					    *)attrs, k, typesonly, ctrls,
					    nctrls), 0);
					reference_entry(&ref, ids[i],
					    "uid=X,ou=People,dc=racf,dc=com",
					    attrs, k, typesonly, ctrls, nctrls);
					ck_assert_uint_eq(out.bv_len,
					    ref.bv_len);
					ck_assert_int_eq(memcmp(out.bv_val,
					    ref.bv_val, ref.bv_len), 0);
					ber_memfree(out.bv_val);
					ber_memfree(ref.bv_val);
				}
	ck_assert_int_eq(pdu_encode_entry(&out, -1, "", NULL, 0, 0, NULL, 0),
	    -1);
	ck_assert_ptr_null(out.bv_val);
	/* More attributes than the encoder measures on its stack. */
	for (i = 0; i < 70; i++)
		many[i] = &a[i % 3];
	ck_assert_int_eq(pdu_encode_entry(&out, 9, "cn=x", (const struct attr
	    *const *)many, 70, 0, ctrls, 1), 0);
	reference_entry(&ref, 9, "cn=x", many, 70, 0, ctrls, 1);
	ck_assert_uint_eq(out.bv_len, ref.bv_len);
	ck_assert_int_eq(memcmp(out.bv_val, ref.bv_val, ref.bv_len), 0);
	ber_memfree(out.bv_val);
	ber_memfree(ref.bv_val);
	free(big);
}
END_TEST

/*
 * Control and extended operation values.
 */

START_TEST(paged_round_trip)
{
	struct berval	 out, cookie, got;
	ber_int_t	 size;

	cookie.bv_val = "\x00\x01\xffmore";
	cookie.bv_len = 7;
	ck_assert_int_eq(pdu_paged_encode(&out, 100, &cookie), 0);
	ck_assert_int_eq(pdu_paged_decode(&out, &size, &got), 0);
	ck_assert_int_eq(size, 100);
	ck_assert_uint_eq(got.bv_len, 7);
	ck_assert_mem_eq(got.bv_val, cookie.bv_val, 7);
	ber_memfree(out.bv_val);

	ck_assert_int_eq(pdu_paged_encode(&out, 0, NULL), 0);
	ck_assert_int_eq(pdu_paged_decode(&out, &size, &got), 0);
	ck_assert_int_eq(size, 0);
	ck_assert_uint_eq(got.bv_len, 0);
	ber_memfree(out.bv_val);
}
END_TEST

static int
paged_decodes(const char *value)
{
	struct berval	 bv, cookie;
	ber_int_t	 size;
	int		 rc;

	hex(value, &bv);
	rc = pdu_paged_decode(&bv, &size, &cookie);
	free(bv.bv_val);
	return rc;
}

START_TEST(paged_bad_values)
{
	ck_assert_int_eq(paged_decodes("30(02 01 0a 04())"), 0);
	ck_assert_int_eq(pdu_paged_decode(NULL, NULL, NULL), -1);
	ck_assert_int_eq(paged_decodes("30(02 01 ff 04())"), -1);
	ck_assert_int_eq(paged_decodes("30(02 01 0a)"), -1);
	ck_assert_int_eq(paged_decodes("30(04() 02 01 0a)"), -1);
	ck_assert_int_eq(paged_decodes("30(02 01 0a 04() 04())"), -1);
	ck_assert_int_eq(paged_decodes("30(02 01 0a 04()) 00"), -1);
	ck_assert_int_eq(paged_decodes("31(02 01 0a 04())"), -1);
	ck_assert_int_eq(paged_decodes("30 05 02 01 0a 04"), -1);
}
END_TEST

/* Every combination of present fields, each with a distinct value. */
START_TEST(passwd_combinations)
{
	static const char *const names[3] = { "uid=jdoe", "old", "new" };
	struct berval	 value, f[3], *got[3];
	BerElement	*ber;
	int		 i;

	got[0] = &f[0];
	got[1] = &f[1];
	got[2] = &f[2];
	ber = ber_alloc_t(LBER_USE_DER);
	ck_assert_int_ne(ber_printf(ber, "{"), -1);
	for (i = 0; i < 3; i++)
		if (_i & (1 << i))
			ck_assert_int_ne(ber_printf(ber, "ts",
			    (ber_tag_t)(0x80 + i), names[i]), -1);
	ck_assert_int_ne(ber_printf(ber, "}"), -1);
	ck_assert_int_eq(ber_flatten2(ber, &value, 0), 0);
	ck_assert_int_eq(pdu_passwd_decode(&value, got[0], got[1], got[2]),
	    0);
	for (i = 0; i < 3; i++) {
		if (_i & (1 << i))
			bv_is(got[i], names[i]);
		else
			ck_assert_ptr_null(got[i]->bv_val);
	}
	ber_free(ber, 1);
}
END_TEST

static int
passwd_decodes(const char *value)
{
	struct berval	 bv, a, b, c;
	int		 rc;

	hex(value, &bv);
	rc = pdu_passwd_decode(&bv, &a, &b, &c);
	if (rc == -1)
		ck_assert(a.bv_val == NULL && b.bv_val == NULL &&
		    c.bv_val == NULL);
	free(bv.bv_val);
	return rc;
}

START_TEST(passwd_bad_values)
{
	ck_assert_int_eq(passwd_decodes("30(80() 82('x'))"), 0);
	ck_assert_int_eq(passwd_decodes("30(82('x') 80('y'))"), -1);
	ck_assert_int_eq(passwd_decodes("30(80('x') 80('y'))"), -1);
	ck_assert_int_eq(passwd_decodes("30(83('x'))"), -1);
	ck_assert_int_eq(passwd_decodes("30(04('x'))"), -1);
	ck_assert_int_eq(passwd_decodes("30(80('x')) 00"), -1);
	ck_assert_int_eq(passwd_decodes("04('x')"), -1);
	ck_assert_int_eq(passwd_decodes("30 03 80 05 'x'"), -1);
	ck_assert_int_eq(passwd_decodes(""), -1);
}
END_TEST

START_TEST(passwd_encode)
{
	struct berval	 out, pw, got;
	BerElement	*ber;
	ber_tag_t	 tag;

	ck_assert_int_eq(pdu_passwd_encode(&out, NULL), 0);
	ck_assert_ptr_null(out.bv_val);
	ck_assert_uint_eq(out.bv_len, 0);

	pw.bv_val = "Gen3rated";
	pw.bv_len = 9;
	ck_assert_int_eq(pdu_passwd_encode(&out, &pw), 0);
	ber = reader(&out);
	ck_assert_uint_ne(ber_scanf(ber, "{tm}", &tag, &got), LBER_ERROR);
	ck_assert_uint_eq(tag, LDAP_TAG_EXOP_MODIFY_PASSWD_GEN);
	bv_is(&got, "Gen3rated");
	ber_free(ber, 1);
	memset(out.bv_val, 0, out.bv_len);
	ber_memfree(out.bv_val);
}
END_TEST

START_TEST(names_and_helpers)
{
	struct berval	 bv;

	ck_assert_uint_eq(pdu_response_tag(LDAP_REQ_BIND), LDAP_RES_BIND);
	ck_assert_uint_eq(pdu_response_tag(LDAP_REQ_SEARCH),
	    LDAP_RES_SEARCH_RESULT);
	ck_assert_uint_eq(pdu_response_tag(LDAP_REQ_MODIFY), LDAP_RES_MODIFY);
	ck_assert_uint_eq(pdu_response_tag(LDAP_REQ_ADD), LDAP_RES_ADD);
	ck_assert_uint_eq(pdu_response_tag(LDAP_REQ_DELETE), LDAP_RES_DELETE);
	ck_assert_uint_eq(pdu_response_tag(LDAP_REQ_MODDN), LDAP_RES_MODDN);
	ck_assert_uint_eq(pdu_response_tag(LDAP_REQ_COMPARE),
	    LDAP_RES_COMPARE);
	ck_assert_uint_eq(pdu_response_tag(LDAP_REQ_EXTENDED),
	    LDAP_RES_EXTENDED);
	ck_assert_uint_eq(pdu_response_tag(LDAP_REQ_UNBIND), 0);
	ck_assert_uint_eq(pdu_response_tag(LDAP_REQ_ABANDON), 0);
	ck_assert_uint_eq(pdu_response_tag(0x99), 0);
	ck_assert_str_eq(pdu_op_name(LDAP_REQ_SEARCH), "search");
	ck_assert_str_eq(pdu_op_name(LDAP_REQ_MODDN), "modrdn");
	ck_assert_str_eq(pdu_op_name(LDAP_REQ_ABANDON), "abandon");
	ck_assert_str_eq(pdu_op_name(0x99), "unknown");

	bv.bv_val = "cN";
	bv.bv_len = 2;
	ck_assert(pdu_bv_eq(&bv, "cN"));
	ck_assert(!pdu_bv_eq(&bv, "cn"));
	ck_assert(!pdu_bv_eq(&bv, "cNx"));
	ck_assert(pdu_bv_caseeq(&bv, "CN"));
	ck_assert(!pdu_bv_caseeq(&bv, "c"));
	bv.bv_val = "c\0";
	ck_assert(!pdu_bv_caseeq(&bv, "c"));
	bv.bv_val = NULL;
	bv.bv_len = 0;
	ck_assert(pdu_bv_eq(&bv, ""));
	ck_assert(pdu_bv_caseeq(&bv, ""));
}
END_TEST

static Suite *
pdu_suite(void)
{
	Suite	*s = suite_create("pdu");
	TCase	*tc;

	tc = tcase_create("frame");
	tcase_add_test(tc, frame_needs_more);
	tcase_add_loop_test(tc, frame_every_capture, 0, NCAPTURED);
	tcase_add_test(tc, frame_two_pdus);
	tcase_add_test(tc, frame_errors);
	tcase_add_test(tc, frame_long_forms);
	suite_add_tcase(s, tc);

	tc = tcase_create("captured");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, captured_bind_simple);
	tcase_add_test(tc, captured_bind_anonymous);
	tcase_add_test(tc, captured_bind_sasl);
	tcase_add_test(tc, captured_unbind_delete_abandon);
	tcase_add_test(tc, captured_search);
	tcase_add_test(tc, captured_search_paged);
	tcase_add_test(tc, captured_search_controls);
	tcase_add_test(tc, captured_modify);
	tcase_add_test(tc, captured_add);
	tcase_add_test(tc, captured_compare_modrdn);
	tcase_add_test(tc, captured_extended);
	suite_add_tcase(s, tc);

	tc = tcase_create("malformed");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, truncated_everywhere, 0, NCAPTURED);
	tcase_add_loop_test(tc, mutated_everywhere, 0, NCAPTURED);
	tcase_add_test(tc, bad_framing);
	tcase_add_test(tc, bad_message_id);
	tcase_add_test(tc, bad_protocol_op);
	tcase_add_test(tc, bad_bind);
	tcase_add_test(tc, bad_search);
	tcase_add_test(tc, bad_updates);
	tcase_add_test(tc, bad_controls);
	tcase_add_test(tc, good_controls);
	tcase_add_test(tc, over_limits);
	tcase_add_test(tc, at_limits);
	tcase_add_test(tc, filter_over_limits);
	tcase_add_test(tc, malformed_is_not_a_limit);
	tcase_add_test(tc, non_minimal_integers);
	tcase_add_test(tc, clear_is_idempotent);
	suite_add_tcase(s, tc);

	tc = tcase_create("encode");
	tcase_add_test(tc, encode_result_bytes);
	tcase_add_test(tc, encode_result_every_tag);
	tcase_add_test(tc, encode_bind_sasl);
	tcase_add_test(tc, encode_extended_and_notice);
	tcase_add_test(tc, encode_intermediate);
	tcase_add_test(tc, encode_entry);
	tcase_add_test(tc, encode_entry_bytes);
	suite_add_tcase(s, tc);

	tc = tcase_create("values");
	tcase_add_test(tc, paged_round_trip);
	tcase_add_test(tc, paged_bad_values);
	tcase_add_loop_test(tc, passwd_combinations, 0, 8);
	tcase_add_test(tc, passwd_bad_values);
	tcase_add_test(tc, passwd_encode);
	tcase_add_test(tc, names_and_helpers);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(pdu_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
