"""How well an organisation could help a project: pure, deterministic functions.

The inputs are plain facts (`ProjectFacts`, `OrganisationFacts`, a `Corpus` of the organisations'
tags and words); the output is a score out of 100 and its reasons as data, one per component
(`reasons.py` turns them into sentences in the reader's language). The formula and its weights
are in docs/decisions.md ("Matchmaking").
"""

import functools
import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass, field

from core.folding import fold

WEIGHTS = {
    "expertise": 35.0,
    "text": 25.0,
    "offers": 15.0,
    "sector": 10.0,
    "past": 10.0,
    "district": 5.0,
}
# Below this a pair is not stored; a pair with nothing but its sector or district never is.
THRESHOLD = 8.0
# From this score a newly found match is told to the organisation's members ("a new matching
# project"): most of the expertise needed, or expertise with words and offers together.
STRONG = 40.0
UNIGRAM = 0.5
SOUGHT = 0.7  # of the sector part; the rest for a sector the organisation wants to work with
SUBSTANCE = ("expertise", "text", "offers")

# English, then Vietnamese folded (no diacritics). Only syllables that are function words
# whatever their marks: a folded syllable stands for every accented one, so "bao" (báo, bão),
# "de" (để, đê), "do" (đó, đo, đỏ), "ban" (bạn, bản đồ), "khi" (khi, khí), "thi" (thì, đô
# thị), "moi" (mọi, môi trường), "tai" (tại, tài nguyên), "du" (dự, dữ liệu), "ai" (ai, AI)
# are words, not noise; how common a word is, the IDF weighs.
_STOP_WORDS = """
a an and are as at be by for from has have in into is it its of on or our that the their this to
we with will can who which what how all any more most other such than then these those very also
about over under between per use used using new need needs project projects help city province
va cua cac nhung mot la duoc trong voi nay se hoac neu boi theo giua rat nhieu chung toi
kia nao gi
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

_TOKEN = re.compile(r"[a-z0-9]+")


_WORD_OR_STOP = re.compile(r"\w+|[.;:!?()\[\]\n·•|/]")


_VOWEL = re.compile(r"[aeiouy]")


def stem(word: str) -> str:
    """An English word's inflections folded together ("floods", "flooding", "flooded" ->
    "flood"; "cities" -> "city"; "managing", "manage" -> "manag"): a light suffix stripper.
    Folded Vietnamese syllables never end in -s, -ed, -ing or, beyond four letters, -e, so
    they pass unchanged; words with digits too."""
    if len(word) < 4 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed"):
        rest = word[: -len(suffix)]
        if word.endswith(suffix) and len(rest) >= 3 and _VOWEL.search(rest):
            if not word.endswith("eed"):
                word = rest
                if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
                    word = word[:-1]  # "mapping" -> "map", "planned" -> "plan"
            break
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    return word


@functools.lru_cache(maxsize=65536)
def _fold_word(written: str) -> str:
    """One word folded to its letters and digits, English inflections stemmed (cached: a
    language has few words, and a refresh folds the same ones for thousands of projects)."""
    return stem("".join(_TOKEN.findall(fold(written))))


def _is_stop(written: str, folded: str) -> bool:
    return len(folded) < 2 or folded in STOP_WORDS or fold(written) in STOP_WORDS


def _words(text: str) -> list[tuple[str, str] | None]:
    """(folded, as written) for each word, None for a stop word or a sentence's end (so that
    a pair is two words that stand side by side: "cảnh báo ngập" gives "canh bao" and "bao
    ngap", never a pair across "và" or a full stop)."""
    words: list[tuple[str, str] | None] = []
    for match in _WORD_OR_STOP.finditer(text or ""):
        written = match.group()
        if not written[0].isalnum() and written[0] != "_":
            words.append(None)  # . ; : ! ? ( ) and the like end a run of words
            continue
        folded = _fold_word(written)
        words.append(None if _is_stop(written, folded) else (folded, written.lower()))
    return words


def _pairs(words):
    return [(a, b) for a, b in itertools.pairwise(words) if a and b]


def tokens(text: str) -> list[str]:
    """Folded words without stop words, and the pairs of neighbours (Vietnamese words are
    often two syllables: "ngap lut", "cam bien")."""
    words = _words(text)
    return [w[0] for w in words if w] + [f"{a[0]} {b[0]}" for a, b in _pairs(words)]


