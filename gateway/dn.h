/*
 * dn.h - distinguished names (RFC 4514): parse, normalise, compare.
 *
 * A parsed DN keeps each AVA's type as written and its value unescaped.
 * The normalised string form is what the gateway compares and routes by:
 * attribute types become the schema's primary name in lower case (OIDs
 * of known types too), values are normalised by the type's equality rule
 * (caseIgnoreMatch folds case and squeezes spaces), multi-valued RDNs
 * are sorted, and values are re-escaped minimally, with no spaces around
 * separators.  Two DNs name the same entry iff their normalised forms are
 * equal byte for byte.  Types the schema does not know keep their
 * spelling, lower-cased, and their values compare as caseIgnore strings.
 *
 * Example: "CN=John  Smith+UID=JS , OU=People,DC=Example,DC=COM"
 * normalises to "cn=john smith+uid=js,ou=people,dc=example,dc=com".
 */
#ifndef ESM_DN_H
#define ESM_DN_H

#include <stddef.h>

#include <lber.h>

struct schema;
struct schema_at;

struct dn_ava {
	char			*da_type;	/* owned, as written */
	const struct schema_at	*da_at;		/* borrowed; NULL unknown */
	struct berval		 da_value;	/* owned, unescaped, NUL-
						   terminated */
};

struct dn_rdn {
	struct dn_ava	*dr_avas;	/* owned */
	size_t		 dr_navas;
};

struct dn {
	struct dn_rdn	*dn_rdns;	/* owned; [0] is the leftmost RDN */
	size_t		 dn_nrdns;	/* 0 for the root DSE's "" */
};

/*
 * Parse s (len bytes, need not be NUL-terminated).  Returns 0, or -1 with
 * a reason (invalidDNSyntax) in *why.  Values must be valid UTF-8; types
 * must be a descriptor or numeric OID; "#hex" values are decoded.
 * With a schema, each AVA's type is resolved (unknown types are kept with
 * da_at NULL and compared as caseIgnore strings), and a value must fit
 * its type's equality rule (dc is IA5: "dc=caf\C3\A9" is refused).
 * Spaces around ',', '+' and '=' are accepted and dropped.
 */
int	dn_parse(const char *s, size_t len, const struct schema *,
	    struct dn **out, const char **why);
void	dn_free(struct dn *);

/* Normalised string (malloc'ed). */
char	*dn_normalize(const struct dn *);
/* Parse and normalise in one step; -1 with *why as dn_parse. */
int	dn_normalize_str(const char *s, size_t len, const struct schema *,
	    char **ndn, const char **why);
/* RFC 4514 string form as parsed (types as written, values escaped). */
char	*dn_format(const struct dn *);

/*
 * Relations between normalised DNs.  dn_is_within: ndn equals nbase or
 * lies below it.  dn_depth_below: how many RDNs ndn has below nbase
 * (0 = the same entry), or -1 when it is not within it.
 */
int	dn_is_within(const char *ndn, const char *nbase);
int	dn_depth_below(const char *ndn, const char *nbase);

/* Escape a value for use in a DN string (malloc'ed). */
char	*dn_escape_value(const char *val, size_t len);
/* The same into out, which has room for len * 3 + 1 bytes; returns the
   length written (a NUL follows). */
size_t	 dn_escape_value_into(const char *val, size_t len, char *out);

#endif
