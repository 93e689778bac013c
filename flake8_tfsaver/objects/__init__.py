"""The TF 2 object model: what a ``tf.train.Checkpoint`` reaches, which optimizer trains what,
where an optimizer may escape to.

May import: ``syntax``, ``catalog``."""
