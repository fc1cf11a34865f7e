/*
 * cache.c - opening the event cache, its lock, and repairs after a
 * process died holding it (cache.h, cache_int.h).
 *
 * The shared memory object is made once, by whichever process needs it
 * first, under the file lock, and published by writing its magic last:
 * a process that finds an object without magic waits for the file lock
 * and, if the object is still unfinished, knows its maker died and
 * makes it again.
 *
 * The ring's mutex is robust: when its holder dies, the next process to
 * lock it gets EOWNERDEAD and repairs what the dead one left half done
 * (cache_recover) before marking it consistent.  Writers keep the state
 * repairable: an event is copied into its slot, checksummed, and only
 * then committed by one store of sh_tail, with sh_pending_seq naming it
 * meanwhile; a journal replacement is announced in sh_op before the
 * rename that makes it real.
 */
#include "config.h"

#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "log.h"
#include "xmalloc.h"
#include "mainframe-agent/cache_int.h"

#define CACHE_OPEN_TRIES	16
#define CACHE_JOURNAL_LABEL	"esmgate cache journal v1"
#define CACHE_KEYID_LABEL	"esmgate cache journal key id v1"

static size_t
cache_hdr_size(void)
{
	size_t pg = 4096;

	return (sizeof(struct cache_shm) + pg - 1) / pg * pg;
}

struct cache_event *
cache_slot(struct cache_shm *sh, uint64_t index)
{
	return (struct cache_event *)((char *)sh + sh->sh_hdr_size +
	    (size_t)(index % sh->sh_nslots) * CACHE_SLOT_SIZE);
}

/* FNV-1a over the sequence and everything after the checksum. */
uint64_t
cache_slot_check(const struct cache_event *ev)
{
	const unsigned char *p = (const unsigned char *)ev;
	uint64_t h = 0xcbf29ce484222325ULL ^ ev->ce_seq;
	size_t i;

	for (i = 16; i < CACHE_SLOT_SIZE; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h == 0 ? 1 : h;
}

void
cache_random_id(uint8_t *id)
{
	if (RAND_bytes(id, CACHE_FILE_ID) != 1)
		fatalx("no random bytes from OpenSSL for a journal id");
}

void
cache_default_name(const char *database, char *buf, size_t len)
{
	char *real = realpath(database, NULL), name[LINK_MAX_IDENTITY + 1];
	const char *p = real != NULL ? real : database, *base;
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	base = strrchr(p, '/') != NULL && strrchr(p, '/')[1] != '\0' ?
	    strrchr(p, '/') + 1 : p;
	snprintf(name, sizeof(name), "%s", base);
	for (; *p != '\0'; p++) {
		h ^= (unsigned char)*p;
		h *= 0x100000001b3ULL;
	}
	free(real);
	for (i = 0; name[i] != '\0'; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') ||
		    (name[i] >= 'A' && name[i] <= 'Z') ||
		    (name[i] >= '0' && name[i] <= '9') || name[i] == '-' ||
		    name[i] == '.' || name[i] == '_'))
			name[i] = '_';
	/*
	 * One database, one cache, whichever agent or console opens it: an
	 * agent of another sharing group is refused by the check at attach.
	 */
	snprintf(buf, len, "/esmgate-%s-%08x", name,
	    (unsigned int)(h ^ (h >> 32)));
}

/* ---- repairs --------------------------------------------------------- */

static const char *
cache_op_name(uint32_t op)
{
	return op == CACHE_OP_SPILL ? "moving the ring to the journal" :
	    "emptying the restored journal";
}

/* A journal replacement its maker did not finish (sh_op). */
static void
cache_recover_op(struct cache *c, struct cache_shm *sh, int fd)
{
	uint8_t id[CACHE_FILE_ID];
	char *tmp;

	if (sh->sh_op == CACHE_OP_NONE)
		return;
	if (cache_journal_file_id(c, id) == 0 &&
	    memcmp(id, sh->sh_op_id, CACHE_FILE_ID) == 0) {
		log_warnx("event cache %s: %s was done on disk; finishing it",
		    c->c_name, cache_op_name(sh->sh_op));
		cache_op_finish(c, sh, fd);
		return;
	}
	log_warnx("event cache %s: %s did not happen; the ring and journal "
	    "are as before it", c->c_name, cache_op_name(sh->sh_op));
	tmp = cache_journal_tmp(c);
	(void)unlink(tmp);
	free(tmp);
	sh->sh_op = CACHE_OP_NONE;
}

