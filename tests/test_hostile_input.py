"""Broken and hostile files: each one a clear problem (or a correct build), in bounded time and memory."""

from __future__ import annotations

import os
import threading
import unicodedata

import pytest
from hostile import HOSTILE, hostile_site, html_findings, pages

import sitegen.render.bodies as bodies_module
from sitegen.render.bodies import Body, render_bodies
from sitegen.site.assemble import assemble
from sitegen.source.config import load_config
from sitegen.source.content import load_entries

from conftest import NOW, SITE_YAML, measured, tree_digest, write_files

FIGURE = "---\ntitle: Éclairer\nfamily: forces-du-petit\ndefinition: Rendre visible.\n---\nUn *texte*.\n"


def figure(body: str = "Un *texte*.\n", **fields: str) -> str:
    header = {"title": "Éclairer", "family": "forces-du-petit", "definition": "Rendre visible.", **fields}
    return "---\n" + "".join(f"{k}: {v}\n" for k, v in header.items()) + "---\n" + body


# Broken files -----------------------------------------------------------------------------------


def test_empty_file(build_site):
    run = build_site({"content/figures/vide.md": b""})
    assert run.code == 1
    assert run.problems == [
        "content/figures/vide.md:1: fichier vide — écrivez ses champs (title: …), entre deux lignes « --- »"
        " pour un fichier .md, ou supprimez le fichier"
    ]


def test_front_matter_without_closing_line(build_site):
    run = build_site({"content/figures/x.md": b"---\ntitle: X\nfamily: forces-du-petit\n\nLe texte commence ici.\n"})
    assert run.code == 1
    assert run.problems == [
        "content/figures/x.md:1: l'en-tête n'est pas fermé — ajoutez une ligne « --- » après le dernier champ"
    ]


def test_tab_in_indentation(build_site):
    run = build_site({"content/rendez-vous/x.md": b"---\ntitle: X\nstart: 2016-12-15\nvenue:\n\tcity: Rennes\n---\n"})
    assert run.code == 1
    assert run.problems == [
        "content/rendez-vous/x.md:5: YAML illisible : tabulation dans le retrait — indentez avec des espaces, jamais avec la touche Tab"
    ]


def test_utf8_bom_and_crlf_build_like_the_clean_file(build_site, tmp_path):
    clean = build_site({"content/figures/eclairer.md": FIGURE.encode()}, root=tmp_path / "clean")
    windows = FIGURE.replace("\n", "\r\n").encode()
    for name, data in {"bom": b"\xef\xbb\xbf" + FIGURE.encode(), "crlf": windows, "both": b"\xef\xbb\xbf" + windows}.items():
        run = build_site({"content/figures/eclairer.md": data}, root=tmp_path / name)
        assert run.code == 0, (name, run.err)
        assert tree_digest(run.output) == tree_digest(clean.output), name


def test_latin1_bytes_name_their_line(build_site):
    run = build_site({"content/figures/x.md": figure(body="Première ligne.\nUn café.\n").encode("latin-1")})
    assert run.code == 1
    assert run.problems == [
        "content/figures/x.md:2: le fichier n'est pas en UTF-8 (octet 0xC9 illisible sur cette ligne)"
        " — enregistrez-le en UTF-8 depuis votre éditeur"
    ]


def test_a_bad_byte_after_a_bom_names_its_line_and_byte(build_site):
    # The decoder counts from after the BOM: the three bytes must be added back, or the line and byte are wrong.
    data = b"\xef\xbb\xbf---\ntitle: Eclairer\n\xe9family: forces-du-petit\ndefinition: d\n---\n"
    run = build_site({"content/figures/x.md": data})
    assert run.code == 1
    assert run.problems == [
        "content/figures/x.md:3: le fichier n'est pas en UTF-8 (octet 0xE9 illisible sur cette ligne)"
        " — enregistrez-le en UTF-8 depuis votre éditeur"
    ]


def test_binary_files_dropped_in_content(build_site):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    run = build_site(
        {
            "content/figures/photo.md": png,  # a picture saved under an entry's name
            "content/figures/rapport.docx": b"PK\x03\x04" + bytes(200),
            "content/figures/eclairer.md": FIGURE,
        }
    )
    assert run.code == 1
    assert run.problems == [
        "content/figures/photo.md:1: fichier binaire (image, PDF, document Word… ?) et non texte — une entrée s'écrit"
        " en texte .md ou .yaml ; une image garde son extension (.jpg, .png…)",
        "content/figures/rapport.docx:1: type de fichier ignoré « .docx » — une entrée s'écrit en .md ou .yaml",
    ]


