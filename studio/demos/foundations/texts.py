"""Teaching texts of the Foundations page (both front ends show them beside the results)."""

STATS_INTRO = (
    "Stack a set of pictures into one array and ask two questions of every pixel: what is its usual value "
    "across the set (the **mean image**), and how much do the pictures disagree there (the **standard-deviation "
    "image**)? Then normalise: subtract the mean, divide by the std. This is the first thing done to data before "
    "any network sees it."
)

STATS_EXPLAINERS: list[tuple[str, str]] = [
    ("What the mean image shows",
     "The mean image is the set's average picture, pixel by pixel. For one MNIST class it is a blurry but "
     "clear digit: the strokes every writer shares. For all ten digits it is a smudge in the middle, because "
     "the digits are centred and their strokes land in different places. For a set of faces it is a soft "
     "'average face'. Whatever the mean shows is what the set has in common."),
    ("What the std image shows",
     "The std image is bright where the pictures disagree and dark where they agree. MNIST's border is "
     "black in every digit, so its std is 0 there: those pixels carry no information at all. Large std "
     "marks where the set varies, which is what a model of the set has to learn."),
    ("Why networks are fed normalised data",
     "A network's first layer multiplies every input by a weight and adds them up. If the inputs are all "
     "positive and of different sizes, the gradients for all the weights share one sign and some inputs "
     "dominate: training zig-zags and needs a small learning rate. After (x − mean) / std every input is "
     "centred on 0 with a spread of about 1, so weights start on an equal footing, the loss surface is "
     "rounder and plain gradient descent takes larger, steadier steps. The same statistics, computed once "
     "on the training set, are applied to every picture the network will ever see."),
    ("Per pixel or per channel?",
     "The course notes normalise per pixel: a mean and std image. Most image networks (and torchvision's "
     "`Normalize`) use one mean and one std per colour channel instead, so a picture may be shifted or "
     "cropped without its statistics changing: MNIST's famous 0.1307 and 0.3081 are its per-channel mean "
     "and std. Per pixel, a pixel that never varies (std 0) would be divided by zero; the studio floors the "
     "std at 0.01 so such pixels stay at 0."),
    ("Reading the colours",
     "Normalised pictures are drawn with a diverging colour map: white is the mean, red is brighter than "
     "the mean at that pixel and blue is darker, saturated at three standard deviations. The histograms "
     "show the same thing for every pixel at once: raw values crowded between 0 and 1, normalised ones "
     "centred on 0 (the vertical axis is logarithmic, so rare values stay visible)."),
]

UPLOAD_LIMITS = (
    "Bring up to 200 pictures (or one ZIP of them), 200 MB in all, each file at most 20 MB. Every picture "
    "is cropped to a centred square and resized so they can be stacked. Files that cannot be used are named "
    "with the reason; the rest still count."
)

RACE_HEADING = "Side by side: two settings, the same picture, the same number of steps"
RACE_INTRO = ("Setting A is the one above. Choose what B changes; Start trains both to the same step budget, "
              "taking turns of equal time while both are training (one that finishes first waits for the other). "
              "The final pictures compare equal steps; each one's seconds are in the caption.")

PAINT_INTRO = (
    "A small network is asked one question per pixel: **at position (x, y), what colour is the picture?** "
    "It starts knowing nothing, and after each batch of pixels gradient descent nudges its weights towards "
    "the right colours. Watch it paint from memory. Then switch **Positional encoding** to Fourier features."
)

PAINT_EXPLAINERS: list[tuple[str, str]] = [
    ("Why the plain network paints a blur",
     "A network of ReLU layers fed the raw (x, y) learns smooth, slowly varying functions first and sharp "
     "detail only very slowly (the 'spectral bias' of neural networks). So it paints the large areas of "
     "colour within seconds and the edges, text and texture hardly at all: the blurry painting of the "
     "course notes."),
    ("What Fourier features change",
     "Tancik et al. (2020) feed the network sin(2π B·(x, y)) and cos(2π B·(x, y)) for many random frequency "
     "vectors B drawn with spread σ, instead of (x, y) itself. High frequencies are then already in the "
     "input, and the network only has to combine them: the same network, the same number of steps, a sharp painting. "
     "σ sets how fine the detail can be: too small and it is blurry again, too large and it paints noise "
     "between the pixels it was trained on."),
    ("Sine activations",
     "SIREN (Sitzmann et al., 2020) uses sin as the activation of every layer, with a careful "
     "initialisation. It is another way to let the network represent fine detail, with plain (x, y) input. "
     "It wants a small learning rate (about 1e-4)."),
    ("Loss and PSNR",
     "The loss is the mean squared error between painted and true colours on the batch. PSNR, "
     "10·log₁₀(1 / MSE) over the whole picture, is the same information in decibels: +6 dB means the "
     "squared error is four times smaller. Around 20 dB a picture is recognisable, around 30 dB close to "
     "the original."),
]

MANY_INTRO = (
    "Now give the same network several pictures to paint with only (x, y) as input. For each position "
    "there are several right answers, one per picture, and the network must give one."
)

MANY_EXPLAINERS: list[tuple[str, str]] = [
    ("Why it paints their average",
     "With the squared error as loss, the best single answer to a question with several right answers is "
     "their mean. So the network, asked for the colour at (x, y) of 'the picture', paints the average of "
     "the pictures: the mean image of the first lesson, found by gradient descent. Its painting comes "
     "closer to the average (higher PSNR against it) than to any one of the pictures."),
    ("Telling them apart",
     "Add the picture's index as an input (one-hot: one extra input per picture, set to 1 for the picture "
     "meant) and the questions differ again: the network can paint each picture. Conditioning a network on "
     "extra information like this is how a generative model is later asked for a digit of a given class, "
     "or a picture matching a caption."),
]

EXPLAINERS: list[tuple[str, str]] = STATS_EXPLAINERS + PAINT_EXPLAINERS + MANY_EXPLAINERS
