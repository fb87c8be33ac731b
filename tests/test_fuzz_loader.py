"""Fuzzing the loader: mutated data files are accepted or refused clearly, never with a traceback.

Each example takes one valid data file of the fixture, mutates its text
(truncation, swapped types, deleted or duplicated keys, random bytes, deep
nesting, huge strings, tabs, stray quotes), writes it over a copy of the
dataset and runs what ``python -m macros check`` runs. The answer must be
either no problem, or problems that all read ``file:line: field: message``.

Default run: ``PASSERELLE_FUZZ`` examples (200); ``make fuzz`` runs 10 000.
A few examples also go through the real command line, to check the exit code
and that nothing but problem lines is printed.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, VALID
from macros.site import collect_problems

EXAMPLES = int(os.environ.get("PASSERELLE_FUZZ", "200"))
FILES = sorted(p.relative_to(VALID).as_posix() for p in VALID.rglob("*.yaml"))
PROBLEM_LINE = re.compile(r"^data/[^:\n]+\.yaml:\d+: [^\n]+?: [^\n]+$")
PIECES = ["\t", "# ", " : ", "- ", "[", "]", "{", "}", "'", '"', "&a ", "*a", "!!python/object:os.system ", "012",
          "yes", "~", "\x00", "\ufeff", "{{ 7*7 }}", "<script>", "[[montant:", "\n", "  ", "€", "1:30"]


def _swap_types(text: str, rng) -> str:
    """Replace one scalar value by another type (list, number, boolean, mapping, null)."""
    lines = text.splitlines()
    candidates = [i for i, line in enumerate(lines) if re.match(r"^\s*[a-z_]+: \S", line)]
    if not candidates:
        return text
    i = rng.choice(candidates)
    key = lines[i].split(":", 1)[0]
    lines[i] = key + ": " + rng.choice(["[1, 2]", "12", "true", "{ a: 1 }", "null", "''", "- x", "2026-02-30"])
    return "\n".join(lines)


def _delete_key(text: str, rng) -> str:
    lines = text.splitlines()
    keys = [i for i, line in enumerate(lines) if re.match(r"^\s*[a-z_]+:", line)]
    if keys:
        del lines[rng.choice(keys)]
    return "\n".join(lines)


def _duplicate_key(text: str, rng) -> str:
    lines = text.splitlines()
    keys = [i for i, line in enumerate(lines) if re.match(r"^[a-z_]+:", line)]
    if keys:
        i = rng.choice(keys)
        lines.insert(i + 1, lines[i])
    return "\n".join(lines)


def _deep_nesting(text: str, rng) -> str:
    depth = rng.choice([50, 500, 5000])
    return text + "\nprofond: " + "[" * depth + "]" * depth + "\n"


def _huge_string(text: str, rng) -> str:
    return text + "\nen_bref: " + "x" * rng.choice([10_000, 1_000_000]) + "\n"


@st.composite
def mutated(draw):
    name = draw(st.sampled_from(FILES))
    text = (VALID / name).read_text(encoding="utf-8")
    rng = draw(st.randoms(use_true_random=False))
    kind = draw(st.sampled_from(["truncate", "swap", "delete", "duplicate", "bytes", "nesting", "huge", "insert"]))
    if kind == "truncate":
        text = text[: draw(st.integers(0, len(text)))]
    elif kind == "swap":
        text = _swap_types(text, rng)
    elif kind == "delete":
        text = _delete_key(text, rng)
    elif kind == "duplicate":
        text = _duplicate_key(text, rng)
    elif kind == "nesting":
        text = _deep_nesting(text, rng)
    elif kind == "huge":
        text = _huge_string(text, rng)
    elif kind == "insert":
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(PIECES)) + text[at:]
    raw = text.encode("utf-8")
    if kind == "bytes":
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + draw(st.binary(min_size=1, max_size=8)) + raw[at:]
    return name, raw


@pytest.fixture(scope="module")
def dataset_copy(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("fuzz") / "data"
    shutil.copytree(VALID, data)
    return data


@settings(max_examples=EXAMPLES, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large])
@given(case=mutated())
def test_mutated_data_is_accepted_or_refused_clearly(dataset_copy, case):
    name, raw = case
    target = dataset_copy / name
    target.write_bytes(raw)
    try:
        problems = collect_problems(dataset_copy, dataset_copy / "no-docs", dataset_copy.parent)
    finally:
        shutil.copy(VALID / name, target)
    for problem in problems:
        assert PROBLEM_LINE.match(str(problem)), f"{name}: problème mal formé : {problem!s}"


@pytest.mark.parametrize("text", ["titre: [\n", "titre:\t- x\n", "\x00\x01", "titre: " + "[" * 3000 + "]" * 3000 + "\n"],
                         ids=["crochet-ouvert", "tabulation", "octets-nuls", "imbrication-profonde"])
def test_command_line_answers_bad_files_with_problem_lines_only(tmp_path, text):
    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    (data / "fiches" / "fiche-sante.yaml").write_text(text, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "macros", "--data", str(data), "--docs", str(data / "no-docs"), "check"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert re.match(r"^\d+ problèmes? dans les données :$", lines[0]), lines[0]
    assert all(re.match(r"^\S+\.yaml:\d+: [^\n]+?: [^\n]+$", line) for line in lines[1:]), lines
