/*
 * rec.c - the compact record form of ACIDs and permissions.
 *
 * A version byte first; integers little-endian of fixed width; strings
 * a 16-bit length and their bytes.  The text fields follow as (field
 * number, string) pairs, so a later release can add fields that an
 * older record simply lacks.  Decoding checks every length against the
 * record and the destination: a damaged record is an error, not an
 * overrun.
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
	size_t n = s == NULL ? 0 : strlen(s);

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

	if (r->r_bad || n >= sz || (size_t)(r->r_end - r->r_p) < n) {
		r->r_bad = 1;
		s[0] = '\0';
		return;
	}
	memcpy(s, r->r_p, n);
	s[n] = '\0';
	r->r_p += n;
}

static char *
r_strdup(struct rbuf *r)
{
	size_t n = r_uint(r, 2);
	char *s;

	if (r->r_bad || (size_t)(r->r_end - r->r_p) < n) {
		r->r_bad = 1;
		return NULL;
	}
	if (n == 0)
		return NULL;
	s = xstrndup((const char *)r->r_p, n);
	r->r_p += n;
	return s;
}

void
tacid_free(struct tacid *a)
{
	size_t i;

	for (i = 0; i < TF__MAX; i++) {
		free(a->ta_f[i]);
		a->ta_f[i] = NULL;
	}
}

/* dst becomes an independent copy of src. */
void
tacid_copy(struct tacid *dst, const struct tacid *src)
{
	size_t i;

	*dst = *src;
	for (i = 0; i < TF__MAX; i++)
		if (src->ta_f[i] != NULL)
			dst->ta_f[i] = xstrdup(src->ta_f[i]);
}

void *
trec_acid_encode(const struct tacid *a, size_t *len)
{
	struct wbuf w = { NULL, 0, 0 };
	size_t i, n = 0;

	w_uint(&w, REC_VERSION, 1);
	w_uint(&w, a->ta_type, 1);
	w_str(&w, a->ta_name);
	w_str(&w, a->ta_owner);
	w_uint(&w, a->ta_flags, 4);
	w_uint(&w, (uint64_t)a->ta_created, 8);
	w_uint(&w, (uint64_t)a->ta_lastmod, 8);
	w_uint(&w, (uint64_t)a->ta_lastused, 8);
	w_uint(&w, (uint64_t)a->ta_passdate, 8);
	w_uint(&w, (uint64_t)a->ta_suspdate, 8);
	w_uint(&w, a->ta_interval, 2);
	w_uint(&w, a->ta_failures, 2);
	w_uint(&w, a->ta_count, 4);
	w_uint(&w, a->ta_pw.ph_iter, 4);
	if (a->ta_pw.ph_iter != 0) {
		w_bytes(&w, a->ta_pw.ph_salt, sizeof(a->ta_pw.ph_salt));
		w_bytes(&w, a->ta_pw.ph_hash, sizeof(a->ta_pw.ph_hash));
	}
	for (i = 0; i < TF__MAX; i++)
		if (a->ta_f[i] != NULL)
			n++;
	w_uint(&w, n, 1);
	for (i = 0; i < TF__MAX; i++)
		if (a->ta_f[i] != NULL) {
			w_uint(&w, i, 1);
			w_str(&w, a->ta_f[i]);
		}
	*len = w.w_len;
	return w.w_b;
}

/* a->ta_id is set by the caller (it is the key). */
int
trec_acid_decode(const void *p, size_t len, struct tacid *a)
{
	struct rbuf r = { p, (const uint8_t *)p + len, 0 };
	size_t i, n, f;
	char *s;

	if (r_uint(&r, 1) != REC_VERSION)
		return -1;
	a->ta_type = (enum tss_type)r_uint(&r, 1);
	r_str(&r, a->ta_name, sizeof(a->ta_name));
	r_str(&r, a->ta_owner, sizeof(a->ta_owner));
	a->ta_flags = (uint32_t)r_uint(&r, 4);
	a->ta_created = (int64_t)r_uint(&r, 8);
	a->ta_lastmod = (int64_t)r_uint(&r, 8);
	a->ta_lastused = (int64_t)r_uint(&r, 8);
	a->ta_passdate = (int64_t)r_uint(&r, 8);
	a->ta_suspdate = (int64_t)r_uint(&r, 8);
	a->ta_interval = (uint16_t)r_uint(&r, 2);
	a->ta_failures = (uint16_t)r_uint(&r, 2);
	a->ta_count = (uint32_t)r_uint(&r, 4);
	a->ta_pw.ph_iter = (uint32_t)r_uint(&r, 4);
	if (a->ta_pw.ph_iter != 0) {
		r_bytes(&r, a->ta_pw.ph_salt, sizeof(a->ta_pw.ph_salt));
		r_bytes(&r, a->ta_pw.ph_hash, sizeof(a->ta_pw.ph_hash));
	}
	n = r_uint(&r, 1);
	for (i = 0; i < n && !r.r_bad; i++) {
		f = r_uint(&r, 1);
		s = r_strdup(&r);
		if (f >= TF__MAX || a->ta_f[f] != NULL) {
			free(s);
			r.r_bad = 1;
			break;
		}
		a->ta_f[f] = s;
	}
	if (r.r_bad || a->ta_type >= TT__MAX) {
		tacid_free(a);
		return -1;
	}
	return 0;
}

void *
trec_perm_encode(const struct tperm *p, size_t *len)
{
	struct wbuf w = { NULL, 0, 0 };

	w_uint(&w, REC_VERSION, 1);
	w_str(&w, p->tp_access);
	w_uint(&w, (uint64_t)p->tp_date, 8);
	w_str(&w, p->tp_by);
	*len = w.w_len;
	return w.w_b;
}

int
trec_perm_decode(const void *v, size_t len, struct tperm *p)
{
	struct rbuf r = { v, (const uint8_t *)v + len, 0 };

	if (r_uint(&r, 1) != REC_VERSION)
		return -1;
	r_str(&r, p->tp_access, sizeof(p->tp_access));
	p->tp_date = (int64_t)r_uint(&r, 8);
	r_str(&r, p->tp_by, sizeof(p->tp_by));
	return r.r_bad ? -1 : 0;
}
