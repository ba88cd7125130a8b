"""Dataset statistics: the mean image, the standard-deviation image, and normalisation.

The first session of the course notes: stack a set of pictures into one array, average over the
pictures to get the mean image (what a "typical" picture of the set looks like, pixel by pixel),
take the standard deviation the same way (where the pictures disagree), and normalise every
picture as (x - mean) / std so each input a network sees is centred on 0 with unit spread.
Two ways are offered: per pixel, as in the notes, and per channel, as torchvision's Normalize
does (MNIST's famous 0.1307 and 0.3081 are its per-channel mean and std).
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field

import numpy as np
import torch
from PIL import Image

from studio.controls import Settings, control, literal, seed_control
from studio.device import cpu_threads
from studio.errors import StudioError
from studio.image_sets import ImageSet, load_set, sample_set
from studio.images import contact_sheet, to_pil
from studio.caches import cached

SOURCES = ("mnist", "samples", "yours")
# short: a chosen option is read whole in the side column at 1280 px
SOURCE_LABELS = ("MNIST digits (training set)", "Sample photos (scikit-image)", "A set you bring (or a ZIP)")
DIGITS = ("all",) + tuple(str(d) for d in range(10))
DIGIT_LABELS = ("all ten digits",) + tuple(f"only {d}s" for d in range(10))
NORMS = ("pixel", "channel")
NORM_LABELS = ("Per pixel (the course notes)", "Per channel (torchvision)")
# Pixels that never change (MNIST's border is always black) have std 0: dividing by this floor
# instead keeps them at 0 rather than infinity.
STD_FLOOR = 1e-2
Z_LIMIT = 3.0                 # the colour map's ends: three standard deviations
HIST_BINS = 60
HIST_MAX_IMAGES = 2000        # histograms from a seeded subsample: the shape is the same, 30x faster


@dataclass(frozen=True)
class StatsSettings(Settings):
    title = "Dataset statistics"
    source: str = control("Pictures", "mnist", choices=SOURCES, choice_labels=SOURCE_LABELS,
                          help="Which set to measure. MNIST has 60,000 training digits; the sample photos are "
                               "eight very different pictures; or bring your own set.")
    digit: str = control("Digits", "all", choices=DIGITS, choice_labels=DIGIT_LABELS,
                         help="All of MNIST, or one class: the mean of one digit is a blurry but clear "
                              "picture of it; the mean of all ten is a smudge.")
    side: int = control("Square size (photos)", 128, min=32, max=256, step=16,
                        help="Photos are cropped to a centred square and resized to this many pixels per side, "
                             "so they can be stacked into one array (the mean needs every picture the same size).")
    norm: str = control("Normalise", "pixel", choices=NORMS, choice_labels=NORM_LABELS,
                        help="Subtract a mean and divide by a standard deviation: per pixel (one value for every "
                             "position) or per channel (one value per colour, what most image networks use).")
    shown: int = control("Pictures on the sheet", 16, min=4, max=32, step=4,
                         help="How many pictures of the set are shown (chosen at random by the seed).")
    seed: int = seed_control(help="Which pictures are shown, and which are sampled for the histograms.")

    @staticmethod
    def fields_for(source: str) -> list[str]:
        """The controls a source uses: MNIST a digit class, photos a square size."""
        return ["source", "digit" if source == "mnist" else "side", "norm", "shown", "seed"]


def mean_std(x: torch.Tensor, chunk: int = 1024) -> tuple[torch.Tensor, torch.Tensor]:
    """Per-pixel mean and (population) std over the pictures: (N, C, H, W) -> two (C, H, W).

    One pass in cache-sized chunks on one thread, sums in float64 around a shift (the first
    pictures' mean) so E[x²] - E[x]² loses nothing: 4x faster than torch.std_mean over dim 0
    on MNIST's 60,000 digits (measured 65 vs 270 ms), and equal to numpy's to 1e-7.
    """
    if len(x) == 0:
        raise StudioError("There are no pictures to average.")
    flat = x.reshape(len(x), -1)
    shift = flat[:256].mean(0)
    total = torch.zeros(flat.shape[1], dtype=torch.float64)
    squares = torch.zeros_like(total)
    with cpu_threads(1):
        for part in flat.split(chunk):
            d = part - shift
            total += d.sum(0)
            squares += d.square_().sum(0)
    m = total / len(flat)
    var = (squares / len(flat) - m * m).clamp_min(0)
    shape = x.shape[1:]
    return (m + shift).float().reshape(shape), var.sqrt().float().reshape(shape)


def channel_mean_std(mean: torch.Tensor, std: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Per-channel mean and std over every pixel of every picture, from the per-pixel ones
    (every pixel has the same count, so the law of total variance makes this exact): two (C, 1, 1)."""
    m = mean.double().mean((1, 2), keepdim=True)
    var = (std.double().square() + (mean.double() - m).square()).mean((1, 2), keepdim=True)
    return m.float(), var.sqrt().float()


def normalise(x: torch.Tensor, mean: torch.Tensor, std: torch.Tensor) -> torch.Tensor:
    """(x - mean) / std, with std floored so constant pixels stay 0 instead of dividing by zero."""
    return (x - mean) / std.clamp_min(STD_FLOOR)


def class_means(x: torch.Tensor, labels: torch.Tensor, classes: int = 10) -> torch.Tensor:
    """The mean picture of each class in one matrix product: (classes, C, H, W)."""
    flat = x.reshape(len(x), -1)
    one_hot = torch.nn.functional.one_hot(labels, classes).T.float()          # (classes, N)
    one_hot /= one_hot.sum(1, keepdim=True).clamp_min(1)
    with cpu_threads(1):
        return (one_hot @ flat).reshape(classes, *x.shape[1:])


# --- pictures of the numbers -------------------------------------------------------------------

# ColorBrewer RdBu (reversed): blue below the mean, white at it, red above.
_DIVERGING = np.array([[33, 102, 172], [67, 147, 195], [146, 197, 222], [209, 229, 240], [247, 247, 247],
                       [253, 219, 199], [244, 165, 130], [214, 96, 77], [178, 24, 43]], dtype=np.float64)


def diverging(z: torch.Tensor, limit: float = Z_LIMIT) -> Image.Image:
    """A (C, H, W) or (H, W) array of normalised values as a blue-white-red picture (channels averaged)."""
    arr = z.detach().float().cpu().numpy()
    if arr.ndim == 3:
        arr = arr.mean(0)
    pos = (np.clip(arr / limit, -1, 1) + 1) / 2 * (len(_DIVERGING) - 1)
    stops = np.arange(len(_DIVERGING))
    rgb = np.stack([np.interp(pos, stops, _DIVERGING[:, c]) for c in range(3)], -1)
    return Image.fromarray(rgb.round().astype(np.uint8), "RGB")


def colour_bar(width: int = 360, height: int = 18, limit: float = Z_LIMIT) -> Image.Image:
    z = torch.linspace(-limit, limit, width).expand(height, width)
    return diverging(z, limit)


# --- the sets ------------------------------------------------------------------------------------

def mnist_set(digit: str = "all") -> tuple[torch.Tensor, torch.Tensor]:
    """MNIST's 60,000 training digits (or one class of them) and their labels."""
    from studio.mnist import load_mnist

    images, labels = load_mnist(train=True)
    if digit != "all":
        keep = labels == int(digit)
        images, labels = images[keep], labels[keep]
    return images, labels


@dataclass
class DatasetStats:
    """A set and its statistics, with the pictures the page shows."""

    settings: StatsSettings
    images: torch.Tensor                      # (N, C, H, W) in [0, 1]
    names: list[str]                          # one per picture on the sheet
    shown: torch.Tensor                       # indices of the pictures on the sheet
    mean: torch.Tensor                        # per pixel, (C, H, W)
    std: torch.Tensor
    channel_mean: torch.Tensor                # per channel, (C, 1, 1)
    channel_std: torch.Tensor
    stats_ms: float
    per_class: torch.Tensor | None = None     # MNIST: (10, 1, 28, 28)
    refused: list[tuple[str, str]] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.images)

    @property
    def norm_mean_std(self) -> tuple[torch.Tensor, torch.Tensor]:
        if self.settings.norm == "pixel":
            return self.mean, self.std
        return self.channel_mean, self.channel_std

    def normalised(self, x: torch.Tensor) -> torch.Tensor:
        return normalise(x, *self.norm_mean_std)

    # pictures
    def sheet(self) -> Image.Image:
        pics = [to_pil(self.images[i]) for i in self.shown]
        return contact_sheet(pics, [self.names[k] for k in range(len(pics))], cell=96)

    def mean_and_std(self) -> Image.Image:
        peak = float(self.std.max()) or 1.0
        pics = [to_pil(self.mean), to_pil(self.std / peak)]
        labels = ["mean image", f"std image (white = {peak:.2f})"]
        return contact_sheet(pics, labels, columns=2, cell=224)

    def normalised_sheet(self) -> Image.Image:
        pics = [diverging(self.normalised(self.images[i])) for i in self.shown[:8]]
        return contact_sheet(pics, [self.names[k] for k in range(len(pics))], columns=4, cell=128)

    def class_sheet(self) -> Image.Image | None:
        if self.per_class is None:
            return None
        return contact_sheet([to_pil(m) for m in self.per_class], [f"mean {d}" for d in range(10)],
                             columns=10, cell=96)

    def refusals(self) -> list[str]:
        """One markdown line per refused file (at most image_sets.MAX_LISTED; notices count the rest),
        its name shown as the text it is: a ZIP entry called '**x** [y](http://…).png' is not a link."""
        return [f"**{literal(name)}** was left out: {why}" for name, why in self.refused]

    def summary(self) -> str:
        n, c, h, w = self.images.shape
        means = ", ".join(f"{v:.4f}" for v in self.channel_mean.flatten().tolist())
        stds = ", ".join(f"{v:.4f}" for v in self.channel_std.flatten().tolist())
        return (f"**{n:,} pictures** of {w}×{h}×{c} · per-channel mean **{means}** · std **{stds}** · "
                f"mean and std images computed in {self.stats_ms:.0f} ms")

    def caption(self) -> str:
        return f"{self.summary().replace('**', '')} · {self.settings.caption()}"

    def histograms(self) -> dict:
        """Per-channel histograms of the raw and the normalised values (a seeded subsample)."""
        gen = torch.Generator().manual_seed(self.settings.seed)
        pick = torch.randperm(self.count, generator=gen)[:HIST_MAX_IMAGES]
        x = self.images[pick]
        z = self.normalised(x)
        channels = ["grey"] if x.shape[1] == 1 else ["red", "green", "blue"]
        raw_edges = torch.linspace(0, 1, HIST_BINS + 1)
        z_edges = torch.linspace(-2 * Z_LIMIT, 2 * Z_LIMIT, HIST_BINS + 1)
        out = {"channels": channels, "raw_edges": raw_edges.tolist(), "z_edges": z_edges.tolist(),
               "raw": [], "z": [], "z_outside": []}
        for c in range(len(channels)):
            v, zc = x[:, c].flatten(), z[:, c].flatten()
            out["raw"].append((torch.histc(v, HIST_BINS, 0, 1) / v.numel()).tolist())
            out["z"].append((torch.histc(zc, HIST_BINS, -2 * Z_LIMIT, 2 * Z_LIMIT) / zc.numel()).tolist())
            out["z_outside"].append(float((zc.abs() > 2 * Z_LIMIT).float().mean()))
        return out

    def histogram_figure(self):
        """Plotly: per-channel histograms before and after normalisation, side by side."""
        import plotly.graph_objects as go

        h = self.histograms()
        colours = {"grey": "#555555", "red": "#d6604d", "green": "#2b8a3e", "blue": "#2166ac"}
        data = []
        for i, ch in enumerate(h["channels"]):
            for key, edges, axis in (("raw", h["raw_edges"], "1"), ("z", h["z_edges"], "2")):
                centres = [(a + b) / 2 for a, b in zip(edges[:-1], edges[1:])]
                data.append({"type": "scatter", "x": centres, "y": h[key][i], "mode": "lines",
                             "line": {"shape": "hvh", "color": colours[ch]}, "fill": "tozeroy", "opacity": 0.5,
                             "name": ch, "legendgroup": ch, "showlegend": axis == "1",
                             "xaxis": f"x{'' if axis == '1' else 2}", "yaxis": f"y{'' if axis == '1' else 2}"})
        norm = "per pixel" if self.settings.norm == "pixel" else "per channel"
        layout = {
            "height": 320, "margin": {"l": 50, "r": 10, "t": 50, "b": 40},
            "legend": {"orientation": "h", "y": -0.2},
            "xaxis": {"domain": [0, 0.45], "title": {"text": "pixel value"}},
            "yaxis": {"title": {"text": "share of pixels"}, "type": "log", "dtick": 1},
            "xaxis2": {"domain": [0.55, 1], "anchor": "y2", "title": {"text": "(x − mean) / std"}},
            "yaxis2": {"anchor": "x2", "type": "log", "dtick": 1},
            "annotations": [
                {"text": "raw values", "x": 0.22, "y": 1.14, "xref": "paper", "yref": "paper", "showarrow": False},
                {"text": f"normalised {norm}", "x": 0.78, "y": 1.14, "xref": "paper", "yref": "paper",
                 "showarrow": False}],
            "template": _white_template(),
        }
        return go.Figure({"data": data, "layout": layout}, _validate=False)


