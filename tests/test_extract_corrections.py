"""Corrections posted later in a report (issue 40): the figure they withdraw is no observation,
and the figure they give takes its place. Each case is a made-up thread or live page."""

from __future__ import annotations

import pytest
from extract_rows import rows

from borderflow.extraction import extract

N = None


def test_new_not_old_replaces_the_earlier_row_keeping_its_period(gaz):
    text = (
        "[01.10 09:05] Timur: Kairak line at 6 am was about 9 km\n\n"
        "[01.10 12:30] Timur: correction, 4 km, not 9. I read the map wrong."
    )
    assert rows(text, gaz, "2022-10-02") == [
        ("queue_km", "Kazakhstan", "bugristoye_kairak", "2022-10-01", "2022-10-01", 4.0, N, N)
    ]


def test_a_withdrawn_figure_is_kept_as_other_when_asked(gaz):
    text = (
        "4/ Latvia let in 1,630 Russians on Monday.\n\n"
        "7/ Correction to 4/: Monday was 1,360, not 1,630. Swapped digits."
    )
    found = extract(text, "2022-10-05", source="T", gazetteer=gaz, keep_other=True)
    got = sorted(zip(found["metric"], found["value"], found["date_from"], strict=True))
    assert got == [("daily_entries", 1360.0, "2022-10-03"), ("other", 1630.0, "2022-10-03")]


def test_a_figure_said_earlier_is_replaced_by_the_next_sentence(gaz):
    text = (
        "09:40 - About 1,900 people left Armenia for Russia over the weekend, officials said.\n\n"
        "12:15 - Correction: our 09:40 entry said 1,900. The service's figure is 1,090; we "
        "misread its table."
    )
    assert [(r[0], r[3], r[4], r[5]) for r in rows(text, gaz, "2022-10-03")] == [
        ("cumulative_exits", "2022-10-01", "2022-10-02", 1090.0)
    ]


def test_the_figure_a_correction_says_was_of_something_else_is_withdrawn(gaz):
    text = (
        "10:05 - 520 vehicles are waiting at Syrym this morning.\n\n"
        "11:30 - Correction: the 520 figure was for lorries. The line of cars at Syrym stands at "
        "180, the customs office says."
    )
    assert [(r[0], r[2], r[5]) for r in rows(text, gaz, "2022-10-04")] == [
        ("queue_vehicles", "mashtakovo_syrym", 180.0)
    ]


def test_a_correction_read_on_its_own_keeps_its_own_reading(gaz):
    """Its own words give the withdrawn row's metric and day: its row is read, not copied."""
    text = (
        "At Upper Lars the line was 12 km on Friday. The ministry said 6,200 Russians entered "
        "on Friday.\n\n"
        "Ministry corrects its nationwide figure: Friday's arrivals in Georgia were 6,820, not "
        "6,200."
    )
    found = extract(text, "2022-10-01", source="T", gazetteer=gaz)
    entries = found[found["metric"] == "daily_entries"]
    assert list(zip(entries["value"], entries["rule"], strict=True)) == [(6820.0, "stated")]


def test_not_with_no_earlier_figure_withdraws_nothing(gaz):
    found = rows("The Vaalimaa queue was 3 km on Sunday, not 20 km as a video claimed.", gaz)
    assert (
        "queue_km",
        "Finland",
        "torfyanovka_vaalimaa",
        "2022-10-02",
        "2022-10-02",
        3.0,
        N,
        N,
    ) in found


def test_a_fact_checks_false_verdict_withdraws_the_claim(gaz):
    text = (
        'Claim 2: "The line at Kairak is 60 km long."\n\nRating: FALSE. Drivers put it at about '
        "6 km on Tuesday.\n\n"
        'Claim 3: "Some 4,000 Russians entered Mongolia on Monday."\n\nRating: TRUE.'
    )
    found = rows(text, gaz, "2022-09-29")
    assert [(r[0], r[5]) for r in found] == [("queue_km", 6.0), ("daily_entries", 4000.0)]


def test_a_reply_calling_the_post_before_false_withdraws_it(gaz):
    text = "[27.09 10:02] Dima: Upper Lars queue is 50 km now!\n[27.09 10:05] Nino: That is false."
    assert rows(text, gaz, "2022-09-27") == []


@pytest.mark.parametrize(
    "text",
    [
        "The Vaalimaa queue was 3 km. Finland shares 1,340 km of border with Russia.",
        "The Vaalimaa queue was 3 km. Finland's eastern frontier is around 1,340 km.",
        "A 100 km queue would stretch past Vladikavkaz. At Upper Lars the queue was 3 km.",
        "The Vaalimaa queue was 3 km. No official body supports a figure of 1,000,000 leaving.",
    ],
)
def test_lengths_claims_and_sizes_that_are_no_queue(gaz, text):
    assert [(r[0], r[5]) for r in rows(text, gaz, "2022-09-29")] == [("queue_km", 3.0)]


