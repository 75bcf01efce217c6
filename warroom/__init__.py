"""warroom: a terminal war-room console for running live incidents."""

__version__ = "0.1.0"
