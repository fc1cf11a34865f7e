/*
 * cache.h - the subpool-231 event cache: where the exits put every
 * change the ESM makes, until each gateway has it.
 *
 * A ring of fixed slots in POSIX shared memory, one event per slot,
 * shared by every process that fires exits (the agent's workers, the
 * console) and read by the agent's reconciliation role.  It outlives
 * those processes; it does not outlive the machine, so an orderly stop
 * of the mainframe side is STOP CACHE, which moves the ring into the
 * journal.  The journal is an append-only file of AES-GCM sealed
 * records beside the database: events go there when the ring is full
 * or the cache is stopped, and come back into the ring in order as
 * space allows.  Nothing is ever dropped to make room.
 *
 * Order: events reach a consumer in the order the exits wrote them,
 * which is also the order of their sequence numbers; once one event
 * went to the journal every later one follows it there, until the
 * journal has been restored into the ring.
 *
 * Sequence numbers are unique per agent for ever: blocks of them are
 * reserved in a small state file (fsync'd per block) beside the
 * journal, so losing the shared memory (a reboot) skips numbers but
 * never repeats one.
 *
 * Consumers (one per gateway) read from a sequence number on and ack
 * up to one; a slot is freed when every registered consumer acked it.
 * With no consumer, events stay: the ring, then the journal.
 *
 * The simulators call the exits after their transaction committed, so a
 * process killed between the commit and the end of cache_put() leaves a
 * change without its event (a whole slot or journal record is kept; a
 * half-written one is counted as lost and logged).  Closing that window
 * needs the event written in the database's own transaction (an outbox
 * the cache drains), which the simulators do not have yet.
 *
 * Every function is safe to call from several threads and processes at
 * once.  Functions that can fail return 0 or -1 with a reason for the
 * operator in err.
 */
#ifndef ESM_CACHE_H
#define ESM_CACHE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "event_seal.h"
#include "link.h"
#include "mainframe-agent/esm.h"

struct cache;

#define CACHE_SLOTS_DEFAULT	4096
#define CACHE_SLOTS_MIN		16
#define CACHE_SLOTS_MAX		1048576
#define CACHE_MAX_CONSUMERS	8
#define CACHE_CONSUMER_NAME	32	/* with its NUL */
#define CACHE_ID_SZ		12	/* an id of any ESM (8) and a NUL */
#define CACHE_FIELDS_MAX	643	/* bytes of changed field names */

/* ce_flags */
#define CACHE_F_FIELDS_CUT	0x0001	/* more fields changed than
					   ce_fields names: re-read the
					   whole entry */
#define CACHE_F_PASSWORD	0x0002	/* ce_password holds the sealed
					   new password */
#define CACHE_F_PASSWORD_LONG	0x0004	/* a password event whose value
					   was longer than
					   EVENT_PASSWORD_MAX: not carried */

/*
 * One event, exactly as a slot of the ring holds it (1024 bytes, every
 * field fixed-size and NUL-terminated).  ce_check protects the slot
 * against a writer that died half-way; ce_gen counts how often the
 * event was sealed into a journal (the journal's nonce is the sequence
 * and this count).  The password is sealed by event_seal_password()
 * for (agent, ce_seq, ce_userid): only a gateway holding the link key
 * opens it.  During a key change it is the previous key, which every
 * gateway holds until the change ends.  ce_keyid names that key
 * (link_key_id), so that the gateway opens it with the right one of its
 * keyfile and keyfile-previous.  ce_keyid takes the last 4 bytes that
 * ce_fields had before key changes existed: a slot written before has
 * zeros there, or, after more than CACHE_FIELDS_MAX bytes of field
 * names, names.  Readers see such a slot cut to whole names with
 * CACHE_F_FIELDS_CUT and no key id (cache_event_fix_old); a gateway
 * given no id, or one it does not hold, tries every key it holds.
 */
struct cache_event {
	uint64_t	ce_seq;
	uint64_t	ce_check;
	int64_t		ce_time;
	uint32_t	ce_gen;
	uint16_t	ce_type;	/* enum esm_event_type */
	uint16_t	ce_flags;
	char		ce_esm[8];
	char		ce_exit[12];	/* the exit point that fired */
	char		ce_userid[CACHE_ID_SZ];
	char		ce_group[CACHE_ID_SZ];	/* CONNECT/REMOVE */
	char		ce_origin[CACHE_ID_SZ];	/* who issued the change */
	char		ce_task[CACHE_ID_SZ];	/* AGENT, CONSOLE */
	uint16_t	ce_pwlen;	/* sealed bytes in ce_password */
	uint16_t	ce_fieldslen;
	unsigned char	ce_password[EVENT_SEALED_MAX];
	char		ce_fields[CACHE_FIELDS_MAX + 1];
	uint8_t		ce_keyid[LINK_KEY_ID_LEN];	/* sealed it */
};

