"""Training: fine-tuning the project's own taggers (`presslens train-ner`, `train-quotes`), and
their model cards.
"""
