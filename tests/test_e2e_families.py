"""Model-families page end to end: both servers, Chromium, gradio_client."""

import os

import pytest
from PIL import Image

from servers import CHROMIUM, browser_page, gradio_idle, pictures_loaded, screenshot, streamlit_settled

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"no Chromium at {CHROMIUM}")


def test_streamlit_families_page_live_sampling_and_table(streamlit_url):
    with browser_page(width=1440, height=5200) as page:  # Streamlit scrolls inside: a tall window shows it all
        page.goto(f"{streamlit_url}/Model_families")
        page.get_by_text("Measured, side by side").first.wait_for(timeout=120_000)
        assert page.locator("[data-testid='stException']").count() == 0
        page.get_by_role("button", name="Draw samples").click()
        page.get_by_text("Samples, seed 0").first.wait_for(timeout=180_000)
        # live PixelCNN: a frame per row (kept as the run's GIF), ending at row 28
        page.get_by_role("button", name="Sample", exact=True).click()
        page.get_by_text("row 28 of 28, 784 of 784 pixels").first.wait_for(timeout=120_000)
        page.get_by_text("The run as a GIF").first.wait_for(timeout=10_000)
        page.get_by_role("button", name="Measure all four (about two minutes, once per server)").click()
        page.get_by_text("(exact)").first.wait_for(timeout=400_000)
        assert page.get_by_text("— (no density)").count() >= 1
        streamlit_settled(page)
        pictures_loaded(page, 2)   # the samples and the PixelCNN's last row
        assert page.locator("[data-testid='stException']").count() == 0
        screenshot(page, "streamlit-families")


def test_gradio_families_tab_and_api(gradio_url):
    from gradio_client import Client

    client = Client(gradio_url, verbose=False)
    image, caption, files = client.predict(3, 4, api_name="/families_samples")
    assert Image.open(image).width > 800 and "seed 3" in caption
    with browser_page(width=1280, height=4200) as page:  # images load only when in view
        page.goto(gradio_url)
        page.get_by_role("tab", name="🧬 Model families").click()
        page.get_by_text("Measured, side by side").first.wait_for(timeout=60_000)
        page.get_by_role("button", name="Draw samples").click()
        page.get_by_text("Samples, seed 0: VAE").first.wait_for(timeout=180_000)
        page.get_by_role("button", name="Sample", exact=True).click()
        page.get_by_text("row 28 of 28").first.wait_for(timeout=120_000)
        gradio_idle(page)
        pictures_loaded(page, 2)
        screenshot(page, "gradio-families")
