"""The astroid tree of the linted file (every private astroid use is in ``astroid_private``),
name lookup, the shared call / ``self`` helpers, the one way to say "not known" (``answers``)
and what the models may ask the project (``project_questions``).

May import: ``catalog``."""
