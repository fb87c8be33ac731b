"""Cross-check of data/montants.yaml against OpenFisca-France's parameters.

A montant may name an OpenFisca parameter (``openfisca.parametre``, with an
optional conversion ``facteur`` and an explanation ``ecart`` when the values
legitimately differ). Our values come from official pages and are never
adjusted to OpenFisca: a failure here means « go and re-read the source ».

OpenFisca-France is a test dependency only; the site never imports it.
The parameter tree is read with the loader OpenFisca itself uses
(``TaxBenefitSystem.load_parameters`` builds the same ``ParameterNode``),
without building the whole tax-benefit system (about 2 s instead of 10–30 s).
"""
from __future__ import annotations

import warnings
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from macros.loader import load

from openfisca_compare import (
    ParametreIntrouvable,
    avertissements,
    compare,
    resolve,
    verdict,
)

ROOT = Path(__file__).resolve().parent.parent
DATASET, _PROBLEMS = load(ROOT / "data")
MONTANTS = DATASET.montants
LIES = sorted(key for key, m in MONTANTS.items() if m.openfisca is not None)
AVEC_ECART = [key for key in LIES if MONTANTS[key].openfisca.ecart]


@pytest.fixture(scope="module")
def parametres():
    openfisca_france = pytest.importorskip("openfisca_france", reason="OpenFisca-France n'est pas installé")
    from openfisca_core.parameters import ParameterNode

    return ParameterNode("", directory_path=str(Path(openfisca_france.__file__).parent / "parameters"))


def _comparaison(parametres, key: str):
    montant = MONTANTS[key]
    ref = montant.openfisca
    try:
        parameter = resolve(parametres, ref.parametre)
    except ParametreIntrouvable as error:
        pytest.fail(f"{key} : {error}")
    valeurs = [(v.effet, v.valeur) for v in montant.valeurs if v.effet is not None]
    return compare(valeurs, parameter, ref.facteur)


@pytest.mark.parametrize("key", LIES)
def test_montant_agrees_with_openfisca(parametres, key):
    comparaison = _comparaison(parametres, key)
    ecart = MONTANTS[key].openfisca.ecart
    for message in avertissements(comparaison, ecart):
        warnings.warn(f"{key} : {message}", UserWarning, stacklevel=1)
    problems = verdict(comparaison, ecart)
    assert not problems, f"{key} ({MONTANTS[key].openfisca.parametre}) : " + " ; ".join(problems)


@pytest.mark.parametrize("key", AVEC_ECART)
def test_ecart_is_still_needed(parametres, key):
    comparaison = _comparaison(parametres, key)
    assert comparaison.differe, (
        f"{key} : openfisca.ecart est renseigné mais OpenFisca donne maintenant les mêmes valeurs "
        "que nous ; retirez l'écart devenu sans objet"
    )


def test_coverage(record_testsuite_property):
    """How many montants OpenFisca can vouch for (printed; recorded in the JUnit report)."""
    total = len(MONTANTS)
    assert total > 0 and LIES, "aucun montant relié à OpenFisca"
    line = (f"OpenFisca : {len(LIES)} montants reliés à un paramètre sur {total} "
            f"({100 * len(LIES) / total:.0f} %), dont {len(AVEC_ECART)} avec un écart expliqué")
    print(line)
    record_testsuite_property("openfisca_montants_relies", len(LIES))
    record_testsuite_property("openfisca_montants_total", total)


# ------------------------------------------------------------ the helper itself


class FakeParameter:
    """Stands for an OpenFisca Parameter: callable with an ISO date, with ``values_list``."""

    def __init__(self, values: dict[str, float | None]):
        self.values = dict(sorted(values.items()))
        self.values_list = [SimpleNamespace(instant_str=k, value=v) for k, v in reversed(self.values.items())]

    def __call__(self, when: str):
        current = None
        for start, value in self.values.items():
            if start <= when:
                current = value
        return current


FAKE_TREE = SimpleNamespace(children={
    "a": SimpleNamespace(children={"taux": FakeParameter({"2020-01-01": 0.5})}),
})
HISTORY = [(date(2024, 4, 1), 100), (date(2025, 4, 1), 102)]


def test_compare_accepts_agreement_and_applies_facteur():
    comparaison = compare([(date(2021, 1, 1), 50)], FakeParameter({"2020-01-01": 0.5}), facteur=100)
    assert comparaison.points and not comparaison.desaccords
    assert verdict(comparaison, None) == []


def test_compare_tolerates_rounding_only():
    assert verdict(compare(HISTORY, FakeParameter({"2024-04-01": 100, "2025-04-01": 102.4})), None) == []
    assert verdict(compare(HISTORY, FakeParameter({"2024-04-01": 100, "2025-04-01": 103})), None)


