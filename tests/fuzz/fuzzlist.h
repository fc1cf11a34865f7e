/*
 * fuzzlist.h - what the harnesses of the LIST parsers share: the input
 * cut into output lines and fed in chunks, as the agent's response
 * chunks arrive, and every entry a parser makes checked as the search
 * operation will use it.
 */
#ifndef ESM_FUZZLIST_H
#define ESM_FUZZLIST_H

#include <stddef.h>
#include <stdint.h>

#include <lber.h>

struct entry;

/* A parser behind one interface: feed lines, then end. */
struct fuzz_list_ops {
	int	(*fl_feed)(void *p, const struct berval *lines, size_t n,
		    char *err, size_t errlen);
	int	(*fl_end)(void *p, char *err, size_t errlen);
};

/*
 * The callback every parser gets: the entry's DN must parse, each value
 * must be a C string of its length, the entry must encode as a
 * SearchResultEntry; then it is freed.
 */
void	fuzz_list_entry(void *arg, struct entry *e);

/*
 * Feed the lines of data (after the harness's mode byte) in chunks of
 * chunk lines, then end, as a backend does: the first error stops the
 * listing, and it must come with a reason.
 */
void	fuzz_list_run(const struct fuzz_list_ops *ops, void *p,
	    const uint8_t *data, size_t size, size_t chunk);

#endif
