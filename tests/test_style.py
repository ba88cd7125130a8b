"""Style transfer: the core on tiny images with MobileNetV2's ImageNet weights, the inputs' edge
cases, and both front ends running a tiny preset."""

import io
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image
from streamlit.testing.v1 import AppTest

from conftest import REPO
from studio import gallery, images
from studio.demos.style import style
from studio.device import cpu_threads
from studio.errors import StudioError


@pytest.fixture(autouse=True, scope="module")
def one_thread():
    """Tiny images: a second OpenMP thread costs more than it saves (and spins on a busy machine)."""
    with cpu_threads(1):
        yield


def tiny(**kw) -> style.StyleSettings:
    values = dict(backbone="mobilenet_v2", size=64, scales=1, iterations=15, seed=0)
    return style.StyleSettings.from_values({**values, **kw})


@pytest.fixture(scope="module")
def photo() -> Image.Image:
    return images.fit_long_side(images.load_sample("chelsea"), 96)


@pytest.fixture(scope="module")
def paintings(styles_dir) -> dict[str, Image.Image]:
    return {p.stem: images.load_image(p, max_side=256).image for p in sorted(styles_dir.glob("*.jpg"))}


def result(settings, content, styles, **kw) -> Image.Image:
    frames = list(style.run(settings, content, styles, **kw))
    assert frames[-1].done
    return frames[-1].image


def tensor(img: Image.Image) -> torch.Tensor:
    return images.to_tensor(img)


def style_distance(settings, img: Image.Image, painting: Image.Image) -> float:
    """Relative Gram distance of img to the painting, on the run's own layers and size."""
    from studio import backbones

    plan = style.layer_plan(settings)
    extractor = backbones.load_backbone(settings.backbone, True, "cpu").extractor(plan.layers)
    target = style.fit(tensor(img), settings.size)
    objective = style.Objective(extractor, plan, target, [style.fit(tensor(painting), settings.size)], [1.0])
    return objective.style_distance(target)


def chroma_gap(a: Image.Image, b: Image.Image) -> float:
    """Mean absolute difference of the Cb/Cr channels (0 = same colours)."""
    b = b.resize(a.size)
    return float((style.to_ycbcr(tensor(a))[:, 1:] - style.to_ycbcr(tensor(b))[:, 1:]).abs().mean())


# --- the optimisation --------------------------------------------------------------------------

def test_style_loss_falls_and_a_full_size_picture_streams_from_the_coarse_scale(shared_torch_home, photo, paintings):
    s = tiny(scales=2, iterations=10, size=128)
    frames = list(style.run(s, photo, [paintings["starry_night"]]))
    assert [f.metrics["size"] for f in frames] == [64, 64, 128, 128]
    assert frames[0].image.size == frames[-1].image.size == (128, 85)      # the coarse picture is shown full size
    assert [f.step for f in frames] == [5, 10, 15, 20] and frames[-1].done
    before = style_distance(s, photo, paintings["starry_night"])
    after = style_distance(s, frames[-1].image, paintings["starry_night"])
    assert after < 0.5 * before, (before, after)
    assert "style_weight=10" in frames[-1].caption and "iterations=10" in frames[-1].caption


def test_raising_the_content_weight_keeps_the_picture_closer_to_the_photo(shared_torch_home, photo, paintings):
    art = [paintings["the_scream"]]
    gaps = [float((tensor(result(tiny(content_weight=w), photo, art)) - style.fit(tensor(photo), 64)).abs().mean())
            for w in (0.1, 100.0)]
    assert gaps[1] < 0.7 * gaps[0], gaps


def test_keeping_the_photos_colours_keeps_its_chroma(shared_torch_home, photo, paintings):
    art = [paintings["starry_night"]]
    small = images.fit_long_side(photo, 64)
    gap = {mode: chroma_gap(result(tiny(colour=mode), photo, art), small)
           for mode in ("style", "luminance", "histogram")}
    assert gap["luminance"] < 0.25 * gap["style"], gap
    assert gap["histogram"] < gap["style"], gap


