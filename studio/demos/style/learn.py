"""Watch a fast style network learn (the course's lesson that the optimisation happens per picture
in Gatys et al. and once, in training, for a feed-forward network), and the pieces its training
shares with the shipped network's (studio/training/style.py): the photos, random crops and the
page's loss for a batch.

learn() trains a fresh network (studio/demos/style/models.py, one painting) for a few seconds on
random crops of the training photos, scored by the page's own loss (style.relative_terms), and
shows a held-out photo painted by it every few steps beside its loss curve. A fresh network
returns the photo unchanged; within seconds it finds the painting's colours, then its strokes.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

import torch
import torch.nn.functional as F
from PIL import Image

from studio import backbones, budget, config, images
from studio.caches import cached
from studio.controls import Settings, control, seed_control
from studio.demos.style import models, style
from studio.frames import Frame

PAINTING_SIDE = 384     # paintings are seen at the page's default output size (style_scale 1)
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png")


# --- data -------------------------------------------------------------------------------------

def training_photos(folder: Path) -> list[Path]:
    """The photos to train on, never one of the studio's held-out sample photos."""
    paths = sorted(p for p in folder.iterdir() if p.suffix.lower() in PHOTO_SUFFIXES)
    held_out = [p.name for p in paths if p.stem in images.SAMPLES]
    if held_out:
        raise SystemExit(f"{', '.join(held_out)}: the studio's sample photos are the held-out set; remove them.")
    if not paths:
        raise SystemExit(f"no photos in {folder}")
    return paths


def random_crops(photos: list[torch.Tensor], n: int, size: int, g: torch.Generator) -> torch.Tensor:
    """n crops of size x size: the photo is scaled so its long side is 448..1024 px (a crop then covers
    1/4..1/16 of it), a window is cut at a random place, and it is flipped half the time."""
    out = []
    for _ in range(n):
        photo = photos[int(torch.randint(len(photos), (1,), generator=g))]
        h, w = photo.shape[-2:]
        long_side = 448 + float(torch.rand((), generator=g)) * (1024 - 448)
        side = min(h, w, round(size * max(h, w) / long_side))        # the window, in original pixels
        y = int(torch.randint(h - side + 1, (1,), generator=g))
        x = int(torch.randint(w - side + 1, (1,), generator=g))
        crop = F.interpolate(photo[..., y:y + side, x:x + side], size=(size, size), mode="bilinear",
                             align_corners=False, antialias=side > size).clamp(0, 1)
        out.append(crop.flip(-1) if float(torch.rand((), generator=g)) < 0.5 else crop)
    return torch.cat(out)


def random_conditions(n: int, n_styles: int, g: torch.Generator, blend_share: float = 0.25):
    """Blend weights (n, K): one painting, or for a quarter a random mix of two; strengths (n,)."""
    shares = torch.zeros(n, n_styles)
    for i in range(n):
        a = int(torch.randint(n_styles, (1,), generator=g))
        if float(torch.rand((), generator=g)) < blend_share:
            b = (a + 1 + int(torch.randint(n_styles - 1, (1,), generator=g))) % n_styles
            u = float(torch.rand((), generator=g))
            shares[i, a], shares[i, b] = u, 1 - u
        else:
            shares[i, a] = 1.0
    lo, hi = math.log10(models.STRENGTH_MIN), math.log10(models.STRENGTH_MAX)
    return shares, 10 ** (lo + (hi - lo) * torch.rand(n, generator=g))


class PageLoss:
    """The style page's terms for a batch: each picture against its own photo and blend of paintings."""

    def __init__(self, settings: style.StyleSettings, paintings: Sequence[torch.Tensor], device: str = "cpu",
                 pretrained: bool = True):
        self.settings, self.plan = settings, style.layer_plan(settings)
        self.extractor = backbones.load_backbone(settings.backbone, pretrained, device).extractor(self.plan.layers)
        with torch.no_grad():   # one Gram matrix per painting and style layer: (K, C, C)
            feats = [self.extractor(p) for p in paintings]
            self.painting_grams = {layer: torch.cat([style.grams(f[layer]) for f in feats]) for layer in self.plan.style}

    def terms(self, image: torch.Tensor, photo: torch.Tensor, shares: torch.Tensor) -> dict[str, torch.Tensor]:
        with torch.no_grad():
            content = self.extractor(photo)[self.plan.content]
        targets = {layer: torch.einsum("nk,kij->nij", shares, g) for layer, g in self.painting_grams.items()}
        parts = style.relative_terms(self.plan, self.extractor(image), content, targets)
        return {**parts, "tv": torch.stack([style.total_variation(x) for x in image])}



# --- watch a network learn (the page's third view) ------------------------------------------

@dataclass(frozen=True)
class LearnSettings(Settings):
    title = "Watch a fast network learn"
    seconds: int = control(
        "Training time (s)", 30, min=5, max=120, step=5,
        help="How long the network trains. The optimisation paints one picture in about this time; "
             "the network learns to paint every photo.")
    weight: float = control(   # not style_weight: a link names each field once (links.names)
        "Style weight", 1e1, min=1.0, max=1e3, log=True, step=0.1,
        help="The loss's style weight (content weight 1), as on the optimisation's sliders.")
    crop: int = control(
        "Training crop (px)", 128, min=64, max=256, step=32,
        help="Each step trains on random squares of this size cut from the training photos: smaller "
             "crops mean more steps in the same time.")
    learning_rate: float = control(
        "Learning rate", 5e-3, min=1e-4, max=5e-2, log=True, step=0.1,
        help="Adam's step size for the network's weights.")
    start_seed: int = seed_control("Start seed", help="Fixes the network's first weights and the crops it sees.")