/* An event its writer did not finish committing (sh_pending_seq). */
static void
cache_recover_pending(struct cache *c, struct cache_shm *sh)
{
	uint64_t seq = sh->sh_pending_seq, roff = sh->sh_pending_roff;
	struct cache_event *s;

	if (seq == 0)
		return;
	sh->sh_pending_seq = 0;
	if (sh->sh_tail > sh->sh_head &&
	    (s = cache_slot(sh, sh->sh_tail - 1))->ce_seq == seq &&
	    s->ce_check == cache_slot_check(s))
		goto committed;
	s = cache_slot(sh, sh->sh_tail);
	if (sh->sh_tail - sh->sh_head < sh->sh_nslots && s->ce_seq == seq &&
	    s->ce_check == cache_slot_check(s)) {
		sh->sh_tail++;
		log_warnx("event cache %s: event %llu was whole in its slot; "
		    "kept", c->c_name, (unsigned long long)seq);
		goto committed;
	}
	if (roff != 0) {
		log_warnx("event cache %s: journal record of event %llu was "
		    "not restored; it stays in the journal", c->c_name,
		    (unsigned long long)seq);
		return;
	}
	sh->sh_lost++;
	log_err("event cache %s: event %llu was LOST: its writer died while "
	    "copying it into the ring", c->c_name, (unsigned long long)seq);
	return;
committed:
	if (roff != 0) {
		sh->sh_restore_off = roff;
		sh->sh_restore_seq = seq;
	}
}

/* The indexes and the sequence block within their bounds. */
static void
cache_recover_bounds(struct cache_shm *sh)
{
	if (sh->sh_tail < sh->sh_head)
		sh->sh_tail = sh->sh_head;
	if (sh->sh_tail - sh->sh_head > sh->sh_nslots)
		sh->sh_head = sh->sh_tail - sh->sh_nslots;
	if (sh->sh_next_seq > sh->sh_seq_limit)
		sh->sh_seq_limit = sh->sh_next_seq;
	if (sh->sh_state != CACHE_STARTED && sh->sh_state != CACHE_STOPPED)
		sh->sh_state = CACHE_STARTED;
}

/* We hold sh_mtx after its holder died: make the state consistent. */
static void
cache_recover(struct cache *c, struct cache_shm *sh)
{
	char err[512];
	int fd;

	log_warnx("event cache %s: process %d died holding the cache lock; "
	    "repairing", c->c_name, (int)sh->sh_owner);
	sh->sh_recovered++;
	cache_recover_bounds(sh);
	cache_recover_pending(c, sh);
	if (sh->sh_op != CACHE_OP_NONE) {
		if ((fd = cache_files_lock(c, err, sizeof(err))) == -1)
			log_warnx("event cache %s: %s", c->c_name, err);
		else {
			cache_recover_op(c, sh, fd);
			cache_files_unlock(fd);
		}
	}
	if (sh->sh_tail - sh->sh_head > sh->sh_hwm)
		sh->sh_hwm = sh->sh_tail - sh->sh_head;
}

static int
cache_lock_shm(struct cache *c, struct cache_shm *sh, char *err,
    size_t errlen)
{
	int e;

	e = pthread_mutex_lock(&sh->sh_mtx);
	if (e == EOWNERDEAD) {
		cache_recover(c, sh);
		pthread_mutex_consistent(&sh->sh_mtx);
	} else if (e != 0) {
		snprintf(err, errlen, "event cache %s: cannot take its lock: "
		    "%s", c->c_name, strerror(e));
		return -1;
	}
	sh->sh_owner = (int32_t)getpid();
	return 0;
}

int
cache_lock(struct cache *c, char *err, size_t errlen)
{
	return cache_lock_shm(c, c->c_shm, err, errlen);
}

void
cache_unlock(struct cache *c)
{
	pthread_mutex_unlock(&c->c_shm->sh_mtx);
}

/* ---- making and finding the shared memory ----------------------------- */

