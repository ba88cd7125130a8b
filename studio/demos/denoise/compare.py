"""The denoising page: corrupt MNIST digits and compare three autoencoders on them.

What the page computes — the comparison sheet with PSNR and SSIM per digit, its means, and
the PSNR-against-noise-level curve — from the models and noise in studio/denoise.py.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from PIL import Image
from torch import nn

from studio import links, zoo
from studio.controls import Settings, control, echo, seed_control
from studio.demos.denoise.models import NOISES, psnr, ssim
from studio.demos.denoise.texts import DRAW_OR_UPLOAD
from studio.device import cpu_threads, pick_device
from studio.digits import load_digit, load_drawing
from studio.errors import StudioError
from studio.images import font, stamp_text
from studio.mnist import MOST_DIGITS, TEST_SIZE, load_mnist, parse_test_indices
from studio.caches import cached


def state(settings: Settings) -> dict:
    """What the page's PNGs carry: the page, its view and its settings (dropped on the page, they restore it)."""
    return links.state("denoise", {"denoise": settings})


MODELS = {"ae-dense": "dense AE", "ae-conv": "conv AE", "dae-conv": "denoising AE"}
COLUMNS = {"clean": "clean", "noisy": "noisy input", **MODELS}
NOISE_LABELS = {"gaussian": "Gaussian (σ)", "salt_pepper": "salt and pepper (p)",
                "masking": "masking (p)", "block": "block occlusion (area)"}
SOURCES = {"random": "random test digits", "chosen": "test digits by number", "yours": "your own digit"}
MAX_DIGITS = MOST_DIGITS


@dataclass(frozen=True)
class DenoiseSettings(Settings):
    title = "Denoising"
    noise: str = control(
        "Noise", "gaussian", choices=tuple(NOISE_LABELS), choice_labels=tuple(NOISE_LABELS.values()),
        help="How the digits are corrupted. Gaussian adds a random amount to every pixel; salt and pepper "
             "turns some pixels pure black or white; masking drops pixels to black; block occlusion "
             "hides one square, so whole strokes must be guessed from the rest of the digit.")
    level: float = control(
        "Noise level", 0.5, min=0.0, max=1.0, step=0.05,
        help="σ of the Gaussian noise, the share of pixels hit by salt and pepper or masking, or the "
             "share of the image the block covers. The denoising AE was trained on σ 0.1–0.7, p 0.05–0.35 "
             "and p 0.1–0.6, never on blocks: watch it outside what it was taught.")
    source: str = control(
        "Digits", "random", choices=tuple(SOURCES), choice_labels=tuple(SOURCES.values()),
        help="Which clean digits to corrupt: random MNIST test digits (drawn by the seed), test digits "
             "you name by number, or a digit you upload or draw, turned into MNIST form first.")
    count: int = control("How many digits", 6, min=1, max=MAX_DIGITS,
                         help="How many random test digits to show, one per row.")
    indices: str = control("Test image numbers (#)", "0, 1, 2, 3, 4, 7",
                           help=f"MNIST test images by index (0 to {TEST_SIZE - 1}), separated by commas; the "
                                "index is not the digit (#7 is a 9), so each row is labelled with both.")
    seed: int = seed_control(help="Fixes which random digits are drawn and the noise itself: the same seed and "
                             "settings give the same picture, so a slide can be reproduced.")

    def check(self) -> None:
        if self.source == "chosen":
            parse_test_indices(self.indices)

    @staticmethod
    def fields_for(source: str) -> list[str]:
        """The controls a digit source uses (the others are hidden): how many random digits, or which ones."""
        return ["noise", "level", "source", *{"random": ["count"], "chosen": ["indices"]}.get(source, []), "seed"]

    def caption(self) -> str:
        """The settings the picture depends on: the count for random digits, the numbers for chosen
        ones, neither (nor the seed's digit draw) for your own digit."""
        unused = {"random": ("indices",), "chosen": ("count",), "yours": ("count", "indices")}[self.source]
        parts = [f"{n}={getattr(self, n):.3g}" if isinstance(getattr(self, n), float) else f"{n}={getattr(self, n)}"
                 for n, _ in self.controls() if n not in unused]
        return f"{self.title} · " + " · ".join(parts)


