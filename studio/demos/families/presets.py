"""The presets of Model families: data both front ends offer in a menu and as ?preset=NAME."""

from studio.presets import Preset

# The page's settings classes by section: module.Class in this folder.
SECTIONS = {"families.samples": "measure.SampleSettings", "families.live": "measure.LiveSettings",
            "families.complete": "measure.CompletionSettings", "families.recon": "measure.ReconSettings"}
VIEWS = ("samples", "complete", "recon", "live")   # the first is the page's main result
PRESETS = (
    Preset("families", "family-samples", "Samples from four model families",
           "The VAE, the VAE-GAN, the DCGAN and the PixelCNN, 16 samples each from the same seed: blur, "
           "sharpness and odd strokes side by side.",
           {"families.samples": {"seed": 0, "count": 16}}, view="samples",
           target="families.samples", run="families.samples.draw"),   # a few seconds: opens on the samples
    Preset("families", "pixelcnn-completion", "PixelCNN completes a digit",
           "The bottom half of test image #7 (a 9) hidden: eight completions, each drawn pixel by pixel from the "
           "PixelCNN's conditional distributions.",
           {"families.complete": {"digit": 7, "mask": "bottom", "count": 8}}, view="complete",
           target="families.complete.run", run="families.complete.run"),   # ~3 s: opens on the completions
    Preset("families", "vae-vs-vaegan", "Reconstructions: VAE against VAE-GAN",
           "Test images #0 to #9 (ten digits), reconstructed by a VAE and a VAE-GAN with the same encoder and "
           "decoder: the discriminator's part of the loss is the only difference. Per row: edge strength and "
           "the classifier's confidence in the true digit.",
           {"families.recon": {"first": 0}}, view="recon", target="families.recon.sheet"),
)
