/*
 * cache_journal.c - the event cache's journal file.
 *
 * A header (struct cache_journal_hdr: magic, layout, which key sealed
 * it, a random file id, the agent) and then fixed-size records, each an
 * event's slot sealed with AES-GCM: key HKDF-SHA256(link key, salt the
 * agent's name, info "esmgate cache journal v1"), nonce the event's
 * sequence number and the number of times that event was sealed into a
 * journal before (ce_gen), additional data the record's clear header
 * (sequence, generation, magic).  A sequence number is handed out once
 * and an event's generation grows each time it is sealed again, so a
 * nonce never seals two different plaintexts.
 *
 * The file is appended to under the file lock and fsync'd before the
 * exit returns.  It is replaced whole (a new file, then rename) when
 * the ring is moved into it before the records it already holds, and
 * when it has been restored completely.  Every caller holds the file
 * lock (cache_files_lock).
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "log.h"
#include "xmalloc.h"
#include "mainframe-agent/cache_int.h"

#define CACHE_BYTEORDER		0x01020304u
#define CACHE_COPY_CHUNK	(64 * CACHE_REC_SIZE)

static void
cache_journal_nonce(uint64_t seq, uint32_t gen, unsigned char *nonce)
{
	int i;

	for (i = 0; i < 8; i++)
		nonce[i] = (unsigned char)(seq >> (56 - 8 * i));
	for (i = 0; i < 4; i++)
		nonce[8 + i] = (unsigned char)(gen >> (24 - 8 * i));
}

static int
cache_journal_seal(struct cache *c, const struct cache_event *ev,
    struct cache_journal_rec *r)
{
	unsigned char nonce[CRYPT_NONCE_LEN];

	memset(r, 0, sizeof(*r));
	r->jr_seq = ev->ce_seq;
	r->jr_gen = ev->ce_gen;
	r->jr_magic = CACHE_REC_MAGIC;
	cache_journal_nonce(r->jr_seq, r->jr_gen, nonce);
	return crypt_seal(c->c_keys[0].ck_jkey, c->c_keys[0].ck_len, nonce, r,
	    16,
	    (const unsigned char *)ev + 16, CACHE_PAYLOAD, r->jr_sealed);
}

static void
cache_journal_header(struct cache *c, const uint8_t *fileid,
    struct cache_journal_hdr *h)
{
	memset(h, 0, sizeof(*h));
	memcpy(h->jh_magic, CACHE_JOURNAL_MAGIC, sizeof(h->jh_magic));
	h->jh_version = CACHE_JOURNAL_VERSION;
	h->jh_byteorder = CACHE_BYTEORDER;
	h->jh_rec_size = CACHE_REC_SIZE;
	memcpy(h->jh_keyid, c->c_keys[0].ck_jid, sizeof(h->jh_keyid));
	memcpy(h->jh_fileid, fileid, CACHE_FILE_ID);
	snprintf(h->jh_agent, sizeof(h->jh_agent), "%s", c->c_agent);
}

/* The key a journal header names, if this cache holds it. */
static const struct cache_key *
cache_journal_key(const struct cache *c, const struct cache_journal_hdr *h)
{
	size_t i;

	for (i = 0; i < c->c_nkeys; i++)
		if (memcmp(h->jh_keyid, c->c_keys[i].ck_jid,
		    sizeof(h->jh_keyid)) == 0)
			return &c->c_keys[i];
	return NULL;
}

/*
 * Open record r into ev with the current key, else the previous: records
 * appended after a key change follow ones sealed before it in one file.
 */
static int
cache_journal_open_rec(const struct cache *c, struct cache_journal_rec *r,
    struct cache_event *ev)
{
	unsigned char nonce[CRYPT_NONCE_LEN];
	size_t i;

	cache_journal_nonce(r->jr_seq, r->jr_gen, nonce);
	for (i = 0; i < c->c_nkeys; i++)
		if (crypt_open(c->c_keys[i].ck_jkey, c->c_keys[i].ck_len,
		    nonce, r, 16, r->jr_sealed, sizeof(r->jr_sealed),
		    (unsigned char *)ev + 16) == 0)
			return 0;
	return -1;
}

