/*
 * simdb.c - the LMDB environment under every simulator (simdb.h).
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "log.h"
#include "xmalloc.h"

#include "mainframe-agent/sim/common/simdb.h"

#define SIMDB_MAPSIZE		((size_t)1 << 30)
#define SIMDB_MAXDBS		16
#define SIMDB_RELEASE_EVERY	2048	/* scanned records between releases */

static const char *
simdb_esm(MDB_txn *txn)
{
	struct simdb *sd = mdb_env_get_userctx(mdb_txn_env(txn));

	return sd != NULL ? sd->sd_esm : "simulator";
}

static int
simdb_fail(const char *esm, const char *what, int rc)
{
	log_warnx("%s: LMDB %s failed: %s", esm, what, mdb_strerror(rc));
	return -1;
}

int
simdb_open(struct simdb *sd, const char *esm, const char *what,
    const char *path, size_t mapsize, int nosync, char *err, size_t errlen)
{
	unsigned int flags = MDB_NOTLS;
	int rc, dead = 0;

	memset(sd, 0, sizeof(*sd));
	sd->sd_esm = esm;
	if (mkdir(path, 0700) == -1 && errno != EEXIST) {
		snprintf(err, errlen, "cannot create %s: %s", path,
		    strerror(errno));
		return -1;
	}
	if (nosync)
		flags |= MDB_NOSYNC | MDB_NOMETASYNC;
	if ((rc = mdb_env_create(&sd->sd_env)) != 0 ||
	    (rc = mdb_env_set_maxdbs(sd->sd_env, SIMDB_MAXDBS)) != 0 ||
	    (rc = mdb_env_set_mapsize(sd->sd_env, mapsize != 0 ? mapsize :
	    SIMDB_MAPSIZE)) != 0 ||
	    (rc = mdb_env_set_maxreaders(sd->sd_env, 254)) != 0 ||
	    (rc = mdb_env_open(sd->sd_env, path, flags, 0600)) != 0) {
		snprintf(err, errlen, "cannot open %s %s: %s", what, path,
		    mdb_strerror(rc));
		if (sd->sd_env != NULL)
			mdb_env_close(sd->sd_env);
		sd->sd_env = NULL;
		return -1;
	}
	/*
	 * A process killed while reading (an agent under SIGKILL) leaves
	 * its reader slot behind; free those so old pages can be reused.
	 */
	if ((rc = mdb_reader_check(sd->sd_env, &dead)) != 0)
		log_warnx("%s: checking %s for stale readers failed: %s", esm,
		    path, mdb_strerror(rc));
	else if (dead > 0)
		log_info("%s: released %d reader slots of processes that "
		    "died in %s", esm, dead, path);
	sd->sd_nosync = nosync;
	sd->sd_path = xstrdup(path);
	(void)mdb_env_set_userctx(sd->sd_env, sd);
	return 0;
}

int
simdb_open_dbis(struct simdb *sd, MDB_txn *txn, const struct simdb_name *n,
    size_t count, void *base)
{
	size_t i;
	int rc;

	for (i = 0; i < count; i++) {
		rc = mdb_dbi_open(txn, n[i].sn_name, MDB_CREATE,
		    (MDB_dbi *)((char *)base + n[i].sn_off));
		if (rc != 0)
			return simdb_fail(sd->sd_esm, "dbi_open", rc);
	}
	return 0;
}

void
simdb_close(struct simdb *sd)
{
	int rc;

	/* A bulk load ran without fsync per command: sync once at the end. */
	if (sd->sd_env != NULL && sd->sd_nosync &&
	    (rc = mdb_env_sync(sd->sd_env, 1)) != 0)
		log_warnx("%s: flushing %s to disk failed: %s", sd->sd_esm,
		    sd->sd_path, mdb_strerror(rc));
	if (sd->sd_env != NULL)
		mdb_env_close(sd->sd_env);
	sd->sd_env = NULL;
	free(sd->sd_path);
	sd->sd_path = NULL;
	sd->sd_map = NULL;
	sd->sd_maplen = 0;
}

int
simdb_begin(struct simdb *sd, int rdonly, MDB_txn **txn)
{
	int rc;

	rc = mdb_txn_begin(sd->sd_env, NULL, rdonly ? MDB_RDONLY : 0, txn);
	if (rc != 0)
		return simdb_fail(sd->sd_esm, "txn_begin", rc);
	return 0;
}

int
simdb_commit(MDB_txn *txn)
{
	const char *esm = simdb_esm(txn);
	int rc;

	if ((rc = mdb_txn_commit(txn)) != 0)
		return simdb_fail(esm, "txn_commit", rc);
	return 0;
}

