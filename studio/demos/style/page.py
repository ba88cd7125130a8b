"""What both style-transfer front ends do with their widgets' values, written once: the pictures the
pickers name (built-in, gallery or uploaded), what is said about them, the caption, the run, its
result and the instant preview."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Iterator

from PIL import Image

from studio import backbones, gallery, images, links
from studio.demos.style import compare, learn, networks, style
from studio.demos.style.learn import LearnSettings
from studio.demos.style.style import StyleSettings
from studio.frames import Frame, Outcome, Recording, outcome

VIEWS = {"style": "Stylise", "compare": "Three approaches side by side", "learn": "Watch a network learn"}   # tabs
NONE = "none"                        # no second painting
CONTENT = "sample:chelsea"           # the photo a page starts with


def choice_label(key: str) -> str:
    return "(none)" if key == NONE else gallery.choice_label(key)


def choices(with_none: bool = False) -> list[tuple[str, str]]:
    """(label, key) of the pictures a picker offers: built-in and gallery (and no second painting)."""
    return [(choice_label(k), k) for k in ([NONE] if with_none else []) + gallery.choices()]


def about(backbone: str) -> tuple[str, str | None]:
    """What the network is, and a note when its weights are not here."""
    return backbones.spec(backbone).about, backbones.weights_note(backbone, style.BACKBONES)


def about_text(backbone: str) -> str:
    """What the network is, and under it the note when its weights are not here, as one text."""
    text, note = about(backbone)
    return f"{text}\n\n⚠️ {note}" if note else text


def picked_image(key: str) -> Image.Image | None:
    """The picked built-in or gallery image, so the student sees what goes in (none: no second painting)."""
    return None if not key or key == NONE else gallery.load_choice(key).image


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

    def state(self, view: str, settings: StyleSettings, learning: LearnSettings | None = None) -> dict:
        """What the result's PNG carries: this page, the view and its settings and picks (links.state),
        so a dropped PNG restores here, onto that view, and is refused by other pages."""
        sections = {"style": settings, **({"style.learn": learning} if learning else {})}
        picks = {role: key for role, (key, file) in zip(("content", "painting", "painting2"), self.picks)
                 if not file}   # an upload is not restored: the file is the visitor's
        return links.state("style", sections, view, picks=picks)

    @cached_property
    def checks(self) -> list[str]:
        """What to know about these pictures with these settings (style.check_inputs)."""
        return style.check_inputs(self.settings, self.content, self.paintings)

    @property
    def notices(self) -> list[str]:
        return [*self.settings.notices, *(n for x in self.loaded for n in x.notices), *self.checks]

    @property
    def side_notes(self) -> list[str]:
        """What is said beside the result: the pictures' checks, then what the approach does here."""
        return self.checks + [self.approach_note] * bool(self.approach_note)

    def status(self, *lines: str) -> str:
        """One status line: every notice, what the approach does here, then `lines`."""
        return " ".join([*self.notices, *[self.approach_note] * bool(self.approach_note), *lines])

    @cached_property
    def approach_note(self) -> str | None:
        """What the chosen approach does here (a network's weights missing, or the balance it keeps)."""
        s = self.settings
        if not self.by_network:
            return None
        if not networks.shipped(s.approach):
            return (f"The {networks.label(s.approach).lower()} is not in this studio's pretrained/ folder; "
                    "Optimise (Gatys) works without it.")
        return networks.strength(s.approach, s.content_weight, s.style_weight)[1]

    @cached_property
    def caption(self) -> str:
        names = [gallery.short_name(*p) for p in self.picks]
        return style.caption(self.settings, names[0], names[1:])

    @property
    def by_network(self) -> bool:
        """A trained network paints it (one pass, live) rather than the optimisation."""
        return self.settings.approach != "gatys"

    def frames(self) -> Iterator[Frame]:
        if self.by_network:
            return iter([self.painted()])
        return style.run(self.settings, self.content, self.paintings)

    def painted(self) -> Frame:
        """The trained network's picture (networks.stylise): the picked paintings by their files."""
        s = self.settings
        self.checks   # a photo too thin for the size is refused here too, in a sentence
        names = [networks.painting_name(key, file) for key, file in self.picks[1:]]
        return networks.stylise(s.approach, self.content, names, style.blend_shares(s, len(names), None),
                                s.content_weight, s.style_weight, s.size, keep_colours=s.colour != "style")

    def live(self) -> tuple[Outcome, str]:
        """A network's result, made at once (no Run): its picture, caption and downloads, and a line
        on its time (summary)."""
        recording = Recording()
        for _ in recording.keep(self.frames()):
            pass
        return self.outcome(recording), summary(recording.last.metrics)

    def live_view(self) -> tuple[Image.Image, None, str, Outcome] | None:
        """A trained network's result as the Stylise view shows it at once: (picture, no loss plot, status line,
        result); none for the optimisation, whose result stays until Stylise."""
        if not self.by_network:
            return None
        result, line = self.live()
        return result.image, None, self.status(line, result.caption), result

    # --- the two other views: the three approaches side by side, a network learning --------------

    def compare(self) -> Iterator[Frame]:
        """The three approaches on this photo and (first) painting (compare.compare)."""
        return compare.compare(self.settings, self.content, self.paintings[0], networks.painting_name(*self.picks[1]))

    def compared(self, recording: Recording) -> Outcome:
        s = compare.settings_for(self.settings)
        names = [gallery.short_name(*p) for p in self.picks[:2]]
        caption = f"Three approaches: {style.caption(s, names[0], names[1:], skip=('approach',))}"
        return outcome(recording, caption, self.state("compare", s), "style-three-approaches", frames=[])

    @staticmethod
    def compared_text(recording: Recording) -> str:
        """The comparison's table and where its cost went (under the sheet, in both front ends)."""
        return f"{compare.table(recording.last.metrics)}\n\n{recording.last.caption}"

    def compare_views(self) -> Iterator[tuple[Image.Image, str, Outcome | None]]:
        """The comparison as (picture, text, result): the sheet as it fills with its caption, then the
        result with its table (compared_text)."""
        recording = Recording()
        for frame in recording.keep(self.compare()):
            if not frame.done:
                yield frame.image, frame.caption, None
        result = self.compared(recording)
        yield result.image, self.compared_text(recording), result

    def learn(self, s: LearnSettings) -> Iterator[Frame]:
        """A fresh network learning this painting, shown on this photo (held out: learn.learn)."""
        kind, _, name = self.picks[0][0].partition(":")
        return learn.learn(s, self.content, self.paintings[0], held_out=name if kind == "sample" else None)

    def learnt(self, s: LearnSettings, recording: Recording) -> Outcome:
        names = [gallery.short_name(*p) for p in self.picks[:2]]
        caption = f"{s.caption()} · shown on {names[0]} (never trained on) · style={names[1]}"
        return outcome(recording, caption, self.state("learn", self.settings, s), "style-network-learning",
                       word="second")

    def preview(self) -> Image.Image | None:
        """The optimisation's instant preview; a network's result is itself instant (none)."""
        return None if self.by_network else style.preview(self.settings, self.content, self.paintings)

    def preview_view(self) -> tuple[Image.Image, str] | None:
        """The instant preview and what it is (preview_caption); none for a trained network (its result is itself
        instant)."""
        return None if self.by_network else (self.preview(), preview_caption(self.settings))

    def outcome(self, recording: Recording) -> Outcome:
        return outcome(recording, self.caption, self.state("style", self.settings), "style-transfer", word="iteration",
                       frames=[] if self.by_network else None)   # one pass: no GIF of an optimisation


def preview_caption(settings: StyleSettings) -> str:
    """What the instant preview is: far fewer pixels and iterations than Stylise, so it shows where the
    picture is heading (the colours first), not how strongly Stylise will paint it."""
    p = style.preview_settings(settings)
    return (f"Instant preview: {p.size} px, {p.scales} × {p.iterations} iterations (the result: {settings.size} px, "
            f"{settings.scales} × {settings.iterations}): the direction, with less paint")


def summary(metrics: dict[str, float]) -> str:
    """A result's time and final losses, in a line (a network's: its one pass)."""
    if "content" not in metrics:
        return f"One pass of the network: {metrics['seconds'] * 1000:.0f} ms · strength {metrics['strength']:.3g}"
    return (f"{metrics.get('seconds', 0):.1f} s · final losses: content {metrics['content']:.3g}, "
            f"style {metrics['style']:.3g}, TV {metrics['tv']:.3g}")


def plot(recording: Recording):
    """The loss terms so far (style.loss_figure)."""
    return style.loss_figure(recording.history)


def learn_plot(recording: Recording):
    """A network's loss terms as it learns, so far (learn.loss_figure)."""
    return learn.loss_figure(recording.history)
