"""Unit tests of the report reader: numbers, dates, gazetteer, rules, merging."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from borderflow.extraction import COLUMNS, extract, merge_candidates
from borderflow.extraction.dates import find_times
from borderflow.extraction.numbers import find_figures, words_to_number
from borderflow.scenario.gazetteer import Gazetteer, default_gazetteer

FIXTURES = Path(__file__).parent / "fixtures" / "reports"
PUBLISHED = date(2022, 9, 27)  # a Tuesday
ANNOUNCED = date(2022, 9, 21)


def rows(text: str, gaz: Gazetteer, published: str = "2022-09-27") -> list[dict]:
    return extract(text, published, source="T", gazetteer=gaz).to_dict("records")


def one(text: str, gaz: Gazetteer, published: str = "2022-09-27") -> dict:
    found = rows(text, gaz, published)
    assert len(found) == 1, found
    return found[0]


# numbers ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("words", "number"),
    [
        ("twenty-two", 22),
        ("five thousand", 5000),
        ("a hundred", 100),
        ("sixty-four thousand", 64000),
        ("one hundred and twenty", 120),
    ],
)
def test_number_words(words, number):
    """Number words become numbers."""
    assert words_to_number(words) == number


@pytest.mark.parametrize(
    ("text", "value", "low", "high"),
    [
        ("more than 48 hours", None, 48, None),
        ("up to 80,000 soldiers", None, None, 80000),
        ("nearly 40,000 people", 40000, None, 40000),
        ("roughly 98,000 Russians", 98000, None, None),
        ("five to six thousand visitors", None, 5000, 6000),
        ("five or six hundred cars", None, 500, 600),
        ("two days minimum", None, 2, None),
        ("40 min wait", 40, None, None),
        ("between 30 and 40 hours", None, 30, 40),
        ("20-30 km", None, 20, 30),
        ("1.2 million people", 1_200_000, None, None),
        ("more than a day", None, 1, None),
    ],
)
def test_bounds_from_words(text, value, low, high):
    """Bound words, ranges and scales set value, low and high."""
    (f,) = find_figures(text)
    assert (f.value, f.low, f.high) == (value, low, high)


def test_clock_times_ordinals_are_not_figures():
    """ "14:05", "77th" and "No. 5" are not figures."""
    assert find_figures("At 14:05 on the 77th anniversary, road No. 5") == []


def test_from_to_is_two_figures_not_a_range():
    """ "rose from 5,500 to 10,000" is an earlier and a later figure."""
    assert [f.value for f in find_figures("rose from 5,500 to 10,000")] == [5500, 10000]


# dates ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "kind", "start", "end"),
    [
        ("on Tuesday", "point", date(2022, 9, 27), date(2022, 9, 27)),
        ("last Wednesday", "point", date(2022, 9, 21), date(2022, 9, 21)),
        ("yesterday", "point", date(2022, 9, 26), date(2022, 9, 26)),
        ("four to five days ago", "point", date(2022, 9, 22), date(2022, 9, 23)),
        ("last week", "point", date(2022, 9, 19), date(2022, 9, 25)),
        ("since the mobilization was announced", "since", ANNOUNCED, None),
        ("since 21 September", "since", ANNOUNCED, None),
        ("in the first week", "point", ANNOUNCED, date(2022, 9, 27)),
        ("the first half of September", "point", date(2022, 9, 1), date(2022, 9, 15)),
        ("Sept. 26, 2022", "point", date(2022, 9, 26), date(2022, 9, 26)),
        ("Friday last week", "point", date(2022, 9, 23), date(2022, 9, 23)),
        ("Vaalimaa (Mon): 1 km", "point", date(2022, 9, 26), date(2022, 9, 26)),
        ("on Sat the line grew", "point", date(2022, 9, 24), date(2022, 9, 24)),
        ("Sat 17th", "point", date(2022, 9, 17), date(2022, 9, 17)),
        ("16,886 entered (Sat–Sun)", "point", date(2022, 9, 24), date(2022, 9, 25)),
        ("Monday-Wednesday", "point", date(2022, 9, 19), date(2022, 9, 21)),
        ("Fri to Mon:", "point", date(2022, 9, 23), date(2022, 9, 26)),
        ("between 1 August and the end of the month", "point", date(2022, 8, 1), date(2022, 8, 31)),
        ("week 37 (12 September to 18 September)", "point", date(2022, 9, 12), date(2022, 9, 18)),
    ],
)
def test_relative_dates(text, kind, start, end):
    """Relative and calendar dates resolve against the publication date."""
    (t,) = find_times(text, PUBLISHED, PUBLISHED, ANNOUNCED)
    assert (t.kind, t.date_from, t.date_to) == (kind, start, end)


@pytest.mark.parametrize(
    "text", ["we sat in the car for hours", "Sat in the queue all night", "the Sun came out"]
)
def test_words_like_a_days_abbreviation_are_no_date(text):
    """ "sat", "Sat in", "the Sun": no day, unless written as a day ("Sat:", "on Sat")."""
    assert find_times(text, PUBLISHED, PUBLISHED, ANNOUNCED) == []


# gazetteer --------------------------------------------------------------------------------------
def test_crossing_aliases_map_to_one_id(gaz):
    """Verkhny Lars, Upper Lars and Dariali are the same crossing."""
    ids = {m.id for m in gaz.find("Verkhny Lars, Upper Lars and the Dariali gorge")}
    assert ids == {"upper_lars_dariali"}


@pytest.mark.parametrize("text", ["the Kyakhta-Altanbulag crossing", "at Kyakhta–Altanbulag",
                                  "at Kyakhta - Altanbulag"])
def test_a_crossings_sides_joined_by_a_dash_name_it_once(text):
    """Reports join a crossing's two sides with a hyphen or a dash: one mention of it. A side
    inside another hyphenated word is still not a mention."""
    gaz = default_gazetteer()
    assert [m.id for m in gaz.find(text)] == ["kyakhta_altanbulag"]
    assert gaz.find("a Kyakhta-style post") == []


@pytest.mark.parametrize(("text", "crossing"), [("KZ-Syrym: 600 cars", "mashtakovo_syrym"),
                                                ("Narva-1 on Monday", "ivangorod_narva")])
def test_a_name_hyphened_to_a_code_or_a_number_is_still_named(text, crossing):
    assert [m.id for m in default_gazetteer().find(text)] == [crossing]


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("we went through Lars", True),
        ("the Lars queue", True),
        ("Ilya: Lars update from friends", True),
        ("station chief Lars Hansen", False),
        ("Lars, a guard, said so", False),
        ("Reporter: Lars Hansen said so", False),
    ],
)
def test_lars_names_the_crossing_only_as_a_place(gaz, text, named):
    """ "Lars" is Upper Lars where a place is named, after a colon too; not a person's name."""
    assert any(m.id == "upper_lars_dariali" for m in gaz.find(text)) is named


