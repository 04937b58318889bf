"""Crosscheck: finds where news sources disagree, and publishes it with Pelican.

The analysis modules import nothing from Pelican; only ``pelican_glue`` does,
and it is loaded when Pelican calls ``register()``.
"""


def register() -> None:
    from .pelican_glue import register as connect_signals

    connect_signals()