def test_a_named_pipe_is_refused_without_waiting(build_site, tmp_path):
    root = write_files(tmp_path / "site", {"content/figures/eclairer.md": FIGURE})
    os.mkfifo(root / "content/figures/tube.md")  # reading it would block for ever
    done, _, _ = measured("--root", str(root), "--now", NOW, timeout=30)  # a wait would end in TimeoutExpired
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "content/figures/tube.md:1: ce n'est pas un fichier ordinaire (tube, périphérique…)"
        " — remplacez-le par un vrai fichier .md ou .yaml"
    ]


def test_control_characters_written_as_yaml_escapes(build_site):
    run = build_site({"content/figures/x.md": figure(title='"Éclairer\\0"', definition='"Rendre\\e visible"')})
    assert run.code == 1
    assert run.problems == [
        f"content/figures/x.md:{line}: caractère invisible interdit ({code}) sur cette ligne"
        " — supprimez-le (il vient souvent d'un copier-coller)"
        for line, code in ((2, "U+0000"), (4, "U+001B"))
    ]


def test_fifty_megabyte_markdown_is_refused_quickly(tmp_path):
    root = write_files(tmp_path / "site", {"content/figures/eclairer.md": FIGURE})
    with (root / "content/figures/enorme.md").open("w", encoding="utf-8") as big:
        big.write(figure(body=""))
        paragraph = "Un paragraphe *répété* avec un [lien](https://example.org/).\n\n" * 1000
        while big.tell() < 50 * 1024 * 1024:
            big.write(paragraph)
    kb = f"{(root / 'content/figures/enorme.md').stat().st_size / 1024:,.0f}".replace(",", "\u202f")
    done, _, peak_mb = measured("--root", str(root), "--now", NOW)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"content/figures/enorme.md:1: fichier trop volumineux ({kb} Ko pour une limite de 1024 Ko)"
        " — découpez-le en plusieurs entrées, ou relevez limits.max_file_kb dans site.yaml"
    ]
    assert peak_mb < 200, peak_mb  # read no further than the limit (its speed is measured in bench/, not here)


def test_file_size_limit_is_a_setting(build_site):
    from conftest import SITE_YAML

    body = "Du texte.\n" * 300  # 3 KB
    run = build_site({"site.yaml": SITE_YAML + "limits: {max_file_kb: 2}\n", "content/figures/x.md": figure(body=body)})
    assert run.code == 1
    assert run.problems == [
        "content/figures/x.md:1: fichier trop volumineux (3 Ko pour une limite de 2 Ko)"
        " — découpez-le en plusieurs entrées, ou relevez limits.max_file_kb dans site.yaml"
    ]
    run = build_site({"site.yaml": SITE_YAML + "limits: {max_file_kb: 4}\n"})
    assert run.code == 0, run.err


def test_python_tags_are_refused_and_never_run(tmp_path):
    marker = tmp_path / "PWNED"
    root = write_files(
        tmp_path / "site",
        {
            "content/figures/x.md": figure(title=f"!!python/object/apply:os.system ['touch {marker}']"),
            "content/partenaires/p.yaml": f"title: !!python/object/new:subprocess.Popen [['touch', '{marker}']]\n",
        },
    )
    done, _, _ = measured("--root", str(root), "--now", NOW)
    assert done.returncode == 1
    assert "étiquette YAML non autorisée" in done.stderr and done.stderr.count("\n") == 2
    assert not marker.exists()


def billion_laughs(levels: int = 9) -> str:
    lines = ['  a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        lines.append(f"  {chr(97 + i)}: &{chr(97 + i)} [" + ", ".join([f"*{chr(96 + i)}"] * 9) + "]")
    return "\n".join(lines)


def test_alias_bomb_is_refused_in_bounded_time_and_memory(tmp_path):
    header = f"---\ntitle: X\nfamily: forces-du-petit\ndefinition: d\nlol:\n{billion_laughs()}\ntags: *i\n---\n"
    root = write_files(tmp_path / "site", {"content/figures/x.md": header})
    done, _, peak_mb = measured("--root", str(root), "--now", NOW, timeout=60)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "content/figures/x.md:10: l'en-tête est trop volumineux une fois ses alias (*…) développés"
        " (limite : 10000 valeurs, réglage limits.max_yaml_values de site.yaml) — écrivez les valeurs sans alias"
    ]
    assert peak_mb < 200, peak_mb


