/*
 * fuzzenv.h - what the fuzz harnesses share whatever they drive: where
 * the source tree is, a scratch directory removed at exit, input split
 * into lines, and a failed property made a crash the fuzzer reports.
 */
#ifndef ESM_FUZZENV_H
#define ESM_FUZZENV_H

#include <stddef.h>
#include <stdint.h>

#include <lber.h>

/* $top_srcdir when set (make check), else the tree the harness was
   configured from. */
const char	*fuzz_srcdir(void);

/*
 * A directory of the process, /tmp/esmfuzz-<name>.XXXXXX (or under
 * $TMPDIR), created on first use and removed with what it holds when
 * the process exits normally.
 */
const char	*fuzz_tmpdir(const char *name);

/*
 * The input as lines cut at each '\n' (the last one unterminated or
 * empty): an owned array of bervals borrowing from data, and the count.
 * NULL when size is 0.
 */
struct berval	*fuzz_lines(const uint8_t *data, size_t size, size_t *n);

/* The input as a NUL-terminated string (malloc'ed; NULs kept inside). */
char		*fuzz_string(const uint8_t *data, size_t size);

/* A property the code must keep does not hold: say which, then abort. */
void		 fuzz_fail(const char *fmt, ...)
		    __attribute__((format(printf, 1, 2), noreturn));

#endif
