/*
 * esm.h - what every ESM driver (the simulators, a real command
 * processor) shares with the agent: the output sink and the exit events.
 */
#ifndef ESM_ESM_H
#define ESM_ESM_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

/*
 * Where a command's output goes, one line at a time (no newline).  The
 * sink returns 0 to go on or -1 to stop: the output is cut (the request
 * was cancelled or its link lost).  A driver calls it from the thread
 * that runs the command and may block inside it (flow control); it
 * never holds a write transaction while it does.
 */
struct esm_out {
	int	(*eo_line)(void *arg, const char *line, size_t len);
	void	 *eo_arg;
};

/* Event types written by the exits (DESIGN.md "Exits"). */
enum esm_event_type {
	ESM_EV_CREATE = 1,
	ESM_EV_MODIFY,
	ESM_EV_DELETE,
	ESM_EV_PASSWORD_CHANGE,		/* the user, at logon */
	ESM_EV_PASSWORD_RESET,		/* an admin, expired */
	ESM_EV_PASSWORD_RESET_NOEXPIRE,	/* an admin, not expired */
	ESM_EV_REVOKE,
	ESM_EV_RESUME,
	ESM_EV_LOGON_FAILURE,
	ESM_EV_CONNECT,			/* group connection added */
	ESM_EV_REMOVE,			/* group connection removed */
	ESM_EV_GROUP_CREATE,
	ESM_EV_GROUP_MODIFY,
	ESM_EV_GROUP_DELETE,
	ESM_EV_PASSWORD_EXPIRED,	/* a logon found it expired */
};

/*
 * One change as an exit sees it, after the change committed.  Pointers
 * are borrowed for the duration of the exit call.
 */
struct esm_event {
	enum esm_event_type	 ee_type;
	time_t			 ee_time;
	const char		*ee_esm;	/* "racf", "acf2", "tss" */
	const char		*ee_exit;	/* exit point that fired */
	const char		*ee_userid;	/* user or group name */
	const char		*ee_group;	/* CONNECT/REMOVE: the group */
	const char		*ee_fields;	/* changed field names, blank
						   separated ("NAME OWNER") */
	const char		*ee_origin;	/* task or user that issued it */
	const char		*ee_password;	/* new password or phrase for
						   password events, else NULL;
						   the exit seals it at once */
};

typedef void (*esm_exit_fn)(void *arg, const struct esm_event *ev);

const char *esm_event_type_name(enum esm_event_type type);

#endif
