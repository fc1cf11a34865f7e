/*
 * check_map.c - schema maps: the file format, every load error with its
 * file:line, reference counting, records to entries, dates, templates
 * and the merging of operands.
 */
#include "config.h"

#include <check.h>
#include <ldap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backends/map.h"
#include "gateway/entry.h"
#include "gateway/schema.h"

static struct schema *sch;
static char err[512];

static const char *
srcdir(void)
{
	const char *s = getenv("top_srcdir");

	return s != NULL ? s : ".";
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
}

static void
teardown(void)
{
	schema_free(sch);
}

#define HEAD "class user uid ou=People top,person,inetOrgPerson,racfUser\n" \
	"user uid id rdn read=USER\n"

static struct map *
load(const char *text)
{
	return map_load_text("t.map", text, strlen(text), sch, err,
	    sizeof(err));
}

START_TEST(map_loads_racf_map)
{
	char path[1024];
	struct map *m;
	const struct map_attr *ma;

	snprintf(path, sizeof(path), "%s/schema/racf.map", srcdir());
	m = map_load(path, sch, err, sizeof(err));
	ck_assert_msg(m != NULL, "%s", err);
	ma = map_find(m, MAP_USER, "commonName", 10);
	ck_assert_ptr_nonnull(ma);
	ck_assert_str_eq(ma->ma_read, "NAME");
	ck_assert_int_eq(ma->ma_syntax, MAP_SX_TEXT);
	ck_assert_int_eq(ma->ma_max, 20);
	ck_assert_ptr_nonnull(map_find(m, MAP_USER, "2.5.4.3", 7));
	ck_assert_ptr_null(map_find(m, MAP_USER, "mail", 4));
	ck_assert_str_eq(map_rdn(m, MAP_USER)->ma_name, "uid");
	ck_assert_str_eq(map_rdn(m, MAP_GROUP)->ma_name, "cn");
	ck_assert_int_eq(map_reads_segment(m, MAP_USER, "TSO"), 1);
	ck_assert_int_eq(map_reads_segment(m, MAP_USER, "DFP"), 0);
	ck_assert_int_eq(map_reads_segment(m, MAP_GROUP, "OMVS"), 1);
	ma = map_find(m, MAP_USER, "passwordInterval", 16);
	ck_assert_int_eq(ma->ma_via, MAP_VIA_COMMAND);
	ck_assert_str_eq(ma->ma_set, "PASSWORD USER(%u) INTERVAL(%v)");
	ck_assert_int_eq(map_find(m, MAP_USER, "userPassword", 12)->ma_flags &
	    MAP_F_WRITEONLY, MAP_F_WRITEONLY);
	map_unref(m);
}
END_TEST

START_TEST(map_missing_file)
{
	ck_assert_ptr_null(map_load("/nonexistent/x.map", sch, err,
	    sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, "/nonexistent/x.map"));
}
END_TEST

