"""A small feed-forward style network for several paintings and any style strength.

Johnson et al. (2016) train a network to do in one forward pass what Gatys et al.'s
optimisation does in hundreds: photo in, painted photo out. This one is that idea made
small enough for a laptop CPU (a 512 px photo in about a tenth of a second) and general
enough for the page's controls:

* Several paintings, one network (Dumoulin, Shlens & Kudlur 2017, "A learned representation
  for artistic style"). Every normalisation layer first standardises each channel of each
  picture (instance normalisation), then scales and shifts it. The scales and shifts are the
  only weights that belong to a painting; all convolutions are shared. A blend of paintings
  uses the convex combination of their scales and shifts, so blending a painting with itself
  gives exactly that painting.

* A style-strength input (Babaeizadeh & Ghiasi 2018, "Adjustable real-time style transfer").
  During training the style weight of the loss is drawn at random and told to the network.
  Here each painting's scale and shift are a straight line in t, the strength's place on a
  log scale between the weakest and the strongest trained weight (t = 0 .. 1):
  gamma(t) = gamma_0 + t * gamma_1. A line keeps blends exact (mixing lines gives a line).

* Speed. Convolutions at full resolution are the cost on a CPU, so the picture is shrunk 4x
  by two strided convolutions at once, the residual blocks work at 1/4 size with depthwise-
  separable convolutions (a 3x3 filter per channel, then a 1x1 mix of channels: ~8x fewer
  multiplications than a full 3x3), and the picture is enlarged by nearest-neighbour
  upsampling followed by a convolution (a transposed convolution makes checkerboards; Odena
  et al. 2016). Run it with channels_last memory (`.to(memory_format=torch.channels_last)`).

Usage:
    net = StyleNet(n_styles=4)
    out = net(photo, styles=torch.tensor([[1., 0, 0, 0]]), strength=torch.tensor([10.]))

Trained by studio/training/style.py with the style page's own loss (style.relative_terms): the fast
network, pretrained/style-fast; by studio/training/style_supervised.py with an L1 loss to the page's
optimised pictures: the supervised one, pretrained/style-supervised. networks.py runs them on the page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from studio import zoo


# The range of style weights (the style page's `style_weight`, content weight 1, TV weight 10)
# the network is trained on. Strengths outside it are clamped to it.
STRENGTH_MIN, STRENGTH_MAX = 1.0, 1e3
STYLES = ("starry_night", "the_scream", "shipwreck", "woman-with-hat-matisse")


def strength_position(strength: torch.Tensor) -> torch.Tensor:
    """A style weight -> t in [0, 1], its place on a log scale between STRENGTH_MIN and _MAX."""
    lo, hi = math.log10(STRENGTH_MIN), math.log10(STRENGTH_MAX)
    return ((torch.log10(strength.float()) - lo) / (hi - lo)).clamp(0, 1)


@dataclass(frozen=True)
class Shape:
    """How wide and deep the network is (the timing script compares a few of these)."""
    widths: tuple[int, int, int] = (16, 32, 64)   # channels at 1/1 (output side), 1/2 and 1/4 size
    blocks: int = 5                               # residual blocks at 1/4 size
    stem: int = 16                                # channels of the first, full-size-input convolution


# --- conditional instance normalisation ------------------------------------------------------

class ConditionalInstanceNorm(nn.Module):
    """Instance norm, then a per-channel scale and shift chosen by the condition.

    The condition is a (N, n_styles, 2) tensor of coefficients: for picture n, painting k's
    parameter line gamma_k0 + t * gamma_k1 contributes with weight w_nk, so its entries are
    w_nk * (1, t_n). StyleNet.condition builds it once per forward pass.
    """

    def __init__(self, channels: int, n_styles: int):
        super().__init__()
        self.gamma = nn.Parameter(torch.zeros(n_styles, 2, channels))
        self.beta = nn.Parameter(torch.zeros(n_styles, 2, channels))
        with torch.no_grad():
            self.gamma[:, 0] = 1.0          # start as plain instance norm, for every painting and strength

    def forward(self, x: torch.Tensor, condition: torch.Tensor) -> torch.Tensor:
        gamma = torch.einsum("nkj,kjc->nc", condition, self.gamma)
        beta = torch.einsum("nkj,kjc->nc", condition, self.beta)
        var, mean = torch.var_mean(x, dim=(2, 3), unbiased=False)
        scale = gamma * torch.rsqrt(var + 1e-5)                  # fold the normalisation and the affine
        shift = beta - mean * scale                              # map into one multiply-add per pixel
        return torch.addcmul(shift[:, :, None, None], x, scale[:, :, None, None])


# --- building blocks --------------------------------------------------------------------------

class SeparableConv(nn.Sequential):
    """Depthwise 3x3 (one filter per channel, may stride) then a pointwise 1x1 channel mix."""

    def __init__(self, cin: int, cout: int, stride: int = 1):
        super().__init__(nn.Conv2d(cin, cin, 3, stride, 1, groups=cin, bias=False),
                         nn.Conv2d(cin, cout, 1, bias=False))


class ConvNormReLU(nn.Module):
    def __init__(self, conv: nn.Module, channels: int, n_styles: int):
        super().__init__()
        self.conv, self.norm = conv, ConditionalInstanceNorm(channels, n_styles)

    def forward(self, x: torch.Tensor, condition: torch.Tensor) -> torch.Tensor:
        return F.relu(self.norm(self.conv(x), condition), inplace=True)


class ResidualBlock(nn.Module):
    """x + norm(sep(relu(norm(sep(x))))): the block keeps the picture and learns what to add."""

    def __init__(self, channels: int, n_styles: int):
        super().__init__()
        self.first = ConvNormReLU(SeparableConv(channels, channels), channels, n_styles)
        self.conv = SeparableConv(channels, channels)
        self.norm = ConditionalInstanceNorm(channels, n_styles)

    def forward(self, x: torch.Tensor, condition: torch.Tensor) -> torch.Tensor:
        return x + self.norm(self.conv(self.first(x, condition)), condition)


class Upsample(nn.Module):
    """Nearest-neighbour 2x, then a separable convolution, norm and ReLU."""

    def __init__(self, cin: int, cout: int, n_styles: int):
        super().__init__()
        self.body = ConvNormReLU(SeparableConv(cin, cout), cout, n_styles)

    def forward(self, x: torch.Tensor, condition: torch.Tensor) -> torch.Tensor:
        return self.body(F.interpolate(x, scale_factor=2.0, mode="nearest"), condition)


# --- the network ------------------------------------------------------------------------------

@zoo.architecture("style-net")
class StyleNet(nn.Module):
    """Photo (N, 3, H, W) in [0, 1] -> painted photo, same size (H and W multiples of 4 are exact;
    others are padded by reflection and cropped back)."""

    def __init__(self, n_styles: int = len(STYLES), shape: Shape = Shape()):
        super().__init__()
        c1, c2, c4 = shape.widths
        self.n_styles, self.shape = n_styles, shape
        # down: a full 3x3 convolution (only 3 input channels: cheap) at stride 2, then a separable one
        self.down1 = ConvNormReLU(nn.Conv2d(3, shape.stem, 3, 2, 1, bias=False), shape.stem, n_styles)
        self.down2 = ConvNormReLU(SeparableConv(shape.stem, c4, stride=2), c4, n_styles)
        self.blocks = nn.ModuleList(ResidualBlock(c4, n_styles) for _ in range(shape.blocks))
        self.up1 = Upsample(c4, c2, n_styles)
        self.up2 = Upsample(c2, c1, n_styles)
        # back to colours: a full 3x3 convolution (the only one at full size). It predicts a change
        # of the photo in logit space, so the untrained network starts as the photo itself and the
        # fine detail that the 1/4-size blocks cannot carry passes straight through. (Without this
        # skip, 350 steps of CPU training gave texture with no photo left: content loss 1.3.)
        self.to_rgb = nn.Conv2d(c1, 3, 3, 1, 1)
        nn.init.zeros_(self.to_rgb.weight)   # no change yet: a fresh network returns the photo
        nn.init.zeros_(self.to_rgb.bias)

    def condition(self, styles: torch.Tensor, strength: torch.Tensor) -> torch.Tensor:
        """(N, n_styles) blend weights (made to sum to 1) and (N,) style weights -> (N, n_styles, 2)."""
        w = styles.float() / styles.float().sum(1, keepdim=True)
        t = strength_position(strength)
        return w[:, :, None] * torch.stack([torch.ones_like(t), t], 1)[:, None, :]

    def forward(self, photo: torch.Tensor, styles: torch.Tensor, strength: torch.Tensor) -> torch.Tensor:
        c = self.condition(styles.to(photo.device), strength.to(photo.device))
        h, w = photo.shape[-2:]
        pad_h, pad_w = -h % 4, -w % 4
        x = F.pad(photo, (0, pad_w, 0, pad_h), mode="reflect") if pad_h or pad_w else photo
        x = self.down2(self.down1(x, c), c)
        for block in self.blocks:
            x = block(x, c)
        x = self.up2(self.up1(x, c), c)
        return torch.sigmoid(self.to_rgb(x)[..., :h, :w] + torch.logit(photo, eps=0.01))


def one_hot(index: int, n_styles: int = len(STYLES)) -> torch.Tensor:
    return F.one_hot(torch.tensor([index]), n_styles).float()


def size_mb(model: nn.Module) -> float:
    return sum(p.numel() * p.element_size() for p in model.parameters()) / 1e6
