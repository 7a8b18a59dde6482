#!/usr/bin/env python3
"""Scores the open QRS detectors of wfdb-python the way `rhythmstrip evaluate` scores ours.

Usage: open_detectors.py DATA_DIR [--lead N] RECORD...

For each record, runs wfdb-python's `processing.gqrs_detect` and
`processing.xqrs_detect` on one lead (default the first) and scores the beats
against DATA_DIR/RECORD.atr with `processing.compare_annotations`: the beat
codes WFDB's isqrs accepts, whole record (no learning period), and a window of
round(0.15 fs) + 1 samples, which is bxb's inclusive 150 ms with that function's
strict test. wfdb-python has no ventricular-flutter rule (MIT-BIH 207 differs
from bxb). Prints a Markdown table per detector: TP, FN, FP, Se, +P, F1 per
record and the gross line.

Example, the noise stress test table of issue #4:
    python3 Benchmarks/Scripts/open_detectors.py ../shared/data/nstdb \
        118e24 118e18 118e12 118e06 118e00 118e_6
"""
import sys

import numpy as np
import wfdb
from wfdb import processing

# The beat codes of WFDB's isqrs (ecgcodes.h).
BEAT_SYMBOLS = set("N L R a V F J A S E j / Q ? B e n f r !".split())


def score(reference, test, window):
    c = processing.compare_annotations(np.array(reference), np.array(test), window)
    return int(c.tp), int(c.fn), int(c.fp)


def line(name, tp, fn, fp):
    se = 100 * tp / max(tp + fn, 1)
    pp = 100 * tp / max(tp + fp, 1)
    f1 = 2 * se * pp / max(se + pp, 1e-9)
    return f"| {name} | {tp} | {fn} | {fp} | {se:.2f} | {pp:.2f} | {f1:.2f} |"


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        sys.exit(__doc__)
    data_dir = args.pop(0)
    lead = 0
    if args[0] == "--lead":
        lead = int(args[1])
        args = args[2:]
    detectors = {
        "gqrs": lambda x, fs: processing.gqrs_detect(sig=x, fs=fs),
        "xqrs": lambda x, fs: processing.xqrs_detect(sig=x, fs=fs, verbose=False),
    }
    rows = {name: [] for name in detectors}
    for record in args:
        signal, fields = wfdb.rdsamp(f"{data_dir}/{record}", channels=[lead])
        ann = wfdb.rdann(f"{data_dir}/{record}", "atr")
        reference = [s for s, sym in zip(ann.sample, ann.symbol) if sym in BEAT_SYMBOLS]
        fs = fields["fs"]
        window = int(round(0.15 * fs)) + 1
        for name, detect in detectors.items():
            rows[name].append((record, *score(reference, np.asarray(detect(signal[:, 0], fs)), window)))
    for name, table in rows.items():
        print(f"\n{name}, lead {lead}\n")
        print("| record | TP | FN | FP | Se % | +P % | F1 % |\n|---|---|---|---|---|---|---|")
        for record, tp, fn, fp in table:
            print(line(record, tp, fn, fp))
        print(line("gross", *(sum(r[i] for r in table) for i in (1, 2, 3))))


if __name__ == "__main__":
    main()
