/*
 * hex.h - hexadecimal digits, shared by the key file reader and the
 * DN and filter parsers (RFC 4514 and RFC 4515 escapes).
 */
#ifndef ESM_HEX_H
#define ESM_HEX_H

/* The value of one hex digit, or -1 when c is not one. */
int	hex_value(int c);

#endif
