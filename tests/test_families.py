"""The model-families page: PixelCNN causality and cached sampling, the Fréchet distance, completion,
the VAE-GAN and the table, and the page rendering in Streamlit."""

import pytest
import torch
from streamlit.testing.v1 import AppTest

from conftest import REPO
from studio.demos.families import measure as fam
from studio import zoo
from studio.demos.families import pixelcnn
from studio.demos.families.pixelcnn import PixelCNN


@pytest.fixture(scope="module")
def small_pixelcnn():
    torch.manual_seed(0)
    return PixelCNN(channels=8, layers=4).eval()


@pytest.fixture(scope="module")
def shipped_pixelcnn():
    from studio import zoo

    # a fresh copy: the page's cached one may have been first loaded under inference_mode by another
    # test (its weights then cannot take part in the gradients these tests follow)
    return zoo.load_model("pixelcnn")


@pytest.mark.parametrize("which", ["small", "shipped"])
def test_masked_convolutions_never_see_the_current_or_later_pixels_and_have_no_blind_spot(
        which, small_pixelcnn, shipped_pixelcnn):
    """Causal (nothing at or after the pixel), and no blind spot: the original PixelCNN's masked 3x3 stack
    never sees the pixels above and to the right; the gated one's vertical stack must."""
    model = small_pixelcnn if which == "small" else shipped_pixelcnn
    x = torch.bernoulli(torch.full((1, 1, 28, 28), 0.5), generator=torch.Generator().manual_seed(0))
    x.requires_grad_(True)
    out = model(x)
    for r, c in [(0, 0), (0, 5), (7, 0), (13, 14), (20, 26), (27, 27)]:
        (grad,) = torch.autograd.grad(out[0, 0, r, c], x, retain_graph=True)
        g = grad[0, 0].abs()
        flat = g.flatten()
        i = r * 28 + c
        assert flat[i:].sum() == 0, f"output ({r}, {c}) sees pixel {int(flat[i:].nonzero()[0]) + i}"
        if c > 0:
            assert g[r, c - 1] > 0, f"({r}, {c}) does not see its left neighbour"
        if r > 0:
            assert g[r - 1, c] > 0, f"({r}, {c}) does not see the pixel above"
            # the up-right region: stacked 3x3 masks (the original PixelCNN) never reach (r-1, c+2),
            # (r-1, c+3) or (r-2, c+3); the gated PixelCNN's vertical stack must
            up_right = [(r - 1, c + 1), (r - 1, c + 2), (r - 1, c + 3), (r - 2, c + 3)]
            for rr, cc in up_right:
                if rr >= 0 and cc <= 27:
                    assert g[rr, cc] > 0, f"({r}, {c}) is blind at ({rr}, {cc}), up and to the right"


def test_row_cached_sampling_equals_784_full_passes(small_pixelcnn):
    cached = pixelcnn.sample(small_pixelcnn, 2, seed=3)
    naive = pixelcnn.sample(small_pixelcnn, 2, seed=3, naive=True)
    assert torch.equal(cached, naive)
    assert set(cached.unique().tolist()) <= {0.0, 1.0}


def test_the_row_cache_gives_the_shipped_models_probabilities(shipped_pixelcnn):
    """Every probability the cached sampler drew from equals the full network's on the finished canvas
    (causality: a pixel's conditional depends only on what came before it), within 1e-5."""
    for _, canvas, probs in pixelcnn.sample_rows(shipped_pixelcnn, 3, seed=11):
        pass
    with torch.inference_mode():
        full = torch.sigmoid(shipped_pixelcnn(canvas))
    assert (probs - full).abs().max() < 1e-5
    assert 0.001 < float(probs.mean()) < 0.5   # real probabilities, not a blank canvas


def test_completion_keeps_the_visible_part_exactly():
    s = fam.CompletionSettings(digit=3, mask="bottom", count=3, seed=1)
    source, done = fam.completions(s)
    assert torch.equal(done[:, :, :14], source[:, :, :14].expand(3, 1, 14, 28))
    for i in range(3):   # every pair of completions differs in what was drawn
        for j in range(i + 1, 3):
            assert not torch.equal(done[i, :, 14:], done[j, :, 14:]), (i, j)
    frames = list(fam.completion(s))
    assert frames[-1].done and frames[0].step == 14  # nothing to draw in the visible rows


def test_an_uploaded_digit_can_be_completed():
    digit = torch.zeros(1, 1, 28, 28)
    digit[..., 4:24, 12:16] = 1.0  # a "1"
    s = fam.CompletionSettings(mask="lower-right", count=2)
    source, done = fam.completions(s, digit)
    hidden = fam.mask_for("lower-right").expand_as(done)
    assert torch.equal(done[~hidden], source.expand_as(done)[~hidden])


