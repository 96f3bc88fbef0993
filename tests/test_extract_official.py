"""Kinds of wording from translated official statements and terse reports (issue 40), each with
made-up sentences: day.month periods, passive and verb-first exits, a report's own period line,
"as of <hour> on <day>", "a day and a half", vehicles "out via" crossings, several posts."""

from __future__ import annotations

import pytest
from extract_rows import rows

N = None


@pytest.mark.parametrize(
    ("text", "period"),
    [
        (
            "In the period of 11.09–14.09 in total 3 120 persons entered Armenia.",
            ("09-11", "09-14"),
        ),
        ("In week 40 (3.10.–9.10.) 1 870 Russian citizens entered Latvia.", ("10-03", "10-09")),
        ("In the period from 12.09 to 18.09, 2 400 persons entered Latvia.", ("09-12", "09-18")),
    ],
)
def test_a_period_written_as_two_day_month_dates(gaz, text, period):
    (row,) = rows(text, gaz, "2022-10-12")
    assert row[0] == "cumulative_entries" and row[3:5] == tuple(f"2022-{d}" for d in period)


def test_a_number_with_spaced_thousands_ends_a_sentence(gaz):
    found = rows(
        "On 2 October across the border of Latvia entered 4 800 persons, left 12 600.", gaz
    )
    assert ("daily_entries", "Latvia", "", "2022-10-02", "2022-10-02", 4800.0, N, N) in found
    assert ("daily_exits", "Latvia", "", "2022-10-02", "2022-10-02", 12600.0, N, N) in found


def test_a_host_country_left_by_people_is_an_exit(gaz):
    found = rows(
        "From 26 September to 2 October 9 100 persons entered Armenia. In the same period the "
        "territory of Armenia was left by 5 300 persons.",
        gaz,
    )
    assert ("cumulative_exits", "Armenia", "", "2022-09-26", "2022-10-02", 5300.0, N, N) in found


def test_travelling_into_and_out_of_a_country(gaz):
    found = rows(
        "On Monday 3.10. 310 Russians travelled into Latvia, while 95 travelled out of Latvia.",
        gaz,
    )
    assert found == [
        ("daily_entries", "Latvia", "", "2022-10-03", "2022-10-03", 310.0, N, N),
        ("daily_exits", "Latvia", "", "2022-10-03", "2022-10-03", 95.0, N, N),
    ]


def test_a_report_period_line_dates_the_reporting_period(gaz):
    text = (
        "WEEKLY UPDATE\nReporting period: 19 September - 25 September 2022\n\n"
        "Latvia recorded 3 950 entries of Russian citizens over the reporting period."
    )
    found = rows(text, gaz)
    assert found == [("cumulative_entries", "Latvia", "", "2022-09-19", "2022-09-25", 3950.0, N, N)]


def test_as_of_an_hour_on_a_day_ends_the_count_that_day(gaz):
    found = rows(
        "As of midnight on Friday more than four thousand Russians had entered Armenia since the "
        "mobilization was announced.",
        gaz,
    )
    assert found == [
        ("cumulative_entries", "Armenia", "", "2022-09-21", "2022-09-30", N, 4000.0, N)
    ]


@pytest.mark.parametrize(
    ("wording", "hours"), [("a day and a half", 36.0), ("two and a half hours", 2.5)]
)
def test_a_duration_and_a_half(gaz, wording, hours):
    (row,) = rows(f"At Verkhny Lars on Monday drivers said the wait was {wording}.", gaz)
    assert row[0] == "wait_hours" and row[5] == hours


def test_vehicles_out_via_crossings_crossed_them(gaz):
    found = rows("Russian customs, Sunday: 840 cars out via Torfyanovka, 610 via Svetogorsk.", gaz)
    assert found == [
        (
            "daily_vehicles",
            "Finland",
            "torfyanovka_vaalimaa",
            "2022-10-02",
            "2022-10-02",
            840.0,
            N,
            N,
        ),
        ("daily_vehicles", "Finland", "svetogorsk_imatra", "2022-10-02", "2022-10-02", 610.0, N, N),
    ]


def test_a_count_at_several_posts_is_not_the_last_post_named(gaz):
    found = rows(
        "Last week the posts at Kairak, Syrym and Zhaisan let through 14,200 Russians into "
        "Kazakhstan. On Friday alone the three posts counted 1,900 entries.",
        gaz,
    )
    assert found == [
        ("cumulative_entries", "Kazakhstan", "", "2022-09-26", "2022-10-02", 14200.0, N, N),
        ("daily_entries", "Kazakhstan", "", "2022-09-30", "2022-09-30", 1900.0, N, N),
    ]


def test_a_queue_in_the_direction_of_a_checkpoint_and_its_congestion(gaz):
    found = rows(
        'As of 07:00 on 3.10.2022 in the direction of the checkpoint "Verkhniy Lars" there are '
        "about 2,5 thousand units of vehicles. The length of the congestion makes up 9 km.",
        gaz,
    )
    assert found == [
        (
            "queue_vehicles",
            "Georgia",
            "upper_lars_dariali",
            "2022-10-03",
            "2022-10-03",
            2500.0,
            N,
            N,
        ),
        ("queue_km", "Georgia", "upper_lars_dariali", "2022-10-03", "2022-10-03", 9.0, N, N),
    ]


def test_a_day_of_the_previous_week_and_the_day_before_that(gaz):
    found = rows(
        "Latvia counted 1,450 entries on Tuesday. On Tuesday of the previous week the figure was "
        "610. On Monday, the 3rd, it was 1,300 people, and the day before that just 900.",
        gaz,
    )
    assert ("daily_entries", "Latvia", "", "2022-09-27", "2022-09-27", 610.0, N, N) in found
    assert ("daily_entries", "Latvia", "", "2022-10-03", "2022-10-03", 1300.0, N, N) in found
    assert ("daily_entries", "Latvia", "", "2022-10-02", "2022-10-02", 900.0, N, N) in found


