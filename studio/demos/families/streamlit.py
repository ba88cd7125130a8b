"""Streamlit: the model-families page (samples side by side, PixelCNN live and completion,
reconstructions, the measured table)."""

from __future__ import annotations

import streamlit as st

from studio.demos.families import measure as fam
from studio.demos.families import page
from studio.demos.families.texts import COMPLETION, EXPLAINERS, LIVE, RECONSTRUCTION, TABLE
from studio.images import without_caption
from studio.ui.streamlit_ui import (explainers, heading, preset_button, recorded_result, settings_beside,
                                   settings_form, shown_result, upload_as)

KEY = "families"


def _samples() -> None:
    with st.container(key=f"{KEY}.samples"):   # the family-samples preset's target: the heading and the sheet
        st.subheader("Samples from each family")
        # controls beside the sheet: on a 1280×720 projector the samples are on screen after Draw
        s, controls, main = settings_beside(fam.SampleSettings, f"{KEY}.samples", widths=(1, 3))
        draw = preset_button("Draw samples", f"{KEY}.samples.draw", controls, type="primary", width="stretch")
        state = f"{KEY}.samples.sheet"
        with main:
            if draw:
                with st.spinner("Drawing samples (the PixelCNN one pixel at a time)…"):
                    st.session_state[state] = (*fam.samples_sheet(s), s)
            if state in st.session_state:
                image, caption, drawn = st.session_state[state]
                # the sheet without its baked caption band (small, and cut at 1280 px): the caption once, under
                # it; shrunk to fit the column
                shown_result(f"{KEY}.samples", page.result("samples", drawn, image, caption), shown=without_caption,
                             width="stretch")


def _run(section: str, s, start, label: str) -> None:
    """Run/Stop with the frames kept for a GIF; shows where the run got to, and its downloads: its own size,
    never wider than the column (the 1004 px completion strip overflowed 980 px at 1280)."""
    recorded_result(f"{KEY}.{section}", start, s, page.run_result(section), label=label,
                    show=dict(gif_title="The run as a GIF", shown=without_caption, gif_ms=150, width="content"))


def _live() -> None:
    heading("PixelCNN, pixel by pixel", LIVE, small=True)
    s = settings_form(fam.LiveSettings, key=f"{KEY}.live")
    _run("live", s, lambda: fam.live_sampling(s), "Sample")


def _completion() -> None:
    heading("PixelCNN completion", COMPLETION)
    s, _, right = settings_beside(fam.CompletionSettings, f"{KEY}.complete", widths=(3, 1), gap="small")
    digit = upload_as("Or your own digit (photo or drawing)", f"{KEY}.upload", page.digit, where=right,
                      help="Turned into MNIST form (white on black, 20 px box, centred), then binarised.")
    if digit is not None:
        right.image(digit[0, 0].numpy(), caption="your digit, MNIST form", width=112, clamp=True)
    _run("complete", s, lambda: fam.completion(s, digit), "Complete")


def _reconstructions() -> None:
    heading("Reconstructions: VAE vs VAE-GAN (same networks, two losses)", RECONSTRUCTION)
    s = settings_form(fam.ReconSettings, key=f"{KEY}.recon")
    with st.container(key=f"{KEY}.recon.sheet"):   # the vae-vs-vaegan preset's target
        # eleven columns, a little wider than the page; the caption once, under the sheet (not also baked in)
        shown_result(f"{KEY}.recon", page.recon(s), shown=without_caption, width="stretch")


def _table() -> None:
    st.subheader("Measured, side by side")
    if not fam.measured() and st.button("Measure all four (about two minutes, once per server)", type="primary",
                                        key=f"{KEY}.measure"):
        with st.spinner("Sampling 512 digits per family (10,000 of the fast ones), timing 64, scoring the test set…"):
            fam.table()
    if fam.measured():
        st.markdown(fam.table_markdown())
        st.caption(fam.TABLE_SOURCE)
    st.markdown(TABLE)


def render() -> None:
    explainers(EXPLAINERS, expanded=False)
    _samples()
    _live()
    _completion()
    _reconstructions()
    _table()