/* The journal as the new ring starts with it (file lock held). */
static int
cache_shm_load_journal(struct cache *c, struct cache_shm *sh, int fd,
    char *err, size_t errlen)
{
	struct cache_journal_hdr h;
	struct cache_state st;
	uint64_t size;
	int jfd;

	if (cache_state_read(c, fd, &st, err, errlen) == -1)
		return -1;
	jfd = cache_journal_open(c, 0, &h, &size, err, errlen);
	if (jfd == -1) {
		/* Events must not pass it: they go there, and fail. */
		snprintf(sh->sh_damage, sizeof(sh->sh_damage), "%s", err);
		log_err("event cache %s: %s", c->c_name, err);
		sh->sh_journal_pending = 1;
		return 0;
	}
	if (jfd == -2)
		return 0;
	sh->sh_restore_off = CACHE_HDR_SIZE;
	if (memcmp(h.jh_fileid, st.cs_journal_id, CACHE_FILE_ID) == 0 &&
	    st.cs_restore_off >= CACHE_HDR_SIZE && st.cs_restore_off <= size &&
	    (st.cs_restore_off - CACHE_HDR_SIZE) % CACHE_REC_SIZE == 0) {
		sh->sh_restore_off = st.cs_restore_off;
		sh->sh_restore_seq = st.cs_restore_seq;
	}
	memcpy(sh->sh_journal_id, h.jh_fileid, CACHE_FILE_ID);
	sh->sh_journal_size = size;
	sh->sh_journal_pending = sh->sh_restore_off < size;
	close(jfd);
	return 0;
}

static int
cache_shm_init(struct cache *c, struct cache_shm *sh, size_t hdr,
    int fd, char *err, size_t errlen)
{
	pthread_mutexattr_t a;
	int e;

	sh->sh_version = CACHE_VERSION;
	sh->sh_slot_size = CACHE_SLOT_SIZE;
	sh->sh_nslots = c->c_slots;
	sh->sh_hdr_size = (uint32_t)hdr;
	snprintf(sh->sh_agent, sizeof(sh->sh_agent), "%s", c->c_agent);
	sh->sh_state = CACHE_STARTED;
	pthread_mutexattr_init(&a);
	pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
	pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	e = pthread_mutex_init(&sh->sh_mtx, &a);
	pthread_mutexattr_destroy(&a);
	if (e != 0) {
		snprintf(err, errlen, "event cache %s: cannot make its lock: "
		    "%s", c->c_name, strerror(e));
		return -1;
	}
	return cache_shm_load_journal(c, sh, fd, err, errlen);
}

/* Make the object; 1: another process made it first. */
static int
cache_create(struct cache *c, char *err, size_t errlen)
{
	size_t hdr = cache_hdr_size(), size;
	struct cache_shm *sh = MAP_FAILED;
	int lfd, fd = -1, e, rc = -1;

	size = hdr + (size_t)c->c_slots * CACHE_SLOT_SIZE;
	if ((lfd = cache_files_lock(c, err, errlen)) == -1)
		return -1;
	fd = shm_open(c->c_name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd == -1) {
		rc = errno == EEXIST ? 1 : -1;
		snprintf(err, errlen, "cannot create shared memory %s: %s",
		    c->c_name, strerror(errno));
		goto done;
	}
	/* Reserved now: a full /dev/shm fails here, not as SIGBUS later. */
	if ((e = posix_fallocate(fd, 0, (off_t)size)) != 0 ||
	    (sh = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
	    0)) == MAP_FAILED) {
		snprintf(err, errlen, "cannot allocate %zu bytes of shared "
		    "memory %s: %s", size, c->c_name, strerror(e != 0 ? e :
		    errno));
		goto fail;
	}
	if (cache_shm_init(c, sh, hdr, lfd, err, errlen) == -1)
		goto fail;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	memcpy(sh->sh_magic, CACHE_MAGIC, sizeof(sh->sh_magic));
	c->c_shm = sh;
	c->c_maplen = size;
	log_debug(LOG_CAT_CACHE, "event cache %s made: %u slots", c->c_name,
	    c->c_slots);
	rc = 0;
	goto done;
