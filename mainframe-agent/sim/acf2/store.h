/*
 * store.h - the ACF2 database on LMDB: logonid records, rule sets and
 * the GSO PSWD record, and their compact record form.
 */
#ifndef ACF2_STORE_H
#define ACF2_STORE_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <lmdb.h>

#include "mainframe-agent/sim/common/simdb.h"

#include "acf2.h"
#include "field.h"

#define RULE_KEY_MAX	44	/* a $KEY or resource name */
#define RULE_KEY_SZ	(RULE_KEY_MAX + 1)
#define RULE_ENTRY_MAX	256	/* entries in one rule set */
#define RULE_TEXT_MAX	255	/* one entry in canonical form */
#define RULE_DS_TYPE	"$DS"	/* the type under which access rules sit */

/* The GSO PSWD options the simulator keeps. */
struct agso_pswd {
	uint16_t	 gp_maxtry;	/* failures that suspend; 0: never */
	uint16_t	 gp_minpswd;	/* shortest password */
};

/* A rule set: an access rule ($DS) or a resource rule (type). */
struct ruleset {
	char		 rs_type[4];
	char		 rs_key[RULE_KEY_SZ];
	char		 rs_by[ACF2_ID_SZ];	/* stored by */
	int64_t		 rs_when;
	size_t		 rs_n;
	char		*rs_entry[RULE_ENTRY_MAX];	/* owned */
};

struct acf2_db {
	struct simdb	 db_sd;		/* the LMDB environment */
	MDB_dbi		 db_lids;	/* lid -> logonid record */
	MDB_dbi		 db_rules;	/* type\0key -> rule set */
	MDB_dbi		 db_gso;	/* "PSWD" -> struct agso_pswd */
	time_t		(*db_clock)(void *);
	void		*db_clock_arg;
	unsigned int	 db_kdf_iter;
	pthread_mutex_t	 db_lock;	/* guards the exit */
	esm_exit_fn	 db_exit;
	void		*db_exit_arg;
};

int	astore_open(struct acf2_db *, const struct acf2_opts *, char *, size_t);
int	astore_init_dbis(struct acf2_db *, MDB_txn *);

int	astore_get_lid(struct acf2_db *, MDB_txn *, const char *,
	    struct lidrec *);
int	astore_put_lid(struct acf2_db *, MDB_txn *, const struct lidrec *);
int	astore_del_lid(struct acf2_db *, MDB_txn *, const char *);
int	astore_get_rule(struct acf2_db *, MDB_txn *, const char *,
	    const char *, struct ruleset *);
int	astore_put_rule(struct acf2_db *, MDB_txn *, const struct ruleset *);
int	astore_del_rule(struct acf2_db *, MDB_txn *, const char *,
	    const char *);
int	astore_get_gso(struct acf2_db *, MDB_txn *, struct agso_pswd *);
int	astore_put_gso(struct acf2_db *, MDB_txn *, const struct agso_pswd *);

/* rec.c */
void	*arec_lid_encode(const struct lidrec *, size_t *);
int	arec_lid_decode(const void *, size_t, struct lidrec *);
void	*arec_rule_encode(const struct ruleset *, size_t *);
int	arec_rule_decode(const void *, size_t, struct ruleset *);
void	 aruleset_free(struct ruleset *);
void	*arec_gso_encode(const struct agso_pswd *, size_t *);
int	arec_gso_decode(const void *, size_t, struct agso_pswd *);

#endif
