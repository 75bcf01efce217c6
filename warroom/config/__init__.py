"""Configuration: the organisation's catalog and the user's settings."""
