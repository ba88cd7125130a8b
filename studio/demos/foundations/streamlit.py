"""Streamlit: the Foundations page (dataset statistics; a network that learns to paint, live)."""

from __future__ import annotations

import streamlit as st

from studio.demos.foundations import page, paint, stats, texts
from studio.ui.streamlit_ui import (downloads, explainers, friendly_errors, heading, infos, live_picture,
                                    settings_beside, titled, upload, view_tabs)

KEY = "foundations"


# --- dataset statistics ------------------------------------------------------------------------------

@st.cache_resource(max_entries=4, show_spinner="Measuring the set…")
def _stats(values: tuple, uploads_id: str, _uploads) -> stats.DatasetStats:
    """Computed once per settings and set of files (a Start on another tab reruns the page)."""
    return stats.compute(stats.StatsSettings.from_values(dict(values)), _uploads)


# Each tab's introduction comes under its controls and results, so that on a 1280×720 projector the
# result is on screen without scrolling; the longer explanations follow, folded.

def _stats_tab() -> None:
    s, controls, main = settings_beside(stats.StatsSettings, f"{KEY}.stats", "source")
    uploads = None if s.source != "yours" else upload(
        "Your pictures: several at once, or one ZIP", key=f"{KEY}.stats.upload", multiple=True, archives=True,
        help=texts.UPLOAD_LIMITS, where=controls, note=texts.UPLOAD_LIMITS)
    with main, friendly_errors():   # a set that cannot be used: its message here
        _stats_results(s, uploads)
    explainers(texts.STATS_EXPLAINERS, expanded=False, intro=texts.STATS_INTRO)


def _stats_results(s: stats.StatsSettings, uploads) -> None:
    if s.source == "yours" and not uploads:
        st.info(page.UPLOAD_PROMPT, icon="📁")
        return
    r = _stats(tuple(sorted(s.to_dict().items())), stats.uploads_id(uploads), uploads)   # its spinner while measuring
    for line in r.refusals():
        st.warning(line, icon="🚫")
    infos(r.notices)
    st.markdown(r.summary())
    left, right = st.columns([1, 1])
    titled("**The set** (a few of its pictures)", r.sheet(), left)
    pair = r.mean_and_std()
    titled("**Mean and standard deviation**", pair, right)
    downloads(f"{KEY}.stats", **page.stats_download(r, pair), where=right)
    if r.per_class is not None:
        titled("**The mean of each digit**", r.class_sheet())
    left, right = st.columns([2, 3])
    titled("**Normalised: (x − mean) / std**", r.normalised_sheet(), left)
    left.image(stats.colour_bar(), caption="blue −3 std · white = the mean · red +3 std", output_format="PNG")
    titled("**Per-channel histograms**", r.histogram_figure(), right, chart=f"{KEY}.stats.hist")


# --- live training (one view for a painting, a race and many pictures) --------------------------------

def _trainer(where, key: str, settings, picture=None, many: bool = False) -> None:
    """In `where`: the settings' training live (page.training, live_picture): its picture, its chart (`many`: its
    numbers), its downloads once stopped; what to upload first (page.picture_prompt), said instead."""
    with where:   # trains in bursts between redraws, as much of the time as Gradio's stream (issue 23: it trained 45 %)
        live_picture(key, page.training(settings, picture), page.picture_view if many else page.live_view,
                     paint.REFRESH_S, prompt=page.picture_prompt(settings, picture),
                     numbers=page.psnr_metrics if many else None, download=page.download, burst_s=paint.BURST_S)


# Each section's controls (the Fourier scale only with Fourier features) beside its live training.

def _paint_tab() -> None:
    s, controls, main = settings_beside(paint.PaintSettings, f"{KEY}.paint", "encoding")
    picture = upload("Your picture", key=f"{KEY}.paint.upload", where=controls) if s.image == "yours" else None
    _trainer(main, f"{KEY}.paint", s, picture)
    explainers(texts.PAINT_EXPLAINERS, expanded=False, intro=texts.PAINT_INTRO)
    heading(texts.RACE_HEADING, texts.RACE_INTRO, small=True)
    b, _, main = settings_beside(paint.RaceSettings, f"{KEY}.race", "encoding")
    _trainer(main, f"{KEY}.race", (s, b), picture)


def _many_tab() -> None:
    s, _, main = settings_beside(paint.ManySettings, f"{KEY}.many", "encoding")
    _trainer(main, f"{KEY}.many", s, many=True)
    explainers(texts.MANY_EXPLAINERS, expanded=False, intro=texts.MANY_INTRO)


def render() -> None:
    view_tabs(KEY, page.VIEWS, {"stats": _stats_tab, "paint": _paint_tab, "many": _many_tab})
