/*
 * plan.h - a plan: the native commands one LDAP write becomes, in the
 * order they run.
 *
 * Every ESM's translation builds plans; the backend engine runs them.
 * A plan is built only when the whole request is valid, so a request
 * that fails changes nothing.  Each command names itself for the report
 * of a partial failure ("CONNECT JSMITH GROUP(PAYROLL)") and says
 * whether it holds a secret (then ec_text is never logged: ec_what has
 * no secret).
 */
#ifndef ESM_PLAN_H
#define ESM_PLAN_H

#include <stddef.h>

struct esm_cmd {
	char	*ec_text;	/* owned: the command */
	char	*ec_what;	/* owned: short description, no secret */
	int	 ec_secret;	/* ec_text holds a password */
};

struct esm_plan {
	struct esm_cmd	*ep_cmds;	/* owned */
	size_t		 ep_n;
	size_t		 ep_cap;
};

/*
 * Append a command (text and what are taken over).  A command the plan
 * already holds is dropped: two attributes may ask for the same one
 * (member and uniqueMember give the same connection).
 */
void	esm_plan_push(struct esm_plan *, char *text, char *what, int secret);
/* Move every command of src to the end of dst; src is left empty. */
void	esm_plan_move(struct esm_plan *dst, struct esm_plan *src);
/* Free the commands (zeroing secrets); the plan can be reused. */
void	esm_plan_clear(struct esm_plan *);

#endif
