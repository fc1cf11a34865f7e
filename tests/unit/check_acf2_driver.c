/*
 * check_acf2_driver.c - the ACF2 "sim" driver: verb aliases, the
 * logonids a request names (and what it refuses to read), password
 * masking, the agent's logonid, and the console's session.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "mainframe-agent/driver.h"
#include "testdir.h"

static const struct esm_driver *d;

static void
setup(void)
{
	d = driver_find("sim", "acf2");
	ck_assert_ptr_nonnull(d);
}

static int
targets(const char *cmd, struct driver_targets *t)
{
	return d->ed_targets(cmd, strlen(cmd), t);
}

static void
one_target(const char *cmd, const char *id)
{
	struct driver_targets t;

	ck_assert_msg(targets(cmd, &t) == 0, "%s refused", cmd);
	ck_assert_msg(t.dt_n == 1 && !t.dt_all, "%s: %d ids, all %d", cmd,
	    t.dt_n, t.dt_all);
	ck_assert_str_eq(t.dt_ids[0], id);
}

static void
all_targets(const char *cmd)
{
	struct driver_targets t;

	ck_assert_msg(targets(cmd, &t) == 0, "%s refused", cmd);
	ck_assert_msg(t.dt_all, "%s: not every user", cmd);
}

static void
refused(const char *cmd)
{
	struct driver_targets t;

	ck_assert_msg(targets(cmd, &t) == -1, "%s read", cmd);
}

/* Lines and their canonical verbs; NULL: not an ACF2 command. */
static const struct {
	const char	*cmd;
	const char	*verb;
} verbs[] = {
	/* LID mode, the default, keeps the bare names. */
	{ "ins ALICE NAME(A)", "INSERT" },
	{ "CH ALICE SUSPEND", "CHANGE" },
	{ " del ALICE", "DELETE" },
	{ "LIST", "LIST" },
	{ "LIST LIKE(-)", "LIST" },
	{ "SET LID LIST LIKE(-)", "LIST" },
	{ "set lid,insert X", "INSERT" },
	/* Other modes carry their name. */
	{ "SET RULE COMPILE $KEY(PAY) - UID(A) R(A)", "RULE-COMPILE" },
	{ "SET RULE COMP $KEY(PAY) - R(A)", "RULE-COMPILE" },
	{ "SET RULE DECOMPILE PAY", "RULE-DECOMP" },
	{ "SET RULE DEL PAY", "RULE-DELETE" },
	{ "SET RULE RECKEY PAY ADD(- R(A))", "RULE-RECKEY" },
	{ "SET RULE LIST", "RULE-LIST" },
	{ "SET RESOURCE(FAC) DECOMP BPX.SUPERUSER", "RESOURCE-DECOMP" },
	{ "SET RESOURCE( fac ) COMPILE $KEY(X) ALLOW", "RESOURCE-COMPILE" },
	{ "SET CONTROL(GSO) CH PSWD MAXTRY(3)", "GSO-CHANGE" },
	{ "SET CONTROL(GSO) LIST", "GSO-LIST" },
	{ "SET RULE", "SET" },
	{ "SET RESOURCE(FAC)", "SET" },
	{ "SET", NULL },
	{ "SET BOGUS LIST", NULL },
	{ "SET RULE INSERT X", NULL },
	{ "SET LID COMPILE X", NULL },
	{ "SET CONTROL(XYZ) LIST", NULL },
	{ "SET CONTROL('GSO') LIST", NULL },
	{ "SET RESOURCE(F(A)) LIST", NULL },
	{ "SET RULE(X) LIST", NULL },
	{ "SET RULE LIST(X)", NULL },
	{ "COMPILE $KEY(A) - R(A)", NULL },
	{ "ALTUSER X", NULL },
	{ "'LIST' X", NULL },
	{ "", NULL },
};

START_TEST(table)
{
	const char *got;
	size_t i;

	ck_assert_str_eq(d->ed_admin, "ACF2ADM");
	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++) {
		got = d->ed_canonical(verbs[i].cmd, strlen(verbs[i].cmd));
		ck_assert_msg(got == verbs[i].verb || (got != NULL &&
		    verbs[i].verb != NULL && strcmp(got, verbs[i].verb) == 0),
		    "%s: %s, not %s", verbs[i].cmd, got ? got : "NULL",
		    verbs[i].verb ? verbs[i].verb : "NULL");
	}
	/* The longest of them all fits the agent's buffers. */
	ck_assert_uint_lt(strlen("RESOURCE-COMPILE"), DRIVER_VERB_MAX);
	ck_assert_str_eq(d->ed_reads[0], "LIST");
}
END_TEST

