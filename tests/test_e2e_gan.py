"""GAN page end to end: both servers, Chromium, gradio_client."""

import os
import time

import pytest
from PIL import Image

from servers import CHROMIUM, browser_page, screenshot

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"no Chromium at {CHROMIUM}")


def test_streamlit_gan_page_snapshots_and_live_training(streamlit_url):
    url = streamlit_url
    with browser_page(height=2300) as page:
        page.goto(f"{url}/GAN_snapshots")
        page.get_by_text("Why DCGAN does better").first.wait_for(timeout=90_000)
        assert page.locator("[data-testid='stException']").count() == 0
        time.sleep(3)
        screenshot(page, "streamlit-gan-snapshots")
        page.get_by_role("tab", name="Live 2-D GAN").click()
        page.get_by_role("button", name="Start").click()
        # the live view refreshes while training: the step counter advances between two looks
        page.get_by_text("steps/s").first.wait_for(timeout=60_000)
        first = page.get_by_text("of 3000").first.inner_text()
        time.sleep(3)
        second = page.get_by_text("of 3000").first.inner_text()
        assert first != second
        screenshot(page, "streamlit-gan-live")
        page.get_by_role("button", name="Stop").click()


def test_gradio_gan_tab_and_api(gradio_url):
    from gradio_client import Client

    url = gradio_url
    client = Client(url, verbose=False)
    dense, dcgan, hist, coverage = client.predict(5, 0, True, api_name="/gan_snapshots")
    assert Image.open(dense).size == Image.open(dcgan).size
    with browser_page(height=1800) as page:
        page.goto(url)
        page.get_by_role("tab", name="🎭 GAN snapshots").click()
        page.get_by_text("Why DCGAN does better").first.wait_for(timeout=60_000)
        time.sleep(3)
        screenshot(page, "gradio-gan")
        page.get_by_role("tab", name="Live 2-D GAN").click()
        page.get_by_role("button", name="Step (100)").click()
        page.get_by_text("step 100 of 3000").first.wait_for(timeout=60_000)
        screenshot(page, "gradio-gan-live")