def test_x_not_y_comparing_two_days_withdraws_nothing(gaz):
    """No correction word and another day: Tuesday's 4 km is set against Monday's 9 km."""
    text = "The Kairak line was 9 km on Monday. On Tuesday it was 4 km, not 9."
    assert [(r[0], r[3], r[5]) for r in rows(text, gaz, "2022-10-05")] == [
        ("queue_km", "2022-10-03", 9.0),
        ("queue_km", "2022-10-04", 4.0),
    ]


def test_a_post_that_says_sorry_and_restates_a_figure_withdraws_nothing(gaz):
    text = (
        "10:05 - Georgia's interior ministry said 5,000 Russians entered on Monday.\n\n"
        "12:40 - Sorry for the slow updates: the ministry said 5,000 entered on Monday and 4,200 "
        "on Tuesday."
    )
    found = [(r[0], r[3], r[5]) for r in rows(text, gaz, "2022-10-05")]
    assert ("daily_entries", "2022-10-03", 5000.0) in found
    assert ("daily_entries", "2022-10-04", 4200.0) in found
    assert ("daily_entries", "2022-10-03", 4200.0) not in found


def test_a_withdrawn_figure_is_not_replaced_by_a_figure_of_another_kind(gaz):
    text = (
        "Georgia let in 5,000 Russians on Monday.\n\nSorry, we posted 5,000 by mistake.\n\n"
        "The queue at Upper Lars was 12 km on Tuesday."
    )
    assert [(r[0], r[2], r[3], r[5]) for r in rows(text, gaz, "2022-10-05")] == [
        ("queue_km", "upper_lars_dariali", "2022-10-04", 12.0)
    ]


def test_no_before_a_supporting_verb_denies_only_when_it_names_no_source(gaz):
    text = "At Upper Lars there is no end in sight as traffic backs up 20 km into North Ossetia."
    found = extract(text, "2022-10-05", source="T", gazetteer=gaz, keep_other=True)
    assert "other" not in set(found["metric"])


@pytest.mark.parametrize(
    "reply",
    [
        "This is wrong, say opposition MPs who want visas for Russians.",
        "That is wrong to let everyone in, one MP said.",
    ],
)
def test_an_opinion_that_calls_something_wrong_withdraws_nothing(gaz, reply):
    text = f"Georgia let in 5,000 Russians on Monday. {reply}"
    assert [(r[0], r[5]) for r in rows(text, gaz, "2022-10-05")] == [("daily_entries", 5000.0)]


def test_a_correction_pointing_at_an_earlier_entry_withdraws_a_figure_it_restates(gaz):
    text = (
        "10:50 — Last week's figures: 2,600 Russians a day left Armenia.\n\n"
        "13:05 — Correction: our 10:50 entry said 2,600 Russians a day were leaving Armenia "
        "last week. The service's figure was 2,060. We regret the error."
    )
    assert [(r[0], r[3], r[4], r[5]) for r in rows(text, gaz, "2022-10-12")] == [
        ("daily_exits", "2022-10-03", "2022-10-09", 2060.0)
    ]


def test_should_read_replaces_the_row_whatever_the_correction_reads_itself(gaz):
    text = (
        "Armenia: 30,800 entries and 21,700 departures of Russians since the order.\n\n"
        "Correction: the departures figure should read 17,200, not 21,700."
    )
    found = rows(text, gaz, "2022-10-01")
    assert ("cumulative_exits", 17200.0) in [(r[0], r[5]) for r in found]
    assert 21700.0 not in [r[5] for r in found]


def test_a_subreddits_lower_case_town_names_its_country(gaz):
    text = "r/tbilisi - posted by u/someone\n\nThe ministry says 9,000 a day are entering now."
    assert [(r[0], r[1]) for r in rows(text, gaz, "2022-09-26")] == [("daily_entries", "Georgia")]


def test_the_figure_after_not_is_no_observation_even_with_words_between(gaz):
    text = "Finland let in 4,800 Russians on Monday, not 48,000 as some posts claimed."
    assert [(r[0], r[5]) for r in rows(text, gaz, "2022-10-05")] == [("daily_entries", 4800.0)]


def test_a_terse_reply_corrects_the_figure_of_the_post_before(gaz):
    found = rows(
        "[24.09 13:40] Olya: the customs site says 1,014 cars went out via Torfyanovka "
        "yesterday\n[24.09 13:44] Olya: sorry, 914. misread it\n",
        gaz,
    )
    assert found == [
        ("daily_vehicles", "Finland", "torfyanovka_vaalimaa", "2022-09-23", "2022-09-23", 914.0,
         None, None)
    ]


@pytest.mark.parametrize(
    "reply",
    [
        "[24.09 13:44] Olya: sorry, 91 of them were trucks",  # a figure a word goes on about
        "[24.09 13:44] Olya: sorry, 3.",  # not the size of any figure before
    ],
)
def test_a_reply_that_is_no_terse_correction_keeps_the_figure(gaz, reply):
    found = rows(
        f"[24.09 13:40] Olya: the customs site says 1,014 cars went out via Torfyanovka "
        f"yesterday\n{reply}\n",
        gaz,
    )
    assert [r[5] for r in found if r[0] == "daily_vehicles"] == [1014.0]
