"""Studio: an interactive teaching studio for generative deep learning (the shared core)."""

from studio.errors import StudioError

__all__ = ["StudioError"]
