/*
 * racf_cmd.h - LDAP add, modify, delete and password changes turned into
 * plans of RACF commands.
 *
 * The shared planner (backends/planner.h) builds the plans with RACF's
 * verbs (ADDUSER, ALTUSER, DELUSER ...) and quoting (racf_quote); a
 * request that fails changes nothing because no command was built.
 *
 * Functions return an LDAP result code (<ldap.h>) and on failure a
 * diagnostic in text naming the attribute, value or RACF field.  The
 * suffix is the backend's suffix DN as configured; userid and group are
 * the RDN values of the target DN (checked and folded here).
 */
#ifndef ESM_RACF_CMD_H
#define ESM_RACF_CMD_H

#include <stddef.h>

#include <lber.h>

#include "backends/plan.h"
#include "backends/planner.h"

struct entry;
struct map;
struct schema;
struct pdu_attr;
struct pdu_mod;

/* RACF's verbs and rules for the planner. */
extern const struct esm_cmdlang racf_cmdlang;

int	racf_plan_add_user(const struct map *, const struct schema *,
	    const char *suffix, const char *userid, const struct pdu_attr *,
	    size_t, struct esm_plan *, char *text, size_t textlen);
int	racf_plan_modify_user(const struct map *, const struct schema *,
	    const char *suffix, const char *userid,
	    const struct entry *current, const struct pdu_mod *, size_t,
	    struct esm_plan *, char *text, size_t textlen);
int	racf_plan_delete_user(const char *userid, struct esm_plan *,
	    char *text, size_t textlen);
int	racf_plan_add_group(const struct map *, const struct schema *,
	    const char *suffix, const char *group, const struct pdu_attr *,
	    size_t, struct esm_plan *, char *text, size_t textlen);
int	racf_plan_modify_group(const struct map *, const struct schema *,
	    const char *suffix, const char *group,
	    const struct entry *current, const struct pdu_mod *, size_t,
	    struct esm_plan *, char *text, size_t textlen);
int	racf_plan_delete_group(const char *group, struct esm_plan *,
	    char *text, size_t textlen);
/*
 * An administrator's password reset (RFC 3062, or userPassword):
 * ALTUSER id PASSWORD('pw'), expired unless expired is 0 (NOEXPIRED).
 */
int	racf_plan_password(const char *userid, const struct berval *newpw,
	    int expired, struct esm_plan *, char *text, size_t textlen);

#endif
