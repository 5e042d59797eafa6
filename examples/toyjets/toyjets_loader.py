"""Load one split of ToyJets, a small toy jet-tagging table stored as HDF5, with h5py.

Each split is a folder of HDF5 files (train, validation, test); every file holds, for N jets,
one-dimensional datasets of length N:

    jet_pt    float32  transverse momentum, GeV
    jet_eta   float32  pseudorapidity
    jet_phi   float32  azimuthal angle, rad
    jet_mass  float32  jet mass, GeV
    label     int64    1 for a top-quark jet, 0 for QCD background

At NERSC the files live on the Community File System; elsewhere this script reads the copy
beside it, or the folder named by $TOYJETS_DIR.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import h5py
import numpy as np

NERSC_DIR = Path("/global/cfs/cdirs/dasrepo/www/ai_ready_datasets/toyjets/data")
COLUMNS = ("jet_pt", "jet_eta", "jet_phi", "jet_mass", "label")
SPLITS = ("train", "validation", "test")


def data_dir() -> Path:
    """Where the split folders are: $TOYJETS_DIR, the NERSC path, or the copy beside this script."""
    if "TOYJETS_DIR" in os.environ:
        return Path(os.environ["TOYJETS_DIR"])
    if NERSC_DIR.is_dir():
        return NERSC_DIR
    return Path(__file__).resolve().parent / "data"


def load_split(split: str, root: Path | None = None) -> dict[str, np.ndarray]:
    """All jets of one split, its files read in name order: column name -> array of N values."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; the splits are {', '.join(SPLITS)}")
    paths = sorted((root or data_dir()).joinpath(split).glob("*.h5"))
    if not paths:
        raise FileNotFoundError(f"no .h5 files in {(root or data_dir()) / split}")
    parts: dict[str, list[np.ndarray]] = {name: [] for name in COLUMNS}
    for path in paths:
        with h5py.File(path, "r") as f:
            for name in COLUMNS:
                parts[name].append(f[name][:])
    return {name: np.concatenate(arrays) for name, arrays in parts.items()}


if __name__ == "__main__":
    for split in sys.argv[1:] or SPLITS:
        jets = load_split(split)
        tops = int(jets["label"].sum())
        print(f"{split}: {len(jets['label'])} jets ({tops} top), mean pt {jets['jet_pt'].mean():.1f} GeV")
