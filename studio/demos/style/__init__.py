"""Neural style transfer: style.py (Gatys et al.: the loss and the optimisation), texts, presets, and the two front ends."""

from studio.demos.demo import Demo

DEMO = Demo("style", "Style transfer", "🎨", "pages/2_Style_transfer.py",
           "Gatys et al.: keep a photo's content (deep features) while matching a painting's "
           "style (Gram matrices of feature maps), balanced by content and style weights.",
           "ImageNet weights (VGG-19, or MobileNetV2 on small laptops)",
           backbones=("vgg19", "vgg16", "mobilenet_v2"))
