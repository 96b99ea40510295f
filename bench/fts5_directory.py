"""The comparison engine for bench/search.py: the same directory in SQLite FTS5 + R-tree."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from resource_directory.search.backend import SearchQuery
from resource_directory.search.geo import bounding_box, haversine_km
from resource_directory.search.opening_hours import minutes
from resource_directory.search.whoosh_schema import hours_text

# Same columns and weights as the Whoosh backend's FIELD_BOOSTS.
TEXT_COLUMNS = {"name": 3.0, "categories": 2.5, "keywords": 2.0, "category_ancestors": 1.0,
                "description": 1.0, "organization": 1.0, "eligibility": 0.6,
                "hours": 0.6, "spoken": 1.0}

SCHEMA = f"""
CREATE TABLE service (rowid INTEGER PRIMARY KEY, id TEXT, city TEXT, free INTEGER,
    minimum_age REAL, maximum_age REAL, latitude REAL, longitude REAL);
CREATE INDEX service_city ON service (city);
CREATE TABLE service_language (service INTEGER, language TEXT);
CREATE INDEX service_language_language ON service_language (language, service);
CREATE TABLE opening (service INTEGER, weekday INTEGER, opens INTEGER, closes INTEGER);
CREATE INDEX opening_service ON opening (service);
CREATE VIRTUAL TABLE service_text USING fts5({", ".join(TEXT_COLUMNS)},
    tokenize = 'porter unicode61');
CREATE VIRTUAL TABLE service_box USING rtree(rowid, min_lat, max_lat, min_lon, max_lon);
"""


class Fts5Directory:
    def __init__(self, path: Path, locate_zip) -> None:
        self.db = sqlite3.connect(path)
        self.locate_zip = locate_zip
        self.db.create_function("distance_km", 4, haversine_km, deterministic=True)

    def rebuild(self, documents) -> None:
        self.db.executescript(SCHEMA)
        with self.db:
            for rowid, d in enumerate(documents, start=1):
                self.db.execute(
                    "INSERT INTO service VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (rowid, d.id, d.city.lower(), int(d.free), d.minimum_age or 0.0,
                     999.0 if d.maximum_age is None else d.maximum_age, d.latitude, d.longitude),
                )
                self.db.executemany("INSERT INTO service_language VALUES (?, ?)",
                                    [(rowid, language) for language in d.languages])
                self.db.executemany(
                    "INSERT INTO opening VALUES (?, ?, ?, ?)",
                    [(rowid, o.weekday, minutes(o.opens), minutes(o.closes)) for o in d.openings],
                )
                self.db.execute(
                    "INSERT INTO service_text (rowid, name, categories, keywords, "
                    "category_ancestors, description, organization, eligibility, hours, spoken) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (rowid, d.name, " ; ".join(d.categories), " ; ".join(d.keywords),
                     " ; ".join(d.category_ancestors), d.description, d.organization,
                     d.eligibility, hours_text(d), " ".join(d.languages)),
                )
                if d.latitude is not None:
                    self.db.execute("INSERT INTO service_box VALUES (?, ?, ?, ?, ?)",
                                    (rowid, d.latitude, d.latitude, d.longitude, d.longitude))

    def search(self, query: SearchQuery):
        """(total, ids of the first page, language counts) for the same filters."""
        words = re.findall(r"\w+", query.text.lower())
        where, params = ["service_text MATCH ?"], [" ".join(f'"{w}"' for w in words)]
        if query.language:
            where.append("s.rowid IN (SELECT service FROM service_language WHERE language = ?)")
            params.append(query.language)
        if query.city:
            where.append("s.city = ?")
            params.append(query.city.lower())
        if query.age is not None:
            where.append("s.minimum_age <= ? AND s.maximum_age >= ?")
            params += [query.age, query.age]
        if query.free:
            where.append("s.free = 1")
        if query.open_now and query.at:
            now = query.at.hour * 60 + query.at.minute
            where.append("EXISTS (SELECT 1 FROM opening o WHERE o.service = s.rowid AND ("
                         "(o.closes > o.opens AND o.weekday = ? AND ? >= o.opens AND ? < o.closes)"
                         " OR (o.closes <= o.opens AND o.weekday = ? AND ? >= o.opens)"
                         " OR (o.closes <= o.opens AND o.weekday = ? AND ? < o.closes)))")
            weekday = query.at.weekday()
            params += [weekday, now, now, weekday, now, (weekday - 1) % 7, now]
        distance = "NULL"
        if query.zip and query.radius_km:
            lat, lon = self.locate_zip(query.zip)
            min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, query.radius_km)
            where.append("s.rowid IN (SELECT rowid FROM service_box WHERE min_lat >= ? AND "
                         "max_lat <= ? AND min_lon >= ? AND max_lon <= ?)")
            params += [min_lat, max_lat, min_lon, max_lon]
            distance = f"distance_km({lat}, {lon}, s.latitude, s.longitude)"
            where.append(f"{distance} <= {query.radius_km}")
        weights = ", ".join(str(weight) for weight in TEXT_COLUMNS.values())
        order = "distance" if query.sort == "distance" else "rank"
        matches = (
            f"SELECT s.rowid AS rowid, s.id AS id, bm25(service_text, {weights}) AS rank, "
            f"{distance} AS distance FROM service_text JOIN service s ON s.rowid = "
            f"service_text.rowid WHERE {' AND '.join(where)}"
        )
        rows = self.db.execute(f"{matches} ORDER BY {order}", params).fetchall()
        page = [row[1] for row in rows[(query.page - 1) * query.per_page:][: query.per_page]]
        rowids = [row[0] for row in rows]
        facets = self.db.execute(
            "SELECT language, count(*) FROM service_language WHERE service IN "
            "(SELECT value FROM json_each(?)) GROUP BY language", (str(rowids),)
        ).fetchall()
        return len(rows), page, dict(facets)
