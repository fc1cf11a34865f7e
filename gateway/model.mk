# gateway/model.mk: filled in by its module's owner.
