"""Comparison across articles: stories, the same quote in several outlets, and claim groups whose
figures agree, differ or conflict (`presslens compare`).
"""