def test_a_line_of_days_after_a_colon_continues_the_last_count(gaz):
    found = rows(
        "Latvia's border guard put Monday's arrivals at 1,450.\n\n"
        "Earlier days, from the same source: 1,210 on Saturday and 980 on Friday.",
        gaz,
    )
    assert ("daily_entries", "Latvia", "", "2022-10-01", "2022-10-01", 1210.0, N, N) in found
    assert ("daily_entries", "Latvia", "", "2022-09-30", "2022-09-30", 980.0, N, N) in found


def test_at_that_point_is_the_day_just_spoken_of(gaz):
    found = rows(
        "Sunday night the line at Syrym held about 900 cars. Drivers said the wait was 20 hours "
        "at that point.",
        gaz,
    )
    assert (
        "wait_hours",
        "Kazakhstan",
        "mashtakovo_syrym",
        "2022-10-02",
        "2022-10-02",
        20.0,
        N,
        N,
    ) in found


def test_a_comparison_with_the_usual_number_is_no_baseline(gaz):
    found = rows(
        "On Monday, more than 4,000 people crossed into Armenia, twice the usual number.", gaz
    )
    assert found == [("daily_entries", "Armenia", "", "2022-10-03", "2022-10-03", N, 4000.0, N)]


def test_people_who_left_for_several_countries_are_no_one_countrys_count(gaz):
    assert rows("On Monday 21,000 Russians left for Armenia, Latvia and Estonia.", gaz) == []


def test_a_host_country_registering_departures_counts_its_exits(gaz):
    found = rows(
        "Armenia registered 2,600 departures of Russians on Sunday, against 3,900 arrivals.", gaz
    )
    assert found == [
        ("daily_exits", "Armenia", "", "2022-10-02", "2022-10-02", 2600.0, N, N),
        ("daily_entries", "Armenia", "", "2022-10-02", "2022-10-02", 3900.0, N, N),
    ]


def test_ordinal_days_open_and_close_a_period_and_only_the_part_that_left_is_an_exit(gaz):
    found = rows(
        "Of the 5,200 Russians who arrived from the 26th to the 29th, 1,900 had already left "
        "Armenia over those same four days.",
        gaz,
    )
    assert ("cumulative_entries", "Armenia", "", "2022-09-26", "2022-09-29", 5200.0, N, N) in found
    assert not any(r[0] == "cumulative_exits" and r[5] == 5200.0 for r in found)


def test_a_table_under_a_capitalised_heading_takes_the_headings_country(gaz):
    text = (
        "- Armenia counted about 2,000 arrivals on Friday.\n\n"
        "LATVIA: MOVEMENTS OF RUSSIAN CITIZENS\n\n"
        "| Date | Entries | Exits |\n|---|---|---|\n| 3 Oct | 1,210 | 840 |"
    )
    found = rows(text, gaz)
    assert ("daily_entries", "Latvia", "", "2022-10-03", "2022-10-03", 1210.0, N, N) in found
    assert ("daily_exits", "Latvia", "", "2022-10-03", "2022-10-03", 840.0, N, N) in found


def test_no_vehicle_queue_is_a_queue_of_zero(gaz):
    found = rows("No vehicle queue was reported at Upper Lars on 1 October.", gaz)
    assert found == [
        ("queue_vehicles", "Georgia", "upper_lars_dariali", "2022-10-01", "2022-10-01", 0.0, N, N)
    ]


def test_a_price_a_flat_was_advertised_at_is_no_count(gaz):
    text = (
        "In Yerevan a flat that went for 150,000 drams in August was advertised at 320,000 in "
        "late September."
    )
    assert rows(text, gaz) == []


def test_a_crossing_in_a_title_does_not_make_a_national_count_the_crossings(gaz):
    text = (
        "The Road Through Dariali\n\nThe interior ministry said 61,000 Russians entered the "
        "country between 22 and 28 September."
    )
    found = rows(text, gaz)
    assert found == [
        ("cumulative_entries", "Georgia", "", "2022-09-22", "2022-09-28", 61000.0, N, N)
    ]


def test_between_the_order_and_a_day_and_the_same_period(gaz):
    found = rows(
        "RIGA, Oct 5 - About 9,000 Russians entered Latvia between the mobilization order last "
        "Wednesday and Monday evening, the border guard said, while 3,100 travelled in the "
        "opposite direction over the same period.",
        gaz,
    )
    assert found == [
        ("cumulative_entries", "Latvia", "", "2022-09-21", "2022-10-03", 9000.0, N, N),
        ("cumulative_exits", "Latvia", "", "2022-09-21", "2022-10-03", 3100.0, N, N),
    ]


def test_cars_on_a_side_of_the_border_are_a_queue_and_an_expected_wait_is_a_wait(gaz):
    found = rows(
        "Syrym: drivers this morning count ~450 cars on the Russian side. They expect 9-11 hrs "
        "to get through.",
        gaz,
    )
    assert found == [
        (
            "queue_vehicles",
            "Kazakhstan",
            "mashtakovo_syrym",
            "2022-10-05",
            "2022-10-05",
            450.0,
            N,
            N,
        ),
        ("wait_hours", "Kazakhstan", "mashtakovo_syrym", "2022-10-05", "2022-10-05", N, 9.0, 11.0),
    ]


