/*
 * rec.c - the compact record form of logonid records, rule sets and
 * GSO records.
 *
 * Every record starts with a version byte.  Integers are little-endian
 * of fixed width; strings are a 16-bit length and their bytes.  Each
 * array of fields is preceded by its count, so a record written with
 * fewer fields (an older layout) still reads, the missing ones unset.
 * Decoding checks every length against the record and the destination:
 * a damaged record is an error, not an overrun.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

#include "store.h"

#define REC_VERSION	1

struct wbuf {
	uint8_t		*w_b;
	size_t		 w_len;
	size_t		 w_cap;
};

struct rbuf {
	const uint8_t	*r_p;
	const uint8_t	*r_end;
	int		 r_bad;
};

static void
w_bytes(struct wbuf *w, const void *p, size_t n)
{
	if (n == 0)
		return;
	if (w->w_len + n > w->w_cap) {
		w->w_cap = (w->w_len + n) * 2 + 64;
		w->w_b = xreallocarray(w->w_b, 1, w->w_cap);
	}
	memcpy(w->w_b + w->w_len, p, n);
	w->w_len += n;
}

static void
w_uint(struct wbuf *w, uint64_t v, size_t n)
{
	uint8_t b[8];
	size_t i;

	for (i = 0; i < n; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	w_bytes(w, b, n);
}

static void
w_str(struct wbuf *w, const char *s)
{
	size_t n = strlen(s);

	w_uint(w, n, 2);
	w_bytes(w, s, n);
}

static uint64_t
r_uint(struct rbuf *r, size_t n)
{
	uint64_t v = 0;
	size_t i;

	if ((size_t)(r->r_end - r->r_p) < n) {
		r->r_bad = 1;
		return 0;
	}
	for (i = 0; i < n; i++)
		v |= (uint64_t)r->r_p[i] << (8 * i);
	r->r_p += n;
	return v;
}

static void
r_bytes(struct rbuf *r, void *p, size_t n)
{
	if ((size_t)(r->r_end - r->r_p) < n) {
		r->r_bad = 1;
		return;
	}
	memcpy(p, r->r_p, n);
	r->r_p += n;
}

static void
r_str(struct rbuf *r, char *s, size_t sz)
{
	size_t n = r_uint(r, 2);

	s[0] = '\0';
	if (r->r_bad || n >= sz || (size_t)(r->r_end - r->r_p) < n) {
		r->r_bad = 1;
		return;
	}
	memcpy(s, r->r_p, n);
	s[n] = '\0';
	r->r_p += n;
}

void *
arec_lid_encode(const struct lidrec *lr, size_t *len)
{
	struct wbuf w = { NULL, 0, 0 };
	size_t i;

	w_uint(&w, REC_VERSION, 1);
	w_str(&w, lr->lr_name);
	w_uint(&w, lr->lr_flags, 8);
	w_uint(&w, FN__MAX, 1);
	for (i = 0; i < FN__MAX; i++)
		w_uint(&w, lr->lr_num[i], 4);
	w_uint(&w, FT__MAX, 1);
	for (i = 0; i < FT__MAX; i++)
		w_uint(&w, (uint64_t)lr->lr_time[i], 8);
	w_uint(&w, FS_STR__MAX, 1);
	for (i = 0; i < FS_STR__MAX; i++)
		w_str(&w, lr->lr_str[i]);
	w_uint(&w, lr->lr_pw.ph_iter, 4);
	if (lr->lr_pw.ph_iter != 0) {
		w_bytes(&w, lr->lr_pw.ph_salt, sizeof(lr->lr_pw.ph_salt));
		w_bytes(&w, lr->lr_pw.ph_hash, sizeof(lr->lr_pw.ph_hash));
	}
	*len = w.w_len;
	return w.w_b;
}

/* lr->lr_lid is the key and is set by the caller. */
int
arec_lid_decode(const void *p, size_t len, struct lidrec *lr)
{
	struct rbuf r = { p, (const uint8_t *)p + len, 0 };
	size_t i, n;

	if (r_uint(&r, 1) != REC_VERSION)
		return -1;
	r_str(&r, lr->lr_name, sizeof(lr->lr_name));
	lr->lr_flags = r_uint(&r, 8);
	if ((n = r_uint(&r, 1)) > FN__MAX)
		return -1;
	for (i = 0; i < n; i++)
		lr->lr_num[i] = (uint32_t)r_uint(&r, 4);
	if ((n = r_uint(&r, 1)) > FT__MAX)
		return -1;
	for (i = 0; i < n; i++)
		lr->lr_time[i] = (int64_t)r_uint(&r, 8);
	if ((n = r_uint(&r, 1)) > FS_STR__MAX)
		return -1;
	for (i = 0; i < n; i++)
		r_str(&r, lr->lr_str[i], sizeof(lr->lr_str[i]));
	lr->lr_pw.ph_iter = (uint32_t)r_uint(&r, 4);
	if (lr->lr_pw.ph_iter != 0) {
		r_bytes(&r, lr->lr_pw.ph_salt, sizeof(lr->lr_pw.ph_salt));
		r_bytes(&r, lr->lr_pw.ph_hash, sizeof(lr->lr_pw.ph_hash));
	}
	return r.r_bad ? -1 : 0;
}

