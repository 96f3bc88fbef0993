"""Kinds of failure on reports the rules were not written for (issue 40), with made-up sentences:
stated periods, list lines, exits, bounds, number words, call-up status, distractor contexts."""

from __future__ import annotations

import pytest
from extract_rows import rows

from borderflow.extraction import extract


# periods and dates from the sentence that states them (published Wednesday 5 October) ----------
@pytest.mark.parametrize(
    ("text", "period"),
    [
        (
            "Over Saturday and Sunday combined, 5,200 Russians entered Norway.",
            ("2022-10-01", "2022-10-02"),
        ),
        (
            "During September, about 91,000 Russians entered Mongolia, officials said.",
            ("2022-09-01", "2022-09-30"),
        ),
        (
            "In the week from 26 September to 2 October, 3,300 people entered Norway.",
            ("2022-09-26", "2022-10-02"),
        ),
        (
            "In the five days to Monday, 12,400 Russians entered Latvia.",
            ("2022-09-29", "2022-10-03"),
        ),
        (
            "The previous week brought 7,700 Russian arrivals to Estonia, the agency said.",
            ("2022-09-26", "2022-10-02"),
        ),
    ],
)
def test_a_stated_period_is_kept_and_a_total_over_days_is_cumulative(gaz, text, period):
    (row,) = rows(text, gaz)
    assert row[0] == "cumulative_entries" and row[3:5] == period


def test_a_day_of_the_month_and_the_same_period(gaz):
    found = rows(
        "Officials said 4,100 Russians entered Estonia on the 3rd. "
        "In the same period, 1,700 Russian citizens left Estonia.",
        gaz,
    )
    assert found[0][:5] == ("daily_entries", "Estonia", "", "2022-10-03", "2022-10-03")
    assert found[1][:5] == ("daily_exits", "Estonia", "", "2022-10-03", "2022-10-03")


def test_the_day_a_source_spoke_is_not_the_figures_period(gaz):
    (row,) = rows(
        "Arrivals into Latvia over the weekend reached 2,450, police said on Monday.", gaz
    )
    assert row[0] == "cumulative_entries" and row[3:5] == ("2022-10-01", "2022-10-02")


# list lines take their subject, unit and place from the header --------------------------------
def test_list_lines_under_a_header(gaz):
    text = (
        "Norway: Russian citizens arriving at the land border, per police figures:\n\n"
        "Mon 3 Oct: 610\nTue 4 Oct: ~540\n\n"
        "On 4 October the following numbers of cars crossed into Kazakhstan:\n"
        "- through Syrym - 730 units;\n- through Zhaisan - 215 units.\n"
    )
    found = rows(text, gaz)
    assert ("daily_entries", "Norway", "", "2022-10-03", "2022-10-03", 610.0, None, None) in found
    assert ("daily_entries", "Norway", "", "2022-10-04", "2022-10-04", 540.0, None, None) in found
    assert (
        "daily_vehicles",
        "Kazakhstan",
        "mashtakovo_syrym",
        "2022-10-04",
        "2022-10-04",
        730.0,
        None,
        None,
    ) in found
    assert len(found) == 4


# exits -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "On Monday 1,150 Russians left Latvia, the border guard said.",
        "On Monday 1,150 Russian citizens headed back to Russia from Latvia.",
        "On Monday 1,150 Russians who had come to Latvia went back home, exiting via Terehova.",
    ],
)
def test_people_leaving_a_host_country_are_exits(gaz, text):
    (row,) = rows(text, gaz)
    assert row[0] == "daily_exits" and row[1] == "Latvia" and row[5] == 1150


def test_entries_and_exits_in_one_sentence(gaz):
    found = rows("On Monday 2,020 Russians arrived in Estonia and 1,310 departed for Russia.", gaz)
    assert [r[0] for r in found] == ["daily_entries", "daily_exits"]


