"""Freshness with an injected date: never today's."""
from __future__ import annotations

import subprocess
import sys
from datetime import date

from conftest import ROOT, VALID
from macros.freshness import audit_report, current_value, overdue, previous_value
from macros.loader import load


def dataset():
    data, problems = load(VALID, VALID.parent)
    assert problems == []
    return data


def test_nothing_overdue_before_the_dates():
    assert overdue(dataset(), date(2026, 11, 23)) == []


def test_revaluation_date_passed_flags_the_amount_and_its_fiche():
    items = overdue(dataset(), date(2027, 4, 1))
    kinds = {(i.kind, i.key) for i in items}
    assert ("montant", "test-plafond") in kinds
    assert ("fiche", "fiche-sante") in kinds  # a_revoir_avant 2027-04-01 and a stale amount
    assert ("montant", "test-duree") not in kinds  # no revaluation date: never stale


def test_review_date_passed_flags_fiches_and_trees():
    items = overdue(dataset(), date(2027, 7, 2))
    assert {("fiche", "fiche-emploi"), ("arbre", "arbre-test")} <= {(i.kind, i.key) for i in items}


def test_history_gives_current_and_previous_values():
    m = dataset().montants["test-plafond"]
    assert current_value(m, date(2026, 5, 1)).valeur == 1100
    assert previous_value(m, date(2026, 5, 1)).valeur == 1000
    assert current_value(m, date(2025, 5, 1)).valeur == 1000
    assert previous_value(m, date(2025, 5, 1)) is None


def test_audit_report_text():
    items, text = audit_report(dataset(), date(2027, 4, 1))
    assert items and "montant test-plafond (échéance 2027-04-01)" in text
    assert audit_report(dataset(), date(2026, 11, 23))[1].endswith("rien à actualiser.")


def audit(day: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "macros", "--data", str(VALID), "--docs", str(VALID / "none"), "audit",
                           "--date", day], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_audit_command_exit_codes():
    assert audit("2026-11-23").returncode == 0
    late = audit("2027-04-02")
    assert late.returncode == 1 and "test-plafond" in late.stdout


def test_announcement_is_listed_once_its_date_has_passed():
    before = overdue(dataset(), date(2027, 1, 14))
    assert not any(i.reason.startswith("annonce échue") for i in before)
    after = overdue(dataset(), date(2027, 1, 15))
    late = [i for i in after if i.reason.startswith("annonce échue")]
    assert [(i.kind, i.key, i.due) for i in late] == [("fiche", "fiche-sante", date(2027, 1, 15))]
    assert "(vigilance) : Demande simplifiée pour les allocataires" in late[0].reason


def test_audit_command_lists_a_past_announcement():
    late = audit("2027-01-20")
    assert late.returncode == 1
    assert "fiche fiche-sante (échéance 2027-01-15) : annonce échue (vigilance)" in late.stdout
