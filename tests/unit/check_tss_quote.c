/*
 * check_tss_quote.c - Top Secret's value rules and quoting, one rule
 * per test, and hostile values: each is refused, or quoted so that the
 * simulator's lexer (TSS's reading of a command) takes it back as
 * exactly one operand holding exactly the value.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backends/map.h"
#include "backends/quote.h"
#include "backends/tss/tss_quote.h"
#include "mainframe-agent/sim/tss/lex.h"

static const char *why;

START_TEST(quote_ids)
{
	char out[TSS_ID_LEN + 1];

	ck_assert_int_eq(tss_quote_id("alice", 5, out, &why), 0);
	ck_assert_str_eq(out, "ALICE");
	ck_assert_int_eq(tss_quote_id("#A$B@C12", 8, out, &why), 0);
	ck_assert_str_eq(out, "#A$B@C12");
	/* TSS ACIDs may start with a digit. */
	ck_assert_int_eq(tss_quote_id("1ABC", 4, out, &why), 0);
	ck_assert_int_eq(tss_quote_id("", 0, out, &why), -1);
	ck_assert_int_eq(tss_quote_id("ABCDEFGHI", 9, out, &why), -1);
	ck_assert_ptr_nonnull(strstr(why, "1 to 8"));
	ck_assert_int_eq(tss_quote_id("A B", 3, out, &why), -1);
	ck_assert_int_eq(tss_quote_id("A(B)", 4, out, &why), -1);
	ck_assert_int_eq(tss_quote_id("A'", 2, out, &why), -1);
	ck_assert_int_eq(tss_quote_id("A,B", 3, out, &why), -1);
	ck_assert_int_eq(tss_quote_id("A\0B", 3, out, &why), -1);
	ck_assert_int_eq(tss_quote_id("A\nB", 3, out, &why), -1);
	ck_assert_int_eq(tss_quote_id("A/*", 3, out, &why), -1);
	ck_assert_int_eq(tss_quote_id("A-", 2, out, &why), -1);
	ck_assert_int_eq(tss_quote_id("\xc3\x84", 2, out, &why), -1);
	/* LIST(ACIDS) would name every ACID. */
	ck_assert_int_eq(tss_quote_id("acids", 5, out, &why), -1);
	ck_assert_ptr_nonnull(strstr(why, "reserves"));
	ck_assert_int_eq(tss_quote_id("ALL", 3, out, &why), -1);
	ck_assert_int_eq(tss_quote_id("Tss", 3, out, &why), -1);
	ck_assert_int_eq(tss_quote_id("ACIDS1", 6, out, &why), 0);
}
END_TEST

START_TEST(quote_strings)
{
	char *q;

	ck_assert_int_eq(tss_quote_string("O'BRIEN", 7, 1, 32, &q, &why), 0);
	ck_assert_str_eq(q, "'O''BRIEN'");
	free(q);
	ck_assert_int_eq(tss_quote_string("''", 2, 1, 32, &q, &why), 0);
	ck_assert_str_eq(q, "''''''");
	free(q);
	ck_assert_int_eq(tss_quote_string(" lead", 5, 1, 32, &q, &why), 0);
	ck_assert_str_eq(q, "' lead'");
	free(q);
	ck_assert_int_eq(tss_quote_string("", 0, 0, 32, &q, &why), -1);
	ck_assert_ptr_nonnull(strstr(why, "empty"));
	ck_assert_int_eq(tss_quote_string("ab", 2, 3, 32, &q, &why), -1);
	ck_assert_str_eq(why, "too short");
	ck_assert_int_eq(tss_quote_string("abcd", 4, 1, 3, &q, &why), -1);
	ck_assert_str_eq(why, "too long");
	ck_assert_int_eq(tss_quote_string("trail ", 6, 1, 32, &q, &why), -1);
	ck_assert_ptr_nonnull(strstr(why, "blank"));
	ck_assert_int_eq(tss_quote_string("a /* b", 6, 1, 32, &q, &why), -1);
	ck_assert_ptr_nonnull(strstr(why, "comment"));
	ck_assert_int_eq(tss_quote_string("a */ b", 6, 1, 32, &q, &why), -1);
	ck_assert_int_eq(tss_quote_string("a / * b", 7, 1, 32, &q, &why), 0);
	free(q);
	ck_assert_int_eq(tss_quote_string("A\nB", 3, 1, 32, &q, &why), -1);
	ck_assert_int_eq(tss_quote_string("A\0B", 3, 1, 32, &q, &why), -1);
	ck_assert_int_eq(tss_quote_string("A\tB", 3, 1, 32, &q, &why), -1);
	ck_assert_int_eq(tss_quote_string("A\x7f", 2, 1, 32, &q, &why), -1);
	ck_assert_int_eq(tss_quote_string("caf\xc3\xa9", 5, 1, 32, &q, &why),
	    -1);
	ck_assert_ptr_nonnull(strstr(why, "ASCII"));
}
END_TEST

