"""Foundations: what a workshop does before any generative model (the course's first two sessions).

- stats.py: a dataset's mean image, standard-deviation image and normalisation.
- paint.py: a small network that learns to paint a picture, one pixel position at a time.
"""

from studio.demos.demo import Demo

DEMO = Demo("foundations", "Foundations", "🧱", "pages/6_Foundations.py",
           "Where a workshop starts: a dataset's mean and standard-deviation images and why networks get "
           "normalised data; then a small network learns to paint a picture from pixel positions, live, "
           "blurry until Fourier features make it sharp.",
           "nothing to download for the photos (MNIST for its statistics)",
           mnist=True)
