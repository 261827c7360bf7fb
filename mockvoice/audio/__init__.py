"""Audio in and out: files decoded to 16 kHz mono blocks (decode), the crash-safe WAV writer and its
repair (wav), signal levels and quiet spans (levels), where to cut speech for Whisper (chunking), and
recording a take from a source — microphone, file or stdin — to disk (recorder)."""
