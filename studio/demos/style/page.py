"""What both style-transfer front ends do with their widgets' values, written once: the pictures the
pickers name (built-in, gallery or uploaded), what is said about them, the caption, the run, its
result and the instant preview."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Iterator

from PIL import Image

from studio import backbones, gallery, images
from studio.demos.style import style
from studio.demos.style.style import StyleSettings
from studio.frames import Frame, Outcome, Recording, outcome

NONE = "none"                        # no second painting
CONTENT = "sample:chelsea"           # the photo a page starts with


def choice_label(key: str) -> str:
    return "(none)" if key == NONE else gallery.choice_label(key)


def about(backbone: str) -> tuple[str, str | None]:
    """What the network is, and a note when its weights are not here."""
    return backbones.spec(backbone).about, backbones.weights_note(backbone, style.BACKBONES)


def picks(content: tuple, painting: tuple, second: tuple) -> list[tuple[str, images.Upload | None]]:
    """(key, upload) of the photo and the painting(s): the second painting only when one is chosen."""
    return [content, painting] + ([second] if second[1] or (second[0] and second[0] != NONE) else [])


def thumbnail(image: Image.Image, box: tuple[int, int] = (480, 260)) -> Image.Image:
    """A small copy beside the result: a tall painting must not push the page down."""
    thumb = image.copy()
    thumb.thumbnail(box)
    return thumb


@dataclass(eq=False)
class Job:
    """The settings and the picked photo and painting(s), and what is made of them."""
    settings: StyleSettings
    picks: list[tuple[str, images.Upload | None]]

    @cached_property
    def loaded(self) -> list[images.LoadedImage]:
        return [gallery.resolve(key, file) for key, file in self.picks]

    @property
    def content(self) -> Image.Image:
        return self.loaded[0].image

    @property
    def paintings(self) -> list[Image.Image]:
        return [x.image for x in self.loaded[1:]]

    @cached_property
    def checks(self) -> list[str]:
        """What to know about these pictures with these settings (style.check_inputs)."""
        return style.check_inputs(self.settings, self.content, self.paintings)

    @property
    def notices(self) -> list[str]:
        return [*self.settings.notices, *(n for x in self.loaded for n in x.notices), *self.checks]

    @cached_property
    def caption(self) -> str:
        names = [gallery.short_name(*p) for p in self.picks]
        return style.caption(self.settings, names[0], names[1:])

    def frames(self) -> Iterator[Frame]:
        return style.run(self.settings, self.content, self.paintings)

    def preview(self) -> Image.Image:
        return style.preview(self.settings, self.content, self.paintings)

    def outcome(self, recording: Recording) -> Outcome:
        return outcome(recording, self.caption, self.settings.to_dict(), "style-transfer", word="iteration")


def summary(metrics: dict[str, float]) -> str:
    """A result's time and final losses, in a line."""
    return (f"{metrics.get('seconds', 0):.1f} s · final losses: content {metrics['content']:.3g}, "
            f"style {metrics['style']:.3g}, TV {metrics['tv']:.3g}")


def plot(recording: Recording):
    """The loss terms so far (style.loss_figure)."""
    return style.loss_figure(recording.history)
