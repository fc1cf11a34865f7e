/*
 * fuzzquote.c - the checks the quoting harnesses share (fuzzquote.h).
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "backends/map.h"
#include "backends/quote.h"
#include "xmalloc.h"

#include "fuzzenv.h"
#include "fuzzmodel.h"
#include "fuzzquote.h"

char *
fuzz_upper(const char *v, size_t len)
{
	char *u = xmalloc(len + 1);
	size_t i;

	for (i = 0; i < len; i++)
		u[i] = (char)toupper((unsigned char)v[i]);
	u[len] = '\0';
	return u;
}

void
fuzz_text_is(const char *cmd, const char *text, size_t len,
    const struct fuzz_want *w)
{
	if (w->fw_text != NULL && (len != w->fw_len ||
	    memcmp(text, w->fw_text, len) != 0))
		fuzz_fail("%s: the operand reads back as \"%.*s\", not "
		    "\"%.*s\"", cmd, (int)len, text, (int)w->fw_len,
		    w->fw_text);
}

void
fuzz_quote_id(int (*fn)(const char *, size_t, char *, const char **),
    fuzz_operand_fn operand, const char *v, size_t len)
{
	char id[ESM_NAME_MAX + 1], *u;
	struct fuzz_want w = { 0, NULL, 0 };
	const char *why;

	if (fn(v, len, id, &why) == -1)
		return;
	u = fuzz_upper(v, len);
	w.fw_text = u;
	w.fw_len = len;
	fuzz_text_is("the id", id, strlen(id), &w);
	operand(id, &w);
	free(u);
}

void
fuzz_quote_token(int rc, char *tok, fuzz_operand_fn operand,
    const struct fuzz_want *w)
{
	if (rc == 0)
		operand(tok, w);
	free(tok);
}

static const struct map_attr *
fuzz_writable_line(const struct map *m, uint8_t pick)
{
	size_t i, n = 0, k;

	for (i = 0; i < m->m_nattrs; i++)
		if (m->m_attrs[i].ma_set != NULL)
			n++;
	if (n == 0)
		return NULL;
	k = pick % n;
	for (i = 0; i < m->m_nattrs; i++)
		if (m->m_attrs[i].ma_set != NULL && k-- == 0)
			return &m->m_attrs[i];
	return NULL;
}

void
fuzz_quote_value(const char *esm, const struct esm_quoting *quoting,
    fuzz_operand_fn operand, uint8_t pick, const char *v, size_t len)
{
	const struct map_attr *ma;
	struct fuzz_want w = { -1, NULL, 0 };
	struct berval bv;
	char *q = NULL, *u = NULL, text[256];

	if ((ma = fuzz_writable_line(fuzz_map(esm), pick)) == NULL ||
	    ma->ma_syntax == MAP_SX_GRANT)
		return;
	bv.bv_val = (char *)v;
	bv.bv_len = len;
	if (esm_quote_value(quoting, ma, &bv, &q, text, sizeof(text)) != 0)
		return;
	if (ma->ma_syntax == MAP_SX_TEXT) {
		u = (ma->ma_flags & MAP_F_UPPER) ? fuzz_upper(v, len) : NULL;
		w.fw_text = u != NULL ? u : v;
		w.fw_len = len;
	}
	operand(q, &w);
	free(u);
	free(q);
}