# bounds, number words, units ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("Arrivals in Latvia on Monday exceeded 3,100, officials said.", (None, 3100.0, None)),
        ("The wait at Syrym on Monday did not exceed two hours.", (None, None, 2.0)),
        ("On Monday 4,2 thousand Russians entered Estonia.", (4200.0, None, None)),
        ("On Monday ~2.6k Russians entered Estonia.", (2600.0, None, None)),
        (
            "A quarter of a million Russians have left Russia since the order.",
            (250000.0, None, None),
        ),
        ("On Monday the queue at Syrym was half a km long.", (0.5, None, None)),
    ],
)
def test_bounds_number_words_and_units(gaz, text, numbers):
    (row,) = rows(text, gaz)
    assert row[5:] == numbers


def test_a_length_with_its_conversion_is_one_row(gaz):
    (row,) = rows("On Monday cars at Kairak were queuing for 4 miles (6.4 km).", gaz)
    assert row[0] == "queue_km" and row[5] == 6.4


def test_zero_counts(gaz):
    found = rows(
        "On Monday there was no queue at Zhaisan. On Sunday not a single Russian "
        "entered Norway, police said.",
        gaz,
    )
    assert found[0][:2] == ("queue_vehicles", "Kazakhstan") and found[0][5] == 0
    assert found[1][:2] == ("daily_entries", "Norway") and found[1][5] == 0


def test_a_figure_without_a_unit_noun_takes_the_sentences_subject(gaz):
    found = rows(
        "Russian arrivals at Syrym on Monday kept rising. The figure was 6,350, "
        "the border service said.",
        gaz,
    )
    assert [r[0] for r in found] == ["daily_entries"] and found[0][5] == 6350


def test_the_crossing_named_before_carries_to_the_figure_here(gaz):
    found = rows(
        "We are at Zhaisan this morning. Officials say 1,480 Russians came through here on Monday.",
        gaz,
    )
    assert found[0][:3] == ("daily_entries", "Kazakhstan", "sagarchin_zhaisan")


# call-up status -----------------------------------------------------------------------------------
def test_a_completed_call_up_and_joining_the_army_are_call_ups(gaz):
    found = rows(
        "The task of calling up 180,000 reservists has been completed, the minister "
        "said. Earlier he said over 120,000 men had joined the army.",
        gaz,
    )
    assert [(r[0], r[5], r[6]) for r in found] == [
        ("call_ups", 180000.0, None),
        ("call_ups", None, 120000.0),
    ]


def test_a_planned_call_up_and_its_parts_are_not_call_ups(gaz):
    assert rows("The decree says 180,000 reservists will be called up.", gaz) == []
    assert rows("Of those mobilised, 45,000 are still in training.", gaz) == []


# distractors --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Claims that 80,000 Russians entered Latvia on Monday are false, the ministry said.",
        "Officials denied a rumour that 25,000 people crossed at Syrym on Monday.",
        "On Monday 340 Russians applied for asylum in Norway.",
        "Police turned back 410 Russians at the Estonian border on Monday.",
        "The crossing can process up to 3,000 people a day.",
        "Estonia, a country of 1.3 million people, has closed its border to Russian tourists.",
        "A survey of new arrivals in Latvia found their average age was 31.",
        "In 2019 the port registered about 540,000 crossings in both directions.",
    ],
)
def test_distractor_contexts_give_no_observation(gaz, text):
    assert rows(text, gaz) == []


def test_every_row_carries_its_sentence_and_a_calibrated_confidence(gaz):
    table = extract(
        "Officials said 4,100 Russians entered Estonia on Monday.", "2022-10-05", gazetteer=gaz
    )
    assert table["quote"][0] == "Officials said 4,100 Russians entered Estonia on Monday."
    assert 0.5 <= table["confidence"][0] <= 0.95


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("The call-up has reached 200,000, the defence ministry said on Tuesday.", "call_ups"),
        ("Some 600,000 people signed a petition against the call-up.", None),
        ("An Armenian lawmaker said the influx could reach 100,000 by the end of October.", None),
        ("In Georgia, where a flat now costs $900, 4,800 Russians arrived on Saturday.", None),
    ],
)
def test_the_figure_s_own_clause_decides(gaz, text, metric):
    """A call-up cue counts as the figure's subject, not as a preposition's object; forecasts
    and prices are no counts."""
    found = [r for r in rows(text, gaz) if r[5] in (200000.0, 600000.0, 100000.0, 900.0)]
    assert [r[0] for r in found] == ([metric] if metric else [])


