"""Events that change nothing in a run, said before it starts: a closure for a group no crossing
it names lets in, or an event dated after the run ends. The run goes ahead (a scenario may be
written for a longer run); the note says why its what-if shows no difference."""

from __future__ import annotations

import pandas as pd

from borderflow.scenario.model import Event, Scenario


def idle_events(scenario: Scenario) -> list[tuple[int, str]]:
    """(the event's number in the scenario, counted from 1, why it changes nothing) for each
    event of `scenario` that changes nothing."""
    end = scenario.start + pd.Timedelta(days=scenario.days)
    found = []
    for number, event in enumerate(scenario.events, start=1):
        why = _after_the_run(event, end) or _nobody_to_close(event, scenario.crossings)
        if why:
            found.append((number, why))
    return found


def _after_the_run(event: Event, end: pd.Timestamp) -> str:
    if event.start < end:
        return ""
    return (f"starts {event.start:%Y-%m-%d %H:%M}, at or after the end of the run "
            f"({end:%Y-%m-%d %H:%M}); it changes nothing")


def _nobody_to_close(event: Event, crossings: pd.DataFrame) -> str:
    """`close` for travellers without a visa at crossings that let in only visa holders."""
    f = event.fields
    if event.kind != "close" or f.get("travellers") != "no_visa":
        return ""
    named = crossings.loc[[f["crossing"]]] if "crossing" in f else (
        crossings[crossings["country"] == f.get("country")])
    if len(named) == 0 or not named["visa_required"].astype(bool).all():
        return ""
    where = f["crossing"] if "crossing" in f else f"every crossing of {f['country']}"
    return (f"closes {where} to travellers without a visa, but it already requires one "
            f"(crossings.csv visa_required); it changes nothing")
