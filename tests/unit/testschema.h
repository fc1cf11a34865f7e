/*
 * testschema.h - the registry the data-model tests share: the built-in
 * rules plus schema/core.schema from the source tree ($top_srcdir, which
 * the test environment exports; "." when run by hand from the top).
 */
#ifndef ESM_TESTSCHEMA_H
#define ESM_TESTSCHEMA_H

struct schema;

/* Load core.schema; the test fails if it cannot. */
struct schema	*testschema_core(void);
/* Its path. */
const char	*testschema_core_path(void);

#endif
