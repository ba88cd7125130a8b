"""Gradio: the style-transfer tab. The handlers are plain functions, so tests and gradio_client call them too."""

from __future__ import annotations

import gradio as gr

from studio import gallery, paintings
from studio.demos.style import learn, page
from studio.demos.style.learn import LearnSettings
from studio.demos.style.page import NONE
from studio.demos.style.style import StyleSettings
from studio.demos.style.texts import COMPARE, LEARN, LIVE, RUN, UPLOAD_NOTE
from studio.frames import Recording
from studio.ui.gradio_ui import (HEAVY, LinkBar, Runner, client_upload, export_files, friendly, instant_preview, picture,
                                settings_components, settings_from, streamed, upload, uploaded)

# The order in which the handler receives the settings' values, after the six picker inputs.
NAMES = ["approach", "blend"] + [name for names in StyleSettings.groups.values() for name in names]
LEARN_NAMES = [name for name, _ in LearnSettings.controls()]


def _job(content_key, content_upload, style_key, style_upload, style2_key, style2_upload, *values) -> page.Job:
    picks = page.picks((content_key, uploaded(content_upload)), (style_key, uploaded(style_upload)),
                       (style2_key, uploaded(style2_upload)))
    return page.Job(settings_from(StyleSettings, NAMES, values), picks)


@friendly
def stylise(content_key: str, content_upload: str | None, style_key: str, style_upload: str | None,
            style2_key: str, style2_upload: str | None, *values):
    """(picture, loss plot, status, downloads) every few iterations; the downloads at the end."""
    job = _job(content_key, content_upload, style_key, style_upload, style2_key, style2_upload, *values)
    yield from streamed(job.frames(), job.outcome, job.notices, plot=page.plot, word="Iteration")


@friendly
def live(content_key, content_upload, style_key, style_upload, style2_key, style2_upload, *values):
    """A trained network's result on every change (one pass: no Run); the optimisation's stays until Stylise."""
    job = _job(content_key, content_upload, style_key, style_upload, style2_key, style2_upload, *values)
    if not job.by_network:
        return gr.update(), gr.update(), gr.update(), gr.update()
    result, line = job.live()
    status = " ".join([*job.notices, *[job.approach_note] * bool(job.approach_note), line, result.caption])
    return (result.image, None, status,
            export_files(result.name, result.image, result.caption, result.settings, result.frames))


def three(*pickers_and_values):
    """The three approaches side by side (page.Job.compare): the sheet as it fills, then its table."""
    job = _job(*pickers_and_values)
    recording = Recording()
    for frame in recording.keep(job.compare()):
        if not frame.done:
            yield frame.image, frame.caption, None
    o = job.compared(recording)
    yield o.image, job.compared_text(recording), export_files(o.name, o.image, o.caption, o.settings, o.frames)


def train(*pickers_values_and_learning):
    """Watch a fresh network learn (page.Job.learn): the held-out photo and the loss curve as it trains."""
    n = 6 + len(NAMES)
    job = _job(*pickers_values_and_learning[:n])
    s = settings_from(LearnSettings, LEARN_NAMES, pickers_values_and_learning[n:])
    yield from streamed(job.learn(s), lambda r: job.learnt(s, r), job.notices,
                        plot=lambda r: learn.loss_figure(r.history), word="Second")


@friendly
def quick_preview(content_key, content_upload, style_key, style_upload, style2_key, style2_upload, *values):
    """The instant preview: the same settings and pictures, small and short (style.preview), labelled
    with what it is; nothing for a trained network (its result is itself instant)."""
    job = _job(content_key, content_upload, style_key, style_upload, style2_key, style2_upload, *values)
    if job.by_network:
        return gr.update()
    return gr.update(value=job.preview(), label=page.preview_caption(job.settings))


@friendly
def swap(content_key, content_upload, style_key, style_upload):
    """The classic lecture trick: paint the painting with the photo (uploads only: no server path)."""
    content_upload, style_upload = (str(client_upload(u)) if u else None for u in (content_upload, style_upload))
    return style_key, style_upload, content_key, content_upload


def for_approach(approach: str) -> list:
    """A trained network needs no Run, preview or loss plot: its result follows every control."""
    optimise = approach == "gatys"
    return [gr.update(visible=optimise)] * 4 + [RUN if optimise else LIVE]


def on_backbone(backbone: str) -> str:
    about, note = page.about(backbone)
    return f"{about}\n\n⚠️ {note}" if note else about


@friendly
def preview(key: str):
    """The picked built-in or gallery image, so the student sees what goes in."""
    return None if not key or key == NONE else gallery.load_choice(key).image