def test_progress_in_a_line_is_neither_its_length_nor_its_wait(gaz):
    text = 'A driver in the queue at Upper Lars on Monday: "moved 2km in 5 hrs, engine off".'
    assert rows(text, gaz) == []


def test_yesterday_with_a_present_tense_source_dates_the_figure(gaz):
    found = rows(
        "Yesterday, the border guard tells me, two thousand four hundred Russians came through "
        "here into Latvia.",
        gaz,
    )
    assert found == [("daily_entries", "Latvia", "", "2022-10-04", "2022-10-04", 2400.0, N, N)]


def test_a_line_holding_only_a_day_dates_the_items_under_it(gaz):
    text = "Tue 4 Oct\n- Latvia: 1,340 Russian citizens entered via Terehova.\n- Latvia: 260 left."
    found = rows(text, gaz)
    assert (
        "daily_entries",
        "Latvia",
        "burachki_terehova",
        "2022-10-04",
        "2022-10-04",
        1340.0,
        N,
        N,
    ) in found


def test_that_same_weekend_is_the_weekend_of_the_day_spoken_of(gaz):
    found = rows(
        "On the first Saturday after the order the queue at Syrym ran to some nine hundred "
        "cars. At Karaozek drivers waited at least ten hours over that same weekend.",
        gaz,
    )
    assert (
        "queue_vehicles",
        "Kazakhstan",
        "mashtakovo_syrym",
        "2022-09-24",
        "2022-09-24",
        900.0,
        N,
        N,
    ) in found
    assert (
        "wait_hours",
        "Kazakhstan",
        "karaozek_kurmangazy",
        "2022-09-24",
        "2022-09-25",
        N,
        10.0,
        N,
    ) in found


def test_an_opening_day_with_the_source_as_an_aside_is_the_figures_day(gaz):
    found = rows(
        "On Friday, the committee said, 1,350 Russians came in through Syrym, fewer than a "
        "quarter of the late-September level.",
        gaz,
    )
    assert found == [
        (
            "daily_entries",
            "Kazakhstan",
            "mashtakovo_syrym",
            "2022-09-30",
            "2022-09-30",
            1350.0,
            N,
            N,
        )
    ]


def test_a_country_in_brackets_after_the_figure_is_an_aside(gaz):
    found = rows(
        "Armenia's migration service says 7,300 Russians entered the country last week and that "
        "5,100 left it (many of them onward to Turkey).",
        gaz,
    )
    assert ("cumulative_exits", "Armenia", "", "2022-09-26", "2022-10-02", 5100.0, N, N) in found


def test_vehicles_listed_after_a_dated_crossing_keep_their_unit(gaz):
    found = rows(
        "Russian customs counted 700 passenger cars leaving through Torfyanovka on 2 October, "
        "520 through Brusnichnoye and 410 through Svetogorsk.",
        gaz,
    )
    assert [r[2] for r in found] == [
        "torfyanovka_vaalimaa",
        "brusnichnoye_nuijamaa",
        "svetogorsk_imatra",
    ]


def test_a_weekly_heading_dates_counts_over_the_week(gaz):
    text = (
        "WEEKLY BRIEF\nWeek 41 (10-16 October)\n\n"
        "- 4,120 Russian citizens entered Armenia over the week and 3,980 left.\n"
        "- Terehova logged ~2k Russian arrivals over Monday to Wednesday."
    )
    found = rows(text, gaz, "2022-10-17")
    assert ("cumulative_entries", "Armenia", "", "2022-10-10", "2022-10-16", 4120.0, N, N) in found
    assert ("cumulative_exits", "Armenia", "", "2022-10-10", "2022-10-16", 3980.0, N, N) in found
    assert (
        "cumulative_entries",
        "Latvia",
        "burachki_terehova",
        "2022-10-10",
        "2022-10-12",
        2000.0,
        N,
        N,
    ) in found


def test_the_same_weeks_and_a_part_of_the_entries(gaz):
    found = rows(
        "Latvia said 5,100 Russians entered between 12 September and 2 October. Of the entries, "
        "2,700 were at Terehova. In the same three weeks, 4,400 Russian citizens left Latvia.",
        gaz,
    )
    period = ("2022-09-12", "2022-10-02")
    assert ("cumulative_entries", "Latvia", "burachki_terehova", *period, 2700.0, N, N) in found
    assert ("cumulative_exits", "Latvia", "", *period, 4400.0, N, N) in found


def test_cars_crossing_without_any_queue_and_a_fence_of_some_kilometres(gaz):
    found = rows(
        "At Grebneva on Monday passenger cars crossed without any queue. Latvia plans a "
        "60-kilometre fence along the most exposed stretch of the border.",
        gaz,
    )
    assert found == [
        ("queue_vehicles", "Latvia", "ubylinka_grebneva", "2022-10-03", "2022-10-03", 0.0, N, N)
    ]


def test_people_who_departed_the_country_of_the_report_left_it(gaz):
    found = rows(
        "Armenia's migration service gave new figures. Between 26 and 30 September, it added, "
        "8,100 Russian citizens departed the country.",
        gaz,
    )
    assert found == [("cumulative_exits", "Armenia", "", "2022-09-26", "2022-09-30", 8100.0, N, N)]


def test_arrivals_since_a_visa_ban_are_no_visa_figure(gaz):
    found = rows(
        "Since the tourist-visa ban of 30 September, arrivals in Finland have fallen: around "
        "2,400 on Sunday, per the Border Guard.",
        gaz,
    )
    assert found == [("daily_entries", "Finland", "", "2022-10-02", "2022-10-02", 2400.0, N, N)]


