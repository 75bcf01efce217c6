"""The store: tables, schema versions, and the engines that keep them."""
