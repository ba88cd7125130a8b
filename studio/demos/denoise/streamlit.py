"""Streamlit: the denoising page. Controls in the sidebar; the comparison sheet, and beside it its mean
numbers and the PSNR chart."""

from __future__ import annotations

import streamlit as st

from studio.demos.denoise import compare as dc
from studio.digits import load_digit
from studio.demos.denoise.texts import EXPLAINERS, YOUR_DIGIT
from studio.ui.streamlit_ui import (chart, downloads, explainers, friendly_errors, numbers_area, result_area,
                                   settings_form, upload)

KEY = "denoise"


def _fields() -> list[str]:
    """Only the controls the chosen digit source uses (the widget's state holds the choice)."""
    source = st.session_state.get(f"{KEY}.source", dc.DenoiseSettings.control_of("source").default)
    return ["noise", "level", "source", *{"random": ["count"], "chosen": ["indices"]}.get(source, []), "seed"]


def _your_digit():
    """An uploaded photo or drawing of one digit, in MNIST form, with the steps that made it."""
    photo = upload("Your digit: a photo, scan or drawing of one handwritten digit", key=f"{KEY}.upload")
    if photo is None:
        st.info(YOUR_DIGIT, icon="✍️")
        return None
    digit = None
    with friendly_errors():   # a bad file gets its message here; the chart and texts stay
        digit = load_digit(photo)
    if digit is None:
        return None
    with st.expander("How your image became an MNIST digit", expanded=False):
        cols = st.columns(len(digit.steps))
        for col, (caption, img) in zip(cols, digit.steps):
            if img.width < 224:   # enlarge small steps crisply; the browser only ever scales them down
                img = img.resize((224, round(224 * img.height / img.width)), resample=0)
            col.image(img, caption=caption, width="stretch", output_format="PNG")
    return digit.tensor


def _metrics(result: dc.Comparison) -> None:
    means = result.means()
    base = means["noisy"][0]
    # two per row: four side by side cut the numbers off ("11.5…") at 1280 px
    cols = [col for _ in range(0, len(means), 2) for col in st.columns(2)]
    for col, c in zip(cols, means):
        p, s = means[c]
        col.metric(dc.COLUMNS[c], dc.fmt_psnr(p), delta=None if c == "noisy" else f"{p - base:+.1f} dB vs noisy",
                   help="Mean PSNR (peak signal-to-noise ratio) against the clean digits: 10·log₁₀(1 / mean "
                        "squared error). +6 dB means the squared error is four times smaller. SSIM compares local "
                        "brightness, contrast and structure: 1 means the same as the clean digit.")
        col.caption(f"mean SSIM **{s:.3f}**")


def render() -> None:
    with st.sidebar:
        st.subheader("Noise and digits")
        settings = settings_form(dc.DenoiseSettings, key=KEY, fields=_fields())
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
            downloads(KEY, sheet, result.caption(), settings.to_dict(),
                      name=f"denoise-{settings.noise}-{settings.level:.2f}")
    with right, friendly_errors():
        if result is not None:
            with numbers_area(KEY):
                _metrics(result)
        with st.spinner(f"Measuring PSNR at {len(dc.CURVE_LEVELS)} noise levels on {dc.CURVE_DIGITS} test digits "
                        "(once per noise type)…"):
            fig = dc.psnr_figure(settings.noise, settings.level)
        chart(fig, key=f"{KEY}.chart")
        explainers(EXPLAINERS)
