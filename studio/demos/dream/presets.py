"""The presets of DeepDream: data both front ends offer in a menu and as ?preset=NAME."""

from studio.presets import Preset

# The page's settings classes by section: module.Class in this folder.
SECTIONS = {"dream": "dream.DreamSettings"}
VIEWS = ("dream", "sweep", "zoom")   # the first is the page's main result
PRESETS = (
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
)
