/*
 * cmd.h - what every ACF subcommand shares: the command in flight, its
 * output lines and queued exit events, the issuer's authority, and the
 * handlers.
 */
#ifndef ACF2_CMD_H
#define ACF2_CMD_H

#include <stdint.h>
#include <time.h>

#include "lex.h"
#include "mainframe-agent/sim/common/simout.h"
#include "store.h"

/* Most logonids one CHANGE LIKE(mask) may change at once. */
#define CMD_MAXLIDS	1024

/*
 * One subcommand (or one logon) in flight.  A write command queues its
 * output and events and delivers them after the transaction ended, so
 * the sink (which may block) is never called while the write lock is
 * held; a read command writes straight to the sink.
 */
struct acmd {
	struct acf2_db		*c_db;
	const char		*c_verb;	/* canonical, static */
	enum acf2_mode		 c_mode;
	const char		*c_rtype;	/* "$DS" or resource type */
	char			 c_issuer[ACF2_ID_SZ];
	uint64_t		 c_iss_flags;	/* issuer's privileges */
	MDB_txn			*c_txn;
	time_t			 c_now;
	struct agso_pswd		 c_gso;
	struct simout		 c_o;		/* lines and events */
};

#define ISS_HAS(c, f)	(((c)->c_iss_flags >> (f)) & 1u)

int	acmd_line(struct acmd *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
int	acmd_err(struct acmd *, int, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
struct simevent *acmd_event(struct acmd *, enum esm_event_type,
	    const char *, const char *, const char *, const char *);
void	acmd_flush(struct acmd *, int);
void	acmd_clear(struct acmd *);
int	acmd_auth(struct acmd *, int);
int	acmd_dberr(struct acmd *);
void	acmd_note(char *, size_t, const char *);

/* acmd_auth() levels */
#define AUTH_SECURITY	1	/* SECURITY */
#define AUTH_ACCOUNT	2	/* SECURITY or ACCOUNT */
#define AUTH_READ	3	/* SECURITY ACCOUNT AUDIT CONSULT READALL */

/* LID mode (lid.c, list.c) */
int	alid_insert(struct acmd *, const struct lx_node *);
int	alid_change(struct acmd *, const struct lx_node *);
int	alid_delete(struct acmd *, const struct lx_node *);
int	alid_set_password(struct acmd *, struct lidrec *, const char *);
int	alist_cmd(struct acmd *, const struct lx_node *);
int	alist_lid(struct acmd *, const struct lidrec *);

/* RULE and RESOURCE modes (rule.c) */
int	arule_compile(struct acmd *, const struct lx_node *);
int	arule_decomp(struct acmd *, const struct lx_node *);
int	arule_delete(struct acmd *, const struct lx_node *);
int	arule_reckey(struct acmd *, const struct lx_node *);
int	arule_list(struct acmd *, const struct lx_node *);

/* CONTROL(GSO) mode (gso.c) */
int	agso_change(struct acmd *, const struct lx_node *);
int	agso_list(struct acmd *, const struct lx_node *);

#endif
