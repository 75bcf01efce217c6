"""The handbook's rules: declaring, roles, assessment, the timeline, paging, reading an incident."""
