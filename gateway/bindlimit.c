/*
 * bindlimit.c - the failed-bind table (bindlimit.h).
 *
 * A set-associative table of fixed size: a key's hash picks one set of
 * BINDLIMIT_WAYS slots, the slot holds the hash, the count and the start
 * of its window.  The hash is HMAC-SHA256 under a random key drawn at
 * creation, so an attacker cannot choose addresses or DNs that fall
 * into one set to push a victim's record out; two keys sharing 64 bits
 * of it would share a count, which only blocks sooner.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "log.h"
#include "xmalloc.h"
#include "gateway/bindlimit.h"

#define BINDLIMIT_SEED_LEN	32

struct bindlimit_slot {
	uint64_t	 bs_hash;	/* 0: free */
	time_t		 bs_start;	/* first failure of the window */
	unsigned int	 bs_count;
	int		 bs_blocked;	/* bs_count reached its limit */
};

struct bindlimit {
	unsigned int	 bl_window;
	size_t		 bl_sets;
	struct bindlimit_slot *bl_slots;	/* owned: sets * WAYS */
	unsigned char	 bl_seed[BINDLIMIT_SEED_LEN];
};

struct bindlimit *
bindlimit_new(unsigned int window, size_t sets)
{
	struct bindlimit *bl;

	bl = xcalloc(1, sizeof(*bl));
	bl->bl_window = window;
	bl->bl_sets = sets > 0 ? sets : 1;
	bl->bl_slots = xcalloc(bl->bl_sets * BINDLIMIT_WAYS,
	    sizeof(*bl->bl_slots));
	if (RAND_bytes(bl->bl_seed, sizeof(bl->bl_seed)) != 1)
		fatalx("bind-fail-limit: no random bytes for its table");
	return bl;
}

void
bindlimit_free(struct bindlimit *bl)
{
	if (bl == NULL)
		return;
	explicit_bzero(bl->bl_seed, sizeof(bl->bl_seed));
	free(bl->bl_slots);
	free(bl);
}

size_t
bindlimit_capacity(const struct bindlimit *bl)
{
	return bl->bl_sets * BINDLIMIT_WAYS;
}

/* HMAC-SHA256(seed, "kind id"), 64 bits of it, never 0 (a free slot). */
uint64_t
bindlimit_key(const struct bindlimit *bl, const char *kind, const char *id)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	uint64_t h = 0;
	char *s;
	int i;

	xasprintf(&s, "%s %s", kind, id);
	if (HMAC(EVP_sha256(), bl->bl_seed, sizeof(bl->bl_seed),
	    (const unsigned char *)s, strlen(s), md, &mdlen) == NULL)
		fatalx("bind-fail-limit: HMAC-SHA256 failed");
	free(s);
	for (i = 0; i < 8; i++)
		h = h << 8 | md[i];
	return h != 0 ? h : 1;
}

time_t
bindlimit_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static struct bindlimit_slot *
bindlimit_set(const struct bindlimit *bl, uint64_t h)
{
	return &bl->bl_slots[(h >> 32) % bl->bl_sets * BINDLIMIT_WAYS];
}

static int
bindlimit_expired(const struct bindlimit *bl, const struct bindlimit_slot *s,
    time_t now)
{
	return s->bs_hash == 0 || now - s->bs_start >= (time_t)bl->bl_window;
}

static struct bindlimit_slot *
bindlimit_find(const struct bindlimit *bl, uint64_t h)
{
	struct bindlimit_slot *set = bindlimit_set(bl, h);
	size_t i;

	for (i = 0; i < BINDLIMIT_WAYS; i++)
		if (set[i].bs_hash == h)
			return &set[i];
	return NULL;
}

unsigned int
bindlimit_blocked(const struct bindlimit *bl, uint64_t key, time_t now)
{
	const struct bindlimit_slot *s;

	s = bindlimit_find(bl, key);
	if (s == NULL || bindlimit_expired(bl, s, now) || !s->bs_blocked)
		return 0;
	return (unsigned int)(s->bs_start + (time_t)bl->bl_window - now);
}

/* Does slot a make room before slot b: unblocked first, then oldest? */
static int
bindlimit_evicts_before(const struct bindlimit_slot *a,
    const struct bindlimit_slot *b)
{
	if (a->bs_blocked != b->bs_blocked)
		return !a->bs_blocked;
	return a->bs_start < b->bs_start;
}

/*
 * A slot for a new key: a free or expired one of its set, else the
 * unblocked one whose window ends first, and only when every slot of
 * the set is blocked the block that ends first.  Blocks are what the
 * table is for: a flood of new keys must not wash a victim's out.
 */
static struct bindlimit_slot *
bindlimit_take(struct bindlimit *bl, uint64_t h, time_t now)
{
	struct bindlimit_slot *set = bindlimit_set(bl, h), *victim = set;
	size_t i;

	for (i = 0; i < BINDLIMIT_WAYS; i++) {
		if (bindlimit_expired(bl, &set[i], now))
			return &set[i];
		if (bindlimit_evicts_before(&set[i], victim))
			victim = &set[i];
	}
	return victim;
}

int
bindlimit_fail(struct bindlimit *bl, uint64_t key, unsigned int limit,
    time_t now)
{
	struct bindlimit_slot *s;

	if ((s = bindlimit_find(bl, key)) == NULL ||
	    bindlimit_expired(bl, s, now)) {
		if (s == NULL)
			s = bindlimit_take(bl, key, now);
		memset(s, 0, sizeof(*s));
		s->bs_hash = key;
		s->bs_start = now;
	}
	if (s->bs_blocked)
		return 0;
	s->bs_blocked = ++s->bs_count >= limit;
	return s->bs_blocked;
}

void
bindlimit_forget(struct bindlimit *bl, uint64_t key)
{
	struct bindlimit_slot *s;

	if ((s = bindlimit_find(bl, key)) != NULL)
		memset(s, 0, sizeof(*s));
}

size_t
bindlimit_used(const struct bindlimit *bl, time_t now)
{
	size_t i, n = 0;

	for (i = 0; i < bl->bl_sets * BINDLIMIT_WAYS; i++)
		if (!bindlimit_expired(bl, &bl->bl_slots[i], now))
			n++;
	return n;
}