def test_modest_aliases_are_still_fine(build_site):
    run = build_site(
        {
            "content/rendez-vous/x.md": "---\ntitle: X\nstart: 2016-12-15\nprogramme:\n"
            '  - &pause {time: "16:00", title: Pause}\n  - *pause\n---\n'
        }
    )
    assert run.code == 0, run.err
    assert run.page("rendez-vous/x/").count("Pause") == 2


def test_deep_nesting_is_refused_before_libyaml_sees_it(tmp_path):
    # libyaml's composer recursed on these and crashed the whole process (SIGSEGV).
    header = "---\ntitle: X\nfamily: forces-du-petit\ndefinition: d\ntags: " + "[" * 100_000 + "]" * 100_000 + "\n---\n"
    root = write_files(tmp_path / "site", {"content/figures/x.md": header})
    done, _, _ = measured("--root", str(root), "--now", NOW)
    assert done.returncode == 1, done.returncode
    assert done.stderr.splitlines() == [
        "content/figures/x.md:5: l'en-tête est imbriqué trop profondément (plus de 20 niveaux de listes ou de groupes)"
        " — simplifiez-le"
    ]


def test_markdown_that_would_recurse_or_run_for_minutes_is_refused(build_site):
    from conftest import SITE_YAML

    too_complex = "texte trop complexe à mettre en forme (plus de 0,5 s, ou des imbrications sans fin de listes, citations"
    run = build_site(
        {
            "site.yaml": SITE_YAML + "limits: {max_render_seconds: 0.5}\n",
            "content/figures/emphase.md": figure(body="*a " * 5000 + "b" + " a*" * 5000),  # RecursionError in Python-Markdown
            "content/figures/crochets.md": figure(body="[a](" * 20000),  # quadratic: 17 s for 80 KB
            "content/figures/eclairer.md": FIGURE,
        }
    )
    assert run.code == 1
    assert [p.split(": ", 1)[0] for p in run.problems] == ["content/figures/crochets.md:6", "content/figures/emphase.md:6"]
    assert all(too_complex in p for p in run.problems)


def _rendered_in_a_thread(tmp_path, files: dict[str, str], **options) -> tuple[dict[str, str], list[str]]:
    """The bodies and problems of render_bodies run from another thread (as a preview server may do)."""
    root = write_files(tmp_path / "site", {"site.yaml": SITE_YAML + "limits: {max_render_seconds: 0.5}\n", **files})
    config = load_config(root)
    entries, problems, _ = load_entries(root, config)
    site, found = assemble(config, entries)
    assert problems == found == []
    outcome: list[list[Body]] = []
    thread = threading.Thread(target=lambda: outcome.append(render_bodies(site, site.entries, **options)), daemon=True)
    thread.start()
    thread.join(timeout=120)  # unbounded, the body below would run for about 17 s, or far longer on a busy machine
    assert outcome, "render_bodies did not return"
    bodies = {entry.path: body.html for entry, body in zip(site.entries, outcome[0], strict=True)}
    return bodies, [str(problem) for body in outcome[0] for problem in body.problems]


CROCHETS = (
    "content/figures/crochets.md:6: texte trop complexe à mettre en forme (plus de 0,5 s, ou des imbrications sans fin"
    " de listes, citations ou crochets) — simplifiez le passage ou découpez l'entrée"
)


def test_the_markdown_time_limit_holds_off_the_main_thread(tmp_path):
    bodies, problems = _rendered_in_a_thread(
        tmp_path, {"content/figures/crochets.md": figure(body="[a](" * 20000), "content/figures/eclairer.md": FIGURE}
    )
    assert problems == [CROCHETS]
    assert bodies["content/figures/crochets.md"] == ""
    assert bodies["content/figures/eclairer.md"] == "<p>Un <em>texte</em>.</p>"


def test_a_body_stopped_in_a_worker_leaves_the_others_of_its_run_rendered(tmp_path, monkeypatch):
    monkeypatch.setattr(bodies_module, "PARALLEL_MIN", 2)
    files = {f"content/figures/f{i:02}.md": figure(body=f"Texte *{i}*.\n") for i in range(12)}
    bodies, problems = _rendered_in_a_thread(
        tmp_path, files | {"content/figures/crochets.md": figure(body="[a](" * 20000)}, workers=2
    )
    assert problems == [CROCHETS]
    assert [bodies[f"content/figures/f{i:02}.md"] for i in range(12)] == [f"<p>Texte <em>{i}</em>.</p>" for i in range(12)]


