/*
 * cache_ring.c - the ring's slots and the exits' writes into the event
 * cache: where an event goes, its sequence number, its sealed password
 * (cache.h).
 *
 * Where an event goes: to the ring while the cache is started, the ring
 * has a free slot and the journal holds nothing unrestored; otherwise
 * to the journal, so that an event never overtakes an older one.  The
 * journal's size is compared with what the ring last knew of it before
 * each event: a process without the shared memory may have appended,
 * and then later events follow its record into the journal, numbered
 * after it (the reserved block is dropped).
 */
#include "config.h"

#include <sys/stat.h>

#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>

#include "log.h"
#include "mainframe-agent/cache_int.h"

int
cache_ring_full(const struct cache_shm *sh)
{
	return sh->sh_tail - sh->sh_head >= sh->sh_nslots;
}

/* The newest sequence held or freed: what a restored record must pass. */
uint64_t
cache_ring_newest(struct cache_shm *sh)
{
	uint64_t n = sh->sh_freed_seq;

	if (sh->sh_tail > sh->sh_head &&
	    cache_slot(sh, sh->sh_tail - 1)->ce_seq > n)
		n = cache_slot(sh, sh->sh_tail - 1)->ce_seq;
	return n;
}

/*
 * Copy ev into the next slot and commit it.  roff: for a restored
 * record, the journal offset after it, moved with the commit.  See
 * cache_recover_pending() for how a writer's death in here is repaired.
 */
void
cache_ring_insert(struct cache_shm *sh, const struct cache_event *ev,
    uint64_t roff)
{
	struct cache_event *dst = cache_slot(sh, sh->sh_tail);

	sh->sh_pending_seq = ev->ce_seq;
	sh->sh_pending_roff = roff;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	*dst = *ev;
	dst->ce_check = cache_slot_check(dst);
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	sh->sh_tail++;
	if (roff != 0) {
		sh->sh_restore_off = roff;
		sh->sh_restore_seq = ev->ce_seq;
	}
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	sh->sh_pending_seq = 0;
	if (sh->sh_tail - sh->sh_head > sh->sh_hwm)
		sh->sh_hwm = sh->sh_tail - sh->sh_head;
}

/*
 * Where to cut fields, longer than CACHE_FIELDS_MAX, after the last
 * whole name that fits (fields[CACHE_FIELDS_MAX] is read: a blank there
 * means the name before it is whole).
 */
static size_t
cache_fields_cut(const char *fields)
{
	size_t cut;

	for (cut = CACHE_FIELDS_MAX; cut > 0 && fields[cut] != ' '; cut--)
		;
	while (cut > 0 && fields[cut - 1] == ' ')
		cut--;
	return cut;
}

/*
 * A slot written before key ids existed, with more than
 * CACHE_FIELDS_MAX bytes of field names: its last 4 bytes of names lie
 * where ce_keyid is now.  Cut the names to whole ones that fit and mark
 * the event cut (its consumer reads the whole entry again), and name no
 * key (the gateway tries each of its keys).
 */
void
cache_event_fix_old(struct cache_event *ev)
{
	size_t cut;

	if (ev->ce_fieldslen <= CACHE_FIELDS_MAX)
		return;
	cut = cache_fields_cut(ev->ce_fields);
	memset(ev->ce_fields + cut, 0, sizeof(ev->ce_fields) - cut);
	ev->ce_fieldslen = (uint16_t)cut;
	ev->ce_flags |= CACHE_F_FIELDS_CUT;
	memset(ev->ce_keyid, 0, sizeof(ev->ce_keyid));
}

/*
 * A copy of slot i for a reader, its strings ended within their fields
 * whatever the shared memory holds.
 */