@functools.lru_cache(maxsize=256)
def written_forms(text: str) -> dict[str, str]:
    """{token: how the text first writes it}: reasons quote "ngập lụt", not "ngap lut".
    Cached: a refresh asks it of one project for each organisation (read it, never change it)."""
    words = _words(text)
    forms = {}
    for (a, written_a), (b, written_b) in _pairs(words):
        forms.setdefault(f"{a} {b}", f"{written_a} {written_b}")
    for folded, written in filter(None, words):
        forms.setdefault(folded, written)
    return forms


@functools.lru_cache(maxsize=8192)
def tag_key(name: str) -> str:
    """A tag compared folded. Cached: a refresh folds the same few hundred tags for every pair."""
    return " ".join(stem(word) for word in _TOKEN.findall(fold(name)))


@dataclass(frozen=True)
class ProjectFacts:
    id: int
    organisation_id: int
    text: str  # title, summary, description
    tags: tuple[str, ...]  # the expertise needed
    sectors_sought: tuple[str, ...]
    district: str
    theme: str
    owner_sector: str
    need_kinds: tuple[str, ...]


@dataclass(frozen=True)
class OfferFacts:
    id: int
    kind: str
    title: str
    districts: tuple[str, ...]


@dataclass(frozen=True)
class OrganisationFacts:
    id: int
    sector: str
    district: str
    text: str  # description, expertise, offers
    tags: tuple[str, ...]
    offers: tuple[OfferFacts, ...] = ()
    # What it has done: the themes and owners' sectors of the projects whose solutions it led
    # or partnered, and those projects' organisations.
    past_themes: frozenset[str] = frozenset()
    past_owner_sectors: frozenset[str] = frozenset()
    past_owners: frozenset[int] = frozenset()
    # The sectors it wants to work with (its capability profile).
    sectors_wanted: tuple[str, ...] = ()


@dataclass
class Corpus:
    """Document frequencies over the organisations: how rare a tag or a word is."""

    size: int = 0
    tag_df: Counter = field(default_factory=Counter)
    word_df: Counter = field(default_factory=Counter)
    vectors: dict[int, dict[str, float]] = field(default_factory=dict)

    def idf(self, df: int) -> float:
        return math.log((1 + self.size) / (1 + df)) + 1.0

    def vector(self, text: str) -> dict[str, float]:
        """TF-IDF, normalised. A single syllable says less than a pair (Vietnamese "học" and
        "giao" are in everything; "ngập lụt" is not): unigrams count UNIGRAM of a pair."""
        counts = Counter(tokens(text))
        vector = {
            t: (1 + math.log(n)) * self.idf(self.word_df[t]) * (1.0 if " " in t else UNIGRAM)
            for t, n in counts.items()
        }
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        return {t: v / norm for t, v in vector.items()}


def build_corpus(organisations: list[OrganisationFacts]) -> Corpus:
    corpus = Corpus(size=len(organisations))
    for organisation in organisations:
        corpus.tag_df.update({tag_key(t) for t in organisation.tags})
        corpus.word_df.update(set(tokens(organisation.text)))
    for organisation in organisations:
        corpus.vectors[organisation.id] = corpus.vector(organisation.text)
    return corpus


def _expertise(project: ProjectFacts, organisation: OrganisationFacts, corpus: Corpus):
    needed = {tag_key(t): t for t in project.tags if tag_key(t)}
    if not needed:
        return 0.0, None
    theirs = {tag_key(t) for t in organisation.tags}
    shared = sorted(key for key in needed if key in theirs)
    if not shared:
        return 0.0, None
    weight = {key: corpus.idf(corpus.tag_df[key]) for key in needed}
    value = sum(weight[k] for k in shared) / sum(weight.values())
    # Rarest first: the tags that say most.
    shared.sort(key=lambda k: (-weight[k], k))
    reason = {
        "code": "expertise",
        "count": len(shared),
        "total": len(needed),
        "tags": [needed[k] for k in shared],
    }
    return value, reason


def _text(
    project: ProjectFacts,
    project_vector: dict[str, float],
    organisation: OrganisationFacts,
    corpus: Corpus,
):
    theirs = corpus.vectors.get(organisation.id) or corpus.vector(organisation.text)
    common = {t: project_vector[t] * theirs[t] for t in project_vector.keys() & theirs.keys()}
    cosine = sum(common.values())
    if cosine < 0.05:
        return 0.0, None
    # Cosines of short texts rarely pass 0.5: scale so that 0.5 counts fully.
    value = min(1.0, cosine * 2)
    # Quote the strongest terms as the project writes them, a pair before its own syllables.
    forms = written_forms(project.text + " " + " ".join(project.tags))
    quoted: list[str] = []
    for term in sorted(common, key=lambda t: (-common[t], t)):
        if any(set(term.split()) & set(q.split()) for q in quoted):
            continue  # "biến mực" after "cảm biến": one quote per syllable
        quoted.append(term)
        if len(quoted) == 3:
            break
    return value, {"code": "text", "words": [forms.get(t, t) for t in quoted]}


