/*
 * fuzz_racf_quote.c - RACF's quoting (backends/racf/racf_quote.c and
 * the shared backends/quote.c), checked against the RACF simulator's
 * lexer: whatever a function accepts, written into a command as the
 * backend writes it, must read back as exactly one operand holding
 * exactly the value (ids folded), the operands around it untouched.
 *
 * The first input byte picks the function (an id, a string, a password,
 * a value of a line of racf.map, the second byte picking the line); the
 * rest is the value.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "backends/racf/racf_quote.h"
#include "mainframe-agent/sim/racf/lex.h"

#include "fuzzenv.h"
#include "fuzzquote.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static uint8_t fuzz_pick;

/* ALTUSER BSMITH DATA(token) NOSPECIAL. */
static void
fuzz_racf_operand(const char *tok, const struct fuzz_want *w)
{
	struct lx_node *t = NULL, *kw;
	char cmd[1024], err[256];

	snprintf(cmd, sizeof(cmd), "ALTUSER BSMITH DATA(%s) NOSPECIAL", tok);
	if (lex_parse(cmd, strlen(cmd), &t, err, sizeof(err)) == -1)
		fuzz_fail("%s: %s", cmd, err);
	kw = t->ln_next != NULL ? t->ln_next->ln_next : NULL;
	if (lex_count(t) != 4 || strcmp(kw->ln_text, "DATA") != 0 ||
	    lex_count(kw->ln_args) != 1 || kw->ln_args->ln_kind == LX_LIST ||
	    kw->ln_args->ln_hasargs ||
	    strcmp(kw->ln_next->ln_text, "NOSPECIAL") != 0)
		fuzz_fail("%s: not one operand", cmd);
	if (w->fw_quoted != -1 && (kw->ln_args->ln_kind == LX_STRING) !=
	    w->fw_quoted)
		fuzz_fail("%s: quoted or not as it should not be", cmd);
	fuzz_text_is(cmd, kw->ln_args->ln_text, kw->ln_args->ln_len, w);
	lex_free(t);
}

static void
fuzz_racf_id(const char *v, size_t len)
{
	fuzz_quote_id(racf_quote_id, fuzz_racf_operand, v, len);
}

static void
fuzz_racf_string(const char *v, size_t len)
{
	struct fuzz_want w = { 1, v, len };
	const char *why;
	char *q = NULL;
	int rc;

	rc = racf_quote_string(v, len, 1, RACF_DATA_LEN, &q, &why);
	fuzz_quote_token(rc, q, fuzz_racf_operand, &w);
}

static void
fuzz_racf_password(const char *v, size_t len)
{
	struct fuzz_want w = { 1, v, len };
	const char *why;
	char *q = NULL;
	int rc;

	rc = racf_quote_password(v, len, &q, &why);
	fuzz_quote_token(rc, q, fuzz_racf_operand, &w);
}

static void
fuzz_racf_value(const char *v, size_t len)
{
	fuzz_quote_value("racf", &racf_quoting, fuzz_racf_operand, fuzz_pick,
	    v, len);
}

static void (*const fuzz_racf_fns[])(const char *, size_t) = {
	fuzz_racf_id, fuzz_racf_string, fuzz_racf_password, fuzz_racf_value,
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	fuzz_pick = data[1];
	fuzz_racf_fns[data[0] % (sizeof(fuzz_racf_fns) /
	    sizeof(fuzz_racf_fns[0]))]((const char *)data + 2, size - 2);
	return 0;
}
