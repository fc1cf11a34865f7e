# gateway/pdu.mk: filled in by its module's owner.
