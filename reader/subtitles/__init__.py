"""Subtitle pairs (.srt/.vtt): read, aligned by time and text, stored with the time range of every cue."""
