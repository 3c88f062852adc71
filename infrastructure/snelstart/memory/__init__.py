"""The in-memory SnelStart administration (the tests' fake) and its file-backed variant."""
from infrastructure.snelstart.memory.administration import MemoryAdministration
from infrastructure.snelstart.memory.errors import SnelStartRefused
from infrastructure.snelstart.memory.file_administration import FileAdministration

__all__ = ["FileAdministration", "MemoryAdministration", "SnelStartRefused"]
