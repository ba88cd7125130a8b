"""Every number a preset's title or description states is checked against what the preset produces
(issue 20): students copy these sentences into their notes.

CLAIMS names, per preset, each number its words state and how it is checked (on the preset's
settings, or on what it renders where a count is about the result). A number in a preset's words
that CLAIMS does not check fails test_every_stated_number_is_checked, so a new sentence needs its
check. The cheap renders (MNIST pictures) are made here; the slow ones (paintings, ImageNet
backbones) are checked on their settings, which the renderer obeys (tests/test_presets.py).
"""

from __future__ import annotations

import re
from functools import cache

import pytest

from studio import presets, zoo
from studio.demos.denoise import compare as dc
from studio.demos.families import measure as fam
from studio.demos.foundations import paint, stats
from studio.demos.gan import snapshots as snaps
from studio.demos.style import learn, networks, style
from studio.demos.style import models as style_models
from studio.demos.vae import walk as vw
from studio.models import gan
from studio.render import render

WORDS = {"two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
         "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "sixteen": "16", "twenty": "20",
         "half": "half", "third": "third", "quarter": "quarter", "hundred": "100", "thousand": "1000"}
# digits not inside a name (MobileNetV2, inception4c), and number words ("one" is too often not a count)
NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*(?![\w])|\b(?:" + "|".join(WORDS) + r")\b", re.I)


def stated(preset) -> set[str]:
    """The numbers a preset's title and description state, as digits (number words translated)."""
    found = NUMBER.findall(f"{preset.title}. {preset.description}")
    return {WORDS.get(t.lower(), t.replace(",", "")) for t in found}


@cache
def rendered(name: str):
    return render(name)


def settings(name: str) -> dict:
    return presets.settings_of(presets.get(name))


def digit_of(index: int) -> int:
    """The digit MNIST's test image #index shows."""
    from studio.mnist import load_mnist

    return int(load_mnist(train=False)[1][index])


# --- the checks, by preset -------------------------------------------------------------------------

def _denoise_six():
    result = dc.compare(settings("sigma-0.5")["denoise"])
    return len(result.row_labels) == 6 and rendered("sigma-0.5").image.height > 6 * 144


def _dcgan_nine_of_ten():
    """What the rendered sheet's caption says (9 of 10 classes), from the snapshot's class histogram: nine
    digits at 5% or more, the tenth present but fewer. (tests/test_gan_page.py re-counts that histogram on
    10,000 fresh samples; about a minute on a busy CPU, so not again here.)"""
    hist = snaps.snapshots("dcgan")[-1]["metrics"]["class_histogram"]
    share = [h / sum(hist) for h in hist]
    return (sum(x >= gan.COVERED_SHARE for x in share) == 9 and len(hist) == 10 and gan.COVERED_SHARE == 0.05
            and min(share) > 0 and "9 of 10 classes" in rendered("dcgan-last").caption)


def _sixty_thousand():
    return stats.compute(settings("mnist-statistics")["foundations.stats"]).count == 60_000


def _style(name, field):
    return getattr(settings(name)["style"], field)


def _style_learn_every():
    return learn.SHOW_EVERY_S == 1.5


def _style_default_size():
    return style.StyleSettings.control_of("size").default == 384


def _four_paintings():
    return len(style_models.STYLES) == 4


def _families_samples(count: int):
    r = rendered("family-samples")
    return (settings("family-samples")["families.samples"].count == count
            and f"({count} each)" in r.caption and len(fam.ORDER) == 4 and r.caption.count(",") >= 3)


def _two_networks():
    s = settings("fourier-race")
    race = paint.race(s["foundations.paint"], s["foundations.race"])
    return len({id(race.a.net), id(race.b.net)}) == 2 and race.a.settings.encoding != race.b.settings.encoding


def _completions(count: int):
    """The rendered completion sheet: the binarised digit, the visible part, then `count` completions."""
    r = rendered("pixelcnn-completion")
    return settings("pixelcnn-completion")["families.complete"].count == count and r.image.width >= 10 * 96


