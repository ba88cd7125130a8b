"""Teaching texts for the denoising page."""

EXPLAINERS = (
    ("Why corrupted input teaches structure",
     "An autoencoder trained to copy clean digits can succeed by passing pixels through, noise and all. "
     "Give it a corrupted digit and ask for the clean one, and copying no longer works: to fill in a "
     "missing stroke or ignore a stray dot it has to know what digits look like, which strokes belong "
     "together and which pixels never occur. The noise forces it to learn the data's structure "
     "(Vincent et al., 2008)."),
    ("Why outputs are clipped to [0, 1]",
     "Pixels are intensities between black (0) and white (1), and PSNR and SSIM are measured on that "
     "scale. Each model ends in a sigmoid, which already lands in (0, 1); the clip makes the promise "
     "explicit, so no output can score by leaving the range a screen can show."),
    ("Why the convolutional model does better",
     "A dense layer connects every pixel to every unit and must learn separately that a stroke looks "
     "the same anywhere in the image. Convolutions reuse one small filter at every position, so what is "
     "learnt about edges and strokes in one place applies everywhere, with far fewer weights to fit. "
     "The conv AE reconstructs clean digits at about 35 dB against the dense AE's 21 dB; trained on "
     "noise, the same architecture cleans them too."),
)

MNIST_FORM = "It is turned into MNIST form first: white on black, 20 px box, centred in 28×28."
YOUR_DIGIT = "Upload an image of one digit (dark ink on light paper works well). " + MNIST_FORM
DRAW_OR_UPLOAD = "✍️ Pick the brush under *Draw a digit* and draw one digit, or upload a photo of one. " + MNIST_FORM
