"""Directory search: a backend interface, the Whoosh default, and the documents it indexes."""
