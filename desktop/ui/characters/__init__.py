"""The characters screen: the library of cards, the gallery, the editor and the chat's header."""

from .editor import CharacterEditor
from .gallery import CharacterDialog
from .header import CharacterHeader
from .library import CharacterLibrary
from .wiring import CharacterWiring, install_characters

__all__ = ["CharacterDialog", "CharacterEditor", "CharacterHeader", "CharacterLibrary", "CharacterWiring",
           "install_characters"]
