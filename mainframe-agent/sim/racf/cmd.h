/*
 * cmd.h - what every RACF command shares: the command in flight, its
 * messages and events, the issuer's authority, and the handlers.
 */
#ifndef RACF_CMD_H
#define RACF_CMD_H

#include <stdint.h>
#include <time.h>

#include "lex.h"
#include "parse.h"
#include "rules.h"
#include "mainframe-agent/sim/common/simout.h"
#include "store.h"

/*
 * Most names one list may hold: ADDUSER (U1 U2 ...), PASSWORD USER(...).
 * RACF sets no number; ours bounds the work (a password hash per user)
 * one command can hold the write lock for.
 */
#define CMD_MAXNAMES	256

struct rcmd;

/*
 * The userids or groups a command works on: its positional operand,
 * one name or a parenthesised list, checked and without duplicates.
 */
struct cmd_names {
	const char	 *cn_what;		/* "USERID", "GROUP"; static */
	char		(*cn_ids)[ID_SZ];	/* owned */
	size_t		  cn_n;
};

/* Run for one name of a list: a RACF_RC_* code. */
typedef int (*cmd_each_fn)(struct rcmd *, const char *, void *);

/*
 * One command (or one logon) in flight.  A write command queues its
 * output lines and events and delivers them after the transaction
 * ended, so the sink (which may block) is never called while the write
 * lock is held; a read command writes straight to the sink.
 */
struct rcmd {
	struct racf_db		*c_db;
	const char		*c_verb;	/* canonical name */
	char			 c_issuer[ID_SZ];
	uint32_t		 c_iss_flags;	/* issuer's RU_* flags */
	char			 c_iss_group[ID_SZ];
	MDB_txn			*c_txn;
	time_t			 c_now;
	struct rsetr		 c_setr;
	struct simout		 c_o;		/* lines and events */
};

int	cmd_line(struct rcmd *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
int	cmd_err(struct rcmd *, int, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
struct simevent *cmd_event(struct rcmd *, enum esm_event_type, const char *,
	    const char *, const char *, const char *);
void	cmd_flush(struct rcmd *, int);
void	cmd_clear(struct rcmd *);
int	cmd_special(struct rcmd *);
int	cmd_parse(struct rcmd *, const struct kwtab *,
	    const struct lx_node *, struct opset **);
int	cmd_names(struct rcmd *, const struct lx_node *, const char *,
	    struct cmd_names *);
int	cmd_names_list(struct rcmd *, const struct lx_node *, const char *,
	    struct cmd_names *);
void	cmd_names_free(struct cmd_names *);
int	cmd_each(struct rcmd *, const struct cmd_names *, cmd_each_fn, void *);
int	cmd_value(struct rcmd *, const struct opset *, enum kw_id,
	    const struct rule *, char *, size_t);
int	cmd_exists(struct rcmd *, const char *);
int	cmd_ref(struct rcmd *, const struct opset *, enum kw_id, int, char *);
int	connect_access(struct rcmd *, const struct opset *, struct rconn *);
int	cmd_user_revoked(const struct ruser *, time_t);
void	cmd_fold_secret(const struct rcmd *, char *);
const char *cmd_auth_name(enum rauth);
int	cmd_auth_parse(const char *, enum rauth *);

/* The commands; each returns a RACF_RC_* code. */
int	user_add(struct rcmd *, const struct lx_node *);
int	user_alter(struct rcmd *, const struct lx_node *);
int	user_delete(struct rcmd *, const struct lx_node *);
int	group_add(struct rcmd *, const struct lx_node *);
int	group_alter(struct rcmd *, const struct lx_node *);
int	group_delete(struct rcmd *, const struct lx_node *);
int	connect_cmd(struct rcmd *, const struct lx_node *);
int	remove_cmd(struct rcmd *, const struct lx_node *);
int	password_cmd(struct rcmd *, const struct lx_node *);
int	setropts_cmd(struct rcmd *, const struct lx_node *);
int	list_user_cmd(struct rcmd *, const struct lx_node *);
int	list_group_cmd(struct rcmd *, const struct lx_node *);
int	search_cmd(struct rcmd *, const struct lx_node *);

/* user.c, shared with password.c: set a password or phrase. */
int	user_set_secret(struct rcmd *, struct ruser *, int, const char *);

/* list.c */
void	list_date(time_t, char *, size_t);
void	list_datetime(time_t, char *, size_t);
int	list_user(struct rcmd *, const struct ruser *, int, const int *);

#endif
