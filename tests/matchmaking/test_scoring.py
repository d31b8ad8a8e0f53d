"""The ranking, case by case: this organisation must rank above that one, and why.

Pure functions, no database: facts in, scores and reasons out.
"""

import pytest

from matchmaking.scoring import (
    OfferFacts,
    OrganisationFacts,
    ProjectFacts,
    build_corpus,
    fold,
    rank,
    score,
    tokens,
)


def project(**facts) -> ProjectFacts:
    defaults = {
        "id": 1,
        "organisation_id": 100,
        "text": "",
        "tags": (),
        "sectors_sought": (),
        "district": "thu-dau-mot",
        "theme": "flooding-water",
        "owner_sector": "government",
        "need_kinds": (),
    }
    return ProjectFacts(**{**defaults, **facts})


def org(id, **facts) -> OrganisationFacts:
    defaults = {"sector": "enterprise", "district": "di-an", "text": "", "tags": ()}
    return OrganisationFacts(id=id, **{**defaults, **facts})


FILLER = [
    org(50, text="Bakery and catering for events", tags=("catering",)),
    org(51, text="Logistics and trucking across the south", tags=("logistics", "GIS")),
    org(52, text="Software for accounting firms", tags=("accounting", "GIS")),
    org(53, text="Công ty may mặc xuất khẩu", tags=("may mặc",)),
]

FLOOD = project(
    text="Cảnh báo ngập lụt sớm cho phường Phú Cường. Early flood warnings with water level "
    "sensors on the Thị Tính river.",
    tags=("hydrology", "GIS", "flood sensors"),
    sectors_sought=("academia",),
    need_kinds=("testbed", "data"),
)

CASES = [
    # (why, project, better, worse)
    (
        "a rare shared tag counts more than a common one",
        FLOOD,
        org(1, tags=("hydrology",)),
        org(2, tags=("GIS",)),
    ),
    (
        "more of the expertise needed ranks higher",
        FLOOD,
        org(1, tags=("hydrology", "flood sensors")),
        org(2, tags=("hydrology",)),
    ),
    (
        "tags match without diacritics and whatever the case",
        project(text="x", tags=("thủy văn", "cảm biến")),
        org(1, tags=("Thuy van", "cam bien")),
        org(2, tags=("catering",)),
    ),
    (
        "Vietnamese text typed without diacritics matches the accented project",
        FLOOD,
        org(1, text="Chung toi lap dat cam bien canh bao ngap lut cho cac phuong"),
        org(2, text="Chung toi ban banh mi va ca phe"),
    ),
    (
        "English text matches the English half of a bilingual project",
        FLOOD,
        org(1, text="We build water level sensors and early warning dashboards"),
        org(2, text="We build accounting software"),
    ),
    (
        "English words match whatever their inflection (flooding, floods, warnings, warn)",
        project(text="Early warning of floods by water-level sensor", tags=()),
        org(1, text="We install flooding sensors and early warnings in riverside wards"),
        org(2, text="We install solar panels on factory roofs"),
    ),
    (
        "Vietnamese syllables that fold like a function word are still words (bản đồ, đê)",
        project(text="Số hóa bản đồ đê bao", tags=()),
        org(1, text="Khao sat va lap ban do de dieu"),
        org(2, text="Khảo sát và lập báo cáo tài chính"),
    ),
    (
        "không khí (air) is not the function word khi, typed with or without its marks",
        project(text="Đo chất lượng không khí ở khu công nghiệp", tags=()),
        org(1, text="Tram do khong khi gia re"),
        org(2, text="Trạm sạc xe điện giá rẻ"),
    ),
    (
        "tags match in the singular or the plural",
        project(text="x", tags=("flood sensor", "hydrology")),
        org(1, tags=("Flood sensors",)),
        org(2, tags=("catering",)),
    ),
    (
        "a sector the project seeks breaks a tie",
        FLOOD,
        org(1, sector="academia", tags=("hydrology",)),
        org(2, sector="enterprise", tags=("hydrology",)),
    ),
    (
        "an offer that meets a need counts",
        FLOOD,
        org(1, tags=("GIS",), offers=(OfferFacts(1, "testbed", "Pilot site", ("di-an",)),)),
        org(2, tags=("GIS",), offers=(OfferFacts(2, "funding", "Grant", ("di-an",)),)),
    ),
    (
        "past work on the same theme counts",
        FLOOD,
        org(1, tags=("GIS",), past_themes=frozenset({"flooding-water"})),
        org(2, tags=("GIS",), past_themes=frozenset({"health"})),
    ),
    (
        "having worked with the project's organisation counts more than with its sector",
        FLOOD,
        org(1, tags=("GIS",), past_owners=frozenset({100})),
        org(2, tags=("GIS",), past_owner_sectors=frozenset({"government"})),
    ),
    (
        "being in the project's district counts",
        FLOOD,
        org(1, tags=("GIS",), district="thu-dau-mot"),
        org(2, tags=("GIS",), district="dau-tieng"),
    ),
]


