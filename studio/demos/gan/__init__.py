"""GAN snapshots: snapshots.py (epoch sheets of the GANs in studio/models, judged by the digit classifier), toy.py (a 2-D GAN trained live), texts, presets, and the two front ends."""

from studio.demos.demo import Demo

DEMO = Demo("gan", "GAN snapshots", "🎭", "pages/4_GAN_snapshots.py",
           "A GAN's generator epoch by epoch: watch a dense GAN collapse onto a few digits, "
           "measured by a classifier, and a DCGAN that does not; then train a 2-D GAN live.",
           "the studio's trained GAN snapshots and digit classifier",
           models=("studio.models.gan", "studio.models.classifier"))
