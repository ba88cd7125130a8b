"""Streamlit: the GAN page (epoch snapshots, and a live 2-D GAN)."""

from __future__ import annotations

import streamlit as st

from studio.demos.gan import snapshots as snaps
from studio.demos.gan import toy as gan_toy
from studio.images import png_bytes
from studio.demos.gan.texts import MODE_COLLAPSE, TOY, WHY_DCGAN, WHY_DENSE
from studio.ui.streamlit_ui import CHART_EXPORT, chart, downloads, presenting, result_area, settings_form

REFRESH_S = gan_toy.REFRESH_S
LINK_PICKS = {"family": "gan.series.family"}   # ?family=dcgan


def _snapshots_tab() -> None:
    # One row of settings, then the two sheets side by side, small enough that the verdict under them
    # (collapsed, not digits yet) is on the first screen too; the explanation below them.
    s = settings_form(snaps.SnapshotSettings, key="gan.snap", across=(4, 3, 4))
    z = snaps.latents(s)
    shown = []
    for col, family in zip(st.columns(2), snaps.FAMILIES):
        entry = snaps.at_epoch(family, s.epoch)
        shown.append(entry)
        with col, result_area(f"gan-{family}", reserve_rem=23):
            st.subheader(f"{snaps.FAMILIES[family]} · epoch {entry['epoch']}")
            caption = snaps.caption(entry, s)
            image = snaps.grid(entry["name"], z, caption=caption)
            st.image(image, output_format="PNG")
            early, note = snaps.not_digits_note(entry), snaps.collapse_note(entry)
            if early:
                st.warning(early)
            if note:
                st.error(note)
            downloads(f"gan.{family}", image, caption, {**s.to_dict(), "snapshot": entry["name"]},
                      name=entry["name"])
    if not presenting():   # the lecturer says it
        st.markdown(MODE_COLLAPSE)
    chart(snaps.histogram_figure(shown), key="gan.hist", theme=None)
    chart(snaps.coverage_figure(s.epoch), key="gan.coverage", theme=None)
    if not presenting():   # the lecturer says it
        st.markdown(WHY_DENSE + "\n\n" + WHY_DCGAN)
    with st.expander("Interpolate, and the whole series for slides"):
        family = st.radio("GAN", list(snaps.FAMILIES), format_func=snaps.FAMILIES.get, horizontal=True,
                          key="gan.series.family")
        entry = snaps.at_epoch(family, s.epoch)
        st.image(snaps.interpolation(entry["name"], s.seed), caption=f"{entry['name']}: a line between two "
                 f"latent vectors (seed {s.seed})", output_format="PNG")
        sheet = snaps.series_sheet(family)
        st.image(sheet, output_format="PNG")
        cols = st.columns(2)
        cols[0].download_button("Series as GIF", lambda: snaps.series_gif(family), f"gan-{family}-series.gif", "image/gif",
                                key="gan.series.gif", width="stretch")
        cols[1].download_button("Contact sheet (PNG)", lambda: png_bytes(sheet), f"gan-{family}-series.png", "image/png",
                                key="gan.series.png", width="stretch")


def _toy_tab() -> None:
    if not presenting():   # the lecturer says it
        st.markdown(TOY)
    controls, main = st.columns([1, 3])
    with controls:
        if st.button("Load the collapse-prone setting", key="gan.toy.collapse", width="stretch"):
            for name, value in gan_toy.COLLAPSE_PRONE.items():
                ctl = gan_toy.ToyGanSettings.control_of(name)
                st.session_state[f"gan.toy.{name}"] = ctl.to_widget(value)
        s = settings_form(gan_toy.ToyGanSettings, key="gan.toy")
    with main:
        _toy_view(s)


STATE, RUNNING = "gan.toy.state", "gan.toy.running"


def _toy_gan(s: gan_toy.ToyGanSettings) -> gan_toy.ToyGan:
    """The session's 2-D GAN; a new one when the settings changed."""
    gan = st.session_state[STATE] = gan_toy.current(st.session_state.get(STATE), s)
    return gan


def _toy_view(s: gan_toy.ToyGanSettings) -> None:
    cols = st.columns([1, 1, 1, 1, 2])
    if cols[0].button("Start", type="primary", key="gan.toy.start", width="stretch"):
        st.session_state[RUNNING] = True
    if cols[1].button("Stop", key="gan.toy.stop", width="stretch"):
        st.session_state[RUNNING] = False
    if cols[2].button("Step (100)", key="gan.toy.step", width="stretch"):
        st.session_state[RUNNING] = False
        _toy_gan(s).train(100)
    if cols[3].button("Reset", key="gan.toy.reset", width="stretch"):
        st.session_state[RUNNING] = False
        st.session_state[STATE] = gan_toy.ToyGan(s)
    running = st.session_state.get(RUNNING, False)
    # While running, only this fragment reruns, a few times a second: it trains for REFRESH_S and
    # redraws the same chart element (no full-page rerun, no remount of the plot).
    st.fragment(_live, run_every=REFRESH_S if running else None)(s)


def _live(s: gan_toy.ToyGanSettings) -> None:
    gan = _toy_gan(s)
    rate = gan.train_for(REFRESH_S * 0.6) if st.session_state.get(RUNNING) and gan.step < s.steps else None
    st.caption(gan.status(rate))
    st.plotly_chart(gan_toy.figure(gan), theme=None, key="gan.toy.view", config=CHART_EXPORT)
    if st.session_state.get(RUNNING) and gan.step >= s.steps:
        st.session_state[RUNNING] = False
        st.rerun()  # the budget is spent: stop the fragment's timer


def render() -> None:
    snapshots_tab, toy_tab = st.tabs(["Epoch snapshots (MNIST)", "Live 2-D GAN"])
    with snapshots_tab:
        _snapshots_tab()
    with toy_tab:
        _toy_tab()
