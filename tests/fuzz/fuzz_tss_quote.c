/*
 * fuzz_tss_quote.c - Top Secret's quoting (backends/tss/tss_quote.c and
 * the shared backends/quote.c), checked against the TSS simulator's
 * lexer: whatever a function accepts, written into a command as the
 * backend writes it, must read back as exactly one operand holding
 * exactly the value (ACIDs folded), the operands around it untouched.
 * A permission must be a class operand and an ACCESS operand after
 * PERMIT(acid), canonical (quoting it again gives it back) and keyed.
 *
 * The first input byte picks the function (an ACID, a string, a
 * password, a permission, a value of a line of tss.map, the second byte
 * picking the line); the rest is the value.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backends/tss/tss_quote.h"
#include "mainframe-agent/sim/tss/lex.h"

#include "fuzzenv.h"
#include "fuzzquote.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static uint8_t fuzz_pick;

static struct tlx_node *
fuzz_tss_lex(const char *cmd)
{
	struct tlx_node *t = NULL;
	char err[256];

	if (tlex_parse(cmd, strlen(cmd), &t, err, sizeof(err)) == -1)
		fuzz_fail("%s: %s", cmd, err);
	return t;
}

/* REPLACE(JOE) NAME(token) TSOLPROC(P1). */
static void
fuzz_tss_operand(const char *tok, const struct fuzz_want *w)
{
	struct tlx_node *t, *kw;
	char cmd[1024];

	snprintf(cmd, sizeof(cmd), "REPLACE(JOE) NAME(%s) TSOLPROC(P1)", tok);
	t = fuzz_tss_lex(cmd);
	kw = t->ln_next;
	if (tlex_count(t) != 3 || strcmp(kw->ln_text, "NAME") != 0 ||
	    tlex_count(kw->ln_args) != 1 || kw->ln_args->ln_kind == TLX_LIST ||
	    kw->ln_args->ln_hasargs ||
	    strcmp(kw->ln_next->ln_text, "TSOLPROC") != 0)
		fuzz_fail("%s: not one operand", cmd);
	if (w->fw_quoted != -1 && (kw->ln_args->ln_kind == TLX_STRING) !=
	    w->fw_quoted)
		fuzz_fail("%s: quoted or not as it should not be", cmd);
	fuzz_text_is(cmd, kw->ln_args->ln_text, kw->ln_args->ln_len, w);
	tlex_free(t);
}

static void
fuzz_tss_id(const char *v, size_t len)
{
	fuzz_quote_id(tss_quote_id, fuzz_tss_operand, v, len);
}

static void
fuzz_tss_string(const char *v, size_t len)
{
	struct fuzz_want w = { 1, v, len };
	const char *why;
	char *q = NULL;
	int rc;

	rc = tss_quote_string(v, len, 1, 255, &q, &why);
	fuzz_quote_token(rc, q, fuzz_tss_operand, &w);
}

static void
fuzz_tss_password(const char *v, size_t len)
{
	struct fuzz_want w = { 1, v, len };
	const char *why;
	char *q = NULL;
	int rc;

	rc = tss_quote_password(v, len, &q, &why);
	fuzz_quote_token(rc, q, fuzz_tss_operand, &w);
}

/* PERMIT(JOE) CLASS(resource) ACCESS(level,...). */
static void
fuzz_tss_grant(const char *v, size_t len)
{
	struct tlx_node *t, *cls, *acc;
	const char *why;
	char *q, *again, *key, cmd[1024];

	if (tss_quote_grant(NULL, v, len, &q, &why) == -1)
		return;
	if (tss_quote_grant(NULL, q, strlen(q), &again, &why) == -1)
		fuzz_fail("grant %s does not quote again: %s", q, why);
	if (strcmp(q, again) != 0)
		fuzz_fail("grant %s quotes again as %s", q, again);
	free(again);
	if (tss_grant_key(NULL, q, &key) == -1)
		fuzz_fail("grant %s has no key", q);
	free(key);
	snprintf(cmd, sizeof(cmd), "PERMIT(JOE) %s", q);
	t = fuzz_tss_lex(cmd);
	cls = t->ln_next;
	acc = cls != NULL ? cls->ln_next : NULL;
	if (tlex_count(t) != 3 || tlex_count(cls->ln_args) != 1 ||
	    cls->ln_args->ln_kind != TLX_WORD ||
	    strcmp(acc->ln_text, "ACCESS") != 0 ||
	    tlex_count(acc->ln_args) < 1)
		fuzz_fail("%s: not a class and an access", cmd);
	tlex_free(t);
	free(q);
}

static void
fuzz_tss_value(const char *v, size_t len)
{
	fuzz_quote_value("tss", &tss_quoting, fuzz_tss_operand, fuzz_pick, v,
	    len);
}

static void (*const fuzz_tss_fns[])(const char *, size_t) = {
	fuzz_tss_id, fuzz_tss_string, fuzz_tss_password, fuzz_tss_grant,
	fuzz_tss_value,
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	fuzz_pick = data[1];
	fuzz_tss_fns[data[0] % (sizeof(fuzz_tss_fns) /
	    sizeof(fuzz_tss_fns[0]))]((const char *)data + 2, size - 2);
	return 0;
}
