"""DeepDream: dream.py (the gradient ascent, octaves, sweep and zoom), texts, presets, and the two front ends."""

from studio.demos.demo import Demo

DEMO = Demo("dream", "DeepDream", "🌀", "pages/1_DeepDream.py",
           "Gradient ascent on the image: amplify whatever a layer of an ImageNet network "
           "sees, octave by octave, from strokes in early layers to dog faces in late ones.",
           "ImageNet weights (GoogLeNet, or MobileNetV2 on small laptops)",
           backbones=("googlenet", "mobilenet_v2", "vgg16"))
