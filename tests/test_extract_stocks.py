"""Numbers near border counts that are no border count (issue 40), with made-up sentences: people
who stayed, entries less exits, forecasts and planning figures, prices in more currencies."""

from __future__ import annotations

import pytest
from extract_rows import rows


@pytest.mark.parametrize(
    "text",
    [
        "Georgia: around 53,000 Russians who came since the order are still in the country, "
        "according to the ministry.",
        "As of today, the difference between the number of entries and exits of Russian "
        "citizens into Georgia since 21 September amounts to approximately 68 thousand persons.",
        "The deputy head of Kazakhstan's ministry said that the 53,000 difference should not be "
        "read as the number who remain, since many left.",
        "Forecast for the weekend: up to 9,000 arrivals a day into Finland.",
        "Planning figures assume up to 60,000 further arrivals into Georgia over the coming "
        "month.",
    ],
)
def test_a_stock_or_a_forecast_is_no_observation(gaz, text):
    assert rows(text, gaz) == []


def test_a_price_in_roubles_written_rub_is_no_observation(gaz):
    found = rows(
        "Upper Lars, Monday:\n- 9,000 people crossed into Georgia\n- bikes for rent: 15,000 rub, "
        "guys ride past the cars\n",
        gaz,
    )
    assert [r[5] for r in found] == [9000.0]


def test_entries_after_a_net_figure_are_still_entries(gaz):
    found = rows(
        "Kazakhstan's net inflow is negative, with 4,700 exits and 3,900 entries on Monday.", gaz
    )
    assert ("daily_entries", 3900.0) in [(r[0], r[5]) for r in found]


def test_a_completed_call_up_with_no_further_call_ups_is_a_call_up(gaz):
    found = rows(
        "On Friday the minister said the task of calling up 300,000 reservists had been fulfilled "
        "and that no further call-ups were planned.",
        gaz,
    )
    assert [(r[0], r[5]) for r in found] == [("call_ups", 300000.0)]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (
            "In week 40, 29,870 Russian citizens entered Finland, compared with 43,120 in week 39 "
            "(revised from 42,650 after late records).",
            {29870.0, 43120.0},
        ),
        (
            "Entries into Kazakhstan on Sunday 2 October, first published as 16,250, are revised "
            "to 17,035.",
            {17035.0},
        ),
    ],
)
def test_the_figure_a_revision_replaced_is_no_observation(gaz, text, kept):
    assert {r[5] for r in rows(text, gaz)} == kept


def test_the_announced_size_of_a_call_up_is_no_call_up(gaz):
    found = rows(
        "The defence ministry says 200,000 men had been called up by 4 October, two thirds of the "
        "announced 300,000.",
        gaz,
    )
    assert [(r[0], r[5]) for r in found] == [("call_ups", 200000.0)]


@pytest.mark.parametrize(
    "line",
    [
        "- Hot meals distributed at Syrym since Friday: 4,000",
        "- Volunteers on duty: 120",
        "- Hauliers stuck at Syrym: 1,800",
    ],
)
def test_meals_staff_on_duty_and_hauliers_are_no_count_of_people(gaz, line):
    found = rows(f"Exits from Kazakhstan on Monday:\n- Syrym: 3,000 left\n{line}\n", gaz)
    assert [r[5] for r in found] == [3000.0]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (
            "Storskog: Norwegian police counted 160 Russians coming in on Monday; the normal "
            "figure is more like 100.",
            [160.0],
        ),
        ("Ignore the posts about a 100 km queue at Kairak on Monday.", []),
        (
            "The entries figure of 9,940 shown for Georgia on Sunday was wrong and should not be "
            "used.",
            [],
        ),
        (
            "The sum of the country figures above (380,770) should not be presented as the "
            "number who left Russia since the order.",
            [],
        ),
    ],
)
def test_a_normal_level_or_a_figure_called_wrong_is_no_observation(gaz, text, kept):
    assert [r[5] for r in rows(text, gaz)] == kept


def test_a_remark_after_though_does_not_undo_the_count(gaz):
    found = rows(
        "Armenian officials said about 40,000 Russians arrived in the country between 21 "
        "September and 5 October, though many have since moved on.",
        gaz,
    )
    assert [(r[0], r[5]) for r in found] == [("cumulative_entries", 40000.0)]


def test_lanes_opened_are_equipment_and_leave_the_queue_in_the_clause(gaz):
    found = rows(
        "At Upper Lars on Sunday drivers said the line is under 20 km now and moving faster since "
        "they opened extra lanes.",
        gaz,
    )
    assert [(r[0], r[7]) for r in found] == [("queue_km", 20.0)]


def test_supplies_for_one_more_day_are_no_wait(gaz):
    found = rows("At 02:00 on Sunday the line at Upper Lars was 20 km. Tea OK for one more day.",
                 gaz)
    assert [r[0] for r in found] == ["queue_km"]


@pytest.mark.parametrize(
    "line",
    [
        "- Rents in Yerevan have risen by some 60% since August.",
        "- Banks report 12,400 new accounts opened by Russian citizens.",
        "- 1,900 newly registered individual entrepreneurs are Russian citizens.",
    ],
)
def test_a_list_line_of_prices_shares_or_accounts_is_no_count(gaz, line):
    text = f"Arrivals in Armenia on Monday:\n- Bagratashen: 2,000 entered\n{line}\n"
    assert [r[5] for r in rows(text, gaz)] == [2000.0]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (
            "The queue at Upper Lars, which stretched to more than 20 km at its worst, had shrunk "
            "to under 2 km by Wednesday.",
            [2.0],
        ),
        (
            "Entries into Kazakhstan ran at around 14,000 a day last week, down from peaks above "
            "20,000 in the first days after the order.",
            [14000.0],
        ),
        ("At Kyakhta on Sunday the bus to Ulaanbaatar takes 7 hours.", []),
    ],
)
def test_a_level_at_its_worst_a_past_peak_or_a_journey_is_no_observation(gaz, text, kept):
    assert [r[5] if r[5] is not None else r[7] for r in rows(text, gaz)] == kept
