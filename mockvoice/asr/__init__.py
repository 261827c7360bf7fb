"""Speech to timed words with faster-whisper, offline: one window (transcribe), a recording of any
length window by window (windowed), and an answer while it is being spoken (live)."""
