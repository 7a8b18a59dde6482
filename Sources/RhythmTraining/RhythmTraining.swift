// The RhythmTraining module; its types arrive with its issue.
