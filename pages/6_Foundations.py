"""Streamlit page: Foundations. Thin: controls -> core -> display."""

from studio.streamlit_app import demo_page

demo_page("foundations")
