"""The parts of ``scripts/benchmark.py``: one measurement or one chore per module."""