/* Each load error, with the line it names. */
static const struct {
	const char	*text;
	const char	*msg;
} bad[] = {
	{ HEAD "user nosuchattr text(1,8) read=X set=X(%v)\n",
	    "t.map:3: no attribute type nosuchattr" },
	{ HEAD "user cn text(1,8) read=NAME set=NAME(%v)\n"
	    "user commonName text(1,8) read=NAME set=NAME(%v)\n",
	    "t.map:4: user commonName is mapped twice (line 3)" },
	{ HEAD "user objectClass text(1,8) read=X set=X(%v)\n",
	    "t.map:3: objectClass comes from the class line" },
	{ HEAD "user defaultGroup id multi read=X via=command "
	    "set=\"A %u X(%v)\" clear=\"B %u X(%v)\"\n",
	    "t.map:3: defaultGroup is single-valued" },
	{ HEAD "user defaultGroup flags(A,B) read=X set=%v clear=NO%v\n",
	    "t.map:3: clear=NO%v: clears the whole field" },
	{ HEAD "user revoked text(1,5) read=X set=X(%v)\n",
	    "t.map:3: attribute type revoked has syntax" },
	{ HEAD "user tsoSize flag read=X true=Y set=A clear=B\n",
	    "t.map:3: attribute type tsoSize has syntax" },
	{ HEAD "user createDate number(0,9) readonly read=CREATED\n",
	    "t.map:3: attribute type createDate" },
	{ HEAD "user cn bogus read=X\n", "t.map:3: unknown syntax bogus" },
	{ HEAD "user cn text(9,1) read=X set=X(%v)\n", "t.map:3: text(9,1)" },
	{ HEAD "user cn text read=X set=X(%v)\n", "t.map:3: text needs" },
	{ HEAD "user cn text(1,20) set=NAME(%v)\n", "t.map:3: read= missing" },
	{ HEAD "user cn text(1,20) read=NAME\n", "t.map:3: set= missing" },
	{ HEAD "user cn text(1,20) read=NAME set=NAME\n",
	    "t.map:3: set=NAME: must say where the value goes" },
	{ HEAD "user cn text(1,20) read=NAME set=NAME(%v) clear=NO(%v)\n",
	    "t.map:3: clear=NO(%v): clears the whole field" },
	{ HEAD "user cn text(1,20) read=NAME set=NAME('%v')\n",
	    "t.map:3: set=NAME('%v'): only letters" },
	{ HEAD "user cn text(1,20) read=NAME set=NAME(%v;X)\n",
	    "t.map:3: set=NAME(%v;X): only letters" },
	{ HEAD "user cn text(1,20) read=NAME set=NAME((%v)\n",
	    "t.map:3: set=NAME((%v): ( must follow" },
	{ HEAD "user cn text(1,20) read=NAME set=NAME(%v\n",
	    "t.map:3: set=NAME(%v: unbalanced" },
	{ HEAD "user cn text(1,20) read=NAME set=NAME(%x)\n",
	    "t.map:3: set=NAME(%x): unknown placeholder" },
	{ HEAD "user cn text(1,20) read=NAME set=\"NAME(%v\n",
	    "t.map:3: unterminated" },
	{ HEAD "user cn text(1,20) read=NAME set=NAME(%v) color=red\n",
	    "t.map:3: unknown option color=" },
	{ HEAD "user cn text(1,20) read=NAME set=NAME(%v) shiny\n",
	    "t.map:3: unknown word shiny" },
	{ HEAD "user revoked flag read=ATTRIBUTES set=REVOKE\n",
	    "t.map:3: a flag needs true=" },
	{ HEAD "user revoked flag read=A true=R set=REVOKE(%v)\n",
	    "t.map:3: set=REVOKE(%v): a flag takes no value" },
	{ HEAD "user createDate date(yy.ddd,dd.mm.yy) readonly read=C\n",
	    "t.map:3: date(yy.ddd,dd.mm.yy)" },
	{ HEAD "user memberOf dnlist(group) read=GROUP set=X(%v)\n",
	    "t.map:3: class group has no class line" },
	{ HEAD "user createDate date(yy.ddd,mm/dd/yy) readonly read=C "
	    "set=X(%v)\n", "t.map:3: rdn, readonly and derived" },
	{ HEAD "user userPassword secret(1,8) writeonly read=PW "
	    "set=PASSWORD(%v)\n",
	    "t.map:3: a writeonly attribute has no read=" },
	{ HEAD "user userPassword secret(1,8) read=PW set=PASSWORD(%v)\n",
	    "t.map:3: a secret is never read back: writeonly" },
	{ HEAD "user userPassword secret(1,8) set=PASSWORD(%v)\n",
	    "t.map:3: read= missing" },
	{ HEAD "user cn text(1,8) writeonly readonly set=X(%v)\n",
	    "t.map:3: writeonly excludes" },
	{ HEAD "user cn id rdn read=NAME\n",
	    "t.map:3: rdn: class user is named by uid" },
	{ HEAD "user cn text(1,8) word=middle read=N set=N(%v)\n",
	    "t.map:3: word=middle" },
	{ HEAD "user tsoSize number(0,9) word=last read=N set=N(%v)\n",
	    "t.map:3: word= is for the text syntax only" },
	{ HEAD "user cn text(1,8) via=sideways read=N set=N(%v)\n",
	    "t.map:3: via=sideways: use main, alter, create or command" },
	{ HEAD "user cn text(1,8) read=N set=N(%v) read=M\n",
	    "t.map:3: read= given twice" },
	{ "user cn text(1,8) read=N set=N(%v)\n",
	    "t.map:1: class user has no class line yet" },
	{ "class user uid ou=People top,racfUser\n",
	    "t.map:1: class user: no line maps its rdn uid" },
	{ "class user nosuch ou=People top\n",
	    "t.map:1: no attribute type nosuch" },
	{ "class user uid ou=People top,nosuchclass\n",
	    "t.map:1: no object class nosuchclass" },
	{ "class thing uid ou=People top\n", "t.map:1: unknown class thing" },
	{ "class user uid ou=People\n", "t.map:1: expected: class" },
	{ HEAD "class user uid ou=People top\n",
	    "t.map:3: class user defined twice" },
	{ "\n# c\nfrobnicate x\n", "t.map:3: unknown keyword frobnicate" },
	{ "class group cn ou=Groups top,racfGroup\ngroup cn id rdn read=G\n"
	    HEAD "user memberOf dnlist(user,group) read=G via=command "
	    "set=\"CONNECT %u GROUP(%v)\"\n",
	    "t.map:5: dnlist takes one class" },
	{ "class group cn ou=Groups top,racfGroup\ngroup cn id rdn read=G\n"
	    HEAD "user memberOf dnlist(group) read=G set=X(%v) clear=Y(%v)\n",
	    "t.map:5: dnlist and grant values are set one command each" },
	{ HEAD "user description grant read=G set=X(%v) clear=Y(%v)\n",
	    "t.map:3: dnlist and grant values are set one command each" },
	{ HEAD "user description grant(1,2) read=G via=command "
	    "set=\"X %u Y(%v)\" clear=\"Z %u Y(%v)\"\n",
	    "t.map:3: syntax grant takes no arguments" },
	{ HEAD "user description grant read=G via=command set=\"X %u Y(%v)\" "
	    "clear=\"Z %u\"\n",
	    "t.map:3: clear=Z %u: a multi-valued field clears one value" },
	{ HEAD "group cn id rdn read=GROUP\n",
	    "t.map:3: class group has no class line" },
	{ HEAD "user attributes flags(A,B) multi read=X via=command "
	    "set=\"S %u %v\" clear=\"C %u %v\"\n",
	    "t.map:3: multi is for the text, id and number" },
	{ HEAD "user description text(1,8) multi read=X set=X(%v) "
	    "clear=Y(%v)\n", "t.map:3: multi values are set one command" },
	{ HEAD "user createDate date(yy.ddd,mm/dd/yy) readonly required "
	    "read=C\n", "t.map:3: a required attribute is written" },
	{ HEAD "user cn text(1,8) read=N set=N(%v) clear=NON "
	    "clearvia=create\n", "t.map:3: clearvia=create: use main, alter" },
	{ HEAD "user cn text(1,8) read=N set=N(%v) clearvia=command\n",
	    "t.map:3: clearvia= says where clear= goes: clear= missing" },
	{ HEAD "user cn text(1,8) read=N set=N(%v) clear=(X) "
	    "clearvia=command\n", "t.map:3: clear=(X): a template starts" },
	{ HEAD "user cn text(1,8) read=N set=N(%v) clear=NON(X) "
	    "clearvia=command\n", "" },
	{ HEAD "user cn text(1,8) read=N set=N(%k)\n",
	    "t.map:3: set=N(%k): %k (a grant's key) is for the grant" },
	{ HEAD "user description grant read=G via=command "
	    "set=\"X %u %v %k\" clear=\"Z %u %k\"\n",
	    "t.map:3: set=X %u %v %k: %v and %k exclude each other" },
	{ HEAD "user cn text(1,8) read=N set=N(%{nosuch}%v)\n",
	    "t.map:3: set=N(%{nosuch}%v): %{nosuch}: no user line maps it" },
	{ HEAD "user cn text(1,8) read=N set=N(%v)\n"
	    "user sn text(1,8) read=S set=S(%{cn}%v)\n",
	    "t.map:4: set=S(%{cn}%v): %{cn} must name another line" },
	{ HEAD "user cn text(1,8) read=N set=N(%{}%v)\n",
	    "t.map:3: set=N(%{}%v): %{ needs an attribute name" },
	{ HEAD "user cn text(1,8) read=N set=\"N(%{a b}%v)\"\n",
	    "t.map:3: set=N(%{a b}%v): %{ needs an attribute name" },
};

