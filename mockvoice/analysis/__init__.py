"""Pure analysis of a timed transcript, no I/O: the data passed between stages (model), text features
(text), linguistic evidence per sentence (features), every threshold with its source (thresholds),
STAR segmentation (star), whether it is a story at all (story), pace, pauses and fillers (pacing),
what is missing or weak (findings), the story checklists item by item (checklists), a story's notes
against what was said (notes), which stories are ready (readiness), and all of them together (analyze)."""
