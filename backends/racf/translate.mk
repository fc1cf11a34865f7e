# backends/racf/translate.mk: filled in by its module's owner.