void
cache_slot_copy(struct cache_shm *sh, uint64_t i, struct cache_event *ev)
{
	*ev = *cache_slot(sh, i);
	cache_event_fix_old(ev);
	ev->ce_esm[sizeof(ev->ce_esm) - 1] = '\0';
	ev->ce_exit[sizeof(ev->ce_exit) - 1] = '\0';
	ev->ce_userid[sizeof(ev->ce_userid) - 1] = '\0';
	ev->ce_group[sizeof(ev->ce_group) - 1] = '\0';
	ev->ce_origin[sizeof(ev->ce_origin) - 1] = '\0';
	ev->ce_task[sizeof(ev->ce_task) - 1] = '\0';
	ev->ce_fields[sizeof(ev->ce_fields) - 1] = '\0';
	if (ev->ce_pwlen > sizeof(ev->ce_password))
		ev->ce_pwlen = 0;
}

/* ---- an event from an exit ------------------------------------------- */

static int
cache_copy_name(char *dst, size_t len, const char *src, const char *what,
    char *err, size_t errlen)
{
	if (src == NULL)
		src = "";
	if (strlen(src) >= len) {
		snprintf(err, errlen, "the event's %s %.40s is longer than %zu",
		    what, src, len - 1);
		return -1;
	}
	memcpy(dst, src, strlen(src) + 1);
	return 0;
}

/*
 * Field names that do not fit are cut at the last whole name, and the
 * event says so: its consumer then reads the whole entry again.
 */
static void
cache_copy_fields(struct cache_event *ce, const char *fields)
{
	size_t len = fields != NULL ? strlen(fields) : 0, cut;

	if (len <= CACHE_FIELDS_MAX) {
		memcpy(ce->ce_fields, fields != NULL ? fields : "", len + 1);
		ce->ce_fieldslen = (uint16_t)len;
		return;
	}
	cut = cache_fields_cut(fields);
	memcpy(ce->ce_fields, fields, cut);
	ce->ce_fields[cut] = '\0';
	ce->ce_fieldslen = (uint16_t)cut;
	ce->ce_flags |= CACHE_F_FIELDS_CUT;
}

static int
cache_event_fill(struct cache *c, const struct esm_event *ev,
    struct cache_event *ce, char *err, size_t errlen)
{
	memset(ce, 0, sizeof(*ce));
	ce->ce_time = (int64_t)ev->ee_time;
	ce->ce_type = (uint16_t)ev->ee_type;
	if (cache_copy_name(ce->ce_esm, sizeof(ce->ce_esm), ev->ee_esm,
	    "ESM", err, errlen) == -1 ||
	    cache_copy_name(ce->ce_exit, sizeof(ce->ce_exit), ev->ee_exit,
	    "exit", err, errlen) == -1 ||
	    cache_copy_name(ce->ce_userid, sizeof(ce->ce_userid),
	    ev->ee_userid, "userid", err, errlen) == -1 ||
	    cache_copy_name(ce->ce_group, sizeof(ce->ce_group), ev->ee_group,
	    "group", err, errlen) == -1 ||
	    cache_copy_name(ce->ce_origin, sizeof(ce->ce_origin),
	    ev->ee_origin, "origin", err, errlen) == -1)
		return -1;
	memcpy(ce->ce_task, c->c_task, sizeof(ce->ce_task));
	cache_copy_fields(ce, ev->ee_fields);
	if (ev->ee_password != NULL &&
	    strlen(ev->ee_password) > EVENT_PASSWORD_MAX) {
		ce->ce_flags |= CACHE_F_PASSWORD_LONG;
		log_warnx("event cache %s: the new password of %s is longer "
		    "than %d bytes: its event is kept without it", c->c_name,
		    ce->ce_userid, EVENT_PASSWORD_MAX);
	}
	return 0;
}

/*
 * Seal the password the moment the event has its sequence number.
 * During a key change (a previous key configured) it is sealed under the
 * previous key: every gateway holds that one until the change ends,
 * whether it took the new key before this agent or not; a gateway still
 * on the old key alone could not open a password sealed under the new.
 */
