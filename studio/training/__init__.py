"""Reproducible training scripts for every file in pretrained/ (`python -m studio.training` runs them all)."""
