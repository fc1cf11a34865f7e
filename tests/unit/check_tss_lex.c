/*
 * check_tss_lex.c - the TSS simulator's lexer without a database:
 * quoting, parentheses, comments and hostile bytes.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "mainframe-agent/sim/tss/lex.h"

static char err[256];

static struct tlx_node *
lex_ok(const char *s)
{
	struct tlx_node *n = NULL;

	ck_assert_msg(tlex_parse(s, strlen(s), &n, err, sizeof(err)) == 0,
	    "%s: %s", s, err);
	return n;
}

static void
lex_bad(const char *s, size_t len, const char *msg)
{
	struct tlx_node *n = NULL;

	ck_assert_int_eq(tlex_parse(s, len, &n, err, sizeof(err)), -1);
	ck_assert_ptr_null(n);
	ck_assert_msg(strstr(err, msg) != NULL, "%s: got %s", msg, err);
}

START_TEST(lex_function_and_keywords)
{
	struct tlx_node *t = lex_ok("tss create(alice) name('Alice O''Brien') "
	    "facility(tso,batch)");
	struct tlx_node *n = t;

	ck_assert_str_eq(n->ln_text, "TSS");
	ck_assert_int_eq(n->ln_hasargs, 0);
	n = n->ln_next;
	ck_assert_str_eq(n->ln_text, "CREATE");
	ck_assert_int_eq(n->ln_hasargs, 1);
	ck_assert_str_eq(n->ln_args->ln_text, "ALICE");
	n = n->ln_next;
	ck_assert_str_eq(n->ln_text, "NAME");
	ck_assert_int_eq(n->ln_args->ln_kind, TLX_STRING);
	ck_assert_str_eq(n->ln_args->ln_text, "Alice O'Brien");
	n = n->ln_next;
	ck_assert_str_eq(n->ln_text, "FACILITY");
	ck_assert_uint_eq(tlex_count(n->ln_args), 2);
	ck_assert_str_eq(n->ln_args->ln_next->ln_text, "BATCH");
	ck_assert_ptr_null(n->ln_next);
	tlex_free(t);
}
END_TEST

/* A value with blanks, commas or parentheses stays one quoted operand. */
START_TEST(lex_quoted_delimiters)
{
	struct tlx_node *t = lex_ok("REPLACE(A) NAME('X'') SUSPEND, (Y)')");

	ck_assert_str_eq(t->ln_next->ln_args->ln_text, "X') SUSPEND, (Y)");
	ck_assert_uint_eq(tlex_count(t->ln_next->ln_args), 1);
	ck_assert_ptr_null(t->ln_next->ln_next);
	tlex_free(t);
}
END_TEST

/* Comments are blanks to TSS, even inside an operand list. */
START_TEST(lex_comments)
{
	struct tlx_node *t = lex_ok("ADDTO(A) /* note ) ( ' */ FACILITY("
	    "/*x*/TSO)");

	ck_assert_str_eq(t->ln_next->ln_text, "FACILITY");
	ck_assert_str_eq(t->ln_next->ln_args->ln_text, "TSO");
	ck_assert_uint_eq(tlex_count(t->ln_next->ln_args), 1);
	tlex_free(t);
	/* One left open runs to the end of the line. */
	t = lex_ok("ADDTO(A) FACILITY(TSO) /* SUSPEND");
	ck_assert_ptr_null(t->ln_next->ln_next);
	tlex_free(t);
	/* Inside quotes it is text. */
	t = lex_ok("REPLACE(A) NAME('/* X */')");
	ck_assert_str_eq(t->ln_next->ln_args->ln_text, "/* X */");
	tlex_free(t);
}
END_TEST

START_TEST(lex_unbalanced)
{
	lex_bad("CREATE(A NAME('X')", 18, "MISSING )");
	lex_bad("CREATE(A)) NAME('X')", 20, "UNEXPECTED )");
	lex_bad("CREATE(A) NAME('X)", 18, "UNBALANCED QUOTES");
	lex_bad("CREATE(A) NAME(O'BRIEN)", 23, "QUOTE MAY NOT START");
	lex_bad("CREATE(A) NAME('X'Y)", 20, "DELIMITER MUST FOLLOW");
	lex_bad("LIST(((((A)))))", 15, "NESTED TOO DEEPLY");
}
END_TEST

START_TEST(lex_hostile_bytes)
{
	lex_bad("LIST(A)\nDELETE(B)", 17, "CONTROL CHARACTERS");
	lex_bad("LIST(A)\0DELETE(B)", 17, "CONTROL CHARACTERS");
	lex_bad("LIST(A)\rX", 9, "CONTROL CHARACTERS");
	lex_bad("REPLACE(A) NAME('\xff')", 21, "NOT UTF-8");
	/* U+20AC (euro sign) is not in IBM-1047. */
	lex_bad("REPLACE(A) NAME('\xe2\x82\xac')", 23, "NOT UTF-8");
	lex_bad("REPLACE(A) NAME('\xc0\x80')", 22, "NOT UTF-8");
}
END_TEST

START_TEST(lex_latin1_and_semicolons)
{
	struct tlx_node *t = lex_ok("REPLACE(A) NAME('J\xc3\xa9r\xc3\xb4me;X')"
	    " FACILITY(A;B)");

	ck_assert_str_eq(t->ln_next->ln_args->ln_text,
	    "J\xc3\xa9r\xc3\xb4me;X");
	ck_assert_uint_eq(tlex_nchars(t->ln_next->ln_args->ln_text), 8);
	ck_assert_str_eq(t->ln_next->ln_next->ln_args->ln_text, "A;B");
	tlex_free(t);
}
END_TEST

START_TEST(lex_too_long)
{
	size_t n = TLEX_MAXCMD + 1;
	char *s = malloc(n);

	memset(s, 'A', n);
	lex_bad(s, n, "LONGER THAN");
	free(s);
}
END_TEST

/* A keyword without its operand is a bare word to the lexer. */
START_TEST(lex_missing_operand)
{
	struct tlx_node *t = lex_ok("CREATE(A) NAME PASSWORD(X)");

	ck_assert_str_eq(t->ln_next->ln_text, "NAME");
	ck_assert_int_eq(t->ln_next->ln_hasargs, 0);
	tlex_free(t);
	t = lex_ok("CREATE(A) NAME() X");
	ck_assert_int_eq(t->ln_next->ln_hasargs, 1);
	ck_assert_ptr_null(t->ln_next->ln_args);
	tlex_free(t);
}
END_TEST

static Suite *
tss_lex_suite(void)
{
	Suite *s = suite_create("tss_lex");
	TCase *tc = tcase_create("lexer");

	tcase_add_test(tc, lex_function_and_keywords);
	tcase_add_test(tc, lex_quoted_delimiters);
	tcase_add_test(tc, lex_comments);
	tcase_add_test(tc, lex_unbalanced);
	tcase_add_test(tc, lex_hostile_bytes);
	tcase_add_test(tc, lex_latin1_and_semicolons);
	tcase_add_test(tc, lex_too_long);
	tcase_add_test(tc, lex_missing_operand);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(tss_lex_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
