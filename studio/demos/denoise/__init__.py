"""Denoising: models.py (noise, PSNR/SSIM and the autoencoders), compare.py (the page), texts, presets, and the two front ends."""

from studio.demos.demo import Demo

DEMO = Demo("denoise", "Denoising", "🧽", "pages/5_Denoising.py",
           "Add Gaussian, salt-and-pepper, masking or block noise and compare plain and denoising "
           "autoencoders by PSNR and SSIM: corrupted training input teaches structure.",
           "MNIST and the studio's trained autoencoders",
           mnist=True, models=("studio.demos.denoise.models",))
