"""The VAE latent walk: walk.py (grid, walk, interpolation, samples, reconstructions of the VAEs in studio/models), texts, presets, and the two front ends."""
