"""Streamlit: the VAE latent-manifold page."""

from __future__ import annotations

import streamlit as st

from studio.demos.vae import walk as vw
from studio.demos.vae.texts import ALL, LIVE_WALK
from studio.ui.streamlit_ui import (chart, friendly_errors, gif, heading, result_area, result_downloads,
                                   settings_beside, settings_form, shown_result, upload, view_tabs)

POINT = "vae.point"


def _jump_to_click() -> None:
    """A click on a dot of the scatter moves the z sliders there (the chart's callback: before they are drawn,
    once per click, so a slider moved after it stays where it was moved)."""
    clicked = vw.selected_point(st.session_state.get("vae.scatter"))
    if clicked:
        st.session_state[f"{POINT}.z1"], st.session_state[f"{POINT}.z2"] = vw.clicked_point(*clicked)


def _manifold_tab() -> None:
    # The grid first, as large as the screen allows (its axis labels must read from the back row);
    # its two sliders on one row above the live walk, beside it.
    left, right = st.columns([5, 4])
    with right:
        grid = settings_form(vw.GridSettings, key="vae.grid", across=(1, 1))
    with left, result_area("vae-grid", reserve_rem=13):   # drawn first: the page's main picture
        shown_result("vae.grid", vw.result("grid", grid, vw.grid_image(grid), "vae-manifold"), output_format="PNG")
    with right:
        heading("Live walk", LIVE_WALK, small=True)
        point, _, digit = settings_beside(vw.PointSettings, POINT, widths=(2, 1), gap="small")
        digit.image(vw.decode_point(point), caption=f"z = ({point.z1:.2f}, {point.z2:.2f})", output_format="PNG")
        with friendly_errors():   # the scatter needs MNIST's test digits; the rest of the page does not
            fig = vw.latent_scatter(span=grid.span, point=(point.z1, point.z2))
            chart(fig, key="vae.scatter", on_select=_jump_to_click, selection_mode="points", theme=None)
    walk, _, beside = settings_beside(vw.WalkSettings, "vae.walk", widths=(2, 1), gap="small",
                                      title="A path through the plane")
    frames, sheet, caption = vw.walk_view(walk)
    with beside:
        gif(frames, caption=walk.caption(), width=260, duration_ms=80)
    st.image(sheet, caption=caption)
    result_downloads("vae.walk", vw.result("walk", walk, sheet, "vae-walk", frames, duration_ms=80))


def _digit_upload(label: str, key: str):
    """An uploaded digit, shown on its way to MNIST form."""
    photo = upload(label, key=key)
    if photo is not None:
        st.image(*vw.digit_steps(photo), width=96)   # the pictures, captioned
    return photo


def _interpolation_tab() -> None:
    s, controls, main = settings_beside(vw.InterpolationSettings, "vae.interp", widths=(1, 2), gap="small",
                                        title="Interpolation between two digits")
    with controls, st.expander("…or use your own digits (photo or drawing)"):
        a = _digit_upload("First digit", "vae.upload_a")
        b = _digit_upload("Second digit", "vae.upload_b")
    with main, friendly_errors():   # test digits need MNIST; two uploads do not
        path = vw.interpolate_uploads(s, a, b)
        st.image(path.strip, caption=path.caption)
        gif(path.there_and_back, width=224, duration_ms=100)
        result_downloads("vae.interp", path.outcome)


def _samples_tab() -> None:
    cols = st.columns(2)
    with cols[0]:
        s = settings_form(vw.SampleSettings, key="vae.samples", title="Sampling from the prior")
        shown_result("vae.samples", vw.result("samples", s, vw.sample_sheet(s), "vae-samples"))
    with cols[1]:
        r = settings_form(vw.ReconstructionSettings, key="vae.recon", title="Reconstructions")
        with friendly_errors():   # MNIST's test digits
            *sheets, caption = vw.captioned_reconstructions(r)
            for image in sheets:
                st.image(image)
            st.caption(caption)


def render() -> None:
    view_tabs("vae", vw.TABS, {"grid": _manifold_tab, "interp": _interpolation_tab, "samples": _samples_tab})
    with st.expander("How a variational autoencoder works", expanded=False):   # below: the grid comes first
        st.markdown(ALL)
