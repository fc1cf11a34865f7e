/*
 * cache_consumer.c - the event cache's consumers, one per gateway: they
 * read the ring in order from a sequence on and acknowledge up to one;
 * a slot is freed when every registered consumer acknowledged it
 * (cache.h).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "mainframe-agent/cache_int.h"

static struct cache_consumer_rec *
cache_consumer_find(struct cache_shm *sh, const char *name)
{
	int i;

	for (i = 0; i < CACHE_MAX_CONSUMERS; i++)
		if (sh->sh_cons[i].cr_used &&
		    strcmp(sh->sh_cons[i].cr_name, name) == 0)
			return &sh->sh_cons[i];
	return NULL;
}

/* Free the slots every registered consumer has acked. */
static void
cache_free_acked(struct cache_shm *sh)
{
	uint64_t min = UINT64_MAX, seq;
	int i, any = 0;

	for (i = 0; i < CACHE_MAX_CONSUMERS; i++)
		if (sh->sh_cons[i].cr_used) {
			any = 1;
			if (sh->sh_cons[i].cr_acked < min)
				min = sh->sh_cons[i].cr_acked;
		}
	if (!any)
		return;
	while (sh->sh_head < sh->sh_tail &&
	    (seq = cache_slot(sh, sh->sh_head)->ce_seq) <= min) {
		sh->sh_freed_seq = seq;
		sh->sh_head++;
		sh->sh_delivered++;
	}
}

int
cache_consumer_add(struct cache *c, const char *name, char *err,
    size_t errlen)
{
	struct cache_shm *sh;
	int i, rc = 0;

	if (name[0] == '\0' || strlen(name) >= CACHE_CONSUMER_NAME) {
		snprintf(err, errlen, "a consumer name is 1 to %d characters",
		    CACHE_CONSUMER_NAME - 1);
		return -1;
	}
	if (cache_enter_ring(c, &sh, "consuming", err, errlen) == -1)
		return -1;
	if (cache_consumer_find(sh, name) == NULL) {
		for (i = 0; i < CACHE_MAX_CONSUMERS && sh->sh_cons[i].cr_used;
		    i++)
			;
		if (i == CACHE_MAX_CONSUMERS) {
			snprintf(err, errlen, "event cache %s has %d "
			    "consumers already", c->c_name,
			    CACHE_MAX_CONSUMERS);
			rc = -1;
		} else {
			memset(&sh->sh_cons[i], 0, sizeof(sh->sh_cons[i]));
			snprintf(sh->sh_cons[i].cr_name,
			    sizeof(sh->sh_cons[i].cr_name), "%s", name);
			sh->sh_cons[i].cr_used = 1;
		}
	}
	cache_leave(sh);
	return rc;
}

int
cache_consumer_remove(struct cache *c, const char *name, char *err,
    size_t errlen)
{
	struct cache_consumer_rec *cr;
	struct cache_shm *sh;
	int rc = 0;

	if (cache_enter_ring(c, &sh, "consuming", err, errlen) == -1)
		return -1;
	if ((cr = cache_consumer_find(sh, name)) != NULL) {
		cr->cr_used = 0;
		cache_free_acked(sh);
	} else {
		snprintf(err, errlen, "event cache %s has no consumer %s",
		    c->c_name, name);
		rc = -1;
	}
	cache_leave(sh);
	return rc;
}

int
cache_peek(struct cache *c, uint64_t after, struct cache_event *evs,
    size_t max, size_t *n, char *err, size_t errlen)
{
	struct cache_shm *sh;
	char why[512];
	uint64_t i, restored;

	*n = 0;
	if (cache_enter_ring(c, &sh, "consuming", err, errlen) == -1)
		return -1;
	/* Damage is logged and shown by DISPLAY; the ring still serves. */
	(void)cache_restore_locked(c, sh, &restored, why, sizeof(why));
	for (i = sh->sh_head; i < sh->sh_tail && *n < max; i++)
		if (cache_slot(sh, i)->ce_seq > after)
			cache_slot_copy(sh, i, &evs[(*n)++]);
	cache_leave(sh);
	return 0;
}

int
cache_ack(struct cache *c, const char *consumer, uint64_t seq, char *err,
    size_t errlen)
{
	struct cache_consumer_rec *cr;
	struct cache_shm *sh;
	uint64_t newest, restored;
	char why[512];

	if (cache_enter_ring(c, &sh, "consuming", err, errlen) == -1)
		return -1;
	if ((cr = cache_consumer_find(sh, consumer)) == NULL) {
		snprintf(err, errlen, "event cache %s has no consumer %s",
		    c->c_name, consumer);
		cache_leave(sh);
		return -1;
	}
	/* An ack beyond what exists must not take future events with it. */
	newest = cache_ring_newest(sh);
	if (seq > newest)
		seq = newest;
	if (seq > cr->cr_acked)
		cr->cr_acked = seq;
	cache_free_acked(sh);
	(void)cache_restore_locked(c, sh, &restored, why, sizeof(why));
	cache_leave(sh);
	return 0;
}
