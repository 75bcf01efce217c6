"""The words of the incident process, each defined once: plain data, no I/O."""
