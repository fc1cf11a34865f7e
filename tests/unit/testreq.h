/*
 * testreq.h - LDAP requests written as strings and entries read as
 * text, for the tests of every ESM's plans and LIST parsers: "cn: Joe |
 * Jo" is an attribute of two values, "+memberOf: DN" a modification that
 * adds one ("-" deletes, "=" replaces, any other first character is an
 * operation LDAP does not have).  What is built is borrowed until the
 * next call.
 */
#ifndef ESM_TESTREQ_H
#define ESM_TESTREQ_H

#include <stddef.h>

struct entry;
struct esm_plan;
struct pdu_attr;
struct pdu_mod;

#define TESTREQ_MAX	40	/* attributes or modifications */
#define TESTREQ_VALS	8	/* values of one */

/* An add's attributes from NULL-ended specs; their count. */
size_t		 testreq_attrs(const char *const *spec, struct pdu_attr **);
/* A modify's modifications from NULL-ended specs; their count. */
size_t		 testreq_mods(const char *const *spec, struct pdu_mod **);
/* One modification of one value of len bytes (which may hold a NUL). */
struct pdu_mod	*testreq_mod1(int op, const char *type, const char *v,
		    size_t len);

/* The i-th value of an attribute (NULL when none), how many it has. */
const char	*testreq_val(const struct entry *, const char *name,
		    size_t i);
size_t		 testreq_nvals(const struct entry *, const char *name);
int		 testreq_has(const struct entry *, const char *name,
		    const char *v);
/* "name: value\n" for each value of the entry but those in skip
   (NULL-ended, may be NULL); malloc'ed. */
char		*testreq_text(const struct entry *, const char *const *skip);

/* The plan holds exactly these commands (NULL-ended), in this order. */
void		 testreq_plan_is(const struct esm_plan *,
		    const char *const *want);

#endif
