"""The one base class of presslens's expected errors.

Every error a user can cause (a bad path, a malformed gold or training file, an
unusable out folder, a missing model or extra) derives from `PresslensError`.
The command line catches this one class and prints its message as one line,
so a new error class needs no change there. The module imports nothing, so any
stage may use it without loading the others.
"""


class PresslensError(Exception):
    """A mistake in the user's input or setup; its message is the one-line reason."""
