"""What long-running demos yield while they work: the last Frame is the result."""

from __future__ import annotations

from dataclasses import dataclass, field

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
