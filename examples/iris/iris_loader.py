"""Load the Iris dataset (Fisher, 1936) with pandas.

150 flowers of three species (setosa, versicolor, virginica), four measurements each, in
centimetres. At NERSC the CSV lives on the Community File System; elsewhere this script reads
the copy beside it, or the public copy on NERSC's science gateway.
"""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

NERSC_CSV = Path("/global/cfs/cdirs/dasrepo/www/ai_ready_datasets/iris/data/iris.csv")
PUBLIC_CSV = "https://portal.nersc.gov/cfs/dasrepo/ai_ready_datasets/iris/data/iris.csv"

COLUMNS = {
    "sepal_length": "float64",
    "sepal_width": "float64",
    "petal_length": "float64",
    "petal_width": "float64",
    "species": "category",
}


def iris_source() -> Path | str:
    """Where to read the CSV from: $IRIS_CSV, the NERSC path, the copy beside this script, or the web."""
    if "IRIS_CSV" in os.environ:
        return Path(os.environ["IRIS_CSV"])
    if NERSC_CSV.is_file():
        return NERSC_CSV
    try:
        beside = Path(__file__).resolve().parent / "data" / "iris.csv"
    except NameError:  # in a notebook there is no __file__
        beside = None
    if beside is not None and beside.is_file():
        return beside
    return PUBLIC_CSV


def load_iris(source: Path | str | None = None) -> pd.DataFrame:
    """The Iris table: one row per flower, measurements as floats, species as a category."""
    frame = pd.read_csv(source or iris_source(), dtype=COLUMNS)
    missing = set(COLUMNS) - set(frame.columns)
    if missing:
        raise ValueError(f"{source}: missing columns {sorted(missing)}")
    return frame


if __name__ == "__main__":
    iris = load_iris()
    print(f"{len(iris)} flowers from {iris_source()}")
    print(iris.groupby("species", observed=True).mean().round(2))
