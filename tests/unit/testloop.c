/*
 * testloop.c - loop turns for unit tests.
 */
#include "config.h"

#include <event2/event.h>

#include "testloop.h"

void
testloop_turns(struct event_base *base, int n)
{
	while (n-- > 0)
		event_base_loop(base, EVLOOP_NONBLOCK);
}

void
testloop_run_ms(struct event_base *base, int ms)
{
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };

	event_base_loopexit(base, &tv);
	event_base_dispatch(base);
}
