/*
 * fuzz_acf2_cmd.c - the ACF2 simulator's command language: the input is
 * one ACF subcommand line, read by the lexer (mainframe-agent/sim/acf2/
 * lex.c) and then run by ACF2ADM, in a session of its own that starts
 * in LID mode as the agent's one-line requests do ("SET RULE COMPILE
 * ..." switches mode on the line), against a database made once per
 * process in a scratch directory (logonids, an access rule set and a
 * resource rule set to act on).  Inputs share that database.
 *
 * Every operand the lexer gives must carry its text (and its value when
 * it has one), and the command must end with one of ACF2's return codes
 * and print only lines a LIST parser can read (fuzzsim.c).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mainframe-agent/sim/acf2/acf2.h"
#include "mainframe-agent/sim/acf2/lex.h"

#include "fuzzenv.h"
#include "fuzzsim.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const fuzz_acf2_fixture[] = {
	"INSERT SCLA0000 NAME('SARAH CLARK') GROUP(FINANCE) PREFIX(SCLA0000) "
	    "PASSWORD(TGB2XL9P) NOPSWD-EXP TSO JCL TSOPROC(ISPFPROC) "
	    "TSOACCT(ACCT1727) TSORGN(4096) DFT-PFX(SCLA0000) DFT-SOUT(A)",
	"INSERT ALEW0001 NAME('ANDREW LEWIS') GROUP(PAYROLL) "
	    "PREFIX(ALEW0001) PASSWORD(YJF9ZA4N) NOPSWD-EXP",
	"SET RULE COMPILE $KEY(PAYROLL) - UID(ALEW0001) R(A) W(A) A(A)",
	"SET RESOURCE(FAC) COMPILE $KEY(PAYROLL.ADMIN) UID(ALEW0001) "
	    "SERVICE(READ,UPDATE) ALLOW",
	NULL
};

static const int fuzz_acf2_rcs[] = { ACF2_RC_OK, ACF2_RC_WARNING,
	ACF2_RC_ERROR, ACF2_RC_SEVERE, ACF2_RC_DBERROR, -1 };

static struct acf2_db *fuzz_db;

static void
fuzz_acf2_close(void)
{
	acf2_close(fuzz_db);
	fuzz_db = NULL;
}

static int
fuzz_acf2_run(const char *cmd, size_t len)
{
	struct acf2_session ses;

	memset(&ses, 0, sizeof(ses));
	return acf2_command(fuzz_db, &ses, ACF2_ADMIN_LID, cmd, len,
	    &fuzz_sim_out);
}

static void
fuzz_acf2_open(void)
{
	struct acf2_opts o;
	char err[256];

	memset(&o, 0, sizeof(o));
	o.ao_path = fuzz_tmpdir("acf2_cmd");
	o.ao_clock = fuzz_sim_clock;
	o.ao_kdf_iterations = 1;
	o.ao_nosync = 1;
	if ((fuzz_db = acf2_open(&o, err, sizeof(err))) == NULL)
		fuzz_fail("acf2_open: %s", err);
	/* Registered after fuzz_tmpdir()'s: runs first, before the
	   directory goes. */
	atexit(fuzz_acf2_close);
	fuzz_sim_fixture(fuzz_acf2_fixture, fuzz_acf2_run);
}

static void
fuzz_acf2_lex(const uint8_t *data, size_t size)
{
	struct lx_node *list = NULL, *n;
	char err[256];

	err[0] = '\0';
	if (alex_parse((const char *)data, size, &list, err,
	    sizeof(err)) == -1) {
		if (err[0] == '\0')
			fuzz_fail("alex_parse failed without a reason");
		alex_free(list);
		return;
	}
	for (n = list; n != NULL; n = n->ln_next)
		if (n->ln_text == NULL || (n->ln_hasval &&
		    (n->ln_val == NULL || n->ln_raw == NULL)))
			fuzz_fail("an operand without its text or value");
	alex_free(list);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int rc;

	if (fuzz_db == NULL)
		fuzz_acf2_open();
	fuzz_acf2_lex(data, size);
	fuzz_sim_reset();
	rc = fuzz_acf2_run((const char *)data, size);
	if (!fuzz_sim_rc_known(rc, fuzz_acf2_rcs))
		fuzz_fail("return code %d", rc);
	return 0;
}
