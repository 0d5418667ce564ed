"""Every sentence an editor sees, in French, in one place (another language can follow)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # Reading files
    "yaml_syntax": "YAML illisible : {problem}",
    "yaml_unknown": "erreur de syntaxe ({english}) — vérifiez l'indentation, les deux-points et les guillemets de cette ligne",
    "yaml_not_mapping": "l'en-tête doit être une liste de champs « nom: valeur » — commencez chaque ligne par le nom d'un champ",
    "yaml_unclosed_quote": "guillemet {quote} ouvert sur cette ligne et jamais fermé — ajoutez le {quote} fermant à la fin de la valeur, sur cette même ligne",
    "yaml_duplicate_key": "champ écrit deux fois — gardez une seule ligne « {field}: … »",
    "no_front_matter": "pas d'en-tête — commencez le fichier par une ligne « --- », les champs (title: …), puis une autre ligne « --- »",
    "unclosed_front_matter": "l'en-tête n'est pas fermé — ajoutez une ligne « --- » après le dernier champ",
    "not_utf8": "le fichier n'est pas en UTF-8 (octet {byte} illisible sur cette ligne) — enregistrez-le en UTF-8 depuis votre éditeur",
    "unreadable": "fichier illisible ({error}) — vérifiez qu'il n'est pas ouvert ailleurs ou protégé, puis enregistrez-le à nouveau",
    "not_a_file": "ce n'est pas un fichier ordinaire (tube, périphérique…) — remplacez-le par un vrai fichier .md ou .yaml",
    "empty_file": "fichier vide — écrivez ses champs (title: …), entre deux lignes « --- » pour un fichier .md, ou supprimez le fichier",
    "binary_file": "fichier binaire (image, PDF, document Word… ?) et non texte — une entrée s'écrit en texte .md ou .yaml ; une image garde son extension (.jpg, .png…)",
    "file_too_big": "fichier trop volumineux ({size} Ko pour une limite de {limit} Ko) — découpez-le en plusieurs entrées, ou relevez limits.max_file_kb dans site.yaml",
    "control_character": "caractère invisible interdit ({code}) sur cette ligne — supprimez-le (il vient souvent d'un copier-coller)",
    "yaml_too_deep": "l'en-tête est imbriqué trop profondément (plus de {limit} niveaux de listes ou de groupes) — simplifiez-le",
    "yaml_too_big": "l'en-tête est trop volumineux une fois ses alias (*…) développés (limite : {limit} valeurs, réglage limits.max_yaml_values de site.yaml) — écrivez les valeurs sans alias",
    "yaml_recursive_alias": "alias (*…) qui se contient lui-même — écrivez la valeur sans alias",
    "unknown_section": "dossier inconnu « {folder} » — les dossiers possibles sont : {known}",
    "unknown_extension": "type de fichier ignoré « {ext} » — une entrée s'écrit en .md ou .yaml",
    "reserved_name": "« {value} » est un nom réservé par Windows (CON, PRN, AUX, NUL, COM1…, LPT1…) : la page ne pourrait pas y être copiée — choisissez un autre nom",
    "tag_without_letters": "étiquette « {value} » sans lettre ni chiffre — elle ne peut pas avoir de page ; écrivez-la avec des mots",
    "unportable_name": 'nom de fichier impossible sous Windows (caractère parmi \\ / : * ? " < > |, caractère invisible, point ou espace final, ou nom réservé comme CON ou NUL) — renommez le fichier avec des lettres, des chiffres et des tirets',
    "name_not_utf8": "nom de fichier écrit dans un autre encodage que l'UTF-8 (archive venue d'un vieux système ?) — renommez le fichier",
    "symlink_outside": "lien symbolique qui mène hors de content/ — copiez le fichier lui-même à cet endroit",
    "bad_slug": "« {value} » ne peut pas servir d'adresse — utilisez des minuscules sans accents, des chiffres et des tirets, par exemple « atelier-rennes »",
    # Validation of fields
    "missing": "champ obligatoire manquant — ajoutez une ligne « {field}: {example} »",
    "extra_forbidden": "champ inconnu{suggestion} — les champs possibles sont : {known}",
    "did_you_mean": " (vouliez-vous dire « {match} » ?)",
    "date": "date invalide « {value} » — écrivez-la AAAA-MM-JJ, par exemple 2016-12-15",
    "datetime": "date invalide « {value} » — écrivez AAAA-MM-JJ ou « AAAA-MM-JJ HH:MM », par exemple 2016-12-15 14:00",
    "datetime_offset": "heure avec un décalage horaire « {value} » — écrivez l'heure de Paris sans décalage, « AAAA-MM-JJ HH:MM », par exemple 2016-12-15 14:00",
    "int": "nombre entier attendu, pas « {value} » — écrivez seulement des chiffres, par exemple 50",
    "bool": "« {value} » n'est ni vrai ni faux — écrivez true ou false",
    "string": "texte attendu, pas une liste ni un groupe de champs — écrivez la valeur sur la même ligne ; si elle commence par [ ou {{, mettez-la entre guillemets",
    "list": "liste attendue — écrivez [a, b] ou une ligne « - … » par élément",
    "mapping": "groupe de champs attendu — écrivez les sous-champs en retrait sur les lignes suivantes",
    "url": "adresse web invalide « {value} » — elle doit commencer par https:// ou http://",
    "enum": "valeur inconnue « {value} » — les valeurs possibles sont : {known}",
    "empty": "ce champ est vide — écrivez sa valeur après les deux-points",
    "empty_optional": "ce champ est vide — écrivez sa valeur après les deux-points, ou supprimez la ligne (ce champ est facultatif)",
    "alt_blank": 'texte de remplacement vide — décrivez l\'image pour qui ne la voit pas après « alt: », ou écrivez « alt: "" » si elle est purement décorative',
    "missing_alt": 'texte de remplacement manquant — ajoutez une ligne « alt: » qui décrit l\'image pour qui ne la voit pas, ou « alt: "" » si elle est purement décorative',
    "one_line": "une seule ligne attendue — raccourcissez le texte ou supprimez les retours à la ligne",
    "end_before_start": "la fin ({end}) est avant le début ({start}) — corrigez l'une des deux dates",
    "other": "valeur refusée : {detail}",
    # References between entries
    "unknown_ref": "{what} « {value} »{suggestion} — les valeurs possibles sont : {known}",
    "unknown_ref_none": "{what} « {value} » — aucune entrée de ce type n'existe encore",
    "markdown_too_complex": "texte trop complexe à mettre en forme (plus de {seconds} s, ou des imbrications sans fin de listes, citations ou crochets) — simplifiez le passage ou découpez l'entrée",
    "broken_link": "lien vers une entrée introuvable « {target} »{suggestion} — vérifiez le chemin du fichier, relatif à celui-ci",
    "url_collision": "deux pages auraient la même adresse {url} (aussi : {other}) — changez le nom du fichier ou ajoutez un champ « slug: »",
    "missing_image": "image introuvable « {src} » — placez le fichier à côté de l'entrée ou corrigez le chemin",
    "image_unreadable": "image illisible « {src} » ({error}) — enregistrez-la en JPEG ou en PNG depuis un logiciel d'images",
    "too_many_tags": "trop d'étiquettes ({count} pour une limite de {limit}) — gardez les {limit} plus utiles (une étiquette sert à retrouver des entrées voisines), ou relevez limits.{setting} dans site.yaml",
    "too_many_items": "liste trop longue ({count} éléments pour une limite de {limit}) — gardez-en au plus {limit}, découpez l'entrée, ou relevez limits.{setting} dans site.yaml",
    "too_long": "texte trop long ({count} caractères pour une limite de {limit}) — raccourcissez-le (le détail a sa place dans le corps de l'entrée), ou relevez limits.{setting} dans site.yaml",
    "image_svg": "image SVG refusée « {src} » : un fichier SVG peut contenir du code que le navigateur exécuterait — exportez-la en PNG (ou en JPEG) depuis un logiciel de dessin et nommez ce fichier à la place",
    "image_too_large": "trop de pixels",
    "image_unknown_format": "format inconnu",
    "template_missing": "gabarit introuvable « {name} » — indiquez le nom d'un fichier de templates/ sans .html, ou supprimez ce champ",
    "template_error": "erreur dans le gabarit{about} : {error} — corrigez le gabarit (c'est l'affaire des développeurs)",
    # Site settings
    "site_section_type": "type de section inconnu « {value} » — les types possibles sont : {known}",
    "bad_edit_url": "adresse de modification invalide « {value} » — écrivez l'adresse web de la page d'édition du dépôt, avec {{path}} à la place du fichier, par exemple https://github.com/fing/thinksmall/edit/main/{{path}}",
    "html_unsafe": "« {value} » ne peut pas être autorisé : il permettrait d'exécuter du code ou de détourner les pages — retirez-le de la liste",
    "menu_unknown": "entrée de menu inconnue « {value} » — indiquez un dossier de section ou le slug d'une page",
    "footer_unknown": "page de pied de page inconnue « {value} » — indiquez le slug d'une page de content/pages/ : {known}",
    "booklet_missing": "page du livret indiquée, mais aucun livret n'est décrit — ajoutez « booklet: » (title, url) dans site.yaml, ou supprimez ce champ",
    "booklet_page_beyond": "page {page} au-delà de la fin du livret ({pages} pages, réglage booklet.pages de site.yaml) — corrigez le numéro de page",
    # Command line
    "summary_ok": "Site construit : {pages} pages écrites dans {output} en {seconds} s, aucun problème.",
    "summary_check_ok": "Contenu vérifié : {entries} entrées, aucun problème ({seconds} s).",
    "summary_check_warnings": "Contenu vérifié en {seconds} s : {entries} entrées, de quoi construire le site, mais la publication (check --strict) refusera les {count} avertissement(s) ci-dessus — corrigez-les avant de proposer vos changements.",
    "summary_problems": "{count} problème(s) trouvé(s) en {seconds} s — {output} n'a pas été modifié.",
    "missing_site_yaml": "fichier de réglages introuvable — créez site.yaml à la racine du site",
    "bad_now": "date invalide pour --now « {value} » — écrivez AAAA-MM-JJ",
    "serving": "Aperçu sur http://{host}:{port}/ — enregistrez un fichier pour reconstruire, Ctrl+C pour arrêter.",
    "preview_failed": "la construction s'est arrêtée sur une erreur inattendue ({error}) — annulez la dernière modification de ce fichier, puis signalez l'erreur aux développeurs",
    "preview_browser": "Navigateur connecté : {url}",
    "preview_port": "impossible d'ouvrir l'aperçu sur {host}:{port} ({error}) — ce port est peut-être déjà pris : essayez --port 8001",
    "preview_stopped": "Aperçu arrêté.",
    "preview_rebuilt": "Aperçu reconstruit : {pages} pages, {count} problème(s).",
    "preview_banner": "{count} problème(s) à corriger : les entrées en cause manquent à cet aperçu, le reste est à jour.",
    "preview_banner_link": "toute la liste",
    "output_contains_site": "le dossier de sortie « {path} » contient le site lui-même (ou le programme) : une construction le remplacerait — choisissez un dossier à part, par exemple output/",
    "output_inside_sources": "le dossier de sortie « {path} » est {folder} ou se trouve dedans : il écraserait des fichiers sources — choisissez un dossier à part, par exemple output/",
    "output_not_folder": "« {path} » existe et n'est pas un dossier — choisissez un autre dossier de sortie",
    "output_foreign": "le dossier de sortie « {path} » existe déjà et n'a pas été produit par build.py : tout son contenu serait remplacé — choisissez un dossier nouveau ou vide",
    "build_running": "une autre construction de {output}/ est déjà en cours (build.py ou l'aperçu) — attendez qu'elle se termine, puis relancez",
    "output_marker": "Dossier produit par build.py (Questions Numériques — Think Small) : il est remplacé en entier à chaque construction.\n",
    "write_failed": "écriture impossible ({error}) — le site précédent est conservé",
    "search_failed": "index de recherche impossible : {error} — installez les dépendances (python -m pip install -r requirements.txt)",
    # Drafts and scheduled entries
    "why_draft": "brouillon",
    "why_scheduled": "à paraître le {date}",
    "draft_mark": "Brouillon : cette page n'apparaît que dans l'aperçu, pas sur le site publié.",
    "scheduled_mark": "Brouillon : cette page paraîtra le {date} ; d'ici là, elle n'apparaît que dans l'aperçu.",
    "hidden_reference": "« {value} » n'est pas publié ({why}) — la référence est omise du site publié ; publiez cette entrée ou retirez la référence",
    "hidden_link": "lien vers « {target} », qui n'est pas publié ({why}) — le lien devient du simple texte sur le site publié ; publiez cette entrée ou retirez le lien",
    # Strict checks (--strict)
    "strict_broken_link": "lien interne cassé « {href} » : aucune page ni aucun fichier du site à cette adresse — corrigez l'adresse ou le chemin du fichier",
    "strict_broken_anchor": "ancre introuvable « #{anchor} » dans {page}{suggestion} — visez l'un des intertitres de cette page ou retirez « #{anchor} »",
    "strict_missing_image": "image introuvable « {src} » : aucun fichier du site à cette adresse — placez l'image à côté du fichier de l'entrée, ou corrigez le chemin",
    "strict_missing_alt": 'image sans texte de remplacement « {src} » — décrivez-la pour qui ne la voit pas : ![description](…) dans le texte ; une image purement décorative se déclare dans le champ images: avec alt: ""',
    "strict_close_tag": "étiquette « {tag} » employée une seule fois{suggestion} — écrivez-la comme l'étiquette existante ; s'il s'agit bien d'un autre thème, donnez-le à plus d'une entrée",
    "strict_unused_file": "aucune entrée n'utilise ce fichier — citez-le dans le champ images: ou dans le texte d'une entrée, ou supprimez-le",
    # Command line: help and usage errors
    "cli_usage": "utilisation : ",
    "cli_error": "{prog} : erreur : {text}",
    "cli_description": "Construit le site « Think Small » à partir de content/.",
    "cli_commands_title": "commande",
    "cli_options_title": "options",
    "cli_command_metavar": "COMMANDE",
    "cli_command_help": "build : construire output/ (par défaut) ; check : vérifier sans écrire ; serve : aperçu en direct ; new TYPE TITRE : créer une entrée ; guide : écrire le guide des éditeurs ; cms : espace d'édition dans le navigateur",
    "cli_words_metavar": "TYPE TITRE",
    "cli_words_help": "pour new : le type d'entrée (rendez-vous, figure, histoire…) et son titre",
    "cli_help_help": "afficher cette aide et quitter",
    "cli_strict_help": "vérifier aussi liens, ancres, images, étiquettes et fichiers inutilisés",
    "cli_format_help": "github : problèmes en annotations GitHub Actions (par défaut : une ligne par problème)",
    "cli_folder_metavar": "DOSSIER",
    "cli_root_help": "dossier du site (contient site.yaml et content/)",
    "cli_output_help": "dossier de sortie (par défaut : output/ dans le dossier du site)",
    "cli_now_help": "date du jour à utiliser, pour des constructions reproductibles",
    "cli_cache_help": "dossier des caches (par défaut : {folder}/ dans le dossier du site)",
    "cli_host_metavar": "ADRESSE",
    "cli_host_help": "adresse de l'aperçu (serve)",
    "cli_port_help": "port de l'aperçu (serve)",
    "cli_unknown_command": "commande inconnue « {command} »{suggestion} — les commandes possibles sont : {known}",
    "cli_unknown_option": "option inconnue « {option} »{suggestion} — les options possibles sont : {known}",
    "cli_unknown_format": "format inconnu « {value} » pour --format — écrivez --format github, ou retirez l'option",
    "cli_bad_port": "port invalide « {value} » pour --port — écrivez un nombre entre 1 et 65535, par exemple 8001",
    "cli_needs_value": "l'option {option} attend une valeur — écrivez-la après l'option, par exemple {option} valeur (voir --help)",
    "cli_flag_value": "l'option {option} ne prend pas de valeur — écrivez-la seule",
    "cli_bad_command_line": "ligne de commande incomprise — voir python build.py --help",
    # Command line: new, guide
    "new_usage": 'new attend un type et un titre, par exemple : python build.py new rendez-vous "Atelier à Marseille"',
    "unexpected_words": "argument en trop « {words} » — seule la commande new prend un type et un titre",
    "new_unknown_type": "type d'entrée inconnu « {kind} » — les types possibles sont : {known}",
    "new_empty_slug": "le titre « {title} » ne donne pas de nom de fichier — utilisez au moins une lettre ou un chiffre",
    "new_exists": "{path} existe déjà — choisissez un autre titre, ou modifiez ce fichier",
    "new_created": "Nouvelle entrée : {path}",
    "new_next": "C'est un brouillon : elle apparaît dans l'aperçu (python build.py serve) avec la mention « brouillon », pas sur le site publié. Complétez les champs, puis supprimez la ligne « draft: true » pour la publier.",
    "scaffold_draft": "brouillon : visible dans l'aperçu seulement ; supprimez cette ligne pour publier",
    "scaffold_optional": "Champs facultatifs : retirez le « # » en début de ligne pour en utiliser un.",
    "scaffold_todo": "À compléter",
    "scaffold_body": "Écrivez ici le texte de l'entrée, en Markdown.",
    "guide_written": "Guide des éditeurs écrit dans {path}.",
    # GitHub annotations (--format github)
    "annotation_title": "Problème de contenu",
}

# What readers see that the engine writes itself (templates hold the rest of the reader's French).
READER: dict[str, str] = {
    "crumb_home": "Accueil",
    "tags_title": "Étiquettes",
    "search_title": "Rechercher",
    "page_number": "Page {number}",
    "paged_title": "{title} (page {number} sur {count})",
    "feed_site": "{site} — toutes les publications",
    "feed_section": "{site} — {section}",
    "feed_tag": "{site} — étiquette « {tag} »",
    "feed_rights": "Contenus sous licence {licence} ({url})",
    "feed_gloss": "Glose du site : {definition}",
    "calendar_name": "{site} — rendez-vous",
    "calendar_event": "{site} — {event}",
    "calendar_cancelled": "Ce rendez-vous est annulé.",
    "calendar_month_only": "Date précise inconnue : seul le mois est connu.",
    "calendar_year_inferred": "Année déduite des sources, non attestée.",
    "calendar_more": "Plus d'informations : {url}",
    # The figure map (render/figure_map.py): what cites each figure
    "map_cited": "citée par {what}",
    "map_cited_none": "citée par aucune autre publication du site",
    "map_story_one": "{count} micro-histoire",
    "map_story_many": "{count} micro-histoires",
    "map_report_one": "{count} compte rendu",
    "map_report_many": "{count} comptes rendus",
    "map_imaginary_one": "{count} imaginaire",
    "map_imaginary_many": "{count} imaginaires",
    "map_story_legend": "une micro-histoire qui la cite",
    "map_report_legend": "un compte rendu qui la cite",
    "map_imaginary_legend": "un imaginaire qui la cite",
}

# Kinds of values, for the field reference of the editor's guide (sitegen/fields.py names the kinds).
FIELD_KINDS: dict[str, str] = {
    "line": "texte sur une ligne",
    "alt": 'texte sur une ligne, ou "" pour une image décorative',
    "text": "texte, sur une ou plusieurs lignes",
    "day": "date AAAA-MM-JJ",
    "when": "date AAAA-MM-JJ, ou date et heure « AAAA-MM-JJ HH:MM »",
    "slug": "identifiant : minuscules sans accents, chiffres et tirets",
    "bool": "true ou false",
    "int": "nombre entier",
    "url": "adresse web complète (https://…)",
    "choice": "une valeur parmi : {values}",
    "group": "groupe de champs : {fields}",
    "list": "liste [a, b] ; chaque élément : {item}",
    "entry_ref": "nom de fichier, sans extension, d'une entrée de {folders}",
    "list_ref": "identifiant déclaré dans site.yaml : {values}",
    "required": "oui",
    "optional": "non",
    "default": "Par défaut : {value}",
}

# PyYAML's problems (English) → what an editor reads; the first matching fragment wins.
YAML_PROBLEMS: dict[str, str] = {
    "tab character": "tabulation dans le retrait — indentez avec des espaces, jamais avec la touche Tab",
    "mapping values are not allowed": "deux-points inattendus — mettez entre guillemets une valeur qui contient « : », ou alignez le retrait sur les autres champs",
    "cannot start any token": "caractère interdit en début de valeur — indentez avec des espaces (pas de tabulation) ou mettez la valeur entre guillemets",
    "could not find expected ':'": "deux-points manquants — écrivez « nom: valeur »",
    "did not find expected key": "retrait incohérent — alignez ce champ sur les autres, et chaque « - » d'une liste sur le précédent",
    "expected <block end>": "retrait incohérent — alignez ce champ sur les autres",
    "found unexpected end of stream": "guillemets ouverts mais jamais fermés — fermez-les sur la même ligne",
    "while parsing a flow": "crochets ou accolades non fermés — fermez la liste [ … ] ou le groupe { … }",
    "found undefined alias": "alias « * » inconnu — mettez la valeur entre guillemets",
    "could not determine a constructor": "étiquette YAML non autorisée (« !!… » ou « !… ») — retirez-la : seuls du texte, des nombres, des listes et des groupes de champs sont acceptés",
    "expected a single document": "plusieurs documents YAML dans un fichier — retirez les lignes « --- » ou « ... » en trop",
}

# The French word for each type of entry, besides its section's names in site.yaml (`new histoire …`).
TYPE_WORDS: dict[str, str] = {
    "event": "événement",
    "report": "compte-rendu",
    "figure": "figure",
    "imaginary": "imaginaire",
    "story": "histoire",
    "partner": "partenaire",
    "page": "page",
}

# How a message names a reference that points nowhere, by target type.
REFERENCE_NAMES: dict[str, str] = {
    "partner": "partenaire inconnu",
    "event": "rendez-vous inconnu",
    "figure": "figure-modèle inconnue",
    "family": "famille inconnue",
    "kind": "genre d'imaginaire inconnu",
    "status": "statut inconnu",
}


def message(key: str, **values: object) -> str:
    """Return the French sentence `key`, filled with `values` (an editor's `value` shortened to one glance)."""
    if "value" in values:
        values["value"] = shorten(str(values["value"]))
    return MESSAGES[key].format(**values)


def reader_text(key: str, **values: object) -> str:
    """Return the French text `key` that readers see, filled with `values`."""
    return READER[key].format(**values)


def shorten(text: str, limit: int = 80) -> str:
    """`text`, cut with an ellipsis when longer than `limit` characters."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def join_known(values: list[str], limit: int = 12) -> str:
    """List allowed values for a hint, shortened when there are many."""
    shown = ", ".join(values[:limit])
    return shown + (f", … ({len(values)} en tout)" if len(values) > limit else "")


# The editing room (/admin/, Decap CMS): the label of every field of the schemas, the names of the
# values of `date_precision`, the room's own words, and what `build.py cms` says.
ROOM_LABELS: dict[str, str] = {
    "title": "Titre",
    "slug": "Adresse (slug)",
    "summary": "Résumé",
    "tags": "Étiquettes",
    "template": "Gabarit",
    "draft": "Brouillon",
    "publish": "Date de mise en ligne",
    "images": "Images",
    "src": "Fichier image",
    "alt": "Description de l'image (texte alternatif)",
    "caption": "Légende",
    "credit": "Crédit",
    "licence": "Licence",
    "start": "Début",
    "end": "Fin",
    "date_precision": "Précision de la date",
    "date_inferred": "Année déduite",
    "sources": "Sources (note en fin de page)",
    "booklet_page": "Page dans le livret",
    "definition_by": "Auteur de la définition",
    "participants_approximate": "Nombre approximatif",
    "venue": "Lieu",
    "name": "Nom du lieu",
    "address": "Adresse",
    "city": "Ville",
    "partners": "Partenaires",
    "registration": "Inscription",
    "programme": "Programme",
    "time": "Heure",
    "cancelled": "Annulé",
    "date": "Date",
    "event": "Rendez-vous",
    "participants": "Participants",
    "figures": "Figures-modèles",
    "family": "Famille",
    "definition": "Définition",
    "related": "Figures voisines",
    "kind": "Genre",
    "credits": "Auteurs et autrices",
    "status": "Statut",
    "url": "Site web",
    "body": "Texte",
}
ROOM: dict[str, str] = {
    "choice_day": "au jour près",
    "choice_month": "au mois près",
    "body_hint": "Le texte de la page, en Markdown : titres (##), listes, liens vers d'autres entrées.",
    "slug_pattern": "des minuscules sans accents, des chiffres et des tirets, par exemple « atelier-rennes »",
    "url_pattern": "une adresse qui commence par https:// ou http://",
    "when_pattern": "une date AAAA-MM-JJ, ou une date et une heure AAAA-MM-JJ HH:MM (heure de Paris)",
    "page_title": "Espace d'édition — {title}",
    "noscript": "L'espace d'édition a besoin de JavaScript.",
    "cms_needs_npm": "l'espace d'édition a besoin de Node.js et de decap-server — lancez « npm ci » dans le dossier du projet (Node.js s'installe depuis nodejs.org ou votre gestionnaire de paquets)",
    "cms_started": "Espace d'édition : http://{host}:{port}/admin/ (il écrit dans {content}) ; aperçu : http://{host}:{port}/ — Ctrl+C pour arrêter",
    "cms_port_taken": "port déjà occupé",
    "cms_backend_failed": "decap-server ne démarre pas",
    "cms_port": "impossible d'ouvrir l'espace d'édition sur {host}:{port} ({error}) — fermez l'autre espace d'édition, ou choisissez un autre port avec --port",
}
