"""The presets of Foundations: data both front ends offer in a menu and as ?preset=NAME."""

from studio.presets import Preset

# The page's settings classes by section: module.Class in this folder.
SECTIONS = {"foundations.stats": "stats.StatsSettings", "foundations.paint": "paint.PaintSettings",
            "foundations.race": "paint.RaceSettings", "foundations.many": "paint.ManySettings"}
VIEWS = ("stats", "paint", "race", "many")   # the first is the page's main result
# Small budgets, so a preset renders in seconds on a laptop.
PRESETS = (
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
            "foundations.race": {"encoding": "fourier", "fourier_scale": 10.0}}, view="race",
           target="foundations.race.start"),   # opens on the race's Start (a race takes half a minute)
    Preset("foundations", "paint-average", "Many pictures, one question: the average",
           "Four photos as targets for the same (x, y) and no index: the network can only paint their average.",
           {"foundations.many": {"count": 4, "size": 32, "index_input": False, "steps": 300}}, view="many"),
)
