"""What both DeepDream front ends do with their widgets' values, written once: the pictures the
settings name, each tab's run, the result it leaves (captioned, named for its files), the instant
preview, and which inputs an objective uses."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from typing import Iterator

from PIL import Image

from studio import backbones, images, links
from studio.controls import Control
from studio.demos.dream import dream
from studio.demos.dream.dream import DreamSettings
from studio.frames import Frame, Outcome, Recording, outcome

VIEWS = {"dream": "Dream", "sweep": "Layer sweep", "zoom": "Fractal zoom"}   # the page's tabs
RUNS = {"dream": (dream.run, "deepdream", 120), "sweep": (dream.sweep, "deepdream-sweep", 120),
        "zoom": (dream.zoom, "deepdream-zoom", 100)}                          # run, file name, GIF ms per frame
BUTTONS = {"sweep": "Run the sweep", "zoom": "Run the zoom"}                  # the dream's own: each front end's


def uses(objective: str) -> tuple[str, ...]:
    """The inputs an objective reads (the others are hidden): layer, channel, target_class, guide."""
    return DreamSettings._OBJECTIVE_FIELDS[objective]


def about(backbone: str) -> tuple[str, str | None]:
    """What the network is, and a note when its weights are not here (said at once, not after Run)."""
    return backbones.spec(backbone).about, backbones.weights_note(backbone, dream.BACKBONES)


def about_text(backbone: str) -> str:
    """about() as one text, the note (if any) after a warning sign."""
    text, note = about(backbone)
    return f"{text}\n\n⚠️ {note}" if note else text


def layer_choices(backbone: str) -> list[tuple[str, str]]:
    """(label, layer) of the network's groups, early to late: a dropdown's choices."""
    return [(label, layer) for layer, label in dream.layer_options(backbone)]


def kept_layer(backbone: str, layer: str | None) -> str:
    """The layer a new network starts on: its suggested one, unless a link or a preset names one of its own."""
    return layer if layer in dream.dream_layers(backbone) else dream.SUGGESTED_LAYER[backbone]


def group_description(backbone: str, layer: str) -> str:
    """What the layer's group sees (early strokes, middle eyes and fur, late whole objects)."""
    spec = backbones.spec(backbone)
    return next(g.description for g in spec.groups if g.name == spec.group_of(layer))


def channel_slider(backbone: str, layer: str) -> tuple[int, int, str]:
    """The channel slider of a layer: (largest channel, value, label); the control's range while the
    network's weights are missing."""
    ctl = DreamSettings.control_of("channel")
    top = (dream.channel_count(backbone, layer) or int(ctl.max) + 1) - 1
    return top, min(ctl.default, top), f"{ctl.label} (0–{top})"


def objective_control(name: str, values: dict, slider: bool = True) -> Control:
    """The control of an objective's input as the network (and layer) in `values` shape it: the layer a
    slider (`slider`, else a menu) through the network's groups, on its suggested layer (kept_layer: a layer
    in `values` that the network has stays); the channel spanning the layer's channels (channel_slider). The
    other inputs' controls as they are."""
    ctl = DreamSettings.control_of(name)
    if name == "layer":
        layers, labels = zip(*dream.layer_options(values["backbone"]))
        return replace(ctl, choices=layers, choice_labels=labels, choice_slider=slider,
                       default=kept_layer(values["backbone"], values.get("layer")))
    if name == "channel":
        top, value, label = channel_slider(values["backbone"], values["layer"])
        return replace(ctl, max=top, default=value, label=label)
    return ctl


def objective_note(name: str, values: dict) -> str | None:
    """What a page says under an objective's input: the layer's group, the class a query matches."""
    if name == "layer":
        return group_description(values["backbone"], values["layer"])
    if name == "target_class":
        return dream.class_match(values["target_class"], values["backbone"])
    return None


@dataclass(eq=False)
class Job:
    """The settings and the uploads they name (a start photo, a guide), and what is made of them."""
    settings: DreamSettings
    photo: images.Upload | None = None
    guide_upload: images.Upload | None = None

    @property
    def key(self) -> tuple:
        """What the pictures depend on: the settings and the uploads' contents."""
        return self.settings, *(u.digest if u else "" for u in (self.photo, self.guide_upload))

    @property
    def ready(self) -> bool:
        """False while the dream starts from an upload that is not here yet."""
        return self.settings.start != "upload" or self.photo is not None

    @cached_property
    def start(self) -> images.LoadedImage:
        return dream.start_image(self.settings, self.photo)

    @cached_property
    def guide(self) -> Image.Image | None:
        return dream.guide_image(self.settings, self.guide_upload)

    @property
    def notices(self) -> list[str]:
        return [*self.settings.notices, *self.start.notices]

    def frames(self, mode: str) -> Iterator[Frame]:
        return RUNS[mode][0](self.settings, self.start.image, self.guide)

    def outcome(self, mode: str, recording: Recording) -> Outcome:
        """The result: uploads named by file and hash in its caption; a sweep's GIF without its sheet. Its
        PNGs carry the page and the tab (links.state): dropped on the page, they reopen that tab."""
        s, (_, name, duration_ms) = self.settings, RUNS[mode]
        caption = dream.name_uploads(s.caption(mode), self.photo, self.guide_upload)
        frames = recording.pictures[:-1] if mode == "sweep" else recording.pictures
        return outcome(recording, caption, links.state("dream", {"dream": s}, mode), name, frames=frames,
                       duration_ms=duration_ms)

    def preview(self) -> Image.Image | None:
        """The small dream of these settings (dream.preview); None while a picture it needs is not uploaded."""
        s = self.settings
        if not self.ready or s.objective == "guide" and s.guide == "upload" and self.guide_upload is None:
            return None
        return dream.preview(s, self.start.image, self.guide)
