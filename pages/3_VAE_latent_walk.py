"""Streamlit page: VAE latent walk. Thin: controls -> core -> display."""

from studio.ui.streamlit_ui import coming_soon, page_header

page_header("vae")
coming_soon("vae")
