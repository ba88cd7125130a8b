"""Streamlit: the GAN page (epoch snapshots, and a live 2-D GAN)."""

from __future__ import annotations

import streamlit as st

from studio.demos.gan import snapshots as snaps
from studio.demos.gan import toy as gan_toy
from studio.demos.gan.texts import MODE_COLLAPSE, TOY, WHY_DCGAN, WHY_DENSE
from studio.ui.streamlit_ui import (chart, export_buttons, lecture_text, live_training, plotly, result_area,
                                    result_downloads, settings_form, view_tabs)

LINK_PICKS = {"family": "gan.series.family"}   # ?family=dcgan


def _snapshots_tab() -> None:
    # One row of settings, then the two sheets side by side, small enough that the verdict under them
    # (collapsed, not digits yet) is on the first screen too; the explanation below them.
    s = settings_form(snaps.SnapshotSettings, key="gan.snap", across=(4, 3, 4))
    shown = snaps.sheets(s)
    for col, family, (entry, image, caption) in zip(st.columns(2), snaps.FAMILIES, shown):
        with col, result_area(f"gan-{family}", reserve_rem=24.5):
            st.subheader(snaps.heading(entry))
            st.image(image, caption=caption, output_format="PNG")
            for kind, text in snaps.verdicts(entry):
                (st.error if kind == "error" else st.warning)(text)
            result_downloads(f"gan.{family}", snaps.sheet_result(s, family, entry, image, caption))
    lecture_text(MODE_COLLAPSE)
    for fig, key in zip(snaps.charts(s, shown), ("gan.hist", "gan.coverage")):
        chart(fig, key=key, theme=None)
    lecture_text(WHY_DENSE + "\n\n" + WHY_DCGAN)
    with st.expander("Interpolate, and the whole series for slides"):
        family = st.radio("GAN", list(snaps.FAMILIES), format_func=snaps.FAMILIES.get, horizontal=True,
                          key="gan.series.family")
        st.image(*snaps.interpolation_at(family, s), output_format="PNG")
        sheet = snaps.series_sheet(family)
        st.image(sheet, caption=snaps.series_caption(family), output_format="PNG")
        export_buttons(snaps.series_exports(family, s, sheet), ["gan.series.gif", "gan.series.png"])


def _toy_tab() -> None:
    # The buttons and the whole live chart on the first screen (1280×720); the explanation under them.
    controls, main = st.columns([1, 3])
    with controls:
        if st.button("Load the collapse-prone setting", key="gan.toy.collapse", width="stretch"):
            st.session_state.update({f"gan.toy.{n}": v for n, v in gan_toy.collapse_prone_widgets().items()})
        s = settings_form(gan_toy.ToyGanSettings, key="gan.toy")
    with main:
        # While running, only a fragment reruns, a few times a second: it trains and redraws the same chart
        # element (no full-page rerun, no remount of the plot).
        live_training("gan.toy", s, lambda: gan_toy.ToyGan(s),
                      lambda gan, stopped: plotly(gan_toy.figure(gan), "gan.toy.view"),
                      gan_toy.REFRESH_S, busy=0.6, step=("Step (100)", lambda gan: gan.train(100)))
    lecture_text(TOY)


def render() -> None:
    view_tabs("gan", {"snapshots": "Epoch snapshots (MNIST)", "series": "Epoch snapshots (MNIST)",
                      "live": "Live 2-D GAN"}, draws={"snapshots": _snapshots_tab, "live": _toy_tab})
