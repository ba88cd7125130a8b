"""The supervised style network of issue 19 (studio/training/style_supervised.py): its pairs are made by
the page's own optimisation, the same ones on every run and after an interruption, never from a held-out
photo; training on them is resumable, lowers the L1 to the Gatys pictures and ships like every model.

Tiny: two synthetic photos and a synthetic painting, 64 px pairs (about a second each), a few steps."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
import torch
from PIL import Image

from studio import config, images, zoo
from studio.demos.style import models
from studio.device import cpu_threads
from studio.training import readme
from studio.training import style_supervised as sup

SIZE = 64


@pytest.fixture(autouse=True, scope="module")
def one_thread():
    """Tiny images: a second thread costs more than it saves (and the runs compare weights bit for bit)."""
    with cpu_threads(1):
        yield


def _picture(seed: int, w: int, h: int) -> Image.Image:
    """Smooth colour gradients with a little texture: something for the features to see."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:h, 0:w] / max(w, h)
    base = np.stack([np.sin(6 * xx + seed), np.cos(5 * yy - seed), np.sin(4 * (xx + yy))], -1) * 0.35 + 0.5
    noise = rng.normal(0, 0.08, (h, w, 3))
    return Image.fromarray((np.clip(base + noise, 0, 1) * 255).astype(np.uint8))


@pytest.fixture(scope="module")
def workshop(tmp_path_factory, shared_torch_home):
    root = tmp_path_factory.mktemp("supervised")
    (root / "photos").mkdir()
    _picture(1, 120, 90).save(root / "photos" / "meadow.png")
    _picture(2, 100, 140).save(root / "photos" / "harbour.png")
    stripes = np.zeros((96, 96, 3), np.uint8)
    stripes[:, ::8], stripes[::6, :, 2] = (250, 200, 40), 200
    Image.fromarray(stripes).save(root / "painting.png")
    return root


@pytest.fixture(scope="module")
def pairs(workshop):
    """Two pairs, made straight through."""
    folder = workshop / "straight" / "pairs"
    assert sup.make_pairs(workshop / "photos", workshop / "painting.png", 2, 1, folder, SIZE) == [0, 1]
    return folder


def _args(workshop, state, steps: int, *extra: str):
    return sup.parser().parse_args(["--photos", str(workshop / "photos"), "--painting", str(workshop / "painting.png"),
                                    "--pairs", "2", "--size", str(SIZE), "--seed", "1", "--batch", "2",
                                    "--threads", "1", "--state", str(state), "--steps", str(steps), *extra])


def _with_pairs(pairs, state):
    shutil.copytree(pairs, state / "pairs")
    return state


def test_pairs_are_the_same_after_an_interruption_and_never_from_a_held_out_photo(workshop, pairs):
    resumed = workshop / "resumed" / "pairs"
    assert sup.make_pairs(workshop / "photos", workshop / "painting.png", 1, 1, resumed, SIZE) == [0]
    assert sup.make_pairs(workshop / "photos", workshop / "painting.png", 2, 1, resumed, SIZE) == [1]
    assert sup.make_pairs(workshop / "photos", workshop / "painting.png", 2, 1, resumed, SIZE) == []
    for i in range(2):
        for a, b in zip(sup.pair_files(pairs, i), sup.pair_files(resumed, i)):
            assert a.read_bytes() == b.read_bytes(), a.name
            assert Image.open(a).size == (SIZE, SIZE)
    log = [json.loads(line) for line in (pairs / "pairs.log").read_text().splitlines()]
    assert [e["pair"] for e in log] == [0, 1] and {e["photo"] for e in log} <= {"meadow.png", "harbour.png"}
    assert all(e["style"] > 0 and e["seconds"] > 0 for e in log)
    # The pictures are the page's: painted, not the photo.
    photo, gatys = (images.to_tensor(Image.open(p)) for p in sup.pair_files(pairs, 0))
    assert (photo - gatys).abs().mean() > 0.02

    with pytest.raises(SystemExit, match="other settings"):   # the same folder, pairs of another size
        sup.make_pairs(workshop / "photos", workshop / "painting.png", 2, 1, resumed, 96)
    held_out = workshop / "with_sample"
    shutil.copytree(workshop / "photos", held_out)
    images.load_sample("chelsea").save(held_out / "chelsea.png")
    with pytest.raises(SystemExit, match="held-out"):
        sup.make_pairs(held_out, workshop / "painting.png", 2, 1, workshop / "never" / "pairs", SIZE)
    assert not (workshop / "never").exists()


def test_a_resumed_training_ends_with_the_same_weights_and_ships(workshop, pairs, tmp_path, monkeypatch):
    straight, _, _ = sup.train(_args(workshop, _with_pairs(pairs, tmp_path / "a"), 3))
    state = _with_pairs(pairs, tmp_path / "b")
    assert sup.train(_args(workshop, state, 2))[1] == 2
    resumed, step, _ = sup.train(_args(workshop, state, 3))
    assert step == 3
    for (k, a), (_, b) in zip(straight.state_dict().items(), resumed.state_dict().items()):
        assert torch.equal(a, b), k

    monkeypatch.setenv("STUDIO_PRETRAINED", str(tmp_path / "pretrained"))
    sup.main(["--photos", str(workshop / "photos"), "--painting", str(workshop / "painting.png"), "--pairs", "2",
              "--size", str(SIZE), "--seed", "1", "--batch", "2", "--threads", "1", "--state", str(state),
              "--steps", "3", "--ship"])   # the pairs and the 3 steps are done: it only ships
    entry = zoo.entry("style-supervised")
    assert entry["kind"] == "style-net" and entry["styles"] == ["painting"] and entry["strength_range"] == [10, 10]
    assert entry["steps"] == 3 and entry["pairs"] == 2 and entry["pair_size"] == SIZE
    assert entry["command"].startswith("python -m studio.training.style_supervised --photos")
    net = zoo.load_model("style-supervised")
    assert isinstance(net, models.StyleNet) and net.n_styles == 1
    for k, v in resumed.state_dict().items():
        assert torch.equal(net.state_dict()[k], v), k
    text = (config.pretrained_dir() / "README.md").read_text()
    assert text == readme.render() and "supervised: L1 to 2 Gatys pictures (64 px" in text


def test_training_on_the_pairs_lowers_the_l1_to_the_gatys_pictures(workshop, pairs, tmp_path):
    photos, targets = sup.load_pairs(pairs, 2)
    torch.manual_seed(0)
    before = sup.pairs_l1(models.StyleNet(n_styles=1), photos, targets, 10.0)   # a fresh network: the photo
    net, _, _ = sup.train(_args(workshop, _with_pairs(pairs, tmp_path), 100))
    after = sup.pairs_l1(net, photos, targets, 10.0)
    assert after < 0.95 * before, (before, after)   # 0.100 -> 0.091 here: two pairs teach little, but they teach
