/*
 * fuzz_tss_cmd.c - the Top Secret simulator's command language: the
 * input is one TSS command line, read by the lexer (mainframe-agent/
 * sim/tss/lex.c) and then run by the MSCA against a database made once
 * per process in a scratch directory (a department, a profile with a
 * permission, a user to act on).  Inputs share that database.
 *
 * Every word the lexer gives must be a C string of its length, and the
 * command must end with one of TSS's return codes, print only lines a
 * LIST parser can read (fuzzsim.c) and end its output with TSS0300I or
 * TSS0301I, as tss.h promises and the gateway's parser relies on.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mainframe-agent/sim/tss/lex.h"
#include "mainframe-agent/sim/tss/tss.h"

#include "fuzzenv.h"
#include "fuzzsim.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const fuzz_tss_fixture[] = {
	"CREATE(CORP) TYPE(ZONE) NAME('CORPORATE ZONE')",
	"CREATE(FINDIV) TYPE(DIV) NAME('FINANCE DIVISION') ZONE(CORP)",
	"CREATE(PAYROLL) TYPE(DEPT) NAME('PAYROLL DEPARTMENT') "
	    "DIVISION(FINDIV)",
	"CREATE(PPAYROLL) TYPE(PROFILE) NAME('PAYROLL PROFILE') "
	    "DEPT(PAYROLL)",
	"PERMIT(PPAYROLL) DSN(PAYROLL.) ACCESS(UPDATE)",
	"CREATE(GPAYROLL) TYPE(GROUP) NAME('PAYROLL UNIX GROUP') "
	    "DEPT(PAYROLL) GID(1000)",
	"CREATE(SCLA0000) TYPE(USER) NAME('SARAH CLARK') DEPT(PAYROLL) "
	    "PASSWORD(TGB2XL9P,30) FACILITY(BATCH,TSO)",
	"ADDTO(SCLA0000) PROFILE(PPAYROLL) TSOLPROC(ISPFPROC) "
	    "TSOLACCT(ACCT7818) GROUP(GPAYROLL) DFLTGRP(GPAYROLL) UID(10000) "
	    "HOME('/u/SCLA0000') OMVSPGM('/bin/sh')",
	NULL
};

static const int fuzz_tss_rcs[] = { TSS_RC_OK, TSS_RC_WARNING,
	TSS_RC_ERROR, TSS_RC_SEVERE, -1 };

static struct tss_db *fuzz_db;

static void
fuzz_tss_close(void)
{
	tss_close(fuzz_db);
	fuzz_db = NULL;
}

static int
fuzz_tss_run(const char *cmd, size_t len)
{
	return tss_command(fuzz_db, TSS_MSCA, cmd, len, &fuzz_sim_out);
}

static void
fuzz_tss_open(void)
{
	struct tss_opts o;
	char err[256];

	memset(&o, 0, sizeof(o));
	o.to_path = fuzz_tmpdir("tss_cmd");
	o.to_clock = fuzz_sim_clock;
	o.to_kdf_iterations = 1;
	o.to_nosync = 1;
	if ((fuzz_db = tss_open(&o, err, sizeof(err))) == NULL)
		fuzz_fail("tss_open: %s", err);
	/* Registered after fuzz_tmpdir()'s: runs first, before the
	   directory goes. */
	atexit(fuzz_tss_close);
	fuzz_sim_fixture(fuzz_tss_fixture, fuzz_tss_run);
}

static void
fuzz_tss_words(const struct tlx_node *n, unsigned int depth)
{
	/* Words at the top are at depth 1, in MAXDEPTH parentheses at
	   MAXDEPTH + 1. */
	if (n != NULL && depth > TLEX_MAXDEPTH + 1)
		fuzz_fail("the lexer nested %u deep", depth);
	for (; n != NULL; n = n->ln_next) {
		if (n->ln_text == NULL || strlen(n->ln_text) != n->ln_len)
			fuzz_fail("a word of %zu bytes is no C string of its "
			    "length", n->ln_len);
		fuzz_tss_words(n->ln_args, depth + 1);
	}
}

static void
fuzz_tss_lex(const uint8_t *data, size_t size)
{
	struct tlx_node *tree = NULL;
	char err[256];

	err[0] = '\0';
	if (tlex_parse((const char *)data, size, &tree, err,
	    sizeof(err)) == 0)
		fuzz_tss_words(tree, 1);
	else if (err[0] == '\0')
		fuzz_fail("tlex_parse failed without a reason");
	tlex_free(tree);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *last;
	int rc;

	if (fuzz_db == NULL)
		fuzz_tss_open();
	fuzz_tss_lex(data, size);
	fuzz_sim_reset();
	rc = fuzz_tss_run((const char *)data, size);
	if (!fuzz_sim_rc_known(rc, fuzz_tss_rcs))
		fuzz_fail("return code %d", rc);
	last = fuzz_sim_last();
	if (strncmp(last, "TSS0300I", 8) != 0 &&
	    strncmp(last, "TSS0301I", 8) != 0)
		fuzz_fail("the output ends with \"%s\", not TSS0300I or "
		    "TSS0301I", last);
	return 0;
}
