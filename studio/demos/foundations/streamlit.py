"""Streamlit: the Foundations page (dataset statistics; a network that learns to paint, live)."""

from __future__ import annotations

import hashlib
import time

import streamlit as st

from studio import budget, links
from studio.demos.foundations import paint, stats
from studio.demos.foundations import texts
from studio.ui.streamlit_ui import CHART_EXPORT, downloads, explainers, friendly_errors, settings_form, upload, view_tabs

KEY = "foundations"
REFRESH_S = paint.REFRESH_S


def _state(view: str = "", **sections) -> dict:
    """What a download carries: the page, its view and the settings of the section(s) it shows."""
    return links.state(KEY, {f"{KEY}.{name}": s for name, s in sections.items()}, view or next(iter(sections)))


# --- dataset statistics ------------------------------------------------------------------------------

def _stats_fields() -> list[str]:
    source = st.session_state.get(f"{KEY}.stats.source", stats.StatsSettings.control_of("source").default)
    return ["source", "digit" if source == "mnist" else "side", "norm", "shown", "seed"]


@st.cache_resource(max_entries=4, show_spinner=False)
def _stats(values: tuple, uploads_id: str, _uploads) -> stats.DatasetStats:
    """Computed once per settings and set of files (a Start on another tab reruns the page)."""
    return stats.compute(stats.StatsSettings.from_values(dict(values)), _uploads)


def _uploads_id(uploads) -> str:
    digest = hashlib.sha256()
    for u in uploads or ():
        digest.update(u.name.encode() + b"\0" + hashlib.sha256(u.data).digest())
    return digest.hexdigest()


# Each tab's introduction comes under its controls and results, so that on a 1280×720 projector the
# result is on screen without scrolling; the longer explanations follow, folded.

def _stats_tab() -> None:
    controls, main = st.columns([1, 3], gap="large")
    with controls:
        s = settings_form(stats.StatsSettings, key=f"{KEY}.stats", fields=_stats_fields())
        uploads = None
        if s.source == "yours":
            uploads = upload("Your pictures: several at once, or one ZIP", key=f"{KEY}.stats.upload",
                             multiple=True, archives=True, help=texts.UPLOAD_LIMITS)
            st.caption(texts.UPLOAD_LIMITS)
    with main:
        _stats_results(s, uploads)
    st.markdown(texts.STATS_INTRO)
    explainers(texts.STATS_EXPLAINERS, expanded=False)


def _stats_results(s: stats.StatsSettings, uploads) -> None:
    if s.source == "yours" and not uploads:
        st.info("Upload a few pictures (or one ZIP of them) to see your set's mean and standard deviation.",
                icon="📁")
        return
    r = None
    with friendly_errors(), st.spinner("Measuring the set…"):   # a set that cannot be used: its message here
        r = _stats(tuple(sorted(s.to_dict().items())), _uploads_id(uploads), uploads)
    if r is None:
        return
    for name, why in r.refused:
        st.warning(f"**{name}** was left out: {why}", icon="🚫")
    for notice in r.notices:
        st.info(notice)
    st.markdown(r.summary())
    left, right = st.columns([1, 1])
    with left:
        st.markdown("**The set** (a few of its pictures)")
        st.image(r.sheet(), output_format="PNG")
    with right:
        st.markdown("**Mean and standard deviation**")
        pair = r.mean_and_std()
        st.image(pair, output_format="PNG")
        downloads(f"{KEY}.stats", pair, r.caption(), _state(stats=s), name=f"foundations-stats-{s.source}")
    if r.per_class is not None:
        st.markdown("**The mean of each digit**")
        st.image(r.class_sheet(), output_format="PNG")
    left, right = st.columns([2, 3])
    with left:
        st.markdown("**Normalised: (x − mean) / std**")
        st.image(r.normalised_sheet(), output_format="PNG")
        st.image(stats.colour_bar(), caption="blue −3 std · white = the mean · red +3 std", output_format="PNG")
    with right:
        st.markdown("**Per-channel histograms**")
        st.plotly_chart(r.histogram_figure(), key=f"{KEY}.stats.hist", theme=None, config=CHART_EXPORT)


# --- live training (one view for a painting, a race and many pictures) --------------------------------

def _trainer(key: str, settings, make, show, picture=None) -> None:
    """Start, Stop and Reset; while running only the fragment reruns, twice a second, training in between.
    The training state is kept while the settings and the uploaded picture stay the same."""
    running = f"{key}.running"
    cols = st.columns([1, 1, 1, 3])
    if cols[0].button("Start", type="primary", key=f"{key}.start", width="stretch"):
        st.session_state[running] = True
        st.session_state[f"{key}.started"] = time.monotonic()
        st.session_state.pop(f"{key}.note", None)
    if cols[1].button("Stop", key=f"{key}.stop", width="stretch"):
        st.session_state[running] = False
    if cols[2].button("Reset", key=f"{key}.reset", width="stretch"):
        st.session_state[running] = False
        st.session_state.pop(f"{key}.state", None)
    ident = (settings, picture.digest if picture is not None else None)
    st.fragment(_live, run_every=REFRESH_S if st.session_state.get(running) else None)(key, settings, ident,
                                                                                         make, show)


