"""STAR Rehearsal: rehearse interview answers out loud, scored locally against your own stories."""

__version__ = "0.1.0"
