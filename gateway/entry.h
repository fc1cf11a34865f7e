/*
 * entry.h - an LDAP entry as the gateway builds, evaluates and sends it.
 *
 * Backends build entries from native output (through their schema map);
 * filters are evaluated against them and the search operation encodes
 * them.  An entry owns everything it points to except a_at, which is
 * borrowed from the schema the entry was built against (the schema
 * outlives every entry built with it).
 */
#ifndef ESM_ENTRY_H
#define ESM_ENTRY_H

#include <stddef.h>

#include <lber.h>

struct schema_at;

/*
 * The names, values and value arrays of an entry live in the entry's
 * own arena (e_mem), freed with it: building an entry of forty values
 * costs a few allocations instead of a hundred, which is most of what a
 * full reconciliation of 100,000 users spends.  Memory of a removed
 * value stays until the entry is freed.
 */
struct attr {
	char			*a_name;	/* name as sent: in the arena,
						   or a_at's first name */
	const struct schema_at	*a_at;		/* borrowed; NULL: unknown */
	struct berval		*a_vals;	/* in the arena; each bv_val
						   NUL-terminated */
	size_t			 a_nvals;
	size_t			 a_cap;
};

struct entry_mem;

struct entry {
	char		*e_dn;		/* in the arena, as sent */
	struct attr	*e_attrs;	/* owned */
	size_t		 e_nattrs;
	size_t		 e_cap;
	struct entry_mem *e_mem;	/* owned: the arena */
};

struct entry	*entry_new(const char *dn);
void		 entry_free(struct entry *);

/*
 * Find an attribute by description: its a_name, or any name or the OID
 * of its a_at, case-insensitively.  Options (";binary") are not
 * supported and never match.
 */
struct attr	*entry_find(const struct entry *, const char *desc);
/* The attribute of exactly that type (no name comparison), or NULL. */
struct attr	*entry_find_at(const struct entry *, const struct schema_at *);
/* The attribute of that type, or a new empty one named by at's first name
   (or name when at is NULL), appended. */
struct attr	*entry_attr(struct entry *, const char *name,
		    const struct schema_at *at);
/* A new empty attribute, appended without looking for one of the type:
   for builders that add each type once. */
struct attr	*entry_new_attr(struct entry *, const char *name,
		    const struct schema_at *at);
/* A copy of val (len bytes, then a NUL) as the last value of a, an
   attribute of e. */
void		 entry_add_value(struct entry *, struct attr *a,
		    const char *val, size_t len);
/* entry_attr() then entry_add_value(). */
void		 entry_add(struct entry *, const char *name,
		    const struct schema_at *at, const char *val, size_t len);
/* entry_add() of a NUL-terminated string. */
void		 entry_add_str(struct entry *, const char *name,
		    const struct schema_at *at, const char *val);
/* Remove the attribute (all values); no-op when absent. */
void		 entry_remove(struct entry *, const char *desc);
/* Remove one value by exact bytes; returns 0, or -1 when absent. */
int		 attr_remove_value(struct attr *, const struct berval *);

#endif
