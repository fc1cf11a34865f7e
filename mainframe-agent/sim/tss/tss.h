/*
 * tss.h - the CA Top Secret simulator: a TSS security file on LMDB that
 * accepts TSS commands ("TSS FUNCTION(acid) KEYWORD(operand,...)") and
 * prints TSS's output.
 *
 * Several processes open the same database at once (esmagentd and
 * esmconsole, as every address space shares one security file), and
 * tss_command() may be called from several threads of one process.
 * Every command is atomic: it validates everything, then applies all
 * of its changes in one LMDB write transaction, or none.
 */
#ifndef ESM_TSS_H
#define ESM_TSS_H

#include <stddef.h>
#include <time.h>

#include "mainframe-agent/esm.h"

/* The return codes TSS0301I reports. */
#define TSS_RC_OK		0
#define TSS_RC_WARNING		4	/* done, with a remark */
#define TSS_RC_ERROR		8	/* not done: state, authority */
#define TSS_RC_SEVERE		12	/* not done: syntax, database */

/* tss_verify() codes, the same as the RACF simulator's VERIFY codes. */
#define TSS_VERIFY_OK			0
#define TSS_VERIFY_NO_ACID		4
#define TSS_VERIFY_BAD_PASSWORD		8
#define TSS_VERIFY_EXPIRED		12
#define TSS_VERIFY_BAD_NEWPASSWORD	16
#define TSS_VERIFY_SUSPENDED		28

/* The master security control ACID a new security file starts with. */
#define TSS_MSCA		"MSCA"
#define TSS_MSCA_DEPT		"MSCADEPT"
#define TSS_MSCA_DIV		"MSCADIV"

struct tss_opts {
	const char	*to_path;	/* directory of the LMDB environment */
	size_t		 to_mapsize;	/* 0: default (1 GiB) */
	int		 to_nosync;	/* bulk loads: no fsync per command */
	time_t		(*to_clock)(void *arg);	/* NULL: time(NULL) */
	void		 *to_clock_arg;
	unsigned int	  to_kdf_iterations;	/* 0: the default */
	/* Password violations in a row that suspend an ACID (the PTHRESH
	   control option); 0: the default, 3. */
	unsigned int	  to_pthresh;
};

struct tss_db;

/*
 * Open (and on first use create) the security file.  A new one holds
 * division MSCADIV, department MSCADEPT and the MSCA (password MSCA,
 * expired).
 */
struct tss_db *tss_open(const struct tss_opts *, char *err, size_t errlen);
void	tss_close(struct tss_db *);

/*
 * Run one TSS command issued by ACID issuer.  Output goes to out, one
 * line at a time, ending with TSS0300I or TSS0301I; the TSS return code
 * is returned.
 */
int	tss_command(struct tss_db *, const char *issuer, const char *cmd,
	    size_t len, const struct esm_out *out);

/*
 * A signon: check the password, with an optional new one.  Counts
 * violations and suspends at the threshold; updates LAST USED.
 */
int	tss_verify(struct tss_db *, const char *acid, const char *password,
	    const char *newpassword, const struct esm_out *out);

void	tss_trim(struct tss_db *);
/* The installation exit (TSSINSTX); NULL: none. */
void	tss_set_exit(struct tss_db *, esm_exit_fn fn, void *arg);

#endif
