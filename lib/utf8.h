/*
 * utf8.h - UTF-8 as LDAP wants its strings (RFC 3629: shortest forms,
 * no surrogates, nothing past U+10FFFF), for the decoders that check
 * what clients send and for the log and diagnostics that quote it.
 */
#ifndef ESM_UTF8_H
#define ESM_UTF8_H

#include <stddef.h>

/* The length of the well-formed character at p (n > 0 bytes), or 0. */
size_t	utf8_char_len(const unsigned char *p, size_t n);
/* Is s (len bytes) UTF-8 from end to end? */
int	utf8_valid(const char *s, size_t len);
/*
 * Replace in place, by '?', every control character and every byte that
 * is not part of a well-formed character, so that quoting what a client
 * sent forges no line and drives no terminal.
 */
void	utf8_sanitize(char *s, size_t len);

#endif
