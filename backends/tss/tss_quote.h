/*
 * tss_quote.h - CA Top Secret's rules for the values a command may
 * carry, and the only way a value gets into a TSS command.
 *
 * Every function checks before it writes: a value that TSS would not
 * store exactly as given is refused, never changed (except that ACIDs,
 * resource names and access levels are folded to upper case, as TSS
 * folds unquoted operands).  Output is one token that cannot end its
 * operand: a bare word made only of A-Z 0-9 # $ @ (ACIDs), a quoted
 * string '...' with each quote doubled, made only of printable ASCII, or
 * a permission written canonically from a value parsed completely.
 */
#ifndef ESM_TSS_QUOTE_H
#define ESM_TSS_QUOTE_H

#include <stddef.h>

struct map_attr;
struct esm_quoting;

/* TSS's rules as the shared quoting (backends/quote.h) takes them. */
extern const struct esm_quoting tss_quoting;

#define TSS_ID_LEN	8	/* an ACID */
#define TSS_PW_LEN	8	/* a password */
#define TSS_NAME_LEN	32	/* NAME */

/*
 * An ACID: 1-8 of A-Z 0-9 # $ @ (a-z folded), not one of TSS's reserved
 * words ACIDS, ALL and TSS (LIST(ACIDS) would list every ACID).  out has
 * room for TSS_ID_LEN + 1.  0 or -1 with why.
 */
int	tss_quote_id(const char *s, size_t len, char *out, const char **why);
/*
 * Text as a quoted string: printable ASCII (0x20-0x7E) only, min..max
 * characters, never empty, without a comment's "/" "*" or "*" "/" and
 * without a trailing blank (LIST would not show it).  *out is malloc'ed
 * ("'O''BRIEN'").
 */
int	tss_quote_string(const char *s, size_t len, size_t min, size_t max,
	    char **out, const char **why);
/*
 * A password: 1-8 printable ASCII characters, no blank, no comment;
 * quoted (TSS folds it to upper case, at signon as well).
 */
int	tss_quote_password(const char *s, size_t len, char **out,
	    const char **why);
/*
 * A permission, "CLASS(resource) ACCESS(level[,level...])": CLASS one of
 * TSS's resource classes (DATASET is DSN), the resource 1-44 (DSN), 1-8
 * (PROGRAM) or 1-246 characters of A-Z 0-9 # $ @ . - _ * %, the levels
 * TSS's access names, each once.  Written canonically, folded to upper
 * case: "DSN(PAY.) ACCESS(READ,UPDATE)".  *out is malloc'ed.
 */
int	tss_quote_grant(const struct map_attr *, const char *s, size_t len,
	    char **out, const char **why);
/* The key of a canonical permission: "DSN(PAY.)" (*out malloc'ed). */
int	tss_grant_key(const struct map_attr *, const char *grant, char **out);
/*
 * A resource class as LIST's "XA class" names it (DATASET, IBMFAC ...)
 * in its canonical spelling (DSN, IBMFAC ...), or NULL when unknown.
 */
const char *tss_grant_class(const char *s, size_t len);

#endif
