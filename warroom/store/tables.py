"""The names of the tables both ways into a SQLite store write by name: the models
(``models.py``) and the direct path (``sqlite/direct.py``)."""

INCIDENT = "incident"
INCIDENT_PRODUCT = "incident_product"
TIMELINE_ENTRY = "timeline_entry"
EVENT = "event"
DRILL_RUN = "drill_run"
