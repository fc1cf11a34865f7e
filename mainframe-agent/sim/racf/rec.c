/*
 * rec.c - the compact record form of profiles, connections and options.
 *
 * Every record starts with a version byte so a later layout can read an
 * older one.  Integers are little-endian of fixed width; strings are a
 * 16-bit length and their bytes.  Decoding checks every length against
 * the record and the destination, so a damaged record is an error, not
 * an overrun.  100,000 users list fast because a user is a few hundred
 * bytes and decodes without a parser.
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
		return;		/* p may be NULL for an empty field */
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

/* A string into a fixed buffer of size sz. */
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

/* A string the record owns; NULL when empty. */
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

static void
w_hash(struct wbuf *w, const struct pwhash *h)
{
	w_uint(w, h->ph_iter, 4);
	if (h->ph_iter != 0) {
		w_bytes(w, h->ph_salt, sizeof(h->ph_salt));
		w_bytes(w, h->ph_hash, sizeof(h->ph_hash));
	}
}

static void
r_hash(struct rbuf *r, struct pwhash *h)
{
	memset(h, 0, sizeof(*h));
	h->ph_iter = r_uint(r, 4);
	if (h->ph_iter != 0) {
		r_bytes(r, h->ph_salt, sizeof(h->ph_salt));
		r_bytes(r, h->ph_hash, sizeof(h->ph_hash));
	}
}

void
ruser_free(struct ruser *u)
{
	size_t s, f;

	for (s = 0; s < USEG__MAX; s++)
		for (f = 0; f < SEG_FIELDS; f++) {
			free(u->ru_seg[s].rs_f[f]);
			u->ru_seg[s].rs_f[f] = NULL;
		}
}

/* A deep copy into dst (which holds nothing owned). */
int
ruser_copy(struct ruser *dst, const struct ruser *src)
{
	size_t s, f;

	memcpy(dst, src, sizeof(*dst));
	for (s = 0; s < USEG__MAX; s++)
		for (f = 0; f < SEG_FIELDS; f++)
			if (src->ru_seg[s].rs_f[f] != NULL)
				dst->ru_seg[s].rs_f[f] =
				    xstrdup(src->ru_seg[s].rs_f[f]);
	return 0;
}

void *
rec_user_encode(const struct ruser *u, size_t *len)
{
	struct wbuf w = { NULL, 0, 0 };
	size_t s, f;

	w_uint(&w, REC_VERSION, 1);
	w_str(&w, u->ru_name);
	w_str(&w, u->ru_owner);
	w_str(&w, u->ru_dfltgrp);
	w_str(&w, u->ru_data);
	w_uint(&w, u->ru_flags, 4);
	w_uint(&w, (uint64_t)u->ru_created, 8);
	w_uint(&w, (uint64_t)u->ru_passdate, 8);
	w_uint(&w, (uint64_t)u->ru_phrasedate, 8);
	w_uint(&w, (uint64_t)u->ru_lastaccess, 8);
	w_uint(&w, (uint64_t)u->ru_revokedate, 8);
	w_uint(&w, (uint64_t)u->ru_resumedate, 8);
	w_uint(&w, u->ru_interval, 2);
	w_uint(&w, u->ru_failures, 2);
	w_hash(&w, &u->ru_pw);
	w_hash(&w, &u->ru_phrase);
	for (s = 0; s < USEG__MAX; s++) {
		w_uint(&w, u->ru_seg[s].rs_present, 1);
		if (!u->ru_seg[s].rs_present)
			continue;
		for (f = 0; f < SEG_FIELDS; f++)
			w_str(&w, u->ru_seg[s].rs_f[f]);
	}
	*len = w.w_len;
	return w.w_b;
}

/* u->ru_id is the key and is set by the caller. */
int
rec_user_decode(const void *p, size_t len, struct ruser *u)
{
	struct rbuf r = { p, (const uint8_t *)p + len, 0 };
	size_t s, f;

	if (r_uint(&r, 1) != REC_VERSION)
		return -1;
	r_str(&r, u->ru_name, sizeof(u->ru_name));
	r_str(&r, u->ru_owner, sizeof(u->ru_owner));
	r_str(&r, u->ru_dfltgrp, sizeof(u->ru_dfltgrp));
	r_str(&r, u->ru_data, sizeof(u->ru_data));
	u->ru_flags = r_uint(&r, 4);
	u->ru_created = (int64_t)r_uint(&r, 8);
	u->ru_passdate = (int64_t)r_uint(&r, 8);
	u->ru_phrasedate = (int64_t)r_uint(&r, 8);
	u->ru_lastaccess = (int64_t)r_uint(&r, 8);
	u->ru_revokedate = (int64_t)r_uint(&r, 8);
	u->ru_resumedate = (int64_t)r_uint(&r, 8);
	u->ru_interval = r_uint(&r, 2);
	u->ru_failures = r_uint(&r, 2);
	r_hash(&r, &u->ru_pw);
	r_hash(&r, &u->ru_phrase);
	for (s = 0; s < USEG__MAX && !r.r_bad; s++) {
		u->ru_seg[s].rs_present = r_uint(&r, 1);
		for (f = 0; f < SEG_FIELDS; f++)
			u->ru_seg[s].rs_f[f] = u->ru_seg[s].rs_present ?
			    r_strdup(&r) : NULL;
	}
	if (r.r_bad) {
		ruser_free(u);
		return -1;
	}
	return 0;
}

