/*
 * gw_passwd.c - salted password hashes for the gateway's own admin
 * identities (the "admin DN HASH" configuration lines, made by
 * "esmctl passwd").
 *
 *	{PBKDF2-SHA256}<iterations>$<base64 salt>$<base64 derived key>
 *
 * Why PBKDF2-SHA256: OpenSSL, which we link anyway, has it in every
 * version we build on (PKCS5_PBKDF2_HMAC), so no new dependency; its
 * cost is tunable per hash, so old lines keep verifying when the default
 * grows; and the scheme name and layout are those of OpenLDAP's
 * contrib pw-pbkdf2 module, so an admin recognises the line and a hash
 * from slapd verifies here (it writes base64 with '.' for '+' and no
 * padding; we write standard base64 and read both).  A memory-hard
 * function (scrypt, argon2) would be stronger against GPUs, but these
 * are a handful of operator passwords in a private file, not a user
 * database.
 *
 * Users' own passwords are never here: the ESM checks those.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "xmalloc.h"
#include "gateway/gw.h"

#define GW_PASSWD_SCHEME	"{PBKDF2-SHA256}"
#define GW_PASSWD_ITERATIONS	100000
#define GW_PASSWD_ITER_MIN	1000		/* below: no real cost */
#define GW_PASSWD_ITER_MAX	10000000	/* above: a bind DoSes us */
#define GW_PASSWD_SALT_LEN	16
#define GW_PASSWD_SALT_MIN	8
#define GW_PASSWD_SALT_MAX	64
#define GW_PASSWD_DK_LEN	32		/* SHA-256's output */

/* A hash line taken apart; the byte arrays are zeroed by the owner. */
struct gw_passwd_parsed {
	unsigned long	 pp_iter;
	unsigned char	 pp_salt[GW_PASSWD_SALT_MAX];
	size_t		 pp_saltlen;
	unsigned char	 pp_dk[GW_PASSWD_DK_LEN];
};

static int
gw_passwd_b64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '.')	/* '.': passlib's "adapted" form */
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/*
 * Decode n characters of base64, padding optional, into at most max
 * bytes.  Returns the number of bytes, or -1 if s is not base64 or
 * decodes to more than max.
 */
static long
gw_passwd_b64_decode(const char *s, size_t n, unsigned char *out,
    size_t max)
{
	size_t i, pad, len = 0;
	unsigned long acc = 0;
	int v, bits = 0;

	for (pad = 0; pad < 2 && n > 0 && s[n - 1] == '='; pad++)
		n--;
	if (n == 0 || n % 4 == 1 || (pad > 0 && (n + pad) % 4 != 0))
		return -1;
	for (i = 0; i < n; i++) {
		if ((v = gw_passwd_b64_value((unsigned char)s[i])) == -1)
			return -1;
		acc = (acc << 6) | (unsigned long)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (len == max)
				return -1;
			out[len++] = (unsigned char)(acc >> bits);
			acc &= (1UL << bits) - 1;
		}
	}
	return (long)len;
}

/* Decimal digits only: no sign, blank or base prefix in a hash. */
static int
gw_passwd_parse_iter(const char *s, size_t n, unsigned long *iter)
{
	unsigned long v = 0;
	size_t i;

	if (n == 0 || n > 8)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	if (v < GW_PASSWD_ITER_MIN || v > GW_PASSWD_ITER_MAX)
		return -1;
	*iter = v;
	return 0;
}

static int
gw_passwd_parse(const char *hash, struct gw_passwd_parsed *pp)
{
	const char *iter, *salt, *dk;
	size_t slen = strlen(GW_PASSWD_SCHEME);
	long n;

	if (hash == NULL || strncasecmp(hash, GW_PASSWD_SCHEME, slen) != 0)
		return -1;
	iter = hash + slen;
	if ((salt = strchr(iter, '$')) == NULL ||
	    (dk = strchr(++salt, '$')) == NULL)
		return -1;
	dk++;
	if (gw_passwd_parse_iter(iter, (size_t)(salt - 1 - iter),
	    &pp->pp_iter) == -1)
		return -1;
	n = gw_passwd_b64_decode(salt, (size_t)(dk - 1 - salt), pp->pp_salt,
	    sizeof(pp->pp_salt));
	if (n < GW_PASSWD_SALT_MIN)
		return -1;
	pp->pp_saltlen = (size_t)n;
	n = gw_passwd_b64_decode(dk, strlen(dk), pp->pp_dk,
	    sizeof(pp->pp_dk));
	if (n != GW_PASSWD_DK_LEN)
		return -1;
	return 0;
}

static int
gw_passwd_derive(const char *password, size_t len, const unsigned char *salt,
    size_t saltlen, unsigned long iter, unsigned char *dk)
{
	if (len > INT_MAX)
		return -1;
	if (PKCS5_PBKDF2_HMAC(password, (int)len, salt, (int)saltlen,
	    (int)iter, EVP_sha256(), GW_PASSWD_DK_LEN, dk) != 1)
		return -1;
	return 0;
}

/*
 * Hash a new password with a fresh salt.  Returns the line the caller
 * owns, or NULL for an empty password (which must never authenticate)
 * or when OpenSSL's generator or KDF fails.
 */
char *
gw_passwd_hash(const char *password, size_t len)
{
	unsigned char salt[GW_PASSWD_SALT_LEN], dk[GW_PASSWD_DK_LEN];
	char salt64[((GW_PASSWD_SALT_LEN + 2) / 3) * 4 + 1];
	char dk64[((GW_PASSWD_DK_LEN + 2) / 3) * 4 + 1];
	char *out = NULL;

	if (password == NULL || len == 0)
		return NULL;
	if (RAND_bytes(salt, sizeof(salt)) != 1 ||
	    gw_passwd_derive(password, len, salt, sizeof(salt),
	    GW_PASSWD_ITERATIONS, dk) == -1)
		goto done;
	EVP_EncodeBlock((unsigned char *)salt64, salt, sizeof(salt));
	EVP_EncodeBlock((unsigned char *)dk64, dk, sizeof(dk));
	xasprintf(&out, "%s%d$%s$%s", GW_PASSWD_SCHEME, GW_PASSWD_ITERATIONS,
	    salt64, dk64);
done:
	OPENSSL_cleanse(salt, sizeof(salt));
	OPENSSL_cleanse(dk, sizeof(dk));
	OPENSSL_cleanse(dk64, sizeof(dk64));
	return out;
}

/*
 * 1 if password is the one hash was made from; 0 if not, if hash is
 * malformed, or if the password is empty.
 */
int
gw_passwd_verify(const char *hash, const char *password, size_t len)
{
	struct gw_passwd_parsed pp;
	unsigned char dk[GW_PASSWD_DK_LEN];
	int ok = 0;

	if (password == NULL || len == 0)
		return 0;
	if (gw_passwd_parse(hash, &pp) == -1)
		goto done;
	if (gw_passwd_derive(password, len, pp.pp_salt, pp.pp_saltlen,
	    pp.pp_iter, dk) == -1)
		goto done;
	ok = CRYPTO_memcmp(dk, pp.pp_dk, sizeof(dk)) == 0;
done:
	OPENSSL_cleanse(&pp, sizeof(pp));
	OPENSSL_cleanse(dk, sizeof(dk));
	return ok;
}

/* 1 if hash has our scheme and layout: for checking configuration. */
int
gw_passwd_hash_is_valid(const char *hash)
{
	struct gw_passwd_parsed pp;
	int valid;

	valid = gw_passwd_parse(hash, &pp) == 0;
	OPENSSL_cleanse(&pp, sizeof(pp));
	return valid;
}
