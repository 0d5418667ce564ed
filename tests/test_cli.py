"""The command line speaks French from `--help` to its last usage error: argparse's English never shows."""

from __future__ import annotations

import argparse
import ast
import re
from pathlib import Path

import pytest

from sitegen.cli import main

from conftest import run_command

USAGE = "utilisation : build.py [-h] [--strict] [--format FORMAT] [--root DOSSIER]"


def argparse_english() -> re.Pattern[str]:
    """Every phrase argparse can print (the texts it passes to gettext), as whole words."""
    tree = ast.parse(Path(argparse.__file__).read_text(encoding="utf-8"))
    phrases = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("_", "ngettext"):
            for arg in node.args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    for part in re.split(r"%\(\w+\)[rsd]|%[rsd]", arg.value):
                        phrases.add(part.strip(" :()'\".-"))
    phrases -= {"argument", "options"}  # French words too
    assert {"usage", "invalid choice", "the following arguments are required", "unrecognized arguments"} <= phrases
    return re.compile("|".join(rf"\b{re.escape(p)}\b" for p in sorted(phrases, key=len, reverse=True) if len(p) >= 4))


ENGLISH = argparse_english()


def test_help_is_french():
    done = run_command("--help")
    assert done.returncode == 0
    assert done.stdout.startswith(USAGE + "\n")
    assert "afficher cette aide et quitter" in done.stdout
    assert ENGLISH.findall(done.stdout) == []


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["publish"], "commande inconnue « publish » — les commandes possibles sont : build, check, serve, new, guide"),
        (["chek"], "commande inconnue « chek » (vouliez-vous dire « check » ?) — les commandes possibles sont : build, check,"),
        (
            ["--strictt"],
            "option inconnue « --strictt » (vouliez-vous dire « --strict » ?) — les options possibles sont : --help,",
        ),
        (["-x"], "option inconnue « -x » — les options possibles sont : --help, --strict, --format, --root, --output"),
        (["--root"], "l'option --root attend une valeur — écrivez-la après l'option, par exemple --root valeur (voir --help)"),
        (["--strict=oui"], "l'option --strict ne prend pas de valeur — écrivez-la seule"),
        (["--format", "json"], "format inconnu « json » pour --format — écrivez --format github, ou retirez l'option"),
        (["serve", "--port", "huit"], "port invalide « huit » pour --port — écrivez un nombre entre 1 et 65535, par exemple"),
        (["--now", "15/12/2016"], "date invalide pour --now « 15/12/2016 » — écrivez AAAA-MM-JJ"),
        (["check", "en", "trop"], "argument en trop « en trop » — seule la commande new prend un type et un titre"),
        (["new", "histoire"], 'new attend un type et un titre, par exemple : python build.py new rendez-vous "Atelier à'),
    ],
)
def test_every_usage_error_is_french(args, error, tmp_path, capsys):
    try:
        code = main([*args, "--root", str(tmp_path)])
    except SystemExit as stop:
        code = stop.code
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith(USAGE + "\n")
    assert err.splitlines()[-1].startswith(f"build.py : erreur : {error}")
    assert ENGLISH.findall(err) == []
