"""The guided questions: the engine that walks the guide and ranks the options (pure,
``engine.py``), and asking the person and saving the summary (``session.py``)."""
