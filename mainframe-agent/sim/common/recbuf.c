/*
 * recbuf.c - writing and reading records (recbuf.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

#include "mainframe-agent/sim/common/recbuf.h"

void
recw_bytes(struct recw *w, const void *p, size_t n)
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

void
recw_uint(struct recw *w, uint64_t v, size_t n)
{
	uint8_t b[8];
	size_t i;

	for (i = 0; i < n && i < sizeof(b); i++)
		b[i] = (uint8_t)(v >> (8 * i));
	recw_bytes(w, b, i);
}

void
recw_str(struct recw *w, const char *s)
{
	size_t n = s == NULL ? 0 : strlen(s);

	recw_uint(w, n, 2);
	recw_bytes(w, s, n);
}

uint64_t
recr_uint(struct recr *r, size_t n)
{
	uint64_t v = 0;
	size_t i;

	if (n > sizeof(v) || (size_t)(r->r_end - r->r_p) < n) {
		r->r_bad = 1;
		return 0;
	}
	for (i = 0; i < n; i++)
		v |= (uint64_t)r->r_p[i] << (8 * i);
	r->r_p += n;
	return v;
}

void
recr_bytes(struct recr *r, void *p, size_t n)
{
	if ((size_t)(r->r_end - r->r_p) < n) {
		r->r_bad = 1;
		return;
	}
	memcpy(p, r->r_p, n);
	r->r_p += n;
}

void
recr_str(struct recr *r, char *s, size_t sz)
{
	size_t n = recr_uint(r, 2);

	if (r->r_bad || n >= sz || (size_t)(r->r_end - r->r_p) < n) {
		r->r_bad = 1;
		s[0] = '\0';
		return;
	}
	memcpy(s, r->r_p, n);
	s[n] = '\0';
	r->r_p += n;
}

char *
recr_strdup(struct recr *r)
{
	size_t n = recr_uint(r, 2);
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
