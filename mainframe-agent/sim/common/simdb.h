/*
 * simdb.h - the LMDB environment under every simulator's database.
 *
 * A simulator's database is one LMDB environment (a directory) of named
 * databases.  MDB_NOTLS lets threads share read transactions' slots and
 * several processes (the agent, esmconsole) share the environment;
 * LMDB's own writer lock makes each command atomic.  What a simulator
 * keeps in it (records, indexes) is its own; opening, transactions,
 * single records, prefix scans and giving back the pages of long scans
 * are here.  Functions return 0, 1 for "not found", or -1 when LMDB
 * failed (logged, with the ESM's name).
 */
#ifndef SIM_SIMDB_H
#define SIM_SIMDB_H

#include <stddef.h>

#include <lmdb.h>

struct simdb {
	MDB_env		*sd_env;	/* owned */
	char		*sd_path;	/* owned */
	const char	*sd_esm;	/* "racf": for messages (static) */
	int		 sd_nosync;	/* opened for a bulk load */
	void		*sd_map;	/* where data.mdb is mapped, once known */
	size_t		 sd_maplen;
};

/* A named database and where its handle goes: (char *)base + off. */
struct simdb_name {
	const char	*sn_name;
	size_t		 sn_off;
};

/*
 * Create (mode 0700) and open the environment at path; mapsize 0 means
 * 1 GiB.  what names it in errors ("the RACF database").  Reader slots
 * left by processes killed while reading are freed.
 */
int	simdb_open(struct simdb *, const char *esm, const char *what,
	    const char *path, size_t mapsize, int nosync, char *err,
	    size_t errlen);
/* Open (create) the named databases inside the caller's write
   transaction, so two processes creating a database cannot both. */
int	simdb_open_dbis(struct simdb *, MDB_txn *, const struct simdb_name *,
	    size_t n, void *base);
/* Sync a bulk load, close; the struct can be opened again. */
void	simdb_close(struct simdb *);

int	simdb_begin(struct simdb *, int rdonly, MDB_txn **);
int	simdb_commit(MDB_txn *);

int	simdb_get(MDB_txn *, MDB_dbi, const void *key, size_t klen,
	    MDB_val *);
/* Store val (taking the malloc'd buffer) under key. */
int	simdb_put(MDB_txn *, MDB_dbi, const void *key, size_t klen,
	    void *val, size_t vlen);
/* Delete key; absent is not an error. */
int	simdb_del(MDB_txn *, MDB_dbi, const void *key, size_t klen);

/*
 * Call fn for each record of dbi whose key starts with the n bytes of
 * prefix (all of them for n == 0), in key order, until fn returns
 * non-zero.  Returns -1 when fn returned -1 or LMDB failed, else 0.
 * Long scans give their pages back now and then (simdb_release_map).
 */
typedef int (*simdb_scan_fn)(void *arg, const MDB_val *k, const MDB_val *v);
int	simdb_scan(MDB_txn *, MDB_dbi, const void *prefix, size_t n,
	    simdb_scan_fn, void *arg);
/* Does any key of dbi start with "a\0"?  1, 0, or -1. */
int	simdb_has_prefix(MDB_txn *, MDB_dbi, const char *a);

/*
 * Give the pages of the map back to the page cache, where every
 * process shares them, so a process's resident size does not grow to
 * the size of the database.
 */
void	simdb_release_map(struct simdb *);

#endif
