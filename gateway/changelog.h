/*
 * changelog.h - the gateway's durable changelog: every change an agent
 * reported, numbered, on LMDB (draft-good-ldap-changelog's records; the
 * changelog backend, backends/changelog/, shows them as cn=changelog).
 *
 * Change numbers start at 1, grow by one per record and are never
 * reused, across restarts and after trimming.  An append is one LMDB
 * transaction with its dedupe key, (agent, sequence), and is on disk
 * (fsync'd) when it returns: only then may the agent be acked.  A
 * second append of the same (agent, sequence) writes nothing and
 * returns the first one's number.
 *
 * A password event's new password is handed to the store in clear and
 * sealed before it is written (changelog_seal.c): AES-256-GCM under a
 * key derived from the changelog's key file and the database's own
 * random salt, the nonce the change number.  It never lands on disk in
 * clear and is opened only for a reader that asks (CHANGELOG_UNSEAL).
 *
 * Trimming drops the oldest records, by count (max-entries) and by the
 * time they were stored (max-age), in bounded batches so that the event
 * loop is never held long.  One process writes (the gateway); it keeps
 * the first and last numbers in memory.
 */
#ifndef ESM_CHANGELOG_H
#define ESM_CHANGELOG_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <lber.h>

#include "link_event.h"

struct entry;
struct link_key;

#define CHANGELOG_DN_MAX	1024	/* bytes of a targetDN */
#define CHANGELOG_CHANGES_MAX	(256 * 1024)	/* bytes of LDIF */
#define CHANGELOG_FIELDS_MAX	(LINK_EVENT_FIELDS_MAX * \
				    (LINK_EVENT_FIELD_MAX + 1))
#define CHANGELOG_MAPSIZE	((size_t)1 << 30)
#define CHANGELOG_TRIM_BATCH	512	/* records per trim transaction */

/* draft-good-ldap-changelog's changeType values. */
enum changelog_type {
	CHANGELOG_ADD = 1,
	CHANGELOG_DELETE,
	CHANGELOG_MODIFY,
	CHANGELOG_MODRDN,	/* the draft's; no ESM renames here */
};

/*
 * One record.  Handed to changelog_append() its strings are borrowed
 * from the caller; filled by changelog_read() they belong to the record
 * until changelog_rec_clear().
 */
struct changelog_rec {
	uint64_t		 cr_number;	/* set by append */
	int64_t			 cr_time;	/* the change (changeTime) */
	int64_t			 cr_stored;	/* stored at; append: 0 now */
	enum changelog_type	 cr_type;
	const char		*cr_target;	/* targetDN */
	const char		*cr_changes;	/* LDIF; "" for none */
	int			 cr_by_gateway;	/* origin: the gateway's own
						   request made the change */
	enum link_event_esm	 cr_esm;
	const char		*cr_agent;	/* dedupe key, with cr_seq */
	uint64_t		 cr_seq;
	enum link_event_type	 cr_event;
	const char		*cr_issuer;	/* who issued it ("" if none) */
	const char		*cr_fields;	/* native field names, blank
						   separated ("" if none) */
	/*
	 * The new password in clear (bv_val NULL: none).  Append: borrowed,
	 * the caller zeroes it.  Read: filled only with CHANGELOG_UNSEAL,
	 * owned and zeroed by changelog_rec_clear().
	 */
	struct berval		 cr_password;
	int			 cr_has_password;	/* read: one is sealed */
	/*
	 * Append only, never stored: the entry after the change as the
	 * appender fetched it (borrowed; NULL: none, as for a delete), for
	 * the subscribers (a persistent search sends it).
	 */
	const struct entry	*cr_entry;
	/*
	 * Append only, never stored in the record: the entry after the
	 * change as an add's LDIF (NULL: none).  The store keeps the last
	 * state of each entry, and a modify records, instead of
	 * cr_changes, what differs from the state before it
	 * (changelog_ldif_diff): cr_diff, which the caller frees (also
	 * what subscribers are told).  With no state before, or a diff
	 * longer than CHANGELOG_CHANGES_MAX, the changes stay as given.
	 * A delete, or any record without a state, forgets the state.
	 */
	const char		*cr_state;
	char			*cr_diff;	/* append: set, caller frees */
	void			*cr_priv;	/* read: the record's memory */
};

/*
 * The changes from one state of an entry to the next, both LDIF bodies
 * of an add (one line per value, an attribute's values together): a
 * "replace:" block for each attribute whose lines differ, a "delete:"
 * block for each one gone.  Malloc'ed; "" when nothing differs.
 */
char	*changelog_ldif_diff(const char *before, const char *after);

/* Flags of changelog_read() and changelog_next(). */
#define CHANGELOG_UNSEAL	0x01	/* open the sealed password */

struct changelog_opts {
	const char		*co_dir;	/* created 0700 if missing */
	const struct link_key	*co_key;	/* sealing; copied (derived) */
	uint64_t		 co_max_entries;	/* 0: no limit */
	uint64_t		 co_max_age;	/* seconds; 0: no limit */
	size_t			 co_mapsize;	/* 0: CHANGELOG_MAPSIZE */
};

struct changelog_stats {
	uint64_t		 cs_appended;	/* since open */
	uint64_t		 cs_duplicates;	/* since open */
	uint64_t		 cs_trimmed;	/* ever (kept in the store) */
	uint64_t		 cs_trim_runs;	/* since open */
};

struct changelog;

/*
 * Open (or create) the changelog in co_dir and trim it to its limits.
 * A changelog created with another key file is refused: its passwords
 * could not be opened.  NULL with the reason in err.
 */
