/*
 * xmalloc.h - allocation wrappers for small internal allocations.
 *
 * They stop the daemon when memory is exhausted: every size passed here
 * is bounded by the program itself.  Sizes a peer controls (PDU and frame
 * lengths, numbers of values) are capped by configuration before they
 * reach these functions.
 */
#ifndef ESM_XMALLOC_H
#define ESM_XMALLOC_H

#include <stddef.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
void	*xmemdup(const void *, size_t);
int	 xasprintf(char **, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/* Zero then free: for buffers that held secrets. */
void	 xfree_secret(void *, size_t);

#endif
