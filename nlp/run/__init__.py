"""Running `analyze`: batches of articles through the pipeline on local worker processes or a
Dask cluster, with progress, time limits and the results cache.
"""
