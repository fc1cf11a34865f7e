/*
 * check_racf_quote.c - RACF's value rules and quoting, one rule per test,
 * and hostile values: nothing may close a quote or a parenthesis, start
 * an operand or end the command.
 */
#include "config.h"

#include <check.h>
#include <ldap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backends/map.h"
#include "backends/racf/racf_quote.h"

static const char *why;

START_TEST(quote_ids)
{
	char out[RACF_ID_LEN + 1];

	ck_assert_int_eq(racf_quote_id("jsmith", 6, out, &why), 0);
	ck_assert_str_eq(out, "JSMITH");
	ck_assert_int_eq(racf_quote_id("#A$B@C12", 8, out, &why), 0);
	ck_assert_str_eq(out, "#A$B@C12");
	ck_assert_int_eq(racf_quote_id("", 0, out, &why), -1);
	ck_assert_int_eq(racf_quote_id("ABCDEFGHI", 9, out, &why), -1);
	ck_assert_int_eq(racf_quote_id("1ABC", 4, out, &why), -1);
	ck_assert_ptr_nonnull(strstr(why, "digit"));
	ck_assert_int_eq(racf_quote_id("A B", 3, out, &why), -1);
	ck_assert_int_eq(racf_quote_id("A(B)", 4, out, &why), -1);
	ck_assert_int_eq(racf_quote_id("A'", 2, out, &why), -1);
	ck_assert_int_eq(racf_quote_id("A,B", 3, out, &why), -1);
	ck_assert_int_eq(racf_quote_id("A\0B", 3, out, &why), -1);
	ck_assert_int_eq(racf_quote_id("A\nB", 3, out, &why), -1);
	ck_assert_int_eq(racf_quote_id("A*", 2, out, &why), -1);
	ck_assert_int_eq(racf_quote_id("A-", 2, out, &why), -1);
	ck_assert_int_eq(racf_quote_id("\xc3\x84", 2, out, &why), -1);
}
END_TEST

START_TEST(quote_strings)
{
	char *q;

	ck_assert_int_eq(racf_quote_string("O'BRIEN", 7, 1, 20, &q, &why), 0);
	ck_assert_str_eq(q, "'O''BRIEN'");
	free(q);
	ck_assert_int_eq(racf_quote_string("''", 2, 1, 20, &q, &why), 0);
	ck_assert_str_eq(q, "''''''");
	free(q);
	ck_assert_int_eq(racf_quote_string("a) NAME(x", 9, 1, 20, &q, &why),
	    0);
	ck_assert_str_eq(q, "'a) NAME(x'");
	free(q);
	ck_assert_int_eq(racf_quote_string("", 0, 1, 20, &q, &why), -1);
	ck_assert_str_eq(why, "too short");
	ck_assert_int_eq(racf_quote_string("123456789012345678901", 21, 1, 20,
	    &q, &why), -1);
	ck_assert_str_eq(why, "too long");
	ck_assert_int_eq(racf_quote_string("A\nB", 3, 1, 20, &q, &why), -1);
	ck_assert_int_eq(racf_quote_string("A\0B", 3, 1, 20, &q, &why), -1);
	ck_assert_int_eq(racf_quote_string("A\tB", 3, 1, 20, &q, &why), -1);
	ck_assert_int_eq(racf_quote_string("A\x7f", 2, 1, 20, &q, &why), -1);
	ck_assert_int_eq(racf_quote_string("caf\xc3\xa9", 5, 1, 20, &q, &why),
	    -1);
	ck_assert_ptr_nonnull(strstr(why, "ASCII"));
}
END_TEST

START_TEST(quote_passwords)
{
	char *q;

	ck_assert_int_eq(racf_quote_password("abc'1", 5, &q, &why), 0);
	ck_assert_str_eq(q, "'abc''1'");
	free(q);
	ck_assert_int_eq(racf_quote_password("", 0, &q, &why), -1);
	ck_assert_int_eq(racf_quote_password("123456789", 9, &q, &why), -1);
	ck_assert_int_eq(racf_quote_password("ab\ncd", 5, &q, &why), -1);
}
END_TEST

