/*
 * entry.c - LDAP entries: a DN and a list of attributes, each with its
 * values in the order they were added.
 *
 * Entries are small (tens of attributes) and built once per LIST output,
 * so attributes live in a growing array searched linearly: cheaper than
 * any index at that size, and it keeps the order the backend chose.
 * Strings and value arrays come from the entry's arena (entry.h).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gateway/entry.h"
#include "gateway/schema.h"
#include "log.h"
#include "xmalloc.h"

/*
 * The arena: blocks of at least ENTRY_MEM_BLOCK bytes, bump-allocated,
 * freed together.  A request larger than a block gets a block of its
 * own.
 */
#define ENTRY_MEM_BLOCK	4096
#define ENTRY_MEM_ALIGN	(sizeof(void *) * 2)

struct entry_mem {
	struct entry_mem	*em_next;
	size_t			 em_used;
	size_t			 em_size;
	_Alignas(ENTRY_MEM_ALIGN) char em_data[];
};

static void *
entry_alloc(struct entry *e, size_t n)
{
	struct entry_mem *m = e->e_mem;
	size_t size;
	void *p;

	n = (n + ENTRY_MEM_ALIGN - 1) & ~(ENTRY_MEM_ALIGN - 1);
	if (m == NULL || m->em_size - m->em_used < n) {
		size = n > ENTRY_MEM_BLOCK ? n : ENTRY_MEM_BLOCK;
		m = xmalloc(sizeof(*m) + size);
		m->em_used = 0;
		m->em_size = size;
		m->em_next = e->e_mem;
		e->e_mem = m;
	}
	p = m->em_data + m->em_used;
	m->em_used += n;
	return p;
}

static char *
entry_strndup(struct entry *e, const char *s, size_t len)
{
	char *p = entry_alloc(e, len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

struct entry *
entry_new(const char *dn)
{
	struct entry *e;

	e = xcalloc(1, sizeof(*e));
	e->e_dn = entry_strndup(e, dn, strlen(dn));
	return e;
}

void
entry_free(struct entry *e)
{
	struct entry_mem *m;

	if (e == NULL)
		return;
	while ((m = e->e_mem) != NULL) {
		e->e_mem = m->em_next;
		free(m);
	}
	free(e->e_attrs);
	free(e);
}

/* Does attribute a answer to description desc?  Options never match. */
static int
entry_attr_is(const struct attr *a, const char *desc)
{
	if (strchr(desc, ';') != NULL)
		return 0;
	if (strcasecmp(a->a_name, desc) == 0)
		return 1;
	return a->a_at != NULL && schema_at_is_named(a->a_at, desc);
}

struct attr *
entry_find(const struct entry *e, const char *desc)
{
	size_t i;

	for (i = 0; i < e->e_nattrs; i++)
		if (entry_attr_is(&e->e_attrs[i], desc))
			return &e->e_attrs[i];
	return NULL;
}

struct attr *
entry_find_at(const struct entry *e, const struct schema_at *at)
{
	size_t i;

	for (i = 0; i < e->e_nattrs; i++)
		if (e->e_attrs[i].a_at == at)
			return &e->e_attrs[i];
	return NULL;
}

struct attr *
entry_attr(struct entry *e, const char *name, const struct schema_at *at)
{
	struct attr *a;
	size_t i;

	for (i = 0; i < e->e_nattrs; i++) {
		a = &e->e_attrs[i];
		if (at != NULL ? a->a_at == at :
		    a->a_at == NULL && strcasecmp(a->a_name, name) == 0)
			return a;
	}
	return entry_new_attr(e, name, at);
}

struct attr *
entry_new_attr(struct entry *e, const char *name, const struct schema_at *at)
{
	struct attr *a;

	if (e->e_nattrs == e->e_cap) {
		e->e_cap = e->e_cap == 0 ? 16 : e->e_cap * 2;
		e->e_attrs = xreallocarray(e->e_attrs, e->e_cap,
		    sizeof(*e->e_attrs));
	}
	a = &e->e_attrs[e->e_nattrs++];
	memset(a, 0, sizeof(*a));
	/* The schema outlives the entry: its name needs no copy. */
	if (at != NULL && at->at_nnames > 0)
		a->a_name = (char *)at->at_names[0];
	else
		a->a_name = entry_strndup(e, name, strlen(name));
	a->a_at = at;
	return a;
}

/* Room for one more value; a full array moves to a larger piece of the
   arena (the old piece stays there: at most as much again). */
static void
entry_grow_values(struct entry *e, struct attr *a)
{
	struct berval *v;
	size_t cap;

	if (a->a_nvals < a->a_cap)
		return;
	cap = a->a_cap == 0 ? 2 : a->a_cap * 2;
	if (cap > SIZE_MAX / sizeof(*v))
		fatalx("entry %s: too many values of %s", e->e_dn, a->a_name);
	v = entry_alloc(e, cap * sizeof(*v));
	if (a->a_nvals > 0)
		memcpy(v, a->a_vals, a->a_nvals * sizeof(*v));
	a->a_vals = v;
	a->a_cap = cap;
}

void
entry_add_value(struct entry *e, struct attr *a, const char *val, size_t len)
{
	struct berval *bv;

	entry_grow_values(e, a);
	bv = &a->a_vals[a->a_nvals++];
	bv->bv_val = entry_strndup(e, val, len);
	bv->bv_len = len;
}

void
entry_add(struct entry *e, const char *name, const struct schema_at *at,
    const char *val, size_t len)
{
	entry_add_value(e, entry_attr(e, name, at), val, len);
}

void
entry_add_str(struct entry *e, const char *name, const struct schema_at *at,
    const char *val)
{
	entry_add(e, name, at, val, strlen(val));
}

void
entry_remove(struct entry *e, const char *desc)
{
	struct attr *a;
	size_t i;

	if ((a = entry_find(e, desc)) == NULL)
		return;
	i = a - e->e_attrs;
	/* Keep the order of the others: clients see attributes as added. */
	memmove(&e->e_attrs[i], &e->e_attrs[i + 1],
	    (e->e_nattrs - i - 1) * sizeof(*e->e_attrs));
	e->e_nattrs--;
}

int
attr_remove_value(struct attr *a, const struct berval *bv)
{
	size_t i;

	for (i = 0; i < a->a_nvals; i++) {
		if (a->a_vals[i].bv_len == bv->bv_len &&
		    memcmp(a->a_vals[i].bv_val, bv->bv_val, bv->bv_len) == 0)
			break;
	}
	if (i == a->a_nvals)
		return -1;
	memmove(&a->a_vals[i], &a->a_vals[i + 1],
	    (a->a_nvals - i - 1) * sizeof(*a->a_vals));
	a->a_nvals--;
	return 0;
}
