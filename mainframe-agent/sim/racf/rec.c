/*
 * rec.c - the compact record form of profiles, connections and options.
 *
 * The form is every simulator's (sim/common/recbuf.h): a version byte,
 * fixed-width integers, length-prefixed strings, checked on reading.
 * 100,000 users list fast because a user is a few hundred bytes and
 * decodes without a parser.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

#include "mainframe-agent/sim/common/recbuf.h"

#include "store.h"

#define REC_VERSION	1

static void
w_hash(struct recw *w, const struct pwhash *h)
{
	recw_uint(w, h->ph_iter, 4);
	if (h->ph_iter != 0) {
		recw_bytes(w, h->ph_salt, sizeof(h->ph_salt));
		recw_bytes(w, h->ph_hash, sizeof(h->ph_hash));
	}
}

static void
r_hash(struct recr *r, struct pwhash *h)
{
	memset(h, 0, sizeof(*h));
	h->ph_iter = recr_uint(r, 4);
	if (h->ph_iter != 0) {
		recr_bytes(r, h->ph_salt, sizeof(h->ph_salt));
		recr_bytes(r, h->ph_hash, sizeof(h->ph_hash));
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
	struct recw w = { NULL, 0, 0 };
	size_t s, f;

	recw_uint(&w, REC_VERSION, 1);
	recw_str(&w, u->ru_name);
	recw_str(&w, u->ru_owner);
	recw_str(&w, u->ru_dfltgrp);
	recw_str(&w, u->ru_data);
	recw_uint(&w, u->ru_flags, 4);
	recw_uint(&w, (uint64_t)u->ru_created, 8);
	recw_uint(&w, (uint64_t)u->ru_passdate, 8);
	recw_uint(&w, (uint64_t)u->ru_phrasedate, 8);
	recw_uint(&w, (uint64_t)u->ru_lastaccess, 8);
	recw_uint(&w, (uint64_t)u->ru_revokedate, 8);
	recw_uint(&w, (uint64_t)u->ru_resumedate, 8);
	recw_uint(&w, u->ru_interval, 2);
	recw_uint(&w, u->ru_failures, 2);
	w_hash(&w, &u->ru_pw);
	w_hash(&w, &u->ru_phrase);
	for (s = 0; s < USEG__MAX; s++) {
		recw_uint(&w, u->ru_seg[s].rs_present, 1);
		if (!u->ru_seg[s].rs_present)
			continue;
		for (f = 0; f < SEG_FIELDS; f++)
			recw_str(&w, u->ru_seg[s].rs_f[f]);
	}
	*len = w.w_len;
	return w.w_b;
}

/* u->ru_id is the key and is set by the caller. */
int
rec_user_decode(const void *p, size_t len, struct ruser *u)
{
	struct recr r = { p, (const uint8_t *)p + len, 0 };
	size_t s, f;

	if (recr_uint(&r, 1) != REC_VERSION)
		return -1;
	recr_str(&r, u->ru_name, sizeof(u->ru_name));
	recr_str(&r, u->ru_owner, sizeof(u->ru_owner));
	recr_str(&r, u->ru_dfltgrp, sizeof(u->ru_dfltgrp));
	recr_str(&r, u->ru_data, sizeof(u->ru_data));
	u->ru_flags = recr_uint(&r, 4);
	u->ru_created = (int64_t)recr_uint(&r, 8);
	u->ru_passdate = (int64_t)recr_uint(&r, 8);
	u->ru_phrasedate = (int64_t)recr_uint(&r, 8);
	u->ru_lastaccess = (int64_t)recr_uint(&r, 8);
	u->ru_revokedate = (int64_t)recr_uint(&r, 8);
	u->ru_resumedate = (int64_t)recr_uint(&r, 8);
	u->ru_interval = recr_uint(&r, 2);
	u->ru_failures = recr_uint(&r, 2);
	r_hash(&r, &u->ru_pw);
	r_hash(&r, &u->ru_phrase);
	for (s = 0; s < USEG__MAX && !r.r_bad; s++) {
		u->ru_seg[s].rs_present = recr_uint(&r, 1);
		for (f = 0; f < SEG_FIELDS; f++)
			u->ru_seg[s].rs_f[f] = u->ru_seg[s].rs_present ?
			    recr_strdup(&r) : NULL;
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
	struct recw w = { NULL, 0, 0 };

	recw_uint(&w, REC_VERSION, 1);
	recw_str(&w, g->rg_supgroup);
	recw_str(&w, g->rg_owner);
	recw_str(&w, g->rg_data);
	recw_uint(&w, (uint64_t)g->rg_created, 8);
	recw_uint(&w, g->rg_omvs, 1);
	recw_str(&w, g->rg_gid);
	*len = w.w_len;
	return w.w_b;
}

int
rec_group_decode(const void *p, size_t len, struct rgroup *g)
{
	struct recr r = { p, (const uint8_t *)p + len, 0 };

	if (recr_uint(&r, 1) != REC_VERSION)
		return -1;
	recr_str(&r, g->rg_supgroup, sizeof(g->rg_supgroup));
	recr_str(&r, g->rg_owner, sizeof(g->rg_owner));
	recr_str(&r, g->rg_data, sizeof(g->rg_data));
	g->rg_created = (int64_t)recr_uint(&r, 8);
	g->rg_omvs = recr_uint(&r, 1);
	recr_str(&r, g->rg_gid, sizeof(g->rg_gid));
	return r.r_bad ? -1 : 0;
}

void *
rec_conn_encode(const struct rconn *c, size_t *len)
{
	struct recw w = { NULL, 0, 0 };

	recw_uint(&w, REC_VERSION, 1);
	recw_uint(&w, c->rc_auth, 1);
	recw_str(&w, c->rc_owner);
	recw_str(&w, c->rc_uacc);
	recw_uint(&w, c->rc_flags, 4);
	recw_uint(&w, c->rc_count, 4);
	recw_uint(&w, (uint64_t)c->rc_created, 8);
	recw_uint(&w, (uint64_t)c->rc_lastconnect, 8);
	recw_uint(&w, (uint64_t)c->rc_revokedate, 8);
	recw_uint(&w, (uint64_t)c->rc_resumedate, 8);
	*len = w.w_len;
	return w.w_b;
}

/* rc_user and rc_group come from the key and are set by the caller. */
int
rec_conn_decode(const void *p, size_t len, struct rconn *c)
{
	struct recr r = { p, (const uint8_t *)p + len, 0 };

	if (recr_uint(&r, 1) != REC_VERSION)
		return -1;
	c->rc_auth = recr_uint(&r, 1);
	recr_str(&r, c->rc_owner, sizeof(c->rc_owner));
	recr_str(&r, c->rc_uacc, sizeof(c->rc_uacc));
	c->rc_flags = recr_uint(&r, 4);
	c->rc_count = recr_uint(&r, 4);
	c->rc_created = (int64_t)recr_uint(&r, 8);
	c->rc_lastconnect = (int64_t)recr_uint(&r, 8);
	c->rc_revokedate = (int64_t)recr_uint(&r, 8);
	c->rc_resumedate = (int64_t)recr_uint(&r, 8);
	return r.r_bad || c->rc_auth > AUTH_JOIN ? -1 : 0;
}

void *
rec_setr_encode(const struct rsetr *o, size_t *len)
{
	struct recw w = { NULL, 0, 0 };

	recw_uint(&w, REC_VERSION, 1);
	recw_uint(&w, o->rs_revoke, 2);
	recw_uint(&w, o->rs_interval, 2);
	recw_uint(&w, o->rs_mixedcase, 1);
	*len = w.w_len;
	return w.w_b;
}

int
rec_setr_decode(const void *p, size_t len, struct rsetr *o)
{
	struct recr r = { p, (const uint8_t *)p + len, 0 };

	if (recr_uint(&r, 1) != REC_VERSION)
		return -1;
	o->rs_revoke = recr_uint(&r, 2);
	o->rs_interval = recr_uint(&r, 2);
	o->rs_mixedcase = recr_uint(&r, 1);
	return r.r_bad ? -1 : 0;
}