fail:
	if (sh != MAP_FAILED)
		munmap(sh, size);
	(void)shm_unlink(c->c_name);
done:
	if (fd != -1)
		close(fd);
	cache_files_unlock(lfd);
	return rc;
}

/* Is the object at fd finished?  Its size and magic say. */
static struct cache_shm *
cache_map_ready(int fd, size_t *len)
{
	struct cache_shm *sh;
	struct stat st;

	if (fstat(fd, &st) == -1 || (size_t)st.st_size < cache_hdr_size())
		return NULL;
	sh = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE,
	    MAP_SHARED, fd, 0);
	if (sh == MAP_FAILED)
		return NULL;
	if (memcmp(sh->sh_magic, CACHE_MAGIC, sizeof(sh->sh_magic)) != 0) {
		munmap(sh, (size_t)st.st_size);
		return NULL;
	}
	*len = (size_t)st.st_size;
	return sh;
}

/* An object without magic: its maker is at work, or died at it. */
static struct cache_shm *
cache_map_unfinished(struct cache *c, int fd, size_t *len, char *err,
    size_t errlen)
{
	struct cache_shm *sh;
	int lfd;

	if ((lfd = cache_files_lock(c, err, errlen)) == -1)
		return NULL;
	if ((sh = cache_map_ready(fd, len)) == NULL) {
		log_warnx("event cache %s: its shared memory was left "
		    "unfinished by a process that died making it; made again",
		    c->c_name);
		(void)shm_unlink(c->c_name);
	}
	cache_files_unlock(lfd);
	return sh;
}

/* Check the mapped object is ours and of this layout. */
static int
cache_map_check(struct cache *c, struct cache_shm *sh, size_t len, char *err,
    size_t errlen)
{
	if (sh->sh_version != CACHE_VERSION ||
	    sh->sh_slot_size != CACHE_SLOT_SIZE ||
	    sh->sh_hdr_size != cache_hdr_size() ||
	    len != sh->sh_hdr_size + (size_t)sh->sh_nslots * CACHE_SLOT_SIZE) {
		snprintf(err, errlen, "shared memory %s has another layout "
		    "(version %u, slot size %u): empty it with STOP CACHE from "
		    "the programs that made it, then remove it", c->c_name,
		    sh->sh_version, sh->sh_slot_size);
		return -1;
	}
	if (strncmp(sh->sh_agent, c->c_agent, sizeof(sh->sh_agent)) != 0) {
		snprintf(err, errlen, "shared memory %s belongs to sharing "
		    "group %s, not %s: the agents of one database share its "
		    "cache and one sharing-group (another database's agent "
		    "needs its own cache-name)", c->c_name, sh->sh_agent,
		    c->c_agent);
		return -1;
	}
	return 0;
}

/* 0 attached, 1 try again, -1 error. */
static int
cache_attach(struct cache *c, int fd, char *err, size_t errlen)
{
	struct cache_shm *sh;
	size_t len = 0;

	if ((sh = cache_map_ready(fd, &len)) == NULL &&
	    (sh = cache_map_unfinished(c, fd, &len, err, errlen)) == NULL)
		return 1;
	if (cache_map_check(c, sh, len, err, errlen) == -1) {
		munmap(sh, len);
		return -1;
	}
	c->c_shm = sh;
	c->c_maplen = len;
	return 0;
}

/* The agent wants another size: the ring goes to the journal first. */
static int
cache_retire(struct cache *c, char *err, size_t errlen)
{
	struct cache_shm *sh = c->c_shm;
	uint64_t moved = 0;

	if (cache_lock(c, err, errlen) == -1)
		return -1;
	if (!sh->sh_retired) {
		if (cache_spill_locked(c, sh, sh->sh_state, &moved, err,
		    errlen) == -1) {
			cache_unlock(c);
			return -1;
		}
		sh->sh_retired = 1;
		(void)shm_unlink(c->c_name);
		log_info("event cache %s: %u slots, %u configured: %llu "
		    "events moved to the journal, the ring is made again",
		    c->c_name, sh->sh_nslots, c->c_slots,
		    (unsigned long long)moved);
	}
	cache_unlock(c);
	munmap(sh, c->c_maplen);
	c->c_shm = NULL;
	return 0;
}

