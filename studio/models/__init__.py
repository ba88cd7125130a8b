"""Networks that several demos use: the MNIST digit classifier, the VAEs and the GANs."""