CLAIMS = {
    "sigma-0.5": {"0.5": lambda: settings("sigma-0.5")["denoise"].level == 0.5,
                  "3": lambda: dc.MODELS.keys() == {"ae-dense", "ae-conv", "dae-conv"},
                  "6": _denoise_six},
    "block-occlusion": {"quarter": lambda: settings("block-occlusion")["denoise"].level == 0.25},
    "classic-2015": {"2015": lambda: (settings("classic-2015")["dream"].backbone, settings("classic-2015")["dream"].layer)
                     == ("googlenet", "inception4c"),
                     "4": lambda: settings("classic-2015")["dream"].octaves == 4},
    "fractal-zoom": {"5": lambda: settings("fractal-zoom")["dream"].zoom_scale == 1.05},
    "family-samples": {"4": lambda: _families_samples(16), "16": lambda: _families_samples(16)},
    "pixelcnn-completion": {
        "7": lambda: settings("pixelcnn-completion")["families.complete"].digit == 7,
        "9": lambda: digit_of(7) == 9 and "test image #7, a 9," in rendered("pixelcnn-completion").caption,
        "half": lambda: settings("pixelcnn-completion")["families.complete"].mask == "bottom"
        and "bottom half hidden" in rendered("pixelcnn-completion").caption,
        "8": lambda: _completions(8)},
    "vae-vs-vaegan": {
        "0": lambda: rendered("vae-vs-vaegan").caption.startswith("Test images #0 to #9 "),
        "9": lambda: rendered("vae-vs-vaegan").caption.startswith("Test images #0 to #9 "),
        "10": lambda: settings("vae-vs-vaegan")["families.recon"].first == 0
        and rendered("vae-vs-vaegan").image.width >= 11 * 84},
    "mnist-statistics": {"60000": _sixty_thousand},
    "paint-fourier": {"300": lambda: settings("paint-fourier")["foundations.paint"].steps == 300},
    "fourier-race": {"2": _two_networks,
                     "300": lambda: settings("fourier-race")["foundations.paint"].steps == 300,
                     "10": lambda: settings("fourier-race")["foundations.race"].fourier_scale == 10},
    "paint-average": {"4": lambda: settings("paint-average")["foundations.many"].count == 4},
    "mode-collapse": {"64": lambda: snaps.latents(settings("mode-collapse")["gan.snap"]).shape[0] == 64
                      and rendered("mode-collapse").image.height > 8 * 56},
    "dcgan-last": {"64": lambda: snaps.latents(settings("dcgan-last")["gan.snap"]).shape[0] == 64,
                   "9": _dcgan_nine_of_ten, "10": _dcgan_nine_of_ten, "5": _dcgan_nine_of_ten},
    "quick-style": {"256": lambda: _style("quick-style", "size") == 256, "384": _style_default_size},
    "starry-night-cat": {"19": lambda: _style("starry-night-cat", "backbone") == "vgg19"},
    "fast-network": {"4": _four_paintings},
    "three-approaches": {"3": lambda: len(networks.APPROACHES) == 3},
    "watch-learn": {"30": lambda: settings("watch-learn")["style.learn"].seconds == 30, "1.5": _style_learn_every},
    "manifold-2d": {"2": lambda: "2-D" in vw.MODELS["vae-latent2"] and zoo.entry("vae-latent2")["latent_dim"] == 2,
                    "20": lambda: settings("manifold-2d")["vae.grid"].grid_size == 20},
    "slerp": {"16": lambda: settings("slerp")["vae.interp"].model == "vae-latent16",
              "0": lambda: settings("slerp")["vae.interp"].digit_a == 0,
              "1": lambda: settings("slerp")["vae.interp"].digit_b == 1,
              "7": lambda: digit_of(0) == 7, "2": lambda: digit_of(1) == 2},
    "hot-samples": {"1.5": lambda: settings("hot-samples")["vae.samples"].temperature == 1.5,
                    "1": lambda: vw.SampleSettings.control_of("temperature").default == 1.0},
}


def test_every_stated_number_is_checked():
    unchecked = {p.name: sorted(stated(p) - set(CLAIMS.get(p.name, {}))) for p in presets.PRESETS}
    unchecked = {k: v for k, v in unchecked.items() if v}
    assert not unchecked, f"numbers stated in presets' words with no check in CLAIMS: {unchecked}"
    stale = {name: sorted(set(c) - stated(presets.get(name))) for name, c in CLAIMS.items()}
    assert not {k: v for k, v in stale.items() if v}, f"CLAIMS checks numbers the words no longer state: {stale}"


@pytest.mark.parametrize("name", sorted(CLAIMS))
def test_what_a_preset_says_is_what_it_produces(name, mnist_root):
    wrong = [number for number, check in CLAIMS[name].items() if not check()]
    assert not wrong, f"{name}: {presets.get(name).description!r} states {wrong}, which it does not produce"


def test_the_vae_walk_strip_says_how_many_of_its_frames_it_shows(mnist_root):
    frames, strip = vw.walk(vw.WalkSettings())          # the page's default: 24 frames
    caption = vw.walk_caption(vw.WalkSettings())
    assert len(frames) == 24 and "the strip shows 12 of the 24 frames" in caption
    assert vw.walk_caption(vw.WalkSettings(frames=12)) == vw.WalkSettings(frames=12).caption()
    r = render("walk")
    assert "frames=12" in r.caption and "of the" not in r.caption
