"""Regional shares: the YRD-01 and GBA-01 to GBA-03 verdicts, on the small tables of published figures that
tests/analyses/test_regional_shares.py also uses. URLs are sources listed in data/ with their grades (goomeyun.net and
xfqyw.cn: secondary; hk01.com, egs.stcn.com and people.cn: news).
"""

from __future__ import annotations

import string

import pytest

from analyses.test_regional_shares import GBA, HK01, NEWS, SECONDARY, STCN, XFQYW, YRD
from innovlib.claims import Audit
from innovlib.data import load
from innovlib.findings import Decision
from innovlib.findings import regional_shares as findings
from innovlib.findings.regional_shares import Figure, Gba01Evidence, ShareStatement, Yrd01Evidence

pytestmark = pytest.mark.usefixtures("outside_a_run")  # verdicts shown, not handed to a runner


# --- YRD-01 -------------------------------------------------------------------------------------------------

def test_yrd_01_a_threshold_in_other_words_is_not_checkable():
    audit = Audit(yrd_edition="2025")
    findings.yrd_01(audit, YRD, "2025")
    personnel = next(v for v in audit.recorded if v.part_id == "YRD-01b")
    assert (personnel.verdict, personnel.computed) == ("not_checkable", "over 30%")
    assert [s.url for s in personnel.sources] == [SECONDARY]


def test_yrd_01_the_article_s_own_wording_on_a_news_source_confirms():
    audit = Audit(yrd_edition="2025")
    findings.yrd_01(audit, YRD, "2025")
    revenue = next(v for v in audit.recorded if v.part_id == "YRD-01f")
    assert (revenue.verdict, revenue.computed, revenue.reason) == ("confirmed_by_source", 50.0, "source_states_it")


def test_yrd_01_an_indicator_not_stated_names_what_the_report_says_instead():
    audit = Audit(yrd_edition="2025")
    findings.yrd_01(audit, YRD, "2025")
    spending = next(v for v in audit.recorded if v.part_id == "YRD-01a")
    assert (spending.verdict, spending.reason, spending.computed) == ("not_checkable", "no_public_data", None)
    evidence = findings.yrd_01_evidence(YRD, "2025")
    assert evidence.statements["YRD-01a"] is None
    assert evidence.related["YRD-01a"] == (ShareStatement("enterprise R&D internal expenditure", "over", 30.0,
                                                          "over 30%", (SECONDARY,)),)
    assert (evidence.statements["YRD-01e"], evidence.related["YRD-01e"]) == (None, ())  # nothing on firms


def test_yrd_01_evidence_is_each_statement_of_the_edition():
    evidence = findings.yrd_01_evidence(YRD, "2025")
    assert evidence.statements["YRD-01f"] == ShareStatement("technology international revenue", "nearly", 50.0,
                                                            "nearly 50%", (NEWS,))
    assert evidence.statements["YRD-01c"] is None  # invention patents held: stated in the 2024 report only
    assert findings.yrd_01_evidence(YRD, "2024").statements["YRD-01c"].stated == "over 30%"


@pytest.mark.parametrize("comparator, share, decided", [
    ("nearly", 50.0, Decision("confirmed_by_source", computed=50.0)),  # the article's words and figure
    ("nearly", 45.0, Decision("contradicted", computed=45.0)),  # the article's words, another figure
    ("over", 50.0, Decision("not_checkable", computed="over 50%")),  # a threshold in other words: its words found
])
def test_decide_yrd_01_needs_the_article_s_words(comparator, share, decided):
    statement = ShareStatement("technology international revenue", comparator, share, f"{comparator} {share:g}%")
    evidence = Yrd01Evidence("2025", {"YRD-01f": statement, "YRD-01e": None}, {})
    assert findings.decide_yrd_01(evidence) == {"YRD-01f": decided, "YRD-01e": Decision("not_checkable")}


