"""Neural style transfer: style.py (Gatys et al.: the loss and the optimisation), texts, presets, and the two front ends."""
