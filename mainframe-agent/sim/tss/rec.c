/*
 * rec.c - the compact record form of ACIDs and permissions.
 *
 * The form is every simulator's (sim/common/recbuf.h).  The text fields
 * follow as (field number, string) pairs, so a later release can add
 * fields that an older record simply lacks.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

#include "mainframe-agent/sim/common/recbuf.h"

#include "store.h"

#define REC_VERSION	1

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
	struct recw w = { NULL, 0, 0 };
	size_t i, n = 0;

	recw_uint(&w, REC_VERSION, 1);
	recw_uint(&w, a->ta_type, 1);
	recw_str(&w, a->ta_name);
	recw_str(&w, a->ta_owner);
	recw_uint(&w, a->ta_flags, 4);
	recw_uint(&w, (uint64_t)a->ta_created, 8);
	recw_uint(&w, (uint64_t)a->ta_lastmod, 8);
	recw_uint(&w, (uint64_t)a->ta_lastused, 8);
	recw_uint(&w, (uint64_t)a->ta_passdate, 8);
	recw_uint(&w, (uint64_t)a->ta_suspdate, 8);
	recw_uint(&w, a->ta_interval, 2);
	recw_uint(&w, a->ta_failures, 2);
	recw_uint(&w, a->ta_count, 4);
	recw_uint(&w, a->ta_pw.ph_iter, 4);
	if (a->ta_pw.ph_iter != 0) {
		recw_bytes(&w, a->ta_pw.ph_salt, sizeof(a->ta_pw.ph_salt));
		recw_bytes(&w, a->ta_pw.ph_hash, sizeof(a->ta_pw.ph_hash));
	}
	for (i = 0; i < TF__MAX; i++)
		if (a->ta_f[i] != NULL)
			n++;
	recw_uint(&w, n, 1);
	for (i = 0; i < TF__MAX; i++)
		if (a->ta_f[i] != NULL) {
			recw_uint(&w, i, 1);
			recw_str(&w, a->ta_f[i]);
		}
	*len = w.w_len;
	return w.w_b;
}

/* a->ta_id is set by the caller (it is the key). */
int
trec_acid_decode(const void *p, size_t len, struct tacid *a)
{
	struct recr r = { p, (const uint8_t *)p + len, 0 };
	size_t i, n, f;
	char *s;

	if (recr_uint(&r, 1) != REC_VERSION)
		return -1;
	a->ta_type = (enum tss_type)recr_uint(&r, 1);
	recr_str(&r, a->ta_name, sizeof(a->ta_name));
	recr_str(&r, a->ta_owner, sizeof(a->ta_owner));
	a->ta_flags = (uint32_t)recr_uint(&r, 4);
	a->ta_created = (int64_t)recr_uint(&r, 8);
	a->ta_lastmod = (int64_t)recr_uint(&r, 8);
	a->ta_lastused = (int64_t)recr_uint(&r, 8);
	a->ta_passdate = (int64_t)recr_uint(&r, 8);
	a->ta_suspdate = (int64_t)recr_uint(&r, 8);
	a->ta_interval = (uint16_t)recr_uint(&r, 2);
	a->ta_failures = (uint16_t)recr_uint(&r, 2);
	a->ta_count = (uint32_t)recr_uint(&r, 4);
	a->ta_pw.ph_iter = (uint32_t)recr_uint(&r, 4);
	if (a->ta_pw.ph_iter != 0) {
		recr_bytes(&r, a->ta_pw.ph_salt, sizeof(a->ta_pw.ph_salt));
		recr_bytes(&r, a->ta_pw.ph_hash, sizeof(a->ta_pw.ph_hash));
	}
	n = recr_uint(&r, 1);
	for (i = 0; i < n && !r.r_bad; i++) {
		f = recr_uint(&r, 1);
		s = recr_strdup(&r);
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
	struct recw w = { NULL, 0, 0 };

	recw_uint(&w, REC_VERSION, 1);
	recw_str(&w, p->tp_access);
	recw_uint(&w, (uint64_t)p->tp_date, 8);
	recw_str(&w, p->tp_by);
	*len = w.w_len;
	return w.w_b;
}

int
trec_perm_decode(const void *v, size_t len, struct tperm *p)
{
	struct recr r = { v, (const uint8_t *)v + len, 0 };

	if (recr_uint(&r, 1) != REC_VERSION)
		return -1;
	recr_str(&r, p->tp_access, sizeof(p->tp_access));
	p->tp_date = (int64_t)recr_uint(&r, 8);
	recr_str(&r, p->tp_by, sizeof(p->tp_by));
	return r.r_bad ? -1 : 0;
}