/* Is h a journal of this agent's layout?  Says why not. */
static int
cache_journal_check_header(struct cache *c, const struct cache_journal_hdr *h,
    char *err, size_t errlen)
{
	const char *why = NULL;

	if (memcmp(h->jh_magic, CACHE_JOURNAL_MAGIC, sizeof(h->jh_magic)))
		why = "it is not an event journal (bad magic)";
	else if (h->jh_byteorder != CACHE_BYTEORDER)
		why = "it was written on a machine of another byte order";
	else if (h->jh_version != CACHE_JOURNAL_VERSION ||
	    h->jh_rec_size != CACHE_REC_SIZE)
		why = "it has another layout version";
	else if (strncmp(h->jh_agent, c->c_agent, sizeof(h->jh_agent)) != 0)
		why = "it belongs to another agent";
	if (why == NULL)
		return 0;
	snprintf(err, errlen, "journal %s cannot be used: %s", c->c_journal,
	    why);
	return -1;
}

static int
cache_write_all(int fd, const void *buf, size_t len, off_t off)
{
	const char *p = buf;
	ssize_t n;

	while (len > 0) {
		n = pwrite(fd, p, len, off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
		off += n;
	}
	return 0;
}

/*
 * Does h name a key this cache holds?  A journal holding no record but
 * naming a key we no longer hold (emptied before a key change, whose
 * end removed keyfile-previous) has nothing to open: it takes a header
 * under the current key, same file id, so restore progress still
 * matches it.  Records under a key we lack are refused, named.
 */
static int
cache_journal_check_key(struct cache *c, int fd,
    struct cache_journal_hdr *h, uint64_t size, char *err, size_t errlen)
{
	if (cache_journal_key(c, h) != NULL)
		return 0;
	if (size - CACHE_HDR_SIZE >= CACHE_REC_SIZE) {
		snprintf(err, errlen, "journal %s cannot be used: it was "
		    "sealed under another link key (neither keyfile nor "
		    "keyfile-previous)", c->c_journal);
		return -1;
	}
	memcpy(h->jh_keyid, c->c_keys[0].ck_jid, sizeof(h->jh_keyid));
	if (cache_write_all(fd, h, sizeof(*h), 0) == -1 || fsync(fd) == -1) {
		snprintf(err, errlen, "cannot write journal %s: %s",
		    c->c_journal, strerror(errno));
		return -1;
	}
	log_info("journal %s holds no event and named a link key this agent "
	    "no longer holds: it now names the current key", c->c_journal);
	return 0;
}

/* A new journal file at fd: its header, synced. */
static int
cache_journal_init(struct cache *c, int fd, char *err, size_t errlen)
{
	struct cache_journal_hdr h;
	uint8_t id[CACHE_FILE_ID];

	cache_random_id(id);
	cache_journal_header(c, id, &h);
	if (cache_write_all(fd, &h, sizeof(h), 0) == -1 || fsync(fd) == -1) {
		snprintf(err, errlen, "cannot write journal %s: %s",
		    c->c_journal, strerror(errno));
		return -1;
	}
	return cache_fsync_dir(c->c_journal, err, errlen);
}

/*
 * A record cut short: its writer died in the middle of it, or the
 * machine stopped before its fsync.  Its exit never returned, so
 * nobody was told the event was kept; cut it so later records line up,
 * and say so.
 */
static int
cache_journal_cut_tail(struct cache *c, int fd, uint64_t *size, char *err,
    size_t errlen)
{
	uint64_t good;

	if ((*size - CACHE_HDR_SIZE) % CACHE_REC_SIZE == 0)
		return 0;
	good = *size - (*size - CACHE_HDR_SIZE) % CACHE_REC_SIZE;
	log_warnx("journal %s: the record at offset %llu is incomplete (%llu "
	    "of %zu bytes), left by a writer that stopped before it was "
	    "synced; it is removed", c->c_journal, (unsigned long long)good,
	    (unsigned long long)(*size - good), CACHE_REC_SIZE);
	if (ftruncate(fd, (off_t)good) == -1 || fsync(fd) == -1) {
		snprintf(err, errlen, "cannot cut the incomplete last record "
		    "of journal %s: %s", c->c_journal, strerror(errno));
		return -1;
	}
	*size = good;
	return 0;
}

/*
 * Open the journal, checked, with no incomplete record at its end.
 * Returns the descriptor; -2 when there is none and create is 0; -1 on
 * error.  A missing or empty file is given a header when create is set.
 */
int
cache_journal_open(struct cache *c, int create, struct cache_journal_hdr *h,
    uint64_t *size, char *err, size_t errlen)
{
	struct stat st;
	int fd;

	fd = open(c->c_journal, O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0),
	    0600);
	if (fd == -1 && errno == ENOENT && !create)
		return -2;
	if (fd == -1 || fstat(fd, &st) == -1) {
		snprintf(err, errlen, "cannot open journal %s: %s",
		    c->c_journal, strerror(errno));
		goto fail;
	}
	if (st.st_size == 0) {
		if (!create) {
			close(fd);
			return -2;
		}
		if (cache_journal_init(c, fd, err, errlen) == -1)
			goto fail;
		st.st_size = CACHE_HDR_SIZE;
	}
	if ((size_t)st.st_size < CACHE_HDR_SIZE ||
	    pread(fd, h, sizeof(*h), 0) != (ssize_t)sizeof(*h)) {
		snprintf(err, errlen, "journal %s cannot be used: its header "
		    "is cut short (%lld bytes)", c->c_journal,
		    (long long)st.st_size);
		goto fail;
	}
	*size = (uint64_t)st.st_size;
	if (cache_journal_check_header(c, h, err, errlen) == -1 ||
	    cache_journal_check_key(c, fd, h, *size, err, errlen) == -1 ||
	    cache_journal_cut_tail(c, fd, size, err, errlen) == -1)
		goto fail;
	return fd;
fail:
	if (fd != -1)
		close(fd);
	return -1;
}

