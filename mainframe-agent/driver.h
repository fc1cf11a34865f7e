/*
 * driver.h - how the agent and the console reach an ESM.
 *
 * A driver runs native commands against one security database and
 * verifies logons.  The default driver "sim" embeds the simulators; a
 * driver for a real command processor would fill the same table.  The
 * table also carries what the agent must know of the ESM's command
 * language without running it: the canonical name of a command's verb
 * (aliases resolved), the userids a command names (for include/exclude
 * lists) and how to mask secrets before a command is written to an
 * audit record.
 *
 * Canonical verbs are what an agent's allow list names and its audit
 * records show, so each is one word an operator can type: RACF's
 * command names (ALTUSER for ALU), TSS's functions (ADDTO for ADD),
 * ACF2's subcommands prefixed with the mode a leading SET chose
 * (RULE-COMPILE; see driver_acf2.c).
 */
#ifndef ESM_DRIVER_H
#define ESM_DRIVER_H

#include <stddef.h>

#include "mainframe-agent/esm.h"

#define DRIVER_MAX_TARGETS	256	/* as the simulator's longest list */
#define DRIVER_VERB_MAX		24	/* a canonical verb and its NUL */

struct driver_opts {
	const char	*do_esm;	/* "racf" */
	const char	*do_path;	/* database directory */
	int		 do_nosync;	/* bulk load */
	unsigned int	 do_kdf_iterations; /* 0: the driver's default */
};

/* The userids a command names, as written (upper-cased). */
struct driver_targets {
	char	 dt_ids[DRIVER_MAX_TARGETS][9];
	int	 dt_n;
	int	 dt_all;	/* '*' or a mask: every user */
	int	 dt_overflow;	/* more than DRIVER_MAX_TARGETS named */
	int	 dt_self;	/* acts on the issuer itself */
};

struct esm_driver {
	const char	*ed_name;	/* "sim" */
	const char	*ed_esm;	/* "racf" */
	/* The security administrator a new database starts with (RACF's
	   IBMUSER): the console's default issuer, always protected. */
	const char	*ed_admin;
	/* The verbs (canonical) the agent runs when its configuration
	   has no allow line, and those that may name every user or a
	   mask (the reads); both NULL-terminated. */
	const char *const *ed_allow;
	const char *const *ed_reads;

	/* Called once per process; returns the handle or NULL + err. */
	void	*(*ed_open)(const struct driver_opts *, char *err,
		    size_t errlen);
	void	 (*ed_close)(void *);
	/* Run one command issued by issuer; returns the ESM return code. */
	int	 (*ed_command)(void *, const char *issuer, const char *cmd,
		    size_t len, const struct esm_out *);
	/* A logon; returns the ESM's verify code (0 = accepted). */
	int	 (*ed_verify)(void *, const char *userid, const char *pw,
		    const char *newpw, const struct esm_out *);
	void	 (*ed_set_exit)(void *, esm_exit_fn, void *);
	/* Give back memory a long-running process need not hold; or NULL. */
	void	 (*ed_trim)(void *);
	/*
	 * Make sure userid exists with the authority to administer every
	 * user (defined by ed_admin when missing); -1 with err when it
	 * cannot be.
	 */
	int	 (*ed_ensure_user)(void *, const char *userid, char *err,
		    size_t errlen);

	/*
	 * The canonical verb of the whole command line cmd, read through
	 * the words the ESM lets stand before it ("TSS CREATE(X)",
	 * "SET RULE COMPILE ..."), or NULL when the line does not begin
	 * with a command the driver knows.  Static storage.
	 */
	const char *(*ed_canonical)(const char *cmd, size_t len);
	/* The userids cmd names; -1 if it cannot be read (refuse it). */
	int	 (*ed_targets)(const char *cmd, size_t len,
		    struct driver_targets *);
	/* Copy cmd to out (size outlen) with passwords replaced. */
	void	 (*ed_mask)(const char *cmd, size_t len, char *out,
		    size_t outlen);
};

const struct esm_driver *driver_find(const char *name, const char *esm);
/* Split the first word (the verb) off a command line. */
size_t	driver_verb(const char *cmd, size_t len, const char **verb);

#endif
