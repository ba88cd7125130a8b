"""Teaching texts for the GAN page, shared by both front ends."""

MODE_COLLAPSE = (
    "**Mode collapse.** A generator is rewarded for fooling the discriminator, not for variety. If "
    "one kind of digit fools it best, the generator can put most of its samples there: it "
    "*collapses* onto a few modes of the data. The discriminator then learns to reject those, the "
    "generator hops to other modes, and the cycle repeats. Here a digit classifier counts which "
    "digits each snapshot draws: a healthy generator covers all ten, a collapsed one a few.")
WHY_DENSE = (
    "**Why the dense GAN falls into it here.** Its generator and discriminator are fully connected "
    "networks that see pixels without any notion of neighbourhood, and its discriminator judges "
    "one image at a time, so nothing in the loss asks for variety. Early in training, and again "
    "whenever the balance between the two networks tips, its samples bunch onto a few digits — "
    "see the red crosses in the coverage chart and the histograms.")
WHY_DCGAN = (
    "**Why DCGAN does better.** Convolutions share weights across the image, so the generator "
    "builds digits from strokes that work everywhere; batch normalisation and the architecture "
    "guidelines of Radford et al. (2015) keep the two networks' gradients in balance. Trained on "
    "the same data for fewer epochs, it covers every digit.")
TOY = (
    "**The 2-D GAN.** The same game on points in a plane: orange points are the generator's, blue "
    "are real; the background is the discriminator's belief that a point is real. Watch the "
    "orange cloud chase the regions the discriminator likes. Try the collapse-prone setting "
    "(minimax loss, generator learning rate 10× the discriminator's, 1-D latent) and then cure it "
    "with the non-saturating loss, equal learning rates, more discriminator steps or WGAN-GP.")
