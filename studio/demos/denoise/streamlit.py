"""Streamlit: the denoising page. Controls in the sidebar; the comparison sheet, and beside it its mean
numbers and the PSNR chart."""

from __future__ import annotations

import streamlit as st

from studio.demos.denoise import compare as dc
from studio.demos.denoise.texts import EXPLAINERS, YOUR_DIGIT
from studio.ui.streamlit_ui import (chart, downloads, explainers, friendly_errors, metric_cards, numbers_area,
                                   picture_row, result_area, settings_form, upload_as)

KEY = "denoise"


def _your_digit():
    """An uploaded photo or drawing of one digit, in MNIST form, with the steps that made it."""
    # a bad file gets its message here; the chart and texts stay
    digit = upload_as("Your digit: a photo, scan or drawing of one handwritten digit", f"{KEY}.upload",
                      lambda photo: dc.your_digit(photo=photo), prompt=(YOUR_DIGIT, "✍️"))
    if digit is not None:
        with st.expander("How your image became an MNIST digit", expanded=False):
            picture_row(dc.enlarged_steps(digit), output_format="PNG")
    return None if digit is None else digit.tensor


def render() -> None:
    with st.sidebar:
        st.subheader("Noise and digits")
        settings = settings_form(dc.DenoiseSettings, key=KEY, switch="source")
    digit = _your_digit() if settings.source == "yours" else None
    # The comparison sheet as large as the screen allows; its mean numbers beside it, at the top of
    # the narrower column (two per row, nothing cut off), the chart below them.
    # (5:3: at 1280×720 the sheet is 540 px wide, so its per-digit numbers are ≥ 16 px)
    left, right = st.columns([5, 3], gap="large")
    result = None
    with left, friendly_errors(), result_area("denoise-sheet", reserve_rem=11):   # test digits need MNIST; your own digit does not
        if settings.source != "yours" or digit is not None:
            result = dc.compare(settings, digit)
            sheet = result.sheet()
            st.image(sheet, caption=result.caption(), width="stretch", output_format="PNG")   # JPEG blurs pixels
            downloads(KEY, sheet, result.caption(), dc.state(settings),
                      name=f"denoise-{settings.noise}-{settings.level:.2f}")
    with right, friendly_errors():
        if result is not None:
            with numbers_area(KEY):   # two per row: four side by side cut the numbers off ("11.5…") at 1280 px
                metric_cards(dc.mean_cards(result), per_row=2, help=dc.MEANS_HELP)
        with st.spinner(f"Measuring PSNR at {len(dc.CURVE_LEVELS)} noise levels on {dc.CURVE_DIGITS} test digits "
                        "(once per noise type)…"):
            fig = dc.psnr_figure(settings.noise, settings.level)
        chart(fig, key=f"{KEY}.chart")
        explainers(EXPLAINERS)
