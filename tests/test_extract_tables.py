"""Tables as agencies receive them (issue 40): columns aligned with spaces, semicolon and tab
exports, days across the top, columns that measure nothing, and the day a table's heading
gives. Each case is a made-up table."""

from __future__ import annotations

import pytest
from extract_rows import rows

ALIGNED = (
    "Border service data for Monday 3 October:\n\n"
    "Checkpoint          Entered   Left    Queue (cars)\n"
    "Mashtakovo-Syrym    2 310     1 020   450\n"
    "Karaozek            1 150       640   120\n"
)
SEMICOLONS = (
    "Export from the monitoring sheet.\n\n"
    "date;crossing;entries;exits\n"
    "03.10.2022;Narva-1;1 412;1 288\n"
    "04.10.2022;Koidula;402;310\n"
)
TABS = (
    "Figures for Sunday 2 October:\n\n"
    "Crossing\tArrivals\tDepartures\n"
    "Vaalimaa\t3 120\t1 980\n"
    "Nuijamaa\t1 410\t990\n"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            ALIGNED,
            [
                ("daily_entries", "mashtakovo_syrym", "2022-10-03", 2310.0),
                ("daily_exits", "mashtakovo_syrym", "2022-10-03", 1020.0),
                ("queue_vehicles", "mashtakovo_syrym", "2022-10-03", 450.0),
                ("daily_entries", "karaozek_kurmangazy", "2022-10-03", 1150.0),
                ("daily_exits", "karaozek_kurmangazy", "2022-10-03", 640.0),
                ("queue_vehicles", "karaozek_kurmangazy", "2022-10-03", 120.0),
            ],
        ),
        (
            SEMICOLONS,
            [
                ("daily_entries", "ivangorod_narva", "2022-10-03", 1412.0),
                ("daily_exits", "ivangorod_narva", "2022-10-03", 1288.0),
                ("daily_entries", "kunichina_gora_koidula", "2022-10-04", 402.0),
                ("daily_exits", "kunichina_gora_koidula", "2022-10-04", 310.0),
            ],
        ),
        (
            TABS,
            [
                ("daily_entries", "torfyanovka_vaalimaa", "2022-10-02", 3120.0),
                ("daily_exits", "torfyanovka_vaalimaa", "2022-10-02", 1980.0),
                ("daily_entries", "brusnichnoye_nuijamaa", "2022-10-02", 1410.0),
                ("daily_exits", "brusnichnoye_nuijamaa", "2022-10-02", 990.0),
            ],
        ),
    ],
    ids=["aligned", "semicolons", "tabs"],
)
def test_a_delimited_table_gives_a_row_per_measured_cell(gaz, text, expected):
    found = rows(text, gaz, "2022-10-05")
    assert [(r[0], r[2], r[3], r[5]) for r in found] == expected


def test_a_table_with_days_across_the_top_reads_each_row_by_day(gaz):
    text = (
        "Russian citizens at the Finnish border\n\n"
        "| | Sat 1 Oct | Sun 2 Oct |\n|---|---|---|\n"
        "| Arrivals in Finland | 4,120 | 3,870 |\n"
        "| Departures from Finland | 2,400 | 2,950 |\n"
    )
    found = rows(text, gaz, "2022-10-05")
    assert [(r[0], r[3], r[5]) for r in found] == [
        ("daily_entries", "2022-10-01", 4120.0),
        ("daily_entries", "2022-10-02", 3870.0),
        ("daily_exits", "2022-10-01", 2400.0),
        ("daily_exits", "2022-10-02", 2950.0),
    ]


def test_a_net_column_is_no_observation_and_the_heading_dates_the_table(gaz):
    text = (
        "Finnish border, Sunday 2 October\n\n"
        "| Crossing | Entries | Exits | Net |\n|---|---|---|---|\n"
        "| Vaalimaa | 3,100 | 2,000 | +1,100 |\n"
    )
    found = rows(text, gaz, "2022-10-05")
    assert [(r[0], r[3], r[5]) for r in found] == [
        ("daily_entries", "2022-10-02", 3100.0),
        ("daily_exits", "2022-10-02", 2000.0),
    ]


def test_a_year_written_with_a_space_is_a_count(gaz):
    found = rows("Departures at Vaalimaa on Sunday 2 October: 1 980.", gaz)
    assert [(r[0], r[5]) for r in found] == [("daily_exits", 1980.0)]


