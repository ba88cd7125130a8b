"""Foundations core: dataset statistics, image sets from uploads and ZIPs, the painting network."""

import io
import zipfile

import numpy as np
import pytest
import torch
from PIL import Image

from studio import image_sets
from studio.errors import StudioError
from studio.images import SAMPLES
from studio.demos.foundations import paint as pt
from studio.demos.foundations import stats as st


def png(seed: int, size=(40, 30), fmt="PNG") -> bytes:
    rng = np.random.default_rng(seed)
    buf = io.BytesIO()
    Image.fromarray(rng.integers(0, 256, (size[1], size[0], 3), dtype=np.uint8)).save(buf, fmt)
    return buf.getvalue()


def zip_of(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


# --- statistics ----------------------------------------------------------------------------------

def test_mean_and_std_match_numpy_on_a_known_set():
    rng = np.random.default_rng(3)
    arr = rng.random((300, 3, 9, 7)).astype(np.float32) * (0.2 + rng.random((1, 3, 9, 7))).astype(np.float32)
    arr[:, :, 0, 0] = 0.25                                       # a constant pixel: std exactly 0
    x = torch.from_numpy(arr)
    mean, std = st.mean_std(x)
    np.testing.assert_allclose(mean.numpy(), arr.astype(np.float64).mean(0), atol=1e-6)
    np.testing.assert_allclose(std.numpy(), arr.astype(np.float64).std(0), atol=1e-6)
    ch_mean, ch_std = st.channel_mean_std(mean, std)
    np.testing.assert_allclose(ch_mean.flatten().numpy(), arr.astype(np.float64).mean((0, 2, 3)), atol=1e-6)
    np.testing.assert_allclose(ch_std.flatten().numpy(), arr.astype(np.float64).std((0, 2, 3)), atol=1e-6)
    # normalising with them centres each pixel on 0 with unit spread; the constant pixel stays 0
    z = st.normalise(x, mean, std)
    assert z.mean(0).abs().max() < 1e-4
    assert torch.allclose(z.std(0, correction=0)[:, 1:, 1:], torch.ones(1), atol=1e-3)
    assert z[:, :, 0, 0].abs().max() == 0


def test_class_means_are_each_digits_average():
    x = torch.rand(50, 1, 4, 4)
    labels = torch.arange(50) % 10
    means = st.class_means(x, labels)
    assert torch.allclose(means[7], x[labels == 7].mean(0), atol=1e-6)


def test_sample_photos_statistics_and_pictures():
    r = st.compute(st.StatsSettings(source="samples", side=32, shown=8))
    assert r.count == 8 and r.mean.shape == (3, 32, 32) and r.per_class is None
    assert torch.allclose(r.mean, r.images.mean(0), atol=1e-6)
    assert sorted(r.names) == sorted(SAMPLES)
    assert r.sheet().width > 0 and r.mean_and_std().width > 0 and r.normalised_sheet().width > 0
    h = r.histograms()
    assert h["channels"] == ["red", "green", "blue"]
    assert all(abs(sum(v) - 1) < 1e-3 for v in h["raw"])       # every pixel is in [0, 1]
    fig = r.histogram_figure()
    assert len(fig.data) == 6


def test_mnist_statistics_and_class_means(mnist_root):
    r = st.compute(st.StatsSettings(source="mnist"))
    assert r.count == 60_000 and r.per_class.shape == (10, 1, 28, 28)
    assert abs(float(r.channel_mean) - 0.1307) < 1e-3 and abs(float(r.channel_std) - 0.3082) < 1e-3
    assert r.stats_ms < 2000
    threes = st.compute(st.StatsSettings(source="mnist", digit="3"))
    assert set(threes.names) == {"3"} and torch.allclose(threes.mean, r.per_class[3], atol=1e-5)
    assert r.class_sheet().width > 900


def test_diverging_colours_blue_below_white_at_red_above():
    img = np.asarray(st.diverging(torch.tensor([[-3.0, 0.0, 3.0]])))
    blue, white, red = img[0]
    assert blue[2] > blue[0] and red[0] > red[2] and white.min() > 240


# --- image sets from uploads ---------------------------------------------------------------------

def test_a_refused_file_in_a_multi_upload_leaves_the_others_counted():
    uploads = [("one.png", png(1)), ("broken.jpg", b"not a picture at all"), ("two.jpg", png(2, fmt="JPEG")),
               ("three.webp", png(3, (64, 64), "WEBP"))]
    got = image_sets.load_set(uploads, side=16)
    assert got.names == ["one.png", "two.jpg", "three.webp"] and got.images.shape == (3, 3, 16, 16)
    assert [name for name, _ in got.refused] == ["broken.jpg"]
    assert "broken.jpg was left out" in got.refused_lines()[0]
    r = st.compute(st.StatsSettings(source="yours", side=16), uploads)
    assert r.count == 3 and r.refused and "1 file(s) were left out" in r.notices[0]


def test_zip_pictures_count_and_hostile_entries_are_named():
    inner = zip_of({"x.png": png(9)})
    archive = zip_of({"class/a.png": png(1), "class/b.png": png(2), "__MACOSX/class/._a.png": b"junk",
                      "../escape.png": png(3), "nested.zip": inner, "hidden.png": inner, "notes.txt": b"hello"})
    got = image_sets.load_set([("class.zip", archive), ("c.png", png(4))], side=8)
    assert sorted(got.names) == ["a.png", "b.png", "c.png"]
    reasons = dict(got.refused)
    assert "outside the archive" in reasons["class.zip/../escape.png"]
    assert "archive inside the archive" in reasons["class.zip/nested.zip"]
    assert "archive inside the archive" in reasons["class.zip/hidden.png"]
    assert "not an image" in reasons["class.zip/notes.txt"]
    assert not any("MACOSX" in name for name in reasons)


def test_set_limits_on_count_and_bytes_are_stated():
    uploads = [(f"p{i}.png", png(i, (10, 10))) for i in range(5)]
    got = image_sets.load_set(uploads, side=8, max_files=3)
    assert len(got) == 3 and [n for n, _ in got.refused] == ["p3.png", "p4.png"]
    assert "holds 3 pictures" in got.refused[0][1]
    size = len(uploads[0][1])
    got = image_sets.load_set(uploads, side=8, max_bytes=2 * size + size // 2)
    assert len(got) == 2 and "past" in got.refused[0][1]
    with pytest.raises(StudioError, match="at least 2 pictures"):
        image_sets.load_set([("a.png", png(1)), ("b.txt", b"text")], side=8)
    with pytest.raises(StudioError, match="not a ZIP"):
        image_sets.zip_entries("bad.zip", b"PK\x03\x04 but truncated")


def test_a_zip_bomb_entry_is_read_only_up_to_the_budget():
    bomb = zip_of({"big.png": b"\0" * 3_000_000, "ok.png": png(1)})
    files, refused = image_sets.zip_entries("bomb.zip", bomb, budget=1_000_000)
    assert [n for n, _ in files] == ["ok.png"] and "big.png" in refused[0][0]


# --- learning to paint ----------------------------------------------------------------------------

def _small(**kw) -> pt.PaintSettings:
    base = dict(image="chelsea", size=32, layers=3, width=64, batch=1024, steps=100000, seed=0)
    return pt.PaintSettings(**{**base, **kw})


def test_the_paintings_psnr_rises_during_training():
    p = pt.painter(_small())
    first = p.history["psnr"][-1]
    for _ in range(3):
        p.train(60)
    curve = p.history["psnr"]
    assert curve[-1] > first + 3 and curve[-1] > curve[1]
    assert p.history["loss"][-1] < p.history["loss"][1]
    assert len(p.paintings) == 4 and p.view().size == (256, 256)


def test_fourier_features_beat_the_plain_network_on_a_fixed_seed():
    scores = {}
    for encoding in ("none", "fourier"):
        p = pt.painter(_small(encoding=encoding, size=48, batch=2304))
        p.train(250)
        scores[encoding] = p.history["psnr"][-1]
    assert scores["fourier"] > scores["none"] + 3, scores


def test_same_seed_same_painting_and_another_seed_differs():
    a, b, c = pt.painter(_small()), pt.painter(_small()), pt.painter(_small(seed=1))
    for p in (a, b, c):
        p.train(20)
    assert torch.equal(a.paint(), b.paint()) and not torch.equal(a.paint(), c.paint())


@pytest.mark.parametrize("activation", ["tanh", "sine"])
@pytest.mark.parametrize("optimiser", ["rmsprop", "sgd"])
def test_other_activations_and_optimisers_learn(activation, optimiser):
    lr = {"sgd": 0.05, "rmsprop": 1e-3}[optimiser] if activation != "sine" else 1e-4
    p = pt.painter(_small(activation=activation, optimiser=optimiser, lr=lr, size=32))
    p.train(100)
    assert p.history["psnr"][-1] > p.history["psnr"][0] + 1


def test_many_pictures_without_the_index_learn_their_average_and_with_it_each_one():
    s = pt.ManySettings(size=32, count=3, layers=3, width=64, batch=3072, encoding="fourier", fourier_scale=6.0,
                        seed=0, steps=100000)
    plain = pt.painter(s)
    plain.train(200)
    # one answer for all three: close to their average, far from each
    assert plain.psnr_to_mean() > plain.psnr() + 4
    indexed = pt.painter(pt.ManySettings(**{**s.to_dict(), "index_input": True}))
    indexed.train(200)
    assert indexed.psnr() > plain.psnr() + 3
    assert not torch.allclose(indexed.paint(0), indexed.paint(1), atol=0.05)
    assert "image" not in s.to_dict() and indexed.comparison().width > 0


def test_an_uploaded_picture_is_painted_and_a_bad_one_explained():
    p = pt.painter(_small(image="yours"), png(5, (80, 50)))
    assert p.targets.shape == (1, 3, 32, 32)
    with pytest.raises(StudioError, match="Upload a picture"):
        pt.painter(_small(image="yours"))
    with pytest.raises(StudioError, match="not an image"):
        pt.painter(_small(image="yours"), b"nonsense")


def test_run_streams_frames_until_the_budget():
    frames = list(pt.run(_small(steps=100), refresh_s=0.05))
    assert frames[0].step == 0 and frames[-1].step == 100 and frames[-1].done
    assert frames[-1].metrics["psnr"] > frames[0].metrics["psnr"]
    fig = pt.figure([("plain", pt.painter(_small()))])
    assert [t["name"] for t in fig.to_plotly_json()["data"]] == ["plain loss", "plain PSNR"]


def test_settings_clamp_and_refuse():
    s = pt.PaintSettings(size=999, lr=5.0)
    assert s.size == 256 and s.lr == 0.1 and len(s.notices) == 2
    with pytest.raises(StudioError):
        pt.PaintSettings(activation="gelu")


def test_a_race_gives_both_settings_the_same_picture_and_time():
    a = _small()
    b = _small(encoding="fourier", image="coffee", size=48)
    r = pt.race(a, b)
    assert r.b.settings.image == "chelsea" and r.b.settings.size == 32 and r.b.settings.encoding == "fourier"
    assert torch.equal(r.a.targets, r.b.targets)
    r.train_for(1.0)
    assert abs(r.a.seconds - r.b.seconds) < 0.3 and r.a.step > 0 and r.b.step > 0
    assert r.labels == ("A (plain)", "B (Fourier 10)") and r.comparison().width > 700 and len(r.figure().data) == 4


def test_a_finished_race_compares_equal_steps_and_says_so():
    """Time is shared only while both train; the final comparison is at equal steps (issue 20): the caption,
    which the slide carries, says so with each one's seconds, and the page's words do not promise equal time."""
    from studio.demos.foundations import page, presets, texts

    r = pt.race(_small(steps=100), pt.RaceSettings(encoding="fourier"))
    while not r.finished:
        r.train_for(0.2)
    assert r.a.step == r.b.step == 100
    assert f"equal steps (100 each; A trained {r.a.seconds:.1f} s, B {r.b.seconds:.1f} s)" in r.caption()
    words = " ".join([texts.RACE_HEADING, texts.RACE_INTRO, page.RACE_TITLE,
                      *(p.description for p in presets.PRESETS if p.view == "race")])
    assert "same time" not in words and "same seconds" not in words
    assert "steps" in texts.RACE_HEADING and "steps" in page.RACE_TITLE


def test_a_shared_studio_bounds_a_paintings_work_and_time(monkeypatch):
    monkeypatch.setenv("STUDIO_MAX_WORK", str(1e6))
    with pytest.raises(StudioError, match="Lower the training budget to 900 steps"):
        pt.painter(_small(steps=2000))                     # 1024 pixels × 2000 steps
    monkeypatch.setenv("STUDIO_MAX_WORK", "0")
    monkeypatch.setenv("STUDIO_JOB_SECONDS", "0.3")
    *_, (p, status) = pt.streamed(pt.painter(_small()), refresh_s=0.1, view=lambda p: ())
    assert 0 < p.step < p.settings.steps and "the limit for one job here" in status