def _picker(label: str, default: str, with_none: bool = False) -> gr.Dropdown:
    """A dropdown and a small view of the picked picture; its upload box is made in the accordion."""
    keys = ([NONE] if with_none else []) + gallery.choices()
    key = gr.Dropdown(choices=[(page.choice_label(k), k) for k in keys], value=default, label=label)
    shown = gr.Image(value=preview(default), show_label=False, interactive=False, height=110, type="pil",
                     buttons=[])
    key.change(preview, key, shown, api_name=False)
    return key


def build_tab(link_bar: LinkBar | None = None) -> None:
    link_bar = link_bar or LinkBar("style")
    with gr.Tabs() as views:
        with gr.Tab("Stylise", id="style"):
            components, pickers = _stylise_tab()
        inputs = pickers + [components[n] for n in NAMES]
        with gr.Tab("Three approaches side by side", id="compare"):
            gr.Markdown(f"{COMPARE} Photo and painting: the Stylise tab's.")
            Runner("Compare the three", "Downloads: PNG (settings inside), PNG with caption, slide").wire(
                three, inputs, api_name="style_compare")
        with gr.Tab("Watch a network learn", id="learn"):
            with gr.Row(equal_height=False):   # the controls beside the result: Train does not scroll the page
                with gr.Column(scale=1, min_width=300):
                    gr.Markdown(f"{LEARN} Photo and painting: the Stylise tab's.")
                    learning = settings_components(LearnSettings)
                with gr.Column(scale=2):
                    Runner("Train", "Downloads: PNG (settings inside), PNG with caption, slide, GIF of the learning",
                           plot="Loss terms").wire(train, inputs + [learning[n] for n in LEARN_NAMES],
                                                   api_name="style_learn")
    link_bar.wire({**{("style", n): c for n, c in components.items()},
                   **{("style.learn", n): c for n, c in learning.items()}},
                  picks={"content": pickers[0], "painting": pickers[2], "painting2": pickers[4]}, views=(views, {}))


def _stylise_tab() -> tuple[dict, list]:
    """The main view; its settings' components and the six picker inputs (the other views use them)."""
    # Projector layout: the result first and widest (the losses under it), the instant preview in a
    # narrow column beside it, the pictures going in and the long settings in a side column of their own.
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=480):
            with gr.Row():
                go = gr.Button("Stylise", variant="primary")
                stop = gr.Button("Stop")
            shown = picture("Result")
            status = gr.Markdown()
            plot = gr.Plot(label="Loss terms", show_label=False)   # its legend needs the width
            files = gr.File(label="Downloads: PNG (settings inside), PNG with caption, slide, and a GIF of an optimisation",
                            file_count="multiple")
        with gr.Column(scale=1, min_width=220):
            quick = instant_preview()
            about_run = gr.Markdown(RUN)
        with gr.Column(scale=1, min_width=300, elem_classes=["studio-side"]):
            if paintings.missing_note():
                gr.Markdown(f"ℹ️ {paintings.missing_note()}")
            components = settings_components(StyleSettings, ["approach"])
            content_key = _picker("Photo (content)", page.CONTENT)
            swap_button = gr.Button("⇄ Swap", size="sm")
            painting_key = _picker("Painting (style)", gallery.default_painting())
            second_key = _picker("Blend with a second painting", NONE, with_none=True)
            components |= settings_components(StyleSettings, ["blend"])
            # Uploads only matter when used: closed until a lecturer wants their own pictures.
            with gr.Accordion("…or upload your own photo or paintings", open=False):
                gr.Markdown(UPLOAD_NOTE)
                content_file = upload("…or upload one (used instead when present): photo", height=90)
                painting_file = upload("…or upload one (used instead when present): painting", height=90)
                second_file = upload("…or upload one (used instead when present): second painting", height=90)
            for title, names in StyleSettings.groups.items():
                with gr.Accordion(title, open=title != "Layers"):
                    components |= settings_components(StyleSettings, list(names))
                    if title == "Layers":
                        about = gr.Markdown(on_backbone(StyleSettings.control_of("backbone").default))
    content, painting = (content_key, content_file), (painting_key, painting_file)
    pickers = [*content, *painting, second_key, second_file]
    event = go.click(stylise, pickers + [components[n] for n in NAMES], [shown, plot, status, files],
                     api_name="stylise", **HEAVY)
    stop.click(None, None, None, cancels=[event])
    gr.on(None, quick_preview, pickers + [components[n] for n in NAMES], quick, api_name="style_preview",
          trigger_mode="always_last", show_progress="minimal")
    gr.on(None, live, pickers + [components[n] for n in NAMES], [shown, plot, status, files], api_name="style_live",
          trigger_mode="always_last", show_progress="minimal")
    swap_button.click(swap, [*content, *painting], [*content, *painting], api_name="style_swap")
    components["backbone"].change(on_backbone, components["backbone"], about, api_name=False)
    components["approach"].change(for_approach, components["approach"], [go, stop, quick, plot, about_run],
                                  api_name=False)
    return components, pickers
