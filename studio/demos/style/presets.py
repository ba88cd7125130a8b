"""The presets of style transfer: data both front ends offer in a menu and as ?preset=NAME."""

from studio.presets import Preset

# The page's settings classes by section: module.Class in this folder.
SECTIONS = {"style": "style.StyleSettings", "style.learn": "learn.LearnSettings"}
VIEWS = ("style", "compare", "learn")   # the first is the page's main result
SECTION_VIEWS = {"style.learn": "learn"}   # the view that shows it
PRESETS = (
    Preset("style", "quick-style", "A quick style transfer on MobileNetV2",
           "MobileNetV2 at 256 px (the page defaults to 384): the cat in the colours and strokes of a galaxy photo, in seconds.",
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
    Preset("style", "fast-network", "Instant style transfer: the fast network",
           "A network trained once on four paintings paints the cat in one pass: move the style weight or "
           "blend in The Scream and the picture follows at once.",
           {"style": {"approach": "fast", "size": 512, "style_weight": 1e2}},
           picks={"content": "sample:chelsea", "painting": "painting:starry_night.jpg"}),
    Preset("style", "three-approaches", "Three approaches side by side",
           "Supervised network, optimisation and fast network on the same photo: each picture with its time "
           "and its losses under one loss network.",
           {"style": {"backbone": "mobilenet_v2", "size": 384}}, view="compare",
           picks={"content": "sample:astronaut", "painting": "painting:starry_night.jpg"}),
    Preset("style", "watch-learn", "Watch a fast network learn",
           "A fresh network trains for 30 s on training photos; the astronaut, never trained on, is painted by "
           "it every 1.5 s.",
           {"style.learn": {"seconds": 30}}, view="learn",
           picks={"content": "sample:astronaut", "painting": "painting:starry_night.jpg"}),
)
