/*
 * check_cache.c - the event cache (mainframe-agent/cache*.c): the ring,
 * the journal, sequence numbers, consumers, robustness against writers
 * that die, several writing processes, tampering, sealed passwords.
 *
 * Every test uses a shared memory name of its own (pid and a counter)
 * and removes it afterwards.
 */
#include "config.h"

#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "event_seal.h"
#include "link.h"
#include "log.h"
#include "testdir.h"
#include "mainframe-agent/cache.h"
#include "mainframe-agent/cache_ctl.h"
#include "mainframe-agent/cache_int.h"

#define AGENT		"SYS1"
#define MAX_EVENTS	2048

static struct link_key key;
static char shm_name[64];
static char journal[512];
static char err[1024];
static int name_counter;

static void
setup(void)
{
	size_t i;

	testdir_create("check_cache");
	snprintf(shm_name, sizeof(shm_name), "/esmgate-check-%d-%d",
	    (int)getpid(), ++name_counter);
	snprintf(journal, sizeof(journal), "%s", testdir_path("journal"));
	for (i = 0; i < 16; i++)
		key.lk_bytes[i] = (unsigned char)(0xa0 + i);
	key.lk_len = 16;
}

static void
teardown(void)
{
	(void)shm_unlink(shm_name);
	testdir_remove();
}

static void
fill_opts(struct cache_opts *o, const char *name, uint32_t slots)
{
	memset(o, 0, sizeof(*o));
	o->co_name = name;
	o->co_journal = journal;
	o->co_agent = AGENT;
	o->co_task = "TEST";
	o->co_key = &key;
	o->co_slots = slots;
}

static struct cache *
open_slots(uint32_t slots, int may_resize)
{
	struct cache_opts o;
	struct cache *c;

	fill_opts(&o, shm_name, slots);
	o.co_may_resize = may_resize;
	c = cache_open(&o, err, sizeof(err));
	if (c == NULL)
		ck_abort_msg("cache_open: %s", err);
	return c;
}

static void
put(struct cache *c, enum esm_event_type t, const char *id,
    const char *fields, const char *pw)
{
	struct esm_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.ee_type = t;
	ev.ee_time = 1700000000;
	ev.ee_esm = "racf";
	ev.ee_exit = "IRREVX01";
	ev.ee_userid = id;
	ev.ee_fields = fields;
	ev.ee_origin = "IBMUSER";
	ev.ee_password = pw;
	if (cache_put(c, &ev, err, sizeof(err)) == -1)
		ck_abort_msg("cache_put: %s", err);
}

static void
put_n(struct cache *c, int from, int n)
{
	char id[16];
	int i;

	for (i = from; i < from + n; i++) {
		snprintf(id, sizeof(id), "U%d", i);
		put(c, ESM_EV_MODIFY, id, "NAME", NULL);
	}
}

static struct cache_info
info(struct cache *c)
{
	struct cache_info ci;

	if (cache_info(c, &ci, err, sizeof(err)) == -1)
		ck_abort_msg("cache_info: %s", err);
	return ci;
}

/*
 * Consume everything as consumer name, in batches of batch: the events
 * into out (up to MAX_EVENTS), their count returned.
 */
static size_t
drain(struct cache *c, const char *name, struct cache_event *out,
    size_t batch)
{
	struct cache_event evs[64];
	uint64_t after = 0;
	size_t n, total = 0, i;

	ck_assert_uint_le(batch, 64);
	ck_assert_int_eq(cache_consumer_add(c, name, err, sizeof(err)), 0);
	for (;;) {
		ck_assert_int_eq(cache_peek(c, after, evs, batch, &n, err,
		    sizeof(err)), 0);
		if (n == 0)
			break;
		for (i = 0; i < n; i++) {
			ck_assert_uint_lt(total, MAX_EVENTS);
			out[total++] = evs[i];
		}
		after = evs[n - 1].ce_seq;
		ck_assert_int_eq(cache_ack(c, name, after, err, sizeof(err)),
		    0);
	}
	return total;
}

static struct cache_event got[MAX_EVENTS];

/* The users of got[0..n) are U<from>..U<from+n-1>, sequences rising. */
static void
expect_users(size_t n, int from)
{
	char id[16];
	size_t i;

	for (i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "U%d", from + (int)i);
		ck_assert_str_eq(got[i].ce_userid, id);
		if (i > 0)
			ck_assert_uint_gt(got[i].ce_seq, got[i - 1].ce_seq);
	}
}

/* ---- the ring -------------------------------------------------------- */

START_TEST(ring_wraps_around)
{
	struct cache *c = open_slots(16, 0);
	struct cache_info ci;
	size_t n;

	put_n(c, 0, 10);
	ck_assert_uint_eq(drain(c, "GW1", got, 4), 10);
	expect_users(10, 0);
	/* The next 12 slots cross the end of the ring. */
	put_n(c, 10, 12);
	ci = info(c);
	ck_assert_uint_eq(ci.ci_depth, 12);
	ck_assert_uint_eq(ci.ci_journal_records, 0);
	n = drain(c, "GW1", got, 5);
	ck_assert_uint_eq(n, 12);
	expect_users(12, 10);
	ck_assert_uint_eq(got[0].ce_seq, 11);
	ci = info(c);
	ck_assert_uint_eq(ci.ci_depth, 0);
	ck_assert_uint_eq(ci.ci_written, 22);
	ck_assert_uint_eq(ci.ci_delivered, 22);
	ck_assert_uint_eq(ci.ci_hwm, 12);
	ck_assert_uint_eq(ci.ci_spilled, 0);
	cache_close(c);
}
END_TEST

START_TEST(full_ring_spills_and_restores_in_order)
{
	struct cache *c = open_slots(16, 0);
	struct cache_info ci;

	put_n(c, 0, 40);
	ci = info(c);
	ck_assert_uint_eq(ci.ci_depth, 16);
	ck_assert_uint_eq(ci.ci_journal_records, 24);
	ck_assert_uint_eq(ci.ci_spilled, 24);
	ck_assert_uint_eq(ci.ci_journal_bytes, CACHE_HDR_SIZE +
	    24 * CACHE_REC_SIZE);
	/* Nobody consumes: nothing is freed, nothing is dropped. */
	ck_assert_uint_eq(ci.ci_delivered, 0);
	ck_assert_uint_eq(drain(c, "GW1", got, 7), 40);
	expect_users(40, 0);
	ci = info(c);
	ck_assert_uint_eq(ci.ci_restored, 24);
	ck_assert_uint_eq(ci.ci_delivered, 40);
	ck_assert_uint_eq(ci.ci_journal_records, 0);
	/* The restored journal was replaced by an empty one. */
	ck_assert_uint_eq(ci.ci_journal_bytes, CACHE_HDR_SIZE);
	/* Later events go to the ring again. */
	put_n(c, 40, 3);
	ci = info(c);
	ck_assert_uint_eq(ci.ci_depth, 3);
	ck_assert_uint_eq(ci.ci_journal_records, 0);
	cache_close(c);
}
END_TEST

