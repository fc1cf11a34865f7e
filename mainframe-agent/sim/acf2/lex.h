/*
 * lex.h - the ACF command lexer: one subcommand line in, a list of
 * operands out: words, KEYWORD(value) pairs and quoted strings.
 */
#ifndef ACF2_LEX_H
#define ACF2_LEX_H

#include <stddef.h>

/* Longest command accepted. */
#define LEX_MAXCMD	32768
/* Deepest nesting of parentheses: RECKEY K ADD(D UID(U) R(A)) is 2. */
#define LEX_MAXDEPTH	4

enum alex_kind {
	LX_WORD,		/* unquoted, folded to upper case */
	LX_STRING		/* '...' standing alone, '' turned into ' */
};

/*
 * One operand.  A word written directly before '(' owns the value up
 * to the matching ')': ln_val is that value decoded (a value that is
 * one quoted string is its literal text, ln_quoted set; otherwise the
 * text between the parentheses without outer blanks, folded to upper
 * case outside quotes), ln_raw the text as written (for values that
 * hold operands of their own, such as RECKEY's ADD(entry)).  The list
 * owns every node and string; alex_free() frees it all.
 */
struct lx_node {
	enum alex_kind	 ln_kind;
	char		*ln_text;
	int		 ln_hasval;
	int		 ln_quoted;
	char		*ln_val;
	char		*ln_raw;
	struct lx_node	*ln_next;
};

int	alex_parse(const char *, size_t, struct lx_node **, char *, size_t);
void	alex_free(struct lx_node *);

#endif
