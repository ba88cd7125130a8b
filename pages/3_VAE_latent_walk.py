"""Streamlit page: VAE latent walk. Thin: controls -> core -> display."""

from studio.streamlit_app import demo_page

demo_page("vae")
