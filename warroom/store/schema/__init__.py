"""The store's schema for every engine: its versions (``versions.py``, in Alembic's
operations) and how a store is brought up to date (``migrate.py``).

``CURRENT_VERSION`` is known without importing Alembic (about 100 ms): opening a store that
is up to date only compares numbers. ``migrate.py`` checks it against ``versions.py``.
"""

CURRENT_VERSION = 11
