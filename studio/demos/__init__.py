"""The demos the studio offers: one list that the home page, the pages and the Gradio tabs read.

Each demo lives in its own folder, studio/demos/<key>/: its own networks, what its page computes,
its settings, presets and teaching texts, and its two front-end files (streamlit.py: render(),
gradio.py: build_tab()) that only lay out widgets. This module is the face of the package: it holds
the registry only and imports no demo, so listing the demos loads no model."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass

INTRO = (
    "Studio lets you watch generative deep learning work, with real models and live controls. "
    "Make a network dream what it sees, paint a photo in the style of a painting, walk through "
    "the latent space of a variational autoencoder, watch a GAN collapse onto a few digits and "
    "see how a denoising autoencoder learns the shape of handwriting. Every result is captioned "
    "with the settings that made it, so it can go on a slide and be reproduced."
)


@dataclass(frozen=True)
class Demo:
    key: str
    title: str
    icon: str
    page: str            # Streamlit page file, relative to the repository root
    teaches: str
    needs: str           # what must be on this computer (see `python -m studio status`)
    backbones: tuple[str, ...] = ()   # ImageNet networks it can use (studio.backbones names)
    mnist: bool = False               # reads the MNIST test digits
    models: tuple[str, ...] = ()      # modules defining its pretrained/ architectures (zoo imports them)

    def module(self, name: str) -> str:
        """The dotted name of one of the demo's modules: module("presets") -> studio.demos.<key>.presets."""
        return f"{__name__}.{self.key}.{name}"

    # Until a demo's front ends exist, both front ends say it is coming.
    @property
    def streamlit_module(self) -> str:
        return self.module("streamlit")

    @property
    def gradio_module(self) -> str:
        return self.module("gradio")

    @property
    def ready(self) -> bool:
        return importlib.util.find_spec(self.streamlit_module) is not None


DEMOS: tuple[Demo, ...] = (
    Demo("dream", "DeepDream", "🌀", "pages/1_DeepDream.py",
         "Gradient ascent on the image: amplify whatever a layer of an ImageNet network "
         "sees, octave by octave, from strokes in early layers to dog faces in late ones.",
         "ImageNet weights (GoogLeNet, or MobileNetV2 on small laptops)",
         backbones=("googlenet", "mobilenet_v2", "vgg16")),
    Demo("style", "Style transfer", "🎨", "pages/2_Style_transfer.py",
         "Gatys et al.: keep a photo's content (deep features) while matching a painting's "
         "style (Gram matrices of feature maps), balanced by content and style weights.",
         "ImageNet weights (VGG-19, or MobileNetV2 on small laptops)",
         backbones=("vgg19", "vgg16", "mobilenet_v2")),
    Demo("vae", "VAE latent walk", "🧭", "pages/3_VAE_latent_walk.py",
         "A variational autoencoder's 2-D latent space: decode a grid, walk between digits, "
         "and see why the KL term makes the manifold smooth.",
         "MNIST and the studio's trained VAEs",
         mnist=True, models=("studio.models.vae",)),
    Demo("gan", "GAN snapshots", "🎭", "pages/4_GAN_snapshots.py",
         "A GAN's generator epoch by epoch: watch a dense GAN collapse onto a few digits, "
         "measured by a classifier, and a DCGAN that does not; then train a 2-D GAN live.",
         "the studio's trained GAN snapshots and digit classifier",
         models=("studio.models.gan", "studio.models.classifier")),
    Demo("denoise", "Denoising", "🧽", "pages/5_Denoising.py",
         "Add Gaussian, salt-and-pepper, masking or block noise and compare plain and denoising "
         "autoencoders by PSNR and SSIM: corrupted training input teaches structure.",
         "MNIST and the studio's trained autoencoders",
         mnist=True, models=("studio.demos.denoise.models",)),
    Demo("foundations", "Foundations", "🧱", "pages/6_Foundations.py",
         "Where a workshop starts: a dataset's mean and standard-deviation images and why networks get "
         "normalised data; then a small network learns to paint a picture from pixel positions, live, "
         "blurry until Fourier features make it sharp.",
         "nothing to download for the photos (MNIST for its statistics)",
         mnist=True),
    Demo("families", "Model families", "🧬", "pages/7_Model_families.py",
         "PixelCNN, VAE, VAE-GAN and DCGAN on the same digits: exact, approximate and no "
         "likelihood; watch a PixelCNN draw pixel by pixel and complete a half-hidden digit; "
         "a measured table of speed, likelihood, Fréchet distance and class coverage.",
         "MNIST and the studio's trained PixelCNN, VAEs, VAE-GAN, DCGAN and digit classifier",
         mnist=True, models=("studio.demos.families.pixelcnn", "studio.demos.families.vaegan", "studio.models.vae", "studio.models.gan", "studio.models.classifier")),
)


def demo(key: str) -> Demo:
    return next(d for d in DEMOS if d.key == key)


def model_modules() -> tuple[str, ...]:
    """Every module that registers a pretrained/ architecture, each once."""
    return tuple(dict.fromkeys(m for d in DEMOS for m in d.models))


def users(*, backbone: str | None = None, mnist: bool = False, models: bool = False) -> str:
    """The titles of the demos that use a backbone, MNIST, or the studio's own models."""
    titles = [d.title for d in DEMOS
              if (backbone and backbone in d.backbones) or (mnist and d.mnist) or (models and d.models)]
    return ", ".join(titles)
