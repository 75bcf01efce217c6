"""The embedded store: one SQLite file, shared by every console and script on the machine."""
