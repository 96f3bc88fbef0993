"""Wording from broadcasts, digests, diaries and forums (issue 40), each with made-up sentences:
"respectively", "by the 25th", "it was back to", an exit count after a sentence of entries,
ages, the approach road."""

from __future__ import annotations

import pytest
from extract_rows import rows
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

N = None


def test_two_days_and_two_figures_respectively(gaz):
    found = rows(
        "On Sunday and Monday the figures for entries into Armenia were 4,143 and 3,804 "
        "respectively.",
        gaz,
    )
    assert found == [
        ("daily_entries", "Armenia", "", "2022-10-02", "2022-10-02", 4143.0, N, N),
        ("daily_entries", "Armenia", "", "2022-10-03", "2022-10-03", 3804.0, N, N),
    ]


def test_a_count_by_a_day_of_the_month_ends_that_day(gaz):
    found = rows(
        "At Terehova they had counted over 2,000 Russian arrivals in Latvia since the order by "
        "the 25th.",
        gaz,
    )
    assert found == [
        (
            "cumulative_entries",
            "Latvia",
            "burachki_terehova",
            "2022-09-21",
            "2022-09-25",
            N,
            2000.0,
            N,
        )
    ]


def test_an_exit_count_after_a_sentence_of_entries_shares_its_days(gaz):
    found = rows(
        "The ministry says 4,307 Russian citizens entered Armenia yesterday. About 1,800 left. "
        "Over four days, 26-29 September, 12,5 thousand entered the country. Over the same period "
        "6,9 thousand left.",
        gaz,
    )
    assert ("daily_exits", "Armenia", "", "2022-10-04", "2022-10-04", 1800.0, N, N) in found
    assert ("cumulative_exits", "Armenia", "", "2022-09-26", "2022-09-29", 6900.0, N, N) in found


def test_it_was_back_to_a_figure_continues_the_count(gaz):
    found = rows(
        "Armenia's peak was Sunday the 25th of September, when 5,143 people entered. By the "
        "following Sunday it was back to about two thousand.",
        gaz,
    )
    assert ("daily_entries", "Armenia", "", "2022-10-02", "2022-10-02", 2000.0, N, N) in found


def test_an_age_limit_is_no_call_up_count(gaz):
    text = "The ministry said men older than 35 without combat experience will not be called up."
    assert rows(text, gaz) == []


def test_vehicles_on_the_approach_road_are_a_queue(gaz):
    found = rows(
        "At Zhana Zhol at nine in the morning on Monday the border service counted around one "
        "thousand vehicles on the approach road.",
        gaz,
    )
    assert found == [
        (
            "queue_vehicles",
            "Kazakhstan",
            "petukhovo_zhana_zhol",
            "2022-10-03",
            "2022-10-03",
            1000.0,
            N,
            N,
        )
    ]


def test_a_bulletin_series_dates_each_day_by_its_heading(gaz):
    text = (
        "Kazakhstan, West Kazakhstan region: daily bulletins, 2 to 3 October 2022\n\n"
        "2 October 2022, as of 08:00\n"
        "Over the past day: entered 3,980; departed 2,410.\n"
        "Syrym: 310 vehicles, waiting time about 6 hours.\n\n"
        "3 October 2022, as of 08:00\n"
        "Over the past day: entered 3,720; departed 3,050."
    )
    found = rows(text, gaz, "2022-10-04")
    assert ("daily_entries", "Kazakhstan", "", "2022-10-01", "2022-10-01", 3980.0, N, N) in found
    assert (
        "queue_vehicles",
        "Kazakhstan",
        "mashtakovo_syrym",
        "2022-10-02",
        "2022-10-02",
        310.0,
        N,
        N,
    ) in found
    assert ("daily_exits", "Kazakhstan", "", "2022-10-02", "2022-10-02", 3050.0, N, N) in found


def test_last_years_level_and_a_net_inflow_are_no_observations(gaz):
    text = (
        "Entries of Russians into Armenia in September 2021 numbered 15,406. The difference "
        "between entries and exits in September 2022 (net inflow) amounted to 16,418 persons."
    )
    assert rows(text, gaz, "2022-10-12") == []


def test_five_and_a_half_thousand_and_there_were_continuing_a_count(gaz):
    found = rows(
        "As of this morning, some five and a half thousand passenger cars are standing in line "
        "toward Upper Lars. Yesterday there were about three thousand five hundred.",
        gaz,
    )
    lars = ("queue_vehicles", "Georgia", "upper_lars_dariali")
    assert (*lars, "2022-10-05", "2022-10-05", 5500.0, N, N) in found
    assert (*lars, "2022-10-04", "2022-10-04", 3500.0, N, N) in found


def test_about_a_day_and_a_half_and_a_distance_to_the_north(gaz):
    found = rows(
        "At Syrym on Monday people told us they wait about a day and a half. A man from Uralsk, "
        "60 km to the north, said the same.",
        gaz,
    )
    assert found == [
        ("wait_hours", "Kazakhstan", "mashtakovo_syrym", "2022-10-03", "2022-10-03", 36.0, N, N)
    ]


