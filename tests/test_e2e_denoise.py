"""End to end: the denoising page in a real browser against both real servers, with screenshots."""

import os
import re

import pytest
from playwright.sync_api import expect

from servers import CHROMIUM, browser_page, pictures_loaded, screenshot, streamlit_rerun

# the local files first: where they are absent the tests are skipped before a server starts
pytestmark = [pytest.mark.skipif(not os.path.exists(CHROMIUM),
                                 reason=f"no Chromium at {CHROMIUM} (apt-get install chromium chromium-driver)"),
              pytest.mark.usefixtures("mnist_root")]

DAE_PSNR = re.compile(r"(\d+\.\d) dB")


def _drawn_digit(folder) -> str:
    from PIL import Image, ImageDraw

    paper = Image.new("RGB", (240, 240), "white")
    ImageDraw.Draw(paper).line([(70, 50), (170, 50), (110, 200)], fill="black", width=16)   # a 7
    paper.save(folder / "seven.png")
    return str(folder / "seven.png")


def _dae_metric(page) -> str:
    metric = page.locator("[data-testid='stMetric']").filter(has_text="denoising AE").first
    return metric.locator("[data-testid='stMetricValue']").inner_text()


def test_streamlit_comparison_follows_the_level_slider(streamlit_url, tmp_path):
    with browser_page(width=1500, height=1300) as page:
        page.goto(f"{streamlit_url}/Denoising")
        page.locator("[data-testid='stMetric']").filter(has_text="denoising AE").wait_for(timeout=90_000)
        page.locator("[data-testid='stPlotlyChart']").wait_for(timeout=90_000)
        page.locator("[data-testid='stImage'] img").first.wait_for(timeout=30_000)
        before = _dae_metric(page)
        assert page.locator("[data-testid='stException']").count() == 0
        screenshot(page, "denoise-streamlit-level-0.50")
        thumb = page.get_by_role("slider", name="Noise level")
        assert thumb.input_value() == "0.5"
        with streamlit_rerun(page):
            thumb.focus()
            for _ in range(6):                            # 0.50 -> 0.20 in steps of 0.05
                thumb.press("ArrowLeft")
        caption_moved = ("() => [...document.querySelectorAll('[data-testid=stImage]')]"
                         ".some(e => e.innerText.includes('level=0.2 '))")
        page.wait_for_function(caption_moved, timeout=60_000)
        page.wait_for_function("() => document.querySelector('[data-testid=stApp]')"
                               ".getAttribute('data-test-script-state') === 'notRunning'", timeout=60_000)
        after = _dae_metric(page)
        assert after != before and float(DAE_PSNR.match(after).group(1)) > float(DAE_PSNR.match(before).group(1))
        assert page.locator("[data-testid='stException']").count() == 0
        screenshot(page, "denoise-streamlit-level-0.20")

        # Your own digit: choose the source, upload a drawing, see it in MNIST form and compared.
        page.get_by_role("combobox", name="Digits").click()
        page.get_by_role("option", name="your own digit").click()
        page.get_by_text("Upload an image of one digit").wait_for(timeout=60_000)
        page.locator("[data-testid='stMainBlockContainer'] [data-testid='stFileUploaderDropzoneInput']").set_input_files(_drawn_digit(tmp_path))
        page.get_by_text("How your image became an MNIST digit").wait_for(timeout=60_000)
        page.locator("[data-testid='stMetric']").filter(has_text="denoising AE").wait_for(timeout=60_000)
        assert page.locator("[data-testid='stException']").count() == 0
        assert page.locator("[data-testid='stAlert']").filter(has_text="No digit").count() == 0
        page.get_by_text("How your image became an MNIST digit").click()
        page.get_by_text("20 px box, centred by mass in 28×28").wait_for(timeout=30_000)
        pictures_loaded(page, 3)
        screenshot(page, "denoise-streamlit-your-digit")


def test_gradio_tab_shows_the_comparison_and_the_api_answers(gradio_url):
    from gradio_client import Client

    client = Client(gradio_url, verbose=False)
    sheet, table, _ = client.predict("masking", 0.4, "chosen", 6, "0, 1, 2", 1, None, None,
                                     api_name="/denoise_compare")
    assert os.path.getsize(sheet) > 10_000 and "| denoising AE |" in table and "indices=0, 1, 2" in table
    with browser_page(width=1500, height=1300) as page:
        page.goto(gradio_url)
        page.get_by_role("tab", name="🧽 Denoising").click()
        page.get_by_role("cell", name="denoising AE").wait_for(timeout=90_000)
        page.locator(".js-plotly-plot").first.wait_for(timeout=90_000)
        row = page.get_by_role("row").filter(has_text="noisy input")
        before = row.inner_text()
        level = page.get_by_label("number input for Noise level")
        level.fill("0.2")
        level.press("Enter")
        page.wait_for_function("() => document.body.innerText.includes('level=0.2 ')", timeout=60_000)
        expect(row).not_to_have_text(before, timeout=60_000)  # the table follows the level
        assert page.locator(".toast-body.error").count() == 0
        screenshot(page, "denoise-gradio-level-0.20")
