"""The editor's guide: field reference, catalogue of messages and recipes generated or checked, the committed copy up to date."""

from __future__ import annotations

import re
import shutil
from collections import defaultdict

import pytest
from PIL import Image

from sitegen.editor.guide import (
    CAUSES,
    GROUP_TITLES,
    GUIDE,
    NOT_IN_CATALOGUE,
    PUBLISH_MINUTES,
    RECIPES,
    catalogue,
    code_text,
    markdown_text,
    message_groups,
    render_guide,
)
from sitegen.messages import MESSAGES, YAML_PROBLEMS
from sitegen.source.config import load_config
from sitegen.source.fields import fields_of
from sitegen.source.reader import read_source
from sitegen.source.schema import ENTRY_TYPES
from sitegen.source.validate import validate

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


def test_guide_puts_github_first_and_keeps_its_parts_in_order():
    guide = render_guide(load_config(PROJECT))
    parts = [
        "## Publier depuis GitHub, sans terminal",
        "## Avec un terminal",
        "## Écrire une entrée",
        "## Quatre recettes",
        "## Messages de l'outil : cause et correction",
        "## Petit glossaire",
        "## Avant de publier",
        "## À qui demander",
        "## Référence des champs",
    ]
    places = [guide.index(part + "\n") for part in parts]
    assert places == sorted(places)
    assert f"environ {PUBLISH_MINUTES} minutes" in guide
    assert "questionsnumeriques@fing.org" in guide
    for button in (
        "Add file",
        "Create new file",
        "Upload files",
        "Commit changes…",
        "Propose changes",
        "Create pull request",
        "Files changed",
        "Merge pull request",
        "Revert",
    ):
        assert f"« {button} »" in guide, button


def test_catalogue_lists_every_message_with_its_fix():
    """A new message with « — » cannot be forgotten: it is in the guide's catalogue, cause and fix."""
    guide = render_guide(load_config(PROJECT))
    listed = {doc.key: doc for group in catalogue() for doc in group.messages}
    for key, text in MESSAGES.items():
        if " — " in text and key not in NOT_IN_CATALOGUE:
            assert key in listed, f"message {key} is missing from the guide's catalogue"
            doc = listed[key]
            assert doc.problem and doc.fix, key
            assert f"| {code_text(doc.problem)} | {markdown_text(doc.cause)} | {markdown_text(doc.fix)} |" in guide, key
    for fragment in YAML_PROBLEMS:
        assert f"yaml_syntax:{fragment}" in listed, fragment
    assert set(NOT_IN_CATALOGUE) <= set(MESSAGES)
    assert set(CAUSES) <= set(MESSAGES), "a cause in sitegen/guide.py names a message that no longer exists"
    # Placeholders are shown readably, and Markdown in a message is shown as written.
    assert "| `image introuvable « … »` |" in guide
    assert "| `champ obligatoire manquant` |" in guide and "ajoutez une ligne « title: … »" in guide
    assert "\\!\\[description\\](…) dans le texte" in guide
    assert "{src}" not in guide and "{value}" not in guide


def test_catalogue_groups_follow_the_comments_of_messages_py():
    groups = message_groups()
    assert [name for name, _ in groups if name not in GROUP_TITLES] == [], "add its French title to GROUP_TITLES"
    assert sorted(key for _, keys in groups for key in keys) == sorted(MESSAGES)
    titles = [group.title for group in catalogue()]
    assert titles[:2] == ["Lecture des fichiers", "Valeurs des champs"]
    assert "Vérification stricte (celle de la demande de fusion)" in titles


def test_every_message_can_be_written():
    """message() fills MESSAGES with str.format: a lone brace must be written {{ or }}."""
    for key, text in MESSAGES.items():
        try:
            text.format_map(defaultdict(str))
        except ValueError as error:
            raise AssertionError(
                f"MESSAGES[{key!r}] cannot be formatted ({error}): write a literal brace as {{{{ or }}}}"
            ) from None


@pytest.mark.parametrize("name", sorted(RECIPES))
def test_recipe_is_a_valid_file_of_the_real_site(name, tmp_path):
    """Each recipe's complete file passes `check --strict` in a copy of the real site, and reads as written."""
    from conftest import run_command

    recipe = RECIPES[name]
    for item in ("site.yaml", "content", "templates", "static"):
        source = PROJECT / item
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / item)
    target = tmp_path / recipe.path
    target.write_text(recipe.text, encoding="utf-8")
    for picture in recipe.pictures:
        Image.new("RGB", (40, 30), "white").save(target.parent / picture)
    result = run_command("check", "--strict", "--root", str(tmp_path))
    assert result.returncode == 0, result.stderr
    source = read_source(target, recipe.path)
    fields, problems = validate(ENTRY_TYPES[load_config(PROJECT).sections[target.parent.name].type], source)
    assert problems == []
    if getattr(fields, "programme", None):
        assert re.fullmatch(r"\d\d:\d\d(–\d\d:\d\d)?", fields.programme[0].time), "`time: 14:00` must read as written"
    if name == "images":
        assert [image.alt for image in fields.images][1] == "", 'the decorative picture has alt: "" on purpose'
        assert fields.images[0].credit and fields.images[0].licence
    if name == "cancelled":
        assert fields.cancelled is True
