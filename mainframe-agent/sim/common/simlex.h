/*
 * simlex.h - what the command lexers of the simulators share.
 */
#ifndef SIM_SIMLEX_H
#define SIM_SIMLEX_H

#include <stddef.h>

enum simlex_quoted_rc {
	SIMLEX_OK = 0,
	SIMLEX_OPEN,		/* no quote closes the string */
	SIMLEX_NODELIM		/* no delimiter after the closing quote */
};

/*
 * The quoted string whose opening quote is at p (before end): two
 * quotes stand for one, and the closing quote must be followed by a
 * blank, a comma, a closing parenthesis or the end, as TSO parses
 * operands.  On SIMLEX_OK *out is the text (malloc'ed, NUL-terminated),
 * *len its length and *next the position after the closing quote.
 */
enum simlex_quoted_rc simlex_quoted(const char *p, const char *end,
	    char **out, size_t *len, const char **next);

#endif
