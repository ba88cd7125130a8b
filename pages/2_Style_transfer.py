"""Streamlit page: Style transfer. Thin: controls -> core -> display."""

from studio.streamlit_app import demo_page

demo_page("style")