START_TEST(map_load_errors)
{
	struct map *m = load(bad[_i].text);

	if (m != NULL)
		map_unref(m);
	if (bad[_i].msg[0] == '\0') {	/* the good twin of the line before */
		ck_assert_msg(m != NULL, "%s: %s", bad[_i].text, err);
		return;
	}
	ck_assert_msg(m == NULL, "loaded: %s", bad[_i].text);
	ck_assert_msg(strstr(err, bad[_i].msg) != NULL, "want \"%s\", got "
	    "\"%s\"", bad[_i].msg, err);
}
END_TEST

START_TEST(map_load_nul_and_long_lines)
{
	char buf[6000];

	ck_assert_ptr_null(map_load_text("t.map", "class\0 user", 11, sch,
	    err, sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, "t.map:1: NUL byte"));
	memset(buf, 'x', sizeof(buf));
	buf[0] = '#';
	ck_assert_ptr_null(map_load_text("t.map", buf, sizeof(buf), sch, err,
	    sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, "t.map:1: line longer"));
}
END_TEST

START_TEST(map_refcount)
{
	struct map *m = load(HEAD "user cn text(1,20) read=NAME "
	    "set=NAME(%v)\n");

	ck_assert_msg(m != NULL, "%s", err);
	ck_assert_int_eq(m->m_refs, 1);
	ck_assert_ptr_eq(map_ref(m), m);
	ck_assert_int_eq(m->m_refs, 2);
	map_unref(m);
	ck_assert_int_eq(m->m_refs, 1);
	/* Still usable by the holder of the last reference. */
	ck_assert_ptr_nonnull(map_find(m, MAP_USER, "cn", 2));
	map_unref(m);
	map_unref(NULL);
}
END_TEST

/* "A new attribute for an existing field needs a map line and a schema
   line, no C": tsoDest. */
START_TEST(map_new_attribute_is_data)
{
	static const char def[] = "attributetype ( 1.3.6.1.4.1.99999.1 "
	    "NAME 'tsoDest' EQUALITY caseIgnoreMatch "
	    "SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )\n";
	struct map_rec r;
	struct entry *e;
	struct attr *a;
	struct map *m;
	FILE *f;
	char path[] = "/tmp/check_map.XXXXXX";
	int fd;

	ck_assert_int_ge(fd = mkstemp(path), 0);
	ck_assert_ptr_nonnull(f = fdopen(fd, "w"));
	fputs(def, f);
	fclose(f);
	ck_assert_msg(schema_load_file(sch, path, err, sizeof(err)) == 0,
	    "%s", err);
	unlink(path);
	m = load(HEAD "user tsoDest text(1,8) upper read=TSO.DEST "
	    "set=TSO(DEST(%v)) clear=TSO(NODEST)\n");
	ck_assert_msg(m != NULL, "%s", err);
	memset(&r, 0, sizeof(r));
	map_rec_add(&r, "USER", "JOE", 3);
	map_rec_add(&r, "TSO.DEST", "RMT1", 4);
	e = map_rec_entry(m, sch, MAP_USER, &r, "dc=x", NULL, NULL);
	ck_assert_ptr_nonnull(e);
	ck_assert_ptr_nonnull(a = entry_find(e, "tsoDest"));
	ck_assert_str_eq(a->a_vals[0].bv_val, "RMT1");
	entry_free(e);
	map_rec_free(&r);
	map_unref(m);
}
END_TEST

