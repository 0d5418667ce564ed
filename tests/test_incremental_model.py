"""Model-based: after any sequence of an editor's edits, the incremental build writes exactly what a cold build writes.

A Hypothesis state machine keeps a small site as a model (entries of several types that reference and
link to each other, site.yaml, the site's own copy of the templates), applies random valid edits to its
files and, after each one, builds it twice: incrementally, into the one output folder and the one cache
folder it reuses for the whole sequence, and cold, into a fresh output folder with a fresh empty cache.
The two trees must hold the same files with the same bytes. One machine calls `build()` (search off, to
keep it fast), the other the command line editors run, `sitegen.cli.main`, with Pagefind and the no-op
exit of the manifest. A plain test then walks one fixed sequence with every kind of edit, so that none is
left to chance.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import itertools
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from sitegen.cli import main
from sitegen.incremental.session import Session
from sitegen.pipeline import build, build_and_publish, publish, render_saved

from conftest import PROJECT, SITE_YAML, tree_digest
from reader_site import picture

NOW = "2016-11-01"
TODAY = date.fromisoformat(NOW)

# Derandomized and without a database: the same sequences on every machine, every run. About 45 s on
# 2 busy cores; HYPOTHESIS_EXAMPLES=200 explores further (the command line's machine gets half of it).
EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", "12"))
BUDGET = settings(
    max_examples=EXAMPLES,
    stateful_step_count=6,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

TAGS = ["atelier", "ville", "écosystèmes", "Données ouvertes"]
TITLES = ["Éclairer", "Essaimage", "L'ONU des données", "Atelier à Rennes : petits et grands", "Un titre « long » ?", "Brume"]
BODIES = [
    "Un texte.",
    "Un *autre* texte : avec des « guillemets » !",
    "Deux paragraphes.\n\nLe second, plus long, avec `du code`.",
    "",
]
# File names (never a section's URL, never `page`, which pagination uses); their slugs fold the accents.
NAMES = ["brume", "cedre", "dune", "Écorce", "fougere", "givre", "houle", "Îlot"]
SITE_TITLES = ["Site d'essai", "Think Small", "Questions « numériques »"]
SECTION_TITLES = ["Figures-modèles", "Figures", "Les figures du petit"]
PAGE_SIZES = [2, 3]
# Small pictures (one resized width below the original), redrawn: other bytes, other sizes.
PICTURES = [picture(600, 400), picture(600, 400, shade=60), picture(520, 700)]
ALTS = ["Un panneau orange", "Le même panneau, de plus près"]
SECTION_URLS = ["figures", "figures-modeles"]
BASE_URLS = ["https://example.org/", "https://example.org/think-small/"]
# Past and upcoming against NOW, and on the very day.
WHEN = ["2016-12-15 14:00", "2016-10-20", "2016-11-01 09:30", "2017-03-02"]
# Besides plain published: a draft, scheduled after NOW (both kept out), scheduled on a day already past (published).
STATES = {"draft": "draft: true\n", "scheduled": "publish: 2016-12-01\n", "published-on": "publish: 2016-10-01\n"}

SETTINGS = [SITE_TITLES, SECTION_TITLES, PAGE_SIZES, SECTION_URLS, BASE_URLS]  # the site.yaml values edits choose from

# Per folder: the fixed fields a valid entry needs, and its reference fields → (target folder, a list or one slug).
FIXED = {
    "partenaires": "url: https://fing.org/\n",
    "rendez-vous": "start: {when}\n",
    "comptes-rendus": "date: {day}\n",
    "figures": "family: forces-du-petit\ndefinition: Rendre visible.\n",
    "micro-histoires": "status: complete\n",
    "pages": "",
}
REFERENCES = {
    "rendez-vous": {"partners": ("partenaires", True)},
    "comptes-rendus": {"event": ("rendez-vous", False), "figures": ("figures", True)},
    "figures": {"related": ("figures", True)},
    "micro-histoires": {"event": ("rendez-vous", False), "figures": ("figures", True)},
}
LINKING = ["rendez-vous", "comptes-rendus", "figures", "micro-histoires", "pages"]  # Markdown bodies (partners are .yaml)


def slug(name: str) -> str:
    """The slug the engine gives a file name: accents folded, lower case (only what NAMES needs)."""
    return name.translate(str.maketrans("ÉÎéî", "eiei")).lower()


@dataclass
class Entry:
    """One entry of the model: its file and what its header and body say; references hold entry ids."""

    folder: str
    name: str
    title: str
    body: str = "Un texte."
    tags: tuple[str, ...] = ()
    refs: dict[str, tuple[int, ...]] = field(default_factory=dict)
    links: tuple[int, ...] = ()  # Markdown links to other entries by source path
    state: str = "published"  # or a key of STATES
    when: int = 0  # an index in WHEN: events' start, reports' date
    picture: tuple[int, int, bool] | None = None  # (PICTURES, ALTS, shown in the body too): a picture beside the file

    @property
    def path(self) -> str:
        return f"content/{self.folder}/{self.name}.{'yaml' if self.folder == 'partenaires' else 'md'}"

    @property
    def picture_path(self) -> str:
        return f"content/{self.folder}/{self.name}-photo.jpg"


INITIAL = {
    0: Entry("partenaires", "fing", "Fing", body=""),
    1: Entry("rendez-vous", "atelier-rennes", "Atelier à Rennes", tags=("atelier",), refs={"partners": (0,)}, links=(4,)),
    2: Entry("rendez-vous", "journee-creative", "Journée créative", tags=("atelier", "ville"), when=1),
    3: Entry("comptes-rendus", "journee", "Ce que la journée a produit", refs={"event": (2,), "figures": (4,)}, when=1),
    4: Entry("figures", "eclairer", "Éclairer", tags=("ville",), refs={"related": (5,)}),
    5: Entry("figures", "essaimage", "Essaimage", body="Se répliquer ailleurs.", links=(4,)),
    6: Entry("micro-histoires", "onu", "L'ONU des données", refs={"event": (2,), "figures": (5,)}, tags=("ville",)),
    7: Entry("pages", "a-propos", "À propos", body="Le cycle « Think Small ».", links=(2,)),
}


def quoted(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render(entry: Entry, entries: dict[int, Entry]) -> str:
    """The file an editor would have written for `entry`."""
    header = f"title: {quoted(entry.title)}\n" + FIXED[entry.folder].format(when=WHEN[entry.when], day=WHEN[entry.when][:10])
    if entry.tags:
        header += "tags: [" + ", ".join(quoted(tag) for tag in entry.tags) + "]\n"
    for name, ids in entry.refs.items():
        slugs = [slug(entries[i].name) for i in ids]
        many = REFERENCES[entry.folder][name][1]
        if many and slugs:
            header += f"{name}: [{', '.join(slugs)}]\n"
        elif slugs:
            header += f"{name}: {slugs[0]}\n"
    header += STATES.get(entry.state, "")
    body = entry.body
    if entry.picture is not None:
        _, alt, in_body = entry.picture
        header += f"images:\n  - src: {entry.name}-photo.jpg\n    alt: {quoted(ALTS[alt])}\n"
        body += f"\n\n![{ALTS[alt]}]({entry.name}-photo.jpg)" if in_body else ""
    for target in entry.links:
        other = entries[target]
        suffix = other.path.rsplit(".", 1)[1]
        body += f"\n\nVoir [la suite](../{other.folder}/{other.name}.{suffix})."  # the text never names the target
    if entry.folder == "partenaires":
        return header + (f"body: {quoted(body)}\n" if body else "")
    return f"---\n{header}---\n{body}\n"


def site_yaml(title: str, section_title: str, page_size: int, section_url: str, base_url: str) -> str:
    text = SITE_YAML.replace("title: Site d'essai", f"title: {quoted(title)}", 1)
    text = text.replace("title: Figures-modèles,", f"title: {quoted(section_title)},", 1)
    text = text.replace("url: figures}", f"url: {section_url}}}", 1)
    text = text.replace("base_url: https://example.org/", f"base_url: {base_url}", 1)
    return text + f"page_size: {page_size}\n"


def files_digest(root: Path) -> str:
    """A hash of every input file under `root` (names and bytes): equal inputs, equal cold builds."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