def test_yrd_01_another_edition_records_no_verdict():
    audit = Audit(yrd_edition="2024")
    findings.yrd_01(audit, YRD, "2024")
    assert audit.recorded == []
    assert [s.part_id for s in audit.not_tested] == [f"YRD-01{p}" for p in "abcdef"]
    assert audit.not_tested[2].computed == "over 30%"  # invention patents held, as the 2024 report states it


# --- GBA-01 to GBA-03 ---------------------------------------------------------------------------------------

def test_gba_01_a_missing_fund_size_leaves_the_sizes_not_checkable():
    audit = Audit()
    findings.gba_01(audit, GBA)
    sizes = audit.recorded[0]
    assert (sizes.part_id, sizes.verdict, sizes.computed) == ("GBA-01a", "not_checkable", [150.0, 50.0, None])
    assert sizes.reason == "no_public_data"
    assert [v.verdict for v in audit.recorded[1:]] == ["not_checkable"] * 3
    assert [s.url for s in audit.recorded[1].sources] == [XFQYW] and audit.recorded[3].sources == ()


def test_gba_01_evidence_sizes_in_bn_yuan_and_the_fund_s_figures_by_part():
    evidence = findings.gba_01_evidence(GBA)
    assert evidence.sizes == {"industrial investment mother fund": 150.0,
                              "innovation (venture) investment mother fund": 50.0, "angel mother fund": None}
    assert evidence.size_sources["angel mother fund"] == (STCN,)
    assert evidence.fund_figures == {
        "GBA-01b": (Figure("sub-funds invested", 24.0, "funds", "2023-05-31", (XFQYW,), "Guangzhou"),),
        "GBA-01c": (), "GBA-01d": ()}


def test_gba_01_evidence_reads_over_in_a_note_as_a_lower_bound():
    evidence = findings.gba_01_evidence(load("regional_shares", resource="gba_finance"))
    paid_in = {(f.item, f.as_of): (f.value, f.lower_bound) for f in evidence.fund_figures["GBA-01c"]}
    # the fund paid 'over 22' (实际出资超22亿元) by end-2023
    assert paid_in[("paid into sub-funds by the fund", "2023-12-31")] == (22.0, True)
    assert paid_in[("paid into sub-funds by the fund", "2023-05-31")] == (20.71, False)


@pytest.mark.parametrize("angel, verdict", [(None, "not_checkable"), (10.0, "confirmed_by_source"),
                                            (12.0, "contradicted")])
def test_decide_gba_01_sizes_150_50_10(angel, verdict):
    sizes = {"industrial": 150.0, "innovation": 50.0, "angel": angel}
    decided = findings.decide_gba_01(Gba01Evidence(sizes, {}, {"GBA-01b": (), "GBA-01c": (), "GBA-01d": ()}))
    assert decided == {"GBA-01a": Decision(verdict, computed=[150.0, 50.0, angel]), "GBA-01b": Decision("not_checkable"),
                       "GBA-01c": Decision("not_checkable"), "GBA-01d": Decision("not_checkable")}


def test_gba_01a_each_fund_size_rests_on_its_own_sources():
    """A published value of three figures ('150/50/10'): the rules apply to each size (issue 17, class 3), and a
    row's other URLs count (class 1): China News Service states the 150 and 50 bn beside a secondary reprint."""
    complete = GBA.copy()
    complete.loc[complete["item"] == "angel mother fund, size", "value"] = 100.0
    complete["other_source_urls"] = None
    first_two = complete["item"].isin(["industrial investment mother fund, size",
                                       "innovation (venture) investment mother fund, size"])
    complete.loc[first_two, "other_source_urls"] = "http://www.gd.chinanews.com.cn/2023/2023-09-20/430564.shtml"
    audit = Audit()
    findings.gba_01(audit, complete)
    assert audit.recorded[0].verdict == "confirmed_by_source"  # 150, 50 (CNS) and the angel size (STCN) each news
    complete.loc[complete["item"] == "angel mother fund, size", "source_url"] = XFQYW
    audit = Audit()
    findings.gba_01(audit, complete)
    angel = findings.WORDING["fund_size_sources"].format(fund="angel mother fund")  # the figure the rule names
    assert (audit.recorded[0].verdict, audit.recorded[0].reason) == ("not_checkable", "weak_sources_agree")
    assert audit.recorded[0].explanation.startswith(f"For {angel}:")


