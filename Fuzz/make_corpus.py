#!/usr/bin/env python3
"""Writes small seed corpora for the fuzz targets into Fuzz/corpus/<target>/.

The seeds are generated here (not copied from PhysioNet data): headers with
every optional field and modifier, signal files of every format, and
annotation files using every pseudo-code.
"""
import os, random, struct, sys

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")
rng = random.Random(7)

def write(target, name, data):
    folder = os.path.join(root, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())

headers = {
    "mitdb": "100 2 360 650000\r\n100.dat 212 200 11 1024 995 -22131 0 MLII\r\n100.dat 212 200 11 1024 1011 20052 0 V5\r\n# 69 M 1085 1629 x1\r\n# Aldomet, Inderal\r\n",
    "nst": "118e00 2 360 650000\n118e00.dat 16 200(1024) 11 0 -167 29505 0 MLII\n118e00.dat 16 200(1024) 11 0 -103 -16890 0 V1\n# Created by nst\n",
    "full": "rec 3 500/1000(12.5) 1000 13:05:00 25/04/1989\na.dat 16x2:3+512 100.5(-3)/uV 16 0 7 123 0 lead I with spaces\na.dat 16x2 100(0)/mV 16 0 7 123 0 II\nb.dat 8 200/mV 10 0 -53 -1279 0 ECG signal 0\n",
    "short": "r 1\nr.dat 311\n",
    "minimal": "r 0\n",
    "multi": "multi/3 2 360 45000\n100s 21600\n~ 1800\n100s 21600\n",
    "variable": "v/2 1 250 100\nlayout 0\nseg1 100\n",
    "fmt": "x 4 128 10\nx.dat 24 1 24 0 0 0 0 a\nx.dat 24\ny.dat 310 0\nz.dat 160 200 16 32768\n",
}
for name, text in headers.items():
    write("header", name, text)

formats = [8, 16, 24, 32, 61, 80, 160, 212, 310, 311]
for index, fmt in enumerate(formats):
    for signals in (1, 2, 3):
        for spf in (1, 2):
            length = rng.choice([0, 4, 10])
            data = bytes(rng.randrange(256) for _ in range(rng.randrange(8, 64)))
            control = bytes([index, signals - 1, spf - 1, rng.randrange(2), length])
            write("signal", f"f{fmt}_n{signals}_x{spf}", control + data)

# Record seeds: a header, a NUL, then the signal file bytes.
for name, text in headers.items():
    if "/" in text.split("\n")[0]:
        continue
    data = bytes(rng.randrange(256) for _ in range(48))
    write("record", name, text.encode() + b"\0" + data)
write("record", "small", b"r 2 100 4\nr.dat 212 200 12 0 0 0 0 a\nr.dat 212 200 12 0 0 0 0 b\n\0" + bytes(range(12)))

def word(value):
    return struct.pack("<H", value & 0xFFFF)

def ann(delta, code):
    return word((code << 10) | delta)

def skip(interval):
    v = interval & 0xFFFFFFFF
    return word(59 << 10) + word(v >> 16) + word(v & 0xFFFF)

def aux(text):
    data = text.encode()
    pad = b"\0" if len(data) % 2 else b""
    return word((63 << 10) | len(data)) + data + pad

seed = ann(18, 28) + aux("(N\0") + ann(300, 1) + ann(290, 5) + word(61 << 10 | 1) + ann(5, 14) + word(61 << 10 | 0x3FF)
seed += skip(70000) + ann(0, 28) + aux("(AFIB\0") + ann(2, 1) + word(62 << 10 | 1) + word(60 << 10 | 3) + ann(1, 22) + aux("note") + word(0)
write("annotation", "pseudo", seed)
write("annotation", "resolution", ann(0, 22) + aux("## time resolution: 1000") + ann(500, 1) + ann(700, 1) + word(0))
write("annotation", "null", skip(-1) + ann(1, 0) + ann(1023, 1) + skip(2000) + ann(0, 33) + word(0))
write("annotation", "empty", word(0))
print("corpora written to", root)
