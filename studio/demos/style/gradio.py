"""Gradio: the style-transfer tab. The handlers are plain functions, so tests and gradio_client call them too."""

from __future__ import annotations

import gradio as gr

from studio import gallery, paintings
from studio.demos.style import page
from studio.demos.style.learn import LearnSettings
from studio.demos.style.page import NONE
from studio.demos.style.style import StyleSettings
from studio.demos.style.texts import COMPARE, LEARN, LIVE, RUN, UPLOAD_NOTE
from studio.ui.gradio_ui import (LinkBar, Runner, folded_uploads, friendly, grouped_components, instant_preview,
                                job_view, picture_picker, settings_beside, settings_components, settings_from,
                                show_when, streamed, streamed_job, swap_pictures, uploaded)

# The order in which the handler receives the settings' values, after the six picker inputs.
NAMES = ["approach", "blend"] + [name for names in StyleSettings.groups.values() for name in names]
LEARN_NAMES = [name for name, _ in LearnSettings.controls()]


def _job(*pickers_and_values) -> page.Job:
    """The six picker inputs ((key, upload) of the photo, the painting and the second one), then NAMES' values."""
    keys, files, values = pickers_and_values[0:6:2], pickers_and_values[1:6:2], pickers_and_values[6:]
    return page.Job(settings_from(StyleSettings, NAMES, values), page.picks(*zip(keys, map(uploaded, files))))


stylise = streamed_job(_job, name="stylise", plot=page.plot, word="Iteration")
stylise.__doc__ = "(picture, loss plot, status, downloads) every few iterations; the downloads at the end."  # API docs


live = friendly(job_view(_job, page.Job.live_view, "live", "A trained network's result on every change (one pass: "
                         "no Run); the optimisation's stays until Stylise.", width=4))
three = job_view(_job, page.Job.compare_views, "three", "The three approaches side by side (page.Job.compare_views): "
                 "the sheet as it fills, then its table.")
quick_preview = friendly(job_view(_job, page.Job.preview_view, "quick_preview", "The instant preview: the same "
                                  "settings and pictures, small and short (style.preview), labelled with what it is; "
                                  "nothing for a trained network (its result is itself instant).", labelled=True))


def train(*pickers_values_and_learning):
    """Watch a fresh network learn (page.Job.learn): the held-out photo and the loss curve as it trains."""
    n = 6 + len(NAMES)
    job = _job(*pickers_values_and_learning[:n])
    s = settings_from(LearnSettings, LEARN_NAMES, pickers_values_and_learning[n:])
    yield from streamed(job.learn(s), lambda r: job.learnt(s, r), job.notices, plot=page.learn_plot, word="Second")


swap = friendly(swap_pictures)   # the photo and the painting (and their uploads) trade places


def build_tab(link_bar: LinkBar | None = None) -> None:
    link_bar = link_bar or LinkBar("style")
    with gr.Tabs() as views:
        with gr.Tab(page.VIEWS["style"], id="style"):
            components, inputs = _stylise_tab()
        with gr.Tab(page.VIEWS["compare"], id="compare"):
            gr.Markdown(COMPARE)
            Runner("Compare the three", "Downloads: PNG (settings inside), PNG with caption, slide").wire(
                three, inputs, api_name="style_compare")
        with gr.Tab(page.VIEWS["learn"], id="learn"):
            learning, _, main = settings_beside(LearnSettings, (1, 2), 300, intro=LEARN)
            with main:   # the result beside the controls: Train does not scroll the page
                Runner("Train", "Downloads: PNG (settings inside), PNG with caption, slide, GIF of the learning",
                       plot="Loss terms").wire(train, inputs + list(learning.values()), api_name="style_learn")
    link_bar.wire({"style": components, "style.learn": learning},
                  picks={"content": inputs[0], "painting": inputs[2], "painting2": inputs[4]}, views=(views, {}))


def _stylise_tab() -> tuple[dict, list]:
    """The main view; its settings' components and the inputs every view's handler takes (pickers, NAMES')."""
    # Projector layout: the result first and widest (the losses under it), the instant preview in a
    # narrow column beside it, the pictures going in and the long settings in a side column of their own.
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=480):
            run = Runner("Stylise", "Downloads: PNG (settings inside), PNG with caption, slide, and a GIF of an "
                         "optimisation", plot="Loss terms", status_under=True)
        with gr.Column(scale=1, min_width=220):
            quick = instant_preview()
            about_run = gr.Markdown(RUN)
            about_live = gr.Markdown(LIVE)
        with gr.Column(scale=1, min_width=300, elem_classes=["studio-side"]):
            if paintings.missing_note():
                gr.Markdown(f"ℹ️ {paintings.missing_note()}")
            components = settings_components(StyleSettings, ["approach"])
            content_key = picture_picker("Photo (content)", page.choices(), page.CONTENT, page.picked_image)
            swap_button = gr.Button("⇄ Swap", size="sm")
            painting_key = picture_picker("Painting (style)", page.choices(), gallery.default_painting(),
                                          page.picked_image)
            second_key = picture_picker("Blend with a second painting", page.choices(with_none=True), NONE,
                                        page.picked_image)
            components |= settings_components(StyleSettings, ["blend"])
            files = folded_uploads("…or upload your own photo or paintings",
                                   [f"…or upload one (used instead when present): {what}"
                                    for what in ("photo", "painting", "second painting")], UPLOAD_NOTE, height=90)
            # the network's layers closed (a second look); under them what the network is, following it
            components |= grouped_components(StyleSettings, closed=["Layers"],
                                             notes={"Layers": ("backbone", page.about_text)})
    inputs = [content_key, files[0], painting_key, files[1], second_key, files[2]] + [components[n] for n in NAMES]
    run.wire(stylise, inputs, "stylise")
    # no triggers: on load and on every change of an input, the newest change only; the preview after the
    # trained network's result (each answers at once where it does not apply): one queued event per change
    gr.on(None, live, inputs, run.outputs, api_name="style_live", trigger_mode="always_last",
          show_progress="minimal").then(quick_preview, inputs, quick, api_name="style_preview", show_progress="minimal")
    swap_button.click(swap, inputs[:4], inputs[:4], api_name="style_swap")
    # a trained network needs no Run, preview or loss plot: its result follows every control
    show_when(components["approach"], "gatys", run.go, run.stop, quick, run.outputs[1], about_run)
    show_when(components["approach"], lambda approach: approach != "gatys", about_live)
    return components, inputs