def test_a_problem_is_always_one_line(build_site):
    run = build_site({"content/figures/x.md": figure(slug='"a\\nb\\u2028c"', tags='["' + "?" * 200 + '"]')})
    assert run.code == 1
    assert run.problems == [
        "content/figures/x.md:5: slug: « a\\nb\\u2028c » ne peut pas servir d'adresse — utilisez des minuscules sans accents,"
        " des chiffres et des tirets, par exemple « atelier-rennes »",
        "content/figures/x.md:6: tags: étiquette « " + "?" * 79 + "… » sans lettre ni chiffre — elle ne peut pas avoir de page ;"
        " écrivez-la avec des mots",
    ]


# Paths --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "slug",
    [
        '"../../etc"',
        '"a/b"',
        '"a\\\\b"',
        '"/etc/passwd"',
        '"C:\\\\Windows"',
        '"a\\0b"',
        "con",
        "NUL",
        "com1",
        "lpt9",
        '".."',
        "''",
    ],
)
def test_unsafe_slugs_are_refused_before_anything_is_written(build_site, tmp_path, slug):
    run = build_site({"content/figures/x.md": figure(slug=slug)})
    assert run.code == 1
    assert len(run.problems) == 1 and run.problems[0].startswith("content/figures/x.md:"), run.problems
    assert not run.output.exists()
    assert sorted(p.name for p in (tmp_path / "site").iterdir() if p.name != ".cache") == ["content", "site.yaml"]
    cache = tmp_path / "site/.cache"
    assert not cache.exists() or [p.name for p in cache.iterdir()] in ([], ["sources.json"])  # parsed files only


@pytest.mark.parametrize("name", ["a\\b.md", "CON.md", "com1.yaml", "aux.jpg", "deux:points.md", "fin.md.", "ligne\nforgée.md"])
def test_file_names_windows_cannot_hold_are_refused(build_site, name):
    run = build_site({"content/figures/eclairer.md": FIGURE, f"content/figures/{name}": FIGURE})
    assert run.code == 1
    shown = name.replace("\n", "?")
    assert run.problems == [
        f'content/figures/{shown}:1: nom de fichier impossible sous Windows (caractère parmi \\ / : * ? " < > |,'
        " caractère invisible, point ou espace final, ou nom réservé comme CON ou NUL) — renommez le fichier avec des lettres,"
        " des chiffres et des tirets"
    ]
    assert not run.output.exists()


def test_a_file_name_in_another_encoding_is_refused(build_site, tmp_path):
    root = write_files(tmp_path / "site", {"content/figures/eclairer.md": FIGURE})
    with open(os.fsencode(root / "content/figures") + b"/caf\xe9.md", "wb") as latin1_name:  # as unzipped from an old archive
        latin1_name.write(FIGURE.encode())
    run = build_site({}, root=root)
    assert run.code == 1
    assert run.problems == [
        "content/figures/caf?.md:1: nom de fichier écrit dans un autre encodage que l'UTF-8"
        " (archive venue d'un vieux système ?) — renommez le fichier"
    ]


def test_dots_in_file_names_stay_inside_output(build_site):
    run = build_site({"content/figures/..md": FIGURE, "content/figures/a..b.md": FIGURE, "content/..md": FIGURE})
    assert run.code == 0, run.err  # ..md is a hidden file, ignored like .DS_Store; a..b.md is the entry a-b
    assert (run.output / "figures/a-b/index.html").is_file()
    assert sorted(p.name for p in run.root.iterdir() if p.name != ".cache") == ["content", "output", "site.yaml"]


def test_symlinks_leading_out_of_content_are_refused(build_site, tmp_path):
    outside = write_files(tmp_path / "outside", {"secret.md": figure(title="Secret du voisin"), "cle/id.jpg": b"PRIVATE KEY"})
    root = write_files(tmp_path / "site", {"content/figures/eclairer.md": FIGURE})
    (root / "content/figures/secret.md").symlink_to(outside / "secret.md")
    (root / "content/figures/dossier").symlink_to(outside)
    (root / "content/figures/boucle.md").symlink_to(root / "content/figures/boucle.md")
    (root / "content/figures/interne.md").symlink_to(root / "content/figures/eclairer.md")  # inside: fine
    run = build_site({}, root=root)
    assert run.code == 1
    message = "lien symbolique qui mène hors de content/ — copiez le fichier lui-même à cet endroit"
    assert run.problems == [f"content/figures/{name}:1: {message}" for name in ("boucle.md", "dossier", "secret.md")]
    assert not run.output.exists()


