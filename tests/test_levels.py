"""Pauses measured on the signal against the recording's own noise floor, from a clean studio to a
noisy room and a telephone line: synthetic speech-like sound, so these run anywhere."""
import numpy as np
import pytest

from mockvoice.audio.levels import SAMPLE_RATE, FrameLevels, quiet_spans

RNG = np.random.default_rng(7)


def syllables(seconds: float, f0: float = 120.0) -> np.ndarray:
    """Voiced sound like running speech: 180 ms syllables of a harmonic tone, 40 ms apart."""
    t = np.arange(int(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    tone = sum(np.sin(2 * np.pi * f0 * k * t) / k for k in range(1, 25) if f0 * k < 3500)
    envelope = ((t % 0.22) < 0.18).astype(float)
    return (0.1 * tone * envelope).astype(np.float32)


def answer(pauses: list[float]) -> tuple[np.ndarray, list[tuple[float, float]]]:
    """1.5 s of speech between pauses of the given lengths, 0.5 s of silence around; the pauses' spans."""
    pieces, spans, t = [np.zeros(SAMPLE_RATE // 2, dtype=np.float32)], [], 0.5
    for pause in pauses + [None]:
        pieces.append(syllables(1.5))
        t += 1.5
        if pause is not None:
            pieces.append(np.zeros(int(pause * SAMPLE_RATE), dtype=np.float32))
            spans.append((t, t + pause))
            t += pause
    pieces.append(np.zeros(SAMPLE_RATE // 2, dtype=np.float32))
    return np.concatenate(pieces), spans


def pink(n: int) -> np.ndarray:
    freqs = np.fft.rfftfreq(n, 1 / SAMPLE_RATE)
    noise = np.fft.irfft((RNG.standard_normal(len(freqs)) + 1j * RNG.standard_normal(len(freqs)))
                         / np.sqrt(np.maximum(freqs, 20)), n)
    return (noise / np.sqrt(np.mean(noise ** 2))).astype(np.float32)


def noisy(audio: np.ndarray, snr_db: float) -> np.ndarray:
    speech = audio[np.abs(audio) > 1e-3]
    return audio + pink(len(audio)) * np.sqrt(np.mean(speech ** 2) / 10 ** (snr_db / 10))


def telephone(audio: np.ndarray) -> np.ndarray:
    spectrum = np.fft.rfft(audio)
    freqs = np.fft.rfftfreq(len(audio), 1 / SAMPLE_RATE)
    spectrum[(freqs < 300) | (freqs > 3400)] = 0
    return np.fft.irfft(spectrum, len(audio)).astype(np.float32)


def pauses_of(audio: np.ndarray, min_s: float = 0.25) -> list[tuple[float, float]]:
    inside = [(p.start, p.end) for p in quiet_spans(audio) if 0.6 < p.start and p.end < len(audio) / SAMPLE_RATE - 0.6]
    return [p for p in inside if p[1] - p[0] >= min_s]


@pytest.mark.parametrize("condition", ["clean", "noisy room", "telephone"])
def test_every_pause_is_found_once_in_clean_and_noisy_audio(condition):
    audio, truth = answer([0.3, 0.42, 0.8, 2.5])
    heard = {"clean": audio, "noisy room": noisy(audio, 12), "telephone": telephone(noisy(audio, 20))}[condition]
    found = pauses_of(heard)
    assert len(found) == len(truth), found
    for (start, end), (true_start, true_end) in zip(found, truth):
        assert abs(start - true_start) < 0.1 and abs(end - true_end) < 0.1


def test_one_loud_frame_does_not_split_a_pause():
    """A 0.42 s pause with a click in it (one 20 ms frame, 29 dB under the speech) stays one pause."""
    audio, truth = answer([0.42])
    start = int((truth[0][0] + 0.2) * SAMPLE_RATE) // 320 * 320
    audio[start:start + 320] = 0.1 * 10 ** (-29 / 20) * np.sign(RNG.standard_normal(320))
    found = pauses_of(audio)
    assert len(found) == 1 and found[0][1] - found[0][0] >= 0.36


def test_room_noise_before_the_first_word_is_not_voice():
    audio, _ = answer([0.5])
    lead = np.zeros(3 * SAMPLE_RATE, dtype=np.float32)
    heard = noisy(np.concatenate([lead, audio]), 10)
    first = [p for p in quiet_spans(heard) if p.start == 0.0]
    assert first and first[0].end >= 3.3  # the 3 s of room noise and the 0.5 s lead-in are quiet


def test_frame_levels_gathered_block_by_block_agree_with_the_whole():
    audio, _ = answer([0.3, 1.0])
    heard = noisy(audio, 15)
    levels = FrameLevels()
    for i in range(0, len(heard), 3001):  # blocks that are not whole frames
        levels.push(heard[i:i + 3001])
    assert levels.quiet() == quiet_spans(heard)
