/*
 * racf_list.h - LISTUSER and LISTGRP output to LDAP entries, streamed.
 *
 * Lines arrive in chunks as the agent sends them; each record (one user
 * or group) is turned into native field/value pairs and, when the next
 * record starts or the output ends, into an entry through the schema map
 * and handed to the callback.  Memory stays that of one record however
 * long the listing is.
 *
 * Field names the parser gives the map (read= in schema/racf.map):
 *   LISTUSER: USER NAME OWNER CREATED DEFAULT-GROUP PASSDATE
 *     PASS-INTERVAL PHRASEDATE ATTRIBUTES (one value per word)
 *     REVOKE-DATE RESUME-DATE LAST-ACCESS INSTALLATION-DATA
 *     GROUP (one per connection) and per segment SEG.FIELD
 *     (TSO.PROC, OMVS.UID, CICS.TIMEOUT, ...) plus SEG itself when the
 *     segment exists.
 *   LISTGRP: GROUP SUPERIOR-GROUP OWNER CREATED INSTALLATION-DATA
 *     SUBGROUP USER (one per member) OMVS OMVS.GID.
 * RACF's words for "nothing" (NONE, N/A, UNKNOWN) in the base fields
 * give no pair.  NAME=UNKNOWN (no NAME) gives NAME = the userid, so that
 * cn and sn, which person requires, always have a value.
 */
#ifndef ESM_RACF_LIST_H
#define ESM_RACF_LIST_H

#include <stddef.h>

#include <lber.h>

struct entry;
struct map;
struct schema;

enum racf_list_kind {
	RACF_LIST_USERS,
	RACF_LIST_GROUPS
};

/* Called once per record; takes e. */
typedef void	(*racf_list_cb)(void *arg, struct entry *e);

struct racf_list;

/*
 * The map and the schema are borrowed (the caller holds a map
 * reference for the listing's life); suffix is copied.
 */
struct racf_list *racf_list_new(enum racf_list_kind, const struct map *,
		    const struct schema *, const char *suffix,
		    racf_list_cb cb, void *arg);
/* 0, or -1 with err when the output is not LIST output. */
int		 racf_list_feed(struct racf_list *, const struct berval *lines,
		    size_t nlines, char *err, size_t errlen);
/* Flush the last record. */
int		 racf_list_end(struct racf_list *, char *err, size_t errlen);
void		 racf_list_free(struct racf_list *);

/*
 * Messages seen instead of records (ICH30001I UNABLE TO LOCATE USER
 * ENTRY, ICH51003I NAME NOT FOUND ...): how many, so that a caller can
 * tell "no such entry" from "empty".
 */
size_t		 racf_list_nmessages(const struct racf_list *);
size_t		 racf_list_nrecords(const struct racf_list *);

/*
 * The owner of a record is a user or a group, which LIST does not say.
 * Without a resolver, an OWNER that is one of the record's own groups
 * (a user's connections, a group's superior) is taken as a group and
 * any other as a user.  A resolver returns MAP_USER, MAP_GROUP or -1.
 */
void		 racf_list_set_resolver(struct racf_list *,
		    int (*fn)(void *arg, const char *id), void *arg);

/*
 * The listing command for ids (already validated, or "*") with the
 * segments the map reads (malloc'ed): "LISTUSER X TSO OMVS CICS" for
 * one, "LISTUSER (X Y Z) TSO OMVS CICS" for several.
 */
char		*racf_list_command(enum racf_list_kind, const struct map *,
		    const char *const *ids, size_t n);

#endif
