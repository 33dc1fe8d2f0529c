"""Every string the virtual ASA prints, tagged as the reference tags it.

[C] confirmed, [S] single source, [I] inference, [NF] nobody has seen it: a guess, listed in
docs/hardware-sim.md as an open question.
"""