START_TEST(quote_passwords)
{
	char *q;

	ck_assert_int_eq(tss_quote_password("abc'1", 5, &q, &why), 0);
	ck_assert_str_eq(q, "'abc''1'");
	free(q);
	ck_assert_int_eq(tss_quote_password("a,b)c(", 6, &q, &why), 0);
	ck_assert_str_eq(q, "'a,b)c('");
	free(q);
	ck_assert_int_eq(tss_quote_password("", 0, &q, &why), -1);
	ck_assert_int_eq(tss_quote_password("123456789", 9, &q, &why), -1);
	ck_assert_int_eq(tss_quote_password("ab cd", 5, &q, &why), -1);
	ck_assert_ptr_nonnull(strstr(why, "blank"));
	ck_assert_int_eq(tss_quote_password("a/*b", 4, &q, &why), -1);
	ck_assert_int_eq(tss_quote_password("a\nb", 3, &q, &why), -1);
	ck_assert_int_eq(tss_quote_password("p\xc3\xa9", 3, &q, &why), -1);
}
END_TEST

static char *
grant(const char *s)
{
	char *out = NULL;

	if (tss_quote_grant(NULL, s, strlen(s), &out, &why) == -1)
		return NULL;
	return out;
}

/* Permissions: parsed completely, written canonically. */
START_TEST(quote_grants)
{
	static const struct {
		const char	*in;
		const char	*out;
	} good[] = {
		{ "DSN(PAY.) ACCESS(READ)", "DSN(PAY.) ACCESS(READ)" },
		{ "dataset(pay.data) access(read,update)",
		    "DSN(PAY.DATA) ACCESS(READ,UPDATE)" },
		{ "IBMFAC(BPX.SUPERUSER)   ACCESS(READ)",
		    "IBMFAC(BPX.SUPERUSER) ACCESS(READ)" },
		{ "PROGRAM(IEBCOPY) ACCESS(EXECUTE)",
		    "PROGRAM(IEBCOPY) ACCESS(EXECUTE)" },
		{ "OPERCMDS(MVS.DISPLAY.*) ACCESS(ALL)",
		    "OPERCMDS(MVS.DISPLAY.*) ACCESS(ALL)" },
		{ "SURROGAT(BATCH1.SUBMIT) ACCESS(NONE)",
		    "SURROGAT(BATCH1.SUBMIT) ACCESS(NONE)" },
		{ "TSOAUTH(OPER) ACCESS(READ)", "TSOAUTH(OPER) ACCESS(READ)" },
		{ "JESSPOOL(N1.U1.%) ACCESS(ALTER)",
		    "JESSPOOL(N1.U1.%) ACCESS(ALTER)" },
		{ "UNIXPRIV(SUPERUSER.FILESYS_X-1) ACCESS(CONTROL,SCRATCH)",
		    "UNIXPRIV(SUPERUSER.FILESYS_X-1) ACCESS(CONTROL,SCRATCH)" },
		{ "DSN(#$@.-) ACCESS(FETCH,WRITE,CREATE)",
		    "DSN(#$@.-) ACCESS(FETCH,WRITE,CREATE)" },
	};
	static const char *const bad[] = {
		"", "DSN(PAY.)", "DSN(PAY.) ", "DSN(PAY.)ACCESS(READ)",
		"DSN() ACCESS(READ)", "DSN(PAY.) ACCESS()",
		"DSN(PAY.) ACCESS(READ,)", "DSN(PAY.) ACCESS(READ,READ)",
		"DSN(PAY.) ACCESS(READ, UPDATE)", "DSN(PAY.) ACCESS(BOGUS)",
		"DSN(PAY.) ACCESS(READ) ", " DSN(PAY.) ACCESS(READ)",
		"DSN(PAY.) ACCESS(READ))", "DSN(PAY.) ACCESS(READ) SUSPEND",
		"DSN(PAY.) SUSPEND ACCESS(READ)", "FOO(PAY.) ACCESS(READ)",
		"DSN PAY. ACCESS(READ)", "DSN(PAY. X) ACCESS(READ)",
		"DSN(PAY.)) ACCESS(READ)", "DSN((PAY.) ACCESS(READ)",
		"DSN('PAY.') ACCESS(READ)", "DSN(PAY,X) ACCESS(READ)",
		"DSN(PAY/*) ACCESS(READ)", "DSN(PAY.) ACCESS(READ)/*",
		"DSN(PAY.)\nACCESS(READ)", "DSN(PAY.) ACCESS(READ\n)",
		"DSN(P\xc3\x84Y) ACCESS(READ)", "DSN(PAY.) ACCESS(READ)-",
		"DSN(PAY+) ACCESS(READ)", "PROGRAM(ABCDEFGHI) ACCESS(READ)",
		"DSN(A23456789012345678901234567890123456789012345) "
		    "ACCESS(READ)",
		"DSN(PAY.) ACCESS(READ) ACCESS(ALL)", "ACCESS(READ) DSN(PAY.)",
	};
	char *q, *k;
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		q = grant(good[i].in);
		ck_assert_msg(q != NULL, "%s: %s", good[i].in, why);
		ck_assert_str_eq(q, good[i].out);
		/* The canonical form is a fixed point. */
		k = grant(q);
		ck_assert_str_eq(k, q);
		free(k);
		free(q);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		q = grant(bad[i]);
		ck_assert_msg(q == NULL, "accepted %s as %s", bad[i], q);
	}
	/* DSN holds 44, PROGRAM 8. */
	ck_assert_ptr_nonnull(q = grant("DSN(A2345678901234567890123456789012"
	    "345678901234) ACCESS(READ)"));
	free(q);
	ck_assert_ptr_nonnull(q = grant("PROGRAM(ABCDEFGH) ACCESS(READ)"));
	free(q);
	ck_assert_int_eq(tss_grant_key(NULL, "DSN(PAY.) ACCESS(READ,UPDATE)",
	    &k), 0);
	ck_assert_str_eq(k, "DSN(PAY.)");
	free(k);
	ck_assert_int_eq(tss_grant_key(NULL, "DSN(PAY.)", &k), -1);
	ck_assert_str_eq(tss_grant_class("DATASET", 7), "DSN");
	ck_assert_str_eq(tss_grant_class("ibmfac", 6), "IBMFAC");
	ck_assert_ptr_null(tss_grant_class("DATA", 4));
}
END_TEST

