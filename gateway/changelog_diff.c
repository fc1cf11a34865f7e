/*
 * changelog_diff.c - a modify record's changes as what differs between
 * two states of an entry (changelog.h: changelog_ldif_diff).
 *
 * A state is the LDIF body of an add record as changelog_event_ldif()
 * writes it: one "name: value" or "name:: base64" line per value, never
 * folded, the values of one attribute on consecutive lines.  Two states
 * are compared attribute by attribute as text: an attribute whose lines
 * differ in any way (values, their order) is replaced with its new
 * lines, one that is gone is deleted, one that did not change is left
 * out.  Comparing text needs no schema: the gateway wrote both states
 * from entries it read the same way.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "xmalloc.h"
#include "gateway/changelog.h"

/* The lines of one attribute in a state. */
struct ldif_block {
	const char	*lb_name;	/* its first line */
	size_t		 lb_namelen;
	const char	*lb_text;	/* all its lines, newlines included */
	size_t		 lb_len;
};

struct ldif_blocks {
	struct ldif_block	*lb_v;
	size_t			 lb_n;
};

/* The attribute name of the line at p: up to its first colon. */
static size_t
ldif_name_len(const char *p, const char *end)
{
	const char *c = memchr(p, ':', (size_t)(end - p));

	return c != NULL ? (size_t)(c - p) : (size_t)(end - p);
}

static void
ldif_blocks_split(const char *s, struct ldif_blocks *bs)
{
	const char *p = s, *eol, *end = s + strlen(s);
	struct ldif_block *b = NULL;
	size_t namelen;

	bs->lb_v = NULL;
	bs->lb_n = 0;
	while (p < end) {
		eol = memchr(p, '\n', (size_t)(end - p));
		eol = eol != NULL ? eol + 1 : end;
		namelen = ldif_name_len(p, eol);
		if (b == NULL || b->lb_namelen != namelen ||
		    strncasecmp(b->lb_name, p, namelen) != 0) {
			bs->lb_v = xreallocarray(bs->lb_v, bs->lb_n + 1,
			    sizeof(*bs->lb_v));
			b = &bs->lb_v[bs->lb_n++];
			b->lb_name = p;
			b->lb_namelen = namelen;
			b->lb_text = p;
			b->lb_len = 0;
		}
		b->lb_len += (size_t)(eol - p);
		p = eol;
	}
}

static const struct ldif_block *
ldif_blocks_find(const struct ldif_blocks *bs, const struct ldif_block *b)
{
	size_t i;

	for (i = 0; i < bs->lb_n; i++)
		if (bs->lb_v[i].lb_namelen == b->lb_namelen &&
		    strncasecmp(bs->lb_v[i].lb_name, b->lb_name,
		    b->lb_namelen) == 0)
			return &bs->lb_v[i];
	return NULL;
}

/* The next line of a block at *p (up to end): its part after the name. */
static int
ldif_block_line(const char **p, const char *end, const char **val,
    size_t *vlen)
{
	const char *eol;

	if (*p >= end)
		return 0;
	eol = memchr(*p, '\n', (size_t)(end - *p));
	eol = eol != NULL ? eol : end;
	*val = *p + ldif_name_len(*p, eol);
	*vlen = (size_t)(eol - *val);
	*p = eol < end ? eol + 1 : end;
	return 1;
}

/* The same values in the same order (names may differ in case). */
static int
ldif_block_same(const struct ldif_block *a, const struct ldif_block *b)
{
	const char *pa = a->lb_text, *pb = b->lb_text;
	const char *ea = pa + a->lb_len, *eb = pb + b->lb_len;
	const char *va, *vb;
	size_t la, lb;
	int more_a, more_b;

	for (;;) {
		more_a = ldif_block_line(&pa, ea, &va, &la);
		more_b = ldif_block_line(&pb, eb, &vb, &lb);
		if (!more_a || !more_b)
			return more_a == more_b;
		if (la != lb || memcmp(va, vb, la) != 0)
			return 0;
	}
}

/* Append n bytes of s to the growing string *out of *len bytes. */
static void
ldif_put(char **out, size_t *len, const char *s, size_t n)
{
	*out = xreallocarray(*out, *len + n + 1, 1);
	memcpy(*out + *len, s, n);
	*len += n;
	(*out)[*len] = '\0';
}

/* "op: name\n", then the lines (if any), then "-\n". */
static void
ldif_put_change(char **out, size_t *len, const char *op,
    const struct ldif_block *b, const char *lines, size_t nlines)
{
	ldif_put(out, len, op, strlen(op));
	ldif_put(out, len, b->lb_name, b->lb_namelen);
	ldif_put(out, len, "\n", 1);
	if (nlines > 0)
		ldif_put(out, len, lines, nlines);
	if (nlines > 0 && lines[nlines - 1] != '\n')
		ldif_put(out, len, "\n", 1);	/* the state's last line */
	ldif_put(out, len, "-\n", 2);
}

char *
changelog_ldif_diff(const char *before, const char *after)
{
	struct ldif_blocks old, new;
	const struct ldif_block *o;
	char *out = xstrdup("");
	size_t i, len = 0;

	ldif_blocks_split(before, &old);
	ldif_blocks_split(after, &new);
	for (i = 0; i < new.lb_n; i++) {
		o = ldif_blocks_find(&old, &new.lb_v[i]);
		if (o == NULL || !ldif_block_same(o, &new.lb_v[i]))
			ldif_put_change(&out, &len, "replace: ", &new.lb_v[i],
			    new.lb_v[i].lb_text, new.lb_v[i].lb_len);
	}
	for (i = 0; i < old.lb_n; i++)
		if (ldif_blocks_find(&new, &old.lb_v[i]) == NULL)
			ldif_put_change(&out, &len, "delete: ", &old.lb_v[i],
			    NULL, 0);
	free(old.lb_v);
	free(new.lb_v);
	return out;
}
