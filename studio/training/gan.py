"""Train a dense GAN or a DCGAN on MNIST and ship generator snapshots across epochs.

    python -m studio.training.gan --family dense --epochs 60 --data-root ../shared/data
    python -m studio.training.gan --family dcgan --epochs 20 --data-root ../shared/data

Generator weights are kept at the snapshot epochs (1, 2, 5, 10, 20, 50 and the last).
When training is done, each snapshot is judged: the digit classifier (train it first:
python -m studio.training.classifier) labels 10,000 samples from a recorded seed and the
manifest stores the class histogram, classes covered and entropy. Every snapshot also
ships with one fixed latent batch (gan-latents) so frames across epochs compare directly.
"""

from __future__ import annotations

import hashlib
import json

import torch
import torch.nn.functional as F

from studio import zoo
from studio.models import gan
from studio.training import common, readme

MODULE = "studio.training.gan"
SNAPSHOT_EPOCHS = (1, 2, 5, 10, 20, 50)
FIXED_LATENTS = {"name": "gan-latents", "n": 64, "seed": 1234}
SCORE_SAMPLES, SCORE_SEED = 10_000, 2024


def parse(argv=None):
    p = common.parser(__doc__.split("\n")[0], epochs=60)
    p.add_argument("--family", choices=gan.FAMILIES, required=True)
    p.add_argument("--lr-g", type=float, default=2e-4)
    p.add_argument("--lr-d", type=float, default=2e-4)
    p.add_argument("--beta1", type=float, default=0.5)
    p.add_argument("--g-steps", type=int, default=1, help="generator updates per discriminator update")
    p.add_argument("--width", type=int, default=64, help="DCGAN channel width")
    p.add_argument("--real-label", type=float, default=1.0,
                   help="discriminator target for real images; 0.9 is one-sided label smoothing")
    p.add_argument("--minibatch-std", action="store_true", help="DCGAN discriminator sees the batch's spread")
    p.add_argument("--notes", default="", help="why this setting (stored in the manifest)")
    p.add_argument("--run-name", default=None, help="checkpoint folder under .train/ (default gan-<family>-<settings hash>)")
    return p.parse_args(argv)


def snapshot_epochs(epochs: int) -> list[int]:
    return sorted({e for e in SNAPSHOT_EPOCHS if e <= epochs} | {epochs})


def settings_of(args) -> dict:
    out = {"family": args.family, "seed": args.seed, "lr_g": args.lr_g, "lr_d": args.lr_d,
            "beta1": args.beta1, "g_steps": args.g_steps, "width": args.width, "batch_size": args.batch_size}
    if args.real_label != 1.0 or args.minibatch_std:  # keeps older checkpoints' settings valid
        out |= {"real_label": args.real_label, "minibatch_std": args.minibatch_std}
    return common.with_limit(args, out)


def run_name(args) -> str:
    """Checkpoint folder: one per family and setting, so trying a setting never clobbers another."""
    digest = hashlib.sha256(json.dumps(settings_of(args), sort_keys=True).encode()).hexdigest()[:8]
    return f"gan-{args.family}-{digest}"


def train(args, device) -> common.Run:
    run = common.Run(args.run_name or run_name(args), settings_of(args), fresh=args.fresh)
    G, D = gan.build(args.family, width=args.width, minibatch_std=args.minibatch_std)
    G, D = G.to(device), D.to(device)
    opt_g = torch.optim.Adam(G.parameters(), lr=args.lr_g, betas=(args.beta1, 0.999))
    opt_d = torch.optim.Adam(D.parameters(), lr=args.lr_d, betas=(args.beta1, 0.999))
    if run.epoch < args.epochs:  # nothing to restore when only publishing a finished run
        run.restore(G=G, D=D, opt_g=opt_g, opt_d=opt_d)
    images, _ = common.mnist(args, train=True)
    monitor = _monitor(device)
    keep = snapshot_epochs(args.epochs)

    def step(idx, noise):
        real = images[idx].to(device)
        b = len(real)
        # Discriminator: push real up, fake down.
        z = torch.randn(b, G.latent_dim, generator=noise).to(device)
        fake = G(z)
        d_real, d_fake = D(real), D(fake.detach())
        d_loss = (F.binary_cross_entropy_with_logits(d_real, torch.full_like(d_real, args.real_label))
                  + F.binary_cross_entropy_with_logits(d_fake, torch.zeros_like(d_fake)))
        opt_d.zero_grad(set_to_none=True)
        d_loss.backward()
        opt_d.step()
        # Generator: the non-saturating loss, make D call fakes real.
        for i in range(args.g_steps):
            if i:
                z = torch.randn(b, G.latent_dim, generator=noise).to(device)
                fake = G(z)
            out = D(fake)
            g_loss = F.binary_cross_entropy_with_logits(out, torch.ones_like(out))
            opt_g.zero_grad(set_to_none=True)
            g_loss.backward()
            opt_g.step()
        return {"d_loss": d_loss.item(), "g_loss": g_loss.item(),
                "d_real": torch.sigmoid(d_real).mean().item(), "d_fake": torch.sigmoid(d_fake).mean().item()}

    def after_epoch(epoch, log):
        if monitor is not None:
            _, log["covered_2k"], log["entropy_2k"] = monitor(G)
        if epoch in keep:
            torch.save({k: v.cpu() for k, v in G.state_dict().items()}, run.dir / f"G_e{epoch:03d}.pt")

    common.fit(run, args, args.family, len(images), step, evaluate=dict,
               state={"G": G, "D": D, "opt_g": opt_g, "opt_d": opt_d}, after_epoch=after_epoch)
    return run


