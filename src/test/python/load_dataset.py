"""Loads a dataset with datasets.load_dataset, whole and streamed, and prints its summary as JSON.

    python load_dataset.py NERSC/iris                                   # a Hub repo (HF_ENDPOINT)
    python load_dataset.py csv --data-files '{"train": ["http://..."]}'  # a builder and its files

Prints {"splits": {SPLIT: {"rows", "columns": {NAME: DTYPE}, "first"}},
"streamed": {SPLIT: {"columns": [NAME...], "first"}}}. Any failure is the library's own traceback.
"""
from __future__ import annotations

import argparse
import json

from datasets import load_dataset

from summary import emit, split_summary, streamed_summary


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path", help="a Hub repo id or a builder name (csv, hdf5, ...)")
    parser.add_argument("--data-files", type=json.loads, default=None, help="JSON: split -> list of files")
    args = parser.parse_args()
    whole = load_dataset(args.path, data_files=args.data_files)
    streamed = load_dataset(args.path, data_files=args.data_files, streaming=True)
    emit({
        "splits": {name: split_summary(split) for name, split in whole.items()},
        "streamed": {name: streamed_summary(split) for name, split in streamed.items()},
    })


if __name__ == "__main__":
    main()
