/*
 * testacf2.h - what the tests of the ACF2 translation share: the LDAP
 * schema and schema/acf2.map from the source tree ($top_srcdir), and a
 * simulator database in the test's scratch directory with a fixed
 * clock.  Compiled into each test that uses it.
 */
#ifndef ESM_TESTACF2_H
#define ESM_TESTACF2_H

#include <time.h>

struct acf2_db;
struct map;
struct schema;

/* core.schema, racf.schema, acf2.schema and acf2.map; fails the test
   when one does not load. */
void		 testacf2_map(struct schema **, struct map **);
/* A new database under the scratch directory (testdir_create first),
   its clock at now, fast hashes, no fsync. */
struct acf2_db	*testacf2_db(time_t now);

#endif
