/*
 * rules.h - RACF's field rules: which values each operand accepts.
 */
#ifndef RACF_RULES_H
#define RACF_RULES_H

#include <stddef.h>
#include <time.h>

/* Lengths RACF documents, in characters. */
#define RACF_ID_MAX		8
#define RACF_NAME_MAX		20
#define RACF_DATA_MAX		255
#define RACF_PW_MAX		8
#define RACF_PHRASE_MIN		14
#define RACF_PHRASE_MAX		100
#define RACF_UID_MAX		2147483646L
#define RACF_TSO_SIZE_MAX	2096128L

/* A value's kind, as a field table names it. */
enum rule_kind {
	RK_ID,		/* userid, group: 1-8 A-Z 0-9 @#$, not 0-9 1st */
	RK_MEMBER,	/* member name (TSO PROC): same shape as an id */
	RK_TEXT,	/* any IBM-1047 text, rk_min..rk_max characters */
	RK_NUMBER,	/* decimal digits, rk_min..rk_max in value */
	RK_HEX4,	/* exactly four hexadecimal digits (TSO USERDATA) */
	RK_CLASS,	/* one character A-Z or 0-9 (TSO job classes) */
	RK_HHMM,	/* CICS TIMEOUT: hhmm, hh 00-99, mm 00-59 */
	RK_SECRET	/* a password or phrase: never echoed */
};

struct rule {
	enum rule_kind	 ru_kind;
	long		 ru_min;
	long		 ru_max;
};

/* A userid or group name: 1-8 of A-Z 0-9 @ # $, not a digit first. */
extern const struct rule rule_id;


int	rules_charset(const char *, size_t, const char *, char *, size_t);
size_t	rules_nchars(const char *);
int	rules_is_id(const char *);
int	rules_check(const struct rule *, const char *, const char *, char *,
	    size_t);
int	rules_date(const char *, time_t *);
void	rules_canon(const struct rule *, const char *, char *, size_t);

#endif