/* A grant is read as text, every value; via=create loads. */
START_TEST(map_grant_and_create_lines)
{
	struct map_rec r;
	struct entry *e;
	struct attr *a;
	struct map *m;

	m = load(HEAD "user description grant read=GRANT via=command "
	    "set=\"GRANT %u X(%v)\" clear=\"UNGRANT %u X(%v)\"\n"
	    "user sn text(1,8) read=KIND set=KIND(%v) via=create\n");
	ck_assert_msg(m != NULL, "%s", err);
	ck_assert_int_eq(map_find(m, MAP_USER, "sn", 2)->ma_via,
	    MAP_VIA_CREATE);
	ck_assert(map_attr_is_multi(map_find(m, MAP_USER, "description",
	    11)));
	memset(&r, 0, sizeof(r));
	map_rec_add(&r, "USER", "JOE", 3);
	map_rec_add(&r, "GRANT", "SYS1.** R(A)", 12);
	map_rec_add(&r, "GRANT", "PAY.- W(L)", 10);
	e = map_rec_entry(m, sch, MAP_USER, &r, "dc=x", NULL, NULL);
	ck_assert_ptr_nonnull(e);
	ck_assert_ptr_nonnull(a = entry_find(e, "description"));
	ck_assert_uint_eq(a->a_nvals, 2);
	ck_assert_str_eq(a->a_vals[0].bv_val, "SYS1.** R(A)");
	ck_assert_str_eq(a->a_vals[1].bv_val, "PAY.- W(L)");
	entry_free(e);
	map_rec_free(&r);
	map_unref(m);
}
END_TEST

/*
 * What later map versions added: multi, required, clearvia=, flags() of
 * one keyword on a single-valued type, %k and %{ATTR}.
 */
START_TEST(map_multi_required_refs)
{
	const struct map_attr *ma;
	const char *name;
	struct map_rec r;
	struct entry *e;
	struct attr *a;
	struct map *m;
	size_t pos = 0, n, start;

	m = load(HEAD "class group cn ou=Groups top,racfGroup\n"
	    "group cn id rdn read=G\n"
	    "group superiorGroup flags(PROFILE,GROUP) required via=create "
	    "read=TYPE set=TYPE(%v)\n"
	    "group member dnlist(user) read=M via=command "
	    "set=\"ADD(%v) %{superiorGroup}(%u)\" "
	    "clear=\"REM(%v) %{superiorGroup}(%u)\"\n"
	    "user description id multi read=FAC via=command "
	    "set=\"ADD(%u) FAC(%v)\" clear=\"REM(%u) FAC(%v)\"\n"
	    "user defaultGroup id read=DG set=DG(%v) via=alter "
	    "clear=\"REM(%u) DG\" clearvia=command\n"
	    "user cn text(1,8) required read=N set=N(%v)\n"
	    "user attributes grant read=XA via=command set=\"PERMIT(%u) %v\" "
	    "clear=\"REVOKE(%u) %k\"\n"
	    "user createDate date(mm/dd/yy,mm/dd/yy) readonly read=C\n");
	ck_assert_msg(m != NULL, "%s", err);
	ma = map_find(m, MAP_GROUP, "superiorGroup", 13);
	ck_assert_int_eq(map_attr_is_multi(ma), 0);
	ck_assert_uint_eq(ma->ma_flags & MAP_F_REQUIRED, MAP_F_REQUIRED);
	ma = map_find(m, MAP_USER, "description", 11);
	ck_assert_int_eq(map_attr_is_multi(ma), 1);
	ma = map_find(m, MAP_USER, "defaultGroup", 12);
	ck_assert_int_eq(ma->ma_via, MAP_VIA_ALTER);
	ck_assert_int_eq(ma->ma_clearvia, MAP_VIA_COMMAND);
	ma = map_find(m, MAP_USER, "cn", 2);
	ck_assert_int_eq(ma->ma_clearvia, MAP_VIA_MAIN);
	ma = map_find(m, MAP_GROUP, "member", 6);
	ck_assert_int_eq(map_template_ref(ma->ma_set, &pos, &name, &n,
	    &start), 0);
	ck_assert_int_eq(strncmp(name, "superiorGroup", n), 0);
	ck_assert_uint_eq(n, 13);
	ck_assert_uint_eq(start, 8);
	ck_assert_int_eq(map_template_ref(ma->ma_set, &pos, &name, &n,
	    &start), -1);
	/* A multi field reads every value; a date with " hh.mm". */
	memset(&r, 0, sizeof(r));
	map_rec_add(&r, "USER", "JOE", 3);
	map_rec_add(&r, "FAC", "TSO", 3);
	map_rec_add(&r, "FAC", "BATCH", 5);
	map_rec_add(&r, "C", "01/10/24 12.30", 14);
	e = map_rec_entry(m, sch, MAP_USER, &r, "dc=x", NULL, NULL);
	ck_assert_ptr_nonnull(a = entry_find(e, "description"));
	ck_assert_uint_eq(a->a_nvals, 2);
	ck_assert_str_eq(a->a_vals[1].bv_val, "BATCH");
	ck_assert_ptr_nonnull(a = entry_find(e, "createDate"));
	ck_assert_str_eq(a->a_vals[0].bv_val, "20240110123000Z");
	entry_free(e);
	map_rec_free(&r);
	map_unref(m);
}
END_TEST

static const char *
val(const struct entry *e, const char *name, size_t i)
{
	struct attr *a = entry_find(e, name);

	if (a == NULL || i >= a->a_nvals)
		return NULL;
	return a->a_vals[i].bv_val;
}

static int
is_group_cb(void *arg, const char *id)
{
	(void)arg;
	return strcmp(id, "ADMINS") == 0 ? MAP_GROUP : -1;
}

