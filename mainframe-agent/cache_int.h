/*
 * cache_int.h - the event cache's layouts and the functions its files
 * share (cache.c: opening, the lock and recovery; cache_ring.c: slots
 * and the exits' writes; cache_restore.c: between ring and journal;
 * cache_consumer.c: consumers; cache_info.c: what the operator sees;
 * cache_journal.c: the journal file; cache_state.c: the state file).
 * Unit tests include it to reach inside.
 *
 * Locks, always taken in this order:
 *	sh_mtx		process-shared, robust: everything in the shared
 *			memory.  A holder that dies leaves EOWNERDEAD to
 *			the next one, which repairs (cache_recover).
 *	the file lock	flock() on the state file, on a descriptor of
 *			its own per holder: the state file and the
 *			journal, also for a process without shared memory.
 */
#ifndef ESM_CACHE_INT_H
#define ESM_CACHE_INT_H

#include <pthread.h>
#include <stdint.h>
#include <sys/types.h>

#include "crypt.h"
#include "event_seal.h"
#include "link.h"
#include "mainframe-agent/cache.h"

#define CACHE_MAGIC		"ESMCACH1"
#define CACHE_VERSION		1
#define CACHE_SLOT_SIZE		1024
#define CACHE_SEQ_BLOCK		1024	/* sequences reserved at a time */
#define CACHE_FILE_ID		16	/* random id of a journal file */

/* The part of a slot the journal seals: all but ce_seq and ce_check. */
#define CACHE_PAYLOAD		(CACHE_SLOT_SIZE - 16)

/* Slots, journal records and every layout check count on this. */
_Static_assert(sizeof(struct cache_event) == CACHE_SLOT_SIZE,
    "struct cache_event is not exactly one slot");

enum cache_run {
	CACHE_STARTED = 1,
	CACHE_STOPPED = 2,
};

/* A journal replacement in progress (sh_op), for recovery. */
enum cache_op {
	CACHE_OP_NONE = 0,
	CACHE_OP_SPILL,		/* ring + old journal -> new journal */
	CACHE_OP_EMPTY,		/* a fully restored journal -> empty one */
};

struct cache_consumer_rec {
	char		cr_name[CACHE_CONSUMER_NAME];
	uint64_t	cr_acked;
	uint32_t	cr_used;
	uint32_t	cr_pad;
};

/*
 * The shared memory: this header, padded to sh_hdr_size, then sh_nslots
 * slots.  The ring holds slots [sh_head, sh_tail) (indexes that only
 * grow; slot i lives at i % sh_nslots): one store of sh_tail commits an
 * event, one store of sh_head frees one.
 */
struct cache_shm {
	char		sh_magic[8];	/* written last at creation */
	uint32_t	sh_version;
	uint32_t	sh_slot_size;
	uint32_t	sh_nslots;
	uint32_t	sh_hdr_size;
	char		sh_agent[LINK_MAX_IDENTITY + 1];
	pthread_mutex_t	sh_mtx;
	/* Everything below only under sh_mtx. */
	int32_t		sh_owner;	/* pid holding sh_mtx */
	uint32_t	sh_state;	/* enum cache_run */
	uint32_t	sh_retired;	/* resized: open the name again */
	uint32_t	sh_op;		/* enum cache_op in progress */
	uint32_t	sh_op_after;	/* SPILL: the state it leaves */
	uint8_t		sh_op_id[CACHE_FILE_ID];	/* the new journal */
	uint64_t	sh_head, sh_tail;
	uint64_t	sh_next_seq, sh_seq_limit;	/* reserved block */
	/* A slot being written: adopted by recovery if it is whole. */
	uint64_t	sh_pending_seq;
	uint64_t	sh_pending_roff;	/* restored: journal offset
						   after its record */
	uint64_t	sh_freed_seq;	/* the newest event freed */
	/* The journal, as the last writer with the cache left it. */
	uint32_t	sh_journal_pending;	/* holds unrestored records */
	uint8_t		sh_journal_id[CACHE_FILE_ID];
	uint64_t	sh_restore_off;		/* next record to restore */
	uint64_t	sh_restore_seq;		/* last restored from it */
	uint64_t	sh_journal_size;
	/* Counters. */
	uint64_t	sh_written, sh_spilled, sh_restored, sh_delivered;
	uint64_t	sh_hwm, sh_recovered, sh_lost;
	struct cache_consumer_rec sh_cons[CACHE_MAX_CONSUMERS];
	char		sh_damage[512];
};

/* The state file: two copies, written in turn; the newer whole one wins. */
#define CACHE_STATE_MAGIC	"ESMS"
#define CACHE_STATE_VERSION	1
struct cache_state {
	char		cs_magic[4];
	uint32_t	cs_version;
	uint64_t	cs_gen;		/* which copy is newer */
	uint64_t	cs_seq_next;	/* never handed out yet, nor after */
	uint8_t		cs_journal_id[CACHE_FILE_ID];
	uint64_t	cs_restore_off;	/* restore progress in that journal */
	uint64_t	cs_restore_seq;
	uint64_t	cs_check;
};

/*
 * The journal: a header, then fixed-size records, so a record cut short
 * by a writer that died (or a crash before its fsync) is seen from the
 * file's size alone.  Host byte order: the journal never leaves its
 * machine, and jh_byteorder refuses a file from another.
 */