void *
rec_group_encode(const struct rgroup *g, size_t *len)
{
	struct wbuf w = { NULL, 0, 0 };

	w_uint(&w, REC_VERSION, 1);
	w_str(&w, g->rg_supgroup);
	w_str(&w, g->rg_owner);
	w_str(&w, g->rg_data);
	w_uint(&w, (uint64_t)g->rg_created, 8);
	w_uint(&w, g->rg_omvs, 1);
	w_str(&w, g->rg_gid);
	*len = w.w_len;
	return w.w_b;
}

int
rec_group_decode(const void *p, size_t len, struct rgroup *g)
{
	struct rbuf r = { p, (const uint8_t *)p + len, 0 };

	if (r_uint(&r, 1) != REC_VERSION)
		return -1;
	r_str(&r, g->rg_supgroup, sizeof(g->rg_supgroup));
	r_str(&r, g->rg_owner, sizeof(g->rg_owner));
	r_str(&r, g->rg_data, sizeof(g->rg_data));
	g->rg_created = (int64_t)r_uint(&r, 8);
	g->rg_omvs = r_uint(&r, 1);
	r_str(&r, g->rg_gid, sizeof(g->rg_gid));
	return r.r_bad ? -1 : 0;
}

void *
rec_conn_encode(const struct rconn *c, size_t *len)
{
	struct wbuf w = { NULL, 0, 0 };

	w_uint(&w, REC_VERSION, 1);
	w_uint(&w, c->rc_auth, 1);
	w_str(&w, c->rc_owner);
	w_str(&w, c->rc_uacc);
	w_uint(&w, c->rc_flags, 4);
	w_uint(&w, c->rc_count, 4);
	w_uint(&w, (uint64_t)c->rc_created, 8);
	w_uint(&w, (uint64_t)c->rc_lastconnect, 8);
	w_uint(&w, (uint64_t)c->rc_revokedate, 8);
	w_uint(&w, (uint64_t)c->rc_resumedate, 8);
	*len = w.w_len;
	return w.w_b;
}

/* rc_user and rc_group come from the key and are set by the caller. */
int
rec_conn_decode(const void *p, size_t len, struct rconn *c)
{
	struct rbuf r = { p, (const uint8_t *)p + len, 0 };

	if (r_uint(&r, 1) != REC_VERSION)
		return -1;
	c->rc_auth = r_uint(&r, 1);
	r_str(&r, c->rc_owner, sizeof(c->rc_owner));
	r_str(&r, c->rc_uacc, sizeof(c->rc_uacc));
	c->rc_flags = r_uint(&r, 4);
	c->rc_count = r_uint(&r, 4);
	c->rc_created = (int64_t)r_uint(&r, 8);
	c->rc_lastconnect = (int64_t)r_uint(&r, 8);
	c->rc_revokedate = (int64_t)r_uint(&r, 8);
	c->rc_resumedate = (int64_t)r_uint(&r, 8);
	return r.r_bad || c->rc_auth > AUTH_JOIN ? -1 : 0;
}

void *
rec_setr_encode(const struct rsetr *o, size_t *len)
{
	struct wbuf w = { NULL, 0, 0 };

	w_uint(&w, REC_VERSION, 1);
	w_uint(&w, o->rs_revoke, 2);
	w_uint(&w, o->rs_interval, 2);
	w_uint(&w, o->rs_mixedcase, 1);
	*len = w.w_len;
	return w.w_b;
}

int
rec_setr_decode(const void *p, size_t len, struct rsetr *o)
{
	struct rbuf r = { p, (const uint8_t *)p + len, 0 };

	if (r_uint(&r, 1) != REC_VERSION)
		return -1;
	o->rs_revoke = r_uint(&r, 2);
	o->rs_interval = r_uint(&r, 2);
	o->rs_mixedcase = r_uint(&r, 1);
	return r.r_bad ? -1 : 0;
}