def test_gba_01_all_three_sizes_on_a_news_source_confirm_150_50_10():
    complete = GBA.copy()
    complete.loc[complete["item"].str.endswith("mother fund, size"), "source_url"] = STCN
    complete.loc[complete["item"] == "angel mother fund, size", "value"] = 100.0
    audit = Audit()
    findings.gba_01(audit, complete)
    assert (audit.recorded[0].verdict, audit.recorded[0].computed) == ("confirmed_by_source", [150.0, 50.0, 10.0])


@pytest.mark.parametrize("leverage, decided, verdict", [(6.0, "confirmed_by_source", "confirmed_by_source"),
                                                        (5.0, "contradicted", "not_checkable")])
def test_gba_02_hkic_leverage_must_exceed_5(leverage, decided, verdict):
    # 5 is not "more than 5": a contradiction, which one news report cannot carry (it becomes not checkable)
    table = GBA.copy()
    table.loc[table["city"] == "Hong Kong", "value"] = leverage
    evidence = findings.gba_02_evidence(table)
    assert evidence == Figure("HKIC market capital mobilised per dollar invested", leverage, "HKD per HKD invested",
                              "2024 annual report", (HK01,), "Hong Kong")
    assert findings.decide_gba_02(evidence) == {"GBA-02": Decision(decided, computed=leverage)}
    audit = Audit()
    findings.gba_02(audit, table)
    assert (audit.recorded[0].verdict, audit.recorded[0].computed) == (verdict, leverage)


def test_gba_03_figures_of_different_cities_and_dates_are_listed_not_added():
    audit = Audit()
    findings.gba_03(audit, GBA)
    assert [(v.part_id, v.verdict) for v in audit.recorded] == [("GBA-03a", "not_checkable"),
                                                                ("GBA-03b", "not_checkable")]
    assert [(f.city, f.value, f.unit, f.as_of) for f in findings.gba_03_evidence(GBA)] == [
        ("Shenzhen", 105.0, "products", "2024-06"), ("Shenzhen", 228.29, "100 million CNY", "2024-06"),
        ("Guangzhou", 4.0, "products", "2023-06"), ("Guangzhou", 10.25, "100 million CNY", "2023-06")]
    assert findings.decide_gba_03(findings.gba_03_evidence(GBA)) == {"GBA-03a": Decision("not_checkable"),
                                                                     "GBA-03b": Decision("not_checkable")}


def test_every_template_is_filled_from_evidence_fields():
    """A template naming a field the code does not pass would fail only on the branch that uses it."""
    fields = {*vars(findings.gba_02_evidence(GBA)), "indicator", "stated", "said", "edition", "settled_by",
              "published", "fund", "size", "found", "gaps", "over", "figure", "figures", "satisfies", "what"}
    used = {name for template in findings.WORDING.values() for _, name, _, _ in string.Formatter().parse(template)
            if name}
    assert used <= fields
    assert findings.UNIT_WORDS["100 million CNY"] == "x 100 million yuan"


def test_wording(snapshot):
    """The sentences of every part, on the project's data as the notebook runs them (default parameters)."""
    yrd = load("regional_shares", resource="yrd_shares")
    gba = load("regional_shares", resource="gba_finance")
    audit = Audit(yrd_edition="2025")
    findings.yrd_01(audit, yrd, "2025")
    for claim in (findings.gba_01, findings.gba_02, findings.gba_03):
        claim(audit, gba)
    assert {v.part_id: {key: getattr(v, key) for key in ("verdict", "reason", "finding", "explanation", "missing")}
            for v in audit.recorded} == snapshot