def test_exit_beside_an_entry_and_a_shared_day(gaz):
    """ "10,140 entered Georgia on Friday, 7,330 left": two figures of one day."""
    found = rows(
        "Georgia's interior ministry: 10,140 Russians entered Georgia on Friday, 7,330 left.",
        gaz,
        published="2022-10-01",
    )
    assert ("daily_exits", "Georgia", "", "2022-09-30", "2022-09-30", 7330.0, None, None) in found


def test_a_report_about_one_country_gives_it_to_counts_that_name_none(gaz):
    """A weekly summary's "Entries, all eastern crossings" are Finland's when Finland is the only
    host country the report names (here once, in passing, by an adjective)."""
    text = (
        "Key figures\n\nEntries from Russia, all eastern crossings, on Monday: 7,743.\n\n"
        "The Finnish Border Guard published the count on Tuesday."
    )
    assert rows(text, gaz) == [
        ("daily_entries", "Finland", "", "2022-10-03", "2022-10-03", 7743.0, None, None)
    ]


def test_a_report_about_two_countries_gives_no_place_to_counts_that_name_none(gaz):
    text = (
        "Key figures\n\nEntries from Russia, all eastern crossings, on Monday: 7,743.\n\n"
        "The Finnish and Estonian border guards published counts on Tuesday."
    )
    assert rows(text, gaz) == []


@pytest.mark.parametrize(
    ("second", "day", "value", "high"),
    [
        ("And on Monday, 10,804.", "2022-10-03", 10804.0, None),
        ("Monday, nearly 10,800, still the record.", "2022-10-03", 10800.0, 10800.0),
    ],
)
def test_a_verbless_day_and_figure_go_on_with_the_last_count(gaz, second, day, value, high):
    found = rows(f"On Sunday 11,143 Russians entered Georgia. {second}", gaz)
    assert found[1:] == [("daily_entries", "Georgia", "", day, day, value, None, high)]


def test_a_day_and_figure_with_a_verb_of_their_own_are_no_count(gaz):
    found = rows("On Sunday 11,143 Russians entered Georgia. On Monday, 300 protested.", gaz)
    assert [r[5] for r in found] == [11143.0]


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("The defence ministry's line as of Tuesday: more than 200,000 men called up so far.",
         "2022-10-04"),
        ("In Moscow, the minister told the president on Tuesday that 222,000 men have been called "
         "up so far.", "2022-10-04"),
        ("Callers quoted the television on Monday: the ministry said more than 200,000 men had "
         "been called up so far.", "2022-10-03"),
    ],
)
def test_a_count_so_far_ends_on_the_one_day_named_before_it(gaz, text, end):
    (row,) = rows(text, gaz)
    assert (row[0], row[3], row[4]) == ("call_ups", "2022-09-21", end)


def test_a_count_so_far_after_another_figures_day_ends_on_the_report_day(gaz):
    found = rows("On Tuesday 5,000 Russians entered Georgia; so far 60,000 have entered.", gaz)
    assert found[1][3:6] == ("2022-09-21", "2022-10-05", 60000.0)


@pytest.mark.parametrize(
    ("text", "value", "low", "end"),
    [
        ("In the first five days after the order, about 190,000 people left.", 190000.0, None,
         "2022-09-25"),
        ("Independent demographers estimate that at least 370,000 have left since the order was "
         "announced.", None, 370000.0, "2022-10-05"),
    ],
)
def test_people_who_left_with_no_host_country_named_are_departures(gaz, text, value, low, end):
    assert rows(text, gaz) == [
        ("cumulative_departures", "Russia(total)", "", "2022-09-21", end, value, low, None)
    ]