START_TEST(map_record_to_entry)
{
	struct map_rec r;
	struct entry *e;
	struct map *m;

	m = load("class group cn ou=Groups top,racfGroup\n"
	    "group cn id rdn read=GROUP\n"
	    HEAD
	    "user cn text(1,20) read=NAME set=NAME(%v)\n"
	    "user sn text(1,20) derived read=NAME word=last\n"
	    "user givenName text(1,20) derived read=NAME word=first\n"
	    "user tsoSize number(0,99999) read=TSO.SIZE set=TSO(SIZE(%v))\n"
	    "user revoked flag read=ATTRIBUTES true=REVOKED set=REVOKE "
	    "clear=RESUME via=alter\n"
	    "user passwordExpired flag read=PASSDATE true=00.000 "
	    "set=EXPIRED clear=NOEXPIRED\n"
	    "user attributes flags(SPECIAL,AUDITOR) read=ATTRIBUTES "
	    "set=%v clear=NO%v\n"
	    "user createDate date(yy.ddd,mm/dd/yy) readonly read=CREATED\n"
	    "user lastAccessDate date(yy.ddd,mm/dd/yy) readonly read=LA\n"
	    "user cicsTimeout text(4,4) strip=: read=CICS.TIMEOUT "
	    "set=CICS(TIMEOUT(%v))\n"
	    "user owner dn(user,group) read=OWNER set=OWNER(%v)\n"
	    "user memberOf dnlist(group) read=GROUP via=command "
	    "set=\"CONNECT %u GROUP(%v)\" clear=\"REMOVE %u GROUP(%v)\"\n");
	ck_assert_msg(m != NULL, "%s", err);
	memset(&r, 0, sizeof(r));
	map_rec_add(&r, "USER", "JOE", 3);
	map_rec_add(&r, "NAME", "MARY ANN SMITH", 14);
	map_rec_add(&r, "TSO.SIZE", "00004096", 8);
	map_rec_add(&r, "ATTRIBUTES", "REVOKED", 7);
	map_rec_add(&r, "ATTRIBUTES", "AUDITOR", 7);
	map_rec_add(&r, "ATTRIBUTES", "PROTECTED", 9);
	map_rec_add(&r, "PASSDATE", "24.366", 6);
	map_rec_add(&r, "CREATED", "24.060", 6);
	map_rec_add(&r, "LA", "99.365/23:59:58", 15);
	map_rec_add(&r, "CICS.TIMEOUT", "01:30", 5);
	map_rec_add(&r, "OWNER", "ADMINS", 6);
	map_rec_add(&r, "GROUP", "SYS1", 4);
	map_rec_add(&r, "GROUP", "A#1", 3);
	e = map_rec_entry(m, sch, MAP_USER, &r, "dc=racf,dc=com",
	    is_group_cb, NULL);
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(e->e_dn, "uid=JOE,ou=People,dc=racf,dc=com");
	ck_assert_str_eq(val(e, "objectClass", 3), "racfUser");
	ck_assert_str_eq(val(e, "cn", 0), "MARY ANN SMITH");
	ck_assert_str_eq(val(e, "sn", 0), "SMITH");
	ck_assert_str_eq(val(e, "givenName", 0), "MARY ANN");
	ck_assert_str_eq(val(e, "tsoSize", 0), "4096");
	ck_assert_str_eq(val(e, "revoked", 0), "TRUE");
	ck_assert_str_eq(val(e, "passwordExpired", 0), "FALSE");
	ck_assert_str_eq(val(e, "attributes", 0), "AUDITOR");
	ck_assert_ptr_null(val(e, "attributes", 1));
	ck_assert_str_eq(val(e, "createDate", 0), "20240229000000Z");
	ck_assert_str_eq(val(e, "lastAccessDate", 0), "19991231235958Z");
	ck_assert_str_eq(val(e, "cicsTimeout", 0), "0130");
	ck_assert_str_eq(val(e, "owner", 0), "cn=ADMINS,ou=Groups,"
	    "dc=racf,dc=com");
	ck_assert_str_eq(val(e, "memberOf", 0), "cn=SYS1,ou=Groups,"
	    "dc=racf,dc=com");
	ck_assert_str_eq(val(e, "memberOf", 1), "cn=A#1,ou=Groups,"
	    "dc=racf,dc=com");
	entry_free(e);

	/* Reuse: the record keeps its memory, not its pairs. */
	map_rec_reset(&r);
	map_rec_add(&r, "USER", "ANN", 3);
	map_rec_add(&r, "NAME", "ANN", 3);
	map_rec_add(&r, "TSO.SIZE", "N/A", 3);
	map_rec_add(&r, "CREATED", "00.000", 6);
	map_rec_add(&r, "OWNER", "BOB", 3);
	e = map_rec_entry(m, sch, MAP_USER, &r, "dc=racf,dc=com",
	    is_group_cb, NULL);
	ck_assert_str_eq(val(e, "sn", 0), "ANN");
	ck_assert_ptr_null(val(e, "givenName", 0));
	ck_assert_ptr_null(val(e, "tsoSize", 0));
	ck_assert_ptr_null(val(e, "createDate", 0));
	ck_assert_str_eq(val(e, "revoked", 0), "FALSE");
	ck_assert_str_eq(val(e, "owner", 0), "uid=BOB,ou=People,"
	    "dc=racf,dc=com");
	entry_free(e);

	/* No rdn value: no entry. */
	map_rec_reset(&r);
	map_rec_add(&r, "NAME", "X", 1);
	ck_assert_ptr_null(map_rec_entry(m, sch, MAP_USER, &r, "dc=x", NULL,
	    NULL));
	map_rec_free(&r);
	map_unref(m);
}
END_TEST

