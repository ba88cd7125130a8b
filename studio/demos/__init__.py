"""The demos the studio offers: one list that the home page, the pages and the Gradio tabs read.

Each demo lives in its own folder, studio/demos/<key>/: its own networks, what its page computes,
its settings, presets and teaching texts, and its two front-end files (streamlit.py: render(),
gradio.py: build_tab()) that only lay out widgets. This module is the face of the package: it holds
the registry only and imports no demo, so listing the demos loads no model."""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass

from studio.demos.demo import Demo

INTRO = (
    "Studio lets you watch generative deep learning work, with real models and live controls. "
    "Make a network dream what it sees, paint a photo in the style of a painting, walk through "
    "the latent space of a variational autoencoder, watch a GAN collapse onto a few digits and "
    "see how a denoising autoencoder learns the shape of handwriting. Every result is captioned "
    "with the settings that made it, so it can go on a slide and be reproduced."
)


def _discover() -> tuple[Demo, ...]:
    """Every folder of this package whose __init__.py declares DEMO, in the order of their page stubs.
    A folder's __init__ holds only that record, so finding the demos loads none of them."""
    found = []
    for info in pkgutil.iter_modules(__path__):
        if info.ispkg:
            record = getattr(importlib.import_module(f"{__name__}.{info.name}"), "DEMO", None)
            if isinstance(record, Demo):
                found.append(record)
    return tuple(sorted(found, key=lambda d: d.order))


_FOUND: list[tuple[Demo, ...]] = []


def __getattr__(name: str):
    """DEMOS: the demos found in this package, on first use."""
    if name == "DEMOS":
        if not _FOUND:
            _FOUND.append(_discover())
        return _FOUND[0]
    raise AttributeError(name)


@dataclass(frozen=True)
class Stage:
    """A stretch of the workshop path: its name and its demos, in the order to show them."""
    title: str
    keys: tuple[str, ...]


# A suggested path through a workshop, which both home pages show: what every later demo builds on
# first (data, normalisation, a network learning live), then generative models small enough to train
# and measure on digits, then what pretrained ImageNet networks do to photos. The one place that orders
# the demos for a class (the page stubs' numbers order the sidebar and the tabs).
WORKSHOP = (
    Stage("Start here", ("foundations",)),
    Stage("Models of digits", ("denoise", "vae", "gan", "families")),
    Stage("Networks on photos", ("dream", "style")),
)


def workshop() -> tuple[tuple[int, Stage, Demo], ...]:
    """Every demo in the order of the workshop path, numbered from 1, with its stage. A demo the path
    does not name (a new folder) comes after it, in page order, in a stage of its own ("More")."""
    demos = {d.key: d for d in __getattr__("DEMOS")}
    stages = [Stage(s.title, tuple(k for k in s.keys if k in demos)) for s in WORKSHOP]
    named = {k for s in stages for k in s.keys}
    rest = tuple(k for k in demos if k not in named)
    if rest:
        stages.append(Stage("More", rest))
    order = [(s, demos[k]) for s in stages for k in s.keys]
    return tuple((n, s, d) for n, (s, d) in enumerate(order, start=1))


def workshop_line() -> str:
    """The path in one line of Markdown, for the top of a home page."""
    parts = []
    for stage in dict.fromkeys(s for _, s, _ in workshop()):
        titles = " → ".join(f"{d.icon} {d.title}" for d in map(demo, stage.keys))
        parts.append(f"**{stage.title}:** {titles}")
    return "**A path through a workshop.** " + " · then ".join(parts)


def demo(key: str) -> Demo:
    return next(d for d in __getattr__("DEMOS") if d.key == key)


def model_modules() -> tuple[str, ...]:
    """Every module that registers a pretrained/ architecture, each once."""
    return tuple(dict.fromkeys(m for d in __getattr__("DEMOS") for m in d.models))


def users(*, backbone: str | None = None, mnist: bool = False, models: bool = False) -> str:
    """The titles of the demos that use a backbone, MNIST, or the studio's own models."""
    titles = [d.title for d in __getattr__("DEMOS")
              if (backbone and backbone in d.backbones) or (mnist and d.mnist) or (models and d.models)]
    return ", ".join(titles)
