"""The engine-independent site: load + check the data, then describe every generated page.

Nothing here imports MkDocs. The MkDocs glue turns ``pages()`` into virtual files.
"""
from __future__ import annotations

from pathlib import Path

from . import checks
from .loader import Dataset, load
from .problems import DataError, Problem


def collect_problems(data_dir: Path, docs_dir: Path, root: Path) -> list[Problem]:
    dataset, problems = load(data_dir, root)
    problems += checks.check(dataset)
    if docs_dir.is_dir():
        problems += checks.check_pages(docs_dir, dataset, root)
    return sorted(set(problems))


def load_checked(data_dir: Path, docs_dir: Path, root: Path) -> Dataset:
    """The dataset, or DataError listing every problem."""
    dataset, problems = load(data_dir, root)
    problems += checks.check(dataset)
    if docs_dir.is_dir():
        problems += checks.check_pages(docs_dir, dataset, root)
    if problems:
        raise DataError(problems)
    return dataset
