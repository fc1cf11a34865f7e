/*
 * check_acf2_quote.c - CA ACF2's value rules and quoting, one rule per
 * test, and hostile values read back with the simulator's own lexer:
 * nothing may close a quote or a parenthesis, start an operand or end
 * the command.
 */
#include "config.h"

#include <check.h>
#include <ldap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backends/map.h"
#include "backends/quote.h"
#include "backends/acf2/acf2_quote.h"
#include "mainframe-agent/sim/acf2/lex.h"

static const char *why;

/* Ids and texts are the shared ones (check_racf_quote tests them). */
START_TEST(quote_ids_and_strings)
{
	char out[ACF2_ID_LEN + 1], *q;

	ck_assert_int_eq(acf2_quoting.q_id("pay", 3, out, &why), 0);
	ck_assert_str_eq(out, "PAY");
	/* A rule key is a high-level index: no qualifiers, no masks. */
	ck_assert_int_eq(acf2_quoting.q_id("A.B", 3, out, &why), -1);
	ck_assert_int_eq(acf2_quoting.q_id("A-", 2, out, &why), -1);
	ck_assert_int_eq(acf2_quoting.q_id("1ABC", 4, out, &why), -1);
	ck_assert_int_eq(acf2_quoting.q_string("O'BRIEN", 7, 1, 20, &q, &why),
	    0);
	ck_assert_str_eq(q, "'O''BRIEN'");
	free(q);
	ck_assert_str_eq(acf2_quoting.q_esm, "ACF2");
}
END_TEST

/* Passwords are bare words: only what the lexer cannot split. */
START_TEST(quote_passwords)
{
	static const char *const bad[] = { "a b", "a'b", "a(b", "a)b", "a,b",
	    "a;b", "/*", "a-b", "a+", "a\nb", "\xc3\xa9", "a.b", "a*b" };
	char *q;
	size_t i;

	ck_assert_int_eq(acf2_quote_password("s3cr#t$@", 8, &q, &why), 0);
	ck_assert_str_eq(q, "S3CR#T$@");
	free(q);
	ck_assert_int_eq(acf2_quote_password("", 0, &q, &why), -1);
	ck_assert_int_eq(acf2_quote_password("123456789", 9, &q, &why), -1);
	ck_assert_ptr_nonnull(strstr(why, "1 to 8"));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(acf2_quote_password(bad[i], strlen(bad[i]), &q,
		    &why) == -1, "took %s", bad[i]);
		ck_assert_ptr_nonnull(strstr(why, "A-Z"));
	}
}
END_TEST

/* A rule entry in, its canonical form (or NULL: refused) out. */
static const struct {
	const char	*in;
	const char	*out;
} entries[] = {
	{ "SALARY.- UID(ALICE) R(A) W(L)", "SALARY.- UID(ALICE) R(A) W(L)" },
	{ "salary.- uid(alice) read(a) write(l)",
	    "SALARY.- UID(ALICE) R(A) W(L)" },
	{ "  PAY.*.X   E(P)  ALLOC(L) UID(P*Y-) READ(A) ",
	    "PAY.*.X UID(P*Y-) R(A) A(L) E(P)" },
	{ "-", "-" },
	{ "- R(P)", "- R(P)" },
	{ "A+B.- UID(#$@) W(A)", "A+B.- UID(#$@) W(A)" },
	{ "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQR UID(ABCDEFGHIJKLMNOPQ"
	    "RSTUVWX)", "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQR UID(ABCDE"
	    "FGHIJKLMNOPQRSTUVWX)" },
	{ "", NULL },
	{ "   ", NULL },
	{ "UID(ALICE) R(A)", NULL },		/* no mask */
	{ "X R(Q)", NULL },
	{ "X R(AL)", NULL },
	{ "X R()", NULL },
	{ "X R(A) READ(P)", NULL },		/* twice */
	{ "X UID(A) UID(B)", NULL },
	{ "X BOGUS(A)", NULL },
	{ "X SERVICE(READ)", NULL },		/* a resource rule's */
	{ "X ALLOW", NULL },
	{ "X R(A", NULL },
	{ "X R(A))", NULL },
	{ "X R((A))", NULL },
	{ "X UID(A B)", NULL },
	{ "X,UID(A)", NULL },
	{ "X UID(A),R(A)", NULL },
	{ "X UID('A')", NULL },
	{ "X UID(A-B-C-D-E-F)", NULL },		/* five - */
	{ "X UID(ABCDEFGHIJKLMNOPQRSTUVWXY)", NULL },	/* 25 */
	{ "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRS", NULL },	/* 45 */
	{ "X R(A) ;", NULL },
	{ "X;R(A)", NULL },
	{ "X /* R(A) */", NULL },
	{ "X\tR(A)", NULL },
	{ "X R(A)\nSET RULE DELETE PAY", NULL },
	{ "X\xc3\xa9", NULL },
	{ "X) R(A", NULL },
	{ "X' R(A)", NULL },
	{ "X UID(%u)", NULL },
	{ "(X)", NULL },
};

