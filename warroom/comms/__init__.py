"""Comms: drafts, templates and gates (pure); sending (records, then delivers); delivery."""
