"""What both model-families front ends save, built from the core (no UI framework here)."""

from __future__ import annotations

from typing import Any, Callable

from studio import links
from studio.demos.families import measure as fam
from studio.digits import load_digit
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


def run_result(section: str) -> Callable[[Any, Recording], Outcome]:
    """What a section's run leaves, as finish(settings, recording) (both front ends' run helpers take it): where
    it got to, its last frame, captioned, and all its pictures for the GIF."""
    def finish(settings, recording: Recording) -> Outcome:
        last = recording.last
        return result(section, settings, last.image, last.caption, recording.pictures)
    return finish


def samples(settings: fam.SampleSettings) -> Outcome:
    """The families' samples side by side, as a result (its caption also baked into the sheet)."""
    return result("samples", settings, *fam.samples_sheet(settings))


def recon(settings: fam.ReconSettings) -> Outcome:
    """Test images and their VAE and VAE-GAN reconstructions, as a result (its caption also baked in)."""
    return result("recon", settings, *fam.reconstruction_sheet(settings))


def digit(photo):
    """An uploaded digit (photo or drawing; studio.images.Upload) as the completion takes it, (1, 1, 28, 28) in MNIST
    form; None without one (a test image then)."""
    return load_digit(photo).tensor if photo is not None else None
