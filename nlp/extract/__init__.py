"""Extraction: the spaCy pipeline and its components (entities, quotes, numeric claims) that turn
one article's text into annotations on its `Doc`.
"""