START_TEST(quote_numbers)
{
	char out[32];

	ck_assert_int_eq(racf_quote_number("0042", 4, 0, 100, out,
	    sizeof(out), &why), 0);
	ck_assert_str_eq(out, "42");
	ck_assert_int_eq(racf_quote_number("101", 3, 0, 100, out,
	    sizeof(out), &why), -1);
	ck_assert_int_eq(racf_quote_number("99999999999999999999999", 23, 0,
	    2147483646, out, sizeof(out), &why), -1);
	ck_assert_int_eq(racf_quote_number("-1", 2, 0, 100, out,
	    sizeof(out), &why), -1);
	ck_assert_int_eq(racf_quote_number("1 ", 2, 0, 100, out,
	    sizeof(out), &why), -1);
	ck_assert_int_eq(racf_quote_number("", 0, 0, 100, out,
	    sizeof(out), &why), -1);
}
END_TEST

START_TEST(quote_dates)
{
	char out[32];

	ck_assert_int_eq(racf_quote_date("20251231000000Z", 15, out,
	    sizeof(out), &why), 0);
	ck_assert_str_eq(out, "12/31/25");
	ck_assert_int_eq(racf_quote_date("20251231000000Z) SPECIAL(", 25, out,
	    sizeof(out), &why), -1);
	ck_assert_int_eq(racf_quote_date("21000101000000Z", 15, out,
	    sizeof(out), &why), -1);
	ck_assert_int_eq(racf_date_to_gt("24.001", 6, out, sizeof(out)), 0);
	ck_assert_str_eq(out, "20240101000000Z");
	ck_assert_int_eq(racf_date_to_gt("NONE", 4, out, sizeof(out)), -1);
}
END_TEST

/* racf_quote_value by map syntax. */
static struct map_attr ma;

static void
ma_setup(void)
{
	static char *words[] = { "SPECIAL", "AUDITOR" };

	memset(&ma, 0, sizeof(ma));
	ma.ma_name = "x";
	ma.ma_read = "F";
	ma.ma_words = words;
	ma.ma_nwords = 2;
	ma.ma_wdate = MAP_DATE_MMDDYY;
}

static int
qv(enum map_syntax sx, const char *v, size_t len, char **out)
{
	struct berval bv;
	char text[256];

	ma.ma_syntax = sx;
	bv.bv_val = (char *)v;
	bv.bv_len = len;
	return racf_quote_value(&ma, &bv, out, text, sizeof(text));
}

START_TEST(quote_value_syntaxes)
{
	char *q, *exact;

	ma.ma_min = 1;
	ma.ma_max = 8;
	ck_assert_int_eq(qv(MAP_SX_TEXT, "a'b", 3, &q), 0);
	ck_assert_str_eq(q, "'a''b'");
	free(q);
	ma.ma_flags = MAP_F_UPPER;
	ma.ma_chars = "ABCDEF0123456789";
	ck_assert_int_eq(qv(MAP_SX_TEXT, "00ff", 4, &q), 0);
	ck_assert_str_eq(q, "'00FF'");
	free(q);
	ck_assert_int_eq(qv(MAP_SX_TEXT, "00FG", 4, &q),
	    LDAP_CONSTRAINT_VIOLATION);
	ma.ma_chars = NULL;
	ma.ma_flags = 0;
	ck_assert_int_eq(qv(MAP_SX_ID, "sys1", 4, &q), 0);
	ck_assert_str_eq(q, "SYS1");
	free(q);
	ck_assert_int_eq(qv(MAP_SX_ID, "SYS1)", 5, &q),
	    LDAP_CONSTRAINT_VIOLATION);
	ma.ma_max = 255;
	ck_assert_int_eq(qv(MAP_SX_NUMBER, "007", 3, &q), 0);
	ck_assert_str_eq(q, "7");
	free(q);
	/* Request values are not NUL-terminated: an exact-size buffer
	   (valgrind and ASan catch any read past it). */
	exact = malloc(2);
	memcpy(exact, "12", 2);
	ck_assert_int_eq(qv(MAP_SX_NUMBER, exact, 2, &q), 0);
	free(exact);
	ck_assert_str_eq(q, "12");
	free(q);
	ck_assert_int_eq(qv(MAP_SX_NUMBER, "256", 3, &q),
	    LDAP_CONSTRAINT_VIOLATION);
	ck_assert_int_eq(qv(MAP_SX_NUMBER, "-3", 2, &q),
	    LDAP_CONSTRAINT_VIOLATION);
	ck_assert_int_eq(qv(MAP_SX_NUMBER, "7)", 2, &q), LDAP_INVALID_SYNTAX);
	ck_assert_int_eq(qv(MAP_SX_FLAG, "TRUE", 4, &q), 0);
	ck_assert_str_eq(q, "TRUE");
	free(q);
	ck_assert_int_eq(qv(MAP_SX_FLAG, "true", 4, &q), LDAP_INVALID_SYNTAX);
	ck_assert_int_eq(qv(MAP_SX_FLAGS, "special", 7, &q), 0);
	ck_assert_str_eq(q, "SPECIAL");
	free(q);
	ck_assert_int_eq(qv(MAP_SX_FLAGS, "OPERATIONS", 10, &q),
	    LDAP_CONSTRAINT_VIOLATION);
	ck_assert_int_eq(qv(MAP_SX_FLAGS, "SPECIAL\0", 8, &q),
	    LDAP_CONSTRAINT_VIOLATION);
	ck_assert_int_eq(qv(MAP_SX_DATE, "20250102000000Z", 15, &q), 0);
	ck_assert_str_eq(q, "01/02/25");
	free(q);
	ck_assert_int_eq(qv(MAP_SX_DATE, "yesterday", 9, &q),
	    LDAP_INVALID_SYNTAX);
	ma.ma_max = 8;
	ck_assert_int_eq(qv(MAP_SX_SECRET, "pw", 2, &q), 0);
	ck_assert_str_eq(q, "'pw'");
	free(q);
	ck_assert_int_eq(qv(MAP_SX_SECRET, "toolongpw", 9, &q),
	    LDAP_CONSTRAINT_VIOLATION);
}
END_TEST