START_TEST(map_dn_ids)
{
	struct berval bv;
	enum map_class c;
	const char *why;
	char *id;
	struct map *m;

	m = load("class group cn ou=Groups top,racfGroup\n"
	    "group cn id rdn read=GROUP\n" HEAD);
	ck_assert_msg(m != NULL, "%s", err);
#define DNID(s, cls, want) do { \
	bv.bv_val = (char *)(s); bv.bv_len = strlen(s); \
	ck_assert_int_eq(map_dn_id(m, sch, cls, "dc=racf,dc=com", &bv, &id, \
	    &c, &why), want); \
} while (0)
	DNID("CN=payroll, OU=groups,DC=RACF,dc=com", 1u << MAP_GROUP, 0);
	ck_assert_str_eq(id, "payroll");
	ck_assert_int_eq(c, MAP_GROUP);
	free(id);
	DNID("uid=joe,ou=People,dc=racf,dc=com", 3u, 0);
	ck_assert_int_eq(c, MAP_USER);
	free(id);
	DNID("uid=joe,ou=People,dc=racf,dc=com", 1u << MAP_GROUP,
	    LDAP_CONSTRAINT_VIOLATION);
	ck_assert_ptr_null(id);
	DNID("cn=x,ou=Groups,dc=other,dc=com", 1u << MAP_GROUP,
	    LDAP_CONSTRAINT_VIOLATION);
	DNID("cn=x,ou=Groups,ou=more,dc=racf,dc=com", 1u << MAP_GROUP,
	    LDAP_CONSTRAINT_VIOLATION);
	DNID("cn=x+sn=y,ou=Groups,dc=racf,dc=com", 1u << MAP_GROUP,
	    LDAP_CONSTRAINT_VIOLATION);
	DNID("not a dn", 1u << MAP_GROUP, LDAP_INVALID_SYNTAX);
	id = map_dn(m, MAP_USER, "#AB", "dc=racf,dc=com");
	ck_assert_str_eq(id, "uid=\\#AB,ou=People,dc=racf,dc=com");
	free(id);
	map_unref(m);
}
END_TEST

/* A listing: records flushed in order, one without its id dropped. */
static int nlisted;

static void
listed_cb(void *arg, struct entry *e)
{
	(void)arg;
	ck_assert_str_eq(e->e_dn, nlisted == 0 ?
	    "uid=ANN,ou=People,dc=racf,dc=com" :
	    "uid=BOB,ou=People,dc=racf,dc=com");
	nlisted++;
	entry_free(e);
}

START_TEST(map_listing_records)
{
	struct map_listing ml;
	struct map *m;

	m = load(HEAD);
	ck_assert_msg(m != NULL, "%s", err);
	nlisted = 0;
	map_listing_init(&ml, MAP_USER, m, sch, "dc=racf,dc=com", listed_cb,
	    NULL);
	map_listing_flush(&ml, NULL, NULL);	/* nothing open yet */
	map_listing_start(&ml, NULL, NULL);
	map_rec_add(&ml.ml_rec, "USER", "ANN", 3);
	map_listing_start(&ml, NULL, NULL);
	map_rec_add(&ml.ml_rec, "NAME", "NO ID", 5);
	map_listing_start(&ml, NULL, NULL);
	map_rec_add(&ml.ml_rec, "USER", "BOB", 3);
	ck_assert_int_eq(nlisted, 1);
	map_listing_flush(&ml, NULL, NULL);
	map_listing_flush(&ml, NULL, NULL);
	ck_assert_int_eq(nlisted, 2);
	ck_assert_uint_eq(ml.ml_nrecords, 2);
	map_listing_clear(&ml);
	map_unref(m);
}
END_TEST

/* The line reader every LIST parser uses: what an entry can hold. */
START_TEST(map_list_lines)
{
	static const struct {
		const char	*line;
		size_t		 len;
		const char	*want;	/* the text read, or the error */
		int		 ok;
	} cases[] = {
		{ "USER=ANN  NAME=O'NEIL\r\n", 23, "USER=ANN  NAME=O'NEIL", 1 },
		{ "NAME=CAF\xc3\x89", 10, "NAME=CAF\xc3\x89", 1 },
		{ "", 0, "", 1 },
		{ "USER=A\0B", 8, "holds a NUL", 0 },
		{ "USER=TREASUR\xd8", 13, "not UTF-8", 0 },
		{ "NAME=\xc3\x28", 7, "not UTF-8", 0 },
	};
	struct berval bv;
	char out[64], why[128];
	size_t i, len;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bv.bv_val = (char *)cases[i].line;
		bv.bv_len = cases[i].len;
		why[0] = '\0';
		if (cases[i].ok) {
			ck_assert_msg(map_list_line(&bv, out, sizeof(out),
			    &len, why, sizeof(why)) == 0, "%zu: %s", i, why);
			ck_assert_str_eq(out, cases[i].want);
			ck_assert_uint_eq(len, strlen(cases[i].want));
		} else {
			ck_assert_int_eq(map_list_line(&bv, out, sizeof(out),
			    &len, why, sizeof(why)), -1);
			ck_assert_msg(strstr(why, cases[i].want) != NULL,
			    "%zu: %s", i, why);
		}
	}
	bv.bv_val = "USER=ANN";
	bv.bv_len = 8;
	ck_assert_int_eq(map_list_line(&bv, out, 8, &len, why, sizeof(why)),
	    -1);
	ck_assert_str_eq(why, "LIST output line too long");
}
END_TEST

