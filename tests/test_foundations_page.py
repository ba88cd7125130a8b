"""The Foundations page in both front ends: Streamlit through AppTest, Gradio through its handlers."""

import io
import zipfile

import numpy as np
from PIL import Image
from streamlit.testing.v1 import AppTest

from conftest import REPO
from studio.demos.foundations import paint, stats

PAGE = "pages/6_Foundations.py"


def _page() -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120).run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def _text(at) -> str:
    return " ".join(m.value for m in at.markdown) + " ".join(c.value for c in at.caption)


def test_streamlit_statistics_follow_the_source(mnist_root):
    at = _page()
    assert "60,000 pictures" in _text(at) and len(at.get("image")) >= 4
    at.selectbox(key="foundations.stats.source").set_value("samples").run()
    assert not at.exception and "8 pictures" in _text(at)
    at.selectbox(key="foundations.stats.norm").set_value("channel").run()
    assert not at.exception and any("normalised per channel" in str(c.proto.spec) for c in at.get("plotly_chart"))


def test_streamlit_painting_trains_when_started(mnist_root):
    at = _page()
    at.selectbox(key="foundations.paint.image").set_value("chelsea").run()
    at.slider(key="foundations.paint.size").set_value(48).run()
    at.button(key="foundations.paint.start").click().run()
    assert not at.exception
    status = next(c.value for c in at.caption if c.value.startswith("step ") and "of 2000" in c.value)
    assert not status.startswith("step 0 ")
    at.button(key="foundations.paint.stop").click().run()
    assert not at.exception
    assert any(b.proto.label == "GIF" for b in at.get("download_button"))


def _files(tmp_path) -> list[str]:
    paths = []
    rng = np.random.default_rng(0)
    for i in range(2):
        path = tmp_path / f"photo{i}.png"
        Image.fromarray(rng.integers(0, 256, (40, 60, 3), dtype=np.uint8)).save(path)
        paths.append(str(path))
    (tmp_path / "notes.jpg").write_bytes(b"these are not pixels")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("in_zip.png", (tmp_path / "photo0.png").read_bytes())
        zf.writestr("../evil.png", (tmp_path / "photo1.png").read_bytes())
        zf.writestr("**bold** [x](http://example.com).png", b"not a picture")
    (tmp_path / "class.zip").write_bytes(buf.getvalue())
    return paths + [str(tmp_path / "notes.jpg"), str(tmp_path / "class.zip")]


def test_gradio_statistics_of_an_uploaded_set_name_what_was_refused(upload_path):
    from studio.demos.foundations import gradio as fg

    values = [stats.StatsSettings.control_of(n).to_widget(v) for n, v in
              stats.StatsSettings(source="yours", side=32).to_dict().items()]
    summary, sheet, pair, normalised, fig, files, classes, _ = fg.measure(*values, _files(upload_path))
    assert "3 pictures" in summary
    from studio.controls import literal

    assert f"**{literal('notes.jpg')}** was left out" in summary and literal("class.zip/../evil.png") in summary
    # a file name is shown as the text it is, never as markdown (bold, a link)
    assert literal("class.zip/**bold** [x](http://example.com).png") in summary and "](http" not in summary
    assert sheet.width > 0 and pair.width > 0 and len(fig.data) == 6 and files


def test_gradio_painting_streams_and_exports():
    from studio.demos.foundations import gradio as fg

    values = [paint.PaintSettings.control_of(n).to_widget(v) for n, v in
              paint.PaintSettings(image="coffee", size=32, steps=100).to_dict().items()]
    frames = list(fg.paint_start(None, None, *values))
    state, picture, chart, status = frames[-1]
    assert state.step == 100 and "step 100 of 100" in status and picture.width > 500
    files = fg.export(state)
    assert any(f.endswith(".gif") for f in files) and any(f.endswith(".png") for f in files)
    many = [paint.ManySettings.control_of(n).to_widget(v) for n, v in
            paint.ManySettings(size=32, count=2, steps=100).to_dict().items()]
    *_, last = fg.many_start(None, *many)
    assert "against their average" in last[-1]


def test_gradio_race_gives_both_settings_time():
    from studio.demos.foundations import gradio as fg

    a = [paint.PaintSettings.control_of(n).to_widget(v) for n, v in
         paint.PaintSettings(image="chelsea", size=32, steps=100).to_dict().items()]
    fourier = paint.PaintSettings(encoding="fourier").to_dict()
    b = [paint.PaintSettings.control_of(n).to_widget(fourier[n]) for n in fg.RACE_FIELDS]
    stream = fg.race_start(None, None, *a, *b)
    next(stream)
    race, picture, chart, status = next(stream)
    stream.close()
    assert race.a.step > 0 and race.b.step > 0 and "B (Fourier 10)" in status and picture.width > 700


def test_many_paintings_numbers_say_the_same_in_both_front_ends():
    """Both front ends show page.psnr_metrics: Streamlit as metrics, Gradio as one line (page.psnr_line).
    Told which picture is meant, the network paints each: no 'against their average' in either."""
    from studio.demos.foundations import page

    for index_input, pairs in ((False, 2), (True, 1)):
        p = paint.painter(paint.ManySettings(size=32, count=2, index_input=index_input))
        metrics, line = page.psnr_metrics(p), page.psnr_line(p)
        assert len(metrics) == pairs and ("against their average" in line) == (pairs == 2)
        assert all(f"**{value}**" in line for _, value, _ in metrics)
