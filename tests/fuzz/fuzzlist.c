/*
 * fuzzlist.c - feeding and checking of the LIST parser harnesses
 * (fuzzlist.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "gateway/dn.h"
#include "gateway/entry.h"
#include "gateway/pdu.h"
#include "xmalloc.h"

#include "fuzzenv.h"
#include "fuzzlist.h"
#include "fuzzmodel.h"

/* The entry as op_search.c sends it: every attribute, with values. */
static void
fuzz_list_encode(const struct entry *e)
{
	const struct attr **sel;
	struct berval bv;
	size_t i;

	sel = xreallocarray(NULL, e->e_nattrs + 1, sizeof(*sel));
	for (i = 0; i < e->e_nattrs; i++)
		sel[i] = &e->e_attrs[i];
	if (pdu_encode_entry(&bv, 1, e->e_dn, sel, e->e_nattrs, 0, NULL,
	    0) == -1)
		fuzz_fail("entry %s does not encode", e->e_dn);
	ber_memfree(bv.bv_val);
	free(sel);
}

void
fuzz_list_entry(void *arg, struct entry *e)
{
	const struct attr *a;
	const char *why = NULL;
	char *ndn;
	size_t i, j;

	(void)arg;
	if (e->e_dn == NULL)
		fuzz_fail("an entry without a DN");
	if (dn_normalize_str(e->e_dn, strlen(e->e_dn), fuzz_schema(), &ndn,
	    &why) == -1)
		fuzz_fail("entry DN \"%s\" does not parse: %s", e->e_dn, why);
	free(ndn);
	for (i = 0; i < e->e_nattrs; i++) {
		a = &e->e_attrs[i];
		for (j = 0; j < a->a_nvals; j++)
			if (a->a_vals[j].bv_val[a->a_vals[j].bv_len] != '\0')
				fuzz_fail("a value of %s is not terminated",
				    a->a_name);
	}
	fuzz_list_encode(e);
	entry_free(e);
}

void
fuzz_list_run(const struct fuzz_list_ops *ops, void *p, const uint8_t *data,
    size_t size, size_t chunk)
{
	struct berval *lines;
	char err[512];
	size_t n, i, k;
	int rc = 0;

	lines = fuzz_lines(data, size, &n);
	for (i = 0; i < n && rc == 0; i += k) {
		k = n - i < chunk ? n - i : chunk;
		err[0] = '\0';
		rc = ops->fl_feed(p, lines + i, k, err, sizeof(err));
	}
	if (rc == 0) {
		err[0] = '\0';
		rc = ops->fl_end(p, err, sizeof(err));
	}
	if (rc == -1 && err[0] == '\0')
		fuzz_fail("the parser failed without a reason");
	free(lines);
}
