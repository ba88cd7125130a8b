"""A workshop laptop with only part of the downloads: each part of a page works or says, in place,
what it is missing; nothing waits for Run to say that the weights are not here."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest

from conftest import REPO


@pytest.fixture
def no_mnist(tmp_path, monkeypatch):
    from studio import mnist
    from studio.demos.vae import walk as vae_walk

    monkeypatch.setenv("STUDIO_DATA_ROOT", str(tmp_path / "no-data"))
    mnist.load_mnist.cache_clear()
    vae_walk.encoded_test_set.cache_clear()
    yield
    mnist.load_mnist.cache_clear()
    vae_walk.encoded_test_set.cache_clear()


def _captions(at) -> str:
    return " ".join(img.proto.imgs[0].caption for img in at.get("image") if img.proto.imgs)


def test_vae_page_without_mnist_still_samples_and_walks(no_mnist):
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120).run()
    at.switch_page("pages/3_VAE_latent_walk.py").run()
    assert not at.exception
    assert "VAE manifold · grid_size=15" in _captions(at)          # the grid and the live decode need no MNIST
    assert len([e for e in at.error if "MNIST is not in" in e.value]) == 3   # scatter, interpolation, reconstructions
    at.number_input(key="vae.samples.seed").set_value(7).run()      # the samples tab is there and answers
    assert not at.exception and any(img.proto.imgs for img in at.get("image"))


def test_gradio_vae_tab_builds_without_mnist_and_samples(no_mnist):
    import app
    from studio.demos.vae import gradio as vae_gradio

    blocks = app.build_blocks()
    labels = {getattr(b, "label", None) for b in blocks.blocks.values()}
    assert "Samples from the prior" in labels and "Manifold grid" in labels   # the tab was built
    texts = " ".join(str(getattr(b, "value", "")) for b in blocks.blocks.values())
    assert "needs them: MNIST is not in" in texts
    sheet, _ = vae_gradio.sample("vae-latent16", 1.0, 8, 3)
    digit, figure = vae_gradio.decode(1.0, -1.0, 2.5)
    assert sheet.width > 8 * 28 and digit.size == (224, 224) and figure is None


def test_denoising_your_own_digit_without_mnist(no_mnist, upload_path):
    from studio.demos.denoise import gradio as g
    from studio.demos.denoise import compare as dc

    paper = np.full((200, 200, 3), 255, np.uint8)
    paper[30:170, 90:110] = 0                                   # a 1
    path = upload_path / "one.png"
    Image.fromarray(paper).save(path)
    values = dc.DenoiseSettings().to_dict()
    sheet, note, _ = g.compare(*values.values(), None, None)   # random test digits: said in place
    assert sheet is None and "MNIST is not in" in note and "your own digit" in note
    values["source"] = "yours"
    sheet, table, steps = g.compare(*values.values(), None, str(path))
    assert sheet is not None and "| denoising AE |" in table and steps
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120).run()
    at.switch_page("pages/5_Denoising.py").run()
    assert not at.exception and any("MNIST is not in" in e.value for e in at.error)
    at.selectbox(key="denoise.source").set_value("yours").run()
    at.file_uploader(key="denoise.upload").set_value(("one.png", path.read_bytes(), "image/png")).run()
    assert not at.exception and len(at.metric) == 4                 # the comparison, without MNIST


def test_dream_says_at_once_which_network_is_here(shared_torch_home):
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120).run()
    at.switch_page("pages/1_DeepDream.py").run()
    at.selectbox(key="dream.backbone").set_value("googlenet").run()   # no GoogLeNet weights on this machine
    warnings = " ".join(w.value for w in at.warning)
    assert "not on this computer" in warnings and "MobileNetV2 is on this computer" in warnings
    from studio.demos.dream import gradio as dream_gradio

    assert "MobileNetV2 is on this computer" in dream_gradio.about("googlenet")
    assert "not on this computer" not in dream_gradio.about("mobilenet_v2")


def test_a_damaged_weights_file_leaves_the_dream_tab_standing(shared_torch_home, monkeypatch):
    """Untrusted, the converted stand-in counts as damaged: the tab still builds, Run says so."""
    import gradio as gr

    from studio import backbones
    from studio.demos.dream import gradio as dream_gradio

    monkeypatch.setenv("STUDIO_TRUSTED_WEIGHTS", "")
    backbones.load_backbone.cache_clear()          # a network loaded (trusted) by an earlier test
    with gr.Blocks():
        dream_gradio.build_tab()
    ctl = dream_gradio.DreamSettings.control_of
    tiny = {"backbone": "mobilenet_v2", "size": 64, "octaves": 1, "steps": 1}
    args = [tiny.get(n, ctl(n).to_widget(ctl(n).default)) for n in dream_gradio.NAMES]
    with pytest.raises(gr.Error, match="damaged"):
        list(dream_gradio.run_dream(None, None, "features.10", *args))
    backbones.load_backbone.cache_clear()
