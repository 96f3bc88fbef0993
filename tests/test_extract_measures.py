"""Lengths and waits (issue 40), each with made-up sentences: hours told of a named crossing are
its wait; hours of a journey, of opening times or of a counting period are not."""

from __future__ import annotations

import pytest
from extract_rows import rows

N = None


@pytest.mark.parametrize(
    ("text", "crossing", "value", "low", "high"),
    [
        ("Vaalimaa side was around four hours on Sunday.", "torfyanovka_vaalimaa", 4.0, N, N),
        ("At Kairak on Sunday drivers said 9 to 12 hours.", "bugristoye_kairak", N, 9.0, 12.0),
        ("We did Syrym on Sunday, 11 hours door to door.", "mashtakovo_syrym", 11.0, N, N),
        ("Upper Lars is busy. Crossing time on Sunday: about eight hours.", "upper_lars_dariali",
         8.0, N, N),
        ("Kairak is slow. On Sunday it was 16 hours start to finish.", "bugristoye_kairak", 16.0,
         N, N),
        ("Came in through Imatra on Sunday, 2.5 hours from joining the line to the Finnish stamp.",
         "svetogorsk_imatra", 2.5, N, N),
    ],
)
def test_hours_of_a_crossing_or_with_wait_words_are_a_wait(gaz, text, crossing, value, low, high):
    found = rows(text, gaz)
    assert [r for r in found if r[0] == "wait_hours"] == [
        ("wait_hours", found[0][1], crossing, "2022-10-02", "2022-10-02", value, low, high)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Upper Lars is a three-hour drive from Tbilisi.",
        "The post at Salla works 24 hours on weekdays.",
        "At Salla 470 Russians entered in one day.",
        "At Syrym 2,874 people entered over the preceding 24 hours.",
        "Kairak was closed for six hours on Sunday.",
        "On Sunday we drove 20 hours in all from Moscow to Upper Lars.",
        "Oral, four hours by road from Samara, watched the queue at Syrym grow on Sunday.",
        "Kairak, six hours' drive away, had a queue on Sunday.",
    ],
)
def test_hours_of_a_journey_opening_times_or_a_period_are_no_wait(gaz, text):
    assert [r for r in rows(text, gaz) if r[0] == "wait_hours"] == []


def test_cars_in_front_of_the_barrier_are_a_queue(gaz):
    found = rows("Narva on Sunday. Cars: around 150 in front of the barrier.", gaz)
    assert found == [
        ("queue_vehicles", "Estonia", "ivangorod_narva", "2022-10-02", "2022-10-02", 150.0, N, N)
    ]


def test_cars_told_with_the_wait_at_a_crossing_are_its_queue(gaz):
    found = rows(
        "On Sunday at Syrym it is from 250 to 300 vehicles, and the waiting time is up to 6 hours.",
        gaz,
    )
    assert found == [
        ("queue_vehicles", "Kazakhstan", "mashtakovo_syrym", "2022-10-02", "2022-10-02", N, 250.0,
         300.0),
        ("wait_hours", "Kazakhstan", "mashtakovo_syrym", "2022-10-02", "2022-10-02", N, N, 6.0),
    ]


def test_cars_that_crossed_told_with_a_wait_are_no_queue(gaz):
    found = rows("On Sunday 1,200 cars crossed at Taskala, with a wait of four hours.", gaz)
    assert [r[0] for r in found] == ["daily_vehicles", "wait_hours"]


def test_a_lane_of_cars_km_long_is_a_queue(gaz):
    found = rows("The Russia-bound lane at Vaalimaa was some 2 km long on Sunday.", gaz)
    assert found == [
        ("queue_km", "Finland", "torfyanovka_vaalimaa", "2022-10-02", "2022-10-02", 2.0, N, N)
    ]


@pytest.mark.parametrize(
    ("text", "crossing", "value", "low"),
    [
        (
            "There were 3,500 cars in the queue at Upper Lars on Sunday. A blogger who drove "
            "past it counted roughly 2,500.",
            "upper_lars_dariali",
            2500.0,
            N,
        ),
        (
            "The line at Kairak was 400 cars on Sunday. At Kairak they said around 2k.",
            "bugristoye_kairak",
            2000.0,
            N,
        ),
        (
            "There were 3,500 cars in the queue at Upper Lars on Sunday. Its correspondent put "
            "the number of vehicles at over 2,500.",
            "upper_lars_dariali",
            N,
            2500.0,
        ),
        (
            "On Sunday North Ossetia put the number of cars in the queue at Upper Lars at 3,500; "
            "a Georgian blogger counted roughly 2,500.",
            "upper_lars_dariali",
            2500.0,
            N,
        ),
    ],
)
def test_a_sources_estimate_restates_the_last_queue(gaz, text, crossing, value, low):
    queues = [r for r in rows(text, gaz) if r[0] == "queue_vehicles"]
    assert queues[-1][2] == crossing and queues[-1][5:7] == (value, low)
    assert len(queues) == 2


