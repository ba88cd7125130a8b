"""Named starting points for every demo, as data: both front ends offer them in a menu and as
`?preset=NAME`, `python -m studio presets` lists them and `python -m studio render` draws them.

A preset names its demo, the page's settings it changes (by section: a section is one settings
class on the page, named as the Streamlit page keys it, e.g. 'vae.grid'), which of the page's
results it shows (its view) and, for style transfer, which photo and painting(s) it uses.
Everything a preset leaves out keeps the control's default.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any

from studio.controls import Settings
from studio.errors import StudioError


@dataclass(frozen=True)
class Preset:
    demo: str
    name: str                                  # as in ?preset=NAME (letters, digits, dashes)
    title: str                                 # the slide's title
    description: str                           # one line: what it shows and why
    settings: dict[str, dict[str, Any]]        # section -> field -> value (only what differs)
    view: str = ""                             # which result of the page ('' = the page's main one)
    # choices outside the settings classes: style transfer's content, painting, painting2 (gallery
    # keys); the GAN family a snapshot view shows
    picks: dict[str, str] = field(default_factory=dict)

    def values(self, section: str) -> dict[str, Any]:
        return dict(self.settings.get(section, {}))


# Which settings classes a page holds, by section (module, class name): imported on demand, so
# listing presets does not load MNIST or the GAN zoo.
SECTIONS: dict[str, dict[str, tuple[str, str]]] = {
    "dream": {"dream": ("studio.dream", "DreamSettings")},
    "style": {"style": ("studio.style", "StyleSettings")},
    "vae": {"vae.grid": ("studio.vae_walk", "GridSettings"), "vae.point": ("studio.vae_walk", "PointSettings"),
            "vae.walk": ("studio.vae_walk", "WalkSettings"),
            "vae.interp": ("studio.vae_walk", "InterpolationSettings"),
            "vae.samples": ("studio.vae_walk", "SampleSettings"),
            "vae.recon": ("studio.vae_walk", "ReconstructionSettings")},
    "gan": {"gan.snap": ("studio.gan_snapshots", "SnapshotSettings"), "gan.toy": ("studio.gan_toy", "ToyGanSettings")},
    "denoise": {"denoise": ("studio.denoise_compare", "DenoiseSettings")},
    "foundations": {"foundations.stats": ("studio.foundations.stats", "StatsSettings"),
                    "foundations.paint": ("studio.foundations.paint", "PaintSettings"),
                    "foundations.race": ("studio.foundations.paint", "RaceSettings"),
                    "foundations.many": ("studio.foundations.paint", "ManySettings")},
    "families": {"families.samples": ("studio.families", "SampleSettings"),
                 "families.live": ("studio.families", "LiveSettings"),
                 "families.complete": ("studio.families", "CompletionSettings"),
                 "families.recon": ("studio.families", "ReconSettings")},
}
# The views each demo's render() knows (the first is the page's main result).
VIEWS = {"dream": ("dream", "sweep", "zoom"), "style": ("style",),
         "vae": ("grid", "walk", "interp", "samples"), "gan": ("snapshots", "series"), "denoise": ("compare",),
         "foundations": ("stats", "paint", "race", "many"), "families": ("samples", "complete", "recon", "live")}
PICKS = ("content", "painting", "painting2")   # style transfer's image pickers (gallery keys)


def settings_class(demo: str, section: str) -> type[Settings]:
    module, name = SECTIONS[demo][section]
    return getattr(importlib.import_module(module), name)


def sections(demo: str) -> dict[str, type[Settings]]:
    return {section: settings_class(demo, section) for section in SECTIONS[demo]}


PRESETS: tuple[Preset, ...] = (
    # --- DeepDream -------------------------------------------------------------------------------
    Preset("dream", "quick-dream", "A quick dream on MobileNetV2",
           "The page's default on a laptop: MobileNetV2's middle layer dreams swirls and eyes into the cat in seconds.",
           {"dream": {"backbone": "mobilenet_v2", "layer": "features.10"}}),
    Preset("dream", "classic-2015", "The classic 2015 DeepDream",
           "GoogLeNet's inception4c, four octaves: the look of Mordvintsev's original blog post.",
           {"dream": {"backbone": "googlenet", "layer": "inception4c", "octaves": 4, "steps": 10}}),
    Preset("dream", "dog-faces", "Dog faces from a late layer",
           "GoogLeNet's late inception4e layer sees whole animals: dog faces and eyes grow everywhere.",
           {"dream": {"backbone": "googlenet", "layer": "inception4e", "octaves": 5, "steps": 14}}),
    Preset("dream", "class-dream", "Dreaming one ImageNet class",
           "Start from noise and raise the score of one class (jellyfish): what the network thinks it looks like.",
           {"dream": {"backbone": "mobilenet_v2", "objective": "logit", "target_class": "jellyfish",
                      "start": "noise", "size": 384, "steps": 20, "step_size": 0.02}}),
    Preset("dream", "fractal-zoom", "A fractal zoom",
           "Dream a little, zoom in 5 %, repeat: new features keep appearing as old ones grow.",
           {"dream": {"backbone": "mobilenet_v2", "layer": "features.10", "size": 320, "zoom_frames": 24,
                      "zoom_steps": 4, "zoom_scale": 1.05}}, view="zoom"),
    Preset("dream", "layer-sweep", "Early to late: a layer sweep",
           "The same photo through each layer group: strokes early, eyes and swirls in the middle, objects late.",
           {"dream": {"backbone": "mobilenet_v2", "size": 256, "octaves": 3}}, view="sweep"),
    # --- style transfer --------------------------------------------------------------------------
    Preset("style", "quick-style", "A quick style transfer on MobileNetV2",
           "The page's default on a laptop: the cat in the colours and strokes of a galaxy photo, in seconds.",
           {"style": {"backbone": "mobilenet_v2", "size": 256}},
           picks={"content": "sample:chelsea", "painting": "sample:hubble_deep_field"}),
    Preset("style", "starry-night-cat", "Starry-Night cat",
           "Gatys et al. on VGG-19: Chelsea the cat painted like Van Gogh's Starry Night.",
           {"style": {"backbone": "vgg19", "size": 512, "style_weight": 1e2}},
           picks={"content": "sample:chelsea", "painting": "painting:starry_night.jpg"}),
    Preset("style", "colours-kept", "Style, but the photo's colours",
           "Only the brightness is stylised: the strokes of the painting, the colours of the photo.",
           {"style": {"backbone": "mobilenet_v2", "size": 384, "colour": "luminance"}},
           picks={"content": "sample:astronaut", "painting": "sample:hubble_deep_field"}),
    # --- VAE -----------------------------------------------------------------------------------
    Preset("vae", "manifold-2d", "The 2-D manifold of a VAE",
           "Decode a 20 × 20 grid of the latent plane: every digit has its region and they blend smoothly.",
           {"vae.grid": {"grid_size": 20, "span": 3.0}}, view="grid"),
    Preset("vae", "walk", "A walk through the latent plane",
           "A straight path from one region to another: each step decodes to a plausible digit.",
           {"vae.walk": {"z1_start": -2.0, "z2_start": -2.0, "z1_end": 2.0, "z2_end": 2.0, "frames": 12}},
           view="walk"),
    Preset("vae", "slerp", "Interpolating two digits (slerp)",
           "The 16-D VAE between a test 7 and a 2 along a great circle: every in-between is a digit.",
           {"vae.interp": {"model": "vae-latent16", "digit_a": 0, "digit_b": 1, "steps": 10, "spherical": True}},
           view="interp"),
    Preset("vae", "hot-samples", "Samples at temperature 1.5",
           "Draw z from a wider prior: stranger, more varied digits than at temperature 1.",
           {"vae.samples": {"temperature": 1.5, "count": 32}}, view="samples"),
    # --- GAN -----------------------------------------------------------------------------------
    Preset("gan", "mode-collapse", "Mode collapse at the last epoch",
           "The dense GAN's last snapshot: 64 latent vectors, and most of them draw the same few digits.",
           {"gan.snap": {"epoch": "last"}}, view="snapshots", picks={"family": "dense"}),
    Preset("gan", "dcgan-last", "A DCGAN that does not collapse",
           "The DCGAN's last snapshot on the same latent vectors: all ten digits.",
           {"gan.snap": {"epoch": "last"}}, view="snapshots", picks={"family": "dcgan"}),
    Preset("gan", "epoch-sheet", "A GAN, epoch by epoch",
           "The dense GAN's snapshots side by side, with how many digit classes each one covers.",
           {}, view="series", picks={"family": "dense"}),
    # --- denoising -------------------------------------------------------------------------------
    Preset("denoise", "sigma-0.5", "σ 0.5 with all three models",
           "Gaussian noise of σ 0.5 on six test digits, cleaned by the plain, the denoising and the convolutional AE.",
           {"denoise": {"noise": "gaussian", "level": 0.5, "source": "random", "count": 6}}),
    Preset("denoise", "block-occlusion", "A block the models never saw",
           "A square hides a quarter of each digit: the denoising AE must guess whole strokes.",
           {"denoise": {"noise": "block", "level": 0.25, "source": "random", "count": 6}}),
    # --- foundations: small budgets, so a preset renders in seconds on a laptop ----------------------
    Preset("foundations", "mnist-statistics", "MNIST: the mean and the standard deviation",
           "The mean picture of MNIST's 60,000 training digits and each pixel's standard deviation: what "
           "normalising subtracts and divides by.",
           {"foundations.stats": {"source": "mnist", "digit": "all", "norm": "pixel"}}, view="stats"),
    Preset("foundations", "paint-fourier", "Learning to paint with Fourier features",
           "A ReLU network paints the astronaut for 300 steps from random Fourier features of (x, y): "
           "edges and texture, where raw coordinates paint a blur.",
           {"foundations.paint": {"image": "astronaut", "size": 64, "encoding": "fourier", "steps": 300}},
           view="paint"),
    Preset("foundations", "fourier-race", "Without and with Fourier features, side by side",
           "One picture, two networks, 300 steps each: raw (x, y) against Fourier features σ 10.",
           {"foundations.paint": {"image": "chelsea", "size": 64, "encoding": "none", "steps": 300},
            "foundations.race": {"encoding": "fourier", "fourier_scale": 10.0}}, view="race"),
    Preset("foundations", "paint-average", "Many pictures, one question: the average",
           "Four photos as targets for the same (x, y) and no index: the network can only paint their average.",
           {"foundations.many": {"count": 4, "size": 32, "index_input": False, "steps": 300}}, view="many"),
    # --- model families ------------------------------------------------------------------------
    Preset("families", "family-samples", "Samples from four model families",
           "The VAE, the VAE-GAN, the DCGAN and the PixelCNN, 16 samples each from the same seed: blur, "
           "sharpness and odd strokes side by side.",
           {"families.samples": {"seed": 0, "count": 16}}, view="samples"),
    Preset("families", "pixelcnn-completion", "PixelCNN completes a digit",
           "The bottom half of test digit 7 hidden: eight completions, each drawn pixel by pixel from the "
           "PixelCNN's conditional distributions.",
           {"families.complete": {"digit": 7, "mask": "bottom", "count": 8}}, view="complete"),
    Preset("families", "vae-vs-vaegan", "Reconstructions: VAE against VAE-GAN",
           "Ten test digits, the VAE's blurry reconstructions and the VAE-GAN's sharper ones, with a "
           "sharpness number per row.",
           {"families.recon": {"first": 0}}, view="recon"),
)


def all_presets(demo: str | None = None) -> list[Preset]:
    return [p for p in PRESETS if demo is None or p.demo == demo]


def get(name: str, demo: str | None = None) -> Preset:
    for p in PRESETS:
        if p.name == name and (demo is None or p.demo == demo):
            return p
    known = ", ".join(p.name for p in all_presets(demo))
    raise StudioError(f"There is no preset called '{str(name)[:40]}'. Presets: {known}.")


def default_preset(demo: str) -> Preset:
    """The page's own starting point (what the benchmarks time)."""
    return all_presets(demo)[0]


# Values a preset can give in words, resolved when it is used (the epochs come from the zoo).
def _resolve(demo: str, section: str, values: dict[str, Any]) -> dict[str, Any]:
    values = dict(values)
    if demo == "gan" and values.get("epoch") == "last":
        values["epoch"] = settings_class(demo, section).control_of("epoch").choices[-1]
    return values


def settings_of(preset: Preset) -> dict[str, Settings]:
    """The validated settings of every section of the preset's page (defaults where it says nothing)."""
    return {section: cls.from_values(_resolve(preset.demo, section, preset.values(section)))
            for section, cls in sections(preset.demo).items()}


def listing() -> str:
    """`python -m studio presets`: every preset, by demo, with its link and what it shows."""
    from studio.demos import DEMOS

    lines = []
    for d in DEMOS:
        ps = all_presets(d.key)
        if not ps:
            continue
        lines.append(f"{d.title}")
        for p in ps:
            lines.append(f"  {p.name:<18} {p.title}")
            lines.append(f"  {'':<18} {p.description}")
            lines.append(f"  {'':<18} ?preset={p.name}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