COLD: dict[tuple[str, bool], dict[str, str]] = {}  # (inputs, search) → the cold build's tree: states recur across examples


def counted(name: str) -> None:
    """Count `name` in Hypothesis' statistics (`--hypothesis-show-statistics`); nothing in a plain test."""
    with contextlib.suppress(InvalidArgument):
        event(name)


class Clock:
    """Modification times that move forward by whole seconds, always more than the manifest's racy window in the past.

    Real edits happen seconds apart; here they happen milliseconds apart, and an edit that keeps a file's
    size within the same mtime would be invisible to the no-op exit (it trusts (size, mtime_ns), as make and
    git do). So every file and folder an edit touched gets the next tick, as if time had passed.
    """

    def __init__(self) -> None:
        self.now = time.time() - 86400

    def age(self, root: Path) -> None:
        self.now += 10
        recent = time.time() - 3600
        for path in [root, *root.rglob("*")]:
            if path.stat().st_mtime > recent:
                os.utime(path, (self.now, self.now))


class IncrementalSite(RuleBasedStateMachine):
    """A site edited step by step; after each step the incremental output equals a cold build's."""

    search = False

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="incremental-model-"))
        self.root = self.folder / "site"
        self.output = self.folder / "output"
        self.cache = self.folder / "cache"
        self.entries = {key: replace(value, refs=dict(value.refs)) for key, value in INITIAL.items()}
        self.next_id = itertools.count(len(self.entries))
        self.settings = [choices[0] for choices in SETTINGS]
        self.template_edits = 0
        self.clock = Clock()
        self.cold_builds = 0

    def teardown(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    # -- files ---------------------------------------------------------------

    def write(self, age: bool = True) -> None:
        """Make the files on disk match the model: write what differs, delete what is gone, then age them."""
        wanted: dict[str, str | bytes] = {entry.path: render(entry, self.entries) for entry in self.entries.values()}
        wanted |= {e.picture_path: PICTURES[e.picture[0]] for e in self.entries.values() if e.picture is not None}
        wanted["site.yaml"] = site_yaml(*self.settings)
        content = self.root / "content"
        for path in [p for p in content.rglob("*") if p.is_file()] if content.is_dir() else []:
            if path.relative_to(self.root).as_posix() not in wanted:
                path.unlink()
        for name, text in wanted.items():
            path, data = self.root / name, text.encode() if isinstance(text, str) else text
            if not path.is_file() or path.read_bytes() != data:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
        if age:
            self.clock.age(self.root)

    def build_incrementally(self, manifest_kept: bool = True) -> None:
        result = build(self.root, TODAY, self.output, cache=self.cache, search=self.search)
        assert result.problems == [], [str(p) for p in result.problems]

    def cold(self) -> dict[str, str]:
        """The tree a cold build writes for the files as they are now (a fresh output, a fresh cache)."""
        key = (files_digest(self.root), self.search)
        if key not in COLD:
            output, cache = self.folder / f"cold-{self.cold_builds}", self.folder / f"cold-cache-{self.cold_builds}"
            self.cold_builds += 1
            result = build(self.root, TODAY, output, cache=cache, search=self.search)
            assert result.problems == [], [str(p) for p in result.problems]
            COLD[key] = tree_digest(output)
            shutil.rmtree(output)
            shutil.rmtree(cache)
        return COLD[key]

    def step(self) -> None:
        """Write the edit, build incrementally, compare with a cold build."""
        self.write()
        self.build_incrementally()
        self.compare()

    def compare(self) -> None:
        expected, got = self.cold(), tree_digest(self.output)
        missing, extra = sorted(set(expected) - set(got)), sorted(set(got) - set(expected))
        differing = sorted(path for path in set(expected) & set(got) if expected[path] != got[path])
        assert not (missing or extra or differing), f"missing {missing}, extra {extra}, differing {differing}"

    @initialize()
    def first_build(self) -> None:
        for name in ("templates", "static"):
            shutil.copytree(PROJECT / name, self.root / name)
        self.step()

    # -- choices -------------------------------------------------------------

    def ids(self, *folders: str) -> list[int]:
        return sorted(key for key, entry in self.entries.items() if entry.folder in folders)

    def free_names(self) -> list[str]:
        taken = {slug(entry.name) for entry in self.entries.values()}
        return [name for name in NAMES if slug(name) not in taken]

    def linkable(self, key: int) -> list[int]:
        return [other for other in self.ids(*LINKING) if other != key]

    # -- edits ---------------------------------------------------------------

    @rule(data=st.data())
    def edit_body(self, data) -> None:
        key = data.draw(st.sampled_from(sorted(self.entries)), label="entry")
        entry = self.entries[key]
        entry.body = data.draw(st.sampled_from([b for b in BODIES if b != entry.body]), label="body")
        if entry.folder in LINKING and self.linkable(key):
            entry.links = tuple(data.draw(st.lists(st.sampled_from(self.linkable(key)), unique=True, max_size=2), label="links"))
        self.step()

    @rule(data=st.data())
    def edit_title(self, data) -> None:
        entry = self.entries[data.draw(st.sampled_from(sorted(self.entries)), label="entry")]
        entry.title = data.draw(st.sampled_from([t for t in TITLES if t != entry.title]), label="title")
        self.step()

    @rule(data=st.data())
    def edit_tags(self, data) -> None:
        entry = self.entries[data.draw(st.sampled_from(sorted(self.entries)), label="entry")]
        entry.tags = tuple(data.draw(st.lists(st.sampled_from(TAGS), unique=True, max_size=3), label="tags"))
        self.step()

    @precondition(lambda self: self.ids(*REFERENCES))
    @rule(data=st.data())
    def edit_reference(self, data) -> None:
        key = data.draw(st.sampled_from(self.ids(*REFERENCES)), label="entry")
        entry = self.entries[key]
        name = data.draw(st.sampled_from(sorted(REFERENCES[entry.folder])), label="field")
        target, many = REFERENCES[entry.folder][name]
        choices = [other for other in self.ids(target) if other != key]
        drawn = st.lists(st.sampled_from(choices), unique=True, max_size=2 if many else 1) if choices else st.just([])
        entry.refs[name] = tuple(data.draw(drawn, label=name))
        self.step()

    @precondition(lambda self: self.free_names())
    @rule(data=st.data())
    def add_entry(self, data) -> None:
        folder = data.draw(st.sampled_from(sorted(FIXED)), label="folder")
        name = data.draw(st.sampled_from(self.free_names()), label="name")
        key = next(self.next_id)
        entry = Entry(folder, name, data.draw(st.sampled_from(TITLES), label="title"))
        entry.tags = tuple(data.draw(st.lists(st.sampled_from(TAGS), unique=True, max_size=2), label="tags"))
        for field_name, (target, many) in REFERENCES.get(folder, {}).items():
            choices = self.ids(target)
            entry.refs[field_name] = tuple(
                data.draw(st.lists(st.sampled_from(choices), unique=True, max_size=2 if many else 1), label=field_name)
                if choices
                else ()
            )
        self.entries[key] = entry
        self.step()

    @precondition(lambda self: len(self.entries) > 4)
    @rule(data=st.data())
    def delete_entry(self, data) -> None:
        """Delete a file, and every reference and link to it (else the site would not validate)."""
        key = data.draw(st.sampled_from(sorted(self.entries)), label="entry")
        del self.entries[key]
        for entry in self.entries.values():
            entry.refs = {name: tuple(i for i in ids if i != key) for name, ids in entry.refs.items()}
            entry.links = tuple(i for i in entry.links if i != key)
        self.step()

    @precondition(lambda self: self.free_names())
    @rule(data=st.data())
    def rename_file(self, data) -> None:
        """Rename a file; references and links to it follow (the model renders them from the new name)."""
        entry = self.entries[data.draw(st.sampled_from(sorted(self.entries)), label="entry")]
        before, picture = self.root / entry.path, self.root / entry.picture_path
        entry.name = data.draw(st.sampled_from(self.free_names()), label="name")
        before.rename(self.root / entry.path)  # as `git mv` or a file manager does: the file keeps its modification time
        if entry.picture is not None:
            picture.rename(self.root / entry.picture_path)
        self.step()

    @rule(data=st.data())
    def toggle_draft(self, data) -> None:
        """`draft: true` (or a `publish:` day) written or removed; published entries pointing to a draft still build."""
        entry = self.entries[data.draw(st.sampled_from(sorted(self.entries)), label="entry")]
        if entry.state != "published":
            entry.state = "published"
        else:
            entry.state = data.draw(st.sampled_from(sorted(STATES)), label="state")
        self.step()

    @precondition(lambda self: self.ids(*LINKING))
    @rule(data=st.data())
    def edit_picture(self, data) -> None:
        """A picture beside an entry: added, redrawn, its alt text changed, shown in the body too, or removed."""
        entry = self.entries[data.draw(st.sampled_from(self.ids(*LINKING)), label="entry")]
        choices = [None, *itertools.product(range(len(PICTURES)), range(len(ALTS)), (False, True))]
        entry.picture = data.draw(st.sampled_from([c for c in choices if c != entry.picture]), label="picture")
        self.step()

    @precondition(lambda self: self.ids("rendez-vous", "comptes-rendus"))
    @rule(data=st.data())
    def edit_date(self, data) -> None:
        """An event moves between upcoming and past, a report to another day."""
        entry = self.entries[data.draw(st.sampled_from(self.ids("rendez-vous", "comptes-rendus")), label="entry")]
        entry.when = data.draw(st.sampled_from([i for i in range(len(WHEN)) if i != entry.when]), label="when")
        self.step()

    @rule(data=st.data())
    def edit_site_yaml(self, data) -> None:
        index = data.draw(st.sampled_from(range(len(SETTINGS))), label="setting")
        choices = SETTINGS[index]
        self.settings[index] = data.draw(st.sampled_from([c for c in choices if c != self.settings[index]]), label="value")
        self.step()

    @rule(data=st.data())
    def edit_template(self, data) -> None:
        """Append a comment to one of the site's own templates (a line outside any block is shown, or ignored),
        or a rule to its own copy of the stylesheet, or drop (restore) its templates/ altogether.

        Every rule draws its arguments: Hypothesis favours rules without any, and one would take most steps."""
        names = sorted(p.name for p in (PROJECT / "templates").glob("*.html"))
        name = data.draw(st.sampled_from([*names, "style.css", "templates/"]), label="template")
        self.template_edits += 1
        if name == "templates/":  # the site's own templates/ removed (the project's serve it then), or copied back
            own = self.root / "templates"
            if own.is_dir():
                shutil.rmtree(own)
            else:
                shutil.copytree(PROJECT / "templates", own)  # copy2: the project's modification times, not new ones
            self.step()
            return
        if name == "style.css":
            with (self.root / "static/style.css").open("a", encoding="utf-8") as file:
                file.write(f"/* modification {self.template_edits} */\n")
            self.step()
            return
        if not (self.root / "templates").is_dir():
            shutil.copytree(PROJECT / "templates", self.root / "templates")
        with (self.root / "templates" / name).open("a", encoding="utf-8") as file:
            file.write(f"<!-- modification {self.template_edits} -->\n")
        self.step()

    @invariant()
    def no_staging_folder_left(self) -> None:
        assert not [p for p in self.folder.iterdir() if p.name.startswith(".output") and p.name != ".output.spare"]


class IncrementalSiteByCommand(IncrementalSite):
    """The same edits through `build.py`'s main, with search on: the manifest's no-op exit is in the path."""

    search = True

    def run(self) -> tuple[int, str]:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            args = ["--root", str(self.root), "--output", str(self.output), "--cache", str(self.cache), "--now", NOW]
            code = main(args)
        return code, out.getvalue() + err.getvalue()

    def build_incrementally(self, manifest_kept: bool = True) -> None:
        """Build through the command line. The manifest is normally kept, but any file on `sys.path` written in the
        last 2 s (another test's artifacts under tests/) keeps it out too: only its absence is asserted."""
        code, said = self.run()
        assert code == 0, said
        if not manifest_kept:
            assert not (self.cache / "manifest.json").is_file(), "a manifest kept with an input inside the racy window"
        elif (self.cache / "manifest.json").is_file():
            self.rebuild_unchanged()  # at once: the no-op exit is taken after every edit

    def rebuild_unchanged(self) -> None:
        """A rebuild with nothing changed takes the no-op exit and leaves output/ as it was.

        After `quick_double_edit` no manifest is kept (a file is still too fresh): then it is a real build.
        (`--hypothesis-show-statistics` counts both.)
        """
        manifest = self.cache / "manifest.json"
        before, kept = tree_digest(self.output), manifest.stat().st_mtime_ns if manifest.is_file() else None
        code, said = self.run()
        assert code == 0, said
        if kept is None:
            counted("rebuild: no manifest, a real build")
            self.compare()
            return
        if not manifest.is_file():  # a file on sys.path (another test's artifact) fresher than 2 s: a real build ran
            counted("rebuild: a real build, an input inside the racy window")
            self.compare()
            return
        counted("rebuild: the no-op exit")
        assert manifest.stat().st_mtime_ns == kept, "a real build ran: the manifest was written again"
        assert tree_digest(self.output) == before

    @rule(data=st.data())
    def touch_file(self, data) -> None:
        """A file saved again with the same bytes: a new modification time, the same site."""
        entry = self.entries[data.draw(st.sampled_from(sorted(self.entries)), label="entry")]
        (self.root / entry.path).touch()
        self.step()

    @rule(data=st.data())
    def quick_double_edit(self, data) -> None:
        """Two saves of one file within a second, same size, same mtime: the second must not be taken for the first.

        The file's time is inside the manifest's racy window (a minute ahead, so that a slow machine cannot
        carry it out of the window before the build lists it): no manifest may be kept after either build.
        """
        entry = self.entries[data.draw(st.sampled_from(sorted(self.entries)), label="entry")]
        path, fresh = self.root / entry.path, time.time_ns() + 60 * 10**9
        for body in ("Version A du texte.", "Version B du texte."):
            entry.body = body
            self.write(age=False)
            os.utime(path, ns=(fresh, fresh))
            self.build_incrementally(manifest_kept=False)
            self.compare()


class IncrementalSiteInSession(IncrementalSite):
    """The same edits in one session of the live preview (drafts shown): after each, its pages in memory are a cold
    preview build's, byte for byte, and so is the folder the session writes them in (trusting its files by status)."""

    def __init__(self) -> None:
        super().__init__()
        self.session = Session()
        self.pages: dict[str, bytes] = {}
        self.files: dict[str, bytes] = {}  # the site's files at the last build

    def build_incrementally(self, manifest_kept: bool = True) -> None:
        """As the preview on a save: when one entry's file alone changed, its page shown first must be the build's."""
        files = {p.relative_to(self.root).as_posix(): p.read_bytes() for p in self.root.rglob("*") if p.is_file()}
        saved = [path for path in files.keys() | self.files.keys() if files.get(path) != self.files.get(path)]
        shown = render_saved(self.root, self.session, saved[0]) if len(saved) == 1 else None
        result = build(self.root, TODAY, preview=True, cache=self.cache, session=self.session)
        assert result.problems == [], [str(p) for p in result.problems]
        self.pages, self.files = result.pages, files
        self.session.published = publish(result, self.root, self.output, search=False, before=self.session.published)
        if shown is not None:
            counted("session: a body saved alone, shown before the build")
            assert result.pages[shown[0]] == shown[1], f"{shown[0]} shown before the build differs from the build's"

    def compare(self) -> None:
        self.cold_builds += 1
        fresh = self.folder / f"cold-{self.cold_builds}"
        cold = build(self.root, TODAY, fresh / "output", preview=True, cache=fresh / "cache", search=False)
        assert cold.problems == [], [str(p) for p in cold.problems]
        differing = sorted(path for path in cold.pages.keys() | self.pages.keys() if cold.pages.get(path) != self.pages.get(path))
        assert not differing, f"differing {differing}"
        assert tree_digest(self.output) == tree_digest(fresh / "output")
        shutil.rmtree(fresh)


class IncrementalSiteByServer(IncrementalSite):
    """The same edits as the build server makes them (`build_and_publish`: one session, its search index started
    as soon as its pages are made, the output's files trusted by their stamps): its folder is a cold build's."""

    search = True

    def __init__(self) -> None:
        super().__init__()
        self.session = Session()

    def build_incrementally(self, manifest_kept: bool = True) -> None:
        result = build_and_publish(self.root, TODAY, self.output, self.cache, self.session)
        assert result.problems == [], [str(p) for p in result.problems]


TestIncrementalBuild = IncrementalSite.TestCase
TestIncrementalBuild.settings = BUDGET
TestIncrementalCommand = IncrementalSiteByCommand.TestCase
TestIncrementalCommand.settings = settings(BUDGET, max_examples=max(1, EXAMPLES // 2))  # Pagefind: slower steps
TestIncrementalSession = IncrementalSiteInSession.TestCase
TestIncrementalSession.settings = BUDGET
TestIncrementalServer = IncrementalSiteByServer.TestCase
TestIncrementalServer.settings = settings(BUDGET, max_examples=max(1, EXAMPLES // 2))  # Pagefind, as the command's


class Script:
    """Stands for Hypothesis' `data` in a plain test: each draw returns the next scripted value."""

    def __init__(self, *values):
        self.values = list(values)

    def draw(self, strategy, label=None):
        return self.values.pop(0)


def test_every_kind_of_edit_once_through_the_command_line():
    """The random sequences may miss a kind of edit: this fixed one makes each of them once, search on."""
    site = IncrementalSiteByCommand()

    def edit(rule, *values) -> None:
        script = Script(*values)
        rule(script)
        assert script.values == [], f"{rule.__name__} drew fewer values than scripted"

    try:
        site.first_build()
        edit(site.edit_body, 1, BODIES[1], [5, 7])
        edit(site.edit_title, 4, "Brume")
        edit(site.edit_tags, 2, ["ville", "Données ouvertes"])
        edit(site.edit_reference, 3, "figures", [5, 4])
        edit(site.add_entry, "figures", "brume", "Brume", ["atelier"], [4])
        edit(site.rename_file, 5, "Écorce")
        edit(site.toggle_draft, 4, "draft")
        edit(site.edit_date, 2, 0)
        edit(site.edit_picture, 7, (1, 1, True))
        edit(site.edit_site_yaml, 3, "figures-modeles")
        for name in ("base.html", "style.css", "templates/"):
            edit(site.edit_template, name)
        edit(site.delete_entry, 4)
        edit(site.touch_file, 0)
        edit(site.quick_double_edit, 1)
    finally:
        site.teardown()


def test_a_body_edited_with_its_template_is_indexed_from_the_page_the_build_makes():
    """The build server starts indexing an edited body's page as soon as the entries are read, rendered alone with the
    last build's templates (`EarlyIndex`). Edited with a template that adds words to it, the build's page differs:
    the search part published is Pagefind's index of that page, as a cold build's."""
    site = IncrementalSiteByServer()
    try:
        site.first_build()
        site.build_incrementally()  # a build of the session that has a last one: the next starts early
        site.entries[4].body = next(b for b in BODIES if b != site.entries[4].body)
        template = site.root / "templates" / "entry.html"
        template.write_text(template.read_text().replace('<div class="prose">', '<div class="prose"><p>Mot du gabarit</p>'))
        site.step()
    finally:
        site.teardown()
