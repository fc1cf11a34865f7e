/*
 * check_racf_list.c - LISTUSER and LISTGRP output captured from the
 * simulator (files in tests/unit/data/racf/) to exact entries, fed whole and
 * in odd chunk sizes.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backends/map.h"
#include "backends/racf/racf_list.h"
#include "gateway/entry.h"
#include "gateway/schema.h"

#include "testreq.h"

static struct schema *sch;
static struct map *map;
static char err[512];

/* Entries as LDIF-ish text, appended by the callback. */
static char *out;
static size_t outlen;

static const char *
srcdir(void)
{
	const char *s = getenv("top_srcdir");

	return s != NULL ? s : ".";
}

static void
out_add(const char *s)
{
	size_t n = strlen(s);

	out = realloc(out, outlen + n + 1);
	memcpy(out + outlen, s, n + 1);
	outlen += n;
}

static void
dump_cb(void *arg, struct entry *e)
{
	static const char *const skip[] = { "objectClass", NULL };
	char line[2200], *text;

	(void)arg;
	snprintf(line, sizeof(line), "dn: %s\n", e->e_dn);
	out_add(line);
	out_add(text = testreq_text(e, skip));
	out_add("\n");
	free(text);
	entry_free(e);
}

static void
setup(void)
{
	char path[1024];

	sch = schema_new();
	snprintf(path, sizeof(path), "%s/schema/core.schema", srcdir());
	ck_assert_msg(schema_load_file(sch, path, err, sizeof(err)) == 0,
	    "%s", err);
	snprintf(path, sizeof(path), "%s/schema/racf.schema", srcdir());
	ck_assert_msg(schema_load_file(sch, path, err, sizeof(err)) == 0,
	    "%s", err);
	snprintf(path, sizeof(path), "%s/schema/racf.map", srcdir());
	map = map_load(path, sch, err, sizeof(err));
	ck_assert_msg(map != NULL, "%s", err);
	out = NULL;
	outlen = 0;
	out_add("");
}

static void
teardown(void)
{
	free(out);
	map_unref(map);
	schema_free(sch);
}

/* The lines of a data file (bv_val pointing into *buf). */
static size_t
read_lines(const char *name, char **buf, struct berval **lines)
{
	char path[1024];
	size_t n = 0, len = 0;
	char *p, *nl;
	FILE *f;

	snprintf(path, sizeof(path), "%s/tests/unit/data/racf/%s", srcdir(),
	    name);
	ck_assert_msg((f = fopen(path, "r")) != NULL, "%s", path);
	*buf = malloc(1 << 20);
	len = fread(*buf, 1, (1 << 20) - 1, f);
	fclose(f);
	(*buf)[len] = '\0';
	*lines = NULL;
	for (p = *buf; *p != '\0'; p = nl + 1) {
		if ((nl = strchr(p, '\n')) == NULL)
			nl = p + strlen(p);
		*lines = realloc(*lines, (n + 1) * sizeof(**lines));
		(*lines)[n].bv_val = p;
		(*lines)[n].bv_len = nl - p;	/* without the newline */
		n++;
		if (*nl == '\0')
			break;
	}
	return n;
}