def test_a_later_past_tense_sentence_is_about_the_day_the_paragraph_spoke_of(gaz):
    found = rows(
        "Traffic at Vaalimaa reached its highest level of the year on Monday. Russian customs "
        "counted 940 passenger cars leaving through Torfyanovka. At Brusnichnoye the count was "
        "700, and at Svetogorsk 610.",
        gaz,
    )
    day = ("2022-10-03", "2022-10-03")
    assert found == [
        ("daily_vehicles", "Finland", "torfyanovka_vaalimaa", *day, 940.0, N, N),
        ("daily_vehicles", "Finland", "brusnichnoye_nuijamaa", *day, 700.0, N, N),
        ("daily_vehicles", "Finland", "svetogorsk_imatra", *day, 610.0, N, N),
    ]


def test_between_ten_and_twelve_is_a_range_not_twenty_two(gaz):
    (row,) = rows("At Syrym on Monday drivers spent between ten and twelve hours in line.", gaz)
    assert row[0] == "wait_hours" and row[5:] == (N, 10.0, 12.0)


def test_people_who_moved_on_and_a_crossing_built_for_some_cars_are_no_counts(gaz):
    found = rows(
        "On Sunday 3 900 people entered Kazakhstan. Of the new arrivals, 640 had already moved on "
        "by train to Aktobe. The Syrym crossing was designed for 2,000 vehicles a day.",
        gaz,
    )
    assert found == [("daily_entries", "Kazakhstan", "", "2022-10-02", "2022-10-02", 3900.0, N, N)]


def test_crossing_back_the_other_way_is_an_exit(gaz):
    found = rows("On Saturday about 2,100 Russians crossed back the other way out of Finland.", gaz)
    assert found == [("daily_exits", "Finland", "", "2022-10-01", "2022-10-01", 2100.0, N, N)]


def test_a_queue_that_had_not_exceeded_a_length_on_two_days(gaz):
    found = rows(
        "The line at Torfyanovka was about four kilometres long on Monday. On Friday and "
        "Saturday it had not exceeded half a kilometre.",
        gaz,
    )
    assert (
        "queue_km",
        "Finland",
        "torfyanovka_vaalimaa",
        "2022-09-30",
        "2022-10-01",
        N,
        N,
        0.5,
    ) in found


def test_an_interview_dates_its_answers_to_the_day_it_was_given(gaz):
    text = (
        "The Terehova post chief, who has served there for 12 years, spoke to us on Monday.\n\n"
        "From the 21st up to yesterday evening, a little over six thousand Russian citizens "
        "entered Latvia here. On the 21st itself we had 410. Yesterday it was about 380."
    )
    found = rows(text, gaz, "2022-10-04")
    post = ("Latvia", "burachki_terehova")
    assert ("cumulative_entries", *post, "2022-09-21", "2022-10-02", N, 6000.0, N) in found
    assert ("daily_entries", *post, "2022-09-21", "2022-09-21", 410.0, N, N) in found
    assert ("daily_entries", *post, "2022-10-02", "2022-10-02", 380.0, N, N) in found


def test_people_who_left_since_a_day_of_the_month_left_by_a_later_day(gaz):
    found = rows(
        "About 900 of those who arrived since the 21st had left Latvia again by yesterday.",
        gaz,
    )
    assert found == [("cumulative_exits", "Latvia", "", "2022-09-21", "2022-10-04", 900.0, N, N)]


def test_a_country_passed_through_or_flown_on_to_is_not_the_reports(gaz):
    found = rows(
        "Armenia's migration service said 30,000 Russians had entered the country by land "
        "through Georgia since the order, some to fly on to Dubai. On Sunday the number at "
        "Bagratashen was about 1,100, officials said.",
        gaz,
    )
    assert ("daily_entries", "Armenia", "", "2022-10-02", "2022-10-02", 1100.0, N, N) in found


def test_the_same_twelve_days(gaz):
    found = rows(
        "Armenia counted 43,500 Russian arrivals between 21 September and 2 October, and 21,000 "
        "between 21 and 27 September. Some 28,000 left Armenia over the same twelve days.",
        gaz,
    )
    assert ("cumulative_exits", "Armenia", "", "2022-09-21", "2022-10-02", 28000.0, N, N) in found


def test_customs_wording_for_queues_and_cleared_cars(gaz):
    found = rows(
        'As of 06:00 on 3 October before the multilateral automobile checkpoint "Verkhny Lars", '
        "there were located 2 100 units of auto-transport. For the past day, 2 October, through "
        'the checkpoint "Torfyanovka" 640 passenger cars completed customs formalities. Through '
        'the checkpoint "Brusnichnoye", 410 light vehicles passed. Additionally, 120 units of '
        "freight transport were formalized.",
        gaz,
    )
    assert found == [
        (
            "queue_vehicles",
            "Georgia",
            "upper_lars_dariali",
            "2022-10-03",
            "2022-10-03",
            2100.0,
            N,
            N,
        ),
        (
            "daily_vehicles",
            "Finland",
            "torfyanovka_vaalimaa",
            "2022-10-02",
            "2022-10-02",
            640.0,
            N,
            N,
        ),
        (
            "daily_vehicles",
            "Finland",
            "brusnichnoye_nuijamaa",
            "2022-10-02",
            "2022-10-02",
            410.0,
            N,
            N,
        ),
    ]


def test_there_are_some_units_at_a_checkpoint_is_its_queue(gaz):
    found = rows(
        'On 2 October at the checkpoint "Taskala" there are 160 units of auto-transport.', gaz
    )
    assert found == [
        ("queue_vehicles", "Kazakhstan", "ozinki_taskala", "2022-10-02", "2022-10-02", 160.0, N, N)
    ]


