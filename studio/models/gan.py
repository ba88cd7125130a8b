"""MNIST GANs: a dense (MLP) GAN as in the classic course material, and a small DCGAN.

Both generators map a latent z ~ N(0, I) of size `latent_dim` to images in [0, 1]
(tanh inside, rescaled at the end), so the same fixed latent batch drives every
snapshot of both families and frames compare directly. Discriminators take [0, 1]
images and rescale to [-1, 1] themselves. Only generators ship in pretrained/.
"""

from __future__ import annotations

import torch
from torch import nn

from studio import zoo

LATENT_DIM = 100
FAMILIES = ("dense", "dcgan")


@zoo.architecture("gan-dense-generator")
class DenseGenerator(nn.Module):
    """z -> 256 -> 512 -> 784: fully connected, LeakyReLU, tanh output."""

    def __init__(self, latent_dim: int = LATENT_DIM, hidden: tuple[int, ...] = (256, 512)):
        super().__init__()
        self.latent_dim = latent_dim
        layers, width = [], latent_dim
        for h in hidden:
            layers += [nn.Linear(width, h), nn.LeakyReLU(0.2)]
            width = h
        layers += [nn.Linear(width, 28 * 28), nn.Tanh()]
        self.net = nn.Sequential(*layers)

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return (self.net(z).view(-1, 1, 28, 28) + 1) / 2


class DenseDiscriminator(nn.Module):
    """784 -> 512 -> 256 -> 1 logit. No normalisation: the plain course recipe."""

    def __init__(self, hidden: tuple[int, ...] = (512, 256)):
        super().__init__()
        layers, width = [], 28 * 28
        for h in hidden:
            layers += [nn.Linear(width, h), nn.LeakyReLU(0.2)]
            width = h
        layers += [nn.Linear(width, 1)]
        self.net = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x.flatten(1) * 2 - 1).squeeze(1)


@zoo.architecture("gan-dcgan-generator")
class DCGenerator(nn.Module):
    """z -> (width, 7, 7) -> transposed convs upsample 7 -> 14 -> 28.

    Batch norm after each layer but the last is what made DCGAN train stably
    (Radford et al., 2015); it also spreads samples over the modes.
    """

    def __init__(self, latent_dim: int = LATENT_DIM, width: int = 64):
        super().__init__()
        self.latent_dim = latent_dim
        self.width = width
        self.project = nn.Sequential(
            nn.Linear(latent_dim, width * 7 * 7, bias=False), nn.BatchNorm1d(width * 7 * 7), nn.ReLU())
        self.net = nn.Sequential(
            nn.ConvTranspose2d(width, width // 2, 4, 2, 1, bias=False), nn.BatchNorm2d(width // 2), nn.ReLU(),
            nn.ConvTranspose2d(width // 2, 1, 4, 2, 1), nn.Tanh())

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        x = self.project(z).view(-1, self.width, 7, 7)
        return (self.net(x) + 1) / 2


class DCDiscriminator(nn.Module):
    """Strided convs 28 -> 14 -> 7, then one linear logit.

    minibatch_std adds one feature map: how much the batch varies (Karras et al., 2018).
    A generator that draws the same few digits makes that number small, so the
    discriminator can see the collapse and the generator is pushed to spread out.
    """

    def __init__(self, width: int = 64, minibatch_std: bool = False):
        super().__init__()
        self.minibatch_std = minibatch_std
        self.features = nn.Sequential(
            nn.Conv2d(1, width // 2, 4, 2, 1), nn.LeakyReLU(0.2),
            nn.Conv2d(width // 2, width, 4, 2, 1, bias=False), nn.BatchNorm2d(width), nn.LeakyReLU(0.2))
        self.head = nn.Linear((width + int(minibatch_std)) * 7 * 7, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.features(x * 2 - 1)
        if self.minibatch_std:
            spread = h.std(0, unbiased=False).mean()
            h = torch.cat([h, spread.expand(len(h), 1, 7, 7)], 1)
        return self.head(h.flatten(1)).squeeze(1)


def build(family: str, latent_dim: int = LATENT_DIM, width: int = 64,
          minibatch_std: bool = False) -> tuple[nn.Module, nn.Module]:
    """(generator, discriminator) for a family name."""
    if family == "dense":
        return DenseGenerator(latent_dim), DenseDiscriminator()
    if family == "dcgan":
        return DCGenerator(latent_dim, width), DCDiscriminator(width, minibatch_std)
    raise ValueError(f"unknown GAN family {family!r}; choose one of {FAMILIES}")


def latents(n: int, latent_dim: int = LATENT_DIM, seed: int = 0) -> torch.Tensor:
    """A reproducible batch of z ~ N(0, I)."""
    return torch.randn(n, latent_dim, generator=torch.Generator().manual_seed(seed))


@torch.inference_mode()
def generate(generator: nn.Module, z: torch.Tensor, batch: int = 1000) -> torch.Tensor:
    """Images in [0, 1], (N, 1, 28, 28), on the CPU; the generator's device is used."""
    device = next(generator.parameters()).device
    return torch.cat([generator(z[i:i + batch].to(device)).clamp(0, 1).cpu() for i in range(0, len(z), batch)])


# A digit counts as covered when it holds at least this share of a generator's samples.
COVERED_SHARE = 0.05


def class_stats(labels: torch.Tensor, num_classes: int = 10, min_share: float = COVERED_SHARE):
    """How a generator spreads over digits, as judged by the classifier's labels.

    Returns (histogram: list of counts, classes_covered: classes holding at least
    `min_share` of the samples, entropy_bits: 0 = one digit only, log2(10) = 3.32 = uniform).
    A collapsed GAN covers few classes and has low entropy.
    """
    hist = torch.bincount(labels.flatten().long().cpu(), minlength=num_classes)[:num_classes]
    total = max(int(hist.sum()), 1)
    share = hist.double() / total
    covered = int((share >= min_share).sum())
    nz = share[share > 0]
    entropy = max(0.0, float(-(nz * nz.log2()).sum()))
    return [int(c) for c in hist], covered, round(entropy, 4)


def snapshots(family: str) -> list[dict]:
    """The manifest entries of a family's snapshots in pretrained/, by epoch."""
    return sorted(zoo.entries(kind="gan-snapshot", family=family), key=lambda e: e["epoch"])