def test_people_who_left_a_host_country_are_its_exits(gaz):
    found = rows("In the first five days after the order, 19,000 people left Kazakhstan.", gaz)
    assert [(r[0], r[1]) for r in found] == [("cumulative_exits", "Kazakhstan")]


def test_a_figure_the_next_sentence_says_double_counted_is_withdrawn(gaz):
    found = rows(
        "Our first edition estimated 370,000 departures in the first two weeks after the order. "
        "That figure double-counted re-entries.",
        gaz,
    )
    assert found == []


def test_the_russians_among_entrants_are_entries(gaz):
    found = rows(
        "Movement across the border (26 September)\n\n- Persons entering Georgia from the "
        "Russian Federation: 10,314\n- of whom citizens of the Russian Federation: 8,970\n",
        gaz,
    )
    assert ("daily_entries", "2022-09-26", 8970.0) in [(r[0], r[3], r[5]) for r in found]


def test_a_terse_national_total_takes_no_crossing_named_before(gaz):
    found = rows(
        "Finland, Sunday.\n\nVaalimaa: 3,000 Russians crossed in on Sunday.\nFI total Sun: 8 314 "
        "RU citizens in (border guard tweet)\n",
        gaz,
    )
    assert [(r[2], r[5]) for r in found] == [("torfyanovka_vaalimaa", 3000.0), ("", 8314.0)]


@pytest.mark.parametrize(
    "text",
    [
        "On Sunday Vaalimaa handled 610 cars.",
        "On Sunday the customs guy said 1,021 cars went out to Finland through Vaalimaa alone.",
    ],
)
def test_cars_handled_or_out_to_a_country_through_a_crossing_crossed(gaz, text):
    assert [r[0] for r in rows(text, gaz)] == ["daily_vehicles"]


def test_a_titled_counts_day_dates_its_counts_not_the_later_queues(gaz):
    found = rows(
        "Daily traffic bulletin, Tuesday 27 September 2022, 09:00\n\nARRIVALS OF RUSSIAN "
        "CITIZENS, MONDAY 26 SEPTEMBER\nTotal, all land crossing points ........ 7,743\n\n"
        "At Vaalimaa, the line of cars on the Russian side stretched for 2.5 kilometres.\n",
        gaz,
        "2022-09-27",
    )
    assert [(r[0], r[3]) for r in found] == [
        ("daily_entries", "2022-09-26"),
        ("queue_km", "2022-09-27"),
    ]


def test_a_chat_exports_title_with_arrivals_in_it_is_its_dateline(gaz):
    found = rows(
        'Group chat "Tbilisi arrivals" (export, 29 September 2022)\n\n[10:30] Dima: Yesterday '
        "7,250 Russians entered Georgia\n",
        gaz,
        "2022-09-30",
    )
    assert [(r[0], r[3]) for r in found] == [("daily_entries", "2022-09-28")]


def test_a_day_before_a_counting_verb_is_the_counts_day_not_when_the_source_spoke(gaz):
    found = rows(
        "Yesterday the ministry counted 2,300 vehicles in the line at Upper Lars; today they say "
        "more than three thousand.",
        gaz,
    )
    assert [(r[3], r[5] or r[6]) for r in found] == [("2022-10-04", 2300.0), ("2022-10-05", 3000.0)]


def test_a_part_named_after_its_figure_keeps_its_crossing_from_the_total(gaz):
    found = rows(
        "In week 38, 10,284 Russian citizens entered Estonia, 6,120 of them through Narva.", gaz
    )
    assert [(r[2], r[5]) for r in found] == [("", 10284.0), ("ivangorod_narva", 6120.0)]


@pytest.mark.parametrize(
    "text",
    [
        "Georgia's interior minister, speaking in Tbilisi on Monday, put the daily number at "
        "around 10,000.",
        "Speaking on Monday, Georgia's interior minister put the current pace at about 10,000 a "
        "day.",
    ],
)
def test_an_official_putting_the_daily_number_at_a_figure_gives_daily_entries(gaz, text):
    assert rows(text, gaz) == [
        ("daily_entries", "Georgia", "", "2022-10-03", "2022-10-03", 10000.0, None, None)
    ]
