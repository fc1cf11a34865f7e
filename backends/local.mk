# backends/: the backend API and one directory per ESM.
include $(srcdir)/backends/racf/translate.mk
# The RACF backend's operations link into the gateway library.
include $(srcdir)/backends/racf/backend.mk