START_TEST(lid_targets)
{
	struct driver_targets t;

	one_target("INSERT alice NAME('A B') TSO", "ALICE");
	one_target("CHANGE ALICE PASSWORD(X) NOPSWD-EXP", "ALICE");
	one_target("CH ALICE NAME('ACF2ADM')", "ALICE");
	one_target("DELETE ALICE", "ALICE");
	one_target("LIST ALICE", "ALICE");
	one_target("SET LID CHANGE BOB SUSPEND", "BOB");
	ck_assert_int_eq(targets("LIST", &t), 0);
	ck_assert_int_eq(t.dt_n, 0);
	ck_assert_int_eq(t.dt_all, 0);
	all_targets("CHANGE * SUSPEND");
	all_targets("CHANGE LIKE(AB-) SUSPEND");
	all_targets("CHANGE UID(-) SUSPEND");
	all_targets("LIST LIKE(-)");
	all_targets("LIST *");
	all_targets("LIST LIKE(A-) LIDS");
	all_targets("LIST * LIDS");
	/* A LIST of several logonids names each of them ... */
	ck_assert_int_eq(targets("LIST ALICE acf2adm LIDS", &t), 0);
	ck_assert_int_eq(t.dt_n, 3);
	ck_assert_int_eq(t.dt_all, 0);
	ck_assert_str_eq(t.dt_ids[1], "ACF2ADM");
	ck_assert_str_eq(t.dt_ids[2], "LIDS");
	/* ... while other commands' later operands are fields. */
	one_target("CHANGE ALICE TSO JCL", "ALICE");
	refused("LIST ALICE 1BAD");
	refused("LIST ALICE NAME(X)");
	refused("INSERT");
	refused("CHANGE");
	refused("INSERT 1ABC");
	refused("CHANGE TOOLONGID TSO");
	refused("CHANGE ALICE IF(TSO) SUSPEND");
	refused("CHANGE 'ALICE' TSO");
	refused("CHANGE ALICE NAME('open");
	refused("CHANGE ALICE;CHANGE ACF2ADM NOSECURITY");
	refused("CHANGE ALICE\nCHANGE ACF2ADM NOSECURITY");
	refused("CHANGE ALICE /* x */ TSO");
	refused("CHANGE (ALICE ACF2ADM) SUSPEND");
	refused("CHANGE LIKE(A B) TSO");
	refused("INSERT LIKE(A-) TSO");
	refused("COMPILE $KEY(A) - R(A)");
	refused("BOGUS ALICE");
	refused("");
}
END_TEST

START_TEST(set_and_rule_targets)
{
	struct driver_targets t;

	/* A lone SET would change the mode of every later request. */
	refused("SET RULE");
	refused("SET LID");
	refused("SET");
	refused("SET BOGUS LIST");
	refused("SET RULE INSERT X");
	one_target("SET RULE COMPILE $KEY(PAY) SALARY.- UID(ALICE) R(A)",
	    "ALICE");
	ck_assert_int_eq(targets("SET RULE COMPILE $KEY(PAY) A.- UID(ALICE) "
	    "R(A) B.- UID(BOB) W(P)", &t), 0);
	ck_assert_int_eq(t.dt_n, 2);
	ck_assert_int_eq(t.dt_all, 0);
	ck_assert_str_eq(t.dt_ids[1], "BOB");
	/* A UID mask, or an entry without UID, covers every user. */
	all_targets("SET RULE COMPILE $KEY(PAY) SALARY.- UID(PAY-) R(A)");
	all_targets("SET RULE COMPILE $KEY(PAY) A.- UID(ALICE) R(A) B.- "
	    "R(A)");
	all_targets("SET RULE RECKEY PAY ADD(- R(A))");
	one_target("SET RULE RECKEY PAY ADD(SALARY.- UID(ALICE) R(A)) "
	    "DEL(TAX.- UID(ALICE))", "ALICE");
	all_targets("SET RESOURCE(FAC) COMPILE $KEY(BPX.SUPERUSER) "
	    "UID(ALICE) ALLOW UID(-) PREVENT");
	all_targets("SET RESOURCE(FAC) COMPILE $KEY(X) UID(ALICE) ALLOW "
	    "PREVENT");
	one_target("SET RESOURCE(FAC) RECKEY X ADD(UID(ALICE) ALLOW)",
	    "ALICE");
	ck_assert_int_eq(targets("SET RULE DECOMP PAY", &t), 0);
	ck_assert_int_eq(t.dt_n + t.dt_all, 0);
	ck_assert_int_eq(targets("SET RULE DELETE PAY", &t), 0);
	refused("SET RULE RECKEY PAY ADD(- UID(A B) R(A))");
	refused("SET RULE RECKEY PAY ADD(- UID(1BAD) R(A))");
	refused("SET RULE COMPILE $KEY(PAY) - UID('ALICE') R(A)");
	/* The lexer and the verb scan must read the same subcommand. */
	refused("SET RULE LIST(X)");
	refused("SET RESOURCE(FA'C') LIST");
	/* GSO settings hold for every logonid. */
	all_targets("SET CONTROL(GSO) CHANGE PSWD MAXTRY(0)");
	all_targets("SET CONTROL(GSO) LIST");
}
END_TEST