int
simdb_get(MDB_txn *txn, MDB_dbi dbi, const void *key, size_t klen,
    MDB_val *v)
{
	MDB_val k = { klen, (void *)key };
	int rc;

	if ((rc = mdb_get(txn, dbi, &k, v)) == MDB_NOTFOUND)
		return 1;
	if (rc != 0)
		return simdb_fail(simdb_esm(txn), "get", rc);
	return 0;
}

int
simdb_put(MDB_txn *txn, MDB_dbi dbi, const void *key, size_t klen,
    void *val, size_t vlen)
{
	MDB_val k = { klen, (void *)key }, v = { vlen, val };
	int rc;

	rc = mdb_put(txn, dbi, &k, &v, 0);
	free(val);
	if (rc != 0)
		return simdb_fail(simdb_esm(txn), "put", rc);
	return 0;
}

int
simdb_del(MDB_txn *txn, MDB_dbi dbi, const void *key, size_t klen)
{
	MDB_val k = { klen, (void *)key };
	int rc;

	if ((rc = mdb_del(txn, dbi, &k, NULL)) != 0 && rc != MDB_NOTFOUND)
		return simdb_fail(simdb_esm(txn), "del", rc);
	return 0;
}

/*
 * LMDB does not say where it mapped the file (me_mapaddr is only set
 * for MDB_FIXEDMAP), so find the mapping of data.mdb in /proc/self/maps.
 */
static int
simdb_find_map(struct simdb *sd)
{
	char want[PATH_MAX + 16], real[PATH_MAX], line[PATH_MAX + 128];
	char path[PATH_MAX + 1];
	unsigned long start, end;
	FILE *fp;

	if (sd->sd_path == NULL || realpath(sd->sd_path, real) == NULL)
		return -1;
	snprintf(want, sizeof(want), "%s/data.mdb", real);
	if ((fp = fopen("/proc/self/maps", "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), fp) != NULL) {
		if (sscanf(line, "%lx-%lx %*s %*s %*s %*s %4096s", &start, &end,
		    path) == 3 && strcmp(path, want) == 0) {
			sd->sd_map = (void *)start;
			sd->sd_maplen = end - start;
			break;
		}
	}
	fclose(fp);
	return sd->sd_map != NULL ? 0 : -1;
}

/*
 * The map is read-only (no MDB_WRITEMAP: LMDB writes with pwrite), so a
 * reader in another thread that needs a page again just faults it in.
 */
void
simdb_release_map(struct simdb *sd)
{
	MDB_envinfo info;
	MDB_stat st;
	size_t used;

	if (sd == NULL || sd->sd_env == NULL ||
	    (sd->sd_map == NULL && simdb_find_map(sd) == -1))
		return;
	if (mdb_env_info(sd->sd_env, &info) != 0 ||
	    mdb_env_stat(sd->sd_env, &st) != 0)
		return;
	used = (info.me_last_pgno + 1) * (size_t)st.ms_psize;
	(void)madvise(sd->sd_map, used < sd->sd_maplen ? used : sd->sd_maplen,
	    MADV_DONTNEED);
}

int
simdb_scan(MDB_txn *txn, MDB_dbi dbi, const void *prefix, size_t n,
    simdb_scan_fn fn, void *arg)
{
	MDB_cursor *cur;
	MDB_val k, v;
	size_t seen = 0;
	int rc, op = MDB_SET_RANGE, ret = 0;

	if ((rc = mdb_cursor_open(txn, dbi, &cur)) != 0)
		return simdb_fail(simdb_esm(txn), "cursor_open", rc);
	k.mv_size = n;
	k.mv_data = (void *)prefix;
	if (n == 0)
		op = MDB_FIRST;
	for (;;) {
		if ((rc = mdb_cursor_get(cur, &k, &v, op)) != 0)
			break;
		op = MDB_NEXT;
		if (k.mv_size < n || memcmp(k.mv_data, prefix, n) != 0)
			break;
		if ((ret = fn(arg, &k, &v)) != 0)
			break;
		if (++seen % SIMDB_RELEASE_EVERY == 0)
			simdb_release_map(mdb_env_get_userctx(
			    mdb_txn_env(txn)));
	}
	mdb_cursor_close(cur);
	if (rc != 0 && rc != MDB_NOTFOUND)
		return simdb_fail(simdb_esm(txn), "cursor_get", rc);
	return ret == -1 ? -1 : 0;
}

static int
simdb_found_cb(void *arg, const MDB_val *k, const MDB_val *v)
{
	(void)k;
	(void)v;
	*(int *)arg = 1;
	return 1;
}

int
simdb_has_prefix(MDB_txn *txn, MDB_dbi dbi, const char *a)
{
	int found = 0;

	/* The prefix includes the NUL that ends a. */
	if (simdb_scan(txn, dbi, a, strlen(a) + 1, simdb_found_cb,
	    &found) == -1)
		return -1;
	return found;
}
