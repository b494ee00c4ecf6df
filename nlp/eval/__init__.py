"""Evaluation: every `presslens eval` command, scoring the extractions against gold data.
"""
