/*
 * schema.h - the LDAP schema registry: syntaxes, matching rules,
 * attribute types and object classes.
 *
 * Syntaxes and the standard matching rules of RFC 4517 are built in (the
 * code that implements a matching rule has to exist, so its definition
 * lives beside it in match.c).  Attribute types and object classes are
 * loaded from the *.schema files in schema/, written in RFC 4512 description
 * syntax, one definition per "attributetype ( ... )" or
 * "objectclass ( ... )" statement, in OpenLDAP's .schema format so the
 * same files also load into slapd.  Errors name file:line.
 *
 * cn=Subschema publishes the definitions as loaded (the *_def strings,
 * normalised to one line).
 */
#ifndef ESM_SCHEMA_H
#define ESM_SCHEMA_H

#include <stddef.h>

#include <lber.h>

enum schema_usage {
	SCHEMA_USER_APPLICATIONS = 0,
	SCHEMA_DIRECTORY_OPERATION,
	SCHEMA_DISTRIBUTED_OPERATION,
	SCHEMA_DSA_OPERATION,
};

enum schema_oc_kind {
	SCHEMA_OC_STRUCTURAL = 0,
	SCHEMA_OC_ABSTRACT,
	SCHEMA_OC_AUXILIARY,
};

struct schema_syntax {
	char		*sx_oid;
	char		*sx_desc;
	char		*sx_def;	/* "( oid DESC '...' )" */
	int		 sx_binary;	/* X-NOT-HUMAN-READABLE: bytes,
					   not UTF-8 */
};

/* How a matching rule compares; match.c implements each. */
struct schema_mr {
	char		*mr_oid;
	char		*mr_name;	/* e.g. "caseIgnoreMatch" */
	const struct schema_syntax *mr_syntax;	/* of the assertion */
	int		 mr_impl;	/* match.c's id */
	char		*mr_def;
	/* borrowed: the registry holding this rule, so that DN and OID
	   values can resolve attribute and class names while matching */
	const struct schema *mr_schema;
};

struct schema_at {
	char		*at_oid;
	char		**at_names;	/* at_nnames >= 0; first is primary */
	size_t		 at_nnames;
	char		*at_desc;
	const struct schema_at	*at_sup;
	const struct schema_mr	*at_eq;		/* inherited from SUP when */
	const struct schema_mr	*at_ord;	/* absent here; NULL: none */
	const struct schema_mr	*at_sub;
	const struct schema_syntax *at_syntax;	/* inherited likewise */
	unsigned int	 at_len;	/* {n} bound after the syntax; 0 none */
	int		 at_single;
	int		 at_no_user_mod;
	int		 at_obsolete;
	enum schema_usage at_usage;
	char		*at_def;
};

struct schema_oc {
	char		*oc_oid;
	char		**oc_names;
	size_t		 oc_nnames;
	char		*oc_desc;
	const struct schema_oc	**oc_sup;
	size_t		 oc_nsup;
	enum schema_oc_kind oc_kind;
	const struct schema_at	**oc_must;
	size_t		 oc_nmust;
	const struct schema_at	**oc_may;
	size_t		 oc_nmay;
	char		*oc_def;
};

struct schema;

/* A registry holding the built-in syntaxes and matching rules only. */
struct schema	*schema_new(void);
void		 schema_free(struct schema *);
/* Load one file; 0, or -1 with "file:line: reason" in err. */
int		 schema_load_file(struct schema *, const char *path,
		    char *err, size_t errlen);
/* Load every *.schema file of dir in name order (core.schema first). */
int		 schema_load_dir(struct schema *, const char *dir,
		    char *err, size_t errlen);

/* Lookups by any name (case-insensitive) or numeric OID; NULL if none. */
const struct schema_at	*schema_find_at(const struct schema *,
			    const char *name);
const struct schema_at	*schema_find_at_len(const struct schema *,
			    const char *name, size_t len);
const struct schema_oc	*schema_find_oc(const struct schema *,
			    const char *name);
const struct schema_mr	*schema_find_mr(const struct schema *,
			    const char *name);