def test_yesterdays_numbers_are_of_yesterday(gaz):
    found = rows(
        "Georgia's interior ministry has published yesterday's numbers: 8,950 Russian citizens "
        "arrived in the country and 4,720 departed.",
        gaz,
    )
    day = ("2022-10-04", "2022-10-04")
    assert found == [
        ("daily_entries", "Georgia", "", *day, 8950.0, N, N),
        ("daily_exits", "Georgia", "", *day, 4720.0, N, N),
    ]


def test_a_figure_a_correction_withdraws_is_no_observation(gaz):
    text = "A correction: in an earlier post we said the queue at Upper Lars was 26 km long."
    assert rows(text, gaz) == []


def test_a_table_of_host_countries_over_stated_periods(gaz):
    text = (
        "| Host country | Period covered | Arrivals | Departures |\n|---|---|---|---|\n"
        "| Armenia | 21 Sep – 1 Oct | 31,000 | 12,500 |"
    )
    found = rows(text, gaz)
    period = ("2022-09-21", "2022-10-01")
    assert found == [
        ("cumulative_entries", "Armenia", "", *period, 31000.0, N, N),
        ("cumulative_exits", "Armenia", "", *period, 12500.0, N, N),
    ]


def test_the_following_day_and_the_previous_day(gaz):
    found = rows(
        "On Tuesday 20 September, 210 Russian citizens came through Terehova. The following day "
        "the count reached 480. On 25 September 610 entered there; on the previous day the queue "
        "at Terehova reached 55 passenger cars.",
        gaz,
    )
    post = ("Latvia", "burachki_terehova")
    assert ("daily_entries", *post, "2022-09-21", "2022-09-21", 480.0, N, N) in found
    assert ("queue_vehicles", *post, "2022-09-24", "2022-09-24", 55.0, N, N) in found


def test_the_week_ending_a_dated_sunday_and_since_the_start_of_a_month(gaz):
    found = rows(
        "In the week ending Sunday 2 October, 9,900 Russian citizens entered Finland. Armenian "
        "officials estimate that around 30,000 have arrived since the beginning of September.",
        gaz,
        "2022-10-12",
    )
    assert ("cumulative_entries", "Finland", "", "2022-09-26", "2022-10-02", 9900.0, N, N) in found
    assert ("cumulative_entries", "Armenia", "", "2022-09-01", "2022-10-12", 30000.0, N, N) in found


def test_citizens_who_left_or_departed_beside_an_entry_count_are_exits(gaz):
    found = rows(
        "Some 12,000 Russians have entered Latvia since the order, while roughly 9,000 Russian "
        "citizens left over the same period.",
        gaz,
    )
    assert ("cumulative_exits", "Latvia", "", "2022-09-21", "2022-10-05", 9000.0, N, N) in found


def test_a_peak_day_so_far_is_that_day(gaz):
    found = rows("- Peak single-day arrivals so far: Armenia, 27 September (5,100).", gaz)
    assert found == [("daily_entries", "Armenia", "", "2022-09-27", "2022-09-27", 5100.0, N, N)]


def test_a_forum_posts_date_line_dates_its_today_and_this_morning(gaz):
    text = (
        "Pskovich | Mon 26 Sep 2022, 10:02\n"
        "Terehova had a line of 60 cars early today, about five hours to get through.\n\n"
        "Vyborgsky | Mon 26 Sep 2022, 23:50\n"
        "FTS figures for today, passenger cars out of Russia: Torfyanovka 1,021, Brusnichnoye 986."
    )
    found = rows(text, gaz, "2022-10-01")
    day = ("2022-09-26", "2022-09-26")
    assert ("queue_vehicles", "Latvia", "burachki_terehova", *day, 60.0, N, N) in found
    assert ("daily_vehicles", "Finland", "torfyanovka_vaalimaa", *day, 1021.0, N, N) in found
    assert ("daily_vehicles", "Finland", "brusnichnoye_nuijamaa", *day, 986.0, N, N) in found


def test_a_diary_day_heading_dates_the_paragraph(gaz):
    text = (
        "Saturday, the 24th. We reached the tail of the line at Upper Lars at night. A police "
        "officer told us there were about 2,100 cars ahead of us.\n\n"
        "Monday afternoon. The Georgian officer said his post alone had let in over 9,000 "
        "Russians that day."
    )
    found = rows(text, gaz, "2022-09-30")
    assert (
        "queue_vehicles",
        "Georgia",
        "upper_lars_dariali",
        "2022-09-24",
        "2022-09-24",
        2100.0,
        N,
        N,
    ) in found
    assert (
        "daily_entries",
        "Georgia",
        "upper_lars_dariali",
        "2022-09-26",
        "2022-09-26",
        N,
        9000.0,
        N,
    ) in found


def test_a_count_as_of_a_day_ends_there_though_published_later(gaz):
    found = rows(
        "The interior ministry on Monday published data as of Sunday: since 21 September about "
        "190 thousand citizens of Russia have entered Kazakhstan.",
        gaz,
        "2022-10-04",
    )
    assert found == [
        ("cumulative_entries", "Kazakhstan", "", "2022-09-21", "2022-10-02", 190000.0, N, N)
    ]


