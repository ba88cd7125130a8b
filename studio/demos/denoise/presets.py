"""The presets of denoising: data both front ends offer in a menu and as ?preset=NAME."""

from __future__ import annotations

from studio.presets import Preset

# The page's settings classes by section (module, class), imported when a preset is used.
SECTIONS = {
    "denoise": ("studio.demos.denoise.compare", "DenoiseSettings"),
}
# The views the page's render() knows (the first is the page's main result).
VIEWS = ('compare',)
PRESETS = (
    Preset("denoise", "sigma-0.5", "σ 0.5 with all three models",
           "Gaussian noise of σ 0.5 on six test digits, cleaned by the plain, the denoising and the convolutional AE.",
           {"denoise": {"noise": "gaussian", "level": 0.5, "source": "random", "count": 6}}),
    Preset("denoise", "block-occlusion", "A block the models never saw",
           "A square hides a quarter of each digit: the denoising AE must guess whole strokes.",
           {"denoise": {"noise": "block", "level": 0.25, "source": "random", "count": 6}}),
)
