"""Stories of incidents played through the services: the demo's sample incidents."""