/*
 * Hostile values as text: each is refused or quoted so that the lexer's
 * rules (a quote ends the string unless doubled) give back the value.
 */
static const char *const hostile[] = {
	"'", "''", "x') SPECIAL('", "a)b", "(", ")", "a,b", "a;b",
	"/* c */", "+", "-", "a +", "a -", "A) OPERATIONS", "' SPECIAL '",
	"%v", "%u", "\\", "a\nALTUSER X SPECIAL", "a\rb", "a\0b", "\x1b[2J",
	"\xe2\x80\x99", "\xff", "\t",
};

/* Read a quoted string back as the simulator's lexer does. */
static char *
unquote(const char *q)
{
	size_t n = strlen(q), i, o = 0;
	char *out = malloc(n);

	ck_assert_int_eq(q[0], '\'');
	ck_assert_int_eq(q[n - 1], '\'');
	for (i = 1; i < n - 1; i++) {
		if (q[i] == '\'') {
			ck_assert_int_eq(q[i + 1], '\'');
			i++;
		}
		out[o++] = q[i];
	}
	out[o] = '\0';
	return out;
}

START_TEST(quote_hostile)
{
	const char *v = hostile[_i];
	size_t len = _i == 20 ? 3 : strlen(v), k;
	char *q, *back;
	int ok = 1;

	for (k = 0; k < len; k++)
		if ((unsigned char)v[k] < 0x20 || (unsigned char)v[k] > 0x7e)
			ok = 0;
	if (racf_quote_string(v, len, 1, 255, &q, &why) == -1) {
		ck_assert_msg(!ok, "refused a printable value: %s", v);
		return;
	}
	ck_assert_msg(ok, "quoted a control/non-ASCII value");
	back = unquote(q);
	ck_assert_str_eq(back, v);
	free(back);
	free(q);
}
END_TEST

static Suite *
quote_suite(void)
{
	Suite *s = suite_create("racf_quote");
	TCase *tc;

	tc = tcase_create("rules");
	tcase_add_test(tc, quote_ids);
	tcase_add_test(tc, quote_strings);
	tcase_add_test(tc, quote_passwords);
	tcase_add_test(tc, quote_numbers);
	tcase_add_test(tc, quote_dates);
	suite_add_tcase(s, tc);
	tc = tcase_create("values");
	tcase_add_checked_fixture(tc, ma_setup, NULL);
	tcase_add_test(tc, quote_value_syntaxes);
	suite_add_tcase(s, tc);
	tc = tcase_create("hostile");
	tcase_add_loop_test(tc, quote_hostile, 0,
	    sizeof(hostile) / sizeof(hostile[0]));
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