def test_a_line_reported_on_social_media_is_no_observation(gaz):
    text = "There were reports on social media of a 40 km line at Syrym on Monday."
    assert rows(text, gaz) == []


def test_a_worked_example_a_part_day_and_permits_are_no_observations(gaz):
    text = (
        "A queue of 20 km, like the one at Upper Lars, holds roughly 2,000 to 2,500 cars, if you "
        "allow eight metres per car. At Storskog, 96 persons have entered so far today. Of those "
        "entering Finland, 905 held Finnish residence permits."
    )
    assert rows(text, gaz) == []


def test_a_usual_level_in_a_clause_after_a_dated_count_is_a_baseline(gaz):
    found = rows(
        "Land arrivals in Armenia: 2,150 on Sunday 2 October; before the mobilisation the usual "
        "level was around 600 a day.",
        gaz,
    )
    assert found == [("daily_entries", "Armenia", "", "2022-10-02", "2022-10-02", 2150.0, N, N)]


def test_ticker_wording_for_a_queue_and_a_wait_still_running(gaz):
    found = rows(
        "Customs sources say the column now runs 25 km back from the Upper Lars checkpoint. "
        "Wait-time check. A driver leans out of his Lada: \"We've been here 30 hours and "
        'counting."',
        gaz,
    )
    lars = ("Georgia", "upper_lars_dariali", "2022-10-05", "2022-10-05")
    assert ("queue_km", *lars, 25.0, N, N) in found
    assert ("wait_hours", *lars, N, 30.0, N) in found


def test_a_report_week_heading_and_the_day_of_the_order(gaz):
    text = (
        "Weekly operational summary, 26 September - 2 October 2022\n\n"
        "During the reporting week, 9,620 citizens of the Russian Federation entered "
        "Kazakhstan. On the day of the order, 643 crossed at Syrym; the day before, only 263."
    )
    found = rows(text, gaz)
    assert (
        "cumulative_entries",
        "Kazakhstan",
        "",
        "2022-09-26",
        "2022-10-02",
        9620.0,
        N,
        N,
    ) in found
    assert (
        "daily_entries",
        "Kazakhstan",
        "mashtakovo_syrym",
        "2022-09-21",
        "2022-09-21",
        643.0,
        N,
        N,
    ) in found


def test_an_age_in_apposition_is_no_count(gaz):
    text = "A driver from Uralsk, Aleksei, 41, who crossed at Syrym on Wednesday, was tired."
    assert rows(text, gaz) == []


def test_a_tab_separated_sheet_pasted_from_a_spreadsheet(gaz):
    text = (
        "date\tcountry\tcrossing\tentered_RU_citizens\tleft_RU_citizens\tqueue_cars\n"
        "03.10.2022\tEstonia\tNarva-1\t1 212\t1 088\t-\n"
        "04.10.2022\tLatvia\tTerehova\t418\t397\t90"
    )
    found = rows(text, gaz, "2022-10-10")
    narva = ("Estonia", "ivangorod_narva", "2022-10-03", "2022-10-03")
    terehova = ("Latvia", "burachki_terehova", "2022-10-04", "2022-10-04")
    assert found == [
        ("daily_entries", *narva, 1212.0, N, N),
        ("daily_exits", *narva, 1088.0, N, N),
        ("daily_entries", *terehova, 418.0, N, N),
        ("daily_exits", *terehova, 397.0, N, N),
        ("queue_vehicles", *terehova, 90.0, N, N),
    ]


TOKENS = [
    "2022-13-45",
    "8-3532-77-45-10",
    "31.02",
    "45.13.2022",
    "Feb 30",
    "the 45th",
    "0.0.",
    "Monday",
    "the previous day",
    "since the order",
    "between",
    "and",
    "to",
    "-",
    "–",
    "(",
    ")",
    "|",
    "\t",
    "\n",
    ":",
    ",",
    ".",
    "km",
    "hours",
    "cars",
    "entered",
    "left",
    "Georgia",
    "Upper Lars",
    "Syrym",
    "1,021",
    "3,5 thousand",
    "~4k",
    "half a",
    "twelve hundred",
    "0",
    "999999999999",
]


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(words=st.lists(st.sampled_from(TOKENS), max_size=40), noise=st.text(max_size=40))
def test_any_text_gives_rows_and_never_an_exception(gaz, words, noise):
    """Odd dates, phone numbers, broken tables and random characters: rows (perhaps none)."""
    found = rows(" ".join(words) + noise, gaz)
    assert all(r[0] for r in found)


def test_a_timeline_lines_day_dates_its_entry(gaz):
    text = (
        "Sept 23 — Between 400 and 500 cars wait at Syrym.\n\n"
        "Sept 27 — Kazakhstan's interior ministry says 88,000 Russians have entered since the "
        "mobilisation was announced."
    )
    found = rows(text, gaz, "2022-10-12")
    assert (
        "queue_vehicles",
        "Kazakhstan",
        "mashtakovo_syrym",
        "2022-09-23",
        "2022-09-23",
        N,
        400.0,
        500.0,
    ) in found
    assert (
        "cumulative_entries",
        "Kazakhstan",
        "",
        "2022-09-21",
        "2022-09-27",
        88000.0,
        N,
        N,
    ) in found


