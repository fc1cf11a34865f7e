/*
 * fuzz_racf_cmd.c - the RACF simulator's command language: the input is
 * one TSO command line, read by the lexer (mainframe-agent/sim/racf/
 * lex.c) and then run by IBMUSER against a database made once per
 * process in a scratch directory (groups, a user with segments and a
 * connection to act on).  Inputs share that database, as commands
 * share a real one: what one adds, the next may list or delete.
 *
 * Every word the lexer gives must be a C string of its length (a NUL
 * inside would cut a value short further on), and the command must end
 * with one of RACF's return codes and print only lines a LIST parser
 * can read (fuzzsim.c).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mainframe-agent/sim/racf/lex.h"
#include "mainframe-agent/sim/racf/racf.h"

#include "fuzzenv.h"
#include "fuzzsim.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const fuzz_racf_fixture[] = {
	"ADDGROUP PAYROLL SUPGROUP(SYS1) OWNER(SYS1) DATA('DEPARTMENT GROUP')",
	"ADDUSER BSMITH NAME('BOB SMITH') OWNER(PAYROLL) DFLTGRP(PAYROLL) "
	    "DATA('EMP#100000') TSO(ACCTNUM(ACCT2384) PROC(ISPFPROC) "
	    "SIZE(8192)) OMVS(UID(10000) HOME('/u/bsmith') "
	    "PROGRAM('/bin/sh'))",
	"ALTUSER BSMITH PASSWORD(HPG8RH2X) NOEXPIRED",
	"CONNECT BSMITH GROUP(SYS1) AUTHORITY(USE)",
	NULL
};

static const int fuzz_racf_rcs[] = { RACF_RC_OK, RACF_RC_WARNING,
	RACF_RC_ERROR, RACF_RC_SEVERE, RACF_RC_INVALID, -1 };

static struct racf_db *fuzz_db;

static void
fuzz_racf_close(void)
{
	racf_close(fuzz_db);
	fuzz_db = NULL;
}

static int
fuzz_racf_run(const char *cmd, size_t len)
{
	return racf_command(fuzz_db, "IBMUSER", cmd, len, &fuzz_sim_out);
}

static void
fuzz_racf_open(void)
{
	struct racf_opts o;
	char err[256];

	memset(&o, 0, sizeof(o));
	o.ro_path = fuzz_tmpdir("racf_cmd");
	o.ro_clock = fuzz_sim_clock;
	o.ro_kdf_iterations = 1;
	o.ro_nosync = 1;
	if ((fuzz_db = racf_open(&o, err, sizeof(err))) == NULL)
		fuzz_fail("racf_open: %s", err);
	/* Registered after fuzz_tmpdir()'s: runs first, before the
	   directory goes. */
	atexit(fuzz_racf_close);
	fuzz_sim_fixture(fuzz_racf_fixture, fuzz_racf_run);
}

static void
fuzz_racf_words(const struct lx_node *n, unsigned int depth)
{
	/* Words at the top are at depth 1, in MAXDEPTH parentheses at
	   MAXDEPTH + 1. */
	if (n != NULL && depth > LEX_MAXDEPTH + 1)
		fuzz_fail("the lexer nested %u deep", depth);
	for (; n != NULL; n = n->ln_next) {
		if (n->ln_text == NULL || strlen(n->ln_text) != n->ln_len)
			fuzz_fail("a word of %zu bytes is no C string of its "
			    "length", n->ln_len);
		fuzz_racf_words(n->ln_args, depth + 1);
	}
}

static void
fuzz_racf_lex(const uint8_t *data, size_t size)
{
	struct lx_node *tree = NULL;
	char err[256];

	err[0] = '\0';
	if (lex_parse((const char *)data, size, &tree, err,
	    sizeof(err)) == 0)
		fuzz_racf_words(tree, 1);
	else if (err[0] == '\0')
		fuzz_fail("lex_parse failed without a reason");
	lex_free(tree);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int rc;

	if (fuzz_db == NULL)
		fuzz_racf_open();
	fuzz_racf_lex(data, size);
	fuzz_sim_reset();
	rc = fuzz_racf_run((const char *)data, size);
	if (!fuzz_sim_rc_known(rc, fuzz_racf_rcs))
		fuzz_fail("return code %d", rc);
	return 0;
}
