"""DeepDream: gradient ascent on the image, octave by octave (Mordvintsev et al., 2015).

Read top to bottom, one idea per section, like lucid's optvis:
settings -> layers and classes -> objectives -> transforms (jitter, smoothing, zoom) ->
the ascent step -> the octave loop -> what a page runs (dream, layer sweep, fractal zoom).

Images are (1, 3, H, W) tensors in [0, 1]; the backbone normalises inside. The network's
weights are frozen, so each backward pass computes the gradient for the image only, and the
forward pass stops at the target layer (backbones.FeatureExtractor).
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass
from typing import Callable, Iterator, Sequence

import torch
import torch.nn.functional as F
from PIL import Image
from torch import nn
from torch.nn.utils.fusion import fuse_conv_bn_eval

from studio import backbones, budget, images
from studio.controls import Lazy, Settings, control, echo, seed_control
from studio.device import cpu_threads, pick_device
from studio.errors import StudioError
from studio.frames import Frame
from studio.caches import cached

BACKBONES = ("googlenet", "mobilenet_v2", "vgg16")
def default_backbone() -> str:
    """GoogLeNet, the classic look, when its weights are here; else the fast MobileNetV2."""
    return backbones.default_backbone(["googlenet", "mobilenet_v2"])
# A middle layer per network: eyes, swirls and fur, the look people know.
SUGGESTED_LAYER = {"googlenet": "inception4c", "mobilenet_v2": "features.10", "vgg16": "relu4_2"}
MIN_OCTAVE_SIDE = 32          # smaller octaves leave the deeper layers with almost no pixels
MAX_GUIDE_SIDE = 224          # the guide's features are read at the network's native scale
PREVIEW_EVERY = 2             # steps between intermediate images (each costs a conversion)


# --- settings ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class DreamSettings(Settings):
    title = "DeepDream"
    backbone: str = control(
        "Network", Lazy(default_backbone), choices=BACKBONES,
        choice_labels=tuple(backbones.spec(n).title for n in BACKBONES),
        help="The ImageNet network whose features are amplified. GoogLeNet gives the classic 2015 "
             "look; MobileNetV2 is the fast one for laptops.")
    objective: str = control(
        "Objective", "layer", choices=("layer", "channel", "logit", "softmax", "guide"),
        # short: a chosen option is read whole in a side column at 1280 px (the help says the rest)
        choice_labels=("Whole layer: all it sees", "One channel: one feature", "ImageNet class (logit)",
                       "ImageNet class (log-prob)", "Guided: like a guide image"),
        help="What the image is changed to increase. A layer: the energy of all its features. "
             "A channel: one feature. A class: the network's score for it (the log-probability also "
             "pushes the other classes down). Guided: the layer's features of a guide image.")
    layer: str = control(
        "Layer", Lazy(lambda: SUGGESTED_LAYER[default_backbone()]),
        help="Where in the network to look. Early layers see strokes and textures, middle layers "
             "eyes, swirls and fur, late layers whole dogs and buildings.")
    channel: int = control(
        "Channel", 12, min=0, max=1023, step=1,
        help="Which feature detector of the layer to amplify (its number; layers have 16 to 1024).")
    target_class: str = control(
        "ImageNet class", "goldfish",
        help="Type part of a class name (e.g. 'jellyfish', 'tabby', 'volcano'); the best match is used.")
    guide: str = control(
        "Guide image", "coffee", choices=(*images.sample_names(), "upload"),
        choice_labels=(*images.SAMPLES.values(), "my upload"),
        help="For the guided objective: the dream makes each part of the image look like the most "
             "similar part of this image, as the network sees it.")
    start: str = control(
        "Start from", "chelsea", choices=(*images.sample_names(), "noise", "upload"),
        choice_labels=(*images.SAMPLES.values(), "noise (let the network imagine)", "my upload"),
        help="The picture the dream starts from. From noise, the network paints its features on a blank canvas.")
    size: int = control(
        "Image size (long side, px)", 512, min=64, max=1024, step=32,
        help="Resolution of the result. Time grows with the pixel count: twice the side, four times the wait.")
    octaves: int = control(
        "Octaves", 4, min=1, max=8,
        help="How many scales to dream at, smallest first. The detail dreamt at one scale is carried "
             "to the next, so features grow large as well as fine.")
    octave_scale: float = control(
        "Octave scale", 1.4, min=1.1, max=2.0, step=0.05,
        help="How much smaller each octave is than the next. Larger: bigger, blobbier patterns.")
    steps: int = control(
        "Steps per octave", 10, min=1, max=100,
        help="Gradient-ascent updates at each scale. More steps, stronger dream.")
    step_size: float = control(
        "Step size", 0.01, min=0.001, max=0.1, log=True, step=0.1,
        help="How far each update moves the pixels. The gradient is divided by its mean size first, "
             "so this is roughly the average change per pixel per step (1.0 = black to white).")
    jitter: int = control(
        "Jitter (px)", 16, min=0, max=64,
        help="Each step the image is shifted by a random amount before the gradient is taken and "
             "shifted back after. This hides the network's pixel grid and avoids checkerboard noise.")
    smoothing: float = control(
        "Gradient smoothing", 0.5, min=0.0, max=3.0, step=0.1,
        help="Blurs the gradient (Gaussian, in pixels) before each update: fewer high-frequency "
             "speckles, softer and larger patterns. 0 turns it off.")
    seed: int = seed_control(help="Picks the jitter shifts (and the noise). Same seed and settings, same picture.")
    zoom_frames: int = control(
        "Zoom frames", 12, min=2, max=60,
        help="Frames of the fractal zoom: each frame dreams a little, then zooms into the result.")
    zoom_steps: int = control(
        "Dream steps per frame", 4, min=1, max=30,
        help="How much dreaming happens between two zooms: new features appear as others grow.")
    zoom_scale: float = control(
        "Zoom per frame", 1.05, min=1.0, max=1.3, step=0.01,
        help="How far each frame zooms into the centre (1.05 = 5% closer).")
    zoom_rotation: float = control(
        "Rotation per frame (°)", 0.0, min=-10.0, max=10.0, step=0.5,
        help="Turn the picture a little at each frame, for a spiralling zoom.")

    groups = {"What to dream": ("backbone", "objective"),
              "Objective": ("layer", "channel", "target_class", "guide"),
              "Start": ("start",),
              "How to dream": ("size", "octaves", "octave_scale", "steps", "step_size", "jitter", "smoothing",
                               "seed"),
              "Fractal zoom": ("zoom_frames", "zoom_steps", "zoom_scale", "zoom_rotation")}

    # Fields a result depends on, by objective and by what is run; the caption names only these.
    _OBJECTIVE_FIELDS = {"layer": ("layer",), "channel": ("layer", "channel"), "logit": ("target_class",),
                         "softmax": ("target_class",), "guide": ("layer", "guide")}
    _DREAM_FIELDS = groups["How to dream"]
    _ZOOM_FIELDS = ("size", *groups["Fractal zoom"], "step_size", "jitter", "smoothing", "seed")

    def check(self) -> None:
        spec = backbones.spec(self.backbone)
        if self.objective in ("layer", "channel", "guide") and self.layer not in dream_layers(self.backbone):
            groups = "; ".join(f"{g.name}: {', '.join(g.layers)}" for g in spec.groups)
            raise StudioError(f"{spec.title} has no layer called '{echo(self.layer)}'. Try one of its layers by "
                              f"group ({groups}), or any of: {', '.join(dream_layers(self.backbone))}.")

    def caption(self, mode: str = "dream") -> str:
        """The settings this result depends on (all of them for the mode), for slides."""
        names = ["backbone", "objective", *self._OBJECTIVE_FIELDS[self.objective], "start"]
        if mode == "sweep":  # every layer is on the sheet, labelled
            names = [n for n in names if n != "layer"]
        names += self._ZOOM_FIELDS if mode == "zoom" else self._DREAM_FIELDS
        parts = []
        for name in names:
            value = getattr(self, name)
            parts.append(f"{name}={value:.3g}" if isinstance(value, float) else f"{name}={value}")
        label = {"dream": "DeepDream", "sweep": "DeepDream layer sweep", "zoom": "DeepDream fractal zoom"}[mode]
        return f"{label} · " + " · ".join(parts)


# --- layers and classes ------------------------------------------------------------------------

def dream_layers(backbone: str) -> tuple[str, ...]:
    """Every layer a dream can target (all stages but the classifier head)."""
    return tuple(n for n in backbones.spec(backbone).stage_names if n != "logits")


def layer_options(backbone: str) -> list[tuple[str, str]]:
    """(layer, label) for the friendly groups, early to late, with the real layer name shown."""
    spec = backbones.spec(backbone)
    return [(layer, f"{g.name} · {layer}") for g in spec.groups for layer in g.layers]


def layer_label(backbone: str, layer: str) -> str:
    group = backbones.spec(backbone).group_of(layer)
    return f"{group} · {layer}" if group else layer


def search_classes(query: str, backbone: str = "mobilenet_v2", limit: int = 8) -> list[tuple[int, str]]:
    """ImageNet classes whose name contains the query: exact names first, then names starting with it."""
    categories = backbones.spec(backbone).categories
    q = query.strip().lower().lstrip("#")
    if not q:
        return []
    if q.isascii() and q.isdigit():   # not '²': isdigit() is true for it, int() fails
        return [(int(q), categories[int(q)])] if int(q) < len(categories) else []
    hits = [(i, name) for i, name in enumerate(categories) if q in name.lower()]
    hits.sort(key=lambda h: (h[1].lower() != q, not h[1].lower().startswith(q), len(h[1])))
    return hits[:limit]


def class_match(query: str, backbone: str) -> str:
    """What a class query will dream of, in words (shown under the class box)."""
    hits = search_classes(query, backbone)
    if not hits:
        return "No ImageNet class matches yet: try a simpler word."
    best = f"Dreaming of **{hits[0][1]}** (class {hits[0][0]})."
    return best + (" Also matching: " + ", ".join(n for _, n in hits[1:]) if len(hits) > 1 else "")


def find_class(query: str, backbone: str = "mobilenet_v2") -> tuple[int, str]:
    hits = search_classes(query, backbone, limit=1)
    if not hits:
        raise StudioError(f"No ImageNet class is called anything like '{query[:40]}'. Try a simpler word, "
                          "e.g. 'dog', 'jellyfish', 'volcano' or 'castle' (or a class number 0-999).")
    return hits[0]


# --- objectives: what the ascent increases -------------------------------------------------------

@dataclass(frozen=True)
class Objective:
    layers: tuple[str, ...]                                   # what the extractor must return
    score: Callable[[dict[str, torch.Tensor]], torch.Tensor]  # activations -> scalar to increase
    describe: str


def layer_energy(layer: str) -> Objective:
    """Mean of squared activations: whatever the layer sees, make it see more of it."""
    return Objective((layer,), lambda acts: acts[layer].pow(2).mean(), f"mean squared activation of {layer}")


def channel_mean(layer: str, channel: int, channels: int) -> Objective:
    if channel >= channels:
        raise StudioError(f"Layer {layer} has {channels} channels, numbered 0 to {channels - 1}; "
                          f"channel {channel} does not exist. Pick a smaller number.")
    return Objective((layer,), lambda acts: acts[layer][:, channel].mean(), f"mean of {layer} channel {channel}")


def class_score(index: int, name: str, softmax: bool) -> Objective:
    if softmax:
        return Objective(("logits",), lambda acts: acts["logits"].log_softmax(1)[:, index].mean(),
                         f"log-probability of '{name}'")
    return Objective(("logits",), lambda acts: acts["logits"][:, index].mean(), f"logit of '{name}'")


def guided(layer: str, guide_features: torch.Tensor, chunk: int = 4096) -> Objective:
    """Each position's feature vector is pulled toward its best-matching guide feature vector
    (largest dot product), as in the original DeepDream notebook."""
    g = guide_features.flatten(2)[0]                           # (C, M)

    def score(acts: dict[str, torch.Tensor]) -> torch.Tensor:
        x = acts[layer].flatten(2)[0]                           # (C, N)
        with torch.no_grad():                                   # the match is a choice, not a function
            best = torch.cat([(x[:, i:i + chunk].T @ g).argmax(1) for i in range(0, x.shape[1], chunk)])
        return (x * g[:, best]).sum(0).mean()

    return Objective((layer,), score, f"similarity of {layer} to the guide image")


def make_objective(s: DreamSettings, backbone: backbones.Backbone, guide: Image.Image | None = None) -> Objective:
    if s.objective == "layer":
        return layer_energy(s.layer)
    if s.objective == "channel":
        return channel_mean(s.layer, s.channel, layer_channels(backbone, s.layer))
    if s.objective in ("logit", "softmax"):
        index, name = find_class(s.target_class, s.backbone)
        return class_score(index, name, softmax=s.objective == "softmax")
    if guide is None:
        raise StudioError("The guided dream needs a guide image: pick one or upload your own.")
    device = next(backbone.model.parameters()).device
    small = images.fit_long_side(guide, min(MAX_GUIDE_SIDE, max(guide.size)))
    with torch.inference_mode():
        features = backbone.extractor([s.layer])(images.to_tensor(small, device))[s.layer]
    return guided(s.layer, features.clone())


def layer_channels(backbone: backbones.Backbone, layer: str) -> int:
    """Channel count of a layer, from a tiny forward pass (milliseconds)."""
    device = next(backbone.model.parameters()).device
    with torch.inference_mode():
        return backbone.extractor([layer])(torch.zeros(1, 3, 64, 64, device=device))[layer].shape[1]


def channel_count(backbone: str, layer: str) -> int | None:
    """For the channel slider's range; None while the network's weights are missing."""
    if not backbones.weights_present(backbone) or layer not in dream_layers(backbone):
        return None
    try:
        return layer_channels(backbones.load_backbone(backbone, device=str(pick_device())), layer)
    except StudioError:   # a damaged weights file: the network's note says so, the slider keeps its range
        return None


# --- a faster network for the ascent ------------------------------------------------------------

def fold_batchnorm(module: nn.Module) -> nn.Module:
    """Fold each eval-mode BatchNorm into the convolution just before it (same function, one pass
    instead of two, forward and backward). In all three backbones a Conv2d child followed by a
    BatchNorm2d sibling is applied in that order (Sequential, or GoogLeNet's BasicConv2d)."""
    for child in module.children():
        fold_batchnorm(child)
    kids = list(module.named_children())
    for (name_a, a), (name_b, b) in zip(kids, kids[1:]):
        if isinstance(a, nn.Conv2d) and isinstance(b, nn.BatchNorm2d):
            setattr(module, name_a, fuse_conv_bn_eval(a, b))
            setattr(module, name_b, nn.Identity())
    return module


class ChannelsLast(nn.Module):
    """Runs an extractor on channels-last input, the memory layout CPU convolutions prefer."""

    def __init__(self, extractor: nn.Module):
        super().__init__()
        self.extractor = extractor.to(memory_format=torch.channels_last)
        self.stages = extractor.stages

    def forward(self, image: torch.Tensor) -> dict[str, torch.Tensor]:
        return self.extractor(image.contiguous(memory_format=torch.channels_last))


@cached(maxsize=8)
def fast_extractor(backbone: str, layers: tuple[str, ...], pretrained: bool = True, device: str = "cpu") -> nn.Module:
    """The truncated extractor, copied (the shared model stays as it is), with BatchNorm folded
    into the convolutions and run channels-last. The benchmark compares it with the whole network."""
    model = backbones.load_backbone(backbone, pretrained=pretrained, device=device)
    extractor = fold_batchnorm(copy.deepcopy(model.extractor(layers)))
    return ChannelsLast(extractor).eval().requires_grad_(False)


# --- transforms ---------------------------------------------------------------------------------

def jitter_shifts(amount: int, gen: torch.Generator) -> tuple[int, int]:
    if amount <= 0:
        return 0, 0
    dy, dx = torch.randint(-amount, amount + 1, (2,), generator=gen).tolist()
    return dy, dx


def gaussian_blur(x: torch.Tensor, sigma: float) -> torch.Tensor:
    """Separable Gaussian blur per channel, reflecting at the borders."""
    if sigma <= 0:
        return x
    radius = max(1, math.ceil(3 * sigma))
    t = torch.arange(-radius, radius + 1, dtype=x.dtype, device=x.device)
    k = torch.exp(-0.5 * (t / sigma) ** 2)
    k = (k / k.sum()).repeat(x.shape[1], 1, 1, 1)                # (C, 1, 1, K)
    pad = min(radius, x.shape[2] - 1, x.shape[3] - 1)
    if pad < radius:                                            # tiny images: crop the kernel
        k = k[..., radius - pad:radius + pad + 1]
    x = F.conv2d(F.pad(x, (pad, pad, 0, 0), mode="reflect"), k, groups=x.shape[1])
    return F.conv2d(F.pad(x, (0, 0, pad, pad), mode="reflect"), k.transpose(2, 3), groups=x.shape[1])


def resize(x: torch.Tensor, size: tuple[int, int]) -> torch.Tensor:
    if tuple(x.shape[-2:]) == tuple(size):
        return x
    return F.interpolate(x, size=size, mode="bilinear", align_corners=False, antialias=True)


def zoom_rotate(x: torch.Tensor, scale: float, degrees: float) -> torch.Tensor:
    """Zoom into the centre (scale > 1) and turn; edges are filled by reflection, not black."""
    if scale == 1.0 and degrees == 0.0:
        return x
    a = math.radians(degrees)
    h, w = x.shape[-2:]
    cos, sin = math.cos(a) / scale, math.sin(a) / scale
    theta = torch.tensor([[cos, -sin * h / w, 0.0], [sin * w / h, cos, 0.0]], dtype=x.dtype, device=x.device)
    grid = F.affine_grid(theta[None], list(x.shape), align_corners=False)
    return F.grid_sample(x, grid, mode="bilinear", padding_mode="reflection", align_corners=False)


# --- the ascent step and the octave loop ---------------------------------------------------------

def ascent_step(image: torch.Tensor, extractor: torch.nn.Module, objective: Objective, s: DreamSettings,
                gen: torch.Generator) -> tuple[torch.Tensor, float]:
    """One update: shift, take the gradient of the objective, shift back, smooth, normalise, step."""
    dy, dx = jitter_shifts(s.jitter, gen)
    x = image.roll((dy, dx), (2, 3)).detach().requires_grad_(True)
    with torch.enable_grad():
        score = objective.score(extractor(x))
        (grad,) = torch.autograd.grad(score, x)
    grad = gaussian_blur(grad.roll((-dy, -dx), (2, 3)).contiguous(), s.smoothing)
    size = grad.abs().mean()
    if size == 0:   # a dead channel, or a layer that does not see the picture: no step can change it
        raise StudioError(f"{objective.describe[0].upper()}{objective.describe[1:]} does not respond to this "
                          f"picture (its gradient is exactly zero), so the picture cannot change: try another "
                          f"{'channel or ' if s.objective == 'channel' else ''}layer.")
    # A floor of the dtype's smallest normal number, not a fixed 1e-12: a tiny gradient (random weights,
    # a nearly silent channel) is still a direction, and normalising makes its step as large as any.
    grad = grad / size.clamp_min(torch.finfo(grad.dtype).tiny)
    return (image + s.step_size * grad).clamp_(0, 1), score.item()


def octave_sizes(height: int, width: int, octaves: int, scale: float) -> list[tuple[int, int]]:
    """Sizes from the full image down, stopping before an octave gets too small to see anything."""
    sizes = []
    for i in range(octaves):
        h, w = round(height / scale ** i), round(width / scale ** i)
        if sizes and min(h, w) < MIN_OCTAVE_SIDE:
            break
        sizes.append((h, w))
    return sizes


@dataclass
class Step:
    image: torch.Tensor       # at the current octave's size; the last one is the result
    octave: int               # 1 = smallest
    octaves: int
    step: int                 # counted over all octaves, from 1
    total: int
    score: float


def dream_steps(image: torch.Tensor, extractor: torch.nn.Module, objective: Objective, s: DreamSettings,
                gen: torch.Generator, octaves: int | None = None, steps: int | None = None) -> Iterator[Step]:
    """Gradient ascent from the smallest octave up; the detail dreamt at one octave (the change
    from that octave's photo) is enlarged and added to the next, larger photo."""
    sizes = octave_sizes(*image.shape[-2:], octaves or s.octaves, s.octave_scale)[::-1]
    steps = steps or s.steps
    total, done = len(sizes) * steps, 0
    detail = None
    for octave, size in enumerate(sizes, 1):
        base = resize(image, size)
        x = base if detail is None else (base + resize(detail, size)).clamp(0, 1)
        for _ in range(steps):
            x, score = ascent_step(x, extractor, objective, s, gen)
            done += 1
            yield Step(x, octave, len(sizes), done, total, score)
        detail = x - base


# --- inputs ----------------------------------------------------------------------------------------

def start_image(s: DreamSettings, upload: images.Upload | None = None) -> images.LoadedImage:
    """The picture to dream from at the chosen size: a built-in photo, an upload, or noise."""
    if s.start == "noise":
        gen = torch.Generator().manual_seed(s.seed)
        w, h = s.size, round(s.size * 3 / 4)
        noise = (0.5 + 0.1 * torch.randn(1, 3, h, w, generator=gen)).clamp(0, 1)
        return images.LoadedImage(images.to_pil(noise), original_size=(w, h))
    if s.start == "upload":
        if upload is None:
            raise StudioError("Choose an image to upload first (or start from a built-in photo).")
        loaded = images.load_image(upload, max_side=s.size)
    else:
        loaded = images.LoadedImage(images.load_sample(s.start))
    loaded.image = images.fit_long_side(loaded.image, s.size)
    return loaded


def name_uploads(caption: str, start: images.Upload | None = None, guide: images.Upload | None = None) -> str:
    """A caption that names uploaded pictures by file and content hash ('start=cat#1a2b3c4d'), so a
    slide says which photo it was, not just that there was one."""
    if start is not None:
        caption = caption.replace("start=upload", f"start={start.label}")
    if guide is not None:
        caption = caption.replace("guide=upload", f"guide={guide.label}")
    return caption


def guide_image(s: DreamSettings, upload: images.Upload | None = None) -> Image.Image | None:
    if s.objective != "guide":
        return None
    if s.guide == "upload":
        if upload is None:
            raise StudioError("Upload a guide image first (or pick a built-in one).")
        return images.load_image(upload, max_side=1024).image
    return images.load_sample(s.guide)


def _setup(s: DreamSettings, start: Image.Image, guide: Image.Image | None, pretrained: bool):
    device = str(pick_device())
    backbone = backbones.load_backbone(s.backbone, pretrained=pretrained, device=device)
    objective = make_objective(s, backbone, guide)
    extractor = fast_extractor(s.backbone, objective.layers, pretrained, device)
    return extractor, objective, images.to_tensor(start, device)


# --- what a page runs ----------------------------------------------------------------------------

# --- the three runs; each checks its work against the shared budget and is time-limited ----------

def _dream_work(s: DreamSettings, start: Image.Image, *_, **__) -> budget.Work:
    pixels = sum(h * w for h, w in octave_sizes(start.height, start.width, s.octaves, s.octave_scale))
    return budget.Work(pixels * s.steps, "This dream", s.size, s.steps, "steps per octave")


def _sweep_work(s: DreamSettings, start: Image.Image, *_, layers: Sequence[str] | None = None, **__) -> budget.Work:
    one = _dream_work(s, start)
    count = len(layers or layer_options(s.backbone))
    return budget.Work(one.pixel_steps * count, f"This {count}-layer sweep", s.size, s.steps, "steps per octave")


def _zoom_work(s: DreamSettings, start: Image.Image, *_, **__) -> budget.Work:
    return budget.Work(start.width * start.height * s.zoom_steps * s.zoom_frames, "This zoom", s.size,
                       s.zoom_steps, "dream steps per frame")


@budget.bounded(_dream_work)
def run(s: DreamSettings, start: Image.Image, guide: Image.Image | None = None, *,
        pretrained: bool = True, preview_every: int = PREVIEW_EVERY) -> Iterator[Frame]:
    """The dream, streamed: progress every step, an image every few steps; the last frame is the result."""
    extractor, objective, x = _setup(s, start, guide, pretrained)
    gen = torch.Generator().manual_seed(s.seed)
    size = tuple(x.shape[-2:])
    for st in dream_steps(x, extractor, objective, s, gen):
        done = st.step == st.total
        picture = None
        if done or st.step % preview_every == 0:
            picture = images.to_pil(resize(st.image, size)) if not done else images.to_pil(st.image)
        caption = s.caption() if done else (f"octave {st.octave}/{st.octaves} · step {st.step}/{st.total} · "
                                            f"{objective.describe} {st.score:.3g}")
        yield Frame(picture, st.step, st.total, caption, {"score": st.score, "octave": st.octave})


@budget.bounded(_sweep_work)
def sweep(s: DreamSettings, start: Image.Image, guide: Image.Image | None = None, *,
          layers: Sequence[str] | None = None, pretrained: bool = True) -> Iterator[Frame]:
    """The same photo dreamt through each layer, early to late: one labelled contact sheet."""
    if s.objective not in ("layer", "guide"):
        raise StudioError("A layer sweep compares layers, so it needs the 'whole layer' or 'guided' objective.")
    layers = list(layers or [layer for layer, _ in layer_options(s.backbone)])
    results, labels = [], []
    per_layer = len(octave_sizes(start.height, start.width, s.octaves, s.octave_scale)) * s.steps
    total = per_layer * len(layers) + 1          # the last step lays out the sheet
    for i, layer in enumerate(layers):
        one = DreamSettings.from_values({**s.to_dict(), "layer": layer})
        last = None
        # the sweep as a whole is checked and timed, not each of its dreams
        for frame in run.__wrapped__(one, start, guide, pretrained=pretrained, preview_every=per_layer):
            last = frame
            yield Frame(None, i * per_layer + frame.step, total,
                        f"layer {i + 1}/{len(layers)}: {layer_label(s.backbone, layer)}", frame.metrics)
        results.append(last.image)
        labels.append(layer_label(s.backbone, layer))
        yield Frame(last.image, (i + 1) * per_layer, total, f"done: {labels[-1]}", last.metrics)
    # The caption is the page's text and the downloads' band, not baked in at the sheet's scale.
    sheet = images.contact_sheet(results, labels, columns=min(3, len(results)), cell=min(s.size, 512))
    yield Frame(sheet, total, total, s.caption("sweep"), {"layers": float(len(layers))})


@budget.bounded(_zoom_work)
def zoom(s: DreamSettings, start: Image.Image, guide: Image.Image | None = None, *,
         pretrained: bool = True) -> Iterator[Frame]:
    """Fractal zoom: dream a few steps, zoom (and turn) a little, repeat; one frame per zoom."""
    extractor, objective, x = _setup(s, start, guide, pretrained)
    gen = torch.Generator().manual_seed(s.seed)
    for i in range(s.zoom_frames):
        if i:
            x = zoom_rotate(x, s.zoom_scale, s.zoom_rotation)
        for st in dream_steps(x, extractor, objective, s, gen, octaves=1, steps=s.zoom_steps):
            x = st.image
        done = i + 1 == s.zoom_frames
        caption = s.caption("zoom") if done else f"frame {i + 1}/{s.zoom_frames} · {objective.describe} {st.score:.3g}"
        yield Frame(images.to_pil(x), i + 1, s.zoom_frames, caption, {"score": st.score})


# --- the instant preview ---------------------------------------------------------------------------

PREVIEW_SIZE = 192            # long side of the preview, px
PREVIEW_STEPS = 5             # steps per octave in a preview (the step size grows to match)
PREVIEW_OCTAVES = 2


def preview_settings(s: DreamSettings) -> DreamSettings:
    """The same dream, small and short: fewer steps with proportionally larger ones, so the preview
    moves the pixels about as far as the full run (and looks like it) in a fraction of the time."""
    steps = min(s.steps, PREVIEW_STEPS)
    return DreamSettings.from_values({**s.to_dict(), "size": min(s.size, PREVIEW_SIZE),
                                      "octaves": min(s.octaves, PREVIEW_OCTAVES), "steps": steps,
                                      "step_size": min(s.step_size * s.steps / steps, 0.1),
                                      "jitter": max(1, s.jitter * min(s.size, PREVIEW_SIZE) // s.size)})


def preview(s: DreamSettings, start: Image.Image, guide: Image.Image | None = None, *,
            pretrained: bool = True) -> Image.Image:
    """A small dream of the current settings in well under a second (the network stays loaded):
    what the page shows the moment a control moves, while the full-size run waits for its button.
    A zoom or a sweep previews as one dream of its settings."""
    p = preview_settings(s)
    small = images.fit_long_side(start, p.size)
    last = None
    with cpu_threads(1):   # a small picture: one thread is as fast and leaves the other core to the page
        for last in run.__wrapped__(p, small, guide, pretrained=pretrained, preview_every=10**9):
            pass
    return last.image
