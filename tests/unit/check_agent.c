/*
 * check_agent.c - what the agent knows of RACF commands without running
 * them (verbs, targets, masking), its id lists, its configuration, and
 * the policy that reads each ESM's whole command line.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "link_rc.h"
#include "xmalloc.h"
#include "mainframe-agent/agent.h"
#include "mainframe-agent/cache.h"
#include "mainframe-agent/driver.h"
#include "testdir.h"

static const struct esm_driver *d;

static void
setup(void)
{
	d = driver_find("sim", "racf");
	ck_assert_ptr_nonnull(d);
}

static int
targets(const char *cmd, struct driver_targets *t)
{
	return d->ed_targets(cmd, strlen(cmd), t);
}

START_TEST(canonical_verbs)
{
	ck_assert_str_eq(d->ed_canonical("alu X REVOKE", 12), "ALTUSER");
	ck_assert_str_eq(d->ed_canonical("  LU", 4), "LISTUSER");
	ck_assert_str_eq(d->ed_canonical("PHRASE('A B')", 13), "PASSWORD");
	ck_assert_str_eq(d->ed_canonical("LU(X)", 5), "LISTUSER");
	/* The verb ends the line, or ends where len says. */
	ck_assert_str_eq(d->ed_canonical("ALTUSERX", 7), "ALTUSER");
	ck_assert_ptr_null(d->ed_canonical("ALTUSERX", 8));
	ck_assert_ptr_null(d->ed_canonical("TSO DELETE 'A.B'", 16));
	ck_assert_ptr_null(d->ed_canonical("", 0));
	ck_assert_ptr_null(driver_find("sim", "zos"));
}
END_TEST

START_TEST(targets_first_positional)
{
	struct driver_targets t;

	ck_assert_int_eq(targets("ALTUSER alice NAME('X') SPECIAL", &t), 0);
	ck_assert_int_eq(t.dt_n, 1);
	ck_assert_str_eq(t.dt_ids[0], "ALICE");
	ck_assert_int_eq(t.dt_all, 0);
	ck_assert_int_eq(targets("CO (BOB,CAROL) GROUP(SYS1)", &t), 0);
	ck_assert_int_eq(t.dt_n, 2);
	ck_assert_str_eq(t.dt_ids[1], "CAROL");
	ck_assert_int_eq(targets("LISTUSER *", &t), 0);
	ck_assert_int_eq(t.dt_all, 1);
	ck_assert_int_eq(targets("LU", &t), 0);
	ck_assert_int_eq(t.dt_n, 0);
	/* Groups are not userids. */
	ck_assert_int_eq(targets("ADDGROUP IBMUSER", &t), 0);
	ck_assert_int_eq(t.dt_n, 0);
	/* A list of groups likewise, and an unbalanced one is refused. */
	ck_assert_int_eq(targets("LISTGRP (PAYROLL IBMUSER) OMVS", &t), 0);
	ck_assert_int_eq(t.dt_n, 0);
	ck_assert_int_eq(targets("LISTGRP (PAYROLL", &t), -1);
}
END_TEST

START_TEST(targets_password_user)
{
	struct driver_targets t;

	ck_assert_int_eq(targets("PASSWORD USER(ALICE) INTERVAL(30)", &t), 0);
	ck_assert_int_eq(t.dt_n, 1);
	ck_assert_str_eq(t.dt_ids[0], "ALICE");
	ck_assert_int_eq(t.dt_self, 0);
	ck_assert_int_eq(targets("PW U(ALICE IBMUSER)", &t), 0);
	ck_assert_int_eq(t.dt_n, 2);
	ck_assert_int_eq(targets("PASSWORD PASSWORD(OLD NEW)", &t), 0);
	ck_assert_int_eq(t.dt_self, 1);
}
END_TEST

