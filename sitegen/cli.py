"""The command line: `build` (default), `check`, `serve`, `new`, `guide`, `cms`."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

from . import CACHE_FOLDER, today
from .incremental import manifest
from .messages import message
from .output.write import OutputError, output_problem
from .problems import Problem, annotation


def parse_now(value: str) -> date:
    """The `--now` option: the date the build pretends it is."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(message("bad_now", value=value)) from None


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="build.py", description="Construit le site « Think Small » à partir de content/.")
    parser.add_argument(
        "command",
        nargs="?",
        default="build",
        choices=["build", "check", "serve", "new", "guide", "cms"],
        help="build : construire output/ (par défaut) ; check : vérifier sans écrire ; serve : aperçu en direct ;"
        " new TYPE TITRE : créer une entrée ; guide : écrire le guide des éditeurs ; cms : espace d'édition dans le navigateur",
    )
    parser.add_argument("words", nargs="*", metavar="TYPE TITRE", help="pour new : le type d'entrée et son titre")
    parser.add_argument(
        "--strict", action="store_true", help="vérifier aussi liens, ancres, images, étiquettes et fichiers inutilisés"
    )
    parser.add_argument(
        "--format", choices=["human", "github"], default="human", help="github : problèmes en annotations GitHub Actions"
    )
    parser.add_argument("--root", type=Path, default=Path("."), help="dossier du site (contient site.yaml et content/)")
    parser.add_argument(
        "--output", type=Path, default=None, help="dossier de sortie (par défaut : output/ dans le dossier du site)"
    )
    parser.add_argument(
        "--now", type=parse_now, default=None, help="date du jour à utiliser (AAAA-MM-JJ), pour des constructions reproductibles"
    )
    parser.add_argument(
        "--cache", type=Path, default=None, help=f"dossier des caches (par défaut : {CACHE_FOLDER}/ dans le dossier du site)"
    )
    parser.add_argument("--host", default="127.0.0.1", help="adresse de l'aperçu (serve)")
    parser.add_argument("--port", type=int, default=8000, help="port de l'aperçu (serve)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; return 0 when clean, 1 on content problems, 2 on a usage error."""
    parser = make_parser()
    args = parser.parse_args(argv)
    root: Path = args.root
    output: Path = args.output or root / "output"
    cache: Path = args.cache or root / CACHE_FOLDER
    if args.command == "new":
        from .editor.scaffold import new_entry

        if len(args.words) != 2:
            parser.error(message("new_usage"))
        return new_entry(root, args.words[0], args.words[1], args.now or today())
    if args.words:
        parser.error(message("unexpected_words", words=" ".join(args.words)))
    if args.command == "guide":
        from .editor.guide import write_guide

        return write_guide(root)
    writes_output = args.command == "build" or (args.command in ("serve", "cms") and args.output is not None)
    unsafe = output_problem(output, root) if writes_output else None
    if unsafe:
        print(unsafe, file=sys.stderr)
        return 2
    if args.command == "serve":
        from .editor.serve import serve

        return serve(root, args.output, args.now, args.host, args.port, cache)
    if args.command == "cms":
        from .editor.cms import serve_room

        return serve_room(root, args.output, args.now, args.host, args.port, cache)
    return run_build(root, output, args.now, cache, write=args.command == "build", strict=args.strict, fmt=args.format)


def run_build(
    root: Path, output: Path, now: date | None, cache: Path, write: bool = True, strict: bool = False, fmt: str = "human"
) -> int:
    """Build (or only check) once, print every problem and a one-line summary."""
    started = time.perf_counter()
    now = now or today()
    settings = {"now": now.isoformat(), "output": str(output.resolve()), "strict": str(strict), "format": fmt}
    if write and (pages := manifest.unchanged(root, output, settings, cache)) is not None:
        seconds = f"{time.perf_counter() - started:.2f}".replace(".", ",")
        print(message("summary_ok", pages=pages, output=_shown(output, root), seconds=seconds))
        return 0
    from .pipeline import build  # the engine, imported only when there is something to build

    before = manifest.inputs(root, settings) if write else None
    try:
        result = build(root, now, output if write else None, strict=strict, cache=cache)
    except OutputError as error:
        print(error, file=sys.stderr)
        return error.exit_code
    except OSError as error:
        print(message("write_failed", error=error), file=sys.stderr)
        return 1
    if write and not result.problems:
        manifest.record(cache, output, before, result.page_count)
    seconds = f"{time.perf_counter() - started:.2f}".replace(".", ",")
    report(result.problems, fmt)
    if result.problems:
        print(message("summary_problems", count=len(result.problems), seconds=seconds, output=_shown(output, root)))
        return 1
    if write:
        print(message("summary_ok", pages=result.page_count, output=_shown(output, root), seconds=seconds))
    else:
        print(message("summary_check_ok", entries=result.entries, seconds=seconds))
    return 0


def report(problems: list[Problem], fmt: str = "human") -> None:
    """Print each problem on its own line: on standard error, or as GitHub annotations on standard output."""

    for problem in problems:
        if fmt == "github":
            print(annotation(problem, message("annotation_title")))
        else:
            print(problem, file=sys.stderr)


def _shown(output: Path, root: Path) -> str:
    try:
        return output.resolve().relative_to(root.resolve()).as_posix() + "/"
    except ValueError:
        return output.as_posix() + "/"
