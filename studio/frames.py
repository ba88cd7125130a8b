"""What long-running demos yield while they work: the last Frame is the result."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Iterator

from PIL import Image


@dataclass
class Frame:
    image: Image.Image | None
    step: int
    total: int
    caption: str = ""
    metrics: dict[str, float] = field(default_factory=dict)

    @property
    def progress(self) -> float:
        return min(1.0, self.step / self.total) if self.total else 1.0

    @property
    def done(self) -> bool:
        return self.step >= self.total


@dataclass
class Recording:
    """What a run leaves for the page, kept as it streams: its pictures (a GIF of the run),
    its metrics per step (a plot) and its last frame (the result, or where Stop left it)."""
    pictures: list[Image.Image] = field(default_factory=list)
    history: list[dict[str, float]] = field(default_factory=list)
    last: Frame | None = None

    def keep(self, frames: Iterable[Frame]) -> Iterator[Frame]:
        for frame in frames:
            if frame.image is not None:
                self.pictures.append(frame.image)
            self.history.append({"step": frame.step, **frame.metrics})
            self.last = frame
            yield frame


@dataclass
class Outcome:
    """What a finished (or stopped) run leaves to show and export: its picture, a caption naming
    everything it depends on, its settings, the pictures of a GIF, the file name, and its time."""
    image: Image.Image
    caption: str
    settings: dict
    frames: list[Image.Image] = field(default_factory=list)
    name: str = "studio"
    duration_ms: int = 120
    seconds: float | None = None


def outcome(recording: Recording, caption: str, settings: dict, name: str, *, frames: list[Image.Image] | None = None,
            duration_ms: int = 120, word: str = "step") -> Outcome:
    """The result a recording reached: its last picture, captioned, and where a Stop left it if it did."""
    frame = recording.last
    if not frame.done:
        caption += f" · stopped at {word} {frame.step} of {frame.total}"
    image = frame.image if frame.done else recording.pictures[-1]
    return Outcome(image, caption, settings, recording.pictures if frames is None else frames, name, duration_ms,
                   frame.metrics.get("seconds"))
