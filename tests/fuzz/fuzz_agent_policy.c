/*
 * fuzz_agent_policy.c - what the agent lets through (mainframe-agent/
 * agent_policy.c and each driver's canonical verb, targets and mask),
 * checked against what the simulator behind it then does.
 *
 * The first input byte picks the ESM (RACF, ACF2, TSS); the rest is the
 * command of a request as a gateway would send it.  Each ESM has an
 * agent with its driver's allow list, protecting its own userid, the
 * ESM's administrator and PROTUSR, and a simulator database (made once
 * per process in a scratch directory) where these and BOB exist.
 *
 * The policy parses a command its own way, the simulator its way; a
 * difference between the two is how a protected userid gets changed.
 * So whatever the policy lets through is run, as the agent runs it, and
 * the protected users must list exactly as before.  The driver's own
 * answers must also hold together: a verb the policy passed is one it
 * allows, targets are ids of at most 8 characters, the masked command
 * fits its buffer.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "link.h"
#include "xmalloc.h"
#include "mainframe-agent/agent.h"
#include "mainframe-agent/driver.h"

#include "fuzzenv.h"
#include "fuzzsim.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define FUZZ_AGENT_USERID	"ESMAGENT"
#define FUZZ_PROTECTED		"PROTUSR"
#define FUZZ_NESMS		3
#define FUZZ_SNAP_MAX		(64 * 1024)

struct fuzz_esm {
	const char	*fe_name;
	/* Made as the administrator: PROTUSR and BOB. */
	const char *const *fe_fixture;
	/* Lists the protected users, one command each (%s: the id). */
	const char	*fe_list;
	struct agent	 fe_agent;
	int		 fe_open;
};

static const char *const fuzz_racf_users[] = {
	"ADDUSER PROTUSR NAME('PROTECTED') DFLTGRP(SYS1) OWNER(SYS1)",
	"ADDUSER BOB NAME('BOB') DFLTGRP(SYS1) OWNER(SYS1)",
	NULL
};
static const char *const fuzz_acf2_users[] = {
	"INSERT PROTUSR NAME('PROTECTED') PASSWORD(PROT1234)",
	"INSERT BOB NAME('BOB') PASSWORD(BOB12345)",
	NULL
};
static const char *const fuzz_tss_users[] = {
	"CREATE(PROTUSR) TYPE(USER) NAME('PROTECTED') DEPT(MSCADEPT) "
	    "PASSWORD(PROT1234,30)",
	"CREATE(BOB) TYPE(USER) NAME('BOB') DEPT(MSCADEPT) "
	    "PASSWORD(BOB12345,30)",
	NULL
};

static struct fuzz_esm fuzz_esms[FUZZ_NESMS] = {
	{ .fe_name = "racf", .fe_fixture = fuzz_racf_users,
	    .fe_list = "LISTUSER %s TSO OMVS CICS" },
	{ .fe_name = "acf2", .fe_fixture = fuzz_acf2_users,
	    .fe_list = "LIST %s" },
	{ .fe_name = "tss", .fe_fixture = fuzz_tss_users,
	    .fe_list = "LIST(%s) DATA(ALL)" },
};

/* The esm being set up, for fuzz_admin_run (the fixture's callback). */
static struct fuzz_esm *fuzz_cur;

static void
fuzz_agents_close(void)
{
	struct agent *ag;
	size_t i;

	for (i = 0; i < FUZZ_NESMS; i++) {
		ag = &fuzz_esms[i].fe_agent;
		if (ag->ag_esm != NULL)
			ag->ag_driver->ed_close(ag->ag_esm);
		agent_conf_clear(&ag->ag_conf);
		memset(ag, 0, sizeof(*ag));
		fuzz_esms[i].fe_open = 0;
	}
}

static int
fuzz_admin_run(const char *cmd, size_t len)
{
	struct agent *ag = &fuzz_cur->fe_agent;

	return ag->ag_driver->ed_command(ag->ag_esm, ag->ag_driver->ed_admin,
	    cmd, len, &fuzz_sim_out);
}