def test_a_blend_of_two_styles_lands_between_them(shared_torch_home, photo, paintings):
    a, b = paintings["starry_night"], paintings["the_scream"]
    s = tiny(iterations=20)
    only_a, only_b = result(s, photo, [a]), result(s, photo, [b])
    mix = result(tiny(iterations=20, blend=0.5), photo, [a, b])
    assert style_distance(s, mix, a) < style_distance(s, only_b, a)
    assert style_distance(s, mix, b) < style_distance(s, only_a, b)
    # explicit weights: all on the first style is the first style alone
    assert np.array_equal(np.asarray(result(s, photo, [a, b], style_weights=[1, 0])), np.asarray(only_a))


def test_same_seed_same_image_another_seed_another(shared_torch_home, photo, paintings):
    art = [paintings["shipwreck"]]
    s = tiny(init="noise", iterations=5, optimizer="adam")
    a, b = result(s, photo, art), result(s, photo, art)
    c = result(tiny(init="noise", iterations=5, optimizer="adam", seed=1), photo, art)
    assert np.array_equal(np.asarray(a), np.asarray(b))
    assert not np.array_equal(np.asarray(a), np.asarray(c))


@pytest.mark.parametrize("backbone", ["vgg19", "vgg16"])
def test_vgg_backbones_run_with_their_paper_layers(backbone, photo):
    s = tiny(backbone=backbone, iterations=2, init="style", style_layers="coarse", layer_tilt=1.0)
    plan = style.layer_plan(s)
    assert plan.content == "relu4_2" and len(plan.style) == 3
    weights = list(plan.style.values())
    assert weights[-1] > weights[0] and abs(sum(weights) - 1) < 1e-6  # tilted towards coarse layers
    assert result(s, photo, [images.load_sample("hubble_deep_field")], pretrained=False).size == (64, 43)


# --- inputs: uploads, sizes, weights ----------------------------------------------------------

def png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def test_grey_and_transparent_uploads_become_rgb_with_a_note():
    grey = gallery.load_upload(png(Image.new("L", (64, 48), 120)))
    assert grey.image.mode == "RGB" and any("black and white" in n for n in grey.notices)
    clear = Image.new("RGBA", (64, 48), (255, 0, 0, 0))
    see_through = gallery.load_upload(png(clear))
    assert see_through.image.getpixel((5, 5)) == (255, 255, 255)
    assert any("Transparent" in n for n in see_through.notices)
    notes = style.check_inputs(tiny(colour="luminance"), grey.image, [images.load_sample("retina")])
    assert any("black and white" in n for n in notes)


def test_mismatched_sizes_work_and_thin_or_tiny_images_get_a_message(photo):
    s = tiny(iterations=1)
    tall_style = images.load_sample("coffee").resize((120, 200))
    assert result(s, photo, [tall_style], pretrained=False).size == (64, 43)   # the photo's shape, not the style's
    with pytest.raises(StudioError, match="too thin"):
        list(style.run(s, Image.new("RGB", (900, 20)), [tall_style], pretrained=False))
    notes = style.check_inputs(tiny(size=512), photo, [Image.new("RGB", (40, 40), "red")])
    assert any("enlarged" in n for n in notes)
    with pytest.raises(StudioError, match="at least one style"):
        list(style.run(s, photo, []))
    with pytest.raises(StudioError, match="blend weights"):
        list(style.run(s, photo, [photo, photo], style_weights=[0, 0]))


def test_absurd_weights_are_clamped_with_a_notice_and_unknown_choices_refused():
    s = style.StyleSettings.from_values({"style_weight": 1e30, "content_weight": -5, "tv_weight": float("nan"),
                                         "size": 10_000})
    assert s.style_weight == 1e5 and s.content_weight == 1e-2 and s.tv_weight == 10.0 and s.size == 1024
    assert len(s.notices) == 4
    with pytest.raises(StudioError, match="not an option"):
        style.StyleSettings(backbone="resnet50")