def test_cars_standing_on_a_side_and_a_figure_put_lower(gaz):
    found = rows(
        "On Monday North Ossetian officials said 3,100 passenger cars were standing on the "
        "Russian side at Upper Lars. A blogger put the figure lower, at 2,300.",
        gaz,
    )
    lars = ("queue_vehicles", "Georgia", "upper_lars_dariali", "2022-10-03", "2022-10-03")
    assert (*lars, 3100.0, N, N) in found and (*lars, 2300.0, N, N) in found


def test_a_situation_boards_verbless_lines(gaz):
    text = (
        "BORDER BOARD -- Mon 3.10\n\n"
        "KZ-Syrym: 500+ cars, ~10h\n\n"
        "KZ-Kairak: ~3 hrs\n\n"
        "Torfyanovka yesterday: 700+ cars out."
    )
    found = rows(text, gaz, "2022-10-03")
    syrym = ("Kazakhstan", "mashtakovo_syrym", "2022-10-03", "2022-10-03")
    assert ("queue_vehicles", *syrym, N, 500.0, N) in found
    assert ("wait_hours", *syrym, 10.0, N, N) in found
    assert (
        "wait_hours",
        "Kazakhstan",
        "bugristoye_kairak",
        "2022-10-03",
        "2022-10-03",
        3.0,
        N,
        N,
    ) in found
    assert not any(r[0] == "queue_vehicles" and r[6] == 700.0 for r in found)


@pytest.mark.parametrize(
    "text",
    [
        "By the 31st, 50,000 had entered Kazakhstan since the order.",  # no 31st in September
        "99999999 days ago 3,000 entered Georgia.",
        "In the 99999999 days to 5 October 3,000 entered Georgia.",
    ],
)
def test_a_day_no_calendar_holds_gives_no_date_and_no_exception(gaz, text):
    for row in rows(text, gaz, "2022-10-01"):
        assert row[4] is not None and row[4] != ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("On Monday two thousand and fifty people entered Georgia.", [2050.0]),
        (
            "Entries at Kairak on Monday: around 900 in the morning, 1,400 in the evening.",
            [900.0, 1400.0],
        ),
        ("On Friday officials counted 800 cars at Upper Lars passing into Georgia.", [800.0]),
        (
            "At some crossings, for example Upper Lars, 5,000 people entered Georgia on Friday.",
            [5000.0],
        ),
        (
            "Georgia's ministry, in posts on social media, said 5,000 people entered on Friday.",
            [5000.0],
        ),
    ],
)
def test_figures_the_review_found_misread(gaz, text, expected):
    found = rows(text, gaz, "2022-10-05")
    assert sorted(v for r in found if r[0] != "queue_vehicles" for v in (r[5],) if v) == expected


def test_a_board_lines_clock_and_a_period_are_no_line_or_wait(gaz):
    found = rows("Upper Lars: 5,200 cars over 24 hours.", gaz)
    assert not any(r[0] in ("queue_vehicles", "wait_hours") for r in found)


def test_we_spoke_with_drivers_sets_no_day_for_the_report(gaz):
    text = (
        "We spoke with drivers at Upper Lars on Tuesday.\n\n"
        "Yesterday 5,000 people entered Georgia, the ministry said."
    )
    assert rows(text, gaz, "2022-10-01")[0][3] == "2022-09-30"


def test_a_hundred_is_no_past_tense_and_respectively_with_two_countries(gaz):
    found = rows(
        "On Monday 5,000 Russians entered Georgia. A hundred cars wait at Upper Lars.", gaz
    )
    assert all(r[3] == "2022-10-05" for r in found if r[0] == "queue_vehicles")
    pair = rows(
        "On Monday and Tuesday, Georgia and Kazakhstan took in 5,000 and 7,000 Russians "
        "respectively.",
        gaz,
    )
    assert [r[1] for r in pair] == ["Georgia", "Kazakhstan"]


def test_countries_joined_by_a_hyphen_are_both_named(gaz):
    assert {m.id for m in gaz.find("the Russia-Georgia border")} == {"Russia", "Georgia"}


def test_periods_named_by_the_month_end_a_fortnight_and_those_days(gaz):
    found = rows(
        "Armenia had logged 36,000 arrivals between the order and the end of September. In the "
        "fortnight after the mobilization order, about 41,000 entries were recorded. From 23 to "
        "26 September 9,000 entered Latvia; in those four days 4,000 left Latvia.",
        gaz,
        "2022-10-10",
    )
    assert ("cumulative_entries", "Armenia", "", "2022-09-21", "2022-09-30", 36000.0, N, N) in found
    assert ("cumulative_entries", "Armenia", "", "2022-09-21", "2022-10-04", 41000.0, N, N) in found
    assert ("cumulative_exits", "Latvia", "", "2022-09-23", "2022-09-26", 4000.0, N, N) in found


