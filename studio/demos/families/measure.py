"""The model-families page: four kinds of generative model on the same MNIST, measured side by side.

    explicit, tractable density   PixelCNN   exact log-likelihood, slow pixel-by-pixel sampling
    approximate density           VAE        a lower bound (ELBO), fast sampling, blurry
    implicit density              DCGAN      sharp samples, no likelihood at all, can collapse
    hybrid                        VAE-GAN    a VAE judged by a discriminator's features

Everything a table cell shows is measured here: sampling time, the (bound on the) negative
log-likelihood of the binarised test digits, a Fréchet distance in the studio digit
classifier's penultimate features (the FID recipe with a small MNIST judge instead of
Inception), and the classes the samples cover. Results are cached per process.

The VAE here is vae-conv: the VAE-GAN's own encoder and decoder trained as a plain VAE with
the VAE-GAN's data, batches, optimiser and epochs, so VAE against VAE-GAN isolates the loss
(the MLP VAE of the VAE page, vae-latent16, is another architecture).

One reference for all four families (the comparable columns): SMALL samples of each,
binarised as the test digits were (each pixel 1 with probability its grey level), scored
against the binarised test set, the data the PixelCNN models. The 10,000-sample Fréchet
distance against the grey test set is for the three families with grey outputs only.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from typing import Iterator

import torch
from PIL import Image, ImageDraw

from studio import zoo
from studio.models import gan
from studio.demos.families import pixelcnn
from studio.models import vae
from studio.controls import Settings, control
from studio.errors import StudioError
from studio.frames import Frame
from studio.images import contact_sheet, to_pil
from studio.caches import cached


@dataclass(frozen=True)
class Family:
    key: str
    title: str
    kind: str          # which family of the taxonomy
    density: str       # what it says about p(x)


FAMILIES = {
    "pixelcnn": Family("pixelcnn", "PixelCNN", "explicit, tractable density", "exact"),
    "vae": Family("vae", "VAE (VAE-GAN's networks)", "approximate density", "lower bound (ELBO)"),
    "vaegan": Family("vaegan", "VAE-GAN", "approximate density + adversarial", "lower bound (ELBO)"),
    "dcgan": Family("dcgan", "DCGAN (last epoch)", "implicit density", "none"),
}
ORDER = ("vae", "vaegan", "dcgan", "pixelcnn")
FRECHET_SAMPLES = 10_000   # the grey-output families' own column (VAE, VAE-GAN, DCGAN)
SMALL = 512                # the comparable columns: this many samples of every family, binarised
PIXELCNN_SAMPLES = SMALL   # 10,000 PixelCNN samples cost about 15 minutes on one shared CPU thread
SAMPLE_SEED = 2024
BINARISE_SEED = 1          # the Bernoulli draw that binarises the grey families' samples


def dcgan_name() -> str:
    shots = gan.snapshots("dcgan")
    if not shots:
        raise StudioError("No DCGAN snapshots are in pretrained/. Retrain them with `make zoo`.")
    return shots[-1]["name"]


def model_name(family: str) -> str:
    return {"vae": "vae-conv", "vaegan": "vaegan", "pixelcnn": "pixelcnn"}.get(family) or dcgan_name()


@cached(maxsize=8)
def load(family: str) -> torch.nn.Module:
    if family not in FAMILIES:
        raise StudioError(f"'{family}' is not one of the families here: {', '.join(FAMILIES)}.")
    return zoo.load_model(model_name(family), device="cpu")


@torch.inference_mode()
def generate(family: str, n: int, seed: int = 0, batch: int = 500) -> torch.Tensor:
    """n samples (N, 1, 28, 28) in [0, 1]: decoder means for the VAEs, the generator's output for the GAN,
    binary pixels drawn one by one for the PixelCNN."""
    model = load(family)
    if family == "pixelcnn":
        return torch.cat([pixelcnn.sample(model, min(64, n - i), seed=seed + i) for i in range(0, n, 64)])
    latent = model.latent_dim
    z = torch.randn(n, latent, generator=torch.Generator().manual_seed(seed))
    if family == "dcgan":
        return gan.generate(model, z, batch)
    return torch.cat([model.decode(z[i:i + batch]).clamp(0, 1) for i in range(0, n, batch)])


# --- the judge: features, Fréchet distance, classes ---------------------------------------

@cached(maxsize=1)
def judge() -> torch.nn.Module:
    return zoo.load_model("mnist-classifier", device="cpu")


@torch.inference_mode()
def features(images: torch.Tensor, batch: int = 1000) -> torch.Tensor:
    """The classifier's penultimate activations (N, 128): what it has learnt to look at in a digit."""
    from studio.models.classifier import MNIST_MEAN, MNIST_STD

    model = judge()
    out = []
    for i in range(0, len(images), batch):
        x = (images[i:i + batch] - MNIST_MEAN) / MNIST_STD
        out.append(model.head[:4](model.features(x)))  # flatten, dropout (off), linear, ReLU
    return torch.cat(out).double()


