/*
 * ratelog.c - one log line per interval for events a client repeats at
 * will; see ratelog.h.
 */
#include "config.h"

#include "gateway/ratelog.h"

int
ratelog_allow(struct ratelog *rl, time_t now, unsigned long *dropped)
{
	if (now < rl->rl_next) {
		rl->rl_dropped++;
		return 0;
	}
	*dropped = rl->rl_dropped;
	rl->rl_dropped = 0;
	rl->rl_next = now + RATELOG_INTERVAL;
	return 1;
}
