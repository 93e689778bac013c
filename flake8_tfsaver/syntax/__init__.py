"""The astroid tree of the linted file (every private astroid use is in ``astroid_private``),
name lookup and the shared call / ``self`` helpers.

May import: ``catalog``."""
