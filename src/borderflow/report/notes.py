"""The brief's closing sections, in words a planner uses: the scenario and its events, caveats
and sources, and a "Technical" section at the end with what only a modeller needs (the run's
manifest, seeds, hashes, timings and parameters)."""

# ruff: noqa: E501  (HTML fragments read better unbroken)
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from borderflow.report.figures import esc
from borderflow.report.mapping import outlines_source

if TYPE_CHECKING:
    from borderflow.report.html import Report

EVENT_WORDS = {
    "capacity": "capacity changed",
    "open_mode": "opened to a mode",
    "close": "closed",
    "screening": "screening of men",
    "air_seats": "air seats changed",
    "rumour": "rumour of a closure",
}
MODE_WORDS = {"car": "cars", "bus": "buses", "pedestrian": "people on foot", "bicycle": "bicycles"}
TRAVELLER_WORDS = {"tourist_visa": "with tourist visas", "no_visa": "without visas",
                   "other_visa": "with other visas", "non_local": "from other regions"}


def event_words(ev: dict[str, Any], where: str) -> str:
    """An event as a planner says it: "Upper Lars closed to cars from other regions"."""
    kind, mode = str(ev.get("kind")), MODE_WORDS.get(str(ev.get("mode")), "")
    if kind == "close":
        group = TRAVELLER_WORDS.get(str(ev.get("travellers")), "")
        whom = " ".join(w for w in (mode or ("travellers" if group else ""), group) if w)
        return f"{where} closed{' to ' + whom if whom else ''}"
    if kind == "open_mode":
        return f"{where} opened to {mode or ev.get('mode')}"
    if kind == "screening":
        return f"screening of men began at {where}"
    return f"{where}: {EVENT_WORDS.get(kind, kind)}"


def events_by_crossing(events: list[dict[str, Any]], crossings: Any) -> dict[str, list[tuple[Any, str]]]:
    """Per crossing, the events at it or at its host country, as (day, words)."""
    import pandas as pd

    out: dict[str, list[tuple[Any, str]]] = {}
    for ev in events:
        for cid, row in crossings.iterrows():
            if ev.get("crossing") == cid or (ev.get("country") and ev.get("country") == row.get("country")):
                where = str(row.get("name") if isinstance(row.get("name"), str) else cid) if ev.get("crossing") else str(ev["country"])
                out.setdefault(str(cid), []).append((pd.Timestamp(str(ev.get("date"))), event_words(ev, where)))
    return out


# manifest fields a planner reads (the rest go to the Technical section)
PLAIN_FACTS = {"scenario": "scenario", "label": "variant", "start": "model starts",
               "cutoff": "forecast made with reports up to", "horizon_end": "forecast ends",
               "members": "simulated futures", "parameters_from": "parameters from"}
CAVEATS = (
    "These are model results, not measurements: the queue, wait and entry figures follow from the scenario's "
    "assumptions and events listed above.",
    "Host countries count every entry of a citizen, including the ordinary traffic that was there before the order, "
    "and many entrants leave again within days.",
    "Needs are planning minimums from the cited standards, for the people in line only (not for people who crossed).",
    "Reported figures often conflict; they are shown as reported, each with its source, not reconciled.",
)