void
aruleset_free(struct ruleset *rs)
{
	size_t i;

	for (i = 0; i < rs->rs_n; i++)
		free(rs->rs_entry[i]);
	rs->rs_n = 0;
}

void *
arec_rule_encode(const struct ruleset *rs, size_t *len)
{
	struct wbuf w = { NULL, 0, 0 };
	size_t i;

	w_uint(&w, REC_VERSION, 1);
	w_str(&w, rs->rs_by);
	w_uint(&w, (uint64_t)rs->rs_when, 8);
	w_uint(&w, rs->rs_n, 2);
	for (i = 0; i < rs->rs_n; i++)
		w_str(&w, rs->rs_entry[i]);
	*len = w.w_len;
	return w.w_b;
}

/* rs_type and rs_key come from the key and are set by the caller. */
int
arec_rule_decode(const void *p, size_t len, struct ruleset *rs)
{
	struct rbuf r = { p, (const uint8_t *)p + len, 0 };
	char buf[RULE_TEXT_MAX * 2 + 1];
	size_t i, n;

	if (r_uint(&r, 1) != REC_VERSION)
		return -1;
	r_str(&r, rs->rs_by, sizeof(rs->rs_by));
	rs->rs_when = (int64_t)r_uint(&r, 8);
	if ((n = r_uint(&r, 2)) > RULE_ENTRY_MAX)
		return -1;
	for (i = 0; i < n && !r.r_bad; i++) {
		r_str(&r, buf, sizeof(buf));
		rs->rs_entry[rs->rs_n++] = xstrdup(buf);
	}
	if (r.r_bad) {
		aruleset_free(rs);
		return -1;
	}
	return 0;
}

void *
arec_gso_encode(const struct agso_pswd *g, size_t *len)
{
	struct wbuf w = { NULL, 0, 0 };

	w_uint(&w, REC_VERSION, 1);
	w_uint(&w, g->gp_maxtry, 2);
	w_uint(&w, g->gp_minpswd, 2);
	*len = w.w_len;
	return w.w_b;
}

int
arec_gso_decode(const void *p, size_t len, struct agso_pswd *g)
{
	struct rbuf r = { p, (const uint8_t *)p + len, 0 };

	if (r_uint(&r, 1) != REC_VERSION)
		return -1;
	g->gp_maxtry = (uint16_t)r_uint(&r, 2);
	g->gp_minpswd = (uint16_t)r_uint(&r, 2);
	return r.r_bad ? -1 : 0;
}