static void
masked(const char *cmd, const char *want)
{
	char buf[256];

	d->ed_mask(cmd, strlen(cmd), buf, sizeof(buf));
	ck_assert_str_eq(buf, want);
}

START_TEST(mask)
{
	masked("CHANGE X PASSWORD(SECRET) NOPSWD-EXP",
	    "CHANGE X PASSWORD(********) NOPSWD-EXP");
	masked("INSERT X NAME('PASSWORD(A)') password('S E)C''R') TSO",
	    "INSERT X NAME('PASSWORD(A)') password(********) TSO");
	masked("CHANGE X PASSW(A(B)C) PSWD(Z)",
	    "CHANGE X PASSW(********) PSWD(********)");
	masked("CHANGE X PASSWORD(OPEN TSO", "CHANGE X PASSWORD(********");
	masked("CHANGE X PASSWORD('OPEN TSO", "CHANGE X PASSWORD(********");
	masked("CHANGE X PSWD-EXP TSO", "CHANGE X PSWD-EXP TSO");
	masked("LIST X", "LIST X");
}
END_TEST

static int
quiet_cb(void *arg, const char *line, size_t len)
{
	(void)arg;
	(void)line;
	(void)len;
	return 0;
}

START_TEST(sim_session_and_agent_lid)
{
	struct esm_out out = { quiet_cb, NULL };
	struct driver_opts o;
	char err[256];
	void *h;

	testdir_create("check_acf2_driver");
	memset(&o, 0, sizeof(o));
	o.do_esm = "acf2";
	o.do_path = testdir();
	o.do_nosync = 1;
	o.do_kdf_iterations = 1;
	h = d->ed_open(&o, err, sizeof(err));
	ck_assert_msg(h != NULL, "%s", err);
	ck_assert_int_eq(d->ed_ensure_user(h, "ESMAGENT", err, sizeof(err)),
	    0);
	ck_assert_int_eq(d->ed_command(h, "ESMAGENT", "INSERT A1 TSO", 13,
	    &out), 0);
	ck_assert_int_eq(d->ed_ensure_user(h, "ESMAGENT", err, sizeof(err)),
	    0);
	/* The handle keeps the console's session. */
	ck_assert_int_eq(d->ed_command(h, "ACF2ADM", "SET RULE", 8, &out), 0);
	ck_assert_int_eq(d->ed_command(h, "ACF2ADM",
	    "COMPILE $KEY(PAY) - UID(A1) R(A)", 32, &out), 0);
	/* In RULE mode LIST lists rule keys, and takes no logonid. */
	ck_assert_int_eq(d->ed_command(h, "ACF2ADM", "LIST A1", 7, &out), 12);
	ck_assert_int_eq(d->ed_command(h, "ACF2ADM", "LIST", 4, &out), 0);
	ck_assert_int_eq(d->ed_command(h, "ACF2ADM", "SET LID", 7, &out), 0);
	ck_assert_int_eq(d->ed_command(h, "ACF2ADM", "LIST A1", 7, &out), 0);
	ck_assert_int_eq(d->ed_verify(h, "A1", "X", NULL, &out), 8);
	d->ed_close(h);
	testdir_remove();
}
END_TEST

static Suite *
acf2_driver_suite(void)
{
	Suite *s = suite_create("acf2_driver");
	TCase *tc = tcase_create("driver");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, table);
	tcase_add_test(tc, lid_targets);
	tcase_add_test(tc, set_and_rule_targets);
	tcase_add_test(tc, mask);
	tcase_add_test(tc, sim_session_and_agent_lid);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(acf2_driver_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
