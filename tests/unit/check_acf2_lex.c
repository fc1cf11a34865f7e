/*
 * check_acf2_lex.c - the ACF2 simulator's lexer, field rules and masks,
 * without a database.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "mainframe-agent/sim/acf2/field.h"
#include "mainframe-agent/sim/acf2/lex.h"

static char err[256];

static struct lx_node *
lex_ok(const char *s)
{
	struct lx_node *n = NULL;

	ck_assert_msg(alex_parse(s, strlen(s), &n, err, sizeof(err)) == 0,
	    "%s: %s", s, err);
	return n;
}

static void
lex_bad(const char *s, size_t len, const char *msg)
{
	struct lx_node *n = NULL;

	ck_assert_int_eq(alex_parse(s, len, &n, err, sizeof(err)), -1);
	ck_assert_ptr_null(n);
	ck_assert_msg(strstr(err, msg) != NULL, "%s: got %s", msg, err);
	ck_assert_msg(strncmp(err, "ACF6C020E ", 10) == 0, "%s", err);
}

START_TEST(words_fold_values_keep_blanks)
{
	struct lx_node *t = lex_ok("insert joe name(Joe Public) tso, "
	    "tsoacct('Acct, 1')");
	struct lx_node *n = t;

	ck_assert_str_eq(n->ln_text, "INSERT");
	n = n->ln_next;
	ck_assert_str_eq(n->ln_text, "JOE");
	ck_assert_int_eq(n->ln_hasval, 0);
	n = n->ln_next;
	ck_assert_str_eq(n->ln_text, "NAME");
	ck_assert_int_eq(n->ln_hasval, 1);
	ck_assert_str_eq(n->ln_val, "JOE PUBLIC");
	ck_assert_int_eq(n->ln_quoted, 0);
	n = n->ln_next;
	ck_assert_str_eq(n->ln_text, "TSO");
	n = n->ln_next;
	ck_assert_str_eq(n->ln_text, "TSOACCT");
	ck_assert_str_eq(n->ln_val, "Acct, 1");
	ck_assert_int_eq(n->ln_quoted, 1);
	ck_assert_ptr_null(n->ln_next);
	alex_free(t);
}
END_TEST

START_TEST(quotes_hold_anything)
{
	struct lx_node *t;

	/* A value smuggling an operand stays one literal value. */
	t = lex_ok("CHANGE X NAME('X'') SECURITY (') TSO");
	ck_assert_str_eq(t->ln_next->ln_next->ln_val, "X') SECURITY (");
	ck_assert_str_eq(t->ln_next->ln_next->ln_next->ln_text, "TSO");
	alex_free(t);
	t = lex_ok("CHANGE X NAME('a;b /* c */')");
	ck_assert_str_eq(t->ln_next->ln_next->ln_val, "a;b /* c */");
	alex_free(t);
	t = lex_ok("CHANGE X NAME('')");
	ck_assert_str_eq(t->ln_next->ln_next->ln_val, "");
	alex_free(t);
	/* Nested values keep their raw text for a second reading. */
	t = lex_ok("RECKEY PAY ADD(SALARY.- UID(ALICE) R(A))");
	ck_assert_str_eq(t->ln_next->ln_next->ln_raw,
	    "SALARY.- UID(ALICE) R(A)");
	alex_free(t);
	t = lex_ok("X N(caf\xc3\xa9)");
	ck_assert_str_eq(t->ln_next->ln_val, "CAF\xc3\xa9");
	alex_free(t);
}
END_TEST

START_TEST(hostile_input_refused)
{
	char big[LEX_MAXCMD + 2];

	lex_bad("CHANGE X NAME('open", 19, "UNTERMINATED");
	lex_bad("CHANGE X NAME(A", 15, "MISSING )");
	lex_bad("CHANGE X NAME(A))", 17, "A BLANK OR COMMA MUST FOLLOW");
	lex_bad("CHANGE X NAME(A)SECURITY", 24, "A BLANK OR COMMA MUST");
	lex_bad("CHANGE X ) SECURITY", 19, "UNEXPECTED )");
	lex_bad("CHANGE (X Y)", 12, "UNEXPECTED (");
	lex_bad("CHANGE X;DELETE Y", 17, "INVALID CHARACTER ;");
	lex_bad("CHANGE X NAME(A;B)", 18, "INVALID CHARACTER ;");
	lex_bad("CHANGE X /* SECURITY */", 23, "COMMENTS");
	lex_bad("CHANGE X NAME(/*)", 17, "COMMENTS");
	lex_bad("CHANGE X'Y'", 11, "A QUOTE MAY NOT START");
	lex_bad("CHANGE X 'A'SECURITY", 20, "A BLANK OR COMMA");
	lex_bad("CHANGE X\nDELETE Y", 17, "CONTROL CHARACTERS");
	lex_bad("CHANGE X\r", 9, "CONTROL CHARACTERS");
	lex_bad("CHANGE X\0DELETE Y", 17, "CONTROL CHARACTERS");
	lex_bad("CHANGE X NAME(\xff)", 16, "INVALID UTF-8");
	lex_bad("CHANGE X NAME(\xe2\x82\xac)", 18, "IBM-1047");
	lex_bad("A(B(C(D(E(F)))))", 16, "NESTED TOO DEEPLY");
	memset(big, 'A', sizeof(big));
	lex_bad(big, sizeof(big), "LONGER THAN");
}
END_TEST