def _live(key: str, settings, ident, make, show) -> None:
    running, note = f"{key}.running", f"{key}.note"
    obj, stop_now = None, False
    with friendly_errors():
        obj = st.session_state.get(f"{key}.state")
        if obj is None or st.session_state.get(f"{key}.ident") != ident:
            st.session_state[f"{key}.state"] = None
            obj = st.session_state[f"{key}.state"] = make()
            st.session_state[f"{key}.ident"] = ident
        rate, limit = None, budget.job_seconds()
        if st.session_state.get(running) and limit and time.monotonic() - st.session_state[f"{key}.started"] > limit:
            # a shared studio: one job may train this long
            st.session_state[note] = f" · paused after {limit:g} s, the limit for one job here: Start goes on"
            stop_now = True
        elif st.session_state.get(running) and not obj.finished:
            try:
                rate = obj.train_for(REFRESH_S * 0.7)
            except Exception:
                st.session_state[running] = False
                raise
        st.caption(obj.status(rate) + st.session_state.get(note, ""))
        show(key, obj, settings, stopped=stop_now or not st.session_state.get(running))
    if st.session_state.get(running) and (stop_now or obj is None or obj.finished):
        st.session_state[running] = False
        st.rerun()   # the budget (or the job's time) is spent: stop the fragment's timer


def _show_painter(key: str, p: paint.Painter, s: paint.PaintSettings, stopped: bool) -> None:
    sheet = p.comparison()
    st.image(sheet, output_format="PNG")
    st.plotly_chart(p.figure(), key=f"{key}.chart", theme=None, config=CHART_EXPORT)
    if stopped and p.step:
        downloads(key, sheet, p.caption(), _state(paint=s), frames=p.paintings, name=f"foundations-paint-{s.image}")


def _show_race(key: str, r: paint.Race, s: tuple[paint.PaintSettings, paint.RaceSettings], stopped: bool) -> None:
    sheet = r.comparison()
    st.image(sheet, output_format="PNG")
    st.plotly_chart(r.figure(), key=f"{key}.chart", theme=None, config=CHART_EXPORT)
    if stopped and r.a.step:
        downloads(key, sheet, r.caption(), _state("race", paint=s[0], race=s[1]), name="foundations-race",
                  title="Without and with: two settings, the same time")


def _show_many(key: str, p: paint.Painter, s: paint.ManySettings, stopped: bool) -> None:
    sheet = p.comparison()
    st.image(sheet, output_format="PNG")
    cols = st.columns(2)
    cols[0].metric("PSNR against each picture", f"{p.psnr():.1f} dB",
                   help="Mean over the pictures of the painting's PSNR against that picture.")
    if not s.index_input:
        cols[1].metric("PSNR against their average", f"{p.psnr_to_mean():.1f} dB",
                       help="The one painting compared with the mean image of the pictures.")
    if stopped and p.step:
        downloads(key, sheet, p.caption(), _state(many=s), frames=p.paintings, name="foundations-paint-many")


def _fields(cls, key: str, skip: tuple[str, ...] = ()) -> list[str]:
    """The controls to show: the Fourier scale only with Fourier features."""
    encoding = st.session_state.get(f"{key}.encoding", cls.control_of("encoding").default)
    return [n for n, _ in cls.controls() if n not in skip and (n != "fourier_scale" or encoding == "fourier")]


def _paint_tab() -> None:
    key = f"{KEY}.paint"
    controls, main = st.columns([1, 3], gap="large")
    with controls:
        s = settings_form(paint.PaintSettings, key=key, fields=_fields(paint.PaintSettings, key))
        picture = upload("Your picture", key=f"{key}.upload") if s.image == "yours" else None
    with main:
        if s.image == "yours" and picture is None:
            st.info("Upload a picture for the network to paint, or choose a sample photo.", icon="🖼️")
        else:
            _trainer(key, s, lambda: paint.painter(s, picture), _show_painter, picture)
    st.markdown(texts.PAINT_INTRO)
    explainers(texts.PAINT_EXPLAINERS, expanded=False)
    st.subheader("Side by side: two settings, the same picture, the same time")
    st.caption("Setting A is the one above. Choose what B changes; Start trains both, taking turns, "
               "so each gets the same seconds of training.")
    bkey = f"{KEY}.race"
    controls, main = st.columns([1, 3], gap="large")
    with controls:
        b = settings_form(paint.RaceSettings, key=bkey, fields=_fields(paint.RaceSettings, bkey))
    with main:
        if s.image == "yours" and picture is None:
            st.info("Upload a picture above, or choose a sample photo, to race two settings on it.", icon="🖼️")
        else:
            _trainer(bkey, (s, b), lambda: paint.race(s, b, picture), _show_race, picture)


def _many_tab() -> None:
    key = f"{KEY}.many"
    controls, main = st.columns([1, 3], gap="large")
    with controls:
        s = settings_form(paint.ManySettings, key=key, fields=_fields(paint.ManySettings, key))
    with main:
        _trainer(key, s, lambda: paint.painter(s), _show_many)
    st.markdown(texts.MANY_INTRO)
    explainers(texts.MANY_EXPLAINERS, expanded=False)


def render() -> None:
    tabs = view_tabs(KEY, {"stats": "Dataset statistics", "paint": "Learn to paint", "race": "Learn to paint",
                           "many": "Paint many images"})
    with tabs["stats"]:
        _stats_tab()
    with tabs["paint"]:
        _paint_tab()
    with tabs["many"]:
        _many_tab()