@cached(maxsize=1)
def _white_template() -> dict:
    import plotly.io

    return plotly.io.templates["plotly_white"].to_plotly_json()


def _timed_stats(x: torch.Tensor):
    t = time.perf_counter()
    mean, std = mean_std(x)
    ch_mean, ch_std = channel_mean_std(mean, std)
    return mean, std, ch_mean, ch_std, (time.perf_counter() - t) * 1000


def uploads_id(uploads) -> str:
    """A set of uploaded files' identity (names and contents), for a cache of its statistics."""
    digest = hashlib.sha256()
    for u in uploads or ():
        digest.update(u.name.encode() + b"\0" + hashlib.sha256(u.data).digest())
    return digest.hexdigest()


def compute(settings: StatsSettings, uploads=None) -> DatasetStats:
    """The chosen set's statistics. `uploads`: Upload objects (or (name, bytes)) for source 'yours'."""
    per_class, refused, notices = None, [], []
    if settings.source == "mnist":
        images, labels = mnist_set(settings.digit)
        names_of = None
    elif settings.source == "samples":
        images, names = sample_set(settings.side)
        labels, names_of = None, list(names)
    else:
        if not uploads:
            raise StudioError("Upload a few pictures (or one ZIP of them) to measure your own set.")
        got: ImageSet = load_set(uploads, settings.side)
        images, labels, names_of = got.images, None, got.names
        refused, notices = got.refused, got.notices
    mean, std, ch_mean, ch_std, ms = _timed_stats(images)
    if settings.source == "mnist" and settings.digit == "all":
        per_class = class_means(images, labels)
    gen = torch.Generator().manual_seed(settings.seed)
    shown = torch.randperm(len(images), generator=gen)[:settings.shown]
    if labels is not None:
        names = [str(int(labels[i])) for i in shown]
    else:
        names = [names_of[i] for i in shown]
    return DatasetStats(settings, images, names, shown, mean, std, ch_mean, ch_std, ms, per_class,
                        refused, notices)
