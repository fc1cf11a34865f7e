/*
 * fuzz_tss_list.c - the Top Secret LIST parser (backends/tss/tss_list.c)
 * with schema/tss.map, on output lines as the agent sends them.
 *
 * The first input byte is the mode: bit 0 groups instead of users,
 * bits 2-4 the lines per chunk less one.  The rest is the output, one
 * line per '\n'.  Every entry is checked (fuzzlist.c).
 */
#include "config.h"

#include <stdint.h>

#include "backends/map.h"
#include "backends/tss/tss_list.h"

#include "fuzzenv.h"
#include "fuzzlist.h"
#include "fuzzmodel.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
fuzz_tss_feed(void *p, const struct berval *lines, size_t n, char *err,
    size_t errlen)
{
	return tss_list_feed(p, lines, n, err, errlen);
}

static int
fuzz_tss_end(void *p, char *err, size_t errlen)
{
	return tss_list_end(p, err, errlen);
}

static const struct fuzz_list_ops fuzz_tss_ops = { fuzz_tss_feed,
	fuzz_tss_end };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tss_list *l;

	if (size < 1)
		return 0;
	l = tss_list_new(data[0] & 1 ? MAP_GROUP : MAP_USER, fuzz_map("tss"),
	    fuzz_schema(), "dc=tss,dc=com", fuzz_list_entry, NULL);
	fuzz_list_run(&fuzz_tss_ops, l, data + 1, size - 1,
	    1 + ((data[0] >> 2) & 7));
	(void)tss_list_rc(l);
	(void)tss_list_nrecords(l);
	(void)tss_list_nskipped(l);
	(void)tss_list_nmessages(l);
	tss_list_free(l);
	return 0;
}
