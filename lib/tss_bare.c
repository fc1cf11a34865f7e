/*
 * tss_bare.c - the keywords CA Top Secret takes without an operand.
 *
 * TSS takes any other keyword written without the operand it needs as
 * the end of the command: it ignores that keyword and every one after
 * it.  The gateway refuses to send such a command and the agent refuses
 * to run one (a protected ACID could hide behind it), so both read the
 * exceptions from here: SUSPEND on ADDTO and REMOVE, and on REMOVE the
 * fields that hold one value ("REMOVE(acid) TSOLPROC" clears it), as the
 * simulator's keyword table has them (mainframe-agent/sim/tss/cmd.c:
 * the KK_FLAG keywords and REMOVE's KK_VALUE fields).
 */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "tss_bare.h"

/* SUSPEND first: ADDTO takes only it. */
static const char *const tss_bare_remove[] = {
	"SUSPEND", "DFLTGRP", "UID", "GID", "HOME", "OMVSPGM", "TSOLACCT",
	"TSOLPROC", "TSOLSIZE", "TSOSIZE", "TSOMSIZE", "TSOUNIT", "TSOUDATA",
	"TSOHCLASS", "TSOJCLASS", "TSOMCLASS", "TSOSCLASS", "TSODEST",
	"TSOCOMMAND", NULL
};

static int
tss_bare_is(const char *w, size_t n, const char *word)
{
	return strlen(word) == n && strncasecmp(w, word, n) == 0;
}

int
tss_bare_is_allowed(const char *fn, size_t fnlen, const char *kw,
    size_t kwlen)
{
	size_t i;

	if (tss_bare_is(fn, fnlen, "ADDTO") || tss_bare_is(fn, fnlen, "ADD"))
		return tss_bare_is(kw, kwlen, tss_bare_remove[0]);
	if (!tss_bare_is(fn, fnlen, "REMOVE"))
		return 0;
	for (i = 0; tss_bare_remove[i] != NULL; i++)
		if (tss_bare_is(kw, kwlen, tss_bare_remove[i]))
			return 1;
	return 0;
}
