/*
 * pwhash.c - passwords and phrases are kept only as salted hashes.
 *
 * PBKDF2-HMAC-SHA256 with a 16-byte random salt; the iteration count is
 * stored with each hash so a bulk load may use few iterations and a
 * later SETROPTS-style change of the default leaves old hashes valid.
 * Comparison is constant-time.  The clear value never reaches the
 * database, the log or LIST output.
 */
#include "config.h"

#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "log.h"

#include "mainframe-agent/sim/common/pwhash.h"

static int
pwhash_derive(const char *pw, const struct pwhash *h, uint8_t *out)
{
	if (PKCS5_PBKDF2_HMAC(pw, (int)strlen(pw), h->ph_salt,
	    sizeof(h->ph_salt), (int)h->ph_iter, EVP_sha256(),
	    sizeof(h->ph_hash), out) != 1) {
		log_warnx("simulator: PBKDF2 failed");
		return -1;
	}
	return 0;
}

/* A new hash of pw with a fresh salt; iter 0 means the default. */
int
pwhash_make(const char *pw, unsigned int iter, struct pwhash *h)
{
	memset(h, 0, sizeof(*h));
	h->ph_iter = iter != 0 ? iter : PWHASH_ITER_DEFAULT;
	if (RAND_bytes(h->ph_salt, sizeof(h->ph_salt)) != 1) {
		log_warnx("simulator: no random bytes for a password salt");
		return -1;
	}
	return pwhash_derive(pw, h, h->ph_hash);
}

/* 1 if pw matches h, 0 if not (or if there is no hash), -1 on error. */
int
pwhash_check(const struct pwhash *h, const char *pw)
{
	uint8_t out[sizeof(h->ph_hash)];
	int ok;

	if (h->ph_iter == 0)
		return 0;
	if (pwhash_derive(pw, h, out) == -1)
		return -1;
	ok = CRYPTO_memcmp(out, h->ph_hash, sizeof(out)) == 0;
	OPENSSL_cleanse(out, sizeof(out));
	return ok;
}