/* Append ev (sealed at its generation); the journal's id and new size. */
int
cache_journal_append(struct cache *c, const struct cache_event *ev,
    uint8_t *fileid, uint64_t *size, char *err, size_t errlen)
{
	struct cache_journal_hdr h;
	struct cache_journal_rec r;
	int fd, rc = -1;

	if ((fd = cache_journal_open(c, 1, &h, size, err, errlen)) < 0)
		return -1;
	if (cache_journal_seal(c, ev, &r) == -1) {
		snprintf(err, errlen, "cannot seal event %llu for journal %s",
		    (unsigned long long)ev->ce_seq, c->c_journal);
		goto done;
	}
	if (cache_write_all(fd, &r, sizeof(r), (off_t)*size) == -1 ||
	    (!c->c_nosync && fsync(fd) == -1)) {
		snprintf(err, errlen, "cannot write event %llu to journal "
		    "%s: %s", (unsigned long long)ev->ce_seq, c->c_journal,
		    strerror(errno));
		/* A part written stays a cut-short record: cut later. */
		goto done;
	}
	if (c->c_nosync)
		c->c_unsynced = 1;
	*size += sizeof(r);
	memcpy(fileid, h.jh_fileid, CACHE_FILE_ID);
	rc = 0;
done:
	close(fd);
	return rc;
}

/* The record at off, opened into ev; damage is named with its offset. */
int
cache_journal_read(struct cache *c, int jfd, uint64_t off,
    struct cache_event *ev, char *err, size_t errlen)
{
	struct cache_journal_rec r;
	const char *why = NULL;
	uint64_t seq;
	ssize_t n;

	memset(ev, 0, sizeof(*ev));
	n = pread(jfd, &r, sizeof(r), (off_t)off);
	if (n != (ssize_t)sizeof(r))
		why = n == -1 ? strerror(errno) : "the record is cut short";
	else if (r.jr_magic != CACHE_REC_MAGIC)
		why = "it is not a record (bad magic): the file was altered";
	else {
		if (cache_journal_open_rec(c, &r, ev) == -1)
			why = "it fails authentication: altered, or sealed "
			    "under a key that is neither keyfile nor "
			    "keyfile-previous";
		else if (ev->ce_gen != r.jr_gen)
			why = "its generation does not match its content";
	}
	seq = r.jr_seq;
	OPENSSL_cleanse(&r, sizeof(r));
	if (why != NULL) {
		memset(ev, 0, sizeof(*ev));
		snprintf(err, errlen, "journal %s: record at offset %llu: %s",
		    c->c_journal, (unsigned long long)off, why);
		return -1;
	}
	ev->ce_seq = seq;
	cache_event_fix_old(ev);
	ev->ce_check = cache_slot_check(ev);
	return 0;
}