/* What TSS's lexer makes of "KW(token)": exactly one operand, v. */
static void
lexes_to(const char *token, const char *v, size_t vlen, int quoted)
{
	struct tlx_node *t = NULL;
	char cmd[4096], err[256];

	snprintf(cmd, sizeof(cmd), "REPLACE(JOE) NAME(%s) TSOLPROC(P1)", token);
	ck_assert_msg(tlex_parse(cmd, strlen(cmd), &t, err, sizeof(err)) == 0,
	    "%s: %s", cmd, err);
	ck_assert_uint_eq(tlex_count(t), 3);
	ck_assert_str_eq(t->ln_next->ln_text, "NAME");
	ck_assert_uint_eq(tlex_count(t->ln_next->ln_args), 1);
	ck_assert_int_eq(t->ln_next->ln_args->ln_kind, quoted ? TLX_STRING :
	    TLX_WORD);
	ck_assert_uint_eq(t->ln_next->ln_args->ln_len, vlen);
	ck_assert(memcmp(t->ln_next->ln_args->ln_text, v, vlen) == 0);
	ck_assert_str_eq(t->ln_next->ln_next->ln_text, "TSOLPROC");
	tlex_free(t);
}

static const struct {
	const char	*v;
	size_t		 len;
} hostile[] = {
	{ "'", 0 }, { "''", 0 }, { "x') SUSPEND NAME('y", 0 },
	{ "a) FACILITY(TSO) (", 0 }, { "a,b, SUSPEND", 0 },
	{ "a;REPLACE(X)", 0 }, { "/* SUSPEND */", 0 }, { "a */", 0 },
	{ "/*", 0 }, { "+", 0 }, { "-", 0 }, { "abc +", 0 }, { "abc -", 0 },
	{ "' SUSPEND '", 0 }, { "%v %u %k", 0 }, { ")(", 0 }, { "()", 0 },
	{ "TSS CREATE(X)", 0 }, { "a\nREPLACE(JOE) SUSPEND", 0 },
	{ "a\rb", 0 }, { "a\0 SUSPEND", 10 }, { "\xc3\xa9t\xc3\xa9", 0 },
	{ "\xe2\x80\x99", 0 }, { "\x7f", 0 }, { " ", 0 }, { "", 0 },
	{ "0123456789012345678901234567890123456789012345678901234567890123"
	  "4567890123456789012345678901234567890123456789012345678901234567",
	  0 },
};

