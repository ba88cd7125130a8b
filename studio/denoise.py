"""Denoising: noise models, PSNR, and the autoencoders that clean MNIST digits.

Three autoencoders tell the story (Vincent et al., 2008):
- a dense autoencoder and a convolutional one trained to copy *clean* digits: they
  reconstruct, but nothing taught them what noise is, so much of it passes through;
- the same convolutional autoencoder trained on *corrupted* input with the clean digit
  as target: it learns to map any noisy digit back onto the digit it came from.
All outputs are images in [0, 1] (sigmoid, then clipped).
Every noise function takes a torch.Generator so the same seed gives the same noise.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from PIL import Image, ImageDraw
from torch import nn

from studio import zoo
from studio.controls import Settings, control
from studio.device import cpu_threads, pick_device
from studio.errors import StudioError
from studio.images import contact_sheet, font, to_pil

EVAL_CONDITIONS = {"gauss_0.3": ("gaussian", 0.3), "gauss_0.5": ("gaussian", 0.5), "sp_0.2": ("salt_pepper", 0.2)}


def _level(level, x: torch.Tensor) -> torch.Tensor:
    """A float, or one level per image (N,), shaped to broadcast over (N, C, H, W)."""
    level = torch.as_tensor(level, dtype=x.dtype)
    return level.view(-1, *([1] * (x.dim() - 1))) if level.dim() else level


def gaussian(x: torch.Tensor, sigma, generator: torch.Generator | None = None) -> torch.Tensor:
    """Add N(0, sigma^2) to every pixel, then clip to [0, 1]."""
    noise = torch.randn(x.shape, generator=generator).to(x.device)
    return (x + _level(sigma, x).to(x.device) * noise).clamp(0, 1)


def salt_pepper(x: torch.Tensor, p, generator: torch.Generator | None = None) -> torch.Tensor:
    """Each pixel with probability p becomes black or white (half each)."""
    u = torch.rand(x.shape, generator=generator).to(x.device)
    white = torch.rand(x.shape, generator=generator).to(x.device) < 0.5
    hit = u < _level(p, x).to(x.device)
    return torch.where(hit, white.to(x.dtype), x)


def masking(x: torch.Tensor, p, generator: torch.Generator | None = None) -> torch.Tensor:
    """Each pixel with probability p is dropped to 0 (black)."""
    keep = torch.rand(x.shape, generator=generator).to(x.device) >= _level(p, x).to(x.device)
    return x * keep


NOISES = {"gaussian": gaussian, "salt_pepper": salt_pepper, "masking": masking}


def mixed_noise(x: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """Training corruption: each image gets one noise kind at a random level:
    Gaussian sigma in [0.1, 0.7], salt-and-pepper p in [0.05, 0.35], masking p in [0.1, 0.6]."""
    n = len(x)
    kind = torch.randint(0, 3, (n,), generator=generator)
    u = torch.rand(n, generator=generator)
    out = torch.empty_like(x)
    for k, (fn, lo, hi) in enumerate([(gaussian, 0.1, 0.7), (salt_pepper, 0.05, 0.35), (masking, 0.1, 0.6)]):
        sel = kind == k
        if sel.any():
            out[sel] = fn(x[sel], lo + (hi - lo) * u[sel], generator)
    return out


def psnr(a: torch.Tensor, b: torch.Tensor, max_value: float = 1.0) -> torch.Tensor:
    """Peak signal-to-noise ratio per image in dB, shape (N,): 10 log10(max^2 / MSE)."""
    mse = (a - b).pow(2).flatten(1).mean(1).clamp_min(1e-10)
    return 10 * torch.log10(max_value ** 2 / mse)


@zoo.architecture("ae-dense")
class DenseAutoencoder(nn.Module):
    """784 -> 256 -> code -> 256 -> 784: the bottleneck forces a compact description."""

    def __init__(self, code: int = 32, hidden: int = 256):
        super().__init__()
        self.encoder = nn.Sequential(nn.Flatten(), nn.Linear(784, hidden), nn.ReLU(), nn.Linear(hidden, code), nn.ReLU())
        self.decoder = nn.Sequential(nn.Linear(code, hidden), nn.ReLU(), nn.Linear(hidden, 784))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(self.decoder(self.encoder(x))).view(-1, 1, 28, 28).clamp(0, 1)


@zoo.architecture("ae-conv")
class ConvAutoencoder(nn.Module):
    """Strided convs 28 -> 14 -> 7 and transposed convs back: local filters suit images."""

    def __init__(self, width: int = 32):
        super().__init__()
        self.encoder = nn.Sequential(
            nn.Conv2d(1, width, 3, 2, 1), nn.ReLU(),                       # 28 -> 14
            nn.Conv2d(width, 2 * width, 3, 2, 1), nn.ReLU())               # 14 -> 7
        self.decoder = nn.Sequential(
            nn.ConvTranspose2d(2 * width, width, 4, 2, 1), nn.ReLU(),      # 7 -> 14
            nn.ConvTranspose2d(width, 1, 4, 2, 1))                         # 14 -> 28

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(self.decoder(self.encoder(x))).clamp(0, 1)


@torch.inference_mode()
def denoise(model: nn.Module, noisy: torch.Tensor, batch: int = 1000) -> torch.Tensor:
    device = next(model.parameters()).device
    return torch.cat([model(noisy[i:i + batch].to(device)).cpu() for i in range(0, len(noisy), batch)])


def corrupt(clean: torch.Tensor, condition: str, seed: int = 0) -> torch.Tensor:
    """One of EVAL_CONDITIONS applied with a fixed seed (the same noisy set for every model)."""
    kind, level = EVAL_CONDITIONS[condition]
    return NOISES[kind](clean, level, torch.Generator().manual_seed(seed))


def evaluate(model: nn.Module, clean: torch.Tensor, seed: int = 0) -> dict[str, float]:
    """Mean PSNR (dB) of the noisy input and of the model's output, for every eval condition."""
    out = {}
    for cond in EVAL_CONDITIONS:
        noisy = corrupt(clean, cond, seed)
        out[f"psnr_noisy_{cond}"] = round(float(psnr(noisy, clean).mean()), 3)
        out[f"psnr_{cond}"] = round(float(psnr(denoise(model, noisy), clean).mean()), 3)
    out["psnr_clean"] = round(float(psnr(denoise(model, clean), clean).mean()), 3)
    return out


