"""GAN snapshots: snapshots.py (epoch sheets of the GANs in studio/models, judged by the digit classifier), toy.py (a 2-D GAN trained live), texts, presets, and the two front ends."""