def test_cars_counted_at_a_crossing_are_a_line_there_and_a_word_after_a_figure_is_its_own(gaz):
    found = rows(
        "The customs channel said this morning about 700 cars at Bugristoye. The line at Upper "
        "Lars is at least 12 km, four abreast in places.",
        gaz,
    )
    assert (
        "queue_vehicles",
        "Kazakhstan",
        "bugristoye_kairak",
        "2022-10-05",
        "2022-10-05",
        700.0,
        N,
        N,
    ) in found
    assert not any(r[0] == "queue_km" and r[5] == 4.0 for r in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The checkpoint at Altanbulag handled 712 Russian citizens on Thursday.",
            ("daily_entries", "Mongolia", "kyakhta_altanbulag", "2022-09-29", 712.0),
        ),
        (
            "Even the Norwegians let 388 people through Storskog on 27 September.",
            ("daily_entries", "Norway", "borisoglebsky_storskog", "2022-09-27", 388.0),
        ),
        (
            "Armenia logged roughly 6,200 on its busiest day, Saturday 24 September.",
            ("daily_entries", "Armenia", "", "2022-09-24", 6200.0),
        ),
    ],
)
def test_people_handled_logged_or_let_through_at_a_border_are_entries(gaz, text, expected):
    (row,) = rows(text, gaz, "2022-10-01")
    assert row[:4] + row[5:6] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Since the influx began, the migration police have registered 9,400 foreigners at their "
        "place of stay in Kazakhstan.",
        "More than 7.1 million refugees have been recorded across Europe, the agency in Georgia "
        "said.",
    ],
)
def test_residents_registered_and_refugees_recorded_are_not_entries(gaz, text):
    assert not [r for r in rows(text, gaz, "2022-10-01") if r[0].endswith("entries")]


def test_a_list_by_checkpoint_takes_the_day_the_bulletin_spoke_of(gaz):
    text = (
        "Over the past day (3 October), 5,120 persons entered Kazakhstan from Russia.\n\n"
        "By checkpoint (entry):\n- «Syrym»: 2,210 persons;\n- «Kairak»: 1,460 persons."
    )
    found = rows(text, gaz, "2022-10-04")
    assert [r[2:5] + r[5:6] for r in found[1:]] == [
        ("mashtakovo_syrym", "2022-10-03", "2022-10-03", 2210.0),
        ("bugristoye_kairak", "2022-10-03", "2022-10-03", 1460.0),
    ]


def test_a_table_takes_the_day_of_the_line_that_leads_into_it(gaz):
    text = (
        "SITUATION REPORT, 6 October 2022\n\n"
        "- Our monitors recorded the following on the morning of 5 October:\n\n"
        "| Crossing | Vehicles waiting | Estimated wait |\n|---|---|---|\n"
        "| Mashtakovo / Syrym | 130 | 4 h |\n"
    )
    found = rows(text, gaz, "2022-10-06")
    assert [(r[0], r[3], r[5]) for r in found] == [
        ("queue_vehicles", "2022-10-05", 130.0),
        ("wait_hours", "2022-10-05", 4.0),
    ]


def test_the_day_a_table_row_names_stays_in_its_row(gaz):
    text = (
        "date\tcountry\tcrossing\tentered\n"
        "05.10.2022\tEstonia\tNarva-1\t1 402\n\n"
        "- About 600 Russians entered Latvia, the border guard said."
    )
    found = rows(text, gaz, "2022-10-10")
    assert ("daily_entries", "2022-10-05", 1402.0) == (found[0][0], found[0][3], found[0][5])
    assert all(r[3] != "2022-10-05" for r in found[1:])


def test_a_count_no_one_country_made_gives_no_row(gaz):
    text = "Arrivals recorded by host states alone exceed 410,000 for the period since the order."
    assert rows(text, gaz, "2022-10-12") == []


def test_no_queue_at_several_crossings_names_their_country(gaz):
    found = rows(
        "At the Kairak and Zhaisan checkpoints the traffic is normal; there are no queues.", gaz
    )
    assert {r[1] for r in found} == {"Kazakhstan"} and len(found) == 2


def test_the_number_of_cars_in_it_continues_the_queue(gaz):
    text = (
        "On Monday the line of cars on the Russian side of Upper Lars was about 25 km long. "
        "The regional government put the number of passenger cars in it at 3,300; a blogger who "
        "follows the crossing gave a lower figure."
    )
    found = rows(text, gaz, "2022-09-27")
    assert ("queue_vehicles", "2022-09-26", 3300.0) in [(r[0], r[3], r[5]) for r in found]


def test_departures_from_russia_are_national_departures(gaz):
    found = rows("The FSB's own count put departures from Russia at 405,000 by Monday.", gaz)
    assert found == [
        ("cumulative_departures", "Russia(total)", "", "2022-09-21", "2022-10-03", 405000.0, N, N)
    ]


def test_a_checkpoint_line_with_units_of_transport_is_its_queue(gaz):
    text = (
        "As of 08:00 on 29 September the queues at the checkpoints were:\n"
        '• MAPP "Mashtakovo": 170 units of transport; the length of the queue is about 2 km.\n'
        '• MAPP "Orsk": 55 units of transport.'
    )
    found = rows(text, gaz, "2022-09-29")
    assert ("queue_vehicles", "mashtakovo_syrym", 170.0) in [(r[0], r[2], r[5]) for r in found]
    assert ("queue_vehicles", "orsk_alimbet", 55.0) in [(r[0], r[2], r[5]) for r in found]


def test_a_figure_in_quotation_marks_keeps_its_unit(gaz):
    found = rows('At Zhaisan there were "up to 180" cars waiting, the border department said.', gaz)
    assert [(r[0], r[2], r[7]) for r in found] == [("queue_vehicles", "sagarchin_zhaisan", 180.0)]


def test_people_travelling_out_towards_russia_are_exits(gaz):
    found = rows(
        "At Storskog 281 persons entered Norway. 219 persons travelled out towards Russia.", gaz
    )
    assert found[-1][0].endswith("_exits") and found[-1][5] == 219.0