START_TEST(map_dates)
{
	char out[32];

	ck_assert_int_eq(map_date_read(MAP_DATE_YYDDD, "70.001", 6, out,
	    sizeof(out)), 0);
	ck_assert_str_eq(out, "20700101000000Z");
	ck_assert_int_eq(map_date_read(MAP_DATE_YYDDD, "71.365", 6, out,
	    sizeof(out)), 0);
	ck_assert_str_eq(out, "19711231000000Z");
	ck_assert_int_eq(map_date_read(MAP_DATE_YYDDD, "23.366", 6, out,
	    sizeof(out)), -1);
	ck_assert_int_eq(map_date_read(MAP_DATE_YYDDD, "00.000", 6, out,
	    sizeof(out)), -1);
	ck_assert_int_eq(map_date_read(MAP_DATE_YYDDD, "NONE", 4, out,
	    sizeof(out)), -1);
	ck_assert_int_eq(map_date_read(MAP_DATE_YYDDD, "23.001/25:00:00", 15,
	    out, sizeof(out)), -1);
	ck_assert_int_eq(map_date_read(MAP_DATE_MMDDYY, "02/29/24", 8, out,
	    sizeof(out)), 0);
	ck_assert_str_eq(out, "20240229000000Z");
	ck_assert_int_eq(map_date_read(MAP_DATE_MMDDYY, "02/29/23", 8, out,
	    sizeof(out)), -1);
	ck_assert_int_eq(map_date_read(MAP_DATE_MMDDYY, "02/29/24 23.59", 14,
	    out, sizeof(out)), 0);
	ck_assert_str_eq(out, "20240229235900Z");
	ck_assert_int_eq(map_date_read(MAP_DATE_MMDDYY, "02/29/24 24.00", 14,
	    out, sizeof(out)), -1);
	ck_assert_int_eq(map_date_read(MAP_DATE_MMDDYY, "02/29/24 1.00", 13,
	    out, sizeof(out)), -1);
	/* ACF2's stamps: mm/dd/yy-hh:mm; 00/00/00-00:00 is never. */
	ck_assert_int_eq(map_date_read(MAP_DATE_MMDDYY, "01/10/24-12:05", 14,
	    out, sizeof(out)), 0);
	ck_assert_str_eq(out, "20240110120500Z");
	ck_assert_int_eq(map_date_read(MAP_DATE_MMDDYY, "00/00/00-00:00", 14,
	    out, sizeof(out)), -1);
	ck_assert_int_eq(map_date_read(MAP_DATE_MMDDYY, "01/10/24-24:00", 14,
	    out, sizeof(out)), -1);
	ck_assert_int_eq(map_date_read(MAP_DATE_MMDDYY, "01/10/24-12:5", 13,
	    out, sizeof(out)), -1);
	ck_assert_int_eq(map_date_read(MAP_DATE_MMDDYY, "01/10/24/12:05:07",
	    17, out, sizeof(out)), 0);
	ck_assert_str_eq(out, "20240110120507Z");
	ck_assert_int_eq(map_date_read(MAP_DATE_YYYYMMDD, "2024-12-31", 10,
	    out, sizeof(out)), 0);
	ck_assert_str_eq(out, "20241231000000Z");
#define GT(s, f, want, rc) do { \
	ck_assert_int_eq(map_date_write(f, s, strlen(s), out, sizeof(out)), \
	    rc); \
	if (rc == 0) \
		ck_assert_str_eq(out, want); \
} while (0)
	GT("20251231120000Z", MAP_DATE_MMDDYY, "12/31/25", 0);
	GT("2025123123Z", MAP_DATE_MMDDYY, "12/31/25", 0);
	GT("20251231230000-0200", MAP_DATE_MMDDYY, "01/01/26", 0);
	GT("20260101010000+0200", MAP_DATE_MMDDYY, "12/31/25", 0);
	GT("20251231120000.5Z", MAP_DATE_YYDDD, "25.365", 0);
	GT("20700101000000Z", MAP_DATE_MMDDYY, "01/01/70", 0);
	GT("20710101000000Z", MAP_DATE_MMDDYY, "", -1);
	GT("19700101000000Z", MAP_DATE_MMDDYY, "", -1);
	GT("20251231", MAP_DATE_MMDDYY, "", -1);
	GT("20250230120000Z", MAP_DATE_MMDDYY, "", -1);
	GT("20251231120000", MAP_DATE_MMDDYY, "", -1);
	GT("20251231120000Zjunk", MAP_DATE_MMDDYY, "", -1);
	GT("2025123112000.Z", MAP_DATE_MMDDYY, "", -1);
	GT("20251231120000Z", MAP_DATE_YYYYMMDD, "2025-12-31", 0);
}
END_TEST

