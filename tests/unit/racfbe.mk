# tests/unit/racfbe.mk: filled in by its module's owner.
