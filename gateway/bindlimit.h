/*
 * bindlimit.h - failed binds counted per client address and per bind DN,
 * so that no one guesses passwords faster than a few per window.
 *
 *	bind-fail-limit N SECONDS [ADDRESS-N]	(5 60 50 by default; N 0
 *						 turns it off)
 *
 * After its limit of failed binds within SECONDS of the first (N for a
 * normalised DN, ADDRESS-N for a client address: the caller says which),
 * a key is blocked until that window ends: the bind code answers without
 * checking the password, so the attacker learns nothing and the ESM
 * counts nothing meanwhile.  A key's count ends with its window while
 * the ESM counts a user's failures until a good logon: the table bounds
 * the rate of guesses, not their number.  Memory is a fixed table decided at
 * creation: keys are kept as keyed hashes in sets of a few slots, and a
 * new key takes an expired slot of its set, else evicts the unblocked
 * one whose window ends first, a blocked one only when the whole set
 * is blocked.  No number of addresses or DNs grows it, and a flood of
 * new ones does not lift a block.
 */
#ifndef ESM_BINDLIMIT_H
#define ESM_BINDLIMIT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define BINDLIMIT_SETS_DEFAULT	2048	/* times BINDLIMIT_WAYS slots */
#define BINDLIMIT_WAYS		8

struct bindlimit;

/* Windows of window seconds; sets of BINDLIMIT_WAYS slots. */
struct bindlimit *bindlimit_new(unsigned int window, size_t sets);
void	bindlimit_free(struct bindlimit *);
/*
 * The table's key for one kind of thing ("addr", "dn") and its text (an
 * address, a normalised DN): a hash under the table's secret, never 0,
 * made once per bind and used by the calls below.
 */
uint64_t bindlimit_key(const struct bindlimit *, const char *kind,
	    const char *id);
/*
 * The table's clock: seconds of CLOCK_MONOTONIC, so that setting the
 * wall clock neither lifts a block nor makes one last.
 */
time_t	bindlimit_now(void);
/*
 * Seconds until key may bind again (at least 1), or 0 when it may now.
 */
unsigned int bindlimit_blocked(const struct bindlimit *, uint64_t key,
	    time_t now);
/*
 * Count one failure of key.  Returns 1 when this failure reached limit
 * (the key is blocked from now on), else 0.
 */
int	bindlimit_fail(struct bindlimit *, uint64_t key, unsigned int limit,
	    time_t now);
/* Forget key's failures (a successful bind as that DN). */
void	bindlimit_forget(struct bindlimit *, uint64_t key);
/* Slots in use now (esmctl status) and in all. */
size_t	bindlimit_used(const struct bindlimit *, time_t now);
size_t	bindlimit_capacity(const struct bindlimit *);

#endif
