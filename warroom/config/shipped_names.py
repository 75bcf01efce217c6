"""The shipped catalog's names, for the command line's direct path to check a
declaration against without loading the catalog's model. Written by
scripts/freeze_direct.py; do not edit: tests/test_direct_declare.py fails when they differ
from the catalog's.
"""

from warroom.config.plain import CatalogNames

SHIPPED = CatalogNames(
    key_prefix="HOT",
    service_names=(
        "Repos Web",
        "Git Storage",
        "CI Runners",
        "Tracker App",
        "Wiki App",
        "Chat Gateway",
        "Status Page Hosting",
        "Email Delivery",
        "Identity",
        "Billing",
        "Primary Database",
        "Search",
        "Edge and CDN",
    ),
    product_names=("Repos", "Pipelines", "Tracker", "Wiki", "Chat", "Status Pages"),
)