typedef int	(*entry_fn)(const char *, size_t, char **, const char **);

/* in is refused (want NULL) or written as want, a fixed point. */
static void
entry_case(entry_fn fn, const char *in, const char *want)
{
	char *q = NULL;
	int rc;

	rc = fn(in, strlen(in), &q, &why);
	if (want == NULL) {
		ck_assert_msg(rc == -1, "took [%s] as [%s]", in, q);
		ck_assert_ptr_nonnull(why);
		return;
	}
	ck_assert_msg(rc == 0, "[%s]: %s", in, why);
	ck_assert_str_eq(q, want);
	free(q);
	ck_assert_int_eq(fn(want, strlen(want), &q, &why), 0);
	ck_assert_str_eq(q, want);
	free(q);
}

START_TEST(rule_entries)
{
	entry_case(acf2_quote_rule_entry, entries[_i].in, entries[_i].out);
}
END_TEST

START_TEST(rule_entry_too_long)
{
	char buf[300];
	char *q;

	memset(buf, ' ', sizeof(buf));
	memcpy(buf, "X", 1);
	ck_assert_int_eq(acf2_quote_rule_entry(buf, 256, &q, &why), -1);
	ck_assert_ptr_nonnull(strstr(why, "255"));
	ck_assert_int_eq(acf2_quote_rule_entry(buf, 255, &q, &why), 0);
	ck_assert_str_eq(q, "X");
	free(q);
}
END_TEST

START_TEST(rule_entry_slots)
{
	char *key;

	ck_assert_uint_eq(acf2_rule_entry_slot("A.B UID(X) R(A)"), 10);
	ck_assert_uint_eq(acf2_rule_entry_slot("A.B UID(X)"), 10);
	ck_assert_uint_eq(acf2_rule_entry_slot("A.B R(A) W(P)"), 3);
	ck_assert_uint_eq(acf2_rule_entry_slot("-"), 1);
	ck_assert_int_eq(acf2_quoting.q_grant_key(NULL, "A.B UID(X) W(P)",
	    &key), 0);
	ck_assert_str_eq(key, "A.B UID(X)");
	free(key);
}
END_TEST