def test_gazetteer_ids_are_the_reference_ids(gaz):
    """The test gazetteer knows exactly the crossings of the shared reference table."""
    reference = Path(__file__).resolve().parents[2] / "shared/data/reference/crossings.csv"
    if not reference.is_file():
        pytest.skip("shared reference data not present")
    assert set(gaz.crossing_country) == set(pd.read_csv(reference)["id"])


def test_gazetteer_from_scenario_like_object():
    """Any object with a `.crossings` table indexed by id builds a gazetteer."""
    table = pd.DataFrame(
        {"name": ["Upper Lars"], "country": ["Georgia"], "aliases": ["Verkhny Lars;Dariali"]},
        index=pd.Index(["upper_lars_dariali"], name="id"),
    )
    gaz = Gazetteer.from_scenario(type("S", (), {"crossings": table})())
    assert [m.id for m in gaz.find("at Dariali")] == ["upper_lars_dariali"]


def test_user_aliases_extend_the_gazetteer(gaz, tmp_path):
    """A user CSV alias,kind,id adds names."""
    extra = tmp_path / "extra.csv"
    extra.write_text(
        "alias,kind,id\nLars gate,crossing,upper_lars_dariali\nSakartvelo,country,Georgia\n"
    )
    g = Gazetteer.from_csv(FIXTURES / "crossings.csv").extend(extra)
    assert [m.id for m in g.find("the Lars gate")] == ["upper_lars_dariali"]


def test_user_alias_to_unknown_crossing_is_an_error(gaz, tmp_path):
    """An alias naming an unknown crossing id is refused with file and line."""
    extra = tmp_path / "extra.csv"
    extra.write_text("alias,kind,id\nX,crossing,nowhere\n")
    with pytest.raises(ValueError, match=r"extra.csv:2: id: unknown crossing 'nowhere'"):
        Gazetteer.from_csv(FIXTURES / "crossings.csv").extend(extra)


def test_ambiguous_alias_is_dropped(gaz):
    """A name shared by two crossings ("Pavlovka") maps to none."""
    assert [m for m in gaz.find("at Pavlovka") if m.kind == "crossing"] == []


# rules ------------------------------------------------------------------------------------------
def test_cumulative_entries_since_announcement(gaz):
    """Entries "since the mobilization was announced" count from the order to the report."""
    r = one(
        "The Georgian government said 78,500 Russians had entered the country since the "
        "mobilization was announced.",
        gaz,
    )
    assert (r["metric"], r["place"], r["date_from"], r["date_to"], r["value"]) == (
        "cumulative_entries",
        "Georgia",
        "2022-09-21",
        "2022-09-27",
        78500,
    )
    assert r["source"] == "T quoting Georgian government" and r["status"] == "candidate"


