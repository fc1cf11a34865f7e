/*
 * field.h - the fields of an ACF2 logonid record, their kinds, LIST
 * sections and value rules, and the value checks every command shares.
 */
#ifndef ACF2_FIELD_H
#define ACF2_FIELD_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "mainframe-agent/sim/common/pwhash.h"

#define ACF2_LID_MAX		8
#define ACF2_NAME_MAX		20
#define ACF2_PW_MAX		8
#define ACF2_STR_MAX		40	/* longest string field (TSOACCT) */
#define ACF2_STR_SZ		(ACF2_STR_MAX * 2 + 1)	/* UTF-8 */
#define ACF2_NAME_SZ		(ACF2_NAME_MAX * 2 + 1)
#define ACF2_ID_SZ		9

/* The sections of LIST output, in the order LIST prints them. */
enum fsect {
	FS_ACCESS,
	FS_CANCEL,
	FS_CICS,
	FS_IDENT,
	FS_PASSWORD,
	FS_PRIV,
	FS_RESTRICT,
	FS_STATS,
	FS_TSO,
	FS__MAX
};

/* Flag bits (one bit of lr_flags each). */
enum fflag {
	FL_ACCOUNT, FL_AUDIT, FL_CICS, FL_CONSULT, FL_IDMS, FL_IMS, FL_JCL,
	FL_JOBFROM, FL_LEADER, FL_MUSASS, FL_NONCNCL, FL_NOSMC, FL_NOSTATS,
	FL_PPGM, FL_PRIVPGM, FL_READALL, FL_REFRESH, FL_RESTRICT,
	FL_SECURITY, FL_STC, FL_SUBAUTH, FL_TAPEBLP, FL_TAPELBL, FL_TSO,
	FL_CANCEL, FL_SUSPEND, FL_MONITOR, FL_TRACE,
	FL_PSWDEXP,
	FL_ACF2CICS,
	FL_ACCTPRIV, FL_ALLCMDS, FL_INTERCOM, FL_LGNACCT, FL_LGNDEST,
	FL_LGNMSG, FL_LGNPERF, FL_LGNPROC, FL_LGNRCVR, FL_LGNSIZE,
	FL_LGNTIME, FL_LGNUNIT, FL_MAIL, FL_MOUNT, FL_NOTICES, FL_OPERATOR,
	FL_PROMPT, FL_TSOFSCRN, FL_WTP,
	FL__MAX
};

/* Numeric fields. */
enum fnum {
	FN_ACCCNT, FN_CICSPRI, FN_IDLE, FN_KERBVIO, FN_KERBCURV, FN_MAXDAYS,
	FN_MINDAYS, FN_PSWDINV, FN_PSWDVIO, FN_SECVIO, FN_TSOPERF,
	FN_TSORGN, FN_TSOSIZE,
	FN__MAX
};

/* Time fields (seconds since the epoch; 0: never). */
enum ftime {
	FT_ACC, FT_ACTIVE, FT_EXPIRE, FT_PSWDDAT, FT_PSWDTOD, FT_UPDTOD,
	FT_CSDATE,
	FT__MAX
};

/* String fields ("" when unset). */
enum fstr {
	FS_ACCSRCE, FS_CICSCL, FS_CICSID, FS_CICSOPT, FS_CICSRLS, FS_CSWHO,
	FS_DFTDEST, FS_DFTPFX, FS_DFTSOUT, FS_DFTSUBC, FS_DFTSUBH,
	FS_DFTSUBM, FS_GROUP, FS_PHONE, FS_PREFIX, FS_TSOACCT, FS_TSOPROC,
	FS_TSORBA, FS_TSOUNIT,
	FS_STR__MAX
};

enum fkind {
	FK_FLAG,	/* a bit: FIELD / NOFIELD */
	FK_NUM,		/* FIELD(n), min..max */
	FK_DATE,	/* FIELD(mm/dd/yy), shown mm/dd/yy */
	FK_TIME,	/* shown hh:mm (of a time slot) */
	FK_TOD,		/* shown mm/dd/yy-hh:mm */
	FK_STR		/* FIELD(text) checked by fd_rule */
};

/* How a string value is checked. */
enum frule {
	FR_NONE,
	FR_ID,		/* 1-max of A-Z 0-9 @#$, not a digit first */
	FR_ALNUM,	/* 1-max of A-Z 0-9 @#$ */
	FR_CLASS,	/* one of A-Z 0-9 */
	FR_HEX,		/* exactly max hexadecimal digits */
	FR_HEXV,	/* 1-max hexadecimal digits */
	FR_TEXT		/* 1-max IBM-1047 characters */
};

/* ff_flags */
#define FF_READONLY	0x01	/* kept by ACF2; no command sets it */
#define FF_SECURITY	0x02	/* only a SECURITY logonid may set it */
#define FF_ALWAYS	0x04	/* LIST prints it even when 0 or unset */

struct fdef {
	const char	*fd_name;
	enum fkind	 fd_kind;
	enum fsect	 fd_sect;
	int		 fd_slot;	/* index in its kind's array */
	enum frule	 fd_rule;
	long		 fd_min;
	long		 fd_max;
	int		 fd_flags;
};

/* A logonid record.  Strings are NUL-terminated UTF-8. */
struct lidrec {
	char		 lr_lid[ACF2_ID_SZ];
	char		 lr_name[ACF2_NAME_SZ];
	uint64_t	 lr_flags;
	uint32_t	 lr_num[FN__MAX];
	int64_t		 lr_time[FT__MAX];
	char		 lr_str[FS_STR__MAX][ACF2_STR_SZ];
	struct pwhash	 lr_pw;		/* ph_iter 0: no password */
};

#define LR_HAS(r, f)	(((r)->lr_flags >> (f)) & 1u)
#define LR_SET(r, f)	((r)->lr_flags |= (uint64_t)1 << (f))
#define LR_CLR(r, f)	((r)->lr_flags &= ~((uint64_t)1 << (f)))

extern const struct fdef afield_defs[];
extern const size_t afield_ndefs;
extern const char *const afield_sect_names[FS__MAX];

const struct fdef *afield_find(const char *);
int	afield_charset(const char *, size_t, const char *, char *, size_t);
size_t	afield_nchars(const char *);
int	afield_is_lid(const char *);
int	afield_check(const struct fdef *, const char *, char *, size_t);
int	afield_date_parse(const char *, time_t *);
void	afield_date(int64_t, char *, size_t);
void	afield_tod(int64_t, char *, size_t);
void	afield_hhmm(int64_t, char *, size_t);
int	afield_mask_match(const char *, const char *);
int	afield_is_mask(const char *);
int	afield_mask_valid(const char *, size_t);

#endif
