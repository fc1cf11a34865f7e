/*
 * tss_cmd.h - LDAP add, modify, delete and password resets turned into
 * plans of CA Top Secret commands.
 *
 * The shared planner (backends/planner.h) builds the plans with TSS's
 * functions and tss_quote's rules: an add is CREATE(acid) TYPE(USER)
 * (for a profile or group, CREATE(acid) with the TYPE the map's via=create
 * line gives), a modify REPLACE(acid) with the operands TSS replaces and
 * ADDTO/REMOVE/PERMIT/REVOKE commands of their own, a delete
 * DELETE(acid).  Commands are written in the function form, without a
 * leading "TSS", as the agent takes them.  A request that fails changes
 * nothing because no command was built.
 *
 * Functions return an LDAP result code (<ldap.h>) and on failure a
 * diagnostic in text naming the attribute, value or TSS field.
 */
#ifndef ESM_TSS_CMD_H
#define ESM_TSS_CMD_H

#include <stddef.h>

#include <lber.h>

#include "backends/plan.h"
#include "backends/planner.h"

/* TSS's functions and rules for the planner. */
extern const struct esm_cmdlang tss_cmdlang;

/*
 * The interval a reset password gets: TSS's default, which CREATE and
 * REPLACE give a PASSWORD(pw) without one (and schema/tss.map's
 * userPassword template writes).
 */
#define TSS_PW_DAYS	30

/*
 * Would TSS read the command otherwise than written?  A trailing + or
 * - (continuation), a comment, a quote or an empty operand list outside
 * the operands, or a keyword written without its operand that TSS does
 * not take bare (it would ignore that keyword and every one after it).
 * -1 with why.
 */
int	tss_check_command(const char *cmd, size_t len, const char **why);

/*
 * An administrator's password reset (RFC 3062, or userPassword):
 * REPLACE(acid) PASSWORD('pw',30,EXP), or without EXP when expired is 0.
 */
int	tss_plan_password(const char *acid, const struct berval *newpw,
	    int expired, struct esm_plan *, char *text, size_t textlen);

/*
 * The LDAP result code of a command that failed with a return code of
 * 4 or more, by TSS's message (msg: its output lines, "; "-separated);
 * what names the command, write says it changes the security file.
 */
int	tss_cmd_result(const char *what, const char *msg, int write);

#endif
