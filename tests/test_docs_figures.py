"""Figures the docs quote are the code's output (issue 20): the zoo's training time and size come
from pretrained/, pretrained/README.md is what studio/training/readme.py writes, and the model
families' measured table is measure.table_markdown of the rows bench/families.py printed (its JSON
is quoted beside the table). A drifting figure fails here with the sentence to write instead."""

from __future__ import annotations

import json
import re
from pathlib import Path

from studio import config, zoo
from studio.demos.families import measure as fam
from studio.training import readme

REPO = Path(__file__).resolve().parent.parent
MODELS_MD = REPO / "docs" / "models.md"
FAMILIES_MD = REPO / "docs" / "families.md"


def zoo_totals() -> tuple[int, float, float]:
    """(files, MB, minutes of training) of what the manifest lists."""
    root = config.pretrained_dir()
    models = zoo.read_manifest(root)
    size = sum((root / e["file"]).stat().st_size for e in models)
    return len(models), size / 1e6, sum(e.get("train_seconds", 0) for e in models) / 60


def hours_minutes(minutes: float) -> str:
    h, m = divmod(round(minutes), 60)
    return f"{h} h {m} min"


def test_the_zoos_size_and_training_time_in_the_docs_are_the_manifests():
    files, mb, minutes = zoo_totals()
    text = MODELS_MD.read_text(encoding="utf-8")
    want_size = f"{files} files, {mb:.1f} MB in all"
    want_time = f"took **{hours_minutes(minutes)}** of training in all"
    assert want_size in text, f"docs/models.md should say '{want_size}'"
    assert want_time in text, f"docs/models.md should say '{want_time}'"


def test_pretrained_readme_is_what_the_generator_writes():
    written = (config.pretrained_dir() / "README.md").read_text(encoding="utf-8")
    assert written == readme.render(), "pretrained/README.md is stale: run python -m studio.training.readme"


def _bench_json(text: str) -> dict:
    section = text[text.index("## Benchmark"):]
    block = section[section.index("```json") + len("```json"):]
    return json.loads(block[:block.index("```")])


def test_the_families_table_in_the_docs_is_the_benchs_output():
    text = FAMILIES_MD.read_text(encoding="utf-8")
    rows = _bench_json(text)["rows"]
    table = fam.table_markdown(rows)
    assert table in text, "docs/families.md's measured table must be measure.table_markdown(the bench's rows)"
    assert [r["family"] for r in rows] == list(fam.ORDER)
    assert [r["title"] for r in rows] == [fam.FAMILIES[f].title for f in fam.ORDER]
    # one reference, one sample count for every family (the comparable columns)
    assert {r["samples_binary"] for r in rows} == {fam.SMALL}


def test_the_families_docs_quote_the_pixelcnn_figures_of_the_manifest():
    text = " ".join(FAMILIES_MD.read_text(encoding="utf-8").split())   # sentences, not lines
    e = zoo.entry("pixelcnn")
    assert f"**{e['metrics']['test_nll_nats']:.1f} nats**" in text
    assert e["test_set"]["sha256"][:16] in text
    # published figures: named with their paper, and with the protocol they were measured on
    for quoted in re.findall(r"(\d+\.\d+) (?:nats )?for the Pixel", text):
        assert quoted in ("81.30", "79.20"), quoted
    assert "81.30 nats for the PixelCNN and 79.20 for the PixelRNN" in text and "Pixel Recurrent Neural Networks" in text
    assert "not* the fixed binarised MNIST" in text and "≈ 79" not in text and "79 gated" not in text
