"""Delivery: how a sent message leaves the building. One adapter a module, each behind the
small interface in ``base.py``; an adapter is imported only when a message goes its way."""
