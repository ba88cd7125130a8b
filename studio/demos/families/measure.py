"""The model-families page: four kinds of generative model on the same MNIST, measured side by side.

    explicit, tractable density   PixelCNN   exact log-likelihood, slow pixel-by-pixel sampling
    approximate density           VAE        a lower bound (ELBO), fast sampling, blurry
    implicit density              DCGAN      sharp samples, no likelihood at all, can collapse
    hybrid                        VAE-GAN    a VAE judged by a discriminator's features

Everything a table cell shows is measured here: sampling time, the (bound on the) negative
log-likelihood of the binarised test digits, a Fréchet distance in the studio digit
classifier's penultimate features (the FID recipe with a small MNIST judge instead of
Inception), and the classes the samples cover. Results are cached per process.
"""

from __future__ import annotations

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
    "vae": Family("vae", "VAE (16-D latent)", "approximate density", "lower bound (ELBO)"),
    "vaegan": Family("vaegan", "VAE-GAN", "approximate density + adversarial", "lower bound (ELBO)"),
    "dcgan": Family("dcgan", "DCGAN (last epoch)", "implicit density", "none"),
}
ORDER = ("vae", "vaegan", "dcgan", "pixelcnn")
FRECHET_SAMPLES = 10_000
SMALL = 512                # every family's Fréchet distance on this many samples too, for a fair row
PIXELCNN_SAMPLES = SMALL   # 10,000 PixelCNN samples cost hours on one shared CPU thread
SAMPLE_SEED = 2024


def dcgan_name() -> str:
    shots = gan.snapshots("dcgan")
    if not shots:
        raise StudioError("No DCGAN snapshots are in pretrained/. Retrain them with `make zoo`.")
    return shots[-1]["name"]


def model_name(family: str) -> str:
    return {"vae": "vae-latent16", "vaegan": "vaegan", "pixelcnn": "pixelcnn"}.get(family) or dcgan_name()


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
    """Fréchet distance to the test set (in the form the model was trained on) and class coverage."""
    from studio.models.classifier import predict

    hist, covered, entropy = gan.class_stats(predict(judge(), images))
    return {"frechet": round(frechet_to_test(images, binary=family == "pixelcnn"), 3),
            "frechet_small": round(frechet_to_test(images[:SMALL], binary=family == "pixelcnn"), 3),
            "classes_covered": covered, "class_entropy_bits": entropy, "class_histogram": hist,
            "samples": len(images), "sample_seed": SAMPLE_SEED}


@torch.inference_mode()
def recon(family: str, images: torch.Tensor) -> torch.Tensor:
    """Decode the posterior mean: the encoder-decoder's best guess of each digit."""
    model = load(family)
    mu, _ = model.encode(images)
    return model.decode(mu).clamp(0, 1)


def recon_sharpness(family: str, count: int = 1000) -> float:
    return sharpness(recon(family, test_images()[:count]))


def vaegan_metrics(model) -> dict:
    """What the VAE-GAN training script stores beside the VAE's figures (model: the fresh VAE-GAN)."""
    with torch.inference_mode():
        z = torch.randn(FRECHET_SAMPLES, model.latent_dim, generator=torch.Generator().manual_seed(SAMPLE_SEED))
        images = model.decode(z).clamp(0, 1)
        mu, _ = model.encode(test_images()[:1000])
        mine = sharpness(model.decode(mu).clamp(0, 1))
    m = measure_samples("vaegan", images)
    m.pop("class_histogram")
    return {**m, "recon_sharpness": round(mine, 5), "recon_sharpness_vs_vae": round(mine / recon_sharpness("vae"), 4)}


def pixelcnn_metrics(model, samples: int = PIXELCNN_SAMPLES) -> dict:
    """What the PixelCNN training script stores: sample-based figures on `samples` samples (slow)."""
    start = time.perf_counter()
    images = torch.cat([pixelcnn.sample(model, min(64, samples - i), seed=SAMPLE_SEED + i)
                        for i in range(0, samples, 64)])
    seconds = time.perf_counter() - start
    m = measure_samples("pixelcnn", images)
    m.pop("class_histogram")
    m.pop("frechet_small")
    return {**m, "sampling_seconds": round(seconds, 1)}


# --- the measured table -------------------------------------------------------------------

def seconds_per_64(family: str, seed: int = 0) -> float:
    start = time.perf_counter()
    generate(family, 64, seed=seed)
    return time.perf_counter() - start


@cached(maxsize=2)
def binarised_likelihoods(pixelcnn_live: bool = False) -> dict[str, float]:
    """Negative log-likelihood (nats per binarised test digit): exact for the PixelCNN, an upper bound
    (the negative ELBO, one posterior sample) for the VAEs; GANs define none. The PixelCNN's takes
    minutes on a busy CPU, so by default it is the figure its training script measured on the same
    binarised digits with the same function (pixelcnn_live=True measures it again)."""
    binary = test_images(binary=True)
    out = {"pixelcnn": pixelcnn.evaluate(load("pixelcnn"), binary)["test_nll_nats"] if pixelcnn_live
           else zoo.entry("pixelcnn")["metrics"]["test_nll_nats"]}
    for family in ("vae", "vaegan"):
        out[family] = -vae.evaluate(load(family), binary)["test_elbo"]
    return out


