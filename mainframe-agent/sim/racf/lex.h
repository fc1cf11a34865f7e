/*
 * lex.h - the TSO command lexer of the RACF simulator: one command line
 * in, a tree of words, quoted strings and parenthesised lists out.
 */
#ifndef RACF_LEX_H
#define RACF_LEX_H

#include <stddef.h>

/* Longest command accepted (TSO's command buffer is far smaller). */
#define LEX_MAXCMD	32768
/* Deepest nesting of parentheses: SETROPTS PASSWORD(REVOKE(3)) is 2. */
#define LEX_MAXDEPTH	4

enum lex_kind {
	LX_WORD,		/* unquoted, folded to upper case */
	LX_STRING,		/* '...' with '' turned into ' */
	LX_LIST			/* ( ... ) standing alone */
};

/*
 * One operand.  A word written directly before '(' owns the list that
 * follows (KEYWORD(value ...)); ln_args then heads that list.  Every
 * node and its text is owned by the tree; lex_free() frees it all.
 */
struct lx_node {
	enum lex_kind	 ln_kind;
	char		*ln_text;	/* NUL-terminated UTF-8 */
	size_t		 ln_len;
	int		 ln_hasargs;	/* word followed by (...) */
	struct lx_node	*ln_args;	/* first argument/member */
	struct lx_node	*ln_next;
};

int	lex_parse(const char *, size_t, struct lx_node **, char *, size_t);
void	lex_free(struct lx_node *);
size_t	lex_count(const struct lx_node *);

#endif
