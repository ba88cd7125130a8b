"""Train a gated PixelCNN on binarised MNIST and ship it as pixelcnn.

    python -m studio.training.pixelcnn --epochs 2 --data-root ../shared/data --threads 1

Training images are binarised afresh every epoch (stochastic binarisation, seeded by
(seed, epoch)); the test NLL is measured on one stochastic binarisation of the 10,000 test
digits drawn with seed 0 (pixelcnn.TEST_PROTOCOL; its sha256 is recorded in the manifest).
That is not the fixed Larochelle-Murray set of published figures. The learning
rate follows a cosine from --lr down to 5% of it over all steps, computed from the step
number, so a resumed run takes exactly the steps an uninterrupted one would.
"""

from __future__ import annotations

import math

import torch

from studio import zoo
from studio.demos.families import pixelcnn
from studio.training import common, readme

MODULE = "studio.training.pixelcnn"
NAME = "pixelcnn"


def parse(argv=None):
    p = common.parser(__doc__.split("\n")[0], epochs=2)
    p.set_defaults(batch_size=64)
    p.add_argument("--channels", type=int, default=32)
    p.add_argument("--layers", type=int, default=8)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--max-steps", type=int, default=None, help="stop after this many steps (a smoke test; nothing saved)")
    return p.parse_args(argv)


def learning_rate(args, step: int, total: int) -> float:
    return args.lr * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * min(step / total, 1.0))))


def main(argv=None):
    args = parse(argv)
    device = common.setup(args)
    config = {"channels": args.channels, "layers": args.layers}
    settings = {"seed": args.seed, **config, "lr": args.lr, "batch_size": args.batch_size, "epochs": args.epochs}
    run = common.Run(NAME if args.max_steps is None else NAME + "-smoke", settings,
                     fresh=args.fresh or args.max_steps is not None)
    model = pixelcnn.PixelCNN(**config).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    run.restore(model=model, opt=opt)
    x_train, _ = common.mnist(args, train=True)
    x_test, _ = common.mnist(args, train=False)
    test = pixelcnn.binarised_test_set(x_test)
    per_epoch = math.ceil(len(x_train) / args.batch_size)
    total = per_epoch * args.epochs
    for epoch in range(run.epoch + 1, args.epochs + 1):
        noise = common.epoch_generator(args.seed, epoch)
        model.train()
        loss_sum, seen = 0.0, 0
        with common.Timer() as t:
            bar = common.epoch_bar(args, len(x_train), NAME, epoch)
            for i, idx in enumerate(bar):
                step = (epoch - 1) * per_epoch + i
                if args.max_steps is not None and step >= args.max_steps:
                    break
                for group in opt.param_groups:
                    group["lr"] = learning_rate(args, step, total)
                x = pixelcnn.binarise(x_train[idx], generator=noise).to(device)
                loss = pixelcnn.nll_nats(model(x), x).mean()
                opt.zero_grad(set_to_none=True)
                loss.backward()
                opt.step()
                loss_sum += loss.item() * len(idx)
                seen += len(idx)
                bar.set_postfix(nats=f"{loss_sum / seen:.2f}", refresh=False)
        model.eval()
        # Per epoch on the first 2,000 test digits only (the full set costs minutes on one thread).
        log = {"train_nll_nats": round(loss_sum / max(seen, 1), 3),
               "test2k_nll_nats": pixelcnn.evaluate(model, test[:2000])["test_nll_nats"], "seconds": round(t.seconds, 1)}
        print(f"{NAME} epoch {epoch}: {log}", flush=True)
        if args.max_steps is not None:
            return log
        run.checkpoint(epoch, t.seconds, log, model=model, opt=opt)
    model.eval()
    metrics = measured(model, test)
    params = sum(p.numel() for p in model.parameters())
    record = zoo.save(NAME, model.state_dict(), {
        "kind": "pixelcnn", "arch": "pixelcnn-gated", "config": config, "test_set": pixelcnn.test_set_record(test),
        "command": common.command(MODULE, args, ["seed", "epochs", "device", "data_root", "threads", "channels",
                                                 "layers", "lr", "batch_size"]),
        "seed": args.seed, "epochs": args.epochs, "train_seconds": round(run.train_seconds, 1),
        "metrics": metrics,
        "notes": notes(args, params),
    })
    readme.write()
    print(f"{NAME}: {metrics}, {record['train_seconds']} s")
    return metrics


FIRST = 500   # the manifest also records the NLL of the first 500 binarised test digits (what the tests re-measure)


def measured(model, test) -> dict:
    """The exact NLL on the binarised test set (all of it and its first FIRST digits), then the model-families
    page's sample figures (minutes)."""
    from studio.demos.families import measure as families

    metrics = pixelcnn.evaluate(model, test)
    metrics[f"test_nll_nats_first{FIRST}"] = pixelcnn.evaluate(model, test[:FIRST])["test_nll_nats"]
    return metrics | families.pixelcnn_metrics(model)


def notes(args, params: int) -> str:
    return (f"Gated PixelCNN (van den Oord et al., 2016), {args.layers} gated layers of {args.channels} channels "
            f"(7x7 first, then 3x3; {params:,} parameters), Bernoulli output per pixel. Trained on stochastically "
            "binarised MNIST (fresh each epoch); test_nll_nats is the exact negative log-likelihood per image on "
            f"the test set of test_set: {pixelcnn.TEST_PROTOCOL}. Figures {pixelcnn.PUBLISHED}. frechet_binary and "
            "classes are measured on 512 samples like the model-families page (studio.demos.families.measure).")


if __name__ == "__main__":
    main()
