/*
 * testreq.h - what the tests of command plans share: LDAP add and
 * modify requests written as short strings, the plan they expect, and
 * entries read back as text.  Compiled into each test that uses it.
 *
 * Requests: "type: v1 | v2" is an attribute of an add; a modify item
 * starts with + (add), - (delete) or = (replace) ("-type:" without
 * values deletes the attribute), any other first character an unknown
 * operation.  The parsed requests live in static storage until the next
 * call.
 */
#ifndef ESM_TESTREQ_H
#define ESM_TESTREQ_H

#include <stddef.h>

struct entry;
struct esm_plan;
struct pdu_attr;
struct pdu_mod;

/* The attributes of an add; *out points into static storage. */
size_t		 testreq_attrs(const char *const *spec, struct pdu_attr **out);
/* The items of a modify; *out points into static storage. */
size_t		 testreq_mods(const char *const *spec, struct pdu_mod **out);
/* One modify item with one value of len bytes (NULs and all). */
struct pdu_mod	*testreq_mod1(int op, const char *type, const char *v,
		    size_t len);
/* The plan holds exactly these commands, in this order. */
void		 testreq_plan_is(const struct esm_plan *,
		    const char *const *want);
/* Value i of an attribute, or NULL; the number of values. */
const char	*testreq_val(const struct entry *, const char *name, size_t i);
size_t		 testreq_nvals(const struct entry *, const char *name);
/*
 * The entry as "name: value" lines, leaving out the attributes skip
 * names ("a|b|", any case); malloc'ed.
 */
char		*testreq_dump(const struct entry *, const char *skip);

#endif
