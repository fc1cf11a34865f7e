/*
 * fuzzquote.h - what the quoting harnesses of the three ESMs share.
 *
 * Each harness writes a token a quoting function made into a command
 * and reads the command back with the ESM's lexer (an operand function);
 * the token must come back as one operand holding what struct fuzz_want
 * says.  Anything else aborts: it would be command injection.
 */
#ifndef ESM_FUZZQUOTE_H
#define ESM_FUZZQUOTE_H

#include <stddef.h>
#include <stdint.h>

struct esm_quoting;

/* What the operand must hold. */
struct fuzz_want {
	int		 fw_quoted;	/* -1: either, 0: a word, 1: a string */
	const char	*fw_text;	/* NULL: any text */
	size_t		 fw_len;
};

/* Lex a command with tok in it and check the operand against want. */
typedef void	(*fuzz_operand_fn)(const char *tok,
		    const struct fuzz_want *want);

/* The value folded as the ESMs fold unquoted words (malloc'ed). */
char	*fuzz_upper(const char *v, size_t len);
/* The operand read from cmd holds text (len bytes): is it wanted? */
void	 fuzz_text_is(const char *cmd, const char *text, size_t len,
	    const struct fuzz_want *want);

/* An id by fn: a bare word, the value folded. */
void	 fuzz_quote_id(int (*fn)(const char *, size_t, char *,
	    const char **), fuzz_operand_fn operand, const char *v,
	    size_t len);
/* A token a quoting function returned rc for: when 0, one operand; tok
   is freed. */
void	 fuzz_quote_token(int rc, char *tok, fuzz_operand_fn operand,
	    const struct fuzz_want *want);
/*
 * A value of the pick-th line (modulo their number) of esm's map that
 * sets one, grants aside, by esm_quote_value(): one operand; a text
 * holds the value (folded when the line says upper).
 */
void	 fuzz_quote_value(const char *esm, const struct esm_quoting *q,
	    fuzz_operand_fn operand, uint8_t pick, const char *v,
	    size_t len);

#endif
