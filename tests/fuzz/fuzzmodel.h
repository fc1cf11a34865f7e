/*
 * fuzzmodel.h - the gateway's data model as the harnesses of its parsers
 * need it: the LDAP schema as esmgated loads it (every .schema file of
 * schema/ in the source tree) and the shipped schema maps.  Each is
 * loaded once per process, on first use, and freed at exit; a file that
 * does not load stops the harness, since every input would then test
 * nothing.
 */
#ifndef ESM_FUZZMODEL_H
#define ESM_FUZZMODEL_H

struct map;
struct schema;

/* Borrowed: lives until exit. */
const struct schema	*fuzz_schema(void);
/* schema/<esm>.map ("racf", "acf2", "tss") against fuzz_schema();
   borrowed, lives until exit. */
const struct map	*fuzz_map(const char *esm);

#endif
