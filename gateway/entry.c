/*
 * entry.c - LDAP entries: a DN and a list of attributes, each with its
 * values in the order they were added.
 *
 * Entries are small (tens of attributes) and built once per LIST output,
 * so attributes live in a growing array searched linearly: cheaper than
 * any index at that size, and it keeps the order the backend chose.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gateway/entry.h"
#include "gateway/schema.h"
#include "xmalloc.h"

struct entry *
entry_new(const char *dn)
{
	struct entry *e;

	e = xcalloc(1, sizeof(*e));
	e->e_dn = xstrdup(dn);
	return e;
}

static void
attr_clear(struct attr *a)
{
	size_t i;

	for (i = 0; i < a->a_nvals; i++)
		free(a->a_vals[i].bv_val);
	free(a->a_vals);
	free(a->a_name);
	memset(a, 0, sizeof(*a));
}

void
entry_free(struct entry *e)
{
	size_t i;

	if (e == NULL)
		return;
	for (i = 0; i < e->e_nattrs; i++)
		attr_clear(&e->e_attrs[i]);
	free(e->e_attrs);
	free(e->e_dn);
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
	if (e->e_nattrs == e->e_cap) {
		e->e_cap = e->e_cap == 0 ? 8 : e->e_cap * 2;
		e->e_attrs = xreallocarray(e->e_attrs, e->e_cap,
		    sizeof(*e->e_attrs));
	}
	a = &e->e_attrs[e->e_nattrs++];
	memset(a, 0, sizeof(*a));
	if (at != NULL && at->at_nnames > 0)
		a->a_name = xstrdup(at->at_names[0]);
	else
		a->a_name = xstrdup(name);
	a->a_at = at;
	return a;
}

void
attr_add_value(struct attr *a, const char *val, size_t len)
{
	struct berval *bv;

	if (a->a_nvals == a->a_cap) {
		a->a_cap = a->a_cap == 0 ? 4 : a->a_cap * 2;
		a->a_vals = xreallocarray(a->a_vals, a->a_cap,
		    sizeof(*a->a_vals));
	}
	bv = &a->a_vals[a->a_nvals++];
	bv->bv_val = xmalloc(len + 1);
	memcpy(bv->bv_val, val, len);
	bv->bv_val[len] = '\0';
	bv->bv_len = len;
}

void
entry_add_str(struct entry *e, const char *name, const struct schema_at *at,
    const char *val)
{
	attr_add_value(entry_attr(e, name, at), val, strlen(val));
}

void
entry_remove(struct entry *e, const char *desc)
{
	struct attr *a;
	size_t i;

	if ((a = entry_find(e, desc)) == NULL)
		return;
	i = a - e->e_attrs;
	attr_clear(a);
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
	free(a->a_vals[i].bv_val);
	memmove(&a->a_vals[i], &a->a_vals[i + 1],
	    (a->a_nvals - i - 1) * sizeof(*a->a_vals));
	a->a_nvals--;
	return 0;
}
