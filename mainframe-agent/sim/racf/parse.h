/*
 * parse.h - operand tables of the RACF commands and the TSO parse rules
 * that match operands against them.
 */
#ifndef RACF_PARSE_H
#define RACF_PARSE_H

#include <stddef.h>

#include "lex.h"

/* Every keyword the simulator knows, across all commands. */
enum kw_id {
	KW_NONE = 0,
	KW_NAME, KW_OWNER, KW_DFLTGRP, KW_PASSWORD, KW_NOPASSWORD,
	KW_PHRASE, KW_NOPHRASE, KW_EXPIRED, KW_NOEXPIRED, KW_AUTHORITY,
	KW_SPECIAL, KW_NOSPECIAL, KW_OPERATIONS, KW_NOOPERATIONS,
	KW_AUDITOR, KW_NOAUDITOR, KW_DATA, KW_NODATA, KW_REVOKE,
	KW_NOREVOKE, KW_RESUME, KW_NORESUME, KW_TSO, KW_NOTSO, KW_OMVS,
	KW_NOOMVS, KW_CICS, KW_NOCICS, KW_NORACF, KW_CLASS, KW_MASK,
	KW_FILTER, KW_SUPGROUP, KW_GROUP, KW_UACC, KW_USER, KW_INTERVAL,
	KW_NOINTERVAL, KW_LIST, KW_MIXEDCASE, KW_NOMIXEDCASE,
	/* segment fields and their NO forms */
	KW_ACCTNUM, KW_NOACCTNUM, KW_HOLDCLASS, KW_NOHOLDCLASS,
	KW_JOBCLASS, KW_NOJOBCLASS, KW_MSGCLASS, KW_NOMSGCLASS, KW_PROC,
	KW_NOPROC, KW_SIZE, KW_NOSIZE, KW_MAXSIZE, KW_NOMAXSIZE,
	KW_SYSOUTCLASS, KW_NOSYSOUTCLASS, KW_UNIT, KW_NOUNIT, KW_USERDATA,
	KW_NOUSERDATA, KW_COMMAND, KW_NOCOMMAND, KW_UID, KW_NOUID, KW_HOME,
	KW_NOHOME, KW_PROGRAM, KW_NOPROGRAM, KW_OPIDENT, KW_NOOPIDENT,
	KW_OPPRTY, KW_NOOPPRTY, KW_TIMEOUT, KW_NOTIMEOUT, KW_GID, KW_NOGID,
	KW__MAX
};

enum kw_type {
	KT_FLAG,	/* KEYWORD */
	KT_VALUE,	/* KEYWORD(value) */
	KT_OPTVALUE,	/* KEYWORD or KEYWORD(value) */
	KT_LIST,	/* KEYWORD(value ...) */
	KT_SUB		/* KEYWORD or KEYWORD(subkeyword ...) */
};

struct kwtab;

struct kwdef {
	const char		*kd_name;
	enum kw_id		 kd_id;
	enum kw_id		 kd_slot;	/* keywords sharing a slot
						   exclude each other */
	enum kw_type		 kd_type;
	const struct kwtab	*kd_sub;	/* KT_SUB */
};

struct kwtab {
	const struct kwdef	*kt_defs;
	size_t			 kt_n;
};

/* One operand as given; values borrowed from the lexer's tree. */
struct operand {
	int			 op_set;
	const char		*op_name;	/* full keyword name */
	const struct lx_node	*op_vals;
	size_t			 op_nvals;
	struct opset		*op_sub;	/* owned */
};

struct opset {
	struct operand		 os_op[KW__MAX];
	enum kw_id		 os_slot[KW__MAX];
};

extern const struct kwtab parse_adduser, parse_altuser, parse_deluser;
extern const struct kwtab parse_listuser, parse_search, parse_addgroup;
extern const struct kwtab parse_altgroup, parse_delgroup, parse_listgrp;
extern const struct kwtab parse_connect, parse_remove, parse_password;
extern const struct kwtab parse_setropts;
extern const struct kwtab parse_tso, parse_omvs, parse_cics, parse_gomvs;

int	parse_operands(const struct kwtab *, const struct lx_node *,
	    struct opset **, char *, size_t);
void	parse_free(struct opset *);
int	parse_is_keyword(const struct kwtab *, const char *);
int	opset_has(const struct opset *, enum kw_id);
const char *opset_val(const struct opset *, enum kw_id);
const struct opset *opset_sub(const struct opset *, enum kw_id);

#endif
