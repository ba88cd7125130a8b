"""Denoising: noise models, PSNR and SSIM, and the autoencoders that clean MNIST digits.

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

import torch
import torch.nn.functional as F
from torch import nn

from studio import zoo

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


@functools.cache   # the same window every time
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