char *
cache_journal_tmp(struct cache *c)
{
	char *p;

	xasprintf(&p, "%s.new", c->c_journal);
	return p;
}

/* The id of the journal on disk; -1 when there is none or it is bad. */
int
cache_journal_file_id(struct cache *c, uint8_t *id)
{
	struct cache_journal_hdr h;
	int fd, rc = -1;

	if ((fd = open(c->c_journal, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if (pread(fd, &h, sizeof(h), 0) == (ssize_t)sizeof(h) &&
	    memcmp(h.jh_magic, CACHE_JOURNAL_MAGIC, 8) == 0) {
		memcpy(id, h.jh_fileid, CACHE_FILE_ID);
		rc = 0;
	}
	close(fd);
	return rc;
}

/* Copy the old journal's records [from, oldsize) to fd at *off. */
static int
cache_journal_copy(int oldfd, uint64_t from, uint64_t oldsize, int fd,
    uint64_t *off)
{
	unsigned char *buf = xmalloc(CACHE_COPY_CHUNK);
	size_t want;
	ssize_t n;
	int rc = 0;

	while (rc == 0 && from < oldsize) {
		want = oldsize - from < CACHE_COPY_CHUNK ?
		    (size_t)(oldsize - from) : CACHE_COPY_CHUNK;
		n = pread(oldfd, buf, want, (off_t)from);
		if (n <= 0 || cache_write_all(fd, buf, (size_t)n,
		    (off_t)*off) == -1)
			rc = -1;
		else {
			from += (uint64_t)n;
			*off += (uint64_t)n;
		}
	}
	free(buf);
	return rc;
}

/* Write the new journal's content into the temporary file fd. */
static int
cache_journal_fill(struct cache *c, int fd, const struct cache_event *evs,
    size_t n, int oldfd, uint64_t from, uint64_t oldsize,
    const uint8_t *newid, uint64_t *size)
{
	struct cache_journal_hdr h;
	struct cache_journal_rec r;
	size_t i;
	int rc = 0;

	cache_journal_header(c, newid, &h);
	if (cache_write_all(fd, &h, sizeof(h), 0) == -1)
		return -1;
	*size = sizeof(h);
	for (i = 0; rc == 0 && i < n; i++) {
		if (cache_journal_seal(c, &evs[i], &r) == -1 ||
		    cache_write_all(fd, &r, sizeof(r), (off_t)*size) == -1)
			rc = -1;
		*size += sizeof(r);
	}
	OPENSSL_cleanse(&r, sizeof(r));
	if (rc == 0 && oldfd >= 0)
		rc = cache_journal_copy(oldfd, from, oldsize, fd, size);
	if (rc == 0 && fsync(fd) == -1)
		rc = -1;
	return rc;
}

/*
 * A new journal: the events evs (the ring, oldest first), then the
 * records of the old journal (oldfd, or -1) from offset from on, which
 * are newer.  Written aside, synced, then renamed over the old one, so
 * a crash leaves either journal whole.  The caller records the
 * operation in the shared memory first (sh_op) for recovery.
 */
int
cache_journal_replace(struct cache *c, const struct cache_event *evs,
    size_t n, int oldfd, uint64_t from, uint64_t oldsize,
    const uint8_t *newid, uint64_t *newsize, char *err, size_t errlen)
{
	char *tmp = cache_journal_tmp(c);
	int fd, rc = -1;

	fd = open(tmp, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd == -1 || cache_journal_fill(c, fd, evs, n, oldfd, from,
	    oldsize, newid, newsize) == -1) {
		snprintf(err, errlen, "cannot write the new journal %s: %s",
		    tmp, strerror(errno));
		goto done;
	}
	if (rename(tmp, c->c_journal) == -1) {
		snprintf(err, errlen, "cannot rename %s to %s: %s", tmp,
		    c->c_journal, strerror(errno));
		goto done;
	}
	/* Renamed: the new journal is the journal, synced or not yet. */
	rc = 0;
	if (cache_fsync_dir(c->c_journal, err, errlen) == -1)
		log_warnx("%s", err);
done:
	if (fd != -1)
		close(fd);
	if (rc == -1)
		(void)unlink(tmp);
	free(tmp);
	return rc;
}
