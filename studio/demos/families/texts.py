"""Teaching texts for the model-families page."""

FAMILIES = (
    "**Four ways to model p(x).** A generative model either writes down the probability of an image "
    "or only learns to produce images. *Explicit, tractable density*: the PixelCNN factorises "
    "p(x) = p(x₁) p(x₂ | x₁) … p(x₇₈₄ | x₁ … x₇₈₃) and computes it exactly. *Approximate density*: the "
    "VAE introduces a latent z and maximises a lower bound on log p(x), the ELBO. *Implicit density*: "
    "a GAN's generator maps noise to images and never says how likely one is; a discriminator is its "
    "only teacher. The *VAE-GAN* (Larsen et al., 2016) keeps the VAE's encoder and prior but lets a "
    "discriminator judge the reconstructions. The VAE here is built from the VAE-GAN's own encoder and "
    "decoder and trained with its budget, so the two differ only in the loss (the VAE page's VAE is a "
    "fully connected network, another architecture).")

SLOW = (
    "**Why the PixelCNN samples slowly.** Each pixel is drawn from p(pixel | every pixel before it), so "
    "pixel 785 cannot start before pixel 784 is known: 784 steps, one after another, however fast "
    "each step is. Training and the likelihood are fast, because for a *given* image all 784 "
    "conditionals come out of one pass: the masked convolutions stop every output from seeing its own "
    "pixel or any later one. Sampling here is already cached: the vertical stack (rows above) is "
    "computed once per row, and each pixel then needs only a sliver of the current row; the benchmark "
    "measures how much faster that is than 784 full passes.")

LIVE = ("Each frame is one finished row: grey pixels are not drawn yet, the red box is the row in progress. "
        "Stop keeps what was drawn so far.")

COMPLETION = (
    "**Completion.** Because the PixelCNN is a chain of conditionals, fixing the first pixels and "
    "sampling the rest is exact conditional sampling: p(bottom | top). The visible pixels are copied, "
    "never drawn, so they stay exactly as given. Hide the *right half* to see the limit of raster "
    "order: the model draws pixel (r, c) seeing only what came before it, not the visible left half "
    "of later rows, so completions can clash with them. A VAE or GAN has no such conditional at all; "
    "completing with them needs an optimisation over z.")

RECONSTRUCTION = (
    "**Reconstructions: VAE vs VAE-GAN, the loss alone.** Both rows come from the *same* networks: the "
    "VAE-GAN's convolutional encoder and its decoder (the DCGAN generator, 16-D latent), trained on the same "
    "digits in the same batches with the same optimiser for the same 6 epochs. The VAE is judged pixel by "
    "pixel (binary cross-entropy): when unsure where a stroke goes, a grey smear across the possibilities "
    "costs less than a crisp stroke in the wrong place, so it blurs. The VAE-GAN replaces half of that pixel "
    "loss by the distance in a discriminator's features and must also fool the discriminator, and blur is "
    "what a discriminator spots. So the difference between the rows is the discriminator's part of the loss, "
    "nothing else. Two numbers per row: *edges*, the mean gradient magnitude, which crisp strokes raise but "
    "which noise raises too (a noisy picture is not a sharp one), and *p*, the digit classifier's mean "
    "probability of the true digit, which noise does not raise. The VAE-GAN may change a digit's style "
    "while being sharper: it matches features, not pixels.")

TABLE = (
    "**Reading the table.** *s per 64 samples*: wall time to draw 64 samples on this machine after one "
    "warm-up call, on one thread for every family (the PixelCNN's 784 sequential steps against one decoder pass). *NLL*: the negative "
    "log-likelihood of the 10,000 binarised test digits, in nats per digit (lower is better). The test digits "
    "are binarised stochastically, once, with seed 0 (each pixel 1 with probability its grey level); this is "
    "not the fixed binarised MNIST of Larochelle & Murray (2011) that published figures use, so do not set "
    "these numbers beside published ones. For the PixelCNN the NLL is exact; for the VAEs it is the negative "
    "ELBO, an *upper* bound (the true NLL is lower by the gap KL(q(z|x) ‖ p(z|x))), with one posterior "
    "sample; the VAE-GAN is not trained to tighten it. A GAN has no likelihood: its generator pushes 100-D "
    "noise onto a thin surface among all images, so p(x) is zero almost everywhere and infinite on the "
    "surface, and nothing in training computes it. *Fréchet distance*: fit a Gaussian to the digit "
    "classifier's 128 penultimate features of the samples and of the test digits and compare them (the FID "
    "recipe with an MNIST judge); lower means the samples' features are distributed more like the test "
    "digits', in quality and in variety alike. It is not a measure of sharpness. The comparable columns put "
    "all four families on one footing: 512 samples each, binarised like the test digits, against the "
    "binarised test set, which is what the PixelCNN models. The last column uses 10,000 grey samples "
    "against the grey test digits, for the three families with grey outputs only (fewer samples raise the "
    "distance, so compare it only within that column). *Classes covered*: digits that hold at least 5% of "
    "the 512 samples, judged by the classifier; *class entropy*: 3.32 bits is a perfectly even spread (as on "
    "the GAN page).")

EXPLAINERS = (
    ("The families", FAMILIES),
    ("Why the PixelCNN is slow to sample", SLOW),
)
