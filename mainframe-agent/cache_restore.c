/*
 * cache_restore.c - moving events between the ring and the journal:
 * STOP moves the ring into the journal ahead of the records there,
 * START and every free slot bring records back in order, and a journal
 * restored to its end is replaced by an empty one (cache.h).
 *
 * A journal replacement is announced in sh_op before the rename that
 * makes it real, so that recovery can tell whether it happened.  A
 * restored record moves the restore offset in the same commit as its
 * slot (cache_ring_insert), so a crash in the middle neither loses nor
 * repeats one; the offset is also written to the state file after each
 * batch, for a start after the shared memory is lost.  A record that
 * fails to open, or whose sequence does not follow what the ring has
 * seen, is damage: reported with the file and offset, never skipped.
 */
#include "config.h"

#include <sys/stat.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "log.h"
#include "xmalloc.h"
#include "mainframe-agent/cache_int.h"

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

int
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

/* ---- START, STOP, restore --------------------------------------------- */

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