/* Anything the scanner cannot read with certainty is refused. */
START_TEST(targets_refuse_odd_syntax)
{
	struct driver_targets t;

	ck_assert_int_eq(targets("ALTUSER 'IBMUSER' SPECIAL", &t), -1);
	ck_assert_int_eq(targets("ALTUSER (ALICE 'IBMUSER')", &t), -1);
	ck_assert_int_eq(targets("ALTUSER TOOLONGID1", &t), -1);
	ck_assert_int_eq(targets("ALTUSER ALICE NAME('open", &t), -1);
	ck_assert_int_eq(targets("ALTUSER ALICE NAME(X))", &t), -1);
	ck_assert_int_eq(targets("ALTUSER ALICE) SPECIAL", &t), -1);
	ck_assert_int_eq(targets("PW USER(ALICE", &t), -1);
	ck_assert_int_eq(targets("NOTACOMMAND X", &t), -1);
}
END_TEST

static void
mask(const char *cmd, char *out, size_t len)
{
	d->ed_mask(cmd, strlen(cmd), out, len);
}

START_TEST(mask_passwords)
{
	char out[256];

	mask("ALTUSER X PASSWORD(SECRET) NOEXPIRED", out, sizeof(out));
	ck_assert_str_eq(out, "ALTUSER X PASSWORD(********) NOEXPIRED");
	mask("ALU X PHRASE('my long phrase (x)') NAME('A')", out, sizeof(out));
	ck_assert_str_eq(out, "ALU X PHRASE(********) NAME('A')");
	mask("PASSWORD PASSWORD(OLD NEW) PHR('a b' 'c d')", out, sizeof(out));
	ck_assert_str_eq(out, "PASSWORD PASSWORD(********) PHR(********)");
	mask("ALU X PASS(SECRET", out, sizeof(out));
	ck_assert_ptr_null(strstr(out, "SECRET"));
	mask("ALU X NAME('PASSWORD(X)') PASSWORD(Y)", out, sizeof(out));
	ck_assert_str_eq(out, "ALU X NAME('PASSWORD(X)') PASSWORD(********)");
	mask("ALU X PASSWORD(SECRET) NAME('unterminated", out, sizeof(out));
	ck_assert_ptr_null(strstr(out, "SECRET"));
	mask("LISTUSER X", out, 5);
	ck_assert_str_eq(out, "LIST");
}
END_TEST

START_TEST(idlists)
{
	struct agent_idlist l = { NULL, 0 };

	ck_assert_int_eq(agent_idlist_add(&l, "sys*"), 0);
	ck_assert_int_eq(agent_idlist_add(&l, "ALICE"), 0);
	ck_assert_int_eq(agent_idlist_add(&l, "ALICE"), 0);
	ck_assert_uint_eq(l.il_n, 2);
	ck_assert_int_eq(agent_idlist_add(&l, "BAD ID"), -1);
	ck_assert_int_eq(agent_idlist_add(&l, "TOOLONGID"), -1);
	ck_assert_int_eq(agent_idlist_add(&l, "A*B"), -1);
	ck_assert_int_eq(agent_idlist_match(&l, "SYS1ADM"), 1);
	ck_assert_int_eq(agent_idlist_match(&l, "alice"), 1);
	ck_assert_int_eq(agent_idlist_match(&l, "BOB"), 0);
	agent_idlist_clear(&l);
	ck_assert_uint_eq(l.il_n, 0);
}
END_TEST

static void
file_setup(void)
{
	setup();
	testdir_create("check_agent");
}

static const char *
write_conf(const char *name, const char *text)
{
	return testdir_write(name, text, 0600);
}

START_TEST(idlist_file_is_swapped_only_when_good)
{
	struct agent_idlist l = { NULL, 0 };
	char err[256];
	const char *p;

	p = write_conf("good.list", "# protected\nSYS1ADM\n  ops*  \n\n");
	ck_assert_int_eq(agent_idlist_load(p, &l, err, sizeof(err)), 0);
	ck_assert_uint_eq(l.il_n, 2);
	p = write_conf("bad.list", "ALICE\nNOT VALID\n");
	ck_assert_int_eq(agent_idlist_load(p, &l, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "bad.list:2"));
	ck_assert_uint_eq(l.il_n, 2);
	ck_assert_int_eq(agent_idlist_match(&l, "OPSUSER"), 1);
	agent_idlist_clear(&l);
}
END_TEST

