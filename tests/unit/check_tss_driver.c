/*
 * check_tss_driver.c - what the agent reads of a TSS command without
 * running it: functions, the ACIDs named, password masking.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "tss_bare.h"
#include "mainframe-agent/driver.h"
#include "mainframe-agent/sim/tss/cmd.h"

static const struct esm_driver *d;
static struct driver_targets t;

static void
setup(void)
{
	d = driver_find("sim", "tss");
	ck_assert_ptr_nonnull(d);
}

static int
targets(const char *cmd)
{
	return d->ed_targets(cmd, strlen(cmd), &t);
}

static void
targets_are(const char *cmd, const char *want)
{
	char got[1024] = "";
	int i;

	ck_assert_msg(targets(cmd) == 0, "refused: %s", cmd);
	for (i = 0; i < t.dt_n; i++) {
		if (i > 0)
			strcat(got, " ");
		strcat(got, t.dt_ids[i]);
	}
	ck_assert_msg(strcmp(got, want) == 0, "%s: [%s], not [%s]", cmd, got,
	    want);
}

static void
refused(const char *cmd)
{
	ck_assert_msg(targets(cmd) == -1, "not refused: %s", cmd);
}

static void
masked(const char *cmd, const char *want)
{
	char out[512];

	d->ed_mask(cmd, strlen(cmd), out, sizeof(out));
	ck_assert_msg(strcmp(out, want) == 0, "%s: [%s], not [%s]", cmd, out,
	    want);
}

static const char *
canon(const char *cmd)
{
	return d->ed_canonical(cmd, strlen(cmd));
}

START_TEST(driver_table)
{
	ck_assert_str_eq(d->ed_admin, "MSCA");
	ck_assert_str_eq(d->ed_esm, "tss");
	ck_assert_str_eq(canon("ADD(ALICE) PROFILE(P1)"), "ADDTO");
	ck_assert_str_eq(canon("addto(alice) SUSPEND"), "ADDTO");
	ck_assert_str_eq(canon("WHOHAS DSN(PAY.)"), "WHOHAS");
	/* The command processor's name may stand first, as TSS prints it. */
	ck_assert_str_eq(canon("TSS CREATE(ALICE) TYPE(USER) NAME('A')"),
	    "CREATE");
	ck_assert_str_eq(canon("tss add(alice) profile(p1)"), "ADDTO");
	ck_assert_str_eq(canon("TSS,LIST(ACIDS)"), "LIST");
	ck_assert_str_eq(canon("TSS WHOHAS DSN(X)"), "WHOHAS");
	ck_assert_ptr_null(canon("TSS"));
	ck_assert_ptr_null(canon("TSS(ALICE) CREATE(X)"));
	ck_assert_ptr_null(canon("TSS TSS CREATE(X)"));
	ck_assert_ptr_null(canon("TSSCREATE(X)"));
	ck_assert_ptr_null(canon("/* x */ CREATE(X)"));
	ck_assert_ptr_null(canon("ALTUSER ALICE"));
	ck_assert_ptr_null(canon(""));
	ck_assert_str_eq(d->ed_reads[0], "LIST");
}
END_TEST

START_TEST(targets_every_acid)
{
	targets_are("CREATE(alice) TYPE(USER) NAME('A B') DEPT(PAYDEPT) "
	    "PASSWORD(X,30,EXP) FACILITY(TSO)", "ALICE PAYDEPT");
	targets_are("TSS ADDTO(ALICE) PROFILE(P1,P2) GROUP(G1) DFLTGRP(G1)",
	    "ALICE P1 P2 G1");
	targets_are("CREATE(D1) TYPE(DEPT) NAME('D') DIVISION(V1)", "D1 V1");
	targets_are("CREATE(V1) TYPE(DIV) NAME('V') ZONE(Z1)", "V1 Z1");
	targets_are("LIST(A,B , C) DATA(ALL)", "A B C");
	targets_are("PERMIT(ALICE) DSN(MSCA.) ACCESS(READ)", "ALICE");
	targets_are("REMOVE(ALICE) UID SUSPEND HOME", "ALICE");
	targets_are("remove(alice) tsosize dfltgrp", "ALICE");
	targets_are("TSS CREATE(BOB) TYPE(USER) NAME('B') DEPT(D1)",
	    "BOB D1");
	targets_are("tss replace(bob) profile(p2)", "BOB P2");
	targets_are("WHOHAS DSN(PAY.)", "");
	ck_assert_int_eq(t.dt_all, 0);
	targets_are("LIST(ACIDS) TYPE(USER)", "");
	ck_assert_int_eq(t.dt_all, 1);
}
END_TEST

