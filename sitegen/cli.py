"""The command line: `build` (default), `check`, `serve`, `new`, `guide`, `cms`."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from . import CACHE_FOLDER, today
from .editor import resident
from .incremental import manifest
from .messages import join_known, message
from .output.write import OutputError, output_problem
from .problems import Problem, annotation, suggestion

if TYPE_CHECKING:
    from .incremental.session import Session

COMMANDS = ("build", "check", "serve", "new", "guide", "cms")
FORMATS = ("human", "github")


class _Formatter(argparse.HelpFormatter):
    """argparse's help layout, with the usage line in French."""

    def add_usage(self, usage, actions, groups, prefix=None) -> None:  # type: ignore[no-untyped-def]
        super().add_usage(usage, actions, groups, message("cli_usage") if prefix is None else prefix)


class FrenchParser(argparse.ArgumentParser):
    """argparse that never prints its English: help, usage and every usage error are French (messages.py).

    Its own help option and argument groups replace the English ones; option values are checked after
    parsing (no `choices=`, no `type=`, no abbreviations), so argparse itself can only complain of an
    option without its value, a value given to a flag, or words it does not know — each said here in French.
    """

    def __init__(self, prog: str, description: str):
        super().__init__(
            prog=prog,
            description=description,
            formatter_class=_Formatter,
            add_help=False,
            allow_abbrev=False,
            exit_on_error=False,
        )
        self.takes_value: dict[str, bool] = {}  # each option written, and whether a value follows it

    def option(self, group: argparse._ArgumentGroup, *names: str, **settings: Any) -> None:
        """Add the option `names` to `group`, remembering whether it takes a value."""
        action = group.add_argument(*names, **settings)
        self.takes_value.update(dict.fromkeys(action.option_strings, action.nargs != 0))

    def parse_args(self, args=None, namespace=None):  # type: ignore[no-untyped-def, override]
        """Parse `args`, or exit 2 with the mistake in French."""
        try:
            namespace, extras = self.parse_known_args(args, namespace)
        except argparse.ArgumentError as error:
            name = error.argument_name or ""
            flag = not self.takes_value.get(name.split("/")[-1], True)
            self.fail(message("cli_flag_value" if flag else "cli_needs_value", option=name))
        if any(word.startswith("-") for word in extras):
            self.fail(self.unknown_option(next(word for word in extras if word.startswith("-"))))
        namespace.words += extras  # words written after an option (`new --root x rendez-vous "Titre"`)
        return namespace

    def error(self, message_: str) -> NoReturn:
        """What argparse would say in English: a French sentence instead (no mistake is expected to get here)."""
        self.fail(message("cli_bad_command_line"))

    def unknown_option(self, word: str) -> str:
        """The French sentence for an option the command line does not know, with the closest known one."""
        known = [name for name in self.takes_value if name.startswith("--")]
        wrong = word.split("=")[0]
        return message("cli_unknown_option", option=wrong, suggestion=suggestion(wrong, known), known=join_known(known, 20))

    def fail(self, text: str) -> NoReturn:
        """Print the usage line and `text`, in French, and exit 2."""
        self.print_usage(sys.stderr)
        self.exit(2, message("cli_error", prog=self.prog, text=text) + "\n")


def make_parser() -> FrenchParser:
    """The command line, described in French."""
    parser = FrenchParser("build.py", message("cli_description"))
    commands = parser.add_argument_group(message("cli_commands_title"))
    commands.add_argument(
        "command", nargs="?", default="build", metavar=message("cli_command_metavar"), help=message("cli_command_help")
    )
    commands.add_argument("words", nargs="*", metavar=message("cli_words_metavar"), help=message("cli_words_help"))
    options = parser.add_argument_group(message("cli_options_title"))
    parser.option(options, "-h", "--help", action="help", help=message("cli_help_help"))
    parser.option(options, "--strict", action="store_true", help=message("cli_strict_help"))
    parser.option(options, "--format", default="human", metavar="FORMAT", help=message("cli_format_help"))
    parser.option(
        options, "--root", type=Path, default=Path("."), metavar=message("cli_folder_metavar"), help=message("cli_root_help")
    )
    parser.option(
        options, "--output", type=Path, default=None, metavar=message("cli_folder_metavar"), help=message("cli_output_help")
    )
    parser.option(options, "--now", default=None, metavar="AAAA-MM-JJ", help=message("cli_now_help"))
    parser.option(
        options,
        "--cache",
        type=Path,
        default=None,
        metavar=message("cli_folder_metavar"),
        help=message("cli_cache_help", folder=CACHE_FOLDER),
    )
    parser.option(options, "--host", default="127.0.0.1", metavar=message("cli_host_metavar"), help=message("cli_host_help"))
    parser.option(options, "--port", default="8000", metavar="PORT", help=message("cli_port_help"))
    return parser


def checked(parser: FrenchParser, args: argparse.Namespace) -> argparse.Namespace:
    """The parsed command line with its values checked and converted, or exit 2 with the mistake in French."""
    if args.command not in COMMANDS:
        hint = suggestion(args.command, list(COMMANDS))
        parser.fail(message("cli_unknown_command", command=args.command, suggestion=hint, known=", ".join(COMMANDS)))
    if args.format not in FORMATS:
        parser.fail(message("cli_unknown_format", value=args.format))
    if args.now is not None:
        try:
            args.now = date.fromisoformat(args.now)
        except ValueError:
            parser.fail(message("bad_now", value=args.now))
    if not (args.port.isascii() and args.port.isdigit() and 0 < int(args.port) < 65536):
        parser.fail(message("cli_bad_port", value=args.port))
    args.port = int(args.port)
    return args


