"""Streamlit page: DeepDream. Thin: controls -> core -> display."""

from studio.streamlit_app import demo_page

demo_page("dream")
