"""Re-render the bundled sample answers from their scripts (maintainers only; needs Piper and ffmpeg):

    python -m mockvoice.samples.render               # every sample
    python -m mockvoice.samples.render decision-1    # only these
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from mockvoice.audio.levels import SAMPLE_RATE
from mockvoice.audio.wav import write_wav
from mockvoice.samples import sample_dir
from mockvoice.samples.scripted import load_script, render


def main(names: list[str]) -> None:
    for script_path in [sample_dir() / f"{n}.toml" for n in names] or sorted(sample_dir().glob("*.toml")):
        samples, rate, _ = render(load_script(script_path))
        with tempfile.TemporaryDirectory() as tmp:
            wav = Path(tmp) / "a.wav"
            write_wav(wav, samples, rate)
            # 16 kHz mono Opus at 24 kbit/s: speech stays clear for Whisper, a 2-minute answer is ~350 KB
            subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-i", str(wav), "-ar", str(SAMPLE_RATE),
                            "-ac", "1", "-c:a", "libopus", "-b:a", "24k", str(script_path.with_suffix(".ogg"))],
                           check=True)
        print(script_path.with_suffix(".ogg").name, f"{len(samples) / rate:.1f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
