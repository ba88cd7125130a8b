"""Train the MNIST digit classifier (the GAN judge) and ship it as mnist-classifier.

    python -m studio.training.classifier --epochs 4 --data-root ../shared/data
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from studio.models.classifier import DigitClassifier, accuracy
from studio.training import common

MODULE = "studio.training.classifier"
NAME = "mnist-classifier"


def parse(argv=None):
    p = common.parser(__doc__.split("\n")[0], epochs=4)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--width", type=int, default=32)
    return p.parse_args(argv)


def main(argv=None):
    args = parse(argv)
    device = common.setup(args)
    settings = common.with_limit(args, {"seed": args.seed, "lr": args.lr, "width": args.width,
                                        "batch_size": args.batch_size, "epochs": args.epochs})
    run = common.Run(NAME, settings, fresh=args.fresh)
    model = DigitClassifier(width=args.width).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    # One-cycle-ish: decay the rate over the run, which buys the last few tenths of a percent.
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=args.epochs)
    run.restore(model=model, opt=opt, sched=sched)
    x_train, y_train = common.mnist(args, train=True)
    x_test, y_test = common.mnist(args, train=False)

    def step(idx, noise):
        loss = F.cross_entropy(model(x_train[idx].to(device)), y_train[idx].to(device))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return {"train_loss": loss.item()}

    common.fit(run, args, "classifier", len(x_train), step,
               evaluate=lambda: {"test_accuracy": round(accuracy(model, x_test, y_test), 4)},
               state={"model": model, "opt": opt, "sched": sched}, end_epoch=sched.step)
    model.eval()
    acc = accuracy(model, x_test, y_test)
    common.ship(NAME, model.state_dict(), run, args, MODULE,
                ["seed", "epochs", "device", "data_root", "lr", "width", "batch_size"],
                describe={"kind": "classifier", "arch": "mnist-cnn", "config": {"width": args.width}},
                metrics={"test_accuracy": round(acc, 4), "test_errors": int(round((1 - acc) * len(y_test)))},
                notes="Small CNN; judges which digits the GAN snapshots draw.")


if __name__ == "__main__":
    main()
