"""Pure analysis of a timed transcript, no I/O: the data passed between stages (model), text features
(text), every threshold with its source (thresholds), STAR segmentation (star), pace, pauses and
fillers (pacing), what is missing or weak (findings), and all of them together (analyze)."""