/* Parse a data file fed chunk lines at a time; returns records. */
static size_t
parse(enum racf_list_kind kind, const char *name, size_t chunk)
{
	struct racf_list *rl;
	struct berval *lines;
	size_t n, i, recs;
	char *buf;

	n = read_lines(name, &buf, &lines);
	rl = racf_list_new(kind, map, sch, "dc=racf,dc=com", dump_cb, NULL);
	for (i = 0; i < n; i += chunk)
		ck_assert_msg(racf_list_feed(rl, lines + i, n - i < chunk ?
		    n - i : chunk, err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(racf_list_end(rl, err, sizeof(err)), 0);
	recs = racf_list_nrecords(rl);
	racf_list_free(rl);
	free(lines);
	free(buf);
	return recs;
}

static const char scla[] =
    "dn: uid=SCLA0000,ou=People,dc=racf,dc=com\n"
    "uid: SCLA0000\n"
    "cn: SARAH CLARK\n"
    "sn: CLARK\n"
    "givenName: SARAH\n"
    "owner: cn=PAYROLL,ou=Groups,dc=racf,dc=com\n"
    "defaultGroup: PAYROLL\n"
    "instdata: EMP#100000 FINANCE\n"
    "attributes: SPECIAL\n"
    "revoked: FALSE\n"
    "revokeDate: 20301231000000Z\n"
    "passwordExpired: FALSE\n"
    "passwordInterval: 30\n"
    "passwordDate: 20261121000000Z\n"
    "createDate: 20261121000000Z\n"
    "memberOf: cn=PAYROLL,ou=Groups,dc=racf,dc=com\n"
    "memberOf: cn=SYS1,ou=Groups,dc=racf,dc=com\n"
    "tsoAcctNum: ACCT2384\n"
    "tsoProc: ISPFPROC\n"
    "tsoSize: 8192\n"
    "tsoMaxSize: 65536\n"
    "tsoUnit: SYSALLDA\n"
    "tsoUserdata: 00FF\n"
    "tsoCommand: ISPF NOLOGO\n"
    "tsoHoldclass: X\n"
    "tsoJobclass: A\n"
    "tsoMsgclass: X\n"
    "tsoSysoutclass: A\n"
    "omvsUid: 10000\n"
    "omvsHome: /u/SCLA0000\n"
    "omvsProgram: /bin/sh\n"
    "cicsOpident: SCL\n"
    "cicsOpprty: 53\n"
    "cicsTimeout: 0030\n"
    "\n";

static const char noname[] =
    "dn: uid=NONAME1,ou=People,dc=racf,dc=com\n"
    "uid: NONAME1\n"
    "cn: NONAME1\n"
    "sn: NONAME1\n"
    "owner: uid=IBMUSER,ou=People,dc=racf,dc=com\n"
    "defaultGroup: SYS1\n"
    "revoked: FALSE\n"
    "passwordExpired: FALSE\n"
    "passwordInterval: 30\n"
    "createDate: 20261121000000Z\n"
    "memberOf: cn=SYS1,ou=Groups,dc=racf,dc=com\n"
    "\n";

static const char jdoe[] =
    "dn: uid=JDOE,ou=People,dc=racf,dc=com\n"
    "uid: JDOE\n"
    "cn: JOHN Q. O'DOE\n"
    "sn: O'DOE\n"
    "givenName: JOHN Q.\n"
    "owner: uid=IBMUSER,ou=People,dc=racf,dc=com\n"
    "defaultGroup: SYS1\n"
    "revoked: TRUE\n"
    "passwordExpired: TRUE\n"
    "passwordInterval: 30\n"
    "createDate: 20261121000000Z\n"
    "memberOf: cn=SYS1,ou=Groups,dc=racf,dc=com\n"
    "\n";

START_TEST(list_user_with_segments)
{
	ck_assert_uint_eq(parse(RACF_LIST_USERS, "lu_full.txt", 1000), 1);
	ck_assert_str_eq(out, scla);
}
END_TEST

START_TEST(list_user_without_segments)
{
	ck_assert_uint_eq(parse(RACF_LIST_USERS, "lu_bare.txt", 1000), 1);
	ck_assert_str_eq(out, noname);
}
END_TEST

START_TEST(list_user_revoked_expired)
{
	ck_assert_uint_eq(parse(RACF_LIST_USERS, "lu_revoked.txt", 1000), 1);
	ck_assert_str_eq(out, jdoe);
}
END_TEST

/* LISTUSER * in odd chunk sizes: the same four entries each time. */
START_TEST(list_all_users_chunked)
{
	static const size_t chunks[] = { 1, 2, 3, 7, 13, 64, 1000 };
	char *first = NULL;

	ck_assert_uint_eq(parse(RACF_LIST_USERS, "lu_all.txt", chunks[_i]),
	    4);
	ck_assert_ptr_nonnull(strstr(out, "dn: uid=IBMUSER,"));
	ck_assert_ptr_nonnull(strstr(out, "memberOf: cn=PAYROLL,ou=Groups,"
	    "dc=racf,dc=com\nmemberOf: cn=SYS1"));
	ck_assert_ptr_nonnull(strstr(out, noname));
	ck_assert_ptr_nonnull(strstr(out, scla));
	first = strdup(out);
	free(out);
	out = NULL;
	outlen = 0;
	out_add("");
	parse(RACF_LIST_USERS, "lu_all.txt", 1000);
	ck_assert_str_eq(out, first);
	free(first);
}
END_TEST

START_TEST(list_group_members)
{
	ck_assert_uint_eq(parse(RACF_LIST_GROUPS, "lg_members.txt", 5), 1);
	ck_assert_str_eq(out,
	    "dn: cn=PAYROLL,ou=Groups,dc=racf,dc=com\n"
	    "cn: PAYROLL\n"
	    "owner: cn=SYS1,ou=Groups,dc=racf,dc=com\n"
	    "superiorGroup: SYS1\n"
	    "instdata: DEPT\n"
	    "createDate: 20261121000000Z\n"
	    "omvsGid: 1234\n"
	    "member: uid=JDOE,ou=People,dc=racf,dc=com\n"
	    "member: uid=SCLA0000,ou=People,dc=racf,dc=com\n"
	    "uniqueMember: uid=JDOE,ou=People,dc=racf,dc=com\n"
	    "uniqueMember: uid=SCLA0000,ou=People,dc=racf,dc=com\n"
	    "subGroups: cn=DEPT1,ou=Groups,dc=racf,dc=com\n"
	    "subGroups: cn=DEPT2,ou=Groups,dc=racf,dc=com\n"
	    "\n");
}
END_TEST

START_TEST(list_group_empty_and_missing)
{
	struct racf_list *rl;
	struct berval *lines;
	size_t n;
	char *buf;

	n = read_lines("lg_empty.txt", &buf, &lines);
	rl = racf_list_new(RACF_LIST_GROUPS, map, sch, "dc=racf,dc=com",
	    dump_cb, NULL);
	ck_assert_int_eq(racf_list_feed(rl, lines, n, err, sizeof(err)), 0);
	ck_assert_int_eq(racf_list_end(rl, err, sizeof(err)), 0);
	ck_assert_uint_eq(racf_list_nrecords(rl), 1);
	ck_assert_uint_eq(racf_list_nmessages(rl), 1);
	racf_list_free(rl);
	free(lines);
	free(buf);
	ck_assert_str_eq(out,
	    "dn: cn=EMPTY1,ou=Groups,dc=racf,dc=com\n"
	    "cn: EMPTY1\n"
	    "owner: uid=IBMUSER,ou=People,dc=racf,dc=com\n"
	    "superiorGroup: SYS1\n"
	    "instdata: NOBODY HERE\n"
	    "createDate: 20261121000000Z\n"
	    "\n");
}
END_TEST

static int
resolver(void *arg, const char *id)
{
	(void)arg;
	return strcmp(id, "IBMUSER") == 0 ? MAP_GROUP : -1;
}

START_TEST(list_messages_and_garbage)
{
	static const char *msg[] = {
		"ICH30001I UNABLE TO LOCATE USER ENTRY X"
	};
	static const char *junk[] = { "hello world" };
	struct racf_list *rl;
	struct berval bv;

	rl = racf_list_new(RACF_LIST_USERS, map, sch, "dc=racf,dc=com",
	    dump_cb, NULL);
	bv.bv_val = (char *)msg[0];
	bv.bv_len = strlen(msg[0]);
	ck_assert_int_eq(racf_list_feed(rl, &bv, 1, err, sizeof(err)), 0);
	ck_assert_uint_eq(racf_list_nmessages(rl), 1);
	bv.bv_val = (char *)junk[0];
	bv.bv_len = strlen(junk[0]);
	ck_assert_int_eq(racf_list_feed(rl, &bv, 1, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "not LIST output"));
	bv.bv_val = "USER=bad(x)  NAME=X";
	bv.bv_len = strlen(bv.bv_val);
	ck_assert_int_eq(racf_list_feed(rl, &bv, 1, err, sizeof(err)), -1);
	bv.bv_val = "USER=A\0B";
	bv.bv_len = 8;
	ck_assert_int_eq(racf_list_feed(rl, &bv, 1, err, sizeof(err)), -1);
	/* The resolver decides what OWNER names. */
	racf_list_set_resolver(rl, resolver, NULL);
	bv.bv_val = "USER=A1  NAME=X                     OWNER=IBMUSER   "
	    "CREATED=24.001";
	bv.bv_len = strlen(bv.bv_val);
	ck_assert_int_eq(racf_list_feed(rl, &bv, 1, err, sizeof(err)), 0);
	ck_assert_int_eq(racf_list_end(rl, err, sizeof(err)), 0);
	ck_assert_ptr_nonnull(strstr(out, "owner: cn=IBMUSER,ou=Groups,"));
	ck_assert_ptr_nonnull(strstr(out, "cn: X\nsn: X\n"));
	racf_list_free(rl);
}
END_TEST

/* A NAME of 20 characters holding "  OWNER=" is still the NAME. */
START_TEST(list_name_columns)
{
	struct racf_list *rl;
	struct berval bv;

	rl = racf_list_new(RACF_LIST_USERS, map, sch, "dc=racf,dc=com",
	    dump_cb, NULL);
	bv.bv_val = "USER=A1  NAME=X  OWNER=EVIL  AB C   OWNER=OWN1      "
	    "CREATED=24.001";
	bv.bv_len = strlen(bv.bv_val);
	ck_assert_int_eq(racf_list_feed(rl, &bv, 1, err, sizeof(err)), 0);
	ck_assert_int_eq(racf_list_end(rl, err, sizeof(err)), 0);
	ck_assert_ptr_nonnull(strstr(out, "cn: X  OWNER=EVIL  AB C\n"));
	ck_assert_ptr_nonnull(strstr(out, "owner: uid=OWN1,"));
	racf_list_free(rl);
}
END_TEST

START_TEST(list_commands)
{
	const char *ids[] = { "JOE", "ANN", "BOB" }, *all = "*";
	const char *sys1 = "SYS1";
	char *c;

	c = racf_list_command(RACF_LIST_USERS, map, ids, 1);
	ck_assert_str_eq(c, "LISTUSER JOE TSO OMVS CICS");
	free(c);
	c = racf_list_command(RACF_LIST_USERS, map, &all, 1);
	ck_assert_str_eq(c, "LISTUSER * TSO OMVS CICS");
	free(c);
	c = racf_list_command(RACF_LIST_USERS, map, ids, 3);
	ck_assert_str_eq(c, "LISTUSER (JOE ANN BOB) TSO OMVS CICS");
	free(c);
	c = racf_list_command(RACF_LIST_GROUPS, map, &sys1, 1);
	ck_assert_str_eq(c, "LISTGRP SYS1 OMVS");
	free(c);
}
END_TEST

static Suite *
list_suite(void)
{
	Suite *s = suite_create("racf_list");
	TCase *tc;

	tc = tcase_create("users");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, list_user_with_segments);
	tcase_add_test(tc, list_user_without_segments);
	tcase_add_test(tc, list_user_revoked_expired);
	tcase_add_loop_test(tc, list_all_users_chunked, 0, 7);
	tcase_add_test(tc, list_messages_and_garbage);
	tcase_add_test(tc, list_name_columns);
	suite_add_tcase(s, tc);
	tc = tcase_create("groups");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, list_group_members);
	tcase_add_test(tc, list_group_empty_and_missing);
	tcase_add_test(tc, list_commands);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(list_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
