"""Stage 2: the clause library.

One clause file, a library folder, its version (git or library.yaml), the versions lock, and
precompiling the shipped library.
"""
