/*
 * cache_info.c - what the operator sees of the event cache: its state
 * and counters (DISPLAY CACHE) and every event it holds (DISPLAY CACHE
 * EVENTS), the ring and then the journal (cache.h).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "mainframe-agent/cache_int.h"

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
	int jfd, rc = 0, stop = 0;

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
	for (off = from; rc == 0 && !stop && off + CACHE_REC_SIZE <= size;
	    off += CACHE_REC_SIZE) {
		if ((rc = cache_journal_read(c, jfd, off, &ev, err,
		    errlen)) == 0)
			stop = cb(arg, &ev, 1);
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
	int fd, rc, stop = 0;

	if ((rc = cache_enter(c, &sh, err, errlen)) == -1)
		return -1;
	for (i = rc == 0 ? sh->sh_head : 0; rc == 0 && !stop &&
	    i < sh->sh_tail; i++) {
		cache_slot_copy(sh, i, &ev);
		stop = cb(arg, &ev, 0);
	}
	OPENSSL_cleanse(&ev, sizeof(ev));
	if (stop)
		rc = 0;
	else if ((fd = cache_files_lock(c, err, errlen)) == -1)
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
