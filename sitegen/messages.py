"""Every sentence an editor sees, in French, in one place (another language can follow)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # Reading files
    "yaml_syntax": "YAML illisible : {problem}",
    "yaml_unknown": "erreur de syntaxe ({english}) — vérifiez l'indentation, les deux-points et les guillemets de cette ligne",
    "yaml_not_mapping": "l'en-tête doit être une liste de champs « nom: valeur » — commencez chaque ligne par le nom d'un champ",
    "yaml_duplicate_key": "champ écrit deux fois — gardez une seule ligne « {field}: … »",
    "no_front_matter": "pas d'en-tête — commencez le fichier par une ligne « --- », les champs (title: …), puis une autre ligne « --- »",
    "unclosed_front_matter": "l'en-tête n'est pas fermé — ajoutez une ligne « --- » après le dernier champ",
    "not_utf8": "le fichier n'est pas en UTF-8 — enregistrez-le en UTF-8 depuis votre éditeur",
    "unknown_section": "dossier inconnu « {folder} » — les dossiers possibles sont : {known}",
    "unknown_extension": "type de fichier ignoré « {ext} » — une entrée s'écrit en .md ou .yaml",
    "bad_slug": "« {value} » ne peut pas servir d'adresse — utilisez des minuscules sans accents, des chiffres et des tirets, par exemple « atelier-rennes »",
    # Validation of fields
    "missing": "champ obligatoire manquant — ajoutez une ligne « {field}: {example} »",
    "extra_forbidden": "champ inconnu{suggestion} — les champs possibles sont : {known}",
    "did_you_mean": " (vouliez-vous dire « {match} » ?)",
    "date": "date invalide « {value} » — écrivez-la AAAA-MM-JJ, par exemple 2016-12-15",
    "datetime": "date invalide « {value} » — écrivez AAAA-MM-JJ ou « AAAA-MM-JJ HH:MM », par exemple 2016-12-15 14:00",
    "int": "nombre entier attendu, pas « {value} » — écrivez seulement des chiffres, par exemple 50",
    "bool": "« {value} » n'est ni vrai ni faux — écrivez true ou false",
    "string": "texte attendu — mettez la valeur entre guillemets si elle contient des deux-points ou des crochets",
    "list": "liste attendue — écrivez [a, b] ou une ligne « - … » par élément",
    "mapping": "groupe de champs attendu — écrivez les sous-champs en retrait sur les lignes suivantes",
    "url": "adresse web invalide « {value} » — elle doit commencer par https:// ou http://",
    "enum": "valeur inconnue « {value} » — les valeurs possibles sont : {known}",
    "empty": "ce champ est vide — écrivez une valeur ou supprimez la ligne",
    "one_line": "une seule ligne attendue — raccourcissez le texte ou supprimez les retours à la ligne",
    "end_before_start": "la fin ({end}) est avant le début ({start}) — corrigez l'une des deux dates",
    "other": "valeur refusée : {detail}",
    # References between entries
    "unknown_ref": "{what} « {value} »{suggestion} — les valeurs possibles sont : {known}",
    "unknown_ref_none": "{what} « {value} » — aucune entrée de ce type n'existe encore",
    "broken_link": "lien vers une entrée introuvable « {target} »{suggestion} — vérifiez le chemin du fichier, relatif à celui-ci",
    "url_collision": "deux pages auraient la même adresse {url} (aussi : {other}) — changez le nom du fichier ou ajoutez un champ « slug: »",
    "missing_image": "image introuvable « {src} » — placez le fichier à côté de l'entrée ou corrigez le chemin",
    "image_unreadable": "image illisible « {src} » ({error}) — enregistrez-la en JPEG ou en PNG depuis un logiciel d'images",
    "image_too_large": "trop de pixels",
    "image_unknown_format": "format inconnu",
    "template_missing": "gabarit introuvable « {name} » — indiquez le nom d'un fichier de templates/ sans .html, ou supprimez ce champ",
    "template_error": "erreur dans le gabarit{about} : {error} — corrigez le gabarit (c'est l'affaire des développeurs)",
    # Site settings
    "site_section_type": "type de section inconnu « {value} » — les types possibles sont : {known}",
    "menu_unknown": "entrée de menu inconnue « {value} » — indiquez un dossier de section ou le slug d'une page",
    # Command line
    "summary_ok": "Site construit : {pages} pages écrites dans {output} en {seconds} s, aucun problème.",
    "summary_check_ok": "Contenu vérifié : {entries} entrées, aucun problème ({seconds} s).",
    "summary_problems": "{count} problème(s) trouvé(s) en {seconds} s — {output} n'a pas été modifié.",
    "missing_site_yaml": "fichier de réglages introuvable — créez site.yaml à la racine du site",
    "bad_now": "date invalide pour --now « {value} » — écrivez AAAA-MM-JJ",
    "serving": "Aperçu sur http://{host}:{port}/ — enregistrez un fichier pour reconstruire, Ctrl+C pour arrêter.",
    "preview_rebuilt": "Aperçu reconstruit : {pages} pages, {count} problème(s).",
    "write_failed": "écriture impossible ({error}) — le site précédent est conservé",
    "search_failed": "index de recherche impossible : {error} — installez les dépendances (python -m pip install -r requirements.txt)",
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
    "calendar_name": "{site} — rendez-vous",
    "calendar_event": "{site} — {event}",
    "calendar_cancelled": "Ce rendez-vous est annulé.",
    "calendar_month_only": "Date précise inconnue : seul le mois est connu.",
    "calendar_year_inferred": "Année déduite des sources, non attestée.",
    "calendar_more": "Plus d'informations : {url}",
}

# PyYAML's problems (English) → what an editor reads; the first matching fragment wins.
YAML_PROBLEMS: dict[str, str] = {
    "mapping values are not allowed": "deux-points inattendus — mettez entre guillemets une valeur qui contient « : », ou alignez le retrait sur les autres champs",
    "cannot start any token": "caractère interdit en début de valeur — indentez avec des espaces (pas de tabulation) ou mettez la valeur entre guillemets",
    "could not find expected ':'": "deux-points manquants — écrivez « nom: valeur »",
    "did not find expected key": "retrait incohérent — alignez ce champ sur les autres, et chaque « - » d'une liste sur le précédent",
    "expected <block end>": "retrait incohérent — alignez ce champ sur les autres",
    "found unexpected end of stream": "guillemets ouverts mais jamais fermés — fermez-les sur la même ligne",
    "while parsing a flow": "crochets ou accolades non fermés — fermez la liste [ … ] ou le groupe { … }",
    "found undefined alias": "alias « * » inconnu — mettez la valeur entre guillemets",
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
    """Return the French sentence `key`, filled with `values`."""
    return MESSAGES[key].format(**values)


def reader_text(key: str, **values: object) -> str:
    """Return the French text `key` that readers see, filled with `values`."""
    return READER[key].format(**values)


def join_known(values: list[str], limit: int = 12) -> str:
    """List allowed values for a hint, shortened when there are many."""
    shown = ", ".join(values[:limit])
    return shown + (f", … ({len(values)} en tout)" if len(values) > limit else "")
