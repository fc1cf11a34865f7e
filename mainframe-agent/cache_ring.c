/*
 * cache_ring.c - events into the event cache and out of it: the exits'
 * writes, sequence numbers, spilling to the journal and restoring from
 * it, consumers, and what the operator sees (cache.h).
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

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "log.h"
#include "xmalloc.h"
#include "mainframe-agent/cache_int.h"

int
cache_ring_full(const struct cache_shm *sh)
{
	return sh->sh_tail - sh->sh_head >= sh->sh_nslots;
}

/* The newest sequence held or freed: what a restored record must pass. */
static uint64_t
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
 * A copy of slot i for a reader, its strings ended within their fields
 * whatever the shared memory holds.
 */
static void
cache_slot_copy(struct cache_shm *sh, uint64_t i, struct cache_event *ev)
{
	*ev = *cache_slot(sh, i);
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
	for (cut = CACHE_FIELDS_MAX; cut > 0 && fields[cut] != ' '; cut--)
		;
	while (cut > 0 && fields[cut - 1] == ' ')
		cut--;
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

/* Seal the password the moment the event has its sequence number. */
static int
cache_event_seal(struct cache *c, struct cache_event *ce, const char *pw,
    char *err, size_t errlen)
{
	size_t n;

	if (pw == NULL || (ce->ce_flags & CACHE_F_PASSWORD_LONG))
		return 0;
	n = strlen(pw);
	if (event_seal_password(&c->c_pwkey, c->c_agent, ce->ce_seq,
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

/* ---- journal replacements -------------------------------------------- */

/*
 * A journal replacement announced in sh_op is on disk: make the ring
 * and the state file agree with it (also run by recovery).
 */
void
cache_op_finish(struct cache *c, struct cache_shm *sh, int fd)
{
	struct cache_state st;
	struct stat sb;
	char err[512];

	if (sh->sh_op == CACHE_OP_SPILL) {
		sh->sh_spilled += sh->sh_tail - sh->sh_head;
		sh->sh_head = sh->sh_tail;
		sh->sh_state = sh->sh_op_after;
	}
	memcpy(sh->sh_journal_id, sh->sh_op_id, CACHE_FILE_ID);
	sh->sh_restore_off = CACHE_HDR_SIZE;
	sh->sh_restore_seq = 0;
	sh->sh_journal_size = stat(c->c_journal, &sb) == 0 ?
	    (uint64_t)sb.st_size : 0;
	sh->sh_journal_pending = sh->sh_journal_size > CACHE_HDR_SIZE;
	sh->sh_op = CACHE_OP_NONE;
	if (cache_state_read(c, fd, &st, err, sizeof(err)) == 0) {
		memcpy(st.cs_journal_id, sh->sh_journal_id, CACHE_FILE_ID);
		st.cs_restore_off = CACHE_HDR_SIZE;
		st.cs_restore_seq = 0;
		if (cache_state_write(c, fd, &st, err, sizeof(err)) == 0)
			return;
	}
	/* The journal's new id tells a later start to begin at its head. */
	log_warnx("event cache %s: %s", c->c_name, err);
}

/* The journal's unrestored records: from where, up to what size. */
static int
cache_journal_unrestored(struct cache *c, struct cache_shm *sh,
    struct cache_journal_hdr *h, uint64_t *from, uint64_t *size,
    char *err, size_t errlen)
{
	int jfd;

	jfd = cache_journal_open(c, 0, h, size, err, errlen);
	if (jfd < 0)
		return jfd;
	*from = CACHE_HDR_SIZE;
	if (memcmp(h->jh_fileid, sh->sh_journal_id, CACHE_FILE_ID) == 0)
		*from = sh->sh_restore_off;
	if (*from > *size || (*from - CACHE_HDR_SIZE) % CACHE_REC_SIZE) {
		snprintf(err, errlen, "journal %s is shorter than what was "
		    "restored from it (%llu of %llu bytes): it was cut",
		    c->c_journal, (unsigned long long)*size,
		    (unsigned long long)*from);
		close(jfd);
		return -1;
	}
	return jfd;
}

/*
 * Move the ring into the journal, before the records it holds (which
 * are newer), and leave the cache in state after.  sh locked.
 */
int
cache_spill_locked(struct cache *c, struct cache_shm *sh, uint32_t after,
    uint64_t *moved, char *err, size_t errlen)
{
	struct cache_journal_hdr h;
	struct cache_event *evs = NULL;
	uint64_t n = sh->sh_tail - sh->sh_head, from = 0, size = 0, i;
	uint8_t id[CACHE_FILE_ID];
	int fd, jfd = -2, rc = -1;

	*moved = 0;
	if (n == 0) {
		sh->sh_state = after;
		return 0;
	}
	if ((fd = cache_files_lock(c, err, errlen)) == -1)
		return -1;
	jfd = cache_journal_unrestored(c, sh, &h, &from, &size, err, errlen);
	if (jfd == -1)
		goto done;
	evs = xreallocarray(NULL, (size_t)n, sizeof(*evs));
	for (i = 0; i < n; i++)
		evs[i] = *cache_slot(sh, sh->sh_head + i);
	cache_random_id(id);
	memcpy(sh->sh_op_id, id, CACHE_FILE_ID);
	sh->sh_op_after = after;
	sh->sh_op = CACHE_OP_SPILL;
	if (cache_journal_replace(c, evs, (size_t)n, jfd, from, size, id,
	    &size, err, errlen) == -1) {
		sh->sh_op = CACHE_OP_NONE;
		goto done;
	}
	cache_op_finish(c, sh, fd);
	*moved = n;
	rc = 0;
done:
	if (evs != NULL)
		xfree_secret(evs, (size_t)n * sizeof(*evs));
	if (jfd >= 0)
		close(jfd);
	cache_files_unlock(fd);
	return rc;
}

/* A journal restored to its end is replaced by an empty one. */
static int
cache_journal_empty(struct cache *c, struct cache_shm *sh, int fd,
    char *err, size_t errlen)
{
	uint8_t id[CACHE_FILE_ID];
	uint64_t size;

	cache_random_id(id);
	memcpy(sh->sh_op_id, id, CACHE_FILE_ID);
	sh->sh_op = CACHE_OP_EMPTY;
	if (cache_journal_replace(c, NULL, 0, -1, 0, 0, id, &size, err,
	    errlen) == -1) {
		sh->sh_op = CACHE_OP_NONE;
		return -1;
	}
	cache_op_finish(c, sh, fd);
	return 0;
}

/* ---- restoring -------------------------------------------------------- */

static void
cache_damage(struct cache *c, struct cache_shm *sh, const char *err)
{
	if (strcmp(sh->sh_damage, err) != 0)
		log_err("event cache %s: %s; the records from there on stay "
		    "in the journal", c->c_name, err);
	snprintf(sh->sh_damage, sizeof(sh->sh_damage), "%s", err);
}

/* Records from sh_restore_off into free slots, in order. */
static int
cache_restore_records(struct cache *c, struct cache_shm *sh, int jfd,
    uint64_t size, uint64_t *n, char *err, size_t errlen)
{
	struct cache_event ev;
	uint64_t off, last;
	int rc = 0;

	while ((off = sh->sh_restore_off) < size && !cache_ring_full(sh)) {
		if (cache_journal_read(c, jfd, off, &ev, err, errlen) == -1) {
			rc = -1;
			break;
		}
		last = cache_ring_newest(sh);
		if (sh->sh_restore_seq > last)
			last = sh->sh_restore_seq;
		if (ev.ce_seq <= last) {
			snprintf(err, errlen, "journal %s: record at offset "
			    "%llu holds event %llu, not after event %llu: "
			    "records were replayed or reordered", c->c_journal,
			    (unsigned long long)off,
			    (unsigned long long)ev.ce_seq,
			    (unsigned long long)last);
			rc = -1;
			break;
		}
		ev.ce_gen++;	/* a later seal gets a new nonce */
		cache_ring_insert(sh, &ev, off + CACHE_REC_SIZE);
		sh->sh_restored++;
		(*n)++;
	}
	OPENSSL_cleanse(&ev, sizeof(ev));
	return rc;
}

/* Where the restore got to, for a start after the memory is lost. */
static void
cache_restore_note(struct cache *c, struct cache_shm *sh, int fd)
{
	struct cache_state st;
	char err[512];

	if (cache_state_read(c, fd, &st, err, sizeof(err)) == 0) {
		memcpy(st.cs_journal_id, sh->sh_journal_id, CACHE_FILE_ID);
		st.cs_restore_off = sh->sh_restore_off;
		st.cs_restore_seq = sh->sh_restore_seq;
		if (cache_state_write(c, fd, &st, err, sizeof(err)) == 0)
			return;
	}
	log_warnx("event cache %s: %s", c->c_name, err);
}

static int
cache_restore_locked(struct cache *c, struct cache_shm *sh, uint64_t *n,
    char *err, size_t errlen)
{
	struct cache_journal_hdr h;
	uint64_t size;
	int fd, jfd, rc = -1;

	*n = 0;
	if (sh->sh_state != CACHE_STARTED || !sh->sh_journal_pending ||
	    cache_ring_full(sh))
		return 0;
	if ((fd = cache_files_lock(c, err, errlen)) == -1)
		return -1;
	jfd = cache_journal_open(c, 0, &h, &size, err, errlen);
	if (jfd == -2) {
		log_warnx("event cache %s: journal %s is gone", c->c_name,
		    c->c_journal);
		sh->sh_journal_pending = 0;
		sh->sh_journal_size = 0;
		rc = 0;
		goto done;
	}
	if (jfd == -1) {
		cache_damage(c, sh, err);
		goto done;
	}
	if (memcmp(h.jh_fileid, sh->sh_journal_id, CACHE_FILE_ID) != 0) {
		memcpy(sh->sh_journal_id, h.jh_fileid, CACHE_FILE_ID);
		sh->sh_restore_off = CACHE_HDR_SIZE;
		sh->sh_restore_seq = 0;
	}
	sh->sh_journal_size = size;
	if (cache_restore_records(c, sh, jfd, size, n, err, errlen) == -1) {
		cache_damage(c, sh, err);
		goto note;
	}
	sh->sh_damage[0] = '\0';
	rc = 0;
	if (sh->sh_restore_off >= size &&
	    cache_journal_empty(c, sh, fd, err, errlen) == 0)
		goto done;	/* the state file was told */
note:
	if (*n > 0)
		cache_restore_note(c, sh, fd);
done:
	if (jfd >= 0)
		close(jfd);
	cache_files_unlock(fd);
	return rc;
}

/* ---- operator and consumer entry points ------------------------------- */

/*
 * Lock the ring for an operation that needs one (what names it): -1
 * with the reason when this process has no shared memory.
 */
static int
cache_enter_ring(struct cache *c, struct cache_shm **sh, const char *what,
    char *err, size_t errlen)
{
	int rc;

	if ((rc = cache_enter(c, sh, err, errlen)) != 1)
		return rc;
	snprintf(err, errlen, "event cache %s has no shared memory (%s): "
	    "events go straight to journal %s; %s is not possible",
	    c->c_name, c->c_why, c->c_journal, what);
	return -1;
}

/* Restore what fits; start: take events into the ring again first. */
static int
cache_restore_run(struct cache *c, int start, uint64_t *n, char *err,
    size_t errlen)
{
	struct cache_shm *sh;
	int rc;

	*n = 0;
	if (cache_enter_ring(c, &sh, start ? "START" : "restoring", err,
	    errlen) == -1)
		return -1;
	if (start)
		sh->sh_state = CACHE_STARTED;
	rc = cache_restore_locked(c, sh, n, err, errlen);
	cache_leave(sh);
	return rc;
}

int
cache_restore(struct cache *c, uint64_t *n, char *err, size_t errlen)
{
	return cache_restore_run(c, 0, n, err, errlen);
}

int
cache_start(struct cache *c, uint64_t *n, char *err, size_t errlen)
{
	return cache_restore_run(c, 1, n, err, errlen);
}

int
cache_stop(struct cache *c, uint64_t *moved, char *err, size_t errlen)
{
	struct cache_shm *sh;
	int rc;

	*moved = 0;
	if (cache_enter_ring(c, &sh, "STOP", err, errlen) == -1)
		return -1;
	rc = cache_spill_locked(c, sh, CACHE_STOPPED, moved, err, errlen);
	cache_leave(sh);
	return rc;
}

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

/* ---- what the operator sees ----------------------------------------- */

/* Records waiting in the journal and its bytes (file lock held). */
static void
cache_info_journal(struct cache *c, struct cache_shm *sh, int fd,
    struct cache_info *ci)
{
	struct cache_journal_hdr h;
	struct cache_state st;
	uint64_t from = CACHE_HDR_SIZE, size;
	char err[512];
	int jfd;

	jfd = cache_journal_open(c, 0, &h, &size, err, sizeof(err));
	if (jfd == -1) {
		snprintf(ci->ci_damage, sizeof(ci->ci_damage), "%s", err);
		return;
	}
	if (jfd == -2)
		return;
	ci->ci_journal_bytes = size;
	if (sh != NULL) {
		if (memcmp(h.jh_fileid, sh->sh_journal_id, CACHE_FILE_ID) ==
		    0)
			from = sh->sh_restore_off;
	} else if (cache_state_read(c, fd, &st, err, sizeof(err)) == 0 &&
	    memcmp(h.jh_fileid, st.cs_journal_id, CACHE_FILE_ID) == 0)
		from = st.cs_restore_off;
	if (from < size)
		ci->ci_journal_records = (size - from) / CACHE_REC_SIZE;
	close(jfd);
}

static void
cache_info_ring(struct cache_shm *sh, struct cache_info *ci)
{
	int i;

	ci->ci_shared = 1;
	ci->ci_started = sh->sh_state == CACHE_STARTED;
	ci->ci_slots = sh->sh_nslots;
	ci->ci_depth = sh->sh_tail - sh->sh_head;
	ci->ci_hwm = sh->sh_hwm;
	ci->ci_written = sh->sh_written;
	ci->ci_spilled = sh->sh_spilled;
	ci->ci_restored = sh->sh_restored;
	ci->ci_delivered = sh->sh_delivered;
	ci->ci_recovered = sh->sh_recovered;
	ci->ci_lost = sh->sh_lost;
	if (sh->sh_next_seq < sh->sh_seq_limit)
		ci->ci_next_seq = sh->sh_next_seq;
	if (ci->ci_depth > 0) {
		ci->ci_oldest = cache_slot(sh, sh->sh_head)->ce_seq;
		ci->ci_newest = cache_slot(sh, sh->sh_tail - 1)->ce_seq;
	}
	for (i = 0; i < CACHE_MAX_CONSUMERS; i++) {
		if (!sh->sh_cons[i].cr_used)
			continue;
		snprintf(ci->ci_consumers[ci->ci_nconsumers].name,
		    CACHE_CONSUMER_NAME, "%s", sh->sh_cons[i].cr_name);
		ci->ci_consumers[ci->ci_nconsumers++].acked =
		    sh->sh_cons[i].cr_acked;
	}
	snprintf(ci->ci_damage, sizeof(ci->ci_damage), "%s", sh->sh_damage);
}

int
cache_info(struct cache *c, struct cache_info *ci, char *err, size_t errlen)
{
	struct cache_state st;
	struct cache_shm *sh;
	int fd, rc;

	memset(ci, 0, sizeof(*ci));
	snprintf(ci->ci_name, sizeof(ci->ci_name), "%s", c->c_name);
	snprintf(ci->ci_journal, sizeof(ci->ci_journal), "%s", c->c_journal);
	if ((rc = cache_enter(c, &sh, err, errlen)) == -1)
		return -1;
	ci->ci_failures = cache_failures(c, ci->ci_failure,
	    sizeof(ci->ci_failure));
	if (rc == 1)
		snprintf(ci->ci_why, sizeof(ci->ci_why), "%s", c->c_why);
	else
		cache_info_ring(sh, ci);
	if ((fd = cache_files_lock(c, err, errlen)) != -1) {
		cache_info_journal(c, sh, fd, ci);
		if (ci->ci_next_seq == 0 &&
		    cache_state_read(c, fd, &st, err, errlen) == 0)
			ci->ci_next_seq = st.cs_seq_next;
		cache_files_unlock(fd);
	}
	if (rc == 0)
		cache_leave(sh);
	return fd == -1 ? -1 : 0;
}

/* The journal's unrestored records, oldest first (file lock held). */
static int
cache_list_journal(struct cache *c, struct cache_shm *sh, int fd,
    cache_list_cb cb, void *arg, char *err, size_t errlen)
{
	struct cache_journal_hdr h;
	struct cache_event ev;
	struct cache_state st;
	uint64_t from = CACHE_HDR_SIZE, size, off;
	int jfd, rc = 0;

	if ((jfd = cache_journal_open(c, 0, &h, &size, err, errlen)) == -2)
		return 0;
	if (jfd == -1)
		return -1;
	if (sh != NULL && memcmp(h.jh_fileid, sh->sh_journal_id,
	    CACHE_FILE_ID) == 0)
		from = sh->sh_restore_off;
	else if (sh == NULL && cache_state_read(c, fd, &st, err,
	    errlen) == 0 && memcmp(h.jh_fileid, st.cs_journal_id,
	    CACHE_FILE_ID) == 0)
		from = st.cs_restore_off;
	for (off = from; rc == 0 && off + CACHE_REC_SIZE <= size;
	    off += CACHE_REC_SIZE) {
		if ((rc = cache_journal_read(c, jfd, off, &ev, err,
		    errlen)) == 0)
			cb(arg, &ev, 1);
	}
	OPENSSL_cleanse(&ev, sizeof(ev));
	close(jfd);
	return rc;
}

int
cache_list(struct cache *c, cache_list_cb cb, void *arg, char *err,
    size_t errlen)
{
	struct cache_event ev;
	struct cache_shm *sh;
	uint64_t i;
	int fd, rc;

	if ((rc = cache_enter(c, &sh, err, errlen)) == -1)
		return -1;
	for (i = rc == 0 ? sh->sh_head : 0; rc == 0 && i < sh->sh_tail;
	    i++) {
		cache_slot_copy(sh, i, &ev);
		cb(arg, &ev, 0);
	}
	if ((fd = cache_files_lock(c, err, errlen)) == -1)
		rc = -1;
	else {
		rc = cache_list_journal(c, rc == 0 ? sh : NULL, fd, cb, arg,
		    err, errlen);
		cache_files_unlock(fd);
	}
	if (sh != NULL)
		cache_leave(sh);
	return rc;
}
