"""Neural style transfer (Gatys, Ecker & Bethge, 2015), read top to bottom.

We look for an image whose deep features match a photo's (content) while the correlations
between its feature maps, the Gram matrices, match a painting's (style):

    loss = content_weight * |F(x) - F(photo)|²            one layer, where objects live
         + style_weight   * Σ_l w_l |G_l(x) - G_l(art)|²  several layers, fine to coarse strokes
         + tv_weight      * |∇x|²                          smoothness: removes high-frequency ridges

Each term is relative (divided by the size of its target), so the weights mean the same on
every backbone and at every resolution. The pixels themselves are optimised, with L-BFGS as
in the paper (or Adam), coarse to fine: a small picture converges in a second, is upsampled
and refined at the next size, so a whole first picture is on screen almost at once.

Two classic extensions (Gatys et al., "Preserving color in neural artistic style transfer"):
transfer on luminance only, or match the painting's colours to the photo's first. Several
paintings are blended by mixing their Gram matrices.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Iterator, Sequence

import torch
import torch.nn.functional as F
from PIL import Image

from studio import backbones, budget, images
from studio.gallery import UPLOAD_MAX_SIDE
from studio.controls import Lazy, Settings, control, seed_control
from studio.device import cpu_threads, pick_device
from studio.errors import StudioError
from studio.demos.style import networks
from studio.frames import Frame

BACKBONES = ("vgg19", "vgg16", "mobilenet_v2")

# Per backbone: five style levels, fine to coarse (Gatys used the first ReLU of each VGG
# block), and three content depths. MobileNetV2's stage outputs are linear bottlenecks;
# these five sit at strides 2, 4, 8, 16 and 16 like VGG's blocks.
LAYERS = {
    "vgg19": {"style": ("relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1"),
              "content": {"early": "relu2_2", "middle": "relu4_2", "late": "relu5_2"}},
    "vgg16": {"style": ("relu1_2", "relu2_2", "relu3_3", "relu4_3", "relu5_3"),
              "content": {"early": "relu2_2", "middle": "relu4_2", "late": "relu5_2"}},
    "mobilenet_v2": {"style": ("features.1", "features.3", "features.6", "features.10", "features.13"),
                     "content": {"early": "features.4", "middle": "features.7", "late": "features.11"}},
}
STYLE_LEVELS = {"all": slice(0, 5), "fine": slice(0, 3), "coarse": slice(2, 5)}
MIN_SIDE = 32          # smaller inputs leave no pixels in the deepest layers
ADAM_LR = 0.02         # Adam moves each pixel by about this much per step (pixels are in [0, 1])
FRAME_EVERY = 5        # iterations between streamed frames


@dataclass(frozen=True)
class StyleSettings(Settings):
    title = "Style transfer"
    approach: str = control(
        "Approach", Lazy(networks.default_approach), choices=networks.APPROACHES, choice_labels=networks.LABELS,
        help="Optimise: this picture's pixels, any painting. Fast: a network trained once with this loss on "
             "four paintings, one pass. Supervised: trained on pairs of photos and optimised pictures.")
    backbone: str = control(
        "Network", Lazy(lambda: backbones.default_backbone(["vgg19", "mobilenet_v2"])), choices=BACKBONES,
        choice_labels=("VGG-19 (Gatys et al.)", "VGG-16", "MobileNetV2 (fast)"),
        help="Whose features define content and style. VGG-19 is the paper's; MobileNetV2 is "
             "several times faster on a laptop and gives a rougher, more graphic look.")
    content_weight: float = control(
        "Content weight", 1.0, min=1e-2, max=1e3, log=True, step=0.1,
        help="How strongly the picture must keep the photo's deep features (the objects and "
             "their layout). Raise it to see more of the photo.")
    style_weight: float = control(
        "Style weight", 1e1, min=1e-1, max=1e5, log=True, step=0.1,
        help="How strongly the Gram matrices (which features fire together: colours, strokes, "
             "textures) must match the painting's. Raise it for more paint, less photo.")
    tv_weight: float = control(
        "Smoothness (TV) weight", 1e1, min=1e-2, max=1e4, log=True, step=0.1,
        help="Total variation penalises differences between neighbouring pixels. It removes the "
             "high-frequency ridges and speckle the network's strides leave; too much blurs.")
    content_layer: str = control(
        "Content layer", "middle", choices=("early", "middle", "late"),
        choice_labels=("early: edges, fine detail", "middle: objects (paper's)", "late: rough layout only"),
        help="Which layer's features the picture must share with the photo. Deeper layers "
             "care about what is where, not exact pixels, so the style takes over more.")
    style_layers: str = control(
        "Style layers", "all", choices=tuple(STYLE_LEVELS),
        choice_labels=("all five levels (the paper's)", "fine levels only: colour and brush texture",
                       "coarse levels only: big swirls and shapes"),
        help="Gram matrices of early layers capture colours and small strokes, of deep layers "
             "larger motifs. Matching only some levels shows what each contributes.")
    layer_tilt: float = control(
        "Layer weights: fine ↔ coarse", 0.0, min=-1.0, max=1.0, step=0.25,
        help="Per-layer style weights. 0 weighs every style layer equally; negative favours the "
             "fine layers (texture), positive the coarse ones (bigger structures).")
    style_scale: float = control(
        "Stroke size", 1.0, min=0.5, max=2.0, step=0.1,
        help="The painting is shown to the network at this multiple of the output size: larger "
             "values make its strokes and motifs larger in the result.")
    size: int = control(
        "Output size (long side, px)", 384, min=64, max=1024, step=32,
        help="Resolution of the result. Time grows with the number of pixels.")
    scales: int = control(
        "Coarse-to-fine scales", 3, min=1, max=4,
        help="Optimise first at 1/2, 1/4 … of the size, then upsample and refine: the coarse "
             "picture converges in a second and gives the large shapes; 1 = single scale.")
    iterations: int = control(
        "Iterations per scale", 40, min=1, max=500,
        help="Optimiser steps at each scale. L-BFGS converges in tens of steps; Adam needs more.")
    optimizer: str = control(
        "Optimiser", "lbfgs", choices=("lbfgs", "adam"),
        choice_labels=("L-BFGS (the paper's, fast)", "Adam (steady, simple)"),
        help="L-BFGS builds a picture of the loss surface's curvature from recent steps and "
             "converges in few steps; Adam takes small steps that adapt per pixel.")
    init: str = control(
        "Start from", "content", choices=("content", "noise", "style"),
        choice_labels=("the photo", "random noise", "the painting"),
        help="The image the optimisation starts from. From noise, the same loss finds a "
             "different picture: the result depends on where you start.")
    colour: str = control(
        "Colours", "style", choices=("style", "luminance", "histogram"),
        choice_labels=("the painting's", "the photo's: transfer luminance only",
                       "the photo's: match the painting's colours to the photo first"),
        help="Style transfer copies the painting's colours too. Keep the photo's colours by "
             "transferring only brightness, or by recolouring the painting before transfer.")
    blend: float = control(
        "Share of the second style", 0.5, min=0.0, max=1.0, step=0.05,
        help="With two paintings, the target Gram matrices are a weighted mix of theirs: "
             "0 is only the first painting, 1 only the second.")
    seed: int = seed_control(help="Fixes the random start (for 'random noise'); same seed, same picture.")

    groups = {"Balance": ("content_weight", "style_weight", "tv_weight"),
              "Layers": ("backbone", "content_layer", "style_layers", "layer_tilt", "style_scale"),
              "Optimisation": ("size", "scales", "iterations", "optimizer", "init", "seed"),
              "Colour": ("colour",)}


# --- inputs ----------------------------------------------------------------------------------

def check_inputs(settings: StyleSettings, content: Image.Image, styles: Sequence[Image.Image]) -> list[str]:
    """Notes for the student about this pairing; raises StudioError when it cannot work."""
    if not styles:
        raise StudioError("Pick at least one style image.")
    notes = []
    for role, img in [("photo", content)] + [("painting", s) for s in styles]:
        w, h = img.size
        if min(w, h) * settings.size / max(w, h) < MIN_SIDE:
            raise StudioError(f"The {role} is {w}×{h} pixels: too thin to scale to {settings.size} px "
                              f"(its short side would be under {MIN_SIDE} px). Crop it closer to a square.")
    for i, s in enumerate(styles):
        if max(s.size) * 2 < settings.size * settings.style_scale:
            notes.append(f"Style image {i + 1} is only {s.width}×{s.height} pixels and is enlarged more than "
                         "twice: its strokes will look soft. A larger painting gives crisper texture.")
    if settings.colour != "style" and images.is_grey(content):
        notes.append("The photo is black and white, so keeping its colours gives a grey result.")
    if settings.colour == "style" and all(images.is_grey(s) for s in styles):
        notes.append("The painting is black and white, so the result has no colour either.")
    return notes


# --- colour ----------------------------------------------------------------------------------

_YCC = torch.tensor([[0.299, 0.587, 0.114], [-0.168736, -0.331264, 0.5], [0.5, -0.418688, -0.081312]])


def to_ycbcr(x: torch.Tensor) -> torch.Tensor:
    """(N, 3, H, W) RGB in [0, 1] -> luma Y and chroma Cb, Cr (centred on 0)."""
    return torch.einsum("ij,njhw->nihw", _YCC.to(x.device), x)


def from_ycbcr(y: torch.Tensor) -> torch.Tensor:
    return torch.einsum("ij,njhw->nihw", torch.linalg.inv(_YCC).to(y.device), y).clamp(0, 1)


def luminance(x: torch.Tensor) -> torch.Tensor:
    """Brightness only, as a grey RGB image (the network expects three channels)."""
    return to_ycbcr(x)[:, :1].expand(-1, 3, -1, -1).contiguous()


def match_mean_std(x: torch.Tensor, ref: torch.Tensor) -> torch.Tensor:
    """Shift and scale x's values to ref's mean and spread (per channel)."""
    xm, xs = x.mean((0, 2, 3), keepdim=True), x.std((0, 2, 3), keepdim=True) + 1e-5
    rm, rs = ref.mean((0, 2, 3), keepdim=True), ref.std((0, 2, 3), keepdim=True)
    return ((x - xm) / xs * rs + rm).clamp(0, 1)


def _cov_power(pixels: torch.Tensor, power: float) -> tuple[torch.Tensor, torch.Tensor]:
    mean = pixels.mean(1, keepdim=True)
    centred = pixels - mean
    cov = centred @ centred.T / pixels.shape[1] + 1e-5 * torch.eye(3, device=pixels.device)
    values, vectors = torch.linalg.eigh(cov)
    return mean, vectors @ torch.diag(values.clamp_min(1e-8) ** power) @ vectors.T


def match_colours(style: torch.Tensor, content: torch.Tensor) -> torch.Tensor:
    """Recolour the painting so its colour mean and covariance are the photo's (a linear map)."""
    s = style[0].flatten(1).double()
    s_mean, s_inv_sqrt = _cov_power(s, -0.5)
    c_mean, c_sqrt = _cov_power(content[0].flatten(1).double(), 0.5)
    out = c_sqrt @ s_inv_sqrt @ (s - s_mean) + c_mean
    return out.float().view_as(style).clamp(0, 1)


