"""What the tests compare of a dataset, as JSON: per split its row count, columns and first row."""
from __future__ import annotations

import json
import sys


def column_types(features) -> dict[str, str]:
    """Column name -> dtype ('float32', 'string', ...), or the feature's type name when not a plain value."""
    return {name: getattr(f, "dtype", type(f).__name__) for name, f in features.items()}


def plain_row(row: dict, features) -> dict:
    """The row with class labels as their names, so it compares with the source file's text."""
    out = {}
    for name, value in row.items():
        feature = features.get(name) if features else None
        out[name] = feature.int2str(value) if hasattr(feature, "int2str") and value is not None else value
    return out


def split_summary(dataset) -> dict:
    """A loaded split (datasets.Dataset): its rows, columns and first row."""
    first = plain_row(dataset[0], dataset.features) if len(dataset) else None
    return {"rows": len(dataset), "columns": column_types(dataset.features), "first": first}


def streamed_summary(dataset) -> dict:
    """A streamed split (datasets.IterableDataset): its columns and first row (it has no length)."""
    first = next(iter(dataset), None)
    return {"columns": list(first or {}), "first": plain_row(first, dataset.features) if first else None}


def emit(result: dict) -> None:
    """The one line a test reads: the last line of stdout."""
    sys.stdout.write(json.dumps(result, sort_keys=False) + "\n")
