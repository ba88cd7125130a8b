"""Streamlit page: Denoising. Thin: controls -> core -> display."""

from studio.ui.streamlit_ui import coming_soon, page_header

page_header("denoise")
coming_soon("denoise")
