"""Streamlit in a real browser: visitors at once keep their own state, and Stop ends a run."""

import os
import re

import pytest

from servers import CHROMIUM, browser_page, screenshot

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"no Chromium at {CHROMIUM}")

STATUS = re.compile(r"step (\d+) of (\d+)")


def _open_live_gan(browser, url):
    page = browser.new_page(viewport={"width": 1400, "height": 1400})
    page.goto(f"{url}/GAN_snapshots")
    page.get_by_role("tab", name="Live 2-D GAN").click()
    page.get_by_text("step 0 of 3000").first.wait_for(timeout=90_000)
    return page


def _step(page) -> int:
    return int(STATUS.search(page.get_by_text(STATUS).first.inner_text()).group(1))


def test_two_visitors_at_once_do_not_share_a_gan(streamlit_url):
    """Two browser tabs are two sessions: one training live does not move the other's counter."""
    with browser_page() as first:
        a = _open_live_gan(first.context.browser, streamlit_url)  # a browser context each: two visitors
        b = _open_live_gan(first.context.browser, streamlit_url)
        a.get_by_role("button", name="Start").click()
        a.get_by_text("steps/s").first.wait_for(timeout=60_000)  # A is training now
        b.get_by_role("button", name="Step (100)").click()
        b.get_by_text("step 100 of 3000").first.wait_for(timeout=60_000)
        assert _step(b) == 100 and b.get_by_text("steps/s").count() == 0
        a.wait_for_function("() => { const m = document.body.innerText.match(/step (\\d+) of 3000/); "
                            "return m && +m[1] > 100; }", timeout=60_000)
        a.get_by_role("button", name="Stop").click()
        a.get_by_text("steps/s").wait_for(state="detached", timeout=30_000)
        reached = _step(a)
        # Each steps once more and lands on its own count plus 100, whatever the other did.
        b.get_by_role("button", name="Step (100)").click()
        b.get_by_text("step 200 of 3000").first.wait_for(timeout=60_000)
        a.get_by_role("button", name="Step (100)").click()
        a.get_by_text(f"step {reached + 100} of 3000").first.wait_for(timeout=60_000)
        assert _step(b) == 200
        screenshot(b, "streamlit-two-sessions-b")


def test_stop_ends_a_dream_and_keeps_where_it_got_to(streamlit_url, shared_torch_home):
    with browser_page() as page:
        page.goto(f"{streamlit_url}/DeepDream")
        run = page.get_by_role("button", name="Run", exact=True)
        run.wait_for(timeout=60_000)
        steps = page.get_by_role("slider", name="Steps per octave")
        steps.focus()
        steps.press("End")  # a long run (hundreds of steps), so it is surely still going when stopped
        page.wait_for_function("el => el.getAttribute('aria-valuenow') === el.getAttribute('aria-valuemax')",
                               arg=steps.element_handle(), timeout=30_000)
        run.click()
        page.get_by_text(re.compile(r"Step [1-9]\d* of \d+")).first.wait_for(timeout=120_000)
        page.get_by_role("button", name="Stop").first.click()
        notice = page.get_by_text(re.compile(r"Stopped at step \d+ of \d+"))
        notice.first.wait_for(timeout=60_000)
        done, total = map(int, re.search(r"step (\d+) of (\d+)", notice.first.inner_text()).groups())
        assert 0 < done < total
        # The progress bar is gone, the picture reached stays with a caption saying where it stopped.
        assert page.get_by_text(re.compile(r"^Step \d+ of \d+$")).count() == 0
        page.get_by_text(f"stopped at step {done} of {total}").first.wait_for(timeout=30_000)
        assert page.locator("[data-testid='stException']").count() == 0
        screenshot(page, "dream-streamlit-stopped")
