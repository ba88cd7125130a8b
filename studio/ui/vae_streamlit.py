"""Streamlit: the VAE latent-manifold page."""

from __future__ import annotations

import streamlit as st

from studio import vae
from studio.digits import load_digit
from studio.images import gif_bytes
from studio.ui.streamlit_ui import downloads, settings_form
from studio.ui.vae_explain import ALL

POINT = "vae.point"


def _apply_plot_click() -> None:
    """A click on a dot of the scatter moves the z sliders there (before they are drawn)."""
    event = st.session_state.get("vae.scatter")
    points = (event or {}).get("selection", {}).get("points") or []
    if points:
        x, y = float(points[0]["x"]), float(points[0]["y"])
        if st.session_state.get("vae.clicked") != (x, y):
            st.session_state["vae.clicked"] = (x, y)
            st.session_state[f"{POINT}.z1"] = round(min(max(x, -4.0), 4.0), 2)
            st.session_state[f"{POINT}.z2"] = round(min(max(y, -4.0), 4.0), 2)


def _manifold_tab() -> None:
    _apply_plot_click()
    left, right = st.columns([1, 1])
    with left:
        st.subheader("Manifold grid")
        grid = settings_form(vae.GridSettings, key="vae.grid")
        image = vae.grid_image(grid)
        st.image(image, caption=grid.caption(), output_format="PNG")
        downloads("vae.grid", image, grid.caption(), grid.to_dict(), name="vae-manifold")
    with right:
        st.subheader("Live walk")
        st.caption("Move z₁ and z₂, or click a dot in the scatter to jump to that digit's code.")
        sliders, digit = st.columns([2, 1])
        with sliders:
            point = settings_form(vae.PointSettings, key=POINT)
        digit.image(vae.decode_point(point), caption=f"z = ({point.z1:.2f}, {point.z2:.2f})", output_format="PNG")
        fig = vae.latent_scatter(span=grid.span, point=(point.z1, point.z2))
        st.plotly_chart(fig, key="vae.scatter", on_select="rerun", selection_mode="points", theme=None)
    st.subheader("A path through the plane")
    cols = st.columns([2, 1])
    with cols[0]:
        walk = settings_form(vae.WalkSettings, key="vae.walk")
    frames = vae.walk_frames(walk)
    with cols[1]:
        st.image(gif_bytes(frames, duration_ms=80), caption=walk.caption(), width=260)
    sheet = vae.strip_of(frames, walk.caption())
    st.image(sheet)
    downloads("vae.walk", sheet, walk.caption(), walk.to_dict(), frames=frames, name="vae-walk")


def _digit_upload(label: str, key: str):
    upload = st.file_uploader(label, type=["png", "jpg", "jpeg", "webp", "bmp", "tif", "tiff", "gif"], key=key)
    if upload is None:
        return None
    digit = load_digit(upload.getvalue())
    st.image([img for _, img in digit.steps], caption=[c for c, _ in digit.steps], width=96)
    return digit.tensor


def _interpolation_tab() -> None:
    st.subheader("Interpolation between two digits")
    cols = st.columns([1, 2])
    with cols[0]:
        s = settings_form(vae.InterpolationSettings, key="vae.interp")
        with st.expander("…or use your own digits (photo or drawing)"):
            a = _digit_upload("First digit", "vae.upload_a")
            b = _digit_upload("Second digit", "vae.upload_b")
    with cols[1]:
        path = vae.interpolation(s, a, b)
        image = vae.strip(path, s.caption())
        st.image(image)
        frames = [vae.upscale(t) for t in path]
        st.image(gif_bytes(frames + frames[::-1], duration_ms=100), width=224)
        downloads("vae.interp", image, s.caption(), s.to_dict(), frames=frames, name="vae-interpolation")


def _samples_tab() -> None:
    cols = st.columns(2)
    with cols[0]:
        st.subheader("Sampling from the prior")
        s = settings_form(vae.SampleSettings, key="vae.samples")
        image = vae.sheet(vae.samples(s), s.caption())
        st.image(image)
        downloads("vae.samples", image, s.caption(), s.to_dict(), name="vae-samples")
    with cols[1]:
        st.subheader("Reconstructions")
        name = st.selectbox("Model", list(vae.MODELS), format_func=vae.MODELS.get, key="vae.recon.model")
        text = st.text_input("Test digit indices", "0, 1, 2, 3, 4, 5, 6, 7", key="vae.recon.idx",
                             help="Comma-separated indices into the 10,000 MNIST test digits.")
        originals, recons = vae.reconstructions(name, vae.parse_indices(text))
        st.image(vae.sheet(originals, "test digits"))
        st.image(vae.sheet(recons, f"decoded from their codes ({name})"))


def render() -> None:
    with st.expander("How a variational autoencoder works", expanded=False):
        st.markdown(ALL)
    manifold, interp, sampling = st.tabs(["Manifold and walk", "Interpolation", "Samples and reconstructions"])
    with manifold:
        _manifold_tab()
    with interp:
        _interpolation_tab()
    with sampling:
        _samples_tab()
