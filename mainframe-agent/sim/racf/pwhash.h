/*
 * pwhash.h - password and phrase hashes of the RACF simulator.
 */
#ifndef RACF_PWHASH_H
#define RACF_PWHASH_H

#include "store.h"

#define PWHASH_ITER_DEFAULT	10000

int	pwhash_make(const char *, unsigned int, struct pwhash *);
int	pwhash_check(const struct pwhash *, const char *);

#endif
