/*
 * event_seal.c - sealing the password of a password event
 * (event_seal.h).
 */
#include "config.h"

#include <string.h>

#include <openssl/crypto.h>

#include "event_seal.h"
#include "link.h"

#define EVENT_SEAL_LABEL	"esmgate event password v1"
#define EVENT_SEAL_AAD		"esmgate-password"
/* label, agent and NUL, userid and NUL, sequence */
#define EVENT_AAD_MAX		(sizeof(EVENT_SEAL_AAD) + \
				    LINK_MAX_IDENTITY + 1 + 64 + 1 + 8)

int
event_seal_key_derive(const struct link_key *lk, const char *agent,
    struct event_seal_key *k)
{
	memset(k, 0, sizeof(*k));
	if (lk->lk_len != 16 && lk->lk_len != 32)
		return -1;
	if (crypt_hkdf(lk->lk_bytes, lk->lk_len, agent, strlen(agent),
	    EVENT_SEAL_LABEL, k->esk_bytes, lk->lk_len) == -1)
		return -1;
	k->esk_len = lk->lk_len;
	return 0;
}

void
event_seal_key_clear(struct event_seal_key *k)
{
	if (k != NULL)
		OPENSSL_cleanse(k, sizeof(*k));
}

static void
event_seal_nonce(uint64_t seq, unsigned char *nonce)
{
	int i;

	memset(nonce, 0, CRYPT_NONCE_LEN);
	for (i = 0; i < 8; i++)
		nonce[i] = (unsigned char)(seq >> (56 - 8 * i));
}

/* The additional data; -1 when agent or userid is too long for it. */
static int
event_seal_aad(const char *agent, uint64_t seq, const char *userid,
    unsigned char *aad, size_t *aadlen)
{
	size_t la = strlen(agent) + 1, lu = strlen(userid) + 1, n;

	if (la > LINK_MAX_IDENTITY + 1 || lu > 64 + 1)
		return -1;
	n = sizeof(EVENT_SEAL_AAD);
	memcpy(aad, EVENT_SEAL_AAD, n);
	memcpy(aad + n, agent, la);
	n += la;
	memcpy(aad + n, userid, lu);
	n += lu;
	event_seal_nonce(seq, aad + n);	/* its first 8 bytes: seq */
	*aadlen = n + 8;
	return 0;
}

int
event_seal_password(const struct event_seal_key *k, const char *agent,
    uint64_t seq, const char *userid, const char *pw, size_t pwlen,
    unsigned char *out)
{
	unsigned char nonce[CRYPT_NONCE_LEN], aad[EVENT_AAD_MAX + 4];
	size_t aadlen;

	if (pwlen > EVENT_PASSWORD_MAX ||
	    event_seal_aad(agent, seq, userid, aad, &aadlen) == -1)
		return -1;
	event_seal_nonce(seq, nonce);
	return crypt_seal(k->esk_bytes, k->esk_len, nonce, aad, aadlen, pw,
	    pwlen, out);
}

int
event_open_password(const struct event_seal_key *k, const char *agent,
    uint64_t seq, const char *userid, const unsigned char *in, size_t inlen,
    char *pw, size_t pwcap)
{
	unsigned char nonce[CRYPT_NONCE_LEN], aad[EVENT_AAD_MAX + 4];
	size_t aadlen;

	if (pwcap > 0)
		pw[0] = '\0';
	if (inlen < CRYPT_TAG_LEN || inlen - CRYPT_TAG_LEN >= pwcap ||
	    event_seal_aad(agent, seq, userid, aad, &aadlen) == -1)
		return -1;
	event_seal_nonce(seq, nonce);
	if (crypt_open(k->esk_bytes, k->esk_len, nonce, aad, aadlen, in,
	    inlen, pw) == -1) {
		pw[0] = '\0';
		return -1;
	}
	pw[inlen - CRYPT_TAG_LEN] = '\0';
	return 0;
}
