"""Gradio: the Foundations tab (dataset statistics; a network that learns to paint, streamed live)."""

from __future__ import annotations

import gradio as gr

from studio.demos.foundations import page, paint, stats, texts
from studio.ui.gradio_ui import (LinkBar, LiveTraining, explainers, export_button, export_files, exported, follows,
                                 live_handlers, notified, settings_beside, show_when, titled, upload, uploaded)

STATS_FIELDS, PAINT_FIELDS, MANY_FIELDS, RACE_FIELDS = ([n for n, _ in cls.controls()] for cls in (
    stats.StatsSettings, paint.PaintSettings, paint.ManySettings, paint.RaceSettings))   # each handler's values' order


def measure(*values):
    """Settings values (StatsSettings order), then the uploaded files -> every picture and the chart."""
    s = notified(stats.StatsSettings, STATS_FIELDS, values[:len(STATS_FIELDS)])
    files = uploaded(values[len(STATS_FIELDS)]) if s.source == "yours" else None
    if s.source == "yours" and not files:   # the normal first step, not an error
        return f"📁 {page.UPLOAD_PROMPT}", None, None, None, None, None, None, gr.update(visible=False)
    r = stats.compute(s, files if files is None or isinstance(files, list) else [files])
    pair, classes = r.mean_and_std(), r.class_sheet()
    return (page.stats_report(r), r.sheet(), pair, r.normalised_sheet(), r.histogram_figure(),
            export_files(**page.stats_download(r, pair)), classes, gr.update(visible=classes is not None))


# --- learning to paint: Start streams the training, kept while the settings and picture stay the same ---
# (live_handlers: the upload first; the race's setting A is the paint section's, whose changes are said there)

LIVE = dict(make=None, refresh_s=paint.REFRESH_S, view=page.live_view, notices=True, training=page.training)
paint_start, _, _ = live_handlers(paint.PaintSettings, before=["file"], **LIVE)
race_start, _, _ = live_handlers((paint.PaintSettings, paint.RaceSettings), before=["file"], **LIVE)
many_start, _, _ = live_handlers(paint.ManySettings, after=lambda t: (page.psnr_line(t),), **LIVE)


export = exported(page.download)   # PNG (captioned, settings inside), slide and, of a training, a GIF: painted so far


def _section(cls, start_fn, api_name: str, save: str, before: list = (), picture: bool = False,
             metrics: bool = False, anchor: str | None = None, reset=None) -> tuple[dict, list]:
    """A section's controls (the Fourier scale only with Fourier features; `picture`: an upload under them) beside
    its live training (Start, Stop, Reset and its status: LiveTraining), the painting and its chart (or numbers)
    and a button for its downloads. start_fn takes the upload, `before` (setting A's inputs), then the controls;
    Reset shows reset(*inputs), by default a fresh start. (the controls' widgets, start_fn's inputs)."""
    widgets, controls, main = settings_beside(cls, min_width=280, switch="encoding")
    with controls:
        file = [upload("Your picture", visible=False)] if picture else []
    with main:
        inputs = [*file, *before, *widgets.values()]
        run = LiveTraining(anchor=anchor)
        # a fixed height: the painting (or race, or sheet of many) stays on a 1280×720 screen under Start
        views = [gr.Image(show_label=False, format="png", buttons=[], height=280), gr.Plot(show_label=False)]
        run.wire(start_fn, inputs, views, api_name, after=[gr.Markdown()] if metrics else [], reset=reset)
        export_button(save, export, run.state)
    return widgets, inputs


def build_tab(link_bar: LinkBar | None = None) -> None:
    link_bar = link_bar or LinkBar("foundations")
    # Each tab's introduction comes under its controls and results, so that on a 1280×720 projector the
    # result is on screen without scrolling.
    with gr.Tabs() as views:
        with gr.Tab(page.VIEWS["stats"], id="stats"):
            c, controls, main = settings_beside(stats.StatsSettings, min_width=280, switch="source")
            with controls:
                files = upload("Your pictures: several at once, or one ZIP", multiple=True, archives=True)
                gr.Markdown(texts.UPLOAD_LIMITS)
            with main:
                summary = gr.Markdown()
                # Titles as text above the pictures: a component's label badge would cover their top row.
                with gr.Row():
                    sheet = titled("**The set** (a few of its pictures)")
                    pair = titled("**Mean and standard deviation**")
                with gr.Column(visible=False) as class_box:
                    classes = titled("**The mean of each digit**", column=False)
                with gr.Row():
                    normalised = titled("**Normalised: (x − mean) / std** · blue −3 std, white the mean, red +3 std")
                    hist = titled("**Per-channel histograms**", plot=True)
                download = gr.File(label="Mean and std for slides (PNG)", file_count="multiple")
            explainers(texts.STATS_EXPLAINERS, open=False, intro=texts.STATS_INTRO)
            follows(measure, [*c.values(), files], [summary, sheet, pair, normalised, hist, download, classes,
                                                    class_box], "foundations_stats", on_load=True)
            show_when(c["source"], "yours", files)

        with gr.Tab(page.VIEWS["paint"], id="paint"):
            p, paint_inputs = _section(paint.PaintSettings, paint_start, "foundations_paint",
                                       "PNG and GIF of the training", picture=True)
            explainers(texts.PAINT_EXPLAINERS, open=False, intro=texts.PAINT_INTRO)
            show_when(p["image"], "yours", paint_inputs[0])

            gr.Markdown(f"### {texts.RACE_HEADING}\n{texts.RACE_INTRO}")
            b, _ = _section(paint.RaceSettings, race_start, "foundations_race", "PNG and slide of the race",
                            before=paint_inputs, anchor="foundations-race-start",
                            reset=lambda *_: (None, None, None, ""))   # a race not started shows nothing yet

        with gr.Tab(page.VIEWS["many"], id="many"):
            m, _ = _section(paint.ManySettings, many_start, "foundations_many", "PNG and GIF of the training",
                            metrics=True)
            explainers(texts.MANY_EXPLAINERS, open=False, intro=texts.MANY_INTRO)
    link_bar.wire({"foundations.stats": c, "foundations.paint": p, "foundations.race": b, "foundations.many": m},
                  views=(views, {"race": "paint"}))
