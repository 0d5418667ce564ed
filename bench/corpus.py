"""A seeded synthetic corpus in our content model, for benchmarks: `python -m bench.corpus DIR --entries 1000`.

Every section of site.yaml gets entries with its own fields (events with dates, venues, programmes
and partners; reports of events citing figures; figures in the families of site.yaml with related
figures; imaginaries, stories, partners in YAML, pages), tags from one shared vocabulary, references
in front matter and Markdown links by source path, and French Markdown bodies of 300–800 words
(headings, lists, emphasis, links, sometimes a table, a quotation or footnotes). The same seed and
size always give the same bytes. `bench/hugo_site.py` writes the same entries as a Hugo site.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from slugify import slugify

PROJECT = Path(__file__).resolve().parent.parent
SLUG_LIKE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}  # plain scalars YAML would not read as text

# Share of the entries in each content folder (stories take the rest).
SHARES = {
    "pages": 0.01,
    "partenaires": 0.05,
    "rendez-vous": 0.10,
    "comptes-rendus": 0.15,
    "figures": 0.20,
    "imaginaires": 0.10,
    "micro-histoires": 0.39,
}
FOLDER_TYPES = {
    "rendez-vous": "event",
    "comptes-rendus": "report",
    "figures": "figure",
    "imaginaires": "imaginary",
    "micro-histoires": "story",
    "partenaires": "partner",
    "pages": "page",
}
# Kept in step with site.yaml (tests build a generated corpus, so a drift shows up there).
FAMILIES = [
    "forces-du-petit",
    "apports-du-numerique",
    "chemins-pour-les-petits",
    "chemins-pour-les-grands",
    "echelle-du-systeme",
    "nees-des-ateliers",
]
KINDS = ["exposition", "litterature", "art", "mythologie", "conte", "vivant"]
STATUSES = ["complete", "a-continuer"]

TAGS = [
    "petite échelle", "atelier", "prospective", "numérique", "écosystèmes", "entreprises", "associations",
    "administration", "ville", "travail", "apprentissage", "communs", "coopération", "territoires", "énergie",
    "alimentation", "mobilité", "santé", "éducation", "culture", "logement", "agriculture urbaine", "réparation",
    "low-tech", "sobriété", "données", "plateformes", "open source", "fablabs", "tiers-lieux", "économie sociale",
    "start-up", "intrapreneuriat", "management", "gouvernance", "démocratie locale", "participation", "quartiers",
    "ruralité", "circuits courts", "monnaies locales", "finance solidaire", "mutualisation", "essaimage",
    "réseaux", "proximité", "résilience", "frugalité", "autonomie", "artisanat", "design", "imaginaires",
    "littérature", "art", "mythologie", "contes", "le vivant", "biomimétisme", "climat", "biodiversité",
    "eau", "déchets", "recyclage", "économie circulaire", "industrie", "robotique", "intelligence artificielle",
    "objets connectés", "capteurs", "cartographie", "bibliothèques", "musées", "médias", "journalisme",
    "jeux", "sport", "jeunesse", "seniors", "inclusion", "handicap", "emploi", "freelances", "coworking",
    "télétravail", "formation", "universités", "recherche", "sciences participatives", "services publics",
    "collectivités", "État", "Europe", "international", "Afrique", "Rennes", "Lyon", "Marseille", "Nantes",
    "Lille", "Bordeaux", "Montreuil", "Grenoble", "Strasbourg", "Toulouse", "micro-entreprises", "PME",
    "grands groupes", "banques", "assurance", "commerce", "logistique", "livraison", "tourisme", "patrimoine",
    "musique", "cinéma", "photographie", "écriture", "micro-histoires", "figures-modèles", "méthodes",
    "controverses", "transitions", "utopies", "dystopies", "science-fiction", "innovation ouverte", "hackathons",
]  # fmt: skip

CITIES = [
    "Rennes", "Paris", "Lyon", "Marseille", "Nantes", "Lille", "Bordeaux", "Toulouse", "Grenoble", "Strasbourg",
    "Montpellier", "Brest", "Angers", "Tours", "Dijon", "Besançon", "Metz", "Nancy", "Caen", "Rouen", "Amiens",
    "Poitiers", "Limoges", "Clermont-Ferrand", "Saint-Étienne", "Nîmes", "Avignon", "Perpignan", "Pau", "Bayonne",
    "La Rochelle", "Lorient", "Quimper", "Saint-Malo", "Valence", "Annecy", "Chambéry", "Montreuil", "Aubervilliers",
    "Villeurbanne",
]  # fmt: skip
STREETS = ["rue de la République", "avenue Jean-Jaurès", "rue Victor-Hugo", "place de la Mairie", "quai des Chartrons",
           "rue des Taillandiers", "boulevard Voltaire", "rue de la Mabilais", "allée des Tanneurs", "rue du Port"]  # fmt: skip
VENUES = ["La Cantine", "Le Tank", "La Mabilais", "Les Dunes", "La Paillasse", "Le Hangar", "La Filature",
          "Maison des associations", "Médiathèque centrale", "Tiers-lieu La Bascule", "Fablab du Port", "Hôtel de ville"]  # fmt: skip
EVENT_KINDS = ["Atelier", "Journée créative", "Rencontre", "Séminaire", "Table ronde", "Lancement", "Présentation", "Soirée"]
PROGRAMME = ["Café d'accueil", "Introduction : la petite échelle et ses figures-modèles", "Tour de table",
             "Écriture collaborative d'une micro-histoire", "Ateliers en petits groupes", "Restitution des groupes",
             "Débat avec les partenaires", "Conclusion et suites du cycle", "Pause", "Présentation des imaginaires"]  # fmt: skip
ORG_KINDS = ["Association", "Coopérative", "Fondation", "Collectif", "Agence", "Réseau", "Fédération", "Laboratoire",
             "Métropole de", "Communauté de communes de", "Maison de l'emploi de", "Fabrique"]  # fmt: skip
PEOPLE = ["Claire Martin", "Hugo Bernard", "Inès Petit", "Karim Dubois", "Léa Moreau", "Louis Laurent", "Nadia Simon",
          "Paul Michel", "Rose Lefebvre", "Samir Leroy", "Yasmine Roux", "Théo David", "Zoé Bertrand", "Marc Fournier"]  # fmt: skip

# Sentence parts: (singular, plural) subjects, verbs as (singular, plural, infinitive).
SUBJECTS = [
    ("une association de quartier", False), ("la coopérative", False), ("chaque équipe", False),
    ("le collectif", False), ("une start-up", False), ("la métropole", False), ("une petite commune", False),
    ("le tiers-lieu", False), ("un réseau d'artisans", False), ("la bibliothèque", False),
    ("une grande entreprise", False), ("l'administration", False), ("un groupe d'habitants", False),
    ("les petites structures", True), ("les habitants", True), ("les grandes organisations", True),
    ("les participants", True), ("les partenaires du cycle", True), ("les fablabs", True),
    ("les micro-entreprises", True), ("les services publics locaux", True), ("les réparateurs", True),
    ("les intrapreneurs", True), ("les communautés en ligne", True), ("les collectivités", True),
]  # fmt: skip
VERBS = [
    ("invente", "inventent", "inventer"), ("partage", "partagent", "partager"),
    ("transforme", "transforment", "transformer"), ("observe", "observent", "observer"),
    ("expérimente", "expérimentent", "expérimenter"), ("fait circuler", "font circuler", "faire circuler"),
    ("relie", "relient", "relier"), ("réinvente", "réinventent", "réinventer"),
    ("met en commun", "mettent en commun", "mettre en commun"), ("documente", "documentent", "documenter"),
    ("questionne", "questionnent", "questionner"), ("soutient", "soutiennent", "soutenir"),
    ("déplace", "déplacent", "déplacer"), ("répare", "réparent", "réparer"), ("essaime", "essaiment", "essaimer"),
    ("découpe", "découpent", "découper"), ("protège", "protègent", "protéger"), ("fabrique", "fabriquent", "fabriquer"),
]  # fmt: skip
OBJECTS = [
    "des outils numériques légers", "ses propres règles du jeu", "les ressources du territoire",
    "des savoir-faire oubliés", "une plateforme ouverte", "des données partagées", "de petits projets agiles",
    "des services de proximité", "une gouvernance plus horizontale", "des circuits courts",
    "les communs numériques", "des prototypes frugaux", "une monnaie locale", "des lieux de rencontre",
    "les compétences de chacun", "des modèles économiques modestes", "une mémoire collective",
    "les liens entre petits et grands acteurs", "des formats d'apprentissage entre pairs", "la confiance",
    "des réseaux de coopération", "des micro-usines", "des capteurs bon marché", "les idées qui sortent du cadre",
]  # fmt: skip
COMPLEMENTS = [
    "à l'échelle d'un quartier", "sans attendre les grands acteurs", "avec très peu de moyens",
    "depuis plusieurs années", "au fil des ateliers", "grâce à des réseaux de pairs", "dans un monde incertain",
    "plutôt que de grandir", "en gardant une taille humaine", "au plus près des usagers", "en quelques semaines",
    "sans perdre son autonomie", "à côté des géants du numérique", "d'une ville à l'autre",
    "en s'appuyant sur le numérique", "loin des plans stratégiques", "avec les moyens du bord", "",
]  # fmt: skip
OPENERS = [
    "", "", "", "", "Pourtant, ", "Dans ce contexte, ", "Autrement dit, ", "Au fond, ", "Selon les participants, ",
    "De plus en plus, ", "Dans bien des cas, ", "À l'inverse, ", "Concrètement, ", "Ainsi, ", "Souvent, ",
]  # fmt: skip
HEADINGS = [
    "Le point de départ", "Ce qui a été dit", "Questions ouvertes", "Des pistes pour la suite", "Ce que change le numérique",
    "Petits et grands", "Le rôle des partenaires", "Une histoire à continuer", "Ce que nous retenons", "Les limites",
    "Sur le terrain", "Pour aller plus loin", "Les chiffres", "Ce qui résiste", "Un autre passage à l'échelle",
]  # fmt: skip
NOUNS = [
    "Essaimage", "Proximité", "Frugalité", "Multitude", "Agilité", "Mutualisation", "Simplicité", "Résilience",
    "Fragmentation", "Portabilité", "Réversibilité", "Sobriété", "Pollinisation", "Bricolage", "Hospitalité",
    "Modularité", "Lenteur", "Interopérabilité", "Granularité", "Pulsation", "Capillarité", "Subsidiarité",
]  # fmt: skip
QUALIFIERS = [
    "du petit", "des réseaux", "numérique", "locale", "distribuée", "des marges", "partagée", "ordinaire",
    "à taille humaine", "de proximité", "des communs", "des ateliers", "éphémère", "en essaim", "radicale",
]  # fmt: skip
STORY_TITLES = [
    "La ville dont le centre est partout", "Un million de micro-réparateurs", "La plus petite université du monde",
    "Demain, tous propriétaires", "L'entreprise qui refusait de grandir", "Le village qui imprimait ses outils",
    "La femme-orchestre", "Le marché qui ne fermait jamais", "La banque de quartier", "Les jardiniers du toit",
    "Le bus qui passait sur demande", "L'école sans murs", "La fabrique des voisins", "Le dernier guichet",
]  # fmt: skip
PAGE_TITLES = ["Participer", "Mentions légales", "Méthode", "Le livret", "Contact", "Crédits", "Glossaire", "Presse"]


@dataclass
class Spec:
    """One entry to write: its folder, slug, fields (front matter) and Markdown body."""

    folder: str
    slug: str
    fields: dict[str, Any]
    body: str = ""
    links: list[Spec] = field(default_factory=list, repr=False)

    @property
    def type(self) -> str:
        return FOLDER_TYPES[self.folder]

    @property
    def suffix(self) -> str:
        return ".yaml" if self.folder == "partenaires" else ".md"

    @property
    def path(self) -> str:
        """The source path under content/ (`figures/essaimage-12.md`)."""
        return f"{self.folder}/{self.slug}{self.suffix}"

    @property
    def title(self) -> str:
        return self.fields["title"]


def counts(entries: int) -> dict[str, int]:
    """How many entries each folder gets: at least one each, stories take the rest."""
    if entries < len(SHARES):
        raise ValueError(f"at least {len(SHARES)} entries (one per section), not {entries}")
    sized = {folder: max(1, int(entries * share)) for folder, share in SHARES.items() if folder != "micro-histoires"}
    sized["micro-histoires"] = entries - sum(sized.values())
    return sized


class Writer:
    """Draws titles, fields and French Markdown bodies from one seeded random generator."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        weights = [1 / (rank + 1) ** 0.9 for rank in range(len(TAGS))]  # a few tags are everywhere, most are rare
        self.tag_weights = weights

    # -- small draws -------------------------------------------------------
    def pick(self, items: list[Any]) -> Any:
        return items[self.rng.randrange(len(items))]

    def sample(self, items: list[Any], low: int, high: int) -> list[Any]:
        return self.rng.sample(items, min(len(items), self.rng.randint(low, high)))

    def tags(self) -> list[str]:
        chosen: list[str] = []
        for tag in self.rng.choices(TAGS, self.tag_weights, k=self.rng.randint(1, 5)):
            if tag not in chosen:
                chosen.append(tag)
        return chosen

    def sentence(self, links: list[Spec] | None = None, here: str = "", plain: bool = False) -> str:
        """One French sentence; sometimes emphasised (unless `plain`), sometimes carrying a link to another entry."""
        subject, plural = self.pick(SUBJECTS)
        verb = self.pick(VERBS)
        obj, complement = self.pick(OBJECTS), self.pick(COMPLEMENTS)
        style = 1.0 if plain else self.rng.random()
        if style < 0.08:
            obj = f"*{obj}*"
        elif style < 0.12:
            obj = f"**{obj}**"
        form = self.rng.random()
        if form < 0.12:
            text = f"Comment {verb[2]} {obj} {complement} ?"
        elif form < 0.22:
            text = f"Pour {verb[2]} {self.pick(OBJECTS)}, {subject} {verb[1 if plural else 0]} {obj} {complement}."
        elif form < 0.28:
            text = f"« {subject.capitalize()} {verb[1 if plural else 0]} {obj} », résume {self.pick(PEOPLE)}."
        else:
            opener = self.pick(OPENERS)
            text = f"{opener}{subject if opener else subject.capitalize()} {verb[1 if plural else 0]} {obj} {complement}."
        text = " ".join(text.split()).replace(" .", ".")
        if links:
            target = links.pop()
            core, end = text[:-1].rstrip(), text[-1]
            text = f"{core} (voir [{target.title}]({relative(here, target)})){' ' if end == '?' else ''}{end}"
        return text

    def paragraph(self, links: list[Spec], here: str, low: int = 2, high: int = 6) -> str:
        count = self.rng.randint(low, high)
        return " ".join(self.sentence(links if self.rng.random() < 0.35 else None, here) for _ in range(count))

    # -- bodies --------------------------------------------------------------
    def body(self, spec: Spec, words: int) -> str:
        """French Markdown of about `words` words, linking to each of `spec.links` by source path."""
        links = list(spec.links)
        blocks: list[str] = [self.paragraph(links, spec.path, 3, 6)]
        notes: list[str] = []
        table_done = False
        while _words(blocks) < words:
            roll = self.rng.random()
            if roll < 0.22:
                blocks.append(f"## {self.pick(HEADINGS)}")
            elif roll < 0.34:
                mark = "1." if self.rng.random() < 0.3 else "-"
                bold = self.rng.random() < 0.5
                items = [
                    (f"**{self.pick(OBJECTS)}**" if bold else self.pick(OBJECTS)) + f" {self.pick(COMPLEMENTS)}".rstrip()
                    for _ in range(self.rng.randint(3, 6))
                ]
                blocks.append("\n".join(f"{mark} {item} ;" for item in items[:-1]) + f"\n{mark} {items[-1]}.")
            elif roll < 0.38 and not table_done and self.rng.random() < 0.5:
                table_done = True
                rows = [
                    f"| {self.pick(SUBJECTS)[0].capitalize()} | {self.pick(COMPLEMENTS) or 'partout'} | {self.rng.randint(2, 400)} |"
                    for _ in range(self.rng.randint(3, 6))
                ]
                blocks.append("| Acteur | Échelle | Personnes |\n|---|---|---:|\n" + "\n".join(rows))
            elif roll < 0.42:
                blocks.append(f"> {self.sentence()}")
            elif roll < 0.47 and len(notes) < 3:
                notes.append(self.sentence())
                text = self.paragraph(links, spec.path, 1, 3)
                blocks.append(f"{text[:-1]}[^{len(notes)}]{text[-1]}")
            else:
                blocks.append(self.paragraph(links, spec.path))
        if links:  # links not placed yet go in a closing "see also" line
            blocks.append("Voir aussi : " + ", ".join(f"[{t.title}]({relative(spec.path, t)})" for t in links) + ".")
        blocks += [f"[^{number}]: {note}" for number, note in enumerate(notes, 1)]
        return "\n\n".join(blocks) + "\n"


