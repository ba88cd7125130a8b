"""Teaching texts for the GAN page."""

MODE_COLLAPSE = (
    "**Mode collapse.** A generator is rewarded for fooling the discriminator, not for variety. If "
    "one kind of digit fools it best, the generator can put most of its samples there: it "
    "*collapses* onto a few modes of the data. The discriminator then learns to reject those, the "
    "generator hops to other modes, and the cycle repeats. Here a digit classifier counts which "
    "digits each snapshot draws: a healthy generator covers all ten, a collapsed one a few.")
WHY_DENSE = (
    "**Why the dense GAN falls into it here.** Its generator and discriminator are fully connected "
    "networks that see pixels without any notion of neighbourhood, and its discriminator judges "
    "one image at a time, so nothing in the loss asks for variety. This one was trained with a "
    "known collapse-prone setting, stated in the model's manifest: the discriminator learns 5× "
    "faster than the generator (Adam 1e-3 against 2e-4). The generator keeps retreating to the few "
    "digits it can still pass off as real, and by epoch 50 most samples are 1s, 7s and 9s. (With "
    "equal learning rates it dropped to five classes or fewer only while its samples were still "
    "blobs, in the first epochs.)")
WHY_DCGAN = (
    "**Why DCGAN does better.** Convolutions share weights across the image, so the generator "
    "builds digits from strokes that work everywhere, and batch normalisation (Radford et al., "
    "2015) keeps both networks' gradients in a workable range. Trained here with the generator "
    "learning 5× faster than the discriminator — the opposite balance — it covers nine of the ten "
    "digits from epoch 5 on, the tenth (4) just under the 5% line, with entropy close to the "
    "uniform 3.32 bits.")
TOY = (
    "**The 2-D GAN.** The same game on points in a plane: orange points are the generator's, blue "
    "are real; the background is the discriminator's belief that a point is real. Watch the "
    "orange cloud chase the regions the discriminator likes. Try the collapse-prone setting "
    "(minimax loss, generator learning rate 10× the discriminator's, 1-D latent) and then cure it "
    "with the non-saturating loss, equal learning rates, more discriminator steps or WGAN-GP.")
