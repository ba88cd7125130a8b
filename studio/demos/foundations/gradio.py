"""Gradio: the Foundations tab (dataset statistics; a network that learns to paint, streamed live)."""

from __future__ import annotations

import gradio as gr

from studio import live
from studio.demos.foundations import page, paint, stats, texts
from studio.ui.gradio_ui import (LinkBar, LiveTraining, explainers, export_files, friendly, notified,
                                 settings_components, settings_from, show_when, titled, upload, uploaded)

STATS_FIELDS = [n for n, _ in stats.StatsSettings.controls()]
PAINT_FIELDS = [n for n, _ in paint.PaintSettings.controls()]
MANY_FIELDS = [n for n, _ in paint.ManySettings.controls()]
RACE_FIELDS = [n for n, _ in paint.RaceSettings.controls()]


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


def _stats_visibility(source):
    shown = stats.StatsSettings.fields_for(source)
    return gr.update(visible="digit" in shown), gr.update(visible="side" in shown), gr.update(visible=source == "yours")


# --- learning to paint: Start streams the training, kept while the settings and picture stay the same ---

def _picture(s, file):
    got = uploaded(file) if s.image == "yours" else None
    return got[0] if isinstance(got, list) else got


def _stream(state, settings, make, picture=None):
    """Train to the budget, yielding (state, picture, chart, status) about twice a second (Stop cancels)."""
    trainer = live.kept(state, (settings, picture.digest if picture is not None else None), make)
    return live.streamed(trainer, paint.REFRESH_S, lambda t: (t.comparison(), t.figure()))


def paint_start(state, file, *values):
    s = notified(paint.PaintSettings, PAINT_FIELDS, values)
    picture = _picture(s, file)
    yield from _stream(state, s, lambda: paint.painter(s, picture), picture)


def race_start(state, file, *values):
    a = settings_from(paint.PaintSettings, PAINT_FIELDS, values[:len(PAINT_FIELDS)])
    b = notified(paint.RaceSettings, RACE_FIELDS, values[len(PAINT_FIELDS):])
    picture = _picture(a, file)
    yield from _stream(state, (a, b), lambda: paint.race(a, b, picture), picture)


def race_reset(*_):
    return None, None, None, ""


def many_start(state, *values):
    s = notified(paint.ManySettings, MANY_FIELDS, values)
    for out in _stream(state, s, lambda: paint.painter(s)):
        yield *out, page.psnr_line(out[0])


def export(trainer):
    """PNG (captioned, settings inside), slide and, of a training, a GIF: of what has been painted so far."""
    return export_files(**page.download(trainer))


def _live(start_fn, inputs: list, api_name: str, save: str, metrics: bool = False, anchor: str | None = None,
          reset=None) -> None:
    """The live training (Start, Stop, Reset and its status: LiveTraining), the painting and its chart (or
    numbers) and a button for its downloads. Reset shows reset(*inputs), by default a fresh start."""
    run = LiveTraining(anchor=anchor)
    # a fixed height: the painting (or race, or sheet of many) stays on a 1280×720 screen under Start
    views = [gr.Image(show_label=False, format="png", buttons=[], height=280), gr.Plot(show_label=False)]
    run.wire(start_fn, inputs, views, api_name, after=[gr.Markdown()] if metrics else [], reset=reset)
    save_button = gr.Button(save)
    saved = gr.File(label="Downloads", file_count="multiple", height=120)
    save_button.click(friendly(export), run.state, saved, api_name=False)


def build_tab(link_bar: LinkBar | None = None) -> None:
    link_bar = link_bar or LinkBar("foundations")
    # Each tab's introduction comes under its controls and results, so that on a 1280×720 projector the
    # result is on screen without scrolling.
    with gr.Tabs() as views:
        with gr.Tab("Dataset statistics", id="stats"):
            with gr.Row():
                with gr.Column(scale=1, min_width=280):
                    c = settings_components(stats.StatsSettings)
                    c["side"].visible = False
                    files = upload("Your pictures: several at once, or one ZIP", multiple=True, archives=True,
                                   visible=False)
                    gr.Markdown(texts.UPLOAD_LIMITS)
                with gr.Column(scale=3):
                    summary = gr.Markdown()
                    # Titles as text above the pictures: a component's label badge would cover their top row.
                    with gr.Row():
                        sheet = titled("**The set** (a few of its pictures)")
                        pair = titled("**Mean and standard deviation**")
                    with gr.Column(visible=False) as class_box:
                        classes = titled("**The mean of each digit**", column=False)
                    with gr.Row():
                        normalised = titled("**Normalised: (x − mean) / std** · blue −3 std, white the mean, "
                                             "red +3 std")
                        hist = titled("**Per-channel histograms**", plot=True)
                    download = gr.File(label="Mean and std for slides (PNG)", file_count="multiple")
            explainers(texts.STATS_EXPLAINERS, open=False, intro=texts.STATS_INTRO)
            inputs = [c[n] for n in STATS_FIELDS] + [files]
            gr.on(None, friendly(measure), inputs, [summary, sheet, pair, normalised, hist, download, classes, class_box],
                  api_name="foundations_stats", trigger_mode="always_last")
            c["source"].change(_stats_visibility, c["source"], [c["digit"], c["side"], files], api_visibility="private")

        with gr.Tab("Learn to paint", id="paint"):
            with gr.Row():
                with gr.Column(scale=1, min_width=280):
                    p = settings_components(paint.PaintSettings)
                    p["fourier_scale"].visible = False
                    picture_file = upload("Your picture", visible=False)
                with gr.Column(scale=3):
                    paint_inputs = [picture_file, *[p[n] for n in PAINT_FIELDS]]
                    _live(paint_start, paint_inputs, "foundations_paint", "PNG and GIF of the training")
            explainers(texts.PAINT_EXPLAINERS, open=False, intro=texts.PAINT_INTRO)
            show_when(p["image"], "yours", picture_file)

            gr.Markdown(f"### {texts.RACE_HEADING}\n{texts.RACE_INTRO}")
            with gr.Row():
                with gr.Column(scale=1, min_width=280):
                    b = settings_components(paint.RaceSettings)
                with gr.Column(scale=3):
                    _live(race_start, [*paint_inputs, *[b[n] for n in RACE_FIELDS]], "foundations_race",
                          "PNG and slide of the race", anchor="foundations-race-start", reset=race_reset)

        with gr.Tab("Paint many images", id="many"):
            with gr.Row():
                with gr.Column(scale=1, min_width=280):
                    m = settings_components(paint.ManySettings)
                    m["fourier_scale"].visible = paint.ManySettings().encoding == "fourier"
                with gr.Column(scale=3):
                    _live(many_start, [m[n] for n in MANY_FIELDS], "foundations_many",
                          "PNG and GIF of the training", metrics=True)
            explainers(texts.MANY_EXPLAINERS, open=False, intro=texts.MANY_INTRO)
    for x in (p, b, m):
        show_when(x["encoding"], "fourier", x["fourier_scale"])
    sections = {"foundations.stats": c, "foundations.paint": p, "foundations.race": b, "foundations.many": m}
    link_bar.wire({(section, n): x for section, comps in sections.items() for n, x in comps.items()},
                  views=(views, {"race": "paint"}))
