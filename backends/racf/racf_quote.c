/*
 * racf_quote.c - RACF's rules for operand values, and their quoting.
 *
 * TSO parse (and the simulator's lexer, mainframe-agent/sim/racf/lex.c)
 * reads blanks, commas and parentheses as delimiters and '...' as one
 * string in which '' stands for a quote.  So a value can only break out
 * of its operand through a quote, a delimiter or a character that ends
 * the line.  Here every value becomes either a bare word made only of
 * A-Z 0-9 # $ @ (and / in dates), which contains no delimiter, or a
 * quoted string of printable ASCII with each quote doubled, which the
 * lexer reads back as exactly the value.  Control characters (newline,
 * NUL, ...), DEL and anything outside ASCII are refused: RACF holds
 * EBCDIC, a newline would end the command, and refusing is better than
 * storing something other than what the client sent.  A string never
 * ends a command (templates close it with a parenthesis), so TSO's
 * trailing + and - continuation cannot apply to it.
 *
 * Lengths come from the RACF command reference (ADDUSER, ALTUSER):
 * NAME 20, DATA 255, OMVS HOME and PROGRAM 1023, TSO ACCTNUM 39,
 * COMMAND 80, PROC and UNIT 8; the map carries them per field.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ldap.h>

#include "xmalloc.h"

#include "backends/map.h"
#include "backends/quote.h"

#include "racf_quote.h"

int
racf_quote_id(const char *s, size_t len, char *out, const char **why)
{
	return esm_quote_id(s, len, out, why);
}

int
racf_quote_string(const char *s, size_t len, size_t min, size_t max,
    char **out, const char **why)
{
	return esm_quote_string(s, len, min, max, out, why);
}

int
racf_quote_password(const char *s, size_t len, char **out, const char **why)
{
	if (len < 1 || len > RACF_PW_LEN) {
		*why = "a RACF password is 1 to 8 characters";
		return -1;
	}
	return racf_quote_string(s, len, 1, RACF_PW_LEN, out, why);
}

int
racf_quote_number(const char *s, size_t len, long min, long max, char *out,
    size_t outlen, const char **why)
{
	return esm_quote_number(s, len, min, max, out, outlen, why);
}

int
racf_quote_date(const char *gt, size_t len, char *out, size_t outlen,
    const char **why)
{
	if (map_date_write(MAP_DATE_MMDDYY, gt, len, out, outlen) == -1) {
		*why = "not a Generalized Time between 1971 and 2070";
		return -1;
	}
	return 0;
}

int
racf_date_to_gt(const char *s, size_t len, char *out, size_t outlen)
{
	return map_date_read(MAP_DATE_YYDDD, s, len, out, outlen);
}

const struct esm_quoting racf_quoting = {
	.q_esm = "RACF",
	.q_id = racf_quote_id,
	.q_string = racf_quote_string,
	.q_password = racf_quote_password,
};

int
racf_quote_value(const struct map_attr *ma, const struct berval *bv,
    char **out, char *text, size_t textlen)
{
	return esm_quote_value(&racf_quoting, ma, bv, out, text, textlen);
}
