"""Conversations as the user sees them: messages with swipes, independent of Qt and llama.cpp."""

from .conversation import Conversation, Message, Swipe

__all__ = ["Conversation", "Message", "Swipe"]
