"""End to end: real servers on 127.0.0.1, Debian's Chromium driven by Playwright, screenshots saved."""

import os

import pytest

from servers import CHROMIUM, browser_page, screenshot
from studio.demos import DEMOS

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM),
                                reason=f"no Chromium at {CHROMIUM} (apt-get install chromium chromium-driver)")


def test_streamlit_home_and_every_page_render(streamlit_url):
    with browser_page() as page:
        page.goto(streamlit_url)
        page.get_by_text("On this computer").wait_for(timeout=60_000)
        for d in DEMOS:
            assert page.get_by_text(d.title).count() >= 1
        # The inventory says what is here: the local MobileNetV2 weights and MNIST are found.
        page.get_by_text("MobileNetV2 ImageNet weights").first.wait_for(timeout=30_000)
        page.get_by_text("MNIST digits").first.wait_for(timeout=30_000)
        screenshot(page, "streamlit-home")
        for d in DEMOS:
            page.get_by_role("link", name=d.title).first.click()
            page.get_by_role("heading", name=d.title).first.wait_for(timeout=60_000)
            page.get_by_text(d.teaches[:40]).first.wait_for(timeout=60_000)  # the page's own caption
            assert page.locator("[data-testid='stException']").count() == 0
        screenshot(page, f"streamlit-{DEMOS[-1].key}")


def test_gradio_tabs_render_and_the_api_answers(gradio_url, shared_torch_home):
    from gradio_client import Client

    client = Client(gradio_url, verbose=False)
    endpoints = client.view_api(print_info=False, return_format="dict")["named_endpoints"]
    # Every demo can be scripted (a notebook, a slide generator): one named endpoint each at least.
    assert {"/dream", "/stylise", "/vae_grid", "/gan_snapshots", "/denoise_compare"} <= set(endpoints)
    answer = client.predict("jellyfish", "mobilenet_v2", api_name="/dream_classes")
    assert "Dreaming of **jellyfish** (class 107)" in answer
    with browser_page() as page:
        page.goto(gradio_url)
        page.get_by_text("On this computer").wait_for(timeout=60_000)
        screenshot(page, "gradio-home")
        for d in DEMOS:
            page.get_by_role("tab", name=f"{d.icon} {d.title}").click()
            # each tab's one-line header: its name and what it teaches
            page.locator(".studio-title:visible").filter(has_text=f"{d.icon} {d.title}").first.wait_for(timeout=30_000)
        screenshot(page, f"gradio-{DEMOS[-1].key}")
