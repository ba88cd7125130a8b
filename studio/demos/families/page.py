"""What both model-families front ends save, built from the core (no UI framework here)."""

from __future__ import annotations

from studio import links
from studio.frames import Outcome, Recording

# a section's downloads are named by its settings
NAMES = {"samples": "families-seed{seed}", "live": "pixelcnn-seed{seed}", "complete": "pixelcnn-completion-seed{seed}",
         "recon": "families-recon-{first}"}


def download(section: str, settings, image, caption: str, frames=()) -> dict:
    """A section's result as studio.exports' arguments: its file name, and the page's link state opened at
    that section with its settings (a PNG dropped on the page restores them)."""
    return dict(name=NAMES[section].format(**settings.to_dict()), image=image, caption=caption, frames=frames,
                settings=links.state("families", {f"families.{section}": settings}, section))


def result(section: str, settings, image, caption: str, frames=()) -> Outcome:
    """A section's result as the front ends' download helpers take it (studio.frames.Outcome), from download()."""
    saved = download(section, settings, image, caption, frames)
    return Outcome(image, caption, saved["settings"], list(frames), saved["name"])


def run_result(section: str, settings, recording: Recording) -> Outcome:
    """Where a run got to: its last frame, captioned, and all its pictures for the GIF."""
    last = recording.last
    return result(section, settings, last.image, last.caption, recording.pictures)
