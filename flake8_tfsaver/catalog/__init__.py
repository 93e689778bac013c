"""The catalog of TensorFlow API names: how spellings map to canonical names (``spelling``), the
TF 1 names (``tf1``), the TF 2 names (``tf2``) and the pre-filter's text triggers (``text``).

May import: nothing of the package (plain data and string functions; no astroid)."""
