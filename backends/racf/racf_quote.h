/*
 * racf_quote.h - RACF's rules for the values a command may carry, and
 * the only way a value gets into a RACF command.
 *
 * Every function checks before it writes: a value that RACF would not
 * store exactly as given is refused, never changed (except that ids are
 * folded to upper case, as TSO folds unquoted operands).  Output is one
 * token that cannot end its operand: a bare word made only of
 * A-Z 0-9 # $ @ (ids, numbers, dates, keywords) or a quoted string
 * '...' with each quote doubled, made only of printable ASCII.
 */
#ifndef ESM_RACF_QUOTE_H
#define ESM_RACF_QUOTE_H

#include <stddef.h>

#include <lber.h>

struct map_attr;
struct esm_quoting;

/* RACF's rules as the shared quoting (backends/quote.h) takes them. */
extern const struct esm_quoting racf_quoting;

#define RACF_ID_LEN	8	/* userid, group, member name */
#define RACF_PW_LEN	8	/* password */
#define RACF_NAME_LEN	20	/* NAME */
#define RACF_DATA_LEN	255	/* DATA (installation data) */
#define RACF_PATH_LEN	1023	/* OMVS HOME, PROGRAM */

/*
 * A userid or group name: 1-8 of A-Z 0-9 # $ @, not a digit first;
 * a-z are folded.  out has room for RACF_ID_LEN + 1.  0 or -1 with why.
 */
int	racf_quote_id(const char *s, size_t len, char *out,
	    const char **why);
/*
 * Text as a quoted string: printable ASCII (0x20-0x7E) only,
 * min..max characters.  *out is malloc'ed ("'O''BRIEN'").
 */
int	racf_quote_string(const char *s, size_t len, size_t min, size_t max,
	    char **out, const char **why);
/* A password: 1-8 printable ASCII characters, quoted (RACF folds it to
   upper case unless SETROPTS PASSWORD(MIXEDCASE)). */
int	racf_quote_password(const char *s, size_t len, char **out,
	    const char **why);
/* Decimal digits, min <= value <= max, written without leading zeros. */
int	racf_quote_number(const char *s, size_t len, long min, long max,
	    char *out, size_t outlen, const char **why);
/* Generalized Time to RACF's operand date mm/dd/yy (1971-2070). */
int	racf_quote_date(const char *gt, size_t len, char *out,
	    size_t outlen, const char **why);
/* LIST's yy.ddd (or yy.ddd/hh:mm:ss) to Generalized Time; -1 if none. */
int	racf_date_to_gt(const char *s, size_t len, char *out, size_t outlen);

/*
 * A value of a mapped attribute as the one token its template's %v
 * becomes, by the line's syntax: ids folded and bare, texts quoted,
 * numbers canonical, dates mm/dd/yy, flags() keywords checked against
 * the line's list.  DN syntaxes are resolved by the caller first (the
 * id is passed here as the value).  Returns 0 with *out malloc'ed, or an
 * LDAP result code (constraintViolation, invalidAttributeSyntax) with a
 * diagnostic naming the attribute and the RACF rule in text.
 */
int	racf_quote_value(const struct map_attr *, const struct berval *,
	    char **out, char *text, size_t textlen);

#endif
