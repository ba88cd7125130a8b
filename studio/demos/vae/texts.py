"""Teaching texts for the VAE latent-walk page."""

REPARAMETERISATION = (
    "**The reparameterisation trick.** The encoder does not output a code but a distribution "
    "q(z|x) = N(μ, σ²). To train through the random draw, we write z = μ + σ·ε with ε ~ N(0, I): "
    "the randomness moves into ε, and gradients flow through μ and σ.")
KL_TERM = (
    "**The KL term.** The loss adds KL(q(z|x) ‖ N(0, I)) to the reconstruction error. It pulls every "
    "digit's code towards the origin and keeps σ from shrinking to zero, so codes overlap and "
    "the whole plane near the origin gets used.")
SMOOTH = (
    "**Why the manifold is smooth.** Because nearby codes are drawn for the same digit during "
    "training, the decoder must map a whole neighbourhood to similar images. Walking across the "
    "plane therefore morphs one digit into another instead of jumping — and every point decodes "
    "to something digit-like, which is what lets us sample new digits from the prior.")
ALL = "\n\n".join([REPARAMETERISATION, KL_TERM, SMOOTH])
LIVE_WALK = "Move z₁ and z₂, or click a dot in the scatter to jump to that digit's code."   # under its heading
