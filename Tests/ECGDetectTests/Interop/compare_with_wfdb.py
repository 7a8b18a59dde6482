#!/usr/bin/env python3
"""Cross-check of `rhythmstrip evaluate` against wfdb-python.

Usage: compare_with_wfdb.py DATA_DIR TEST_DIR ANNOTATOR RECORD...

For each record, reads the reference beats DATA_DIR/RECORD.atr and the test
beats TEST_DIR/RECORD.ANNOTATOR with wfdb-python, keeps the beat annotations
(the codes WFDB's isqrs accepts), and scores them with
wfdb.processing.compare_annotations. Its window test is strict (|dt| < w), so
w = round(0.15 * fs) + 1 (55 at 360 Hz) is bxb's inclusive 150 ms window.
wfdb-python has no flutter rule: records with [ ... ] episodes (mitdb 207)
legitimately differ from bxb. Prints one JSON object per line:
{"record", "tp", "fn", "fp"}.
"""
import json
import sys

import wfdb
from wfdb import processing

# The beat codes of WFDB's isqrs (ecgcodes.h): N L R a V F J A S E j / Q ? B e n f r !
BEAT_SYMBOLS = set("N L R a V F J A S E j / Q ? B e n f r !".split())


def beats(path, extension):
    ann = wfdb.rdann(path, extension)
    return [s for s, sym in zip(ann.sample, ann.symbol) if sym in BEAT_SYMBOLS], ann.fs


def main():
    data_dir, test_dir, annotator = sys.argv[1:4]
    for record in sys.argv[4:]:
        reference, fs = beats(f"{data_dir}/{record}", "atr")
        test, _ = beats(f"{test_dir}/{record}", annotator)
        window = int(round(0.15 * fs)) + 1
        import numpy as np
        c = processing.compare_annotations(np.array(reference), np.array(test), window)
        print(json.dumps({"record": record, "tp": int(c.tp), "fn": int(c.fn), "fp": int(c.fp)}))


if __name__ == "__main__":
    main()
