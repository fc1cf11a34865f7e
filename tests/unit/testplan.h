/*
 * testplan.h - what the tests of every ESM's translation share around a
 * simulator: the LDAP schema and the ESM's map from the source tree
 * ($top_srcdir), commands run with their output kept for messages, a
 * plan run command by command, and one entry listed back through the
 * ESM's LIST parser.  The test binds the simulator (database and
 * administrator) and the parser; what is kept is borrowed until the
 * next call.
 */
#ifndef ESM_TESTPLAN_H
#define ESM_TESTPLAN_H

#include <stddef.h>

struct berval;
struct entry;
struct esm_out;
struct esm_plan;
struct map;
struct schema;

/* The simulator's command entry point, bound by the test. */
typedef int	 testplan_cmd_fn(const char *cmd, size_t len,
		    const struct esm_out *);
/* A LIST parser's feed, list being the parser. */
typedef int	 testplan_feed_fn(void *list, const struct berval *lines,
		    size_t n, char *err, size_t errlen);

/* The last command's output, for messages and checks. */
extern char	 testplan_outbuf[8192];

/* core.schema, racf.schema, <esm>.schema unless esm is "racf", and
   <esm>.map; fails the test when one does not load. */
void		 testplan_map(const char *esm, struct schema **,
		    struct map **);

/* Commands go to cmd; each line of output ends with a newline, or
   lines are joined by join when it is not NULL; a plan's command
   succeeds when its return code is at most okrc. */
void		 testplan_sim_bind(testplan_cmd_fn *cmd, const char *join,
		    int okrc);
/* A sink that collects output in testplan_outbuf, emptied first. */
const struct esm_out *testplan_out(void);
/* Run one command, its output in testplan_outbuf; its return code. */
int		 testplan_sim(const char *cmd);
/* Run one command that must end with return code 0. */
void		 testplan_sim_ok(const char *cmd);
/* Run every command of the plan, each must succeed; clear the plan. */
void		 testplan_run(struct esm_plan *);

/* The callback for the LIST parser: keeps its one entry. */
void		 testplan_got_cb(void *arg, struct entry *);
/* Run the LIST command cmd, feeding its lines to list, a parser that
   calls testplan_got_cb; the caller then ends and frees the parser. */
void		 testplan_list(const char *cmd, testplan_feed_fn *feed,
		    void *list);
/* The entry the parser gave since testplan_list (the caller's, to
   free), or NULL. */
struct entry	*testplan_listed(void);

#endif
