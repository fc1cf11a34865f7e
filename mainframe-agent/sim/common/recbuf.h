/*
 * recbuf.h - the compact record form every simulator stores in LMDB.
 *
 * A record starts with a version byte (the caller's) so a later layout
 * can read an older one.  Integers are little-endian of fixed width;
 * strings are a 16-bit length and their bytes.  Reading checks every
 * length against the record and the destination and marks the reader
 * bad instead of overrunning: a damaged record is an error.
 */
#ifndef SIM_RECBUF_H
#define SIM_RECBUF_H

#include <stddef.h>
#include <stdint.h>

struct recw {
	uint8_t		*w_b;		/* owned until handed to the store */
	size_t		 w_len;
	size_t		 w_cap;
};

struct recr {
	const uint8_t	*r_p;
	const uint8_t	*r_end;
	int		 r_bad;		/* set by any read that does not fit */
};

void		 recw_bytes(struct recw *, const void *, size_t);
/* v in n bytes (n <= 8). */
void		 recw_uint(struct recw *, uint64_t v, size_t n);
/* A string (NULL is empty). */
void		 recw_str(struct recw *, const char *);

uint64_t	 recr_uint(struct recr *, size_t n);
void		 recr_bytes(struct recr *, void *, size_t);
/* A string into a fixed buffer of size sz. */
void		 recr_str(struct recr *, char *s, size_t sz);
/* A string the caller owns; NULL when empty. */
char		*recr_strdup(struct recr *);

#endif
