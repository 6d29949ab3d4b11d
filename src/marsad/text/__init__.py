"""Arabic text machinery: pure functions, no I/O beyond packaged data files."""
