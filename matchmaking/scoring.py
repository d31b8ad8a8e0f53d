"""How well an organisation could help a project: pure, deterministic functions.

The inputs are plain facts (`ProjectFacts`, `OrganisationFacts`, a `Corpus` of the organisations'
tags and words); the output is a score out of 100 and its reasons as data, one per component
(`reasons.py` turns them into sentences in the reader's language). The formula and its weights
are in docs/decisions.md ("Matchmaking").
"""

import functools
import heapq
import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from sys import intern

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
def _word(written: str) -> tuple[str, str] | None:
    """(folded, as written) for one word: its letters and digits folded, English inflections
    stemmed; None for a stop word. Cached: a language has few words, and a refresh folds the
    same ones for thousands of projects."""
    folded = stem("".join(_TOKEN.findall(fold(written))))
    if len(folded) < 2 or folded in STOP_WORDS or fold(written) in STOP_WORDS:
        return None
    return folded, written.lower()


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
        words.append(_word(written))
    return words


def _pairs(words):
    return [(a, b) for a, b in itertools.pairwise(words) if a and b]


def tokens(text: str) -> list[str]:
    """Folded words without stop words, and the pairs of neighbours (Vietnamese words are
    often two syllables: "ngap lut", "cam bien")."""
    words = _words(text)
    # Interned (as the cached words are): the same term is one string in every vector, which
    # makes comparing two vectors' terms a comparison of addresses.
    return [w[0] for w in words if w] + [intern(f"{a[0]} {b[0]}") for a, b in _pairs(words)]


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
    scorer = Scorer(corpus, organisations)
    rows = [(scorer.facts(pk), value, reasons) for pk, value, reasons in scorer.matches(project)]
    rows.sort(key=lambda row: (-row[1], row[0].id))
    return rows


# --- The same formula for many pairs --------------------------------------------------------
# `score` reads best, and it is the reference; a refresh or the seed scores millions of pairs,
# so `Scorer` works out once what depends on one side only (tag keys and their rarity, TF-IDF
# vectors, offer kinds and districts, the project's written forms) and builds a pair's reasons
# only when the pair is kept. Every float is computed by the same operations in the same order
# as `score` (tests/matchmaking/test_scoring.py compares both on thousands of random pairs).


class _Organisation:
    __slots__ = ("facts", "offer_districts", "offer_kinds", "tag_keys", "vector")

    def __init__(self, organisation: OrganisationFacts, corpus: Corpus):
        self.facts = organisation
        self.tag_keys = frozenset(tag_key(t) for t in organisation.tags)
        self.vector = corpus.vectors.get(organisation.id) or corpus.vector(organisation.text)
        self.offer_kinds = frozenset(offer.kind for offer in organisation.offers)
        self.offer_districts = frozenset(
            d for offer in organisation.offers for d in offer.districts
        )


class PreparedProject:
    """What `Scorer.score` needs of a project, worked out once for all its candidates."""

    __slots__ = (
        "_forms",
        "_syllables",
        "facts",
        "need_kinds",
        "needed",
        "needed_by_weight",
        "needed_sorted",
        "vector",
        "weight",
        "weight_total",
    )

    def __init__(self, project: ProjectFacts, corpus: Corpus):
        self.facts = project
        self.vector = corpus.vector(project.text + " " + " ".join(project.tags))
        self.needed = {tag_key(t): t for t in project.tags if tag_key(t)}
        self.weight = {key: corpus.idf(corpus.tag_df[key]) for key in self.needed}
        self.weight_total = sum(self.weight.values())
        self.needed_sorted = sorted(self.needed)
        self.needed_by_weight = sorted(self.needed, key=lambda k: (-self.weight[k], k))
        self.need_kinds = frozenset(project.need_kinds)
        self._forms = None
        self._syllables = {}

    @property
    def forms(self) -> dict[str, str]:
        if self._forms is None:
            facts = self.facts
            self._forms = written_forms(facts.text + " " + " ".join(facts.tags))
        return self._forms

    def syllables(self, term: str) -> frozenset[str]:
        found = self._syllables.get(term)
        if found is None:
            found = self._syllables[term] = frozenset(term.split())
        return found


