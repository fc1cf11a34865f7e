/*
 * acf2_cmd.h - LDAP add, modify, delete and password changes turned into
 * plans of ACF commands.
 *
 * The shared planner (backends/planner.h) builds the plans with ACF2's
 * commands and quoting (acf2_quote): logonids in LID mode, the mode a
 * one-line request starts in (INSERT, CHANGE, DELETE), access rule sets
 * in RULE mode chosen on the same line (SET RULE RECKEY k ADD(entry) /
 * DEL(entry), SET RULE DELETE k).  A request that fails changes
 * nothing because no command was built.
 *
 * Functions return an LDAP result code (<ldap.h>) and on failure a
 * diagnostic in text naming the attribute, value or ACF2 field.  The
 * suffix is the backend's suffix DN as configured; the id is the RDN
 * value of the target DN (checked and folded here).
 */
#ifndef ESM_ACF2_CMD_H
#define ESM_ACF2_CMD_H

#include <stddef.h>

#include <lber.h>

#include "backends/map.h"
#include "backends/plan.h"
#include "backends/planner.h"

struct entry;
struct schema;
struct pdu_attr;
struct pdu_mod;

/* ACF2's commands and rules for the planner. */
extern const struct esm_cmdlang acf2_cmdlang;

/*
 * cls: MAP_USER (a logonid), MAP_GROUP (an access rule set) or
 * MAP_RESOURCE (a resource rule set, named TYPE/KEY).
 */
int	acf2_plan_add(enum map_class cls, const struct map *,
	    const struct schema *, const char *suffix, const char *id,
	    const struct pdu_attr *, size_t, struct esm_plan *, char *text,
	    size_t textlen);
int	acf2_plan_modify(enum map_class cls, const struct map *,
	    const struct schema *, const char *suffix, const char *id,
	    const struct entry *current, const struct pdu_mod *, size_t,
	    struct esm_plan *, char *text, size_t textlen);
int	acf2_plan_delete(enum map_class cls, const char *id,
	    struct esm_plan *, char *text, size_t textlen);
/*
 * An administrator's password reset (RFC 3062, or userPassword):
 * CHANGE lid PASSWORD(pw) PSWD-EXP, or NOPSWD-EXP when expired is 0.
 */
int	acf2_plan_password(const char *lid, const struct berval *newpw,
	    int expired, struct esm_plan *, char *text, size_t textlen);

#endif
