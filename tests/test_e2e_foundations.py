"""Foundations end to end: both servers, Chromium, screenshots of the statistics and of a live painting."""

import os
import re

import pytest
from playwright.sync_api import expect

from servers import (CHROMIUM, browser_page, charts_drawn, gradio_idle, pictures_loaded, screenshot, settles,
                     streamlit_settled)

# mnist_root first: without MNIST the tests are skipped before a server starts
pytestmark = [pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"no Chromium at {CHROMIUM}"),
              pytest.mark.usefixtures("mnist_root")]
STEP = re.compile(r"step (\d+) of")


def _step(page) -> int:
    return int(STEP.search(page.get_by_text(STEP).first.inner_text()).group(1))


def _paints(page, past: int, name: str) -> None:
    """Start the painting: its speed shows, its step counter climbs past `past`; a screenshot, then Stop."""
    page.get_by_role("button", name="Start").first.click()
    page.get_by_text("steps/s").first.wait_for(timeout=60_000)
    first = _step(page)
    page.wait_for_function("n => [...document.body.innerText.matchAll(/step (\\d+) of/g)].some(m => +m[1] >= n)",
                           arg=past, timeout=300_000)   # a loaded machine trains slowly
    assert _step(page) > first
    screenshot(page, name)
    page.get_by_role("button", name="Stop").first.click()


def _set(folder) -> list[str]:
    import io
    import zipfile

    from studio.images import load_sample

    paths = []
    for name in ("chelsea", "coffee"):
        path = folder / f"{name}.jpg"
        load_sample(name).save(path)
        paths.append(str(path))
    (folder / "notes.jpg").write_bytes(b"these are not pixels")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("rocket.png", _png("rocket"))
    (folder / "more.zip").write_bytes(buf.getvalue())
    return paths + [str(folder / "notes.jpg"), str(folder / "more.zip")]


def _png(name: str) -> bytes:
    import io

    from studio.images import load_sample

    buf = io.BytesIO()
    load_sample(name).save(buf, "PNG")
    return buf.getvalue()


def test_streamlit_statistics_and_a_live_painting(streamlit_url, tmp_path):
    with browser_page(width=1440, height=2000) as page:
        page.goto(f"{streamlit_url}/Foundations")
        page.get_by_text("60,000 pictures").first.wait_for(timeout=90_000)
        page.locator("[data-testid='stPlotlyChart']").first.wait_for(timeout=60_000)
        streamlit_settled(page)
        pictures_loaded(page)
        charts_drawn(page)
        assert page.locator("[data-testid='stException']").count() == 0
        screenshot(page, "foundations-streamlit-stats")
        # a set the class brings: three pictures and a ZIP, one file refused by name, the rest counted
        page.get_by_role("combobox", name="Pictures").first.click()
        page.get_by_role("option", name="A set you bring").click()
        # the page's own uploader (the sidebar's link panel has one for studio PNGs)
        page.locator("[data-testid='stMain'] [data-testid='stFileUploaderDropzoneInput']").first.set_input_files(
            _set(tmp_path))
        page.get_by_text("notes.jpg was left out").first.wait_for(timeout=60_000)
        page.get_by_text("3 pictures").first.wait_for(timeout=30_000)
        streamlit_settled(page)
        assert page.locator("[data-testid='stException']").count() == 0
        screenshot(page, "foundations-streamlit-upload")
        page.get_by_role("tab", name="Learn to paint").click()
        page.get_by_role("combobox", name="Positional encoding").first.click()
        page.get_by_role("option", name="Fourier features").click()
        _paints(page, 200, "foundations-streamlit-paint")
        # the race: plain against Fourier, equal seconds while both train
        page.get_by_role("combobox", name="Positional encoding").first.click()
        page.get_by_role("option", name="Off: the raw").click()
        page.get_by_role("button", name="Start").nth(1).click()
        page.wait_for_function("() => /B \\(Fourier 10\\): step [1-9]\\d\\d/.test(document.body.innerText)", timeout=300_000)
        page.get_by_role("button", name="Stop").nth(1).click()
        # stopped, the race offers its downloads (the painting above has none: changing setting A restarted it)
        expect(page.get_by_role("button", name="PNG with caption")).to_have_count(1, timeout=60_000)
        streamlit_settled(page)
        screenshot(page, "foundations-streamlit-race")
        assert page.locator("[data-testid='stException']").count() == 0


def test_gradio_statistics_and_a_live_painting(gradio_url):
    with browser_page(width=1440, height=2000) as page:
        page.goto(gradio_url)
        page.get_by_role("tab", name="🧱 Foundations").click()
        page.get_by_text("60,000 pictures").first.wait_for(timeout=90_000)
        gradio_idle(page)
        pictures_loaded(page, 3)   # the set, its mean and std, the normalised set
        charts_drawn(page)         # the histograms
        screenshot(page, "foundations-gradio-stats")
        page.get_by_role("tab", name="Learn to paint").click()
        _paints(page, 100, "foundations-gradio-paint")
        # many pictures, no index: the painting is their average
        page.get_by_role("tab", name="Paint many images").click()
        page.get_by_role("button", name="Start").last.click()
        page.wait_for_function("() => /against their average: [1-9]\\d\\.\\d dB/.test(document.body.innerText) && "
                               "/step [1-9]\\d\\d of/.test(document.body.innerText)", timeout=90_000)
        page.get_by_role("button", name="Stop").last.click()
        # the run is cancelled: its step counter (the last on the page) stops moving
        settles(page, "() => { const m = [...document.body.innerText.matchAll(/step (\\d+) of/g)];"
                      " return m.length ? m[m.length - 1][1] : ''; }")
        pictures_loaded(page)
        screenshot(page, "foundations-gradio-many")
        assert page.locator(".toast-body.error").count() == 0
