"""The public face of the package is pinned."""

import borderflow


def test_all_is_sorted_and_importable():
    """`__all__` is sorted and every name in it exists."""
    assert borderflow.__all__ == sorted(borderflow.__all__)
    for name in borderflow.__all__:
        assert hasattr(borderflow, name), name


def test_core_members_are_public():
    """The library interface of the design is exported."""
    for name in ("load_scenario", "simulate", "Scenario", "Sim", "Results", "needs", "extract"):
        assert name in borderflow.__all__


def test_public_names_are_imported_when_first_used():
    """Each name of `__all__` has a home module; an unknown name is an AttributeError."""
    import pytest

    assert sorted(borderflow.__all__) == sorted([*borderflow._HOMES, "__version__"])
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        borderflow.nope  # noqa: B018


def test_a_simulation_worker_does_not_import_the_output_libraries():
    """What a worker process of a forecast imports leaves xarray, h5netcdf and the plotting
    and calibration libraries out (they cost it about half a second to start)."""
    import subprocess
    import sys

    code = ("import sys, borderflow.executors, borderflow.forecasting.ensemble, "
            "borderflow.engine.sim; "
            "print(sorted(m for m in ('xarray', 'h5netcdf', 'matplotlib', 'plotly', 'folium', "
            "'scipy.stats', 'typer') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_spawned_worker_of_the_command_line_does_not_import_it():
    """A worker started with 'spawn' runs the main script again as `__mp_main__`: the
    `borderflow` console script must not import the command line (typer, rich, every command)
    there, only when it runs."""
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    import pytest

    script = Path(sys.executable).with_name("borderflow")
    if not script.exists():
        script = Path(shutil.which("borderflow") or "")
    if not script.is_file():
        pytest.skip("the borderflow console script is not installed beside this Python")
    code = (f"import runpy, sys; runpy.run_path({str(script)!r}, run_name='__mp_main__'); "
            "print(sorted(m for m in ('typer', 'rich', 'borderflow.cli') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_forecast_command_leaves_the_engine_to_its_workers(tmp_path):
    """The forecast's parent process reads the scenario and the posterior and checks every
    parameter name without numba or the engine (importing them cost it ~0.3 s before any
    worker started)."""
    import subprocess
    import sys

    posterior = tmp_path / "posterior.csv"
    posterior.write_text(
        "particle,weight,capacity_scale.upper_lars_dariali,willing_scale.moscow_spb,"
        "pref_country.Kazakhstan,patience_hours\n0,1.0,0.9,1.5,0.4,30\n"
    )
    code = (
        "import sys, borderflow.cli.calibrate\n"
        "from borderflow.forecasting.ensemble import read_posterior, draw_members\n"
        "from borderflow.scenario import load_scenario\n"
        f"post = read_posterior({str(posterior)!r}, load_scenario('russia-2022'))\n"
        "assert len(draw_members(post, 10, 0)[0]) == 10\n"
        "print(sorted(m for m in ('numba', 'borderflow.engine.sim') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
