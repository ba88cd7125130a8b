"""Gradio: the Foundations tab (dataset statistics; a network that learns to paint, streamed live)."""

from __future__ import annotations

import gradio as gr

from studio import links
from studio.demos.foundations import paint, stats
from studio.demos.foundations import texts
from studio.ui.gradio_ui import (HEAVY, LinkBar, explainers, export_files, friendly, notify, settings_components,
                                 settings_from, upload, uploaded)

STATS_FIELDS = [n for n, _ in stats.StatsSettings.controls()]
PAINT_FIELDS = [n for n, _ in paint.PaintSettings.controls()]
MANY_FIELDS = [n for n, _ in paint.ManySettings.controls()]
RACE_FIELDS = [n for n, _ in paint.RaceSettings.controls()]
REFRESH_S = paint.REFRESH_S


# --- dataset statistics ------------------------------------------------------------------------------

def measure(*values):
    """Settings values (StatsSettings order), then the uploaded files -> every picture and the chart."""
    s = settings_from(stats.StatsSettings, STATS_FIELDS, values[:len(STATS_FIELDS)])
    notify(s)
    files = uploaded(values[len(STATS_FIELDS)]) if s.source == "yours" else None
    if s.source == "yours" and not files:   # the normal first step, not an error
        prompt = "📁 Upload a few pictures (or one ZIP of them) to see your set's mean and standard deviation."
        return prompt, None, None, None, None, None, None, gr.update(visible=False)
    if files is not None and not isinstance(files, list):
        files = [files]
    r = stats.compute(s, files)
    lines = [r.summary()] + [f"🚫 **{name}** was left out: {why}" for name, why in r.refused] + r.notices
    pair = r.mean_and_std()
    classes = r.class_sheet()
    return ("\n\n".join(lines), r.sheet(), pair, r.normalised_sheet(), r.histogram_figure(),
            export_files(f"foundations-stats-{s.source}", pair, r.caption(), _state(stats=s)),
            classes, gr.update(visible=classes is not None))


def _stats_visibility(source):
    return (gr.update(visible=source == "mnist"), gr.update(visible=source != "mnist"),
            gr.update(visible=source == "yours"))


# --- learning to paint -----------------------------------------------------------------------------------

def _picture(file):
    got = uploaded(file)
    return got[0] if isinstance(got, list) else got


def _keep_or_make(state, settings, make, picture=None):
    """The training so far while the settings and the uploaded picture stay the same; else a fresh one."""
    ident = (settings, picture.digest if picture is not None else None)
    if state is not None and getattr(state, "ident", None) == ident:
        return state
    obj = make()
    obj.ident = ident
    return obj


def _stream(obj):
    """Train to the budget, yielding (state, picture, chart, status) about twice a second (Stop cancels)."""
    for obj, status in paint.live(obj, REFRESH_S):
        yield obj, obj.comparison(), obj.figure(), status


def paint_start(state, file, *values):
    s = settings_from(paint.PaintSettings, PAINT_FIELDS, values)
    notify(s)
    picture = _picture(file) if s.image == "yours" else None
    yield from _stream(_keep_or_make(state, s, lambda: paint.painter(s, picture), picture))


def paint_reset(file, *values):
    s = settings_from(paint.PaintSettings, PAINT_FIELDS, values)
    picture = _picture(file) if s.image == "yours" else None
    p = _keep_or_make(None, s, lambda: paint.painter(s, picture), picture)
    return p, p.comparison(), p.figure(), p.status()


def _state(view: str = "", **sections) -> dict:
    """What a download carries: the page, its view and the settings of the section(s) it shows."""
    return links.state("foundations", {f"foundations.{name}": s for name, s in sections.items()},
                       view or next(iter(sections)))


def export(state):
    """PNG (captioned, settings inside), slide and the training as a GIF, for what has been painted so far."""
    if state is None or not state.step:
        raise gr.Error("Start the training first: there is nothing painted yet.")
    s = state.settings
    settings = _state(many=s) if isinstance(s, paint.ManySettings) else _state(paint=s)
    return export_files(f"foundations-paint-{len(state.targets)}", state.comparison(), state.caption(),
                        settings, frames=state.paintings)