def test_a_day_the_source_spoke_on_and_a_record_so_far(gaz):
    found = rows(
        "On 4 October the minister said that more than 200 thousand people have been called up "
        "since the decree. That is below Sunday, when Armenia recorded 5,143 arrivals, the "
        "highest single day so far.",
        gaz,
        "2022-10-11",
    )
    assert ("call_ups", "Russia(total)", "", "2022-09-21", "2022-10-04", N, 200000.0, N) in found
    assert ("daily_entries", "Armenia", "", "2022-10-09", "2022-10-09", 5143.0, N, N) in found


def test_a_comments_now_and_a_verbless_line_after_a_named_day(gaz):
    found = rows(
        "On Wednesday 3,050 Russians entered Finland, the border guard said, while 4,420 went the "
        "other way, the clearest sign yet that more people are now returning than arriving.\n\n"
        "At the Karaozek checkpoint on Saturday there was no queue. At Mashtakovo, 40 cars.",
        gaz,
        "2022-10-06",
    )
    assert ("daily_exits", "Finland", "", "2022-10-05", "2022-10-05", 4420.0, N, N) in found
    assert (
        "queue_vehicles",
        "Kazakhstan",
        "mashtakovo_syrym",
        "2022-10-01",
        "2022-10-01",
        40.0,
        N,
        N,
    ) in found


def test_a_time_after_a_comma_does_not_replace_the_figures_own(gaz):
    found = rows(
        "The Kairak crossing, where drivers had described waits of up to 30 hours last week, was "
        "quiet on Tuesday morning.",
        gaz,
        "2022-10-04",
    )
    assert found == [
        ("wait_hours", "Kazakhstan", "bugristoye_kairak", "2022-09-26", "2022-10-02", N, N, 30.0)
    ]


def test_days_of_this_week_and_the_week_before_the_last_period(gaz):
    found = rows(
        "Between Monday and Wednesday of this week, 5,120 Russians entered Estonia at Narva. "
        "Last week 9,800 entered Latvia. The week before that, more than 12,000 had come in.",
        gaz,
        "2022-10-14",
    )
    assert (
        "cumulative_entries",
        "Estonia",
        "ivangorod_narva",
        "2022-10-10",
        "2022-10-12",
        5120.0,
        N,
        N,
    ) in found
    assert ("cumulative_entries", "Latvia", "", "2022-09-26", "2022-10-02", N, 12000.0, N) in found


def test_a_table_without_outer_pipes_or_a_rule_line(gaz):
    text = (
        "Crossing (Russian name) | Cars out of Russia, Mon 3 Oct | Typical day, 2021\n"
        "Vaalimaa (Torfyanovka) | 821 | 410\n"
        "Imatra (Svetogorsk) | 652 | 260"
    )
    found = rows(text, gaz)
    day = ("2022-10-03", "2022-10-03")
    assert found == [
        ("daily_vehicles", "Finland", "torfyanovka_vaalimaa", *day, 821.0, N, N),
        ("daily_vehicles", "Finland", "svetogorsk_imatra", *day, 652.0, N, N),
    ]


def test_a_weekday_beside_the_next_day_is_that_day(gaz):
    found = rows(
        "Not a single Russian crossed at Storskog on Sunday the 25th. The next day was different: "
        "on Monday 402 people came into Norway.",
        gaz,
        "2022-10-07",
    )
    assert [r[3] for r in found if r[5] == 402.0] == ["2022-09-26"]


def test_onward_destinations_a_day_as_subject_and_departures_beside_entries(gaz):
    found = rows(
        "Some two hundred thousand Russians had entered Kazakhstan since 21 September, officials "
        "said on Tuesday. Yet roughly one hundred and forty thousand had also left over the same "
        "period, the ministry added, many of them transiting onward to Turkey, Armenia or Georgia. "
        "On Monday 9,000 entered the country.\n\n"
        "Armenia's busiest day was Saturday, with 5,600 arrivals. Sunday was not far behind, at "
        "5,314.\n\n"
        "At Storskog yesterday the picture was calmer: 187 entries and 141 departures.",
        gaz,
        "2022-10-04",
    )
    assert (
        "cumulative_exits",
        "Kazakhstan",
        "",
        "2022-09-21",
        "2022-10-04",
        140000.0,
        N,
        N,
    ) in found
    assert ("daily_entries", "Kazakhstan", "", "2022-10-03", "2022-10-03", 9000.0, N, N) in found
    assert ("daily_entries", "Armenia", "", "2022-10-02", "2022-10-02", 5314.0, N, N) in found
    assert (
        "daily_exits",
        "Norway",
        "borisoglebsky_storskog",
        "2022-10-03",
        "2022-10-03",
        141.0,
        N,
        N,
    ) in found


def test_a_length_of_cars_is_a_queue_without_a_queue_word(gaz):
    found = rows("At Upper Lars this morning: ~18km of cars from the checkpoint back.", gaz)
    assert found == [
        ("queue_km", "Georgia", "upper_lars_dariali", "2022-10-05", "2022-10-05", 18.0, N, N)
    ]


