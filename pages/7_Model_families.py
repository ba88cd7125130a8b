"""Streamlit page: Model families. Thin: controls -> core -> display."""

from studio.streamlit_app import demo_page

demo_page("families")
