"""Neural style transfer in the course's three approaches: style.py (Gatys et al.: the loss and the
optimisation), models.py and networks.py (the fast and the supervised network), compare.py (the three
side by side), learn.py (a network learning live), texts, presets, and the two front ends."""

from studio.demos.demo import Demo

DEMO = Demo("style", "Style transfer", "🎨", "pages/2_Style_transfer.py",
           "Keep a photo's content (deep features) while matching a painting's style (Gram matrices): "
           "optimise each picture (Gatys et al.), or paint it in one pass with a network trained once.",
           "ImageNet weights (VGG-19, or MobileNetV2 on small laptops)",
           backbones=("vgg19", "vgg16", "mobilenet_v2"), models=("studio.demos.style.models",))
