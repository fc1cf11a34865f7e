/*
 * testdir.c - per-test scratch directories.
 */
#include "config.h"

#include <check.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testdir.h"

static char testdir_buf[256];

const char *
testdir_create(const char *prefix)
{
	snprintf(testdir_buf, sizeof(testdir_buf), "/tmp/%s.XXXXXX", prefix);
	ck_assert_ptr_nonnull(mkdtemp(testdir_buf));
	return testdir_buf;
}

static int
testdir_unlink_cb(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	return remove(path);
}

void
testdir_remove(void)
{
	if (testdir_buf[0] != '\0')
		(void)nftw(testdir_buf, testdir_unlink_cb, 16,
		    FTW_DEPTH | FTW_PHYS);
	testdir_buf[0] = '\0';
}

const char *
testdir(void)
{
	return testdir_buf;
}

const char *
testdir_path(const char *name)
{
	static char path[4][512];
	static int next;
	char *p = path[next++ % 4];

	snprintf(p, sizeof(path[0]), "%s/%s", testdir_buf, name);
	return p;
}

const char *
testdir_write(const char *name, const char *text, mode_t mode)
{
	const char *p = testdir_path(name);
	FILE *fp;

	fp = fopen(p, "w");
	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	ck_assert_int_eq(fclose(fp), 0);
	ck_assert_int_eq(chmod(p, mode), 0);
	return p;
}
