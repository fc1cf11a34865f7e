/*
 * store.h - the TSS security file on LMDB: ACIDs, their indexes and
 * permissions, and the compact record form.
 */
#ifndef TSS_STORE_H
#define TSS_STORE_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <lmdb.h>

#include "mainframe-agent/sim/common/simdb.h"

#include "mainframe-agent/sim/common/pwhash.h"
#include "mainframe-agent/sim/tss/tss.h"

#define ID_SZ		9		/* 8 characters and a NUL */
#define NAME_SZ		65		/* 32 characters of IBM-1047 UTF-8 */
#define CLASS_SZ	9		/* a resource class name */
#define RES_SZ		257		/* a resource name, 256 bytes */
#define ACCESS_SZ	80		/* "READ,UPDATE,..." */

/* ACID types; the order is the record's and the type index's. */
enum tss_type {
	TT_USER,
	TT_PROFILE,
	TT_GROUP,
	TT_DEPT,
	TT_DIV,
	TT_ZONE,
	TT_SCA,			/* central security administrator */
	TT_MSCA,		/* master security control ACID */
	TT__MAX
};

/* ta_flags */
#define TA_SUSPENDED	0x0001u		/* ADDTO SUSPEND */
#define TA_VIOLATION	0x0002u		/* suspended by PTHRESH */
#define TA_PWEXPIRED	0x0004u		/* PASSWORD(pw,days,EXP) */

/* The fields kept as text, one or blank-separated values each. */
enum tss_field {
	TF_FACILITY, TF_PROFILE, TF_GROUP, TF_DFLTGRP, TF_UID, TF_GID,
	TF_HOME, TF_OMVSPGM, TF_TSOACCT, TF_TSOPROC, TF_TSOLACCT,
	TF_TSOLPROC, TF_TSOLSIZE, TF_TSOMSIZE, TF_TSOUNIT, TF_TSOUDATA,
	TF_TSOHCLASS, TF_TSOJCLASS, TF_TSOMCLASS, TF_TSOSCLASS, TF_TSODEST,
	TF_TSOCOMMAND,
	TF__MAX
};

/* An ACID.  Times are 0 when unset. */
struct tacid {
	char		 ta_id[ID_SZ];
	enum tss_type	 ta_type;
	char		 ta_name[NAME_SZ];
	char		 ta_owner[ID_SZ];	/* dept, division or zone */
	uint32_t	 ta_flags;
	int64_t		 ta_created;
	int64_t		 ta_lastmod;
	int64_t		 ta_lastused;
	int64_t		 ta_passdate;
	int64_t		 ta_suspdate;
	uint16_t	 ta_interval;		/* days; 0: never expires */
	uint16_t	 ta_failures;		/* violations in a row */
	uint32_t	 ta_count;		/* signons */
	struct pwhash	 ta_pw;
	char		*ta_f[TF__MAX];		/* owned; NULL: unset */
};

/* One permission (TSS's cross-authorization, "XA"). */
struct tperm {
	char		 tp_acid[ID_SZ];
	char		 tp_class[CLASS_SZ];
	char		 tp_res[RES_SZ];
	char		 tp_access[ACCESS_SZ];
	int64_t		 tp_date;
	char		 tp_by[ID_SZ];
};

struct tss_db {
	struct simdb	 db_sd;		/* the LMDB environment */
	MDB_dbi		 db_acids;	/* acid -> struct tacid */
	MDB_dbi		 db_types;	/* type letter + acid -> empty */
	MDB_dbi		 db_owns;	/* owner\0acid -> empty */
	MDB_dbi		 db_members;	/* profile|group\0acid -> empty */
	MDB_dbi		 db_perms;	/* acid\0class\0res -> struct tperm */
	MDB_dbi		 db_who;	/* class\0res\0acid -> empty */
	time_t		(*db_clock)(void *);
	void		*db_clock_arg;
	unsigned int	 db_kdf_iter;
	unsigned int	 db_pthresh;
	pthread_mutex_t	 db_exit_lock;	/* guards the two below */
	esm_exit_fn	 db_exit;
	void		*db_exit_arg;
};

int	tstore_open(struct tss_db *, const struct tss_opts *, char *, size_t);
int	tstore_init_dbis(struct tss_db *, MDB_txn *);

int	tstore_get_acid(struct tss_db *, MDB_txn *, const char *,
	    struct tacid *);
int	tstore_put_acid(struct tss_db *, MDB_txn *, const struct tacid *,
	    const struct tacid *);
int	tstore_del_acid(struct tss_db *, MDB_txn *, const struct tacid *);
int	tstore_member(struct tss_db *, MDB_txn *, const char *, const char *,
	    int);
int	tstore_get_perm(struct tss_db *, MDB_txn *, const char *,
	    const char *, const char *, struct tperm *);
int	tstore_put_perm(struct tss_db *, MDB_txn *, const struct tperm *);
int	tstore_del_perm(struct tss_db *, MDB_txn *, const struct tperm *);
char	tstore_type_letter(enum tss_type);

/* rec.c */
void	tacid_free(struct tacid *);
void	tacid_copy(struct tacid *, const struct tacid *);
void	*trec_acid_encode(const struct tacid *, size_t *);
int	trec_acid_decode(const void *, size_t, struct tacid *);
void	*trec_perm_encode(const struct tperm *, size_t *);
int	trec_perm_decode(const void *, size_t, struct tperm *);

#endif