START_TEST(targets_refuse_uncertain)
{
	/* Comments, anywhere outside quotes. */
	refused("ADDTO(ALICE) /* x */ PROFILE(P1)");
	refused("ADDTO(ALICE) PROFILE(/**/MSCA)");
	refused("DELETE(ALICE/* */)");
	/* A keyword without its operand: TSS ignores what follows. */
	refused("CREATE(X) NAME('X') DEPT(D) FACILITY ADDTO(MSCA)");
	refused("ADDTO(ALICE) PROFILE GROUP(G)");
	refused("REMOVE(ALICE) PROFILE GROUP(G)");
	refused("ADDTO(ALICE) UID");
	/* SUSPEND stands bare on ADDTO and REMOVE only, as in TSS. */
	refused("REPLACE(ALICE) SUSPEND PROFILE(MSCA)");
	refused("CREATE(X) TYPE(USER) NAME('X') DEPT(D) SUSPEND");
	/* Unbalanced, quoted ACIDs, odd shapes. */
	refused("ADDTO(ALICE) NAME('X) PROFILE(MSCA)");
	refused("ADDTO(ALICE PROFILE(P)");
	refused("ADDTO(ALICE)) PROFILE(P)");
	refused("ADDTO(ALICE) PROFILE('MSCA')");
	refused("ADDTO('MSCA') SUSPEND");
	refused("ADDTO (ALICE) SUSPEND");
	refused("ADDTO() SUSPEND");
	refused("ADDTO(TOOLONGID) SUSPEND");
	refused("ADDTO(AL;CE) SUSPEND");
	refused("ADDTO(ALICE) NAME(O'X) PROFILE(MSCA)");
	refused("WHOHAS(ALICE) DSN(X)");
	refused("TSO DELETE(ALICE)");
	refused("TSS");
	refused("TSS TSS ADDTO(ALICE) SUSPEND");
	refused("TSS(MSCA) ADDTO(ALICE) SUSPEND");
}
END_TEST

/*
 * The keywords the gateway and the agent let stand bare are those the
 * simulator's keyword table takes without an operand: a flag in the
 * functions it belongs to, and on REMOVE a single-valued field.
 */
START_TEST(bare_keywords_as_the_simulator)
{
	static const char *const fns[FN__MAX] = {
		"CREATE", "DELETE", "ADDTO", "REMOVE", "REPLACE", "LIST",
		"PERMIT", "REVOKE", "WHOHAS"
	};
	const struct tkwdef *k;
	const char *name;
	int f, i, j, want;

	for (f = 0; f < FN__MAX; f++)
		for (i = 0; i < K__MAX; i++)
			for (j = 0; j < 2; j++) {
				k = &tcmd_kws[i];
				if ((name = j == 0 ? k->kd_name :
				    k->kd_alias) == NULL)
					continue;
				want = (k->kd_funcs & FNB(f)) &&
				    (k->kd_kind == KK_FLAG || (f == FN_REMOVE &&
				    k->kd_id >= K_FIELD0 &&
				    k->kd_id < K_CLASS0 &&
				    k->kd_kind == KK_VALUE));
				ck_assert_msg(tss_bare_is_allowed(fns[f],
				    strlen(fns[f]), name, strlen(name)) == want,
				    "%s %s", fns[f], name);
			}
	ck_assert(tss_bare_is_allowed("add", 3, "suspend", 7));
	ck_assert(!tss_bare_is_allowed("REMOVEX", 6, "HOMEX", 5));
}
END_TEST

START_TEST(mask_passwords)
{
	masked("REPLACE(ALICE) PASSWORD(SECRET,30,EXP) NAME('X')",
	    "REPLACE(ALICE) PASSWORD(********) NAME('X')");
	masked("TSS CREATE(B) NAME('P(Q)') password('S E,C)') FACILITY(TSO)",
	    "TSS CREATE(B) NAME('P(Q)') password(********) FACILITY(TSO)");
	/* A comment in the value: masked to the end of the line. */
	masked("REPLACE(A) PASSWORD(/* ) */ SECRET) NAME('X')",
	    "REPLACE(A) PASSWORD(********");
	masked("REPLACE(A) /* PASSWORD(SECRET) */", "REPLACE(A) ********");
	masked("REPLACE(A) PASSWORD SECRET", "REPLACE(A) PASSWORD ********");
	masked("REPLACE(A) PASSWORD(SECRET", "REPLACE(A) PASSWORD(********");
	masked("REPLACE(A) NAME('X) PASSWORD(SECRET)",
	    "REPLACE(A) NAME(********");
	masked("LIST(A) DATA(PASSWORD)", "LIST(A) DATA(PASSWORD)");
	masked("REPLACE(A) PASS(SECRET)", "REPLACE(A) PASS(********)");
	masked("REPLACE(A)) PASSWORD(SECRET)", "REPLACE(A)********");
	masked("REPLACE(A PASSWORD(SECRET)", "REPLACE(A PASSWORD(********)");
}
END_TEST

static Suite *
tss_driver_suite(void)
{
	Suite *s = suite_create("tss_driver");
	TCase *tc = tcase_create("driver");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, driver_table);
	tcase_add_test(tc, targets_every_acid);
	tcase_add_test(tc, targets_refuse_uncertain);
	tcase_add_test(tc, bare_keywords_as_the_simulator);
	tcase_add_test(tc, mask_passwords);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(tss_driver_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