def _sector(project: ProjectFacts, organisation: OrganisationFacts):
    """Mostly that the project seeks the organisation's sector; a little that the organisation
    wants to work with the sector that leads the project."""
    if organisation.sector in project.sectors_sought:
        value, reason = SOUGHT, {"code": "sector", "sector": organisation.sector}
    else:
        value, reason = 0.0, None
    if project.owner_sector in organisation.sectors_wanted:
        value += 1.0 - SOUGHT
        reason = reason or {"code": "wanted", "sector": project.owner_sector}
    return value, reason


def _covers(districts, district: str) -> bool:
    return district in districts or "province" in districts or district == "province"


def _district(project: ProjectFacts, organisation: OrganisationFacts):
    """Based in the project's district, or offering something there by name (a province-wide
    project or offer says nothing about a district)."""
    if project.district == "province":
        return 0.0, None
    if organisation.district == project.district:
        return 1.0, {"code": "district", "district": project.district}
    if any(project.district in offer.districts for offer in organisation.offers):
        return 1.0, {"code": "district_offer", "district": project.district}
    return 0.0, None


def _offers(project: ProjectFacts, organisation: OrganisationFacts):
    needed = set(project.need_kinds)
    if not needed:
        return 0.0, None
    meeting = [offer for offer in organisation.offers if offer.kind in needed]
    if not meeting:
        return 0.0, None
    kinds = sorted({offer.kind for offer in meeting})
    value = len(kinds) / len(needed)
    named = [o for o in meeting if project.district in o.districts]
    wide = [o for o in meeting if "province" in o.districts]
    first = (named or wide or meeting)[0]
    reason = {
        "code": "offers",
        "kinds": kinds,
        "offer_ids": sorted(offer.id for offer in meeting),
        "title": first.title,
        "kind": first.kind,
        "district": project.district if named and project.district != "province" else "",
        "province": bool(not named and wide),
    }
    return value, reason


def _past(project: ProjectFacts, organisation: OrganisationFacts):
    if project.organisation_id in organisation.past_owners:
        return 1.0, {"code": "past_owner"}
    if project.theme in organisation.past_themes:
        return 0.7, {"code": "past_theme", "theme": project.theme}
    if project.owner_sector in organisation.past_owner_sectors:
        return 0.5, {"code": "past_sector", "sector": project.owner_sector}
    return 0.0, None


def score(
    project: ProjectFacts,
    organisation: OrganisationFacts,
    corpus: Corpus,
    project_vector: dict[str, float] | None = None,
) -> tuple[float, list[dict]]:
    """(score out of 100, reasons in the order of their weight); (0, []) when the pair is not
    worth showing."""
    if project_vector is None:
        project_vector = corpus.vector(project.text + " " + " ".join(project.tags))
    parts = {
        "expertise": _expertise(project, organisation, corpus),
        "text": _text(project, project_vector, organisation, corpus),
        "offers": _offers(project, organisation),
        "sector": _sector(project, organisation),
        "past": _past(project, organisation),
        "district": _district(project, organisation),
    }
    if not any(parts[name][0] for name in SUBSTANCE):
        return 0.0, []
    total = round(sum(WEIGHTS[name] * value for name, (value, _r) in parts.items()), 2)
    if total < THRESHOLD:
        return 0.0, []
    return total, [reason for _value, reason in parts.values() if reason]


def rank(
    project: ProjectFacts, organisations: list[OrganisationFacts], corpus: Corpus
) -> list[tuple[OrganisationFacts, float, list[dict]]]:
    """The organisations worth showing, best first (ties by id: deterministic)."""
    vector = corpus.vector(project.text + " " + " ".join(project.tags))
    rows = []
    for organisation in organisations:
        if organisation.id == project.organisation_id:
            continue
        value, reasons = score(project, organisation, corpus, vector)
        if value:
            rows.append((organisation, value, reasons))
    rows.sort(key=lambda row: (-row[1], row[0].id))
    return rows