/* Each is refused, or read back by the lexer as one operand: itself. */
START_TEST(quote_hostile)
{
	const char *v = hostile[_i].v;
	size_t len = hostile[_i].len ? hostile[_i].len : strlen(v);
	char id[TSS_ID_LEN + 1], *q = NULL;
	size_t k;
	int printable = 1, comment = 0;

	for (k = 0; k < len; k++) {
		if ((unsigned char)v[k] < 0x20 || (unsigned char)v[k] > 0x7e)
			printable = 0;
		if (k + 1 < len && ((v[k] == '/' && v[k + 1] == '*') ||
		    (v[k] == '*' && v[k + 1] == '/')))
			comment = 1;
	}
	if (tss_quote_string(v, len, 1, 32, &q, &why) == 0) {
		ck_assert_msg(printable && !comment && len > 0 && len <= 32 &&
		    v[len - 1] != ' ', "accepted %.*s", (int)len, v);
		lexes_to(q, v, len, 1);
		free(q);
	} else
		ck_assert(!printable || comment || len == 0 || len > 32 ||
		    v[len - 1] == ' ');
	if (tss_quote_password(v, len, &q, &why) == 0) {
		ck_assert(printable && !comment && len <= 8 &&
		    memchr(v, ' ', len) == NULL);
		lexes_to(q, v, len, 1);
		free(q);
	}
	ck_assert_int_eq(tss_quote_id(v, len, id, &why), -1);
	ck_assert_ptr_null(q = grant(v));
}
END_TEST

/* An id and a canonical permission read back as the lexer's words. */
START_TEST(quote_lexer_reads_back)
{
	struct tlx_node *t = NULL;
	char cmd[256], err[256], *g;

	lexes_to("P1", "P1", 2, 0);
	g = grant("dsn(pay.-_*%) access(read,update)");
	ck_assert_ptr_nonnull(g);
	snprintf(cmd, sizeof(cmd), "PERMIT(JOE) %s", g);
	ck_assert_msg(tlex_parse(cmd, strlen(cmd), &t, err, sizeof(err)) == 0,
	    "%s", err);
	ck_assert_uint_eq(tlex_count(t), 3);
	ck_assert_str_eq(t->ln_next->ln_text, "DSN");
	ck_assert_str_eq(t->ln_next->ln_args->ln_text, "PAY.-_*%");
	ck_assert_uint_eq(tlex_count(t->ln_next->ln_args), 1);
	ck_assert_str_eq(t->ln_next->ln_next->ln_text, "ACCESS");
	ck_assert_uint_eq(tlex_count(t->ln_next->ln_next->ln_args), 2);
	tlex_free(t);
	free(g);
}
END_TEST

static Suite *
quote_suite(void)
{
	Suite *s = suite_create("tss_quote");
	TCase *tc = tcase_create("rules");

	tcase_add_test(tc, quote_ids);
	tcase_add_test(tc, quote_strings);
	tcase_add_test(tc, quote_passwords);
	tcase_add_test(tc, quote_grants);
	tcase_add_loop_test(tc, quote_hostile, 0,
	    sizeof(hostile) / sizeof(hostile[0]));
	tcase_add_test(tc, quote_lexer_reads_back);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(quote_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
