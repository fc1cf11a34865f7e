/*
 * testreq.c - requests from strings and entries as text for the plan
 * tests (testreq.h).
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

static struct pdu_attr attrs[TESTREQ_MAX];
static struct pdu_mod mods[TESTREQ_MAX];
static struct berval vals[TESTREQ_MAX][TESTREQ_VALS];
static char store[TESTREQ_MAX][1024];

/* "type: v1 | v2" into slot i: the type, and the values' count. */
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
		if (++n == TESTREQ_VALS || sep == NULL)
			return n;
		p = sep + 3;
	}
}

size_t
testreq_attrs(const char *const *s, struct pdu_attr **out)
{
	size_t i;

	for (i = 0; s[i] != NULL && i < TESTREQ_MAX; i++) {
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

	for (i = 0; s[i] != NULL && i < TESTREQ_MAX; i++) {
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

int
testreq_has(const struct entry *e, const char *name, const char *v)
{
	size_t i;

	for (i = 0; i < testreq_nvals(e, name); i++)
		if (strcmp(testreq_val(e, name, i), v) == 0)
			return 1;
	return 0;
}

static int
testreq_skipped(const char *name, const char *const *skip)
{
	size_t k;

	for (k = 0; skip != NULL && skip[k] != NULL; k++)
		if (strcasecmp(name, skip[k]) == 0)
			return 1;
	return 0;
}

char *
testreq_text(const struct entry *e, const char *const *skip)
{
	char *s = calloc(1, 1), *n;
	size_t i, j;

	for (i = 0; i < e->e_nattrs; i++) {
		if (testreq_skipped(e->e_attrs[i].a_name, skip))
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

void
testreq_plan_is(const struct esm_plan *plan, const char *const *want)
{
	size_t i;

	for (i = 0; want[i] != NULL; i++) {
		ck_assert_msg(i < plan->ep_n, "missing command %s", want[i]);
		ck_assert_str_eq(plan->ep_cmds[i].ec_text, want[i]);
	}
	ck_assert_msg(plan->ep_n == i, "%zu commands, want %zu; next: %s",
	    plan->ep_n, i, plan->ep_n > i ? plan->ep_cmds[i].ec_text : "");
}
