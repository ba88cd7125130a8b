"""Gradio: the denoising tab. Every control updates the comparison at once (it takes milliseconds)."""

from __future__ import annotations

import gradio as gr

from studio.demos.denoise import compare as dc
from studio.errors import StudioError
from studio.demos.denoise.texts import EXPLAINERS
from studio.ui.gradio_ui import (LinkBar, download_on_click, explainers, export_files, friendly, notify, picture, readable,
                                settings_from, show_when, switched_components, upload, uploaded)

NAMES = [name for name, _ in dc.DenoiseSettings.controls()]


def your_digit(drawing=None, upload_value=None):
    """(tensor, steps) from the drawing if there is one, else the uploaded file; (None, []) when neither.
    The event runs without Gradio's preprocessing, so the drawing arrives as a file the core decodes."""
    composite = drawing.get("composite") if isinstance(drawing, dict) else drawing
    digit = dc.your_digit(uploaded(composite), uploaded(upload_value))
    return (None, []) if digit is None else (digit.tensor, [(img, caption) for caption, img in digit.steps])


def _compared(values):
    """(settings, the comparison or None, the page's text, your digit's steps) of the tab's inputs."""
    settings = settings_from(dc.DenoiseSettings, NAMES, values[:len(NAMES)])
    digit, steps = your_digit(*values[len(NAMES):]) if settings.source == "yours" else (None, [])
    return settings, *dc.page_result(settings, digit), steps


def compare(*values):
    """Settings values (in DenoiseSettings order), then the drawing and the upload ->
    (comparison sheet as a PNG with its settings inside, metrics table, your digit's steps)."""
    settings, result, text, steps = _compared(values)
    notify(settings)
    if result is None:
        return None, text, steps
    # The sheet goes to the page as the PNG the core writes (level 1, settings inside): Gradio
    # would otherwise encode it once more, at its slower default level, on every slider move.
    png, = export_files(f"denoise-{settings.noise}", result.sheet(), result.caption(), dc.state(settings),
                        only=("PNG",))
    return png, text, steps


def download(label: str):
    """One of the shared exports (studio.exports) of the tab's comparison, written when its button is clicked."""
    def make(*values):
        settings, result, text, _ = _compared(values)
        if result is None:
            raise StudioError(text.removeprefix("⚠️ "))
        return export_files(f"denoise-{settings.noise}", result.sheet(), result.caption(), dc.state(settings),
                            only=(label,))[0]
    return make


def chart(noise, level):
    """The PSNR curve, measured on MNIST test digits (without them the comparison's note says why)."""
    settings = settings_from(dc.DenoiseSettings, ["noise", "level"], (noise, level))
    try:
        return readable(dc.psnr_figure(settings.noise, settings.level))
    except StudioError:
        return None


def build_tab(link_bar: LinkBar | None = None) -> None:
    link_bar = link_bar or LinkBar("denoise")
    # Projector layout: the comparison first and as tall as the screen allows, its numbers, the
    # controls and the explanations in a side column; the chart below.
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=480):
            # No label or buttons over the picture: they would hide its column titles.
            sheet = picture(show_label=False, buttons=[])
            downloads = gr.Row()
            plot = gr.Plot(show_label=False)
        with gr.Column(scale=2, min_width=320, elem_classes=["studio-side"]):
            metrics = gr.Markdown(elem_classes=["studio-numbers"])
            c = switched_components(dc.DenoiseSettings, "source")   # how many random digits, or which ones
            with gr.Group() as yours:
                drawing = gr.Sketchpad(label="Draw a digit", type="filepath", canvas_size=(280, 280),
                                       brush=gr.Brush(default_size=18, colors=["#000000"], color_mode="fixed"),
                                       height=320)
                photo = upload("…or upload a photo of one")
            steps = gr.Gallery(label="Your digit on its way to MNIST form", columns=6, height=150)
            explainers(EXPLAINERS)
    # No triggers: run when the page loads and whenever an input changes (nothing is computed
    # while the app is built, so the Space starts fast; the chart's curve is cached after its first use).
    # preprocess=False: the drawing and the upload reach the core's loader as files, undecoded.
    inputs = [c[n] for n in NAMES] + [drawing, photo]
    compared = gr.on(None, friendly(compare), inputs, [sheet, metrics, steps], preprocess=False,
                     api_name="denoise_compare", trigger_mode="always_last")
    with downloads:   # made only when asked: the comparison itself answers every change
        for label, export in (("PNG with caption and settings", "PNG with caption"), ("Slide (1920×1080 PNG)", "Slide")):
            download_on_click(label, download(export), inputs, f"denoise-{export.split()[-1].lower()}", preprocess=False)
    # after the comparison, not beside it: one queued event per change (one_follower_per_change)
    compared.then(friendly(chart), [c["noise"], c["level"]], plot, api_name="denoise_chart")
    show_when(c["source"], "yours", yours, steps)
    link_bar.wire({("denoise", n): x for n, x in c.items()})