#define CACHE_JOURNAL_MAGIC	"ESMJRNL1"
#define CACHE_JOURNAL_VERSION	1
#define CACHE_REC_MAGIC		0x45565431u	/* "EVT1" */
struct cache_journal_hdr {
	char		jh_magic[8];
	uint32_t	jh_version;
	uint32_t	jh_byteorder;	/* 0x01020304 */
	uint32_t	jh_rec_size;
	uint32_t	jh_pad;
	uint8_t		jh_keyid[16];	/* which key sealed it */
	uint8_t		jh_fileid[CACHE_FILE_ID];
	char		jh_agent[72];
};
struct cache_journal_rec {
	uint64_t	jr_seq;		/* nonce: jr_seq || jr_gen */
	uint32_t	jr_gen;
	uint32_t	jr_magic;	/* these 16 bytes are the AAD */
	unsigned char	jr_sealed[CACHE_PAYLOAD + CRYPT_TAG_LEN];
};
#define CACHE_HDR_SIZE		sizeof(struct cache_journal_hdr)
#define CACHE_REC_SIZE		sizeof(struct cache_journal_rec)

/*
 * The keys the cache derives from one link key: the journal's, its id
 * in journal headers, the passwords' and the link key's id.
 */
struct cache_key {
	unsigned char	 ck_jkey[CRYPT_KEY_MAX];
	size_t		 ck_len;
	unsigned char	 ck_jid[16];
	struct event_seal_key ck_pw;
	uint8_t		 ck_id[LINK_KEY_ID_LEN];
};

/* One process's hold on the cache. */
struct cache {
	char		*c_name;	/* owned */
	char		*c_journal;	/* owned */
	char		*c_state;	/* owned: c_journal + ".state" */
	char		*c_agent;	/* owned */
	char		 c_task[CACHE_ID_SZ];
	uint32_t	 c_slots;	/* wanted */
	int		 c_nosync;
	int		 c_unsynced;	/* journal written, not fsync'd */
	/* Mapped; NULL: no shared memory, c_why says why. */
	struct cache_shm *c_shm;
	size_t		 c_maplen;
	struct cache_shm **c_old;	/* retired mappings, until close */
	size_t		*c_oldlen;
	size_t		 c_nold;
	char		 c_why[512];
	/*
	 * Keys, zeroed at close: [0] the current, [1] the previous.  The
	 * journal seals under [0]; passwords under the last one held.
	 */
	struct cache_key c_keys[2];
	size_t		 c_nkeys;
	/* Process-local: remapping and the failure count. */
	pthread_mutex_t	 c_mtx;
	unsigned long	 c_failures;
	char		 c_last_error[512];
};

/* cache.c */
int	cache_lock(struct cache *, char *err, size_t errlen);
void	cache_unlock(struct cache *);
int	cache_enter(struct cache *, struct cache_shm **, char *err,
	    size_t errlen);
void	cache_leave(struct cache_shm *);
int	cache_enter_ring(struct cache *, struct cache_shm **, const char *what,
	    char *err, size_t errlen);
struct cache_event *cache_slot(struct cache_shm *, uint64_t index);
uint64_t cache_slot_check(const struct cache_event *);
void	cache_random_id(uint8_t *id);

/* cache_state.c */
int	cache_files_lock(struct cache *, char *err, size_t errlen);
void	cache_files_unlock(int fd);
int	cache_state_create(struct cache *, char *err, size_t errlen);
int	cache_state_read(struct cache *, int fd, struct cache_state *,
	    char *err, size_t errlen);
int	cache_state_write(struct cache *, int fd, struct cache_state *,
	    char *err, size_t errlen);
int	cache_fsync_dir(const char *path, char *err, size_t errlen);

/* cache_journal.c */
int	cache_journal_open(struct cache *, int create,
	    struct cache_journal_hdr *, uint64_t *size, char *err,
	    size_t errlen);
int	cache_journal_append(struct cache *, const struct cache_event *,
	    uint8_t *fileid, uint64_t *size, char *err, size_t errlen);
int	cache_journal_read(struct cache *, int jfd, uint64_t off,
	    struct cache_event *, char *err, size_t errlen);
int	cache_journal_replace(struct cache *, const struct cache_event *evs,
	    size_t n, int oldfd, uint64_t from, uint64_t oldsize,
	    const uint8_t *newid, uint64_t *newsize, char *err,
	    size_t errlen);
char	*cache_journal_tmp(struct cache *);
int	cache_journal_file_id(struct cache *, uint8_t *id);

/* cache_ring.c */
int	cache_ring_full(const struct cache_shm *);
uint64_t cache_ring_newest(struct cache_shm *);
void	cache_ring_insert(struct cache_shm *, const struct cache_event *,
	    uint64_t roff);
void	cache_slot_copy(struct cache_shm *, uint64_t index,
	    struct cache_event *);
void	cache_event_fix_old(struct cache_event *);

/* cache_restore.c */
int	cache_spill_locked(struct cache *, struct cache_shm *, uint32_t after,
	    uint64_t *moved, char *err, size_t errlen);
void	cache_op_finish(struct cache *, struct cache_shm *, int fd);
int	cache_restore_locked(struct cache *, struct cache_shm *, uint64_t *n,
	    char *err, size_t errlen);

#endif
