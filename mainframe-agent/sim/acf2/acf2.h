/*
 * acf2.h - the CA ACF2 simulator: an ACF2 security database (logonid
 * records, access rules, resource rules, the GSO PSWD record) on LMDB
 * that accepts the ACF command processor's subcommands and prints
 * ACF2's output.
 *
 * Several processes open the same database at once (esmagentd and
 * esmconsole, as every address space shares one ACF2 database), and
 * acf2_command() may be called from several threads of one process at
 * once.  Every command is atomic: it validates everything, then applies
 * all of its changes in one LMDB write transaction, or none.
 *
 * ACF is a session: SET LID, SET RULE, SET RESOURCE(type) and
 * SET CONTROL(GSO) switch the mode the following subcommands run in.
 * A session (struct acf2_session) keeps that mode; the caller owns it.
 * A request without a session (the agent's one-line requests) starts in
 * LID mode, and "SET mode subcommand ..." on one line runs the
 * subcommand in that mode (see acf2.c).
 */
#ifndef ESM_ACF2_H
#define ESM_ACF2_H

#include <stddef.h>
#include <time.h>

#include "mainframe-agent/esm.h"

/* Return codes of the ACF command processor as the simulator sets them. */
#define ACF2_RC_OK		0
#define ACF2_RC_WARNING		4	/* nothing found, nothing to do */
#define ACF2_RC_ERROR		8	/* not done: authority, state */
#define ACF2_RC_SEVERE		12	/* not done: syntax, field rules */
#define ACF2_RC_DBERROR		16	/* not done: the database failed */

/* Logon (validation) return codes of acf2_verify(), RACROUTE-like. */
#define ACF2_VERIFY_OK			0
#define ACF2_VERIFY_NO_USER		4
#define ACF2_VERIFY_BAD_PASSWORD	8
#define ACF2_VERIFY_EXPIRED		12
#define ACF2_VERIFY_BAD_NEWPASSWORD	16
#define ACF2_VERIFY_SUSPENDED		28	/* suspended or cancelled */

/* The first security administrator of a new database. */
#define ACF2_ADMIN_LID		"ACF2ADM"

struct acf2_opts {
	const char	*ao_path;	/* directory of the LMDB environment */
	size_t		 ao_mapsize;	/* 0: default (1 GiB) */
	int		 ao_nosync;	/* bulk loads: no fsync per command */
	/* Clock for dates and password intervals; NULL: time(NULL). */
	time_t		(*ao_clock)(void *arg);
	void		 *ao_clock_arg;
	/* PBKDF2 iterations for new password hashes; 0: the default. */
	unsigned int	  ao_kdf_iterations;
};

/* The mode an ACF session is in (SET LID | RULE | RESOURCE | CONTROL). */
enum acf2_mode {
	ACF2_MODE_LID = 0,
	ACF2_MODE_RULE,
	ACF2_MODE_RESOURCE,
	ACF2_MODE_GSO
};

struct acf2_session {
	enum acf2_mode	 as_mode;
	char		 as_rtype[4];	/* SET RESOURCE(type) */
};

struct acf2_db;

/*
 * Open (and on first use create) the database.  A new database holds
 * one logonid, ACF2ADM, with SECURITY and ACCOUNT.
 */
struct acf2_db *acf2_open(const struct acf2_opts *, char *err, size_t errlen);
void	acf2_close(struct acf2_db *);

/*
 * Run one ACF subcommand line issued by logonid issuer.  ses is the
 * caller's session (NULL: a one-line request in LID mode).  Output goes
 * to out; the ACF2_RC_* return code is returned.
 */
int	acf2_command(struct acf2_db *, struct acf2_session *ses,
	    const char *issuer, const char *cmd, size_t len,
	    const struct esm_out *out);

/*
 * A logon: check the password, with an optional new one.  Counts
 * failures in PSWD-VIO and suspends at the GSO PSWD MAXTRY limit;
 * honours MAXDAYS, MINDAYS, PSWD-EXP, ACTIVE and EXPIRE.  Returns an
 * ACF2_VERIFY_* code; the messages a TSO user would see go to out.
 */
int	acf2_verify(struct acf2_db *, const char *lid, const char *password,
	    const char *newpassword, const struct esm_out *out);

/* Install the exits (LIDPOST, NEWPXIT, NPWPEXIT); NULL: none. */
void	acf2_set_exit(struct acf2_db *, esm_exit_fn fn, void *arg);
/* Give back the mapped pages of long scans (simdb_release_map). */
void	acf2_trim(struct acf2_db *);

#endif
