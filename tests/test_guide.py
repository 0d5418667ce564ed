"""The editor's guide: its field reference is generated from the schemas, and the committed copy is up to date."""

from __future__ import annotations

from sitegen.config import load_config
from sitegen.fields import fields_of
from sitegen.guide import GUIDE, render_guide
from sitegen.schema import ENTRY_TYPES

from judges import PROJECT


def test_committed_guide_is_the_generated_one():
    committed = (PROJECT / GUIDE).read_text(encoding="utf-8")
    assert committed == render_guide(load_config(PROJECT)), (
        "docs/guide-editeurs.md is out of date: run `python build.py guide` and commit it"
    )


def test_guide_documents_every_field_of_every_type():
    guide = render_guide(load_config(PROJECT))
    for type_, model in ENTRY_TYPES.items():
        assert f"(type `{type_}`)" in guide
        for field in fields_of(model):
            assert f"| `{field.name}` |" in guide, (type_, field.name)
            assert field.description.replace("|", "\\|") in guide, (type_, field.name)
    assert "| `family` | oui | identifiant déclaré dans site.yaml : `forces-du-petit`, `apports-du-numerique`" in guide
    assert "| `start` | oui | date AAAA-MM-JJ, ou date et heure « AAAA-MM-JJ HH:MM » |" in guide
    assert "Sous-champs de `programme` :" in guide


def test_guide_command_writes_the_guide(tmp_path):
    from conftest import SITE_YAML, run_command

    (tmp_path / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    result = run_command("guide", "--root", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Guide des éditeurs écrit dans docs/guide-editeurs.md.\n"
    written = (tmp_path / "docs" / "guide-editeurs.md").read_text(encoding="utf-8")
    assert written.startswith("# Guide des éditeurs — Site d'essai\n")
    assert "`forces-du-petit`, `chemins-pour-les-petits`" in written
