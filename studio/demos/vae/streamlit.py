"""Streamlit: the VAE latent-manifold page."""

from __future__ import annotations

import streamlit as st

from studio.demos.vae import walk as vw
from studio.digits import load_digit
from studio.demos.vae.texts import ALL
from studio.ui.streamlit_ui import (chart, downloads, friendly_errors, gif, result_area, result_downloads,
                                   settings_form, shown_result, upload, view_tabs)

POINT = "vae.point"


def _apply_plot_click() -> None:
    """A click on a dot of the scatter moves the z sliders there (before they are drawn)."""
    clicked = vw.selected_point(st.session_state.get("vae.scatter"))
    if clicked and st.session_state.get("vae.clicked") != clicked:
        st.session_state["vae.clicked"] = clicked
        st.session_state[f"{POINT}.z1"], st.session_state[f"{POINT}.z2"] = vw.clicked_point(*clicked)


def _manifold_tab() -> None:
    _apply_plot_click()
    # The grid first, as large as the screen allows (its axis labels must read from the back row);
    # its two sliders on one row above the live walk, beside it.
    left, right = st.columns([5, 4])
    with right:
        grid = settings_form(vw.GridSettings, key="vae.grid", across=(1, 1))
    with left, result_area("vae-grid", reserve_rem=13):   # drawn first: the page's main picture
        shown_result("vae.grid", vw.result("grid", grid, vw.grid_image(grid), "vae-manifold"), output_format="PNG")
    with right:
        st.subheader("Live walk")
        st.caption("Move z₁ and z₂, or click a dot in the scatter to jump to that digit's code.")
        sliders, digit = st.columns([2, 1])
        with sliders:
            point = settings_form(vw.PointSettings, key=POINT)
        digit.image(vw.decode_point(point), caption=f"z = ({point.z1:.2f}, {point.z2:.2f})", output_format="PNG")
        with friendly_errors():   # the scatter needs MNIST's test digits; the rest of the page does not
            fig = vw.latent_scatter(span=grid.span, point=(point.z1, point.z2))
            chart(fig, key="vae.scatter", on_select="rerun", selection_mode="points", theme=None)
    st.subheader("A path through the plane")
    cols = st.columns([2, 1])
    with cols[0]:
        walk = settings_form(vw.WalkSettings, key="vae.walk")
    frames, sheet = vw.walk(walk)
    with cols[1]:
        gif(frames, caption=walk.caption(), width=260, duration_ms=80)
    st.image(sheet, caption=vw.walk_caption(walk))
    result_downloads("vae.walk", vw.result("walk", walk, sheet, "vae-walk", frames, duration_ms=80))


def _digit_upload(label: str, key: str):
    """An uploaded digit, shown on its way to MNIST form."""
    photo = upload(label, key=key)
    if photo is not None:
        steps = load_digit(photo).steps
        st.image([img for _, img in steps], caption=[c for c, _ in steps], width=96)
    return photo


def _interpolation_tab() -> None:
    st.subheader("Interpolation between two digits")
    cols = st.columns([1, 2])
    with cols[0]:
        s = settings_form(vw.InterpolationSettings, key="vae.interp")
        with st.expander("…or use your own digits (photo or drawing)"):
            a = _digit_upload("First digit", "vae.upload_a")
            b = _digit_upload("Second digit", "vae.upload_b")
    with cols[1], friendly_errors():   # test digits need MNIST; two uploads do not
        path = vw.interpolate_uploads(s, a, b)
        st.image(path.strip, caption=path.caption)
        gif(path.there_and_back, width=224, duration_ms=100)
        downloads("vae.interp", path.strip, path.caption, vw.state("interp", s), frames=path.frames,
                  name="vae-interpolation")


def _samples_tab() -> None:
    cols = st.columns(2)
    with cols[0]:
        st.subheader("Sampling from the prior")
        s = settings_form(vw.SampleSettings, key="vae.samples")
        shown_result("vae.samples", vw.result("samples", s, vw.sample_sheet(s), "vae-samples"))
    with cols[1]:
        st.subheader("Reconstructions")
        r = settings_form(vw.ReconstructionSettings, key="vae.recon")
        with friendly_errors():   # MNIST's test digits
            *sheets, caption = vw.captioned_reconstructions(r)
            for image in sheets:
                st.image(image)
            st.caption(caption)


def render() -> None:
    tabs = view_tabs("vae", vw.TABS)
    with tabs["grid"]:
        _manifold_tab()
    with tabs["interp"]:
        _interpolation_tab()
    with tabs["samples"]:
        _samples_tab()
    with st.expander("How a variational autoencoder works", expanded=False):   # below: the grid comes first
        st.markdown(ALL)
