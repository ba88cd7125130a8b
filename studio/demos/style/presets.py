"""The presets of style transfer: data both front ends offer in a menu and as ?preset=NAME."""

from studio.presets import Preset

# The page's settings classes by section: module.Class in this folder.
SECTIONS = {"style": "style.StyleSettings"}
VIEWS = ('style',)   # the first is the page's main result
PRESETS = (
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
)