def test_a_symlinked_image_cannot_copy_a_file_from_outside(build_site, tmp_path):
    (tmp_path / "id_rsa").write_bytes(b"PRIVATE KEY")
    root = write_files(
        tmp_path / "site",
        {"content/imaginaires/x.md": "---\ntitle: X\nkind: conte\nimages: [{src: photo.jpg, alt: Photo}]\n---\n"},
    )
    (root / "content/imaginaires/photo.jpg").symlink_to(tmp_path / "id_rsa")
    run = build_site({}, root=root)
    assert run.code == 1
    assert run.problems == [  # one mistake, one problem: the picture is never read
        "content/imaginaires/photo.jpg:1: lien symbolique qui mène hors de content/ — copiez le fichier lui-même à cet endroit"
    ]
    assert not run.output.exists()


def test_urls_differing_by_case_accents_or_trailing_slash_collide(build_site):
    nfc, nfd = unicodedata.normalize("NFC", "Éclairer"), unicodedata.normalize("NFD", "Éclairer")
    assert nfc != nfd
    run = build_site(
        {
            f"content/figures/{nfc}.md": FIGURE,
            f"content/figures/{nfd}.md": FIGURE,  # the same name, as macOS writes it
            "content/figures/Essaimage.md": figure(title="Essaimage"),
            "content/figures/ESSAIMAGE.md": figure(title="ESSAIMAGE"),
            "content/pages/a.md": "---\ntitle: Figures\nslug: figures\n---\n",  # /figures/ is the section index
        }
    )
    assert run.code == 1
    fix = " — changez le nom du fichier ou ajoutez un champ « slug: »"
    assert run.problems == [
        "content/figures/ESSAIMAGE.md:1: deux pages auraient la même adresse /figures/essaimage/"
        " (aussi : content/figures/Essaimage.md)" + fix,
        "content/figures/Essaimage.md:1: deux pages auraient la même adresse /figures/essaimage/"
        " (aussi : content/figures/ESSAIMAGE.md)" + fix,
        f"content/figures/{nfd}.md:1: deux pages auraient la même adresse /figures/eclairer/ (aussi : content/figures/{nfc}.md)"
        + fix,
        f"content/figures/{nfc}.md:1: deux pages auraient la même adresse /figures/eclairer/ (aussi : content/figures/{nfd}.md)"
        + fix,
        "content/pages/a.md:3: slug: deux pages auraient la même adresse /figures/ (aussi : l'index de la section figures)" + fix,
    ]
    assert not run.output.exists()


# Escaping -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_values_show_as_text_in_every_page(build_site, value):
    run = build_site(hostile_site(value))
    assert run.code == 0, run.err
    for path, page in pages(run.output).items():
        assert html_findings(page) == [], path
    shown = " ".join(value.split())
    for path in ("figures/eclairer/", "rendez-vous/atelier/", "partenaires/fing/", "a-propos/"):
        assert html_findings(run.page(path), expected_text=shown) == [], path


def test_the_hostile_checker_catches_what_it_should():
    assert html_findings('<p title="" onmouseover="alert(2)">x</p>') == ["attribut injecté onmouseover= sur <p>"]
    assert html_findings("<script>alert(1)</script>") == ["bloc <script> injecté : 'alert(1)'"]
    assert html_findings('<a href=" JavaScript:alert(6)">x</a>') == ["URL javascript: dans <a href>"]
    assert html_findings('<script type="application/ld+json">{"a": "</script><script>alert(1)"}</script>') != []
    assert html_findings("<p>&lt;b&gt;</p>", expected_text="<b>") == []


RAW_HTML = """\
Du <mark>texte</mark> et une <abbr title="Fondation Internet Nouvelle Génération">Fing</abbr>.

<script>alert(1)</script>
<img src="x" onerror="alert(2)" alt="image">
<a href="javascript:alert(3)">lien piégé</a> et [un autre](javascript:alert(4)) et <a href="JaVaScRiPt:alert(5)">un troisième</a>
<iframe src="https://example.org/"></iframe><style>body {display:none}</style>
<form action="https://example.org/"><input name="q"></form>
<svg onload="alert(6)"><circle r="1"/></svg>
<div style="background: url(javascript:alert(7))" onclick="alert(8)">bloc</div>
<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCg5KTwvc2NyaXB0Pg==">données</a>

Un paragraphe
{: onclick="alert(10)" #ancre }

| a | b |
|:--|--:|
| 1 | 2 |

Voir [Essaimage](essaimage.md) et [la Fing](https://fing.org/).
"""