static int
cache_map(struct cache *c, int may_resize, char *err, size_t errlen)
{
	int fd, rc, tries;

	for (tries = 0; tries < CACHE_OPEN_TRIES; tries++) {
		fd = shm_open(c->c_name, O_RDWR | O_CLOEXEC, 0);
		if (fd == -1 && errno == ENOENT) {
			if ((rc = cache_create(c, err, errlen)) == 1)
				continue;
			return rc;
		}
		if (fd == -1) {
			snprintf(err, errlen, "cannot open shared memory %s: "
			    "%s", c->c_name, strerror(errno));
			return -1;
		}
		rc = cache_attach(c, fd, err, errlen);
		close(fd);
		if (rc == 1)
			continue;
		if (rc == -1 || c->c_shm->sh_nslots == c->c_slots)
			return rc;
		if (!may_resize) {
			log_warnx("event cache %s has %u slots, the "
			    "configuration says %u: the agent makes it again "
			    "at its next start", c->c_name,
			    c->c_shm->sh_nslots, c->c_slots);
			return 0;
		}
		if (cache_retire(c, err, errlen) == -1)
			return -1;
	}
	snprintf(err, errlen, "shared memory %s kept changing while it was "
	    "opened", c->c_name);
	return -1;
}

/* A ring retired by another process: find the new one. */
static void
cache_remap(struct cache *c, struct cache_shm *old)
{
	char err[512];

	pthread_mutex_lock(&c->c_mtx);
	if (c->c_shm == old) {
		/* Threads may still read it: unmapped at close. */
		c->c_old = xreallocarray(c->c_old, c->c_nold + 1,
		    sizeof(*c->c_old));
		c->c_oldlen = xreallocarray(c->c_oldlen, c->c_nold + 1,
		    sizeof(*c->c_oldlen));
		c->c_old[c->c_nold] = old;
		c->c_oldlen[c->c_nold++] = c->c_maplen;
		c->c_shm = NULL;
		if (cache_map(c, 0, err, sizeof(err)) == -1) {
			snprintf(c->c_why, sizeof(c->c_why), "%s", err);
			log_warnx("event cache %s: %s; events go straight to "
			    "the journal", c->c_name, err);
		}
	}
	pthread_mutex_unlock(&c->c_mtx);
}

/*
 * Lock the current ring into *shp: 0 (locked: cache_leave() it), 1 (no
 * shared memory: nothing is locked, the journal alone takes events) or
 * -1.  Callers use *shp, not c_shm, which another thread may move on.
 */
int
cache_enter(struct cache *c, struct cache_shm **shp, char *err,
    size_t errlen)
{
	struct cache_shm *sh;

	for (;;) {
		pthread_mutex_lock(&c->c_mtx);
		sh = c->c_shm;
		pthread_mutex_unlock(&c->c_mtx);
		*shp = sh;
		if (sh == NULL)
			return 1;
		if (cache_lock_shm(c, sh, err, errlen) == -1)
			return -1;
		if (!sh->sh_retired)
			return 0;
		pthread_mutex_unlock(&sh->sh_mtx);
		cache_remap(c, sh);
	}
}

void
cache_leave(struct cache_shm *sh)
{
	pthread_mutex_unlock(&sh->sh_mtx);
}

/*
 * Lock the ring for an operation that needs one (what names it): -1
 * with the reason when this process has no shared memory.
 */
int
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

/* ---- open and close --------------------------------------------------- */

static int
cache_key_derive(struct cache *c, const struct link_key *k,
    struct cache_key *ck, char *err, size_t errlen)
{
	if ((k->lk_len != 16 && k->lk_len != 32) ||
	    crypt_hkdf(k->lk_bytes, k->lk_len, c->c_agent, strlen(c->c_agent),
	    CACHE_JOURNAL_LABEL, ck->ck_jkey, k->lk_len) == -1 ||
	    crypt_hkdf(k->lk_bytes, k->lk_len, c->c_agent, strlen(c->c_agent),
	    CACHE_KEYID_LABEL, ck->ck_jid, sizeof(ck->ck_jid)) == -1 ||
	    event_seal_key_derive(k, c->c_agent, &ck->ck_pw) == -1 ||
	    link_key_id(k, ck->ck_id) == -1) {
		snprintf(err, errlen, "cannot derive the event cache's keys "
		    "from the link key");
		return -1;
	}
	ck->ck_len = k->lk_len;
	return 0;
}