START_TEST(conf_good)
{
	struct agent_conf c;
	char err[512];
	const char *p;

	p = write_conf("a.conf",
	    "name LPAR1\nesm racf\ndatabase db\nuserid STC1\n"
	    "listen esmlink://127.0.0.1:7010\nkeyfile k\n"
	    "cipher aes-256-gcm\nworkers 2\nmax-frame 2m\n"
	    "allow LISTUSER SEARCH\nprotect SYS1ADM OPS*\n"
	    "cache-slots 64\ncache-name /esmgate-lpar1\ncache-journal j\n");
	ck_assert_int_eq(agent_conf_load(p, &c, err, sizeof(err)), 0);
	ck_assert_str_eq(c.ac_name, "LPAR1");
	ck_assert_int_eq(c.ac_cipher, LINK_CIPHER_AES256_GCM);
	ck_assert_uint_eq(c.ac_workers, 2);
	ck_assert_uint_eq(c.ac_max_frame, 2 * 1024 * 1024);
	ck_assert_int_eq(c.ac_nallow, 2);
	ck_assert_ptr_nonnull(strstr(c.ac_database, testdir()));
	ck_assert_uint_eq(c.ac_cache_slots, 64);
	ck_assert_str_eq(c.ac_cache_name, "/esmgate-lpar1");
	ck_assert_ptr_nonnull(strstr(c.ac_cache_journal, testdir()));
	/* STC1 and IBMUSER are protected without being named. */
	ck_assert_int_eq(agent_idlist_match(&c.ac_protect, "STC1"), 1);
	ck_assert_int_eq(agent_idlist_match(&c.ac_protect, "IBMUSER"), 1);
	ck_assert_int_eq(agent_idlist_match(&c.ac_protect, "OPS9"), 1);
	/* Alone on its database, the agent is its own sharing group. */
	ck_assert_str_eq(c.ac_sharing_group, "LPAR1");
	ck_assert_uint_eq(c.ac_event_window, AGENT_EVENT_WINDOW_DEFAULT);
	ck_assert_int_eq(c.ac_ngateway, 0);
	agent_conf_clear(&c);
}
END_TEST

static void
expect_conf_error(const char *text, const char *want)
{
	struct agent_conf c;
	char err[512];
	const char *p;

	p = write_conf("bad.conf", text);
	ck_assert_int_eq(agent_conf_load(p, &c, err, sizeof(err)), -1);
	if (strstr(err, want) == NULL)
		ck_abort_msg("error \"%s\" lacks \"%s\"", err, want);
	agent_conf_clear(&c);
}

START_TEST(conf_errors)
{
	expect_conf_error("database d\ncipher des\n", "bad.conf:2: cipher des");
	expect_conf_error("database d\nlisten 127.0.0.1:7\n",
	    "listen wants esmlink://HOST:PORT");
	expect_conf_error("database d\nworkers 0\n", "workers must be");
	expect_conf_error("database d\nfrobnicate 1\n", "unknown keyword");
	expect_conf_error("database d\nlisten esmlink://h:7\n",
	    "needs a keyfile");
	expect_conf_error("listen esmlink://h:7\n", "no database line");
	expect_conf_error("database d\nesm acf3\n", "esm acf3");
	expect_conf_error("database d\nprotect BAD*ID\n", "protect: BAD*ID");
	expect_conf_error("database d\nuserid NOT-VALID\n", "is not a valid");
	expect_conf_error("database d\nuserid ESM*\n", "is not a valid");
	expect_conf_error("database d\nuserid 1AGENT\n", "is not a valid");
	expect_conf_error("database d\ncache-slots 8\n", "cache-slots must be "
	    "a number from 16");
	expect_conf_error("database d\ncache-name esm\n", "cache-name wants "
	    "/NAME");
	expect_conf_error("database d\ncache-name /a/b\n", "cache-name wants");
	/* The cache seals with the link key; server-only keeps no cache. */
	expect_conf_error("database d\n", "the event cache needs a keyfile");
}
END_TEST