def test_exits_and_entries_side_by_side_keep_their_own_nouns(gaz):
    found = rows("Kazakhstan counted 4,300 exits and 3,700 entries of Russians on Wednesday.", gaz)
    assert [(r[0], r[5]) for r in found] == [("daily_exits", 4300.0), ("daily_entries", 3700.0)]


def test_those_of_a_received_cohort_who_left_are_exits(gaz):
    text = (
        "Since 21 September, Kazakhstan has received some 190,000 Russians, the minister said on "
        "Tuesday, adding that 131,000 of them had already left."
    )
    found = rows(text, gaz, "2022-10-04")
    assert [(r[0], r[5]) for r in found] == [
        ("cumulative_entries", 190000.0),
        ("cumulative_exits", 131000.0),
    ]


def test_those_ten_days_are_the_ten_days_named_before(gaz):
    text = (
        "Russians kept crossing the land border in the first ten days after the mobilization "
        "order, the State Border Service said Sunday.\n\n"
        "In those ten days, 10,950 Russian citizens entered Azerbaijan through the Samur crossing."
    )
    (row,) = rows(text, gaz, "2022-10-02")
    assert row[0] == "cumulative_entries" and row[3:5] == ("2022-09-21", "2022-09-30")


def test_thousands_written_as_in_a_translated_statement(gaz):
    text = (
        "For the period from 21 to 30 September 2022, 11 thousand 700 citizens of the Russian "
        "Federation crossed the state border at the Syrym checkpoint."
    )
    assert [r[5] for r in rows(text, gaz, "2022-10-03")] == [11700.0]


def test_entry_and_exit_directions_in_one_sentence(gaz):
    text = (
        "In the direction of entry into Mongolia for the past 24 hours 1 190 persons were "
        "registered at the Altanbulag port, in the direction of exit – 410."
    )
    found = rows(text, gaz, "2022-10-03")
    assert [(r[0], r[5]) for r in found] == [("daily_entries", 1190.0), ("daily_exits", 410.0)]


def test_a_bulletin_section_under_a_crossing_heading(gaz):
    text = (
        "DAILY BORDER BULLETIN – MONGOLIA\nas of 08:00, Tuesday 27 September 2022\n\n"
        "KYAKHTA / ALTANBULAG\n"
        "Entries, past 24 hours: 1,810 persons, of whom 1,700 Russian citizens.\n"
    )
    found = rows(text, gaz, "2022-09-27")
    assert [(r[0], r[2], r[3], r[5]) for r in found] == [
        ("daily_entries", "kyakhta_altanbulag", "2022-09-26", 1810.0),
        ("daily_entries", "kyakhta_altanbulag", "2022-09-26", 1700.0),
    ]


def test_an_average_a_day_after_a_count_since_the_order_is_over_that_period(gaz):
    text = (
        "Since 21 September, 211,000 citizens of the Russian Federation have entered Kazakhstan, "
        "according to the Border Service. On average some 16,200 arrived each day."
    )
    found = rows(text, gaz, "2022-10-03")
    assert found[-1][:6] == ("daily_entries", "Kazakhstan", "", "2022-09-21", "2022-10-03", 16200.0)


def test_undated_counts_in_a_weekly_summary_are_of_its_week(gaz):
    text = (
        "FINLAND: WEEKLY BORDER SUMMARY\nWeek 39 (26 September - 2 October 2022)\n\n"
        "Key figures\n• Entries from Russia, all eastern crossings: 42,800\n"
        "• Departures towards Russia: 36,500\n"
    )
    found = rows(text, gaz, "2022-10-04")
    assert [(r[0], r[3], r[4], r[5]) for r in found] == [
        ("cumulative_entries", "2022-09-26", "2022-10-02", 42800.0),
        ("cumulative_exits", "2022-09-26", "2022-10-02", 36500.0),
    ]


