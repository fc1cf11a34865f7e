/*
 * clbe.h - the changelog backend ("backend changelog"): the gateway's
 * changelog store (gateway/changelog.h) shown read-only as
 * draft-good-ldap-changelog's cn=changelog.
 *
 *	cn=changelog				the container
 *	  changeNumber=N,cn=changelog		one per record: changeLogEntry
 *						and esmChangeLogEntry
 *
 * Who sees what: anonymous clients and ESM users nothing (the frontend
 * lets only gateway administrators read a backend that is not theirs);
 * administrators every record, with "origin-gateway suppress" minus the
 * gateway's own changes; the DNs of "password-readers" besides the new
 * password of a password event (esmNewPassword), opened from its seal
 * for them only.  Writes are refused.
 *
 * One instance at most; it opens the store at bi_open, lends it to the
 * gateway (gw_changelog, for the root DSE and the event receiver) and
 * trims it from a timer, one bounded batch per loop turn.
 */
#ifndef ESM_CLBE_H
#define ESM_CLBE_H

#include <stddef.h>
#include <stdint.h>

#include "link.h"

struct backend;
struct changelog;
struct changelog_sub;
struct event;
struct event_base;
struct op;

#define CLBE_SUFFIX		"cn=changelog"
#define CLBE_MAX_ENTRIES	1000000
#define CLBE_MAX_AGE		(30 * 86400)
#define CLBE_TRIM_INTERVAL	60	/* seconds */

struct clbe {
	struct backend		*cb_be;		/* borrowed: owner */
	char			*cb_dir;	/* owned */
	char			*cb_key_path;	/* owned */
	struct link_key		 cb_key;	/* zeroed on destroy */
	int			 cb_have_key;
	uint64_t		 cb_max_entries;	/* 0: no limit */
	uint64_t		 cb_max_age;	/* seconds, 0: no limit */
	unsigned long		 cb_trim_interval;	/* seconds */
	int			 cb_suppress;	/* origin-gateway suppress */
	char			**cb_readers;	/* owned: as configured */
	char			**cb_nreaders;	/* owned: normalised */
	size_t			 cb_nreaders_n;
	struct changelog	*cb_cl;		/* owned, bi_open..bi_close */
	struct event		*cb_trim_ev;	/* owned */
	struct changelog_sub	*cb_sub;	/* persistent searches' */
	struct event_base	*cb_base;	/* borrowed */
};

/* init.c */
int	clbe_is_reader(const struct clbe *, const char *ndn);

/* notify.c: new records to persistent searches */
void	clbe_notify_start(struct clbe *);
void	clbe_notify_stop(struct clbe *);

/* search.c */
struct filter;
struct changelog_rec;
struct entry;
/* The cn=changelog entry of a record (malloc'ed). */
struct entry *clbe_record_entry(const struct clbe *,
	    const struct changelog_rec *);
/* Is the record hidden from this backend's clients (suppress)? */
int	clbe_is_hidden(const struct clbe *, const struct changelog_rec *);
/*
 * Narrow [*lo, *hi] by the changeNumber items (>=, <=, =) of f and of
 * its ANDs: the only records a search must read.  Any other item leaves
 * the range as it is (the frontend evaluates the whole filter).
 */
void	clbe_filter_range(const struct filter *f, uint64_t *lo,
	    uint64_t *hi);
int	clbe_search(struct op *);
void	clbe_cancel(struct op *);
int	clbe_refuse_write(struct op *);

#endif
