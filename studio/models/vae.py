"""Variational autoencoders for MNIST (Kingma & Welling, 2013), pytorch/examples style.

encode(x) gives the mean and log-variance of q(z|x); decode(z) gives pixel
probabilities in [0, 1]. Training maximises the ELBO per image:

    ELBO = E_q[log p(x|z)] - KL(q(z|x) || N(0, I))
         = -(binary cross-entropy of the reconstruction) - KL

With latent_dim=2 the whole latent space is a plane we can draw (manifold grid, walks);
a larger latent (16) trades that for sharper samples and smoother interpolation.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from studio import zoo


@zoo.architecture("vae-mlp")
class VAE(nn.Module):
    def __init__(self, latent_dim: int = 2, hidden: int = 400):
        super().__init__()
        self.latent_dim = latent_dim
        self.enc = nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, hidden), nn.ReLU())
        self.mu = nn.Linear(hidden, latent_dim)
        self.logvar = nn.Linear(hidden, latent_dim)
        self.dec = nn.Sequential(nn.Linear(latent_dim, hidden), nn.ReLU(), nn.Linear(hidden, 28 * 28))

    def encode(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        h = self.enc(x)
        return self.mu(h), self.logvar(h)

    def decode_logits(self, z: torch.Tensor) -> torch.Tensor:
        return self.dec(z).view(-1, 1, 28, 28)

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        """Images (N, 1, 28, 28) in [0, 1] for latents (N, latent_dim)."""
        return torch.sigmoid(self.decode_logits(z))

    def forward(self, x: torch.Tensor, generator: torch.Generator | None = None):
        """(reconstruction logits, mu, logvar), with z drawn by the reparameterisation trick:
        z = mu + sigma * eps keeps the sample differentiable in mu and sigma."""
        mu, logvar = self.encode(x)
        eps = torch.randn(mu.shape, generator=generator).to(mu.device)
        return self.decode_logits(mu + eps * torch.exp(0.5 * logvar)), mu, logvar


def loss_terms(logits: torch.Tensor, x: torch.Tensor, mu: torch.Tensor, logvar: torch.Tensor):
    """(reconstruction BCE, KL), each summed over pixels/latents: shape (N,), in nats per image."""
    bce = F.binary_cross_entropy_with_logits(logits, x, reduction="none").flatten(1).sum(1)
    kl = -0.5 * (1 + logvar - mu.pow(2) - logvar.exp()).sum(1)
    return bce, kl


@torch.inference_mode()
def evaluate(model: VAE, images: torch.Tensor, seed: int = 0, batch: int = 1000) -> dict[str, float]:
    """Per-image test figures: recon BCE (one posterior sample, seeded), KL, ELBO,
    and recon BCE decoding the posterior mean (deterministic; what the tests check)."""
    device = next(model.parameters()).device
    g = torch.Generator().manual_seed(seed)
    sums = {"bce": 0.0, "kl": 0.0, "bce_mean": 0.0}
    for i in range(0, len(images), batch):
        x = images[i:i + batch].to(device)
        logits, mu, logvar = model(x, generator=g)
        bce, kl = loss_terms(logits, x, mu, logvar)
        bce_mean = F.binary_cross_entropy_with_logits(model.decode_logits(mu), x, reduction="none").flatten(1).sum(1)
        sums["bce"] += float(bce.sum())
        sums["kl"] += float(kl.sum())
        sums["bce_mean"] += float(bce_mean.sum())
    n = len(images)
    return {"test_recon_bce": round(sums["bce"] / n, 3), "test_kl": round(sums["kl"] / n, 3),
            "test_elbo": round(-(sums["bce"] + sums["kl"]) / n, 3),
            "test_recon_bce_posterior_mean": round(sums["bce_mean"] / n, 3)}


@torch.inference_mode()
def manifold_grid(model: VAE, n: int = 15, span: float = 2.5, dims: tuple[int, int] = (0, 1)) -> torch.Tensor:
    """Decode an n x n grid over two latent dimensions (others at 0): (n*n, 1, 28, 28), row-major,
    top row = highest value of the second dimension, like a plot's y axis."""
    device = next(model.parameters()).device
    axis = torch.linspace(-span, span, n)
    z = torch.zeros(n * n, model.latent_dim)
    ys, xs = torch.meshgrid(axis.flip(0), axis, indexing="ij")
    z[:, dims[0]], z[:, dims[1]] = xs.flatten(), ys.flatten()
    return model.decode(z.to(device)).cpu()


@torch.inference_mode()
def interpolate(model: VAE, z0: torch.Tensor, z1: torch.Tensor, steps: int = 10) -> torch.Tensor:
    """Decode a straight line from z0 to z1 in latent space: (steps, 1, 28, 28)."""
    device = next(model.parameters()).device
    t = torch.linspace(0, 1, steps).unsqueeze(1)
    return model.decode(((1 - t) * z0.reshape(1, -1) + t * z1.reshape(1, -1)).to(device)).cpu()
