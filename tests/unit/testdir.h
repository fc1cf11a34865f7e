/*
 * testdir.h - a fresh directory for each unit test, removed after it:
 * the fixture the file-handling tests share.
 */
#ifndef ESM_TESTDIR_H
#define ESM_TESTDIR_H

#include <sys/types.h>

/* Create /tmp/<prefix>.XXXXXX; the test fails if it cannot. */
const char *testdir_create(const char *prefix);
/* Remove it and everything in it. */
void	testdir_remove(void);
const char *testdir(void);
/* NAME inside the directory (a few results stay valid at once). */
const char *testdir_path(const char *name);
/* Write TEXT to NAME with MODE; returns its path. */
const char *testdir_write(const char *name, const char *text, mode_t mode);

#endif
