"""VAE-GAN (Larsen et al., 2016): a VAE whose reconstruction error is measured by a discriminator.

A plain VAE scores a reconstruction pixel by pixel (binary cross-entropy), which rewards
hedging: a blurry average of the plausible digits costs less than a sharp guess in the
wrong place. The VAE-GAN keeps the encoder, the prior and the KL term, but measures the
reconstruction in the feature space of a GAN discriminator's third layer
(Dis_l(x) vs Dis_l(x~)), and also trains the decoder, as a generator, to fool that
discriminator on reconstructions and on samples from the prior. The result: a decoder
that draws sharp strokes, with an encoder still attached.

The decoder is the studio's DCGAN generator with a 16-D latent; only the encoder and
decoder ship (the discriminator is needed for training only). forward/decode_logits
match studio.models.vae.VAE, so the VAE's ELBO evaluation applies unchanged (as a bound on a
Bernoulli reading of the decoder's output, which the VAE-GAN is not trained to maximise).
"""

from __future__ import annotations

import torch
from torch import nn

from studio import zoo
from studio.models.gan import DCGenerator

EPS = 1e-4  # decoder probabilities are clipped to [EPS, 1 - EPS] for the Bernoulli reading


class Encoder(nn.Module):
    """28 -> 14 -> 7 strided convs, then the mean and log-variance of q(z|x)."""

    def __init__(self, latent_dim: int = 16, width: int = 32):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(1, width // 2, 4, 2, 1), nn.LeakyReLU(0.2),
            nn.Conv2d(width // 2, width, 4, 2, 1, bias=False), nn.BatchNorm2d(width), nn.LeakyReLU(0.2),
            nn.Flatten(), nn.Linear(width * 7 * 7, 256), nn.LeakyReLU(0.2))
        self.mu = nn.Linear(256, latent_dim)
        self.logvar = nn.Linear(256, latent_dim)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        h = self.net(x * 2 - 1)
        return self.mu(h), self.logvar(h)


@zoo.architecture("vaegan")
class VAEGAN(nn.Module):
    def __init__(self, latent_dim: int = 16, width: int = 32):
        super().__init__()
        self.latent_dim = latent_dim
        self.encoder = Encoder(latent_dim, width)
        self.decoder = DCGenerator(latent_dim, width)

    def encode(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        return self.encoder(x)

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        """Images (N, 1, 28, 28) in [0, 1]."""
        return self.decoder(z)

    def decode_logits(self, z: torch.Tensor) -> torch.Tensor:
        return torch.logit(self.decode(z), eps=EPS)

    def forward(self, x: torch.Tensor, generator: torch.Generator | None = None):
        """(reconstruction logits, mu, logvar), z by the reparameterisation trick (as studio.models.vae.VAE)."""
        mu, logvar = self.encode(x)
        eps = torch.randn(mu.shape, generator=generator).to(mu.device)
        return self.decode_logits(mu + eps * torch.exp(0.5 * logvar)), mu, logvar


@zoo.architecture("vae-conv")
class ConvVAE(VAEGAN):
    """The VAE-GAN's encoder and decoder, trained as a plain VAE (the ELBO: pixel BCE + KL, no discriminator).

    The families page compares it with the VAE-GAN: same networks, latent size, data, batches, optimiser
    and epochs, so what differs is the loss alone (studio/training/vae_conv.py)."""


class Discriminator(nn.Module):
    """Three conv layers (28 -> 14 -> 7 -> 7), no batch norm, so a sample's features do not depend on
    its batch; features() is the third layer, Dis_l in the paper, where reconstructions are compared."""

    def __init__(self, width: int = 32):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(1, width // 2, 4, 2, 1), nn.LeakyReLU(0.2),
            nn.Conv2d(width // 2, width, 4, 2, 1), nn.LeakyReLU(0.2),
            nn.Conv2d(width, 2 * width, 3, 1, 1), nn.LeakyReLU(0.2))
        self.head = nn.Linear(2 * width * 7 * 7, 1)

    def features(self, x: torch.Tensor) -> torch.Tensor:
        return self.body(x * 2 - 1).flatten(1)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """(logit (N,), features (N, F))."""
        f = self.features(x)
        return self.head(f).squeeze(1), f