def test_raw_html_in_markdown_is_sanitised(build_site):
    run = build_site(
        {"content/figures/eclairer.md": figure(body=RAW_HTML), "content/figures/essaimage.md": figure(title="Essaimage")}
    )
    assert run.code == 0, run.err
    page = run.page("figures/eclairer/")
    assert html_findings(page) == []
    body = page.split('<div class="prose">', 1)[1].split("</article>", 1)[0]  # the header's search form is ours
    for gone in (
        "<iframe",
        "<form",
        "<input",
        "<svg",
        "javascript:",
        "data:text",
        "onerror",
        "onclick",
        "display:none",
        "alert(",
    ):
        assert gone not in body, gone
    for kept in (
        "<mark>texte</mark>",
        '<abbr title="Fondation Internet Nouvelle Génération">Fing</abbr>',
        '<img src="x" alt="image">',
        '<p id="ancre">Un paragraphe</p>',
        '<th style="text-align:left">a</th>',
        '<a href="/figures/essaimage/">Essaimage</a>',
        '<a href="https://fing.org/">la Fing</a>',
        "<a>lien piégé</a>",
    ):
        assert kept in body, kept


def test_the_allow_list_comes_from_site_yaml(build_site):
    from conftest import SITE_YAML

    files = {"content/figures/eclairer.md": figure(body="Du <mark>texte</mark> <kbd>Ctrl</kbd>.\n")}
    strict = build_site({**files, "site.yaml": SITE_YAML + "html: {tags: [p, kbd]}\n"})
    assert strict.code == 0, strict.err
    assert "<p>Du texte <kbd>Ctrl</kbd>.</p>" in strict.page("figures/eclairer/")
    default = build_site(files)
    assert "<p>Du <mark>texte</mark> <kbd>Ctrl</kbd>.</p>" in default.page("figures/eclairer/")


def test_a_file_name_that_gives_no_address_is_one_problem(build_site):
    run = build_site({"content/figures/!!!.md": FIGURE, "content/figures/eclairer.md": FIGURE}, "check")
    assert run.code == 1
    assert run.problems == [
        "content/figures/!!!.md:1: « !!! » ne peut pas servir d'adresse — utilisez des minuscules sans accents,"
        " des chiffres et des tirets, par exemple « atelier-rennes »"
    ]


def test_every_misplaced_file_is_reported_not_only_the_first(build_site):
    run = build_site(
        {
            "content/a.md": FIGURE,  # outside any section folder
            "content/b.txt": "x",
            "content/figures/c.txt": "x",
            "content/figures/d.md": FIGURE,
            "content/inconnu/e.md": FIGURE,
            "content/z.md": FIGURE,
        },
        "check",
    )
    assert run.code == 1
    known = (
        "content/rendez-vous/, content/comptes-rendus/, content/figures/, content/imaginaires/, content/micro-histoires/,"
        " content/partenaires/, content/pages/"
    )
    assert run.problems == [
        f"content/a.md:1: dossier inconnu « content/ » — les dossiers possibles sont : {known}",
        "content/b.txt:1: type de fichier ignoré « .txt » — une entrée s'écrit en .md ou .yaml",
        "content/figures/c.txt:1: type de fichier ignoré « .txt » — une entrée s'écrit en .md ou .yaml",
        f"content/inconnu/e.md:1: dossier inconnu « inconnu » — les dossiers possibles sont : {known}",
        f"content/z.md:1: dossier inconnu « content/ » — les dossiers possibles sont : {known}",
    ]
    assert run.out.startswith("5 problème(s) trouvé(s)")


def test_a_folder_linked_inside_content_is_not_read_twice_and_hidden_folders_are_not_read(build_site, tmp_path):
    root = write_files(
        tmp_path / "site",
        {
            "content/figures/sous/eclairer.md": FIGURE,
            "content/figures/.brouillons/cassé.md": "---\ntitle: [\n---\n",  # hidden: never read, never reported
            "content/.git/config": "not an entry",
        },
    )
    (root / "content/figures/lien").symlink_to(root / "content/figures/sous")  # listed, not entered
    run = build_site({}, root=root)
    assert run.code == 0, run.err
    assert [p.relative_to(run.output).as_posix() for p in run.output.glob("figures/*/index.html")] == [
        "figures/eclairer/index.html"
    ]
