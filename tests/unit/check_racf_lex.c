/*
 * check_racf_lex.c - the RACF simulator's lexer, operand parser and
 * field rules, without a database.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "mainframe-agent/sim/racf/lex.h"
#include "mainframe-agent/sim/racf/parse.h"
#include "mainframe-agent/sim/racf/rules.h"

static char err[256];

static struct lx_node *
lex_ok(const char *s)
{
	struct lx_node *n = NULL;

	ck_assert_msg(lex_parse(s, strlen(s), &n, err, sizeof(err)) == 0,
	    "%s: %s", s, err);
	return n;
}

static void
lex_bad(const char *s, size_t len, const char *msg)
{
	struct lx_node *n = NULL;

	ck_assert_int_eq(lex_parse(s, len, &n, err, sizeof(err)), -1);
	ck_assert_ptr_null(n);
	ck_assert_msg(strstr(err, msg) != NULL, "%s: got %s", msg, err);
}

START_TEST(lex_words_fold_strings_keep)
{
	struct lx_node *t = lex_ok("alu joe name('Joe O''Brien') dfltg(sys1)");
	struct lx_node *n = t;

	ck_assert_int_eq(n->ln_kind, LX_WORD);
	ck_assert_str_eq(n->ln_text, "ALU");
	ck_assert_str_eq(n->ln_next->ln_text, "JOE");
	n = n->ln_next->ln_next;
	ck_assert_str_eq(n->ln_text, "NAME");
	ck_assert_int_eq(n->ln_hasargs, 1);
	ck_assert_int_eq(n->ln_args->ln_kind, LX_STRING);
	ck_assert_str_eq(n->ln_args->ln_text, "Joe O'Brien");
	ck_assert_str_eq(n->ln_next->ln_args->ln_text, "SYS1");
	lex_free(t);
}
END_TEST

START_TEST(lex_lists_and_commas)
{
	struct lx_node *t = lex_ok("LU (a,b  c) TSO"), *l = t->ln_next;

	ck_assert_int_eq(l->ln_kind, LX_LIST);
	ck_assert_uint_eq(lex_count(l->ln_args), 3);
	ck_assert_str_eq(l->ln_args->ln_next->ln_next->ln_text, "C");
	ck_assert_str_eq(l->ln_next->ln_text, "TSO");
	lex_free(t);
	t = lex_ok("X NAME('')");
	ck_assert_str_eq(t->ln_next->ln_args->ln_text, "");
	lex_free(t);
	t = lex_ok("X NAME('''')");
	ck_assert_str_eq(t->ln_next->ln_args->ln_text, "'");
	lex_free(t);
	t = lex_ok("X NAME(' a  b ')");
	ck_assert_str_eq(t->ln_next->ln_args->ln_text, " a  b ");
	lex_free(t);
}
END_TEST

START_TEST(lex_malformed)
{
	lex_bad("AU X NAME('abc", 14, "UNTERMINATED");
	lex_bad("AU X NAME('abc''", 16, "UNTERMINATED");
	lex_bad("AU X NAME(abc", 13, "MISSING )");
	lex_bad("AU X NAME(abc))", 15, "UNEXPECTED )");
	lex_bad("AU X NAME('a'b)", 15, "DELIMITER");
	lex_bad("AU X NAME(a'b')", 15, "QUOTE MAY NOT START");
	lex_bad("AU X NAME('X') SPECIAL')", 24, "INVALID QUOTED STRING");
	lex_bad("AU X NAME('X') SPECIAL '", 24, "UNTERMINATED");
	lex_bad("AU X A(B(C(D(E(F)))))", 21, "NESTED");
}
END_TEST

START_TEST(lex_charset)
{
	struct lx_node *n;

	lex_bad("AU X NAME('A\nB')", 16, "X'0A'");
	lex_bad("AU X NAME('A\rB')", 16, "X'0D'");
	lex_bad("AU X NAME('A\tB')", 16, "X'09'");
	lex_bad("AU X NAME('A\0B')", 16, "X'00'");
	lex_bad("AU X\n AU Y", 10, "X'0A'");
	lex_bad("AU X NAME('\xc2\x85')", 14, "X'85'");
	lex_bad("AU X NAME('\xe2\x82\xac')", 15, "U+20AC");
	lex_bad("AU X NAME('\xff')", 13, "INVALID UTF-8");
	lex_bad("AU X NAME('\xc3')", 13, "INVALID UTF-8");
	lex_bad("AU X NAME('\xc0\xaf')", 14, "INVALID UTF-8");
	lex_bad("AU X NAME('\xf0\x9f\x98\x80')", 16, "U+1F600");
	n = lex_ok("AU X NAME('J\xc3\xa9r\xc3\xb4me \xc2\xa0~')");
	ck_assert_str_eq(n->ln_next->ln_next->ln_args->ln_text,
	    "J\xc3\xa9r\xc3\xb4me \xc2\xa0~");
	lex_free(n);
}
END_TEST

static struct opset *
parse_ok(const struct kwtab *tab, const char *s, struct lx_node **tree)
{
	struct opset *os = NULL;

	*tree = lex_ok(s);
	ck_assert_msg(parse_operands(tab, *tree, &os, err, sizeof(err)) == 0,
	    "%s: %s", s, err);
	return os;
}

static void
parse_bad(const struct kwtab *tab, const char *s, const char *msg)
{
	struct lx_node *tree = lex_ok(s);
	struct opset *os = NULL;

	ck_assert_int_eq(parse_operands(tab, tree, &os, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, msg) != NULL, "%s: got %s", msg, err);
	parse_free(os);
	lex_free(tree);
}

START_TEST(parse_abbreviations)
{
	struct lx_node *t;
	struct opset *os;

	os = parse_ok(&parse_altuser, "DFLTG(SYS1) OPER NOSPEC "
	    "TSO(PROC(P1) NOUN) NA('x')", &t);
	ck_assert_str_eq(opset_val(os, KW_DFLTGRP), "SYS1");
	ck_assert(opset_has(os, KW_OPERATIONS));
	ck_assert(opset_has(os, KW_NOSPECIAL));
	ck_assert(!opset_has(os, KW_SPECIAL));
	ck_assert_str_eq(opset_val(opset_sub(os, KW_TSO), KW_PROC), "P1");
	ck_assert(opset_has(opset_sub(os, KW_TSO), KW_NOUNIT));
	ck_assert_str_eq(opset_val(os, KW_NAME), "x");
	parse_free(os);
	lex_free(t);
	/* The full name wins over a longer keyword it prefixes. */
	os = parse_ok(&parse_tso, "SIZE(5)", &t);
	ck_assert_str_eq(opset_val(os, KW_SIZE), "5");
	parse_free(os);
	lex_free(t);
}
END_TEST

