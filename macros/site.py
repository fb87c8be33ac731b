"""The engine-independent site: load + check the data, then describe every generated page.

Nothing here imports MkDocs. The MkDocs glue turns ``pages()`` into virtual files.
"""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from . import checks
from .loader import Dataset, load
from .problems import DataError, Problem


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector while the data is read and checked.

    Reading 1000 fiches creates about a million small objects and no reference
    cycles; the collector would otherwise walk them again and again (about 40 % of
    the load time). It is switched back on afterwards, as it was.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load_and_check(data_dir: Path, docs_dir: Path, root: Path) -> tuple[Dataset, list[Problem]]:
    with _without_cycle_collection():
        dataset, problems = load(data_dir, root)
        problems += checks.check(dataset)
        if docs_dir.is_dir():
            problems += checks.check_pages(docs_dir, dataset, root)
    return dataset, problems


def collect_problems(data_dir: Path, docs_dir: Path, root: Path) -> list[Problem]:
    """Every problem of the data and of the pages of ``docs_dir``, sorted, each once."""
    return sorted(set(_load_and_check(data_dir, docs_dir, root)[1]))


def load_checked(data_dir: Path, docs_dir: Path, root: Path) -> Dataset:
    """The dataset, or DataError listing every problem (data under ``data_dir``, pages under ``docs_dir``)."""
    dataset, problems = _load_and_check(data_dir, docs_dir, root)
    if problems:
        raise DataError(problems)
    return dataset


def load_unchecked(data_dir: Path, root: Path) -> Dataset:
    """The dataset without the cross-file checks, for work after a build that already checked it.

    Files that do not load are left out (the build that ran before reported them).
    """
    with _without_cycle_collection():
        return load(data_dir, root)[0]
