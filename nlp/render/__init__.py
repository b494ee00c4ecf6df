"""Rendering: what a person sees, in the terminal and in `report.html`.
"""
