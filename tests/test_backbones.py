import hashlib
import os
import socket

import pytest
import torch

from studio import backbones, images
from studio.errors import StudioError


def test_vgg_layers_have_the_names_papers_use():
    s = backbones.spec("vgg19")
    model = backbones.load_backbone("vgg19", pretrained=False).model
    assert len(s.stage_names) == len(model.features) + 1  # + logits
    assert s.stage_names.index("relu4_2") == 22 and isinstance(model.features[22], torch.nn.ReLU)
    assert s.stage_names.index("conv5_1") == 28 and isinstance(model.features[28], torch.nn.Conv2d)
    for spec in backbones.BACKBONES.values():
        for group in spec.groups:
            assert group.description and all(layer in spec.stage_names for layer in group.layers)


@pytest.mark.parametrize("name,layer,channels,stride", [
    ("googlenet", "inception4c", 512, 16), ("vgg16", "relu3_3", 256, 4),
    ("vgg19", "relu4_2", 512, 8), ("mobilenet_v2", "features.7", 64, 16)])
def test_extractor_shapes(name, layer, channels, stride):
    extractor = backbones.load_backbone(name, pretrained=False).extractor([layer])
    with torch.inference_mode():
        out = extractor(torch.rand(1, 3, 128, 96))
    assert list(out) == [layer] and out[layer].shape == (1, channels, 128 // stride, 96 // stride)


def test_truncation_really_skips_later_layers():
    bb = backbones.load_backbone("vgg16", pretrained=False)
    calls = []
    hooks = [m.register_forward_hook(lambda *_, i=i: calls.append(i)) for i, m in enumerate(bb.model.features)]
    try:
        extractor = bb.extractor(["relu1_2", "relu2_1"])
        assert len(extractor.stages) == backbones.spec("vgg16").stage_names.index("relu2_1") + 1
        with torch.inference_mode():
            out = extractor(torch.rand(1, 3, 64, 64))
    finally:
        for h in hooks:
            h.remove()
    assert set(out) == {"relu1_2", "relu2_1"}
    assert max(calls) == 6 and len(calls) == 7  # features[0..6]; nothing past relu2_1 ran


def test_googlenet_logits_path_and_unknown_layers():
    bb = backbones.load_backbone("googlenet", pretrained=False)
    with torch.inference_mode():
        assert bb.extractor(["logits"])(torch.rand(1, 3, 96, 96))["logits"].shape == (1, 1000)
    with pytest.raises(StudioError, match="has no layer called inception9z"):
        bb.extractor(["inception9z"])
    with pytest.raises(StudioError, match="not a backbone"):
        backbones.load_backbone("resnet9000")


def test_missing_weights_offline_name_make_fetch_without_touching_the_network(tmp_path, monkeypatch):
    monkeypatch.setenv("TORCH_HOME", str(tmp_path))
    monkeypatch.setenv("STUDIO_OFFLINE", "1")

    def no_network(*args, **kwargs):
        raise AssertionError("the network was touched")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    assert not backbones.weights_present("vgg19")
    with pytest.raises(StudioError, match="make fetch") as err:
        backbones.load_backbone("vgg19")
    assert "548 MB" in str(err.value) and str(tmp_path) in str(err.value)
    # With nothing here, the default names the first choice, so its message says what to fetch.
    assert backbones.default_backbone(["googlenet", "mobilenet_v2"]) == "googlenet"


def _checkpoints(torch_home):
    folder = torch_home / "hub" / "checkpoints"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_the_default_backbone_is_the_first_preferred_one_present(tmp_path, monkeypatch, shared_torch_home):
    monkeypatch.setenv("TORCH_HOME", str(tmp_path))
    folder = _checkpoints(tmp_path)
    (folder / "mobilenet_v2-7ebf99e0.pth").symlink_to(shared_torch_home / "hub" / "checkpoints" /
                                                      "mobilenet_v2-7ebf99e0.pth")
    assert backbones.default_backbone(["googlenet", "mobilenet_v2"]) == "mobilenet_v2"
    assert backbones.default_backbone(["vgg19", "mobilenet_v2"]) == "mobilenet_v2"
    (folder / backbones.spec("googlenet").weights_file).write_bytes(b"")
    assert backbones.default_backbone(["googlenet", "mobilenet_v2"]) == "googlenet"


def test_mobilenet_with_local_weights_sees_a_cat_in_chelsea(shared_torch_home, monkeypatch):
    monkeypatch.setenv("TORCH_HOME", str(shared_torch_home))
    assert backbones.weights_present("mobilenet_v2")
    bb = backbones.load_backbone("mobilenet_v2")
    top5 = [label for label, _ in backbones.classify(bb, images.to_tensor(images.load_sample("chelsea")))]
    assert {"tiger cat", "tabby", "Egyptian cat", "Persian cat", "Siamese cat"} & set(top5), top5
    coffee = backbones.classify(bb, images.to_tensor(images.load_sample("coffee")), top=1)
    assert coffee[0][0] == "espresso"


# --- a planted weights file must not run code ------------------------------------------------------

class Payload:
    """Unpickling this calls os.mkdir(marker): what a crafted .pth file could do with any function."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return os.mkdir, (self.marker,)


def _plant(tmp_path, monkeypatch, name="mobilenet_v2"):
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))
    monkeypatch.delenv("STUDIO_TRUSTED_WEIGHTS", raising=False)
    marker = tmp_path / "code-ran"
    path = _checkpoints(tmp_path / "torch") / backbones.spec(name).weights_file
    torch.save({"features.0.0.weight": Payload(marker)}, path)
    return path, marker


def _load_fresh(name="mobilenet_v2"):
    backbones.load_backbone.cache_clear()
    try:
        return backbones.load_backbone(name)
    finally:
        backbones.load_backbone.cache_clear()


def test_a_planted_weights_file_is_damaged_and_never_unpickled(tmp_path, monkeypatch):
    path, marker = _plant(tmp_path, monkeypatch)
    with pytest.raises(StudioError, match="is damaged") as err:
        _load_fresh()
    assert "make fetch" in str(err.value) and "not on this computer" not in str(err.value)
    assert not marker.exists()
    torch.load(path, weights_only=False)  # the file really runs code when unpickled the unsafe way
    assert marker.exists()


def test_a_trusted_file_is_still_read_without_running_code(tmp_path, monkeypatch):
    path, marker = _plant(tmp_path, monkeypatch)
    monkeypatch.setenv("STUDIO_TRUSTED_WEIGHTS", hashlib.sha256(path.read_bytes()).hexdigest())
    with pytest.raises(StudioError, match="is damaged: it is not a plain file of tensors"):
        _load_fresh()
    assert not marker.exists()


def test_weights_must_match_the_hash_in_their_name_or_be_trusted(tmp_path, monkeypatch, shared_torch_home):
    monkeypatch.delenv("STUDIO_TRUSTED_WEIGHTS", raising=False)
    monkeypatch.setenv("TORCH_HOME", str(tmp_path))
    folder = _checkpoints(tmp_path)
    stand_in = shared_torch_home / "hub" / "checkpoints" / "mobilenet_v2-7ebf99e0.pth"
    (folder / stand_in.name).symlink_to(stand_in)
    digest = hashlib.sha256(stand_in.read_bytes()).hexdigest()
    # The local stand-in was converted from another format: its sha256 is not 7ebf99e0...
    assert not digest.startswith("7ebf99e0")
    assert "is damaged" in backbones.weights_problem("mobilenet_v2")
    # ...so it loads only when the user trusts it, by setting or by a file next to it.
    monkeypatch.setenv("STUDIO_TRUSTED_WEIGHTS", f"0000, {digest.upper()}")
    assert backbones.weights_problem("mobilenet_v2") is None
    monkeypatch.delenv("STUDIO_TRUSTED_WEIGHTS")
    (folder / backbones.TRUSTED_FILE).write_text(f'{{"{stand_in.name}": "{digest}"}}')
    assert backbones.weights_problem("mobilenet_v2") is None and _load_fresh().pretrained
    # A file that matches the hash in its name needs no trust: how torchvision's own files load.
    (folder / backbones.TRUSTED_FILE).unlink()
    genuine = tmp_path / "genuine.pth"
    torch.save(backbones.load_backbone("mobilenet_v2", pretrained=False).model.state_dict(), genuine)
    named = folder / f"mobilenet_v2-{hashlib.sha256(genuine.read_bytes()).hexdigest()[:8]}.pth"
    genuine.rename(named)
    monkeypatch.setattr(backbones.BackboneSpec, "weights_file", property(lambda s: named.name))
    assert backbones.weights_problem("mobilenet_v2") is None
    assert _load_fresh().pretrained
