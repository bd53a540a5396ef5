"""Emitters: the model (and typed changes) rendered as SQL and other text artifacts."""