@pytest.mark.parametrize(
    "text",
    [
        "Change came fast.  Guards were tired.  Queues grew.\n"
        "On Sunday 5,000 people entered Georgia.  On Monday 6,000 entered.  It rained.",
        "Queues grew at Upper Lars; Kazakhstan reported more arrivals; Finland was calm.\n"
        "On Sunday 5,000 entered Georgia; on Monday 6,000 entered Georgia; it rained.",
    ],
)
def test_prose_with_double_spaces_or_semicolons_is_no_table(gaz, text):
    found = rows(text, gaz, "2022-10-03")
    assert [(r[0], r[2], r[3], r[5]) for r in found] == [
        ("daily_entries", "", "2022-10-02", 5000.0),
        ("daily_entries", "", "2022-10-03", 6000.0),
    ]


def test_a_total_row_under_several_crossings_has_no_crossing(gaz):
    text = (
        "| Crossing | Date | Entries |\n|---|---|---|\n| Vaalimaa | 1 Oct | 5,000 |\n"
        "| Nuijamaa | 2 Oct | 4,000 |\n| Total | | 9,000 |"
    )
    found = rows(text, gaz, "2022-10-03")
    assert found[-1][:6] == (
        "cumulative_entries",
        "Finland",
        "",
        "2022-10-01",
        "2022-10-02",
        9000.0,
    )


def test_a_daily_average_column_is_a_daily_row_over_the_rows_period(gaz):
    text = (
        "Kazakhstan: entries of Russian citizens by week\n\n"
        "| Week | Entries | Daily average | Exits |\n|---|---|---|---|\n"
        "| 19-25 Sep | 61,200 | 8,740 | 21,000 |\n"
    )
    found = rows(text, gaz, "2022-10-05")
    assert [(r[0], r[3], r[4], r[5]) for r in found] == [
        ("cumulative_entries", "2022-09-19", "2022-09-25", 61200.0),
        ("daily_entries", "2022-09-19", "2022-09-25", 8740.0),
        ("cumulative_exits", "2022-09-19", "2022-09-25", 21000.0),
    ]


def test_a_total_row_counts_over_the_days_above_it(gaz):
    text = (
        "Georgia, entries of Russian citizens by day\n\n"
        "| Date | Entries |\n|---|---|\n| 24 Sep | 9,300 |\n| 25 Sep | 11,143 |\n"
        "| Total | 20,443 |\n"
    )
    found = rows(text, gaz, "2022-10-05")
    assert found[-1][:6] == (
        "cumulative_entries",
        "Georgia",
        "",
        "2022-09-24",
        "2022-09-25",
        20443.0,
    )


def test_a_bulletin_table_by_checkpoint_with_a_total_row(gaz):
    text = (
        "WEST KAZAKHSTAN REGION, 28 September 2022, as of 08:00\n\n"
        "Checkpoint    Persons entered (past day)    Persons departed\n"
        "Syrym         2 930                         1 210\n"
        "Total         4 800                         1 850\n"
    )
    found = rows(text, gaz, "2022-09-28")
    assert [(r[0], r[2], r[3], r[5]) for r in found] == [
        ("daily_entries", "mashtakovo_syrym", "2022-09-27", 2930.0),
        ("daily_exits", "mashtakovo_syrym", "2022-09-27", 1210.0),
        ("daily_entries", "", "2022-09-27", 4800.0),
        ("daily_exits", "", "2022-09-27", 1850.0),
    ]


def test_bold_key_figures_under_an_as_of_heading(gaz):
    text = (
        "KAZAKHSTAN: KEY FIGURES (as of 3 October)\n"
        "- **Entries of Russian citizens since 21 Sep:** 187,000\n"
        "- **Exits since 21 Sep:** 96,500\n"
        "- **Average daily entries (last 7 days):** 9,100\n"
    )
    found = rows(text, gaz, "2022-10-04")
    assert [(r[0], r[3], r[4], r[5]) for r in found] == [
        ("cumulative_entries", "2022-09-21", "2022-10-03", 187000.0),
        ("cumulative_exits", "2022-09-21", "2022-10-03", 96500.0),
        ("daily_entries", "2022-09-26", "2022-10-02", 9100.0),
    ]


