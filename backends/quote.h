/*
 * quote.h - the one way an LDAP value of a mapped attribute becomes a
 * token of a native command, by the line's syntax and one ESM's rules.
 *
 * What every ESM shares is here: numbers written canonically, dates in
 * the line's write format, flag and flags() keywords checked against
 * the line, text folded (upper) and checked (chars=) before its ESM
 * quotes it.  What differs is in the ESM's table (struct esm_quoting):
 * its ids, its quoted strings, its passwords and its grants.  Every
 * function checks before it writes: a value the ESM would not store
 * exactly as given is refused, never changed (ids are folded to upper
 * case, as the ESMs fold unquoted operands).
 */
#ifndef ESM_QUOTE_H
#define ESM_QUOTE_H

#include <stddef.h>

#include <lber.h>

struct map_attr;

#define ESM_ID_MAX	8	/* the longest id of any ESM, in bytes */
#define ESM_NAME_MAX	48	/* the longest name of any entry: an id, or
				   an ACF2 resource rule set's TYPE/KEY */

/*
 * How the entries of a class are named when not by an id: the name
 * checked and folded into out (ESM_NAME_MAX + 1); -1 with why.
 */
typedef int	(*esm_name_fn)(const char *s, size_t len, char *out,
		    const char **why);

struct esm_quoting {
	const char	*q_esm;		/* "RACF": in diagnostics */
	/* An id, checked and folded into out (ESM_ID_MAX + 1). */
	int	(*q_id)(const char *s, size_t len, char *out,
		    const char **why);
	/*
	 * Text of min..max characters as one quoted token that cannot
	 * end its operand (*out malloc'ed); -1 with why.
	 */
	int	(*q_string)(const char *s, size_t len, size_t min, size_t max,
		    char **out, const char **why);
	/* A password as its token (*out malloc'ed, a secret). */
	int	(*q_password)(const char *s, size_t len, char **out,
		    const char **why);
	/*
	 * A grant value (map syntax grant) checked and written in the
	 * ESM's canonical form (*out malloc'ed); NULL when the ESM has
	 * no grants in its map.
	 */
	int	(*q_grant)(const struct map_attr *, const char *s, size_t len,
		    char **out, const char **why);
	/*
	 * The key of a canonical grant (what q_grant wrote): the part that
	 * says what it grants on, such as a resource (*out malloc'ed).  A
	 * template's %k becomes it, and two grants of one attribute may not
	 * share it: the ESM holds one grant per key.  NULL: the whole grant
	 * is its key.
	 */
	int	(*q_grant_key)(const struct map_attr *, const char *grant,
		    char **out);
};

/*
 * A value of a mapped attribute as the one token its template's %v
 * becomes: ids folded and bare, texts quoted, numbers canonical, dates
 * in the line's write format, flags() keywords checked against the
 * line's list.  DN syntaxes are resolved by the caller first (the id is
 * passed here as the value).  Returns 0 with *out malloc'ed, or an LDAP
 * result code (constraintViolation, invalidAttributeSyntax) with a
 * diagnostic naming the attribute and the ESM's rule in text.
 */
int	esm_quote_value(const struct esm_quoting *, const struct map_attr *,
	    const struct berval *, char **out, char *text, size_t textlen);

/*
 * An id as RACF and ACF2 spell them: 1-8 (ESM_ID_MAX) of A-Z 0-9
 * # $ @, not a digit first; a-z are folded.  out has room for
 * ESM_ID_MAX + 1.  0, or -1 with why.
 */
int	esm_quote_id(const char *s, size_t len, char *out, const char **why);
/* Is c one of A-Z 0-9 # $ @? */
int	esm_quote_is_national(char c);
/*
 * Text as one quoted string the way TSO parse reads it back: '...' with
 * each quote doubled, printable ASCII (0x20-0x7E) only, min..max
 * characters.  *out is malloc'ed ("'O''BRIEN'").
 */
int	esm_quote_string(const char *s, size_t len, size_t min, size_t max,
	    char **out, const char **why);

/* Decimal digits, min <= value <= max, written without leading zeros. */
int	esm_quote_number(const char *s, size_t len, long min, long max,
	    char *out, size_t outlen, const char **why);

/*
 * '...' with each quote doubled (malloc'ed): how RACF, ACF2 and TSS
 * write a string their lexers read back as exactly s.  The caller
 * checked s.
 */
char	*esm_quote_apostrophes(const char *s, size_t len);

/* Does s hold a byte outside printable ASCII (0x20-0x7E)?  Then why. */
int	esm_quote_unprintable(const char *s, size_t len, const char **why);

#endif
