"""Streamlit page: GAN snapshots. Thin: controls -> core -> display."""

from studio.ui.streamlit_ui import demo_page

demo_page("gan")
