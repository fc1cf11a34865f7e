/*
 * fuzz_acf2_list.c - the ACF2 LIST and DECOMP parser (backends/acf2/
 * acf2_list.c) with schema/acf2.map, on output lines as the agent sends
 * them, and the reader of the enumeration lines (acf2_list_enum_line)
 * on each line.
 *
 * The first input byte is the mode: its value modulo 3 the kind
 * (logonids, access rule sets, resource rule sets), bits 2-4 the lines
 * per chunk less one.  The rest is the output, one line per '\n'.
 * Every entry is checked (fuzzlist.c); a name read from an enumeration
 * line must be one a listing command can carry.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "backends/acf2/acf2_list.h"
#include "backends/quote.h"

#include "fuzzenv.h"
#include "fuzzlist.h"
#include "fuzzmodel.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
fuzz_acf2_feed(void *p, const struct berval *lines, size_t n, char *err,
    size_t errlen)
{
	return acf2_list_feed(p, lines, n, err, errlen);
}

static int
fuzz_acf2_end(void *p, char *err, size_t errlen)
{
	return acf2_list_end(p, err, errlen);
}

static const struct fuzz_list_ops fuzz_acf2_ops = { fuzz_acf2_feed,
	fuzz_acf2_end };

static void
fuzz_acf2_enum(enum acf2_list_kind kind, const uint8_t *data, size_t size)
{
	char id[ESM_NAME_MAX + 1];
	struct berval *lines;
	size_t n, i, len;

	lines = fuzz_lines(data, size, &n);
	for (i = 0; i < n; i++) {
		memset(id, 'x', sizeof(id));
		if (acf2_list_enum_line(kind, lines[i].bv_val,
		    lines[i].bv_len, id) == -1)
			continue;
		if ((len = strnlen(id, sizeof(id))) == 0 || len > ESM_NAME_MAX)
			fuzz_fail("an enumeration line gave a name of %zu "
			    "bytes", len);
		if (strpbrk(id, " ()',") != NULL)
			fuzz_fail("an enumeration line gave the name \"%s\"",
			    id);
	}
	free(lines);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum acf2_list_kind kinds[] = { ACF2_LIST_LIDS,
	    ACF2_LIST_RULES, ACF2_LIST_RESOURCES };
	enum acf2_list_kind kind;
	struct acf2_list *l;

	if (size < 1)
		return 0;
	kind = kinds[data[0] % 3];
	l = acf2_list_new(kind, fuzz_map("acf2"), fuzz_schema(),
	    "dc=acf2,dc=com", fuzz_list_entry, NULL);
	fuzz_list_run(&fuzz_acf2_ops, l, data + 1, size - 1,
	    1 + ((data[0] >> 2) & 7));
	(void)acf2_list_nmessages(l);
	(void)acf2_list_nrecords(l);
	acf2_list_free(l);
	fuzz_acf2_enum(kind, data + 1, size - 1);
	return 0;
}