def _words(blocks: list[str]) -> int:
    return sum(len(block.split()) for block in blocks)


def relative(here: str, target: Spec) -> str:
    """A Markdown link to `target`'s source file from the entry at `here` (`../figures/x.md`)."""
    if here.split("/")[0] == target.folder:
        return f"{target.slug}{target.suffix}"
    return f"../{target.path}"


def plan(entries: int, seed: int) -> list[Spec]:
    """Every entry of the corpus, with its fields, references and body."""
    w = Writer(seed)
    specs: dict[str, list[Spec]] = {}
    for folder, count in counts(entries).items():
        specs[folder] = [_new_spec(w, folder, index) for index in range(count)]
    events, figures, partners = specs["rendez-vous"], specs["figures"], specs["partenaires"]
    everyone = [spec for group in specs.values() for spec in group]
    start = date(2010, 1, 4)
    for spec in everyone:
        f = spec.fields
        f["summary"] = w.sentence(plain=True)
        kind = spec.type
        if kind == "event":
            day = start + timedelta(days=w.rng.randint(0, 20 * 365))
            hour = w.rng.choice([9, 10, 14, 18])
            f["start"] = f"{day.isoformat()} {hour:02d}:00" if w.rng.random() < 0.7 else day.isoformat()
            if w.rng.random() < 0.6:
                f["end"] = f"{day.isoformat()} {hour + 3:02d}:30" if " " in f["start"] else (day + timedelta(days=1)).isoformat()
            if w.rng.random() < 0.05:
                f["date_precision"] = "month"
            if w.rng.random() < 0.1:
                f["date_inferred"] = True
            city = spec.title.split(" à ", 1)[1].split(" : ", 1)[0]  # the city named in the title
            f["venue"] = {"name": w.pick(VENUES), "address": f"{w.rng.randint(1, 120)} {w.pick(STREETS)}", "city": city}
            if w.rng.random() < 0.2:
                del f["venue"]["name"]
            f["partners"] = [p.slug for p in w.sample(partners, 0, 4)]
            if w.rng.random() < 0.3:
                f["registration"] = f"https://inscriptions.example.org/{spec.slug}"
            times = sorted(w.sample(list(range(9, 19)), 0, 5))
            f["programme"] = [{"time": f"{h:02d}:00", "title": w.pick(PROGRAMME)} for h in times]
            if w.rng.random() < 0.03:
                f["cancelled"] = True
        elif kind == "report":
            event = w.pick(events)
            f["date"] = event.fields["start"][:10]
            f["event"] = event.slug
            f["participants"] = w.rng.randint(8, 200)
            f["partners"] = [p.slug for p in w.sample(partners, 0, 5)]
            f["figures"] = [p.slug for p in w.sample(figures, 1, 7)]
        elif kind == "figure":
            f["family"] = w.pick(FAMILIES)
            f["definition"] = w.sentence(plain=True)
            f["related"] = [p.slug for p in w.sample(figures, 0, 4) if p is not spec]
        elif kind == "imaginary":
            f["kind"] = w.pick(KINDS)
            f["credits"] = w.sample(PEOPLE, 0, 3)
            f["figures"] = [p.slug for p in w.sample(figures, 0, 4)]
        elif kind == "story":
            f["status"] = w.pick(STATUSES)
            if w.rng.random() < 0.5:
                f["event"] = w.pick(events).slug
            f["figures"] = [p.slug for p in w.sample(figures, 0, 4)]
        elif kind == "partner":
            f["url"] = f"https://{spec.slug}.example.org/"
        f["tags"] = w.tags()
        spec.links = [w.pick(figures if w.rng.random() < 0.4 else everyone) for _ in range(w.rng.randint(2, 8))]
        spec.body = w.body(spec, w.rng.randint(300, 800))
    return everyone