def test_the_tail_of_a_line_measured_from_the_post_is_its_length(gaz):
    found = rows("Sources now say the tail at Upper Lars is ~27km from the post.", gaz)
    assert [r[:2] + r[5:6] for r in found] == [("queue_km", "Georgia", 27.0)]


def test_lars_alone_names_the_crossing_but_not_a_person(gaz):
    crossing = rows("About 4,300 Russians came in through Lars yesterday.", gaz)
    person = rows(
        '"There was a queue of maybe 30 cars," said Lars Berg of the police at Storskog '
        "on Tuesday.",
        gaz,
    )
    assert [r[2] for r in crossing] == ["upper_lars_dariali"]
    assert [r[2] for r in person] == ["borisoglebsky_storskog"]


def test_a_price_someone_paid_is_no_observation(gaz):
    text = "Some men here paid like 250 thousand for a seat on a plane to Yerevan, then came here."
    assert rows(text, gaz) == []


def test_a_log_headed_by_a_day_dates_its_lines(gaz):
    text = (
        "Volunteer shift log, Upper Lars road\n\nMon 26.09\n"
        "19:10 Drove from the tail to the barrier: 24 km of cars to the checkpoint.\n\n"
        "Sun 25/09 07:40 line of cars at Upper Lars, ppl say 17 km.\n"
    )
    found = rows(text, gaz, "2022-09-27")
    assert [r[0] + r[3] for r in found] == ["queue_km2022-09-26", "queue_km2022-09-25"]


def test_a_board_line_with_a_remark_after_the_count_is_still_a_line(gaz):
    found = rows("Sun 07:30\nTorfyanovka now: ~140 cars, moving slowly.", gaz, "2022-09-25")
    assert [r[:3] + r[5:6] for r in found] == [
        ("queue_vehicles", "Finland", "torfyanovka_vaalimaa", 140.0)
    ]


def test_cars_out_through_a_crossing_are_vehicles_crossed(gaz):
    found = rows("Customs data for Torfyanovka yesterday: 870+ cars out.", gaz, "2022-09-25")
    assert found == [
        (
            "daily_vehicles",
            "Finland",
            "torfyanovka_vaalimaa",
            "2022-09-24",
            "2022-09-24",
            N,
            870.0,
            N,
        )
    ]


@pytest.mark.parametrize(
    "text",
    [
        'A widely shared video claiming that "30,000 people" entered Georgia on Monday is old.',
        "A Telegram channel claimed that 900,000 men had crossed into Kazakhstan by October.",
        "Updated 14:20: the Border Guard revised its count for Saturday to 4,310 arrivals in "
        "Finland, up from the 3,950 it gave this morning.",
        "Over the past day 2,400 people left Kazakhstan through Sagarchin. Hot line of the "
        "operational headquarters: 109.",
    ],
)
def test_claims_on_social_media_replaced_counts_and_phone_numbers_are_no_rows(gaz, text):
    values = {r[5] for r in rows(text, gaz, "2022-10-03")}
    assert not values & {30000.0, 900000.0, 3950.0, 109.0}


def test_a_denial_does_not_reach_past_a_semicolon(gaz):
    text = (
        'Reports that 14,000 people had crossed at Samur were "fabricated", the border service '
        "said; only 41 Russians passed at Samur on Wednesday, it added."
    )
    found = rows(text, gaz, "2022-10-07")
    assert [(r[0], r[5]) for r in found] == [("daily_entries", 41.0)]


def test_a_peak_of_an_ordinal_day_is_dated_to_that_day(gaz):
    text = (
        "Upper Lars: 840 vehicles were waiting on Thursday morning, against the 5,200 peak of "
        "the 28th."
    )
    found = rows(text, gaz, "2022-10-15")
    assert [(r[3], r[5]) for r in found] == [("2022-10-13", 840.0), ("2022-09-28", 5200.0)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[26.09.22, 11:02] Anya: we got through Kazbegi side after 29 hrs!!", 29.0),
        ("Ivan joined the line at Upper Lars on Sunday and crossed after about 33 hours.", 33.0),
        ("Syrym this morning: 300-400 cars, kazakh side slow. Maybe 7h.", 7.0),
    ],
)
def test_a_travellers_wait_told_in_passing(gaz, text, expected):
    found = rows(text, gaz, "2022-09-26")
    assert expected in [r[5] for r in found if r[0] == "wait_hours"]


def test_hours_of_driving_are_no_wait(gaz):
    text = "The bus crossed into Georgia after 4 hours of driving from Vladikavkaz."
    assert [r for r in rows(text, gaz, "2022-09-26") if r[0] == "wait_hours"] == []


def test_a_board_line_after_a_dash(gaz):
    found = rows("Verkhny Lars update 14:00 — ~3.2k cars, approx 2 days wait.", gaz, "2022-09-26")
    assert [(r[0], r[5]) for r in found] == [("queue_vehicles", 3200.0), ("wait_hours", 48.0)]


