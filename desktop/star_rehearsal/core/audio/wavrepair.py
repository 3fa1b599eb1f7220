"""Fix a WAV whose header was never finalised (the recording process was killed).

soundfile writes the RIFF and data sizes when the file is closed; a killed writer leaves
them at their initial values, so readers see no audio. The samples themselves are on disk:
rewrite both sizes from the file length.
"""

from __future__ import annotations

import struct
from pathlib import Path


def _find_chunk(data: bytes, name: bytes, start: int = 12) -> tuple[int, int] | None:
    pos = start
    while pos + 8 <= len(data):
        chunk, size = data[pos : pos + 4], struct.unpack("<I", data[pos + 4 : pos + 8])[0]
        if chunk == name:
            return pos, size
        if chunk == b"data" and (size in (0, 0xFFFFFFFF) or pos + 8 + size > len(data)):
            return None
        pos += 8 + size + (size & 1)
    return None


def repair_wav(path: Path) -> bool:
    """Rewrite the sizes of a truncated WAV in place. True if the header was changed."""
    path = Path(path)
    total = path.stat().st_size
    with open(path, "r+b") as fh:
        head = fh.read(min(total, 4096))
        if len(head) < 44 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
            raise ValueError(f"{path}: not a WAV file")
        pos = 12
        data_at = None
        while pos + 8 <= len(head):
            chunk = head[pos : pos + 4]
            size = struct.unpack("<I", head[pos + 4 : pos + 8])[0]
            if chunk == b"data":
                data_at = pos
                break
            pos += 8 + size + (size & 1)
        if data_at is None:
            raise ValueError(f"{path}: no data chunk in the header")
        fmt = _find_chunk(head, b"fmt ")
        block_align = struct.unpack("<H", head[fmt[0] + 20 : fmt[0] + 22])[0] if fmt else 2
        payload = total - (data_at + 8)
        payload -= payload % max(1, block_align)  # drop a half-written frame
        riff_size = data_at + 8 + payload - 8
        old_riff = struct.unpack("<I", head[4:8])[0]
        old_data = struct.unpack("<I", head[data_at + 4 : data_at + 8])[0]
        if old_riff == riff_size and old_data == payload:
            return False
        fh.seek(4)
        fh.write(struct.pack("<I", riff_size))
        fh.seek(data_at + 4)
        fh.write(struct.pack("<I", payload))
        fh.truncate(data_at + 8 + payload)
    return True
