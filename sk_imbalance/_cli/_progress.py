"""The progress display of the search: the chooser's own progress lines
(``TradeoffClassifierCV(verbose=1)``), each shown over the last on one line of
a terminal.

The chooser plans the fits of the path it resolved and reports after each fold
the fits done, the time elapsed and an estimate of the time left from the fits
done; the command line only shows what it says.
"""

import contextlib
import io
import threading


class _OneLine(io.TextIOBase):
    """A text stream that shows each complete line over the previous one."""

    def __init__(self, stream):
        self.stream = stream
        self._buffer = ""
        self._width = 0
        self._lock = threading.Lock()

    def writable(self):
        return True

    def write(self, text):
        with self._lock:
            self._buffer += text
            *lines, self._buffer = self._buffer.split("\n")
            for line in lines:
                if line.strip():
                    self._show(line.strip())
        return len(text)

    def _show(self, line):
        self._width = max(self._width, len(line))
        self.stream.write("\r" + line.ljust(self._width))
        self.stream.flush()

    def clear(self):
        if self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()


@contextlib.contextmanager
def _progress(stream, enabled):
    """``verbose`` for the chooser, its stdout lines shown on ``stream``."""
    if not enabled:
        yield 0
        return
    display = _OneLine(stream)
    try:
        with contextlib.redirect_stdout(display):
            yield 1
    finally:
        display.clear()