@pytest.mark.parametrize(
    "text",
    [
        "There were 300 cars in the queue at Syrym on Sunday. The customs site says 1,014 "
        "passenger cars went out via Syrym on Saturday.",
        "There were 300 cars in the queue at Syrym on Sunday. News says Kazakhstan counted 98 "
        "thousand of us since Wednesday.",
    ],
)
def test_a_figure_a_verb_or_a_count_goes_on_about_is_no_queue_estimate(gaz, text):
    queues = [r for r in rows(text, gaz) if r[0] == "queue_vehicles"]
    assert [r[5] for r in queues] == [300.0]


@pytest.mark.parametrize(
    "text",
    [
        "On Sunday the queue at Upper Lars climbed towards the 2,379-metre Jvari Pass.",
        "At Upper Lars, at an altitude of 1,740 metres, cars were waiting on Sunday.",
        "A drone image taken from 300 metres on Sunday shows the queue at Upper Lars.",
        "On Sunday the queue at Upper Lars reached a village 1,700 metres above sea level.",
    ],
)
def test_metres_of_a_height_are_no_queue(gaz, text):
    assert [r for r in rows(text, gaz) if r[0] == "queue_km"] == []


def test_metres_of_a_line_are_its_length_in_km(gaz):
    assert rows("At Vaalimaa the queue was 400 metres on Sunday.", gaz) == [
        ("queue_km", "Finland", "torfyanovka_vaalimaa", "2022-10-02", "2022-10-02", 0.4, N, N)
    ]


@pytest.mark.parametrize(
    ("text", "metric", "value", "low"),
    [
        ("Brusnichnoye on Sunday: 1km+ of cars, slow.", "queue_km", N, 1.0),
        ("Syrym on Sunday: 20h+ wait.", "wait_hours", N, 20.0),
        ("Imatra on Sunday had 3 cars, that's all.", "queue_vehicles", 3.0, N),
        ("Sasha at Kyakhta on Sunday: 40 cars to go.", "queue_vehicles", 40.0, N),
        ("Salla: on Sunday there were maybe 15 cars.", "queue_vehicles", 15.0, N),
        ("On Sunday 420 cars waited overnight at Kairak.", "queue_vehicles", 420.0, N),
        ("Sunday: Taskala, ~500 cars.", "queue_vehicles", 500.0, N),
    ],
)
def test_terse_queue_and_wait_forms(gaz, text, metric, value, low):
    found = rows(text, gaz)
    assert [(r[0], r[3], r[5], r[6]) for r in found] == [(metric, "2022-10-02", value, low)]


def test_cars_through_several_crossings_after_a_comma_are_no_line(gaz):
    found = rows("Customs, Sunday: 1,021 cars out via Torfyanovka, 986 via Brusnichnoye.", gaz)
    assert [r[0] for r in found] == ["daily_vehicles", "daily_vehicles"]


def test_a_unit_named_before_its_counting_verb_is_the_figures_unit(gaz):
    found = rows("Sunday, by crossing point:\nVaalimaa   vehicles processed 1,140\n", gaz)
    assert [(r[0], r[2], r[5]) for r in found] == [
        ("daily_vehicles", "torfyanovka_vaalimaa", 1140.0)
    ]


def test_metres_of_cars_and_the_cars_after_them_are_the_line(gaz):
    found = rows("Torfyanovka on Sunday: about 400 m of cars, maybe 50 cars.", gaz)
    assert [(r[0], r[5]) for r in found] == [("queue_km", 0.4), ("queue_vehicles", 50.0)]


def test_a_board_lines_approximate_cars_are_its_queue(gaz):
    found = rows("LARS, Sunday\n- cars in line: approx 3,300, per the traffic police\n", gaz)
    assert [(r[0], r[5]) for r in found] == [("queue_vehicles", 3300.0)]


def test_hours_there_after_a_crossing_named_before_are_its_wait(gaz):
    found = rows("Avoid Mashtakovo on Sunday. People in the chat say it is 20 hours there.", gaz)
    assert [(r[0], r[2], r[5]) for r in found] == [("wait_hours", "mashtakovo_syrym", 20.0)]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("[12:20] Mikko: Imatra was 1.5 km on Sunday morning, shorter now apparently", [1.5]),
        ("Upper Lars, Sunday. Our people say the cars start well before Chmi, about 20 km of them.",
         [20.0]),
        ("On Sunday Ola said: Murmansk to Storskog is 225 km, so people arrive at night.", []),
    ],
)
def test_a_length_a_named_crossing_was_is_its_line_not_a_distance_to_it(gaz, text, kept):
    assert [r[5] for r in rows(text, gaz) if r[0] == "queue_km"] == kept
