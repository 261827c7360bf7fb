"""Audio in and out, 16 kHz mono float32 throughout: files decoded block by block (decode), PCM16 and
WAV files with the crash-safe writer and its repair (wav), the one place for signal levels — dB, RMS,
the voice, quiet spans, the silence that ends an answer (levels) — where to cut speech for Whisper
(chunking), where a take's audio comes from: microphone or file (sources), and a take's lifecycle from
start to a stop condition, Enter included (recorder)."""
