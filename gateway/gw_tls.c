/*
 * gw_tls.c - the gateway's TLS context, for ldaps:// listeners and
 * StartTLS: TLS 1.2 and later only (tls-protocol-min 1.3 for later
 * still), certificate and key from the configuration (the key file must
 * not be readable by group or others), and client certificates when
 * tls-verify asks for them: verified against tls-ca, at most
 * GW_TLS_VERIFY_DEPTH intermediate CAs deep.  The connection reads the
 * verified subject once the handshake is done (conn.c).
 */
#include "config.h"

#include <stdio.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "conf.h"
#include "log.h"
#include "gateway/gw.h"

#define GW_TLS_VERIFY_DEPTH	4

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

/*
 * tls-verify optional or require: ask for a certificate signed by a CA
 * of tls-ca (whose names go to the client, so it knows which one to
 * send).  A certificate that does not verify ends the handshake either
 * way; require also ends it when none comes.  Resumed sessions keep the
 * certificate they were verified with, under this context's id.
 */
static int
gw_tls_set_verify(struct gateway *gw, SSL_CTX *ctx, char *err,
    size_t errlen)
{
	static const unsigned char sid[] = "esmgated";
	STACK_OF(X509_NAME) *names;
	int mode = SSL_VERIFY_PEER;

	if (gw->gw_tls_verify == GW_TLS_VERIFY_NONE)
		return 0;
	if ((names = SSL_load_client_CA_file(gw->gw_tls_ca)) == NULL) {
		gw_tls_error(err, errlen, "tls-ca holds no CA certificate:",
		    gw->gw_tls_ca);
		return -1;
	}
	SSL_CTX_set_client_CA_list(ctx, names);
	if (gw->gw_tls_verify == GW_TLS_VERIFY_REQUIRE)
		mode |= SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
	SSL_CTX_set_verify(ctx, mode, NULL);
	SSL_CTX_set_verify_depth(ctx, GW_TLS_VERIFY_DEPTH);
	SSL_CTX_set_session_id_context(ctx, sid, sizeof(sid) - 1);
	return 0;
}

int
gw_tls_open(struct gateway *gw, char *err, size_t errlen)
{
	SSL_CTX *ctx;

	if (gw->gw_tls_cert == NULL && gw->gw_tls_key == NULL) {
		if (!gw_tls_needed(gw) &&
		    gw->gw_tls_verify == GW_TLS_VERIFY_NONE)
			return 0;
		snprintf(err, errlen, "%s needs tls-cert and tls-key",
		    gw_tls_needed(gw) ? "an ldaps:// listener" :
		    "tls-verify");
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
	SSL_CTX_set_min_proto_version(ctx, gw->gw_tls_protocol_min == 13 ?
	    TLS1_3_VERSION : TLS1_2_VERSION);
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
	if (gw->gw_tls_ciphersuites != NULL &&
	    SSL_CTX_set_ciphersuites(ctx, gw->gw_tls_ciphersuites) != 1) {
		gw_tls_error(err, errlen, "tls-ciphersuites not usable:",
		    gw->gw_tls_ciphersuites);
		goto fail;
	}
	if (gw->gw_tls_ca != NULL &&
	    SSL_CTX_load_verify_locations(ctx, gw->gw_tls_ca, NULL) != 1) {
		gw_tls_error(err, errlen, "cannot load tls-ca", gw->gw_tls_ca);
		goto fail;
	}
	if (gw_tls_set_verify(gw, ctx, err, errlen) == -1)
		goto fail;
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