START_TEST(parse_errors)
{
	parse_bad(&parse_altuser, "RE", "IKJ56703I AMBIGUOUS KEYWORD, RE");
	parse_bad(&parse_altuser, "O", "AMBIGUOUS KEYWORD, O");
	parse_bad(&parse_altuser, "NOP", "AMBIGUOUS KEYWORD, NOP");
	parse_bad(&parse_altuser, "BOGUS(1)", "IKJ56712I INVALID KEYWORD, "
	    "BOGUS");
	parse_bad(&parse_altuser, "SPECIAL(1)", "TAKES NO VALUE");
	parse_bad(&parse_altuser, "NAME", "IKJ56701I MISSING VALUE FOR "
	    "KEYWORD NAME");
	parse_bad(&parse_altuser, "NAME()", "MISSING VALUE");
	parse_bad(&parse_altuser, "NAME(A B)", "TOO MANY VALUES");
	parse_bad(&parse_altuser, "NAME((A))", "A LIST OR KEYWORD IS NOT");
	parse_bad(&parse_altuser, "NAME(SPECIAL(X))", "NOT A VALUE");
	parse_bad(&parse_altuser, "SPECIAL NOSPECIAL", "MUTUALLY EXCLUSIVE");
	parse_bad(&parse_altuser, "SPECIAL SPECIAL", "MORE THAN ONCE");
	parse_bad(&parse_altuser, "'SPECIAL'", "INVALID KEYWORD, 'SPECIAL'");
	parse_bad(&parse_altuser, "(SPECIAL)", "INVALID KEYWORD, (");
	parse_bad(&parse_altuser, "TSO(SPECIAL)", "INVALID KEYWORD, SPECIAL");
	parse_bad(&parse_search, "MASK(A) FILTER(B)", "MUTUALLY EXCLUSIVE");
	parse_bad(&parse_deluser, "SPECIAL", "INVALID KEYWORD, SPECIAL");
}
END_TEST

static int
check(enum rule_kind k, long min, long max, const char *v)
{
	struct rule r = { k, min, max };

	return rules_check(&r, "F", v, err, sizeof(err));
}

