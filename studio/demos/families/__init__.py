"""Model families: pixelcnn.py and vaegan.py (its own networks), measure.py (samples, completions, reconstructions and the measured table), texts, presets, and the two front ends."""
