/*
 * testloop.h - driving a libevent loop from a unit test without sleeps
 * in the test body: a number of non-blocking turns, or the loop's own
 * timers for a bounded time.
 */
#ifndef ESM_TESTLOOP_H
#define ESM_TESTLOOP_H

struct event_base;

/* Run n loop turns without waiting. */
void	testloop_turns(struct event_base *, int n);
/* Run the loop for ms milliseconds of real time (for timers only). */
void	testloop_run_ms(struct event_base *, int ms);

#endif
