/*
 * tss_bare.h - the keywords CA Top Secret takes without an operand, for
 * the gateway's last check of the commands it builds
 * (backends/tss/tss_cmd.c) and the agent's reading of the ACIDs a
 * command names (mainframe-agent/driver_tss.c), which must agree.
 */
#ifndef ESM_TSS_BARE_H
#define ESM_TSS_BARE_H

#include <stddef.h>

/*
 * May keyword kw (kwlen bytes) stand without its operand in function fn
 * (fnlen bytes; ADD is ADDTO)?  Both compared without regard to case,
 * as TSS folds them.
 */
int	tss_bare_is_allowed(const char *fn, size_t fnlen, const char *kw,
	    size_t kwlen);

#endif
