"""The guided questions, independent of the diary, below the command layer.

- ``engine.py``: which question comes next and what the answers add up to (pure).
- ``screens.py``: the intro, a question, the result, the summary as documents (pure).
- ``session.py``: asking the person (through ``msback.prompting``), reading an answers
  file, and saving the summary.
"""
