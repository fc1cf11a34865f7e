/*
 * crypt.c - HKDF-SHA256 and one-shot AES-GCM (crypt.h).
 */
#include "config.h"

#include <limits.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>

#include "crypt.h"

int
crypt_hkdf(const unsigned char *ikm, size_t ikmlen, const void *salt,
    size_t saltlen, const char *info, unsigned char *out, size_t outlen)
{
	EVP_KDF *kdf;
	EVP_KDF_CTX *kctx;
	OSSL_PARAM params[5];
	int rc = -1;

	if ((kdf = EVP_KDF_fetch(NULL, "HKDF", NULL)) == NULL)
		return -1;
	kctx = EVP_KDF_CTX_new(kdf);
	EVP_KDF_free(kdf);
	if (kctx == NULL)
		return -1;
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
	    (char *)"SHA256", 0);
	params[1] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY,
	    (void *)ikm, ikmlen);
	params[2] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT,
	    (void *)salt, saltlen);
	params[3] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO,
	    (void *)info, strlen(info));
	params[4] = OSSL_PARAM_construct_end();
	if (EVP_KDF_derive(kctx, out, outlen, params) == 1)
		rc = 0;
	EVP_KDF_CTX_free(kctx);
	return rc;
}

static const EVP_CIPHER *
crypt_cipher(size_t keylen)
{
	if (keylen == 16)
		return EVP_aes_128_gcm();
	if (keylen == 32)
		return EVP_aes_256_gcm();
	return NULL;
}

int
crypt_seal(const unsigned char *key, size_t keylen,
    const unsigned char nonce[CRYPT_NONCE_LEN], const void *aad,
    size_t aadlen, const void *in, size_t inlen, unsigned char *out)
{
	const EVP_CIPHER *c = crypt_cipher(keylen);
	EVP_CIPHER_CTX *ctx;
	int outl, ok;

	if (c == NULL || inlen > INT_MAX || aadlen > INT_MAX ||
	    (ctx = EVP_CIPHER_CTX_new()) == NULL)
		return -1;
	ok = EVP_EncryptInit_ex(ctx, c, NULL, key, nonce) == 1 &&
	    (aadlen == 0 || EVP_EncryptUpdate(ctx, NULL, &outl, aad,
	    (int)aadlen) == 1) &&
	    EVP_EncryptUpdate(ctx, out, &outl, in, (int)inlen) == 1 &&
	    EVP_EncryptFinal_ex(ctx, out + outl, &outl) == 1 &&
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, CRYPT_TAG_LEN,
	    out + inlen) == 1;
	EVP_CIPHER_CTX_free(ctx);
	return ok ? 0 : -1;
}

int
crypt_open(const unsigned char *key, size_t keylen,
    const unsigned char nonce[CRYPT_NONCE_LEN], const void *aad,
    size_t aadlen, const unsigned char *in, size_t inlen, void *out)
{
	const EVP_CIPHER *c = crypt_cipher(keylen);
	unsigned char tag[CRYPT_TAG_LEN];
	EVP_CIPHER_CTX *ctx;
	size_t clen;
	int outl, ok;

	if (c == NULL || inlen < CRYPT_TAG_LEN || inlen > INT_MAX ||
	    aadlen > INT_MAX || (ctx = EVP_CIPHER_CTX_new()) == NULL)
		return -1;
	clen = inlen - CRYPT_TAG_LEN;
	/* The tag first: in and out may be the same buffer. */
	memcpy(tag, in + clen, CRYPT_TAG_LEN);
	ok = EVP_DecryptInit_ex(ctx, c, NULL, key, nonce) == 1 &&
	    (aadlen == 0 || EVP_DecryptUpdate(ctx, NULL, &outl, aad,
	    (int)aadlen) == 1) &&
	    EVP_DecryptUpdate(ctx, out, &outl, in, (int)clen) == 1 &&
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, CRYPT_TAG_LEN,
	    tag) == 1 &&
	    EVP_DecryptFinal_ex(ctx, (unsigned char *)out + outl, &outl) == 1;
	EVP_CIPHER_CTX_free(ctx);
	if (!ok)
		OPENSSL_cleanse(out, clen);
	return ok ? 0 : -1;
}
