"""mockvoice: an offline, voice-based behavioral mock interviewer."""
__version__ = "0.1.0"
