/*
 * store.h - the RACF database on LMDB: profiles, connections, indexes
 * and options, and their compact record form.
 */
#ifndef RACF_STORE_H
#define RACF_STORE_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <lmdb.h>

#include "mainframe-agent/sim/common/pwhash.h"
#include "mainframe-agent/sim/common/simdb.h"
#include "mainframe-agent/sim/racf/racf.h"

#define ID_SZ		9		/* 8 characters and a NUL */
#define NAME_SZ		41		/* 20 characters of UTF-8 */
#define DATA_SZ		511		/* 255 characters of UTF-8 */

/* ru_flags */
#define RU_SPECIAL	0x0001u
#define RU_OPERATIONS	0x0002u
#define RU_AUDITOR	0x0004u
#define RU_REVOKED	0x0008u		/* REVOKE without a date */
#define RU_PWEXPIRED	0x0010u
#define RU_PHEXPIRED	0x0020u

/* The user segments, in the order LISTUSER prints them. */
enum useg {
	USEG_TSO,
	USEG_OMVS,
	USEG_CICS,
	USEG__MAX
};
#define SEG_FIELDS	11		/* TSO has the most */

/* A segment: which fields are set; strings owned, NULL when unset. */
struct rseg {
	int		 rs_present;
	char		*rs_f[SEG_FIELDS];
};

/* A user profile.  Times are 0 when unset ("NONE", "UNKNOWN"). */
struct ruser {
	char		 ru_id[ID_SZ];
	char		 ru_name[NAME_SZ];	/* "": UNKNOWN */
	char		 ru_owner[ID_SZ];
	char		 ru_dfltgrp[ID_SZ];
	char		 ru_data[DATA_SZ];
	uint32_t	 ru_flags;
	int64_t		 ru_created;
	int64_t		 ru_passdate;
	int64_t		 ru_phrasedate;
	int64_t		 ru_lastaccess;
	int64_t		 ru_revokedate;
	int64_t		 ru_resumedate;
	uint16_t	 ru_interval;		/* days; 0: NOINTERVAL */
	uint16_t	 ru_failures;		/* bad logons in a row */
	struct pwhash	 ru_pw;
	struct pwhash	 ru_phrase;
	struct rseg	 ru_seg[USEG__MAX];
};

struct rgroup {
	char		 rg_id[ID_SZ];
	char		 rg_supgroup[ID_SZ];	/* "" for SYS1 */
	char		 rg_owner[ID_SZ];
	char		 rg_data[DATA_SZ];
	int64_t		 rg_created;
	int		 rg_omvs;		/* OMVS segment present */
	char		 rg_gid[12];		/* "" when unset */
};

enum rauth {
	AUTH_USE,
	AUTH_CREATE,
	AUTH_CONNECT,
	AUTH_JOIN
};

/* rc_flags */
#define RC_REVOKED	0x0001u

/* A connection of a user to a group. */
struct rconn {
	char		 rc_user[ID_SZ];
	char		 rc_group[ID_SZ];
	enum rauth	 rc_auth;
	char		 rc_owner[ID_SZ];
	char		 rc_uacc[ID_SZ];
	uint32_t	 rc_flags;
	uint32_t	 rc_count;
	int64_t		 rc_created;
	int64_t		 rc_lastconnect;
	int64_t		 rc_revokedate;
	int64_t		 rc_resumedate;
};

/* The SETROPTS options the simulator keeps. */
struct rsetr {
	uint16_t	 rs_revoke;		/* 0: NOREVOKE */
	uint16_t	 rs_interval;		/* days */
	int		 rs_mixedcase;
};

struct racf_db {
	struct simdb	 db_sd;		/* the LMDB environment */
	MDB_dbi		 db_users;	/* userid -> struct ruser */
	MDB_dbi		 db_groups;	/* group -> struct rgroup */
	MDB_dbi		 db_u2g;	/* user\0group -> struct rconn */
	MDB_dbi		 db_g2u;	/* group\0user -> empty */
	MDB_dbi		 db_owns;	/* owner\0U|G name -> empty */
	MDB_dbi		 db_subs;	/* supgroup\0group -> empty */
	MDB_dbi		 db_opts;	/* "SETROPTS" -> struct rsetr */
	time_t		(*db_clock)(void *);
	void		*db_clock_arg;
	unsigned int	 db_kdf_iter;
	pthread_mutex_t	 db_exit_lock;	/* guards the two below */
	esm_exit_fn	 db_exit;
	void		*db_exit_arg;
};

int	store_open(struct racf_db *, const struct racf_opts *, char *,
	    size_t);

int	store_get_user(struct racf_db *, MDB_txn *, const char *,
	    struct ruser *);
int	store_put_user(struct racf_db *, MDB_txn *, const struct ruser *,
	    const struct ruser *);
int	store_del_user(struct racf_db *, MDB_txn *, const struct ruser *);
int	store_get_group(struct racf_db *, MDB_txn *, const char *,
	    struct rgroup *);
int	store_put_group(struct racf_db *, MDB_txn *, const struct rgroup *,
	    const struct rgroup *);
int	store_del_group(struct racf_db *, MDB_txn *, const struct rgroup *);
int	store_get_conn(struct racf_db *, MDB_txn *, const char *,
	    const char *, struct rconn *);
int	store_put_conn(struct racf_db *, MDB_txn *, const struct rconn *);
int	store_del_conn(struct racf_db *, MDB_txn *, const char *,
	    const char *);
int	store_get_setr(struct racf_db *, MDB_txn *, struct rsetr *);
int	store_put_setr(struct racf_db *, MDB_txn *, const struct rsetr *);
int	store_init_dbis(struct racf_db *, MDB_txn *);
const char *store_key_second(const MDB_val *, char *);

/* rec.c: the record form (version byte first). */
void	ruser_free(struct ruser *);
int	ruser_copy(struct ruser *, const struct ruser *);
void	*rec_user_encode(const struct ruser *, size_t *);
int	rec_user_decode(const void *, size_t, struct ruser *);
void	*rec_group_encode(const struct rgroup *, size_t *);
int	rec_group_decode(const void *, size_t, struct rgroup *);
void	*rec_conn_encode(const struct rconn *, size_t *);
int	rec_conn_decode(const void *, size_t, struct rconn *);
void	*rec_setr_encode(const struct rsetr *, size_t *);
int	rec_setr_decode(const void *, size_t, struct rsetr *);

#endif