@cached(maxsize=1)
def table() -> list[dict]:
    """One row per family, every number measured in this process (PixelCNN's sample-based figures
    come from the manifest, where its training script measured them with this module)."""
    nll = binarised_likelihoods()
    rows = []
    for family in ORDER:
        f = FAMILIES[family]
        row = {"family": family, "title": f.title, "kind": f.kind, "density": f.density,
               "seconds_per_64": round(seconds_per_64(family), 3),
               "nll_nats": nll.get(family)}
        if family == "pixelcnn":
            stored = zoo.entry("pixelcnn")["metrics"]
            row |= {k: stored.get(k) for k in ("frechet", "classes_covered", "class_entropy_bits", "samples")}
            row["frechet_small"] = stored.get("frechet")
        else:
            m = measure_samples(family, generate(family, FRECHET_SAMPLES, seed=SAMPLE_SEED))
            row |= {k: m[k] for k in ("frechet", "frechet_small", "classes_covered", "class_entropy_bits", "samples")}
        rows.append(row)
    return rows


TABLE_SOURCE = (
    "Measured on this computer by studio/families.py when you press Measure, and kept for this server's "
    f"lifetime. The PixelCNN's NLL, Fréchet distance and classes were measured by its training script with "
    f"the same functions ({PIXELCNN_SAMPLES} samples; pretrained/manifest.json); its sampling time is live.")


def table_markdown(rows: list[dict] | None = None) -> str:
    rows = rows if rows is not None else table()
    lines = ["| family | model | s per 64 samples | NLL, nats per test digit | Fréchet distance | "
             f"Fréchet ({SMALL} samples) | classes covered | class entropy (bits) |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        if r["nll_nats"] is None:
            nll = "— (no density)"
        elif r["density"] == "exact":
            nll = f"**{r['nll_nats']:.1f}** (exact)"
        else:
            nll = f"≤ {r['nll_nats']:.1f} (bound)"
        fd = f"{r['frechet']:.2f}" + (f" ({r['samples']:,} samples)" if r["samples"] != FRECHET_SAMPLES else "")
        lines.append(f"| {r['kind']} | {r['title']} | {r['seconds_per_64']:.3g} | {nll} | {fd} | "
                     f"{r['frechet_small']:.2f} | {r['classes_covered']} of 10 | {r['class_entropy_bits']:.2f} |")
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
    first: int = control("First test digit (index)", 0, min=0, max=9990, number_box=True,
                         help="Index into the 10,000 MNIST test digits; ten digits from here.")


def reconstruction_sheet(s: ReconSettings) -> tuple[Image.Image, str]:
    """Rows: the test digits, the VAE's reconstructions, the VAE-GAN's; with their sharpness."""
    x = test_images()[s.first:s.first + 10]
    rows = [("test digits", x), ("VAE", recon("vae", x)), ("VAE-GAN", recon("vaegan", x))]
    tiles, labels = [], []
    for name, images in rows:
        for i, t in enumerate(images):
            tiles.append(to_pil(t))
            labels.append(f"{name} · {sharpness(images):.3f}" if i == 0 else "")
    caption = (f"Test digits {s.first} to {s.first + len(x) - 1} and their reconstructions (posterior mean); "
               "the number is the mean gradient magnitude of the row: higher is sharper")
    return contact_sheet(tiles, labels, columns=len(x), cell=84, caption=caption), caption


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
    digit: int = control("Test digit (index)", 7, min=0, max=9999, number_box=True,
                         help="Index into the 10,000 MNIST test digits (an upload replaces it).")
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
    what = f"test digit {s.digit}" if digit is None else "your digit"
    t0 = time.perf_counter()
    for r, canvas, _ in pixelcnn.sample_rows(model, s.count, s.seed, start=start, known=~hidden):
        if r < first_hidden_row - 1:
            continue  # visible rows: copied, nothing drawn; show the start just before the first hidden row
        pending[:, :, :r + 1] = False
        both = torch.cat([shown, canvas])
        wait = torch.cat([torch.zeros(2, 1, 28, 28, dtype=torch.bool), pending])
        seconds = time.perf_counter() - t0
        caption = (f"PixelCNN completions of {what}, {MASKS[s.mask]} hidden, seed {s.seed}: "
                   f"row {r + 1} of 28 in {seconds:.1f} s")
        yield Frame(canvas_picture(both, wait, r + 1 if r < 27 else None, cell=96, columns=min(10, len(both)),
                                   labels=labels), r + 1, 28, caption, {"seconds": round(seconds, 2)})


def completions(s: CompletionSettings, digit: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """(the binarised source, the finished completions (count, 1, 28, 28)), for tests and scripts."""
    binary, hidden, start = _masked(s, digit)
    return binary, pixelcnn.sample(load("pixelcnn"), s.count, s.seed, start=start, known=~hidden)
