"""Everything without Qt: deck parsing, audio, transcription, scoring, the takes store."""
