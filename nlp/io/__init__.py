"""Articles in, tables out: reading input files into `Article`s, the table schemas, the results
cache in an out folder, and the tables and files written from it.
"""