def table_html(header: list[str], rows: list[list[str]], cls: str = "") -> str:
    """An HTML table; cells are already escaped or formatted."""
    head = "".join(f"<th>{h}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def assumptions_section(r: Report) -> str:
    """The scenario in a sentence, its call-ups and its events, in words."""
    toml = r.src.scenario_toml()
    parts = [
        f"<p><b>{esc(toml.get('title', toml.get('name', 'scenario')))}</b> — {esc(toml.get('description', ''))}</p>"
    ]
    facts = [(PLAIN_FACTS[k], r.src.manifest[k]) for k in PLAIN_FACTS if r.src.manifest.get(k) not in (None, "")]
    facts += [("days modelled", toml.get("days"))] if toml.get("days") and r.src.kind == "run" else []
    if r.ens.partial:
        facts.append(("left out (modelled only in part)", ", ".join(f"{d:%d %b %Y}" for d in r.ens.partial)))
    parts.append(table_html(["", ""], [[esc(k), esc(v)] for k, v in facts], "facts"))
    rows = []
    for ev in toml.get("events", []):
        where = ev.get("crossing") or ev.get("country") or ""
        if where in r.crossings.index:
            where = r.crossings.at[where, "name"]
        extra = ", ".join(
            f"{k} {v}" for k, v in ev.items()
            if k not in ("kind", "date", "until", "crossing", "country", "source", "note")
        )
        what = EVENT_WORDS.get(str(ev.get("kind")), str(ev.get("kind")))
        rows.append([esc(ev.get("date")), esc(ev.get("until", "")), esc(what), esc(where), esc(extra),
                     esc(ev.get("note", "")), esc(ev.get("source", ""))])
    parts.append(
        "<h3>Events</h3>"
        + (table_html(["from", "until", "what happens", "where", "details", "note", "source"], rows, "events")
           if rows else "<p>No events.</p>")
    )
    return "".join(parts)


def posterior_provenance(src: Any) -> tuple[Path | None, dict[str, Any]]:
    """Where a forecast's posterior is now (its path, or the forecast folder's own copy of it
    when it was read from a temporary copy of the scenario, a variant's, since deleted) and its
    provenance.json ({} if none)."""
    post = src.manifest.get("posterior")
    if not post:
        return None, {}
    path, scenario = Path(str(post)), Path(str(src.manifest.get("scenario", "")))
    if not path.exists() and scenario.is_absolute() and path.is_relative_to(scenario):
        path = src.path / "scenario" / path.relative_to(scenario)  # the folder's own copy
    try:
        prov = json.loads((path / "provenance.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        prov = {}
    return (path if path.exists() else None), (prov if isinstance(prov, dict) else {})


def _temporary(value: Any) -> Any:
    """A path that no longer exists, marked as the temporary copy it was."""
    text = str(value)
    if text.startswith("/") and not Path(text).exists():
        return f"{text} (a temporary copy, since deleted)"
    return value


def _posterior_facts(src: Any) -> list[tuple[str, Any]]:
    path, prov = posterior_provenance(src)
    facts: list[tuple[str, Any]] = []
    if path is not None and str(path) != str(src.manifest.get("posterior")):
        facts.append(("posterior (this folder's copy)", path))
    if prov:
        until = f", reports up to {prov['until']}" if prov.get("until") else ""
        facts.append(("posterior fitted to", f"{prov.get('observations', '?')}{until}"
                      f"{'; ' + str(prov['method']) if prov.get('method') else ''}"))
        if prov.get("rebuild"):
            facts.append(("posterior rebuilt with", prov["rebuild"]))
    return facts


def technical_section(r: Report) -> str:
    """What a modeller needs to reproduce or judge the run: every manifest field, the
    parameters, the event kinds as the scenario spells them."""
    toml = r.src.scenario_toml()
    facts: list[tuple[str, Any]] = [("kind", r.src.kind), ("folder", r.src.path),
                                    ("scenario folder", r.src.scenario_dir),
                                    ("step hours", toml.get("step_hours")),
                                    ("call-ups", ", ".join(f"{k} {v}" for k, v in toml.get("callups", {}).items())),
                                    ("members", r.ens.members if "members" not in r.src.manifest else None)]
    facts += [(k, _temporary(v) if k in ("posterior", "scenario") else v)
              for k, v in r.src.manifest.items() if not isinstance(v, dict | list)]
    facts += _posterior_facts(r.src)
    parts = [table_html(["", ""], [[esc(k), esc(v)] for k, v in facts if v not in (None, "")], "facts")]
    params = dict(toml.get("parameters", {}))
    if isinstance(r.src.manifest.get("parameters"), dict):
        params = {**params, **r.src.manifest["parameters"]}
    if params:
        parts.append("<h3>Parameters set by the scenario or run</h3>"
                     + table_html(["parameter", "value"], [[esc(k), esc(v)] for k, v in sorted(params.items())], "params"))
    kinds = sorted({str(e.get("kind")) for e in toml.get("events", [])})
    if kinds:
        parts.append(f"<p>Event kinds in scenario.toml: {esc(', '.join(kinds))}.</p>")
    return "".join(parts)


def sources_section(r: Report) -> str:
    """Caveats, then where every figure on the page comes from."""
    items = [f"<li>{esc(c)}</li>" for c in CAVEATS]
    notes = r.needs.notes
    if notes.get("temperature_defaulted_crossings"):
        items.append(
            f"<li>Temperatures are defaults at: {esc(', '.join(notes['temperature_defaulted_crossings']))}.</li>"
        )
    missing = r.crossings.index[r.crossings["lat"].isna() | r.crossings["lon"].isna()]
    if len(missing):
        items.append(
            f"<li>Not on the map (no coordinates): {esc(', '.join(r.crossings.loc[missing, 'name'].astype(str)))}.</li>"
        )
    srcs = [
        f"<li>Run or forecast: <code>{esc(r.src.path)}</code> ({esc(r.src.kind)}); scenario: "
        f"<code>{esc(r.src.scenario_dir)}</code>{' (see PROVENANCE.md there)' if r.src.scenario_dir and (r.src.scenario_dir / 'PROVENANCE.md').exists() else ''}</li>"
    ]
    events = r.src.scenario_toml().get("events", [])
    srcs += sorted({f"<li>Event: {esc(e.get('source'))}</li>" for e in events if e.get("source")})
    if r.obs is not None:
        cited = r.obs[["source"]].assign(url=r.obs.get("url", "")).drop_duplicates()
        listed = "".join(
            f"<li>{esc(s)}{' — ' + esc(u) if isinstance(u, str) and u else ''}</li>"
            for s, u in cited.itertuples(index=False)
        )
        srcs.append(
            f"<li><details><summary>Reported figures shown ({len(r.obs)}, {len(cited)} sources)</summary>"
            f"<ul>{listed}</ul></details></li>"
        )
    srcs.append(
        "<li>Planning figures: see the table in the needs section (Sphere, UNHCR, WFP/UNHCR, Environment Canada).</li>"
    )
    srcs.append(f"<li>Map outlines: {esc(outlines_source())}</li>")
    return f"<h3>Caveats</h3><ul>{''.join(items)}</ul><h3>Data sources</h3><ul class=sources>{''.join(srcs)}</ul>"



