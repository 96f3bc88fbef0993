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