def _title(w: Writer, folder: str, index: int) -> str:
    """A title in the style of the section."""
    if folder == "rendez-vous":
        return f"{w.pick(EVENT_KINDS)} à {w.pick(CITIES)} : {w.pick(OBJECTS)}"
    if folder == "comptes-rendus":
        subject, plural = w.pick(SUBJECTS)
        that = "Ce qu'" if subject[0] in "aeiouéè" or subject.startswith("l'") else "Ce que "
        return f"{that}{subject} {'peuvent' if plural else 'peut'} transformer : {w.pick(OBJECTS)}"
    if folder == "figures":
        return f"{w.pick(NOUNS)} {w.pick(QUALIFIERS)}"
    if folder == "imaginaires":
        return f"{w.pick(['Panneau', 'Récit', 'Œuvre', 'Mythe', 'Conte', 'Le vivant'])} : {w.pick(NOUNS).lower()} {w.pick(QUALIFIERS)}"
    if folder == "micro-histoires":
        return w.pick(STORY_TITLES) + (f" ({w.pick(CITIES)})" if w.rng.random() < 0.7 else "")
    if folder == "partenaires":
        return f"{w.pick(ORG_KINDS)} {w.pick(CITIES)} {w.pick(NOUNS)}"
    return "À propos" if index == 0 else f"{w.pick(PAGE_TITLES)} {index}"


