"""The public-domain paintings: fetched from a (local) mirror, verified by sha256, offered by the
pickers, and explained once when they are missing."""

from __future__ import annotations

import pytest

from studio import gallery, inventory, paintings
from studio.errors import StudioError


@pytest.fixture
def data_root(tmp_path, monkeypatch):
    monkeypatch.setenv("STUDIO_DATA_ROOT", str(tmp_path))
    monkeypatch.delenv("STUDIO_GALLERY", raising=False)
    return tmp_path


def test_fetch_from_a_local_mirror_pins_every_file(data_root, styles_dir, monkeypatch, capsys):
    assert paintings.missing_note() and gallery.default_painting() == "sample:hubble_deep_field"
    monkeypatch.setenv("STUDIO_PAINTINGS_URL", styles_dir.as_uri() + "/")
    assert paintings.fetch() == 0
    assert [p.file for p in paintings.present()] == [p.file for p in paintings.PAINTINGS]
    assert paintings.missing_note() is None
    # the pickers offer them by title; the default painting is Van Gogh's, loaded as RGB
    assert gallery.default_painting() == "painting:starry_night.jpg"
    assert gallery.choice_label("painting:the_scream.jpg") == "The Scream (Edvard Munch, 1893)"
    assert gallery.load_choice("painting:starry_night.jpg").image.mode == "RGB"
    assert paintings.fetch() == 0 and "already in" in capsys.readouterr().out   # a second fetch downloads nothing
    row = next(i for i in inventory.items() if i.what == "Public-domain paintings")
    assert row.present and row.note == "4 of 4"


def test_a_file_that_is_not_the_pinned_one_is_refused(data_root, tmp_path, monkeypatch, capsys):
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    for p in paintings.PAINTINGS:
        (mirror / p.file).write_bytes(b"\xff\xd8 not the painting")
    monkeypatch.setenv("STUDIO_PAINTINGS_URL", mirror.as_uri())
    assert paintings.fetch() == len(paintings.PAINTINGS)
    assert "not the pinned file" in capsys.readouterr().out and paintings.present() == []
    assert not list(paintings.folder().iterdir())          # nothing half-written was kept


def test_no_network_is_a_failure_count_and_a_note_not_a_crash(data_root, monkeypatch, capsys):
    monkeypatch.setenv("STUDIO_PAINTINGS_URL", "http://127.0.0.1:9/")   # nothing listens on the discard port
    assert paintings.fetch() == len(paintings.PAINTINGS)
    assert "could not download" in capsys.readouterr().out
    assert "make fetch" in paintings.missing_note()


def test_a_changed_file_on_disk_is_caught_when_opened(data_root, styles_dir, monkeypatch):
    monkeypatch.setenv("STUDIO_PAINTINGS_URL", styles_dir.as_uri())
    paintings.fetch()
    (paintings.folder() / "the_scream.jpg").write_bytes((styles_dir / "shipwreck.jpg").read_bytes())
    with pytest.raises(StudioError, match="damaged or was changed"):
        gallery.load_choice("painting:the_scream.jpg")