BATCH = 2            # crops per step: two keep a step short on a laptop CPU
SHOW_SIDE = 256      # the held-out photo is shown at this size
SHOW_EVERY_S = 1.5   # seconds between pictures of the held-out photo


@cached(maxsize=2)
def training_pool(held_out: str | None) -> tuple[list[torch.Tensor], str]:
    """The photos to train on and where they are from: the training photos (<data root>/photos) when
    present, else the studio's sample photos but the one shown (it stays held out)."""
    folder = config.data_root() / "photos"
    if folder.is_dir() and any(p.suffix.lower() in PHOTO_SUFFIXES for p in folder.iterdir()):
        paths = training_photos(folder)
        return [images.to_tensor(images.load_image(p, max_side=512).image) for p in paths], \
            f"{len(paths)} training photos"
    names = [n for n in images.sample_names() if n != held_out]
    return [images.to_tensor(images.load_sample(n).convert("RGB")) for n in names], \
        f"{len(names)} sample photos (not the one shown)"


def _work(s: LearnSettings, *_, **__) -> budget.Work:
    pixels = s.crop * s.crop * BATCH * s.seconds * 4   # about four steps a second at 128 px
    return budget.Work(pixels, "This training", s.crop, s.seconds, "seconds")


@budget.bounded(_work)
def learn(s: LearnSettings, photo: Image.Image, painting: Image.Image, held_out: str | None = None,
          backbone: str = "mobilenet_v2", pretrained: bool = True) -> Iterator[Frame]:
    """Train a fresh one-painting network for s.seconds; a frame with the held-out photo painted by
    the network so far every SHOW_EVERY_S seconds (metrics: step, loss terms), the last at the end."""
    torch.set_flush_denormal(True)
    settings = style.StyleSettings(approach="gatys", backbone=backbone, style_weight=s.weight)
    loss_of = PageLoss(settings, [style.fit(images.to_tensor(painting), PAINTING_SIDE)], pretrained=pretrained)
    pool, source = training_pool(held_out)
    shown = style.fit(images.to_tensor(photo), SHOW_SIDE)
    torch.manual_seed(s.start_seed)
    net = models.StyleNet(1)
    optimiser = torch.optim.Adam(net.parameters(), lr=s.learning_rate)
    g = torch.Generator().manual_seed(s.start_seed)
    one, strength = torch.ones(1, 1), torch.tensor([s.weight])
    start, step, last_shown = time.perf_counter(), 0, -math.inf
    caption = f"{source}, crops of {s.crop} px, {BATCH} a step"

    def picture(metrics: dict) -> Frame:
        net.eval()
        with torch.inference_mode():
            out = images.to_pil(net(shown, one, strength).clamp(0, 1))
        net.train()
        elapsed = time.perf_counter() - start
        return Frame(out, min(round(elapsed), s.seconds), s.seconds, f"step {step} · {caption}",
                     {**metrics, "step": step, "seconds": elapsed})

    metrics: dict[str, float] = {}
    while time.perf_counter() - start < s.seconds:
        crops = random_crops(pool, BATCH, s.crop, g)
        terms = loss_of.terms(net(crops, one.expand(BATCH, 1), strength.expand(BATCH)), crops, one.expand(BATCH, 1))
        loss = (terms["content"] + s.weight * terms["style"] + settings.tv_weight * terms["tv"]).mean()
        optimiser.zero_grad(set_to_none=True)
        loss.backward()
        optimiser.step()
        step += 1
        metrics = {"total": float(loss.detach()), **{k: float(v.detach().mean()) * w for (k, v), w in
                                             zip(terms.items(), (1.0, s.weight, settings.tv_weight))}}
        if time.perf_counter() - last_shown > SHOW_EVERY_S:
            last_shown = time.perf_counter()
            yield picture(metrics)
    final = picture(metrics)
    final.step = final.total
    yield final


def loss_figure(history: Sequence[dict[str, float]]):
    """The weighted loss terms against training step (log scale)."""
    import plotly.graph_objects as go

    fig = go.Figure()
    steps = [h["step"] for h in history if "total" in h]
    for name, colour in [("total", "#444"), ("content", "#1f77b4"), ("style", "#d62728")]:
        fig.add_trace(go.Scatter(x=steps, y=[h[name] for h in history if "total" in h], name=name,
                                 mode="lines+markers", line={"color": colour}))
    fig.update_yaxes(dtick=1, exponentformat="power", automargin=True)
    fig.update_layout(height=320, margin={"l": 10, "r": 10, "t": 30, "b": 10}, yaxis_type="log",
                      xaxis_title="training step", yaxis_title="weight × loss (a batch)",
                      legend={"orientation": "h", "x": 0, "y": -0.25, "yanchor": "top"})
    return fig