static int
cache_event_seal(struct cache *c, struct cache_event *ce, const char *pw,
    char *err, size_t errlen)
{
	const struct cache_key *k = &c->c_keys[c->c_nkeys - 1];
	size_t n;

	if (pw == NULL || (ce->ce_flags & CACHE_F_PASSWORD_LONG))
		return 0;
	n = strlen(pw);
	memcpy(ce->ce_keyid, k->ck_id, sizeof(ce->ce_keyid));
	if (event_seal_password(&k->ck_pw, c->c_agent, ce->ce_seq,
	    ce->ce_userid, pw, n, ce->ce_password) == -1) {
		snprintf(err, errlen, "cannot seal the password of event %llu",
		    (unsigned long long)ce->ce_seq);
		return -1;
	}
	ce->ce_pwlen = (uint16_t)(n + CRYPT_TAG_LEN);
	ce->ce_flags |= CACHE_F_PASSWORD;
	return 0;
}

/*
 * Did the journal change behind the ring's back (a process without the
 * shared memory appended)?  Then it holds events numbered after our
 * block: drop the block, and send later events after them.
 */
static int
cache_journal_changed(struct cache *c, struct cache_shm *sh)
{
	struct stat st;
	uint64_t size = 0;

	if (stat(c->c_journal, &st) == 0)
		size = (uint64_t)st.st_size;
	if (size == sh->sh_journal_size)
		return 0;
	sh->sh_journal_pending = 1;
	sh->sh_next_seq = sh->sh_seq_limit;
	return 1;
}

/* The next block of sequence numbers, durable before any is used. */
static int
cache_seq_reserve(struct cache *c, struct cache_shm *sh, int fd, char *err,
    size_t errlen)
{
	struct cache_state st;
	uint64_t start;

	(void)cache_journal_changed(c, sh);
	if (cache_state_read(c, fd, &st, err, errlen) == -1)
		return -1;
	start = st.cs_seq_next > sh->sh_seq_limit ? st.cs_seq_next :
	    sh->sh_seq_limit;
	st.cs_seq_next = start + CACHE_SEQ_BLOCK;
	if (cache_state_write(c, fd, &st, err, errlen) == -1)
		return -1;
	sh->sh_next_seq = start;
	sh->sh_seq_limit = start + CACHE_SEQ_BLOCK;
	return 0;
}

/* The next sequence; takes the file lock into *fd if it must reserve. */
static int
cache_seq_next(struct cache *c, struct cache_shm *sh, int *fd,
    uint64_t *seq, char *err, size_t errlen)
{
	if (sh->sh_next_seq >= sh->sh_seq_limit) {
		if (*fd == -1 &&
		    (*fd = cache_files_lock(c, err, errlen)) == -1)
			return -1;
		if (cache_seq_reserve(c, sh, *fd, err, errlen) == -1)
			return -1;
	}
	*seq = sh->sh_next_seq++;
	return 0;
}

/* An event into the journal, as the ring knows it afterwards. */
static int
cache_put_journal(struct cache *c, struct cache_shm *sh,
    const struct cache_event *ce, char *err, size_t errlen)
{
	uint8_t id[CACHE_FILE_ID];
	uint64_t size;

	if (cache_journal_append(c, ce, id, &size, err, errlen) == -1)
		return -1;
	if (memcmp(id, sh->sh_journal_id, CACHE_FILE_ID) != 0) {
		/* A journal made just now: restore from its start. */
		memcpy(sh->sh_journal_id, id, CACHE_FILE_ID);
		sh->sh_restore_off = CACHE_HDR_SIZE;
		sh->sh_restore_seq = 0;
	}
	sh->sh_journal_size = size;
	sh->sh_journal_pending = 1;
	sh->sh_spilled++;
	return 0;
}

static int
cache_put_shared(struct cache *c, struct cache_shm *sh,
    struct cache_event *ce, const char *pw, char *err, size_t errlen)
{
	int fd = -1, journal, rc = -1;