# --- losses ----------------------------------------------------------------------------------

def grams(features: torch.Tensor) -> torch.Tensor:
    """Which channels fire together, averaged over positions: (N, C, C) for (N, C, H, W) features,
    one Gram matrix per picture, independent of image size."""
    n, c, h, w = features.shape
    f = features.reshape(n, c, h * w)
    return f @ f.transpose(1, 2) / (h * w)


def gram(features: torch.Tensor) -> torch.Tensor:
    """The Gram matrix (C, C) of one picture's (1, C, H, W) features."""
    return grams(features)[0]


def total_variation(x: torch.Tensor) -> torch.Tensor:
    return (x[..., 1:, :] - x[..., :-1, :]).pow(2).mean() + (x[..., :, 1:] - x[..., :, :-1]).pow(2).mean()


@dataclass(frozen=True)
class LayerPlan:
    content: str
    style: dict[str, float]                        # layer -> weight (they sum to 1)

    @property
    def layers(self) -> list[str]:
        return list(dict.fromkeys([*self.style, self.content]))


def layer_plan(settings: StyleSettings) -> LayerPlan:
    table = LAYERS[settings.backbone]
    chosen = table["style"][STYLE_LEVELS[settings.style_layers]]
    # tilt -1..1 spreads the weights over a factor of 8 between the finest and coarsest layer
    positions = torch.linspace(-1, 1, len(chosen))
    raw = (2.0 ** (3 * settings.layer_tilt * positions / 2)).tolist()
    return LayerPlan(content=table["content"][settings.content_layer],
                     style={layer: w / sum(raw) for layer, w in zip(chosen, raw)})


