/*
 * dialect.h - what the backend engine (backends/esmbe/) asks of one
 * ESM's translation layer: its identifiers and passwords, the commands
 * that enumerate and list users and groups, the parser of their output,
 * and the plans of commands for LDAP writes.
 *
 * The engine knows LDAP, the link and the agent; a dialect knows one
 * ESM's command language.  Each ESM fills one static table
 * (backends/racf/racf_dialect.c) and names it in its backend_info
 * (bi_dialect), so "backend racf" and "backend acf2" run the same engine
 * over different dialects.  Every value a dialect puts into a command
 * is validated and quoted by that ESM's rules first.
 */
#ifndef ESM_DIALECT_H
#define ESM_DIALECT_H

#include <stddef.h>

#include <lber.h>

#include "backends/map.h"
#include "backends/plan.h"
#include "backends/quote.h"

struct entry;
struct schema;
struct pdu_attr;
struct pdu_mod;

#define ESM_PW_MAX	100	/* the longest password or phrase */

/* A logon's outcome, as the engine tells it to the client. */
enum esm_verify {
	ESM_VERIFY_OK = 0,
	ESM_VERIFY_NO_USER,
	ESM_VERIFY_BAD_PASSWORD,
	ESM_VERIFY_EXPIRED,		/* a new password is needed */
	ESM_VERIFY_BAD_NEWPASSWORD,	/* the new one breaks the rules */
	ESM_VERIFY_REVOKED,		/* revoked, suspended, cancelled */
	ESM_VERIFY_OTHER
};

/* A parser of LIST output; each record read becomes an entry. */
struct esm_list;
typedef void	(*esm_list_cb)(void *arg, struct entry *e);

struct esm_dialect {
	const char	*dl_type;	/* "racf": "backend racf" */
	const char	*dl_name;	/* "IBM RACF": messages, root DSE */
	const char	*dl_suffix;	/* the default suffix */
	size_t		 dl_pwlen;	/* generated passwords */

	/*
	 * An id as the ESM spells it, checked (length, characters) and
	 * folded into out (ESM_NAME_MAX + 1 bytes); -1 with why.
	 */
	int	(*dl_quote_id)(const char *s, size_t len, char *out,
		    const char **why);
	/*
	 * The names of a class that is not named by ids (ACF2's resource
	 * rule sets, TYPE/KEY); NULL for the classes that are.
	 */
	esm_name_fn	 dl_quote_name[MAP_CLASS__MAX];
	/* Is the password acceptable to the ESM?  -1 with why. */
	int	(*dl_check_password)(const char *s, size_t len,
		    const char **why);

	/*
	 * The command whose output names every id of the class, one per
	 * line, or those starting with prefix (when not NULL).
	 */
	char	*(*dl_enum_command)(enum map_class, const char *prefix);
	/*
	 * The name an enumeration output line of the class names, into id
	 * (ESM_NAME_MAX + 1 bytes); -1 for other lines.
	 */
	int	(*dl_enum_line)(enum map_class, const char *line, size_t len,
		    char *id);
	/*
	 * The command that lists ids[0..n) of the class with every field
	 * the map reads (malloc'ed); n is at least 1 and at most the
	 * backend's batch.  What names it in logs: its verb and the
	 * first id.
	 */
	char	*(*dl_list_command)(enum map_class, const struct map *,
		    const char *const *ids, size_t n);
	/*
	 * May names a and b (sorted, a before b) be listed by one command?
	 * NULL: any names of a class may (ACF2 lists resource rule sets
	 * of one type per command).
	 */
	int	(*dl_list_together)(enum map_class, const char *a,
		    const char *b);
	const char *(*dl_list_verb)(enum map_class);

	struct esm_list *(*dl_list_new)(enum map_class, const struct map *,
		    const struct schema *, const char *suffix, esm_list_cb,
		    void *arg);
	int	(*dl_list_feed)(struct esm_list *, const struct berval *lines,
		    size_t nlines, char *err, size_t errlen);
	int	(*dl_list_end)(struct esm_list *, char *err, size_t errlen);
	void	(*dl_list_free)(struct esm_list *);

	/*
	 * Plans for LDAP writes: an LDAP result code, with the reason in
	 * text when it is not success (then the plan is empty).
	 */
	int	(*dl_plan_add)(enum map_class, const struct map *,
		    const struct schema *, const char *suffix, const char *id,
		    const struct pdu_attr *, size_t, struct esm_plan *,
		    char *text, size_t textlen);
	int	(*dl_plan_modify)(enum map_class, const struct map *,
		    const struct schema *, const char *suffix, const char *id,
		    const struct entry *current, const struct pdu_mod *,
		    size_t, struct esm_plan *, char *text, size_t textlen);
	int	(*dl_plan_delete)(enum map_class, const char *id,
		    struct esm_plan *, char *text, size_t textlen);
	/* An administrator's reset; expired: the user must change it. */
	int	(*dl_plan_password)(const char *id, const struct berval *pw,
		    int expired, struct esm_plan *, char *text,
		    size_t textlen);

	/*
	 * The LDAP result code for a command that failed with a return
	 * code of 4 or more, by the ESM's message (msg: its output lines,
	 * "; "-separated); write: the command changes the database.
	 */
	int	(*dl_result)(const char *what, const char *msg, int write);
	/* The agent's verify code for a logon, as an outcome. */
	enum esm_verify (*dl_verify_result)(int code);
	/*
	 * The user flag attributes (names in the map) that, TRUE, keep the
	 * user from logging on (RACF's revoked); NULL-terminated.  A bind
	 * by certificate has no password for the ESM to verify, so it
	 * reads the user and checks these instead.
	 */
	const char *const *dl_disabled;
};

#endif
