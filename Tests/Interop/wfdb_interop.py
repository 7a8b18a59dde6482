#!/usr/bin/env python3
"""wfdb-python side of the interoperability tests (Tests/ECGSignalTests/WFDB/InteropTests.swift).

  wfdb_interop.py read DIR NAME [ANNOTATOR]
      Reads record DIR/NAME with wfdb.rdrecord (digital samples) and, when
      given, annotations DIR/NAME.ANNOTATOR with wfdb.rdann; prints JSON.
  wfdb_interop.py summary DIR
      For every NAME.atr in DIR: annotation counts per symbol, the rhythm
      labels (aux text of '+' annotations) and the number of annotations.
  wfdb_interop.py write DIR NAME FORMAT VALUES.json
      Writes record DIR/NAME with wfdb.wrsamp in FORMAT from the digital
      samples in VALUES.json ({"fs", "names", "units", "gains", "baselines",
      "samples": [[lead 0], [lead 1], ...]}).
"""
import json
import sys

import numpy as np
import wfdb


def read(directory, name, annotator=None):
    record = wfdb.rdrecord(f"{directory}/{name}", physical=False)
    out = {
        "fs": float(record.fs),
        "sig_len": int(record.sig_len),
        "sig_name": list(record.sig_name),
        "units": list(record.units),
        "adc_gain": [float(g) for g in record.adc_gain],
        "baseline": [int(b) for b in record.baseline],
        "fmt": list(record.fmt),
        "samples": [[int(v) for v in record.d_signal[:, i]] for i in range(record.n_sig)],
    }
    if annotator:
        ann = wfdb.rdann(f"{directory}/{name}", annotator)
        out["annotations"] = {
            "sample": [int(s) for s in ann.sample],
            "symbol": list(ann.symbol),
            "subtype": [int(s) for s in ann.subtype],
            "chan": [int(c) for c in ann.chan],
            "num": [int(n) for n in ann.num],
            "aux_note": list(ann.aux_note),
        }
    print(json.dumps(out))


def summary(directory):
    import collections
    import os

    out = {}
    for file in sorted(os.listdir(directory)):
        if not file.endswith(".atr"):
            continue
        name = file[:-4]
        ann = wfdb.rdann(f"{directory}/{name}", "atr")
        labels = sorted({a.rstrip("\x00") for s, a in zip(ann.symbol, ann.aux_note) if s == "+" and a})
        out[name] = {
            "count": len(ann.sample),
            "counts": dict(collections.Counter(ann.symbol)),
            "labels": labels,
        }
    print(json.dumps(out))


def write(directory, name, fmt, values_path):
    with open(values_path) as f:
        values = json.load(f)
    signal = np.array(values["samples"], dtype=np.int64).T
    wfdb.wrsamp(
        name,
        fs=values["fs"],
        units=values["units"],
        sig_name=values["names"],
        d_signal=signal,
        fmt=[fmt] * signal.shape[1],
        adc_gain=values["gains"],
        baseline=values["baselines"],
        write_dir=directory,
    )


if __name__ == "__main__":
    if sys.argv[1] == "read":
        read(*sys.argv[2:])
    elif sys.argv[1] == "summary":
        summary(*sys.argv[2:])
    elif sys.argv[1] == "write":
        write(*sys.argv[2:])
    else:
        sys.exit(f"unknown command {sys.argv[1]}")