def gaussian(feats: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    feats = feats.double()
    return feats.mean(0), torch.cov(feats.T)


def _sqrt_psd(m: torch.Tensor) -> torch.Tensor:
    vals, vecs = torch.linalg.eigh((m + m.T) / 2)
    return vecs @ torch.diag(vals.clamp(min=0).sqrt()) @ vecs.T


def frechet(a: tuple[torch.Tensor, torch.Tensor], b: tuple[torch.Tensor, torch.Tensor]) -> float:
    """Fréchet distance between Gaussians (mean, covariance): |mu_a - mu_b|^2 + Tr(Sa + Sb - 2 (Sa Sb)^1/2).

    Tr((Sa Sb)^1/2) is computed as Tr((Sa^1/2 Sb Sa^1/2)^1/2), whose matrix is symmetric, so
    eigenvalues suffice (no scipy, no complex round-off)."""
    (mu_a, cov_a), (mu_b, cov_b) = a, b
    root = _sqrt_psd(cov_a)
    cross = torch.linalg.eigvalsh(root @ cov_b @ root).clamp(min=0).sqrt().sum()
    value = (mu_a - mu_b).pow(2).sum() + torch.trace(cov_a) + torch.trace(cov_b) - 2 * cross
    return max(0.0, float(value))


@cached(maxsize=2)
def test_images(binary: bool = False) -> torch.Tensor:
    from studio.mnist import load_mnist

    images, _ = load_mnist(train=False)
    return pixelcnn.binarised_test_set(images) if binary else images


@cached(maxsize=1)
def test_labels() -> torch.Tensor:
    from studio.mnist import load_mnist

    return load_mnist(train=False)[1]


def digit_names(first: int, count: int) -> str:
    """'#7, a 9' style names: the index into the test set and the digit it shows."""
    labels = test_labels()[first:first + count].tolist()
    return ", ".join(f"#{first + i}, a {d}" for i, d in enumerate(labels))


def binarised(images: torch.Tensor, seed: int = BINARISE_SEED) -> torch.Tensor:
    """Samples in the test set's binarised form: each pixel 1 with probability its grey level (binary
    samples, the PixelCNN's, stay as they are)."""
    return pixelcnn.binarise(images.clamp(0, 1), seed=seed)


@cached(maxsize=2)
def test_gaussian(binary: bool = False):
    """The test set's feature statistics; binary=True for the binarised digits the PixelCNN models."""
    return gaussian(features(test_images(binary)))


def frechet_to_test(images: torch.Tensor, binary: bool = False) -> float:
    return frechet(gaussian(features(images)), test_gaussian(binary))


def sharpness(images: torch.Tensor) -> float:
    """Mean gradient magnitude (finite differences) per pixel: blur lowers it, crisp strokes raise it."""
    x = images.float()
    dx = x[..., :, 1:] - x[..., :, :-1]
    dy = x[..., 1:, :] - x[..., :-1, :]
    return float((dx[..., :-1, :].pow(2) + dy[..., :, :-1].pow(2)).sqrt().mean())


def measure_samples(family: str, images: torch.Tensor) -> dict:
    """The comparable figures, on the first SMALL samples binarised, against the binarised test set:
    Fréchet distance, classes covered and class entropy (the judge's labels). For the grey-output
    families with FRECHET_SAMPLES samples or more, also the Fréchet distance of all of them to the grey
    test set (frechet_grey; None for the PixelCNN, whose samples are binary)."""
    from studio.models.classifier import predict

    small = binarised(images[:SMALL])
    hist, covered, entropy = gan.class_stats(predict(judge(), small))
    grey = (round(frechet_to_test(images), 3) if family != "pixelcnn" and len(images) >= FRECHET_SAMPLES
            else None)
    return {"frechet_binary": round(frechet_to_test(small, binary=True), 3), "classes_covered": covered,
            "class_entropy_bits": entropy, "class_histogram": hist, "samples_binary": len(small),
            "frechet_grey": grey, "samples_grey": len(images) if grey is not None else None,
            "sample_seed": SAMPLE_SEED}


@torch.inference_mode()
def recon(family: str, images: torch.Tensor) -> torch.Tensor:
    """Decode the posterior mean: the encoder-decoder's best guess of each digit."""
    model = load(family)
    mu, _ = model.encode(images)
    return model.decode(mu).clamp(0, 1)


@torch.inference_mode()
def confidence(images: torch.Tensor, labels: torch.Tensor) -> float:
    """The digit classifier's mean probability of the true label: how recognisable the digits are. Unlike
    the gradient magnitude, noise does not raise it."""
    from studio.models.classifier import predict

    probs = predict(judge(), images, probs=True)
    return float(probs.gather(1, labels.reshape(-1, 1)).mean())


def recon_figures(images: torch.Tensor, labels: torch.Tensor) -> dict[str, float]:
    """A row of reconstructions, two ways: mean gradient magnitude (edges: sharpness, but noise raises it
    too) and the classifier's confidence in the true digit (noise does not raise it)."""
    return {"edges": sharpness(images), "confidence": confidence(images, labels)}


def recon_sharpness(family: str, count: int = 1000) -> float:
    return sharpness(recon(family, test_images()[:count]))


def recon_confidence(family: str, count: int = 1000) -> float:
    return confidence(recon(family, test_images()[:count]), test_labels()[:count])


RECON_DIGITS = 1000   # reconstructions are measured on the first 1,000 test digits


def decoder_metrics(model) -> dict:
    """What the VAE-GAN's and the conv VAE's training scripts store (model: the fresh network): the
    comparable sample figures, the grey Fréchet distance, and their reconstructions of the first
    RECON_DIGITS test digits (gradient magnitude and the classifier's confidence)."""
    with torch.inference_mode():
        z = torch.randn(FRECHET_SAMPLES, model.latent_dim, generator=torch.Generator().manual_seed(SAMPLE_SEED))
        images = model.decode(z).clamp(0, 1)
        mu, _ = model.encode(test_images()[:RECON_DIGITS])
        rec = model.decode(mu).clamp(0, 1)
    m = measure_samples("vae", images)
    m.pop("class_histogram")
    return {**m, "recon_sharpness": round(sharpness(rec), 5),
            "recon_confidence": round(confidence(rec, test_labels()[:RECON_DIGITS]), 4)}



def pixelcnn_samples(model, samples: int = PIXELCNN_SAMPLES) -> tuple[torch.Tensor, list[float]]:
    """The PixelCNN's samples for the table (batches of 64, seeds SAMPLE_SEED + i) and each batch's seconds."""
    out, seconds = [], []
    for i in range(0, samples, 64):
        start = time.perf_counter()
        out.append(pixelcnn.sample(model, min(64, samples - i), seed=SAMPLE_SEED + i))
        seconds.append(time.perf_counter() - start)
    return torch.cat(out), seconds


def pixelcnn_metrics(model, samples: int = PIXELCNN_SAMPLES) -> dict:
    """What the PixelCNN training script stores: sample-based figures on `samples` samples (slow)."""
    images, seconds = pixelcnn_samples(model, samples)
    m = measure_samples("pixelcnn", images)
    for key in ("class_histogram", "frechet_grey", "samples_grey"):
        m.pop(key)
    return {**m, "sampling_seconds": round(sum(seconds), 1)}


# --- the measured table -------------------------------------------------------------------

def seconds_per_64(family: str, seed: int = 0, repeats: int = 7) -> float:
    """Wall seconds to draw 64 samples after one warm-up call (the first call pays for memory and lazy
    set-up, not for sampling): the median of `repeats` timed calls, on one thread, as the PixelCNN samples
    (on a shared CPU, two threads' waits for each other dominate such small batches and vary tenfold)."""
    from studio.device import cpu_threads

    with cpu_threads(1):
        generate(family, 64, seed=seed)
        times = []
        for i in range(repeats):
            start = time.perf_counter()
            generate(family, 64, seed=seed + 1 + i)
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def warm_seconds(batch_seconds: list[float]) -> float:
    """Seconds per batch after the first (the warm-up): the median of the others."""
    return statistics.median(batch_seconds[1:] or batch_seconds)


@cached(maxsize=2)
def binarised_likelihoods(pixelcnn_live: bool = False) -> dict[str, float]:
    """Negative log-likelihood (nats per binarised test digit): exact for the PixelCNN, an upper bound
    (the negative ELBO, one posterior sample) for the VAEs; GANs define none. The PixelCNN's takes
    minutes on a busy CPU, so by default it is the figure its training script measured on the same
    binarised digits with the same function (pixelcnn_live=True measures it again; the tests re-measure
    it on 500 digits)."""
    binary = test_images(binary=True)
    out = {"pixelcnn": pixelcnn.evaluate(load("pixelcnn"), binary)["test_nll_nats"] if pixelcnn_live
           else zoo.entry("pixelcnn")["metrics"]["test_nll_nats"]}
    for family in ("vae", "vaegan"):
        out[family] = -vae.evaluate(load(family), binary)["test_elbo"]
    return out


ROW_KEYS = ("frechet_binary", "classes_covered", "class_entropy_bits", "samples_binary", "frechet_grey", "samples_grey")


@cached(maxsize=1)
def table() -> list[dict]:
    """One row per family, measured in this process (the PixelCNN's NLL excepted, see
    binarised_likelihoods): SMALL samples of every family, binarised, against the binarised test set;
    FRECHET_SAMPLES more of the grey-output families against the grey test set; seconds per 64
    samples after a warm-up."""
    nll = binarised_likelihoods()
    rows = []
    for family in ORDER:
        f = FAMILIES[family]
        if family == "pixelcnn":
            images, batch_seconds = pixelcnn_samples(load("pixelcnn"), SMALL)
            per_64 = warm_seconds(batch_seconds)   # the first batch of 64 is the warm-up
        else:
            per_64 = seconds_per_64(family)
            images = generate(family, FRECHET_SAMPLES, seed=SAMPLE_SEED)
        m = measure_samples(family, images)
        rows.append({"family": family, "title": f.title, "kind": f.kind, "density": f.density,
                     "seconds_per_64": round(per_64, 3), "nll_nats": nll.get(family), **{k: m[k] for k in ROW_KEYS}})
    return rows


def measured() -> bool:
    """Whether this process has measured the table yet (it is kept for the server's lifetime)."""
    return table.cache_info().currsize > 0


TABLE_SOURCE = (
    "Measured on this computer by studio/demos/families/measure.py when you press Measure, and kept for this "
    "server's lifetime. Every family is scored against the same reference: the first "
    f"{SMALL} samples of each (seed {SAMPLE_SEED}), binarised as the test digits were (each pixel 1 with "
    "probability its grey level), against the 10,000 binarised test digits; the classes are counted on the same "
    f"{SMALL}. The last column ({FRECHET_SAMPLES:,} grey samples against the grey test digits) compares only the "
    "three families with grey outputs; the PixelCNN draws binary pixels. Seconds per 64 samples: the median "
    "after one warm-up call, on one thread for every family. The PixelCNN's NLL was measured on all 10,000 by its training script "
    "(pretrained/manifest.json; the tests re-measure it on 500 digits).")


def table_markdown(rows: list[dict] | None = None) -> str:
    rows = rows if rows is not None else table()
    lines = ["| family | model | s per 64 samples | NLL, nats per binarised test digit | "
             f"Fréchet ({SMALL} samples, binarised) | classes covered | class entropy (bits) | "
             f"Fréchet ({FRECHET_SAMPLES:,} grey samples; grey outputs only) |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        if r["nll_nats"] is None:
            nll = "— (no density)"
        elif r["density"] == "exact":
            nll = f"**{r['nll_nats']:.1f}** (exact)"
        else:
            nll = f"≤ {r['nll_nats']:.1f} (bound)"
        if r["frechet_grey"] is None:
            grey = "— (binary samples)"
        else:
            grey = f"{r['frechet_grey']:.2f}" + (f" ({r['samples_grey']:,} samples)"
                                                 if r["samples_grey"] != FRECHET_SAMPLES else "")
        small = f"{r['frechet_binary']:.2f}" + (f" ({r['samples_binary']} samples)" if r["samples_binary"] != SMALL
                                                 else "")
        lines.append(f"| {r['kind']} | {r['title']} | {r['seconds_per_64']:.3g} | {nll} | {small} | "
                     f"{r['classes_covered']} of 10 | {r['class_entropy_bits']:.2f} | {grey} |")
    return "\n".join(lines)


# --- pictures -------------------------------------------------------------------------------

@dataclass(frozen=True)
class SampleSettings(Settings):
    title = "Model families"
    seed: int = control("Seed", 0, min=0, max=2**31 - 1, number_box=True,
                        help="The same seed gives the same samples; each family draws its own noise from it.")
    count: int = control("Samples per family", 16, min=4, max=36,
                         help="The PixelCNN needs one network pass per pixel, so its share takes seconds.")


@cached(maxsize=16)
def _samples(family: str, count: int, seed: int) -> torch.Tensor:
    return generate(family, count, seed=seed)


def samples_sheet(s: SampleSettings) -> tuple[Image.Image, str]:
    """Every family's samples in one sheet, a column each, and the caption for slides."""
    cols = max(2, round(s.count ** 0.5))
    cells, labels = [], []
    for family in ORDER:
        images = _samples(family, s.count, s.seed)
        cells.append(contact_sheet([to_pil(t) for t in images], columns=cols, cell=36))
        labels.append(f"{FAMILIES[family].title}")
    caption = f"Samples, seed {s.seed}: {', '.join(labels)} ({s.count} each)"
    return contact_sheet(cells, labels, columns=len(cells), cell=300, caption=caption), caption


@dataclass(frozen=True)
class ReconSettings(Settings):
    title = "Reconstructions"
    first: int = control("First test image (#)", 0, min=0, max=9990, number_box=True,
                         help="Index into the 10,000 MNIST test images (#7 is a 9, not a 7); ten images from here.")


def text_tile(lines: list[str], cell: int = 84) -> Image.Image:
    """A cell of text (a row's name and figures) to stand at the start of a row of digits."""
    from studio.images import font

    tile = Image.new("RGB", (cell, cell), "white")
    draw = ImageDraw.Draw(tile)
    size = max(10, cell // 6)
    for i, line in enumerate(lines):
        fnt = font(size)
        while size > 8 and fnt.getlength(line) > cell - 4:
            size -= 1
            fnt = font(size)
        draw.text((cell / 2, cell / 2 + (i - (len(lines) - 1) / 2) * size * 1.3), line, fill=(30, 30, 30),
                  font=fnt, anchor="mm")
    return tile


def reconstruction_sheet(s: ReconSettings) -> tuple[Image.Image, str]:
    """Rows: the test digits, the VAE's reconstructions, the VAE-GAN's; each row with its mean gradient
    magnitude (edges) and the classifier's mean probability of the true digit."""
    x = test_images()[s.first:s.first + 10]
    y = test_labels()[s.first:s.first + 10]
    rows = [("test images", x), ("VAE", recon("vae", x)), ("VAE-GAN", recon("vaegan", x))]
    tiles, labels = [], []
    for name, images in rows:
        f = recon_figures(images, y)
        tiles.append(text_tile([name, f"edges {f['edges']:.3f}", f"p {f['confidence']:.2f}"]))
        labels.append("")
        for i, t in enumerate(images):
            tiles.append(to_pil(t))
            labels.append(f"#{s.first + i}, a {int(y[i])}" if name == "test images" else "")
    last = s.first + len(x) - 1
    caption = (f"Test images #{s.first} to #{last} (showing {', '.join(str(int(d)) for d in y)}) and their "
               "reconstructions (posterior mean) by a VAE and a VAE-GAN with the same encoder and decoder. Per row: "
               "edges = mean gradient magnitude (crisp strokes raise it, but so does noise); p = the digit "
               "classifier's mean probability of the true digit (noise does not raise it)")
    return contact_sheet(tiles, labels, columns=len(x) + 1, cell=84, caption=caption), caption


GREY, MARK = (96, 96, 96), (230, 60, 40)


def canvas_picture(x: torch.Tensor, pending: torch.Tensor, row: int | None = None, cell: int = 112,
                   columns: int | None = None, labels: list[str] | None = None) -> Image.Image:
    """Canvases (N, 1, 28, 28) with not-yet-drawn pixels (pending, bool (N, 1, 28, 28)) in grey and
    the row being drawn marked in red: what the sampler knows so far."""
    tiles = []
    for img, wait in zip(x, pending):
        grey = (img[0].clamp(0, 1) * 255).round().to(torch.uint8)
        rgb = torch.stack([grey] * 3, -1)
        rgb[wait[0]] = torch.tensor(GREY, dtype=torch.uint8)
        tile = Image.fromarray(rgb.numpy(), "RGB").resize((cell, cell), Image.NEAREST)
        if row is not None and row < 28:
            y = row * cell / 28
            ImageDraw.Draw(tile).rectangle([0, y, cell - 1, y + cell / 28], outline=MARK, width=2)
        tiles.append(tile)
    return contact_sheet(tiles, labels, columns=columns or min(8, len(tiles)), cell=cell)


@dataclass(frozen=True)
class LiveSettings(Settings):
    title = "PixelCNN sampling"
    count: int = control("Samples", 8, min=1, max=32, help="Drawn together, pixel by pixel, in raster order.")
    seed: int = control("Seed", 0, min=0, max=2**31 - 1, number_box=True)
    temperature: float = control("Temperature", 1.0, min=0.1, max=2.0, step=0.05,
                                 help="Divides each pixel's logit: below 1 picks the likelier value more often "
                                      "(cleaner, more typical digits), above 1 adds noise.")


def live_sampling(s: LiveSettings) -> Iterator[Frame]:
    """PixelCNN samples growing row by row: a Frame per finished row (28 in all)."""
    model = load("pixelcnn")
    start = time.perf_counter()
    pending = torch.ones(s.count, 1, 28, 28, dtype=torch.bool)
    yield Frame(canvas_picture(torch.zeros(s.count, 1, 28, 28), pending, 0), 0, 28, "Starting…")
    for r, canvas, _ in pixelcnn.sample_rows(model, s.count, s.seed, temperature=s.temperature):
        pending[:, :, :r + 1] = False
        seconds = time.perf_counter() - start
        pixels = (r + 1) * 28
        caption = (f"PixelCNN, {s.count} samples, seed {s.seed}, temperature {s.temperature:g}: row {r + 1} of 28, "
                   f"{pixels} of 784 pixels in {seconds:.1f} s, each drawn from p(pixel | every pixel before it)")
        yield Frame(canvas_picture(canvas, pending, r + 1), r + 1, 28, caption,
                    {"seconds": round(seconds, 2), "pixels": pixels})


MASKS = {"bottom": "bottom half", "bottom-third": "bottom third", "lower-right": "lower-right quarter",
         "right": "right half"}


def mask_for(kind: str) -> torch.Tensor:
    """(1, 1, 28, 28) bool: True where the pixel is hidden (to be completed)."""
    m = torch.zeros(1, 1, 28, 28, dtype=torch.bool)
    if kind == "bottom":
        m[..., 14:, :] = True
    elif kind == "bottom-third":
        m[..., 19:, :] = True
    elif kind == "lower-right":
        m[..., 14:, 14:] = True
    elif kind == "right":
        m[..., :, 14:] = True
    else:
        raise StudioError(f"'{kind}' is not a mask here; choose one of: {', '.join(MASKS.values())}.")
    return m


@dataclass(frozen=True)
class CompletionSettings(Settings):
    title = "PixelCNN completion"
    digit: int = control("Test image (#)", 7, min=0, max=9999, number_box=True,
                         help="Index into the 10,000 MNIST test images (#7 is a 9; the caption names the digit). "
                              "An upload replaces it.")
    mask: str = control("Hide", "bottom", choices=tuple(MASKS), choice_labels=tuple(MASKS.values()),
                        help="The PixelCNN draws in raster order, so it conditions on everything above and to the "
                             "left. With 'right half' it cannot see the visible left half of later rows: watch "
                             "the completions disagree with them.")
    count: int = control("Completions", 8, min=1, max=24)
    seed: int = control("Seed", 0, min=0, max=2**31 - 1, number_box=True)


def _masked(s: CompletionSettings, digit: torch.Tensor | None):
    """(binarised source (1, 1, 28, 28), hidden mask, the sampler's start (count, 1, 28, 28))."""
    source = test_images()[s.digit:s.digit + 1] if digit is None else digit.reshape(1, 1, 28, 28).float()
    binary = (source > 0.5).float()
    hidden = mask_for(s.mask)
    return binary, hidden, binary.masked_fill(hidden, 0.0).expand(s.count, 1, 28, 28)


def completion(s: CompletionSettings, digit: torch.Tensor | None = None) -> Iterator[Frame]:
    """Hide part of a digit (a test digit, or `digit` (1, 1, 28, 28) in [0, 1] from an upload) and let the
    PixelCNN draw the rest, several times. The visible pixels are kept exactly (binarised at 0.5)."""
    model = load("pixelcnn")
    binary, hidden, start = _masked(s, digit)
    shown = torch.cat([binary, binary.masked_fill(hidden, 0.5)])
    labels = ["binarised", "visible"] + [f"#{i + 1}" for i in range(s.count)]
    first_hidden_row = int(hidden[0, 0].any(1).nonzero()[0])
    pending = hidden.expand(s.count, 1, 28, 28).clone()
    what = f"test image {digit_names(s.digit, 1)}," if digit is None else "your digit"
    t0 = time.perf_counter()
    for r, canvas, _ in pixelcnn.sample_rows(model, s.count, s.seed, start=start, known=~hidden):
        if r < first_hidden_row - 1:
            continue  # visible rows: copied, nothing drawn; show the start just before the first hidden row
        pending[:, :, :r + 1] = False
        both = torch.cat([shown, canvas])
        wait = torch.cat([torch.zeros(2, 1, 28, 28, dtype=torch.bool), pending])
        seconds = time.perf_counter() - t0
        caption = (f"PixelCNN completions of {what} with its {MASKS[s.mask]} hidden, seed {s.seed}: "
                   f"row {r + 1} of 28 in {seconds:.1f} s")
        yield Frame(canvas_picture(both, wait, r + 1 if r < 27 else None, cell=96, columns=min(10, len(both)),
                                   labels=labels), r + 1, 28, caption, {"seconds": round(seconds, 2)})


def completions(s: CompletionSettings, digit: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """(the binarised source, the finished completions (count, 1, 28, 28)), for tests and scripts."""
    binary, hidden, start = _masked(s, digit)
    return binary, pixelcnn.sample(load("pixelcnn"), s.count, s.seed, start=start, known=~hidden)
