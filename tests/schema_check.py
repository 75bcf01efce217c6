"""Whether a store's schema, as its database reports it, is exactly the models' — on any
engine: columns and their nullability, indexes, unique constraints and foreign keys."""

from __future__ import annotations

from sqlalchemy import UniqueConstraint, inspect
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

# The engine's own bookkeeping, not a model: PostgreSQL keeps the schema's version here.
BOOKKEEPING = {"warroom_schema"}


def differences(engine: Engine) -> list[str]:
    """What differs, in words; empty when the schema is the models'."""
    found = inspect(engine)
    said: list[str] = []
    tables = set(found.get_table_names()) - BOOKKEEPING
    if tables != set(SQLModel.metadata.tables):
        said.append(f"tables: {sorted(tables ^ set(SQLModel.metadata.tables))}")
    for table in SQLModel.metadata.sorted_tables:
        if table.name not in tables:
            continue
        columns = {c["name"]: c["nullable"] for c in found.get_columns(table.name)}
        wanted = {c.name: c.nullable for c in table.columns}
        if columns != wanted:
            said.append(f"{table.name} columns: {columns} != {wanted}")
        indexes = {
            i["name"]
            for i in found.get_indexes(table.name)
            if not i.get("duplicates_constraint")  # PostgreSQL: a unique constraint's index
        }
        if indexes != {i.name for i in table.indexes}:
            said.append(f"{table.name} indexes: {indexes} != {[i.name for i in table.indexes]}")
        unique = {frozenset(u["column_names"]) for u in found.get_unique_constraints(table.name)}
        wanted_unique = {
            frozenset(c.name for c in u.columns)
            for u in table.constraints
            if isinstance(u, UniqueConstraint)
        } | {frozenset([c.name]) for c in table.columns if c.unique}
        if unique != wanted_unique:
            said.append(f"{table.name} unique: {unique} != {wanted_unique}")
        keys = {
            (tuple(f["constrained_columns"]), f["referred_table"], tuple(f["referred_columns"]))
            for f in found.get_foreign_keys(table.name)
        }
        wanted_keys = {
            (
                tuple(c.name for c in f.columns),
                f.referred_table.name,
                tuple(e.column.name for e in f.elements),
            )
            for f in table.foreign_key_constraints
        }
        if keys != wanted_keys:
            said.append(f"{table.name} foreign keys: {keys} != {wanted_keys}")
    return said
