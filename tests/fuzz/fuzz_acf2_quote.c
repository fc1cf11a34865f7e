/*
 * fuzz_acf2_quote.c - ACF2's quoting (backends/acf2/acf2_quote.c and the
 * shared backends/quote.c), checked against the ACF2 simulator's lexer:
 * whatever a function accepts, written into a command as the backend
 * writes it, must read back as exactly one operand holding exactly the
 * value (ids and passwords folded), the operands around it untouched.
 * A rule entry must be one ADD() operand of RECKEY and canonical
 * (quoting it again gives it back); a resource rule set's TYPE/KEY name
 * must give a type and a key operand.
 *
 * The first input byte picks the function (an id, a string, a password,
 * an access rule entry, a resource rule entry, a resource name, a value
 * of a line of acf2.map, the second byte picking the line); the rest is
 * the value.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backends/acf2/acf2_quote.h"
#include "backends/quote.h"
#include "mainframe-agent/sim/acf2/lex.h"

#include "fuzzenv.h"
#include "fuzzquote.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static uint8_t fuzz_pick;

static struct lx_node *
fuzz_acf2_lex(const char *cmd)
{
	struct lx_node *t = NULL;
	char err[256];

	if (alex_parse(cmd, strlen(cmd), &t, err, sizeof(err)) == -1)
		fuzz_fail("%s: %s", cmd, err);
	return t;
}

/* CHANGE BSMITH NAME(token) TSO. */
static void
fuzz_acf2_operand(const char *tok, const struct fuzz_want *w)
{
	struct lx_node *t, *kw;
	char cmd[1024];

	snprintf(cmd, sizeof(cmd), "CHANGE BSMITH NAME(%s) TSO", tok);
	t = fuzz_acf2_lex(cmd);
	kw = t->ln_next != NULL ? t->ln_next->ln_next : NULL;
	if (kw == NULL || strcmp(kw->ln_text, "NAME") != 0 ||
	    !kw->ln_hasval || kw->ln_next == NULL ||
	    strcmp(kw->ln_next->ln_text, "TSO") != 0 ||
	    kw->ln_next->ln_next != NULL)
		fuzz_fail("%s: not one operand", cmd);
	if (w->fw_quoted != -1 && kw->ln_quoted != w->fw_quoted)
		fuzz_fail("%s: quoted or not as it should not be", cmd);
	if (!kw->ln_quoted && strpbrk(kw->ln_val, " ,()'") != NULL)
		fuzz_fail("%s: a bare value of more than one word", cmd);
	fuzz_text_is(cmd, kw->ln_val, strlen(kw->ln_val), w);
	alex_free(t);
}

static void
fuzz_acf2_id(const char *v, size_t len)
{
	fuzz_quote_id(acf2_quoting.q_id, fuzz_acf2_operand, v, len);
}

static void
fuzz_acf2_string(const char *v, size_t len)
{
	struct fuzz_want w = { 1, v, len };
	const char *why;
	char *q = NULL;
	int rc;

	rc = acf2_quoting.q_string(v, len, 1, 255, &q, &why);
	fuzz_quote_token(rc, q, fuzz_acf2_operand, &w);
}

static void
fuzz_acf2_password(const char *v, size_t len)
{
	struct fuzz_want w = { 0, NULL, len };
	const char *why;
	char *q = NULL, *u = fuzz_upper(v, len);
	int rc;

	w.fw_text = u;
	rc = acf2_quote_password(v, len, &q, &why);
	fuzz_quote_token(rc, q, fuzz_acf2_operand, &w);
	free(u);
}

/* An entry of mode (SET RULE, SET RESOURCE(FAC)) as RECKEY ADD(entry). */
static void
fuzz_acf2_entry(int (*fn)(const char *, size_t, char **, const char **),
    const char *mode, const char *v, size_t len)
{
	struct lx_node *t, *a;
	const char *why;
	char *q, *again, cmd[1024];

	if (fn(v, len, &q, &why) == -1)
		return;
	if (fn(q, strlen(q), &again, &why) == -1)
		fuzz_fail("entry %s does not quote again: %s", q, why);
	if (strcmp(q, again) != 0)
		fuzz_fail("entry %s quotes again as %s", q, again);
	free(again);
	snprintf(cmd, sizeof(cmd), "%s RECKEY PAY ADD(%s) DEL(X)", mode, q);
	t = fuzz_acf2_lex(cmd);
	for (a = t; a != NULL && strcmp(a->ln_text, "ADD") != 0;
	    a = a->ln_next)
		;
	if (a == NULL || !a->ln_hasval || strcmp(a->ln_raw, q) != 0 ||
	    a->ln_next == NULL || strcmp(a->ln_next->ln_text, "DEL") != 0 ||
	    a->ln_next->ln_next != NULL)
		fuzz_fail("%s: the entry is not one ADD() operand", cmd);
	alex_free(t);
	free(q);
}

static void
fuzz_acf2_rule_entry(const char *v, size_t len)
{
	fuzz_acf2_entry(acf2_quote_rule_entry, "SET RULE", v, len);
}

static void
fuzz_acf2_resource_entry(const char *v, size_t len)
{
	fuzz_acf2_entry(acf2_quote_resource_entry, "SET RESOURCE(FAC)", v,
	    len);
}

/* TYPE/KEY: SET RESOURCE(TYPE) DECOMP KEY, as the templates write it. */
static void
fuzz_acf2_resource_name(const char *v, size_t len)
{
	struct lx_node *t, *res, *key;
	char name[ESM_NAME_MAX + 1], cmd[1024], *slash;
	const char *why;

	if (acf2_quote_resource_name(v, len, name, &why) == -1)
		return;
	if ((slash = strchr(name, '/')) == NULL)
		fuzz_fail("resource name %s has no type", name);
	*slash = '\0';
	snprintf(cmd, sizeof(cmd), "SET RESOURCE(%s) DECOMP %s", name,
	    slash + 1);
	t = fuzz_acf2_lex(cmd);
	res = t->ln_next;
	key = res != NULL && res->ln_next != NULL ? res->ln_next->ln_next :
	    NULL;
	if (res == NULL || !res->ln_hasval || strcmp(res->ln_val, name) != 0 ||
	    key == NULL || key->ln_hasval || strcmp(key->ln_text,
	    slash + 1) != 0 || key->ln_next != NULL)
		fuzz_fail("%s: type and key are not two operands", cmd);
	alex_free(t);
}

static void
fuzz_acf2_value(const char *v, size_t len)
{
	fuzz_quote_value("acf2", &acf2_quoting, fuzz_acf2_operand, fuzz_pick,
	    v, len);
}

static void (*const fuzz_acf2_fns[])(const char *, size_t) = {
	fuzz_acf2_id, fuzz_acf2_string, fuzz_acf2_password,
	fuzz_acf2_rule_entry, fuzz_acf2_resource_entry,
	fuzz_acf2_resource_name, fuzz_acf2_value,
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	fuzz_pick = data[1];
	fuzz_acf2_fns[data[0] % (sizeof(fuzz_acf2_fns) /
	    sizeof(fuzz_acf2_fns[0]))]((const char *)data + 2, size - 2);
	return 0;
}
