/*
 * fuzzsim.h - what the harnesses of the ESM simulators share: the sink
 * their output goes to, which checks every line as the gateway's LIST
 * parsers will read it, and the fixed clock of their databases.
 */
#ifndef ESM_FUZZSIM_H
#define ESM_FUZZSIM_H

#include <stddef.h>
#include <time.h>

#include "mainframe-agent/esm.h"

/* 2024-01-10 12:00:00 UTC, as the unit tests of the simulators. */
#define FUZZ_SIM_T0	1704888000

/*
 * The output sink: a line holding a NUL or a line end fails (the LIST
 * parsers refuse such lines, so a record would vanish from LDAP), and
 * so does a line longer than FUZZ_SIM_MAX_LINE.  The last line is kept.
 */
#define FUZZ_SIM_MAX_LINE	4096
extern const struct esm_out fuzz_sim_out;

void		 fuzz_sim_reset(void);
size_t		 fuzz_sim_nlines(void);
const char	*fuzz_sim_last(void);	/* "" before the first line */

/* The clock the databases run on: FUZZ_SIM_T0. */
time_t		 fuzz_sim_clock(void *arg);

/* Run each command of cmds (NULL-terminated) with run; any that does
   not return 0 stops the harness (its database is not what it needs). */
void		 fuzz_sim_fixture(const char *const *cmds,
		    int (*run)(const char *cmd, size_t len));

/* Is rc one of the return codes in rcs (terminated by -1)? */
int		 fuzz_sim_rc_known(int rc, const int *rcs);

#endif
