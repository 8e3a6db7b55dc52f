"""The topics and the guide as data: their shape, files and rules, and how they are found.

Below the guide and the diary; above the ground floor. Never prints or prompts.

- ``models.py``: the shape of the content (msgspec Structs), defined once.
- ``files.py``: finding, reading and validating the YAML files.
- ``rules.py``: the numbered lint rules (MSB001...) and loading a checked library.
- ``safety.py``: the answer words and the warning signs, shared by the guide and the
  red-flags topic; the one "not a diagnosis" sentence.
- ``compiled.py``: the one file format of validated content (the wheel's, and the cache's).
- ``cache.py``: where the lookup cache lives, kept private and fresh.
- ``store.py``: where content comes from at run time.
- ``lookup.py``: names, typo suggestions and search.
- ``pages.py``: topics, the list and search results as documents and JSON.
"""
