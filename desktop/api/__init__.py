"""The local HTTP API (KoboldAI- and OpenAI-compatible) that other front ends use."""
