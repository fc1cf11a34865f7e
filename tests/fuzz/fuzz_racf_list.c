/*
 * fuzz_racf_list.c - the RACF LIST parser (backends/racf/racf_list.c)
 * with schema/racf.map, on output lines as the agent sends them.
 *
 * The first input byte is the mode: bit 0 LISTGRP output instead of
 * LISTUSER, bit 1 an owner resolver that names every other owner a
 * group, bits 2-4 the lines per chunk less one.  The rest is the output,
 * one line per '\n'.  Every entry is checked (fuzzlist.c).
 */
#include "config.h"

#include <stdint.h>

#include "backends/map.h"
#include "backends/racf/racf_list.h"

#include "fuzzenv.h"
#include "fuzzlist.h"
#include "fuzzmodel.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
fuzz_racf_feed(void *p, const struct berval *lines, size_t n, char *err,
    size_t errlen)
{
	return racf_list_feed(p, lines, n, err, errlen);
}

static int
fuzz_racf_end(void *p, char *err, size_t errlen)
{
	return racf_list_end(p, err, errlen);
}

static const struct fuzz_list_ops fuzz_racf_ops = { fuzz_racf_feed,
	fuzz_racf_end };

/* Owners alternate between users and groups, by their first letter. */
static int
fuzz_racf_resolve(void *arg, const char *id)
{
	(void)arg;
	return (id[0] & 1) ? MAP_GROUP : MAP_USER;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct racf_list *l;

	if (size < 1)
		return 0;
	l = racf_list_new(data[0] & 1 ? RACF_LIST_GROUPS : RACF_LIST_USERS,
	    fuzz_map("racf"), fuzz_schema(), "dc=racf,dc=com",
	    fuzz_list_entry, NULL);
	if (data[0] & 2)
		racf_list_set_resolver(l, fuzz_racf_resolve, NULL);
	fuzz_list_run(&fuzz_racf_ops, l, data + 1, size - 1,
	    1 + ((data[0] >> 2) & 7));
	(void)racf_list_nmessages(l);
	(void)racf_list_nrecords(l);
	racf_list_free(l);
	return 0;
}
