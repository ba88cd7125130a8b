"""Train an MLP VAE on MNIST and ship it as vae-latent<d>.

    python -m studio.training.vae --latent-dim 2 --epochs 20 --data-root ../shared/data
    python -m studio.training.vae --latent-dim 16 --epochs 20 --data-root ../shared/data
"""

from __future__ import annotations

import sys

import torch
from tqdm import tqdm

from studio import zoo
from studio.training import common, readme
from studio.vae import VAE, evaluate, loss_terms

MODULE = "studio.training.vae"


def parse(argv=None):
    p = common.parser(__doc__.split("\n")[0], epochs=20)
    p.add_argument("--latent-dim", type=int, default=2)
    p.add_argument("--hidden", type=int, default=400)
    p.add_argument("--lr", type=float, default=1e-3)
    return p.parse_args(argv)


def main(argv=None):
    args = parse(argv)
    device = common.setup(args)
    name = f"vae-latent{args.latent_dim}"
    settings = {"seed": args.seed, "latent_dim": args.latent_dim, "hidden": args.hidden, "lr": args.lr,
                "batch_size": args.batch_size}
    run = common.Run(name, settings, fresh=args.fresh)
    model = VAE(args.latent_dim, args.hidden).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    run.restore(model=model, opt=opt)
    x_train, _ = common.mnist(args, train=True)
    x_test, _ = common.mnist(args, train=False)
    for epoch in range(run.epoch + 1, args.epochs + 1):
        noise = common.epoch_generator(args.seed, epoch)
        model.train()
        total = 0.0
        with common.Timer() as t:
            for idx in tqdm(list(common.batches(len(x_train), args.batch_size, args.seed, epoch)),
                            desc=f"{name} epoch {epoch}/{args.epochs}", mininterval=5, file=sys.stdout):
                x = x_train[idx].to(device)
                logits, mu, logvar = model(x, generator=noise)
                bce, kl = loss_terms(logits, x, mu, logvar)
                loss = (bce + kl).mean()  # the negative ELBO per image
                opt.zero_grad(set_to_none=True)
                loss.backward()
                opt.step()
                total += loss.item() * len(idx)
        model.eval()
        log = {"train_neg_elbo": round(total / len(x_train), 3), **evaluate(model, x_test), "seconds": round(t.seconds, 1)}
        print(f"{name} epoch {epoch}: {log}", flush=True)
        run.checkpoint(epoch, t.seconds, log, model=model, opt=opt)
    model.eval()
    metrics = evaluate(model, x_test)
    record = zoo.save(name, model.state_dict(), {
        "kind": "vae", "arch": "vae-mlp", "config": {"latent_dim": args.latent_dim, "hidden": args.hidden},
        "latent_dim": args.latent_dim,
        "command": common.command(MODULE, args, ["latent_dim", "seed", "epochs", "device", "data_root", "hidden",
                                                 "lr", "batch_size"]),
        "seed": args.seed, "epochs": args.epochs, "train_seconds": round(run.train_seconds, 1),
        "metrics": metrics,
        "notes": "MLP VAE 784-400-z-400-784, Bernoulli decoder. Metrics are nats per test image; "
                 "test_elbo = -(test_recon_bce + test_kl) with one posterior sample (seed 0).",
    })
    readme.write()
    print(f"{name}: {metrics}, {record['train_seconds']} s")


if __name__ == "__main__":
    main()