def test_arrivals_and_departures_named_before_their_figures(gaz):
    found = rows("Georgia: arrivals 8,100 (2 Oct), departures 5,300 (2 Oct).", gaz)
    assert [(r[0], r[3], r[5]) for r in found] == [
        ("daily_entries", "2022-10-02", 8100.0),
        ("daily_exits", "2022-10-02", 5300.0),
    ]


def test_figures_listed_with_commas_share_the_day_after_them(gaz):
    found = rows("Syrym: 2,870 entries, 1,190 exits on 2 October.", gaz)
    assert [(r[0], r[3], r[5]) for r in found] == [
        ("daily_entries", "2022-10-02", 2870.0),
        ("daily_exits", "2022-10-02", 1190.0),
    ]


def test_a_subjects_unit_carries_to_the_figures_listed_after_it(gaz):
    found = rows("Queue length at Upper Lars (km): 13 on 2 Oct, 8 on 3 Oct.", gaz)
    assert [(r[0], r[3], r[5]) for r in found] == [
        ("queue_km", "2022-10-02", 13.0),
        ("queue_km", "2022-10-03", 8.0),
    ]


def test_a_day_in_brackets_at_the_end_dates_the_whole_line(gaz):
    found = rows("Upper Lars — queue ~14 km, wait 20+ hours (3 Oct).", gaz)
    assert [(r[0], r[3]) for r in found] == [
        ("queue_km", "2022-10-03"),
        ("wait_hours", "2022-10-03"),
    ]


def test_a_table_under_a_report_period_counts_over_that_period(gaz):
    text = (
        "INFORMATION NOTE on the road checkpoints of Kostanay region\n"
        "period: 26 September – 2 October 2022 (preliminary)\n\n"
        "| Checkpoint | Entered, persons | Left, persons | Staff on shift |\n"
        "|---|---|---|---|\n"
        "| Kairak | 17,900 | 6,050 | 44 |\n"
        "| Region, total | 24,800 | 8,010 | 77 |\n"
    )
    found = rows(text, gaz, "2022-10-06")
    assert [r[:6] for r in found] == [
        (
            "cumulative_entries",
            "Kazakhstan",
            "bugristoye_kairak",
            "2022-09-26",
            "2022-10-02",
            17900.0,
        ),
        ("cumulative_exits", "Kazakhstan", "bugristoye_kairak", "2022-09-26", "2022-10-02", 6050.0),
        ("cumulative_entries", "Kazakhstan", "", "2022-09-26", "2022-10-02", 24800.0),
        ("cumulative_exits", "Kazakhstan", "", "2022-09-26", "2022-10-02", 8010.0),
    ]


def test_a_three_days_row_totals_the_days_above_it(gaz):
    text = (
        "| Date | Entered Georgia | Left Georgia |\n|---|---|---|\n"
        "| Sat 24 Sep | 9,800 | 3,700 |\n| Mon 26 Sep | 10,700 | 4,300 |\n"
        "| Three days | 31,600 | 12,000 |\n"
    )
    found = rows(text, gaz, "2022-09-27")
    assert found[-2][:6] == (
        "cumulative_entries",
        "Georgia",
        "",
        "2022-09-24",
        "2022-09-26",
        31600.0,
    )


def test_dot_leaders_under_a_day_named_twice(gaz):
    text = (
        "FINNISH BORDER GUARD: DAILY STATUS\n\n"
        "Yesterday (Wednesday 28 September)\n"
        "  Entries, eastern land border ........... 6,810\n"
        "  Exits towards Russia ................... 2,640\n"
    )
    found = rows(text, gaz, "2022-09-29")
    assert [(r[0], r[1], r[3], r[5]) for r in found] == [
        ("daily_entries", "Finland", "2022-09-28", 6810.0),
        ("daily_exits", "Finland", "2022-09-28", 2640.0),
    ]


def test_two_aligned_columns_under_an_as_of_heading_run_to_that_day(gaz):
    text = (
        "Entry of citizens of the Russian Federation into Kazakhstan, as of 4 October 2022\n\n"
        "Region                   Entered\n"
        "West Kazakhstan           77,900\n"
        "Total                    198,000\n"
    )
    found = rows(text, gaz, "2022-10-05")
    assert [(r[0], r[2], r[3], r[4], r[5]) for r in found] == [
        ("cumulative_entries", "", "2022-09-21", "2022-10-04", 77900.0),
        ("cumulative_entries", "", "2022-09-21", "2022-10-04", 198000.0),
    ]


