"""Where Fireside keeps the user's work: SQLite for chats and settings, rotating logs."""

from .database import CorruptDatabase, Database, DatabaseUnavailable, Recovery, open_database
from .paths import database_path, log_dir

__all__ = ["CorruptDatabase", "Database", "DatabaseUnavailable", "Recovery", "database_path", "log_dir", "open_database"]