def _monitor(device):
    """Classes covered by 2,000 samples each epoch, when the classifier is already trained."""
    try:
        judge = zoo.load_model("mnist-classifier", device)
    except Exception:
        return None
    from studio.models.classifier import predict

    z = gan.latents(2000, seed=SCORE_SEED + 1)

    def check(G):
        G.eval()
        stats = gan.class_stats(predict(judge, gan.generate(G, z)))
        G.train()
        return stats

    return check


def fp16_round(state: dict) -> dict:
    return {k: (v.half().float() if v.is_floating_point() else v) for k, v in state.items()}


def publish(args, run: common.Run, device) -> None:
    """Judge every snapshot with the classifier and write it (fp16) to pretrained/."""
    from studio.models.classifier import predict

    judge = zoo.load_model("mnist-classifier", device)
    fixed = gan.latents(FIXED_LATENTS["n"], seed=FIXED_LATENTS["seed"])
    zoo.save(FIXED_LATENTS["name"], {"z": fixed}, {
        "kind": "latents", "arch": None, "config": {}, "seed": FIXED_LATENTS["seed"],
        "command": f"python -c 'from studio.models import gan; gan.latents({FIXED_LATENTS['n']}, seed={FIXED_LATENTS['seed']})'",
        "epochs": 0, "train_seconds": 0.0, "metrics": {},
        "notes": "The fixed latent batch z ~ N(0, I), shape (64, 100): every GAN snapshot of both "
                 "families is shown on these same vectors so frames compare across epochs."})
    z_score = gan.latents(SCORE_SAMPLES, seed=SCORE_SEED)
    G, _ = gan.build(args.family, width=args.width)
    config = {"latent_dim": G.latent_dim} | ({"width": args.width} if args.family == "dcgan" else {})
    per_epoch_seconds = {e["epoch"]: e["seconds"] for e in run.log}
    for epoch in snapshot_epochs(args.epochs):
        state = torch.load(run.dir / f"G_e{epoch:03d}.pt", map_location="cpu", weights_only=True)
        G.load_state_dict(state)
        G.to(device).eval()
        full = gan.generate(G, fixed)
        G.load_state_dict(fp16_round(state))  # judge exactly what ships
        G.to(device).eval()
        fp16_diff = float((gan.generate(G, fixed) - full).abs().max())
        labels = predict(judge, gan.generate(G, z_score))
        hist, covered, entropy = gan.class_stats(labels)
        seconds = sum(s for e, s in per_epoch_seconds.items() if e <= epoch)
        name = f"gan-{args.family}-e{epoch:03d}"
        zoo.save(name, G.state_dict(), {
            "kind": "gan-snapshot", "family": args.family, "epoch": epoch,
            "arch": "gan-dense-generator" if args.family == "dense" else "gan-dcgan-generator",
            "config": config, "command": common.command(MODULE, args, _keys()),
            "seed": args.seed, "epochs": epoch, "train_seconds": round(seconds, 1),
            "run_epochs": args.epochs, "run_train_seconds": round(run.train_seconds, 1),
            "setting": settings_of(args), "notes": args.notes,
            "metrics": {"class_histogram": hist, "classes_covered": covered, "class_entropy_bits": entropy,
                        "samples": SCORE_SAMPLES, "sample_seed": SCORE_SEED,
                        "fp16_max_abs_diff": round(fp16_diff, 5),
                        **{k: v for k, v in next(e for e in run.log if e["epoch"] == epoch).items()
                           if k in ("d_loss", "g_loss", "d_real", "d_fake")}},
        }, fp16=True)
        print(f"{name}: covered {covered}, entropy {entropy:.2f} bits, histogram {hist}", flush=True)
    drop_other_snapshots(args.family, {f"gan-{args.family}-e{e:03d}" for e in snapshot_epochs(args.epochs)})
    readme.write()


def drop_other_snapshots(family: str, keep: set[str]) -> None:
    """One series per family in pretrained/: remove snapshots of an earlier, longer run."""
    stale = {e["name"] for e in zoo.entries(kind="gan-snapshot", family=family) if e["name"] not in keep}
    for name in zoo.remove(stale):
        print(f"removed stale {name}")


def _keys():
    return ["family", "seed", "epochs", "device", "data_root", "lr_g", "lr_d", "beta1", "g_steps", "width",
            "batch_size", "real_label", "minibatch_std", "limit"]


def main(argv=None):
    args = parse(argv)
    device = common.setup(args)
    run = train(args, device)
    publish(args, run, device)


if __name__ == "__main__":
    main()
