"""Gradio: the denoising tab. Every control updates the comparison at once (it takes milliseconds)."""

from __future__ import annotations

import gradio as gr

from studio.demos.denoise import compare as dc
from studio.errors import StudioError
from studio.demos.denoise.texts import DRAW_OR_UPLOAD, EXPLAINERS
from studio.ui.gradio_ui import (LinkBar, explainers, export_files, friendly, notify, picture, readable,
                                settings_components, settings_from, upload, uploaded)

NAMES = [name for name, _ in dc.DenoiseSettings.controls()]


def your_digit(drawing=None, upload_value=None):
    """(tensor, steps) from the drawing if there is one, else the uploaded file; (None, []) when neither.
    The event runs without Gradio's preprocessing, so the drawing arrives as a file the core decodes."""
    composite = drawing.get("composite") if isinstance(drawing, dict) else drawing
    digit = dc.your_digit(uploaded(composite), uploaded(upload_value))
    return (None, []) if digit is None else (digit.tensor, [(img, caption) for caption, img in digit.steps])


def compare(*values):
    """Settings values (in DenoiseSettings order), then the drawing and the upload ->
    (comparison sheet, metrics table, captioned PNG path, slide path, your digit's steps)."""
    settings = settings_from(dc.DenoiseSettings, NAMES, values[:len(NAMES)])
    notify(settings)
    digit, steps = your_digit(*values[len(NAMES):]) if settings.source == "yours" else (None, [])
    if settings.source == "yours" and digit is None:   # the normal first step, not an error
        return None, DRAW_OR_UPLOAD, None, None, []
    try:
        result = dc.compare(settings, digit)
    except StudioError as exc:   # said in place (without MNIST: that your own digit still works)
        return None, f"⚠️ {exc}{'' if settings.source == 'yours' else dc.NO_MNIST_HINT}", None, None, []
    sheet = result.sheet()
    # the shared exports (studio.exports): PNG, captioned PNG, 1920×1080 slide; the page offers the last two
    png, captioned, slide = export_files(f"denoise-{settings.noise}", sheet, result.caption(), dc.state(settings))[:3]
    return sheet, f"{result.table()}\n\n`{result.caption()}`", captioned, slide, steps


def chart(noise, level):
    """The PSNR curve, measured on MNIST test digits (without them the comparison's note says why)."""
    settings = settings_from(dc.DenoiseSettings, ["noise", "level"], (noise, level))
    try:
        return readable(dc.psnr_figure(settings.noise, settings.level))
    except StudioError:
        return None


def _visibility(source):
    shown = dc.shown_fields(source)
    yours = gr.update(visible=source == "yours")
    return gr.update(visible="count" in shown), gr.update(visible="indices" in shown), yours, yours


def build_tab(link_bar: LinkBar | None = None) -> None:
    link_bar = link_bar or LinkBar("denoise")
    # Projector layout: the comparison first and as tall as the screen allows, its numbers, the
    # controls and the explanations in a side column; the chart below.
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=480):
            # No label or buttons over the picture: they would hide its column titles.
            sheet = picture(show_label=False, buttons=[])
            with gr.Row():
                download = gr.DownloadButton("PNG with caption and settings")
                slide = gr.DownloadButton("Slide (1920×1080 PNG)")
            plot = gr.Plot(show_label=False)
        with gr.Column(scale=2, min_width=320, elem_classes=["studio-side"]):
            metrics = gr.Markdown(elem_classes=["studio-numbers"])
            c = settings_components(dc.DenoiseSettings)
            c["indices"].visible = False
            with gr.Group(visible=False) as yours:
                drawing = gr.Sketchpad(label="Draw a digit", type="filepath", canvas_size=(280, 280),
                                       brush=gr.Brush(default_size=18, colors=["#000000"], color_mode="fixed"),
                                       height=320)
                photo = upload("…or upload a photo of one")
            steps = gr.Gallery(label="Your digit on its way to MNIST form", columns=6, height=150, visible=False)
            explainers(EXPLAINERS)
    # No triggers: run when the page loads and whenever an input changes (nothing is computed
    # while the app is built, so the Space starts fast; the chart's curve is cached after its first use).
    # preprocess=False: the drawing and the upload reach the core's loader as files, undecoded.
    inputs = [c[n] for n in NAMES] + [drawing, photo]
    gr.on(None, friendly(compare), inputs, [sheet, metrics, download, slide, steps], preprocess=False,
          api_name="denoise_compare", trigger_mode="always_last")
    gr.on(None, friendly(chart), [c["noise"], c["level"]], plot, api_name="denoise_chart", trigger_mode="always_last")
    c["source"].change(_visibility, c["source"], [c["count"], c["indices"], yours, steps], api_visibility="private")
    link_bar.wire({("denoise", n): x for n, x in c.items()})
