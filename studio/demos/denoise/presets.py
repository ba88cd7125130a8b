"""The presets of denoising: data both front ends offer in a menu and as ?preset=NAME."""

from studio.presets import Preset

# The page's settings classes by section: module.Class in this folder.
SECTIONS = {"denoise": "compare.DenoiseSettings"}
VIEWS = ('compare',)   # the first is the page's main result
PRESETS = (
    Preset("denoise", "sigma-0.5", "σ 0.5 with all three models",
           "Gaussian noise of σ 0.5 on six test digits, cleaned by the plain, the denoising and the convolutional AE.",
           {"denoise": {"noise": "gaussian", "level": 0.5, "source": "random", "count": 6}}),
    Preset("denoise", "block-occlusion", "A block the models never saw",
           "A square hides a quarter of each digit: the denoising AE must guess whole strokes.",
           {"denoise": {"noise": "block", "level": 0.25, "source": "random", "count": 6}}),
)
