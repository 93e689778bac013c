"""The TF 1 graph model: what runs in which graph, in order (events, frames, the walk that
records them, control flow, summaries of calls into other modules and their replay).

May import: ``syntax``, ``catalog``.  ``summary`` imports nothing (the pre-filter reads it)."""
