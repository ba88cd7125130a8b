"""DeepDream: dream.py (the gradient ascent, octaves, sweep and zoom), texts, presets, and the two front ends."""
