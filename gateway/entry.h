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

struct attr {
	char			*a_name;	/* owned: name as sent */
	const struct schema_at	*a_at;		/* borrowed; NULL: unknown */
	struct berval		*a_vals;	/* owned; each bv_val owned
						   and NUL-terminated */
	size_t			 a_nvals;
	size_t			 a_cap;
};

struct entry {
	char		*e_dn;		/* owned, as sent */
	struct attr	*e_attrs;	/* owned */
	size_t		 e_nattrs;
	size_t		 e_cap;
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
void		 attr_add_value(struct attr *, const char *val, size_t len);
/* entry_attr() then attr_add_value() of a NUL-terminated string. */
void		 entry_add_str(struct entry *, const char *name,
		    const struct schema_at *at, const char *val);
/* Remove the attribute (all values); no-op when absent. */
void		 entry_remove(struct entry *, const char *desc);
/* Remove one value by exact bytes; returns 0, or -1 when absent. */
int		 attr_remove_value(struct attr *, const struct berval *);

#endif