# --- the denoising page: block occlusion, SSIM, settings, side-by-side comparison, PSNR curve ---

def block_occlusion(x: torch.Tensor, area, generator: torch.Generator | None = None) -> torch.Tensor:
    """One black square per image covering the fraction `area` of it, at a random place:
    unlike the pixel noises, whole strokes vanish and must be filled in from context."""
    n, _, h, w = x.shape
    areas = torch.as_tensor(area, dtype=torch.float64).clamp(0, 1).expand(n)
    sides = (areas.sqrt() * min(h, w)).round().long().tolist()
    corners = torch.rand(n, 2, generator=generator)
    mask = torch.ones(x.shape, dtype=x.dtype)
    for i, side in enumerate(sides):
        if side:
            top, left = int(corners[i, 0] * (h - side + 1)), int(corners[i, 1] * (w - side + 1))
            mask[i, :, top:top + side, left:left + side] = 0
    return x * mask.to(x.device)


NOISES["block"] = block_occlusion


def _gaussian_window(size: int = 11, sigma: float = 1.5) -> torch.Tensor:
    g = torch.exp(-(torch.arange(size, dtype=torch.float64) - size // 2) ** 2 / (2 * sigma ** 2))
    g = g / g.sum()
    return (g[:, None] * g[None, :]).view(1, 1, size, size)


def ssim(a: torch.Tensor, b: torch.Tensor, max_value: float = 1.0) -> torch.Tensor:
    """Structural similarity per image, shape (N,) (Wang et al., 2004): compares local means,
    contrasts and correlation in an 11×11 Gaussian window (σ 1.5), averaged over the positions
    where the window fits. 1 means identical; PSNR only sees pixel errors, SSIM sees structure."""
    c = a.shape[1]
    window = _gaussian_window().to(a.device, a.dtype).expand(c, 1, -1, -1)
    blur = functools.partial(F.conv2d, weight=window, groups=c)
    mu_a, mu_b = blur(a), blur(b)
    var_a = blur(a * a) - mu_a ** 2
    var_b = blur(b * b) - mu_b ** 2
    cov = blur(a * b) - mu_a * mu_b
    c1, c2 = (0.01 * max_value) ** 2, (0.03 * max_value) ** 2
    s = ((2 * mu_a * mu_b + c1) * (2 * cov + c2)) / ((mu_a ** 2 + mu_b ** 2 + c1) * (var_a + var_b + c2))
    return s.flatten(1).mean(1)


MODELS = {"ae-dense": "dense AE", "ae-conv": "conv AE", "dae-conv": "denoising AE"}
COLUMNS = {"clean": "clean", "noisy": "noisy input", **MODELS}
NOISE_LABELS = {"gaussian": "Gaussian (σ)", "salt_pepper": "salt and pepper (p)",
                "masking": "masking (p)", "block": "block occlusion (area)"}
SOURCES = {"random": "random test digits", "chosen": "test digits by number", "yours": "your own digit"}
MAX_DIGITS = 16
TEST_SIZE = 10_000


def parse_indices(text: str) -> list[int]:
    """'3, 17 42' -> [3, 17, 42]: MNIST test digit numbers, checked."""
    parts = text.replace(",", " ").split()
    if not parts:
        raise StudioError("Type at least one test digit number, e.g. 0, 7, 42.")
    try:
        numbers = [int(p) for p in parts]
    except ValueError:
        raise StudioError(f"Test digit numbers must be whole numbers separated by commas, not '{text}'.") from None
    bad = [n for n in numbers if not 0 <= n < TEST_SIZE]
    if bad:
        raise StudioError(f"MNIST has test digits 0 to {TEST_SIZE - 1}; {bad[0]} is not one of them.")
    if len(numbers) > MAX_DIGITS:
        raise StudioError(f"Pick at most {MAX_DIGITS} digits at a time (you typed {len(numbers)}).")
    return numbers


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
    indices: str = control("Test digit numbers", "0, 1, 2, 3, 4, 7",
                           help=f"MNIST test digits by number (0 to {TEST_SIZE - 1}), separated by commas.")
    seed: int = control("Seed", 0, min=0, max=2**31 - 1, number_box=True,
                        help="Fixes which random digits are drawn and the noise itself: the same seed and "
                             "settings give the same picture, so a slide can be reproduced.")

    def check(self) -> None:
        if self.source == "chosen":
            parse_indices(self.indices)


@functools.lru_cache(maxsize=4)
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
    from studio.mnist import load_mnist

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
        """One picture for a slide: a column per image kind (titled with its means), a row per digit,
        PSNR and SSIM under every image; MNIST's 28 px are enlarged with nearest neighbour
        (to 144 px, or 224 px when there are only one or two rows)."""
        cell = cell or (224 if len(self.row_labels) <= 2 else 144)
        tiles, labels = [], []
        for i, row_label in enumerate(self.row_labels):
            for c in COLUMNS:
                tiles.append(to_pil(self.images[c][i]))
                labels.append(row_label if c == "clean" else f"{fmt_psnr(self.psnr[c][i])} · {self.ssim[c][i]:.2f}")
        grid = contact_sheet(tiles, labels, columns=len(COLUMNS), cell=cell)
        gap, size = max(4, cell // 32), max(14, cell // 9)
        header = size * 2 + size // 2 + gap
        out = Image.new("RGB", (grid.width, grid.height + header), "white")
        out.paste(grid, (0, header))
        draw = ImageDraw.Draw(out)
        means = self.means()
        for k, c in enumerate(COLUMNS):
            centre = gap + k * (cell + gap) + cell / 2
            draw.text((centre, gap), COLUMNS[c], fill=(20, 20, 20), font=_fitting(COLUMNS[c], size, cell), anchor="mt")
            sub = "PSNR dB · SSIM" if c == "clean" else f"mean {fmt_psnr(means[c][0])} · {means[c][1]:.2f}"
            draw.text((centre, gap + size + size // 4), sub, fill=(90, 90, 90),
                      font=_fitting(sub, max(12, size * 3 // 4), cell - 4), anchor="mt")
        return out


def _fitting(text: str, size: int, width: int):
    """The font of at most `size` px in which `text` fits `width` (small cells get smaller titles)."""
    while size > 8 and font(size).getlength(text) > width:
        size -= 1
    return font(size)


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
        idx = torch.tensor(parse_indices(settings.indices))
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
    return Comparison(settings, row_labels, images,
                      psnr={c: psnr(images[c], clean) for c in scored},
                      ssim={c: ssim(images[c], clean) for c in scored})


CURVE_LEVELS = tuple(round(0.05 * i, 2) for i in range(1, 21))   # the slider's grid, without 0 (PSNR ∞)
CURVE_DIGITS = 300   # the fixed subset: the first 300 test digits


@functools.lru_cache(maxsize=16)
@one_thread()
def psnr_curve(noise: str, n: int = CURVE_DIGITS, seed: int = 0) -> dict[str, tuple[float, ...]]:
    """Mean PSNR (dB) against noise level on a fixed subset (the first n test digits, noise seed
    fixed): {"level": levels, "noisy": ..., "ae-dense": ..., ...}. Cached: a few seconds once per noise."""
    if noise not in NOISES:
        raise StudioError(f"There is no noise called '{noise}'. Choose one of: {', '.join(NOISE_LABELS)}.")
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


EXPLAINERS = (
    ("Why corrupted input teaches structure",
     "An autoencoder trained to copy clean digits can succeed by passing pixels through, noise and all. "
     "Give it a corrupted digit and ask for the clean one, and copying no longer works: to fill in a "
     "missing stroke or ignore a stray dot it has to know what digits look like, which strokes belong "
     "together and which pixels never occur. The noise forces it to learn the data's structure "
     "(Vincent et al., 2008)."),
    ("Why outputs are clipped to [0, 1]",
     "Pixels are intensities between black (0) and white (1), and PSNR and SSIM are measured on that "
     "scale. Each model ends in a sigmoid, which already lands in (0, 1); the clip makes the promise "
     "explicit, so no output can score by leaving the range a screen can show."),
    ("Why the convolutional model does better",
     "A dense layer connects every pixel to every unit and must learn separately that a stroke looks "
     "the same anywhere in the image. Convolutions reuse one small filter at every position, so what is "
     "learnt about edges and strokes in one place applies everywhere, with far fewer weights to fit. "
     "The conv AE reconstructs clean digits at about 35 dB against the dense AE's 21 dB; trained on "
     "noise, the same architecture cleans them too."),
)


def explainers_markdown() -> str:
    return "\n\n".join(f"**{title}.** {text}" for title, text in EXPLAINERS)
