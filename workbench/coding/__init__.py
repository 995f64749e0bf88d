"""Codes, codings and memos: the domain rules for changing them."""
