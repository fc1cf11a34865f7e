/*
 * link_key.c - the shared key file and the cipher names.
 *
 * Both ends of a link hold the same 16- or 32-byte key in a small text
 * file: lowercase hex and a newline, mode 0600.  The key never travels:
 * the hello only carries randoms from which both sides derive session
 * keys (link_session.c).  Generating refuses to overwrite a file, so an
 * operator cannot silently cut every agent off by re-running the command;
 * loading refuses a file that group or others can read, because whoever
 * reads the key can impersonate the gateway to every agent.
 */
#include "config.h"

#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "conf.h"
#include "hex.h"
#include "link.h"

/* Longest file we read: 64 hex digits plus generous trailing blanks. */
#define LINK_KEY_FILE_MAX	256

static int
link_key_write_all(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, buf, len);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

int
link_key_generate(const char *path, size_t nbytes, char *err, size_t errlen)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char raw[32];
	char text[2 * sizeof(raw) + 1];
	size_t i;
	int fd = -1, rc = -1;

	if (nbytes != 16 && nbytes != 32) {
		snprintf(err, errlen, "a link key is 16 or 32 bytes, not %zu",
		    nbytes);
		return -1;
	}
	if (RAND_bytes(raw, (int)nbytes) != 1) {
		snprintf(err, errlen, "no random bytes from OpenSSL");
		goto done;
	}
	for (i = 0; i < nbytes; i++) {
		text[2 * i] = hex[raw[i] >> 4];
		text[2 * i + 1] = hex[raw[i] & 0x0f];
	}
	text[2 * nbytes] = '\n';
	/* O_EXCL: an existing key is never replaced behind the operator. */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd == -1) {
		if (errno == EEXIST)
			snprintf(err, errlen, "%s already exists; remove it "
			    "first if you really want a new key", path);
		else
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto done;
	}
	if (link_key_write_all(fd, text, 2 * nbytes + 1) == -1 ||
	    fsync(fd) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		(void)unlink(path);
		goto done;
	}
	rc = 0;
done:
	if (fd != -1 && close(fd) == -1 && rc == 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		rc = -1;
	}
	OPENSSL_cleanse(raw, sizeof(raw));
	OPENSSL_cleanse(text, sizeof(text));
	return rc;
}

/* Parse exactly 32 or 64 hex digits, then only blanks. */
static int
link_key_parse(const char *path, const char *text, size_t len,
    struct link_key *key, char *err, size_t errlen)
{
	size_t ndig = 0, i;
	int hi, lo;

	while (ndig < len && hex_value((unsigned char)text[ndig]) != -1)
		ndig++;
	for (i = ndig; i < len; i++) {
		if (!isspace((unsigned char)text[i])) {
			snprintf(err, errlen, "%s: character %zu is not a hex "
			    "digit; a key file holds 32 or 64 hex digits",
			    path, i + 1);
			return -1;
		}
	}
	if (ndig != 32 && ndig != 64) {
		snprintf(err, errlen, "%s holds %zu hex digits; a key is 32 "
		    "(aes-128) or 64 (aes-256) hex digits", path, ndig);
		return -1;
	}
	for (i = 0; i < ndig / 2; i++) {
		hi = hex_value((unsigned char)text[2 * i]);
		lo = hex_value((unsigned char)text[2 * i + 1]);
		key->lk_bytes[i] = (unsigned char)(hi << 4 | lo);
	}
	key->lk_len = ndig / 2;
	return 0;
}

int
link_key_load(const char *path, struct link_key *key, char *err,
    size_t errlen)
{
	char text[LINK_KEY_FILE_MAX + 1];
	size_t len = 0;
	ssize_t n;
	int fd = -1, rc = -1;

	memset(key, 0, sizeof(*key));
	if (conf_check_private_file(path, err, errlen) == -1)
		return -1;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto done;
	}
	while (len < sizeof(text)) {
		n = read(fd, text + len, sizeof(text) - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			goto done;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (len > LINK_KEY_FILE_MAX) {
		snprintf(err, errlen, "%s is too long for a key file "
		    "(32 or 64 hex digits)", path);
		goto done;
	}
	rc = link_key_parse(path, text, len, key, err, errlen);
done:
	if (fd != -1)
		close(fd);
	if (rc == -1)
		link_key_clear(key);
	OPENSSL_cleanse(text, sizeof(text));
	return rc;
}

void
link_key_clear(struct link_key *key)
{
	if (key == NULL)
		return;
	OPENSSL_cleanse(key, sizeof(*key));
}

int
link_key_id(const struct link_key *key, unsigned char *id)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	int rc = -1;

	memset(id, 0, LINK_KEY_ID_LEN);
	if (EVP_Digest(key->lk_bytes, key->lk_len, md, &mdlen, EVP_sha256(),
	    NULL) == 1 && mdlen >= LINK_KEY_ID_LEN) {
		memcpy(id, md, LINK_KEY_ID_LEN);
		rc = 0;
	}
	OPENSSL_cleanse(md, sizeof(md));
	return rc;
}

void
link_key_id_format(const unsigned char *id, char *text)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < LINK_KEY_ID_LEN; i++) {
		text[2 * i] = hex[id[i] >> 4];
		text[2 * i + 1] = hex[id[i] & 0x0f];
	}
	text[2 * LINK_KEY_ID_LEN] = '\0';
}

void
link_key_id_text(const struct link_key *key, char *text)
{
	unsigned char id[LINK_KEY_ID_LEN];

	if (link_key_id(key, id) == -1) {
		snprintf(text, LINK_KEY_ID_TEXT, "unknown");
		return;
	}
	link_key_id_format(id, text);
}

int
link_cipher_parse(const char *name, enum link_cipher *cipher)
{
	if (strcmp(name, "aes-128-gcm") == 0)
		*cipher = LINK_CIPHER_AES128_GCM;
	else if (strcmp(name, "aes-256-gcm") == 0)
		*cipher = LINK_CIPHER_AES256_GCM;
	else
		return -1;
	return 0;
}

const char *
link_cipher_name(enum link_cipher cipher)
{
	switch (cipher) {
	case LINK_CIPHER_AES128_GCM:
		return "aes-128-gcm";
	case LINK_CIPHER_AES256_GCM:
		return "aes-256-gcm";
	}
	return "unknown";
}