/* The current key seals; the previous one still opens (a key change). */
static int
cache_keys(struct cache *c, const struct link_key *k,
    const struct link_key *prev, char *err, size_t errlen)
{
	if (cache_key_derive(c, k, &c->c_keys[0], err, errlen) == -1)
		return -1;
	c->c_nkeys = 1;
	if (prev == NULL || prev->lk_len == 0)
		return 0;
	if (cache_key_derive(c, prev, &c->c_keys[1], err, errlen) == -1)
		return -1;
	c->c_nkeys = 2;
	return 0;
}

/* Without a readable state file sequence numbers could repeat. */
static int
cache_state_usable(struct cache *c, char *err, size_t errlen)
{
	struct cache_state st;
	int fd, rc;

	if (cache_state_create(c, err, errlen) == -1 ||
	    (fd = cache_files_lock(c, err, errlen)) == -1)
		return -1;
	rc = cache_state_read(c, fd, &st, err, errlen);
	cache_files_unlock(fd);
	return rc;
}

struct cache *
cache_open(const struct cache_opts *o, char *err, size_t errlen)
{
	struct cache *c;

	if (o->co_slots < CACHE_SLOTS_MIN || o->co_slots > CACHE_SLOTS_MAX ||
	    o->co_name[0] != '/' || strchr(o->co_name + 1, '/') != NULL) {
		snprintf(err, errlen, "event cache %s: a name is /NAME and "
		    "slots from %d to %d", o->co_name, CACHE_SLOTS_MIN,
		    CACHE_SLOTS_MAX);
		return NULL;
	}
	c = xcalloc(1, sizeof(*c));
	pthread_mutex_init(&c->c_mtx, NULL);
	c->c_name = xstrdup(o->co_name);
	c->c_journal = xstrdup(o->co_journal);
	xasprintf(&c->c_state, "%s.state", o->co_journal);
	c->c_agent = xstrndup(o->co_agent, LINK_MAX_IDENTITY);
	snprintf(c->c_task, sizeof(c->c_task), "%s", o->co_task);
	c->c_slots = o->co_slots;
	if (cache_keys(c, o->co_key, o->co_key_previous, err, errlen) == -1 ||
	    cache_state_usable(c, err, errlen) == -1) {
		cache_close(c);
		return NULL;
	}
	if (cache_map(c, o->co_may_resize, c->c_why, sizeof(c->c_why)) ==
	    -1) {
		c->c_shm = NULL;
		log_warnx("event cache %s: no shared memory: %s; events go "
		    "straight to the journal %s", c->c_name, c->c_why,
		    c->c_journal);
	}
	return c;
}

void
cache_set_nosync(struct cache *c, int nosync)
{
	c->c_nosync = nosync;
}

/* What the batch mode wrote without fsync, synced now. */
static void
cache_sync_journal(struct cache *c)
{
	int fd;

	if (!c->c_unsynced)
		return;
	if ((fd = open(c->c_journal, O_RDWR | O_CLOEXEC)) == -1 ||
	    fsync(fd) == -1)
		log_warn("event cache %s: cannot sync journal %s", c->c_name,
		    c->c_journal);
	if (fd != -1)
		close(fd);
	c->c_unsynced = 0;
}

void
cache_close(struct cache *c)
{
	size_t i;

	if (c == NULL)
		return;
	cache_sync_journal(c);
	if (c->c_shm != NULL)
		munmap(c->c_shm, c->c_maplen);
	for (i = 0; i < c->c_nold; i++)
		munmap(c->c_old[i], c->c_oldlen[i]);
	free(c->c_old);
	free(c->c_oldlen);
	free(c->c_name);
	free(c->c_journal);
	free(c->c_state);
	free(c->c_agent);
	event_seal_key_clear(&c->c_keys[0].ck_pw);
	event_seal_key_clear(&c->c_keys[1].ck_pw);
	pthread_mutex_destroy(&c->c_mtx);
	OPENSSL_cleanse(c, sizeof(*c));
	free(c);
}
