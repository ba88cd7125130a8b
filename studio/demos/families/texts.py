"""Teaching texts for the model-families page."""

FAMILIES = (
    "**Four ways to model p(x).** A generative model either writes down the probability of an image "
    "or only learns to produce images. *Explicit, tractable density*: the PixelCNN factorises "
    "p(x) = p(x₁) p(x₂ | x₁) … p(x₇₈₄ | x₁ … x₇₈₃) and computes it exactly. *Approximate density*: the "
    "VAE introduces a latent z and maximises a lower bound on log p(x), the ELBO. *Implicit density*: "
    "a GAN's generator maps noise to images and never says how likely one is; a discriminator is its "
    "only teacher. The *VAE-GAN* (Larsen et al., 2016) keeps the VAE's encoder and prior but lets a "
    "discriminator judge the reconstructions.")

SLOW = (
    "**Why the PixelCNN samples slowly.** Each pixel is drawn from p(pixel | every pixel before it), so "
    "pixel 785 cannot start before pixel 784 is known: 784 steps, one after another, however fast "
    "each step is. Training and the likelihood are fast, because for a *given* image all 784 "
    "conditionals come out of one pass: the masked convolutions stop every output from seeing its own "
    "pixel or any later one. Sampling here is already cached: the vertical stack (rows above) is "
    "computed once per row, and each pixel then needs only a sliver of the current row; the benchmark "
    "measures how much faster that is than 784 full passes.")

COMPLETION = (
    "**Completion.** Because the PixelCNN is a chain of conditionals, fixing the first pixels and "
    "sampling the rest is exact conditional sampling: p(bottom | top). The visible pixels are copied, "
    "never drawn, so they stay exactly as given. Hide the *right half* to see the limit of raster "
    "order: the model draws pixel (r, c) seeing only what came before it, not the visible left half "
    "of later rows, so completions can clash with them. A VAE or GAN has no such conditional at all; "
    "completing with them needs an optimisation over z.")

RECONSTRUCTION = (
    "**Reconstructions: VAE vs VAE-GAN.** Both encode a test digit to a code and decode it. The VAE's "
    "decoder is judged pixel by pixel (binary cross-entropy): when unsure where a stroke goes, a grey "
    "smear across the possibilities costs less than a crisp stroke in the wrong place, so it blurs. "
    "The VAE-GAN's decoder is judged in a discriminator's feature space and must also fool it, and "
    "blur is exactly what a discriminator spots. The number beside each row is the mean gradient "
    "magnitude (higher = sharper edges); the VAE-GAN may change a digit's style more while being "
    "sharper: it matches features, not pixels.")

TABLE = (
    "**Reading the table.** *s per 64 samples*: wall time to draw 64 samples on this machine (the "
    "PixelCNN's 784 sequential steps against one decoder pass). *NLL*: the negative log-likelihood of "
    "the 10,000 binarised test digits, in nats per digit (lower is better). For the PixelCNN it is "
    "exact; for the VAEs it is the negative ELBO, an *upper* bound (the true NLL is lower by the gap "
    "KL(q(z|x) ‖ p(z|x))), with one posterior sample; the VAE-GAN is not trained to tighten it. A GAN "
    "has no likelihood: its generator pushes 100-D noise onto a thin surface among all images, so "
    "p(x) is zero almost everywhere and infinite on the surface, and nothing in training computes it. "
    "*Fréchet distance*: fit a Gaussian to the digit classifier's 128 penultimate features of the "
    "samples and of the test digits and compare them (the FID recipe with an MNIST judge); lower "
    "means samples look more like test digits, both in quality and in variety. Fewer samples raise "
    "it (the 512-sample column, where all four are on an equal footing, shows by how much), and the PixelCNN, which models binarised "
    "digits, is compared with the binarised test set. *Classes covered*: digits that hold at least "
    "5% of the samples, judged by the classifier; *class entropy*: 3.32 bits is a perfectly even "
    "spread (as on the GAN page).")

EXPLAINERS = (
    ("The families", FAMILIES),
    ("Why the PixelCNN is slow to sample", SLOW),
)
