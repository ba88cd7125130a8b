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