def test_people_who_went_to_a_host_country_are_entries(gaz):
    text = "The FSB said that 51,000 Russians had gone to Georgia in the week to Sept. 27."
    found = rows(text, gaz, "2022-10-06")
    assert found == [
        ("cumulative_entries", "Georgia", "", "2022-09-21", "2022-09-27", 51000.0, N, N)
    ]


def test_a_level_at_the_peak_with_no_day_is_no_observation(gaz):
    text = (
        "Over the past week, about 6,200 Russians a day entered Georgia, down from 9,800 at the "
        "peak."
    )
    assert [r[5] for r in rows(text, gaz, "2022-10-06")] == [6200.0]


def test_a_speakers_yesterday_is_not_the_today_after_it(gaz):
    text = (
        '"Yesterday we let in 3,900, today it will be more," a Georgian officer told us on '
        "Saturday."
    )
    assert [(r[3], r[5]) for r in rows(text, gaz, "2022-10-02")] == [("2022-09-30", 3900.0)]


def test_no_earlier_figure_is_implied_when_the_sentence_gives_it(gaz):
    text = (
        "Arrivals at Altanbulag had more than doubled, to 2,050 on Friday from 930 a week before."
    )
    assert [r[5] for r in rows(text, gaz, "2022-10-02")] == [2050.0, 930.0]


def test_people_going_the_other_way_on_the_last_day_before_a_ban(gaz):
    text = (
        "Finland counted 6,300 Russians coming in on Friday — the last day before the tourist "
        "visa ban — and 3,050 going the other way."
    )
    found = rows(text, gaz, "2022-10-02")
    assert [(r[0], r[3], r[5]) for r in found] == [
        ("daily_entries", "2022-09-30", 6300.0),
        ("daily_exits", "2022-09-30", 3050.0),
    ]


@pytest.mark.parametrize(
    ("text", "crossing"),
    [
        ("Queues Grow At Torfyanovka As 3,000 Cars Wait", "torfyanovka_vaalimaa"),
        ("About 5,000 cars stood at Kazbegi Sunday.", "upper_lars_dariali"),
        ("On 2 October Syrym Kazakh officers counted 700 cars waiting.", "mashtakovo_syrym"),
        (
            "Lars, a Norwegian guard, said 900 Russians entered Norway at Storskog on Sunday.",
            "borisoglebsky_storskog",
        ),
        ("Lars Checkpoint: 2,000 cars.", "upper_lars_dariali"),
    ],
)
def test_a_crossing_named_before_a_capitalised_word_is_still_the_crossing(gaz, text, crossing):
    assert [r[2] for r in rows(text, gaz, "2022-10-03")] == [crossing]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # an ordinal after "of" that is no day of the month
            "By the end of the 2nd week 190,000 had entered Kazakhstan.",
            [("cumulative_entries", 190000.0)],
        ),
        ("On Sunday 2,000 of the Russians in Georgia went to Istanbul by plane.", []),
        (  # a claim not about the figure
            "Despite posts claiming chaos, the ministry said 5,100 Russians entered Georgia on "
            "Sunday.",
            [("daily_entries", 5100.0)],
        ),
        (  # words after the figure that only say who reported it
            "Georgia registered 5,200 entries on Sunday, the ministry reported.",
            [("daily_entries", 5200.0)],
        ),
        (
            "Georgia counted 8 thousand and 500 more came on Monday.",
            [("daily_entries", 8000.0), ("daily_entries", 500.0)],
        ),
        (
            "Shoigu said 210,000 men had been called up, two thirds of the way to the 300,000 "
            "target.",
            [("call_ups", 210000.0)],
        ),
    ],
)
def test_screens_and_readings_that_must_not_overreach(gaz, text, expected):
    assert [
        (r[0], r[5] if r[5] is not None else r[6]) for r in rows(text, gaz, "2022-10-04")
    ] == expected


def test_a_run_on_line_without_full_stops_is_read_in_parts(gaz):
    parts = [f"Upper Lars queue {1000 + i:,} cars on {1 + i % 9} October" for i in range(60)]
    text = ", ".join(parts) + "."
    assert len(text) > 2000
    found = rows(text, gaz, "2022-10-12")
    assert sorted(r[5] for r in found) == [float(1000 + i) for i in range(60)]


def test_a_run_on_sentence_is_cut_at_commas_into_bounded_parts():
    from borderflow.extraction.text import LONGEST, sentences

    text = ", ".join(
        f"Upper Lars queue {1000 + i:,} cars on {1 + i % 9} October" for i in range(80)
    )
    parts = sentences(text)
    assert len(parts) > 1 and all(len(p) <= LONGEST for p in parts)
    assert " ".join(parts) == text


@pytest.mark.parametrize(
    "text",
    [
        "Uralsk Live | Telegram\n\n[23.09 08:14]\nSyrym right now: the RF side line is 500 cars.",
        "Granitsa | Telegram\n\n23.09, 12:45\nSyrym: the line on the RF side is 500 cars.",
        'Group chat "Uralsk drivers" (export, 23 September 2022)\n\n'
        "[09:02] Nina: Syrym update: the line is 500 cars this morning",
    ],
)
def test_a_chat_posts_date_dates_what_the_post_says(gaz, text):
    found = rows(text, gaz, "2022-09-24")
    assert [(r[0], r[3], r[5]) for r in found] == [("queue_vehicles", "2022-09-23", 500.0)]


