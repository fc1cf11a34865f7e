/*
 * tss_list.h - TSS LIST output to LDAP entries, streamed.
 *
 * Lines arrive in chunks as the agent sends them; each ACID's block is
 * turned into native field/value pairs and, when the next block starts
 * or the output ends, into an entry through the schema map and handed
 * to the callback.  Memory stays that of one block however long the
 * listing is.  Blocks of ACIDs that are not of the class asked for are
 * dropped: users are ACIDs of TYPE USER, groups those of TYPE PROFILE
 * and GROUP, so that a DN never names an ACID of another kind.
 *
 * Field names the parser gives the map (read= in schema/tss.map): the
 * LIST keyword with blanks written as hyphens -- ACCESSORID NAME TYPE
 * DEPT-ACID DEPARTMENT CREATED LAST-MOD LAST-USED COUNT SUSPENDED
 * REASON DFLTGRP PASSWORD EXPIRES INTERVAL -- one pair per value for
 * the multi-valued FACILITY PROFILES GROUPS ACIDS, and inside a segment
 * SEG.KEYWORD (TSO.TSOLPROC, TSO.TSOACCT (one per value), OMVS.UID,
 * OMVS.HOME ...) plus SEG itself when the segment is there.  Made up by
 * the parser:
 *   MEMBEROF	one pair per value of PROFILES and of GROUPS
 *   SUSPEND	"SUSPENDED" when the ACID is suspended
 *   XA		one pair per permission, canonical as tss_quote_grant
 *		writes it: "DSN(PAY.) ACCESS(READ,UPDATE)"
 */
#ifndef ESM_TSS_LIST_H
#define ESM_TSS_LIST_H

#include <stddef.h>

#include <lber.h>

#include "backends/map.h"

struct entry;
struct schema;

/* Called once per block of the class; takes e. */
typedef void	(*tss_list_cb)(void *arg, struct entry *e);

struct tss_list;

/*
 * The map and the schema are borrowed (the caller holds a map
 * reference for the listing's life); suffix is copied.
 */
struct tss_list *tss_list_new(enum map_class, const struct map *,
		    const struct schema *, const char *suffix,
		    tss_list_cb cb, void *arg);
/* 0, or -1 with err when the output is not LIST output. */
int		 tss_list_feed(struct tss_list *, const struct berval *lines,
		    size_t nlines, char *err, size_t errlen);
/* Flush the last block. */
int		 tss_list_end(struct tss_list *, char *err, size_t errlen);
void		 tss_list_free(struct tss_list *);

/* Entries made, blocks dropped as of another class, messages seen. */
size_t		 tss_list_nrecords(const struct tss_list *);
size_t		 tss_list_nskipped(const struct tss_list *);
size_t		 tss_list_nmessages(const struct tss_list *);
/*
 * The return code the output ended with: 0 for TSS0300I, nn of
 * TSS0301I's "RETURN CODE = nn", -1 before either was seen.
 */
int		 tss_list_rc(const struct tss_list *);

/*
 * The listing command for ids (already validated) with the sections
 * the map reads (malloc'ed): "LIST(A,B) DATA(BASIC,PROFILES,XAUTH)
 * SEGMENT(TSO,OMVS)".
 */
char		*tss_list_command(enum map_class, const struct map *,
		    const char *const *ids, size_t n);

#endif
