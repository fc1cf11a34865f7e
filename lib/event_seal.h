/*
 * event_seal.h - the new password a password event carries: sealed on
 * the mainframe side the moment the exit sees it, opened only by a
 * gateway that holds the same link key file.
 *
 * Key: HKDF-SHA256 over the link key, salt the agent's name, info
 * "esmgate event password v1"; as long as the link key (AES-128-GCM or
 * AES-256-GCM).  Nonce: the event's sequence number, 8 bytes big-endian,
 * then 4 zero bytes.  An agent never hands out a sequence number twice
 * (the cache reserves them durably) and seals an event's password once,
 * so under one agent's key a nonce is never reused; the agent's name in
 * the key keeps two agents that share a key file apart.  Additional
 * data: a label, the agent, the userid and the sequence, so a sealed
 * password copied into another event, for another user or from another
 * agent, does not open.
 */
#ifndef ESM_EVENT_SEAL_H
#define ESM_EVENT_SEAL_H

#include <stddef.h>
#include <stdint.h>

#include "crypt.h"

struct link_key;

/* The longest password or phrase an event carries, in bytes. */
#define EVENT_PASSWORD_MAX	256
#define EVENT_SEALED_MAX	(EVENT_PASSWORD_MAX + CRYPT_TAG_LEN)

struct event_seal_key {
	unsigned char	esk_bytes[CRYPT_KEY_MAX];
	size_t		esk_len;
};

int	event_seal_key_derive(const struct link_key *, const char *agent,
	    struct event_seal_key *);
void	event_seal_key_clear(struct event_seal_key *);

/*
 * Seal pwlen (at most EVENT_PASSWORD_MAX) bytes of pw into out, which
 * receives pwlen + CRYPT_TAG_LEN bytes.  0 or -1.
 */
int	event_seal_password(const struct event_seal_key *, const char *agent,
	    uint64_t seq, const char *userid, const char *pw, size_t pwlen,
	    unsigned char *out);
/*
 * Open what event_seal_password sealed for the same agent, sequence and
 * userid: the password and a NUL into pw (pwcap bytes).  -1 when it
 * does not open (another key, agent, event or user, or altered bytes)
 * or does not fit; pw is then empty.
 */
int	event_open_password(const struct event_seal_key *, const char *agent,
	    uint64_t seq, const char *userid, const unsigned char *in,
	    size_t inlen, char *pw, size_t pwcap);

#endif