@pytest.mark.parametrize(
    "line",
    [
        "[27.09.22 09:12] Ingrid: Police say 396 crossed at Storskog yesterday.",
        "[27/09/2022, 09:12] Ingrid: Police say 396 crossed at Storskog yesterday.",
    ],
)
def test_a_chat_lines_own_date_anchors_its_yesterday(gaz, line):
    found = rows("Signal group export\n\n" + line, gaz, "2022-09-28")
    assert [(r[0], r[3], r[5]) for r in found] == [("daily_entries", "2022-09-26", 396.0)]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Correction: the exit figure for Kazakhstan should read 9,480, not 9,840.", 9480.0),
        (
            "Armenia: 4,250 Russian entries on Sunday, against a pre-crisis norm of 1,450 a day.",
            4250.0,
        ),
    ],
)
def test_a_figure_set_aside_by_not_or_a_pre_crisis_norm(gaz, text, kept):
    assert [r[5] if r[5] is not None else r[6] for r in rows(text, gaz, "2022-09-26")] == [kept]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Compared with the pre-war trickle, 12,000 people entered Georgia on 27 September.",
            [("daily_entries", "2022-09-27", 12000.0)],
        ),
        (
            "22.09 At Upper Lars 5,000 people crossed into Georgia.",
            [("daily_entries", "2022-09-22", 5000.0)],
        ),
        ("09.40 The queue at Upper Lars is 20 km.", [("queue_km", "2022-10-03", 20.0)]),
        (
            "The queue kept growing...\n\nOn 27 September 4,000 entered Georgia.",
            [("daily_entries", "2022-09-27", 4000.0)],
        ),
    ],
)
def test_words_and_marks_that_only_look_like_a_screen_or_a_clock(gaz, text, expected):
    assert [(r[0], r[3], r[5]) for r in rows(text, gaz, "2022-10-03")] == expected


def test_a_forum_posts_numbered_header_dates_the_post(gaz):
    text = (
        "Thread 4471: crossing into KZ (page 2)\n\n#13 kaz_ural, 29.09.2022\n"
        "Ilek this morning: no more than 20 cars.\n\n#14 serg74, 30.09.2022\n"
        "Ilek today: line of 3 km."
    )
    found = rows(text, gaz, "2022-10-02")
    assert [(r[0], r[3]) for r in found] == [
        ("queue_vehicles", "2022-09-29"),
        ("queue_km", "2022-09-30"),
    ]


def test_a_source_that_says_yesterday_dates_the_count_not_the_saying(gaz):
    text = (
        "SMS log, Saturday 24 September 2022\n\n"
        "08:20 Border guard says yesterday 1,790 people crossed into Estonia at Narva."
    )
    found = rows(text, gaz, "2022-09-24")
    assert [(r[0], r[3], r[5]) for r in found] == [("daily_entries", "2022-09-23", 1790.0)]


@pytest.mark.parametrize(
    "line",
    [
        "27.09.22, 16:04 - Kostya: yesterday 5,100 crossed into Armenia, they say.",
        "2022-09-27 16:04 - Kostya: yesterday 5,100 crossed into Armenia, they say.",
    ],
)
def test_a_whatsapp_export_lines_date(gaz, line):
    found = rows("WhatsApp chat export\n\n" + line, gaz, "2022-09-30")
    assert ("daily_entries", "2022-09-26", 5100.0) in [(r[0], r[3], r[5]) for r in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a border town names its country
            "Volunteers in Lappeenranta say about 6,100 Russians came over on Saturday.",
            ("daily_entries", "Finland", "2022-10-01", 6100.0),
        ),
        (
            "Hotels in Uralsk are full: 3,400 Russians arrived yesterday, the akimat said.",
            ("daily_entries", "Kazakhstan", "2022-10-01", 3400.0),
        ),
    ],
)
def test_a_border_town_names_its_country(gaz, text, expected):
    assert [(r[0], r[1], r[3], r[5]) for r in rows(text, gaz, "2022-10-02")] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "In Yerevan, about 2,300 Russians registered as sole traders in September.",
        "Registered 64 new arrivals at the desk in Tbilisi today, mostly young men.",
    ],
)
def test_people_registered_in_town_are_no_border_count(gaz, text):
    assert rows(text, gaz, "2022-10-02") == []


@pytest.mark.parametrize(
    "header",
    ["Post #4 | 03 Oct 2022 | 19:40 | steppe_driver", "🎙 03.10, 19:40 — Marat"],
)
def test_a_post_header_with_its_author_dates_the_post(gaz, header):
    text = f"{header}\nKairak this evening: 220 cars, 5 hours door to door."
    found = rows(text, gaz, "2022-10-06")
    assert [(r[0], r[3], r[5]) for r in found] == [
        ("queue_vehicles", "2022-10-03", 220.0),
        ("wait_hours", "2022-10-03", 5.0),
    ]


