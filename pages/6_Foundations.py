"""Streamlit page: Foundations. Thin: controls -> core -> display."""

from studio.ui.streamlit_ui import demo_page

demo_page("foundations")
