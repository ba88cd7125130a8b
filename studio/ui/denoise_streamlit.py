"""Streamlit: the denoising page. Controls in the sidebar; comparison, metrics and chart in the page."""

from __future__ import annotations

import streamlit as st

from studio import denoise as dn
from studio.digits import load_digit
from studio.ui.streamlit_ui import downloads, friendly_errors, settings_form

KEY = "denoise"
UPLOAD_TYPES = ["png", "jpg", "jpeg", "webp", "bmp", "tif", "tiff", "gif"]


def _fields() -> list[str]:
    """Only the controls the chosen digit source uses (the widget's state holds the choice)."""
    source = st.session_state.get(f"{KEY}.source", dn.DenoiseSettings.control_of("source").default)
    return ["noise", "level", "source", *{"random": ["count"], "chosen": ["indices"]}.get(source, []), "seed"]


def _your_digit():
    """An uploaded photo or drawing of one digit, in MNIST form, with the steps that made it."""
    upload = st.file_uploader("Your digit: a photo, scan or drawing of one handwritten digit",
                              type=UPLOAD_TYPES, key=f"{KEY}.upload")
    if upload is None:
        st.info("Upload an image of one digit (dark ink on light paper works well). It is turned into MNIST "
                "form first: white on black, 20 px box, centred in 28×28.", icon="✍️")
        return None
    digit = None
    with friendly_errors():   # a bad file gets its message here; the chart and texts stay
        digit = load_digit(upload.getvalue())
    if digit is None:
        return None
    with st.expander("How your image became an MNIST digit", expanded=False):
        cols = st.columns(len(digit.steps))
        for col, (caption, img) in zip(cols, digit.steps):
            if img.width < 224:   # enlarge small steps crisply; the browser only ever scales them down
                img = img.resize((224, round(224 * img.height / img.width)), resample=0)
            col.image(img, caption=caption, width="stretch", output_format="PNG")
    return digit.tensor


def _metrics(result: dn.Comparison) -> None:
    means = result.means()
    base = means["noisy"][0]
    for col, c in zip(st.columns(len(means)), means):
        p, s = means[c]
        col.metric(dn.COLUMNS[c], dn.fmt_psnr(p), delta=None if c == "noisy" else f"{p - base:+.1f} dB vs noisy",
                   help="Mean PSNR (peak signal-to-noise ratio) against the clean digits: 10·log₁₀(1 / mean "
                        "squared error). +6 dB means the squared error is four times smaller. SSIM compares local "
                        "brightness, contrast and structure: 1 means the same as the clean digit.")
        col.caption(f"mean SSIM **{s:.3f}**")


def render() -> None:
    with st.sidebar:
        st.subheader("Noise and digits")
        settings = settings_form(dn.DenoiseSettings, key=KEY, fields=_fields())
    digit = _your_digit() if settings.source == "yours" else None
    left, right = st.columns([3, 2], gap="large")
    with left:
        if settings.source != "yours" or digit is not None:
            result = dn.compare(settings, digit)
            _metrics(result)
            sheet = result.sheet()
            st.image(sheet, caption=result.caption(), width="stretch", output_format="PNG")   # JPEG blurs pixels
            downloads(KEY, sheet, result.caption(), settings.to_dict(),
                      name=f"denoise-{settings.noise}-{settings.level:.2f}")
    with right:
        with st.spinner(f"Measuring PSNR at {len(dn.CURVE_LEVELS)} noise levels on {dn.CURVE_DIGITS} test digits "
                        "(once per noise type)…"):
            fig = dn.psnr_figure(settings.noise, settings.level)
        st.plotly_chart(fig, key=f"{KEY}.chart")
        for title, text in dn.EXPLAINERS:
            with st.expander(title, expanded=True):
                st.write(text)
