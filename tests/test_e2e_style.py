"""End to end: the style-transfer page in a real browser against both real servers, with screenshots."""

import os

import pytest

from servers import CHROMIUM, browser_page, pictures_loaded, screenshot, streamlit_rerun

# the local files first: where they are absent the tests are skipped before a server starts
pytestmark = [pytest.mark.skipif(not os.path.exists(CHROMIUM),
                                 reason=f"no Chromium at {CHROMIUM} (apt-get install chromium chromium-driver)"),
              pytest.mark.usefixtures("styles_dir", "shared_torch_home")]


def _slider_to(page, name: str, steps_right: int = 0) -> None:
    """Move a slider and wait for the rerun it causes (the next slider may depend on it)."""
    thumb = page.get_by_role("slider", name=name)
    with streamlit_rerun(page):
        thumb.focus()
        thumb.press("Home")
        for _ in range(steps_right):
            thumb.press("ArrowRight")


def test_streamlit_stylises_a_tiny_preset_live(streamlit_url):
    with browser_page(width=1500, height=1300) as page:
        page.goto(f"{streamlit_url}/Style_transfer")
        page.get_by_role("button", name="Stylise").wait_for(timeout=90_000)
        _slider_to(page, "Output size (long side, px)", 2)       # 128 px
        _slider_to(page, "Coarse-to-fine scales", 1)             # 64 then 128 px
        _slider_to(page, "Iterations per scale", 9)              # 10
        page.get_by_role("button", name="Stylise").click()
        page.get_by_text("final losses").wait_for(timeout=120_000)
        pictures_loaded(page, 2)
        assert page.locator("[data-testid='stException']").count() == 0
        assert page.locator("[data-testid='stPlotlyChart']").count() == 1
        caption = page.locator("[data-testid='stImage']").filter(has_text="iterations=10").first
        assert "content=chelsea" in caption.inner_text() and "style=shipwreck" in caption.inner_text()
        assert page.locator("[data-testid='stDownloadButton']").filter(has_text="GIF").count() == 1
        screenshot(page, "style-streamlit-tiny")


def test_gradio_stylises_through_the_api_and_in_the_tab(gradio_url):
    from gradio_client import Client

    client = Client(gradio_url, verbose=False)
    image, _plot, status, files = client.predict(
        "sample:astronaut", None, "gallery:starry_night.jpg", None, "gallery:the_scream.jpg", None,
        "gatys", 0.5, 0.0, 1.0, 1.0, "mobilenet_v2", "middle", "all", 0.0, 1.0, 64, 1, 10, "lbfgs", "content", 0,
        "luminance", api_name="/stylise")
    assert "Done" in status and "starry_night 50% + the_scream 50%" in status
    assert os.path.getsize(image) > 1000 and len(files) == 4
    with browser_page(width=1500, height=1300) as page:
        page.goto(gradio_url)
        page.get_by_role("tab", name="🎨 Style transfer").click()
        page.get_by_role("button", name="Stylise").wait_for(timeout=30_000)
        size = page.get_by_label("number input for Output size (long side, px)")
        size.fill("96")
        size.press("Enter")
        page.get_by_role("button", name="⇄ Swap").click()
        page.get_by_role("button", name="Stylise").click()
        page.get_by_text("Done in").wait_for(timeout=120_000)
        assert "content=shipwreck" in page.get_by_text("Done in").inner_text()   # swapped
        pictures_loaded(page, 1)
        screenshot(page, "style-gradio-tiny")


def test_streamlit_fast_network_answers_the_style_weight_without_a_run(streamlit_url):
    """The approach switch at 1280×720: the fast network's picture is there at once, follows a slider,
    and the supervised network names the one painting it knows."""
    with browser_page(width=1280, height=720) as page:
        page.goto(f"{streamlit_url}/Style_transfer?approach=fast&painting=gallery:starry_night.jpg")
        page.get_by_text("One pass of the network").wait_for(timeout=90_000)
        assert page.get_by_role("button", name="Stylise", exact=True).count() == 0   # nothing to press
        result = page.locator("[data-testid='stImage']").filter(has_text="approach=fast").locator("img")
        box = result.bounding_box()
        assert box["y"] + box["height"] <= 720   # on the first screen of a projector
        _slider_to(page, "Style weight", 30)   # 10^-1 -> 10^2, in steps of 0.1
        page.get_by_text("strength 100").wait_for(timeout=60_000)
        screenshot(page, "style-streamlit-fast-1280")
        page.goto(f"{streamlit_url}/Style_transfer?approach=supervised&painting=gallery:the_scream.jpg")
        page.get_by_text("only knows The Starry Night").wait_for(timeout=90_000)
        assert page.locator("[data-testid='stException']").count() == 0


def test_gradio_fast_network_paints_on_open_and_hides_the_run(gradio_url):
    with browser_page(width=1280, height=720) as page:
        page.goto(f"{gradio_url}/?demo=style&approach=fast&painting=gallery:starry_night.jpg")
        page.get_by_text("One pass of the network").wait_for(timeout=90_000)
        assert not page.get_by_role("button", name="Stylise", exact=True).is_visible()
        pictures_loaded(page, 1)
        result = page.locator(".studio-pic img").first
        box = result.bounding_box()
        assert box["y"] < 720 and box["height"] > 200   # the result on the first screen, large
        screenshot(page, "style-gradio-fast-1280")
