"""Streamlit page: GAN snapshots. Thin: controls -> core -> display."""

from studio.ui.streamlit_ui import coming_soon, page_header

page_header("gan")
coming_soon("gan")
