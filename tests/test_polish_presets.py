"""Issue 23 without a browser: where each preset opens (its target and the button it runs, the same
names in both front ends), and the fourier-race slide, whose A and B captions are whole and apart."""

from __future__ import annotations

import io

from PIL import Image

from studio import exports, links, presets, slides


def test_presets_say_where_they_open_and_links_carry_it():
    opened = {p.name: (p.target, p.run) for p in presets.all_presets() if p.target}
    assert opened == {"fourier-race": ("foundations.race.start", ""),
                      "family-samples": ("families.samples", "families.samples.draw"),
                      "pixelcnn-completion": ("families.complete.run", "families.complete.run"),
                      "vae-vs-vaegan": ("families.recon.sheet", "")}
    link = links.parse("families", {"preset": "family-samples"})
    assert (link.target, link.run) == ("families.samples", "families.samples.draw")
    assert not links.parse("families", {"seed": "3"}).target   # a plain link stays where the page opens
    # Streamlit's class st-key-<anchor> and Gradio's elem_id <anchor>, from one widget key
    assert links.anchor("families.samples.draw") == "families-samples-draw"
    script = links.focus_script("families.samples", "families.samples.draw")
    assert '"families-samples", "families-samples-draw"' in script and "scrollIntoView" in script


def test_fourier_race_slide_sets_both_captions_whole_and_apart():
    from studio.demos.foundations import page, paint

    p = presets.get("fourier-race")
    s = presets.settings_of(p)
    race = paint.race(s["foundations.paint"].__class__.from_values({**s["foundations.paint"].to_dict(), "size": 32}),
                      s["foundations.race"])
    race.a.train(3)
    race.b.train(3)
    made = page.download(race)
    lines, width = slides.caption_lines(made["caption"])
    a = next(i for i, line in enumerate(lines) if line.startswith("A ("))
    b = next(i for i, line in enumerate(lines) if line.startswith("B ("))
    assert b == a + 1, lines   # each on a line of its own, A then B
    for line in (lines[a], lines[b]):
        assert "…" not in line and slides.font(slides.CAPTION_PX).getlength(line) <= width, line
    assert "PSNR" in lines[a] and "PSNR" in lines[b] and "B changes encoding=fourier" in lines[b]
    png = next(e for e in exports.exports(**made) if e.label == "Slide").make()
    with Image.open(io.BytesIO(png)) as slide:
        assert slide.size == slides.SIZE and '"foundations.race"' in slide.text["studio:settings"]


def test_streamlit_preset_link_makes_its_quick_result_as_the_page_opens(mnist_root, shared_torch_home):
    """A bare ?preset=family-samples link draws the samples in the run that opens the page, on the server:
    no click from the browser is needed, so none can be lost to a rerun (the preset once opened empty).
    The press is that run's only: the next run does not draw again."""
    from streamlit.testing.v1 import AppTest

    from conftest import REPO

    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=180).run()
    at.query_params["preset"] = "family-samples"
    at.switch_page("pages/7_Model_families.py").run()
    assert not at.exception
    shown = [c for image in at.get("image") for c in image.captions]
    assert any(c.startswith("Samples, seed 0: VAE") for c in shown), shown
    assert "link.pressed" not in at.session_state   # the press was that run's only
    del at.session_state["families.samples.sheet"]
    at.run()   # the page again, with no click: nothing is drawn
    assert "families.samples.sheet" not in at.session_state
