/*
 * acf2_quote.h - CA ACF2's rules for the values a command may carry, and
 * the only way a value gets into an ACF command.
 *
 * Every function checks before it writes: a value that ACF2 would not
 * store exactly as given is refused, never changed (except that ids,
 * passwords and rule entries are folded to upper case, as the ACF
 * command processor folds unquoted operands).  Output is one token that
 * cannot end its operand: a bare word made only of A-Z 0-9 # $ @ (and,
 * in a rule entry, the mask characters . - * +), or a quoted string
 * '...' with each quote doubled, made only of printable ASCII.
 */
#ifndef ESM_ACF2_QUOTE_H
#define ESM_ACF2_QUOTE_H

#include <stddef.h>

struct map_attr;
struct esm_quoting;

/* ACF2's rules as the shared quoting (backends/quote.h) takes them. */
extern const struct esm_quoting acf2_quoting;

#define ACF2_ID_LEN		8	/* logonid, rule key, GROUP, PREFIX */
#define ACF2_PW_LEN		8	/* password */
#define ACF2_MASK_LEN		44	/* a rule entry's data set mask */
#define ACF2_UID_LEN		24	/* a rule entry's UID mask */
#define ACF2_RTYPE_LEN		3	/* a resource type: FAC, SAF ... */
#define ACF2_RKEY_LEN		44	/* a resource rule's $KEY */

/*
 * Logonids and rule keys are RACF's ids (esm_quote_id: 1-8 of A-Z 0-9
 * # $ @, not a digit first), texts are TSO's quoted strings
 * (esm_quote_string); acf2_quoting names both.
 */

/*
 * A password: 1-8 of A-Z 0-9 # $ @ (a-z folded, as ACF2 folds them),
 * a bare word (*out malloc'ed, a secret).  The installation's GSO PSWD
 * MINPSWD may ask for more; ACF2 says so when it refuses one.
 */
int	acf2_quote_password(const char *s, size_t len, char **out,
	    const char **why);
/*
 * An access rule entry, checked and folded, in DECOMP's canonical form
 * (*out malloc'ed):
 *	dsnmask [UID(mask)] [R(x)] [W(x)] [A(x)] [E(x)]
 * dsnmask: 1-44 of A-Z 0-9 # $ @ . - * +; UID: 1-24 of A-Z 0-9 # $ @
 * * - with at most four -; x: A, L or P; READ, WRITE, ALLOC and EXEC
 * stand for R, W, A and E.  Words are separated by blanks; nothing
 * else is taken.
 */
int	acf2_quote_rule_entry(const char *s, size_t len, char **out,
	    const char **why);
/*
 * A resource rule entry, checked and folded, in DECOMP's canonical form
 * (*out malloc'ed):
 *	[namemask] [UID(mask)] [SERVICE(s,...)] ALLOW|LOG|PREVENT
 * namemask as a dsnmask, UID as above; s: READ, UPDATE, DELETE,
 * EXECUTE, each once, written in that order.
 */
int	acf2_quote_resource_entry(const char *s, size_t len, char **out,
	    const char **why);
/*
 * The part of a canonical rule entry ACF2 knows it by, its mask and
 * UID (a length; acf2_quoting's grant key).  RECKEY ADD of an entry
 * replaces the one with the same part, RECKEY DEL removes it.
 */
size_t	acf2_rule_entry_slot(const char *canon);
/*
 * A resource rule set's name in the LDAP view, TYPE/KEY ("FAC/BPX.
 * SUPERUSER"): a type of 3 of A-Z 0-9 # $ @, a slash, a key of 1-44
 * of A-Z 0-9 # $ @ with dots between qualifiers (a key names a
 * resource, it is not a mask); folded into out (ESM_NAME_MAX + 1).
 */
int	acf2_quote_resource_name(const char *s, size_t len, char *out,
	    const char **why);

#endif
