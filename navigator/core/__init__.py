"""Shared foundations every stage reads: problems, errors, paths, code lists, text, URLs."""