/* Resource rule entries: in, and the canonical form (NULL: refused). */
static const struct {
	const char	*in;
	const char	*out;
} rentries[] = {
	{ "uid(alice) service(read) allow", "UID(ALICE) SERVICE(READ) ALLOW" },
	{ "SERVICE(EXECUTE,READ) UID(X) LOG", "UID(X) SERVICE(READ,EXECUTE) LOG" },
	{ "BPX.- UID(-) PREVENT", "BPX.- UID(-) PREVENT" },
	{ "  ALLOW  ", "ALLOW" },
	{ "SERVICE(DELETE,UPDATE,READ,EXECUTE) ALLOW",
	    "SERVICE(READ,UPDATE,DELETE,EXECUTE) ALLOW" },
	{ "UID(X) SERVICE(READ)", NULL },
	{ "UID(X) ALLOW LOG", NULL },
	{ "UID(X) ALLOW BPX", NULL },
	{ "UID(X) BPX ALLOW", NULL },
	{ "UID(X) SERVICE(READ) SERVICE(UPDATE) ALLOW", NULL },
	{ "UID(X) SERVICE(WRITE) ALLOW", NULL },
	{ "UID(X) SERVICE() ALLOW", NULL },
	{ "UID(X) SERVICE(READ UPDATE) ALLOW", NULL },
	{ "UID(X) R(A) ALLOW", NULL },
	{ "UID(X)UID(Y) ALLOW", NULL },
	{ "UID(X) ALLOW;", NULL },
	{ "UID(X) ALLOW /* */", NULL },
	{ "UID(X) 'ALLOW'", NULL },
	{ "UID(X)\nALLOW", NULL },
	{ "", NULL },
};

START_TEST(resource_entries)
{
	entry_case(acf2_quote_resource_entry, rentries[_i].in,
	    rentries[_i].out);
	/* ACF2 knows a resource entry by its mask and UID. */
	ck_assert_uint_eq(acf2_rule_entry_slot("UID(X) SERVICE(READ) ALLOW"),
	    6);
	ck_assert_uint_eq(acf2_rule_entry_slot("BPX.- UID(X) ALLOW"), 12);
	ck_assert_uint_eq(acf2_rule_entry_slot("BPX.- ALLOW"), 5);
	ck_assert_uint_eq(acf2_rule_entry_slot("SERVICE(READ) ALLOW"), 0);
	ck_assert_uint_eq(acf2_rule_entry_slot("ALLOW"), 0);
}
END_TEST

START_TEST(resource_names)
{
	char out[ESM_NAME_MAX + 1];

	ck_assert_int_eq(acf2_quote_resource_name("fac/bpx.superuser", 17,
	    out, &why), 0);
	ck_assert_str_eq(out, "FAC/BPX.SUPERUSER");
	ck_assert_int_eq(acf2_quote_resource_name("S#F/A", 5, out, &why), 0);
	ck_assert_int_eq(acf2_quote_resource_name("FAC/BPX", 3, out, &why),
	    -1);
	ck_assert_int_eq(acf2_quote_resource_name("FAC/B X", 7, out, &why),
	    -1);
	ck_assert_int_eq(acf2_quote_resource_name("FAC/B\0X", 7, out, &why),
	    -1);
	ck_assert_ptr_nonnull(strstr(why, "TYPE/KEY"));
}
END_TEST

/* esm_quote_value with ACF2's table, by map syntax. */
static struct map_attr ma;

static void
ma_setup(void)
{
	static char *words[] = { "SECURITY", "NON-CNCL" };

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
	return esm_quote_value(&acf2_quoting, &ma, &bv, out, text,
	    sizeof(text));
}