def test_a_comparison_column_and_a_named_total_row(gaz):
    text = (
        "Finland, arrivals of Russian citizens, 27 September 2022\n\n"
        "Day          Arrivals   Arrivals vs same day wk 38\n"
        "Sat 24.9.     8 540        +131 %\n"
        "Sun 25.9.     8 290        +119 %\n"
        "Two days     16 830\n"
    )
    found = rows(text, gaz, "2022-09-27")
    assert [(r[0], r[3], r[4], r[5]) for r in found] == [
        ("daily_entries", "2022-09-24", "2022-09-24", 8540.0),
        ("daily_entries", "2022-09-25", "2022-09-25", 8290.0),
        ("cumulative_entries", "2022-09-24", "2022-09-25", 16830.0),
    ]


def test_a_dashboard_export_with_one_row_per_indicator(gaz):
    text = (
        "BORDER MOVEMENTS DASHBOARD – DATA EXPORT\n\n"
        "report_date\tcountry\tcrossing\tindicator\tvalue\tunit\tbaseline_2021\n"
        "2022-10-04\tGeorgia\tUpper Lars\tentries_russian_citizens\t7105\tpersons\t5900\n"
        "2022-10-04\tGeorgia\tUpper Lars\tqueue_length\t4.2\tkm\t\n"
        "2022-10-04\tFinland\tVaalimaa\tpassenger_cars_from_RU\t630\tvehicles\t820\n"
    )
    found = rows(text, gaz, "2022-10-05")
    assert [(r[0], r[2], r[3], r[5]) for r in found] == [
        ("daily_entries", "upper_lars_dariali", "2022-10-04", 7105.0),
        ("queue_km", "upper_lars_dariali", "2022-10-04", 4.2),
        ("daily_vehicles", "torfyanovka_vaalimaa", "2022-10-04", 630.0),
    ]


def test_in_and_out_columns_beside_crossing_columns(gaz):
    text = (
        "Finnish crossings sheet\n\n"
        "Date;Vaalimaa;Nuijamaa;RU in;RU out\n"
        "26.09.2022;1021;986;7710;3380\n"
    )
    found = rows(text, gaz, "2022-09-29")  # a column named for a crossing gives no unit
    assert [(r[0], r[1], r[2], r[3], r[5]) for r in found] == [
        ("daily_entries", "Finland", "", "2022-09-26", 7710.0),
        ("daily_exits", "Finland", "", "2022-09-26", 3380.0),
    ]


def test_a_lead_in_line_ending_in_dots_dates_the_table_under_it(gaz):
    text = "Figures for 27 September below...\nCrossing\tEntries\nUpper Lars\t5,100\nSyrym\t2,300"
    found = rows(text, gaz, "2022-10-03")
    assert [(r[0], r[3], r[5]) for r in found] == [
        ("daily_entries", "2022-09-27", 5100.0),
        ("daily_entries", "2022-09-27", 2300.0),
    ]


def test_a_period_heading_that_is_no_report_period_dates_no_later_queue(gaz):
    text = (
        "Georgia\n19-25 September\nMost crossed at Upper Lars.\n\nSnapshot\n"
        "Crossing\tQueue (cars)\tEntered\nUpper Lars\t3,000\t5,200"
    )
    found = rows(text, gaz, "2022-10-03")
    assert ("queue_vehicles", "2022-10-03", "2022-10-03", 3000.0) in [
        (r[0], r[3], r[4], r[5]) for r in found
    ]


def test_a_line_naming_the_counts_day_dates_the_table_under_a_dateline(gaz):
    text = (
        "KAZAKH BORDER DIGEST\nWednesday 5 October 2022\n\n"
        "Totals for Tuesday 4 October (regional police)\n\n"
        "Post\tIn\tOut\n"
        "Syrym\t2,940\t1,310\n"
    )
    found = rows(text, gaz, "2022-10-05")
    assert [(r[0], r[3], r[4], r[5]) for r in found] == [
        ("daily_entries", "2022-10-04", "2022-10-04", 2940.0),
        ("daily_exits", "2022-10-04", "2022-10-04", 1310.0),
    ]


