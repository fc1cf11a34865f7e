/*
 * crypt.h - the two primitives every sealed thing in esmgate is made of:
 * HKDF-SHA256 to derive a key of its own for each purpose from the
 * shared link key, and AES-GCM with a 12-byte nonce and a 16-byte tag.
 *
 * The link derives its session keys with crypt_hkdf; the event cache
 * derives its journal key and the key that seals passwords in events
 * (event_seal.c).  Each purpose has its own HKDF info label, so a key
 * made for one never opens what another sealed.
 */
#ifndef ESM_CRYPT_H
#define ESM_CRYPT_H

#include <stddef.h>

#define CRYPT_NONCE_LEN		12
#define CRYPT_TAG_LEN		16
#define CRYPT_KEY_MAX		32

/* outlen bytes of HKDF-SHA256(ikm, salt, info) into out; 0 or -1. */
int	crypt_hkdf(const unsigned char *ikm, size_t ikmlen, const void *salt,
	    size_t saltlen, const char *info, unsigned char *out,
	    size_t outlen);

/*
 * AES-GCM (AES-128 for a 16-byte key, AES-256 for 32).  crypt_seal
 * writes inlen bytes of ciphertext then the tag to out (inlen +
 * CRYPT_TAG_LEN bytes).  crypt_open takes the same layout (inlen counts
 * the tag) and writes inlen - CRYPT_TAG_LEN bytes of plaintext; -1 when
 * the tag does not match (wrong key, nonce or additional data, or
 * altered bytes), and out is then zeroed.  Either may work in place.
 */
int	crypt_seal(const unsigned char *key, size_t keylen,
	    const unsigned char nonce[CRYPT_NONCE_LEN], const void *aad,
	    size_t aadlen, const void *in, size_t inlen, unsigned char *out);
int	crypt_open(const unsigned char *key, size_t keylen,
	    const unsigned char nonce[CRYPT_NONCE_LEN], const void *aad,
	    size_t aadlen, const unsigned char *in, size_t inlen,
	    void *out);

#endif
