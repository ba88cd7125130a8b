"""Gradio: the denoising tab. Every control updates the comparison at once (it takes milliseconds)."""

from __future__ import annotations

import tempfile

import gradio as gr
import numpy as np
from PIL import Image

from studio import denoise as dn
from studio.digits import load_digit, to_mnist
from studio.images import png_bytes, with_caption
from studio.ui.gradio_ui import friendly, settings_components, settings_from

NAMES = [name for name, _ in dn.DenoiseSettings.controls()]
DRAW_PROMPT = ("✍️ Pick the brush under *Draw a digit* and draw one digit, or upload a photo of one. "
               "It is turned into MNIST form first: white on black, 20 px box, centred in 28×28.")


def _drawn(drawing) -> Image.Image | None:
    """The sketchpad's picture, or None while nothing has been drawn on it."""
    composite = drawing.get("composite") if isinstance(drawing, dict) else drawing
    if composite is None:
        return None
    arr = np.asarray(composite)
    return Image.fromarray(arr) if arr.size and arr.min() != arr.max() else None   # blank: one colour


def your_digit(drawing=None, upload=None):
    """(tensor, steps) from the drawing if there is one, else the uploaded file; (None, []) when neither."""
    picture = _drawn(drawing)
    if picture is not None:
        digit = to_mnist(picture)
    elif upload:
        digit = load_digit(upload)
    else:
        return None, []
    return digit.tensor, [(img, caption) for caption, img in digit.steps]


def _png_file(image: Image.Image, settings: dn.DenoiseSettings, caption: str) -> str:
    with tempfile.NamedTemporaryFile(prefix=f"denoise-{settings.noise}-", suffix=".png", delete=False) as fh:
        fh.write(png_bytes(with_caption(image, caption), settings.to_dict(), caption))
    return fh.name


def compare(*values):
    """Settings values (in DenoiseSettings order), then the drawing and the upload ->
    (comparison sheet, metrics table, captioned PNG path, your digit's steps)."""
    settings = settings_from(dn.DenoiseSettings, NAMES, values[:len(NAMES)])
    for notice in settings.notices:
        gr.Info(notice)
    digit, steps = your_digit(*values[len(NAMES):]) if settings.source == "yours" else (None, [])
    if settings.source == "yours" and digit is None:   # the normal first step, not an error
        return None, DRAW_PROMPT, None, []
    result = dn.compare(settings, digit)
    sheet = result.sheet()
    return sheet, f"{result.table()}\n\n`{result.caption()}`", _png_file(sheet, settings, result.caption()), steps


def chart(noise, level):
    settings = settings_from(dn.DenoiseSettings, ["noise", "level"], (noise, level))
    return dn.psnr_figure(settings.noise, settings.level)


def _visibility(source):
    yours = gr.update(visible=source == "yours")
    return gr.update(visible=source == "random"), gr.update(visible=source == "chosen"), yours, yours


def build_tab() -> None:
    with gr.Row():
        with gr.Column(scale=2, min_width=300):
            c = settings_components(dn.DenoiseSettings)
            c["indices"].visible = False
            with gr.Group(visible=False) as yours:
                drawing = gr.Sketchpad(label="Draw a digit", type="numpy", canvas_size=(280, 280),
                                       brush=gr.Brush(default_size=18, colors=["#000000"], color_mode="fixed"),
                                       height=320)
                upload = gr.Image(label="…or upload a photo of one", type="filepath", sources=["upload"], height=200)
            steps = gr.Gallery(label="Your digit on its way to MNIST form", columns=6, height=150, visible=False)
        with gr.Column(scale=3):
            # No label or buttons over the picture: they would hide its column titles.
            sheet = gr.Image(show_label=False, format="png", buttons=[])
            download = gr.DownloadButton("PNG with caption and settings")
    with gr.Row():
        with gr.Column(scale=2, min_width=300):
            metrics = gr.Markdown()
            with gr.Accordion("Why it works", open=True):
                gr.Markdown(dn.explainers_markdown())
        with gr.Column(scale=3):
            plot = gr.Plot(show_label=False)
    # No triggers: run when the page loads and whenever an input changes (nothing is computed
    # while the app is built, so the Space starts fast; the chart's curve is cached after its first use).
    inputs = [c[n] for n in NAMES] + [drawing, upload]
    gr.on(None, friendly(compare), inputs, [sheet, metrics, download, steps],
          api_name="denoise_compare", trigger_mode="always_last")
    gr.on(None, friendly(chart), [c["noise"], c["level"]], plot, api_name="denoise_chart", trigger_mode="always_last")
    c["source"].change(_visibility, c["source"], [c["count"], c["indices"], yours, steps], api_visibility="private")
