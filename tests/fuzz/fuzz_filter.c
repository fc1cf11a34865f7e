/*
 * fuzz_filter.c - search filters (gateway/filter.c) both ways in: the
 * input is decoded as a BER Filter, as dec_filter() in pdu.c hands it
 * over, and parsed as an RFC 4515 string.
 *
 * A filter that comes in is evaluated against a fixed entry and
 * printed; the printed form must parse back and print the same, since
 * paged.c tells a continued paged search from another search by the
 * printed filter (two filters that print alike would share a cookie).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <lber.h>

#include "gateway/entry.h"
#include "gateway/filter.h"
#include "gateway/schema.h"
#include "xmalloc.h"

#include "fuzzenv.h"
#include "fuzzmodel.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* As op.c's limits. */
#define FUZZ_FILTER_DEPTH	64
#define FUZZ_FILTER_ITEMS	1000

static struct entry *fuzz_entry;

static void
fuzz_entry_free(void)
{
	entry_free(fuzz_entry);
	fuzz_entry = NULL;
}

static void
fuzz_entry_add(const char *name, const char *val)
{
	entry_add_str(fuzz_entry, name, schema_find_at(fuzz_schema(), name),
	    val);
}

/* A user as the RACF backend shows one, with a value of every syntax
   the matching rules treat apart. */
static const struct entry *
fuzz_filter_entry(void)
{
	if (fuzz_entry != NULL)
		return fuzz_entry;
	fuzz_entry = entry_new("uid=BSMITH,ou=People,dc=racf,dc=com");
	fuzz_entry_add("objectClass", "inetOrgPerson");
	fuzz_entry_add("objectClass", "racfUser");
	fuzz_entry_add("uid", "BSMITH");
	fuzz_entry_add("cn", "Bob Smith");
	fuzz_entry_add("cn", "Robert");
	fuzz_entry_add("sn", "Smith");
	fuzz_entry_add("mail", "Bob@Example.COM");
	fuzz_entry_add("createTimestamp", "20240115103000Z");
	fuzz_entry_add("description", "a(b)*c\\d");
	fuzz_entry_add("racfOwner", "uid=IBMUSER,ou=People,dc=racf,dc=com");
	fuzz_entry_add("uidNumber", "1001");
	fuzz_entry_add("telephoneNumber", "+1 555 0100");
	entry_add_str(fuzz_entry, "x-unknown", NULL, "value");
	atexit(fuzz_entry_free);
	return fuzz_entry;
}

/* Evaluate, print, and check that the print reads back as itself. */
static void
fuzz_filter_use(const struct filter *f)
{
	struct filter *again;
	const char *why = NULL;
	char *s, *s2;
	int v;

	v = filter_eval(f, fuzz_filter_entry(), fuzz_schema());
	if (v != FILTER_TRUE && v != FILTER_FALSE && v != FILTER_UNDEFINED)
		fuzz_fail("filter_eval returned %d", v);
	if ((s = filter_to_string(f)) == NULL)
		fuzz_fail("filter_to_string returned NULL");
	if (filter_parse(s, fuzz_schema(), &again, &why) == -1)
		fuzz_fail("printed filter %s does not parse: %s", s, why);
	s2 = filter_to_string(again);
	if (strcmp(s, s2) != 0)
		fuzz_fail("filter %s parses back as %s", s, s2);
	free(s2);
	filter_free(again);
	free(s);
}

/* The input as a BER Filter, over a copy with the octet liblber may
   touch after it (see dec_filter() in pdu.c). */
static void
fuzz_filter_ber(const uint8_t *data, size_t size)
{
	struct berval bv;
	struct filter *f = NULL;
	BerElement *ber;
	const char *why = NULL;

	bv.bv_len = size;
	bv.bv_val = xmalloc(size + 1);
	memcpy(bv.bv_val, data, size);
	bv.bv_val[size] = '\0';
	if ((ber = ber_alloc_t(0)) == NULL)
		fuzz_fail("out of memory");
	ber_init2(ber, &bv, 0);
	if (filter_decode(ber, fuzz_schema(), FUZZ_FILTER_DEPTH,
	    FUZZ_FILTER_ITEMS, &f, &why) == 0)
		fuzz_filter_use(f);
	else if (why == NULL)
		fuzz_fail("filter_decode failed without a reason");
	filter_free(f);
	ber_free(ber, 0);
	free(bv.bv_val);
}

static void
fuzz_filter_string(const uint8_t *data, size_t size)
{
	struct filter *f = NULL;
	const char *why = NULL;
	char *s = fuzz_string(data, size);

	if (filter_parse(s, fuzz_schema(), &f, &why) == 0)
		fuzz_filter_use(f);
	else if (why == NULL)
		fuzz_fail("filter_parse failed without a reason");
	filter_free(f);
	free(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_filter_ber(data, size);
	fuzz_filter_string(data, size);
	return 0;
}