START_TEST(conf_events)
{
	struct agent_conf c;
	char err[512];
	const char *p;

	p = write_conf("ev.conf",
	    "name LPAR2\ndatabase db\nkeyfile k\n"
	    "gateway esmlink://gw1.example:7020\n"
	    "gateway esmlink://[::1]:7021\n"
	    "sharing-group PLEX1\nevent-window 512\n");
	ck_assert_int_eq(agent_conf_load(p, &c, err, sizeof(err)), 0);
	ck_assert_int_eq(c.ac_ngateway, 2);
	ck_assert_str_eq(c.ac_gateway[1], "esmlink://[::1]:7021");
	ck_assert_str_eq(c.ac_sharing_group, "PLEX1");
	ck_assert_uint_eq(c.ac_event_window, 512);
	agent_conf_clear(&c);
	expect_conf_error("database d\nkeyfile k\ngateway gw:7020\n",
	    "gateway wants esmlink://HOST:PORT");
	expect_conf_error("database d\nkeyfile k\nevent-window 0\n",
	    "event-window must be a number from 1 to 4096");
	expect_conf_error("database d\nkeyfile k\nsharing-group "
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n",
	    "sharing-group is longer than 64");
	expect_conf_error("database d\nkeyfile k\nsharing-group \"PL EX\"\n",
	    "sharing-group PL EX holds a character that is not printable");
	expect_conf_error("database d\nserver-only yes\n"
	    "gateway esmlink://gw:7020\n", "gateway lines send the event "
	    "cache's events, which a server-only agent does not keep");
}
END_TEST

START_TEST(conf_server_only_needs_no_key)
{
	struct agent_conf c;
	char err[512];

	ck_assert_int_eq(agent_conf_load(write_conf("so.conf",
	    "database d\nserver-only yes\n"), &c, err, sizeof(err)), 0);
	ck_assert_int_eq(c.ac_server_only, 1);
	ck_assert_uint_eq(c.ac_cache_slots, CACHE_SLOTS_DEFAULT);
	agent_conf_clear(&c);
}
END_TEST

/* ---- the policy: verbs of whole lines, refusals -------------------- */

static struct agent pag;

/* An agent on esm whose allow line is allow (NULL: the driver's). */
static void
policy_agent(const char *esm, const char *allow)
{
	char buf[256], *w, *save = NULL;
	int i;

	agent_conf_clear(&pag.ag_conf);
	memset(&pag, 0, sizeof(pag));
	pag.ag_driver = driver_find("sim", esm);
	ck_assert_ptr_nonnull(pag.ag_driver);
	pag.ag_conf.ac_userid = xstrdup("ESMAGENT");
	agent_idlist_add(&pag.ag_conf.ac_protect, "ESMAGENT");
	agent_idlist_add(&pag.ag_conf.ac_protect, pag.ag_driver->ed_admin);
	if (allow == NULL) {
		for (i = 0; pag.ag_driver->ed_allow[i] != NULL; i++)
			pag.ag_conf.ac_allow[pag.ag_conf.ac_nallow++] =
			    xstrdup(pag.ag_driver->ed_allow[i]);
		return;
	}
	snprintf(buf, sizeof(buf), "%s", allow);
	for (w = strtok_r(buf, " ", &save); w != NULL;
	    w = strtok_r(NULL, " ", &save))
		pag.ag_conf.ac_allow[pag.ag_conf.ac_nallow++] = xstrdup(w);
}

static int
policy(const char *cmd, char *verb, char *why, size_t whylen)
{
	struct link_msg m;

	memset(&m, 0, sizeof(m));
	m.lm_kind = LINK_REQ_COMMAND;
	m.lm_command.bv_val = (char *)cmd;
	m.lm_command.bv_len = strlen(cmd);
	verb[0] = why[0] = '\0';
	return agent_policy_check(&pag, &m, verb, DRIVER_VERB_MAX, why,
	    whylen);
}

