/*
 * segment.h - the user and group segments (TSO, OMVS, CICS): their
 * fields, the rules for each, and how LISTUSER prints them.
 */
#ifndef RACF_SEGMENT_H
#define RACF_SEGMENT_H

#include "cmd.h"
#include "parse.h"
#include "rules.h"
#include "store.h"

enum seg_fmt {
	SF_TEXT,	/* as stored */
	SF_ZERO,	/* number, zero-padded to sf_width digits */
	SF_HHMM		/* hhmm stored, printed hh:mm */
};

struct segfield {
	const char	*sf_name;	/* keyword and LISTUSER label */
	enum kw_id	 sf_kw;
	enum kw_id	 sf_nokw;
	struct rule	 sf_rule;
	enum seg_fmt	 sf_fmt;
	int		 sf_width;
};

struct segdef {
	const char		*sd_name;	/* "TSO" */
	enum kw_id		 sd_kw;
	enum kw_id		 sd_nokw;
	const struct segfield	*sd_fields;	/* in LISTUSER order */
	size_t			 sd_n;
};

extern const struct segdef seg_user[USEG__MAX];
extern const struct segfield seg_gid;

int	seg_apply(struct rcmd *, struct ruser *, const struct opset *,
	    char *, size_t);
void	seg_format(const struct segfield *, const char *, char *, size_t);

#endif
