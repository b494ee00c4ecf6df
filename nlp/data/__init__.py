"""Data formats the taggers read and write: CoNLL and JSONL entity spans, brat attribution
standoff, and the word, tag and window schemes that training, inference and evaluation share.
"""
