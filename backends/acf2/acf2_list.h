/*
 * acf2_list.h - ACF2 LIST (logonids) and DECOMP (access and resource
 * rule sets) output to LDAP entries, streamed.
 *
 * Lines arrive in chunks as the agent sends them; each record (one
 * logonid or one rule set) is turned into native field/value pairs and,
 * when the next record starts or the output ends, into an entry through
 * the schema map and handed to the callback.  Memory stays that of one
 * record however long the listing is.
 *
 * Field names the parser gives the map (read= in schema/acf2.map):
 *   LIST: LID and NAME (from a record's first line; a logonid without
 *     NAME gets its LID as NAME, so that cn and sn, which person
 *     requires, always have a value); for each KEYWORD(value) token the
 *     field KEYWORD with the value unquoted (ACC-CNT, GROUP, TSOPROC,
 *     PSWD-TOD ...); for each flag word the field of its section, one
 *     value per word: ACCESS, CANCEL/SUSPEND, CICS, IDENTIFICATION,
 *     PASSWORD, PRIVILEGES, RESTRICTIONS, STATISTICS, TSO.
 *   DECOMP: $KEY, ENTRY (one per rule entry, as printed), STORED-BY and
 *     STORED-ON (from the ACF6R790I line); a resource rule set also
 *     TYPE and RESOURCE, its name TYPE/KEY.
 */
#ifndef ESM_ACF2_LIST_H
#define ESM_ACF2_LIST_H

#include <stddef.h>

#include <lber.h>

#include "backends/map.h"

struct entry;
struct map;
struct schema;

enum acf2_list_kind {
	ACF2_LIST_LIDS,		/* LIST: logonid records */
	ACF2_LIST_RULES,	/* SET RULE DECOMP: access rule sets */
	ACF2_LIST_RESOURCES	/* SET RESOURCE(t) DECOMP: resource rule
				   sets, named TYPE/KEY */
};

/* The map class of a kind's records: user, group, resource. */
enum map_class	 acf2_list_class(enum acf2_list_kind);

/* Called once per record; takes e. */
typedef void	(*acf2_list_cb)(void *arg, struct entry *e);

struct acf2_list;

/*
 * The map and the schema are borrowed (the caller holds a map
 * reference for the listing's life); suffix is copied.
 */
struct acf2_list *acf2_list_new(enum acf2_list_kind, const struct map *,
		    const struct schema *, const char *suffix,
		    acf2_list_cb cb, void *arg);
/* 0, or -1 with err when the output is not LIST/DECOMP output. */
int		 acf2_list_feed(struct acf2_list *, const struct berval *lines,
		    size_t nlines, char *err, size_t errlen);
/* Flush the last record. */
int		 acf2_list_end(struct acf2_list *, char *err, size_t errlen);
void		 acf2_list_free(struct acf2_list *);

/*
 * Messages seen instead of records (ACF6C011W LOGONID X NOT FOUND,
 * ACF6R771W RULE X NOT FOUND ...) and records read.
 */
size_t		 acf2_list_nmessages(const struct acf2_list *);
size_t		 acf2_list_nrecords(const struct acf2_list *);

/*
 * The listing command for ids (already validated; n >= 1), malloc'ed:
 * "LIST A" or "LIST A B C" (the simulator's list of logonids),
 * "SET RULE DECOMP K" or "SET RULE DECOMP K1 K2", "SET RESOURCE(FAC)
 * DECOMP K1 K2" for FAC/K1 and FAC/K2 (names of one type only:
 * acf2_list_together).
 */
char		*acf2_list_command(enum acf2_list_kind,
		    const char *const *ids, size_t n);
/* May a and b be named by one listing command (the same type)? */
int		 acf2_list_together(enum acf2_list_kind, const char *a,
		    const char *b);

/*
 * The command whose output names every logonid or rule key, or those
 * starting with prefix (already validated; NULL for all), malloc'ed:
 * "LIST LIKE(p-) LIDS" (the simulator's names-only listing; a prefix
 * of 8 is the logonid itself), "SET RULE LIST LIKE(p-)", and for
 * resource rule sets "SET RESOURCE(T) LIST LIKE(k-)" for a prefix
 * T/k, else "SET RESOURCE(-) LIST" (the simulator's listing of every
 * type).
 */
char		*acf2_list_enum_command(enum acf2_list_kind,
		    const char *prefix);
/*
 * The name one line of that output names, into id (ESM_NAME_MAX + 1
 * bytes): a line of LIST ... LIDS is a logonid, one of SET RULE LIST
 * is "$KEY(k) ENTRIES(n) STORED-BY(x)", one of SET RESOURCE LIST
 * "$KEY(k) TYPE(t) ENTRIES(n) ..." (the name t/k).  -1 for other lines
 * (messages have blanks).  s holds len bytes, not necessarily a NUL
 * after them.
 */
int		 acf2_list_enum_line(enum acf2_list_kind, const char *s,
		    size_t len, char *id);

#endif
