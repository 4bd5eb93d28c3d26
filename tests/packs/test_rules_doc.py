"""docs/rules.md is generated from the packs; it must list every built-in rule as it is now."""

from __future__ import annotations

import importlib.util

from tests.packs.conftest import ROOT


def test_rules_doc_is_current() -> None:
    path = ROOT / "docs" / "make_rules_doc.py"
    spec = importlib.util.spec_from_file_location("make_rules_doc", path)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    assert module.main(["--check"]) == 0, "run: python docs/make_rules_doc.py"
