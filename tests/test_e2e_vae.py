"""VAE page end to end: both servers, Chromium, gradio_client."""

import os

import pytest
from PIL import Image

from servers import CHROMIUM, browser_page, pictures_loaded, screenshot

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"no Chromium at {CHROMIUM}")


def test_streamlit_vae_page_in_a_browser(streamlit_url, mnist_root):
    url = streamlit_url
    with browser_page(height=1900) as page:
        page.goto(f"{url}/VAE_latent_walk")
        page.get_by_text("2000 test digits, encoded").first.wait_for(timeout=90_000)
        pictures_loaded(page, 4)   # the scatter's title is page text now: it can come before the walk's pictures
        assert page.locator("[data-testid='stException']").count() == 0
        assert page.locator("[data-testid='stImage'] img").count() >= 4
        screenshot(page, "streamlit-vae-manifold")
        page.get_by_role("tab", name="Interpolation").click()
        page.get_by_text("Spherical path").first.wait_for(timeout=30_000)
        pictures_loaded(page, 1)
        screenshot(page, "streamlit-vae-interpolation")


def test_gradio_vae_tab_and_api(gradio_url, mnist_root):
    from gradio_client import Client

    url = gradio_url
    client = Client(url, verbose=False)
    grid = client.predict(8, 2.0, api_name="/vae_grid")
    assert Image.open(grid).width > 8 * 28
    strip, gif, caption = client.predict("vae-latent16", 3, 2, 6, True, None, None, api_name="/vae_interpolate")
    assert "steps=6" in caption
    assert Image.open(gif).n_frames >= 6
    with browser_page(height=1500) as page:
        page.goto(url)
        page.get_by_role("tab", name="🧭 VAE latent walk").click()
        page.get_by_text("test digits, encoded (means)").first.wait_for(timeout=60_000)   # the scatter, titled by itself
        pictures_loaded(page, 1)
        screenshot(page, "gradio-vae")
