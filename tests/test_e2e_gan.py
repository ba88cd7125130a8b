"""GAN page end to end: both servers, Chromium, gradio_client."""

import os
import re

import pytest
from PIL import Image

from servers import CHROMIUM, browser_page, charts_drawn, holds_still, pictures_loaded, screenshot, streamlit_settled

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"no Chromium at {CHROMIUM}")


STATUS = re.compile(r"step (\d+) of (\d+)")


def _live_status(page) -> tuple[int, str]:
    text = page.get_by_text(STATUS).first.inner_text()
    return int(STATUS.search(text).group(1)), text


def test_streamlit_gan_page_snapshots_and_live_training(streamlit_url):
    url = streamlit_url
    with browser_page(height=2300) as page:
        page.goto(f"{url}/GAN_snapshots")
        page.get_by_text("Why DCGAN does better").first.wait_for(timeout=90_000)
        assert page.locator("[data-testid='stException']").count() == 0
        pictures_loaded(page, 2)  # both families' sample sheets
        page.locator(".js-plotly-plot").nth(1).wait_for(timeout=60_000)  # histogram and coverage charts
        screenshot(page, "streamlit-gan-snapshots")
        page.get_by_role("tab", name="Live 2-D GAN").click()
        # The largest budget, so even a fast machine is still training when Stop is clicked.
        budget = page.get_by_role("slider", name="Training budget (steps)")
        budget.focus()
        budget.press("End")
        page.get_by_text("of 20000").first.wait_for(timeout=30_000)
        page.get_by_role("button", name="Start").click()
        # The live view refreshes while training: a speed is shown and the step counter advances.
        page.get_by_text("steps/s").first.wait_for(timeout=60_000)
        first, _ = _live_status(page)
        page.wait_for_function("n => { const m = document.body.innerText.match(/step (\\d+) of 20000/); "
                               "return m && +m[1] > n; }", arg=first, timeout=60_000)
        charts_drawn(page, 1)   # the live plot is drawn again after each refresh
        screenshot(page, "streamlit-gan-live")
        page.get_by_role("button", name="Stop").click()
        # Stopped: the speed disappears and the counter holds still.
        page.get_by_text("steps/s").wait_for(state="detached", timeout=30_000)
        streamlit_settled(page)
        stopped, text = _live_status(page)
        assert 0 < stopped < 20000, text
        # 90 frames the browser draws (more than four refreshes of the live view): nothing may move
        holds_still(page, "() => document.body.innerText.match(/step (\\d+) of 20000/)[1]", frames=90)
        # and nothing trained behind the picture: one Step adds exactly its 100 steps
        page.get_by_role("button", name="Step (100)").click()
        page.wait_for_function("n => +document.body.innerText.match(/step (\\d+) of 20000/)[1] !== n",
                               arg=stopped, timeout=60_000)
        assert _live_status(page)[0] == stopped + 100


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
        pictures_loaded(page, 2)
        screenshot(page, "gradio-gan")
        page.get_by_role("tab", name="Live 2-D GAN").click()
        page.get_by_role("button", name="Step (100)").click()
        page.get_by_text("step 100 of 3000").first.wait_for(timeout=60_000)
        screenshot(page, "gradio-gan-live")


def test_gradio_log_sliders_name_the_rate_itself(gradio_url):
    """The learning-rate sliders move over exponents; their labels say the rate (0.005), and the
    collapse-prone recipe sets the stop -2.3, never -2.30103."""
    with browser_page(width=1280, height=720) as page:
        page.goto(f"{gradio_url}/?demo=gan")
        page.get_by_role("tab", name="Live 2-D GAN").click()
        page.get_by_text("Generator learning rate = 0.001").first.wait_for(timeout=90_000)
        page.get_by_role("button", name="Load the collapse-prone setting").click()
        page.get_by_text("Generator learning rate = 0.005").first.wait_for(timeout=30_000)
        page.get_by_text("Discriminator learning rate = 0.0005").first.wait_for(timeout=30_000)
        boxes = [i.input_value() for i in page.locator("input[type=number]").all() if i.is_visible()]
        assert "-2.3" in boxes and not any(b.startswith("-2.30") for b in boxes)