static void
passes(const char *cmd, const char *want)
{
	char verb[DRIVER_VERB_MAX], why[256];

	ck_assert_msg(policy(cmd, verb, why, sizeof(why)) == 0,
	    "%s refused: %s", cmd, why);
	ck_assert_msg(strcmp(verb, want) == 0, "%s: verb %s, not %s", cmd,
	    verb, want);
}

static void
refused_as(const char *cmd, const char *want)
{
	char verb[DRIVER_VERB_MAX], why[256];

	ck_assert_msg(policy(cmd, verb, why, sizeof(why)) == LINK_RC_REFUSED,
	    "%s not refused", cmd);
	ck_assert_msg(strstr(why, want) != NULL, "%s: \"%s\" lacks \"%s\"",
	    cmd, why, want);
}

START_TEST(policy_tss_prefix)
{
	policy_agent("tss", NULL);
	passes("TSS CREATE(ALICE) TYPE(USER) NAME('A B') DEPT(PAYDEPT)",
	    "CREATE");
	passes("CREATE(ALICE) TYPE(USER) NAME('A B') DEPT(PAYDEPT)",
	    "CREATE");
	passes("tss add(alice) profile(payprof)", "ADDTO");
	passes("TSS WHOHAS DSN(PAY.)", "WHOHAS");
	passes("TSS LIST(ACIDS) TYPE(USER)", "LIST");
	refused_as("TSS ADDTO(MSCA) SUSPEND", "ESMA104E USERID MSCA IS "
	    "PROTECTED");
	refused_as("TSS REPLACE(ALICE) PROFILE(MSCA)", "ESMA104E USERID MSCA");
	refused_as("TSS DELETE(LIST(ACIDS))", "ESMA103E");
	/* The refusal quotes the words, never an operand. */
	refused_as("TSS ALTER(ALICE) PASSWORD(SECRET)", "ESMA101E TSS ALTER "
	    "PASSWORD IS NOT A tss COMMAND");
	refused_as("TSS", "ESMA101E TSS IS NOT A tss COMMAND");
	/* Nor a password written as a bare word: the driver masks it. */
	refused_as("TSS PASSWORD SECRET", "ESMA101E TSS PASSWORD ******** IS "
	    "NOT A tss COMMAND");
	refused_as("TSS TSS CREATE(X)", "ESMA101E");
	refused_as("TSS(X) CREATE(Y)", "ESMA101E");
	policy_agent("tss", "LIST WHOHAS");
	refused_as("TSS CREATE(ALICE) TYPE(USER)", "ESMA102E CREATE IS NOT "
	    "ALLOWED");
}
END_TEST

