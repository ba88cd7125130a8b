"""The style network of issue 19 (studio/demos/style/models.py) and its training script, trained with
the style page's own loss: what the architecture promises, fresh or trained (the shipped networks on
the page: tests/test_style_approaches.py)."""

from __future__ import annotations

import pytest
import torch

from conftest import SHARED_DATA
from studio import images
from studio.demos.style import models, style


def _scrambled(seed: int = 0) -> models.StyleNet:
    """A network whose per-painting scales and shifts differ (a fresh one is plain instance norm)."""
    torch.manual_seed(seed)
    net = models.StyleNet(4)
    with torch.no_grad():
        for m in net.modules():
            if isinstance(m, models.ConditionalInstanceNorm):
                m.gamma.normal_(1.0, 0.5)
                m.beta.normal_(0.0, 0.5)
        net.to_rgb.weight.normal_(0.0, 0.2)
    return net.eval()


def test_a_blend_of_a_painting_with_itself_is_that_painting_and_blends_lie_between():
    net, photo = _scrambled(), torch.rand(1, 3, 64, 48)
    one = torch.tensor([[1.0, 0, 0, 0]])
    with torch.inference_mode():
        alone = net(photo, one, torch.tensor([10.0]))
        twice = net(photo, torch.tensor([[0.5, 0, 0, 0]]) * 2, torch.tensor([10.0]))   # weights are normalised
        other = net(photo, torch.tensor([[0, 1.0, 0, 0]]), torch.tensor([10.0]))
        half = net(photo, torch.tensor([[0.5, 0.5, 0, 0]]), torch.tensor([10.0]))
    assert torch.equal(alone, twice)
    assert alone.shape == photo.shape and not torch.allclose(alone, other, atol=1e-3)
    assert (half - alone).abs().mean() < (other - alone).abs().mean()


def test_the_strength_input_changes_the_picture_and_is_clamped_to_the_trained_range():
    net, photo, one = _scrambled(), torch.rand(1, 3, 64, 64), torch.tensor([[1.0, 0, 0, 0]])
    with torch.inference_mode():
        out = {s: net(photo, one, torch.tensor([s])) for s in (0.01, 1.0, 10.0, 1e3, 1e6)}
    assert not torch.allclose(out[1.0], out[1e3], atol=1e-3)
    assert torch.equal(out[0.01], out[1.0]) and torch.equal(out[1e3], out[1e6])   # outside the range: its edge


def test_a_fresh_network_returns_the_photo_and_is_small():
    net, photo = models.StyleNet(4).eval(), torch.rand(1, 3, 50, 70) * 0.9 + 0.05   # odd sizes are padded back
    with torch.inference_mode():
        out = net(photo, torch.tensor([[1.0, 0, 0, 0]]), torch.tensor([10.0]))
    assert out.shape == photo.shape and (out - photo).abs().max() < 0.02
    assert models.size_mb(net) <= 4.0


@pytest.fixture(scope="module")
def paintings(styles_dir):
    return [style.fit(images.to_tensor(images.load_image(styles_dir / f"{s}.jpg", max_side=512).image), 96)
            for s in models.STYLES]


def test_training_scores_with_the_page_loss(shared_torch_home, paintings):
    """One definition: a batch's terms equal style.Objective's (what the page's optimisation minimises)."""
    from studio.training.style import PageLoss

    settings = style.StyleSettings(backbone="mobilenet_v2")
    loss = PageLoss(settings, paintings)
    photo = torch.rand(2, 3, 64, 64)
    image = (photo + 0.1 * torch.randn_like(photo)).clamp(0, 1)
    shares = torch.tensor([[1.0, 0, 0, 0], [0.3, 0.7, 0, 0]])
    with torch.no_grad():
        batch = loss.terms(image, photo, shares)
        for i in range(2):
            page = style.Objective(loss.extractor, loss.plan, photo[i:i + 1], paintings, shares[i].tolist())
            one = page.terms(image[i:i + 1])
            for k in ("content", "style", "tv"):
                assert torch.allclose(batch[k][i], one[k], rtol=1e-4), (k, i)


def test_no_held_out_photo_is_trained_on(tmp_path):
    from studio.training.style import training_photos

    photos = SHARED_DATA / "photos"
    if photos.is_dir():
        names = {p.stem for p in training_photos(photos)}
        assert len(names) >= 20 and not names & set(images.SAMPLES)
    images.load_sample("chelsea").save(tmp_path / "chelsea.png")
    with pytest.raises(SystemExit, match="held-out"):
        training_photos(tmp_path)


def test_a_resumed_training_draws_the_same_batches_and_ends_with_the_same_weights(shared_torch_home, styles_dir,
                                                                                 tmp_path):
    from studio.training import style as training

    if not (SHARED_DATA / "photos").is_dir():
        pytest.skip("../shared/data/photos is absent")
    common = ["--photos", str(SHARED_DATA / "photos"), "--paintings", *[str(styles_dir / f"{s}.jpg") for s in
              models.STYLES], "--batch", "2", "--crop", "64", "--seed", "3"]

    def run(state, steps):
        return training.train(training.parser().parse_args(common + ["--state", str(state), "--steps", str(steps)]))

    straight, _, _ = run(tmp_path / "a", 3)
    run(tmp_path / "b", 2)
    resumed, step, _ = run(tmp_path / "b", 3)
    assert step == 3
    for (k, a), (_, b) in zip(straight.state_dict().items(), resumed.state_dict().items()):
        assert torch.equal(a, b), k