def test_items_under_over_the_past_day_are_of_that_day(gaz):
    text = (
        "GEORGIA: DAILY BULLETIN, 27 September 2022\n\nOver the past day:\n"
        "- Persons entering Georgia from the Russian Federation: 10,210\n"
        "- Persons leaving Georgia for the Russian Federation: 3,080\n"
    )
    found = rows(text, gaz, "2022-09-27")
    assert [(r[0], r[3], r[5]) for r in found] == [
        ("daily_entries", "2022-09-26", 10210.0),
        ("daily_exits", "2022-09-26", 3080.0),
    ]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (  # running totals under a report period keep their own span
            "REGIONAL BORDER UPDATE\nReporting period: 26 September - 2 October 2022\n\n"
            "The defence minister said 200,000 men have been called up. The total number of "
            "Russians who have entered Kazakhstan is 240,000.",
            "2022-10-04",
            [
                ("call_ups", "2022-09-21", "2022-10-04"),
                ("cumulative_entries", "2022-09-21", "2022-10-04"),
            ],
        ),
        (  # prose that mentions 'covering' a period sets no report period
            "Reporters covering the border between 21 and 25 September described chaos.\n\n"
            "In total, 53,000 Russians have entered Georgia, the interior ministry said.",
            "2022-10-03",
            [("cumulative_entries", "2022-09-21", "2022-10-03")],
        ),
        (  # 'average' of a wait is no average of the count beside it
            "Between 26 September and 2 October, 42,000 Russians entered Finland. Vaalimaa saw "
            "3,100 arrivals on Monday, with an average wait of four hours.",
            "2022-10-04",
            [
                ("cumulative_entries", "2022-09-26", "2022-10-02"),
                ("daily_entries", "2022-10-03", "2022-10-03"),
                ("wait_hours", "2022-10-03", "2022-10-03"),
            ],
        ),
        (  # 'says Thursday' is when the source spoke
            "Finland's border guard says Thursday 7,000 Russians entered over the past day.",
            "2022-09-30",
            [("daily_entries", "2022-09-28", "2022-09-28")],
        ),
    ],
)
def test_period_rules_that_must_not_overreach(gaz, text, published, expected):
    assert [(r[0], r[3], r[4]) for r in rows(text, gaz, published)] == expected


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (  # "Week ending <day>" heads a weekly summary; "(generated ...)" is no new day
            "WEEKLY FLOWS\nWeek ending Sunday 16 October 2022 (generated Monday 17 October)\n\n"
            "- Entered Armenia from Russia: 6,400\n- Left Armenia for Russia: 5,900",
            "2022-10-17",
            [
                ("cumulative_entries", "2022-10-10", "2022-10-16", 6400.0),
                ("cumulative_exits", "2022-10-10", "2022-10-16", 5900.0),
            ],
        ),
        (  # a line saying when it was published does not end the week above it
            "Summary for the week of 10-16 October 2022\nCompiled by the desk, published "
            "Monday 17 October\n\n- Entered Latvia: 3,150\n- Left Latvia: 2,870",
            "2022-10-17",
            [
                ("cumulative_entries", "2022-10-10", "2022-10-16", 3150.0),
                ("cumulative_exits", "2022-10-10", "2022-10-16", 2870.0),
            ],
        ),
        (  # "as of" names the day the figures stand at, not the publication note beside it
            "Key figures as of 16 October 2022 (released 17 October)\n\n"
            "- Armenia: 41,500 entries since 21 September",
            "2022-10-17",
            [("cumulative_entries", "2022-09-21", "2022-10-16", 41500.0)],
        ),
        (  # a rate a day under a week's heading is a daily row over that week
            "Overview for the week to 16 October\n\nArmenia: arrivals averaged 910 a day, "
            "well below the peak.",
            "2022-10-20",
            [("daily_entries", "2022-10-10", "2022-10-16", 910.0)],
        ),
    ],
)
def test_a_weekly_summarys_heading_dates_its_counts(gaz, text, published, expected):
    assert [(r[0], r[3], r[4], r[5]) for r in rows(text, gaz, published)] == expected


def test_a_week_number_is_that_iso_week_and_no_figure(gaz):
    found = rows(
        "The border guard counted 2,950 Russian entrants in week 40 and about 2,6 thousand in "
        "week 41 at the Latvian crossings.",
        gaz,
        "2022-10-18",
    )
    assert [(r[0], r[3], r[4], r[5]) for r in found] == [
        ("cumulative_entries", "2022-10-03", "2022-10-09", 2950.0),
        ("cumulative_entries", "2022-10-10", "2022-10-16", 2600.0),
    ]


@pytest.mark.parametrize(
    "note",
    [
        "Monday's figures are not in yet.",
        "Figures for Monday 3 October will follow.",
        "Totals for 3 October are still awaited.",
    ],
)
def test_a_line_saying_a_days_figures_are_missing_dates_no_counts(gaz, note):
    text = f"Border update\n\n{note}\n\nGeorgia's ministry says 3,900 Russians entered."
    assert [(r[0], r[3], r[4]) for r in rows(text, gaz, "2022-10-04")] == [
        ("cumulative_entries", "2022-09-21", "2022-10-04")
    ]


def test_last_week_before_a_figure_is_no_week_number(gaz):
    text = "Kirkenes police: last week 48 Russians crossed at Storskog, up from 30 the week before."
    assert [(r[0], r[3], r[4], r[5]) for r in rows(text, gaz, "2022-10-12")] == [
        ("cumulative_entries", "2022-10-03", "2022-10-09", 48.0),
        ("cumulative_entries", "2022-09-26", "2022-10-02", 30.0),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Storskog: 45 Russians arrived on Tuesday (week 41).",
        "Storskog saw 45 Russians arrive on Tuesday, week 41's busiest day.",
    ],
)
def test_a_week_number_beside_a_day_leaves_the_figure_that_days(gaz, text):
    assert [(r[0], r[3], r[4], r[5]) for r in rows(text, gaz, "2022-10-12")] == [
        ("daily_entries", "2022-10-11", "2022-10-11", 45.0)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Storskog registered 15 crossings by Russian citizens on Sunday.",
        "Only 15 crossings into Norway were logged at Storskog on Sunday.",
    ],
)
def test_a_small_count_of_crossings_made_is_a_count(gaz, text):
    assert [(r[0], r[2], r[5]) for r in rows(text, gaz, "2022-10-05")] == [
        ("daily_entries", "borisoglebsky_storskog", 15.0)
    ]


def test_a_count_of_crossing_points_is_no_figure(gaz):
    text = "Traffic was heavy at all 4 crossings into Finland on Sunday, and Finland has nine."
    assert rows(text, gaz, "2022-10-05") == []


def test_a_week_number_after_new_year_is_last_years_week(gaz):
    text = "The border guard counted 2,950 Russian entrants to Latvia in week 52."
    assert [(r[0], r[3], r[4]) for r in rows(text, gaz, "2023-01-04")] == [
        ("cumulative_entries", "2022-12-26", "2023-01-01")
    ]


def test_a_running_total_under_a_counts_day_is_no_count_of_that_day(gaz):
    text = (
        "Kazakh border digest (figures for 3 October unless stated)\n\n"
        "Syrym let in 2,940 Russians. Some 98,000 Russians have entered Kazakhstan after the "
        "order was announced, the ministry says."
    )
    found = [(r[0], r[3], r[5]) for r in rows(text, gaz, "2022-10-05")]
    assert ("daily_entries", "2022-10-03", 2940.0) in found
    assert ("cumulative_entries", "2022-09-21", 98000.0) in found
