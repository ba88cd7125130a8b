"""The home page of both front ends on a 1280×720 projector (issue 23): it says where to begin (the
workshop path, studio.demos.WORKSHOP), each demo's card title fits on one line, and every Open button
is on the first screen."""

import os

import pytest

from servers import CHROMIUM, browser_page, screenshot
from studio.demos import workshop

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"no Chromium at {CHROMIUM}")

W, H = 1280, 720
PATH = [d for _, _, d in workshop()]

# How many lines a title's text takes: the height of its text (a Range over it, not the box around it)
# against its font size; and whether it is wider than its box.
TITLE_JS = """e => { const r = document.createRange(); r.selectNodeContents(e);
  const size = parseFloat(getComputedStyle(e).fontSize);
  return {text: e.innerText, lines: Math.round(r.getBoundingClientRect().height / (1.25 * size)),
          height: r.getBoundingClientRect().height, size, overflows: e.scrollWidth > e.clientWidth + 1}; }"""


def _first_screen(page, card, title_css: str, button_css: str, d) -> None:
    title = card.locator(title_css).first.evaluate(TITLE_JS)
    assert title["text"].strip().endswith(d.title), title
    assert title["lines"] == 1 and not title["overflows"], f"the title breaks: {title}"
    box = card.locator(button_css).first.bounding_box()
    assert box and 0 <= box["y"] and box["y"] + box["height"] <= H, f"{d.title}'s Open is off the first screen: {box}"


def test_streamlit_home_leads_with_the_workshop_path_and_every_open_on_the_first_screen(streamlit_url):
    with browser_page(width=W, height=H) as page:
        page.goto(streamlit_url)
        cards = page.locator("[class*='st-key-home-card-']")
        page.wait_for_function("n => document.querySelectorAll(\"[class*='st-key-home-card-'] a\").length >= n",
                               arg=len(PATH), timeout=90_000)
        page.get_by_text("On this computer").wait_for(timeout=60_000)
        assert page.evaluate("() => scrollY") == 0
        assert page.get_by_text("A path through a workshop.").first.is_visible()
        keys = [c.get_attribute("class").split("st-key-home-card-")[1].split()[0] for c in cards.all()]
        assert keys == [d.key for d in PATH]                         # in the path's order: Foundations first
        assert "1 · Start here" in cards.first.inner_text()
        for card, d in zip(cards.all(), PATH):
            _first_screen(page, card, "h4", "a[data-testid='stPageLink-NavLink']", d)
        screenshot(page, "home-streamlit-1280x720")
        cards.first.locator("a[data-testid='stPageLink-NavLink']").first.click()   # where to begin opens Foundations
        page.get_by_role("heading", name=PATH[0].title).first.wait_for(timeout=90_000)


def test_gradio_home_tab_leads_with_the_workshop_path_and_open_shows_the_tab(gradio_url):
    with browser_page(width=W, height=H) as page:
        page.goto(gradio_url)
        cards = page.locator(".studio-card")
        page.get_by_text("On this computer").wait_for(timeout=90_000)
        assert cards.count() == len(PATH)
        assert page.get_by_text("A path through a workshop.").first.is_visible()
        for card, d in zip(cards.all(), PATH):                      # in the path's order: Foundations first
            _first_screen(page, card, "h4", "button", d)
        assert "1 · Start here" in cards.first.inner_text()
        screenshot(page, "home-gradio-1280x720")
        cards.nth(1).get_by_role("button", name="Open").click()
        page.wait_for_function("t => [...document.querySelectorAll('[role=tab]')].some(e => "
                               "e.innerText.includes(t) && e.getAttribute('aria-selected') === 'true')",
                               arg=PATH[1].title, timeout=30_000)