def test_figures_for_a_day_under_an_as_of_time_leave_the_queue_at_that_time(gaz):
    text = (
        "As of 6 October 2022, 08:00 (data for 5 October unless noted)\n\n"
        "Post         Entries   Queue, cars (6.10, 07:00)\n"
        "Vaalimaa     2 210     85\n"
        "Nuijamaa     1 030     40\n\n"
        "Both posts together: 3 240 entries."
    )
    found = rows(text, gaz, "2022-10-06")
    assert [(r[0], r[2], r[3], r[5]) for r in found] == [
        ("daily_entries", "torfyanovka_vaalimaa", "2022-10-05", 2210.0),
        ("queue_vehicles", "torfyanovka_vaalimaa", "2022-10-06", 85.0),
        ("daily_entries", "brusnichnoye_nuijamaa", "2022-10-05", 1030.0),
        ("queue_vehicles", "brusnichnoye_nuijamaa", "2022-10-06", 40.0),
        ("daily_entries", "", "2022-10-05", 3240.0),
    ]


def test_a_column_of_cars_beside_arrivals_counts_cars_that_crossed(gaz):
    text = (
        "Arrivals on 4 October\n\n"
        "| Post | Arrivals | Cars | Cars waiting |\n|---|---|---|---|\n"
        "| Narva | 1,240 | 310 | 45 |\n"
    )
    found = rows(text, gaz, "2022-10-05")
    assert [(r[0], r[2], r[3], r[5]) for r in found] == [
        ("daily_entries", "ivangorod_narva", "2022-10-04", 1240.0),
        ("daily_vehicles", "ivangorod_narva", "2022-10-04", 310.0),
        ("queue_vehicles", "ivangorod_narva", "2022-10-04", 45.0),
    ]


def test_weeks_across_the_top_count_what_the_title_counts(gaz):
    text = (
        "Latvia: Russian citizens entering by road, weeks 40 and 41\n\n"
        "| Crossing | Week 40 (3-9 Oct) | Week 41 (10-16 Oct) | Change, % |\n"
        "|---|---:|---:|---:|\n"
        "| Terehova | 2,410 | 2,020 | -16.2 |\n"
    )
    found = rows(text, gaz, "2022-10-18")
    assert [(r[0], r[2], r[3], r[4], r[5]) for r in found] == [
        ("cumulative_entries", "burachki_terehova", "2022-10-03", "2022-10-09", 2410.0),
        ("cumulative_entries", "burachki_terehova", "2022-10-10", "2022-10-16", 2020.0),
    ]


def test_a_week_table_dates_rows_by_their_period_column_and_its_total_by_its_own(gaz):
    text = (
        "Weekly movements, Armenia land border\n\n"
        "Week    Period            Entries    Exits\n"
        "Wk 40   3-9 Oct            8,200     6,100\n"
        "Wk 41   10-16 Oct          7,400     6,900\n"
        "TOTAL   3-16 Oct          15,600    13,000\n"
    )
    found = rows(text, gaz, "2022-10-19")
    assert [(r[0], r[3], r[4], r[5]) for r in found] == [
        ("cumulative_entries", "2022-10-03", "2022-10-09", 8200.0),
        ("cumulative_exits", "2022-10-03", "2022-10-09", 6100.0),
        ("cumulative_entries", "2022-10-10", "2022-10-16", 7400.0),
        ("cumulative_exits", "2022-10-10", "2022-10-16", 6900.0),
        ("cumulative_entries", "2022-10-03", "2022-10-16", 15600.0),
        ("cumulative_exits", "2022-10-03", "2022-10-16", 13000.0),
    ]


def test_a_list_under_a_weeks_header_counts_over_the_week(gaz):
    text = "Entries of Russian citizens by crossing, week 41:\n\nVaalimaa: 3,300\nNuijamaa: 2,100"
    found = rows(text, gaz, "2022-10-17")
    assert [(r[0], r[2], r[3], r[4], r[5]) for r in found] == [
        ("cumulative_entries", "torfyanovka_vaalimaa", "2022-10-10", "2022-10-16", 3300.0),
        ("cumulative_entries", "brusnichnoye_nuijamaa", "2022-10-10", "2022-10-16", 2100.0),
    ]


def test_a_comma_separated_export(gaz):
    text = (
        "Export of the daily view, generated 2022-10-12 06:00 UTC\n\n"
        "date,country,crossing,indicator,value,unit\n"
        "2022-10-10,Georgia,Upper Lars,entries_all_persons,4210,persons\n"
        "2022-10-10..2022-10-11,Georgia,Upper Lars,entries_all_persons_TOTAL,8300,persons\n"
    )
    found = rows(text, gaz, "2022-10-12")
    assert [(r[0], r[3], r[4], r[5]) for r in found] == [
        ("daily_entries", "2022-10-10", "2022-10-10", 4210.0),
        ("cumulative_entries", "2022-10-10", "2022-10-11", 8300.0),
    ]


