/*
 * racf.h - the RACF simulator: a RACF security database on LMDB that
 * accepts RACF's TSO commands and prints RACF's output.
 *
 * Several processes open the same database at once (esmagentd and
 * esmconsole, as every address space shares one RACF database), and
 * racf_command() may be called from several threads of one process at
 * once.  Every command is atomic: it validates everything, then applies
 * all of its changes in one LMDB write transaction, or none.
 */
#ifndef ESM_RACF_H
#define ESM_RACF_H

#include <stddef.h>
#include <time.h>

#include "mainframe-agent/esm.h"

/* RACF command return codes as the TSO command processors set them. */
#define RACF_RC_OK		0
#define RACF_RC_WARNING		4	/* partly done / nothing found */
#define RACF_RC_ERROR		8	/* not done: authority, state */
#define RACF_RC_SEVERE		12	/* not done: syntax, not found */
#define RACF_RC_INVALID		16	/* not done: invalid userid etc. */

/* RACROUTE REQUEST=VERIFY return codes used by racf_verify(). */
#define RACF_VERIFY_OK			0
#define RACF_VERIFY_NO_USER		4
#define RACF_VERIFY_BAD_PASSWORD	8
#define RACF_VERIFY_EXPIRED		12
#define RACF_VERIFY_BAD_NEWPASSWORD	16
#define RACF_VERIFY_REVOKED		28

struct racf_opts {
	const char	*ro_path;	/* directory of the LMDB environment */
	size_t		 ro_mapsize;	/* 0: default (1 GiB) */
	int		 ro_nosync;	/* bulk loads: no fsync per command */
	/* Clock for dates, password intervals, revoke/resume dates;
	   NULL: time(NULL).  Tests set it. */
	time_t		(*ro_clock)(void *arg);
	void		 *ro_clock_arg;
	/* PBKDF2 iterations for new password and phrase hashes; 0: the
	   default (10000).  Bulk loads for benchmarks set it low; each
	   hash keeps its own count, so old hashes stay valid. */
	unsigned int	  ro_kdf_iterations;
};

struct racf_db;

/*
 * Open (and on first use create) the database.  A new database holds
 * what IRRMIN00 leaves: group SYS1 and the SPECIAL user IBMUSER.
 */
struct racf_db *racf_open(const struct racf_opts *opts, char *err,
	    size_t errlen);
void	racf_close(struct racf_db *);

/*
 * Run one RACF command issued by user 'issuer' (the agent's or the
 * console's userid; it must be defined and hold the authority RACF
 * requires).  Output goes to out; the RACF return code is returned.
 */
int	racf_command(struct racf_db *, const char *issuer, const char *cmd,
	    size_t len, const struct esm_out *out);

/*
 * A logon (RACROUTE REQUEST=VERIFY): check the password or phrase, with
 * an optional new one (a password change at logon).  Counts failures and
 * revokes at the SETROPTS limit; honours the interval.  Returns a
 * RACF_VERIFY_* code; the messages a TSO user would see go to out.
 */
int	racf_verify(struct racf_db *, const char *userid, const char *password,
	    const char *newpassword, const struct esm_out *out);

/*
 * Drop the database pages this process has mapped from its resident
 * set (they stay in the page cache).  Random lookups fault in pages all
 * over the map; a long-running agent calls this now and then so that
 * its resident size does not grow to the size of the database.
 */
void	racf_trim(struct racf_db *);

/* Install the exits (new-password, command, post-verify); NULL: none. */
void	racf_set_exit(struct racf_db *, esm_exit_fn fn, void *arg);

/* Is this the name of a RACF command the simulator runs (any alias)? */
int	racf_is_command(const char *verb, size_t len);

#endif
