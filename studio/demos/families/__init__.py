"""Model families: pixelcnn.py and vaegan.py (its own networks), measure.py (samples, completions, reconstructions and the measured table), texts, presets, and the two front ends."""

from studio.demos.demo import Demo

DEMO = Demo("families", "Model families", "🧬", "pages/7_Model_families.py",
           "PixelCNN, VAE, VAE-GAN and DCGAN on the same digits: exact, approximate and no "
           "likelihood; watch a PixelCNN draw pixel by pixel and complete a half-hidden digit; "
           "a measured table of speed, likelihood, Fréchet distance and class coverage.",
           "MNIST and the studio's trained PixelCNN, VAEs, VAE-GAN, DCGAN and digit classifier",
           mnist=True, models=("studio.demos.families.pixelcnn", "studio.demos.families.vaegan", "studio.models.vae", "studio.models.gan", "studio.models.classifier"))
