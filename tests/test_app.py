"""Both entries of app.py: the Streamlit home page and pages, and the Gradio Blocks."""

import gradio as gr
import pytest
from streamlit.testing.v1 import AppTest

from conftest import REPO
from studio.demos import DEMOS


def test_streamlit_home_page_shows_demos_device_and_inventory():
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert "Studio" in at.title[0].value
    text = "\n".join(m.value for m in at.markdown)
    for d in DEMOS:
        assert d.title in text
    assert "Computing on **CPU" in text
    assert "MobileNetV2 ImageNet weights" in text and "MNIST digits" in text
    links = [el for el in at.get("page_link")]
    assert len(links) >= len(DEMOS)


# What a visitor sees on each page as soon as it opens, with the weights and data of ../shared:
# the button that starts the work, and for the MNIST demos a first result drawn straight away.
OPENS_WITH = {
    "dream": {"buttons": {"Run", "Run the sweep", "Run the zoom", "Stop"}, "tabs": {"Dream", "Layer sweep"}},
    "style": {"buttons": {"Stylise", "Stop"}, "selects": {"Photo (content)", "Painting (style)", "Network"}},
    "vae": {"tabs": {"Manifold and walk", "Interpolation"}, "sliders": {"z₁", "z₂"}, "pictures": True},
    "gan": {"buttons": {"Start", "Stop", "Step (100)"}, "captions": "step 0 of 3000", "pictures": True},
    "denoise": {"sliders": {"Noise level"}, "captions": "mean SSIM", "pictures": True},
    "foundations": {"tabs": {"Dataset statistics", "Learn to paint", "Paint many images"},
                    "buttons": {"Start", "Stop", "Reset"}, "selects": {"Pictures", "Positional encoding"},
                    "captions": "step 0 of 2000", "pictures": True},
    "families": {"buttons": {"Draw samples", "Sample", "Complete", "Stop", "Measure all four (about two minutes, once per "
                             "server)"}, "sliders": {"Samples", "Temperature"}, "selects": {"Hide"}, "pictures": True},
}


@pytest.mark.parametrize("demo", DEMOS, ids=[d.key for d in DEMOS])
def test_every_demo_page_opens_ready_to_use(demo, mnist_root, shared_torch_home):
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120).run()
    at.switch_page(demo.page).run()
    assert not at.exception
    assert demo.title in at.title[0].value
    want = OPENS_WITH[demo.key]
    assert want.get("buttons", set()) <= {b.label for b in at.button}
    assert want.get("tabs", set()) <= {t.label for t in at.tabs}
    assert want.get("sliders", set()) <= {s.label for s in at.slider}
    assert want.get("selects", set()) <= {s.label for s in at.selectbox}
    if "captions" in want:
        assert any(want["captions"] in c.value for c in at.caption)
    if want.get("pictures"):
        assert len(at.get("image")) >= 1
    # Nothing is missing, so the only red box allowed is the GAN page's verdict on a collapsed snapshot.
    assert [e.value for e in at.error if not e.value.startswith("Collapsed:")] == []


def test_importing_app_builds_the_gradio_blocks_without_launching():
    import app

    blocks = app.build_blocks()
    assert isinstance(blocks, gr.Blocks) and not blocks.is_running
    labels = [b.label for b in blocks.blocks.values() if isinstance(b, gr.Tab)]
    wanted = ["Studio"] + [f"{d.icon} {d.title}" for d in DEMOS]
    assert [label for label in labels if label in wanted] == wanted  # demos may nest their own tabs
    assert blocks.analytics_enabled is False
    assert blocks._queue.max_size is not None  # bounded queue
    # no change starts two queued "always last" events: the browser's replays of that change would restart
    # them after each other for as long as the page is open (a GAN link on a busy server did, in CI)
    from studio.ui.gradio_ui import one_follower_per_change

    assert one_follower_per_change(blocks) == []


def test_missing_data_gives_messages_not_tracebacks(tmp_path, monkeypatch):
    """No MNIST, no weights, no network: both front ends still serve and say what is missing."""
    import app
    from studio import mnist

    monkeypatch.setenv("STUDIO_DATA_ROOT", str(tmp_path / "nothing"))
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))
    mnist.load_mnist.cache_clear()
    from studio.demos.vae import walk as vw

    vw.encoded_test_set.cache_clear()
    blocks = app.build_blocks()
    text = " ".join(str(getattr(b, "value", "")) for b in blocks.blocks.values())
    assert "MNIST is not in" in text and "make fetch" in text
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120).run()
    assert not at.exception
    at.switch_page("pages/3_VAE_latent_walk.py").run()
    assert not at.exception and any("make fetch" in e.value for e in at.error)
    mnist.load_mnist.cache_clear()
    vw.encoded_test_set.cache_clear()
