"""Links reopen what was on screen (issue 23): the tab a link was copied from, the Live 2-D GAN, and
a bare ?preset=NAME (what `python -m studio presets` prints) opens the page its preset names. The
front ends' part (the tab on screen written into the address) is in tests/test_e2e_links_views.py."""

from __future__ import annotations

from studio import links, presets
from studio.__main__ import main


def test_a_link_names_the_tab_it_was_copied_from_and_reopens_on_it(mnist_root):
    from studio.demos.foundations.paint import PaintSettings
    from studio.demos.vae import walk as vw

    q = links.query("vae", {"vae.interp": vw.InterpolationSettings(steps=16, spherical=True)}, view="interp")
    assert q == {"steps": "16", "spherical": "1", "view": "interp"}
    assert links.parse("vae", q).opens == "interp" and not links.parse("vae", q).notices
    q = links.query("foundations", {"foundations.paint": PaintSettings(size=96)}, view="paint")
    assert q == {"paint.size": "96", "view": "paint"} and links.parse("foundations", q).opens == "paint"
    # the page's first tab is where a link opens anyway: not written
    assert "view" not in links.query("vae", {}, view="grid")


def test_the_live_2d_gan_is_a_view_a_link_opens():
    link = links.parse("gan", {"view": "live", "g_lr": "0.01"})
    assert link.opens == "live" and not link.notices, link.notices
    assert links.query("gan", {}, view="live") == {"view": "live"}
    assert presets.view_of("gan", "gan.toy") == "live" and presets.view_of("gan", "gan.snap") == "snapshots"
    assert presets.view_of("vae", "vae.recon") == "samples" and presets.view_of("denoise", "denoise") == "compare"


def test_a_bare_preset_link_opens_the_page_it_names():
    for p in presets.PRESETS:   # every link `python -m studio presets` prints
        assert links.page_of({"preset": p.name}) == p.demo, p.name
        link = links.parse(links.page_of({"preset": p.name}), {"preset": p.name})
        assert link.preset == p.name and not link.notices
    assert links.page_of({"demo": "dream", "preset": "walk"}) == "vae"      # the preset names its page
    assert links.page_of({"preset": "layer-sweep"}, current="foundations") == "dream"
    assert links.page_of({"demo": "vae", "steps": "16"}) == "vae"
    assert links.page_of({"preset": "no-such-preset"}) == "" and links.page_of({}, current="gan") == "gan"
    assert links.page_of({"demo": "nowhere"}) == ""


def test_the_presets_listing_says_its_links_work_in_either_front_end(capsys):
    assert main(["presets"]) == 0
    out = capsys.readouterr().out
    assert "either front end" in out and "8501/?preset=NAME" in out and "7860/?preset=NAME" in out


def test_streamlit_sends_a_links_values_again_until_the_browser_surely_has_them(mnist_root):
    """A click as a linked page opens (its tab) reruns it before the first run is over, and Streamlit drops
    that run's messages not yet sent: the browser then drew the Picture at its default while the server
    held the link's (CI saw the astronaut for ?image=chelsea). The run after the one that applied the link
    sends the link's values with the widgets again (set_value: the browser takes them); a value the visitor
    has changed since is theirs, and after two finished runs the link has nothing more to say."""
    from streamlit.testing.v1 import AppTest

    from conftest import REPO

    def picture(at):
        return next(s for s in at.selectbox if s.label == "Picture")

    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120).run()
    at.query_params.update({"image": "chelsea", "paint.steps": "100"})
    at.switch_page("pages/6_Foundations.py").run()
    assert not at.exception and picture(at).value == "chelsea" and picture(at).proto.set_value
    at.run()   # the rerun a click sends: the Picture goes with its value again
    steps = next(s for s in at.slider if s.label.startswith("Training budget"))
    assert picture(at).value == "chelsea" and picture(at).proto.set_value and steps.value == 100
    picture(at).set_value("coffee").run()   # the visitor's choice is not set back to the link's
    assert picture(at).value == "coffee"
    at.run()
    assert picture(at).value == "coffee" and not picture(at).proto.set_value