def test_compare_catches_a_mismatch_on_the_latest_value():
    lagging = FakeParameter({"2023-04-01": 98, "2024-04-01": 100})  # OpenFisca stops a year earlier
    comparaison = compare(HISTORY, lagging)
    assert [p.depuis for p in comparaison.desaccords] == [date(2025, 4, 1)]
    problems = verdict(comparaison, None)
    assert len(problems) == 1 and "2025-04-01 : nous 102, OpenFisca 100" in problems[0]


def test_compare_accepts_an_explained_mismatch_and_keeps_it_visible():
    comparaison = compare(HISTORY, FakeParameter({"2024-04-01": 100}))
    assert verdict(comparaison, "OpenFisca s'arrête au 1er avril 2024") == []
    assert comparaison.differe  # so the ecart is not stale


def test_old_mismatch_and_values_missing_inside_our_history_are_warnings_not_failures():
    openfisca = FakeParameter({"2024-04-01": 99, "2024-10-01": 101, "2025-04-01": 102})
    comparaison = compare(HISTORY, openfisca)
    assert verdict(comparaison, None) == []
    found = avertissements(comparaison, None)
    assert "valeurs anciennes" in found[0] and "2024-04-01 : nous 100, OpenFisca 99" in found[0]
    assert "2024-10-01 : nous 100, OpenFisca 101" in found[1]


def test_a_value_dated_after_our_latest_one_fails():
    """OpenFisca as a witness that can fail us: a revaluation missing from our history."""
    openfisca = FakeParameter({"2024-04-01": 100, "2025-04-01": 102, "2026-04-01": 104})
    comparaison = compare(HISTORY, openfisca)
    assert [p.depuis for p in comparaison.manquees] == [date(2026, 4, 1)]
    problems = verdict(comparaison, None)
    assert len(problems) == 1
    assert "revalorisation manquée" in problems[0] and "2026-04-01 : nous 102, OpenFisca 104" in problems[0]
    assert not any("2026-04-01" in w for w in avertissements(comparaison, None))  # a failure, not a mere warning
    assert verdict(comparaison, "OpenFisca anticipe un décret non encore publié") == []  # unless explained


def test_a_later_openfisca_date_with_the_same_value_is_not_a_missed_revaluation():
    comparaison = compare(HISTORY, FakeParameter({"2024-04-01": 100, "2025-04-01": 102, "2026-01-01": 102}))
    assert comparaison.manquees == [] and verdict(comparaison, None) == []


FIXTURE = Path(__file__).parent / "fixtures" / "openfisca" / "revalorisation-manquee.yaml"


def _fixture_montant():
    import yaml

    from macros.schema import Montant

    raw = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    return Montant.model_validate(raw["ass-montant-journalier"])


def test_fixture_montant_whose_history_stops_early_is_reported():
    montant = _fixture_montant()
    openfisca = FakeParameter({"2023-04-01": 18.17, "2024-04-01": 19.01, "2025-04-01": 19.33, "2026-04-01": 19.48})
    comparaison = compare([(v.effet, v.valeur) for v in montant.valeurs], openfisca)
    problems = verdict(comparaison, None)
    assert problems and "2026-04-01 : nous 19.33, OpenFisca 19.48" in problems[0]
    # the 2024 step missing *inside* our history stays a warning
    assert any("2024-04-01 : nous 18.17, OpenFisca 19.01" in w for w in avertissements(comparaison, None))


def test_fixture_montant_fails_against_the_real_openfisca(parametres):
    montant = _fixture_montant()
    parameter = resolve(parametres, montant.openfisca.parametre)
    comparaison = compare([(v.effet, v.valeur) for v in montant.valeurs], parameter, montant.openfisca.facteur)
    problems = verdict(comparaison, None)
    assert problems and "revalorisation manquée" in problems[0] and "2026-04-01" in problems[0], problems


def test_stale_ecart_is_detected():
    comparaison = compare(HISTORY, FakeParameter({"2024-04-01": 100, "2025-04-01": 102}))
    assert not comparaison.differe


def test_dates_not_covered_are_skipped_and_nothing_covered_fails():
    ended = FakeParameter({"2010-01-01": 7, "2020-01-01": None})
    comparaison = compare(HISTORY, ended)
    assert comparaison.non_couvertes == [date(2024, 4, 1), date(2025, 4, 1)] and not comparaison.points
    assert "aucune date" in verdict(comparaison, None)[0]


def test_missing_parameter_path_has_a_clear_message():
    assert resolve(FAKE_TREE, "a.taux")("2021-01-01") == 0.5
    with pytest.raises(ParametreIntrouvable, match=r"« a\.montant » introuvable : « montant » n'existe pas sous « a »"):
        resolve(FAKE_TREE, "a.montant")
    with pytest.raises(ParametreIntrouvable, match="pas un paramètre"):
        resolve(FAKE_TREE, "a")
