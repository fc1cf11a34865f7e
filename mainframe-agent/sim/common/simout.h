/*
 * simout.h - what a simulated command says and whom it tells: output
 * lines and exit events, the same for every ESM.
 *
 * A write command queues its lines and events and delivers them after
 * its transaction ended (simout_flush), so the sink, which may block,
 * is never called while the write lock is held, and the exits see a
 * change only once it committed.  A read command writes straight to the
 * sink.  LIST of 100,000 users prints millions of lines: they are
 * formatted on the stack, and a constant line or a plain "%s" is not
 * formatted at all.
 */
#ifndef SIM_SIMOUT_H
#define SIM_SIMOUT_H

#include <stdarg.h>
#include <stddef.h>
#include <time.h>

#include "mainframe-agent/esm.h"

#define SIMOUT_ID_SZ	9	/* an id of any ESM and its NUL */

/* An event queued until the commit. */
struct simevent {
	enum esm_event_type	 se_type;
	const char		*se_exit;	/* static: the exit point */
	char			 se_id[SIMOUT_ID_SZ];
	char			 se_group[SIMOUT_ID_SZ];	/* "": none */
	char			*se_fields;	/* owned */
	char			*se_password;	/* owned, zeroed when freed */
};

struct simout {
	const struct esm_out	*so_out;	/* borrowed; may be NULL */
	int			 so_queue;	/* a write command: lines wait
						   for simout_flush() */
	int			 so_cut;	/* the sink said stop */
	char			**so_lines;	/* queued, owned */
	size_t			 so_nlines;
	struct simevent		*so_evs;	/* queued, owned */
	size_t			 so_nevs;
};

/* One line; -1 once the sink asked to stop (then nothing more goes). */
int	simout_line(struct simout *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
int	simout_vline(struct simout *, const char *fmt, va_list)
	    __attribute__((format(printf, 2, 0)));
/* Queue an event for id (group and password may be NULL). */
struct simevent *simout_event(struct simout *, enum esm_event_type,
	    const char *exitname, const char *id, const char *group,
	    const char *fields, const char *password);
/*
 * Deliver the queued lines, then, when fn is not NULL (the change
 * committed and an exit is installed), call fn with each event as esm
 * saw it at now, issued by origin.
 */
void	simout_flush(struct simout *, esm_exit_fn fn, void *arg,
	    const char *esm, time_t now, const char *origin);
/* Free the queues (zeroing passwords); the struct can be reused. */
void	simout_clear(struct simout *);

#endif