def _new_spec(w: Writer, folder: str, index: int) -> Spec:
    """An entry with its title and its file name: the title's slug, numbered to stay unique."""
    title = _title(w, folder, index)
    slug = "a-propos" if (folder, index) == ("pages", 0) else f"{slugify(title, max_length=48, word_boundary=True)}-{index + 1}"
    return Spec(folder, slug, {"title": title})  # site.yaml's menu names the page a-propos


def front_matter(fields: dict[str, Any]) -> str:
    """YAML as editors write it: plain keys, strings quoted, lists in flow style."""
    lines = []
    for key, value in fields.items():
        if isinstance(value, dict):
            lines.append(f"{key}:")
            lines += [f"  {k}: {_scalar(v)}" for k, v in value.items()]
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            lines.append(f"{key}:")
            for item in value:
                first, *rest = item.items()
                lines.append(f"  - {first[0]}: {_scalar(first[1])}")
                lines += [f"    {k}: {_scalar(v)}" for k, v in rest]
        elif isinstance(value, list):
            lines.append(f"{key}: [{', '.join(_scalar(v) for v in value)}]")
        else:
            lines.append(f"{key}: {_scalar(value)}")
    return "\n".join(lines) + "\n"


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and SLUG_LIKE.match(value) and value not in YAML_WORDS:
        return value  # slugs and ids, unquoted like in content/
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid double-quoted YAML scalar


