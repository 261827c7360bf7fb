"""Test doubles shared by the recorder and WAV tests."""
from mockvoice.audio.wav import HEADER_SIZE


class FullDisk:
    """Wraps a raw file: write() accepts `room` more bytes (a short write at the edge), then raises
    ENOSPC like a full disk. Header rewrites (seeks back) go through untouched."""

    def __init__(self, raw, room: int) -> None:
        self.raw, self.room = raw, room

    def write(self, data) -> int:
        if self.raw.tell() < HEADER_SIZE:  # rewriting header fields needs no new space
            return self.raw.write(data)
        if self.room <= 0:
            raise OSError(28, "No space left on device")
        n = self.raw.write(bytes(data[:self.room]))
        self.room -= n
        return n

    def __getattr__(self, name):
        return getattr(self.raw, name)
