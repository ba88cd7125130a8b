"""End to end: the DeepDream page and tab dream a tiny picture in a real browser (screenshots saved)."""

import os

import pytest

from servers import CHROMIUM, browser_page, screenshot

# the local files first: where they are absent the tests are skipped before a server starts
pytestmark = [pytest.mark.skipif(not os.path.exists(CHROMIUM),
                                 reason=f"no Chromium at {CHROMIUM} (apt-get install chromium chromium-driver)"),
              pytest.mark.usefixtures("shared_torch_home")]


def _slider_to_minimum(page, label: str) -> None:
    """Press Home on the slider and wait until it shows its minimum (the rerun carries that value)."""
    thumb = page.get_by_role("slider", name=label)
    thumb.focus()
    thumb.press("Home")
    minimum = thumb.get_attribute("aria-valuemin")
    page.wait_for_function("([el, v]) => el.getAttribute('aria-valuenow') === v",
                           arg=[thumb.element_handle(), minimum], timeout=30_000)


def _shown_picture_sizes(page) -> list[list[int]]:
    """Natural sizes of the loaded pictures on the page (what a visitor actually sees)."""
    return page.locator("img").evaluate_all(
        "els => els.filter(e => e.complete && e.naturalWidth > 0).map(e => [e.naturalWidth, e.naturalHeight])")


def test_streamlit_page_dreams_live_in_the_browser(streamlit_url):
    with browser_page() as page:
        page.goto(f"{streamlit_url}/DeepDream")
        page.get_by_role("button", name="Run", exact=True).wait_for(timeout=60_000)
        for label in ("Image size (long side, px)", "Octaves", "Steps per octave"):
            _slider_to_minimum(page, label)
        page.get_by_role("button", name="Run", exact=True).click()
        page.get_by_role("button", name="PNG with caption").wait_for(timeout=90_000)
        assert page.get_by_text("size=64 · octaves=1").count() >= 1
        # The dream is on the page at the size asked for: the sample photo's long side at 64 px.
        page.wait_for_function("() => [...document.images].some(e => e.complete && e.naturalWidth === 64)",
                               timeout=30_000)
        assert [64, 43] in _shown_picture_sizes(page)
        assert page.locator("[data-testid='stException']").count() == 0
        screenshot(page, "dream-streamlit")


def test_gradio_tab_dreams_live_in_the_browser(gradio_url):
    with browser_page() as page:
        page.goto(gradio_url)
        page.get_by_role("tab", name="🌀 DeepDream").click()
        for label, value in (("Image size (long side, px)", "64"), ("Octaves", "1"), ("Steps per octave", "2")):
            box = page.get_by_label(f"number input for {label}", exact=True)
            box.fill(value)
            box.press("Enter")
        page.get_by_role("button", name="Dream", exact=True).click()
        page.get_by_text("Done. DeepDream").wait_for(timeout=90_000)
        page.get_by_text("deepdream-captioned").first.wait_for(timeout=30_000)  # the downloads arrived
        assert page.get_by_text("size=64 · octaves=1").count() >= 1
        page.wait_for_function("() => [...document.images].some(e => e.complete && e.naturalWidth === 64)",
                               timeout=30_000)
        assert [64, 43] in _shown_picture_sizes(page)
        screenshot(page, "dream-gradio")