def main(argv: list[str] | None = None) -> int:
    """Run one command; return 0 when clean, 1 on content problems, 2 on a usage error."""
    parser = make_parser()
    args = checked(parser, parser.parse_args(argv))
    root: Path = args.root
    output: Path = args.output or root / "output"
    cache: Path = args.cache or root / CACHE_FOLDER
    if args.command == "new":
        from .editor.scaffold import new_entry

        if len(args.words) != 2:
            parser.fail(message("new_usage"))
        return new_entry(root, args.words[0], args.words[1], args.now or today())
    if args.words:
        parser.fail(message("unexpected_words", words=" ".join(args.words)))
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
    """Build (or only check) once, print every problem and a one-line summary.

    A build goes to the site's build server when one runs (sitegen/editor/resident.py); else it runs
    here, then starts one for the next build.
    """
    started = time.time()
    inputs, engine = manifest.listed(root, _settings(output, now, strict, fmt)) if write else (None, "")
    if write and (pages := manifest.unchanged(output, cache, inputs)) is not None:
        print(message("summary_ok", pages=pages, output=_shown(output, root), seconds=_seconds(started)))
        return 0
    if not (write and resident.enabled()):
        return build_and_report(root, output, now, cache, write, strict, fmt, started, inputs)
    request = resident.Request(
        *(str(place.resolve()) for place in (root, output, cache)),
        now.isoformat() if now else None,
        strict,
        fmt,
        started,
        engine,
        resident.environment(),
        inputs,
    )
    code = resident.ask(request)
    if code is None:
        code = build_and_report(root, output, now, cache, True, strict, fmt, started, inputs)
        resident.start(request)
    return code


def build_and_report(
    root: Path,
    output: Path,
    now: date | None,
    cache: Path,
    write: bool,
    strict: bool,
    fmt: str,
    started: float,
    inputs: str | None = None,
    session: Session | None = None,
    deferred: list[Callable[[], None]] | None = None,
) -> int:
    """Build (or check) the site, print every problem and a one-line summary; with the build server's `session`.

    `inputs`: the build's inputs as the command listed them before it started (`manifest.listed`), recorded in
    the manifest of a successful build; None when too fresh to trust (no manifest is then kept). With `deferred`,
    the manifest of a successful build is left there to be recorded later, in place of an earlier build's (the
    build server records it once quiet: listing output/ takes about 40 ms at 1,000 entries)."""
    from .pipeline import build, build_and_publish  # the engine, imported only when there is something to build

    now = now or today()
    try:
        if session is not None and write:
            result = build_and_publish(root, now, output, cache, session, strict)
        else:
            result = build(
                root, now, output if write else None, strict=strict, cache=cache, warn=not (write or strict), session=session
            )
    except OutputError as error:
        print(error, file=sys.stderr)
        return error.exit_code
    except OSError as error:
        print(message("write_failed", error=error), file=sys.stderr)
        return 1
    if write and not result.problems:
        record = partial(manifest.record, cache, output, inputs, result.page_count)
        if deferred is None:
            record()
        else:
            manifest.forget(cache)  # the previous build's, until this one's is recorded
            deferred[:] = [record]
    seconds = _seconds(started)
    report(result.problems, fmt)
    if result.problems:
        print(message("summary_problems", count=len(result.problems), seconds=seconds, output=_shown(output, root)))
        return 1
    if write:
        print(message("summary_ok", pages=result.page_count, output=_shown(output, root), seconds=seconds))
    elif result.warnings:
        report(result.warnings, fmt, warning=True)
        print(message("summary_check_warnings", entries=result.entries, count=len(result.warnings), seconds=seconds))
    else:
        print(message("summary_check_ok", entries=result.entries, seconds=seconds))
    return 0


def build_server(started_with: str) -> int:
    """The build server's process (`resident.start`): it builds the site of the request `started_with` (JSON) in one
    session, request after request, until idle or stale."""
    from .incremental.session import Session
    from .pipeline import build

    first = resident.Request(**json.loads(started_with))
    session = Session()
    deferred: list[Callable[[], None]] = []

    def warm(request: resident.Request) -> None:
        build(Path(request.root), request.day() or today(), strict=request.strict, cache=Path(request.cache), session=session)

    def run(request: resident.Request) -> int:
        root, output, cache = Path(request.root), Path(request.output), Path(request.cache)
        day, strict, fmt = request.day(), request.strict, request.format
        return build_and_report(root, output, day, cache, True, strict, fmt, request.started, request.inputs, session, deferred)

    def after() -> None:
        while deferred:
            deferred.pop(0)()

    return resident.serve(first, warm, run, after)


def _settings(output: Path, now: date | None, strict: bool, fmt: str) -> dict[str, str]:
    """What a build's manifest records of its command line (beside its input files)."""
    return {"now": (now or today()).isoformat(), "output": str(output.resolve()), "strict": str(strict), "format": fmt}


def _seconds(started: float) -> str:
    """The seconds since `started` (time.time()), written the French way."""
    return f"{time.time() - started:.2f}".replace(".", ",")


def report(problems: list[Problem], fmt: str = "human", warning: bool = False) -> None:
    """Print each problem (or `warning`) on its own line: on standard error, or as GitHub annotations on standard output."""

    for problem in problems:
        if fmt == "github":
            print(annotation(problem, message("annotation_title"), "warning" if warning else "error"))
        else:
            print(problem, file=sys.stderr)


def _shown(output: Path, root: Path) -> str:
    try:
        return output.resolve().relative_to(root.resolve()).as_posix() + "/"
    except ValueError:
        return output.as_posix() + "/"
