/*
 * certmap.h - the "cert-map" rules: which identity a verified TLS client
 * certificate binds as with SASL EXTERNAL.
 *
 *	cert-map SUBJECT-REGEX DN-TEMPLATE
 *
 * The regex (POSIX extended, case-insensitive) is matched against the
 * certificate subject in its RFC 4514 string form; the first rule that
 * matches builds the DN from its template, $1..$9 standing for the
 * groups captured and $$ for a dollar sign.  Every captured value is
 * read as the RFC 4514 text it is (escapes undone) and escaped again as
 * one DN attribute value, so a subject cannot add an RDN, an AVA or a
 * type of its own to the DN it maps to.  The module knows nothing of
 * TLS or LDAP operations: the bind normalises and checks the DN.
 */
#ifndef ESM_CERTMAP_H
#define ESM_CERTMAP_H

#include <stddef.h>

#define CERTMAP_DN_MAX		4096	/* longest DN a rule may build */

struct certmap;

struct certmap	*certmap_new(void);
void		 certmap_free(struct certmap *);
/*
 * Add a rule after the others: 0, or -1 with why in err (the regex does
 * not compile, the template names a group the regex lacks or has a
 * stray $).
 */
int	certmap_add(struct certmap *, const char *regex, const char *tmpl,
	    char *err, size_t errlen);
size_t	certmap_count(const struct certmap *);
/*
 * The DN the first matching rule builds for subject: 1 with *dn
 * (malloc'ed), 0 when no rule matches, -1 with why when the matching
 * rule cannot build a DN from this subject (a captured value holds a
 * NUL or a broken escape, the DN would be longer than CERTMAP_DN_MAX).
 * *rule is the matching rule's number (1 = first) when it is not NULL.
 */
int	certmap_apply(const struct certmap *, const char *subject,
	    char **dn, size_t *rule, char *why, size_t whylen);
/*
 * An RFC 4514 value as its bytes: "\," -> ",", "\2C" -> ","; 0 with
 * the length in *outlen (out has room for len bytes), -1 when an escape
 * is broken or one RFC 4514 does not allow ("\z"), or a NUL appears.
 */
int	certmap_unescape(const char *s, size_t len, char *out,
	    size_t *outlen);

#endif
