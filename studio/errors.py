"""The studio's one user-facing error type.

Anything a person can cause or fix (a bad upload, missing weights, no network, an
out-of-range setting) raises StudioError with a sentence meant for them. Both front
ends catch it, show the message in place and keep serving.
"""


class StudioError(Exception):
    """A problem explained in words a student understands."""