/* The agent's configuration as agent_conf.c would leave it. */
static void
fuzz_agent_conf(struct agent *ag)
{
	const struct esm_driver *d = ag->ag_driver;
	int i;

	ag->ag_conf.ac_userid = xstrdup(FUZZ_AGENT_USERID);
	agent_idlist_add(&ag->ag_conf.ac_protect, FUZZ_AGENT_USERID);
	agent_idlist_add(&ag->ag_conf.ac_protect, d->ed_admin);
	agent_idlist_add(&ag->ag_conf.ac_protect, FUZZ_PROTECTED);
	for (i = 0; d->ed_allow[i] != NULL; i++)
		ag->ag_conf.ac_allow[ag->ag_conf.ac_nallow++] =
		    xstrdup(d->ed_allow[i]);
}

static void
fuzz_esm_open(struct fuzz_esm *fe)
{
	struct agent *ag = &fe->fe_agent;
	struct driver_opts o;
	char dir[1024], err[256];
	static int registered;

	snprintf(dir, sizeof(dir), "%s/%s", fuzz_tmpdir("agent_policy"),
	    fe->fe_name);
	if (mkdir(dir, 0700) == -1)
		fuzz_fail("cannot create %s", dir);
	if ((ag->ag_driver = driver_find("sim", fe->fe_name)) == NULL)
		fuzz_fail("no sim driver for %s", fe->fe_name);
	memset(&o, 0, sizeof(o));
	o.do_esm = fe->fe_name;
	o.do_path = dir;
	o.do_nosync = 1;
	o.do_kdf_iterations = 1;
	if ((ag->ag_esm = ag->ag_driver->ed_open(&o, err,
	    sizeof(err))) == NULL ||
	    ag->ag_driver->ed_ensure_user(ag->ag_esm, FUZZ_AGENT_USERID, err,
	    sizeof(err)) == -1)
		fuzz_fail("%s: %s", fe->fe_name, err);
	/* After fuzz_tmpdir()'s: closes before the directory goes. */
	if (!registered++)
		atexit(fuzz_agents_close);
	fuzz_agent_conf(ag);
	fuzz_cur = fe;
	fuzz_sim_fixture(fe->fe_fixture, fuzz_admin_run);
	fe->fe_open = 1;
}

struct fuzz_snap {
	char	 fs_buf[FUZZ_SNAP_MAX];
	size_t	 fs_len;
};

static int
fuzz_snap_line(void *arg, const char *line, size_t len)
{
	struct fuzz_snap *s = arg;

	if (s->fs_len + len + 1 >= sizeof(s->fs_buf))
		fuzz_fail("the protected users list longer than %zu bytes",
		    sizeof(s->fs_buf));
	memcpy(s->fs_buf + s->fs_len, line, len);
	s->fs_len += len;
	s->fs_buf[s->fs_len++] = '\n';
	s->fs_buf[s->fs_len] = '\0';
	return 0;
}

/* The protected users as the administrator lists them. */
static void
fuzz_snapshot(struct fuzz_esm *fe, struct fuzz_snap *s)
{
	const char *ids[] = { FUZZ_AGENT_USERID,
	    fe->fe_agent.ag_driver->ed_admin, FUZZ_PROTECTED };
	struct esm_out out = { fuzz_snap_line, s };
	struct agent *ag = &fe->fe_agent;
	char cmd[128];
	size_t i;

	s->fs_len = 0;
	s->fs_buf[0] = '\0';
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		snprintf(cmd, sizeof(cmd), fe->fe_list, ids[i]);
		(void)ag->ag_driver->ed_command(ag->ag_esm,
		    ag->ag_driver->ed_admin, cmd, strlen(cmd), &out);
	}
}

/*
 * Open the ESM; its listing must show the protected users, or no change
 * to them could be seen.
 */