def test_frechet_distance_of_the_test_set_with_itself_is_zero_and_of_noise_large():
    test = fam.test_images()
    assert fam.frechet_to_test(test) < 1e-6
    half = torch.randperm(len(test), generator=torch.Generator().manual_seed(0))
    between_halves = fam.frechet(fam.gaussian(fam.features(test[half[:5000]])),
                                 fam.gaussian(fam.features(test[half[5000:]])))
    noise = fam.frechet_to_test(torch.rand(2000, 1, 28, 28, generator=torch.Generator().manual_seed(0)))
    assert between_halves < 10 < 300 < noise


def test_the_binarised_test_set_is_the_one_the_manifest_names():
    """Stochastic binarisation with seed 0 (not the fixed Larochelle-Murray set): the tensor every NLL here
    is measured on has the sha256 the PixelCNN's manifest entry records."""
    binary = fam.test_images(binary=True)
    recorded = zoo.entry("pixelcnn")["test_set"]
    assert recorded["seed"] == pixelcnn.TEST_BINARISATION_SEED == 0 and recorded["digits"] == len(binary) == 10_000
    assert "Larochelle" in recorded["protocol"] and "stochastic" in recorded["protocol"]
    assert pixelcnn.tensor_sha256(binary) == recorded["sha256"]
    assert pixelcnn.tensor_sha256(pixelcnn.binarise(fam.test_images(), seed=1)) != recorded["sha256"]


def test_the_binarised_reference_has_the_floor_and_ceiling_the_docs_quote():
    """The comparable column's scale: 512 random test digits, binarised a second time, against the binarised
    test set (the floor for 512 samples, docs: 12.0), and 512 binarised noise images (docs: 1,399)."""
    test = fam.test_images()
    pick = torch.randperm(len(test), generator=torch.Generator().manual_seed(0))[:fam.SMALL]
    floor = fam.frechet_to_test(fam.binarised(test[pick], seed=1), binary=True)
    noise = fam.frechet_to_test(fam.binarised(torch.rand(fam.SMALL, 1, 28, 28,
                                                         generator=torch.Generator().manual_seed(0))), binary=True)
    assert round(floor, 1) == 12.0 and round(noise) == 1399


def test_the_shipped_pixelcnn_nll_re_measured_on_500_fixed_digits():
    """The exact NLL of the first 500 binarised test digits, measured here, within 1 nat of the figure the
    manifest records for the same 500 (and the full test set's figure meets the target)."""
    e = zoo.entry("pixelcnn")["metrics"]
    nll = pixelcnn.evaluate(fam.load("pixelcnn"), fam.test_images(binary=True)[:500])["test_nll_nats"]
    assert abs(nll - e["test_nll_nats_first500"]) < 1
    assert nll < 100 and e["test_nll_nats"] <= 92



def test_the_pages_vae_is_the_vaegans_networks_and_budget():
    """VAE against VAE-GAN isolates the loss: same architecture, latent size, data, batches, optimiser, epochs."""
    vae, vaegan = zoo.entry(fam.model_name("vae")), zoo.entry(fam.model_name("vaegan"))
    assert vae["config"] == vaegan["config"] and vae["latent_dim"] == vaegan["latent_dim"]
    assert vae["epochs"] == vaegan["epochs"] and vae["seed"] == vaegan["seed"]
    for flag in ("--lr", "--batch-size", "--latent-dim", "--width", "--data-root", "--threads"):
        value = lambda e: e["command"].split(flag + " ")[1].split()[0]   # noqa: E731
        assert value(vae) == value(vaegan), flag
    a, b = fam.load("vae"), fam.load("vaegan")
    assert type(b) in type(a).__mro__ and {k: v.shape for k, v in a.state_dict().items()} == {
        k: v.shape for k, v in b.state_dict().items()}


@pytest.mark.parametrize("family", ["vae", "vaegan"])
def test_the_reconstruction_figures_re_measured_equal_the_manifests(family):
    """The manifest's reconstruction figures (first 1,000 test digits) measured again from the shipped weights."""
    m = zoo.entry(fam.model_name(family))["metrics"]
    assert abs(fam.recon_sharpness(family, fam.RECON_DIGITS) - m["recon_sharpness"]) < 1e-4
    assert abs(fam.recon_confidence(family, fam.RECON_DIGITS) - m["recon_confidence"]) < 1e-3


def test_noise_raises_the_gradient_magnitude_but_not_the_classifiers_confidence():
    """Why the page reports two numbers per row: edges alone would call a noisy picture sharp."""
    x, y = fam.test_images()[:500], fam.test_labels()[:500]
    rec = fam.recon("vae", x)
    noisy = (rec + 0.3 * torch.randn(rec.shape, generator=torch.Generator().manual_seed(0))).clamp(0, 1)
    clean, dirty = fam.recon_figures(rec, y), fam.recon_figures(noisy, y)
    assert dirty["edges"] > 1.5 * clean["edges"] and dirty["confidence"] <= clean["confidence"]