START_TEST(map_templates)
{
	const char *why;
	char *s;

	s = map_expand("CONNECT %u GROUP(%v) 100%%", "JOE", "PAY");
	ck_assert_str_eq(s, "CONNECT JOE GROUP(PAY) 100%");
	free(s);
	/* The parts of a name of several: %1, %2 ...; "" past the last. */
	s = map_expand("SET RESOURCE(%1) RECKEY %2 ADD(%v) %3.", "FAC/BPX.X",
	    "UID(A) ALLOW");
	ck_assert_str_eq(s, "SET RESOURCE(FAC) RECKEY BPX.X ADD(UID(A) ALLOW) .");
	free(s);
	s = map_expand("%1-%2", "JOE", NULL);
	ck_assert_str_eq(s, "JOE-");
	free(s);
	ck_assert_int_eq(map_template_check("SET RESOURCE(%1) DELETE %2", &why),
	    0);
	ck_assert_int_eq(map_template_check("X(%0)", &why), -1);
	ck_assert_int_eq(map_template_check("TSO(PROC(%v))", &why), 0);
	ck_assert_int_eq(map_template_check("TSO(PROC(%v)", &why), -1);
	ck_assert_int_eq(map_template_check("TSO(PROC(%v)))", &why), -1);
	ck_assert_int_eq(map_template_check("TSO()", &why), -1);
	ck_assert_int_eq(map_template_check("(X)", &why), -1);
	ck_assert_int_eq(map_template_check("X,Y", &why), -1);
	ck_assert_int_eq(map_template_check("X\"Y", &why), -1);
	ck_assert_int_eq(map_template_check("X\nY", &why), -1);
	ck_assert_int_eq(map_template_check("", &why), -1);
	ck_assert_int_eq(map_template_check("REVOKE(%u) %k", &why), 0);
	ck_assert_int_eq(map_template_check("ADD(%v) %{a-1}(%u)", &why), 0);
	ck_assert_int_eq(map_template_check("ADD(%v) %{a}}(%u)", &why), -1);
	ck_assert_int_eq(map_template_check("ADD(%v) %{a(%u)", &why), -1);
	ck_assert_int_eq(map_template_check("X %q", &why), -1);
}
END_TEST

START_TEST(map_ops_merge)
{
	struct map_ops ops;
	const char *why;
	char *s;

	memset(&ops, 0, sizeof(ops));
	ck_assert_int_eq(map_ops_add(&ops, "NAME(%v)", "J", "'A (B) C'", 0,
	    &why), 0);
	ck_assert_int_eq(map_ops_add(&ops, "TSO(PROC(%v))", "J", "P1", 0,
	    &why), 0);
	ck_assert_int_eq(map_ops_add(&ops, "TSO(NOUNIT)", "J", NULL, 0,
	    &why), 0);
	ck_assert_int_eq(map_ops_add(&ops, "TSO(SIZE(%v))", "J", "4", 0,
	    &why), 0);
	ck_assert_int_eq(map_ops_add(&ops, "%v", "J", "SPECIAL", 0, &why), 0);
	ck_assert_int_eq(map_ops_add(&ops, "NO%v", "J", "AUDITOR", 0, &why),
	    0);
	ck_assert_int_eq(map_ops_add(&ops, "PASSWORD(%v)", "J", "'pw'", 1,
	    &why), 0);
	ck_assert_int_eq(map_ops_empty(&ops), 0);
	/* Conflicts leave the tree as it was. */
	ck_assert_int_eq(map_ops_add(&ops, "TSO(PROC(%v))", "J", "P2", 0,
	    &why), -1);
	ck_assert_int_eq(map_ops_add(&ops, "%v", "J", "SPECIAL", 0, &why),
	    -1);
	ck_assert_int_eq(map_ops_add(&ops, "NAME(%v)", "J", "'X'", 0, &why),
	    -1);
	ck_assert_int_eq(map_ops_add(&ops, "TSO(NOUNIT)", "J", NULL, 0, &why),
	    -1);
	ck_assert_int_eq(map_ops_add(&ops, "TSO(X", "J", NULL, 0, &why), -1);
	s = map_ops_format(&ops, "ALTUSER J", 0);
	ck_assert_str_eq(s, "ALTUSER J NAME('A (B) C') TSO(PROC(P1) NOUNIT "
	    "SIZE(4)) SPECIAL NOAUDITOR PASSWORD('pw')");
	free(s);
	s = map_ops_format(&ops, "ALTUSER J", 1);
	ck_assert_str_eq(s, "ALTUSER J NAME('A (B) C') TSO(PROC(P1) NOUNIT "
	    "SIZE(4)) SPECIAL NOAUDITOR PASSWORD(********)");
	free(s);
	ck_assert_int_eq(ops.mo_secret, 1);
	map_ops_clear(&ops);
	ck_assert_int_eq(map_ops_empty(&ops), 1);
	/* A value that looks like a keyword is still a value. */
	ck_assert_int_eq(map_ops_add(&ops, "X(A(%v))", "J", "B", 0, &why), 0);
	ck_assert_int_eq(map_ops_add(&ops, "X(B)", "J", NULL, 0, &why), 0);
	s = map_ops_format(&ops, "C", 0);
	ck_assert_str_eq(s, "C X(A(B) B)");
	free(s);
	map_ops_clear(&ops);
}
END_TEST

static Suite *
map_suite(void)
{
	Suite *s = suite_create("map");
	TCase *tc;

	tc = tcase_create("load");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, map_loads_racf_map);
	tcase_add_test(tc, map_missing_file);
	tcase_add_loop_test(tc, map_load_errors, 0,
	    sizeof(bad) / sizeof(bad[0]));
	tcase_add_test(tc, map_load_nul_and_long_lines);
	tcase_add_test(tc, map_refcount);
	tcase_add_test(tc, map_new_attribute_is_data);
	tcase_add_test(tc, map_grant_and_create_lines);
	tcase_add_test(tc, map_multi_required_refs);
	suite_add_tcase(s, tc);
	tc = tcase_create("records");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, map_record_to_entry);
	tcase_add_test(tc, map_dn_ids);
	tcase_add_test(tc, map_listing_records);
	tcase_add_test(tc, map_list_lines);
	suite_add_tcase(s, tc);
	tc = tcase_create("values");
	tcase_add_test(tc, map_dates);
	tcase_add_test(tc, map_templates);
	tcase_add_test(tc, map_ops_merge);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(map_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