START_TEST(quote_value_syntaxes)
{
	char *q;

	ma.ma_min = 1;
	ma.ma_max = 20;
	ck_assert_int_eq(qv(MAP_SX_TEXT, "a'b", 3, &q), 0);
	ck_assert_str_eq(q, "'a''b'");
	free(q);
	ck_assert_int_eq(qv(MAP_SX_ID, "payroll", 7, &q), 0);
	ck_assert_str_eq(q, "PAYROLL");
	free(q);
	ck_assert_int_eq(qv(MAP_SX_FLAGS, "non-cncl", 8, &q), 0);
	ck_assert_str_eq(q, "NON-CNCL");
	free(q);
	ck_assert_int_eq(qv(MAP_SX_FLAGS, "NOSECURITY", 10, &q),
	    LDAP_CONSTRAINT_VIOLATION);
	ck_assert_int_eq(qv(MAP_SX_DATE, "20251231000000Z", 15, &q), 0);
	ck_assert_str_eq(q, "12/31/25");
	free(q);
	ma.ma_max = 8;
	ck_assert_int_eq(qv(MAP_SX_SECRET, "pw#1", 4, &q), 0);
	ck_assert_str_eq(q, "PW#1");
	free(q);
	ck_assert_int_eq(qv(MAP_SX_SECRET, "p w", 3, &q),
	    LDAP_CONSTRAINT_VIOLATION);
	ck_assert_int_eq(qv(MAP_SX_GRANT, "pay.- uid(joe) r(a)", 19, &q), 0);
	ck_assert_str_eq(q, "PAY.- UID(JOE) R(A)");
	free(q);
	ck_assert_int_eq(qv(MAP_SX_GRANT, "PAY.- UID(JOE\0) R(A)", 20, &q),
	    LDAP_CONSTRAINT_VIOLATION);
	ck_assert_int_eq(qv(MAP_SX_GRANT, "PAY.- R(Z)", 10, &q),
	    LDAP_CONSTRAINT_VIOLATION);
}
END_TEST

/*
 * Hostile values: each is refused, or quoted so that the simulator's
 * lexer reads exactly one operand back, holding exactly the value.
 */
static const struct {
	const char	*v;
	size_t		 len;
} hostile[] = {
	{ "'", 0 }, { "''", 0 }, { "x') SECURITY NAME('", 0 }, { "a)b", 0 },
	{ "(", 0 }, { ")", 0 }, { "a,b", 0 }, { "a;b", 0 }, { "; SECURITY", 0 },
	{ "/* c */", 0 }, { "+", 0 }, { "-", 0 }, { "a +", 0 }, { "a -", 0 },
	{ "A) SECURITY", 0 }, { "' SECURITY '", 0 }, { "%v", 0 }, { "%u", 0 },
	{ "\\", 0 }, { "a\nCHANGE X SECURITY", 0 }, { "a\rb", 0 },
	{ "a\0b", 3 }, { "\x1b[2J", 0 }, { "\xe2\x80\x99", 0 }, { "\xff", 0 },
	{ "\t", 0 }, { " lead", 0 }, { "NAME(X)", 0 }, { "''')", 0 },
};

/* The command line the simulator would see, parsed by its lexer. */
static struct lx_node *
lex(const char *cmd)
{
	struct lx_node *n = NULL;
	char err[256];

	ck_assert_msg(alex_parse(cmd, strlen(cmd), &n, err, sizeof(err)) ==
	    0, "%s: %s", cmd, err);
	return n;
}

START_TEST(hostile_strings)
{
	const char *v = hostile[_i].v;
	size_t len = hostile[_i].len ? hostile[_i].len : strlen(v), k;
	struct lx_node *n;
	char *q, cmd[512];
	int ok = 1;

	for (k = 0; k < len; k++)
		if ((unsigned char)v[k] < 0x20 || (unsigned char)v[k] > 0x7e)
			ok = 0;
	if (acf2_quoting.q_string(v, len, 1, 255, &q, &why) == -1) {
		ck_assert_msg(!ok, "refused a printable value: %s", v);
		return;
	}
	ck_assert_msg(ok, "quoted a control/non-ASCII value");
	snprintf(cmd, sizeof(cmd), "CHANGE X NAME(%s) TSO", q);
	n = lex(cmd);
	ck_assert_str_eq(n->ln_text, "CHANGE");
	ck_assert_str_eq(n->ln_next->ln_text, "X");
	ck_assert_str_eq(n->ln_next->ln_next->ln_text, "NAME");
	ck_assert_int_eq(n->ln_next->ln_next->ln_quoted, 1);
	ck_assert_str_eq(n->ln_next->ln_next->ln_val, v);
	ck_assert_str_eq(n->ln_next->ln_next->ln_next->ln_text, "TSO");
	ck_assert_ptr_null(n->ln_next->ln_next->ln_next->ln_next);
	alex_free(n);
	free(q);
}
END_TEST