@cached(maxsize=4)
def page_models(device: str) -> dict[str, nn.Module]:
    """The three autoencoders, loaded once per process and device."""
    return {name: zoo.load_model(name, device) for name in MODELS}


def one_thread():
    """These networks and images are tiny: splitting their work across cores costs more in
    synchronisation than it saves, 5-30x on a busy 2-core machine (bench/denoise.py).
    torch's thread count belongs to the calling thread under OpenMP, so other sessions
    and demos keep theirs."""
    return cpu_threads(1)


@torch.inference_mode()
def run_models(noisy: torch.Tensor, device: torch.device | None = None) -> dict[str, torch.Tensor]:
    """Each autoencoder's output (N, 1, 28, 28) in [0, 1] on the CPU, for a noisy batch."""
    device = device or pick_device()
    x = noisy.to(device)
    return {name: model(x).clamp(0, 1).cpu() for name, model in page_models(str(device)).items()}


def _test_digits():
    return load_mnist(train=False)


@dataclass
class Comparison:
    """Clean, noisy and the three outputs, with PSNR and SSIM of everything but the clean column."""

    settings: DenoiseSettings
    row_labels: list[str]
    images: dict[str, torch.Tensor]        # column -> (N, 1, 28, 28)
    psnr: dict[str, torch.Tensor]          # column -> (N,) dB, against the clean digit
    ssim: dict[str, torch.Tensor]          # column -> (N,)

    def means(self) -> dict[str, tuple[float, float]]:
        """column -> (mean PSNR dB, mean SSIM)."""
        return {c: (float(self.psnr[c].mean()), float(self.ssim[c].mean())) for c in self.psnr}

    def caption(self) -> str:
        return self.settings.caption()

    def table(self) -> str:
        """The means as a markdown table, each model's gain over the noisy input beside it."""
        means = self.means()
        rows = ["| | mean PSNR | gain | mean SSIM |", "|---|---|---|---|"]
        for c, (p, s) in means.items():
            gain = "" if c == "noisy" else f"{p - means['noisy'][0]:+.1f} dB"
            rows.append(f"| {COLUMNS[c]} | {fmt_psnr(p)} | {gain} | {s:.3f} |")
        return "\n".join(rows)

    def sheet(self, cell: int | None = None) -> Image.Image:
        """One picture for a slide or a projector: a column per image kind (titled with its means),
        a row per digit, each digit's PSNR and SSIM beside it in two short lines, large enough to
        read from the back row (number_px), so the sheet is about 16:9 for six digits. MNIST's 28 px are enlarged with nearest neighbour (to 144 px, or 224 px for one or
        two rows)."""
        cell = cell or (224 if len(self.row_labels) <= 2 else 144)
        gap, size = max(4, cell // 16), number_px(cell)
        fnt = font(size)
        text_w = round(fnt.getlength("88.8 dB")) + gap    # the widest number beside a digit, and a gap
        col_w = cell + gap + text_w
        header = size * 2 + size // 2 + 2 * gap
        rows = len(self.row_labels)
        # grey levels only (digits, grey text): one channel, a third of the PNG to write on every change
        out = Image.new("L", (len(COLUMNS) * (col_w + gap) + gap, header + rows * (cell + gap) + gap), 255)
        means = self.means()
        # stamp_text: each title rendered once; each new number put together from glyphs rendered once
        for k, c in enumerate(COLUMNS):
            x0 = gap + k * (col_w + gap)
            stamp_text(out, (x0 + col_w / 2, gap), COLUMNS[c], _fitting(COLUMNS[c], size, col_w), 20, anchor="mt")
            # the means, as large as fits: the numbers a lecturer points at first
            sub = "mean PSNR · SSIM" if c == "clean" else f"{fmt_psnr(means[c][0])} · {means[c][1]:.2f}"
            stamp_text(out, (x0 + col_w / 2, gap + size + size // 4), sub, _fitting(sub, size, col_w - 4), 60,
                       anchor="mt")
            # the column's digits as bytes at once (one conversion, not one per digit), its numbers as floats
            tiles = (self.images[c].detach().float().cpu().numpy().clip(0, 1) * 255).round().astype(np.uint8)
            scores = None if c == "clean" else (self.psnr[c].tolist(), self.ssim[c].tolist())
            for i, row_label in enumerate(self.row_labels):
                y0 = header + gap + i * (cell + gap)
                out.paste(Image.fromarray(tiles[i, 0], "L").resize((cell, cell), Image.NEAREST), (x0, y0))
                lines = row_label.split(" · ") if scores is None else [fmt_psnr(scores[0][i]), f"{scores[1][i]:.2f}"]
                for j, line in enumerate(lines):
                    stamp_text(out, (x0 + cell + gap, y0 + cell / 2 + (j - (len(lines) - 1) / 2) * size * 1.15),
                               line, _fitting(line, size, text_w), 30, anchor="lm")
        return out


def number_px(cell: int) -> int:
    """The size of the numbers beside a digit of `cell` px: 2/5 of it (two lines fill 0.92 of the
    digit's height), so they read from the back row on a slide (≥ 28 px) and in a page at 1280×720
    (≥ 16 px) even where the sheet is shown only 520 px wide beside its means."""
    return max(12, cell * 2 // 5)


@cached(maxsize=4096)   # asked ~85 times a sheet, mostly for the same titles and numbers
def _fitting(text: str, size: int, width: int) -> int:
    """The largest size of at most `size` px in which `text` fits `width` (small cells get smaller titles)."""
    while size > 8 and font(size).getlength(text) > width:
        size -= 1
    return size


def fmt_psnr(value) -> str:
    """PSNR for people: identical images have no error at all, shown as ∞ (psnr() caps at 100 dB)."""
    value = float(value)
    return "∞ dB" if value >= 99.9 else f"{value:.1f} dB"


def pick_digits(settings: DenoiseSettings, digit: torch.Tensor | None = None) -> tuple[torch.Tensor, list[str]]:
    """The clean batch (N, 1, 28, 28) and a label per digit, as the settings ask."""
    if settings.source == "yours":
        if digit is None:
            raise StudioError("Upload or draw a digit first (or choose random test digits).")
        digits = digit.reshape(-1, 1, 28, 28).float().clamp(0, 1)[:MAX_DIGITS]
        return digits, ["your digit"] * len(digits)
    images, labels = _test_digits()
    if settings.source == "chosen":
        idx = torch.tensor(parse_test_indices(settings.indices))
    else:
        idx = torch.randperm(len(images), generator=torch.Generator().manual_seed(settings.seed))[:settings.count]
    return images[idx], [f"#{i} · a {labels[i]}" for i in idx.tolist()]


@one_thread()
def compare(settings: DenoiseSettings, digit: torch.Tensor | None = None) -> Comparison:
    """Corrupt the chosen digits and clean them with all three autoencoders (milliseconds: instant)."""
    clean, row_labels = pick_digits(settings, digit)
    noisy = NOISES[settings.noise](clean, settings.level, torch.Generator().manual_seed(settings.seed))
    images = {"clean": clean, "noisy": noisy, **run_models(noisy)}
    scored = [c for c in COLUMNS if c != "clean"]
    # every column scored in one batch: a third of the time of four (small tensors: the cost is per call)
    stacked, reference = torch.cat([images[c] for c in scored]), clean.repeat(len(scored), 1, 1, 1)
    return Comparison(settings, row_labels, images,
                      psnr=dict(zip(scored, psnr(stacked, reference).chunk(len(scored)))),
                      ssim=dict(zip(scored, ssim(stacked, reference).chunk(len(scored)))))


CURVE_LEVELS = tuple(round(0.05 * i, 2) for i in range(1, 21))   # the slider's grid, without 0 (PSNR ∞)
CURVE_DIGITS = 300   # the fixed subset: the first 300 test digits


@cached(maxsize=16)
@one_thread()
def psnr_curve(noise: str, n: int = CURVE_DIGITS, seed: int = 0) -> dict[str, tuple[float, ...]]:
    """Mean PSNR (dB) against noise level on a fixed subset (the first n test digits, noise seed
    fixed): {"level": levels, "noisy": ..., "ae-dense": ..., ...}. Cached: a few seconds once per noise."""
    if noise not in NOISES:
        raise StudioError(f"There is no noise called '{echo(noise)}'. Choose one of: {', '.join(NOISE_LABELS)}.")
    clean = _test_digits()[0][:n]
    curve: dict[str, list[float]] = {"noisy": [], **{m: [] for m in MODELS}}
    for level in CURVE_LEVELS:
        noisy = NOISES[noise](clean, level, torch.Generator().manual_seed(seed))
        curve["noisy"].append(round(float(psnr(noisy, clean).mean()), 3))
        for name, out in run_models(noisy).items():
            curve[name].append(round(float(psnr(out, clean).mean()), 3))
    return {"level": CURVE_LEVELS, **{k: tuple(v) for k, v in curve.items()}}


def psnr_figure(noise: str, level: float | None = None, n: int | None = None):
    """A plotly chart of psnr_curve(noise, n) (n: CURVE_DIGITS), the current level marked."""
    import plotly.graph_objects as go

    n = n or CURVE_DIGITS
    curve = psnr_curve(noise, n)
    styles = {"noisy": ("#888888", "dash"), "ae-dense": ("#e69f00", "solid"),
              "ae-conv": ("#56b4e9", "solid"), "dae-conv": ("#009e73", "solid")}
    fig = go.Figure()
    for key, (colour, dash) in styles.items():
        fig.add_trace(go.Scatter(x=curve["level"], y=curve[key], name=COLUMNS[key], mode="lines+markers",
                                 line={"color": colour, "dash": dash, "width": 3 if key == "dae-conv" else 2},
                                 marker={"size": 5}))
    if level is not None:
        fig.add_vline(x=level, line={"color": "#444444", "width": 1, "dash": "dot"},
                      annotation_text=f"level {level:.2f}", annotation_position="top right")
    fig.update_layout(
        title=f"Mean PSNR against noise level (first {n} test digits)",
        xaxis_title=f"noise level: {NOISE_LABELS[noise]}", yaxis_title="mean PSNR (dB), higher is better",
        template="plotly_white", height=420, margin={"l": 60, "r": 20, "t": 60, "b": 50},
        legend={"orientation": "h", "y": -0.2})
    return fig


# --- what both pages show, made once ------------------------------------------------------------

MEANS_HELP = ("Mean PSNR (peak signal-to-noise ratio) against the clean digits: 10·log₁₀(1 / mean squared "
              "error). +6 dB means the squared error is four times smaller. SSIM compares local brightness, "
              "contrast and structure: 1 means the same as the clean digit.")
NO_MNIST_HINT = " Or choose “your own digit”: drawing one needs no MNIST."


def mean_cards(result: Comparison) -> list[tuple[str, str, str | None, str]]:
    """(column, mean PSNR, its gain over the noisy input, mean SSIM) per column, for big numbers."""
    means = result.means()
    base = means["noisy"][0]
    return [(COLUMNS[c], fmt_psnr(p), None if c == "noisy" else f"{p - base:+.1f} dB vs noisy",
             f"mean SSIM **{s:.3f}**") for c, (p, s) in means.items()]


def page_result(settings: "DenoiseSettings", digit: torch.Tensor | None) -> tuple[Comparison | None, str]:
    """The comparison and its text for the page (the table, then the caption), or None and what to say
    instead: draw a digit (the normal first step with "your own digit"), or the error, said in place
    (without MNIST: that your own digit still works)."""
    if settings.source == "yours" and digit is None:
        return None, DRAW_OR_UPLOAD
    try:
        result = compare(settings, digit)
    except StudioError as exc:
        return None, f"⚠️ {exc}{'' if settings.source == 'yours' else NO_MNIST_HINT}"
    return result, f"{result.table()}\n\n`{result.caption()}`"


def your_digit(drawn=None, photo=None):
    """The drawing in MNIST form if something is drawn on it, else the uploaded photo's; None with neither."""
    digit = load_drawing(drawn) if drawn else None
    return digit if digit is not None or photo is None else load_digit(photo)


def enlarged_steps(digit, width: int = 224) -> list[tuple[str, Image.Image]]:
    """A digit's way to MNIST form, small steps enlarged crisply (a browser only ever scales them down)."""
    return [(caption, img if img.width >= width else img.resize((width, round(width * img.height / img.width)),
                                                                resample=Image.NEAREST))
            for caption, img in digit.steps]
