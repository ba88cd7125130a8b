"""Foundations: what a workshop does before any generative model (the course's first two sessions).

- stats.py: a dataset's mean image, standard-deviation image and normalisation.
- paint.py: a small network that learns to paint a picture, one pixel position at a time.
"""
