/*
 * testreq.c - LDAP requests from short strings, expected plans, and
 * entries as text, for the tests of command plans (testreq.h).
 */
#include "config.h"

#include <check.h>
#include <ldap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "backends/plan.h"
#include "gateway/entry.h"
#include "gateway/pdu.h"

#include "testreq.h"

#define MAXA	48
#define MAXV	8

static struct pdu_attr attrs[MAXA];
static struct pdu_mod mods[MAXA];
static struct berval vals[MAXA][MAXV];
static char store[MAXA][1024];

/* "type: v1 | v2" into slot i; returns the number of values. */
static size_t
testreq_spec(size_t i, const char *s, struct berval *type)
{
	char *p, *sep;
	size_t n = 0;

	snprintf(store[i], sizeof(store[i]), "%s", s);
	p = strchr(store[i], ':');
	ck_assert_ptr_nonnull(p);
	*p++ = '\0';
	type->bv_val = store[i];
	type->bv_len = strlen(store[i]);
	if (*p++ == '\0')
		return 0;
	for (;;) {
		if ((sep = strstr(p, " | ")) != NULL)
			*sep = '\0';
		vals[i][n].bv_val = p;
		vals[i][n].bv_len = strlen(p);
		if (++n == MAXV || sep == NULL)
			return n;
		p = sep + 3;
	}
}

size_t
testreq_attrs(const char *const *s, struct pdu_attr **out)
{
	size_t i;

	for (i = 0; s[i] != NULL; i++) {
		ck_assert_uint_lt(i, MAXA);
		attrs[i].pa_nvals = testreq_spec(i, s[i], &attrs[i].pa_type);
		attrs[i].pa_vals = vals[i];
	}
	*out = attrs;
	return i;
}

size_t
testreq_mods(const char *const *s, struct pdu_mod **out)
{
	size_t i;

	for (i = 0; s[i] != NULL; i++) {
		ck_assert_uint_lt(i, MAXA);
		mods[i].pm_op = s[i][0] == '+' ? LDAP_MOD_ADD : s[i][0] == '-' ?
		    LDAP_MOD_DELETE : s[i][0] == '=' ? LDAP_MOD_REPLACE :
		    LDAP_MOD_INCREMENT;
		mods[i].pm_nvals = testreq_spec(i, s[i] + 1, &mods[i].pm_type);
		mods[i].pm_vals = vals[i];
	}
	*out = mods;
	return i;
}

struct pdu_mod *
testreq_mod1(int op, const char *type, const char *v, size_t len)
{
	mods[0].pm_op = op;
	mods[0].pm_type.bv_val = (char *)type;
	mods[0].pm_type.bv_len = strlen(type);
	vals[0][0].bv_val = (char *)v;
	vals[0][0].bv_len = len;
	mods[0].pm_vals = vals[0];
	mods[0].pm_nvals = 1;
	return mods;
}

void
testreq_plan_is(const struct esm_plan *pl, const char *const *want)
{
	size_t i;

	for (i = 0; want[i] != NULL; i++) {
		ck_assert_msg(i < pl->ep_n, "missing command %s", want[i]);
		ck_assert_str_eq(pl->ep_cmds[i].ec_text, want[i]);
	}
	ck_assert_uint_eq(pl->ep_n, i);
}

const char *
testreq_val(const struct entry *e, const char *name, size_t i)
{
	struct attr *a = entry_find(e, name);

	return a == NULL || i >= a->a_nvals ? NULL : a->a_vals[i].bv_val;
}

size_t
testreq_nvals(const struct entry *e, const char *name)
{
	struct attr *a = entry_find(e, name);

	return a == NULL ? 0 : a->a_nvals;
}

/* Is name one of skip's "a|b|" names? */
static int
testreq_skipped(const char *skip, const char *name)
{
	size_t n = strlen(name);
	const char *p;

	for (p = skip; *p != '\0'; p += strcspn(p, "|") + (p[strcspn(p,
	    "|")] == '|'))
		if (strcspn(p, "|") == n && strncasecmp(p, name, n) == 0)
			return 1;
	return 0;
}

char *
testreq_dump(const struct entry *e, const char *skip)
{
	char *s = calloc(1, 1), *n;
	size_t i, j;

	for (i = 0; i < e->e_nattrs; i++) {
		if (testreq_skipped(skip, e->e_attrs[i].a_name))
			continue;
		for (j = 0; j < e->e_attrs[i].a_nvals; j++) {
			if (asprintf(&n, "%s%s: %s\n", s, e->e_attrs[i].a_name,
			    e->e_attrs[i].a_vals[j].bv_val) == -1)
				abort();
			free(s);
			s = n;
		}
	}
	return s;
}
