/*
 * search.c - SEARCH CLASS(USER|GROUP) [MASK(prefix)|FILTER(pattern)]:
 * one profile name per line, streamed from a cursor in one read
 * transaction.  MASK is a leading string, so the cursor starts at it
 * and stops after it; FILTER is RACF's generic pattern, where % is one
 * character and * any number of characters.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cmd.h"

struct search_walk {
	struct rcmd	*sw_cmd;
	const char	*sw_filter;	/* NULL: everything */
	size_t		 sw_found;
};

/* RACF generic matching: % one character, * any run of characters. */
static int
search_match(const char *pat, const char *s, size_t n)
{
	if (*pat == '\0')
		return n == 0;
	if (*pat == '*') {
		for (;; s++, n--) {
			if (search_match(pat + 1, s, n))
				return 1;
			if (n == 0)
				return 0;
		}
	}
	if (n == 0 || (*pat != '%' && *pat != *s))
		return 0;
	return search_match(pat + 1, s + 1, n - 1);
}

static int
search_cb(void *arg, const MDB_val *k, const MDB_val *v)
{
	struct search_walk *sw = arg;

	if (sw->sw_filter != NULL &&
	    !search_match(sw->sw_filter, k->mv_data, k->mv_size))
		return 0;
	sw->sw_found++;
	return cmd_line(sw->sw_cmd, "%.*s", (int)k->mv_size,
	    (const char *)k->mv_data) == -1 ? 1 : 0;
}

/* A MASK or FILTER: the characters of ids plus % and * for FILTER. */
static int
search_pattern_ok(const char *s, int filter)
{
	if (strlen(s) > 8 && !filter)
		return 0;
	return strspn(s, filter ? "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@#$%*"
	    : "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@#$") == strlen(s) &&
	    strlen(s) <= 64;
}

int
search_cmd(struct rcmd *c, const struct lx_node *args)
{
	struct search_walk sw = { c, NULL, 0 };
	const char *cls, *mask = "", *v;
	struct opset *os = NULL;
	MDB_dbi dbi;
	int rc;

	if ((rc = cmd_special(c)) != 0 ||
	    (rc = cmd_parse(c, &parse_search, args, &os)) != 0)
		goto done;
	cls = opset_val(os, KW_CLASS);
	if (cls == NULL || (strcmp(cls, "USER") != 0 &&
	    strcmp(cls, "GROUP") != 0)) {
		rc = cmd_err(c, RACF_RC_SEVERE, "ICH31009I CLASS %.20s IS NOT "
		    "SUPPORTED, SPECIFY CLASS(USER) OR CLASS(GROUP)",
		    cls != NULL ? cls : "DATASET");
		goto done;
	}
	dbi = strcmp(cls, "USER") == 0 ? c->c_db->db_users :
	    c->c_db->db_groups;
	if ((v = opset_val(os, KW_MASK)) != NULL)
		mask = v;
	sw.sw_filter = opset_val(os, KW_FILTER);
	if (!search_pattern_ok(mask, 0) || (sw.sw_filter != NULL &&
	    !search_pattern_ok(sw.sw_filter, 1))) {
		rc = cmd_err(c, RACF_RC_SEVERE, "IKJ56702I INVALID %s, %.64s",
		    sw.sw_filter != NULL ? "FILTER" : "MASK",
		    sw.sw_filter != NULL ? sw.sw_filter : mask);
		goto done;
	}
	if (simdb_scan(c->c_txn, dbi, mask, strlen(mask), search_cb, &sw) ==
	    -1)
		rc = RACF_RC_SEVERE;
	else if (sw.sw_found == 0)
		rc = cmd_err(c, RACF_RC_WARNING, "ICH31005I NO ENTRIES MEET "
		    "SEARCH CRITERIA");
done:
	parse_free(os);
	return rc;
}