def test_a_short_sentence_ending_in_a_day_is_no_dateline(gaz):
    text = (
        "LIVE\nWednesday 12/10/2022\n\nTourist-visa holders were barred on 30 September.\n\n"
        "Georgia's interior ministry says 3,900 Russians entered."
    )
    assert [(r[0], r[3], r[4]) for r in rows(text, gaz, "2022-10-12")] == [
        ("cumulative_entries", "2022-09-21", "2022-10-12")
    ]


def test_last_weeks_figures_are_of_last_week(gaz):
    text = "The ministry released last week's figures: entries to Georgia averaged 3,900 a day."
    assert [(r[0], r[3], r[4], r[5]) for r in rows(text, gaz, "2022-10-12")] == [
        ("daily_entries", "2022-10-03", "2022-10-09", 3900.0)
    ]


def test_a_country_compared_with_is_not_the_one_counted(gaz):
    text = (
        "Narva, Wednesday 5 October 2022\n\n"
        "Olga, who runs a shift at the Narva checkpoint: Fewer than in Finland or Georgia. Last "
        "week we averaged around 2,900 Russian citizens entering a day. On Sunday it went up to "
        "3,700."
    )
    assert [(r[0], r[1], r[2], r[3], r[5]) for r in rows(text, gaz, "2022-10-05")] == [
        ("daily_entries", "Estonia", "ivangorod_narva", "2022-09-26", 2900.0),
        ("daily_entries", "Estonia", "ivangorod_narva", "2022-10-02", 3700.0),
    ]


def test_went_up_to_is_a_level_and_no_bound_or_price(gaz):
    found = rows("At Vaalimaa the queue went up to 4 km on Sunday.", gaz, "2022-10-05")
    assert found == [
        ("queue_km", "Finland", "torfyanovka_vaalimaa", "2022-10-02", "2022-10-02", 4.0, N, N)
    ]


def test_a_live_blog_entry_after_its_hour_and_dash_is_no_list_line(gaz):
    text = (
        "LIVE | Armenia — Tuesday, 11 October 2022\n\n"
        "09:20 (Yerevan) — Since 21 September some 41,000 Russians have entered Armenia and "
        "30,000 have left it again.\n\n"
        "12:30 — Paperwork is the bottleneck. About 1,200 have applied for residence permits.\n\n"
        "14:05 — A poll finds 62% of Armenians back the visa-free regime."
    )
    assert [(r[0], r[5]) for r in rows(text, gaz, "2022-10-11")] == [
        ("cumulative_entries", 41000.0),
        ("cumulative_exits", 30000.0),
    ]


def test_men_who_left_russia_are_national_departures_after_a_crossing_was_named(gaz):
    text = (
        "1/ The Kyakhta queue was 3 km this morning.\n\n"
        "7/ Departures: a leaked FSB figure said 194,000 men left Russia in the three days "
        "21-23 Sep."
    )
    found = rows(text, gaz, "2022-10-05")
    assert ("cumulative_departures", "Russia(total)", "", "2022-09-21", "2022-09-23") in [
        r[:5] for r in found
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The head of the border service gave an oral statement: 4,100 Russians entered on Monday.",
        "Anna Riga said 3,000 people crossed the border on Monday.",
        "Pavel Baku, a driver, said 900 Russians crossed the border on Monday.",
    ],
)
def test_a_towns_name_as_a_word_or_a_surname_names_no_country(gaz, text):
    assert rows(text, gaz, "2022-10-05") == []


def test_a_town_after_a_capitalised_preposition_still_names_its_country(gaz):
    found = rows("In Riga, a volunteer said 1,200 Russians arrived on Monday.", gaz, "2022-10-05")
    assert [(r[0], r[1], r[5]) for r in found] == [("daily_entries", "Latvia", 1200.0)]


@pytest.mark.parametrize(
    "text",
    [
        "At the centre of the surge, Upper Lars let in 5,000 Russians on Monday.",
        "Upper Lars, at the centre of the exodus, let in 5,000 Russians on Monday.",
    ],
)
def test_at_the_centre_of_something_is_no_help_desk(gaz, text):
    assert [(r[0], r[5]) for r in rows(text, gaz, "2022-10-05")] == [("daily_entries", 5000.0)]


def test_may_go_up_to_is_no_level(gaz):
    text = "Arrivals in Georgia went up to 6,000 on Monday, officials say, and may go up to 10,000."
    assert [(r[0], r[5]) for r in rows(text, gaz, "2022-10-05")] == [("daily_entries", 6000.0)]


def test_a_town_inside_a_longer_hyphenated_name_is_not_that_town(gaz):
    text = "Petropavlovsk-Kamchatsky: about 300 reservists arrived at the assembly point on Monday."
    assert rows(text, gaz, "2022-10-05") == []


def test_no_official_body_or_estimate_supports_a_figure(gaz):
    text = "No official body or credible estimate supports the claim that 1,000,000 fled abroad."
    assert rows(text, gaz, "2022-09-29") == []
