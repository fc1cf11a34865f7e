/*
 * console.h - esmconsole's state, shared by its native commands
 * (esmconsole.c) and its operator commands (console_oper.c).
 */
#ifndef ESM_CONSOLE_H
#define ESM_CONSOLE_H

#include "link.h"
#include "mainframe-agent/agent.h"

struct cache;

/* Exit status when a change was made but its event not recorded. */
#define CONSOLE_EVENT_LOST	74

struct console {
	struct agent_conf	 co_conf;
	const struct esm_driver	*co_driver;
	void			*co_esm;
	const char		*co_userid;
	int			 co_quiet;	/* batch: only failures */
	int			 co_nosync;
	unsigned int		 co_kdf;
	/* The event cache the exits write to; NULL: server-only, or it
	   could not be opened (co_cache_err), and every event fails. */
	struct link_key		 co_key;
	struct link_key		 co_key_previous;	/* lk_len 0: none */
	struct cache		*co_cache;	/* owned */
	char			 co_cache_err[512];
	unsigned long		 co_lost;	/* events not recorded */
	unsigned long		 co_lost_seen;	/* ... and reported */
};

/* Open the cache the configuration describes into co_cache. */
int	console_cache_open(struct console *, char *err, size_t errlen);
/* -o: one operator command; exit status (0, 8, 64, 69, 70). */
int	console_operator(struct console *, const char *cmd);

#endif