struct changelog *changelog_open(const struct changelog_opts *, char *err,
	    size_t errlen);
/* Close; changelog_close(NULL) is a no-op.  The derived key is zeroed. */
void	changelog_close(struct changelog *);
const char *changelog_dir(const struct changelog *);

/* What append did. */
enum changelog_added {
	CHANGELOG_NEW = 0,	/* written under rec->cr_number */
	CHANGELOG_DUPLICATE,	/* (agent, seq) known: nothing written;
				   cr_number is the first record's, or 0
				   when that was trimmed already */
};

/*
 * Append rec (cr_number and, when 0, cr_stored are filled in).  0 with
 * *added, or -1 with a reason: nothing was written and nothing may be
 * acked.  Subscribers are told of a new record once it is durable.
 */
int	changelog_append(struct changelog *, struct changelog_rec *rec,
	    enum changelog_added *added, char *err, size_t errlen);
/*
 * Append recs[0..n) in one transaction, synced once: added[i] says what
 * became of each (a duplicate of a stored record or of one before it in
 * recs).  0, or -1 with a reason: nothing was written, nothing may be
 * acked.  Subscribers are told of the new records in order, once all
 * are durable.
 */
int	changelog_append_batch(struct changelog *,
	    struct changelog_rec *const *recs, size_t n,
	    enum changelog_added *added, char *err, size_t errlen);
/* Record number into rec: 0, 1 when there is none, -1 with a reason. */
int	changelog_read(struct changelog *, uint64_t number, int flags,
	    struct changelog_rec *rec, char *err, size_t errlen);
/* The first record numbered from or more: as changelog_read(). */
int	changelog_next(struct changelog *, uint64_t from, int flags,
	    struct changelog_rec *rec, char *err, size_t errlen);
void	changelog_rec_clear(struct changelog_rec *);

/* The oldest record's number; last + 1 when there are none. */
uint64_t changelog_first(const struct changelog *);
/* The last number given (0: none ever). */
uint64_t changelog_last(const struct changelog *);
uint64_t changelog_count(const struct changelog *);
/* Entries whose last state the store keeps (for esmctl status). */
uint64_t changelog_states(struct changelog *);
const struct changelog_stats *changelog_stats(const struct changelog *);

/*
 * Drop at most batch of the oldest records beyond the limits, as of
 * now.  0 with *trimmed and *more (the limits still want more), or -1.
 */
int	changelog_trim(struct changelog *, time_t now, size_t batch,
	    size_t *trimmed, int *more, char *err, size_t errlen);

/*
 * Subscribers (persistent search, sync): told of each new record after
 * it is durable, in order.  The record is borrowed for the call, with
 * the appender's entry (cr_entry) and no password (cr_password NULL); a
 * subscriber that may see it reads the record again with
 * CHANGELOG_UNSEAL.  A callback may unsubscribe itself or others.
 */
typedef void	changelog_notify_fn(void *arg, const struct changelog_rec *);
struct changelog_sub;
struct changelog_sub *changelog_subscribe(struct changelog *,
	    changelog_notify_fn *fn, void *arg);
void	changelog_unsubscribe(struct changelog *, struct changelog_sub *);

/* changelog_rec.c: a record's BER form in the store. */
int	changelog_rec_encode(const struct changelog_rec *,
	    const unsigned char *sealed, size_t sealedlen, unsigned char **out,
	    size_t *outlen);
/* Decode; the sealed password (if any) is left in rec's memory. */
int	changelog_rec_decode(const void *buf, size_t len,
	    struct changelog_rec *, const char **why);
/* The sealed bytes a decoded record holds (NULL, 0: none). */
const unsigned char *changelog_rec_sealed(const struct changelog_rec *,
	    size_t *len);
/*
 * Room for len bytes of unsealed password (and a NUL) in a decoded
 * record's memory: owned by the record, zeroed when it is cleared.
 */
unsigned char *changelog_rec_password_buf(struct changelog_rec *,
	    size_t len);
/* Refuse a record append cannot store; -1 with a reason. */
int	changelog_rec_check(const struct changelog_rec *, char *err,
	    size_t errlen);
const char *changelog_type_name(enum changelog_type);

/*
 * changelog_seal.c: the key that seals passwords at rest, and sealing.
 * Key: HKDF-SHA256 over the key file's bytes, salt the database's own
 * random salt, info CHANGELOG_SEAL_LABEL.  Nonce: four zero bytes and
 * the change number (a database never gives a number twice, and a new
 * database has a new salt, hence a new key).  Additional data: a label,
 * the number and the targetDN, so sealed bytes moved to another record
 * do not open.
 */
#define CHANGELOG_SEAL_LABEL	"esmgate changelog password v1"
#define CHANGELOG_SALT_LEN	16
#define CHANGELOG_KEY_LEN	32	/* AES-256-GCM */

struct changelog_key {
	unsigned char	ck_bytes[CHANGELOG_KEY_LEN];
};

int	changelog_key_derive(const struct link_key *,
	    const unsigned char salt[CHANGELOG_SALT_LEN],
	    struct changelog_key *);
void	changelog_key_clear(struct changelog_key *);
/* Seal len bytes into out (len + CRYPT_TAG_LEN bytes).  0 or -1. */
int	changelog_seal(const struct changelog_key *, uint64_t number,
	    const char *target, const void *in, size_t len,
	    unsigned char *out);
/* Open inlen sealed bytes into out (inlen - CRYPT_TAG_LEN).  0 or -1. */
int	changelog_unseal(const struct changelog_key *, uint64_t number,
	    const char *target, const unsigned char *in, size_t inlen,
	    unsigned char *out);

#endif
