"""The topics and the guide: their shape, their files and rules, and how they are found.

- ``models.py``: the shape of the content (msgspec Structs), defined once.
- ``files.py``: finding, reading and validating the YAML files.
- ``rules.py``: the numbered lint rules (MSB001...) and loading a checked library.
- ``compiled.py``: the one file format of validated content (the wheel's, and the cache's).
- ``cache.py``: where the cache lives, kept private and fresh.
- ``store.py``: where content comes from at run time.
- ``lookup.py``: names, typo suggestions and search.
"""