	journal = sh->sh_state != CACHE_STARTED || sh->sh_journal_pending ||
	    cache_ring_full(sh);
	if (cache_journal_changed(c, sh))
		journal = 1;
	if (journal) {
		if ((fd = cache_files_lock(c, err, errlen)) == -1)
			return -1;
		/* Under the lock the size is final. */
		(void)cache_journal_changed(c, sh);
	}
	if (cache_seq_next(c, sh, &fd, &ce->ce_seq, err, errlen) == -1)
		goto done;
	if (!journal && sh->sh_journal_pending)
		journal = 1;	/* found while reserving, lock held */
	if (cache_event_seal(c, ce, pw, err, errlen) == -1)
		goto done;
	if (!journal)
		cache_ring_insert(sh, ce, 0);
	else if (cache_put_journal(c, sh, ce, err, errlen) == -1)
		goto done;
	sh->sh_written++;
	rc = 0;
done:
	cache_files_unlock(fd);
	return rc;
}

/* Without shared memory: a sequence from the state file, the journal. */
static int
cache_put_unshared(struct cache *c, struct cache_event *ce, const char *pw,
    char *err, size_t errlen)
{
	struct cache_state st;
	uint8_t id[CACHE_FILE_ID];
	uint64_t size;
	int fd, rc = -1;

	if ((fd = cache_files_lock(c, err, errlen)) == -1)
		return -1;
	if (cache_state_read(c, fd, &st, err, errlen) == -1)
		goto done;
	ce->ce_seq = st.cs_seq_next++;
	if (cache_state_write(c, fd, &st, err, errlen) == -1 ||
	    cache_event_seal(c, ce, pw, err, errlen) == -1 ||
	    cache_journal_append(c, ce, id, &size, err, errlen) == -1)
		goto done;
	rc = 0;
done:
	cache_files_unlock(fd);
	return rc;
}

int
cache_put(struct cache *c, const struct esm_event *ev, char *err,
    size_t errlen)
{
	struct cache_event ce;
	struct cache_shm *sh;
	int rc;

	if (cache_event_fill(c, ev, &ce, err, errlen) == -1)
		return -1;
	if ((rc = cache_enter(c, &sh, err, errlen)) == 0) {
		rc = cache_put_shared(c, sh, &ce, ev->ee_password, err,
		    errlen);
		cache_leave(sh);
	} else if (rc == 1)
		rc = cache_put_unshared(c, &ce, ev->ee_password, err, errlen);
	if (rc == 0)
		log_debug(LOG_CAT_CACHE, "event %llu: %s %s (%s) by %s",
		    (unsigned long long)ce.ce_seq,
		    esm_event_type_name(ev->ee_type), ce.ce_userid,
		    ce.ce_fields, ce.ce_origin);
	OPENSSL_cleanse(&ce, sizeof(ce));
	return rc;
}

void
cache_exit(void *arg, const struct esm_event *ev)
{
	struct cache *c = arg;
	char err[512];

	if (cache_put(c, ev, err, sizeof(err)) == 0)
		return;
	log_err("event cache %s: the %s event of %s was NOT RECORDED: %s",
	    c->c_name, esm_event_type_name(ev->ee_type),
	    ev->ee_userid != NULL ? ev->ee_userid : "?", err);
	pthread_mutex_lock(&c->c_mtx);
	c->c_failures++;
	snprintf(c->c_last_error, sizeof(c->c_last_error), "%s", err);
	pthread_mutex_unlock(&c->c_mtx);
}

unsigned long
cache_failures(struct cache *c, char *why, size_t whylen)
{
	unsigned long n;

	pthread_mutex_lock(&c->c_mtx);
	n = c->c_failures;
	snprintf(why, whylen, "%s", c->c_last_error);
	pthread_mutex_unlock(&c->c_mtx);
	return n;
}
