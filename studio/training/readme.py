"""Write pretrained/README.md from pretrained/manifest.json, so the table never drifts.

    python -m studio.training.readme
"""

from __future__ import annotations

import os
from pathlib import Path

from studio import config, zoo

HEADLINE = {
    "classifier": ["test_accuracy"],
    "vae": ["test_recon_bce", "test_kl", "test_elbo"],
    "autoencoder": ["psnr_noisy_gauss_0.5", "psnr_gauss_0.3", "psnr_gauss_0.5", "psnr_sp_0.2"],
    "gan-snapshot": ["classes_covered", "class_entropy_bits"],
    "pixelcnn": ["test_nll_nats", "test_bits_per_dim", "frechet_binary", "classes_covered"],
    "vaegan": ["test_elbo", "frechet_binary", "frechet_grey", "classes_covered", "recon_sharpness", "recon_confidence"],
    "vae-conv": ["test_elbo", "frechet_binary", "frechet_grey", "classes_covered", "recon_sharpness",
                 "recon_confidence"],
    "style-net": ["pairs_l1", "photo_l1"],
}


def _fmt(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _duration(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 120 else f"{seconds / 60:.1f} min"


def _length(e) -> str:
    """Epochs; a model trained by steps (the style networks) says how many."""
    if "epochs" in e and "steps" in e:
        return f"{_fmt(e['epochs'])} ({e['steps']} steps)"
    return _fmt(e["epochs"]) if "epochs" in e else f"{e.get('steps', '?')} steps"


def render(root: Path | None = None) -> str:
    root = root or config.pretrained_dir()
    models = zoo.read_manifest(root)
    total = sum((root / e["file"]).stat().st_size for e in models if (root / e["file"]).exists())
    lines = [
        "# pretrained/: the studio's own models (MNIST, and the style page's networks)",
        "",
        "Generated from `manifest.json` by `python -m studio.training.readme`; do not edit by hand.",
        "Every file here is listed in the manifest with its sha256 (checked on load), the command that",
        "made it, seed, epochs (or steps), training wall time on the machine that trained it, and metrics",
        "measured by the training script: the MNIST models on the MNIST test set; the style networks",
        "(trained on ../shared/data/photos, never on the studio's sample photos) are measured against",
        "the optimisation on the held-out sample photos by `bench/fast_style.py`. Retrain the MNIST",
        "models with `make zoo` (`python -m studio.training --data-root DIR --device cpu`); each style",
        "network with the command listed below.",
        "",
        "Train times are wall-clock seconds of the training epochs (evaluation excluded), summed across",
        "resumes. The shipped files were trained on a 2-core CPU, one thread per run, with several runs",
        "and other work sharing the machine, so they are upper bounds for that machine.",
        "GAN snapshots are judged by `mnist-classifier` on 10,000 samples: `classes_covered` counts the",
        "digits holding at least 5% of them, `class_entropy_bits` is 3.32 for a perfectly even spread.",
        "",
        f"{len(models)} files, {total / 1e6:.1f} MB in all.",
        "",
        "| file | kind | what it is | metrics | epochs | train time |",
        "|---|---|---|---|---|---|",
    ]
    for e in models:
        m = e.get("metrics", {})
        keys = HEADLINE.get(e["kind"], [])
        metrics = ", ".join(f"{k} {_fmt(m[k])}" for k in keys if k in m)
        if e["kind"] == "gan-snapshot":
            what = f"{e['family']} GAN generator after epoch {e['epoch']}"
            metrics += f", histogram {m.get('class_histogram')}"
        elif e["kind"] == "vae":
            what = f"MLP VAE, {e['config']['latent_dim']}-D latent"
        elif e["kind"] == "autoencoder":
            what = f"{e['arch']} trained on {e.get('trained_on', 'clean')} input"
        elif e["kind"] == "vae-conv":
            what = "the VAE-GAN's encoder and decoder trained as a plain VAE"
        elif e["kind"] == "latents":
            what = f"fixed GAN latent batch, seed {e['seed']}"
        elif e["kind"] == "style-net":
            how = (f"supervised: L1 to {e['pairs']} Gatys pictures ({e['pair_size']} px, made in "
                   f"{_duration(e.get('pairs_seconds', 0))})" if "pairs" in e else "trained with the style page's loss")
            what = f"style network for {', '.join(e['styles'])}, {how}"
        else:
            what = e.get("arch") or ""
        lines.append(f"| `{e['file']}` | {e['kind']} | {what} | {metrics} | {_length(e)} | "
                     f"{_duration(e.get('train_seconds', 0))} |")
    lines += ["", "## Commands", ""]
    seen = set()
    for e in models:
        cmd = e["command"]
        if cmd not in seen:
            seen.add(cmd)
            lines.append(f"- `{cmd}`")
    notes = {}
    for e in models:
        if e.get("notes"):
            notes.setdefault(e["notes"], []).append(e["name"])
    lines += ["", "## Notes", ""]
    for text, names in notes.items():
        shown = ", ".join(names) if len(names) < 4 else f"{names[0]} ... {names[-1]} ({len(names)} files)"
        lines.append(f"- {shown}: {text}")
    lines.append("")
    return "\n".join(lines)


def write(root: Path | None = None) -> Path:
    root = root or config.pretrained_dir()
    path = root / "README.md"
    tmp = root / ".README.md.tmp"
    tmp.write_text(render(root))
    os.replace(tmp, path)
    return path


if __name__ == "__main__":
    print(f"wrote {write()}")
