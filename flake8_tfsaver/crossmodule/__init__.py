"""The project view: what the other modules of the linted file's own project provide.

In four parts: ``roots`` (where the project's imports come from), ``info`` + ``cache`` (each
module read and parsed once per process, with ``ast`` only), ``view`` (one file's questions about
names and calls) and ``summarise`` (what a project function, class or method does in its caller's
graph, made by running the graph model on that module; the data is ``graph.summary``).

May import: ``graph``, ``syntax``, ``catalog``; all but ``summarise`` stay astroid-free, so the
pre-filter can ask whether a file reaches TensorFlow through its project without loading astroid."""