def race_export(race):
    """PNG, captioned PNG and slide of the race so far (A's settings and what B changes inside)."""
    if race is None or not race.a.step:
        raise gr.Error("Start the race first: there is nothing painted yet.")
    a, b = race.settings
    return export_files("foundations-race", race.comparison(), race.caption(),
                        _state("race", paint=a, race=paint.RaceSettings.from_values(b.to_dict())),
                        title="Without and with: two settings, the same time")


def _race_settings(values):
    a = settings_from(paint.PaintSettings, PAINT_FIELDS, values[:len(PAINT_FIELDS)])
    b = settings_from(paint.RaceSettings, RACE_FIELDS, values[len(PAINT_FIELDS):])
    notify(b)
    return a, b


def race_start(state, file, *values):
    a, b = _race_settings(values)
    picture = _picture(file) if a.image == "yours" else None
    yield from _stream(_keep_or_make(state, (a, b), lambda: paint.race(a, b, picture), picture))


def many_start(state, *values):
    s = settings_from(paint.ManySettings, MANY_FIELDS, values)
    notify(s)
    p = _keep_or_make(state, s, lambda: paint.painter(s))
    for out in _stream(p):
        yield *out, _many_metrics(p)


def many_reset(*values):
    p = paint.painter(settings_from(paint.ManySettings, MANY_FIELDS, values))
    return p, p.comparison(), p.figure(), p.status(), _many_metrics(p)


def _many_metrics(p: paint.Painter) -> str:
    text = f"PSNR against each picture: **{p.psnr():.1f} dB**"
    if not p.settings.index_input:
        text += f" · against their average: **{p.psnr_to_mean():.1f} dB**"
    return text


def _fourier_visible(encoding):
    return gr.update(visible=encoding == "fourier")


