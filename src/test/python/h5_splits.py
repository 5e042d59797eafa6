"""Reads split folders of HDF5 files with h5py alone, and prints the summary load_dataset.py prints.

    python h5_splits.py DATA_DIR        # DATA_DIR/train/*.h5, DATA_DIR/validation/*.h5, ...

An oracle independent of `datasets`: every dataset of a file is a column (first axis = rows), the files
of a split are read in name order. Prints {"splits": {SPLIT: {"rows", "columns", "first"}}}.
"""
from __future__ import annotations

import sys
from pathlib import Path

import h5py
import numpy as np

from summary import emit


def split(folder: Path) -> dict:
    columns: dict[str, list[np.ndarray]] = {}
    for path in sorted(folder.glob("*.h5")):
        with h5py.File(path, "r") as f:
            for name, values in f.items():
                columns.setdefault(name, []).append(values[:])
    joined = {name: np.concatenate(parts) for name, parts in columns.items()}
    rows = len(next(iter(joined.values())))
    return {
        "rows": rows,
        "columns": {name: str(values.dtype) for name, values in joined.items()},
        "first": {name: values[0].item() for name, values in joined.items()} if rows else None,
    }


if __name__ == "__main__":
    root = Path(sys.argv[1])
    emit({"splits": {d.name: split(d) for d in sorted(root.iterdir()) if d.is_dir()}})