def test_prose_with_commas_is_no_export(gaz):
    text = "Narva,Koidula,Luhamaa: all three were quiet.\n3,100 Russians entered Estonia on Sunday."
    assert [(r[0], r[5]) for r in rows(text, gaz, "2022-10-04")] == [("daily_entries", 3100.0)]


def test_a_days_figures_date_the_table_of_cars_and_persons_under_a_later_dateline(gaz):
    text = (
        "Cars out, people in\nData brief, 11 October 2022\n\n"
        "The table puts Monday's figures side by side.\n\n"
        "Crossing (RU / FI)     Cars out of RU   Persons into FI   Lorries out of RU\n"
        "Vaalimaa                      610            1,720                 388\n\n"
        "The queue at Vaalimaa, the busiest of the three crossings, was 2 km this morning."
    )
    found = rows(text, gaz, "2022-10-11")
    assert [(r[0], r[3], r[5]) for r in found] == [
        ("daily_vehicles", "2022-10-10", 610.0),
        ("daily_entries", "2022-10-10", 1720.0),
        ("queue_km", "2022-10-11", 2.0),
    ]


def test_labelled_lines_under_a_dated_heading_that_says_what_they_count(gaz):
    text = (
        "Daily traffic bulletin, Tuesday 11 October 2022, 09:00\n\n"
        "ARRIVALS OF RUSSIAN CITIZENS, MONDAY 10 OCTOBER\n"
        "Total, all land crossing points ........ 3,120\n"
        "  Vaalimaa ............................. 1,410\n"
        "  Nuijamaa ............................... 980\n\n"
        "Cars passing Imatra on Monday: 420."
    )
    found = rows(text, gaz, "2022-10-11")
    assert [(r[0], r[2], r[3], r[5]) for r in found] == [
        ("daily_entries", "", "2022-10-10", 3120.0),
        ("daily_entries", "torfyanovka_vaalimaa", "2022-10-10", 1410.0),
        ("daily_entries", "brusnichnoye_nuijamaa", "2022-10-10", 980.0),
        ("daily_vehicles", "svetogorsk_imatra", "2022-10-10", 420.0),
    ]


def test_a_comma_export_with_quoted_thousands(gaz):
    text = (
        "date,crossing,entries,exits\n"
        '2022-10-03,Vaalimaa,"1,410",980\n'
        '2022-10-03,Nuijamaa,"2,105","1,020"\n'
    )
    found = rows(text, gaz, "2022-10-05")
    assert [(r[0], r[2], r[5]) for r in found] == [
        ("daily_entries", "torfyanovka_vaalimaa", 1410.0),
        ("daily_exits", "torfyanovka_vaalimaa", 980.0),
        ("daily_entries", "brusnichnoye_nuijamaa", 2105.0),
        ("daily_exits", "brusnichnoye_nuijamaa", 1020.0),
    ]


def test_a_comma_export_row_with_unquoted_thousands_is_not_split_at_them(gaz):
    """ "1,410,980" under "entries,exits,cars" could be 1 / 410 / 980 or 1,410 / 980: no row."""
    text = "date,crossing,entries,exits,cars\n2022-10-03,Vaalimaa,1,410,980\n"
    assert rows(text, gaz, "2022-10-05") == []


@pytest.mark.parametrize(
    "text",
    [
        "Russian citizens entering Finland by land, Monday 3 October.\n\n"
        "| Crossing | Length (km) | Lanes open |\n|---|---|---|\n| Vaalimaa | 4 | 6 |\n",
        "Arrivals of Russians in Georgia rose again on Monday.\n\n"
        "| Crossing | Staff on duty | Booths |\n|---|---|---|\n| Upper Lars | 40 | 12 |\n",
    ],
)
def test_a_tables_cells_are_no_lines_of_a_list_under_the_heading_above(gaz, text):
    assert [r for r in rows(text, gaz, "2022-10-05") if r[0].endswith("_entries")] == []


