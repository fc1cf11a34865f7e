# Check unit tests, one program per module; each area keeps a fragment.
include $(srcdir)/tests/unit/lib.mk
include $(srcdir)/tests/unit/link.mk
include $(srcdir)/tests/unit/racf.mk
include $(srcdir)/tests/unit/acf2.mk
include $(srcdir)/tests/unit/tss.mk
include $(srcdir)/tests/unit/agent.mk
include $(srcdir)/tests/unit/model.mk
include $(srcdir)/tests/unit/pdu.mk
include $(srcdir)/tests/unit/gateway.mk
include $(srcdir)/tests/unit/racfbe.mk
include $(srcdir)/tests/unit/acf2be.mk
include $(srcdir)/tests/unit/tssbe.mk
include $(srcdir)/tests/unit/ctl.mk
include $(srcdir)/tests/unit/changelog.mk
