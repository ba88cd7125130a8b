"""The VAE latent walk: walk.py (grid, walk, interpolation, samples, reconstructions of the VAEs in studio/models), texts, presets, and the two front ends."""

from studio.demos.demo import Demo

DEMO = Demo("vae", "VAE latent walk", "🧭", "pages/3_VAE_latent_walk.py",
           "A variational autoencoder's 2-D latent space: decode a grid, walk between digits, "
           "and see why the KL term makes the manifold smooth.",
           "MNIST and the studio's trained VAEs",
           mnist=True, models=("studio.models.vae",))