def test_the_gallery_folder_feeds_the_pickers(styles_dir, monkeypatch):
    monkeypatch.setenv("STUDIO_GALLERY", str(styles_dir))
    keys = gallery.choices()
    assert "sample:astronaut" in keys and "gallery:starry_night.jpg" in keys
    assert gallery.default_painting() == "gallery:shipwreck.jpg"
    assert gallery.load_choice("gallery:the_scream.jpg").image.mode == "RGB"
    assert gallery.choice_label("gallery:woman-with-hat-matisse.jpg") == "Gallery: woman with hat matisse"
    with pytest.raises(StudioError):
        gallery.load_choice("gallery:../../../etc/passwd")
    monkeypatch.delenv("STUDIO_GALLERY")
    assert gallery.default_painting() == "sample:hubble_deep_field"


# --- front ends ---------------------------------------------------------------------------------

def test_streamlit_page_stylises_a_tiny_preset_and_swaps(shared_torch_home, styles_dir, monkeypatch):
    monkeypatch.setenv("STUDIO_GALLERY", str(styles_dir))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120).run()
    at.switch_page("pages/2_Style_transfer.py").run()
    assert not at.exception and not at.error
    assert at.selectbox(key="style.style").value == "gallery:shipwreck.jpg"
    at.button(key="style.swap").click().run()
    assert at.selectbox(key="style.content").value == "gallery:shipwreck.jpg"
    assert at.selectbox(key="style.style").value == "sample:chelsea"
    at.button(key="style.swap").click().run()
    at.selectbox(key="style.style2").set_value("gallery:the_scream.jpg").run()
    at.slider(key="style.size").set_value(64)
    at.slider(key="style.scales").set_value(1)
    at.slider(key="style.iterations").set_value(10)
    at.selectbox(key="style.colour").set_value("luminance").run()
    at.button(key="style.run").click().run()
    assert not at.exception and not at.error
    captions = " ".join(c.value for c in at.caption)
    assert "final losses" in captions
    assert [b.label for b in at.get("download_button")] == ["PNG", "PNG with caption", "Slide", "GIF"]
    assert len(at.get("plotly_chart")) == 1


def test_gradio_handler_streams_and_ends_with_downloads(shared_torch_home, upload_path):
    import gradio as gr

    from studio.demos.style import gradio as style_gradio

    values = {"approach": "gatys", "blend": 0.5, "content_weight": 0.0, "style_weight": 1.0, "tv_weight": 1.0,  # log10
              "backbone": "mobilenet_v2", "content_layer": "middle", "style_layers": "all", "layer_tilt": 0.0,
              "style_scale": 1.0, "size": 64, "scales": 1, "iterations": 10, "optimizer": "lbfgs",
              "init": "content", "seed": 0, "colour": "histogram"}
    args = ["sample:astronaut", None, "sample:hubble_deep_field", None, "none", None]
    out = list(style_gradio.stylise(*args, *[values[n] for n in style_gradio.NAMES]))
    assert len(out) == 2 and out[0][3] is None
    image, figure, status, files = out[-1]
    assert image.size == (64, 64) and "Done" in status and "content=astronaut" in status
    assert [Path(f).suffix for f in files] == [".png", ".png", ".png", ".gif"]   # PNG, captioned, slide, GIF
    assert b"studio:settings" in Path(files[0]).read_bytes()
    assert len(figure.data) == 4
    (upload_path / "x.png").write_bytes(Path(files[0]).read_bytes())
    x = str((upload_path / "x.png").resolve())
    assert style_gradio.swap("a", None, "b", x) == ("b", x, "a", None)
    with pytest.raises(gr.Error, match="only files uploaded"):
        style_gradio.swap("a", None, "b", str(Path(files[0])))   # a server file, not an upload
    broken = upload_path / "broken.png"
    broken.write_bytes(b"not an image")
    with pytest.raises(gr.Error, match="not an image"):
        list(style_gradio.stylise(str(broken), str(broken), *args[2:], *[values[n] for n in style_gradio.NAMES]))
