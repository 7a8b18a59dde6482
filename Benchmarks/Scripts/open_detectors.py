#!/usr/bin/env python3
"""Scores the open QRS detectors of wfdb-python the way `rhythmstrip evaluate` scores ours.

Usage: open_detectors.py DATA_DIR [--lead N] [--neurokit | --neurokit-methods M,...] RECORD...

For each record, runs wfdb-python's `processing.gqrs_detect` and
`processing.xqrs_detect` on one lead (default the first) and, with
`--neurokit`, NeuroKit2's detectors (`pip install neurokit2 PyWavelets`;
every method listed below, or the ones `--neurokit-methods` names). Each NeuroKit2
method gets the signal cleaned by `ecg_clean` with its own method where
NeuroKit2 has one, otherwise with the default, as NeuroKit2's own
`ecg_process` does. It scores the beats
against DATA_DIR/RECORD.atr with `processing.compare_annotations`: the beat
codes WFDB's isqrs accepts, whole record (no learning period), and a window of
round(0.15 fs) + 1 samples, which is bxb's inclusive 150 ms with that function's
strict test. wfdb-python has no ventricular-flutter rule (MIT-BIH 207 differs
from bxb). Prints a Markdown table per detector: TP, FN, FP, Se, +P, F1 per
record and the gross line.

Example, the noise stress test table of issue #4:
    python3 Benchmarks/Scripts/open_detectors.py ../shared/data/nstdb --neurokit \
        118e24 118e18 118e12 118e06 118e00 118e_6
"""
import sys
import warnings

import numpy as np
import wfdb
from wfdb import processing

# The beat codes of WFDB's isqrs (ecgcodes.h).
BEAT_SYMBOLS = set("N L R a V F J A S E j / Q ? B e n f r !".split())


# NeuroKit2 0.2.13's R-peak methods that need no further packages than
# PyWavelets (koka2022 and emrich2023 need ts2vg; promac combines the others).
NEUROKIT_METHODS = [
    "neurokit", "pantompkins1985", "hamilton2002", "zong2003", "martinez2004",
    "christov2004", "gamboa2008", "elgendi2010", "engzeemod2012",
    "manikandan2012", "kalidas2017", "nabian2018", "rodrigues2021",
]
# Further methods --neurokit-methods accepts (koka2022 and emrich2023 need ts2vg).
NEUROKIT_EXTRA_METHODS = ["koka2022", "emrich2023", "promac"]
# The methods that have a cleaning method of the same name in ecg_clean.
NEUROKIT_CLEANING = {"neurokit", "pantompkins1985", "hamilton2002", "elgendi2010", "engzeemod2012"}


def neurokit_detector(method):
    import neurokit2 as nk

    def detect(x, fs):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cleaned = nk.ecg_clean(x, sampling_rate=fs,
                                   method=method if method in NEUROKIT_CLEANING else "neurokit")
            _, info = nk.ecg_peaks(cleaned, sampling_rate=fs, method=method)
        return np.asarray(info["ECG_R_Peaks"], dtype=int)
    return detect


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
    neurokit = []
    while args and args[0].startswith("--"):
        option = args.pop(0)
        if option == "--neurokit":
            neurokit = NEUROKIT_METHODS
        elif option in ("--lead", "--neurokit-methods"):
            if not args:
                sys.exit(f"{option} needs a value\n{__doc__}")
            value = args.pop(0)
            if option == "--lead":
                if not value.isdigit():
                    sys.exit(f"--lead needs a signal number counted from 0, not {value!r}")
                lead = int(value)
            else:
                neurokit = value.split(",")
                known = NEUROKIT_METHODS + NEUROKIT_EXTRA_METHODS
                unknown = [m for m in neurokit if m not in known]
                if unknown:
                    sys.exit(f"unknown NeuroKit2 method(s) {', '.join(unknown)}; known: {', '.join(known)}")
        else:
            sys.exit(f"unknown option {option}\n{__doc__}")
    if not args:
        sys.exit(__doc__)
    detectors = {
        "gqrs": lambda x, fs: processing.gqrs_detect(sig=x, fs=fs),
        "xqrs": lambda x, fs: processing.xqrs_detect(sig=x, fs=fs, verbose=False),
    }
    for method in neurokit:
        detectors[f"neurokit2 {method}"] = neurokit_detector(method)
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
