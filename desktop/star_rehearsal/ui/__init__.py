"""PySide6 views and workers."""
