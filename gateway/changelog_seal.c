/*
 * changelog_seal.c - passwords sealed at rest in the changelog (the
 * scheme is described in changelog.h, beside its prototypes).
 */
#include "config.h"

#include <string.h>

#include <openssl/crypto.h>

#include "crypt.h"
#include "link.h"
#include "gateway/changelog.h"

#define CHANGELOG_SEAL_AAD	"esmgate-changelog-password"
#define CHANGELOG_AAD_MAX	(sizeof(CHANGELOG_SEAL_AAD) + 8 + \
				    CHANGELOG_DN_MAX + 1)

int
changelog_key_derive(const struct link_key *lk,
    const unsigned char salt[CHANGELOG_SALT_LEN], struct changelog_key *k)
{
	memset(k, 0, sizeof(*k));
	if (lk->lk_len != 16 && lk->lk_len != 32)
		return -1;
	return crypt_hkdf(lk->lk_bytes, lk->lk_len, salt, CHANGELOG_SALT_LEN,
	    CHANGELOG_SEAL_LABEL, k->ck_bytes, sizeof(k->ck_bytes));
}

void
changelog_key_clear(struct changelog_key *k)
{
	if (k != NULL)
		OPENSSL_cleanse(k, sizeof(*k));
}

static void
changelog_seal_number(uint64_t number, unsigned char *p)
{
	int i;

	for (i = 0; i < 8; i++)
		p[i] = (unsigned char)(number >> (56 - 8 * i));
}

/* The nonce and the additional data; -1 when the DN is too long. */
static int
changelog_seal_params(uint64_t number, const char *target,
    unsigned char nonce[CRYPT_NONCE_LEN], unsigned char *aad,
    size_t *aadlen)
{
	size_t lt = strlen(target) + 1, n = sizeof(CHANGELOG_SEAL_AAD);

	if (lt > CHANGELOG_DN_MAX + 1)
		return -1;
	memset(nonce, 0, CRYPT_NONCE_LEN);
	changelog_seal_number(number, nonce + 4);
	memcpy(aad, CHANGELOG_SEAL_AAD, n);
	changelog_seal_number(number, aad + n);
	memcpy(aad + n + 8, target, lt);
	*aadlen = n + 8 + lt;
	return 0;
}

int
changelog_seal(const struct changelog_key *k, uint64_t number,
    const char *target, const void *in, size_t len, unsigned char *out)
{
	unsigned char nonce[CRYPT_NONCE_LEN], aad[CHANGELOG_AAD_MAX];
	size_t aadlen;

	if (changelog_seal_params(number, target, nonce, aad, &aadlen) == -1)
		return -1;
	return crypt_seal(k->ck_bytes, sizeof(k->ck_bytes), nonce, aad,
	    aadlen, in, len, out);
}

int
changelog_unseal(const struct changelog_key *k, uint64_t number,
    const char *target, const unsigned char *in, size_t inlen,
    unsigned char *out)
{
	unsigned char nonce[CRYPT_NONCE_LEN], aad[CHANGELOG_AAD_MAX];
	size_t aadlen;

	if (inlen < CRYPT_TAG_LEN ||
	    changelog_seal_params(number, target, nonce, aad, &aadlen) == -1)
		return -1;
	return crypt_open(k->ck_bytes, sizeof(k->ck_bytes), nonce, aad,
	    aadlen, in, inlen, out);
}
