"""`sitrep doctor` names how the tagger runs, and how to get the compiled one."""

from __future__ import annotations

import pytest

from pipelines.tagger.native import Build
from sitrep import doctor


@pytest.mark.unit
@pytest.mark.parametrize(
    ("state", "ok", "detail"),
    [
        (Build.CURRENT, True, "compiled"),
        (Build.DISABLED, True, "interpreted (SITREP_TAGGER_COMPILED=0)"),
        (Build.STALE, False, "made from other sources"),
        (Build.MISSING, False, "never compiled here"),
    ],
)
def test_the_tagger_check_fails_only_when_the_compiled_build_is_unusable(
    monkeypatch: pytest.MonkeyPatch, state: Build, ok: bool, detail: str
) -> None:
    monkeypatch.setattr(doctor, "build_state", lambda: state)
    [check] = doctor.diagnose_tagger()
    assert check.name == "tagger" and check.ok is ok and detail in check.detail
    assert "make native" in check.advice
