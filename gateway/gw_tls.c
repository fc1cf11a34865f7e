/*
 * gw_tls.c - the gateway's TLS context, for ldaps:// listeners and
 * StartTLS: TLS 1.2 and later only, certificate and key from the
 * configuration (the key file must not be readable by group or others).
 */
#include "config.h"

#include <stdio.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "conf.h"
#include "log.h"
#include "gateway/gw.h"

static void
gw_tls_error(char *err, size_t errlen, const char *what, const char *file)
{
	char ssl[200];

	ERR_error_string_n(ERR_get_error(), ssl, sizeof(ssl));
	snprintf(err, errlen, "%s %s: %s", what, file != NULL ? file : "",
	    ssl);
}

static int
gw_tls_needed(const struct gateway *gw)
{
	const struct gw_listen *gl;

	TAILQ_FOREACH(gl, &gw->gw_listens, gl_entry)
		if (gl->gl_tls)
			return 1;
	return 0;
}

int
gw_tls_open(struct gateway *gw, char *err, size_t errlen)
{
	SSL_CTX *ctx;

	if (gw->gw_tls_cert == NULL && gw->gw_tls_key == NULL) {
		if (!gw_tls_needed(gw))
			return 0;
		snprintf(err, errlen, "an ldaps:// listener needs tls-cert "
		    "and tls-key");
		return -1;
	}
	if (gw->gw_tls_cert == NULL || gw->gw_tls_key == NULL) {
		snprintf(err, errlen, "TLS needs both tls-cert and tls-key");
		return -1;
	}
	if (conf_check_private_file(gw->gw_tls_key, err, errlen) == -1)
		return -1;
	if ((ctx = SSL_CTX_new(TLS_server_method())) == NULL) {
		gw_tls_error(err, errlen, "cannot create a TLS context", NULL);
		return -1;
	}
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION |
	    SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_RENEGOTIATION);
	if (SSL_CTX_use_certificate_chain_file(ctx, gw->gw_tls_cert) != 1) {
		gw_tls_error(err, errlen, "cannot load tls-cert",
		    gw->gw_tls_cert);
		goto fail;
	}
	if (SSL_CTX_use_PrivateKey_file(ctx, gw->gw_tls_key,
	    SSL_FILETYPE_PEM) != 1 || SSL_CTX_check_private_key(ctx) != 1) {
		gw_tls_error(err, errlen, "cannot load tls-key (or it does "
		    "not match tls-cert)", gw->gw_tls_key);
		goto fail;
	}
	if (gw->gw_tls_ciphers != NULL &&
	    SSL_CTX_set_cipher_list(ctx, gw->gw_tls_ciphers) != 1) {
		gw_tls_error(err, errlen, "tls-ciphers not usable:",
		    gw->gw_tls_ciphers);
		goto fail;
	}
	if (gw->gw_tls_ca != NULL &&
	    SSL_CTX_load_verify_locations(ctx, gw->gw_tls_ca, NULL) != 1) {
		gw_tls_error(err, errlen, "cannot load tls-ca", gw->gw_tls_ca);
		goto fail;
	}
	gw->gw_ssl_ctx = ctx;
	return 0;
fail:
	SSL_CTX_free(ctx);
	return -1;
}

void
gw_tls_close(struct gateway *gw)
{
	SSL_CTX_free(gw->gw_ssl_ctx);
	gw->gw_ssl_ctx = NULL;
}