struct cache_opts {
	const char	*co_name;	/* shared memory object, "/name" */
	const char	*co_journal;	/* the journal; its state file is
					   co_journal + ".state" */
	const char	*co_agent;	/* the agent's name: keys, checks */
	const char	*co_task;	/* this process, in every event */
	const struct link_key *co_key;	/* copied into derived keys */
	/* During a key change: the key before co_key (NULL or lk_len 0:
	   none).  Journal records sealed under it still open. */
	const struct link_key *co_key_previous;
	uint32_t	 co_slots;
	/*
	 * The agent at its start: a ring of another size is moved to the
	 * journal and made again at co_slots.  Others use what exists.
	 */
	int		 co_may_resize;
};

/*
 * Open (or create) the cache.  Without shared memory (none can be made
 * or mapped) the cache still opens and every event goes straight to
 * the journal; it fails only when the state file cannot be used, since
 * without it sequence numbers could repeat.
 */
struct cache	*cache_open(const struct cache_opts *, char *err,
		    size_t errlen);
/* Sync what the journal holds unsynced (cache_set_nosync), unmap. */
void		 cache_close(struct cache *);
/*
 * Bulk loads: journal records are not fsync'd one by one, but once at
 * cache_close(), as the console's batch mode treats the database.
 */
void		 cache_set_nosync(struct cache *, int);

/* Record one event (the exit's work); -1: it is not recorded. */
int	cache_put(struct cache *, const struct esm_event *, char *err,
	    size_t errlen);
/*
 * An esm_exit_fn for ed_set_exit, arg the cache (NULL: no cache could
 * be opened, every event is a failure).  A failure is logged and
 * counted: cache_failures() lets the caller tell its operator.
 */
void	cache_exit(void *arg, const struct esm_event *ev);
unsigned long cache_failures(struct cache *, char *why, size_t whylen);

/* START: take events again; the journal comes back as space allows. */
int	cache_start(struct cache *, uint64_t *restored, char *err,
	    size_t errlen);
/* STOP: the ring goes to the journal, and so does every new event. */
int	cache_stop(struct cache *, uint64_t *moved, char *err, size_t errlen);
/* Move journal records into free slots, in order (a no-op if none). */
int	cache_restore(struct cache *, uint64_t *restored, char *err,
	    size_t errlen);

/* Register (or find again) a consumer; a new one has acked nothing. */
int	cache_consumer_add(struct cache *, const char *name, char *err,
	    size_t errlen);
int	cache_consumer_remove(struct cache *, const char *name, char *err,
	    size_t errlen);
/*
 * Up to max events after sequence after, in order, into evs; *n says
 * how many.  Journal records are restored first if there is room.
 */
int	cache_peek(struct cache *, uint64_t after, struct cache_event *evs,
	    size_t max, size_t *n, char *err, size_t errlen);
/*
 * consumer has every event up to seq; free what all consumers have.  An
 * ack is held to the newest event the ring holds or freed: after STOP
 * CACHE moved events a consumer had read into the journal, ack them
 * again once START brought them back (cache_consumer_acked tells).
 */
int	cache_ack(struct cache *, const char *consumer, uint64_t seq,
	    char *err, size_t errlen);
/* What consumer has acknowledged, into *acked. */
int	cache_consumer_acked(struct cache *, const char *consumer,
	    uint64_t *acked, char *err, size_t errlen);

/* What DISPLAY CACHE shows. */
struct cache_info {
	char		 ci_name[256];
	char		 ci_journal[1024];
	int		 ci_shared;	/* 0: no shared memory */
	char		 ci_why[512];	/* why not */
	int		 ci_started;
	uint32_t	 ci_slots;
	uint64_t	 ci_depth, ci_hwm;
	uint64_t	 ci_written, ci_spilled, ci_restored, ci_delivered;
	uint64_t	 ci_recovered, ci_lost;
	uint64_t	 ci_next_seq;
	uint64_t	 ci_oldest, ci_newest;	/* in the ring; 0: empty */
	uint64_t	 ci_journal_records;	/* waiting in the journal */
	uint64_t	 ci_journal_bytes;
	int		 ci_nconsumers;
	struct {
		char	 name[CACHE_CONSUMER_NAME];
		uint64_t acked;
	}		 ci_consumers[CACHE_MAX_CONSUMERS];
	char		 ci_damage[512];	/* last journal damage */
	unsigned long	 ci_failures;	/* events this process could not
					   record, and the last reason */
	char		 ci_failure[512];
};
int	cache_info(struct cache *, struct cache_info *, char *err,
	    size_t errlen);

/*
 * Every event held, oldest first: the ring, then the journal, until cb
 * returns non-zero.  cb is called with the cache locked: it must only
 * copy or print.
 */
typedef int (*cache_list_cb)(void *arg, const struct cache_event *,
    int in_journal);
int	cache_list(struct cache *, cache_list_cb cb, void *arg, char *err,
	    size_t errlen);

/*
 * The shared memory name when a configuration names none: from the
 * database's path alone, so that every agent and console of a database
 * finds the same cache.
 */
void	cache_default_name(const char *database, char *buf, size_t len);

#endif
