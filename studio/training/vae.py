"""Train an MLP VAE on MNIST and ship it as vae-latent<d>.

    python -m studio.training.vae --latent-dim 2 --epochs 20 --data-root ../shared/data
    python -m studio.training.vae --latent-dim 16 --epochs 20 --data-root ../shared/data
"""

from __future__ import annotations

import torch

from studio.training import common
from studio.models.vae import VAE, evaluate, loss_terms

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
    settings = common.with_limit(args, {"seed": args.seed, "latent_dim": args.latent_dim, "hidden": args.hidden,
                                        "lr": args.lr, "batch_size": args.batch_size})
    run = common.Run(name, settings, fresh=args.fresh)
    model = VAE(args.latent_dim, args.hidden).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    run.restore(model=model, opt=opt)
    x_train, _ = common.mnist(args, train=True)
    x_test, _ = common.mnist(args, train=False)

    def step(idx, noise):
        x = x_train[idx].to(device)
        logits, mu, logvar = model(x, generator=noise)
        bce, kl = loss_terms(logits, x, mu, logvar)
        loss = (bce + kl).mean()  # the negative ELBO per image
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return {"train_neg_elbo": loss.item()}

    common.fit(run, args, name, len(x_train), step, evaluate=lambda: evaluate(model, x_test),
               state={"model": model, "opt": opt})
    model.eval()
    common.ship(name, model.state_dict(), run, args, MODULE,
                ["latent_dim", "seed", "epochs", "device", "data_root", "hidden", "lr", "batch_size"],
                describe={"kind": "vae", "arch": "vae-mlp",
                          "config": {"latent_dim": args.latent_dim, "hidden": args.hidden},
                          "latent_dim": args.latent_dim},
                metrics=evaluate(model, x_test),
                notes="MLP VAE 784-400-z-400-784, Bernoulli decoder. Metrics are nats per test image; "
                      "test_elbo = -(test_recon_bce + test_kl) with one posterior sample (seed 0).")


if __name__ == "__main__":
    main()
