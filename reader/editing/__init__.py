"""The translator's alignment editor: operations with history, undo and version checks."""
