"""Denoising: models.py (noise, PSNR/SSIM and the autoencoders), compare.py (the page), texts, presets, and the two front ends."""
