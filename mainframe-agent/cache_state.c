/*
 * cache_state.c - the event cache's state file and the file lock.
 *
 * The state file is what must survive the shared memory: the first
 * sequence number never handed out (blocks of CACHE_SEQ_BLOCK are
 * reserved ahead, so a reboot skips the rest of a block and never
 * repeats a number) and how far the journal was restored.  It holds two
 * copies of struct cache_state; a write goes to the older copy and is
 * fsync'd, so a crash in the middle of one leaves the other whole.  A
 * copy is whole when its checksum matches.
 *
 * The file is never replaced, which makes it the lock too: flock() on
 * it guards the state and the journal (the journal itself is replaced
 * when it is rewritten, so a lock on it would not hold).  Each holder
 * opens its own descriptor, so two threads of one process exclude each
 * other as two processes do.
 */
#include "config.h"

#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "xmalloc.h"
#include "mainframe-agent/cache_int.h"

/* FNV-1a: a torn or damaged copy, not an attacker, is what it catches. */
static uint64_t
cache_state_check(const struct cache_state *s)
{
	const unsigned char *p = (const unsigned char *)s;
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < offsetof(struct cache_state, cs_check); i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

int
cache_fsync_dir(const char *path, char *err, size_t errlen)
{
	char *copy = xstrdup(path), *dir;
	int fd, rc = 0;

	dir = dirname(copy);
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1 ||
	    fsync(fd) == -1) {
		snprintf(err, errlen, "cannot sync directory %s: %s", dir,
		    strerror(errno));
		rc = -1;
	}
	if (fd != -1)
		close(fd);
	free(copy);
	return rc;
}

/* Make the state file if it does not exist yet (mode 0600). */
int
cache_state_create(struct cache *c, char *err, size_t errlen)
{
	int fd;

	fd = open(c->c_state, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd == -1) {
		if (errno == EEXIST)
			return 0;
		snprintf(err, errlen, "cannot create the cache state file "
		    "%s: %s", c->c_state, strerror(errno));
		return -1;
	}
	close(fd);
	return cache_fsync_dir(c->c_state, err, errlen);
}

int
cache_files_lock(struct cache *c, char *err, size_t errlen)
{
	int fd;

	if ((fd = open(c->c_state, O_RDWR | O_CLOEXEC)) == -1) {
		snprintf(err, errlen, "cannot open the cache state file %s: "
		    "%s", c->c_state, strerror(errno));
		return -1;
	}
	while (flock(fd, LOCK_EX) == -1) {
		if (errno == EINTR)
			continue;
		snprintf(err, errlen, "cannot lock the cache state file %s: "
		    "%s", c->c_state, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

void
cache_files_unlock(int fd)
{
	if (fd != -1)
		close(fd);	/* releases the flock */
}

static int
cache_state_valid(const struct cache_state *s)
{
	return memcmp(s->cs_magic, CACHE_STATE_MAGIC, 4) == 0 &&
	    s->cs_version == CACHE_STATE_VERSION &&
	    s->cs_check == cache_state_check(s);
}

/*
 * The newer whole copy.  An empty file is a new cache: sequences start
 * at 1.  A file with no whole copy is refused: the next sequence number
 * is not known any more, and guessing could repeat one.
 */
int
cache_state_read(struct cache *c, int fd, struct cache_state *out,
    char *err, size_t errlen)
{
	struct cache_state s[2];
	ssize_t n;
	int ok0, ok1;

	memset(s, 0, sizeof(s));
	if ((n = pread(fd, s, sizeof(s), 0)) == -1) {
		snprintf(err, errlen, "cannot read the cache state file %s: "
		    "%s", c->c_state, strerror(errno));
		return -1;
	}
	memset(out, 0, sizeof(*out));
	if (n == 0) {
		out->cs_seq_next = 1;
		return 0;
	}
	ok0 = (size_t)n >= sizeof(s[0]) && cache_state_valid(&s[0]);
	ok1 = (size_t)n >= sizeof(s) && cache_state_valid(&s[1]);
	if (!ok0 && !ok1) {
		snprintf(err, errlen, "the cache state file %s is damaged "
		    "(neither copy is whole): the next event sequence number "
		    "is unknown; restore the file from a backup", c->c_state);
		return -1;
	}
	*out = ok0 && (!ok1 || s[0].cs_gen > s[1].cs_gen) ? s[0] : s[1];
	if (out->cs_seq_next == 0)
		out->cs_seq_next = 1;
	return 0;
}

/* Write s as the next generation, over the older copy; fsync'd. */
int
cache_state_write(struct cache *c, int fd, struct cache_state *s,
    char *err, size_t errlen)
{
	memcpy(s->cs_magic, CACHE_STATE_MAGIC, 4);
	s->cs_version = CACHE_STATE_VERSION;
	s->cs_gen++;
	s->cs_check = cache_state_check(s);
	if (pwrite(fd, s, sizeof(*s), (off_t)((s->cs_gen % 2) *
	    sizeof(*s))) != (ssize_t)sizeof(*s) || fsync(fd) == -1) {
		snprintf(err, errlen, "cannot write the cache state file %s: "
		    "%s", c->c_state, errno != 0 ? strerror(errno) :
		    "short write");
		return -1;
	}
	return 0;
}
