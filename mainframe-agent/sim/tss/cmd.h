/*
 * cmd.h - what every TSS function shares: the command in flight, its
 * keywords, messages and events, the issuer's authority, and the
 * handlers.
 */
#ifndef TSS_CMD_H
#define TSS_CMD_H

#include <stdint.h>
#include <time.h>

#include "lex.h"
#include "mainframe-agent/sim/common/simout.h"
#include "store.h"

/* Most ACIDs or operands one list may hold. */
#define TCMD_MAXNAMES	256

/* The functions. */
enum tfunc {
	FN_CREATE, FN_DELETE, FN_ADDTO, FN_REMOVE, FN_REPLACE, FN_LIST,
	FN_PERMIT, FN_REVOKE, FN_WHOHAS,
	FN__MAX
};
#define FNB(f)		(1u << (f))

/* Every keyword the simulator knows. */
enum tkw {
	K_TYPE, K_NAME, K_DEPARTMENT, K_DIVISION, K_ZONE, K_PASSWORD,
	K_SUSPEND, K_DATA, K_SEGMENT, K_ACCESS,
	/* the fields, in enum tss_field order */
	K_FACILITY, K_PROFILE, K_GROUP, K_DFLTGRP, K_UID, K_GID, K_HOME,
	K_OMVSPGM, K_TSOACCT, K_TSOPROC, K_TSOLACCT, K_TSOLPROC, K_TSOLSIZE,
	K_TSOMSIZE, K_TSOUNIT, K_TSOUDATA, K_TSOHCLASS, K_TSOJCLASS,
	K_TSOMCLASS, K_TSOSCLASS, K_TSODEST, K_TSOCOMMAND,
	/* the resource classes of PERMIT, REVOKE and WHOHAS */
	K_DSN, K_IBMFAC, K_PROGRAM, K_OPERCMDS, K_SURROGAT, K_TSOAUTH,
	K_JESSPOOL, K_UNIXPRIV,
	K__MAX
};
#define K_FIELD0	K_FACILITY
#define K_CLASS0	K_DSN

enum tkw_kind {
	KK_FLAG,	/* KEYWORD */
	KK_VALUE,	/* KEYWORD(operand) */
	KK_LIST		/* KEYWORD(operand[,operand...]) */
};

/* A value's kind. */
enum trule_kind {
	TR_ACID,	/* 1-8 of A-Z 0-9 @ # $ */
	TR_TEXT,	/* 1..max characters of IBM-1047 */
	TR_WORD,	/* 1..max characters, no blank */
	TR_NUMBER,	/* decimal, 0..max */
	TR_CLASS,	/* one of A-Z 0-9 */
	TR_HEX4		/* four hexadecimal digits */
};

struct trule {
	enum trule_kind	 tr_kind;
	long		 tr_max;
};

struct tkwdef {
	const char	*kd_name;
	const char	*kd_alias;	/* a shorter spelling, or NULL */
	enum tkw	 kd_id;
	enum tkw_kind	 kd_kind;
	unsigned int	 kd_funcs;	/* FNB() of the functions */
	struct trule	 kd_rule;
	int		 kd_seg;	/* fields: 0 basic, 1 TSO, 2 OMVS */
};

extern const struct tkwdef tcmd_kws[K__MAX];

/* The keywords of one command; values borrowed from the lexer's tree. */
struct tops {
	int			 o_set[K__MAX];
	const struct tlx_node	*o_vals[K__MAX];
	size_t			 o_n[K__MAX];
	char			 o_ignored[16];	/* first keyword ignored */
};

/*
 * One command (or signon) in flight.  A write command queues its lines
 * and events and delivers them after the transaction ended, so the
 * sink (which may block) is never called under the write lock; a read
 * command writes straight to the sink.
 */
struct tcmd {
	struct tss_db		*c_db;
	enum tfunc		 c_func;
	const char		*c_verb;	/* "CREATE" */
	char			 c_issuer[ID_SZ];
	enum tss_type		 c_iss_type;
	MDB_txn			*c_txn;
	time_t			 c_now;
	struct simout		 c_o;		/* lines and events */
	char			 c_ids[TCMD_MAXNAMES][ID_SZ];
	size_t			 c_nids;	/* the FUNCTION(acid,...) */
	struct tops		 c_ops;
};

int	tcmd_line(struct tcmd *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
int	tcmd_err(struct tcmd *, int, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
void	tcmd_event(struct tcmd *, enum esm_event_type, const char *,
	    const char *, const char *, const char *);
void	tcmd_flush(struct tcmd *, int);
void	tcmd_clear(struct tcmd *);
int	tcmd_operands(struct tcmd *, const struct tlx_node *);
int	tcmd_is_acid(const char *);
int	tcmd_check(struct tcmd *, enum tkw, const char *);
const char *tcmd_val(const struct tcmd *, enum tkw);
int	tcmd_admin(struct tcmd *, const struct tacid *);
int	tcmd_get(struct tcmd *, const char *, struct tacid *);
int	tcmd_get_type(struct tcmd *, enum tkw, const char *, enum tss_type,
	    struct tacid *);
int	tcmd_db_error(struct tcmd *);
const char *tcmd_type_name(enum tss_type);
int	tcmd_type_parse(const char *, enum tss_type *);
int	tcmd_password(struct tcmd *, struct tacid *, const char **, int *);
void	tcmd_fold(char *);
void	tcmd_date(time_t, char *, size_t);
void	tcmd_datetime(time_t, char *, size_t);

/* Blank-separated value lists (FACILITY, PROFILE, GROUP, TSOPROC...). */
int	tlist_has(const char *, const char *);
void	tlist_add(char **, const char *);
void	tlist_del(char **, const char *);

/* The functions; each returns a TSS_RC_* code. */
int	tfn_create(struct tcmd *);
int	tfn_delete(struct tcmd *);
int	tfn_replace(struct tcmd *);
int	tfn_addto(struct tcmd *);
int	tfn_remove(struct tcmd *);
int	tfn_list(struct tcmd *);
int	tfn_permit(struct tcmd *);
int	tfn_revoke(struct tcmd *);
int	tfn_whohas(struct tcmd *);

#endif