/*
 * A hostile value v (len bytes) as a rule entry: after a whole entry
 * (after) it is refused; made an entry with the words around it (pre,
 * post), it is refused or becomes exactly one ADD() operand of the
 * RECKEY command of mode.
 */
static void
hostile_entry(entry_fn fn, const char *mode, const char *after,
    const char *pre, const char *v, size_t len, const char *post)
{
	struct lx_node *n, *a;
	char *q, cmd[512], buf[300];
	size_t al = strlen(after), pl = strlen(pre), tl = strlen(post);

	memcpy(buf, after, al);
	memcpy(buf + al, v, len);
	ck_assert_msg(fn(buf, al + len, &q, &why) == -1, "took [%.*s] as [%s]",
	    (int)(al + len), buf, q);
	memcpy(buf, pre, pl);
	memcpy(buf + pl, v, len);
	memcpy(buf + pl + len, post, tl);
	if (fn(buf, pl + len + tl, &q, &why) == -1)
		return;
	snprintf(cmd, sizeof(cmd), "%s RECKEY PAY ADD(%s) DEL(X)", mode, q);
	n = lex(cmd);
	for (a = n; a != NULL && strcmp(a->ln_text, "ADD") != 0; a = a->ln_next)
		;
	ck_assert_ptr_nonnull(a);
	ck_assert_str_eq(a->ln_raw, q);
	ck_assert_str_eq(a->ln_next->ln_text, "DEL");
	alex_free(n);
	free(q);
}

/* The same corpus as rule entries: refused, or one ADD() operand. */
START_TEST(hostile_rule_entries)
{
	const char *v = hostile[_i].v;

	hostile_entry(acf2_quote_rule_entry, "SET RULE", "PAY.- UID(JOE) R(A) ",
	    "", v, hostile[_i].len ? hostile[_i].len : strlen(v), "");
}
END_TEST

/*
 * As resource rule entries: after the action that ends one, and as an
 * entry completed by one.
 */
START_TEST(hostile_resource_entries)
{
	const char *v = hostile[_i].v;

	hostile_entry(acf2_quote_resource_entry, "SET RESOURCE(FAC)",
	    "UID(JOE) ALLOW ", "", v, hostile[_i].len ? hostile[_i].len :
	    strlen(v), " ALLOW");
}
END_TEST

static Suite *
quote_suite(void)
{
	Suite *s = suite_create("acf2_quote");
	TCase *tc;

	tc = tcase_create("rules");
	tcase_add_test(tc, quote_ids_and_strings);
	tcase_add_test(tc, quote_passwords);
	tcase_add_loop_test(tc, rule_entries, 0,
	    sizeof(entries) / sizeof(entries[0]));
	tcase_add_test(tc, rule_entry_too_long);
	tcase_add_test(tc, rule_entry_slots);
	tcase_add_loop_test(tc, resource_entries, 0,
	    sizeof(rentries) / sizeof(rentries[0]));
	tcase_add_test(tc, resource_names);
	suite_add_tcase(s, tc);
	tc = tcase_create("values");
	tcase_add_checked_fixture(tc, ma_setup, NULL);
	tcase_add_test(tc, quote_value_syntaxes);
	suite_add_tcase(s, tc);
	tc = tcase_create("hostile");
	tcase_add_loop_test(tc, hostile_strings, 0,
	    sizeof(hostile) / sizeof(hostile[0]));
	tcase_add_loop_test(tc, hostile_rule_entries, 0,
	    sizeof(hostile) / sizeof(hostile[0]));
	tcase_add_loop_test(tc, hostile_resource_entries, 0,
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
