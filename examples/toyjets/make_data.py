"""Make the ToyJets HDF5 files under data/ (run once; the files are committed).

A toy jet-tagging table: top-quark jets (label 1) and QCD background jets (label 0), drawn from
simple distributions with a fixed seed, so every run writes the same files byte for byte:

    data/train/toyjets_train_0.h5, toyjets_train_1.h5   100 jets each
    data/validation/toyjets_validation_0.h5             50 jets
    data/test/toyjets_test_0.h5                         50 jets

Each file holds one-dimensional datasets of equal length, one per column (the first axis is the
jet), which is what the Hugging Face `datasets` library's hdf5 builder reads as columns.

    python make_data.py
"""
from __future__ import annotations

from pathlib import Path

import h5py
import numpy as np

SEED = 20240611
FILES = {"train": [100, 100], "validation": [50], "test": [50]}
UNITS = {"jet_pt": "GeV", "jet_eta": "", "jet_phi": "rad", "jet_mass": "GeV"}


def jets(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    """n jets, half top (mass near 173 GeV), half QCD (falling mass spectrum), shuffled."""
    label = rng.permutation(np.arange(n) % 2).astype(np.int64)
    top = label == 1
    mass = np.where(top, rng.normal(173.0, 15.0, n), rng.exponential(40.0, n) + 5.0)
    return {
        "jet_pt": (500.0 + rng.exponential(100.0, n)).astype(np.float32),
        "jet_eta": rng.uniform(-2.0, 2.0, n).astype(np.float32),
        "jet_phi": rng.uniform(-np.pi, np.pi, n).astype(np.float32),
        "jet_mass": mass.astype(np.float32),
        "label": label,
    }


def main() -> None:
    rng = np.random.default_rng(SEED)
    root = Path(__file__).resolve().parent / "data"
    for split, sizes in FILES.items():
        (root / split).mkdir(parents=True, exist_ok=True)
        for i, n in enumerate(sizes):
            path = root / split / f"toyjets_{split}_{i}.h5"
            columns = jets(rng, n)
            # no creation times in the file, so the bytes depend on the seed only
            with h5py.File(path, "w", track_order=True) as f:
                for name, values in columns.items():
                    ds = f.create_dataset(name, data=values, track_times=False)
                    if UNITS.get(name):
                        ds.attrs["unit"] = UNITS[name]
            print(f"{path.relative_to(root.parent)}: {n} jets")


if __name__ == "__main__":
    main()
