/*
 * lex.h - the lexer of the TSS simulator: one command line in, a tree
 * of words, quoted strings and parenthesised operand lists out.
 */
#ifndef TSS_LEX_H
#define TSS_LEX_H

#include <stddef.h>

/* Longest command accepted. */
#define TLEX_MAXCMD	32768
/* Deepest nesting: KEYWORD(operand) is 1. */
#define TLEX_MAXDEPTH	3

enum tlex_kind {
	TLX_WORD,		/* unquoted, folded to upper case */
	TLX_STRING,		/* '...' with '' turned into ' */
	TLX_LIST		/* ( ... ) standing alone */
};

/*
 * One token.  A word written directly before '(' owns the operands up
 * to the matching ')' (ln_hasargs, ln_args).  The tree owns every node
 * and its text; tlex_free() frees it all.
 */
struct tlx_node {
	enum tlex_kind	 ln_kind;
	char		*ln_text;	/* NUL-terminated UTF-8 */
	size_t		 ln_len;
	int		 ln_hasargs;
	struct tlx_node	*ln_args;
	struct tlx_node	*ln_next;
};

int	tlex_charset(const char *, size_t, char *, size_t);
int	tlex_parse(const char *, size_t, struct tlx_node **, char *, size_t);
void	tlex_free(struct tlx_node *);
size_t	tlex_count(const struct tlx_node *);
size_t	tlex_nchars(const char *);

#endif