class Objective:
    """Content features and (blended) style Grams of one scale; scores a candidate image."""

    def __init__(self, extractor, plan: LayerPlan, content: torch.Tensor,
                 styles: Sequence[torch.Tensor], mix: Sequence[float]):
        self.extractor, self.plan = extractor, plan
        # no_grad, not inference_mode: these targets take part in the backward pass later
        with torch.no_grad():
            self.content = extractor(content)[plan.content]
            self.grams = {layer: 0.0 for layer in plan.style}
            for image, share in zip(styles, mix):
                feats = extractor(image)
                for layer in plan.style:
                    self.grams[layer] = self.grams[layer] + share * gram(feats[layer])

    def terms(self, image: torch.Tensor) -> dict[str, torch.Tensor]:
        parts = relative_terms(self.plan, self.extractor(image), self.content, self.grams)
        return {"content": parts["content"][0], "style": parts["style"][0], "tv": total_variation(image)}

    def style_distance(self, image: torch.Tensor) -> float:
        with torch.no_grad():
            return float(self.terms(image)["style"])


def relative_terms(plan: LayerPlan, feats: dict[str, torch.Tensor], content: torch.Tensor,
                   targets: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """The content and style terms of each picture of a batch, (N,) each: squared errors divided by the
    size of their target. content: the photos' (N or 1, C, H, W) features at plan.content; targets:
    per style layer the (N, C, C) or (C, C) Gram matrices to match. Objective scores one picture with
    it; a feed-forward network's training (studio/training/style.py) scores a batch of photos."""
    dims = tuple(range(1, content.dim()))
    c = (feats[plan.content] - content).pow(2).mean(dims) / (content.pow(2).mean(dims) + 1e-8)
    s = 0.0
    for layer, w in plan.style.items():
        g = targets[layer]
        s = s + w * (grams(feats[layer]) - g).pow(2).mean((-2, -1)) / (g.pow(2).mean((-2, -1)) + 1e-8)
    return {"content": c, "style": s}


def weighted(settings: StyleSettings, terms: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    return {"content": settings.content_weight * terms["content"],
            "style": settings.style_weight * terms["style"],
            "tv": settings.tv_weight * terms["tv"]}


# --- the optimisation ------------------------------------------------------------------------

def scale_sizes(size: int, scales: int) -> list[int]:
    """Long sides from coarse to fine, halving each time but never below 64 px."""
    sizes = [size]
    while len(sizes) < scales and sizes[0] // 2 >= 64:
        sizes.insert(0, sizes[0] // 2)
    return sizes


def fit(x: torch.Tensor, long_side: int) -> torch.Tensor:
    h, w = x.shape[-2:]
    scale = long_side / max(h, w)
    size = (max(1, round(h * scale)), max(1, round(w * scale)))
    if size == (h, w):
        return x
    return F.interpolate(x, size=size, mode="bilinear", align_corners=False, antialias=scale < 1).clamp(0, 1)


def at_most(x: torch.Tensor, long_side: int) -> torch.Tensor:
    """Shrunk to the long side if larger; never enlarged (each scale fits from the original: a small
    photo enlarged to 1024 px first cost the 128 px preview 40 ms and added nothing)."""
    return fit(x, long_side) if max(x.shape[-2:]) > long_side else x


def blend_shares(settings: StyleSettings, n: int, weights: Sequence[float] | None) -> list[float]:
    if weights is None:
        weights = [1.0] if n == 1 else [1 - settings.blend, settings.blend] if n == 2 else [1.0] * n
    if len(weights) != n or any(w < 0 for w in weights) or sum(weights) <= 0:
        raise StudioError("Style blend weights must be one non-negative number per style, not all zero.")
    return [w / sum(weights) for w in weights]


# What a trained network's picture does not depend on: the optimisation's own settings.
OPTIMISATION_ONLY = ("tv_weight", "backbone", "content_layer", "style_layers", "layer_tilt", "style_scale",
                     "scales", "iterations", "optimizer", "init", "seed")


def caption(settings: StyleSettings, content: str = "", styles: Sequence[str] = (), skip: tuple[str, ...] = ()) -> str:
    """The settings the picture used plus which photo and painting(s): enough to make it again (the
    blend share only with two paintings; a network's picture without the optimisation's settings)."""
    shares = blend_shares(settings, len(styles), None) if styles else []
    painted = " + ".join(f"{n} {w:.0%}" if len(styles) > 1 else n for n, w in zip(styles, shares))
    named = " · ".join(p for p in [f"content={content}" if content else "",
                                   f"style={painted}" if styles else ""] if p)
    skip += (() if len(styles) > 1 else ("blend",)) + (OPTIMISATION_ONLY if settings.approach != "gatys" else ())
    return settings.caption(skip) + (f" · {named}" if named else "")


def loss_figure(history: Sequence[dict[str, float]]):
    """A plotly figure of the weighted content, style and TV losses per iteration (log scale)."""
    import plotly.graph_objects as go

    fig = go.Figure()
    steps = [h["step"] for h in history]
    for name, colour in [("total", "#444"), ("content", "#1f77b4"), ("style", "#d62728"), ("tv", "#2ca02c")]:
        fig.add_trace(go.Scatter(x=steps, y=[h[name] for h in history], name=name, mode="lines+markers",
                                 line={"color": colour, "width": 3 if name == "total" else 2}))
    for prev, h in zip(history, history[1:]):
        if h["scale"] != prev["scale"]:  # a new, finer scale starts: its losses are measured afresh
            fig.add_vline(x=prev["step"], line_dash="dot", line_color="#999",
                          annotation_text=f"{int(h['size'])} px", annotation_position="top")
    # Ticks only at powers of ten (a log axis otherwise labels 5, 2, 1, 5, 2, 0.1), and margins
    # that grow to fit them (fixed small ones clip the labels in Gradio).
    fig.update_yaxes(dtick=1, exponentformat="power", automargin=True)
    fig.update_xaxes(automargin=True)
    fig.update_layout(height=360, margin={"l": 10, "r": 10, "t": 30, "b": 10}, yaxis_type="log",
                      xaxis_title="iteration", yaxis_title="weight × loss",
                      legend={"orientation": "h", "x": 0, "y": -0.2, "yanchor": "top"})
    return fig


def _work(settings: StyleSettings, content: Image.Image, *_, final_iterations: int | None = None,
          **__) -> budget.Work:
    aspect = min(content.size) / max(content.size)
    sizes = scale_sizes(settings.size, settings.scales)
    iterations = [settings.iterations] * (len(sizes) - 1) + [final_iterations or settings.iterations]
    pixels = sum(side * side * aspect * n for side, n in zip(sizes, iterations))
    return budget.Work(pixels, "This style transfer", settings.size, settings.iterations, "iterations per scale")


@budget.bounded(_work)
def run(settings: StyleSettings, content: Image.Image, styles: Sequence[Image.Image], *,
        style_weights: Sequence[float] | None = None, pretrained: bool = True,
        device: torch.device | None = None, every: int = FRAME_EVERY,
        final_iterations: int | None = None) -> Iterator[Frame]:
    """Stylise `content` like `styles` (blended); yields frames, the last one is the result.

    final_iterations overrides the iterations at full size (the benchmark lets it run on).
    """
    check_inputs(settings, content, styles)
    # Denormal floats (MobileNetV2's pretrained weights make some gradients tiny) are up to 16×
    # slower on a CPU; flushing them to zero changes nothing visible (measured at 128 px: 730 -> 44
    # ms per forward and backward pass). The flag is per thread: it reaches torch's worker threads
    # only if set before they start, so the calling thread's share is what this buys here.
    torch.set_flush_denormal(True)
    shares = blend_shares(settings, len(styles), style_weights)
    device = device or pick_device()
    plan = layer_plan(settings)
    extractor = backbones.load_backbone(settings.backbone, pretrained, str(device)).extractor(plan.layers)

    photo = at_most(images.to_tensor(content, device), UPLOAD_MAX_SIDE)
    paintings = [at_most(images.to_tensor(s, device), UPLOAD_MAX_SIDE) for s in styles]
    if settings.colour == "histogram":
        paintings = [match_colours(p, photo) for p in paintings]
    if settings.colour == "luminance":
        photo_luma = luminance(photo)
        paintings = [match_mean_std(luminance(p), photo_luma) for p in paintings]
        optimised_photo = photo_luma
    else:
        optimised_photo = photo

    sizes = scale_sizes(settings.size, settings.scales)
    budgets = [settings.iterations] * (len(sizes) - 1) + [final_iterations or settings.iterations]
    total = sum(budgets)
    final_hw = fit(photo, settings.size).shape[-2:]
    chroma = to_ycbcr(fit(photo, settings.size))[:, 1:]
    generator = torch.Generator().manual_seed(settings.seed)
    start, step, image = time.perf_counter(), 0, None

    def picture(x: torch.Tensor) -> Image.Image:
        """What the student sees: always at the output size, with the photo's chroma if kept."""
        x = F.interpolate(x.detach(), size=final_hw, mode="bilinear", align_corners=False).clamp(0, 1)
        if settings.colour == "luminance":
            x = from_ycbcr(torch.cat([to_ycbcr(x)[:, :1], chroma], 1))
        return images.to_pil(x)

    for index, long_side in enumerate(sizes):
        target = fit(optimised_photo, long_side)
        objective = Objective(extractor, plan, target,
                              [fit(p, round(long_side * settings.style_scale)) for p in paintings], shares)
        if image is None:
            image = _initial(settings, target, paintings, generator)
        else:
            image = F.interpolate(image, size=target.shape[-2:], mode="bilinear", align_corners=False)
        image = image.detach().clone().requires_grad_(True)
        for done, losses in _optimise(settings, objective, image, budgets[index], every):
            step = sum(budgets[:index]) + done
            last = step == total
            metrics = {k: float(v) for k, v in losses.items()}
            metrics.update(total=sum(metrics.values()), scale=index + 1, size=long_side,
                           seconds=time.perf_counter() - start)
            yield Frame(picture(image), total if last else step, total,
                        settings.caption() if last else
                        f"Scale {index + 1} of {len(sizes)} ({long_side} px) · iteration {done}", metrics)


def _initial(settings: StyleSettings, target: torch.Tensor, paintings: list[torch.Tensor],
             generator: torch.Generator) -> torch.Tensor:
    if settings.init == "noise":
        noise = torch.rand(target.shape, generator=generator).to(target.device)
        return (0.5 * noise + 0.25).to(target.dtype)
    if settings.init == "style":  # the first painting, stretched to the photo's shape
        return F.interpolate(paintings[0], size=target.shape[-2:], mode="bilinear", align_corners=False)
    return target.clone()


def _optimise(settings: StyleSettings, objective: Objective, image: torch.Tensor, iterations: int,
              every: int) -> Iterator[tuple[int, dict[str, torch.Tensor]]]:
    """Yields (iterations done, weighted loss terms) every `every` iterations."""
    last: dict[str, torch.Tensor] = {}

    def closure() -> torch.Tensor:
        optimiser.zero_grad()
        with torch.no_grad():
            image.clamp_(0, 1)  # pixels stay valid colours (the tutorial's projection)
        terms = weighted(settings, objective.terms(image))
        loss = terms["content"] + terms["style"] + terms["tv"]
        if not torch.isfinite(loss):
            raise StudioError("The optimisation blew up (the loss is no longer a number). "
                              "Lower the style weight or switch the optimiser to L-BFGS.")
        loss.backward()
        last.update({k: v.detach() for k, v in terms.items()})
        return loss

    done = 0
    if settings.optimizer == "lbfgs":
        # tolerances 0: stop by the iteration budget, not by how flat the loss is. 20 curvature
        # pairs reached the same loss as torch's default 100 (measured at 192 px) in less memory.
        optimiser = torch.optim.LBFGS([image], lr=1.0, max_iter=every, history_size=20,
                                      tolerance_grad=0.0, tolerance_change=0.0)
        while done < iterations:
            chunk = min(every, iterations - done)
            optimiser.param_groups[0]["max_iter"] = chunk
            optimiser.param_groups[0]["max_eval"] = chunk * 5 // 4
            optimiser.step(closure)
            done += chunk
            yield done, last
    else:
        optimiser = torch.optim.Adam([image], lr=ADAM_LR)
        while done < iterations:
            optimiser.step(closure)
            done += 1
            if done % every == 0 or done == iterations:
                yield done, last
    with torch.no_grad():
        image.clamp_(0, 1)


# --- the instant preview ---------------------------------------------------------------------------

# (long side px, L-BFGS iterations per scale) of a preview: VGG costs ~7x MobileNetV2 per pixel,
# so it gets a smaller, shorter one, to stay under a second on a 2-core laptop (bench/style.py
# --preview). Two scales, like the full run: the coarse one moves the picture most per millisecond
# (at 128 px, 5+5 iterations on two scales came closer to the full result than 12 at one).
PREVIEW = {"mobilenet_v2": (128, 5), "vgg16": (96, 3), "vgg19": (96, 3)}
PREVIEW_SCALES = 2


def preview_settings(settings: StyleSettings) -> StyleSettings:
    """The same transfer, small, on at most two scales of a few iterations (Adam gets more)."""
    size, iterations = PREVIEW.get(settings.backbone, (96, 3))
    iterations = iterations if settings.optimizer == "lbfgs" else 4 * iterations
    return StyleSettings.from_values({**settings.to_dict(), "size": min(settings.size, size),
                                      "scales": min(settings.scales, PREVIEW_SCALES),
                                      "iterations": min(settings.iterations, iterations)})


def preview(settings: StyleSettings, content: Image.Image, styles: Sequence[Image.Image], *,
            style_weights: Sequence[float] | None = None, pretrained: bool = True) -> Image.Image:
    """A small stylised picture of the current settings in well under a second (the network stays
    loaded): what the page shows the moment a control moves; Stylise runs the full size."""
    p = preview_settings(settings)
    side = 2 * p.size   # photo and paintings shrunk first: the preview never touches full-size images
    content = images.fit_long_side(content, side) if max(content.size) > side else content
    styles = [images.fit_long_side(s, side) if max(s.size) > side * p.style_scale else s for s in styles]
    last = None
    with cpu_threads(1):   # a small picture: a second thread only waits for the first (and its denormals)
        for last in run.__wrapped__(p, content, styles, style_weights=style_weights, pretrained=pretrained,
                                    every=p.iterations):
            pass
    return last.image