def _live_controls():
    with gr.Row():
        start = gr.Button("Start", variant="primary")
        stop = gr.Button("Stop")
        reset = gr.Button("Reset")
    status = gr.Markdown()
    # a fixed height: the painting (or race, or sheet of many) stays on a 1280×720 screen under Start
    picture = gr.Image(show_label=False, format="png", buttons=[], height=280)
    chart = gr.Plot(show_label=False)
    return start, stop, reset, status, picture, chart


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
                        with gr.Column():
                            gr.Markdown("**The set** (a few of its pictures)")
                            sheet = gr.Image(show_label=False, format="png", buttons=[])
                        with gr.Column():
                            gr.Markdown("**Mean and standard deviation**")
                            pair = gr.Image(show_label=False, format="png", buttons=[])
                    with gr.Column(visible=False) as class_box:
                        gr.Markdown("**The mean of each digit**")
                        classes = gr.Image(show_label=False, format="png", buttons=[])
                    with gr.Row():
                        with gr.Column():
                            gr.Markdown("**Normalised: (x − mean) / std** · blue −3 std, white the mean, red +3 std")
                            normalised = gr.Image(show_label=False, format="png", buttons=[])
                        with gr.Column():
                            gr.Markdown("**Per-channel histograms**")
                            hist = gr.Plot(show_label=False)
                    download = gr.File(label="Mean and std for slides (PNG)", file_count="multiple")
            gr.Markdown(texts.STATS_INTRO)
            explainers(texts.STATS_EXPLAINERS, open=False)
            inputs = [c[n] for n in STATS_FIELDS] + [files]
            gr.on(None, friendly(measure), inputs, [summary, sheet, pair, normalised, hist, download, classes, class_box],
                  api_name="foundations_stats", trigger_mode="always_last")
            c["source"].change(_stats_visibility, c["source"], [c["digit"], c["side"], files], api_visibility="private")

        with gr.Tab("Learn to paint", id="paint"):
            state = gr.State(None)
            with gr.Row():
                with gr.Column(scale=1, min_width=280):
                    p = settings_components(paint.PaintSettings)
                    p["fourier_scale"].visible = False
                    picture_file = upload("Your picture", visible=False)
                with gr.Column(scale=3):
                    start, stop, reset, status, view, chart = _live_controls()
                    save = gr.Button("PNG and GIF of the training")
                    saved = gr.File(label="Downloads", file_count="multiple", height=120)
            gr.Markdown(texts.PAINT_INTRO)
            explainers(texts.PAINT_EXPLAINERS, open=False)
            paint_inputs = [p[n] for n in PAINT_FIELDS]
            run = start.click(friendly(paint_start), [state, picture_file, *paint_inputs], [state, view, chart, status],
                              api_name="foundations_paint", **HEAVY)
            stop.click(None, cancels=[run])
            reset.click(friendly(paint_reset), [picture_file, *paint_inputs], [state, view, chart, status],
                        api_name=False)
            save.click(friendly(export), state, saved, api_name=False)
            p["encoding"].change(_fourier_visible, p["encoding"], p["fourier_scale"], api_visibility="private")
            p["image"].change(lambda image: gr.update(visible=image == "yours"), p["image"], picture_file,
                              api_visibility="private")

            gr.Markdown("### Side by side: two settings, the same picture, the same time\n"
                        "Setting A is the one above. Choose what B changes; Start trains both, taking turns, so "
                        "each gets the same seconds of training.")
            race_state = gr.State(None)
            with gr.Row():
                with gr.Column(scale=1, min_width=280):
                    b = settings_components(paint.RaceSettings)
                with gr.Column(scale=3):
                    r_start, r_stop, r_reset, r_status, r_view, r_chart = _live_controls()
                    r_save = gr.Button("PNG and slide of the race")
                    r_saved = gr.File(label="Downloads", file_count="multiple", height=120)
            race_inputs = [race_state, picture_file, *paint_inputs, *[b[n] for n in RACE_FIELDS]]
            r_run = r_start.click(friendly(race_start), race_inputs, [race_state, r_view, r_chart, r_status],
                                  api_name="foundations_race", **HEAVY)
            r_stop.click(None, cancels=[r_run])
            r_reset.click(lambda: (None, None, None, ""), None, [race_state, r_view, r_chart, r_status], api_name=False)
            r_save.click(friendly(race_export), race_state, r_saved, api_name=False)
            b["encoding"].change(_fourier_visible, b["encoding"], b["fourier_scale"], api_visibility="private")

        with gr.Tab("Paint many images", id="many"):
            many_state = gr.State(None)
            with gr.Row():
                with gr.Column(scale=1, min_width=280):
                    m = settings_components(paint.ManySettings)
                    m["fourier_scale"].visible = paint.ManySettings().encoding == "fourier"
                with gr.Column(scale=3):
                    m_start, m_stop, m_reset, m_status, m_view, m_chart = _live_controls()
                    metrics = gr.Markdown()
                    m_save = gr.Button("PNG and GIF of the training")
                    m_saved = gr.File(label="Downloads", file_count="multiple", height=120)
            gr.Markdown(texts.MANY_INTRO)
            explainers(texts.MANY_EXPLAINERS, open=False)
            many_inputs = [m[n] for n in MANY_FIELDS]
            outputs = [many_state, m_view, m_chart, m_status, metrics]
            m_run = m_start.click(friendly(many_start), [many_state, *many_inputs], outputs, api_name="foundations_many", **HEAVY)
            m_stop.click(None, cancels=[m_run])
            m_reset.click(friendly(many_reset), many_inputs, outputs, api_name=False)
            m_save.click(friendly(export), many_state, m_saved, api_name=False)
            m["encoding"].change(_fourier_visible, m["encoding"], m["fourier_scale"], api_visibility="private")
    sections = {"foundations.stats": c, "foundations.paint": p, "foundations.race": b, "foundations.many": m}
    link_bar.wire({(section, n): x for section, comps in sections.items() for n, x in comps.items()},
                  views=(views, {"race": "paint"}))
