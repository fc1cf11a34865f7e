/*
 * fuzz_dn.c - distinguished names (gateway/dn.c): the input is parsed
 * as a DN, as every operation parses the DNs a client sends, and
 * escaped as one attribute value, as map.c writes an id into a DN.
 *
 * The properties the router and the backends rely on: the string
 * dn_format() writes parses and normalises as the DN did (two spellings
 * of one entry never route apart), and so does the normal form itself
 * when it parses (it need not: a type compared by its first component,
 * as matchingRules, normalises "(6 ...)" to "6", no value of the type);
 * dn_depth_below() of a DN under a suffix agrees with dn_is_within();
 * an escaped value parses back as exactly that value.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gateway/dn.h"
#include "gateway/schema.h"
#include "xmalloc.h"

#include "fuzzenv.h"
#include "fuzzmodel.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const fuzz_suffixes[] = {
	"dc=racf,dc=com", "ou=people,dc=racf,dc=com", "",
};
#define FUZZ_NSUFFIXES	(sizeof(fuzz_suffixes) / sizeof(fuzz_suffixes[0]))

/* s must normalise to want, or (when it may) not parse at all. */
static void
fuzz_dn_renormalize(const char *s, const char *want, const char *what,
    int may_fail)
{
	const char *why = NULL;
	char *again;

	if (dn_normalize_str(s, strlen(s), fuzz_schema(), &again,
	    &why) == -1) {
		if (!may_fail)
			fuzz_fail("%s \"%s\" does not parse: %s", what, s,
			    why);
		return;
	}
	if (strcmp(again, want) != 0)
		fuzz_fail("%s \"%s\" normalises to \"%s\", not \"%s\"", what,
		    s, again, want);
	free(again);
}

static void
fuzz_dn_relations(const char *ndn)
{
	size_t i;
	int depth, within;

	for (i = 0; i < FUZZ_NSUFFIXES; i++) {
		depth = dn_depth_below(ndn, fuzz_suffixes[i]);
		within = dn_is_within(ndn, fuzz_suffixes[i]);
		if ((depth >= 0) != (within != 0))
			fuzz_fail("\"%s\" under \"%s\": depth %d, within %d",
			    ndn, fuzz_suffixes[i], depth, within);
	}
}

static void
fuzz_dn_parsed(const uint8_t *data, size_t size)
{
	struct dn *dn = NULL;
	const char *why = NULL;
	char *ndn, *text;

	if (dn_parse((const char *)data, size, fuzz_schema(), &dn,
	    &why) == -1) {
		if (why == NULL)
			fuzz_fail("dn_parse failed without a reason");
		dn_free(dn);
		return;
	}
	ndn = dn_normalize(dn);
	text = dn_format(dn);
	fuzz_dn_renormalize(ndn, ndn, "normalised DN", 1);
	fuzz_dn_renormalize(text, ndn, "formatted DN", 0);
	fuzz_dn_relations(ndn);
	free(text);
	free(ndn);
	dn_free(dn);
}

/* The input as one value: "cn=<escaped>" must hold exactly it. */
static void
fuzz_dn_escaped(const uint8_t *data, size_t size)
{
	struct dn *dn = NULL;
	const char *why = NULL;
	char *esc, *s;
	const struct berval *v;

	esc = dn_escape_value((const char *)data, size);
	xasprintf(&s, "cn=%s", esc);
	if (dn_parse(s, strlen(s), NULL, &dn, &why) == 0) {
		if (dn->dn_nrdns != 1 || dn->dn_rdns[0].dr_navas != 1)
			fuzz_fail("escaped value \"%s\" parses as more than "
			    "one AVA", esc);
		v = &dn->dn_rdns[0].dr_avas[0].da_value;
		if (v->bv_len != size || memcmp(v->bv_val, data, size) != 0)
			fuzz_fail("escaped value \"%s\" parses as another "
			    "value", esc);
	}
	dn_free(dn);
	free(s);
	free(esc);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_dn_parsed(data, size);
	fuzz_dn_escaped(data, size);
	return 0;
}
