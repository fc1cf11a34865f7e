/*
 * pwhash.h - passwords and phrases of every simulator, kept only as
 * salted PBKDF2-HMAC-SHA256 hashes.
 */
#ifndef SIM_PWHASH_H
#define SIM_PWHASH_H

#include <stdint.h>

#define PWHASH_ITER_DEFAULT	10000

/* A salted hash; ph_iter 0: none. */
struct pwhash {
	uint32_t	 ph_iter;
	uint8_t		 ph_salt[16];
	uint8_t		 ph_hash[32];
};

/* A new hash of pw with a fresh salt; iter 0 means the default. */
int	pwhash_make(const char *, unsigned int, struct pwhash *);
/* 1 if pw matches, 0 if not (or there is no hash), -1 on error. */
int	pwhash_check(const struct pwhash *, const char *);

#endif