START_TEST(empty_and_delimiters)
{
	struct lx_node *t = NULL;

	ck_assert_int_eq(alex_parse("", 0, &t, err, sizeof(err)), 0);
	ck_assert_ptr_null(t);
	t = lex_ok(" ,, LIST ,X ");
	ck_assert_str_eq(t->ln_text, "LIST");
	ck_assert_str_eq(t->ln_next->ln_text, "X");
	alex_free(t);
	t = lex_ok("COMPILE 'SYS1.RULES(PAY)'");
	ck_assert_int_eq(t->ln_next->ln_kind, LX_STRING);
	ck_assert_str_eq(t->ln_next->ln_text, "SYS1.RULES(PAY)");
	alex_free(t);
}
END_TEST

START_TEST(field_rules)
{
	const struct fdef *f;

	ck_assert(afield_is_lid("ACF2ADM"));
	ck_assert(afield_is_lid("$A#@1234"));
	ck_assert(!afield_is_lid("1ABC"));
	ck_assert(!afield_is_lid("ABCDEFGHI"));
	ck_assert(!afield_is_lid(""));
	ck_assert(!afield_is_lid("AB-"));
	ck_assert_ptr_nonnull(f = afield_find("CICSCL"));
	ck_assert_int_eq(afield_check(f, "00C001", err, sizeof(err)), 0);
	ck_assert_int_eq(afield_check(f, "00C00", err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "ACF6C013E INVALID VALUE FOR "
	    "CICSCL"));
	ck_assert_int_eq(afield_check(f, "00G001", err, sizeof(err)), -1);
	f = afield_find("CICSPRI");
	ck_assert_int_eq(afield_check(f, "255", err, sizeof(err)), 0);
	ck_assert_int_eq(afield_check(f, "256", err, sizeof(err)), -1);
	ck_assert_int_eq(afield_check(f, "-1", err, sizeof(err)), -1);
	ck_assert_int_eq(afield_check(f, "99999999999", err, sizeof(err)),
	    -1);
	f = afield_find("EXPIRE");
	ck_assert_int_eq(afield_check(f, "12/31/25", err, sizeof(err)), 0);
	ck_assert_int_eq(afield_check(f, "02/30/24", err, sizeof(err)), -1);
	ck_assert_int_eq(afield_check(f, "2024-01-01", err, sizeof(err)),
	    -1);
	f = afield_find("TSOACCT");
	ck_assert_int_eq(afield_check(f, "0123456789012345678901234567890"
	    "123456789", err, sizeof(err)), 0);
	ck_assert_int_eq(afield_check(f, "0123456789012345678901234567890"
	    "1234567890", err, sizeof(err)), -1);
	f = afield_find("DFT-SOUT");
	ck_assert_int_eq(afield_check(f, "A", err, sizeof(err)), 0);
	ck_assert_int_eq(afield_check(f, "AB", err, sizeof(err)), -1);
	ck_assert_int_eq(afield_check(f, "$", err, sizeof(err)), -1);
	ck_assert_ptr_null(afield_find("BOGUS"));
}
END_TEST

START_TEST(masks)
{
	ck_assert(afield_mask_match("-", "ANY"));
	ck_assert(afield_mask_match("AB-", "AB"));
	ck_assert(afield_mask_match("AB-", "ABCDEF"));
	ck_assert(!afield_mask_match("AB-", "XAB"));
	ck_assert(afield_mask_match("A*C", "ABC"));
	ck_assert(!afield_mask_match("A*C", "AC"));
	ck_assert(afield_mask_match("-C", "ABC"));
	ck_assert(afield_mask_valid("AB-", 8));
	ck_assert(!afield_mask_valid("AB-CDEFGH", 8));
	ck_assert(!afield_mask_valid("A B", 8));
	ck_assert(!afield_mask_valid("", 8));
	ck_assert(!afield_mask_valid("-----", 8));
	ck_assert(afield_is_mask("A*"));
	ck_assert(!afield_is_mask("ALICE"));
}
END_TEST

static Suite *
acf2_lex_suite(void)
{
	Suite *s = suite_create("acf2_lex");
	TCase *tc = tcase_create("lex");

	tcase_add_test(tc, words_fold_values_keep_blanks);
	tcase_add_test(tc, quotes_hold_anything);
	tcase_add_test(tc, hostile_input_refused);
	tcase_add_test(tc, empty_and_delimiters);
	tcase_add_test(tc, field_rules);
	tcase_add_test(tc, masks);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(acf2_lex_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