def test_vaegan_reconstructs_with_stronger_edges_than_the_same_networks_as_a_vae():
    x = fam.test_images()[:500]
    assert fam.sharpness(fam.recon("vaegan", x)) > fam.sharpness(fam.recon("vae", x))
    image, caption = fam.reconstruction_sheet(fam.ReconSettings(first=7))
    assert image.width > 800 and caption.startswith("Test images #7 to #16 (showing 9, 5, 9, 0,")
    assert "noise does not raise it" in caption


def test_live_sampling_streams_a_frame_per_row():
    frames = list(fam.live_sampling(fam.LiveSettings(count=2, seed=5)))
    assert [f.step for f in frames] == list(range(29))
    assert "row 28 of 28" in frames[-1].caption and frames[-1].metrics["pixels"] == 784


def test_a_bad_mask_is_refused_with_a_sentence():
    from studio.errors import StudioError

    with pytest.raises(StudioError, match="not an option"):
        fam.CompletionSettings(mask="top")


def test_the_page_renders_in_streamlit():
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=180).run()
    at.switch_page("pages/7_Model_families.py").run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "Reconstructions: VAE vs VAE-GAN" in " ".join(h.value for h in at.subheader)
    assert "no likelihood" in text or "has no likelihood" in text
    at.button(key="families.samples.draw").click().run()
    assert not at.exception
    image, caption, _ = at.session_state["families.samples.sheet"]
    assert caption.startswith("Samples, seed 0") and image.width > 1000


def test_the_table_says_which_likelihood_is_exact_a_bound_or_missing():
    rows = [{"family": f, "title": fam.FAMILIES[f].title, "kind": fam.FAMILIES[f].kind,
             "density": fam.FAMILIES[f].density, "seconds_per_64": 1.0, "frechet_binary": 7.0,
             "classes_covered": 10, "class_entropy_bits": 3.3, "samples_binary": 512,
             "frechet_grey": None if f == "pixelcnn" else 5.0, "samples_grey": None if f == "pixelcnn" else 10_000,
             "nll_nats": None if f == "dcgan" else 90.0} for f in fam.ORDER]
    md = fam.table_markdown(rows)
    assert "**90.0** (exact)" in md and "≤ 90.0 (bound)" in md and "— (no density)" in md
    assert "— (binary samples)" in md and "(512 samples, binarised)" in md and md.count("\n") == 5


def test_the_table_scores_every_family_against_one_reference(monkeypatch):
    """The comparable columns: the same number of samples of each family, binarised, against the binarised
    test set (here 64 and 500 samples, and no likelihoods, to stay quick); seconds per 64 after a warm-up."""
    monkeypatch.setattr(fam, "SMALL", 64)
    monkeypatch.setattr(fam, "FRECHET_SAMPLES", 500)
    monkeypatch.setattr(fam, "binarised_likelihoods", lambda: {"pixelcnn": 90.0, "vae": 100.0, "vaegan": 130.0})
    calls = []
    monkeypatch.setattr(fam, "frechet_to_test", lambda images, binary=False: calls.append(
        (len(images), binary, set(images.unique().tolist()) <= {0.0, 1.0})) or 1.0)
    fam.table.clear()
    try:
        rows = fam.table()
    finally:
        fam.table.clear()
    assert [r["samples_binary"] for r in rows] == [64] * 4
    assert [r["samples_grey"] for r in rows] == [500, 500, 500, None]
    assert calls.count((64, True, True)) == 4                   # one reference, binary samples, for all four
    assert calls.count((500, False, False)) == 3                # the grey column: the three grey families only
    assert all(r["seconds_per_64"] > 0 for r in rows)


def test_timing_drops_the_warm_up():
    assert fam.warm_seconds([9.0, 1.0, 1.2, 1.1]) == 1.1 and fam.warm_seconds([2.0]) == 2.0


def test_the_shipped_pixelcnn_sample_figures_re_measured():
    """The manifest's sample figures for the PixelCNN (Fréchet distance to the binarised test set, classes
    covered, class entropy, all on SMALL samples), drawn again here with the training script's own seeds:
    sampling is deterministic per seed, so the figures must come back (to rounding), not just be read."""
    e = zoo.entry("pixelcnn")["metrics"]
    images, _ = fam.pixelcnn_samples(fam.load("pixelcnn"), fam.SMALL)
    m = fam.measure_samples("pixelcnn", images)
    assert e["samples_binary"] == fam.SMALL == len(images)
    assert abs(m["frechet_binary"] - e["frechet_binary"]) < 0.5, (m["frechet_binary"], e["frechet_binary"])
    assert m["classes_covered"] == e["classes_covered"]
    assert abs(m["class_entropy_bits"] - e["class_entropy_bits"]) < 0.01