class Scorer:
    """`score` for many pairs over one corpus: `scorer.score(scorer.project(p), o.id)`."""

    def __init__(self, corpus: Corpus, organisations: Iterable[OrganisationFacts]):
        self.corpus = corpus
        self.organisations = {o.id: _Organisation(o, corpus) for o in organisations}
        # Inverted indexes: a pair with no tag, no word and no kind of offer in common scores 0.
        self._by_tag: dict[str, set[int]] = {}
        self._by_word: dict[str, set[int]] = {}
        self._by_kind: dict[str, set[int]] = {}
        for organisation in self.organisations.values():
            pk = organisation.facts.id
            for index, keys in (
                (self._by_tag, organisation.tag_keys),
                (self._by_word, organisation.vector),
                (self._by_kind, organisation.offer_kinds),
            ):
                for key in keys:
                    index.setdefault(key, set()).add(pk)

    def facts(self, organisation_id: int) -> OrganisationFacts:
        return self.organisations[organisation_id].facts

    def project(self, project: ProjectFacts) -> PreparedProject:
        return PreparedProject(project, self.corpus)

    def candidates(self, project: PreparedProject) -> set[int]:
        """The organisations that share a tag, a word or a kind of offer with the project: every
        other one scores 0 (no expertise, a cosine of 0, no offer)."""
        found: set[int] = set()
        for index, keys in (
            (self._by_tag, project.needed),
            (self._by_word, project.vector),
            (self._by_kind, project.need_kinds),
        ):
            for key in keys:
                holders = index.get(key)
                if holders:
                    found |= holders
            if len(found) == len(self.organisations):
                break  # everyone already
        return found

    def score(self, project: PreparedProject, organisation_id: int) -> tuple[float, list[dict]]:
        """`score(project, organisation, corpus)`, the same value and reasons."""
        theirs = self.organisations[organisation_id]
        p, o = project.facts, theirs.facts
        # Expertise.
        tag_keys = theirs.tag_keys
        shared = [k for k in project.needed_sorted if k in tag_keys]
        if shared:
            weight = project.weight
            expertise = sum(weight[k] for k in shared) / project.weight_total
        else:
            expertise = 0.0
        # Words.
        pv, ov = project.vector, theirs.vector
        common = pv.keys() & ov.keys()
        cosine = sum([pv[t] * ov[t] for t in common])  # summed in `_text`'s order
        text = 0.0 if cosine < 0.05 else min(1.0, cosine * 2)
        # Offers.
        needed_kinds = project.need_kinds
        kinds = needed_kinds & theirs.offer_kinds if needed_kinds else ()
        offers = len(kinds) / len(needed_kinds) if kinds else 0.0
        if not (expertise or text or offers):
            return 0.0, []
        # Sector.
        sector = SOUGHT if o.sector in p.sectors_sought else 0.0
        wanted = p.owner_sector in o.sectors_wanted
        if wanted:
            sector += 1.0 - SOUGHT
        # Past.
        if p.organisation_id in o.past_owners:
            past = 1.0
        elif p.theme in o.past_themes:
            past = 0.7
        elif p.owner_sector in o.past_owner_sectors:
            past = 0.5
        else:
            past = 0.0
        # District.
        near = p.district != "province" and o.district == p.district
        offered_there = (
            p.district != "province" and not near and p.district in theirs.offer_districts
        )
        district = 1.0 if near or offered_there else 0.0
        total = round(
            0
            + WEIGHTS["expertise"] * expertise
            + WEIGHTS["text"] * text
            + WEIGHTS["offers"] * offers
            + WEIGHTS["sector"] * sector
            + WEIGHTS["past"] * past
            + WEIGHTS["district"] * district,
            2,
        )
        if total < THRESHOLD:
            return 0.0, []
        reasons = []
        if shared:
            in_shared = set(shared)
            reasons.append(
                {
                    "code": "expertise",
                    "count": len(shared),
                    "total": len(project.needed),
                    "tags": [project.needed[k] for k in project.needed_by_weight if k in in_shared],
                }
            )
        if text:
            quotes = [(-pv[t] * ov[t], t) for t in common]  # sorted as `_text` sorts them
            reasons.append({"code": "text", "words": self._quoted(project, quotes)})
        if offers:
            reasons.append(_offers(p, o)[1])
        if o.sector in p.sectors_sought:
            reasons.append({"code": "sector", "sector": o.sector})
        elif wanted:
            reasons.append({"code": "wanted", "sector": p.owner_sector})
        if past:
            reasons.append(_past(p, o)[1])
        if near:
            reasons.append({"code": "district", "district": p.district})
        elif offered_there:
            reasons.append({"code": "district_offer", "district": p.district})
        return total, reasons

    @staticmethod
    def _quoted(project: PreparedProject, common: list[tuple[float, str]]) -> list[str]:
        """`_text`'s quotes: the strongest terms, one per syllable, as the project writes them."""
        heap = common
        heapq.heapify(heap)  # popped in sorted(common, key=(-value, term))'s order
        quoted: list[tuple[str, frozenset[str]]] = []
        while heap and len(quoted) < 3:
            term = heapq.heappop(heap)[1]
            syllables = project.syllables(term)
            if any(not syllables.isdisjoint(other) for _t, other in quoted):
                continue
            quoted.append((term, syllables))
        forms = project.forms
        return [forms.get(term, term) for term, _s in quoted]

    def matches(self, project: ProjectFacts, exclude=()) -> list[tuple[int, float, list[dict]]]:
        """(organisation id, score, reasons) of the organisations worth showing to the project
        but its own and `exclude` (those already involved in it), in the organisations' order."""
        prepared = self.project(project)
        found = self.candidates(prepared)
        rows = []
        for organisation_id in self.organisations:
            if (
                organisation_id not in found
                or organisation_id == project.organisation_id
                or organisation_id in exclude
            ):
                continue
            value, reasons = self.score(prepared, organisation_id)
            if value:
                rows.append((organisation_id, value, reasons))
        return rows