def source_text(spec: Spec) -> str:
    """The file as an editor would write it: front matter + Markdown, or YAML with a `body:` block."""
    if spec.suffix == ".yaml":
        indented = "\n".join(f"  {line}" if line else "" for line in spec.body.rstrip("\n").split("\n"))
        return front_matter(spec.fields) + "body: |\n" + indented + "\n"
    return "---\n" + front_matter(spec.fields) + "---\n" + spec.body


def _site_yaml(specs: list[Spec]) -> str:
    """The project's site.yaml, its menu and footer cut to the sections and pages the corpus has."""
    names = set(SHARES) | {spec.slug for spec in specs if spec.folder == "pages"}

    def menu(match: re.Match) -> str:
        kept = [item.strip() for item in match.group(2).split(",") if item.strip() in names]
        return f"{match.group(1)}: [{', '.join(kept)}]"

    settings = (PROJECT / "site.yaml").read_text(encoding="utf-8")
    return re.sub(r"^(menu|footer): \[([^\]]*)\]", menu, settings, flags=re.MULTILINE)


def write_corpus(root: Path, entries: int, seed: int = 1) -> list[Spec]:
    """Write a fresh site (site.yaml + content/) of `entries` entries into `root`; return the entries."""
    if root.exists():
        shutil.rmtree(root)
    (root / "content").mkdir(parents=True)
    specs = plan(entries, seed)
    (root / "site.yaml").write_text(_site_yaml(specs), encoding="utf-8")
    for folder in SHARES:
        (root / "content" / folder).mkdir()
    for spec in specs:
        (root / "content" / spec.path).write_text(source_text(spec), encoding="utf-8")
    return specs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic corpus (site.yaml + content/) for benchmarks.")
    parser.add_argument("root", type=Path, help="folder to (re)create")
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--hugo", type=Path, default=None, help="also write the equivalent Hugo site there")
    args = parser.parse_args(argv)
    specs = write_corpus(args.root, args.entries, args.seed)
    if args.hugo:
        from .hugo_site import write_hugo_site

        write_hugo_site(args.hugo, specs)
    words = sum(len(spec.body.split()) for spec in specs)
    print(f"{len(specs)} entries, {words} words of Markdown, in {args.root}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
