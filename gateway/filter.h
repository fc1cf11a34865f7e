/*
 * filter.h - search filters (RFC 4511 §4.5.1, string form RFC 4515):
 * decode from BER, parse from a string, print, evaluate against an entry.
 *
 *	Filter ::= CHOICE {
 *		and             [0] SET SIZE (1..MAX) OF filter Filter,
 *		or              [1] SET SIZE (1..MAX) OF filter Filter,
 *		not             [2] Filter,
 *		equalityMatch   [3] AttributeValueAssertion,
 *		substrings      [4] SubstringFilter,
 *		greaterOrEqual  [5] AttributeValueAssertion,
 *		lessOrEqual     [6] AttributeValueAssertion,
 *		present         [7] AttributeDescription,
 *		approxMatch     [8] AttributeValueAssertion,
 *		extensibleMatch [9] MatchingRuleAssertion,
 *		...  }
 *
 * A decoded filter owns copies of every string, so it outlives the PDU.
 * Attribute descriptions are resolved against the schema at decode time;
 * an unknown attribute or an assertion its syntax rejects makes that
 * item Undefined (RFC 4511 §4.5.1.7), which is not an error.
 */
#ifndef ESM_FILTER_H
#define ESM_FILTER_H

#include <stddef.h>

#include <lber.h>

struct schema;
struct schema_at;
struct schema_mr;
struct entry;

/* f_choice takes liblber's tags: LDAP_FILTER_AND, _OR, _NOT, _EQUALITY,
   _SUBSTRINGS, _GE, _LE, _PRESENT, _APPROX, _EXT (from <ldap.h>). */
struct filter {
	ber_tag_t		 f_choice;
	int			 f_undefined;	/* evaluates to Undefined */
	/* AND, OR */
	struct filter		**f_list;	/* owned */
	size_t			 f_nlist;
	/* NOT */
	struct filter		*f_not;		/* owned */
	/* every item: the attribute (EXT: may be NULL when only a rule) */
	char			*f_desc;	/* owned, as sent */
	const struct schema_at	*f_at;		/* borrowed */
	/* EQUALITY, GE, LE, APPROX, EXT: the assertion value */
	struct berval		 f_value;	/* owned, NUL-terminated */
	/* SUBSTRINGS: bv_val NULL when absent */
	struct berval		 f_initial;
	struct berval		*f_any;		/* owned */
	size_t			 f_nany;
	struct berval		 f_final;
	/* EXT */
	char			*f_rule;	/* owned, NULL when absent */
	const struct schema_mr	*f_mr;		/* borrowed */
	int			 f_dnattrs;
};

/*
 * Decode one Filter at the current position of ber.  Returns 0, or -1
 * (protocolError) with a reason: bad tag, an element longer or shorter
 * than its length, nesting deeper than max_depth (a lone item is depth
 * 1), more than max_items filters in all (AND/OR/NOT count too).
 * An empty AND or OR set is accepted as RFC 4526's absolute true "(&)"
 * or false "(|)", though RFC 4511 says SIZE (1..MAX).
 */
int	filter_decode(BerElement *ber, const struct schema *,
	    unsigned int max_depth, unsigned int max_items,
	    struct filter **out, const char **why);
/* Is why, from filter_decode(), one of its limits (depth, items)? */
int	filter_why_is_limit(const char *why);
/* RFC 4515 string form, parenthesised; -1 with a reason.  "(&)" and
   "(|)" are accepted as in filter_decode(). */
int	filter_parse(const char *s, const struct schema *,
	    struct filter **out, const char **why);
/* RFC 4515 string form (malloc'ed), values escaped. */
char	*filter_to_string(const struct filter *);
void	filter_free(struct filter *);

#define FILTER_TRUE		1
#define FILTER_FALSE		0
#define FILTER_UNDEFINED	(-1)
/*
 * Evaluate against an entry (RFC 4511 §4.5.1.7): three-valued logic.
 * The entry's DN takes part for extensible matches with dnAttributes.
 * An item matches the values of its attribute type and of its subtypes
 * ((name=x) matches cn), under the rules of the filter's type; present
 * on an unknown type is FALSE, other items on one Undefined.  A type
 * without the rule an item needs (no ORDERING for >=) is Undefined.
 * Extensible match: an equality rule compares, an ordering rule asserts
 * value < assertion, a substrings rule is Undefined; with a rule and no
 * type it applies to attributes whose syntax is the rule's.
 */
int	filter_eval(const struct filter *, const struct entry *,
	    const struct schema *);
/*
 * The same for a reader who may see only some types (access control):
 * an item on a type fn refuses, or on an attribute of one, is Undefined
 * or skips that attribute, as if the entry did not hold it -- a filter
 * must not be an oracle for what its sender may not read.
 */
typedef int	filter_readable_fn(const void *arg, const struct schema_at *);
int	filter_eval_readable(const struct filter *, const struct entry *,
	    const struct schema *, filter_readable_fn *fn, const void *arg);

#endif
