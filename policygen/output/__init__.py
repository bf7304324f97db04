"""Stage 5: output.

A build end to end, the manifest, and writing an output folder all at once.
"""