const struct schema_syntax *schema_find_syntax(const struct schema *,
			    const char *oid);

/* Iteration for cn=Subschema, in load order. */
size_t	schema_count_at(const struct schema *);
const struct schema_at	*schema_at_index(const struct schema *, size_t);
size_t	schema_count_oc(const struct schema *);
const struct schema_oc	*schema_oc_index(const struct schema *, size_t);
size_t	schema_count_mr(const struct schema *);
const struct schema_mr	*schema_mr_index(const struct schema *, size_t);
size_t	schema_count_syntax(const struct schema *);
const struct schema_syntax *schema_syntax_index(const struct schema *,
			    size_t);

/* at is name (case-insensitive) or its OID. */
int	schema_at_is_named(const struct schema_at *, const char *name);
/* at equals sup or descends from it through SUP. */
int	schema_at_is_a(const struct schema_at *at,
	    const struct schema_at *sup);
int	schema_at_is_operational(const struct schema_at *);
/* oc equals sup or descends from it. */
int	schema_oc_is_a(const struct schema_oc *oc,
	    const struct schema_oc *sup);

/*
 * Value matching under an attribute's rules (match.c).  The string rules
 * fold ASCII case only (caseIgnore*) and handle insignificant spaces as
 * RFC 4518 roughly does: leading and trailing spaces dropped, inner runs
 * squeezed to one.  Approximate matching is equality with case folded
 * and all spaces removed for string rules, plain equality otherwise.
 * objectIdentifierMatch maps names known to the schema (classes, types,
 * rules) to their OIDs, so (objectClass=2.5.6.6) matches "person".
 *
 * Return 1 match,
 * 0 no match, -1 undefined (no such rule for the type, or an assertion
 * the syntax rejects).  match_order returns -1 undefined, else 0/1 for
 * "value >= assertion" (ge != 0) or "value <= assertion".
 */
int	match_equal(const struct schema_mr *, const struct berval *value,
	    const struct berval *assertion);
int	match_order(const struct schema_mr *, const struct berval *value,
	    const struct berval *assertion, int ge);
int	match_approx(const struct schema_mr *, const struct berval *value,
	    const struct berval *assertion);
/* Assertion value valid for the rule's syntax (e.g. integer digits). */
int	match_assertion_ok(const struct schema_mr *,
	    const struct berval *assertion);
/* Normalised form for equality (malloc'ed, NUL-terminated) or NULL when
   the value does not fit the rule's syntax; used for DNs and dedup. */
char	*match_normalize(const struct schema_mr *, const struct berval *);

/* caseIgnoreMatch belonging to no registry (mr_syntax and mr_schema
   NULL), for values whose type is unknown. */
const struct schema_mr *match_case_ignore_rule(void);

/* What a rule compares: match_rule_kind() of a rule. */
#define MATCH_EQUALITY		0
#define MATCH_ORDERING		1
#define MATCH_SUBSTRINGS	2
int	match_rule_kind(const struct schema_mr *);
/*
 * Substrings assertion (RFC 4511 §4.5.1.7.2) under a SUBSTR rule: initial
 * and final have bv_val NULL when absent.  1 match, 0 no match, -1
 * undefined (a value or piece the rule cannot compare).
 */
int	match_substrings(const struct schema_mr *,
	    const struct berval *value, const struct berval *initial,
	    const struct berval *any, size_t nany,
	    const struct berval *final);

/*
 * The syntaxes and matching rules match.c implements, from which
 * schema_new() builds every registry.  mrd_syntax is the OID of the
 * assertion syntax; mrd_impl is opaque outside match.c.
 */
struct match_syntax_def {
	const char	*msd_oid;
	const char	*msd_desc;
	int		 msd_binary;	/* X-NOT-HUMAN-READABLE */
};
struct match_rule_def {
	const char	*mrd_oid;
	const char	*mrd_name;
	const char	*mrd_syntax;
	int		 mrd_impl;
};
const struct match_syntax_def	*match_builtin_syntaxes(size_t *n);
const struct match_rule_def	*match_builtin_rules(size_t *n);

#endif