static void
fuzz_esm_ready(struct fuzz_esm *fe)
{
	static struct fuzz_snap s;

	fuzz_esm_open(fe);
	fuzz_snapshot(fe, &s);
	if (strstr(s.fs_buf, FUZZ_PROTECTED) == NULL ||
	    strstr(s.fs_buf, FUZZ_AGENT_USERID) == NULL)
		fuzz_fail("%s: the listing does not show the protected "
		    "users:\n%s", fe->fe_name, s.fs_buf);
}

/* The driver's readings of the command, each on its own. */
static void
fuzz_driver_readings(const struct esm_driver *d, const char *cmd,
    size_t len)
{
	struct driver_targets t;
	const char *canon;
	char masked[256];
	int i;

	if ((canon = d->ed_canonical(cmd, len)) != NULL &&
	    strlen(canon) >= DRIVER_VERB_MAX)
		fuzz_fail("canonical verb %s is too long", canon);
	memset(&t, 0, sizeof(t));
	if (d->ed_targets(cmd, len, &t) == 0) {
		if (t.dt_n < 0 || t.dt_n > DRIVER_MAX_TARGETS)
			fuzz_fail("%d targets", t.dt_n);
		for (i = 0; i < t.dt_n; i++)
			if (t.dt_ids[i][0] == '\0' ||
			    memchr(t.dt_ids[i], '\0', 9) == NULL)
				fuzz_fail("target %d is no id", i);
	}
	memset(masked, 'x', sizeof(masked));
	d->ed_mask(cmd, len, masked, sizeof(masked));
	if (memchr(masked, '\0', sizeof(masked)) == NULL)
		fuzz_fail("the masked command does not fit its buffer");
}

static int
fuzz_is_allowed(const struct esm_driver *d, const char *verb)
{
	int i;

	for (i = 0; d->ed_allow[i] != NULL; i++)
		if (strcmp(d->ed_allow[i], verb) == 0)
			return 1;
	return 0;
}

/* Run an allowed command as the agent; no protected user may change. */
static void
fuzz_run_allowed(struct fuzz_esm *fe, const char *cmd, size_t len)
{
	static struct fuzz_snap before, after;
	struct agent *ag = &fe->fe_agent;

	fuzz_snapshot(fe, &before);
	fuzz_sim_reset();
	(void)ag->ag_driver->ed_command(ag->ag_esm, ag->ag_conf.ac_userid,
	    cmd, len, &fuzz_sim_out);
	fuzz_snapshot(fe, &after);
	if (strcmp(before.fs_buf, after.fs_buf) != 0)
		fuzz_fail("%s: \"%.*s\" passed the policy and changed a "
		    "protected user; before:\n%s\nafter:\n%s", fe->fe_name,
		    (int)len, cmd, before.fs_buf, after.fs_buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_esm *fe;
	struct link_msg m;
	char verb[DRIVER_VERB_MAX], why[256];
	int rc;

	if (size < 1)
		return 0;
	fe = &fuzz_esms[data[0] % FUZZ_NESMS];
	if (!fe->fe_open)
		fuzz_esm_ready(fe);
	fuzz_driver_readings(fe->fe_agent.ag_driver, (const char *)data + 1,
	    size - 1);
	memset(&m, 0, sizeof(m));
	m.lm_type = LINK_MSG_REQUEST;
	m.lm_kind = LINK_REQ_COMMAND;
	m.lm_command.bv_val = (char *)data + 1;
	m.lm_command.bv_len = size - 1;
	verb[0] = why[0] = '\0';
	rc = agent_policy_check(&fe->fe_agent, &m, verb, sizeof(verb), why,
	    sizeof(why));
	if (rc != 0) {
		if (why[0] == '\0')
			fuzz_fail("a refusal (%d) without a reason", rc);
		return 0;
	}
	if (!fuzz_is_allowed(fe->fe_agent.ag_driver, verb))
		fuzz_fail("the policy passed verb \"%s\", which is not "
		    "allowed", verb);
	fuzz_run_allowed(fe, (const char *)data + 1, size - 1);
	return 0;
}
