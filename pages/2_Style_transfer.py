"""Streamlit page: Style transfer. Thin: controls -> core -> display."""

from studio.ui.streamlit_ui import coming_soon, page_header

page_header("style")
coming_soon("style")