def test_rate_per_day_is_daily_entries(gaz):
    """ "a day" makes a rate."""
    r = one("Finland now sees about 6,000 Russian arrivals a day, the border guard said.", gaz)
    assert (r["metric"], r["place"], r["value"]) == ("daily_entries", "Finland", 6000)


def test_miles_become_km(gaz):
    """Queue lengths in miles are converted to km."""
    r = one("The tailback at Upper Lars reached 10 miles on Monday.", gaz)
    assert (r["metric"], r["crossing"], r["value"], r["date_to"]) == (
        "queue_km",
        "upper_lars_dariali",
        16.1,
        "2022-09-26",
    )


def test_days_of_waiting_become_hours(gaz):
    """Waits in days are converted to hours, with range bounds."""
    r = one("Drivers at Dariali said they waited two to three days.", gaz)
    assert (r["metric"], r["low"], r["high"]) == ("wait_hours", 48, 72)


def test_doubling_gives_the_earlier_rate(gaz):
    """ "doubled in a week to 12,000 per day" also yields 6,000 a week earlier."""
    found = rows("Officials said Georgian entries doubled in a week to 12,000 per day.", gaz)
    assert {(r["date_to"], r["value"]) for r in found} == {
        ("2022-09-27", 12000),
        ("2022-09-20", 6000),
    }


def test_call_up_target_is_not_an_observation(gaz):
    """The order's target is a plan, not a count of call-ups."""
    assert rows("Putin ordered a partial mobilization, calling up 300,000 reservists.", gaz) == []


def test_completed_call_ups_are_observed(gaz):
    """A count of men already drafted is a national call-up figure."""
    r = one("Officials said 150,000 men had been drafted so far.", gaz)
    assert (r["metric"], r["place"]) == ("call_ups", "Russia(total)")


@pytest.mark.parametrize(
    "text",
    [
        "Up to 50,000 soldiers have been killed or wounded, officials estimate.",
        "Kazakhstan shares a 7,600-kilometre border with Russia.",
        "Police detained 1,300 people at protests in 38 cities.",
        "The city marked the 80th anniversary of the battle; 2,000 people attended.",
        "The checkpoint lies 30 km from the town.",
    ],
)
def test_distractors_are_not_observations(gaz, text):
    """Casualties, border lengths, protests, anniversaries and distances give no rows."""
    assert rows(text, gaz) == []


def test_distractors_can_be_kept_as_other(gaz):
    """--keep-other lists them with metric `other`."""
    found = extract(
        "Up to 50,000 soldiers have been killed, officials say.",
        "2022-09-27",
        gazetteer=gaz,
        keep_other=True,
    )
    assert list(found["metric"]) == ["other"]


def test_photo_captions_are_skipped(gaz):
    """A caption line and its credit line give nothing."""
    text = "Cars wait in a 3,000-car line at Upper Lars, 25 September 2022.\nAP\n"
    assert rows(text, gaz) == []


def test_columns_are_the_observation_format(gaz):
    """The columns are the observation columns plus quote, confidence, status."""
    assert list(extract("Nothing here.", "2022-09-27", gazetteer=gaz).columns) == COLUMNS


# merging ----------------------------------------------------------------------------------------
def test_same_figure_in_two_reports_is_one_row(gaz):
    """A figure repeated by another outlet lists both sources."""
    a = "Kazakhstan's interior ministry said 98,000 Russians had entered the country."
    b = "Roughly 98,000 Russians have entered Kazakhstan since the mobilization, officials said."
    found = extract([a, b], "2022-09-27", source=["A", "B"], gazetteer=gaz)
    assert len(found) == 1
    assert found.loc[0, "source"] == "A quoting Kazakhstan's interior ministry; B quoting officials"


def test_conflicting_figures_stay_apart(gaz):
    """Different figures for the same thing are separate rows."""
    a = "Georgia said 53,000 Russians had entered the country since the mobilization."
    b = "Georgia said 60,000 Russians had entered the country since the mobilization."
    assert len(extract([a, b], "2022-09-27", source=["A", "B"], gazetteer=gaz)) == 2


def test_merge_keeps_daily_figures_of_different_days():
    """Daily figures merge only on the same day."""
    base = {c: "" for c in COLUMNS} | {
        "metric": "daily_entries",
        "place": "Finland",
        "value": 5000.0,
        "confidence": 0.5,
        "source": "A",
    }
    frame = pd.DataFrame(
        [
            base | {"date_from": "2022-09-22", "date_to": "2022-09-22"},
            base | {"date_from": "2022-09-23", "date_to": "2022-09-23"},
        ]
    )
    assert len(merge_candidates(frame)) == 2


def test_bad_published_date_names_the_option(gaz):
    """A bad date raises an error naming `published`."""
    with pytest.raises(ValueError, match="published"):
        extract("text", "27/09/2022", gazetteer=gaz)