START_TEST(stop_and_start)
{
	struct cache *c = open_slots(16, 0);
	struct cache_info ci;
	uint64_t n;

	put_n(c, 0, 20);		/* 16 in the ring, 4 in the journal */
	ck_assert_int_eq(cache_stop(c, &n, err, sizeof(err)), 0);
	ck_assert_uint_eq(n, 16);
	ci = info(c);
	ck_assert_int_eq(ci.ci_started, 0);
	ck_assert_uint_eq(ci.ci_depth, 0);
	ck_assert_uint_eq(ci.ci_journal_records, 20);
	put_n(c, 20, 3);		/* while stopped: the journal */
	ci = info(c);
	ck_assert_uint_eq(ci.ci_depth, 0);
	ck_assert_uint_eq(ci.ci_journal_records, 23);
	/* Stopping again moves nothing. */
	ck_assert_int_eq(cache_stop(c, &n, err, sizeof(err)), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(cache_start(c, &n, err, sizeof(err)), 0);
	ck_assert_uint_eq(n, 16);
	ci = info(c);
	ck_assert_int_eq(ci.ci_started, 1);
	ck_assert_uint_eq(ci.ci_journal_records, 7);
	ck_assert_uint_eq(drain(c, "GW1", got, 10), 23);
	expect_users(23, 0);
	cache_close(c);
}
END_TEST

START_TEST(consumers_free_only_what_all_acked)
{
	struct cache *c = open_slots(16, 0);
	struct cache_event evs[8];
	size_t n;
	int i;

	put_n(c, 0, 5);
	ck_assert_int_eq(cache_consumer_add(c, "GW1", err, sizeof(err)), 0);
	ck_assert_int_eq(cache_consumer_add(c, "GW2", err, sizeof(err)), 0);
	ck_assert_int_eq(cache_peek(c, 0, evs, 8, &n, err, sizeof(err)), 0);
	ck_assert_uint_eq(n, 5);
	ck_assert_int_eq(cache_ack(c, "GW1", evs[4].ce_seq, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(info(c).ci_depth, 5);
	ck_assert_int_eq(cache_ack(c, "GW2", evs[2].ce_seq, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(info(c).ci_depth, 2);
	/* A peek for a send window starts after a sequence. */
	ck_assert_int_eq(cache_peek(c, evs[3].ce_seq, evs, 8, &n, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(evs[0].ce_userid, "U4");
	/* An ack beyond what exists takes no future event with it. */
	ck_assert_int_eq(cache_ack(c, "GW2", 999999, err, sizeof(err)), 0);
	ck_assert_uint_eq(info(c).ci_depth, 0);
	put_n(c, 5, 1);
	ck_assert_uint_eq(info(c).ci_depth, 1);
	ck_assert_int_eq(cache_ack(c, "GW1", 999999, err, sizeof(err)), 0);
	ck_assert_uint_eq(info(c).ci_depth, 1);	/* GW2 acked only 5 */
	ck_assert_int_eq(cache_ack(c, "GW2", 999999, err, sizeof(err)), 0);
	ck_assert_uint_eq(info(c).ci_depth, 0);
	/* Removing a consumer that lags frees what the others have. */
	put_n(c, 6, 2);
	ck_assert_int_eq(cache_ack(c, "GW1", 999999, err, sizeof(err)), 0);
	ck_assert_uint_eq(info(c).ci_depth, 2);
	ck_assert_int_eq(cache_consumer_remove(c, "GW2", err, sizeof(err)),
	    0);
	ck_assert_uint_eq(info(c).ci_depth, 0);
	ck_assert_int_eq(cache_ack(c, "GW2", 1, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "no consumer GW2"));
	for (i = 2; i <= CACHE_MAX_CONSUMERS; i++) {
		snprintf((char *)evs, 16, "GW%d", i);
		ck_assert_int_eq(cache_consumer_add(c, (char *)evs, err,
		    sizeof(err)), 0);
	}
	ck_assert_int_eq(cache_consumer_add(c, "ONE-TOO-MANY", err,
	    sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "consumers already"));
	ck_assert_int_eq(info(c).ci_nconsumers, CACHE_MAX_CONSUMERS);
	cache_close(c);
}
END_TEST

/*
 * A sender read five events; the operator stopped the cache before the
 * gateway acked them.  The ack finds them in the journal and is held
 * back (cache_consumer_acked says so); once START brought them back,
 * the same ack frees them, and a peek after any sequence starts right.
 */
START_TEST(ack_held_back_by_a_stop_is_given_again)
{
	struct cache *c = open_slots(16, 0);
	struct cache_event evs[16];
	uint64_t acked = 99, n, last;
	size_t k, i;

	put_n(c, 0, 8);
	ck_assert_int_eq(cache_consumer_add(c, "GW1", err, sizeof(err)), 0);
	ck_assert_int_eq(cache_consumer_acked(c, "GW1", &acked, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(acked, 0);
	ck_assert_int_eq(cache_peek(c, 0, evs, 5, &k, err, sizeof(err)), 0);
	ck_assert_uint_eq(k, 5);
	last = evs[4].ce_seq;
	ck_assert_int_eq(cache_stop(c, &n, err, sizeof(err)), 0);
	ck_assert_int_eq(cache_ack(c, "GW1", last, err, sizeof(err)), 0);
	ck_assert_int_eq(cache_consumer_acked(c, "GW1", &acked, err,
	    sizeof(err)), 0);
	ck_assert_uint_lt(acked, last);
	ck_assert_int_eq(cache_start(c, &n, err, sizeof(err)), 0);
	ck_assert_uint_eq(info(c).ci_depth, 8);
	ck_assert_int_eq(cache_ack(c, "GW1", last, err, sizeof(err)), 0);
	ck_assert_int_eq(cache_consumer_acked(c, "GW1", &acked, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(acked, last);
	ck_assert_uint_eq(info(c).ci_depth, 3);
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(cache_peek(c, last + i, evs, 16, &k, err,
		    sizeof(err)), 0);
		ck_assert_uint_eq(k, 3 - i);
		ck_assert_uint_eq(evs[0].ce_seq, last + i + 1);
	}
	ck_assert_int_eq(cache_consumer_acked(c, "GW9", &acked, err,
	    sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "no consumer GW9"));
	cache_close(c);
}
END_TEST

/*
 * The agents of one database share one cache: its default name comes
 * from the database's path alone, and an agent of another sharing
 * group is refused its ring (and says why) rather than numbering and
 * sending the same changes under another id.
 */
START_TEST(one_database_one_cache_one_group)
{
	struct cache_opts o;
	struct cache *c, *other;
	struct cache_info ci;
	char a[256], b[256], d[256];

	cache_default_name(testdir(), a, sizeof(a));
	cache_default_name(testdir(), b, sizeof(b));
	cache_default_name("/var/lib/esmgate/racf.db", d, sizeof(d));
	ck_assert_str_eq(a, b);
	ck_assert_str_ne(a, d);
	ck_assert_msg(strncmp(d, "/esmgate-racf.db-", 17) == 0, "%s", d);
	c = open_slots(16, 0);
	fill_opts(&o, shm_name, 16);
	o.co_agent = "PLEX2";
	other = cache_open(&o, err, sizeof(err));
	ck_assert_ptr_nonnull(other);
	ck_assert_int_eq(cache_info(other, &ci, err, sizeof(err)), 0);
	ck_assert_int_eq(ci.ci_shared, 0);
	ck_assert_msg(strstr(ci.ci_why, "belongs to sharing group SYS1, not "
	    "PLEX2") != NULL, "%s", ci.ci_why);
	cache_close(other);
	cache_close(c);
}
END_TEST

START_TEST(no_consumer_keeps_everything)
{
	struct cache *c = open_slots(16, 0);
	struct cache_event evs[4];
	size_t n;

	put_n(c, 0, 3);
	ck_assert_int_eq(cache_peek(c, 0, evs, 4, &n, err, sizeof(err)), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(cache_ack(c, "NOBODY", 3, err, sizeof(err)), -1);
	ck_assert_uint_eq(info(c).ci_depth, 3);
	cache_close(c);
}
END_TEST

/* ---- sequence numbers -------------------------------------------------- */

START_TEST(sequences_survive_losing_the_memory)
{
	struct cache *c = open_slots(16, 0);
	uint64_t last;

	put_n(c, 0, 3);
	ck_assert_uint_eq(drain(c, "GW1", got, 8), 3);
	ck_assert_uint_eq(got[2].ce_seq, 3);
	cache_close(c);
	/* A reboot: the shared memory is gone, the files stay. */
	ck_assert_int_eq(shm_unlink(shm_name), 0);
	c = open_slots(16, 0);
	ck_assert_uint_eq(info(c).ci_depth, 0);
	put_n(c, 3, 2);
	ck_assert_uint_eq(drain(c, "GW1", got, 8), 2);
	/* Never repeated: the rest of the reserved block is skipped. */
	ck_assert_uint_gt(got[0].ce_seq, 3);
	ck_assert_uint_eq(got[0].ce_seq, 1 + CACHE_SEQ_BLOCK);
	last = got[1].ce_seq;
	cache_close(c);
	ck_assert_int_eq(shm_unlink(shm_name), 0);
	c = open_slots(16, 0);
	put_n(c, 5, 1);
	ck_assert_uint_eq(drain(c, "GW1", got, 8), 1);
	ck_assert_uint_gt(got[0].ce_seq, last);
	cache_close(c);
}
END_TEST

START_TEST(state_file_survives_a_torn_copy)
{
	struct cache *c = open_slots(16, 0);
	struct cache_opts o;
	char state[600];
	unsigned char junk[64];
	uint64_t n;
	int fd;

	put_n(c, 0, 1);		/* reserves a block: one copy written */
	ck_assert_int_eq(cache_stop(c, &n, err, sizeof(err)), 0);
	ck_assert_int_eq(cache_start(c, &n, err, sizeof(err)), 0);
	cache_close(c);		/* both copies written since */
	ck_assert_int_eq(shm_unlink(shm_name), 0);
	snprintf(state, sizeof(state), "%s.state", journal);
	/* The newer copy is torn: the older one still knows the block. */
	memset(junk, 0x5a, sizeof(junk));
	ck_assert_int_ne(fd = open(state, O_RDWR), -1);
	ck_assert_int_eq(pwrite(fd, junk, sizeof(junk), 64), 64);
	c = open_slots(16, 0);
	put_n(c, 1, 1);
	ck_assert_uint_eq(drain(c, "GW1", got, 8), 1);
	ck_assert_uint_eq(got[0].ce_seq, 1 + CACHE_SEQ_BLOCK);
	cache_close(c);
	ck_assert_int_eq(shm_unlink(shm_name), 0);
	/* Both copies damaged: the next number is unknown, refused. */
	ck_assert_int_eq(pwrite(fd, junk, sizeof(junk), 0), 64);
	ck_assert_int_eq(pwrite(fd, junk, sizeof(junk), 64), 64);
	close(fd);
	fill_opts(&o, shm_name, 16);
	ck_assert_ptr_null(cache_open(&o, err, sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, "is damaged"));
	ck_assert_ptr_nonnull(strstr(err, state));
}
END_TEST

/* ---- processes that die, processes that write at once ----------------- */

/* The dying child's cache: still reachable when it is killed. */
static struct cache *volatile dying;

/* A child that takes the lock and dies holding it, as SIGKILL does. */
static void
die_holding_lock(int half_written)
{
	struct cache *c;
	struct cache_event ev;
	struct cache_shm *sh;
	pid_t pid;
	int status;

	if ((pid = fork()) == 0) {
		c = dying = open_slots(16, 0);
		sh = c->c_shm;
		if (cache_lock(c, err, sizeof(err)) == -1)
			_exit(1);
		if (half_written >= 0) {
			/* The event is copied, not yet committed. */
			memset(&ev, 0, sizeof(ev));
			ev.ce_seq = 777 + (uint64_t)half_written;
			ev.ce_type = ESM_EV_MODIFY;
			snprintf(ev.ce_userid, sizeof(ev.ce_userid), "HALF");
			sh->sh_pending_seq = ev.ce_seq;
			*cache_slot(sh, sh->sh_tail) = ev;
			if (half_written == 0)
				cache_slot(sh, sh->sh_tail)->ce_check =
				    cache_slot_check(&ev);
		}
		kill(getpid(), SIGKILL);
		_exit(2);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
}

START_TEST(killed_writer_does_not_wedge_the_next)
{
	struct cache *c = open_slots(16, 0);
	struct cache_info ci;

	put_n(c, 0, 2);
	die_holding_lock(-1);
	put_n(c, 2, 1);		/* would hang on a plain mutex */
	ci = info(c);
	ck_assert_uint_eq(ci.ci_recovered, 1);
	ck_assert_uint_eq(ci.ci_depth, 3);
	ck_assert_uint_eq(ci.ci_lost, 0);
	/* A whole event, not committed: kept. */
	die_holding_lock(0);
	ci = info(c);
	ck_assert_uint_eq(ci.ci_recovered, 2);
	ck_assert_uint_eq(ci.ci_depth, 4);
	/* A half-written one fails its checksum: counted lost, said so. */
	die_holding_lock(1);
	ci = info(c);
	ck_assert_uint_eq(ci.ci_recovered, 3);
	ck_assert_uint_eq(ci.ci_depth, 4);
	ck_assert_uint_eq(ci.ci_lost, 1);
	ck_assert_uint_eq(drain(c, "GW1", got, 8), 4);
	ck_assert_str_eq(got[3].ce_userid, "HALF");
	cache_close(c);
}
END_TEST

/*
 * A child that restores the journal's first record and dies: with the
 * record copied but not committed (stage 0), or committed before the
 * restore offset moved with it (stage 1).
 */
static void
die_restoring(int stage)
{
	struct cache_event ev;
	struct cache_shm *sh;
	pid_t pid;
	int jfd, status;

	if ((pid = fork()) == 0) {
		dying = open_slots(16, 0);
		sh = dying->c_shm;
		if (cache_lock(dying, err, sizeof(err)) == -1 ||
		    (jfd = open(journal, O_RDONLY)) == -1 ||
		    cache_journal_read(dying, jfd, CACHE_HDR_SIZE, &ev, err,
		    sizeof(err)) == -1)
			_exit(1);
		sh->sh_state = CACHE_STARTED;
		ev.ce_gen++;
		sh->sh_pending_seq = ev.ce_seq;
		sh->sh_pending_roff = CACHE_HDR_SIZE + CACHE_REC_SIZE;
		*cache_slot(sh, sh->sh_tail) = ev;
		cache_slot(sh, sh->sh_tail)->ce_check = cache_slot_check(&ev);
		if (stage == 1)
			sh->sh_tail++;
		kill(getpid(), SIGKILL);
		_exit(2);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
}

START_TEST(crash_during_restore_neither_loses_nor_repeats)
{
	struct cache *c = open_slots(16, 0);
	uint64_t n;
	int stage;

	for (stage = 0; stage < 2; stage++) {
		put_n(c, 3 * stage, 3);
		ck_assert_int_eq(cache_stop(c, &n, err, sizeof(err)), 0);
		die_restoring(stage);
		/* Repaired on the next lock: the record is in the ring
		   and the restore goes on after it. */
		ck_assert_int_eq(cache_start(c, &n, err, sizeof(err)), 0);
		ck_assert_uint_eq(n, 2);
		ck_assert_uint_eq(info(c).ci_recovered, (uint64_t)stage + 1);
		ck_assert_uint_eq(drain(c, "GW1", got, 8), 3);
		expect_users(3, 3 * stage);
		ck_assert_uint_eq(info(c).ci_journal_records, 0);
	}
	cache_close(c);
}
END_TEST

#define WRITERS		4
#define PER_WRITER	150

static void
writer(int w)
{
	struct cache *c = open_slots(32, 0);
	char id[16], fields[16];
	int i;

	cache_set_nosync(c, 1);
	for (i = 0; i < PER_WRITER; i++) {
		snprintf(id, sizeof(id), "W%d", w);
		snprintf(fields, sizeof(fields), "N%d", i);
		put(c, ESM_EV_MODIFY, id, fields, NULL);
	}
	cache_close(c);
}

START_TEST(concurrent_writers_lose_and_repeat_nothing)
{
	struct cache *c;
	pid_t pids[WRITERS];
	int next[WRITERS] = { 0 }, w, status;
	size_t n, i;

	for (w = 0; w < WRITERS; w++) {
		if ((pids[w] = fork()) == 0) {
			writer(w);
			_exit(0);
		}
		ck_assert_int_gt(pids[w], 0);
	}
	c = open_slots(32, 0);
	/* A consumer frees slots meanwhile, so ring and journal mix. */
	n = drain(c, "GW1", got, 16);
	for (w = 0; w < WRITERS; w++) {
		ck_assert_int_eq(waitpid(pids[w], &status, 0), pids[w]);
		ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	n += drain(c, "GW1", got + n, 16);
	ck_assert_uint_eq(n, WRITERS * PER_WRITER);
	for (i = 0; i < n; i++) {
		if (i > 0)
			ck_assert_uint_gt(got[i].ce_seq, got[i - 1].ce_seq);
		w = got[i].ce_userid[1] - '0';
		ck_assert_int_ge(w, 0);
		ck_assert_int_lt(w, WRITERS);
		/* Each writer's events in its own order, none missing. */
		ck_assert_int_eq(atoi(got[i].ce_fields + 1), next[w]);
		next[w]++;
	}
	ck_assert_uint_eq(info(c).ci_written, WRITERS * PER_WRITER);
	cache_close(c);
}
END_TEST

/* ---- the journal ------------------------------------------------------ */

static void
flip_journal_byte(off_t off)
{
	unsigned char b;
	int fd;

	ck_assert_int_ne(fd = open(journal, O_RDWR), -1);
	ck_assert_int_eq(pread(fd, &b, 1, off), 1);
	b ^= 0x01;
	ck_assert_int_eq(pwrite(fd, &b, 1, off), 1);
	close(fd);
}

START_TEST(tampered_record_is_reported)
{
	struct cache *c = open_slots(16, 0);
	struct cache_info ci;
	uint64_t n, off = CACHE_HDR_SIZE + CACHE_REC_SIZE;

	put_n(c, 0, 3);
	ck_assert_int_eq(cache_stop(c, &n, err, sizeof(err)), 0);
	flip_journal_byte((off_t)(off + 100));
	ck_assert_int_eq(cache_start(c, &n, err, sizeof(err)), -1);
	ck_assert_uint_eq(n, 1);	/* the record before it came back */
	ck_assert_ptr_nonnull(strstr(err, journal));
	ck_assert_ptr_nonnull(strstr(err, "offset 1168"));
	ck_assert_ptr_nonnull(strstr(err, "fails authentication"));
	ci = info(c);
	ck_assert_ptr_nonnull(strstr(ci.ci_damage, "offset 1168"));
	/* Never skipped: the damaged record and the next one stay. */
	ck_assert_uint_eq(ci.ci_journal_records, 2);
	ck_assert_uint_eq(ci.ci_depth, 1);
	/* New events queue behind it, in the journal. */
	put_n(c, 3, 1);
	ck_assert_uint_eq(info(c).ci_journal_records, 3);
	cache_close(c);
}
END_TEST

START_TEST(replayed_record_is_reported)
{
	struct cache *c = open_slots(16, 0);
	unsigned char rec[CACHE_REC_SIZE];
	uint64_t n;
	int fd;

	put_n(c, 0, 3);
	ck_assert_int_eq(cache_stop(c, &n, err, sizeof(err)), 0);
	/* The first record copied over the third: a valid seal, old. */
	ck_assert_int_ne(fd = open(journal, O_RDWR), -1);
	ck_assert_int_eq(pread(fd, rec, sizeof(rec), CACHE_HDR_SIZE),
	    sizeof(rec));
	ck_assert_int_eq(pwrite(fd, rec, sizeof(rec), CACHE_HDR_SIZE +
	    2 * CACHE_REC_SIZE), sizeof(rec));
	close(fd);
	ck_assert_int_eq(cache_start(c, &n, err, sizeof(err)), -1);
	ck_assert_uint_eq(n, 2);
	ck_assert_ptr_nonnull(strstr(err, "replayed or reordered"));
	cache_close(c);
}
END_TEST

START_TEST(journal_under_another_key_is_refused)
{
	struct cache *c = open_slots(16, 0);
	uint64_t n;

	put_n(c, 0, 2);
	ck_assert_int_eq(cache_stop(c, &n, err, sizeof(err)), 0);
	cache_close(c);
	ck_assert_int_eq(shm_unlink(shm_name), 0);
	key.lk_bytes[0] ^= 0xff;
	c = open_slots(16, 0);
	ck_assert_ptr_nonnull(strstr(info(c).ci_damage,
	    "sealed under another link key"));
	/* Events do not pass it: they fail, loudly. */
	{
		struct esm_event ev = { .ee_type = ESM_EV_CREATE,
		    .ee_userid = "X", .ee_esm = "racf" };

		ck_assert_int_eq(cache_put(c, &ev, err, sizeof(err)), -1);
		ck_assert_ptr_nonnull(strstr(err, "another link key"));
	}
	cache_close(c);
}
END_TEST

START_TEST(incomplete_last_record_is_cut)
{
	struct cache *c = open_slots(16, 0);
	unsigned char half[300];
	uint64_t n;
	int fd;

	put_n(c, 0, 2);
	ck_assert_int_eq(cache_stop(c, &n, err, sizeof(err)), 0);
	/* A writer died in the middle of its record. */
	memset(half, 0x11, sizeof(half));
	ck_assert_int_ne(fd = open(journal, O_WRONLY | O_APPEND), -1);
	ck_assert_int_eq(write(fd, half, sizeof(half)), sizeof(half));
	close(fd);
	put_n(c, 2, 1);
	ck_assert_int_eq(cache_start(c, &n, err, sizeof(err)), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(drain(c, "GW1", got, 8), 3);
	expect_users(3, 0);
	cache_close(c);
}
END_TEST

START_TEST(without_shared_memory_the_journal_takes_events)
{
	struct cache *c = open_slots(16, 0), *nomem;
	struct cache_opts o;
	struct cache_info ci;
	char name[400];
	uint64_t n;

	put_n(c, 0, 2);
	/* A name the system refuses: this process maps nothing. */
	memset(name, 'x', sizeof(name) - 1);
	name[0] = '/';
	name[sizeof(name) - 1] = '\0';
	fill_opts(&o, name, 16);
	ck_assert_ptr_nonnull(nomem = cache_open(&o, err, sizeof(err)));
	ci = info(nomem);
	ck_assert_int_eq(ci.ci_shared, 0);
	put_n(nomem, 2, 2);
	ck_assert_uint_eq(info(nomem).ci_journal_records, 2);
	ck_assert_int_eq(cache_stop(nomem, &n, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "no shared memory"));
	cache_close(nomem);
	/* The ring's writers see the journal grew: they follow it. */
	put_n(c, 4, 1);
	ci = info(c);
	ck_assert_uint_eq(ci.ci_depth, 2);
	ck_assert_uint_eq(ci.ci_journal_records, 3);
	ck_assert_uint_eq(drain(c, "GW1", got, 8), 5);
	expect_users(5, 0);
	cache_close(c);
}
END_TEST

START_TEST(resize_moves_the_ring_and_keeps_order)
{
	struct cache *old = open_slots(16, 0), *c;
	struct cache_info ci;
	uint64_t n;

	put_n(old, 0, 10);
	c = open_slots(32, 1);	/* the agent, with a new cache-slots */
	ci = info(c);
	ck_assert_uint_eq(ci.ci_slots, 32);
	ck_assert_uint_eq(ci.ci_depth, 0);
	ck_assert_uint_eq(ci.ci_journal_records, 10);
	/* The old process finds the ring retired and follows. */
	put_n(old, 10, 1);
	ck_assert_uint_eq(info(old).ci_slots, 32);
	ck_assert_int_eq(cache_start(c, &n, err, sizeof(err)), 0);
	ck_assert_uint_eq(n, 11);
	ck_assert_uint_eq(drain(c, "GW1", got, 8), 11);
	expect_users(11, 0);
	cache_close(old);
	cache_close(c);
}
END_TEST

/* ---- what an event carries ------------------------------------------ */

static int
file_has(const char *path, const char *needle)
{
	static char buf[1 << 20];
	ssize_t n;
	int fd;

	ck_assert_int_ne(fd = open(path, O_RDONLY), -1);
	n = read(fd, buf, sizeof(buf));
	close(fd);
	ck_assert_int_gt(n, 0);
	return memmem(buf, (size_t)n, needle, strlen(needle)) != NULL;
}

START_TEST(password_is_sealed_everywhere)
{
	struct cache *c = open_slots(16, 0);
	struct event_seal_key k;
	char shmpath[128], pw[EVENT_PASSWORD_MAX + 1];
	const char *secret = "S3CRET-PHRASE-42";
	uint64_t n;

	put(c, ESM_EV_PASSWORD_RESET, "ALICE", "PASSWORD", secret);
	snprintf(shmpath, sizeof(shmpath), "/dev/shm%s", shm_name);
	ck_assert(file_has(shmpath, "ALICE"));
	ck_assert(!file_has(shmpath, secret));
	ck_assert_int_eq(cache_stop(c, &n, err, sizeof(err)), 0);
	ck_assert(!file_has(journal, secret));
	ck_assert(!file_has(journal, "ALICE"));	/* the whole record */
	ck_assert_int_eq(cache_start(c, &n, err, sizeof(err)), 0);
	ck_assert_uint_eq(drain(c, "GW1", got, 8), 1);
	ck_assert(got[0].ce_flags & CACHE_F_PASSWORD);
	ck_assert_uint_eq(got[0].ce_pwlen, strlen(secret) + CRYPT_TAG_LEN);
	/* The gateway, holding the same key file, opens it. */
	ck_assert_int_eq(event_seal_key_derive(&key, AGENT, &k), 0);
	ck_assert_int_eq(event_open_password(&k, AGENT, got[0].ce_seq,
	    "ALICE", got[0].ce_password, got[0].ce_pwlen, pw, sizeof(pw)), 0);
	ck_assert_str_eq(pw, secret);
	/* Not for another user, event or agent. */
	ck_assert_int_eq(event_open_password(&k, AGENT, got[0].ce_seq,
	    "BOB", got[0].ce_password, got[0].ce_pwlen, pw, sizeof(pw)), -1);
	ck_assert_str_eq(pw, "");
	ck_assert_int_eq(event_open_password(&k, AGENT, got[0].ce_seq + 1,
	    "ALICE", got[0].ce_password, got[0].ce_pwlen, pw, sizeof(pw)),
	    -1);
	ck_assert_int_eq(event_open_password(&k, "SYS2", got[0].ce_seq,
	    "ALICE", got[0].ce_password, got[0].ce_pwlen, pw, sizeof(pw)),
	    -1);
	event_seal_key_clear(&k);
	cache_close(c);
}
END_TEST

START_TEST(event_fields_are_cut_at_a_whole_name)
{
	struct cache *c = open_slots(16, 0);
	char fields[2000], pw[EVENT_PASSWORD_MAX + 10];
	size_t i, len;

	fields[0] = '\0';
	for (i = 0; strlen(fields) < 1500; i++)
		snprintf(fields + strlen(fields), sizeof(fields) -
		    strlen(fields), "%sFIELD%zu", i ? " " : "", i);
	memset(pw, 'p', sizeof(pw) - 1);
	pw[sizeof(pw) - 1] = '\0';
	put(c, ESM_EV_MODIFY, "BOB", fields, NULL);
	put(c, ESM_EV_PASSWORD_CHANGE, "BOB", "PASSWORD", pw);
	ck_assert_uint_eq(drain(c, "GW1", got, 8), 2);
	ck_assert(got[0].ce_flags & CACHE_F_FIELDS_CUT);
	len = strlen(got[0].ce_fields);
	ck_assert_uint_le(len, CACHE_FIELDS_MAX);
	ck_assert_uint_eq(got[0].ce_fieldslen, len);
	ck_assert_int_eq(strncmp(got[0].ce_fields, fields, len), 0);
	ck_assert_int_eq(fields[len], ' ');	/* a whole name */
	/* A password too long to carry: the event stays, marked. */
	ck_assert(got[1].ce_flags & CACHE_F_PASSWORD_LONG);
	ck_assert(!(got[1].ce_flags & CACHE_F_PASSWORD));
	ck_assert_uint_eq(got[1].ce_pwlen, 0);
	cache_close(c);
}
END_TEST

/* ---- a link key change --------------------------------------------- */

static struct link_key key_new;

/* The cache as an agent half-way through a key change has it. */
static struct cache *
open_keys(const struct link_key *cur, const struct link_key *prev)
{
	struct cache_opts o;
	struct cache *c;

	fill_opts(&o, shm_name, 16);
	o.co_key = cur;
	o.co_key_previous = prev;
	if ((c = cache_open(&o, err, sizeof(err))) == NULL)
		ck_abort_msg("cache_open: %s", err);
	return c;
}

static void
make_key_new(void)
{
	size_t i;

	for (i = 0; i < 16; i++)
		key_new.lk_bytes[i] = (unsigned char)(0x30 + i);
	key_new.lk_len = 16;
}

/* Does ev's password open with k, and does ev name k's id? */
static int
password_opens_with(const struct cache_event *ev, const struct link_key *k,
    const char *want)
{
	struct event_seal_key sk;
	uint8_t id[LINK_KEY_ID_LEN];
	char pw[EVENT_PASSWORD_MAX + 1];
	int ok;

	ck_assert_int_eq(event_seal_key_derive(k, AGENT, &sk), 0);
	ok = event_open_password(&sk, AGENT, ev->ce_seq, ev->ce_userid,
	    ev->ce_password, ev->ce_pwlen, pw, sizeof(pw)) == 0 &&
	    strcmp(pw, want) == 0;
	event_seal_key_clear(&sk);
	ck_assert_int_eq(link_key_id(k, id), 0);
	return ok && memcmp(id, ev->ce_keyid, sizeof(id)) == 0;
}

/*
 * An agent that took the new key before the gateways: every gateway
 * still holds the old one, so passwords are sealed under it until the
 * change ends; the journal opens under either.
 */
START_TEST(passwords_are_sealed_under_the_previous_key_in_a_change)
{
	struct cache *c;
	uint64_t n;

	make_key_new();
	c = open_keys(&key_new, &key);
	put(c, ESM_EV_PASSWORD_RESET, "ALICE", "PASSWORD", "OLD-KEY-PW1");
	ck_assert_int_eq(cache_stop(c, &n, err, sizeof(err)), 0);
	put(c, ESM_EV_PASSWORD_RESET, "BOB", "PASSWORD", "OLD-KEY-PW2");
	ck_assert_int_eq(cache_start(c, &n, err, sizeof(err)), 0);
	ck_assert_uint_eq(drain(c, "GW1", got, 8), 2);
	ck_assert(password_opens_with(&got[0], &key, "OLD-KEY-PW1"));
	ck_assert(password_opens_with(&got[1], &key, "OLD-KEY-PW2"));
	ck_assert(!password_opens_with(&got[0], &key_new, "OLD-KEY-PW1"));
	cache_close(c);
	/* The change done (keyfile-previous gone): the new key seals. */
	c = open_keys(&key_new, NULL);
	put(c, ESM_EV_PASSWORD_RESET, "CAROL", "PASSWORD", "NEW-KEY-PW3");
	ck_assert_uint_eq(drain(c, "GW1", got, 8), 1);
	ck_assert(password_opens_with(&got[0], &key_new, "NEW-KEY-PW3"));
	cache_close(c);
	link_key_clear(&key_new);
}
END_TEST

/* The key id a journal's header names (its derived journal key id). */
static void
journal_header(struct cache_journal_hdr *h)
{
	int fd;

	ck_assert_int_ne(fd = open(journal, O_RDONLY), -1);
	ck_assert_int_eq(pread(fd, h, sizeof(*h), 0), sizeof(*h));
	close(fd);
}

/*
 * A journal emptied before the change still names the old key; once
 * the old key is gone it must not stop the cache: with no record to
 * open, it takes the current key.
 */
START_TEST(an_empty_journal_takes_the_current_key)
{
	struct cache_journal_hdr before, after;
	struct cache *c;
	uint64_t n;

	make_key_new();
	c = open_keys(&key, NULL);
	put_n(c, 0, 2);
	ck_assert_int_eq(cache_stop(c, &n, err, sizeof(err)), 0);
	ck_assert_int_eq(cache_start(c, &n, err, sizeof(err)), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(drain(c, "GW1", got, 8), 2);
	ck_assert_uint_eq(info(c).ci_journal_records, 0);
	journal_header(&before);
	cache_close(c);
	ck_assert_int_eq(shm_unlink(shm_name), 0);
	/* The agent restarts with the new key alone. */
	c = open_keys(&key_new, NULL);
	ck_assert_str_eq(info(c).ci_damage, "");
	ck_assert_int_eq(cache_stop(c, &n, err, sizeof(err)), 0);
	put_n(c, 2, 2);
	ck_assert_uint_eq(info(c).ci_journal_records, 2);
	ck_assert_int_eq(cache_start(c, &n, err, sizeof(err)), 0);
	ck_assert_uint_eq(drain(c, "GW1", got, 8), 2);
	expect_users(2, 2);
	journal_header(&after);
	ck_assert(memcmp(before.jh_keyid, after.jh_keyid,
	    sizeof(after.jh_keyid)) != 0);
	cache_close(c);
	link_key_clear(&key_new);
}
END_TEST

/*
 * Records sealed under the old key wait in the journal through the
 * change: an agent holding both keys restores them, and those that
 * follow under the new key, in order.
 */
START_TEST(journal_records_of_both_keys_restore_in_a_change)
{
	struct cache *c;
	uint64_t n;

	make_key_new();
	c = open_keys(&key, NULL);
	put_n(c, 0, 2);
	ck_assert_int_eq(cache_stop(c, &n, err, sizeof(err)), 0);
	cache_close(c);
	ck_assert_int_eq(shm_unlink(shm_name), 0);
	c = open_keys(&key_new, &key);
	ck_assert_str_eq(info(c).ci_damage, "");
	ck_assert_int_eq(cache_stop(c, &n, err, sizeof(err)), 0);
	put_n(c, 2, 2);
	ck_assert_uint_eq(info(c).ci_journal_records, 4);
	ck_assert_int_eq(cache_start(c, &n, err, sizeof(err)), 0);
	ck_assert_uint_eq(n, 4);
	ck_assert_uint_eq(drain(c, "GW1", got, 8), 4);
	expect_users(4, 0);
	cache_close(c);
	link_key_clear(&key_new);
}
END_TEST

/*
 * A slot written before key ids, with 647 bytes of field names: the
 * last 4 lie where ce_keyid is now.  Readers get whole names, the event
 * marked cut, and no key id.
 */
START_TEST(an_old_slot_with_long_fields_names_no_key)
{
	struct cache *c = open_slots(16, 0);
	struct cache_event *slot;
	unsigned char *names;
	char old[648];
	size_t i, len;

	put(c, ESM_EV_MODIFY, "BOB", "NAME", NULL);
	memset(old, 0, sizeof(old));
	for (i = 0; strlen(old) < sizeof(old) - 1; i++)
		snprintf(old + strlen(old), sizeof(old) - strlen(old),
		    "%sF%zu", i ? " " : "", i);
	slot = cache_slot(c->c_shm, c->c_shm->sh_head);
	names = (unsigned char *)slot + offsetof(struct cache_event,
	    ce_fields);
	memcpy(names, old, sizeof(old));
	slot->ce_fieldslen = (uint16_t)strlen(old);
	slot->ce_check = cache_slot_check(slot);
	ck_assert(memcmp(slot->ce_keyid, "\0\0\0\0", 4) != 0);
	ck_assert_uint_eq(drain(c, "GW1", got, 8), 1);
	ck_assert(got[0].ce_flags & CACHE_F_FIELDS_CUT);
	len = strlen(got[0].ce_fields);
	ck_assert_uint_le(len, CACHE_FIELDS_MAX);
	ck_assert_uint_eq(got[0].ce_fieldslen, len);
	ck_assert_int_eq(strncmp(got[0].ce_fields, old, len), 0);
	ck_assert_int_eq(old[len], ' ');
	ck_assert(memcmp(got[0].ce_keyid, "\0\0\0\0", 4) == 0);
	cache_close(c);
}
END_TEST

/* ---- operator commands ---------------------------------------------- */

static char answer[16384];

static void
collect_cb(void *arg, const char *line)
{
	strncat(answer, line, sizeof(answer) - strlen(answer) - 2);
	strcat(answer, "\n");
}

static int
run(struct cache *c, const char *verb, const char *args)
{
	answer[0] = '\0';
	return cache_ctl_run(c, verb, args, collect_cb, NULL);
}

START_TEST(operator_commands)
{
	struct cache *c = open_slots(16, 0);

	ck_assert(cache_ctl_is_command("DISPLAY", "CACHE"));
	ck_assert(cache_ctl_is_command("d", "cache events"));
	ck_assert(!cache_ctl_is_command("DISPLAY", NULL));
	ck_assert(!cache_ctl_is_command("DISPLAY", "CACHEX"));
	ck_assert(!cache_ctl_is_command("RELOAD", "CACHE"));
	put(c, ESM_EV_PASSWORD_RESET, "ALICE", "PASSWORD", "TOPSECRET");
	put(c, ESM_EV_CONNECT, "BOB", "GROUP", NULL);
	ck_assert_int_eq(run(c, "DISPLAY", "CACHE EVENTS"), 0);
	ck_assert_ptr_nonnull(strstr(answer, "ESMA240I CACHE "));
	ck_assert_ptr_nonnull(strstr(answer, " STARTED SLOTS 16 DEPTH 2 "));
	ck_assert_ptr_nonnull(strstr(answer, "ESMA248I EVENT 1 "
	    "password-reset ALICE FIELDS(PASSWORD) ORIGIN IBMUSER TASK TEST "
	    "EXIT IRREVX01 PASSWORD SEALED IN RING"));
	ck_assert_ptr_null(strstr(answer, "TOPSECRET"));
	ck_assert_ptr_nonnull(strstr(answer, "ESMA243I NO CONSUMER"));
	ck_assert_int_eq(run(c, "DRAIN", "CACHE"), 1);
	ck_assert_ptr_nonnull(strstr(answer, "ESMA254E"));
	ck_assert_int_eq(run(c, "STOP", "CACHE"), 0);
	ck_assert_ptr_nonnull(strstr(answer, "ESMA250I CACHE STOPPED: 2 "
	    "EVENTS MOVED TO THE JOURNAL"));
	ck_assert_int_eq(run(c, "DRAIN", "CACHE"), 1);
	ck_assert_ptr_nonnull(strstr(answer, "ESMA255E"));
	ck_assert_int_eq(run(c, "D", "CACHE EVENTS"), 0);
	ck_assert_ptr_nonnull(strstr(answer, "STOPPED SLOTS 16 DEPTH 0"));
	ck_assert_ptr_nonnull(strstr(answer, "RECORDS 2 "));
	ck_assert_ptr_nonnull(strstr(answer, "BOB FIELDS(GROUP) ORIGIN "
	    "IBMUSER TASK TEST EXIT IRREVX01 IN JOURNAL"));
	ck_assert_int_eq(run(c, "START", "CACHE"), 0);
	ck_assert_ptr_nonnull(strstr(answer, "ESMA251I CACHE STARTED: 2 "
	    "EVENTS RESTORED"));
	ck_assert_int_eq(cache_consumer_add(c, "GW1", err, sizeof(err)), 0);
	ck_assert_int_eq(run(c, "DRAIN", "CACHE"), 0);
	ck_assert_ptr_nonnull(strstr(answer, "ESMA253I CACHE DRAINING: 2 "));
	ck_assert_int_eq(cache_ack(c, "GW1", 2, err, sizeof(err)), 0);
	ck_assert_int_eq(run(c, "DRAIN", "CACHE"), 0);
	ck_assert_ptr_nonnull(strstr(answer, "ESMA252I CACHE DRAINED"));
	ck_assert_ptr_nonnull(strstr(answer, "ESMA243I CONSUMER GW1 ACKED 2"));
	ck_assert_int_eq(run(c, "STOP", "CACHE EVENTS"), 1);
	ck_assert_ptr_nonnull(strstr(answer, "ESMA257E"));
	cache_close(c);
}
END_TEST

static Suite *
cache_suite(void)
{
	Suite *s = suite_create("cache");
	TCase *tc;

	tc = tcase_create("ring");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, ring_wraps_around);
	tcase_add_test(tc, full_ring_spills_and_restores_in_order);
	tcase_add_test(tc, stop_and_start);
	tcase_add_test(tc, consumers_free_only_what_all_acked);
	tcase_add_test(tc, ack_held_back_by_a_stop_is_given_again);
	tcase_add_test(tc, one_database_one_cache_one_group);
	tcase_add_test(tc, no_consumer_keeps_everything);
	suite_add_tcase(s, tc);
	tc = tcase_create("sequence");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, sequences_survive_losing_the_memory);
	tcase_add_test(tc, state_file_survives_a_torn_copy);
	suite_add_tcase(s, tc);
	tc = tcase_create("processes");
	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, killed_writer_does_not_wedge_the_next);
	tcase_add_test(tc, crash_during_restore_neither_loses_nor_repeats);
	tcase_add_test(tc, concurrent_writers_lose_and_repeat_nothing);
	tcase_add_test(tc, resize_moves_the_ring_and_keeps_order);
	suite_add_tcase(s, tc);
	tc = tcase_create("journal");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, tampered_record_is_reported);
	tcase_add_test(tc, replayed_record_is_reported);
	tcase_add_test(tc, journal_under_another_key_is_refused);
	tcase_add_test(tc, incomplete_last_record_is_cut);
	tcase_add_test(tc, without_shared_memory_the_journal_takes_events);
	suite_add_tcase(s, tc);
	tc = tcase_create("event");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, password_is_sealed_everywhere);
	tcase_add_test(tc, event_fields_are_cut_at_a_whole_name);
	tcase_add_test(tc, an_old_slot_with_long_fields_names_no_key);
	tcase_add_test(tc, operator_commands);
	suite_add_tcase(s, tc);
	tc = tcase_create("key change");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc,
	    passwords_are_sealed_under_the_previous_key_in_a_change);
	tcase_add_test(tc, an_empty_journal_takes_the_current_key);
	tcase_add_test(tc, journal_records_of_both_keys_restore_in_a_change);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(cache_suite());
	int failed;

	log_init("check_cache");
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
