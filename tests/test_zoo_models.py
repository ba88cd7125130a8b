"""The shipped MNIST zoo: every file loads, matches its hash, has the right shapes, and the
figures the pages rely on hold. Loads pretrained/ only; never retrains."""

from __future__ import annotations

import pytest
import torch

from studio import config, zoo
from studio.demos.denoise import models as denoise
from studio.models import gan
from studio.models.classifier import accuracy, predict
from studio.models.vae import evaluate as vae_evaluate

MODELS = zoo.read_manifest()
REQUIRED = {"name", "file", "sha256", "kind", "arch", "command", "seed", "epochs", "train_seconds", "metrics"}
MODEL_KINDS = {"classifier", "vae", "vae-conv", "autoencoder", "gan-snapshot", "pixelcnn", "vaegan"}


def by_name(name):
    return next(e for e in MODELS if e["name"] == name)


def snapshots(family):
    return sorted(zoo.entries(kind="gan-snapshot", family=family), key=lambda e: e["epoch"])


def test_manifest_lists_every_file_and_fits_the_budget():
    root = config.pretrained_dir()
    files = {p.name for p in root.iterdir() if p.is_file() and not p.name.startswith(".")}
    listed = {e["file"] for e in MODELS}
    assert files - {"manifest.json", "README.md"} == listed
    assert sum((root / f).stat().st_size for f in files) < 60e6


@pytest.mark.parametrize("entry", MODELS, ids=[e["name"] for e in MODELS])
def test_entry_loads_with_matching_hash_and_shapes(entry):
    # the style networks train by steps on photos, not by epochs over MNIST
    assert (REQUIRED ^ {"epochs", "steps"} if entry["kind"] == "style-net" else REQUIRED) <= entry.keys()
    assert entry["sha256"] == zoo.sha256_of(config.pretrained_dir() / entry["file"])
    assert entry["train_seconds"] >= 0 and entry["command"].startswith("python ")
    if entry["kind"] == "latents":
        assert zoo.load_tensors(entry["name"])["z"].shape == (64, gan.LATENT_DIM)
        return
    if entry["kind"] == "style-net":   # photo in, painted photo out, same size, in [0, 1]
        model = zoo.load_model(entry["name"])
        photo, n = torch.rand(2, 3, 36, 52), len(entry["styles"])
        with torch.inference_mode():
            out = model(photo, torch.full((2, n), 1.0 / n), torch.tensor(entry["strength_range"][:1] * 2))
        assert out.shape == photo.shape and 0 <= out.min() and out.max() <= 1
        return
    assert entry["kind"] in MODEL_KINDS
    model = zoo.load_model(entry["name"])
    x = torch.rand(3, 1, 28, 28)
    with torch.inference_mode():
        if entry["kind"] == "classifier":
            assert model(x).shape == (3, 10)
        elif entry["kind"] == "pixelcnn":  # a logit per pixel; probabilities checked like the others
            out = torch.sigmoid(model(x.round()))
        elif entry["kind"] in ("vae", "vae-conv", "vaegan"):
            mu, logvar = model.encode(x)
            assert mu.shape == logvar.shape == (3, entry["latent_dim"])
            out = model.decode(mu)
        elif entry["kind"] == "autoencoder":
            out = model(x)
        else:
            assert entry["family"] in gan.FAMILIES and isinstance(entry["epoch"], int)
            out = model(torch.randn(3, model.latent_dim))
        if entry["kind"] != "classifier":
            assert out.shape == (3, 1, 28, 28) and 0 <= out.min() and out.max() <= 1


def test_the_zoo_is_complete_and_its_recorded_figures_meet_the_targets():
    assert zoo.entry("mnist-classifier")["metrics"]["test_accuracy"] >= 0.99
    vaes = {e["latent_dim"]: e for e in zoo.entries(kind="vae")}
    assert 2 in vaes and max(vaes) >= 8
    for e in vaes.values():
        assert {"test_recon_bce", "test_kl", "test_elbo"} <= e["metrics"].keys()
    dae, ae_dense, ae_conv = (by_name(n)["metrics"] for n in ("dae-conv", "ae-dense", "ae-conv"))
    assert dae["psnr_gauss_0.5"] - dae["psnr_noisy_gauss_0.5"] >= 6
    assert dae["psnr_gauss_0.5"] > max(ae_dense["psnr_gauss_0.5"], ae_conv["psnr_gauss_0.5"])
    for family, last_min in (("dense", 50), ("dcgan", 20)):
        series = snapshots(family)
        epochs = [e["epoch"] for e in series]
        assert epochs[-1] >= last_min
        assert {1, 2, 5, 10, 20} | ({50} if epochs[-1] >= 50 else set()) <= set(epochs)
        for e in series:
            m = e["metrics"]
            assert len(m["class_histogram"]) == 10 and sum(m["class_histogram"]) == 10_000
            assert m["classes_covered"] == sum(c >= 500 for c in m["class_histogram"])
    assert min(e["metrics"]["classes_covered"] for e in snapshots("dense")) <= 5  # mode collapse shown
    assert snapshots("dcgan")[-1]["metrics"]["classes_covered"] >= 9  # ... and fixed
    assert zoo.entry("pixelcnn")["metrics"]["test_nll_nats"] <= 92  # the families page's targets
    assert zoo.entry("vae-conv")["config"] == zoo.entry("vaegan")["config"]   # the page's VAE: the same networks


@pytest.fixture(scope="module")
def test_digits(mnist_root):
    from studio.mnist import load_mnist

    images, labels = load_mnist(train=False, root=str(mnist_root), download=False)
    return images[:1000], labels[:1000]


def test_classifier_on_test_digits(test_digits):
    assert accuracy(zoo.load_model("mnist-classifier"), *test_digits) >= 0.98


def test_vae_2d_reconstructs_as_measured(test_digits):
    entry = zoo.entries(kind="vae", latent_dim=2)[0]
    measured = vae_evaluate(zoo.load_model(entry["name"]), test_digits[0])
    recorded = entry["metrics"]["test_recon_bce_posterior_mean"]
    assert measured["test_recon_bce_posterior_mean"] < recorded * 1.05 + 2  # nats per image


def test_denoising_autoencoder_beats_the_noise(test_digits):
    clean = test_digits[0]
    noisy = denoise.corrupt(clean, "gauss_0.5", seed=1)
    gain = denoise.psnr(denoise.denoise(zoo.load_model("dae-conv"), noisy), clean).mean() - denoise.psnr(noisy, clean).mean()
    assert gain >= 5


@pytest.mark.parametrize("family", gan.FAMILIES)
def test_last_gan_snapshot_histogram_is_reproducible(family, mnist_root):
    """The recorded class histogram comes from these very weights and the recorded sample seed."""
    entry = snapshots(family)[-1]
    m = entry["metrics"]
    judge = zoo.load_model("mnist-classifier")
    samples = gan.generate(zoo.load_model(entry["name"]), gan.latents(m["samples"], seed=m["sample_seed"]))
    hist, covered, _ = gan.class_stats(predict(judge, samples))
    assert max(abs(a - b) for a, b in zip(hist, m["class_histogram"])) <= 50
