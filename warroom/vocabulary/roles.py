"""The handbook's roles on an incident. Custom role names are allowed beside these."""

from __future__ import annotations

INCIDENT_MANAGER = "Incident manager"
TECH_LEAD = "Tech lead"
COMMS_MANAGER = "Communications manager"

# The handbook's roles, in the order the board lists them; custom names are allowed too.
KNOWN_ROLES = (
    INCIDENT_MANAGER,
    "Deputy incident manager",
    TECH_LEAD,
    COMMS_MANAGER,
    "Internal comms",
    "External comms",
    "Customer support lead",
    "Social media lead",
    "Root-cause analyst",
    "Scribe",
)
ROLE_ALIASES = {
    "im": INCIDENT_MANAGER,
    "imoc": INCIDENT_MANAGER,
    "tl": TECH_LEAD,
    "comms": COMMS_MANAGER,
    "cm": COMMS_MANAGER,
    "comms manager": COMMS_MANAGER,
    "deputy im": "Deputy incident manager",
    "problem manager": "Root-cause analyst",
}
