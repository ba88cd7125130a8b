"""Streamlit page: DeepDream. Thin: controls -> core -> display."""

from studio.ui.streamlit_ui import coming_soon, page_header

page_header("dream")
coming_soon("dream")