START_TEST(policy_acf2_modes)
{
	/* Logonid commands allowed, rule commands not. */
	policy_agent("acf2", "INSERT CHANGE DELETE LIST");
	passes("INSERT ALICE NAME('A B') TSO", "INSERT");
	passes("ch alice suspend", "CHANGE");
	passes("DELETE ALICE", "DELETE");
	passes("LIST ALICE", "LIST");
	passes("LIST LIKE(-)", "LIST");
	passes("SET LID LIST LIKE(A-)", "LIST");
	passes("SET LID INSERT BOB NAME(B)", "INSERT");
	refused_as("SET RULE COMPILE $KEY(PAY) SALARY.- UID(ALICE) R(A)",
	    "ESMA102E RULE-COMPILE IS NOT ALLOWED");
	refused_as("SET RULE DELETE PAY", "ESMA102E RULE-DELETE");
	refused_as("SET RESOURCE(FAC) DECOMP BPX.SUPERUSER",
	    "ESMA102E RESOURCE-DECOMP");
	refused_as("SET LID CHANGE LIKE(A-) SUSPEND", "ESMA105E CHANGE MAY "
	    "NOT NAME EVERY USER");
	refused_as("SET LID CHANGE ACF2ADM NOSECURITY", "ESMA104E USERID "
	    "ACF2ADM");
	refused_as("SET RULE INSERT X", "ESMA101E SET RULE INSERT IS NOT A "
	    "acf2 COMMAND");
	refused_as("SET BOGUS LIST", "ESMA101E SET BOGUS LIST");
	refused_as("COMPILE $KEY(PAY) - R(A)", "ESMA101E COMPILE $KEY");
	/* The defaults: rules yes; GSO and a lone SET no. */
	policy_agent("acf2", NULL);
	passes("SET RULE COMPILE $KEY(PAY) SALARY.- UID(ALICE) R(A)",
	    "RULE-COMPILE");
	passes("set rule decomp pay", "RULE-DECOMP");
	passes("SET RESOURCE(FAC) RECKEY X ADD(UID(ALICE) ALLOW)",
	    "RESOURCE-RECKEY");
	refused_as("SET RULE RECKEY PAY ADD(- UID(PAY-) R(A))",
	    "ESMA105E RULE-RECKEY MAY NOT NAME EVERY USER");
	refused_as("SET RULE", "ESMA102E SET IS NOT ALLOWED");
	refused_as("SET CONTROL(GSO) CHANGE PSWD MAXTRY(0)",
	    "ESMA102E GSO-CHANGE IS NOT ALLOWED");
	/* Allowed, a GSO change still reaches every user; a lone SET
	   still cannot be read. */
	policy_agent("acf2", "GSO-CHANGE GSO-LIST SET");
	refused_as("SET CONTROL(GSO) CHANGE PSWD MAXTRY(0)",
	    "ESMA105E GSO-CHANGE MAY NOT NAME EVERY USER");
	passes("SET CONTROL( gso ) LIST", "GSO-LIST");
	refused_as("SET RULE", "ESMA103E");
}
END_TEST

START_TEST(policy_racf_unchanged)
{
	policy_agent("racf", NULL);
	passes("alu alice revoke", "ALTUSER");
	passes("LISTUSER *", "LISTUSER");
	refused_as("ALTUSER IBMUSER SPECIAL", "ESMA104E USERID IBMUSER");
	refused_as("SETROPTS PASSWORD(REVOKE(1))", "ESMA102E SETROPTS");
	refused_as("TSO DELETE 'SYS1.PARMLIB'", "ESMA101E TSO DELETE IS NOT "
	    "A racf COMMAND");
	refused_as("'ALTUSER' X", "ESMA101E X IS NOT A racf COMMAND");
	refused_as("('ALTUSER')", "ESMA101E THE LINE IS NOT A racf COMMAND");
	/* A long word is cut to fit the message. */
	refused_as("ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZ X",
	    "ESMA101E ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRST IS NOT");
}
END_TEST

static void
policy_teardown(void)
{
	agent_conf_clear(&pag.ag_conf);
}

static Suite *
agent_suite(void)
{
	Suite *s = suite_create("agent");
	TCase *tc;

	tc = tcase_create("racf-language");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, canonical_verbs);
	tcase_add_test(tc, targets_first_positional);
	tcase_add_test(tc, targets_password_user);
	tcase_add_test(tc, targets_refuse_odd_syntax);
	tcase_add_test(tc, mask_passwords);
	tcase_add_test(tc, idlists);
	suite_add_tcase(s, tc);
	tc = tcase_create("files");
	tcase_add_checked_fixture(tc, file_setup, testdir_remove);
	tcase_add_test(tc, idlist_file_is_swapped_only_when_good);
	tcase_add_test(tc, conf_good);
	tcase_add_test(tc, conf_errors);
	tcase_add_test(tc, conf_events);
	tcase_add_test(tc, conf_server_only_needs_no_key);
	suite_add_tcase(s, tc);
	tc = tcase_create("policy");
	tcase_add_checked_fixture(tc, NULL, policy_teardown);
	tcase_add_test(tc, policy_tss_prefix);
	tcase_add_test(tc, policy_acf2_modes);
	tcase_add_test(tc, policy_racf_unchanged);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(agent_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
