"""mockvoice: an offline, voice-based behavioral mock interviewer."""
__version__ = "0.1.0"

import os as _os

# Private by construction: onnxruntime (Silero VAD in faster-whisper, and Piper) 1.32 on Linux keeps
# a device id and a telemetry queue under ~/.cache/Microsoft and uploads it when online; this opts
# out before it is loaded (nothing is created or sent). Hugging Face Hub: no telemetry either.
_os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
_os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
