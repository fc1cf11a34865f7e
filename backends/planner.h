/*
 * planner.h - LDAP add, modify and delete turned into plans of native
 * commands (plan.h), by the schema map and one ESM's command language.
 *
 * A plan is built only when the whole request is valid (RFC 4511 4.6
 * and 4.7 semantics, the schema map, the ESM's field rules): a request
 * that fails changes nothing because no command was built.  Every value
 * goes through the ESM's quoting (quote.h); the commands are the ESM's
 * create, alter and delete verbs followed by the operands the map's
 * templates give (map_ops), and the map's via=command templates.
 *
 * Functions return an LDAP result code (<ldap.h>) and on failure a
 * diagnostic in text naming the attribute, value or native field.  The
 * suffix is the backend's suffix DN as configured; id is the RDN value
 * of the target DN (checked and folded here).
 */
#ifndef ESM_PLANNER_H
#define ESM_PLANNER_H

#include <stddef.h>

#include "backends/map.h"
#include "backends/plan.h"
#include "backends/quote.h"

struct entry;
struct schema;
struct pdu_attr;
struct pdu_mod;

enum esm_verb {
	ESM_VERB_CREATE = 0,
	ESM_VERB_ALTER,
	ESM_VERB_DELETE
};

/* What the planner asks of one ESM's command language. */
struct esm_cmdlang {
	const struct esm_quoting *cl_q;
	/* What an id of each class is called: "userid", "group name". */
	const char	*cl_idname[MAP_CLASS__MAX];
	/*
	 * The names of a class that is not named by ids (cl_q->q_id);
	 * NULL for the classes that are.
	 */
	esm_name_fn	 cl_name[MAP_CLASS__MAX];
	/*
	 * The start of each class's create, alter and delete command, a
	 * template where %u is the id: "ADDUSER %u", "CREATE(%u)
	 * TYPE(USER)"; the operands follow, blank-separated.  A class
	 * whose entries the ESM makes and unmakes through their values
	 * (ACF2's RECKEY ADD builds a rule set, removing its last entry
	 * deletes it) has no create or alter command (NULL): then its
	 * via=command values are the entry, an add must give one and a
	 * modify may not remove the last (objectClassViolation), and a
	 * line that needs the missing command is refused.
	 */
	const char	*cl_verbs[MAP_CLASS__MAX][3];
	/*
	 * Would the ESM read the command otherwise than written (TSO's
	 * trailing continuation)?  -1 with why; NULL: never.
	 */
	int	(*cl_check_command)(const char *cmd, size_t len,
		    const char **why);
	/*
	 * The LIST fields of a user's default group and of its groups,
	 * when the ESM keeps a user in its default group (RACF: a user
	 * cannot leave it); NULL when it does not.
	 */
	const char	*cl_dflt_field;
	const char	*cl_member_field;
	/*
	 * Does setting a grant replace the one with the same key
	 * (q_grant_key)?  Then a grant given in place of another is one
	 * set command and the old one's removal is not sent (ACF2's
	 * RECKEY ADD replaces the entry of the same mask and UID; a
	 * removal first could delete a rule set left empty).  0: the
	 * removal runs first (TSS REVOKE before PERMIT).
	 */
	int		 cl_grant_replaces;
};

int	esm_planner_add(const struct esm_cmdlang *, enum map_class,
	    const struct map *, const struct schema *, const char *suffix,
	    const char *id, const struct pdu_attr *, size_t,
	    struct esm_plan *, char *text, size_t textlen);
/* current: the entry as the ESM's LIST parser built it. */
int	esm_planner_modify(const struct esm_cmdlang *, enum map_class,
	    const struct map *, const struct schema *, const char *suffix,
	    const char *id, const struct entry *current,
	    const struct pdu_mod *, size_t, struct esm_plan *, char *text,
	    size_t textlen);
int	esm_planner_delete(const struct esm_cmdlang *, enum map_class,
	    const char *id, struct esm_plan *, char *text, size_t textlen);
/*
 * The id checked and folded into out (ESM_NAME_MAX + 1), with the
 * planner's diagnostic (noSuchObject) when it is not one: for the plans
 * an ESM builds itself (password resets).
 */
int	esm_planner_id(const struct esm_cmdlang *, enum map_class,
	    const char *id, char *out, char *text, size_t textlen);
/*
 * A cl_check_command for ESMs whose commands TSO reads: a trailing + or
 * - would continue the command on the next line.
 */
int	esm_planner_tso_check(const char *cmd, size_t len, const char **why);

#endif