def test_columns_with_a_unit_are_no_people_under_an_entries_sentence(gaz):
    text = (
        "On Monday 3 October 6,100 Russians entered Finland, the Border Guard said.\n\n"
        "| Crossing | Length (km) | Hours open |\n|---|---|---|\n| Vaalimaa | 4 | 24 |\n"
    )
    found = rows(text, gaz, "2022-10-05")
    assert [(r[0], r[5]) for r in found if r[0].endswith("_entries")] == [("daily_entries", 6100.0)]


def test_labelled_lines_that_name_no_place_are_no_counts_of_the_heading(gaz):
    text = (
        "ARRIVALS IN GEORGIA, MONDAY 3 OCTOBER\n"
        "Upper Lars: 5,200\n"
        "Upper Lars wait: 6 hours\n"
        "Staff on duty: 40\n"
    )
    found = rows(text, gaz, "2022-10-05")
    assert [(r[0], r[5]) for r in found] == [("daily_entries", 5200.0), ("wait_hours", 6.0)]


def test_days_across_the_top_under_a_title_with_a_period(gaz):
    text = (
        "Table 2. Russian citizens arriving at the south-eastern crossings, by day, "
        "7.10.–9.10.2022\n\n"
        "Crossing point\tFri 7.10\tSat 8.10\tSun 9.10\tTotal\tChange, %\n"
        "Vaalimaa\t1 210\t1 340\t1 105\t3 655\t-12\n"
    )
    found = rows(text, gaz, "2022-10-10")
    assert [(r[0], r[3], r[4], r[5]) for r in found] == [
        ("daily_entries", "2022-10-07", "2022-10-07", 1210.0),
        ("daily_entries", "2022-10-08", "2022-10-08", 1340.0),
        ("daily_entries", "2022-10-09", "2022-10-09", 1105.0),
        ("cumulative_entries", "2022-10-07", "2022-10-09", 3655.0),
    ]


def test_day_month_dates_across_the_top_of_a_sheet(gaz):
    text = (
        "Movement of citizens of the Russian Federation across the border of Georgia\n\n"
        "Indicator\t03.10\t04.10\n"
        "Entered\t5 110\t4 870\n"
        "Departed\t4 920\t5 030\n"
        "Balance\t190\t-160\n"
    )
    found = rows(text, gaz, "2022-10-05")
    assert [(r[0], r[3], r[5]) for r in found] == [
        ("daily_entries", "2022-10-03", 5110.0),
        ("daily_entries", "2022-10-04", 4870.0),
        ("daily_exits", "2022-10-03", 4920.0),
        ("daily_exits", "2022-10-04", 5030.0),
    ]


def test_a_heading_that_names_waiting_vehicles_makes_unnamed_cells_queues(gaz):
    text = (
        "The three regional police departments recorded 18,200 entries over the two days.\n\n"
        "VEHICLES WAITING ON THE RUSSIAN SIDE AT 08:00 (police and volunteer counts)\n\n"
        "Crossing\t5 Oct\t6 Oct\n"
        "Syrym (Mashtakovo)\t310\t260\n"
    )
    found = rows(text, gaz, "2022-10-07")
    assert [(r[0], r[2], r[3], r[5]) for r in found if r[2]] == [
        ("queue_vehicles", "mashtakovo_syrym", "2022-10-05", 310.0),
        ("queue_vehicles", "mashtakovo_syrym", "2022-10-06", 260.0),
    ]


def test_a_tab_table_with_an_empty_corner_cell(gaz):
    text = (
        "Daily entries of Russian citizens into Finland, week 41\n\n"
        "\tMon 10.10\tTue 11.10\n"
        "Entries\t3 020\t2 870\n"
    )
    found = rows(text, gaz, "2022-10-12")
    assert [(r[0], r[2], r[3], r[5]) for r in found] == [
        ("daily_entries", "", "2022-10-10", 3020.0),
        ("daily_entries", "", "2022-10-11", 2870.0),
    ]


def test_a_title_with_a_week_and_its_dates_dates_the_table_under_it(gaz):
    text = (
        "Border traffic at the south-eastern land border, week 39 (26 September to 2 October "
        "2022)\n\nCrossing        Entries    Exits\nVaalimaa         21,340   12,010\n"
        "Nuijamaa         14,820    9,400\n"
    )
    found = rows(text, gaz, "2022-10-03")
    assert {(r[0], r[3], r[4]) for r in found} == {
        ("cumulative_entries", "2022-09-26", "2022-10-02"),
        ("cumulative_exits", "2022-09-26", "2022-10-02"),
    }
