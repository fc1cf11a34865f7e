/*
 * ratelog.h - at most one log line per interval for one kind of event
 * a client can repeat at will (refused connections of a flood), with
 * the number of lines left out said on the next line written, so a
 * flood cannot flood the log and the operator still sees its size.
 */
#ifndef ESM_RATELOG_H
#define ESM_RATELOG_H

#include <time.h>

struct ratelog {
	time_t		 rl_next;	/* no line before this time */
	unsigned long	 rl_dropped;	/* lines left out since the last */
};

#define RATELOG_INTERVAL	5	/* seconds */

/*
 * May a line be written at now?  1: yes, and *dropped is the number of
 * lines left out since the previous one; 0: no (this one is counted as
 * left out).
 */
int	ratelog_allow(struct ratelog *, time_t now, unsigned long *dropped);

#endif