@pytest.mark.parametrize(("why", "subject", "better", "worse"), CASES, ids=[c[0] for c in CASES])
def test_ranks_above(why, subject, better, worse):
    everyone = [*FILLER, better, worse]
    corpus = build_corpus(everyone)
    ranked = [o.id for o, _score, _reasons in rank(subject, everyone, corpus)]
    assert better.id in ranked, why
    assert worse.id not in ranked or ranked.index(better.id) < ranked.index(worse.id), why


def test_nothing_of_substance_is_no_match():
    """A sector sought and a district shared are not enough to be shown."""
    lonely = org(1, sector="academia", district="thu-dau-mot", text="Bakery")
    corpus = build_corpus([*FILLER, lonely])
    assert score(FLOOD, lonely, corpus) == (0.0, [])


def test_the_project_organisation_is_never_its_own_match():
    owner = org(100, tags=("hydrology", "GIS", "flood sensors"))
    corpus = build_corpus([*FILLER, owner])
    assert rank(FLOOD, [*FILLER, owner], corpus)[0][0].id != 100


def test_reasons_are_data_rarest_tag_first():
    lab = org(
        1,
        sector="academia",
        district="thu-dau-mot",
        tags=("GIS", "Hydrology", "flood sensors"),
        offers=(OfferFacts(7, "testbed", "Flood lab", ("thu-dau-mot",)),),
        past_themes=frozenset({"flooding-water"}),
    )
    corpus = build_corpus([*FILLER, lab])
    value, reasons = score(FLOOD, lab, corpus)
    assert 0 < value <= 100
    codes = [r["code"] for r in reasons]
    assert codes[0] == "expertise"
    assert {"sector", "offers", "past_theme", "district"} <= set(codes)
    expertise = reasons[0]
    assert expertise["count"] == 3
    assert expertise["total"] == 3
    assert expertise["tags"][-1] == "GIS"  # the common tag last
    offers = next(r for r in reasons if r["code"] == "offers")
    assert offers["offer_ids"] == [7]
    assert offers["district"] == "thu-dau-mot"


def test_deterministic():
    everyone = [*FILLER, org(1, tags=("hydrology",)), org(2, tags=("hydrology",))]
    corpus = build_corpus(everyone)
    first = rank(FLOOD, everyone, corpus)
    assert first == rank(FLOOD, list(reversed(everyone)), build_corpus(everyone[::-1]))
    assert [o.id for o, *_ in first][:2] == [1, 2]  # equal scores: by id


def test_fold_and_tokens():
    assert fold("Ngập lụt ở Thủ Dầu Một, ĐƯỜNG Đà") == "ngap lut o thu dau mot, duong da"
    assert "ngap lut" in tokens("Cảnh báo NGẬP LỤT")
    assert "va" not in tokens("ngập và lụt")
    assert "ngap lut" not in tokens("ngập và lụt")  # a pair is two words side by side
    assert "cuong early" not in tokens("Phú Cường. Early warnings")
    assert {"canh bao", "bao ngap", "ban do", "khong khi"} <= set(
        tokens("cảnh báo ngập; bản đồ không khí")
    )
    assert {"flood", "sensor", "warn", "battery"} <= set(
        tokens("Floods, sensors, warning batteries")
    )
    assert tokens("nghiêng khỏe nguyễn trường") == tokens("nghieng khoe nguyen truong")


def test_wanting_the_owner_sector_counts_a_little():
    wants = org(1, tags=("hydrology",), sectors_wanted=("government",))
    indifferent = org(2, tags=("hydrology",))
    everyone = [*FILLER, wants, indifferent]
    corpus = build_corpus(everyone)
    (first, score_1, reasons), (second, score_2, _r) = rank(FLOOD, everyone, corpus)[:2]
    assert (first.id, second.id) == (1, 2)
    assert 0 < score_1 - score_2 <= 3
    assert {"code": "wanted", "sector": "government"} in reasons
