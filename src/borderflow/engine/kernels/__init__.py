"""The numba kernels of the step loop, one file a phase of the step (see `step`)."""

from borderflow.engine.kernels.step import run_steps, slots_needed

__all__ = ["run_steps", "slots_needed"]
