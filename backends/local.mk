# backends/: the backend API and one directory per ESM.
include $(srcdir)/backends/racf/translate.mk