START_TEST(rules_boundaries)
{
	ck_assert(rules_is_id("A"));
	ck_assert(rules_is_id("ABCDEFGH"));
	ck_assert(rules_is_id("@#$A1"));
	ck_assert(!rules_is_id("ABCDEFGHI"));
	ck_assert(!rules_is_id("1ABC"));
	ck_assert(!rules_is_id(""));
	ck_assert(!rules_is_id("AB-C"));
	ck_assert(!rules_is_id("abc"));
	ck_assert_int_eq(check(RK_TEXT, 1, 20, "12345678901234567890"), 0);
	ck_assert_int_eq(check(RK_TEXT, 1, 20, "123456789012345678901"), -1);
	ck_assert_str_eq(err, "IKJ56702I INVALID F, 123456789012345678901");
	/* 20 characters of two-byte UTF-8 are still 20 characters. */
	ck_assert_int_eq(check(RK_TEXT, 1, 20, "\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9"), 0);
	ck_assert_int_eq(check(RK_TEXT, 1, 20, ""), -1);
	ck_assert_int_eq(check(RK_NUMBER, 0, 2096128, "2096128"), 0);
	ck_assert_int_eq(check(RK_NUMBER, 0, 2096128, "2096129"), -1);
	ck_assert_int_eq(check(RK_NUMBER, 0, 2147483646, "2147483646"), 0);
	ck_assert_int_eq(check(RK_NUMBER, 0, 2147483646, "2147483647"), -1);
	ck_assert_int_eq(check(RK_NUMBER, 0, 255, "-1"), -1);
	ck_assert_int_eq(check(RK_NUMBER, 0, 255, "12A"), -1);
	ck_assert_int_eq(check(RK_HEX4, 0, 0, "0A1F"), 0);
	ck_assert_int_eq(check(RK_HEX4, 0, 0, "0A1"), -1);
	ck_assert_int_eq(check(RK_HEX4, 0, 0, "0A1FF"), -1);
	ck_assert_int_eq(check(RK_HEX4, 0, 0, "0G1F"), -1);
	ck_assert_int_eq(check(RK_CLASS, 0, 0, "A"), 0);
	ck_assert_int_eq(check(RK_CLASS, 0, 0, "9"), 0);
	ck_assert_int_eq(check(RK_CLASS, 0, 0, "AB"), -1);
	ck_assert_int_eq(check(RK_CLASS, 0, 0, "#"), -1);
	ck_assert_int_eq(check(RK_HHMM, 0, 0, "9959"), 0);
	ck_assert_int_eq(check(RK_HHMM, 0, 0, "0060"), -1);
	ck_assert_int_eq(check(RK_HHMM, 0, 0, "130"), -1);
	ck_assert_int_eq(check(RK_SECRET, 1, 8, "12345678"), 0);
	ck_assert_int_eq(check(RK_SECRET, 1, 8, "123456789"), -1);
	ck_assert_ptr_null(strstr(err, "123456789"));
	ck_assert_int_eq(check(RK_SECRET, 14, 100, "1234567890123"), -1);
}
END_TEST

START_TEST(rules_dates)
{
	time_t t;

	ck_assert_int_eq(rules_date("01/31/24", &t), 0);
	ck_assert_int_eq((long)t, 1706659200L);
	ck_assert_int_eq(rules_date("02/29/24", &t), 0);
	ck_assert_int_eq(rules_date("02/29/23", &t), -1);
	ck_assert_int_eq(rules_date("13/01/24", &t), -1);
	ck_assert_int_eq(rules_date("1/1/24", &t), -1);
	ck_assert_int_eq(rules_date("01/01/2024", &t), -1);
	ck_assert_int_eq(rules_date("01/01/71", &t), 0);
	ck_assert_int_eq((long)t, 31536000L);
}
END_TEST

static Suite *
racf_lex_suite(void)
{
	Suite *s = suite_create("racf_lex");
	TCase *tc;

	tc = tcase_create("lexer");
	tcase_add_test(tc, lex_words_fold_strings_keep);
	tcase_add_test(tc, lex_lists_and_commas);
	tcase_add_test(tc, lex_malformed);
	tcase_add_test(tc, lex_charset);
	suite_add_tcase(s, tc);
	tc = tcase_create("parser");
	tcase_add_test(tc, parse_abbreviations);
	tcase_add_test(tc, parse_errors);
	suite_add_tcase(s, tc);
	tc = tcase_create("rules");
	tcase_add_test(tc, rules_boundaries);
	tcase_add_test(tc, rules_dates);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(racf_lex_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
