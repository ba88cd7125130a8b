"""The VAE latent-manifold page: core behaviour, both front ends."""

import io

import numpy as np
import pytest
import torch
from PIL import Image
from streamlit.testing.v1 import AppTest

from conftest import REPO
from studio import images, zoo
from studio.models import classifier
from studio.models import vae
from studio.demos.vae import walk as vw
from studio.digits import load_digit, to_mnist
from studio.errors import StudioError


@pytest.fixture(scope="module")
def test_digits(mnist_root):
    mu, labels, images = vw.encoded_test_set("vae-latent2", 2000)
    return mu, labels, images


def test_grid_corners_decode_to_different_digits():
    judge = zoo.load_model("mnist-classifier")
    n = 15
    tiles = vae.manifold_grid(vw.load_vae("vae-latent2"), n=n, span=2.5)
    corners = tiles[[0, n - 1, n * (n - 1), n * n - 1]]
    assert len(set(classifier.predict(judge, corners).tolist())) >= 3
    image = vw.grid_image(vw.GridSettings(grid_size=n))
    assert image.width > n * 28 * 2 and image.height > n * 28 * 2  # slide-sized, with axes


def test_walk_is_deterministic_and_moves():
    s = vw.WalkSettings(frames=6)
    a, b = vw.walk_frames(s), vw.walk_frames(s)
    assert len(a) == 6 and all(np.array_equal(np.asarray(x), np.asarray(y)) for x, y in zip(a, b))
    assert not np.array_equal(np.asarray(a[0]), np.asarray(a[-1]))
    assert np.array_equal(np.asarray(vw.decode_point(vw.PointSettings(z1=1.0))),
                          np.asarray(vw.decode_point(vw.PointSettings(z1=1.0))))


def test_encoded_means_of_two_classes_are_separated(test_digits):
    mu, labels, _ = test_digits
    ones, zeros = mu[labels == 1], mu[labels == 0]
    c1, c0 = ones.mean(0), zeros.mean(0)
    points = torch.cat([ones, zeros])
    truth = torch.cat([torch.ones(len(ones)), torch.zeros(len(zeros))])
    nearest_is_one = (points - c1).norm(dim=1) < (points - c0).norm(dim=1)
    assert (nearest_is_one.float() == truth).float().mean() > 0.95


@pytest.mark.parametrize("model,spherical", [("vae-latent2", False), ("vae-latent16", True)])
def test_interpolation_endpoints_reconstruct_their_inputs(test_digits, model, spherical):
    _, _, images = test_digits
    s = vw.InterpolationSettings(model=model, digit_a=3, digit_b=2, steps=7, spherical=spherical)
    path = vw.interpolation(s)
    a, b = images[3], images[2]  # a 0 and a 1
    mse = lambda x, y: float(((x - y) ** 2).mean())  # noqa: E731
    assert path.shape == (7, 1, 28, 28)
    assert mse(path[0], a) < 0.5 * mse(path[0], b) and mse(path[-1], b) < 0.5 * mse(path[-1], a)


def test_slerp_keeps_the_norm_between_equal_norm_codes():
    z0, z1 = torch.tensor([3.0, 0.0]), torch.tensor([0.0, 3.0])
    mid = vw.slerp(z0, z1, torch.tensor([0.5]))[0]
    assert abs(float(mid.norm()) - 3.0) < 1e-4


def test_sampling_temperature_and_seed():
    s = vw.SampleSettings(count=8, seed=1)
    assert torch.equal(vw.samples(s), vw.samples(s))
    cold = vw.samples(vw.SampleSettings(count=8, temperature=0.0))
    assert torch.allclose(cold[0], cold[-1])  # temperature 0: every sample is the decoded origin
    with pytest.raises(StudioError, match="whole numbers"):
        vw.ReconstructionSettings(indices="three")
    with pytest.raises(StudioError, match="'²' is not one"):   # isdigit() is true, int() fails
        vw.ReconstructionSettings(indices="1, ²")


def test_uploaded_photo_becomes_a_centred_mnist_digit(test_digits):
    _, _, images = test_digits
    original = images[0, 0]  # a 7
    # Print it large, dark on light paper, off-centre, as a phone photo of paper would be.
    paper = np.full((400, 600), 225, dtype=np.uint8)
    ink = (255 - original.numpy() * 200).astype(np.uint8)
    big = Image.fromarray(ink).resize((280, 280), Image.BILINEAR)
    photo = Image.fromarray(paper)
    photo.paste(big, (40, 100))
    buf = io.BytesIO()
    photo.convert("RGB").save(buf, "JPEG", quality=90)
    digit = load_digit(buf.getvalue())
    t = digit.tensor[0, 0]
    assert digit.inverted and t.shape == (28, 28) and float(t.max()) > 0.95
    ys, xs = torch.meshgrid(torch.arange(28.0), torch.arange(28.0), indexing="ij")
    cy, cx = float((t * ys).sum() / t.sum()), float((t * xs).sum() / t.sum())
    assert abs(cy - 14.0) < 0.7 and abs(cx - 14.0) < 0.7  # where MNIST centres its digits
    corr = np.corrcoef(t.flatten().numpy(), original.flatten().numpy())[0, 1]
    assert corr > 0.8
    assert [c for c, _ in digit.steps][-1].startswith("20 px box")


def test_an_empty_page_is_refused():
    with pytest.raises(StudioError, match="No digit found"):
        to_mnist(Image.new("RGB", (100, 100), "white"))


def _image_urls(at):
    return [el.proto.imgs[0].url for el in at.get("image")]


def test_streamlit_page_sliders_change_the_pictures(mnist_root):
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120).run()
    at.switch_page("pages/3_VAE_latent_walk.py").run()
    assert not at.exception
    before = _image_urls(at)
    at.slider(key="vae.point.z1").set_value(2.0).run()
    at.slider(key="vae.grid.grid_size").set_value(8).run()
    after = _image_urls(at)
    assert not at.exception and len(after) == len(before)
    assert sum(a != b for a, b in zip(before, after)) >= 2
    assert any("grid_size=8" in el.proto.imgs[0].caption for el in at.get("image"))


def test_gradio_functions_answer(mnist_root):
    from studio.demos.vae import gradio as vae_gradio

    assert vae_gradio.grid(6, 2.0).size[0] > 6 * 28
    digit, fig = vae_gradio.decode(0.5, -0.5, 2.5)
    assert digit.size == (224, 224) and len(fig.data) == 11
    gif, strip, caption = vae_gradio.walk(-2, -2, 2, 2, 5)
    assert "frames=5" in caption and not images.has_caption(strip)   # the caption is page text, not baked in
    assert Image.open(gif).n_frames == 5
    strip, gif, caption = vae_gradio.interpolate("vae-latent16", 3, 2, 6, True)
    assert "steps=6" in caption
    assert Image.open(gif).n_frames >= 6
    sheet, caption = vae_gradio.sample("vae-latent2", 1.0, 4, 0)
    assert sheet.width > 4 * 28 and "vae-latent2" in caption
