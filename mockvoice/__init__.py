"""mockvoice: an offline, voice-based behavioral mock interviewer.

Stages, one sub-package each, data flowing one way: audio (decode, record, levels, cut) → asr (speech to
timed words) → analysis (pure: STAR parts, pace, findings) → report (terminal, JSON, Markdown, HTML);
interview runs them as a mock interview. Beside them: store (sessions on disk), pipeline (file or take
→ analysis), cli, doctor, paths (the cache folder), progress (a spinner), samples (demo answers)."""
__version__ = "0.1.0"

import os as _os

# Private by construction: onnxruntime (Silero VAD in faster-whisper, and Piper) 1.32 on Linux keeps
# a device id and a telemetry queue under ~/.cache/Microsoft and uploads it when online; this opts
# out before it is loaded (nothing is created or sent). Hugging Face Hub: no telemetry either.
_os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
_os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
